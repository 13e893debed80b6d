"""Every statistics figure by name for narrative: {{ statistik.<tabell>.<rad>.<kolumn> }}.

A name is the table's, the row's or the column's text as narrative names a statement's sums
(model/kontoplan.py sum_id): lower case, å ä ö as a a o, every run of other characters than
a–z and digits as _ ("avslutsanledning-2020" → avslutsanledning_2020, "Utskrivning pga
sjukdom" → utskrivning_pga_sjukdom, "Andel nöjda" → andel_nojda). The figures are the table's own:
counts as typed, totals as summed and shares as the table rounds them (a share is a
fraction, shown with | procent). A misspelt name is a mistake with the likely name
(suggestions.py reads what each level is from its `_where`).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..model.statistik import Statistiktabell, column_totals, name_of
from ..model.statistikkolumner import Cell, MotBudget, exact_percent
from .tables.statistik import shares


class Names(dict):
    """A level of statistics names, which knows what it is for messages."""

    _where: str = ""
    _empty: str = ""  # the advice when the level has no names at all

    def __init__(self, where: str, items: dict[str, Any], empty: str = "") -> None:
        super().__init__(items)
        self._where, self._empty = where, empty


def statistics_names(tables: dict[str, Statistiktabell]) -> Names:
    """statistik.<tabell>.<rad>.<kolumn> for each table of the document."""
    by_form = {"bred": _counted, "lang": _counted, "per_grupp": _grouped,
               "kolumner": _typed}
    return Names("statistiken", {name_of(name): Names(
        f"statistiktabellen {name}", by_form[table.form](name, table))
        for name, table in tables.items()}, empty=(
        "dokumentet har inga statistiktabeller: skriv tabellen i dokumentmappens "
        "statistik.yaml (docs/statistik.md), eller ta bort namnet ur texten."))


def _row(table: str, label: str, values: dict[str, Any]) -> Names:
    return Names(f"raden '{label}' i statistiktabellen {table}",
                 {name_of(k): v for k, v in values.items()})


def _counted(name: str, table: Statistiktabell) -> dict[str, Names]:
    """bred and lang: each row's counts, its total and its share of the whole (as the
    wide form rounds it) and, as the long form shows them, each count's share
    (andel_<kolumn>); the sum row under its own text."""
    parts = table.kolumnnamn
    totals = [sum(row) for row in table.rader.values()]
    whole = sum(totals)
    row_shares = shares(totals, whole, table.andel_decimaler, table.avrundning)
    cells = [count for row in table.rader.values() for count in row]
    cell_shares = iter(shares(cells, whole, table.andel_decimaler, table.avrundning))
    rows = {}
    for (label, counts), total, share in zip(table.rader.items(), totals, row_shares,
                                             strict=True):
        values: dict[str, Any] = dict(zip(parts, counts, strict=True))
        values |= {f"andel_{part}": next(cell_shares) for part in parts}
        rows[name_of(label)] = _row(
            name, label, values | {"totalt": total, "andel": share})
    sums = {part: sum(row[i] for row in table.rader.values()) for i, part in enumerate(parts)}
    rows[name_of(table.summarad)] = _row(name, table.summarad, sums | {
        "totalt": whole, "andel": Decimal(1) if whole else Decimal(0)})
    return rows


def _grouped(name: str, table: Statistiktabell) -> dict[str, Names]:
    """per_grupp: statistik.<tabell>.<grupp>.<rad>.<kolumn>; an empty cell is none."""
    return {name_of(group): Names(
        f"gruppen '{group}' i statistiktabellen {name}",
        {name_of(label): _row(name, label, dict(zip(table.kolumnnamn, counts, strict=True)))
         for label, counts in lines.items() if name_of(label)})
        for group, lines in table.grupper.items()}


def _value(value: Cell, percent: bool) -> Any:
    if isinstance(value, MotBudget):
        return {"utfall": value.utfall, "budget": value.budget}
    if percent and isinstance(value, Decimal):
        return value / 100
    return value


def _typed(name: str, table: Statistiktabell) -> dict[str, Names]:
    """kolumner: each value as typed (a percentage as a fraction, against budget as
    .utfall and .budget); the sum row where the table has one."""
    specs = table.kolumntyper
    typed = table.typed_rows()
    rows = {name_of(label): _row(name, label, {
        c.namn: _value(v, c.typ == "procent") for c, v in zip(specs, values, strict=True)})
        for label, values in typed.items()}
    if table.summera:
        totals = column_totals(table, list(typed.values()))
        sums: dict[str, Any] = {}
        for column in specs:
            if column.typ == "procent":
                found = exact_percent(column, totals, totals)
                sums[column.namn] = None if found is None else found[0] / 100
            elif column.namn in totals:
                sums[column.namn] = _value(totals[column.namn], False)
        rows[name_of(table.summarad)] = _row(name, table.summarad, sums)
    return rows
