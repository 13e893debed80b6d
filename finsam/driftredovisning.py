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

from dataclasses import dataclass
from decimal import Decimal

from .resultatkolumn import Resultatkolumn
from .rounding import apportion, to_tkr


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
        return self.fg_kostnad - self.fg_intakt if self.is_cost else self.fg_intakt - self.fg_kostnad

    @property
    def avvikelse(self) -> int | None:
        if self.budget is None:
            return None
        return self.budget - self.netto if self.is_cost else self.netto - self.budget


@dataclass(frozen=True)
class Driftgrupp:
    rubrik: str
    summarubrik: str
    rader: list[Driftrad]
    summa: Driftrad


@dataclass(frozen=True)
class Driftredovisning:
    ar: int
    budget_benamning: str
    intakter: Driftgrupp
    administration: Driftgrupp
    insatser: Driftgrupp
    resultat: Driftrad  # net = intäkter − kostnader
    resultat_kr: Decimal  # exact, for the consistency check against the resultaträkning
    budget_resultat_kr: Decimal
    enhet: str = "tkr"  # the unit of the lines: tkr (rounded by the rule) or kr
    finansiella_poster: str = "inom"  # inom: an income line; efter: after the result

    @property
    def grupper(self) -> list[Driftgrupp]:
        return [self.intakter, self.administration, self.insatser]


@dataclass(frozen=True)
class _Rounded:
    intakter: dict[str, int]
    administration: dict[str, int]
    insatser: dict[str, int]
    summa_intakter: int
    summa_administration: int
    summa_insatser: int


def _exact_column(intakter: dict[str, Decimal], adm: dict[str, Decimal],
                  ins: dict[str, Decimal]) -> _Rounded:
    """One column in whole kronor, as typed: nothing to apportion."""
    def whole(lines: dict[str, Decimal]) -> dict[str, int]:
        return {name: int(value) for name, value in lines.items()}
    return _Rounded(whole(intakter), whole(adm), whole(ins),
                    int(sum(intakter.values(), Decimal(0))), int(sum(adm.values(), Decimal(0))),
                    int(sum(ins.values(), Decimal(0))))


def _round_column(intakter: dict[str, Decimal], adm: dict[str, Decimal],
                  ins: dict[str, Decimal]) -> _Rounded:
    """Round one column top-down: result → intäkter/kostnader → groups → lines."""
    total_in = sum(intakter.values(), Decimal(0))
    total_adm = sum(adm.values(), Decimal(0))
    total_ins = sum(ins.values(), Decimal(0))
    result = to_tkr(total_in - total_adm - total_ins)
    sum_in, minus_cost = apportion(result, [total_in, -(total_adm + total_ins)])
    sum_adm, sum_ins = apportion(-minus_cost, [total_adm, total_ins])
    return _Rounded(
        dict(zip(intakter, apportion(sum_in, list(intakter.values())), strict=True)),
        dict(zip(adm, apportion(sum_adm, list(adm.values())), strict=True)),
        dict(zip(ins, apportion(sum_ins, list(ins.values())), strict=True)),
        sum_in, sum_adm, sum_ins)


def _ordered(*sources: dict) -> list[str]:
    names: list[str] = []
    for source in sources:
        names.extend(name for name in source if name not in names)
    return names


def round_column(column: Resultatkolumn | None, intakter: dict[str, Decimal] | None = None,
                 enhet: str = "tkr") -> _Rounded:
    """Round a result column top-down to tkr (or keep whole kronor); `intakter` overrides its
    income lines."""
    rounder = _round_column if enhet == "tkr" else _exact_column
    if column is None:
        return rounder({}, {}, {})
    return rounder(intakter if intakter is not None else column.drift_intakter,
                   column.administration, column.insatser)


def minus(first: Driftrad, second: Driftrad, namn: str) -> Driftrad:
    """A row that is one row less another, every column (so the table still adds up)."""
    def less(a: int | None, b: int | None) -> int | None:
        return None if a is None else a - (b or 0)
    return Driftrad(namn, first.intakt - second.intakt, first.kostnad - second.kostnad,
                    less(first.budget, second.budget), less(first.fg_intakt, second.fg_intakt),
                    less(first.fg_kostnad, second.fg_kostnad), first.is_cost)


def build_driftredovisning(utfall: Resultatkolumn, foregaende: Resultatkolumn | None,
                           budget: Resultatkolumn | None, enhet: str = "tkr",
                           finansiella_poster: str = "inom") -> Driftredovisning:
    """The driftredovisning in tkr (rounded by the stated rule) or in kronor."""
    cur, prev, bud = (round_column(c, enhet=enhet) for c in (utfall, foregaende, budget))
    has_prev, has_budget = foregaende is not None, budget is not None

    def group(index: int, rubrik: str, summarubrik: str, is_cost: bool) -> Driftgrupp:
        attr = ("intakter", "administration", "insatser")[index]
        c, p, b = getattr(cur, attr), getattr(prev, attr), getattr(bud, attr)
        names = _ordered(b, c, p)  # the budget gives the intended order

        def row(name: str, cv: int, pv: int | None, bv: int | None) -> Driftrad:
            return Driftrad(name, 0 if is_cost else cv, cv if is_cost else 0,
                            bv if has_budget else None,
                            (0 if is_cost else pv) if has_prev else None,
                            (pv if is_cost else 0) if has_prev else None, is_cost)

        rows = [row(n, c.get(n, 0), p.get(n, 0), b.get(n, 0)) for n in names]
        sum_attr = "summa_" + attr
        summa = row(summarubrik, getattr(cur, sum_attr), getattr(prev, sum_attr),
                    getattr(bud, sum_attr))
        return Driftgrupp(rubrik, summarubrik, rows, summa)

    intakter = group(0, "Verksamhetens intäkter", "Summa verksamhetens intäkter", False)
    adm = group(1, "Administrativa kostnader", "Summa administrativa kostnader", True)
    ins = group(2, "Kostnader insatser", "Summa kostnader insatser", True)
    cost = adm.summa.kostnad + ins.summa.kostnad
    fg_cost = (adm.summa.fg_kostnad or 0) + (ins.summa.fg_kostnad or 0)
    budget_net = (intakter.summa.budget or 0) - (adm.summa.budget or 0) - (ins.summa.budget or 0)
    resultat = Driftrad("Resultat", intakter.summa.intakt, cost,
                        budget_net if has_budget else None,
                        intakter.summa.fg_intakt, fg_cost if has_prev else None, is_cost=False)
    return Driftredovisning(utfall.ar, budget.benamning if budget else "", intakter, adm, ins,
                            resultat, utfall.arets_resultat,
                            budget.arets_resultat if budget else Decimal(0), enhet,
                            finansiella_poster)
