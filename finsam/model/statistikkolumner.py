"""A statistics table's columns as typed (form: kolumner): counts, percentages the source
published (checked against the counts they are of), amounts in kronor, participants against
a budgeted number ("330/333") and text (a survey's answers).

Each row is typed as one value per column; this module reads each value by its column's type
and checks the published percentages. Sums and the sum row's percentages are computed.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ..common.errors import Problem
from .fields import Model, format_number, parse_amount

Kolumntyp = Literal["antal", "procent", "kronor", "mot_budget", "text"]


class Statistikkolumn(Model):
    """A typed column: what its values are and, for a percentage, what it is a share of."""

    namn: str
    typ: Kolumntyp = "antal"
    # procent: [täljare, nämnare] (a column's count as a share of another's, row by row) or
    # [kolumn] (the row's count as a share of the column's total).
    procent_av: list[str] = Field(default=[], max_length=2)
    decimaler: int = Field(default=0, ge=0, le=1)  # procent: decimals shown (and checked)


@dataclass(frozen=True)
class MotBudget:
    """Participants (or any count) against the budgeted number: shown as 330/333."""

    utfall: int
    budget: int

    def __str__(self) -> str:
        return f"{self.utfall}/{self.budget}"

    def __add__(self, other: MotBudget) -> MotBudget:
        return MotBudget(self.utfall + other.utfall, self.budget + other.budget)


Cell = int | Decimal | str | MotBudget | None


def column_spec(column: str | Statistikkolumn) -> Statistikkolumn:
    """A column typed as a plain name is a count."""
    return column if isinstance(column, Statistikkolumn) else Statistikkolumn(namn=column)


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("ska vara ett antal (ett heltal)")
    if value < 0:
        raise ValueError("är negativt")
    return value


def _number(value: Any) -> Decimal:
    if isinstance(value, float):
        raise ValueError(f"skriv {str(value).replace('.', ',')} med decimalkomma, inom "
                         "citattecken")
    try:
        return parse_amount(value)
    except ValueError as error:
        raise ValueError(str(error)) from None


def _against_budget(value: Any) -> MotBudget:
    if isinstance(value, str) and value.count("/") == 1:
        value = value.split("/")
    if isinstance(value, list) and len(value) == 2:
        try:
            return MotBudget(_count(int(str(value[0]).strip())), _count(int(str(value[1]).strip())))
        except ValueError:
            pass
    raise ValueError("ska vara antal mot budget, t.ex. \"330/333\" eller [330, 333]")


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise ValueError("ska vara en text")
    return "" if value is None else str(value)


_READ: dict[str, Callable[[Any], Cell]] = {"antal": _count, "procent": _number, "kronor": _number,
         "mot_budget": _against_budget, "text": _text}


def read_cell(column: Statistikkolumn, value: Any) -> Cell:
    """A typed value as its column's type (ValueError: what is wrong with it, in Swedish)."""
    if value is None and column.typ != "text":
        return None  # an empty cell
    return _READ[column.typ](value)


def cell_problems(table: str, columns: Sequence[Statistikkolumn], label: str,
                  values: Sequence[Any], path: Path, line: int | None) -> list[Problem]:
    """Each value of a typed row that its column cannot read."""
    problems = []
    for column, value in zip(columns, values, strict=True):
        try:
            read_cell(column, value)
        except ValueError as error:
            problems.append(Problem(
                f"Raden '{label}' i tabellen {table}: värdet '{value}' i kolumnen "
                f"'{column.namn}' {error}.", path, line,
                f"skriv ett värde av kolumnens typ ({column.typ}), eller null för en tom ruta."))
    return problems


def column_problems(table: str, columns: Sequence[Statistikkolumn], path: Path,
                    line: int | None) -> list[Problem]:
    """A percentage says what it is a share of, by the names of count columns."""
    names = {c.namn: c for c in columns}
    problems = []
    for column in columns:
        if column.typ != "procent":
            if column.procent_av:
                problems.append(Problem(
                    f"Kolumnen '{column.namn}' i tabellen {table} har 'procent_av' men är "
                    f"av typen {column.typ}.", path, line, "skriv 'typ: procent', eller ta "
                    "bort 'procent_av'."))
            continue
        wrong = [n for n in column.procent_av if n not in names or names[n].typ != "antal"]
        if not column.procent_av or wrong:
            counts = ", ".join(c.namn for c in columns if c.typ == "antal") or "inga"
            problems.append(Problem(
                f"Andelen '{column.namn}' i tabellen {table} behöver 'procent_av' med "
                "antalskolumner: [täljare, nämnare] eller [kolumn]"
                + (f"; '{wrong[0]}' är ingen antalskolumn." if wrong else "."), path, line,
                f"t.ex. procent_av: [Nöjda, Svarande]. Antalskolumner i tabellen: {counts}."))
    return problems


def exact_percent(column: Statistikkolumn, row: dict[str, Cell],
                  totals: dict[str, Cell]) -> tuple[Decimal, str] | None:
    """What a percentage column is on a row, exactly, and in words (None: no base)."""
    first = row.get(column.procent_av[0])
    if len(column.procent_av) == 2:
        base, of = row.get(column.procent_av[1]), f"{column.procent_av[1]} {{b}}"
    else:
        base, of = totals.get(column.procent_av[0]), "kolumnens summa {b}"
    if not isinstance(first, int) or not isinstance(base, int) or base == 0:
        return None
    words = f"{column.procent_av[0]} {first} av {of.format(b=base)}"
    return Decimal(first) * 100 / base, words


def percent_problem(table: str, column: Statistikkolumn, label: str, typed: Decimal,
                    exact: Decimal, words: str, path: Path, line: int | None
                    ) -> Problem | None:
    """A published percentage may differ from the exact one by half a unit of its last
    shown decimal (it was rounded), never more."""
    step = Decimal(1).scaleb(-column.decimaler)
    if typed != typed.quantize(step):  # 85,6 shown with no decimal would read 86 %
        return Problem(
            f"Andelen '{column.namn}' på raden '{label}' i tabellen {table} är skriven som "
            f"{format_number(typed)} %, med fler decimaler än kolumnen visar "
            f"({column.decimaler}).", path, line,
            f"skriv andelen så som den publicerades, eller 'decimaler: "
            f"{-int(typed.normalize().as_tuple().exponent)}' på kolumnen.")
    if abs(typed - exact) <= step / 2:
        return None
    shown = exact.quantize(step, rounding=ROUND_HALF_UP)
    return Problem(
        f"Andelen '{column.namn}' på raden '{label}' i tabellen {table} är skriven som "
        f"{format_number(typed)} %, men {words} ger {format_number(shown)} % "
        f"({format_number(exact.quantize(Decimal('0.001')))} %); en publicerad andel får "
        f"avvika högst en halv enhet i sista visade decimalen.", path, line,
        "rätta andelen eller antalen, så som källan har dem.")
