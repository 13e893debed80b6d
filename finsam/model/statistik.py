"""Statistics tables (content/<år>/<dokument>/statistik.yaml): counts typed by hand in
reports, per row and column; sums and shares are computed."""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ..common.errors import Problem, attempt
from ..load.project import RawFile
from .fields import Model
from .typed import validate


class Statistiktabell(Model):
    """A table of counts typed by hand in reports (participants by reason for leaving and
    gender, by level of education …): counts per row and column; sums and shares computed."""

    rubrik: str
    kalla: str = ""  # where the figures come from (SUS …), said under the table
    radrubrik: str = ""  # the heading of the row labels ("Avslutsanledning")
    kolumner: list[str]  # the parts of each row: ["Kvinna", "Man"]
    kolumnrubrik: str = "Kön"  # in the long form: the heading of the column names
    enhet: str = "Antal"  # the heading of the counts ("Antal deltagare")
    rader: dict[str, list[int]] = {}
    # bred: a column per part, Totalt and Andel; lang: a row per row and part (as SUS
    # reports), parts with 0 left out; per_grupp: rows under groups (kön → försörjningskälla),
    # each column with its share of its own base (`bas`: e.g. the participants before and
    # after, when one participant can have several sources), and the change between them.
    form: Literal["bred", "lang", "per_grupp"] = "bred"
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

    def sum_of_the_others(self) -> int | None:
        """The column that equals the sum of at least two others on every row (the source's
        own total copied as a column), with some row that has two of them non-zero (so that
        it is no coincidence of a single column); None if there is none."""
        width = len(self.kolumner)
        typed: list[Sequence[int | None]] = [
            *self.rader.values(),
            *(counts for group in self.grupper.values() for counts in group.values())]
        rows = [[count or 0 for count in counts] for counts in typed if len(counts) == width]
        if width < 3 or not rows:
            return None
        for index in range(width):
            others = [i for i in range(width) if i != index]
            if all(row[index] == sum(row[i] for i in others) for row in rows) and any(
                    sum(1 for i in others if row[i]) >= 2 for row in rows):
                return index
        return None


SUM_LABELS = ("totalt", "summa", "slutsumma", "total", "sammanlagt")


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
    for label, counts in model.rader.items():
        problems.extend(_row_problems(str(name), model, label, counts, source.path,
                                      where("rader", label)))
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
    if len(model.bas) != len(model.kolumner):
        problems.append(Problem(
            f"Tabellen {name} behöver 'bas' med ett tal per kolumn (andelarnas helhet).",
            source.path, where(), f"t.ex. bas: [{', '.join('72' for _ in model.kolumner)}]."))
    if not model.grupper:
        problems.append(Problem(f"Tabellen {name} har inga grupper.", source.path, where(),
                                "skriv 'grupper:' med raderna under varje grupp."))
    for group, rows in model.grupper.items():
        for label, counts in rows.items():
            problems.extend(_row_problems(name, model, label, counts, source.path,
                                          where("grupper", group, label)))
    return problems


def _row_problems(name: str, model: Statistiktabell, label: str,
                  counts: Sequence[int | None],
                  path: Path, line: int | None) -> list[Problem]:
    """A typed row of a statistics table: no sum (sums are computed), a count per column
    (null for an empty cell), none negative."""
    if is_sum_label(label):
        return [Problem(f"Raden '{label}' i tabellen {name} är en summa; summor räknas ut.",
                        path, line, "ta bort raden.")]
    if len(counts) != len(model.kolumner):
        return [Problem(f"Raden '{label}' i tabellen {name} har {len(counts)} värden men "
                        f"{len(model.kolumner)} kolumner ({', '.join(model.kolumner)}).",
                        path, line, "skriv ett tal per kolumn (0 för inget).")]
    if any(count is not None and count < 0 for count in counts):
        return [Problem(f"Raden '{label}' i tabellen {name} har ett negativt antal.",
                        path, line, "rätta talet.")]
    return []
