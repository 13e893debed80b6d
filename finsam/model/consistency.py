"""The rules between files: what one file says must fit what another says.

They run on every file that passed its schema (`TypedFiles`), so that a mistake in one file
does not hide a mistake in another; `check_files` raises the schemas' problems and the rules'
together, or gives the `Project`.
"""
from __future__ import annotations

import difflib
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from ..common.errors import BuildError, Problem
from ..common.format import FILTERS, tal
from ..load.project import RawFile, locate
from .budget import PLAN_YEARS, BudgetFil
from .fields import format_number
from .forbund import Forbund
from .historik import Historik
from .kontoplan import Kontoplan
from .project import OutcomeYear, Project, Typed, TypedDocument, TypedFiles
from .utfall import Utfall


def check_files(files: TypedFiles) -> Project:
    """The files against each other: every problem of the schemas and of the rules raised
    together, or the typed project."""
    problems = files.problems + file_problems(files)
    if problems:
        raise BuildError(problems)
    return files.project()


def file_problems(files: TypedFiles) -> list[Problem]:
    raw, chart, forbund = files.raw, files.chart, files.forbund
    problems = history_unit_problems(files.historik, raw.historik)
    problems += outcome_folder_problems(files.years)
    for document in files.documents:
        problems += document_problems(document, raw.root / "content")
    for year, budget in files.budgets.items():
        problems += budget_year_problems(year, budget)
    if chart is not None:
        problems += line_problems(chart, files.years, files.historik, raw.historik)
        problems += cost_group_problems(chart, files.years, files.budgets)
        problems += working_capital_problems(chart, files.budgets)
    problems += member_share_problems(forbund, raw.forbund)
    if forbund is not None:
        for budget in files.budgets.values():
            problems += budget_income_problems(forbund, budget)
    if chart is not None and not problems and not files.problems:
        problems += history_problems(chart, files.historik, raw.historik)
        problems += scale_problems(chart, files.years, files.historik, raw.historik,
                                   files.budgets)
    return problems


def history_unit_problems(historik: dict[int, Historik], source: RawFile | None
                          ) -> list[Problem]:
    """A history year's result and financial items in the unit of its intäkter and
    kostnader (a figure in the other would be a factor 1 000 off once mixed with them)."""
    problems = []
    for year, model in historik.items():
        for name in model.other_unit():
            unit, right = (("tkr", f"{name}_tkr") if model.unit_suffix else
                           ("kronor", name.removesuffix("_tkr")))
            assert source is not None
            problems.append(Problem(
                f"'{name}' är i en annan enhet än intäkterna och kostnaderna {year}, som "
                f"är skrivna i {unit}.", source.path, locate(source.data, (year, name)),
                f"skriv '{right}: …' i {unit}, som intäkterna och kostnaderna."))
    return problems


def outcome_folder_problems(years: dict[int, OutcomeYear]) -> list[Problem]:
    """utfall.yaml says the year of its folder."""
    return [Problem(f"Filen ligger i mappen {year} men säger 'ar: {model.ar}'.", source.path,
                    locate(source.data, ("ar",)), "rätta årtalet eller flytta filen.")
            for year, (source, model) in years.items() if model.ar != year]


def working_capital_problems(chart: Kontoplan, budgets: dict[int, Typed]) -> list[Problem]:
    """A budget's planned balance levels (rorelsekapital) are of the chart's balance lines."""
    balance_lines = [r.id for r in chart.balansrader]
    problems = []
    for budget in budgets.values():
        for line in budget.model.rorelsekapital:
            if line not in balance_lines:
                close = difflib.get_close_matches(line, balance_lines, n=1)
                problems.append(Problem(
                    f"Raden '{line}' finns inte i kontoplanens balansräkning.",
                    budget.file.path, budget.file.line("rorelsekapital", line),
                    f"menade du '{close[0]}'?" if close else
                    "använd en rad ur kontoplanen (docs/kontoplan.md)."))
    return problems


def document_problems(doc: TypedDocument, content: Path) -> list[Problem]:
    """A document's folder against its manifest: the year, and the sections listed."""
    problems = []
    data = doc.manifest_file.data
    folder_year = doc.folder.parent.name
    if str(doc.manifest.ar) != folder_year:
        problems.append(Problem(
            f"Dokumentet ligger i mappen {folder_year} men dokument.yaml säger 'ar: "
            f"{doc.manifest.ar}'.", doc.manifest_file.path, locate(data, ("ar",)),
            f"skriv 'ar: {folder_year}' om dokumentet gäller {folder_year} (t.ex. efter en "
            "kopiering), eller flytta mappen till rätt år."))
    seen: dict[str, int] = {}
    root = content.resolve()
    for index, name in enumerate(doc.manifest.sektioner):
        line = locate(data, ("sektioner", index))
        path = (doc.folder / name).resolve()
        if name in seen:
            problems.append(Problem(
                f"Avsnittet '{name}' står två gånger under sektioner.",
                doc.manifest_file.path, line, "ta bort den ena raden; annars trycks avsnittet två "
                "gånger."))
        elif not name.lower().endswith(".md"):
            problems.append(Problem(
                f"Avsnittet '{name}' är ingen Markdown-fil (.md).", doc.manifest_file.path, line,
                "lista bara avsnittsfiler som slutar på .md."))
        elif root not in path.parents:
            problems.append(Problem(
                f"Avsnittet '{name}' ligger utanför content/.", doc.manifest_file.path, line,
                "lägg avsnittet i dokumentets mapp och skriv bara filnamnet; filer utanför "
                "projektet (eller länkar dit) tas aldrig med."))
        seen.setdefault(name, index)
    listed = {name.lower() for name in doc.manifest.sektioner}
    for stray in sorted(doc.folder.iterdir()):
        if stray.suffix.lower() == ".md" and stray.name.lower() not in listed:
            problems.append(Problem(
                "Avsnittet finns i mappen men står inte under 'sektioner' i dokument.yaml, "
                "så det skulle inte komma med.", stray, None,
                f"lägg till '- {stray.name}' under sektioner i dokument.yaml, eller ta bort filen."))
    return problems




def budget_year_problems(year: int, budget: Typed) -> list[Problem]:
    """Every amount of a budget belongs to the budget year or one of its plan years: a
    mistyped year ('2203') would otherwise invent a column and drop the year it meant."""
    allowed = range(year, year + PLAN_YEARS + 1)
    shown = ", ".join(str(y) for y in allowed)
    problems = []
    model: BudgetFil = budget.model
    rows = [(("intakter", k), v) for k, v in model.intakter.items()]
    rows += [((group, k), v) for group, lines in model.grupper.items()
             for k, v in lines.items()]
    rows += [(("rorelsekapital", k), v) for k, v in model.rorelsekapital.items()]
    rows.append((("finansiella_poster",), model.finansiella_poster))
    for place, amounts in rows:
        for wrong in sorted(y for y in amounts if y not in allowed):
            problems.append(Problem(
                f"'{' '.join(map(str, place))}' har ett belopp för {wrong}, men budgeten "
                f"{year} gäller bara {shown}.", budget.file.path, locate(budget.file.data, place),
                f"rätta årtalet till ett av {shown}."))
    return problems


# A samordningsförbund's yearly funding lies far inside this range (the smallest about a
# million kronor, the largest some tens of millions). A figure outside it is almost surely
# typed in the wrong unit (kr for tkr or the reverse): a factor of 1 000 either way.
FUNDING_RANGE_KR = (Decimal(100_000), Decimal(1_000_000_000))


def _implausible(total_kr: Decimal) -> bool:
    low, high = FUNDING_RANGE_KR
    return total_kr != 0 and not low <= abs(total_kr) <= high


def _number(value: Decimal, decimals: int) -> str:
    return tal(value, decimals)


def _kr(amount: Decimal) -> str:
    return FILTERS["kr"](amount) + " kr"


def scale_problems(chart: Kontoplan, years: dict[int, tuple[RawFile, Utfall]],
                   historik: dict[int, Historik], historik_file: RawFile | None,
                   budgets: dict[int, Typed]) -> list[Problem]:
    """Figures a factor of 1 000 off: a budget in tkr marked 'enhet: kr', an outcome typed in
    tkr where kronor belong, history in kronor where tkr belong."""
    low, high = (_kr(x) for x in FUNDING_RANGE_KR)
    span = f"ett samordningsförbunds intäkter ligger mellan {low} och {high} om året"
    problems = []
    for year, budget in budgets.items():
        model: BudgetFil = budget.model
        unit = model.kronor_per_enhet
        total = sum((amounts.get(year, Decimal(0)) for amounts in model.intakter.values()),
                    Decimal(0)) * unit
        if _implausible(total):
            other = "tkr" if model.enhet == "kr" else "kr"
            problems.append(Problem(
                f"Medlemmarnas bidrag {year} blir {_kr(total)} med 'enhet: {model.enhet}', men "
                f"{span}.", budget.file.path, locate(budget.file.data, ("enhet",)),
                f"kontrollera enheten: är beloppen skrivna i {other}, skriv 'enhet: {other}'."))
    for year, (source, outcome) in years.items():
        incomes = [r.id for r in chart.resultatrader if r.typ == "intakt" and not r.finansiell]
        income = sum((outcome.resultatrakning.get(i, Decimal(0)) for i in incomes), Decimal(0))
        if outcome.ifylld and _implausible(income):
            first = next((i for i in incomes if i in outcome.resultatrakning), "")
            problems.append(Problem(
                f"Intäkterna {year} är {_kr(income)}, men {span}.", source.path,
                locate(source.data, ("resultatrakning", first)),
                "utfall.yaml skrivs i kronor: skriv beloppen i kr, inte i tkr."))
    for year, entry in historik.items():
        if historik_file is not None and _implausible(entry.intakter_kr):
            key = "intakter_tkr" if entry.intakter_tkr is not None else "intakter"
            problems.append(Problem(
                f"Intäkterna {year} blir {_kr(entry.intakter_kr)}, men {span}.",
                historik_file.path, locate(historik_file.data, (year, key)),
                "historik.yaml skriver intäkter och kostnader i tkr: 3 000 för 3 miljoner kr."))
    return problems


def member_share_problems(forbund: Forbund | None, source: RawFile) -> list[Problem]:
    """The members' shares of the funding add up to 100 % (förbundsordningen), in every year
    a share changes or a member joins."""
    if forbund is None or not forbund.medlemmar:
        return []
    years = sorted({y for m in forbund.medlemmar if isinstance(m.andel_procent, dict)
                    for y in m.andel_procent})
    problems = []
    for year in years or [0]:
        shares = [m.andel(year) for m in forbund.medlemmar]
        total = sum((s for s in shares if s is not None), Decimal(0))
        if total != 100:
            when = f" {year}" if years else ""
            problems.append(Problem(
                f"Medlemmarnas andelar{when} blir sammanlagt {format_number(total)} %, "
                "inte 100 %.", source.path, locate(source.data, ("medlemmar",)),
                "rätta andelarna (andel_procent) enligt förbundsordningen."))
    return problems


def budget_income_problems(forbund: Forbund, budget: Typed) -> list[Problem]:
    """Under a budget's intakter stand the members' contributions, by member id: any other
    line (EU funds, a grant) would be taken for a member's and make every member's share
    look wrong."""
    members = [m.id for m in forbund.medlemmar]
    model: BudgetFil = budget.model
    typed = [(("intakter", key), key) for key in model.intakter]
    typed += [(("revideringar", index, "intakter", key), key)
              for index, revision in enumerate(model.revideringar)
              for key in (revision.intakter or {})]
    problems = []
    for where, key in typed:
        if key in members:
            continue
        close = difflib.get_close_matches(str(key), members, n=1)
        problems.append(Problem(
            f"'{key}' under intakter är ingen medlem i forbund.yaml: där står bara "
            "medlemmarnas bidrag, med medlemmens id.", budget.file.path,
            locate(budget.file.data, where),
            f"menade du '{close[0]}'?" if close else
            "en annan intäkt (EU-medel, ett bidrag) minskar nettokostnaden på den rad den hör "
            "till: räkna in den i radens belopp under kostnadsgruppen (budgetens rader är "
            f"netto). Medlemmarnas id är {', '.join(members)}."))
    return problems


def _as_typed(value: Decimal) -> str:
    """A number with the decimals it was typed with: 61,0 stays 61,0."""
    return format(value, "f").replace(".", ",").replace("-", "\u2212")


def history_problems(chart: Kontoplan, historik: dict[int, Historik],
                     source: RawFile | None) -> list[Problem]:
    """A history year with both a typed soliditet and a balance sheet: they must agree at the
    typed precision, or the balance would silently override what was published."""
    problems = []
    assets = [r.id for r in chart.tillgangar]
    for year, entry in historik.items():
        if source is not None:
            problems += _history_result_problems(year, entry, source)
        typed, balance = entry.soliditet_procent, entry.balansrakning
        if typed is None or balance is None or source is None:
            continue
        total = sum((balance.get(i, Decimal(0)) for i in assets), Decimal(0))
        equity = balance.get("eget_kapital", Decimal(0))
        exponent = typed.as_tuple().exponent
        computed = (equity / total * 100).quantize(Decimal(1).scaleb(exponent),
                                                   rounding=ROUND_HALF_UP)
        if computed != typed:
            problems.append(Problem(
                f"Soliditeten {year} är skriven som {_as_typed(typed)} %, men balansräkningen "
                f"samma år ger {_as_typed(computed)} % (eget kapital {_kr(equity)} av "
                f"tillgångar {_kr(total)}).",
                source.path, locate(source.data, (year, "soliditet_procent")),
                "rätta den av dem som är felskriven, eller ta bort soliditet_procent: den räknas "
                "ut ur balansräkningen."))
    return problems


def _history_result_problems(year: int, entry: Historik, source: RawFile) -> list[Problem]:
    """A history year with both its result and its financial items: intäkter − kostnader +
    finansiella poster is the result, or one of the four is mistyped."""
    suffix = entry.unit_suffix
    typed_result = getattr(entry, f"arets_resultat{suffix}")
    financial = getattr(entry, f"finansiella_poster{suffix}")
    if typed_result is None or financial is None:
        return []
    income, costs = getattr(entry, f"intakter{suffix}"), getattr(entry, f"kostnader{suffix}")
    computed = income - costs + financial
    if computed == typed_result:
        return []
    unit = "tkr" if suffix else "kr"
    number = lambda value: _number(value, max(0, -value.as_tuple().exponent))  # noqa: E731
    return [Problem(
        f"Årets resultat {year} är skrivet som {number(typed_result)} {unit}, men intäkter "
        f"{number(income)} − kostnader {number(costs)} + finansiella poster "
        f"{number(financial)} ger {number(computed)} {unit}.",
        source.path, locate(source.data, (year, f"arets_resultat{suffix}")),
        f"rätta den siffra som är fel, eller skriv bara ett av arets_resultat{suffix} och "
        f"finansiella_poster{suffix}.")]



def cost_group_problems(chart: Kontoplan, years: dict[int, tuple[RawFile, Utfall]],
                        budgets: dict[int, Typed]) -> list[Problem]:
    """Every cost group the notes and budgets name is one of the chart's (a misspelt group
    would drop its lines from the driftredovisning); a post with both an amount and finer
    lines must agree with them."""
    known = chart.gruppordning
    problems = []

    def check(group: str, path: Path, data: Any, where: tuple) -> None:
        if group in known:
            return
        close = difflib.get_close_matches(group, known, n=1)
        problems.append(Problem(
            f"Kostnadsgruppen '{group}' finns inte i kontoplanen.", path, locate(data, where),
            f"menade du '{close[0]}'?" if close else
            f"kostnadsgrupperna är {', '.join(known)}; lägg till gruppen under "
            "'kostnadsgrupper' i content/kontoplan.yaml (se docs/kontoplan.md)."))

    for source, outcome in years.values():
        for group in outcome.noter.kostnader:
            check(group, source.path, source.data, ("noter", "kostnader", group))
        for post, where in outcome.noter.posts_with_place():
            if post.driftgrupp:
                check(post.driftgrupp, source.path, source.data, (*where, "driftgrupp"))
    for budget in budgets.values():
        model: BudgetFil = budget.model
        for group in model.grupper:
            check(group, budget.file.path, budget.file.data, (group,))
        for index, revision in enumerate(model.revideringar):
            for group in revision.grupper:
                check(group, budget.file.path, budget.file.data, ("revideringar", index, group))
    return problems


def line_problems(chart: Kontoplan, years: dict[int, tuple[RawFile, Utfall]],
                  historik: dict[int, Historik], historik_file: RawFile | None) -> list[Problem]:
    """Every typed line is a line of the chart (a misspelt one would drop a figure)."""
    problems = []

    def check(typed: dict, allowed: list[str], path: Path, data: Any, where: tuple) -> None:
        for id in typed:
            if id not in allowed:
                close = difflib.get_close_matches(str(id), allowed, n=1)
                problems.append(Problem(
                    f"Raden '{id}' finns inte i kontoplanens {where[-1]}.", path,
                    locate(data, (*where, id)),
                    f"menade du '{close[0]}'?" if close else
                    "använd en rad ur kontoplanen (docs/kontoplan.md), eller lägg till raden "
                    "i content/kontoplan.yaml."))

    rr = [r.id for r in chart.resultatrader]
    br = [r.id for r in chart.balansrader]
    specified = [i for i in rr + br if i not in ("verksamhetens_intakter",
                                                  "verksamhetens_kostnader")]
    for source, outcome in years.values():
        check(outcome.resultatrakning, rr, source.path, source.data, ("resultatrakning",))
        check(outcome.balansrakning, br, source.path, source.data, ("balansrakning",))
        check(outcome.noter.specifikationer, specified, source.path, source.data, ("noter",))
    for year, entry in historik.items():
        if entry.balansrakning is not None and historik_file is not None:
            check(entry.balansrakning, br + ["eget_kapital"], historik_file.path,
                  historik_file.data, (year, "balansrakning"))
            if "eget_kapital" not in entry.balansrakning:
                problems.append(Problem(
                    f"Balansräkningen för {year} saknar eget_kapital.", historik_file.path,
                    locate(historik_file.data, (year, "balansrakning")),
                    "lägg till 'eget_kapital: …' (utgående eget kapital det året)."))
    return problems
