"""The verksamhetsplan's tables: the result budget and plan (whole tkr, rounded so that the
lines add up), the cash-flow and the balance budget (kronor, shown in tkr)."""
from __future__ import annotations

from decimal import Decimal

from ...accounts.budgetplan import Plankolumn
from ...accounts.driftredovisning import ordered_union, round_column
from ...common.amounts import Unit
from .base import Column, Context, Row, Table, tkr_values


def _column(c) -> Column:
    """A budget column headed as the plan heads it (Bokslut 2020, Budget 2022, Plan 2023)."""
    return Column(c.rubrik, Unit.TKR, c.slag, c.ar)


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

    def row(label: str, values: list, kind: str = "line", id: str = "",
            cost: bool = False) -> Row:
        return Row(label, tkr_values(values), kind, id=id, cost=cost)

    def line_rows(group: str) -> list[Row]:
        names = ordered_union(*(c.kostnader.get(group, {}) for c in columns))
        return [row(n, [r.grupper.get(group, {}).get(n) for r in rounded], cost=True)
                for n in names]

    rows = [Row("Verksamhetens intäkter", kind="heading")]
    rows += [row(m.kortnamn or m.namn, [r.intakter[m.id] for r in rounded]) for m in members]
    if with_financial:
        rows.append(row("Finansiella poster, netto",
                        [r.intakter["finansiella"] for r in rounded]))
    rows.append(row("Summa verksamhetens intäkter", [r.summa_intakter for r in rounded], "sum"))
    for group in chart.kostnadsgrupper:
        if any(group.id in c.kostnader for c in columns):
            heading, label = group.label("budget")
            rows.append(Row(heading, kind="heading"))
            rows += line_rows(group.id)
            rows.append(row(label, [r.gruppsummor.get(group.id, 0) for r in rounded], "sum",
                            cost=True))
    rows.append(row("Årets resultat", [r.resultat for r in rounded], "total", "arets_resultat"))
    return Table("resultatbudget", "Resultatbudget och resultatplan", "Belopp i tkr",
                 [_column(c) for c in columns], rows, css_class="budget")


def _plan_row(label: str, columns: list[Plankolumn], attr: str, kind: str = "line") -> Row:
    return Row(label, tuple(getattr(c, attr) for c in columns), kind, id=attr)


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


def _working_capital(cols: list[Plankolumn]) -> tuple[list[Row], list[Row], list[Row]]:
    """The changes in working capital, investing and financing: by the chart's lines where
    the columns are computed, the two typed rows of a published table otherwise."""
    if _by_chart(cols):
        return (_flow_rows(cols, "rorelsekapital"), _flow_rows(cols, "investeringar"),
                _flow_rows(cols, "finansiering"))
    return ([_plan_row("Ökning (−)/minskning (+) kortfristiga fordringar", cols,
                       "forandring_fordringar"),
             _plan_row("Ökning (+)/minskning (−) kortfristiga skulder", cols,
                       "forandring_skulder")], [], [])


def kassaflodesbudget(ctx: Context) -> Table:
    cols = ctx.figures.kassaflodesbudget
    working, invested, financed = _working_capital(cols)
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
        [_column(c) for c in cols], rows, footnote=_published_note(ctx), css_class="budget")


def _balance_lines(cols: list[Plankolumn]) -> tuple[list[Row], list[Row], tuple]:
    """The assets and the liabilities (by the chart's lines where the columns are computed,
    the typed rows of a published table otherwise), and the liabilities' sum."""
    if _by_chart(cols):
        chart = cols[0].kontoplan

        def lines(rader) -> list[Row]:
            return [Row(r.namn, tuple(c.rader.get(r.id, Decimal(0)) for c in cols), "sub")
                    for r in rader if any(c.rader.get(r.id) for c in cols)]
        return (lines(chart.tillgangar), lines(chart.skulder),
                tuple(c.kortfristiga_skulder + c.avsattningar for c in cols))
    return ([_plan_row("Fordringar", cols, "fordringar", "sub"),
             _plan_row("Kassa och bank", cols, "kassa_och_bank", "sub")],
            [_plan_row("Kortfristiga skulder", cols, "kortfristiga_skulder", "sub")],
            tuple(c.kortfristiga_skulder for c in cols))


def balansbudget(ctx: Context) -> Table:
    cols = ctx.figures.balansbudget
    result_row = _plan_row("– därav årets resultat", cols,
                           "darav_arets_resultat" if ctx.figures.publicerad else "arets_resultat",
                           "sub")
    assets, liabilities, liabilities_total = _balance_lines(cols)
    return Table(
        "balansbudget", "Balansbudget och balansplan", "Belopp i tkr",
        [_column(c) for c in cols],
        [Row("Tillgångar", kind="heading"), *assets,
         _plan_row("Summa tillgångar", cols, "summa_tillgangar", "total"),
         Row("Eget kapital och skulder", kind="heading"),
         _plan_row("Eget kapital", cols, "eget_kapital", "sum"), result_row,
         *liabilities, Row("Summa skulder", liabilities_total, "sum"),
         _plan_row("Summa eget kapital och skulder", cols, "summa_eget_kapital_och_skulder",
                   "total")],
        css_class="budget")
