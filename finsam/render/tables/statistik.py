"""Statistics tables as data: counts typed per row and column in statistik.yaml, placed by
name ([[statistik-<namn>]]) like the statements; totals and shares are computed.

Shares are of the table's whole, in `andel_decimaler` decimals, by the table's stated rule:
the largest-remainder method (the shares add up to exactly 100 %) or each share rounded half
up on its own (as follow-up systems such as SUS report them).
"""
from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from ...common.amounts import Unit
from ...model.statistik import Statistiktabell, column_totals
from ...model.statistikkolumner import Cell, MotBudget, Statistikkolumn, exact_percent
from .base import Column, Row, Table, TableBuilder


def shares(counts: list[int], total: int, decimals: int, rule: str) -> list[Decimal]:
    """Each count's share of `total` as a fraction rounded to `decimals` in percent."""
    if total == 0:
        return [Decimal(0) for _ in counts]
    step = Decimal(1).scaleb(-decimals)  # 0.1 percent for one decimal
    exact = [Decimal(c) * 100 / total for c in counts]
    if rule == "var_for_sig":
        rounded = [value.quantize(step, rounding=ROUND_HALF_UP) for value in exact]
    else:
        rounded = [(value / step).to_integral_value(rounding=ROUND_FLOOR) * step
                   for value in exact]
        # The parts' rounded total (100 % when they are the whole); the steps still missing
        # go to the shares rounded furthest down.
        target = (Decimal(100) * sum(counts) / total).quantize(step, rounding=ROUND_HALF_UP)
        missing = int(((target - sum(rounded)) / step).to_integral_value())
        order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - rounded[i]), i))
        for index in order[:max(0, missing)]:
            rounded[index] += step
    return [value / 100 for value in rounded]


def _wide(name: str, table: Statistiktabell) -> Table:
    """A column per part, their total and the row's share of the whole; a sum row."""
    labels = list(table.rader)
    counts = [table.rader[label] for label in labels]
    totals = [sum(row) for row in counts]
    whole = sum(totals)
    several = len(table.kolumnnamn) > 1
    columns = [Column(c, Unit.TAL) for c in table.kolumnnamn]
    columns += [Column("Totalt", Unit.TAL)] if several else []
    columns.append(Column("Andel", Unit.percent(table.andel_decimaler)))
    share = shares(totals, whole, table.andel_decimaler, table.avrundning)
    rows = [Row(table.shown_label(label), (*row, *([total] if several else []), part))
            for label, row, total, part in zip(labels, counts, totals, share, strict=True)]
    column_sums = [sum(row[i] for row in counts) for i in range(len(table.kolumnnamn))]
    rows.append(Row(table.summarad, (*column_sums, *([whole] if several else []),
                                     Decimal(1) if whole else Decimal(0)), "total"))
    return _table(name, table, table.radrubrik, columns, rows)


def _long(name: str, table: Statistiktabell) -> Table:
    """A row per label and part with a count (parts with none left out) and its share of the
    whole, as follow-up systems report them; first a row per part's total if asked."""
    whole = sum(sum(row) for row in table.rader.values())
    cells: list[tuple[str, str, int]] = []
    if table.kolumnsummor:
        cells += [("Totalt", part, sum(row[i] for row in table.rader.values()))
                  for i, part in enumerate(table.kolumnnamn)]
    body = [(table.shown_label(label), part, count) for label, row in table.rader.items()
            for part, count in zip(table.kolumnnamn, row, strict=True) if count]
    share_rows = shares([c for _, _, c in body], whole, table.andel_decimaler, table.avrundning)
    head = shares([c for _, _, c in cells], whole, table.andel_decimaler, table.avrundning)
    columns = [Column(table.kolumnrubrik, Unit.TEXT), Column(table.enhet, Unit.TAL),
               Column("Andel", Unit.percent(table.andel_decimaler))]
    rows = [Row(label, (part, count, share)) for (label, part, count), share
            in zip(cells + body, head + share_rows, strict=True)]
    rows.append(Row(table.summarad, ("", whole, Decimal(1) if whole else Decimal(0)), "total"))
    return _table(name, table, table.radrubrik, columns, rows)


def _change_percent(before: int, after: int, rule: str) -> int | None:
    if not before:
        return None
    exact = Decimal(after - before) * 100 / before
    if rule == "mot_noll":
        return int(exact)  # int() truncates toward zero
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _grouped(name: str, table: Statistiktabell) -> Table:
    """Rows under groups (kön → försörjningskälla): each column's count and its share of the
    column's own base, and the change from the first column to the last where both have a
    count. An empty cell (null) stays empty."""
    share_unit = Unit.percent(table.andel_decimaler)
    columns = [Column(table.grupprubrik, Unit.TEXT)]
    groups = [("", 1)]
    for part in table.kolumnnamn:
        columns += [Column("Antal", Unit.TAL), Column("Andel", share_unit)]
        groups.append((part[:1].upper() + part[1:], 2))
    if table.forandring:
        columns += [Column("Antal", Unit.TAL), Column("i %", Unit.TAL)]
        groups.append(("Förändring", 2))
    rows = []
    for group, lines in table.grupper.items():
        for label, counts in lines.items():
            values: list = [label]
            for count, base in zip(counts, table.bas, strict=True):
                share = (None if count is None else
                         shares([count], base, table.andel_decimaler, "var_for_sig")[0])
                values += [count, share]
            if table.forandring:
                first, last = counts[0], counts[-1]
                both = first is not None and last is not None
                values += [last - first if both else None,
                           _change_percent(first, last, table.forandring_avrundning)
                           if both else None]
            rows.append(Row(group, tuple(values)))
    return replace(_table(name, table, table.radrubrik, columns, rows), groups=groups)


_UNITS = {"antal": Unit.TAL, "kronor": Unit.KR, "mot_budget": Unit.TAL, "text": Unit.TEXT}


def _shown(column: Statistikkolumn, value: Cell) -> Any:
    """A typed value as its cell holds it: a percentage as a share, 330/333 as text."""
    if isinstance(value, MotBudget):
        return str(value)
    if column.typ == "procent" and isinstance(value, Decimal):
        return value / 100
    return value


def _sum_row(table: Statistiktabell, rows: list[list[Cell]]) -> Row:
    """The rows' sums; a percentage of the sums (the share of a column's total is 100 %)."""
    totals = column_totals(table, rows)
    values: list[Any] = []
    for column in table.kolumntyper:
        if column.typ == "procent":
            found = exact_percent(column, totals, totals)
            step = Decimal(1).scaleb(-column.decimaler)
            values.append(None if found is None else
                          found[0].quantize(step, rounding=ROUND_HALF_UP) / 100)
        else:
            values.append(_shown(column, totals.get(column.namn)))
    return Row(table.summarad, tuple(values), "total")


def _typed(name: str, table: Statistiktabell) -> Table:
    """The columns as typed: counts, published percentages (checked against their counts
    when the table was read), kronor, counts against budget (330/333) and text; the rows'
    sums under them if asked."""
    specs = table.kolumntyper
    columns = [Column(c.namn, Unit.percent(c.decimaler) if c.typ == "procent" else
                      _UNITS[c.typ]) for c in specs]
    typed = table.typed_rows()
    rows = [Row(table.shown_label(label), tuple(_shown(c, v) for c, v in zip(specs, values,
                                                                         strict=True)))
            for label, values in typed.items()]
    if table.summera:
        rows.append(_sum_row(table, list(typed.values())))
    source = f"Källa: {table.kalla}." if table.kalla else ""
    checked = (" Andelarna på raderna är publicerade så och stämmer med antalen inom "
               "avrundningen" + ("; summaradens är uträknad." if table.summera else ".")
               if any(c.typ == "procent" for c in specs) else "")
    return Table(f"statistik-{name}", table.rubrik, table.radrubrik, columns, rows,
                 footnote=(source + checked).strip(), css_class="statistik")


def _table(name: str, table: Statistiktabell, label_header: str, columns: list[Column],
           rows: list[Row]) -> Table:
    rule = ("Andelarna är avrundade var för sig; summan kan avvika med en enhet i sista "
            "decimalen." if table.avrundning == "var_for_sig" or table.form == "per_grupp" else
            "Andelarna är avrundade så att de blir 100 % (största rest-metoden).")
    if table.forandring:
        rule += (" Förändringen i % är av det första antalet, "
                 + ("avrundad mot noll." if table.forandring_avrundning == "mot_noll"
                    else "avrundad till hela procent."))
    source = f"Källa: {table.kalla}. " if table.kalla else ""
    return Table(f"statistik-{name}", table.rubrik, label_header, columns, rows,
                 footnote=source + rule, css_class="statistik")


def statistics_tables(tables: dict[str, Statistiktabell]) -> dict[str, TableBuilder]:
    """Each statistics table of a document, placeable as [[statistik-<namn>]]."""
    build = {"bred": _wide, "lang": _long, "per_grupp": _grouped, "kolumner": _typed}
    return {f"statistik-{name}": (lambda ctx, name=name, table=table:
                                  build[table.form](name, table))
            for name, table in tables.items()}
