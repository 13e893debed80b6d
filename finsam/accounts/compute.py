"""Stage 3, compute: one document's figures, all derived from what was typed.

`compute_arsredovisning` and `compute_verksamhetsplan` gather their years from the
ledger and the budgets and build statements and tables. The rules between the figures run
next, as a step of their own (accounts/consistency.py). Warnings (a goal not yet followed
up, a year not filled in) travel with the figures to the CLI.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from ..common.amounts import Kolumnslag
from ..common.errors import BuildError, Problem, attempt, raise_if_any
from ..model.budget import BudgetFil
from ..model.dokument import Arsredovisning, Femarsoversikt, Kostnadsfordelningsval, Verksamhetsplan
from ..model.kontoplan import Kontoplan
from ..model.project import Project, Typed
from ..model.sieutfall import awaited_sie_file
from ..model.utfall import drift_lines
from .budgetplan import Plankolumn, closing_column, next_column, published_columns
from .checks import place
from .driftredovisning import (
    Driftredovisning,
    Driftsammandrag,
    build_driftredovisning,
    build_driftsammandrag,
)
from .ledger import Ledger, OverviewYear, YearAccounts
from .mal import Malresultat, follow_up
from .resultatkolumn import Resultatkolumn, budget_column, budget_years
from .statements import Balansrakning, ClosingBalance, Kassaflodesanalys, Resultatrakning


@dataclass(frozen=True)
class Balanskrav:
    arets_resultat: Decimal
    justeringar: list[tuple[str, Decimal]]

    @property
    def balanskravsresultat(self) -> Decimal:
        return self.arets_resultat + sum((b for _, b in self.justeringar), Decimal(0))


@dataclass(frozen=True)
class EgetKapitalMal:
    """The financial goal: eget kapital at most a share of the year's contributions."""

    eget_kapital: Decimal
    erhallna_bidrag: Decimal
    tak: Decimal  # a share, 0.20

    @property
    def andel(self) -> Decimal | None:
        """None before any contribution is booked (a new year's empty outcome)."""
        return self.eget_kapital / self.erhallna_bidrag if self.erhallna_bidrag else None

    @property
    def uppfyllt(self) -> bool:
        return self.andel is not None and self.andel <= self.tak


@dataclass(frozen=True)
class Kostnadsfordelning:
    """The year's costs by category, outcome against budget (kronor; shares computed)."""

    kategorier: list[str]
    utfall: dict[str, Decimal]
    budget: dict[str, Decimal] | None
    intakter: Decimal = Decimal(0)  # the year's verksamhetens intäkter (a share's base)
    budget_intakter: Decimal | None = None
    val: Kostnadsfordelningsval = Kostnadsfordelningsval()
    # Deviations as once published (accepted by the document where they differ), by category.
    publicerad: dict[str, Decimal] = field(default_factory=dict)
    ar: int = 0
    ingaende_eget_kapital: Decimal = Decimal(0)  # at the year's start: what it could use

    @property
    def summa_kostnader(self) -> Decimal:
        return sum((self.utfall.get(c, Decimal(0)) for c in self.kategorier), Decimal(0))

    @property
    def budget_summa(self) -> Decimal | None:
        if self.budget is None:
            return None
        return sum((self.budget.get(c, Decimal(0)) for c in self.kategorier), Decimal(0))


def _categories(outcome: YearAccounts) -> tuple[dict[str, str], dict[str, Decimal]]:
    """Each drift line's category (its own, or its cost group's in the chart), and the net
    cost spent per category."""
    chart = outcome.resultatrakning.kontoplan
    category_of: dict[str, str] = {}
    spent: dict[str, Decimal] = {}
    column = outcome.outcome
    for note_group, posts in outcome.source.utfall.noter.kostnader.items():
        for post in drift_lines(posts):
            category = post.kategori or chart.kategori(post.driftgrupp or note_group)
            category_of.setdefault(post.driftpost, category)
    for group in column.kostnader:
        for line, amount in column.netto(group).items():
            category = category_of.get(line) or chart.kategori(group)
            spent[category] = spent.get(category, Decimal(0)) + amount
    return category_of, spent


# A document that says nothing of its cost split: shares of the costs, in the note's order.
STANDARD_SPLIT = Kostnadsfordelningsval()


def cost_split(outcome: YearAccounts, budget: Resultatkolumn | None,
               val: Kostnadsfordelningsval = STANDARD_SPLIT) -> Kostnadsfordelning:
    """Each cost line's category (its own, or its group's); a budget line takes the category
    of the outcome line of the same name, or its group's."""
    chart = outcome.resultatrakning.kontoplan
    category_of, spent = _categories(outcome)
    planned: dict[str, Decimal] | None = None
    if budget is not None:
        planned = {}
        for group in budget.kostnader:
            for line, amount in budget.netto(group).items():
                category = category_of.get(line) or chart.kategori(group)
                planned[category] = planned.get(category, Decimal(0)) + amount
    # The order the cost note types its lines in (the förbund's own order of categories).
    order = list(dict.fromkeys([*val.ordning, *category_of.values(), *spent, *(planned or {})]))
    return Kostnadsfordelning(order, spent, planned, outcome.outcome.summa_intakter,
                              budget.summa_intakter if budget is not None else None, val,
                              dict(val.publicerad_avvikelse), outcome.ar,
                              outcome.balansrakning.ingaende_eget_kapital)


@dataclass(frozen=True)
class ArsredovisningFigures:
    ar: int
    aktuellt: YearAccounts
    foregaende: YearAccounts | None
    oversikt: list[OverviewYear]
    driftredovisning: Driftredovisning
    balanskrav: Balanskrav
    eget_kapital_mal: EgetKapitalMal
    mal: Malresultat
    warnings: list[Problem] = field(default_factory=list)
    avvikelser: list[str] = field(default_factory=list)  # accepted by godta_avvikelser
    oversikt_format: Femarsoversikt = Femarsoversikt()
    kostnadsfordelning: Kostnadsfordelning | None = None
    driftsammandrag: Driftsammandrag | None = None
    # The first year the tool computes: the opening balance (history's balance sheet of the
    # year before), the balansräkning's comparison column.
    ingaende_balans: ClosingBalance | None = None
    # The cost split of the years before, newest first, where the document shows them
    # (tabeller: kostnadsfordelning: ar).
    tidigare_fordelningar: list[Kostnadsfordelning] = field(default_factory=list)

    @property
    def resultatrakning(self) -> Resultatrakning:
        return self.aktuellt.resultatrakning

    @property
    def balansrakning(self) -> Balansrakning:
        return self.aktuellt.balansrakning

    @property
    def kassaflode(self) -> Kassaflodesanalys:
        return self.aktuellt.kassaflode

    @property
    def medlemsbidrag(self) -> Decimal:
        return self.aktuellt.medlemsbidrag



def _budget_file(project: Project, year: int, needed_by: str) -> Typed:
    if year not in project.budgets:
        raise BuildError(Problem(
            f"Budgeten för {year} saknas; {needed_by} behöver den.", None, None,
            f"skapa content/{year}/verksamhetsplan/budget.yaml (se exemplet för 2022)."))
    return project.budgets[year]


def year_budget(project: Project, year: int) -> tuple[Typed, Resultatkolumn] | None:
    """The year's budget as the årsredovisning compares with it: the verksamhetsplan's (or
    its latest revision); None for a förbund that keeps its budget elsewhere."""
    source = project.budgets.get(year)
    if source is None:
        return None
    return source, budget_column(source.model, year)


def compute_arsredovisning(doc: Arsredovisning, project: Project,
                           ledger: Ledger) -> ArsredovisningFigures:
    current = ledger.accounts(doc.ar)
    previous = ledger.accounts(doc.ar - 1) if doc.ar - 1 in ledger.full else None
    planned = year_budget(project, doc.ar)
    budget = planned[1] if planned is not None else None  # without: no budget columns
    drift = build_driftredovisning(current.outcome, previous.outcome if previous else None,
                                   budget, ledger.kontoplan, doc.drift_enhet,
                                   doc.driftredovisning_finansiella_poster,
                                   doc.driftredovisning_kolumner,
                                   doc.driftredovisning_kostnadssumma,
                                   doc.tabellval("driftredovisning").finansiella_poster
                                   == "brutto")
    goals = follow_up(project.goals.get(doc.ar), project.followups.get(doc.ar), doc.ar)
    mal = EgetKapitalMal(current.balansrakning.summa_eget_kapital, current.medlemsbidrag,
                         doc.eget_kapital_tak_procent / 100)
    return ArsredovisningFigures(
        doc.ar, current, previous, _overview(doc, project, ledger), drift,
        _balanskrav(doc, current), mal, goals, goals.warnings + _unfilled(doc, current),
        [], doc.oversikt, cost_split(current, budget, doc.kostnadsfordelning),
        _brief(current, previous, budget,
               doc.tabellval("driftsammandrag").finansiella_poster == "brutto"),
        ledger.closing(doc.ar - 1) if previous is None else None,
        _earlier_splits(doc, project, ledger))


def _earlier_splits(doc: Arsredovisning, project: Project, ledger: Ledger
                    ) -> list[Kostnadsfordelning]:
    """The cost split of each earlier year the document shows beside its own, from that
    year's outcome (the tool's years only: a history year has no cost note)."""
    years = range(doc.ar - 1, doc.ar - (doc.tabellval("kostnadsfordelning").ar or 1), -1)
    missing = [year for year in years if year not in ledger.full]
    if missing:
        source = project.document_file(doc)
        raise BuildError(Problem(
            f"Kostnadsfördelningen ska visa {len(years) + 1} år, men utfallet för "
            f"{', '.join(map(str, missing))} finns inte i verktyget.",
            source.path if source else None,
            source.line("tabeller", "kostnadsfordelning", "ar") if source else None,
            "minska 'ar' eller lägg till content/<år>/utfall.yaml för de åren."))
    return [cost_split(ledger.accounts(year), None, doc.kostnadsfordelning) for year in years]


def _balanskrav(doc: Arsredovisning, current: YearAccounts) -> Balanskrav:
    return Balanskrav(current.resultatrakning.arets_resultat,
                      [(j.namn, j.belopp) for j in doc.balanskrav_justeringar])


def _unfilled(doc: Arsredovisning, current: YearAccounts) -> list[Problem]:
    """A warning for a year not filled in yet: its statements stand at 0 and at the opening
    balance (until the bookkeeping's SIE file comes, where it waits for one)."""
    if current.source.utfall.ifylld:
        return []
    awaited = awaited_sie_file(current.source.file)
    return [Problem(
        f"Utfallet för {doc.ar} är inte ifyllt än: resultaträkningen står på 0 och "
        "balansräkningen på ingående balans"
        + (f" tills bokföringens SIE-fil {awaited} finns." if awaited else "."),
        current.source.path, current.source.line("ifylld"),
        f"lägg SIE-filen bredvid utfall.yaml som {awaited} och ta bort raden "
        "'ifylld: false'." if awaited else
        "skriv in årets siffror och ta bort raden 'ifylld: false'.")]


def overview_definition(doc: Arsredovisning, project: Project) -> str:
    """Where the document defines its five-year overview, for messages: its dokument.yaml,
    at the line of femarsoversikt's finansiella_poster where it is typed."""
    source = project.document_file(doc)
    if source is None:
        return "dokument.yaml"
    line = source.line("femarsoversikt", "finansiella_poster")
    return place(source.path, line if "femarsoversikt" in source.data else None)


def _overview(doc: Arsredovisning, project: Project, ledger: Ledger) -> list[OverviewYear]:
    """The five-year overview's years, by the document's definition; a history year that
    cannot give what the definition asks for is a mistake in every such year at once."""
    with_financial = doc.femarsoversikt.finansiella_poster == "med"
    defined_at = overview_definition(doc, project)
    problems: list[Problem] = []
    rows = [attempt(problems, ledger.overview, year, with_financial, defined_at)
            for year in range(doc.ar, doc.ar - 5, -1)]
    raise_if_any(problems)
    return [row for row in rows if row is not None]


def _brief(current: YearAccounts, previous: YearAccounts | None,
           budget: Resultatkolumn | None, gross: bool = False) -> Driftsammandrag:
    def cash(acc: YearAccounts) -> Decimal:
        return acc.balansrakning.likvida_medel
    before = (previous.outcome, previous.balansrakning.summa_eget_kapital, cash(previous)
              ) if previous is not None else None
    chart = current.resultatrakning.kontoplan
    costs = frozenset(r.namn for r in chart.resultatrader if r.finansiell and r.typ == "kostnad")
    return build_driftsammandrag(current.outcome, current.balansrakning.summa_eget_kapital,
                                 cash(current), before, budget,
                                 current.balansrakning.ingaende_eget_kapital,
                                 costs if gross else None)


@dataclass(frozen=True)
class VerksamhetsplanFigures:
    ar: int
    resultatbudget: list[Resultatkolumn]  # Bokslut Y−2, Budget Y−1, Budget Y, Plan Y+1, …
    balansbudget: list[Plankolumn]  # Bokslut Y−2, Prognos/Budget Y−1, Budget Y, Plan …
    budget: Resultatkolumn  # the budget year, as decided in this plan
    plan: list[Resultatkolumn]
    mal: Malresultat
    publicerad: bool  # the cash-flow and balance budget are typed as once published
    avvikelser: list[str]  # inconsistencies accepted by the document (published ones)
    kontoplan: Kontoplan
    warnings: list[Problem] = field(default_factory=list)

    @property
    def kassaflodesbudget(self) -> list[Plankolumn]:
        return [c for c in self.balansbudget if c.has_cash_flow]


def _result_columns(doc: Verksamhetsplan, budget: BudgetFil, project: Project,
                    ledger: Ledger) -> list[Resultatkolumn]:
    columns = []
    if (outcome := ledger.outcome_column(doc.ar - 2)) is not None:
        columns.append(outcome)
    if doc.ar - 1 in project.budgets:
        columns.append(budget_column(project.budgets[doc.ar - 1].model, doc.ar - 1))
    for year in budget_years(budget):
        if year >= doc.ar:
            slag = Kolumnslag.BUDGET if year == doc.ar else Kolumnslag.PLAN
            columns.append(budget_column(budget, year, slag, latest=False))
    return columns


def _plan_columns(doc: Verksamhetsplan, budget: BudgetFil, results: list[Resultatkolumn],
                  ledger: Ledger, budget_file: Path | None = None) -> list[Plankolumn]:
    """Computed columns: from the last closing balance through each plan year."""
    closing = ledger.closing(doc.ar - 2)
    if closing is None:
        raise BuildError(Problem(
            f"Balansbudgeten behöver utgående balans för {doc.ar - 2}.", budget_file, None,
            f"lägg till content/{doc.ar - 2}/utfall.yaml eller {doc.ar - 2} med "
            "'balansrakning' i content/historik.yaml."))
    first = closing_column(Kolumnslag.BOKSLUT.heading(doc.ar - 2), closing)
    if doc.ar - 2 in ledger.full:
        accounts = ledger.accounts(doc.ar - 2)
        first = closing_column(first.rubrik, closing, accounts.kassaflode, accounts.previous)
    columns = [replace(first, slag=Kolumnslag.BOKSLUT, ar=doc.ar - 2)]
    unit = budget.kronor_per_enhet
    prognos = budget.prognos
    by_year = {c.ar: c for c in results if c.slag.is_budget_or_plan}
    for year in range(doc.ar - 1, max(by_year, default=doc.ar) + 1):
        if year == doc.ar - 1 and prognos is not None and prognos.ar == year:
            levels = {line: amount * unit for line, amount in (
                ("fordringar", prognos.fordringar),
                ("kortfristiga_skulder", prognos.kortfristiga_skulder)) if amount is not None}
            columns.append(replace(next_column(columns[-1], Kolumnslag.PROGNOS.heading(year),
                                               prognos.arets_resultat * unit, levels),
                                   slag=Kolumnslag.PROGNOS, ar=year))
        elif year in by_year:
            levels = {line: by_year_level[year] * unit
                      for line, by_year_level in budget.rorelsekapital.items()
                      if year in by_year_level}
            planned = by_year[year]
            columns.append(replace(next_column(columns[-1], planned.rubrik,
                                               planned.arets_resultat, levels),
                                   slag=planned.slag, ar=year))
    return columns


def _balance_budget(doc: Verksamhetsplan, budget: BudgetFil, results: list[Resultatkolumn],
                    ledger: Ledger, source: Typed) -> list[Plankolumn]:
    """The cash-flow and balance budget: typed as once published, or computed."""
    if budget.publicerad is None:
        return _plan_columns(doc, budget, results, ledger, source.file.path)
    return published_columns(budget.publicerad.kolumner,
                             {"kassaflodesbudget": budget.publicerad.kassaflodesbudget,
                              "balansbudget": budget.publicerad.balansbudget},
                             budget.kronor_per_enhet)


def compute_verksamhetsplan(doc: Verksamhetsplan, project: Project,
                            ledger: Ledger) -> VerksamhetsplanFigures:
    source = _budget_file(project, doc.ar, f"verksamhetsplanen {doc.ar}")
    budget: BudgetFil = source.model
    results = _result_columns(doc, budget, project, ledger)
    plan = _balance_budget(doc, budget, results, ledger, source)
    goals = follow_up(project.goals.get(doc.ar), None, doc.ar)
    current = next(c for c in results if (c.slag, c.ar) == (Kolumnslag.BUDGET, doc.ar))
    plan_years = [c for c in results if c.slag is Kolumnslag.PLAN]
    return VerksamhetsplanFigures(doc.ar, results, plan, current, plan_years,
                                  goals, budget.publicerad is not None, [], ledger.kontoplan)
