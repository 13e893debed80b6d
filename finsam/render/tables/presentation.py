"""A computed table as the förbund shows it (dokument.yaml: tabeller; docs/tabeller.md): the
sign of its costs, its unit, the precision of its tkr and percentages, figures as once
published, the rows and columns left out. The options a table's own builder reads (a
driftredovisning's subtotals and financial items, a cost split's years) are its builder's;
these apply to any table, in this order, after the förbund's own labels (rubriker), so that
every name an option uses is the row's or column's as the reader sees it.

A name that is not in the table is an error naming the file, the line and the likely name.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from ...common.amounts import THOUSAND, Tkr, Unit
from ...common.errors import BuildError, Problem
from ...load.project import RawFile
from ...model.tabeller import Tabellval, options_of, set_options
from .base import Column, Row, Table


@dataclass(frozen=True)
class Where:
    """The dokument.yaml a table's options are typed in, for the lines of messages."""

    file: RawFile
    table: str

    def problem(self, message: str, advice: str, *keys: str | int) -> Problem:
        return Problem(message, self.file.path, self.file.line("tabeller", self.table, *keys),
                       advice)


def likely(name: str, names: list[str]) -> str:
    """'menade du …?' for the closest of `names`, or the names themselves."""
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    if close:
        return f"menade du '{close[0]}'?"
    return "den har: " + "; ".join(f"'{n}'" for n in names)[:400] + "."


def column_names(table: Table) -> list[tuple[str, ...]]:
    """The names each column answers to: its heading, and its group's heading with it
    ("Utfall 2022 Netto") where a group heading stands above it."""
    spans = [label for label, width in table.groups for _ in range(width)]
    return [(c.header, f"{spans[i]} {c.header}") if i < len(spans) else (c.header,)
            for i, c in enumerate(table.columns)]


def find_column(table: Table, name: str) -> list[int]:
    """The columns `name` means: those it is the full name of, or else those headed so, or
    else those under a group heading so ("Utfall 2023": its Intäkt, Kostnad and Netto)."""
    names = column_names(table)
    full = [i for i, n in enumerate(names) if len(n) > 1 and n[1] == name]
    spans = [label for label, width in table.groups for _ in range(width)]
    return (full or [i for i, n in enumerate(names) if n[0] == name]
            or [i for i, label in enumerate(spans) if label == name])


def _all_column_names(table: Table) -> list[str]:
    groups = [label for label, _ in table.groups]
    return list(dict.fromkeys([*(n for names in column_names(table) for n in names),
                               *groups]))


def _row_labels(table: Table) -> list[str]:
    return [row.label for row in table.rows]


def check_options(table: Table, val: Tabellval, where: Where) -> list[Problem]:
    """Every option is one the table can take, and every name it uses is the table's."""
    problems = [where.problem(
        f"Tabellen {table.name} kan inte visas med '{option}'.",
        "ta bort raden; tabellen kan ta: " + ", ".join(sorted(options_of(table.name))) + ".",
        option) for option in set_options(val) if option not in options_of(table.name)]
    labels, columns = _row_labels(table), _all_column_names(table)
    for index, label in enumerate(val.dolj_rader):
        if label not in labels:
            problems.append(where.problem(
                f"Tabellen {table.name} har ingen rad '{label}'.", likely(label, labels),
                "dolj_rader", index))
    for index, name in enumerate(val.dolj_kolumner):
        if not find_column(table, name):
            problems.append(where.problem(
                f"Tabellen {table.name} har ingen kolumn '{name}'.", likely(name, columns),
                "dolj_kolumner", index))
    problems += [where.problem(f"'{kind}' står två gånger under rader i tabellen {table.name}.",
                               "skriv varje rad en gång.", "rader", index)
                 for index, kind in enumerate(val.rader) if kind in val.rader[:index]]
    if table.columns and _hidden_columns(table, val) >= set(range(len(table.columns))):
        problems.append(where.problem(
            f"Tabellen {table.name} skulle visas utan en enda kolumn med siffror.",
            "dölj färre kolumner, eller placera inte tabellen.", "dolj_kolumner"))
    for label, cells in val.publicerad_avvikelse.items():
        if label in val.dolj_rader:
            problems.append(where.problem(
                f"Raden '{label}' i tabellen {table.name} är dold (dolj_rader), så siffran "
                "som publicerades i den syns inte.", "ta bort raden ur dolj_rader eller ur "
                "publicerad_avvikelse.", "publicerad_avvikelse", label))
            continue
        if labels.count(label) != 1:
            problems.append(where.problem(
                f"Tabellen {table.name} har {'flera rader' if label in labels else 'ingen rad'}"
                f" '{label}'.", "ge raderna egna namn (rubriker i kontoplan.yaml), så att "
                "siffran når en av dem." if label in labels else likely(label, labels),
                "publicerad_avvikelse", label))
            continue
        for name in cells:
            found = find_column(table, name)
            if len(found) != 1:
                problems.append(where.problem(
                    f"Tabellen {table.name} har {'flera kolumner' if found else 'ingen kolumn'}"
                    f" '{name}'.", "skriv kolumnens rubrik med gruppens rubrik framför "
                    "(t.ex. 'Utfall 2022 Netto')." if found else likely(name, columns),
                    "publicerad_avvikelse", label, name))
    return problems


def _hidden_columns(table: Table, val: Tabellval) -> set[int]:
    return {i for name in val.dolj_kolumner for i in find_column(table, name)}


# --- The options, each a Table → Table -------------------------------------------------------

def _negated(value: Any) -> Any:
    if isinstance(value, Tkr):
        return Tkr(-value)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return -value
    return value  # None, a text ("Ej budgeterat")


def with_costs(table: Table, kostnader: str | None) -> Table:
    """Cost rows with or without their minus sign, in the columns of figures of a period
    (not a deviation, a share, or income typed on a cost line)."""
    if kostnader is None or kostnader == table.costs:
        return table
    def flips(r: Row, c: Column) -> bool:
        return c.follows_sign and (r.cost or c.costs)

    def row(r: Row) -> Row:
        return replace(r, values=tuple(
            _negated(v) if i < len(table.columns) and flips(r, table.columns[i]) else v
            for i, v in enumerate(r.values)))
    return replace(table, rows=[row(r) for r in table.rows], costs=kostnader)


def _kronor_as_decimal(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, (bool, Tkr)):
        return Decimal(value)
    return value


def in_unit(table: Table, enhet: str | None, where: Where) -> Table:
    """A table in kronor shown in tkr, each figure rounded by the rule (the footnote says so);
    a table computed in tkr cannot be shown in kronor."""
    units = {u for c in table.columns for u in [c.format]} | {
        r.format for r in table.rows if r.format is not None}
    if enhet is None or (enhet == "kr" and not units & {Unit.TKR, Unit.TKR1}) \
            or (enhet == "tkr" and Unit.KR not in units):
        return table
    if enhet == "kr":
        return _in_kronor(table, where)

    def unit(u: Unit | None) -> Unit | None:
        return Unit.TKR if u is Unit.KR else u
    rows = [replace(r, format=unit(r.format),
                    values=tuple(_kronor_as_decimal(v) for v in r.values)) for r in table.rows]
    note = ("Beloppen är avrundade till tkr var för sig, så en summa kan skilja sig från "
            "summan av de avrundade raderna med någon tkr.")
    return replace(table, columns=[replace(c, format=unit(c.format) or c.format)
                                   for c in table.columns], rows=rows,
                   label_header=table.label_header.replace("Belopp i kr", "Belopp i tkr"),
                   footnote=" ".join(filter(None, [table.footnote, note])))


def _in_kronor(table: Table, where: Where) -> Table:
    """A table of kronor shown in tkr (a budget's) in kronor; one computed in whole tkr
    (rounded so that its lines add up) has no kronor to show."""
    if any(isinstance(v, Tkr) for row in table.rows for v in row.values):
        raise BuildError(where.problem(
            f"Tabellen {table.name} räknas i tkr och kan inte visas i kronor.",
            "ta bort 'enhet: kr' för tabellen.", "enhet"))

    def unit(u: Unit | None) -> Unit | None:
        return Unit.KR if u in (Unit.TKR, Unit.TKR1) else u
    return replace(table, columns=[replace(c, format=unit(c.format) or c.format)
                                   for c in table.columns],
                   rows=[replace(r, format=unit(r.format)) for r in table.rows],
                   label_header=table.label_header.replace("Belopp i tkr", "Belopp i kr"))


def with_percent(table: Table, decimals: int | None) -> Table:
    """Its percentages with `decimals` decimals (0 or 1)."""
    if decimals is None:
        return table

    def unit(u: Unit | None) -> Unit | None:
        return Unit.percent(decimals) if u is not None and u.is_percent else u
    return replace(table, columns=[replace(c, format=unit(c.format) or c.format)
                                   for c in table.columns],
                   rows=[replace(r, format=unit(r.format)) for r in table.rows])


def published_value(unit: Unit, typed: Decimal) -> Any:
    """A figure typed as the table shows it (kronor, tkr, percent) as the table holds it."""
    if unit is Unit.TKR:
        return Tkr(int(typed)) if typed == typed.to_integral_value() else typed * THOUSAND
    if unit is Unit.TKR1:
        return typed * THOUSAND
    if unit.is_percent:
        return typed / 100
    return typed


def _has_figure(values: list[Any], column: int) -> bool:
    value = values[column] if column < len(values) else None
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def published(table: Table, val: Tabellval, where: Where
              ) -> tuple[Table, list[Problem]]:
    """The table with each figure as once published where the förbund typed one, and a
    problem for each that is not the computed figure as the table shows it."""
    if not val.publicerad_avvikelse:
        return table, []
    problems: list[Problem] = []
    rows = list(table.rows)
    for label, cells in val.publicerad_avvikelse.items():
        index = next(i for i, r in enumerate(rows) if r.label == label)
        values = list(rows[index].values)
        for name, typed in cells.items():
            column = find_column(table, name)[0]
            if not _has_figure(values, column):
                problems.append(where.problem(
                    f"Tabellen {table.name} har ingen siffra på raden '{label}' i kolumnen "
                    f"'{name}'.", "ta bort raden; en publicerad siffra ersätter en uträknad.",
                    "publicerad_avvikelse", label, name))
                continue
            unit = table.unit(rows[index], column)
            figure = published_value(unit, typed)
            shown, computed = unit.show(figure), table.cell(rows[index], column)
            if shown != computed:
                problems.append(where.problem(
                    f"Tabellen {table.name}: '{label}' i kolumnen '{name}' är publicerad som "
                    f"{unit.text(figure)}, men verktyget räknar {computed} "
                    f"{unit.symbol}.".replace(" .", "."),
                    "ta bort raden så att verktyget räknar, eller godta avvikelsen "
                    "('godta_avvikelser: <skäl>') för att återge tabellen som den "
                    "publicerades.", "publicerad_avvikelse", label, name))
                values[column] = figure
        rows[index] = replace(rows[index], values=tuple(values))
    return replace(table, rows=rows), problems


def without(table: Table, val: Tabellval) -> Table:
    """The table without the rows and columns the förbund leaves out (the sums still count
    them: a row left out is not a figure changed)."""
    rows = [r for r in table.rows if r.label not in val.dolj_rader]
    drop = {i for name in val.dolj_kolumner for i in find_column(table, name)}
    if not drop:
        return replace(table, rows=rows)
    keep = [i for i in range(len(table.columns)) if i not in drop]
    groups, start = [], 0
    for label, width in table.groups:
        kept = sum(1 for i in range(start, start + width) if i not in drop)
        if kept:
            groups.append((label, kept))
        start += width
    return replace(table, columns=[table.columns[i] for i in keep], groups=groups,
                   rows=[replace(r, values=tuple(r.values[i] for i in keep if i < len(r.values)))
                         for r in rows])


def present(table: Table, val: Tabellval, where: Where,
            decimal: Callable[[Table], Table]) -> tuple[Table, list[Problem]]:
    """The table as the förbund shows it, and the published figures that differ."""
    problems = check_options(table, val, where)
    if problems:
        raise BuildError(problems)
    table = with_costs(table, val.kostnader)
    table = in_unit(table, val.enhet, where)
    if val.tkr_decimaler == 1:
        table = decimal(table)
    table = with_percent(table, val.procent_decimaler)
    table, deviations = published(table, val, where)
    return without(table, val), deviations
