"""The driftredovisning as tables: in full (income, cost and net per line, against budget
and last year) and in brief (driftsammandrag), in tkr rounded so that the lines add up."""
from __future__ import annotations

from collections.abc import Callable

from ...accounts.driftredovisning import Driftrad, Driftredovisning, minus
from ...accounts.resultatkolumn import FINANSIELLA_POSTER
from ...common.amounts import Kolumnslag, Unit
from .base import Column, Context, Row, Table, tkr_values
from .notes import specification_name

UTFALL, BUDGET, AVVIKELSE = Kolumnslag.UTFALL, Kolumnslag.BUDGET, Kolumnslag.AVVIKELSE


def _columns(d: Driftredovisning, has_budget: bool, has_prev: bool
             ) -> tuple[list[Column], list[tuple[str, int]]]:
    """Net only (one figure per period, as a report's "utfall och budget" appendix), or
    income, cost and net under each period's heading."""
    unit = Unit(d.enhet)  # tkr, or kr: the lines in whole kronor
    if d.kolumner == "netto":
        columns = [Column(f"Utfall {d.ar}", unit, UTFALL, d.ar)]
        if has_budget:
            columns += [Column(f"Budget {d.ar}", unit, BUDGET, d.ar),
                        Column("Avvikelse", unit, AVVIKELSE, d.ar)]
        if has_prev:
            columns.append(Column(f"Utfall {d.ar - 1}", unit, UTFALL, d.ar - 1))
        return columns, []

    def three(year: int) -> list[Column]:
        return [Column(header, unit, UTFALL, year) for header in ("Intäkt", "Kostnad", "Netto")]
    columns, groups = three(d.ar), [(f"Utfall {d.ar}", 3)]
    if has_budget:
        columns += [Column("Netto", unit, BUDGET, d.ar), Column("Netto", unit, AVVIKELSE, d.ar)]
        groups += [(f"Budget {d.ar}", 1), (f"Avvikelse {d.ar}", 1)]
    if has_prev:
        columns += three(d.ar - 1)
        groups.append((f"Utfall {d.ar - 1}", 3))
    return columns, groups


def _line_values(d: Driftredovisning, has_budget: bool, has_prev: bool
                 ) -> Callable[[Driftrad], tuple]:
    """A line's figures in the order of the columns; in tkr, rounded already (Tkr)."""
    net_only = d.kolumner == "netto"
    mark = tkr_values if d.enhet == "tkr" else tuple

    def values(r: Driftrad) -> tuple:
        budget = (r.budget, r.avvikelse) if has_budget else ()
        if net_only:
            return mark((r.netto,) + budget + ((r.fg_netto,) if has_prev else ()))
        base = (r.intakt, r.kostnad, r.netto) + budget
        return mark(base + ((r.fg_intakt, r.fg_kostnad, r.fg_netto) if has_prev else ()))
    return values


def _sum_label(group, d: Driftredovisning, financial: Driftrad | None) -> str:
    """A group's sum; the income's, with the financial items inside, says so: it is not the
    resultaträkning's "Verksamhetens intäkter" (one figure per label, issue 31)."""
    if group is d.intakter and financial is not None:
        return "Summa intäkter och finansiella poster"
    return group.summarubrik


def _group_rows(ctx: Context, d: Driftredovisning, group, values: Callable[[Driftrad], tuple],
                financial: Driftrad | None, after: bool) -> list[Row]:
    """A group's heading, its lines (each with its specification's number) and its sum;
    with the financial items after the result, the income without them."""
    lines, group_total = group.rader, group.summa
    if after and group is d.intakter:  # the financial items move below the result
        lines = [r for r in lines if r is not financial]
        group_total = minus(group_total, financial, group_total.namn)
    rows = []
    if d.kostnadssumma and group is d.kostnadsgrupper[0]:
        rows.append(Row("Verksamhetens kostnader", kind="heading"))
    rows.append(Row(group.rubrik, kind="heading"))
    rows += [Row(r.namn, values(r), note=ctx.note(specification_name(r.namn))) for r in lines]
    rows.append(Row(_sum_label(group, d, financial if not after else None),
                    values(group_total), "sum"))
    return rows


def _footnote(d: Driftredovisning, has_budget: bool) -> str:
    return ((f"Budget: {d.budget_benamning}. Avvikelse: positivt tal är bättre än budget "
             "(lägre kostnad eller högre intäkt). " if has_budget else "")
            + ("Belopp avrundade till tkr så att raderna summerar till de avrundade summorna."
               if d.enhet == "tkr" else "Belopp i kronor."))


def driftredovisning(ctx: Context) -> Table:
    d = ctx.figures.driftredovisning
    has_prev, has_budget = ctx.figures.foregaende is not None, d.resultat.budget is not None
    columns, groups = _columns(d, has_budget, has_prev)
    values = _line_values(d, has_budget, has_prev)
    financial = next((r for r in d.intakter.rader if r.namn == FINANSIELLA_POSTER), None)
    after = d.finansiella_poster == "efter" and financial is not None
    rows = [row for group in d.grupper
            for row in _group_rows(ctx, d, group, values, financial, after)]
    if d.kostnadssumma and d.kostnadsgrupper:
        rows.append(Row("Summa verksamhetens kostnader", values(d.summa_kostnader), "sum"))
    if after:
        rows += [Row("Resultat före finansiella poster",
                     values(minus(d.resultat, financial, "")), "sum"),
                 Row("Finansiella poster (netto)", values(financial))]
    rows.append(Row("Resultat", values(d.resultat), "total", id="resultat"))
    return Table("driftredovisning", "Driftredovisning", f"Belopp i {d.enhet}", columns, rows,
                 groups, note_column=any(r.note for r in rows), footnote=_footnote(d, has_budget),
                 css_class="drift")


def _brief_values(s, index: int, is_cost: bool, has_budget: bool, has_prev: bool) -> tuple:
    """One row of the driftsammandrag: outcome, budget and deviation ("better than budget":
    lower cost or higher income), last year."""
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
    return tkr_values(values)


def driftsammandrag(ctx: Context) -> Table:
    """The driftredovisning in brief, in tkr: net cost, the members' contributions, the
    result, closing eget kapital and likvida medel; outcome, budget, deviation, last year."""
    s = ctx.figures.driftsammandrag
    has_budget, has_prev = s.budget is not None, s.foregaende is not None
    columns = [Column(f"Utfall {s.ar}", Unit.TKR, UTFALL, s.ar)]
    if has_budget:
        columns += [Column(f"Budget {s.ar}", Unit.TKR, BUDGET, s.ar),
                    Column("Avvikelse", Unit.TKR, AVVIKELSE, s.ar)]
    if has_prev:
        columns.append(Column(f"Bokslut {s.ar - 1}", Unit.TKR, Kolumnslag.BOKSLUT, s.ar - 1))
    rows = [Row(label, _brief_values(s, index, is_cost, has_budget, has_prev),
                "total" if index == s.resultatrad else "line")
            for index, (label, is_cost) in enumerate(s.rader)]
    return Table("driftsammandrag", "Driftredovisning i sammandrag", "Belopp i tkr", columns,
                 rows, footnote="Avvikelse: positivt tal är bättre än budget. Belopp avrundade "
                 "till tkr så att resultatet är intäkterna minus nettokostnaden.",
                 css_class="sammandrag")
