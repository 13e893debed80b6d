"""The driftredovisning as tables: in full (income, cost and net per line, against budget
and last year) and in brief (driftsammandrag), in tkr rounded so that the lines add up."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ...accounts.driftredovisning import Driftrad, Driftredovisning, minus, plus
from ...accounts.resultatkolumn import FINANSIELLA_POSTER
from ...common.amounts import Kolumnslag, Unit
from ...common.errors import BuildError, Problem
from ...model.tabeller import Delsumma
from .base import Column, Context, Row, Table, tkr_values
from .notes import specification_name
from .presentation import Where, likely

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
        return [Column(header, unit, UTFALL, year, signed=header != "Intäkt",
                       costs=header == "Kostnad") for header in ("Intäkt", "Kostnad", "Netto")]
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


def _sum_label(group, d: Driftredovisning, inside: bool) -> str:
    """A group's sum; the income's, with the financial items inside, says so: it is not the
    resultaträkning's "Verksamhetens intäkter" (one figure per label, issue 31)."""
    if group is d.intakter and inside:
        return "Summa intäkter och finansiella poster"
    return group.summarubrik


def _total_of(rows: list[Driftrad], namn: str) -> Driftrad:
    total = rows[0]
    for row in rows[1:]:
        total = plus(total, row)
    return replace(total, namn=namn)


@dataclass(frozen=True)
class _Shape:
    """What the förbund's table shows beyond the lines: the financial items after the
    result, subtotals after a cost group, a total over all cost groups."""

    financial: list[Driftrad]
    after: bool
    subtotals: dict[str, list[tuple[str, Driftrad]]]  # last group's id → (name, sum)
    total: bool


def _group_rows(ctx: Context, d: Driftredovisning, group, values: Callable[[Driftrad], tuple],
                shape: _Shape) -> list[Row]:
    """A group's heading, its lines (each with its specification's number) and its sum;
    with the financial items after the result, the income without them; a subtotal that
    ends with the group after it."""
    lines, group_total = group.rader, group.summa
    if shape.after and group is d.intakter:  # the financial items move below the result
        lines = [r for r in lines if r not in shape.financial]
        group_total = minus(group_total, _total_of(shape.financial, ""), group_total.namn)
    cost = group is not d.intakter
    rows = []
    if d.kostnadssumma and group is d.kostnadsgrupper[0]:
        rows.append(Row("Verksamhetens kostnader", kind="heading"))
    rows.append(Row(group.rubrik, kind="heading"))
    rows += [Row(r.namn, values(r), note=ctx.note(specification_name(r.namn)), cost=cost)
             for r in lines]
    rows.append(Row(_sum_label(group, d, bool(shape.financial) and not shape.after),
                    values(group_total), "sum", cost=cost))
    rows += [Row(name, values(total), "sum", cost=True)
             for name, total in shape.subtotals.get(group.id, [])]
    return rows


def _footnote(d: Driftredovisning, has_budget: bool) -> str:
    return ((f"Budget: {d.budget_benamning}. Avvikelse: positivt tal är bättre än budget "
             "(lägre kostnad eller högre intäkt). " if has_budget else "")
            + ("Belopp avrundade till tkr så att raderna summerar till de avrundade summorna."
               if d.enhet == "tkr" else "Belopp i kronor."))


def _subtotals(ctx: Context, d: Driftredovisning) -> dict[str, list[tuple[str, Driftrad]]]:
    """The förbund's subtotals (tabeller: delsummor), each over consecutive cost groups of
    the table, shown after the last of them; a group that is not one, or groups that are
    not side by side, an error naming the line."""
    val = ctx.tabeller("driftredovisning")
    ids = [g.id for g in d.kostnadsgrupper]
    by_id = {g.id: g for g in d.kostnadsgrupper}
    where = Where(ctx.source, "driftredovisning") if ctx.source is not None else None
    problems: list[Problem] = []
    subtotals: dict[str, list[tuple[str, Driftrad]]] = {}
    taken: list[tuple[str, set[int]]] = []  # the subtotals before, by the groups they sum
    for index, sub in enumerate(val.delsummor):
        unknown = [g for g in sub.grupper if g not in by_id]
        places = sorted(ids.index(g) for g in sub.grupper if g in by_id)
        if unknown:
            problems += [_problem(where, f"Delsumman '{sub.namn}' nämner kostnadsgruppen "
                                  f"'{g}', som driftredovisningen inte har.", likely(g, ids),
                                  "delsummor", index, "grupper", sub.grupper.index(g))
                         for g in unknown]
        elif places != list(range(places[0], places[0] + len(places))):
            problems.append(_problem(
                where, f"Delsumman '{sub.namn}' summerar grupper som inte står intill "
                "varandra i driftredovisningen.", "ta med grupperna i en följd: "
                + ", ".join(ids) + " (kontoplanens ordning).", "delsummor", index, "grupper"))
        elif problem := _overlap(sub, set(places), len(ids), taken, where, index):
            problems.append(problem)
        else:
            groups = [by_id[ids[i]].summa for i in places]
            subtotals.setdefault(ids[places[-1]], []).append(
                (sub.namn, _total_of(groups, sub.namn)))
        taken.append((sub.namn, set(places)))
    if problems:
        raise BuildError(problems)
    return subtotals


def _overlap(sub: Delsumma, places: set[int], count: int, taken: list[tuple[str, set[int]]],
             where: Where | None, index: int) -> Problem | None:
    """A subtotal of every group repeats the total below it; two that share some groups
    but not all count those twice. One inside another (a part of a part) is fine."""
    if len(places) == count:
        return _problem(where, f"Delsumman '{sub.namn}' summerar alla kostnadsgrupper, som "
                        "summan av verksamhetens kostnader under den redan gör.",
                        "ta bort delsumman, eller låt den summera bara några grupper.",
                        "delsummor", index, "grupper")
    for name, other in taken:
        if places & other and not (places <= other or other <= places):
            return _problem(where, f"Delsummorna '{name}' och '{sub.namn}' summerar delvis "
                            "samma kostnadsgrupper, så de grupperna räknas två gånger.",
                            "låt delsummorna summera skilda grupper (eller den ena en del av "
                            "den andra).", "delsummor", index, "grupper")
    return None


def _problem(where: Where | None, message: str, advice: str, *keys: str | int) -> Problem:
    if where is None:
        return Problem(message, None, None, advice)
    return where.problem(message, advice, *keys)


def _no_tkr_lines_in_kronor(ctx: Context, d: Driftredovisning) -> None:
    """A line typed in tkr has no exact kronor of its own: a driftredovisning in kronor
    would show a figure nobody typed."""
    f = ctx.figures
    typed = [(acc.ar, line) for acc in (f.aktuellt, f.foregaende) if acc is not None
             for lines in acc.outcome.tkr_rader.values() for line in lines]
    if d.enhet != "kr" or not typed:
        return
    source = ctx.source
    older = source is None or "driftredovisning_enhet" in source.data
    year, line = typed[0]
    raise BuildError(Problem(
        f"Driftredovisningen visas i kronor, men raden '{line}' {year} är skriven i tkr "
        "(belopp_tkr) och har inget eget belopp i kronor.",
        source.path if source else None,
        (source.line("driftredovisning_enhet") if older
         else source.line("tabeller", "driftredovisning", "enhet")) if source else None,
        "visa driftredovisningen i tkr, eller skriv radens belopp i kronor (belopp)."))


def driftredovisning(ctx: Context) -> Table:
    d = ctx.figures.driftredovisning
    _no_tkr_lines_in_kronor(ctx, d)
    has_prev, has_budget = ctx.figures.foregaende is not None, d.resultat.budget is not None
    columns, groups = _columns(d, has_budget, has_prev)
    values = _line_values(d, has_budget, has_prev)
    financial = [r for r in d.intakter.rader if r.namn in d.finansiella]
    shape = _Shape(financial, d.finansiella_poster == "efter" and bool(financial),
                   _subtotals(ctx, d), d.kostnadssumma or bool(ctx.tabeller(
                       "driftredovisning").delsummor))
    rows = [row for group in d.grupper for row in _group_rows(ctx, d, group, values, shape)]
    if shape.total and d.kostnadsgrupper:
        rows.append(Row("Summa verksamhetens kostnader", values(d.summa_kostnader), "sum",
                        cost=True))
    if shape.after:
        before = minus(d.resultat, _total_of(financial, ""), "")
        rows += [Row("Resultat före finansiella poster", values(before), "sum")]
        rows += [Row("Finansiella poster (netto)" if r.namn == FINANSIELLA_POSTER else r.namn,
                     values(r)) for r in financial]
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
                "total" if index == s.resultatrad else "line", cost=is_cost)
            for index, (label, is_cost) in enumerate(s.rader)]
    return Table("driftsammandrag", "Driftredovisning i sammandrag", "Belopp i tkr", columns,
                 rows, footnote="Avvikelse: positivt tal är bättre än budget. Belopp avrundade "
                 "till tkr så att resultatet är intäkterna minus nettokostnaden.",
                 css_class="sammandrag")
