"""Stage 3, compute: one document's figures, all derived from what was typed, and checked.

`compute_arsredovisning` and `compute_verksamhetsplan` gather their years from the
ledger and the budgets, build statements and tables, and run every consistency
check; problems from all checks are raised together. Warnings (a goal not yet
followed up, an accepted inconsistency) travel with the figures to the CLI.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from .budgetplan import (Plankolumn, check_columns, closing_column, next_column,
                         published_columns)
from .checks import (check_budget_lines, check_drift, check_drift_income_names,
                     check_history_against_outcome,
                     check_member_shares, check_members, check_new_budget_lines, check_year,
                     known_cost_lines, place)
from .driftredovisning import (Driftredovisning, Driftsammandrag, build_driftredovisning,
                               build_driftsammandrag)
from ..common.errors import BuildError, Problem, attempt, raise_if_any
from ..model.sieutfall import awaited_sie_file
from ..model.kontoplan import Kontoplan
from .statements import ClosingBalance
from .ledger import Ledger, OverviewYear, YearAccounts
from .mal import Malresultat, follow_up
from .resultatkolumn import Resultatkolumn, budget_column, budget_years, drift_lines
from ..common.format import kr
from ..model.budget import BudgetFil
from ..model.dokument import Arsredovisning, Femarsoversikt, Kostnadsfordelningsval, Verksamhetsplan
from ..model.project import Project, Typed


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


def _categories(outcome: YearAccounts) -> tuple[dict[str, str], dict[str, Decimal]]:
    """Each drift line's category (its own, or its cost group's in the chart), and the net
    cost spent per category."""
    chart = outcome.resultatrakning.kontoplan
    category_of: dict[str, str] = {}
    spent: dict[str, Decimal] = {}
    column = outcome.outcome
    for note_group, posts in outcome.source.utfall.noter.kostnader.items():
        for post in drift_lines(posts):
            group = chart.kostnadsgrupp(post.driftgrupp or note_group)
            category_of.setdefault(post.driftpost, post.kategori or group.kategori)
    for group, lines in column.kostnader.items():
        for line, amount in column.netto(group).items():
            category = category_of.get(line) or chart.kostnadsgrupp(group).kategori
            spent[category] = spent.get(category, Decimal(0)) + amount
    return category_of, spent


def cost_split(outcome: YearAccounts, budget: Resultatkolumn | None,
               val: Kostnadsfordelningsval = Kostnadsfordelningsval()) -> Kostnadsfordelning:
    """Each cost line's category (its own, or its group's); a budget line takes the category
    of the outcome line of the same name, or its group's."""
    chart = outcome.resultatrakning.kontoplan
    category_of, spent = _categories(outcome)
    planned = None
    if budget is not None:
        planned = {}
        for group in budget.kostnader:
            for line, amount in budget.netto(group).items():
                category = category_of.get(line) or chart.kostnadsgrupp(group).kategori
                planned[category] = planned.get(category, Decimal(0)) + amount
    # The order the cost note types its lines in (the förbund's own order of categories).
    order = list(dict.fromkeys([*val.ordning, *category_of.values(), *spent, *(planned or {})]))
    return Kostnadsfordelning(order, spent, planned, outcome.outcome.summa_intakter,
                              budget.summa_intakter if budget is not None else None, val,
                              dict(val.publicerad_avvikelse))


def check_published_split(split: Kostnadsfordelning, doc: Arsredovisning,
                          project: Project) -> list[Problem]:
    """A deviation typed as once published must be the computed one (budget − outcome); one
    that is not is a published error, shown as published only where the document accepts it."""
    problems = []
    where = project.document_file(doc)
    for category, published in split.publicerad.items():
        line = where.line("kostnadsfordelning", "publicerad_avvikelse", category) if where else None
        path = where.path if where else None
        if category not in split.kategorier or split.budget is None:
            problems.append(Problem(
                f"Kostnadsfördelningen har ingen kategori '{category}' med budget.", path, line,
                "kategorierna är " + ", ".join(split.kategorier) + "."))
            continue
        planned = split.budget.get(category, Decimal(0))
        spent = split.utfall.get(category, Decimal(0))
        if published != planned - spent:
            problems.append(Problem(
                f"Kostnadsfördelningen: avvikelsen för {category} är publicerad som "
                f"{kr(published)} kr, men budget {kr(planned)} kr − utfall {kr(spent)} kr = "
                f"{kr(planned - spent)} kr.", path, line,
                "ta bort raden så att verktyget räknar, eller godta avvikelsen "
                "('godta_avvikelser: <skäl>') för att återge rapporten som den publicerades."))
    return problems


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

    @property
    def resultatrakning(self):
        return self.aktuellt.resultatrakning

    @property
    def balansrakning(self):
        return self.aktuellt.balansrakning

    @property
    def kassaflode(self):
        return self.aktuellt.kassaflode

    @property
    def medlemsbidrag(self) -> Decimal:
        return self.aktuellt.medlemsbidrag



def budget_line_problems(year: int, source: Typed, project: Project,
                         ledger: Ledger) -> list[Problem]:
    """The budget's cost lines against the förbund's recent lines (checks.known_cost_lines)."""
    outcomes = {y: s.utfall for y, s in ledger.full.items()}
    known, sources = known_cost_lines(year, outcomes, project.budgets,
                                      ledger.kontoplan.gruppordning)
    return check_new_budget_lines(year, source, known, sources)


def _budget_file(project: Project, year: int, needed_by: str) -> Typed:
    if year not in project.budgets:
        raise BuildError(Problem(
            f"Budgeten för {year} saknas; {needed_by} behöver den.", None, None,
            f"skapa content/{year}/verksamhetsplan/budget.yaml (se exemplet för 2022)."))
    return project.budgets[year]


def compute_arsredovisning(doc: Arsredovisning, project: Project,
                           ledger: Ledger) -> ArsredovisningFigures:
    forbund = project.forbund
    current = ledger.accounts(doc.ar)
    previous = ledger.accounts(doc.ar - 1) if doc.ar - 1 in ledger.full else None
    # The budget is the verksamhetsplan's (or its latest revision); a förbund that keeps its
    # budget elsewhere gets a driftredovisning without the budget columns.
    budget_file = project.budgets.get(doc.ar)
    budget = (budget_column(budget_file.model, doc.ar, f"Budget {doc.ar}")
              if budget_file is not None else None)
    drift = build_driftredovisning(current.outcome, previous.outcome if previous else None,
                                   budget, ledger.kontoplan, doc.driftredovisning_enhet,
                                   doc.driftredovisning_finansiella_poster,
                                   doc.driftredovisning_kolumner,
                                   doc.driftredovisning_kostnadssumma)
    years = [current] + ([previous] if previous is not None else [])
    problems = [p for acc in years for p in check_members(acc, forbund)
                + check_drift_income_names(acc)]
    if budget is not None:
        problems += check_budget_lines(budget, budget_file, current.outcome)
    problems += _history_against_outcome(doc, ledger)
    split = cost_split(current, budget, doc.kostnadsfordelning)
    deviations = [p for acc in years for p in check_year(acc)] + check_drift(drift, current, previous)
    deviations += check_published_split(split, doc, project)
    accepted: list[Problem] = []
    if doc.godta_avvikelser:
        accepted = deviations  # reproducing a published report as it was: listed, not hidden
    else:
        problems += deviations
    goals = follow_up(project.goals.get(doc.ar), project.followups.get(doc.ar), doc.ar)
    raise_if_any(problems + goals.problems)
    oversikt = _overview(doc, project, ledger)
    balanskrav = Balanskrav(current.resultatrakning.arets_resultat,
                            [(j.namn, j.belopp) for j in doc.balanskrav_justeringar])
    mal = EgetKapitalMal(current.balansrakning.summa_eget_kapital, current.medlemsbidrag,
                         doc.eget_kapital_tak_procent / 100)
    warnings = list(goals.warnings) + [
        Problem(f"Godtagen avvikelse: {p.message}", p.file, p.line) for p in accepted]
    if not current.source.utfall.ifylld:
        awaited = awaited_sie_file(current.source.file)
        warnings.append(Problem(
            f"Utfallet för {doc.ar} är inte ifyllt än: resultaträkningen står på 0 och "
            "balansräkningen på ingående balans"
            + (f" tills bokföringens SIE-fil {awaited} finns." if awaited else "."),
            current.source.path, current.source.line("ifylld"),
            f"lägg SIE-filen bredvid utfall.yaml som {awaited} och ta bort raden "
            "'ifylld: false'." if awaited else
            "skriv in årets siffror och ta bort raden 'ifylld: false'."))
    return ArsredovisningFigures(doc.ar, current, previous, oversikt, drift, balanskrav, mal,
                                 goals, warnings, [p.for_readers for p in accepted],
                                 doc.femarsoversikt, split,
                                 _brief(current, previous, budget),
                                 ledger.closing(doc.ar - 1) if previous is None else None)


def _history_against_outcome(doc: Arsredovisning, ledger: Ledger) -> list[Problem]:
    """Every year up to the document's that is typed both as history and as an outcome: the
    two must say the same (the outcome is what the tool uses)."""
    with_financial = doc.femarsoversikt.finansiella_poster == "med"
    problems: list[Problem] = []
    for year in sorted(set(ledger.full) & set(ledger.history)):
        if year > doc.ar:
            continue
        # A year whose accounts cannot be computed is reported where they are needed.
        if (acc := attempt([], ledger.accounts, year)) is not None:
            problems += check_history_against_outcome(ledger.history[year], acc,
                                                      with_financial)
    return problems


def _overview(doc: Arsredovisning, project: Project, ledger: Ledger) -> list[OverviewYear]:
    """The five-year overview's years, by the document's definition; a history year that
    cannot give what the definition asks for is a mistake in every such year at once."""
    with_financial = doc.femarsoversikt.finansiella_poster == "med"
    source = project.document_file(doc)
    defined_at = "dokument.yaml"
    if source is not None:
        line = source.line("femarsoversikt", "finansiella_poster")
        defined_at = place(source.path, line if "femarsoversikt" in source.data else None)
    problems: list[Problem] = []
    rows = [attempt(problems, ledger.overview, year, with_financial, defined_at)
            for year in range(doc.ar, doc.ar - 5, -1)]
    raise_if_any(problems)
    return [row for row in rows if row is not None]


def _brief(current: YearAccounts, previous: YearAccounts | None,
           budget: Resultatkolumn | None) -> Driftsammandrag:
    def cash(acc: YearAccounts) -> Decimal:
        return acc.balansrakning.likvida_medel
    before = (previous.outcome, previous.balansrakning.summa_eget_kapital, cash(previous)
              ) if previous is not None else None
    return build_driftsammandrag(current.outcome, current.balansrakning.summa_eget_kapital,
                                 cash(current), before, budget,
                                 current.balansrakning.ingaende_eget_kapital)


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
        columns.append(budget_column(project.budgets[doc.ar - 1].model, doc.ar - 1,
                                     f"Budget {doc.ar - 1}"))
    for year in budget_years(budget):
        if year >= doc.ar:
            label = f"Budget {year}" if year == doc.ar else f"Plan {year}"
            columns.append(budget_column(budget, year, label, latest=False))
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
    first = closing_column(f"Bokslut {doc.ar - 2}", closing)
    if doc.ar - 2 in ledger.full:
        accounts = ledger.accounts(doc.ar - 2)
        first = closing_column(first.rubrik, closing, accounts.kassaflode, accounts.previous)
    columns = [first]
    unit = budget.kronor_per_enhet
    prognos = budget.prognos
    by_year = {c.ar: c for c in results if c.rubrik.startswith(("Budget", "Plan"))}
    for year in range(doc.ar - 1, max(by_year, default=doc.ar) + 1):
        if year == doc.ar - 1 and prognos is not None and prognos.ar == year:
            levels = {line: amount * unit for line, amount in (
                ("fordringar", prognos.fordringar),
                ("kortfristiga_skulder", prognos.kortfristiga_skulder)) if amount is not None}
            columns.append(next_column(columns[-1], f"Prognos {year}",
                                       prognos.arets_resultat * unit, levels))
        elif year in by_year:
            levels = {line: by_year_level[year] * unit
                      for line, by_year_level in budget.rorelsekapital.items()
                      if year in by_year_level}
            columns.append(next_column(columns[-1], by_year[year].rubrik,
                                       by_year[year].arets_resultat, levels))
    return columns


def _check_published_shape(budget: BudgetFil, source: Typed) -> list[Problem]:
    """A published table has every row, with one value per column."""
    from .budgetplan import PUBLISHED_ROWS
    published = budget.publicerad
    where = source.file
    problems = []
    for table, rows in PUBLISHED_ROWS.items():
        typed = getattr(published, table)
        for row in rows:
            if row not in typed:
                problems.append(Problem(f"Raden '{row}' saknas i publicerad {table}.",
                                        where.path, where.line("publicerad", table),
                                        f"lägg till '{row}: [...]' med ett värde per kolumn."))
            elif len(typed[row]) != len(published.kolumner):
                problems.append(Problem(
                    f"Raden '{row}' har {len(typed[row])} värden men tabellen har "
                    f"{len(published.kolumner)} kolumner.", where.path,
                    where.line("publicerad", table, row), "ange ett värde per kolumn."))
        for row in typed:
            if row not in rows:
                problems.append(Problem(f"Okänd rad '{row}' i publicerad {table}.",
                                        where.path, where.line("publicerad", table, row),
                                        "tillåtna rader: " + ", ".join(rows) + "."))
    return problems


def compute_verksamhetsplan(doc: Verksamhetsplan, project: Project,
                            ledger: Ledger) -> VerksamhetsplanFigures:
    source = _budget_file(project, doc.ar, f"verksamhetsplanen {doc.ar}")
    budget: BudgetFil = source.model
    results = _result_columns(doc, budget, project, ledger)
    unit = budget.kronor_per_enhet
    problems: list[Problem] = []
    for column in results:  # this plan's years (last year's budget is its own plan's)
        if column.rubrik.startswith(("Budget", "Plan")) and column.ar >= doc.ar:
            problems += check_member_shares(column, project.forbund, source, unit)
    plan_year = next((c for c in results if c.rubrik == f"Budget {doc.ar}"), None)
    for index, revision in enumerate(budget.revideringar):
        # A revision with its own contributions; one without keeps the plan's (checked above).
        if revision.intakter is not None and plan_year is not None:
            column = replace(plan_year, rubrik=revision.benamning, medlemsbidrag={
                member: amount * unit for member, amount in revision.intakter.items()})
            problems += check_member_shares(column, project.forbund, source, unit,
                                            ("revideringar", index))
    problems += budget_line_problems(doc.ar, source, project, ledger)
    by_label = {c.rubrik: c.arets_resultat for c in results}
    if budget.publicerad is not None:
        problems += _check_published_shape(budget, source)
        raise_if_any(problems)
        plan = published_columns(budget.publicerad.kolumner,
                                 {"kassaflodesbudget": budget.publicerad.kassaflodesbudget,
                                  "balansbudget": budget.publicerad.balansbudget}, unit)
    else:
        plan = _plan_columns(doc, budget, results, ledger, source.file.path)
    found = check_columns(plan, by_label)
    line = source.file.line("publicerad") if budget.publicerad else None
    if found and not doc.godta_avvikelser:
        problems += [Problem(f"Kassaflödes- och balansbudgeten går inte ihop: {text}",
                             source.file.path, line,
                             "rätta siffran, eller skriv 'godta_avvikelser: <skäl>' i "
                             "dokument.yaml för att återge ett gammalt dokument som det var.")
                     for text in found]
    raise_if_any(problems)
    warnings = [Problem(f"Godtagen avvikelse: {text}", source.file.path, line) for text in found]
    goals = follow_up(project.goals.get(doc.ar), None, doc.ar)
    current = next(c for c in results if c.rubrik == f"Budget {doc.ar}")
    plan_years = [c for c in results if c.rubrik.startswith("Plan")]
    return VerksamhetsplanFigures(doc.ar, results, plan, current, plan_years,
                                  goals, budget.publicerad is not None, found, ledger.kontoplan,
                                  warnings)
