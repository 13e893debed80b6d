"""Stage 3b, check figures: the rules between computed figures, what one figure says must
fit another (a note its line, the balance sheet its two sides, the driftredovisning the
resultaträkning, the plan's tables their identities).

Each rule is a small function registered for its kind of document (common/rules.py) and
run on one document's figures once they are computed. A document that reproduces a
published report as it was (godta_avvikelser) accepts the rules marked as deviations: their
problems become warnings, and the report lists them for its readers ([[avvikelser]]).
The rules between files are model/consistency.py's.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Generic, TypeVar

from ..common.amounts import Kolumnslag
from ..common.errors import Problem, attempt, raise_if_any
from ..common.format import kr, tal
from ..common.rules import Findings, Rules
from ..model.budget import BudgetFil
from ..model.dokument import Arsredovisning
from ..model.project import Project, TypedDocument
from .budgetplan import check_columns
from .checks import (
    check_balance,
    check_budget_lines,
    check_cash_flow,
    check_drift,
    check_drift_income_names,
    check_finer_lines,
    check_history_against_outcome,
    check_member_shares,
    check_new_budget_lines,
    check_notes,
    check_tkr_lines,
    check_tkr_places,
    known_cost_lines,
)
from .compute import ArsredovisningFigures, VerksamhetsplanFigures, overview_definition, year_budget
from .ledger import Ledger, YearAccounts

F = TypeVar("F", ArsredovisningFigures, VerksamhetsplanFigures)


@dataclass(frozen=True)
class Computed(Generic[F]):
    """One document's figures with what they were computed from: what a rule checks."""

    document: TypedDocument
    figures: F
    project: Project
    ledger: Ledger


ARSREDOVISNING: Rules[Computed[ArsredovisningFigures]] = Rules()
VERKSAMHETSPLAN: Rules[Computed[VerksamhetsplanFigures]] = Rules()


def check_figures(doc: TypedDocument, figures: F, project: Project, ledger: Ledger) -> F:
    """The rules between the document's figures: their problems raised together, or the
    figures with the deviations the document accepts as warnings and for its readers."""
    findings: Findings
    if isinstance(figures, ArsredovisningFigures):
        findings = ARSREDOVISNING.run(Computed(doc, figures, project, ledger))
    else:
        findings = VERKSAMHETSPLAN.run(Computed(doc, figures, project, ledger))
    accepting = bool(doc.manifest.godta_avvikelser)
    raise_if_any(findings.errors(accepting))
    if not accepting:
        return figures
    return replace(figures, warnings=[*figures.warnings, *findings.accepted()],
                   avvikelser=findings.for_readers())


# --- The årsredovisning ---------------------------------------------------------------------

def _years(c: Computed[ArsredovisningFigures]) -> list[YearAccounts]:
    """The years the årsredovisning shows: its own and, where there is one, last year's."""
    f = c.figures
    return [f.aktuellt] + ([f.foregaende] if f.foregaende is not None else [])


@ARSREDOVISNING.rule
def drift_lines_keep_their_names(c: Computed[ArsredovisningFigures]) -> list[Problem]:
    """No post or line takes the name of the driftredovisning's own lines (the members'
    contributions, the financial items): the members' 3 000 tkr would vanish from it."""
    return [p for acc in _years(c) for p in check_drift_income_names(acc)]


@ARSREDOVISNING.rule
def budget_lines_in_the_outcome(c: Computed[ArsredovisningFigures]) -> list[Problem]:
    """Every line of the year's budget names a driftredovisning line of its outcome."""
    planned = year_budget(c.project, c.figures.ar)
    if planned is None:
        return []
    source, budget = planned
    return check_budget_lines(budget, source, c.figures.aktuellt.outcome)


@ARSREDOVISNING.rule
def history_agrees_with_the_outcome(c: Computed[ArsredovisningFigures]) -> list[Problem]:
    """Every year up to the document's typed both as history and as an outcome says the same
    in both (the outcome is what the tool uses)."""
    doc, ledger = c.document.manifest, c.ledger
    assert isinstance(doc, Arsredovisning)
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


def _in_unit(amount_kr: Decimal, unit: str) -> str:
    """An amount in the unit history was typed in, with the decimals it has (14 178,5 tkr)."""
    amount = amount_kr / 1000 if unit == "tkr" else amount_kr
    decimals = max(0, -int(amount.normalize().as_tuple().exponent))
    return f"{tal(amount, decimals)} {unit}"


@ARSREDOVISNING.rule
def history_result_fits_the_overview(c: Computed[ArsredovisningFigures]) -> list[Problem]:
    """A five-year overview with the financial items in intäkter and kostnader (RKR's): a
    history year's result is their difference, and a typed result that is not shows they
    were published without them (or a figure is wrong)."""
    doc = c.document.manifest
    assert isinstance(doc, Arsredovisning)
    if doc.femarsoversikt.finansiella_poster != "med":
        return []
    problems = []
    for year in range(doc.ar, doc.ar - 5, -1):
        past = c.ledger.history.get(year)
        if year in c.ledger.full or past is None:
            continue
        h = past.historik
        typed, difference = h.arets_resultat_kr, h.intakter_kr - h.kostnader_kr
        if typed is None or typed == difference:
            continue
        unit = "tkr" if h.unit_suffix else "kr"
        problems.append(Problem(
            f"Femårsöversikten visar intäkter och kostnader med finansiella poster "
            f"({overview_definition(doc, c.project)}), så årets resultat {year} är intäkter − "
            f"kostnader = {_in_unit(difference, unit)}, men historik.yaml säger att årets "
            f"resultat var {_in_unit(typed, unit)}.", past.path, past.line,
            "är intäkterna och kostnaderna publicerade utan finansiella poster, skriv "
            "'finansiella_poster: utan' under femarsoversikt i dokument.yaml; annars "
            "rätta den siffra som är fel."))
    return problems


@ARSREDOVISNING.rule
def lines_in_tkr_are_whole(c: Computed[ArsredovisningFigures]) -> list[Problem]:
    """A figure in tkr is a finer line of a post in kronor, a line in tkr is all in tkr, and
    a post's lines in tkr are in one category."""
    return [p for acc in _years(c) for p in check_tkr_places(acc) + check_tkr_lines(acc)]


@ARSREDOVISNING.rule(deviation=True)
def notes_sum_to_their_lines(c: Computed[ArsredovisningFigures]) -> list[Problem]:
    """Every note sums to its statement line, where the line is typed as well."""
    return [p for acc in _years(c) for p in check_notes(acc)]


@ARSREDOVISNING.rule(deviation=True)
def finer_lines_sum_to_their_post(c: Computed[ArsredovisningFigures]) -> list[Problem]:
    """A post typed with both an amount and its finer lines (or specification): they agree."""
    return [p for acc in _years(c) for p in check_finer_lines(acc)]


@ARSREDOVISNING.rule(deviation=True)
def balance_sheet_balances(c: Computed[ArsredovisningFigures]) -> list[Problem]:
    """Assets = eget kapital (rolled forward) + provisions and liabilities."""
    return [p for acc in _years(c) for p in check_balance(acc)]


@ARSREDOVISNING.rule(deviation=True)
def cash_flow_reaches_the_cash(c: Computed[ArsredovisningFigures]) -> list[Problem]:
    """Last year's closing cash + this year's cash flow = this year's likvida medel."""
    return [p for acc in _years(c) for p in check_cash_flow(acc)]


@ARSREDOVISNING.rule(deviation=True)
def drift_result_is_the_resultatrakning(c: Computed[ArsredovisningFigures]) -> list[Problem]:
    """The driftredovisning's result is the resultaträkning's, in each year it shows."""
    f = c.figures
    return check_drift(f.driftredovisning, f.aktuellt, f.foregaende)


@ARSREDOVISNING.rule(deviation=True)
def published_split_is_the_computed(c: Computed[ArsredovisningFigures]) -> list[Problem]:
    """A cost split's deviation typed as once published is the computed one (budget −
    outcome); one that is not is a published error, shown as published only where the
    document accepts it."""
    split, where = c.figures.kostnadsfordelning, c.document.manifest_file
    if split is None:
        return []
    problems = []
    for category, published in split.publicerad.items():
        line = where.line("kostnadsfordelning", "publicerad_avvikelse", category)
        if category not in split.kategorier or split.budget is None:
            problems.append(Problem(
                f"Kostnadsfördelningen har ingen kategori '{category}' med budget.", where.path,
                line, "kategorierna är " + ", ".join(split.kategorier) + "."))
            continue
        planned = split.budget.get(category, Decimal(0))
        spent = split.utfall.get(category, Decimal(0))
        if published != planned - spent:
            problems.append(Problem(
                f"Kostnadsfördelningen: avvikelsen för {category} är publicerad som "
                f"{kr(published)} kr, men budget {kr(planned)} kr − utfall {kr(spent)} kr = "
                f"{kr(planned - spent)} kr.", where.path, line,
                "ta bort raden så att verktyget räknar, eller godta avvikelsen "
                "('godta_avvikelser: <skäl>') för att återge rapporten som den publicerades."))
    return problems


# --- The verksamhetsplan --------------------------------------------------------------------

def _budget(c: Computed[VerksamhetsplanFigures]) -> tuple[BudgetFil, Decimal]:
    model: BudgetFil = c.project.budgets[c.figures.ar].model
    return model, model.kronor_per_enhet


@VERKSAMHETSPLAN.rule
def contributions_follow_the_shares(c: Computed[VerksamhetsplanFigures]) -> list[Problem]:
    """Each member's contribution in the plan's years (its budget year and plan years) is
    its share of the whole (last year's budget is its own plan's)."""
    source, (_, unit) = c.project.budgets[c.figures.ar], _budget(c)
    return [p for column in c.figures.resultatbudget
            if column.slag.is_budget_or_plan and column.ar >= c.figures.ar
            for p in check_member_shares(column, c.project.forbund, source, unit)]


@VERKSAMHETSPLAN.rule
def revised_contributions_follow_the_shares(c: Computed[VerksamhetsplanFigures]
                                            ) -> list[Problem]:
    """A revision with its own contributions: each member's is its share (one without keeps
    the plan's, checked above)."""
    source, (budget, unit) = c.project.budgets[c.figures.ar], _budget(c)
    plan_year = next((col for col in c.figures.resultatbudget
                      if (col.slag, col.ar) == (Kolumnslag.BUDGET, c.figures.ar)), None)
    problems = []
    for index, revision in enumerate(budget.revideringar):
        if revision.intakter is not None and plan_year is not None:
            column = replace(plan_year, rubrik=revision.benamning, medlemsbidrag={
                member: amount * unit for member, amount in revision.intakter.items()})
            problems += check_member_shares(column, c.project.forbund, source, unit,
                                            ("revideringar", index))
    return problems


@VERKSAMHETSPLAN.rule
def budget_lines_known_or_new(c: Computed[VerksamhetsplanFigures]) -> list[Problem]:
    """The budget's cost lines are the förbund's recent lines, or declared new (nya_rader)."""
    year, ledger = c.figures.ar, c.ledger
    outcomes = {y: s.utfall for y, s in ledger.full.items()}
    known, sources = known_cost_lines(year, outcomes, c.project.budgets,
                                      ledger.kontoplan.gruppordning)
    return check_new_budget_lines(year, c.project.budgets[year], known, sources)


def _for_readers(problem: Problem) -> str:
    return problem.for_readers


@VERKSAMHETSPLAN.rule(deviation=True, accepted_as=_for_readers)
def plan_tables_add_up(c: Computed[VerksamhetsplanFigures]) -> list[Problem]:
    """The cash-flow and balance budget keep every identity, column by column (typed as
    once published, they may not: accepted, each is said as its readers read it)."""
    source = c.project.budgets[c.figures.ar].file
    results = {(col.slag, col.ar): col.arets_resultat for col in c.figures.resultatbudget}
    line = source.line("publicerad") if c.figures.publicerad else None
    return [Problem(f"Kassaflödes- och balansbudgeten går inte ihop: {text}", source.path, line,
                    "rätta siffran, eller skriv 'godta_avvikelser: <skäl>' i dokument.yaml för "
                    "att återge ett gammalt dokument som det var.", public=text)
            for text in check_columns(c.figures.balansbudget, results)]

