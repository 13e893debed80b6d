"""One column of result lines in kronor: a year's outcome, its budget, or a plan year.

The driftredovisning and the verksamhetsplan's resultatbudget are both tables of
such columns; outcome comes from a year's notes (or plain history), budgets and
plans from the verksamhetsplan's budget file, with the latest revision winning.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..common.amounts import Kolumnslag
from ..model.budget import BudgetFil
from ..model.utfall import Utfall, drift_lines

MEDLEMSBIDRAG = "Medlemsbidrag"
FINANSIELLA_POSTER = "Ränteintäkter (netto)"
THOUSAND = Decimal(1000)


def _total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


@dataclass(frozen=True)
class Resultatkolumn:
    ar: int
    rubrik: str  # "Bokslut 2020", "Budget 2022", "Plan 2023"
    medlemsbidrag: dict[str, Decimal]  # member id → kr
    finansiella_poster: Decimal
    # The driftredovisning's cost lines by the chart's cost group, in the chart's order:
    # group id → line → kr (an outcome's cost; a budget's net cost of the line).
    kostnader: dict[str, dict[str, Decimal]]
    benamning: str = ""  # which budget version, said in the driftredovisning
    # Result lines outside the member contributions, the cost note and the financial items,
    # by name, signed (income plus, cost minus): other income, avskrivningar, extraordinary
    # items. They are the driftredovisning's own income lines, so its result is the RR's.
    ovriga: dict[str, Decimal] = field(default_factory=dict)
    # Income typed on a cost line (an EU grant on its project's line): group → line → kr.
    linjeintakter: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    slag: Kolumnslag = Kolumnslag.BUDGET  # a bokslut (outcome), a budget or a plan year
    # The financial items gross, by the chart's line name, signed (an outcome's; a budget
    # has them net only): the driftredovisning's lines where it shows them gross.
    finansiella_rader: dict[str, Decimal] = field(default_factory=dict)
    # Lines typed in tkr (as the source publishes them): group → line → tkr. Shown as typed
    # in a driftredovisning in tkr; their kronor (in `kostnader`) share their post's exact sum.
    tkr_rader: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    @property
    def summa_medlemsbidrag(self) -> Decimal:
        return _total(self.medlemsbidrag.values())

    @property
    def summa_intakter(self) -> Decimal:
        return (self.summa_medlemsbidrag + self.finansiella_poster + _total(self.ovriga.values())
                + _total(v for lines in self.linjeintakter.values() for v in lines.values()))

    def summa(self, group: str) -> Decimal:
        """A cost group's net cost: its lines less the income typed on them."""
        return (_total(self.kostnader.get(group, {}).values())
                - _total(self.linjeintakter.get(group, {}).values()))

    @property
    def kostnadsgrupper(self) -> dict[str, Decimal]:
        """Each cost group's net cost, by id (narrative: budget.kostnadsgrupper.insatser)."""
        return {group: self.summa(group) for group in self.kostnader}

    def __getattr__(self, name: str) -> Decimal:
        """summa_<group>: a cost group's net cost by name (budget.summa_insatser)."""
        if name.startswith("summa_") and "kostnader" in self.__dict__:
            group = name.removeprefix("summa_")
            if group in self.__dict__["kostnader"]:
                return self.summa(group)
        raise AttributeError(name)

    def __dir__(self) -> list[str]:
        """The names narrative can use, summa_<group> included (for its suggestions)."""
        return [*super().__dir__(), *(f"summa_{group}" for group in self.kostnader)]

    @property
    def summa_kostnader(self) -> Decimal:
        return _total(v for lines in self.kostnader.values() for v in lines.values())

    @property
    def arets_resultat(self) -> Decimal:
        return self.summa_intakter - self.summa_kostnader

    @property
    def drift_intakter(self) -> dict[str, Decimal]:
        """The driftredovisning's income lines (income on cost lines stays on its line)."""
        return ({MEDLEMSBIDRAG: self.summa_medlemsbidrag} | self.ovriga
                | {FINANSIELLA_POSTER: self.finansiella_poster})

    @property
    def drift_intakter_brutto(self) -> dict[str, Decimal]:
        """The income lines with the financial items gross, each of the chart's financial
        lines on its own (net where the column has them net only, as a budget)."""
        if not self.finansiella_rader:
            return self.drift_intakter
        return ({MEDLEMSBIDRAG: self.summa_medlemsbidrag} | self.ovriga
                | self.finansiella_rader)

    def netto(self, group: str) -> dict[str, Decimal]:
        """A cost group's lines, net of the income typed on them."""
        income = self.linjeintakter.get(group, {})
        return {line: amount - income.get(line, Decimal(0))
                for line, amount in self.kostnader.get(group, {}).items()}


def _add(lines: dict[str, Decimal], name: str, amount: Decimal) -> None:
    lines[name] = lines.get(name, Decimal(0)) + amount


def cost_lines(utfall: Utfall, order: list[str]) -> dict[str, dict[str, Decimal]]:
    """The cost note's posts as the driftredovisning's lines: group → line → kr, the groups
    in the chart's order."""
    groups: dict[str, dict[str, Decimal]] = {group: {} for group in order}
    for note_group, posts in utfall.noter.kostnader.items():
        for line in drift_lines(posts):
            _add(groups.setdefault(line.driftgrupp or note_group, {}), line.driftpost,
                 line.summa)
    return {group: lines for group, lines in groups.items() if lines}


def tkr_lines(utfall: Utfall) -> dict[str, dict[str, Decimal]]:
    """The cost lines typed in tkr: group → line → tkr as typed (summed by line)."""
    groups: dict[str, dict[str, Decimal]] = {}
    for note_group, posts in utfall.noter.kostnader.items():
        for line in drift_lines(posts):
            if line.typed_tkr is not None:
                _add(groups.setdefault(line.driftgrupp or note_group, {}), line.driftpost,
                     line.typed_tkr)
    return groups


def line_group(utfall: Utfall, line: str) -> str | None:
    """The cost group of a driftredovisning line, found among the cost note's lines."""
    for note_group, posts in utfall.noter.kostnader.items():
        for post in drift_lines(posts):
            if post.driftpost == line:
                return post.driftgrupp or note_group
    return None


def outcome_column(utfall: Utfall, financial_items: Decimal, order: list[str],
                   other: dict[str, Decimal] | None = None,
                   financial_lines: dict[str, Decimal] | None = None) -> Resultatkolumn:
    """A year's outcome: contributions and other income from the income note (an income post
    that names a cost line's group, or a cost line, stays on that line), costs from the cost
    note by drift line, the financial items (net) and any other result lines (`other`,
    signed) from the resultaträkning."""
    income: dict[str, Decimal] = {}
    on_lines: dict[str, dict[str, Decimal]] = {}
    for post in drift_lines(utfall.noter.ovriga_intakter):
        group = post.driftgrupp or line_group(utfall, post.driftpost)
        if group is not None:
            _add(on_lines.setdefault(group, {}), post.driftpost, post.summa)
        else:
            _add(income, post.driftpost, post.summa)
    costs = cost_lines(utfall, order)
    for group, lines in on_lines.items():  # an income line with no cost of its own
        for line in lines:
            costs.setdefault(group, {}).setdefault(line, Decimal(0))
    return Resultatkolumn(utfall.ar, Kolumnslag.BOKSLUT.heading(utfall.ar),
                          dict(utfall.noter.medlemsbidrag), financial_items, costs,
                          ovriga=income | (other or {}), linjeintakter=on_lines,
                          slag=Kolumnslag.BOKSLUT, finansiella_rader=financial_lines or {},
                          tkr_rader=tkr_lines(utfall))


def budget_column(budget: BudgetFil, year: int, slag: Kolumnslag = Kolumnslag.BUDGET,
                  latest: bool = True) -> Resultatkolumn:
    """The budget (or plan) for one year; for the budget year the latest revision by default."""
    unit = budget.kronor_per_enhet
    rubrik = slag.heading(year)

    def pick(lines: dict[str, dict[int, Decimal]]) -> dict[str, Decimal]:
        return {name: by_year[year] * unit for name, by_year in lines.items() if year in by_year}

    column = Resultatkolumn(year, rubrik, pick(budget.intakter),
                            budget.finansiella_poster.get(year, Decimal(0)) * unit,
                            {group: pick(lines) for group, lines in budget.grupper.items()},
                            budget.benamning, slag=slag)
    if latest and budget.revideringar and year == min(_years(budget), default=year):
        revision = budget.revideringar[-1]

        def scale(lines: dict[str, Decimal]) -> dict[str, Decimal]:
            return {k: v * unit for k, v in lines.items()}
        column = Resultatkolumn(
            year, rubrik,
            scale(revision.intakter) if revision.intakter is not None else column.medlemsbidrag,
            (revision.finansiella_poster * unit if revision.finansiella_poster is not None
             else column.finansiella_poster),
            {group: scale(lines) for group, lines in revision.grupper.items()},
            revision.benamning, slag=slag)
    return column


def _years(budget: BudgetFil) -> set[int]:
    return {year for lines in (budget.intakter, *budget.grupper.values())
            for by_year in lines.values() for year in by_year}


def budget_years(budget: BudgetFil) -> list[int]:
    return sorted(_years(budget))
