"""Driftredovisning: outcome per line (intäkt, kostnad, netto), budget, deviation, last year.

Outcome lines come from the cost note's items (each names its drift line), the
members' contributions and the net financial items, so nothing is typed twice.
In tkr (the default) all columns are rounded top-down by the rule in rounding.py, so
every column adds up and the result row equals the resultaträkning's result in tkr; in
kronor (dokument.yaml: driftredovisning_enhet: kr) the lines are shown as typed.
Deviation is "better (+) or worse (−) than budget": outcome − budget for
intäkter and the result, budget − outcome for kostnader.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..common.rounding import apportion, to_tkr
from ..model.kontoplan import Kontoplan, Kostnadsgrupp, Rad
from .resultatkolumn import FINANSIELLA_POSTER, Resultatkolumn


@dataclass(frozen=True)
class Driftrad:
    namn: str
    intakt: int
    kostnad: int
    budget: int | None  # net: income positive, cost positive within the cost groups
    fg_intakt: int | None
    fg_kostnad: int | None
    is_cost: bool

    @property
    def netto(self) -> int:
        return self.kostnad - self.intakt if self.is_cost else self.intakt - self.kostnad

    @property
    def fg_netto(self) -> int | None:
        if self.fg_intakt is None or self.fg_kostnad is None:
            return None
        if self.is_cost:
            return self.fg_kostnad - self.fg_intakt
        return self.fg_intakt - self.fg_kostnad

    @property
    def avvikelse(self) -> int | None:
        if self.budget is None:
            return None
        return self.budget - self.netto if self.is_cost else self.netto - self.budget


@dataclass(frozen=True)
class Driftgrupp:
    id: str  # "intakter", or the chart's cost group id
    rubrik: str
    summarubrik: str
    rader: list[Driftrad]
    summa: Driftrad


@dataclass(frozen=True)
class Driftredovisning:
    ar: int
    budget_benamning: str
    intakter: Driftgrupp
    kostnadsgrupper: list[Driftgrupp]  # in the chart's order; groups without lines left out
    resultat: Driftrad  # net = intäkter − kostnader
    resultat_kr: Decimal  # exact, for the consistency check against the resultaträkning
    budget_resultat_kr: Decimal
    enhet: str = "tkr"  # the unit of the lines: tkr (rounded by the rule) or kr
    finansiella_poster: str = "inom"  # inom: an income line; efter: after the result
    kolumner: str = "detaljerad"  # detaljerad: intäkt, kostnad, netto; netto: one figure
    kostnadssumma: bool = False  # a heading and total over all cost groups
    foregaende_resultat_kr: Decimal | None = None  # last year's column, exact (checked too)
    # The financial items' lines among the income lines: one net line, or gross, each of
    # the chart's financial lines (dokument.yaml: tabeller: finansiella_poster: brutto).
    finansiella: tuple[str, ...] = (FINANSIELLA_POSTER,)

    @property
    def grupper(self) -> list[Driftgrupp]:
        return [self.intakter, *self.kostnadsgrupper]

    @property
    def summa_kostnader(self) -> Driftrad:
        """All cost groups together (a report's "Summa verksamhetskostnader")."""
        total = self.kostnadsgrupper[0].summa
        for group in self.kostnadsgrupper[1:]:
            total = plus(total, group.summa)
        return total


@dataclass(frozen=True)
class _Rounded:
    """One column in whole units: income lines, each cost group's lines (net), the income
    typed on cost lines, and the sums."""

    intakter: dict[str, int]
    grupper: dict[str, dict[str, int]]
    linjeintakter: dict[str, dict[str, int]]
    summa_intakter: int
    gruppsummor: dict[str, int]

    @property
    def resultat(self) -> int:
        return self.summa_intakter - sum(self.gruppsummor.values())


def _total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _exact_column(intakter: dict[str, Decimal], groups: dict[str, dict[str, Decimal]],
                  on_lines: dict[str, dict[str, Decimal]],
                  typed: dict[str, dict[str, Decimal]] | None = None) -> _Rounded:
    """One column in whole kronor, as typed: nothing to apportion."""
    def whole(lines: dict[str, Decimal]) -> dict[str, int]:
        return {name: int(value) for name, value in lines.items()}
    return _Rounded(whole(intakter), {g: whole(lines) for g, lines in groups.items()},
                    {g: whole(lines) for g, lines in on_lines.items()},
                    int(_total(intakter.values())),
                    {g: int(_total(lines.values())) for g, lines in groups.items()})


def _group_lines(total: int, lines: dict[str, Decimal], typed: dict[str, Decimal]
                 ) -> dict[str, int]:
    """A group's lines in tkr adding up to its rounded sum; a line typed in tkr (as the
    source gives it) stays as typed, and the lines in kronor share what it leaves."""
    fixed = {name: int(typed[name]) for name in lines if name in typed}
    free = [name for name in lines if name not in fixed]
    shared = dict(zip(free, apportion(total - sum(fixed.values()),
                                      [lines[name] for name in free]), strict=True))
    return {name: fixed[name] if name in fixed else shared[name] for name in lines}


def _round_column(intakter: dict[str, Decimal], groups: dict[str, dict[str, Decimal]],
                  on_lines: dict[str, dict[str, Decimal]],
                  typed: dict[str, dict[str, Decimal]] | None = None) -> _Rounded:
    """Round one column top-down: result → intäkter/kostnader → groups → lines. A cost
    group's lines are net of the income typed on them; that income is rounded on its own.
    Lines typed in tkr keep their figure: a group of them alone may then differ from its
    sum, rounded from the exact kronor, by the rounding the source did (half a tkr a line)."""
    total_in = _total(intakter.values())
    group_totals = [_total(lines.values()) for lines in groups.values()]
    result = to_tkr(total_in - _total(group_totals))
    sum_in, minus_cost = apportion(result, [total_in, -_total(group_totals)])
    sums = dict(zip(groups, apportion(-minus_cost, group_totals), strict=True))
    return _Rounded(
        dict(zip(intakter, apportion(sum_in, list(intakter.values())), strict=True)),
        {g: _group_lines(sums[g], lines, {
            name: tkr for name, tkr in (typed or {}).get(g, {}).items()
            if name not in on_lines.get(g, {})}) for g, lines in groups.items()},
        {g: {line: to_tkr(v) for line, v in lines.items()} for g, lines in on_lines.items()},
        sum_in, sums)


def ordered_union(*sources: Iterable[str]) -> list[str]:
    """The driftredovisning's order: the first source's (the budget), then what only the
    later ones have, at the end (lines outside the budget after it, as reports show them)."""
    names: list[str] = []
    for source in sources:
        names.extend(name for name in source if name not in names)
    return names


def merged_order(*sources: Iterable[str]) -> list[str]:
    """The names of several columns in one order: the first source's, and a name only a
    later one has placed after the name it follows there (a line the budget lacks stays
    beside its neighbours in the outcome, not at the end)."""
    names: list[str] = []
    for source in sources:
        before = -1
        for name in source:
            if name in names:
                before = names.index(name)
            else:
                before += 1
                names.insert(before, name)
    return names


def round_column(column: Resultatkolumn | None, intakter: dict[str, Decimal] | None = None,
                 enhet: str = "tkr", order: list[str] | None = None) -> _Rounded:
    """Round a result column top-down to tkr (or keep whole kronor); `intakter` overrides its
    income lines; `order` gives the cost groups' order (the chart's)."""
    rounder = _round_column if enhet == "tkr" else _exact_column
    if column is None:
        return rounder({}, {}, {})
    groups = {g: column.netto(g) for g in merged_order(order or [], column.kostnader)
              if g in column.kostnader}
    return rounder(intakter if intakter is not None else column.drift_intakter, groups,
                   column.linjeintakter, column.tkr_rader)


def _combine(first: Driftrad, second: Driftrad, namn: str, sign: int) -> Driftrad:
    def join(a: int | None, b: int | None) -> int | None:
        return None if a is None else a + sign * (b or 0)
    return Driftrad(namn, first.intakt + sign * second.intakt,
                    first.kostnad + sign * second.kostnad, join(first.budget, second.budget),
                    join(first.fg_intakt, second.fg_intakt),
                    join(first.fg_kostnad, second.fg_kostnad), first.is_cost)


def minus(first: Driftrad, second: Driftrad, namn: str) -> Driftrad:
    """A row that is one row less another, every column (so the table still adds up)."""
    return _combine(first, second, namn, -1)


def plus(first: Driftrad, second: Driftrad, namn: str = "") -> Driftrad:
    return _combine(first, second, namn or first.namn, 1)


def _row(name: str, is_cost: bool, cur: tuple[int, int], prev: tuple[int, int] | None,
         budget: int | None) -> Driftrad:
    """A row from (intäkt, kostnad) of the year and last year, and the budget (net)."""
    return Driftrad(name, cur[0], cur[1], budget, prev[0] if prev else None,
                    prev[1] if prev else None, is_cost)


def _cost_group(group: Kostnadsgrupp, cur: _Rounded, prev: _Rounded | None,
                bud: _Rounded | None) -> Driftgrupp:
    """A cost group's rows: each line's income and cost (net + income), the budget's net."""
    def pair(column: _Rounded, line: str) -> tuple[int, int]:
        income = column.linjeintakter.get(group.id, {}).get(line, 0)
        return income, column.grupper.get(group.id, {}).get(line, 0) + income

    def total(column: _Rounded) -> tuple[int, int]:
        income = sum(column.linjeintakter.get(group.id, {}).values())
        return income, column.gruppsummor.get(group.id, 0) + income

    columns = [c for c in (bud, cur, prev) if c is not None]
    names = ordered_union(*(c.grupper.get(group.id, {}) for c in columns))  # the budget's order
    rows = [_row(n, True, pair(cur, n), pair(prev, n) if prev else None,
                 bud.grupper.get(group.id, {}).get(n, 0) if bud else None) for n in names]
    summa = _row(group.summa, True, total(cur), total(prev) if prev else None,
                 bud.gruppsummor.get(group.id, 0) if bud else None)
    return Driftgrupp(group.id, group.namn, group.summa, rows, summa)


def _income_group(cur: _Rounded, prev: _Rounded | None, bud: _Rounded | None,
                  costs: frozenset[str] = frozenset()) -> Driftgrupp:
    """The income lines; a financial cost shown gross (in `costs`) is a cost among them."""
    columns = [c for c in (bud, cur, prev) if c is not None]
    names = ordered_union(*(c.intakter for c in columns))

    def pair(column: _Rounded, name: str) -> tuple[int, int]:
        value = column.intakter.get(name, 0)
        return (0, -value) if name in costs else (value, 0)

    def total(column: _Rounded) -> tuple[int, int]:
        if not costs & set(column.intakter):
            return column.summa_intakter, 0
        pairs = [pair(column, name) for name in column.intakter]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)
    rows = [_row(n, False, pair(cur, n), pair(prev, n) if prev else None,
                 bud.intakter.get(n, 0) if bud else None) for n in names]
    summa = _row("Summa verksamhetens intäkter", False, total(cur),
                 total(prev) if prev else None, bud.summa_intakter if bud else None)
    return Driftgrupp("intakter", "Verksamhetens intäkter", summa.namn, rows, summa)


def _gross_budget(budget: Resultatkolumn, financial: list[Rad]) -> dict[str, Decimal]:
    """A budget's income lines beside outcome shown gross: the budget has its financial
    items net only, so they stand on the financial income line (or, net negative, the
    financial cost line) of the chart, not on a line of their own."""
    lines = dict(budget.drift_intakter)
    net = lines.pop(FINANSIELLA_POSTER, Decimal(0))
    kind = "intakt" if net >= 0 else "kostnad"
    line = next((r.namn for r in financial if r.typ == kind), None)
    if line is None:
        return budget.drift_intakter
    return lines | {line: net}


def _result(intakter: Driftgrupp, groups: list[Driftgrupp], bud: _Rounded | None,
            has_prev: bool) -> Driftrad:
    """The result row: all income (the income typed on cost lines too) less all costs."""
    income = intakter.summa
    cost = sum(g.summa.kostnad for g in groups) + income.kostnad
    cost_income = sum(g.summa.intakt for g in groups)
    fg_cost = sum(g.summa.fg_kostnad or 0 for g in groups) + (income.fg_kostnad or 0)
    fg_income = sum(g.summa.fg_intakt or 0 for g in groups) + (income.fg_intakt or 0)
    return Driftrad("Resultat", income.intakt + cost_income, cost,
                    bud.resultat if bud else None, fg_income if has_prev else None,
                    fg_cost if has_prev else None, is_cost=False)


def _rounded_columns(utfall: Resultatkolumn, foregaende: Resultatkolumn | None,
                     budget: Resultatkolumn | None, chart: Kontoplan, enhet: str,
                     brutto: bool) -> tuple[_Rounded, _Rounded | None, _Rounded | None]:
    """This year's, last year's and the budget's columns rounded (or in kronor), with the
    financial items gross where asked (the budget's, net only, on the chart's line)."""
    order = chart.gruppordning
    financial = [r for r in chart.resultatrader if r.finansiell]

    def rounded(column: Resultatkolumn) -> _Rounded:
        income = column.drift_intakter_brutto if brutto else column.drift_intakter
        return round_column(column, income, enhet=enhet, order=order)
    bud = (round_column(budget, _gross_budget(budget, financial) if brutto else None,
                        enhet=enhet, order=order) if budget else None)
    return rounded(utfall), rounded(foregaende) if foregaende else None, bud


def build_driftredovisning(utfall: Resultatkolumn, foregaende: Resultatkolumn | None,
                           budget: Resultatkolumn | None, chart: Kontoplan, enhet: str = "tkr",
                           finansiella_poster: str = "inom", kolumner: str = "detaljerad",
                           kostnadssumma: bool = False, brutto: bool = False
                           ) -> Driftredovisning:
    """The driftredovisning in tkr (rounded by the stated rule) or in kronor, its cost groups
    in the chart's order; the financial items net (one line) or gross (`brutto`)."""
    cur, prev, bud = _rounded_columns(utfall, foregaende, budget, chart, enhet, brutto)
    financial = [r.namn for r in chart.resultatrader if r.finansiell] if brutto else []
    intakter = _income_group(cur, prev, bud, frozenset(
        r.namn for r in chart.resultatrader if r.finansiell and r.typ == "kostnad"
    ) if brutto else frozenset())
    groups = [_cost_group(g, cur, prev, bud) for g in chart.kostnadsgrupper
              if any(g.id in c.grupper for c in (cur, prev, bud) if c is not None)]
    return Driftredovisning(utfall.ar, budget.benamning if budget else "", intakter, groups,
                            _result(intakter, groups, bud, prev is not None),
                            utfall.arets_resultat,
                            budget.arets_resultat if budget else Decimal(0), enhet,
                            finansiella_poster, kolumner, kostnadssumma,
                            foregaende.arets_resultat if foregaende else None,
                            (FINANSIELLA_POSTER, *financial))


@dataclass(frozen=True)
class Driftsammandrag:
    """The driftredovisning in brief (tkr): each row's outcome, budget (None: not budgeted)
    and last year; rows are (label, is_cost) so that deviation is "better than budget"."""

    ar: int
    rader: list[tuple[str, bool]]
    utfall: list[int | None]
    budget: list[int | None] | None
    foregaende: list[int | None] | None
    resultatrad: int = -1  # which of the rows is the result (the table's total)


def _gross(column: Resultatkolumn, costs: frozenset[str]) -> list[Decimal]:
    """The financial items as [income, cost]: each of the chart's financial lines by its
    kind; a budget, net only, on the side its net falls."""
    if not column.finansiella_rader:
        net = column.finansiella_poster
        return [max(net, Decimal(0)), max(-net, Decimal(0))]
    return [sum((v for n, v in column.finansiella_rader.items() if n not in costs), Decimal(0)),
            -sum((v for n, v in column.finansiella_rader.items() if n in costs), Decimal(0))]


def _brief_column(column: Resultatkolumn, equity: Decimal, cash: Decimal | None,
                  costs: frozenset[str] | None = None) -> tuple[list[int | None], bool]:
    """Net cost, contributions, the financial items (net, or gross: income and cost),
    result rounded top-down so that the result is the contributions less the net cost plus
    the financial items; equity and cash rounded on their own."""
    net_cost = column.summa_medlemsbidrag + column.finansiella_poster - column.arets_resultat
    result = to_tkr(column.arets_resultat)
    financial = [column.finansiella_poster] if costs is None else _gross(column, costs)
    signed = financial if costs is None else [financial[0], -financial[1]]
    contributions, minus_cost, *items = apportion(
        result, [column.summa_medlemsbidrag, -net_cost, *signed])
    shown = items if costs is None else [items[0], -items[1]]
    return ([-minus_cost, contributions, *shown, result, to_tkr(equity),
             to_tkr(cash) if cash is not None else None], any(v != 0 for v in financial))


def build_driftsammandrag(utfall: Resultatkolumn, equity: Decimal, cash: Decimal,
                          foregaende: tuple[Resultatkolumn, Decimal, Decimal] | None,
                          budget: Resultatkolumn | None, opening_equity: Decimal,
                          costs: frozenset[str] | None = None) -> Driftsammandrag:
    """The year in brief: outcome, the budget (its closing eget kapital is the opening one
    plus the budgeted result; likvida medel are not budgeted) and last year; the financial
    items net, or gross where `costs` names the chart's financial cost lines."""
    cur, financial = _brief_column(utfall, equity, cash, costs)
    bud = prev = None
    if budget is not None:
        bud, has = _brief_column(budget, opening_equity + budget.arets_resultat, None, costs)
        financial = financial or has
    if foregaende is not None:
        prev, has = _brief_column(*foregaende, costs)
        financial = financial or has
    items = ([("Finansiella poster", False)] if costs is None else
             [("Finansiella intäkter", False), ("Finansiella kostnader", True)])
    labels = [("Nettokostnad", True), ("Medlemsbidrag", False), *items,
              ("Resultat", False), ("Utgående eget kapital", False), ("Likvida medel", False)]
    keep = [i for i in range(len(labels)) if financial or not 2 <= i < 2 + len(items)]

    def pick(values: list[int | None]) -> list[int | None]:
        return [values[i] for i in keep]
    return Driftsammandrag(utfall.ar, [labels[i] for i in keep], pick(cur),
                           pick(bud) if bud is not None else None,
                           pick(prev) if prev is not None else None,
                           keep.index(2 + len(items)))
