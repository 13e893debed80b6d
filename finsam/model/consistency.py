"""Stage 2b, check files: the rules between files, what one file says must fit another.

Each rule is a small function registered in FILES (common/rules.py), run in the order below
on every file that passed its schema (`TypedFiles`), so that a mistake in one file does not
hide a mistake in another. `check_files` raises the schemas' problems and the rules' together,
or gives the `Project`. The rules between computed figures are accounts/consistency.py's.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..common.errors import BuildError, Problem
from ..common.format import FILTERS, tal
from ..common.rules import Rules
from ..load.project import RawFile, locate
from .budget import PLAN_YEARS, PUBLISHED_ROWS
from .fields import format_number
from .kontoplan import Kontoplan
from .mal import Malfil, Uppfoljning
from .project import Project, TypedFiles
from .statistik import is_sum_label

FILES: Rules[TypedFiles] = Rules()


def check_files(files: TypedFiles) -> Project:
    """The files against each other: every problem of the schemas and of the rules raised
    together, or the typed project."""
    problems = files.problems + FILES.run(files, clean=not files.problems).errors()
    if problems:
        raise BuildError(problems)
    return files.project()


def _did_you_mean(value: Any, known: list[str]) -> str | None:
    close = difflib.get_close_matches(str(value), known, n=1)
    return f"menade du '{close[0]}'?" if close else None


# --- The history ----------------------------------------------------------------------------

@FILES.rule
def history_in_one_unit(files: TypedFiles) -> list[Problem]:
    """A history year's result and financial items are in the unit of its intäkter and
    kostnader (a figure in the other would be a factor 1 000 off once mixed with them)."""
    source = files.raw.historik
    problems = []
    for year, model in files.historik.items():
        for name in model.other_unit():
            unit, right = (("tkr", f"{name}_tkr") if model.unit_suffix else
                           ("kronor", name.removesuffix("_tkr")))
            assert source is not None  # a typed history year came from the file
            problems.append(Problem(
                f"'{name}' är i en annan enhet än intäkterna och kostnaderna {year}, som "
                f"är skrivna i {unit}.", source.path, locate(source.data, (year, name)),
                f"skriv '{right}: …' i {unit}, som intäkterna och kostnaderna."))
    return problems


# --- Files in their folders -----------------------------------------------------------------

@FILES.rule
def outcome_in_its_years_folder(files: TypedFiles) -> list[Problem]:
    """utfall.yaml says the year of its folder."""
    return [Problem(f"Filen ligger i mappen {year} men säger 'ar: {model.ar}'.", source.path,
                    locate(source.data, ("ar",)), "rätta årtalet eller flytta filen.")
            for year, (source, model) in files.years.items() if model.ar != year]


@FILES.rule
def document_in_its_years_folder(files: TypedFiles) -> list[Problem]:
    """dokument.yaml says the year of its folder (a folder copied to a new year would
    otherwise publish the old year)."""
    problems = []
    for doc in files.documents:
        folder_year = doc.folder.parent.name
        if str(doc.manifest.ar) != folder_year:
            problems.append(Problem(
                f"Dokumentet ligger i mappen {folder_year} men dokument.yaml säger 'ar: "
                f"{doc.manifest.ar}'.", doc.manifest_file.path, doc.manifest_file.line("ar"),
                f"skriv 'ar: {folder_year}' om dokumentet gäller {folder_year} (t.ex. efter en "
                "kopiering), eller flytta mappen till rätt år."))
    return problems


@FILES.rule
def sections_listed_once_inside_content(files: TypedFiles) -> list[Problem]:
    """Each section under sektioner is a Markdown file in content/, listed once."""
    root = (files.raw.root / "content").resolve()
    problems = []
    for doc in files.documents:
        path, seen = doc.manifest_file.path, set()
        for index, name in enumerate(doc.manifest.sektioner):
            line = doc.manifest_file.line("sektioner", index)
            if name in seen:
                problems.append(Problem(
                    f"Avsnittet '{name}' står två gånger under sektioner.", path, line,
                    "ta bort den ena raden; annars trycks avsnittet två gånger."))
            elif not name.lower().endswith(".md"):
                problems.append(Problem(
                    f"Avsnittet '{name}' är ingen Markdown-fil (.md).", path, line,
                    "lista bara avsnittsfiler som slutar på .md."))
            elif root not in (doc.folder / name).resolve().parents:
                problems.append(Problem(
                    f"Avsnittet '{name}' ligger utanför content/.", path, line,
                    "lägg avsnittet i dokumentets mapp och skriv bara filnamnet; filer utanför "
                    "projektet (eller länkar dit) tas aldrig med."))
            seen.add(name)
    return problems


@FILES.rule
def every_section_file_listed(files: TypedFiles) -> list[Problem]:
    """A .md file in a document's folder that sektioner does not list would be left out."""
    problems = []
    for doc in files.documents:
        listed = {name.lower() for name in doc.manifest.sektioner}
        for stray in sorted(doc.folder.iterdir()):
            if stray.suffix.lower() == ".md" and stray.name.lower() not in listed:
                problems.append(Problem(
                    "Avsnittet finns i mappen men står inte under 'sektioner' i dokument.yaml, "
                    "så det skulle inte komma med.", stray, None,
                    f"lägg till '- {stray.name}' under sektioner i dokument.yaml, eller ta bort "
                    "filen."))
    return problems


# --- Statistics: sums are computed, never typed ---------------------------------------------

@FILES.rule
def statistics_sum_column_by_name(files: TypedFiles) -> list[Problem]:
    """A column named as a sum (Totalt, Summa …) would be summed again, doubling every total."""
    problems = []
    for name, model, source, at in files.statistics_tables():
        if model.form == "kolumner":
            continue  # its columns are shown as typed: none is summed across
        column = next((c for c in model.kolumnnamn if is_sum_label(c)), None)
        if column is not None:
            problems.append(Problem(
                f"Kolumnen '{column}' i tabellen {name} är en summa; summor räknas ut, så den "
                "skulle räknas två gånger.", source.path,
                source.line(*at, "kolumner", model.kolumnnamn.index(column)),
                "ta bort kolumnen ur 'kolumner' och dess tal ur varje rad."))
    return problems


@FILES.rule
def statistics_sum_column_by_figures(files: TypedFiles) -> list[Problem]:
    """A column that is the sum of the others on every row (the source's own total copied
    as a column, under another name) would be summed again too."""
    problems = []
    for name, model, source, at in files.statistics_tables():
        if any(is_sum_label(c) for c in model.kolumnnamn) or model.form == "kolumner":
            continue  # said by its name; or shown as typed, none summed across
        if (index := model.sum_of_the_others()) is not None:
            names = ", ".join(c for i, c in enumerate(model.kolumnnamn) if i != index)
            problems.append(Problem(
                f"Kolumnen '{model.kolumnnamn[index]}' i tabellen {name} är summan av de andra "
                f"kolumnerna ({names}) på varje rad; summor räknas ut, så den skulle räknas "
                "två gånger.", source.path, source.line(*at, "kolumner", index),
                "ta bort kolumnen ur 'kolumner' och dess tal ur varje rad (verktyget räknar "
                "ut summan)."))
    return problems


@FILES.rule
def statistics_total_is_the_rows_sum(files: TypedFiles) -> list[Problem]:
    """A table's typed whole (totalt) is the sum of its rows, or the shares would not add up
    to 100 %."""
    problems = []
    for name, model, source, at in files.statistics_tables():
        if model.form == "kolumner" or not all(
                isinstance(c, int) for counts in model.rader.values() for c in counts):
            continue  # no one whole; or a value that is no count, said by its row
        total = sum(sum(counts) for counts in model.rader.values())
        if model.totalt is not None and model.totalt != total:
            problems.append(Problem(
                f"Tabellen {name}: raderna blir sammanlagt {total}, men 'totalt' är "
                f"{model.totalt}; andelarna skulle inte bli 100 %.", source.path,
                source.line(*at, "totalt"), "rätta den rad som är felskriven, eller totalt."))
    return problems


# --- Budgets --------------------------------------------------------------------------------

@FILES.rule
def budget_amounts_in_its_years(files: TypedFiles) -> list[Problem]:
    """Every amount of a budget belongs to the budget year or one of its plan years: a
    mistyped year ('2203') would otherwise invent a column and drop the year it meant."""
    problems = []
    for year, model, source in files.budget_files():
        allowed = range(year, year + PLAN_YEARS + 1)
        shown = ", ".join(str(y) for y in allowed)
        rows: list[tuple[tuple[Any, ...], Mapping[int, Decimal]]]
        rows = [(("intakter", k), v) for k, v in model.intakter.items()]
        rows += [((group, k), v) for group, lines in model.grupper.items()
                 for k, v in lines.items()]
        rows += [(("rorelsekapital", k), v) for k, v in model.rorelsekapital.items()]
        rows.append((("finansiella_poster",), model.finansiella_poster))
        for place, amounts in rows:
            for wrong in sorted(y for y in amounts if y not in allowed):
                problems.append(Problem(
                    f"'{' '.join(map(str, place))}' har ett belopp för {wrong}, men budgeten "
                    f"{year} gäller bara {shown}.", source.path, source.line(*place),
                    f"rätta årtalet till ett av {shown}."))
    return problems


@FILES.rule
def published_budget_tables_complete(files: TypedFiles) -> list[Problem]:
    """A cash-flow and balance budget typed as once published has every row of its table,
    with one value per column."""
    problems = []
    for _, model, where in files.budget_files():
        if model.publicerad is None:
            continue
        columns = len(model.publicerad.kolumner)
        for table, rows in PUBLISHED_ROWS.items():
            typed: dict[str, list[Decimal]] = getattr(model.publicerad, table)
            for row in rows:
                if row not in typed:
                    problems.append(Problem(
                        f"Raden '{row}' saknas i publicerad {table}.", where.path,
                        where.line("publicerad", table),
                        f"lägg till '{row}: [...]' med ett värde per kolumn."))
                elif len(typed[row]) != columns:
                    problems.append(Problem(
                        f"Raden '{row}' har {len(typed[row])} värden men tabellen har "
                        f"{columns} kolumner.", where.path,
                        where.line("publicerad", table, row), "ange ett värde per kolumn."))
            problems += [Problem(f"Okänd rad '{row}' i publicerad {table}.", where.path,
                                 where.line("publicerad", table, row),
                                 "tillåtna rader: " + ", ".join(rows) + ".")
                         for row in typed if row not in rows]
    return problems


# --- Lines and cost groups are the chart's ------------------------------------------------

def _unknown_line(id: Any, allowed: list[str], table: str, source: RawFile,
                  where: tuple[Any, ...]) -> Problem:
    return Problem(
        f"Raden '{id}' finns inte i kontoplanens {table}.", source.path, source.line(*where),
        _did_you_mean(id, allowed) or "använd en rad ur kontoplanen (docs/kontoplan.md), "
        "eller lägg till raden i content/kontoplan.yaml.")


@FILES.rule
def outcome_lines_in_the_chart(files: TypedFiles) -> list[Problem]:
    """Every line an outcome types is a line of the chart (a misspelt one would drop a
    figure): in its statements, and as the id of a line's note."""
    chart = files.chart
    if chart is None:
        return []
    rr = [r.id for r in chart.resultatrader]
    br = [r.id for r in chart.balansrader]
    specified = [i for i in rr + br if i not in ("verksamhetens_intakter",
                                                  "verksamhetens_kostnader")]
    problems = []
    for source, outcome in files.years.values():
        for typed, allowed, table in ((outcome.resultatrakning, rr, "resultatrakning"),
                                      (outcome.balansrakning, br, "balansrakning"),
                                      (outcome.noter.specifikationer, specified, "noter")):
            problems += [_unknown_line(id, allowed, table, source, (table, id))
                         for id in typed if id not in allowed]
    return problems


@FILES.rule
def history_balance_lines_in_the_chart(files: TypedFiles) -> list[Problem]:
    """A history year's closing balance is typed by the chart's balance lines, with its
    eget kapital."""
    source = files.raw.historik
    if files.chart is None or source is None:
        return []
    allowed = [r.id for r in files.chart.balansrader] + ["eget_kapital"]
    problems = []
    for year, entry in files.historik.items():
        if entry.balansrakning is None:
            continue
        problems += [_unknown_line(id, allowed, "balansrakning", source,
                                   (year, "balansrakning", id))
                     for id in entry.balansrakning if id not in allowed]
        if "eget_kapital" not in entry.balansrakning:
            problems.append(Problem(
                f"Balansräkningen för {year} saknar eget_kapital.", source.path,
                source.line(year, "balansrakning"),
                "lägg till 'eget_kapital: …' (utgående eget kapital det året)."))
    return problems


def _cost_groups_named(files: TypedFiles) -> Iterator[tuple[str, RawFile, tuple[Any, ...]]]:
    """Every cost group the notes and the budgets name, with where."""
    for source, outcome in files.years.values():
        for group in outcome.noter.kostnader:
            yield group, source, ("noter", "kostnader", group)
        for post, where in outcome.noter.posts_with_place():
            if post.driftgrupp:
                yield post.driftgrupp, source, (*where, "driftgrupp")
    for _, model, source in files.budget_files():
        for group in model.grupper:
            yield group, source, (group,)
        for index, revision in enumerate(model.revideringar):
            for group in revision.grupper:
                yield group, source, ("revideringar", index, group)


@FILES.rule
def cost_groups_in_the_chart(files: TypedFiles) -> list[Problem]:
    """Every cost group the notes and budgets name is one of the chart's (a misspelt group
    would drop its lines from the driftredovisning)."""
    if files.chart is None:
        return []
    known = files.chart.gruppordning
    return [Problem(
        f"Kostnadsgruppen '{group}' finns inte i kontoplanen.", source.path,
        source.line(*where), _did_you_mean(group, known) or
        f"kostnadsgrupperna är {', '.join(known)}; lägg till gruppen under "
        "'kostnadsgrupper' i content/kontoplan.yaml (se docs/kontoplan.md).")
        for group, source, where in _cost_groups_named(files) if group not in known]


@FILES.rule
def working_capital_lines_in_the_chart(files: TypedFiles) -> list[Problem]:
    """A budget's planned balance levels (rorelsekapital) are of the chart's balance lines."""
    if files.chart is None:
        return []
    balance_lines = [r.id for r in files.chart.balansrader]
    return [Problem(
        f"Raden '{line}' finns inte i kontoplanens balansräkning.", source.path,
        source.line("rorelsekapital", line), _did_you_mean(line, balance_lines) or
        "använd en rad ur kontoplanen (docs/kontoplan.md).")
        for _, model, source in files.budget_files() for line in model.rorelsekapital
        if line not in balance_lines]


# --- The members ----------------------------------------------------------------------------

@FILES.rule
def member_shares_add_up(files: TypedFiles) -> list[Problem]:
    """The members' shares of the funding add up to 100 % (förbundsordningen), in every year
    a share changes or a member joins."""
    forbund, source = files.forbund, files.raw.forbund
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
                "inte 100 %.", source.path, source.line("medlemmar"),
                "rätta andelarna (andel_procent) enligt förbundsordningen."))
    return problems


@FILES.rule
def budget_income_is_the_members(files: TypedFiles) -> list[Problem]:
    """Under a budget's intakter stand the members' contributions, by member id: any other
    line (EU funds, a grant) would be taken for a member's and make every member's share
    look wrong."""
    if files.forbund is None:
        return []
    members = [m.id for m in files.forbund.medlemmar]
    problems = []
    for _, model, source in files.budget_files():
        typed: list[tuple[tuple[str | int, ...], str]] = [
            (("intakter", key), key) for key in model.intakter]
        typed += [(("revideringar", index, "intakter", key), key)
                  for index, revision in enumerate(model.revideringar)
                  for key in (revision.intakter or {})]
        problems += [Problem(
            f"'{key}' under intakter är ingen medlem i forbund.yaml: där står bara "
            "medlemmarnas bidrag, med medlemmens id.", source.path, source.line(*where),
            _did_you_mean(key, members) or
            "en annan intäkt (EU-medel, ett bidrag) minskar nettokostnaden på den rad den hör "
            "till: räkna in den i radens belopp under kostnadsgruppen (budgetens rader är "
            f"netto). Medlemmarnas id är {', '.join(members)}.")
            for where, key in typed if key not in members]
    return problems


@FILES.rule
def note_members_in_the_profile(files: TypedFiles) -> list[Problem]:
    """Every member in an outcome's note over member contributions is a member of the
    profile."""
    if files.forbund is None:
        return []
    known = {m.id for m in files.forbund.medlemmar}
    return [Problem(
        f"Medlemmen '{member}' i noten över medlemsbidrag finns inte i forbund.yaml.",
        source.path, source.line("noter", "medlemsbidrag", member),
        "använd ett av id:na " + ", ".join(sorted(known)) + ".")
        for source, outcome in files.years.values()
        for member in outcome.noter.medlemsbidrag if member not in known]


@FILES.rule
def costs_typed_without_minus(files: TypedFiles) -> list[Problem]:
    """Costs are typed as positive amounts: a cost note whose posts add up to less than zero
    was typed with minus signs (a single credit, such as a refund, may be negative)."""
    problems = []
    for source, outcome in files.years.values():
        posts = [(post, where) for post, where in outcome.noter.posts_with_place()
                 if where[:2] == ("noter", "kostnader") and len(where) == 4]
        total = sum((post.summa for post, _ in posts), Decimal(0))
        if posts and total < 0:
            first = next(where for post, where in posts if post.summa < 0)
            problems.append(Problem(
                f"Kostnaderna i noten {outcome.ar} blir sammanlagt {_kr(total)}, mindre än "
                "noll: de är skrivna med minustecken.", source.path, source.line(*first),
                "skriv kostnaderna som positiva belopp, utan minustecken (bara en kreditering, "
                "t.ex. en återbetalning, skrivs med minus)."))
    return problems


# --- Goals ----------------------------------------------------------------------------------

@FILES.rule
def followed_up_goals_are_planned(files: TypedFiles) -> list[Problem]:
    """A follow-up (arsredovisning/maluppfoljning.yaml) is of a goal in the same year's
    verksamhetsplan (mal.yaml); its text would otherwise be lost."""
    problems = []
    for year, followups in files.followups.items():
        goals = files.goals.get(year)
        malfil: Malfil | None = goals.model if goals else None
        known = [m.id for o in (malfil.omraden if malfil else []) for m in o.mal]
        entries: dict[str, Uppfoljning] = followups.model
        problems += [Problem(
            f"Uppföljningen gäller målet '{goal_id}', som inte finns i verksamhetsplanen "
            f"{year}.", followups.file.path, followups.file.line(goal_id),
            _did_you_mean(goal_id, known) or
            f"använd ett mål-id från content/{year}/verksamhetsplan/mal.yaml.")
            for goal_id in entries if goal_id not in known]
    return problems


# --- Once everything else holds: figures against each other, and their scale --------------

def _kr(amount: Decimal) -> str:
    return FILTERS["kr"](amount) + " kr"


def _as_typed(value: Decimal) -> str:
    """A number with the decimals it was typed with: 61,0 stays 61,0."""
    return format(value, "f").replace(".", ",").replace("-", "\u2212")


@FILES.rule(final=True)
def history_result_adds_up(files: TypedFiles) -> list[Problem]:
    """A history year with both its result and its financial items: intäkter − kostnader +
    finansiella poster is the result, or one of the four is mistyped."""
    problems = []
    for year, entry, source in files.history_years():
        suffix = entry.unit_suffix
        typed_result = getattr(entry, f"arets_resultat{suffix}")
        financial = getattr(entry, f"finansiella_poster{suffix}")
        if typed_result is None or financial is None:
            continue
        income, costs = getattr(entry, f"intakter{suffix}"), getattr(entry, f"kostnader{suffix}")
        computed = income - costs + financial
        if computed == typed_result:
            continue
        unit = "tkr" if suffix else "kr"

        def number(value: Decimal) -> str:
            return tal(value, max(0, -int(value.as_tuple().exponent)))
        problems.append(Problem(
            f"Årets resultat {year} är skrivet som {number(typed_result)} {unit}, men intäkter "
            f"{number(income)} − kostnader {number(costs)} + finansiella poster "
            f"{number(financial)} ger {number(computed)} {unit}.",
            source.path, source.line(year, f"arets_resultat{suffix}"),
            f"rätta den siffra som är fel, eller skriv bara ett av arets_resultat{suffix} och "
            f"finansiella_poster{suffix}."))
    return problems


@FILES.rule(final=True)
def history_soliditet_is_its_balances(files: TypedFiles) -> list[Problem]:
    """A history year with both a typed soliditet and a balance sheet: they must agree at the
    typed precision, or the balance would silently override what was published."""
    if files.chart is None:
        return []
    assets = [r.id for r in files.chart.tillgangar]
    problems = []
    for year, entry, source in files.history_years():
        typed, balance = entry.soliditet_procent, entry.balansrakning
        if typed is None or balance is None:
            continue
        total = sum((balance.get(i, Decimal(0)) for i in assets), Decimal(0))
        equity = balance.get("eget_kapital", Decimal(0))
        exponent = int(typed.as_tuple().exponent)
        computed = (equity / total * 100).quantize(Decimal(1).scaleb(exponent),
                                                   rounding=ROUND_HALF_UP)
        if computed != typed:
            problems.append(Problem(
                f"Soliditeten {year} är skriven som {_as_typed(typed)} %, men balansräkningen "
                f"samma år ger {_as_typed(computed)} % (eget kapital {_kr(equity)} av "
                f"tillgångar {_kr(total)}).", source.path,
                source.line(year, "soliditet_procent"),
                "rätta den av dem som är felskriven, eller ta bort soliditet_procent: den räknas "
                "ut ur balansräkningen."))
    return problems


# A samordningsförbund's yearly funding lies far inside this range (the smallest about a
# million kronor, the largest some tens of millions). A figure outside it is almost surely
# typed in the wrong unit (kr for tkr or the reverse): a factor of 1 000 either way.
FUNDING_RANGE_KR = (Decimal(100_000), Decimal(1_000_000_000))


def _implausible(total_kr: Decimal) -> bool:
    low, high = FUNDING_RANGE_KR
    return total_kr != 0 and not low <= abs(total_kr) <= high


def _funding_span() -> str:
    low, high = (_kr(x) for x in FUNDING_RANGE_KR)
    return f"ett samordningsförbunds intäkter ligger mellan {low} och {high} om året"


@FILES.rule(final=True)
def budget_in_its_unit(files: TypedFiles) -> list[Problem]:
    """A budget in tkr marked 'enhet: kr' (or the reverse): its contributions 1 000 off."""
    problems = []
    for year, model, source in files.budget_files():
        total = sum((amounts.get(year, Decimal(0)) for amounts in model.intakter.values()),
                    Decimal(0)) * model.kronor_per_enhet
        if _implausible(total):
            other = "tkr" if model.enhet == "kr" else "kr"
            problems.append(Problem(
                f"Medlemmarnas bidrag {year} blir {_kr(total)} med 'enhet: {model.enhet}', men "
                f"{_funding_span()}.", source.path, source.line("enhet"),
                f"kontrollera enheten: är beloppen skrivna i {other}, skriv 'enhet: {other}'."))
    return problems


def _business_income(chart: Kontoplan, lines: dict[str, Decimal]) -> tuple[Decimal, str]:
    """The year's income besides the financial items, and the first line typed of it."""
    incomes = [r.id for r in chart.resultatrader if r.typ == "intakt" and not r.finansiell]
    income = sum((lines.get(i, Decimal(0)) for i in incomes), Decimal(0))
    return income, next((i for i in incomes if i in lines), "")


@FILES.rule(final=True)
def outcome_in_kronor(files: TypedFiles) -> list[Problem]:
    """An outcome typed in tkr, where kronor belong: its income 1 000 off."""
    if files.chart is None:
        return []
    problems = []
    for year, (source, outcome) in files.years.items():
        income, first = _business_income(files.chart, outcome.resultatrakning)
        if outcome.ifylld and _implausible(income):
            problems.append(Problem(
                f"Intäkterna {year} är {_kr(income)}, men {_funding_span()}.", source.path,
                source.line("resultatrakning", first),
                "utfall.yaml skrivs i kronor: skriv beloppen i kr, inte i tkr."))
    return problems


@FILES.rule(final=True)
def history_in_tkr(files: TypedFiles) -> list[Problem]:
    """History in kronor where tkr belong (or the reverse): its income 1 000 off."""
    problems = []
    for year, entry, source in files.history_years():
        if _implausible(entry.intakter_kr):
            key = "intakter_tkr" if entry.intakter_tkr is not None else "intakter"
            problems.append(Problem(
                f"Intäkterna {year} blir {_kr(entry.intakter_kr)}, men {_funding_span()}.",
                source.path, source.line(year, key),
                "historik.yaml skriver intäkter och kostnader i tkr: 3 000 för 3 miljoner kr."))
    return problems

