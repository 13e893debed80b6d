"""One figure per label in a document (issue 31).

A reader who meets "Verksamhetens intäkter" in two tables of one document takes them for
the same figure. Where the same row label shows different figures for the same year, one
of them means something else (the interest included, say) and needs its own words. After
all of a document's tables are built, every pair of tables is compared: like with like,
only amounts (kr, tkr, tkr with one decimal: converted to kronor, allowing each side's
rounding) in columns of the same kind and year (utfall 2022 with utfall 2022, budget with
budget), rows of kind line or sum, labels compared without case, a leading "Summa" or a
trailing unit ("(tkr)"). A sign is a way of showing (costs as negative or not), not a
different figure: amounts are compared without it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from ..common.errors import Problem
from ..common.format import FILTERS
from .tables import Table

# How far a shown figure may lie from the kronor it stands for: a tkr figure apportioned
# so that its lines add up lies less than one tkr off, one with a decimal a tenth of that.
TOLERANCE = {"kr": Decimal(1), "tkr": Decimal(1000), "tkr1": Decimal(100)}
COMPARED_KINDS = ("line", "sum")
_PERIOD = re.compile(r"^(?:(?P<slag>År|Utfall|Bokslut|Budget|Prognos|Plan) )?(?P<ar>\d{4})"
                     r"(?P<datum>-01-01–\d{4}-12-31|-12-31)?$")
_SLAG = {None: "utfall", "År": "utfall", "Utfall": "utfall", "Bokslut": "utfall",
         "Budget": "budget", "Prognos": "prognos", "Plan": "plan"}
_UNIT_SUFFIX = re.compile(r"\s*\((?:tkr|kr)\)$")


@dataclass(frozen=True)
class Figure:
    """One amount as a table shows it: which table, which column, the value as the table
    holds it and the unit it is shown in (format.py: a tkr int is already in tkr, a tkr
    Decimal is kronor rounded when shown, tkr1 is kronor shown in tkr with a decimal)."""

    table: Table
    column: str
    value: int | Decimal
    unit: str

    @property
    def kronor(self) -> Decimal:
        thousands = self.unit == "tkr" and isinstance(self.value, int)
        return abs(Decimal(self.value)) * (1000 if thousands else 1)

    def same_as(self, other: Figure) -> bool:
        return abs(self.kronor - other.kronor) < max(TOLERANCE[self.unit],
                                                     TOLERANCE[other.unit])

    def text(self) -> str:
        if self.unit == "tkr1":
            return f"{FILTERS['tal'](Decimal(self.value) / 1000, 1)} tkr"
        return f"{FILTERS[self.unit](self.value)} {self.unit}"


def same_label(label: str) -> str:
    """A label as a reader takes it: "Summa verksamhetens intäkter (tkr)" names the same
    figure as "Verksamhetens intäkter"."""
    plain = _UNIT_SUFFIX.sub("", " ".join(label.split())).lower()
    return plain.removeprefix("summa ")


def column_periods(table: Table) -> list[tuple[str, int] | None]:
    """Each value column's kind and year from its heading, or from its group's where
    columns are grouped (the driftredovisning's Intäkt, Kostnad and Netto under "Utfall
    2022"); None where it holds no such figure (a deviation, a share)."""
    groups = [header for header, span in table.groups for _ in range(span)]
    periods: list[tuple[str, int] | None] = []
    for index, column in enumerate(table.columns):
        header = groups[index] if index < len(groups) else column.header
        match = _PERIOD.match(header)
        periods.append((_SLAG[match["slag"]], int(match["ar"])) if match else None)
    return periods


def figures(table: Table) -> dict[tuple[str, str, int], list[Figure]]:
    """Every amount the comparison looks at, by label as read, kind and year: a row's
    figures for one period (its intäkt, kostnad and netto where it has all three)."""
    found: dict[tuple[str, str, int], list[Figure]] = {}
    periods = column_periods(table)
    for row in table.rows:
        if row.kind not in COMPARED_KINDS:
            continue
        key = same_label(row.label)
        for column, period, value in zip(table.columns, periods, row.values, strict=False):
            unit = row.format or column.format
            if period is None or unit not in TOLERANCE or isinstance(value, bool) \
                    or not isinstance(value, (int, Decimal)):
                continue
            shown = found.setdefault((key, *period), [])
            if len(shown) < sum(1 for p in periods if p == period):
                shown.append(Figure(table, column.header, value, unit))  # the first row only
    return found


def label_problems(tables: dict[str, Table], manifest, line: int | None = None
                   ) -> list[Problem]:
    """One problem for each label shown with two figures for the same year in two tables
    (none of one table's figures for it the same as any of the other's)."""
    problems = []
    shown = {name: figures(table) for name, table in tables.items()}
    for first, second in combinations(tables, 2):
        reported: set[str] = set()  # a label once per pair of tables, its latest year
        for key in sorted(shown[first].keys() & shown[second].keys(), key=lambda k: -k[2]):
            ones, others = shown[first][key], shown[second][key]
            if key[0] in reported or any(a.same_as(b) for a in ones for b in others):
                continue
            reported.add(key[0])
            problems.append(_problem(key, _main(ones), _main(others), manifest, line))
    return problems


def _main(shown: list[Figure]) -> Figure:
    """The figure to name in a message: a row's netto where it has intäkt and kostnad too."""
    return next((f for f in shown if f.column == "Netto"), shown[0])


def _problem(key: tuple[str, str, int], one: Figure, other: Figure, manifest,
             line: int | None) -> Problem:
    label = _UNIT_SUFFIX.sub("", _label_in(one.table, key[0]))
    return Problem(
        f"Raden '{label}' visar två olika belopp för {key[1]} {key[2]}: {one.text()} i "
        f"tabellen '{one.table.caption}' och {other.text()} i tabellen "
        f"'{other.table.caption}'.", manifest, line,
        "ge den ena raden ett namn som säger vad den räknar med, t.ex. 'Verksamhetens "
        "intäkter inkl. finansiella poster' (radernas namn står i kontoplan.yaml: rubriker, "
        "kostnadsgruppernas namn och summor), så att samma ord betyder samma belopp i hela "
        "dokumentet; eller skriv 'godta_avvikelser: <skäl>' i dokument.yaml för att återge "
        "ett publicerat dokument som det var.")


def _label_in(table: Table, label: str) -> str:
    return next((r.label for r in table.rows if same_label(r.label) == label), label)
