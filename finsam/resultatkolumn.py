"""One column of result lines in kronor: a year's outcome, its budget, or a plan year.

The driftredovisning and the verksamhetsplan's resultatbudget are both tables of
such columns; outcome comes from a year's notes (or plain history), budgets and
plans from the verksamhetsplan's budget file, with the latest revision winning.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .validate import BudgetFil, Utfall

MEDLEMSBIDRAG = "Medlemsbidrag"
FINANSIELLA_POSTER = "Ränteintäkter (netto)"
THOUSAND = Decimal(1000)


def _total(values) -> Decimal:
    return sum(values, Decimal(0))


@dataclass(frozen=True)
class Resultatkolumn:
    ar: int
    rubrik: str  # "Bokslut 2020", "Budget 2022", "Plan 2023"
    medlemsbidrag: dict[str, Decimal]  # member id → kr
    finansiella_poster: Decimal
    administration: dict[str, Decimal]
    insatser: dict[str, Decimal]
    benamning: str = ""  # which budget version, said in the driftredovisning
    # Result lines outside the member contributions, the cost note and the financial items,
    # by name, signed (income plus, cost minus): other income, avskrivningar, extraordinary
    # items. They are the driftredovisning's own income lines, so its result is the RR's.
    ovriga: dict[str, Decimal] = field(default_factory=dict)

    @property
    def summa_medlemsbidrag(self) -> Decimal:
        return _total(self.medlemsbidrag.values())

    @property
    def summa_intakter(self) -> Decimal:
        return self.summa_medlemsbidrag + self.finansiella_poster + _total(self.ovriga.values())

    @property
    def summa_administration(self) -> Decimal:
        return _total(self.administration.values())

    @property
    def summa_insatser(self) -> Decimal:
        return _total(self.insatser.values())

    @property
    def summa_kostnader(self) -> Decimal:
        return self.summa_administration + self.summa_insatser

    @property
    def arets_resultat(self) -> Decimal:
        return self.summa_intakter - self.summa_kostnader

    @property
    def drift_intakter(self) -> dict[str, Decimal]:
        return ({MEDLEMSBIDRAG: self.summa_medlemsbidrag} | self.ovriga
                | {FINANSIELLA_POSTER: self.finansiella_poster})


def outcome_column(utfall: Utfall, financial_items: Decimal,
                   other: dict[str, Decimal] | None = None) -> Resultatkolumn:
    """A year's outcome: contributions and other income from the income note, costs from the
    cost note grouped by drift line, the financial items (net) and any other result lines
    (`other`, signed) from the resultaträkning."""
    def group(posts) -> dict[str, Decimal]:
        lines: dict[str, Decimal] = {}
        for post in posts:
            lines[post.driftpost] = lines.get(post.driftpost, Decimal(0)) + post.belopp
        return lines

    other_income = {p.namn: p.belopp for p in utfall.noter.ovriga_intakter}
    return Resultatkolumn(utfall.ar, f"Bokslut {utfall.ar}", dict(utfall.noter.medlemsbidrag),
                          financial_items,
                          group(utfall.noter.kostnader.administration),
                          group(utfall.noter.kostnader.insatser),
                          ovriga=other_income | (other or {}))


def budget_column(budget: BudgetFil, year: int, rubrik: str,
                  latest: bool = True) -> Resultatkolumn:
    """The budget (or plan) for one year; for the budget year the latest revision by default."""
    unit = budget.kronor_per_enhet

    def pick(lines: dict[str, dict[int, Decimal]]) -> dict[str, Decimal]:
        return {name: by_year[year] * unit for name, by_year in lines.items() if year in by_year}

    column = Resultatkolumn(year, rubrik, pick(budget.intakter),
                            budget.finansiella_poster.get(year, Decimal(0)) * unit,
                            pick(budget.administration), pick(budget.insatser), budget.benamning)
    if latest and budget.revideringar and year == min(_years(budget), default=year):
        revision = budget.revideringar[-1]
        scale = lambda lines: {k: v * unit for k, v in lines.items()}  # noqa: E731
        column = Resultatkolumn(
            year, rubrik,
            scale(revision.intakter) if revision.intakter is not None else column.medlemsbidrag,
            (revision.finansiella_poster * unit if revision.finansiella_poster is not None
             else column.finansiella_poster),
            scale(revision.administration), scale(revision.insatser), revision.benamning)
    return column


def _years(budget: BudgetFil) -> set[int]:
    return {year for lines in (budget.intakter, budget.administration, budget.insatser)
            for by_year in lines.values() for year in by_year}


def budget_years(budget: BudgetFil) -> list[int]:
    return sorted(_years(budget))
