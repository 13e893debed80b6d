"""Named tables: computed figures → rows and columns that a template lays out.

A table holds values, not formatted text; each column (or a row, where a row
has a unit of its own) says how its values are shown: kr, tkr, procent, tal or
text, and the template applies the matching filter. Authors place a table in a
section by writing its name on a line of its own: [[resultatrakning]].
TABLES maps each name to its builder.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..accounts.budgetplan import Plankolumn
from ..accounts.compute import ArsredovisningFigures, VerksamhetsplanFigures
from ..accounts.driftredovisning import Driftrad, merged_order, minus, ordered_union, round_column
from ..accounts.resultatkolumn import FINANSIELLA_POSTER
from ..common.format import kr
from ..common.rounding import apportion, percent_change, percent_of, percent_shares, to_tkr
from ..model.forbund import Forbund
from ..model.kontoplan import Kontoplan, Rad, Summa
from ..model.utfall import Post


@dataclass(frozen=True)
class Column:
    header: str
    format: str = "kr"  # kr | tkr | procent | tal | text


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple = ()
    kind: str = "line"  # line | sum | total | heading | sub
    note: str = ""
    format: str | None = None  # overrides the columns' format for this row


@dataclass(frozen=True)
class Table:
    name: str
    caption: str
    label_header: str
    columns: list[Column]
    rows: list[Row]
    groups: list[tuple[str, int]] = field(default_factory=list)  # header cells above columns
    note_column: bool = False
    footnote: str = ""
    css_class: str = ""


def with_decimal(table: Table) -> Table | None:
    """The table's tkr columns shown with one decimal (dokument.yaml: decimaler); None when
    its tkr figures are whole tkr already (rounded so that the lines add up), which a
    decimal cannot show."""
    if any(isinstance(v, int) and not isinstance(v, bool) for row in table.rows
           for v, c in zip(row.values, table.columns, strict=False)
           if (row.format or c.format) == "tkr"):
        return None
    return replace(table, columns=[replace(c, format="tkr1") if c.format == "tkr" else c
                                   for c in table.columns])


@dataclass(frozen=True)
class Context:
    figures: ArsredovisningFigures | VerksamhetsplanFigures
    forbund: Forbund
    notes: dict[str, int] = field(default_factory=dict)  # note table → its number here

    def note(self, table: str) -> str:
        """A note's number in this document ('' where the document does not place it)."""
        return str(self.notes[table]) if table in self.notes else ""

    def note_caption(self, table: str, title: str) -> str:
        number = self.note(table)
        return f"Not {number}. {title}" if number else f"Not. {title}"


def _period(year: int) -> str:
    return f"{year}-01-01–{year}-12-31"


def _year_columns(ctx: Context, header: Callable[[int], str], fmt: str = "kr") -> list[Column]:
    f = ctx.figures
    years = [f.ar] + ([f.foregaende.ar] if f.foregaende else [])
    return [Column(header(y), fmt) for y in years]


def _both(ctx: Context, pick: Callable) -> tuple:
    f = ctx.figures
    return (pick(f.aktuellt),) + ((pick(f.foregaende),) if f.foregaende else ())


def femarsoversikt(ctx: Context) -> Table:
    years = ctx.figures.oversikt
    how = ctx.figures.oversikt_format
    old = [str(y.ar) for y in years if y.historik]
    history = (f" Uppgifterna för {', '.join(old)} är hämtade ur de årsredovisningar som "
               "publicerades då." if old else "")
    sign = -1 if how.kostnader == "negativa" else 1
    if how.enhet == "kr":
        intakter = tuple(y.intakter_kr for y in years)
        kostnader = tuple(sign * y.kostnader_kr for y in years)
        resultat = tuple(y.resultat_kr for y in years)
    else:
        intakter = tuple(y.intakter for y in years)
        kostnader = tuple(-sign * y.kostnader for y in years)  # kostnader are negative here
        resultat = tuple(y.resultat for y in years)
    unit = f" ({how.enhet})"
    # With the financial items these are not the resultaträkning's "Verksamhetens
    # intäkter/kostnader", so they are not called that (one figure per label, issue 31).
    intakter_label, kostnader_label = (
        ("Intäkter inkl. finansiella poster", "Kostnader inkl. finansiella poster")
        if how.finansiella_poster == "med" else
        ("Verksamhetens intäkter", "Verksamhetens kostnader"))
    return Table(
        "femarsoversikt", "Översikt över verksamhetens utveckling", "",
        [Column(f"År {y.ar}", how.enhet) for y in years],
        [Row(intakter_label + unit, intakter),
         Row(kostnader_label + unit, kostnader),
         Row("Årets resultat" + unit, resultat, "sum"),
         Row("Soliditet", tuple(y.soliditet for y in years),
             format="procent" if how.soliditet_decimaler else "procent0"),
         Row("Antal anställda", tuple(y.anstallda for y in years), format="tal")],
        footnote=("Intäkter och kostnader inklusive finansiella poster. "
                  if how.finansiella_poster == "med" else
                  "Intäkter och kostnader utan finansiella poster; årets resultat med dem. ")
        + "Soliditet är eget kapital i procent av summa tillgångar." + history,
        css_class="femar")


def _shown(values: tuple) -> bool:
    """A line is printed when it has a figure in some shown year (lines of 0 are not)."""
    return any(v for v in values)


def resultatrakning(ctx: Context) -> Table:
    """The chart's resultaträkning: its lines with a figure, every sum of the chart."""
    years = _both(ctx, lambda a: a.resultatrakning.rader)
    rows = []
    for index, (item, _) in enumerate(years[0]):
        values = tuple(year[index][1] for year in years)
        if isinstance(item, Summa):
            rows.append(Row(item.namn, values, "total" if item.slutsumma else "sum"))
        elif _shown(values):
            rows.append(Row(item.namn, values, note=ctx.note(note_table_name(item))))
    return Table("resultatrakning", "Resultaträkning", "Belopp i kr",
                 _year_columns(ctx, _period), rows,
                 note_column=any(row.note for row in rows))  # a Not column only with notes


def _balances(ctx: Context) -> tuple[tuple, list[int]]:
    """The balance sheets the balansräkning shows and their years: this year's and last
    year's, or in the first year the tool computes, the opening balance typed in history."""
    f = ctx.figures
    accounts = _both(ctx, lambda a: a.balansrakning)
    years = [f.ar] + ([f.foregaende.ar] if f.foregaende else [])
    if f.foregaende is None and f.ingaende_balans is not None:
        accounts, years = accounts + (f.ingaende_balans,), years + [f.ar - 1]
    return accounts, years


def balansrakning(ctx: Context) -> Table:
    """The chart's balansräkning: each side, its groups with a figure, sums by the chart."""
    accounts, years = _balances(ctx)
    rows: list[Row] = []
    for side in accounts[0].kontoplan.balansrakning:
        rows.append(Row(side.namn, kind="heading"))
        for group in side.grupper:
            if group.eget_kapital:
                lines = [(r.namn, tuple(b.eget_kapital_rader.get(r.id) for b in accounts), "")
                         for r in accounts[0].kontoplan.eget_kapital]
                lines = [line for line in lines if _shown(line[1])
                         or line[0] == "Årets resultat"]
                total = tuple(b.summa_eget_kapital for b in accounts)
            else:
                lines = [(r.namn, tuple(b[r.id] for b in accounts),
                          ctx.note(note_table_name(r))) for r in group.rader]
                lines = [line for line in lines if _shown(line[1])]
                total = tuple(b.summa(group.rader) for b in accounts)
            if not lines:
                continue
            rows.append(Row(group.namn, kind="subheading"))
            rows += [Row(name, values, "sub", note=note) for name, values, note in lines]
            rows.append(Row(group.summa, total, "sum"))
        side_total = (tuple(b.summa_tillgangar for b in accounts) if side.id == "tillgangar"
                      else tuple(b.summa_eget_kapital_och_skulder for b in accounts))
        rows.append(Row(side.summa, side_total, "total"))
    rows += _ansvarsforbindelser(ctx, len(years))
    return Table("balansrakning", "Balansräkning", "Belopp i kr",
                 [Column(f"{y}-12-31", "kr") for y in years], rows,
                 note_column=any(row.note for row in rows))


def _ansvarsforbindelser(ctx: Context, columns: int) -> list[Row]:
    """The contingent liabilities as the outcome gives them (an amount or a text such as
    "Inga"), blank for a year without an outcome; no row when no shown year has any."""
    values = _both(ctx, lambda a: a.source.utfall.ansvarsforbindelser)
    if all(v is None for v in values):
        return []
    values += (None,) * (columns - len(values))
    shown = tuple("" if v is None else v if isinstance(v, str) else kr(v) for v in values)
    return [Row("Ansvarsförbindelser", shown, format="text")]


def kassaflodesanalys(ctx: Context) -> Table:
    """Derived, never typed: the running business, and investing and financing when the
    förbund has such lines; every line by its role in the chart."""
    flows = _both(ctx, lambda a: a.kassaflode)
    kf = lambda pick: tuple(pick(k) for k in flows)  # noqa: E731

    def by_name(section: str) -> list[Row]:
        names = list(dict.fromkeys(name for k in flows for name, _ in getattr(k, section)))
        return [Row(name, tuple(dict(getattr(k, section)).get(name, Decimal(0)) for k in flows))
                for name in names]

    rows = [Row("Den löpande verksamheten", kind="heading"),
            Row("Årets resultat", kf(lambda k: k.arets_resultat)),
            Row("Justering för ej likviditetspåverkande poster",
                kf(lambda k: k.ej_likviditetspaverkande_poster)),
            Row("Medel från verksamheten före förändring av rörelsekapital",
                kf(lambda k: k.medel_fore_forandring_av_rorelsekapital), "sum"),
            *by_name("rorelsekapital"),
            Row("Kassaflöde från den löpande verksamheten",
                kf(lambda k: k.kassaflode_fran_den_lopande_verksamheten), "sum")]
    for section, heading, total in (
            ("investeringar", "Investeringsverksamheten",
             "Kassaflöde från investeringsverksamheten"),
            ("finansiering", "Finansieringsverksamheten",
             "Kassaflöde från finansieringsverksamheten")):
        if lines := by_name(section):
            attribute = "kassaflode_fran_" + ("investeringsverksamheten" if section ==
                                              "investeringar" else "finansieringsverksamheten")
            rows += [Row(heading, kind="heading"), *lines,
                     Row(total, kf(lambda k, a=attribute: getattr(k, a)), "sum")]
    rows += [Row("Årets kassaflöde", kf(lambda k: k.arets_kassaflode), "sum"),
             Row("Likvida medel vid årets början", kf(lambda k: k.likvida_medel_vid_arets_borjan)),
             Row("Likvida medel vid årets slut", kf(lambda k: k.likvida_medel_vid_arets_slut),
                 "total")]
    return Table("kassaflodesanalys", "Kassaflödesanalys", "Belopp i kr",
                 _year_columns(ctx, str), rows)


def driftredovisning(ctx: Context) -> Table:
    d, f = ctx.figures.driftredovisning, ctx.figures
    has_prev, has_budget = f.foregaende is not None, d.resultat.budget is not None
    unit = d.enhet  # tkr, or kr: the lines in whole kronor
    net_only = d.kolumner == "netto"
    if net_only:  # one figure per period, as a report's "utfall och budget" appendix
        columns = [Column(f"Utfall {d.ar}", unit)]
        columns += [Column(f"Budget {d.ar}", unit), Column("Avvikelse", unit)] if has_budget else []
        columns += [Column(f"Utfall {d.ar - 1}", unit)] if has_prev else []
        groups: list[tuple[str, int]] = []
    else:
        columns = [Column("Intäkt", unit), Column("Kostnad", unit), Column("Netto", unit)]
        groups = [(f"Utfall {d.ar}", 3)]
        if has_budget:
            columns += [Column("Netto", unit), Column("Netto", unit)]
            groups += [(f"Budget {d.ar}", 1), (f"Avvikelse {d.ar}", 1)]
        if has_prev:
            columns += [Column("Intäkt", unit), Column("Kostnad", unit), Column("Netto", unit)]
            groups.append((f"Utfall {d.ar - 1}", 3))

    def values(r: Driftrad) -> tuple:
        budget = (r.budget, r.avvikelse) if has_budget else ()
        if net_only:
            return (r.netto,) + budget + ((r.fg_netto,) if has_prev else ())
        base = (r.intakt, r.kostnad, r.netto) + budget
        return base + ((r.fg_intakt, r.fg_kostnad, r.fg_netto) if has_prev else ())

    financial = next((r for r in d.intakter.rader if r.namn == FINANSIELLA_POSTER), None)
    after = d.finansiella_poster == "efter" and financial is not None
    rows: list[Row] = []
    for group in d.grupper:
        lines, total = group.rader, group.summa
        if after and group is d.intakter:  # the financial items move below the result
            lines = [r for r in lines if r is not financial]
            total = minus(total, financial, total.namn)
        if d.kostnadssumma and group is d.kostnadsgrupper[0]:
            rows.append(Row("Verksamhetens kostnader", kind="heading"))
        rows.append(Row(group.rubrik, kind="heading"))
        rows += [Row(r.namn, values(r), note=ctx.note(specification_name(r.namn))
                     if specification_name(r.namn) in ctx.notes else "") for r in lines]
        rows.append(Row(_sum_label(group, d, financial if not after else None),
                        values(total), "sum"))
    if d.kostnadssumma and d.kostnadsgrupper:
        rows.append(Row("Summa verksamhetens kostnader", values(d.summa_kostnader), "sum"))
    if after:
        rows += [Row("Resultat före finansiella poster",
                     values(minus(d.resultat, financial, "")), "sum"),
                 Row("Finansiella poster (netto)", values(financial))]
    rows.append(Row("Resultat", values(d.resultat), "total"))
    return Table(
        "driftredovisning", "Driftredovisning", f"Belopp i {d.enhet}", columns, rows, groups,
        note_column=any(r.note for r in rows),
        footnote=(f"Budget: {d.budget_benamning}. Avvikelse: positivt tal är bättre än budget "
                  "(lägre kostnad eller högre intäkt). " if has_budget else "")
        + ("Belopp avrundade till tkr så att raderna summerar till de avrundade summorna."
           if d.enhet == "tkr" else "Belopp i kronor."),
        css_class="drift")


def _sum_label(group, d, financial: Driftrad | None) -> str:
    """A group's sum; the income's, with the financial items inside, says so: it is not the
    resultaträkning's "Verksamhetens intäkter" (one figure per label, issue 31)."""
    if group is d.intakter and financial is not None:
        return "Summa intäkter och finansiella poster"
    return group.summarubrik


def specification_name(line: str) -> str:
    """The table a driftredovisning line's specification is placed by:
    specifikation-<the line's name in lower case, letters and digits joined by ->."""
    plain = line.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    return "specifikation-" + "-".join(re.findall(r"[a-z0-9]+", plain))


def _specified_posts(utfall) -> dict[str, Post]:
    """The posts typed with a specification, by their table's name."""
    return {specification_name(post.driftpost): post
            for post, _ in utfall.noter.posts_with_place() if post.specifikation}


def drift_specification_tables(figures) -> dict[str, Callable[[Context], Table]]:
    """A sub-note for each driftredovisning line typed with a specification (this year or
    last), with both years' parts and their sum."""
    current = _specified_posts(figures.aktuellt.source.utfall)
    previous = (_specified_posts(figures.foregaende.source.utfall)
                if figures.foregaende else {})

    def build(name: str) -> Callable[[Context], Table]:
        def table(ctx: Context) -> Table:
            post = current.get(name) or previous[name]
            cur = current[name].specifikation if name in current else []
            prev = (previous[name].specifikation if name in previous else []
                    ) if figures.foregaende else None
            rows = _note_rows(cur, prev)
            title = post.specifikation_rubrik or post.driftpost
            return Table(name, ctx.note_caption(name, title), "Belopp i kr",
                         _year_columns(ctx, lambda y: f"År {y}"),
                         rows + [_total("Summa", rows, "total")])
        return table
    return {name: build(name) for name in dict.fromkeys([*current, *previous])}


def driftsammandrag(ctx: Context) -> Table:
    """The driftredovisning in brief, in tkr: net cost, the members' contributions, the
    result, closing eget kapital and likvida medel; outcome, budget, deviation, last year."""
    s = ctx.figures.driftsammandrag
    has_budget, has_prev = s.budget is not None, s.foregaende is not None
    columns = [Column(f"Utfall {s.ar}", "tkr")]
    if has_budget:
        columns += [Column(f"Budget {s.ar}", "tkr"), Column("Avvikelse", "tkr")]
    if has_prev:
        columns.append(Column(f"Bokslut {s.ar - 1}", "tkr"))
    rows = []
    for index, (label, is_cost) in enumerate(s.rader):
        cur = s.utfall[index]
        values: tuple = (cur,)
        if has_budget:
            planned = s.budget[index]
            deviation = (None if planned is None else
                         (planned - cur) if is_cost else (cur - planned))
            values += (planned if planned is not None else "Ej budgeterat",
                       deviation if deviation is not None else "Ej budgeterat")
        if has_prev:
            values += (s.foregaende[index],)
        rows.append(Row(label, values, "total" if label == "Resultat" else "line"))
    return Table("driftsammandrag", "Driftredovisning i sammandrag", "Belopp i tkr", columns,
                 rows, footnote="Avvikelse: positivt tal är bättre än budget. Belopp avrundade "
                 "till tkr så att resultatet är intäkterna minus nettokostnaden.",
                 css_class="sammandrag")


def _note_rows(current: list[Post], previous: list[Post] | None) -> list[Row]:
    names = merged_order([p.namn for p in current], [p.namn for p in previous or []])
    cur = {p.namn: p.summa for p in current}
    prev = {p.namn: p.summa for p in previous} if previous is not None else None
    return [Row(n, (cur.get(n, Decimal(0)),) + ((prev.get(n, Decimal(0)),) if prev is not None
                                                else ())) for n in names]


def _total(label: str, rows: list[Row], kind: str = "sum") -> Row:
    width = len(rows[0].values) if rows else 0
    return Row(label, tuple(sum((r.values[i] for r in rows), Decimal(0)) for i in range(width)),
               kind)


def not_intakter(ctx: Context) -> Table:
    f = ctx.figures
    cur = f.aktuellt.source.utfall.noter.medlemsbidrag
    prev = f.foregaende.source.utfall.noter.medlemsbidrag if f.foregaende else None
    rows = [Row(f"Bidrag från {m.namn}",
                (cur.get(m.id, Decimal(0)),) + ((prev.get(m.id, Decimal(0)),) if prev else ()))
            for m in ctx.forbund.medlemmar]
    rows += _note_rows(f.aktuellt.source.utfall.noter.ovriga_intakter,
                       f.foregaende.source.utfall.noter.ovriga_intakter if f.foregaende else None)
    return Table("not-intakter", ctx.note_caption("not-intakter", "Verksamhetens intäkter"),
                 "Belopp i kr",
                 _year_columns(ctx, lambda y: f"År {y}"), rows + [_total("Summa", rows, "total")])


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
        heading, total = chart.kostnadsgrupp(group).label("not")
        lines = _note_rows(cur.get(group, []), prev.get(group, []) if prev is not None else None)
        sums.append(_total(total, lines))
        rows += [Row(heading, kind="heading"), *lines, sums[-1]]
    return Table("not-kostnader", ctx.note_caption("not-kostnader", "Verksamhetens kostnader"),
                 "Belopp i kr", _year_columns(ctx, lambda y: f"År {y}"),
                 rows + [_total("Summa verksamhetens kostnader", sums, "total")])



def note_table_name(rad: Rad) -> str:
    """The note table a line's specification is placed by: the chart's, or not-<id>."""
    return rad.not_ or f"not-{rad.id}"


def specification(rad: Rad) -> Callable[[Context], Table]:
    """The note specifying one line of the chart: its posts as typed under noter.<id>."""
    def build(ctx: Context) -> Table:
        f = ctx.figures
        cur = f.aktuellt.source.utfall.noter.specifikationer.get(rad.id, [])
        prev = (f.foregaende.source.utfall.noter.specifikationer.get(rad.id, [])
                if f.foregaende else None)
        rows = _note_rows(cur, prev)
        in_rr = rad in f.aktuellt.resultatrakning.kontoplan.resultatrader
        name = note_table_name(rad)
        return Table(name, ctx.note_caption(name, rad.namn), "Belopp i kr",
                     _year_columns(ctx, (lambda y: f"År {y}") if in_rr else
                                   (lambda y: f"{y}-12-31")),
                     rows + [_total(rad.notsumma, rows, "total")])
    return build


def balanskravsutredning(ctx: Context) -> Table:
    b = ctx.figures.balanskrav
    adjustments = [(name, amount) for name, amount in b.justeringar]
    # Rounded top-down so the lines add up to the balanskravsresultat in tkr.
    shown = apportion(to_tkr(b.balanskravsresultat),
                      [b.arets_resultat] + [amount for _, amount in adjustments])
    rows = [Row("Årets resultat enligt resultaträkningen", (shown[0],))]
    if adjustments:
        rows += [Row(f"± {name}", (value,))
                 for (name, _), value in zip(adjustments, shown[1:], strict=True)]
    else:
        rows.append(Row("± Justeringar", (0,)))
    rows.append(Row("= Årets balanskravsresultat", (sum(shown),), "total"))
    return Table("balanskravsutredning", "Balanskravsutredning", "Belopp i tkr",
                 [Column(str(ctx.figures.ar), "tkr")], rows)


def eget_kapital(ctx: Context) -> Table:
    m = ctx.figures.eget_kapital_mal
    return Table(
        "eget-kapital", "Eget kapital i förhållande till årets bidrag", "",
        [Column(str(ctx.figures.ar), "kr")],
        [Row("Eget kapital vid årets slut (kr)", (m.eget_kapital,)),
         Row("Årets erhållna bidrag från medlemmarna (kr)", (m.erhallna_bidrag,)),
         Row("Eget kapital i procent av bidragen", (m.andel,), "sum", format="procent"),
         Row("Målets tak", (m.tak,), format="procent"),
         Row("Målet uppfyllt", ("Ja" if m.uppfyllt else "Nej",), format="text")])


def malsammanfattning(ctx: Context) -> Table:
    rows = []
    for area in ctx.figures.mal.omraden:
        rows.append(Row(area.omrade.rubrik, kind="heading"))
        rows += [Row(r.mal.text, (r.uppfoljning.maluppfyllelse.capitalize() if r.uppfoljning
                                  else "Ej uppföljt",)) for r in area.rader]
    return Table("malsammanfattning", f"Måluppfyllelse {ctx.figures.ar}", "Mål",
                 [Column("Måluppfyllelse", "text")], rows, css_class="goals")


# --- Verksamhetsplan ------------------------------------------------------------------------

def resultatbudget(ctx: Context) -> Table:
    columns = ctx.figures.resultatbudget
    members = ctx.forbund.medlemmar
    with_financial = any(c.finansiella_poster for c in columns)

    def income(c) -> dict[str, Decimal]:
        lines = {m.id: c.medlemsbidrag.get(m.id, Decimal(0)) for m in members}
        if with_financial:
            lines["finansiella"] = c.finansiella_poster
        return lines

    chart = ctx.figures.kontoplan
    rounded = [round_column(c, income(c), order=chart.gruppordning) for c in columns]

    def line_rows(group: str) -> list[Row]:
        names = ordered_union(*(c.kostnader.get(group, {}) for c in columns))
        return [Row(n, tuple(r.grupper.get(group, {}).get(n) for r in rounded)) for n in names]

    rows = [Row("Verksamhetens intäkter", kind="heading")]
    rows += [Row(m.kortnamn or m.namn, tuple(r.intakter[m.id] for r in rounded)) for m in members]
    if with_financial:
        rows.append(Row("Finansiella poster, netto", tuple(r.intakter["finansiella"]
                                                           for r in rounded)))
    rows.append(Row("Summa verksamhetens intäkter", tuple(r.summa_intakter for r in rounded),
                    "sum"))
    for group in chart.kostnadsgrupper:
        if any(group.id in c.kostnader for c in columns):
            heading, total = group.label("budget")
            rows.append(Row(heading, kind="heading"))
            rows += line_rows(group.id)
            rows.append(Row(total, tuple(r.gruppsummor.get(group.id, 0) for r in rounded),
                            "sum"))
    rows.append(Row("Årets resultat", tuple(r.resultat for r in rounded), "total"))
    return Table("resultatbudget", "Resultatbudget och resultatplan", "Belopp i tkr",
                 [Column(c.rubrik, "tkr") for c in columns], rows, css_class="budget")


def _plan_row(label: str, columns: list[Plankolumn], attr: str, kind: str = "line") -> Row:
    return Row(label, tuple(getattr(c, attr) for c in columns), kind)


def _published_note(ctx: Context) -> str:
    f = ctx.figures
    if not f.publicerad:
        return ""
    note = "Tabellen återges som den beslutades."
    if f.avvikelser:
        note += " Den går inte helt ihop: " + " ".join(f.avvikelser)
    return note


def _by_chart(columns: list[Plankolumn]) -> bool:
    """Computed columns carry the chart's lines; a published table has only its typed rows."""
    return all(c.rader is not None for c in columns)


def _flow_rows(columns: list[Plankolumn], section: str) -> list[Row]:
    names = list(dict.fromkeys(name for c in columns for name, _ in getattr(c, section)))
    return [Row(name, tuple(dict(getattr(c, section)).get(name, Decimal(0))
                            if c.has_cash_flow else None for c in columns)) for name in names]


def kassaflodesbudget(ctx: Context) -> Table:
    cols = ctx.figures.kassaflodesbudget
    if _by_chart(cols):
        working = _flow_rows(cols, "rorelsekapital")
        invested, financed = _flow_rows(cols, "investeringar"), _flow_rows(cols, "finansiering")
    else:
        working = [_plan_row("Ökning (−)/minskning (+) kortfristiga fordringar", cols,
                             "forandring_fordringar"),
                   _plan_row("Ökning (+)/minskning (−) kortfristiga skulder", cols,
                             "forandring_skulder")]
        invested = financed = []
    rows = [Row("Den löpande verksamheten", kind="heading"),
            _plan_row("Årets resultat", cols, "arets_resultat"),
            _plan_row("Justering för ej likviditetspåverkande poster", cols, "justeringar"),
            _plan_row("Medel från verksamheten", cols, "medel_fran_verksamheten", "sum"),
            *working]
    if invested or financed:
        rows.append(Row("Kassaflöde från den löpande verksamheten", tuple(
            c.medel_fran_verksamheten + sum((v for _, v in c.rorelsekapital), Decimal(0))
            for c in cols), "sum"))
        if invested:
            rows += [Row("Investeringsverksamheten", kind="heading"), *invested]
        if financed:
            rows += [Row("Finansieringsverksamheten", kind="heading"), *financed]
    else:
        rows.append(_plan_row("Kassaflöde från den löpande verksamheten", cols, "kassaflode",
                              "sum"))
    rows += [_plan_row("Årets kassaflöde", cols, "kassaflode", "sum"),
             _plan_row("Likvida medel vid årets början", cols, "likvida_medel_borjan"),
             _plan_row("Likvida medel vid årets slut", cols, "likvida_medel_slut", "total")]
    return Table(
        "kassaflodesbudget", "Kassaflödesbudget och kassaflödesplan", "Belopp i tkr",
        [Column(c.rubrik, "tkr") for c in cols], rows,
        footnote=_published_note(ctx), css_class="budget")


def balansbudget(ctx: Context) -> Table:
    cols = ctx.figures.balansbudget
    result_row = _plan_row("– därav årets resultat", cols,
                           "darav_arets_resultat" if ctx.figures.publicerad else "arets_resultat",
                           "sub")
    if _by_chart(cols):
        chart = cols[0].kontoplan

        def lines(rader) -> list[Row]:
            return [Row(r.namn, tuple(c.rader.get(r.id, Decimal(0)) for c in cols), "sub")
                    for r in rader if any(c.rader.get(r.id) for c in cols)]
        assets, liabilities = lines(chart.tillgangar), lines(chart.skulder)
        liabilities_total = tuple(c.kortfristiga_skulder + c.avsattningar for c in cols)
    else:
        assets = [_plan_row("Fordringar", cols, "fordringar", "sub"),
                  _plan_row("Kassa och bank", cols, "kassa_och_bank", "sub")]
        liabilities = [_plan_row("Kortfristiga skulder", cols, "kortfristiga_skulder", "sub")]
        liabilities_total = tuple(c.kortfristiga_skulder for c in cols)
    return Table(
        "balansbudget", "Balansbudget och balansplan", "Belopp i tkr",
        [Column(c.rubrik, "tkr") for c in cols],
        [Row("Tillgångar", kind="heading"), *assets,
         _plan_row("Summa tillgångar", cols, "summa_tillgangar", "total"),
         Row("Eget kapital och skulder", kind="heading"),
         _plan_row("Eget kapital", cols, "eget_kapital", "sum"), result_row,
         *liabilities, Row("Summa skulder", liabilities_total, "sum"),
         _plan_row("Summa eget kapital och skulder", cols, "summa_eget_kapital_och_skulder",
                   "total")],
        css_class="budget")


def not_eget_kapital(ctx: Context) -> Table:
    """The eget kapital note: opening balance, members' contributions, the year's result,
    closing balance, for each shown year (all computed)."""
    accounts = _both(ctx, lambda a: a.balansrakning)
    rows = [Row("Ingående eget kapital", tuple(b.ingaende_eget_kapital for b in accounts)),
            Row("Tillskott från medlemmar", tuple(b.tillskott for b in accounts)),
            Row("Årets resultat", tuple(b.arets_resultat for b in accounts)),
            Row("Utgående eget kapital", tuple(b.summa_eget_kapital for b in accounts), "total")]
    if not any(b.tillskott for b in accounts):
        rows.pop(1)
    return Table("not-eget-kapital", ctx.note_caption("not-eget-kapital", "Eget kapital"),
                 "Belopp i kr", _year_columns(ctx, lambda y: f"{y}-12-31"), rows)


def kostnadsfordelning(ctx: Context) -> Table:
    """Costs by category, outcome and budget, in kronor and as shares (whole percent): of
    the total cost by the largest-remainder rule, so that each column adds up to 100 %, or
    of verksamhetens intäkter, the total rounded half up and the categories adding to it."""
    split = ctx.figures.kostnadsfordelning
    val = split.val
    year = ctx.figures.ar
    spent = [split.utfall.get(c, Decimal(0)) for c in split.kategorier]
    of_income = val.andel_av == "intakter"
    shares = (_percent_of(spent, split.intakter) if of_income
              else [Decimal(p) / 100 for p in percent_shares(spent)] + [Decimal(1)])
    columns = [Column(f"Utfall {year}", "kr"),
               Column("Andel av intäkterna" if of_income else "Andel", "procent0")]
    values = [spent + [sum(spent, Decimal(0))], shares]
    if split.budget is not None:
        planned = [split.budget.get(c, Decimal(0)) for c in split.kategorier]
        planned.append(sum(planned, Decimal(0)))
        deviation = [b - u for b, u in zip(planned, values[0], strict=True)]
        if not of_income:
            columns += [Column(f"Budget {year}", "kr"), Column("Andel", "procent0")]
            values += [planned, [Decimal(p) / 100 for p in percent_shares(planned[:-1])]
                       + [Decimal(1)]]
        else:
            columns.append(Column(f"Budget {year}", "kr"))
            values.append(planned)
        shown = [split.publicerad.get(c, d) for c, d in
                 zip([*split.kategorier, ""], deviation, strict=True)]
        columns.append(Column("Avvikelse", "kr"))
        values.append(shown)
        if val.avvikelse_procent:
            columns.append(Column("Avvikelse i % av budget", "procent0"))
            values.append([None if (p := percent_change(d, b)) is None else Decimal(p) / 100
                           for d, b in zip(deviation, planned, strict=True)])
    labels = [*split.kategorier, "Summa kostnader"]
    rows = [Row(label, tuple(column[i] for column in values),
                "total" if i == len(labels) - 1 else "line") for i, label in enumerate(labels)]
    rule = ("Andelarna är andel av verksamhetens intäkter i hela procent; summan avrundad "
            "uppåt från halv procent och kategorierna så att de blir summan (största "
            "rest-metoden)." if of_income else
            "Andelarna är avrundade till hela procent så att varje kolumn blir 100 % "
            "(största rest-metoden).")
    return Table("kostnadsfordelning", "Kostnadsfördelning", "", columns, rows,
                 footnote=f"{rule} Avvikelse: budget minus utfall.", css_class="fordelning")


def _percent_of(parts: list[Decimal], base: Decimal) -> list[Decimal]:
    shares, total = percent_of(parts, base)
    return [Decimal(p) / 100 for p in shares] + [Decimal(total) / 100]


def _tkr(amount: Decimal) -> str:
    from ..common.format import FILTERS
    return f"{FILTERS['tkr'](amount)} tkr"


def _share(value: Decimal, decimals: int = 1) -> str:
    from ..common.format import FILTERS
    return FILTERS["procent"](value, decimals)


def i_korthet(ctx: Context) -> Table:
    """The year at a glance, for the medlemssamråd and the front of the web page: result
    against budget, contributions, eget kapital against its target, soliditet, where the
    money went and the goals reached; every figure from the same data as the report."""
    f = ctx.figures
    prev = f.foregaende
    rows = []
    result = f.resultatrakning.arets_resultat
    compared = "ingen budget i verktyget"
    if f.driftredovisning.resultat.budget is not None:
        planned = f.driftredovisning.budget_resultat_kr
        difference = result - planned
        compared = (f"budget {_tkr(planned)}, {_tkr(abs(difference))} "
                    f"{'bättre' if difference >= 0 else 'sämre'}")
    rows.append(Row("Årets resultat", (_tkr(result), compared)))
    rows.append(Row("Medlemmarnas bidrag", (_tkr(f.medlemsbidrag), (
        f"{_tkr(prev.medlemsbidrag)} året innan" if prev else ""))))
    goal = f.eget_kapital_mal
    target = goal.erhallna_bidrag * goal.tak
    equity_note = f"mål: högst {_share(goal.tak, 0)} av bidragen, {_tkr(target)}"
    if goal.andel is not None:
        equity_note += (f"; nu {_share(goal.andel)}, målet "
                        f"{'nått' if goal.uppfyllt else 'inte nått'}")
    rows.append(Row("Eget kapital", (_tkr(f.balansrakning.summa_eget_kapital), equity_note)))
    rows.append(Row("Soliditet", (_share(f.balansrakning.soliditet), (
        f"{_share(prev.balansrakning.soliditet)} året innan" if prev else ""))))
    split = f.kostnadsfordelning
    if split is not None and split.kategorier:
        spent = [split.utfall.get(c, Decimal(0)) for c in split.kategorier]
        parts = ", ".join(f"{c.lower() if i else c} {p} %" for i, (c, p) in enumerate(
            zip(split.kategorier, percent_shares(spent), strict=True)))
        rows.append(Row("Kostnader", (_tkr(f.resultatrakning.summa_kostnader), parts)))
    outcomes = [r.uppfoljning.maluppfyllelse for area in f.mal.omraden for r in area.rader
                if r.uppfoljning is not None]
    if outcomes:
        rows.append(Row("Mål", (f"{outcomes.count('uppnått')} av {len(outcomes)} uppnådda",
                                f"{outcomes.count('delvis uppnått')} delvis, "
                                f"{outcomes.count('ej uppnått')} ej uppnådda")))
    return Table("i-korthet", f"{f.ar} i korthet", "",
                 [Column(str(f.ar), "text"), Column("Jämfört med", "text")], rows,
                 css_class="korthet")


TABLES: dict[str, dict[str, Callable[[Context], Table]]] = {
    "arsredovisning": {
        "femarsoversikt": femarsoversikt,
        "resultatrakning": resultatrakning,
        "balansrakning": balansrakning,
        "kassaflodesanalys": kassaflodesanalys,
        "driftredovisning": driftredovisning,
        "not-intakter": not_intakter,
        "not-kostnader": not_kostnader,
        "balanskravsutredning": balanskravsutredning,
        "not-eget-kapital": not_eget_kapital,
        "kostnadsfordelning": kostnadsfordelning,
        "driftsammandrag": driftsammandrag,
        "i-korthet": i_korthet,
        "eget-kapital": eget_kapital,
        "malsammanfattning": malsammanfattning,
    },
    "verksamhetsplan": {
        "resultatbudget": resultatbudget,
        "kassaflodesbudget": kassaflodesbudget,
        "balansbudget": balansbudget,
    },
}


def specification_tables(chart: Kontoplan) -> dict[str, Callable[[Context], Table]]:
    """A note table for every line of the chart that the two fixed notes do not cover."""
    fixed = {"not-intakter", "not-kostnader"}
    return {note_table_name(r): specification(r) for r in chart.resultatrader + chart.balansrader
            if note_table_name(r) not in fixed}

