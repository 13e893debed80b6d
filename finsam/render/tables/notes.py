"""The notes as tables: the income and cost notes, eget kapital, a note for each line of the
chart that the förbund specifies (not-<id>), and a driftredovisning line's specification
(specifikation-<line>, numbered in a series of its own)."""
from __future__ import annotations

import re
from decimal import Decimal

from ...accounts.driftredovisning import ordered_union
from ...model.kontoplan import Kontoplan, Rad
from ...model.utfall import Post
from .base import (
    Context,
    Row,
    Table,
    TableBuilder,
    both,
    note_rows,
    note_table_name,
    total,
    year_columns,
)


def _year(y: int) -> str:
    return f"År {y}"


def _year_end(y: int) -> str:
    return f"{y}-12-31"


def not_intakter(ctx: Context) -> Table:
    f = ctx.figures
    cur = f.aktuellt.source.utfall.noter.medlemsbidrag
    prev = f.foregaende.source.utfall.noter.medlemsbidrag if f.foregaende else None
    rows = [Row(f"Bidrag från {m.namn}",
                (cur.get(m.id, Decimal(0)),) + ((prev.get(m.id, Decimal(0)),) if prev else ()))
            for m in ctx.forbund.medlemmar]
    rows += note_rows(f.aktuellt.source.utfall.noter.ovriga_intakter,
                      f.foregaende.source.utfall.noter.ovriga_intakter if f.foregaende else None)
    return Table("not-intakter", ctx.note_caption("not-intakter", "Verksamhetens intäkter"),
                 "Belopp i kr", year_columns(ctx, _year), rows + [total("Summa", rows, "total")])


def not_kostnader(ctx: Context) -> Table:
    """The cost note: its groups in the order they are typed, each post as typed (a post typed
    as finer lines shows their sum)."""
    f = ctx.figures
    cur = f.aktuellt.source.utfall.noter.kostnader
    prev = f.foregaende.source.utfall.noter.kostnader if f.foregaende else None
    chart = f.aktuellt.resultatrakning.kontoplan
    rows: list[Row] = []
    sums: list[Row] = []
    for group in ordered_union(cur, prev or {}):
        heading, label = chart.kostnadsgrupp(group).label("not")
        lines = note_rows(cur.get(group, []), prev.get(group, []) if prev is not None else None,
                          cost=True)
        sums.append(total(label, lines, cost=True))
        rows += [Row(heading, kind="heading"), *lines, sums[-1]]
    return Table("not-kostnader", ctx.note_caption("not-kostnader", "Verksamhetens kostnader"),
                 "Belopp i kr", year_columns(ctx, _year),
                 rows + [total("Summa verksamhetens kostnader", sums, "total", cost=True)])


def not_eget_kapital(ctx: Context) -> Table:
    """The eget kapital note: opening balance, members' contributions, the year's result,
    closing balance, for each shown year (all computed)."""
    accounts = both(ctx, lambda a: a.balansrakning)
    rows = [Row("Ingående eget kapital", tuple(b.ingaende_eget_kapital for b in accounts)),
            Row("Tillskott från medlemmar", tuple(b.tillskott for b in accounts)),
            Row("Årets resultat", tuple(b.arets_resultat for b in accounts)),
            Row("Utgående eget kapital", tuple(b.summa_eget_kapital for b in accounts), "total")]
    if not any(b.tillskott for b in accounts):
        rows.pop(1)
    return Table("not-eget-kapital", ctx.note_caption("not-eget-kapital", "Eget kapital"),
                 "Belopp i kr", year_columns(ctx, _year_end), rows)


def specification(rad: Rad) -> TableBuilder:
    """The note specifying one line of the chart: its posts as typed under noter.<id>."""
    def build(ctx: Context) -> Table:
        f = ctx.figures
        cur = f.aktuellt.source.utfall.noter.specifikationer.get(rad.id, [])
        prev = (f.foregaende.source.utfall.noter.specifikationer.get(rad.id, [])
                if f.foregaende else None)
        in_rr = rad in f.aktuellt.resultatrakning.kontoplan.resultatrader
        cost = in_rr and rad.typ == "kostnad"
        rows = note_rows(cur, prev, cost)
        name = note_table_name(rad)
        return Table(name, ctx.note_caption(name, rad.namn), "Belopp i kr",
                     year_columns(ctx, _year if in_rr else _year_end),
                     rows + [total(rad.notsumma, rows, "total", cost)])
    return build


def specification_tables(chart: Kontoplan) -> dict[str, TableBuilder]:
    """A note table for every line of the chart that the two fixed notes do not cover."""
    fixed = {"not-intakter", "not-kostnader"}
    return {note_table_name(r): specification(r) for r in chart.resultatrader + chart.balansrader
            if note_table_name(r) not in fixed}


def specification_name(line: str) -> str:
    """The table a driftredovisning line's specification is placed by:
    specifikation-<the line's name in lower case, letters and digits joined by ->."""
    plain = line.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    return "specifikation-" + "-".join(re.findall(r"[a-z0-9]+", plain))


def _specified_posts(utfall) -> dict[str, Post]:
    """The posts typed with a specification, by their table's name."""
    return {specification_name(post.driftpost): post
            for post, _ in utfall.noter.posts_with_place() if post.specifikation}


def _is_cost(utfall, name: str) -> bool:
    """A specification of a cost post (not of an income post)."""
    return any(specification_name(post.driftpost) == name
               for post, where in utfall.noter.posts_with_place() if where[1] == "kostnader")


def drift_specification_tables(figures) -> dict[str, TableBuilder]:
    """A sub-note for each driftredovisning line typed with a specification (this year or
    last), with both years' parts and their sum."""
    current = _specified_posts(figures.aktuellt.source.utfall)
    previous = (_specified_posts(figures.foregaende.source.utfall)
                if figures.foregaende else {})

    def build(name: str) -> TableBuilder:
        def table(ctx: Context) -> Table:
            post = current.get(name) or previous[name]
            cur = current[name].specifikation if name in current else []
            prev = (previous[name].specifikation if name in previous else []
                    ) if figures.foregaende else None
            cost = _is_cost(figures.aktuellt.source.utfall if name in current
                            else figures.foregaende.source.utfall, name)
            rows = note_rows(cur, prev, cost)
            title = post.specifikation_rubrik or post.driftpost
            return Table(name, ctx.note_caption(name, title), "Belopp i kr",
                         year_columns(ctx, _year), rows + [total("Summa", rows, "total", cost)])
        return table
    return {name: build(name) for name in dict.fromkeys([*current, *previous])}
