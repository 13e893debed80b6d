"""Statistics tables (content/<år>/<dokument>/statistik.yaml): counts typed by hand in
reports, per row and column; sums and shares are computed."""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ..common.errors import Problem, attempt
from ..load.project import RawFile
from .fields import Model
from .kontoplan import sum_id
from .statistikkolumner import (
    Cell,
    Statistikkolumn,
    cell_problems,
    column_problems,
    column_spec,
    exact_percent,
    percent_problem,
    read_cell,
)
from .typed import validate


class Diagramval(Model):
    """A chart of a statistics table, from its own figures: bars (a group per row), bars
    stacked, or lines (a point per row), one series per chosen column."""

    typ: Literal["stapel", "staplad", "linje"] = "stapel"
    kolumner: list[str] = []  # the series (standard: every column of counts or kronor)
    rubrik: str = ""  # standard: the table's


class Statistiktabell(Model):
    """A table of counts typed by hand in reports (participants by reason for leaving and
    gender, by level of education …): counts per row and column; sums and shares computed."""

    rubrik: str
    kalla: str = ""  # where the figures come from (SUS …), said under the table
    radrubrik: str = ""  # the heading of the row labels ("Avslutsanledning")
    # The parts of each row: ["Kvinna", "Man"]; in the form kolumner each may be typed
    # (statistikkolumner.py): {namn: Andel nöjda, typ: procent, procent_av: [Nöjda, Svarande]}.
    kolumner: list[str | Statistikkolumn]
    kolumnrubrik: str = "Kön"  # in the long form: the heading of the column names
    enhet: str = "Antal"  # the heading of the counts ("Antal deltagare")
    rader: dict[str, list[Any]] = {}  # counts; in the form kolumner, a value per column
    radrubriker: dict[str, str] = {}  # a row's shown text where it is not its name
    summera: bool = False  # the form kolumner: a sum row (summarad) under the rows
    # bred: a column per part, Totalt and Andel; lang: a row per row and part (as SUS
    # reports), parts with 0 left out; per_grupp: rows under groups (kön → försörjningskälla),
    # each column with its share of its own base (`bas`: e.g. the participants before and
    # after, when one participant can have several sources), and the change between them.
    # kolumner: the columns as typed (counts, published percentages, kronor, against budget,
    # text), and a sum row if asked (summera).
    form: Literal["bred", "lang", "per_grupp", "kolumner"] = "bred"
    grupper: dict[str, dict[str, list[int | None]]] = {}  # per_grupp: group → row → counts
    grupprubrik: str = ""  # per_grupp: the heading of the rows within a group
    bas: list[int] = []  # per_grupp: the whole each column's shares are of
    forandring: bool = False  # per_grupp: last column less the first, and in percent
    # The change in percent: rounded half up, or toward zero (as SUS reports it).
    forandring_avrundning: Literal["halv_upp", "mot_noll"] = "halv_upp"
    kolumnsummor: bool = False  # in the long form: a "Totalt" row per part first
    summarad: str = "Totalt"
    andel_decimaler: int = Field(default=1, ge=0, le=1)
    # storsta_rest: shares add up to exactly 100 % (largest remainder); var_for_sig: each
    # share rounded half up on its own (as some systems report; the sum may be off a tenth).
    avrundning: Literal["storsta_rest", "var_for_sig"] = "storsta_rest"
    totalt: int | None = None  # the whole as reported: checked against the sum of the rows
    diagram: Diagramval | None = None  # a chart of the table: [[diagram-<namn>]]

    @property
    def kolumnnamn(self) -> list[str]:
        return [column_spec(c).namn for c in self.kolumner]

    @property
    def kolumntyper(self) -> list[Statistikkolumn]:
        return [column_spec(c) for c in self.kolumner]

    def shown_label(self, name: str) -> str:
        return self.radrubriker.get(name, name)

    def chart_columns(self) -> list[str]:
        """The typed columns a chart draws: those it names, or the amounts, or the counts."""
        if self.diagram and self.diagram.kolumner:
            return list(self.diagram.kolumner)
        specs = self.kolumntyper
        return ([c.namn for c in specs if c.typ == "kronor"]
                or [c.namn for c in specs if c.typ == "antal"])

    def typed_rows(self) -> dict[str, list[Cell]]:
        """Each row's values as its columns' types (the form kolumner; checked already)."""
        columns = self.kolumntyper
        return {label: [read_cell(c, v) for c, v in zip(columns, values, strict=True)]
                for label, values in self.rader.items()}

    def sum_of_the_others(self) -> int | None:
        """The column that equals the sum of at least two others on every row (the source's
        own total copied as a column), with some row that has two of them non-zero (so that
        it is no coincidence of a single column); None if there is none."""
        width = len(self.kolumnnamn)
        rows = self._count_rows(width)
        if width < 3 or not rows:
            return None
        return next((index for index in range(width) if _sums_the_others(rows, index)), None)

    def _count_rows(self, width: int) -> list[list[int]]:
        """Every row of counts (rows and groups' rows) of the table's width, None as 0."""
        typed: list[Sequence[Any]] = [
            *self.rader.values(),
            *(counts for group in self.grupper.values() for counts in group.values())]
        return [[count or 0 for count in counts] for counts in typed if len(counts) == width
                and all(isinstance(c, int) or c is None for c in counts)]


def _sums_the_others(rows: list[list[int]], index: int) -> bool:
    """Column `index` is the sum of the others on every row, two of them non-zero on one."""
    others = [i for i in range(len(rows[0])) if i != index]
    return all(row[index] == sum(row[i] for i in others) for row in rows) and any(
        sum(1 for i in others if row[i]) >= 2 for row in rows)


SUM_LABELS = ("totalt", "summa", "slutsumma", "total", "sammanlagt")


def name_of(text: str) -> str:
    """The name narrative writes for a table, row or column (render/statistiknamn.py), as
    it writes a statement's sums: lower case, å ä ö as a a o, every run of other characters
    than a–z and digits as one _ ("Andel nöjda" → andel_nojda)."""
    return sum_id(str(text))


def _same_names(name: str, model: Statistiktabell, path: Path,
                where: Callable[..., int | None]) -> list[Problem]:
    """Two rows (or two columns) whose names in narrative are one would hide a figure."""
    problems = []
    levels: list[tuple[str, list[str], tuple[str, ...]]] = [
        ("Raderna", list(model.rader), ("rader",)),
        ("Kolumnerna", model.kolumnnamn, ("kolumner",)),
        ("Grupperna", list(model.grupper), ("grupper",))]
    levels += [("Raderna", list(lines), ("grupper", group))
               for group, lines in model.grupper.items()]
    for kind, labels, key in levels:
        seen: dict[str, str] = {}
        for label in labels:
            first = seen.setdefault(name_of(label), label)
            if first != label and name_of(label):
                problems.append(Problem(
                    f"{kind} '{first}' och '{label}' i tabellen {name} får samma namn i "
                    f"texten ({name_of(label)}).", path, where(*key),
                    "skilj dem åt med en bokstav eller siffra (skiljetecken och stora "
                    "bokstäver räknas inte)."))
    return problems


def statistics_tables(source: RawFile, problems: list[Problem]) -> dict[str, Statistiktabell]:
    """statistik.yaml: each table typed and checked (a row per label with a count per
    column; no typed sum rows). Sums typed as columns or as a whole are the rules'
    (model/consistency.py)."""
    if not isinstance(source.data, dict):
        problems.append(Problem("Filen ska ha en tabell per namn: 'namn: {rubrik: …, …}'.",
                                source.path, 1, "se docs/statistik.md."))
        return {}
    tables = {}
    for name, data in source.data.items():
        model = attempt(problems, validate, Statistiktabell,
                        data if isinstance(data, dict) else None, source.path)
        if model is not None:
            problems.extend(_table_problems(name, model, source))
            tables[str(name)] = model
    return tables


def _table_problems(name: Any, model: Statistiktabell, source: RawFile) -> list[Problem]:
    """A table's name can be placed, and its rows (or groups) are counts per column."""
    where = functools.partial(source.line, name)
    problems = []
    if not re.fullmatch(r"[a-z0-9-]+", str(name)):
        problems.append(Problem(f"Tabellnamnet '{name}' går inte att placera.", source.path,
                                where(), "använd små bokstäver a–z, siffror och "
                                "bindestreck, t.ex. avslutsanledning-2020."))
    problems += [Problem(f"'radrubriker' i tabellen {name} nämner raden '{row}', som inte "
                         "finns.", source.path, where("radrubriker", row),
                         "skriv radens namn så som det står under 'rader'.")
                 for row in model.radrubriker if row not in model.rader]
    problems += [Problem(f"Raden '{row}' i tabellen {name} visas som '{text}', en summa; "
                         "summor räknas ut.", source.path, where("radrubriker", row),
                         "ge raden en text som inte är en summa (eller skriv 'summera: "
                         "true' för en uträknad summarad).")
                 for row, text in model.radrubriker.items() if is_sum_label(text)]
    problems += _chart_problems(str(name), model, source.path, where)
    problems += _same_names(str(name), model, source.path, where)
    if model.form == "kolumner":
        return problems + typed_table_problems(str(name), model, source.path, where)
    if typed := [c.namn for c in model.kolumntyper if c.typ != "antal" or c.procent_av]:
        problems.append(Problem(
            f"Kolumnen '{typed[0]}' i tabellen {name} har en typ, men bara tabeller med "
            "'form: kolumner' har typade kolumner.", source.path, where("kolumner"),
            "skriv 'form: kolumner', eller bara kolumnens namn."))
    for label, counts in model.rader.items():
        problems.extend(_row_problems(str(name), model, label, counts, source.path,
                                      where("rader", label))
                        or [Problem(f"Raden '{label}' i tabellen {name} har en tom ruta (null).",
                                    source.path, where("rader", label), "skriv 0 för inget.")
                            for _ in counts[:1] if None in counts])
    if model.form == "per_grupp":
        problems.extend(_grouped_problems(str(name), model, source, where))
    elif not model.rader:
        problems.append(Problem(f"Tabellen {name} har inga rader.", source.path, where(),
                                "skriv 'rader:' med ett antal per kolumn."))
    return problems


def is_sum_label(label: str) -> bool:
    """A row or column label that names a sum: Totalt, Summa, Summa deltagare, Total …"""
    words = str(label).strip().lower().split()
    return bool(words) and (" ".join(words) in SUM_LABELS or words[0] in SUM_LABELS)


def _grouped_problems(name: str, model: Statistiktabell, source: RawFile,
                      where: Callable[..., int | None]) -> list[Problem]:
    problems = []
    if len(model.bas) != len(model.kolumnnamn):
        problems.append(Problem(
            f"Tabellen {name} behöver 'bas' med ett tal per kolumn (andelarnas helhet).",
            source.path, where(), f"t.ex. bas: [{', '.join('72' for _ in model.kolumnnamn)}]."))
    if not model.grupper:
        problems.append(Problem(f"Tabellen {name} har inga grupper.", source.path, where(),
                                "skriv 'grupper:' med raderna under varje grupp."))
    for group, rows in model.grupper.items():
        for label, counts in rows.items():
            problems.extend(_row_problems(name, model, label, counts, source.path,
                                          where("grupper", group, label)))
    return problems


def _row_problems(name: str, model: Statistiktabell, label: str,
                  counts: Sequence[Any],
                  path: Path, line: int | None) -> list[Problem]:
    """A typed row of a statistics table: no sum (sums are computed), a count per column
    (null for an empty cell), none negative."""
    if is_sum_label(label):
        return [Problem(f"Raden '{label}' i tabellen {name} är en summa; summor räknas ut.",
                        path, line, "ta bort raden.")]
    if len(counts) != len(model.kolumnnamn):
        return [Problem(f"Raden '{label}' i tabellen {name} har {len(counts)} värden men "
                        f"{len(model.kolumnnamn)} kolumner ({', '.join(model.kolumnnamn)}).",
                        path, line, "skriv ett tal per kolumn (0 för inget).")]
    if any(count is not None and (isinstance(count, bool) or not isinstance(count, int))
           for count in counts):
        return [Problem(f"Raden '{label}' i tabellen {name} har ett värde som inte är ett "
                        "antal.", path, line, "skriv heltal (0 för inget, null för en tom "
                        "ruta i per_grupp); andra värden kräver 'form: kolumner'.")]
    if any(count is not None and count < 0 for count in counts):
        return [Problem(f"Raden '{label}' i tabellen {name} har ett negativt antal.",
                        path, line, "rätta talet.")]
    return []


def typed_table_problems(name: str, model: Statistiktabell, path: Path,
                         where: Callable[..., int | None]) -> list[Problem]:
    """The form kolumner: typed columns that say what a percentage is of, a value of each
    column's type per row, no typed sum row, and each published percentage within half a
    unit of its last shown decimal of what its counts give."""
    columns = model.kolumntyper
    problems = column_problems(name, columns, path, where("kolumner"))
    if not model.rader:
        problems.append(Problem(f"Tabellen {name} har inga rader.", path, where(),
                                "skriv 'rader:' med ett värde per kolumn."))
    for label, values in model.rader.items():
        line = where("rader", label)
        if is_sum_label(label):
            problems.append(Problem(f"Raden '{label}' i tabellen {name} är en summa; summor "
                                    "räknas ut.", path, line, "ta bort raden och skriv "
                                    "'summera: true' (radens text: summarad)."))
        elif len(values) != len(columns):
            problems.append(Problem(
                f"Raden '{label}' i tabellen {name} har {len(values)} värden men "
                f"{len(columns)} kolumner ({', '.join(model.kolumnnamn)}).", path, line,
                "skriv ett värde per kolumn (null för en tom ruta)."))
        else:
            problems += cell_problems(name, columns, label, values, path, line)
    if problems:
        return problems
    return _percent_problems(name, model, path, where)


def column_totals(model: Statistiktabell, rows: list[list[Cell]]) -> dict[str, Cell]:
    """Each column's sum over the rows, where it has one: counts, kronor, against budget."""
    totals: dict[str, Cell] = {}
    for index, column in enumerate(model.kolumntyper):
        values = [row[index] for row in rows if row[index] is not None]
        if column.typ in ("antal", "kronor", "mot_budget") and values:
            totals[column.namn] = functools.reduce(lambda a, b: a + b, values)  # type: ignore
    return totals


def _percent_problems(name: str, model: Statistiktabell, path: Path,
                      where: Callable[..., int | None]) -> list[Problem]:
    rows = model.typed_rows()
    totals = column_totals(model, list(rows.values()))
    problems = []
    for label, values in rows.items():
        by_name = dict(zip(model.kolumnnamn, values, strict=True))
        for column, typed in zip(model.kolumntyper, values, strict=True):
            if column.typ != "procent" or not isinstance(typed, Decimal):
                continue
            found = exact_percent(column, by_name, totals)
            if found is None:
                problems.append(Problem(
                    f"Andelen '{column.namn}' på raden '{label}' i tabellen {name} saknar "
                    "antal att räkna ut den ur (ett tomt antal eller 0).", path,
                    where("rader", label), "skriv antalen, eller null för andelen."))
            elif problem := percent_problem(name, column, label, typed, *found, path,
                                            where("rader", label)):
                problems.append(problem)
    return problems


def _chart_problems(name: str, model: Statistiktabell, path: Path,
                    where: Callable[..., int | None]) -> list[Problem]:
    """A chart's series are columns of figures of the table (not text, not a mix of
    percentages and amounts on one axis)."""
    if model.diagram is None:
        return []
    if not model.diagram.kolumner:
        return _negative_in_chart(name, model, path, where)
    kinds = {c.namn: c.typ for c in model.kolumntyper}
    drawable = [n for n, kind in kinds.items() if kind in ("antal", "kronor", "procent",
                                                           "mot_budget")]
    problems = [Problem(f"Diagrammet för tabellen {name} nämner kolumnen '{column}', som "
                        "inte är en kolumn med siffror i tabellen.", path,
                        where("diagram", "kolumner"),
                        f"välj bland: {', '.join(drawable) or 'inga'}.")
                for column in model.diagram.kolumner if column not in drawable]
    axis = {"mot_budget": "antal"}
    chosen = {axis.get(kinds[c], kinds[c]) for c in model.diagram.kolumner if c in kinds}
    if not problems and len(chosen) > 1:
        problems.append(Problem(
            f"Diagrammet för tabellen {name} blandar andelar, antal och belopp på samma axel.",
            path, where("diagram", "kolumner"),
            "rita antal, belopp och andelar i var sitt diagram (en tabell kan ha ett)."))
    return problems or _negative_in_chart(name, model, path, where)


def _negative_in_chart(name: str, model: Statistiktabell, path: Path,
                       where: Callable[..., int | None]) -> list[Problem]:
    """A chart's bars and lines stand on zero: a negative amount would fall off the chart
    while the table still shows it."""
    if model.form != "kolumner":
        return []  # counts, which are never negative (checked with the rows)
    drawn = [i for i, c in enumerate(model.kolumntyper) if c.namn in model.chart_columns()]
    for label, values in model.typed_rows().items():
        figures = [v for i, v in enumerate(values) if i in drawn]
        if any(isinstance(v, Decimal | int) and v < 0 for v in figures):
            return [Problem(f"Diagrammet för tabellen {name} kan inte rita det negativa "
                            f"värdet i raden '{label}'.", path, where("rader", label),
                            "rita bara kolumner utan negativa värden (diagram: kolumner), "
                            "eller ta bort diagrammet.")]
    return []
