"""The accounts must add up, and the tool says so.

Each check compares two figures that come from different places and, on a
mismatch, returns a Problem naming both figures, their files and the difference.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..common.errors import Problem
from ..common.format import kr, tal
from ..common.rounding import to_tkr
from ..load.project import locate
from ..model.budget import BudgetFil
from ..model.forbund import Forbund, Medlem
from ..model.project import Typed
from ..model.utfall import Post, Utfall, drift_lines
from .driftredovisning import Driftredovisning
from .ledger import HistoryYear, YearAccounts, note_sums
from .resultatkolumn import (
    FINANSIELLA_POSTER,
    MEDLEMSBIDRAG,
    Resultatkolumn,
    outcome_column,
)

ADVICE = ("summor räknas alltid ut av verktyget: rätta den post som är felskriven "
          "(jämför med bokslutet från ekonomen).")


def place(path: Path, line: int | None) -> str:
    """A figure's place inside a message, as the user sees the project: content/…, rad N."""
    parts = path.parts
    if "content" in parts:
        path = Path(*parts[len(parts) - 1 - parts[::-1].index("content"):])
    return f"{path.as_posix()}, rad {line}" if line else path.as_posix()


def _for_readers(problem: Problem, *places: str) -> Problem:
    """The problem with its text for a published report's readers: the same sentence without
    the places (files and lines) it names, which are the author's, not the reader's."""
    text = problem.message
    for where in places:
        text = text.replace(f" ({where})", "").replace(f", {where})", ")").replace(
            f"({where}, ", "(")
    return replace(problem, public=text)


def _mismatch(title: str, first: tuple[str, Decimal, str], second: tuple[str, Decimal, str],
              path: Path, line: int | None) -> Problem:
    (name_a, value_a, where_a), (name_b, value_b, where_b) = first, second
    return _for_readers(Problem(
        f"{title}: {name_a} är {kr(value_a)} kr ({where_a}) men {name_b} är "
        f"{kr(value_b)} kr ({where_b}). Skillnad: {kr(value_a - value_b)} kr.",
        path, line, ADVICE), where_a, where_b)


_STATEMENT = {"resultatrakning": "resultaträkningens", "balansrakning": "balansräkningens"}


def check_notes(acc: YearAccounts) -> list[Problem]:
    """Every note sums to its statement line (where the line is typed as well; a line left
    out is the note's sum)."""
    src, u, problems = acc.source, acc.source.utfall, []
    chart = acc.resultatrakning.kontoplan
    where_typed = {"verksamhetens_intakter": ("noter", "medlemsbidrag"),
                   "verksamhetens_kostnader": ("noter", "kostnader")}
    for id, note_sum in note_sums(u).items():
        rad = chart.rad(id)
        assert rad is not None  # every note is of a line of the chart (model/consistency.py)
        statement = "resultatrakning" if rad in chart.resultatrader else "balansrakning"
        typed = getattr(u, statement)
        if id not in typed or typed[id] == note_sum:
            continue
        note_keys = where_typed.get(id, ("noter", id))
        problems.append(_mismatch(
            f"Noten {rad.namn} {u.ar} summerar inte till sin rad i räkningen",
            ("summan av noten", note_sum, place(src.path, src.line(*note_keys))),
            (f"{_STATEMENT[statement]} {rad.namn.lower()}", typed[id],
             place(src.path, src.line(statement, id))),
            src.path, src.line(*note_keys)))
    return problems


def check_balance(acc: YearAccounts) -> list[Problem]:
    """Assets = eget kapital (last year's + the RR's result + contributions) + provisions and
    liabilities."""
    br, src = acc.balansrakning, acc.source
    if br.summa_tillgangar == br.summa_eget_kapital_och_skulder:
        return []
    contributed = f" + tillskott {kr(br.tillskott)} kr" if br.tillskott else ""
    return [_for_readers(Problem(
        f"Balansräkningen {acc.ar} balanserar inte: summa tillgångar är "
        f"{kr(br.summa_tillgangar)} kr (tillgångarnas rader, "
        f"{place(src.path, src.line('balansrakning'))}) men summa eget kapital och skulder är "
        f"{kr(br.summa_eget_kapital_och_skulder)} kr (eget kapital "
        f"{kr(br.summa_eget_kapital)} kr = "
        f"föregående års eget kapital {kr(br.ingaende_eget_kapital)} kr + årets resultat enligt "
        f"resultaträkningen {kr(br.arets_resultat)} kr{contributed}; avsättningar och skulder "
        f"{kr(br.summa_avsattningar_och_skulder)} kr). "
        f"Skillnad: {kr(br.summa_tillgangar - br.summa_eget_kapital_och_skulder)} kr.",
        src.path, src.line("balansrakning"), ADVICE), place(src.path, src.line("balansrakning")))]


def check_cash_flow(acc: YearAccounts) -> list[Problem]:
    """Last year's closing cash + this year's cash flow = this year's likvida medel."""
    kf, br, src = acc.kassaflode, acc.balansrakning, acc.source
    if kf.likvida_medel_vid_arets_slut == br.likvida_medel:
        return []
    cash = acc.resultatrakning.kontoplan.med_roll("likvida_medel")
    where = next((r.id for r in cash if r.id in src.utfall.balansrakning), None)
    line = src.line("balansrakning", where) if where else src.line("balansrakning")
    names = " och ".join(r.namn.lower() for r in cash if r.id in src.utfall.balansrakning)
    return [_for_readers(Problem(
        f"Kassaflödesanalysen {acc.ar} stämmer inte med {names or 'likvida medel'}: likvida "
        f"medel vid årets början {kr(kf.likvida_medel_vid_arets_borjan)} kr ({acc.ar - 1} års "
        f"utgående kassa) + årets kassaflöde {kr(kf.arets_kassaflode)} kr ger "
        f"{kr(kf.likvida_medel_vid_arets_slut)} kr, men {names or 'likvida medel'} är "
        f"{kr(br.likvida_medel)} kr ({place(src.path, line)}). "
        f"Skillnad: {kr(kf.likvida_medel_vid_arets_slut - br.likvida_medel)} kr.",
        src.path, line, ADVICE), place(src.path, line))]


def check_drift(drift: Driftredovisning, acc: YearAccounts,
                previous: YearAccounts | None = None) -> list[Problem]:
    """Every year the driftredovisning shows (the year and last year's Utfall column) has the
    resultaträkning's result: exactly in kronor, and as the column shows it (tkr or kr)."""
    problems = _drift_year(drift.resultat_kr, drift.resultat.netto, drift.enhet, acc,
                           f"Driftredovisningen {acc.ar}")
    if previous is not None and drift.foregaende_resultat_kr is not None:
        problems += _drift_year(drift.foregaende_resultat_kr, drift.resultat.fg_netto,
                                drift.enhet, previous,
                                f"Driftredovisningen {drift.ar}, kolumnen för {previous.ar},")
    return problems


def _drift_year(exact: Decimal, shown: int | None, unit: str, acc: YearAccounts,
                title: str) -> list[Problem]:
    rr, src = acc.resultatrakning, acc.source
    column = acc.outcome
    if check_drift_income_names(acc):
        return []  # a line named as the tool's own took its place: said as that, the cause
    if exact != rr.arets_resultat:
        return [_mismatch(
            f"{title} ger inte samma resultat som resultaträkningen",
            ("driftredovisningens resultat, summan av dess rader (intäkterna "
             f"{kr(column.summa_intakter)} kr − kostnaderna {kr(column.summa_kostnader)} kr"
             f"{_notes_differ(acc)})", exact, place(src.path, src.line("noter"))),
            ("resultaträkningens årets resultat", rr.arets_resultat,
             place(src.path, src.line("resultatrakning"))),
            src.path, src.line("noter"))]
    expected = to_tkr(rr.arets_resultat) if unit == "tkr" else int(rr.arets_resultat)
    if shown is None or shown == expected:
        return []
    return [_for_readers(Problem(
        f"{title} visar resultatet {tal(shown)} {unit}, men resultaträkningens årets resultat "
        f"{kr(rr.arets_resultat)} kr är {tal(expected)} {unit} "
        f"({place(src.path, src.line('resultatrakning'))}). Skillnad: {tal(shown - expected)} "
        f"{unit}.", src.path, src.line("resultatrakning"),
        "driftredovisningens rader avrundas så att de blir resultatet; skicka siffrorna till "
        "verktygets utvecklare, det här är ett fel i verktyget."),
        place(src.path, src.line("resultatrakning")))]


def _notes_differ(acc: YearAccounts) -> str:
    """What the notes themselves give, where a post's finer lines (rader) make the
    driftredovisning's lines differ from the note's posts (a deviation accepted by
    godta_avvikelser, or reported on its own by check_finer_lines)."""
    u = acc.source.utfall
    said = []
    for what, posts in (("kostnadsnotens", [p for g in u.noter.kostnader.values() for p in g]),
                        ("övriga intäkternas", u.noter.ovriga_intakter)):
        by_posts = sum((p.summa for p in posts), Decimal(0))
        by_lines = sum((p.summa for p in drift_lines(posts)), Decimal(0))
        if by_posts != by_lines:
            said.append(f"{what} poster är {kr(by_posts)} kr, men deras finare rader, som "
                        f"driftredovisningen visar, är {kr(by_lines)} kr")
    return "".join(f"; {text}" for text in said)


# The driftredovisning's own income lines, as a message names what they are.
_OWN_LINES = {MEDLEMSBIDRAG: "medlemmarnas bidrag", FINANSIELLA_POSTER: "de finansiella posterna"}


def check_drift_income_names(acc: YearAccounts) -> list[Problem]:
    """The driftredovisning's own income lines (the members' contributions, the financial
    items) are named by the tool: an other-income post or a result line of the same name
    would take that line's place, and the members' 3 000 tkr would vanish from the table."""
    src, u, problems = acc.source, acc.source.utfall, []
    own = (MEDLEMSBIDRAG, FINANSIELLA_POSTER)
    advice = "ge posten ett eget namn (eller drift: med ett eget namn)."
    for post, at in u.noter.posts_with_place():
        if at[:2] == ("noter", "ovriga_intakter") and not post.rader and post.driftpost in own:
            problems.append(Problem(
                f"Posten '{post.driftpost}' bland övriga intäkter {u.ar} har samma namn som "
                f"driftredovisningens egen rad för {_OWN_LINES[post.driftpost]}.", src.path,
                src.line(*at), advice))
    for rad in acc.resultatrakning.kontoplan.resultatrader:
        noted = ("verksamhetens_intakter", "verksamhetens_kostnader")  # the notes, not lines
        if rad.namn in own and rad.id not in noted and not rad.finansiell:
            problems.append(Problem(
                f"Raden '{rad.id}' heter '{rad.namn}', som driftredovisningens egen rad.",
                src.path, src.line("resultatrakning", rad.id),
                "ge raden ett eget namn i content/kontoplan.yaml (namn:)."))
    return problems


def check_finer_lines(acc: YearAccounts) -> list[Problem]:
    """A post typed with both an amount and the finer lines (or the specification) it
    consists of: the lines sum to the amount."""
    src, u, problems = acc.source, acc.source.utfall, []
    for post, at in u.noter.posts_with_place():
        for key, kind, lines in (("rader", "raderna", post.rader),
                                 ("specifikation", "specifikationen", post.specifikation)):
            if post.belopp is None or not lines:
                continue
            total = sum((line.summa for line in lines), Decimal(0))
            in_tkr = sum(1 for line in lines if line.belopp_tkr is not None)
            if in_tkr:
                problems += _rounded_lines(acc, post, at, key, total, in_tkr)
            elif total != post.belopp:
                problems.append(_mismatch(
                    f"Posten '{post.namn}' {u.ar} stämmer inte med {kind}",
                    (f"summan av {kind}", total, place(src.path, src.line(*at, key))),
                    ("postens belopp", post.belopp, place(src.path, src.line(*at, "belopp"))),
                    src.path, src.line(*at, key)))
    return problems


def _rounded_lines(acc: YearAccounts, post: Post, at: tuple[Any, ...], key: str,
                   total: Decimal, in_tkr: int) -> list[Problem]:
    """Finer lines typed in tkr (rounded by the source) against their post in kronor: each
    line may be half a tkr off its exact figure, so together at most half a tkr a line."""
    src, allowed = acc.source, Decimal(500) * in_tkr
    if post.belopp is None or abs(total - post.belopp) <= allowed:
        return []
    return [Problem(
        f"Posten '{post.namn}' {acc.ar}: raderna summerar till {kr(total)} kr (raderna i tkr "
        f"som tusentals kronor), men postens belopp är {kr(post.belopp)} kr. Skillnaden "
        f"{kr(total - post.belopp)} kr är mer än avrundningen förklarar: {in_tkr} "
        f"{'rad' if in_tkr == 1 else 'rader'} i tkr, avrundade var för sig, får tillsammans "
        f"skilja högst {kr(allowed)} kr (en halv tkr per rad).", src.path,
        src.line(*at, key), "rätta den rad eller det belopp som är fel (skrivet som det "
        "publicerades), eller godta avvikelsen ('godta_avvikelser: <skäl>').")]


def _misplaced_tkr(posts: list[Post], where: tuple[Any, ...], under_kronor: bool
                   ) -> Iterator[tuple[Post, tuple[Any, ...]]]:
    """Posts typed in tkr that are not finer lines (rader) of a post typed in kronor."""
    for index, post in enumerate(posts):
        at = (*where, index)
        if post.belopp_tkr is not None and not under_kronor:
            yield post, at
        yield from _misplaced_tkr(post.rader, (*at, "rader"), post.belopp is not None)
        yield from _misplaced_tkr(post.specifikation, (*at, "specifikation"), False)


def check_tkr_places(acc: YearAccounts) -> list[Problem]:
    """A figure in tkr is a finer line of a post in kronor: its kronor are known only
    there (a post in tkr alone would be shown as kronor nobody typed)."""
    src, notes = acc.source, acc.source.utfall.noter
    places: list[tuple[tuple[Any, ...], list[Post]]] = [
        (("noter", "kostnader", group), posts) for group, posts in notes.kostnader.items()]
    places.append((("noter", "ovriga_intakter"), notes.ovriga_intakter))
    places += [(("noter", line), posts) for line, posts in notes.specifikationer.items()]
    return [Problem(
        f"Posten '{post.namn}' {acc.ar} har belopp i tkr (belopp_tkr) men är ingen finare rad "
        "(rader) under en post i kronor, så dess kronor finns inte.", src.path,
        src.line(*at), "skriv beloppet i kronor (belopp), eller skriv raden under sin post "
        "i kronor (rader), som noten har den.")
        for where, posts in places for post, at in _misplaced_tkr(posts, where, False)]


def check_tkr_lines(acc: YearAccounts) -> list[Problem]:
    """A driftredovisning line is typed in one unit (its tkr are shown as typed, so a part
    in kronor would be lost), and a post's lines in tkr share one cost-split category (their
    kronor are known only together: a category of part of them is a figure nobody typed)."""
    src, u = acc.source, acc.source.utfall
    chart = acc.resultatrakning.kontoplan
    problems: list[Problem] = []
    for post, at in u.noter.posts_with_place():
        if at[1] != "kostnader" or post.belopp is None or not any(
                r.belopp_tkr is not None for r in post.rader):
            continue
        categories = {line.kategori or post.kategori or chart.kategori(
            line.driftgrupp or post.driftgrupp or at[2]) for line in drift_lines([post])}
        if len(categories) > 1:
            problems.append(Problem(
                f"Posten '{post.namn}' {u.ar} har rader i tkr i olika kategorier ("
                + ", ".join(sorted(categories)) + "): deras kronor är bara kända "
                "tillsammans, så kostnadsfördelningen kan inte visa dem per kategori.",
                src.path, src.line(*at, "rader"), "ge raderna samma kategori, eller "
                "skriv deras belopp i kronor (belopp)."))
    units: dict[tuple[str, str], set[bool]] = {}
    first: dict[tuple[str, str], tuple[Any, ...]] = {}
    for group, posts in u.noter.kostnader.items():
        for index, top in enumerate(posts):
            for line in drift_lines([top]):
                key = (line.driftgrupp or group, line.driftpost)
                units.setdefault(key, set()).add(line.typed_tkr is not None)
                if line.typed_tkr is not None:
                    first.setdefault(key, ("noter", "kostnader", group, index))
    for key, kinds in units.items():
        if len(kinds) > 1:
            problems.append(Problem(
                f"Driftredovisningens rad '{key[1]}' {u.ar} får belopp både i tkr (belopp_tkr) "
                "och i kronor.", src.path, src.line(*first[key]),
                "skriv radens alla poster i samma enhet."))
    return problems


def check_year(acc: YearAccounts) -> list[Problem]:
    """The year's accounts add up: notes, finer lines, balance sheet, cash flow. (A document
    that reproduces a published report may accept these as deviations: godta_avvikelser.)"""
    return (check_notes(acc) + check_finer_lines(acc) + check_balance(acc)
            + check_cash_flow(acc))


def check_budget_lines(budget: Resultatkolumn, source: Typed,
                       outcome: Resultatkolumn) -> list[Problem]:
    """Every budget line names a driftredovisning line of the year's outcome."""
    problems = []
    # The lines come from the latest revision if there is one, else from the plan itself.
    revisions = len(source.model.revideringar)
    within = ("revideringar", revisions - 1) if revisions else ()
    for group, lines in budget.kostnader.items():
        known = list(outcome.kostnader.get(group, {}))
        for name in lines:
            if name in known:
                continue
            close = difflib.get_close_matches(name, known, n=1)
            problems.append(Problem(
                f"Budgetraden '{name}' under '{group}' finns inte bland utfallets rader "
                f"för {outcome.ar}.", source.file.path,
                source.file.line(*within, group, name),
                f"menade du '{close[0]}'?" if close else
                "använd samma namn som raden har i utfallets not (namn eller drift)."))
    return problems


def check_member_shares(column: Resultatkolumn, forbund: Forbund, source: Typed,
                        unit: Decimal = Decimal(1), within: tuple[str | int, ...] = ()
                        ) -> list[Problem]:
    """Each member's contribution is its share of the whole the members fund, within half the
    unit the budget is typed in (0,5 tkr in a budget in tkr: a share such as 31,25 % cannot
    always be met to the krona). Only members count (validate refuses any other line under
    intakter). The whole is the one most members' contributions agree on, so that one wrong
    amount is blamed on its own member, not on every member whose share of a total it
    changed; where no majority agrees, it is the members' sum. `within` is where the
    contributions are typed (a revision's own intakter)."""
    tolerance = unit / 2

    def line(member: str) -> int | None:
        return source.file.line(*within, "intakter", member)

    problems: list[Problem] = []
    sharing: list[tuple[Medlem, Decimal, Decimal]] = []
    for member in forbund.medlemmar:
        share = member.andel(column.ar)
        actual = column.medlemsbidrag.get(member.id, Decimal(0))
        if share is None:
            if actual:
                problems.append(Problem(
                    f"{column.rubrik}: {member.namn} bidrar med {kr(actual)} kr, men är inte "
                    f"medlem {column.ar} enligt forbund.yaml.", source.file.path, line(member.id),
                    "ange från vilket år medlemmen har en andel (andel_procent per år)."))
            continue
        sharing.append((member, share, actual))
    whole, agreed = _agreed_whole(sharing, tolerance)
    rounding = f" (avrundat till närmaste {kr(unit)} kr godtas)" if unit > 1 else ""
    for member, share, actual in sharing:
        expected = whole * share / 100
        if abs(actual - expected) <= tolerance:
            continue
        shown = tal(share, max(1, _typed_decimals(share.normalize())))
        of_what = (f"av de {kr(whole)} kr som de andra medlemmarnas bidrag motsvarar" if agreed
                   else f"av medlemmarnas {kr(whole)} kr")
        problems.append(Problem(
            f"{column.rubrik}: {member.namn} bidrar med {kr(actual)} kr, men andelen {shown} % "
            f"{of_what} är {kr(expected)} kr{rounding}.", source.file.path, line(member.id),
            "rätta bidraget, eller andelen i forbund.yaml om förbundsordningen har ändrats."))
    return problems


def _agreed_whole(sharing: list[tuple[Medlem, Decimal, Decimal]], tolerance: Decimal
                  ) -> tuple[Decimal, bool]:
    """The whole a majority of the members' contributions are their shares of (True), or
    the members' sum when no majority agrees (False)."""
    total = sum((actual for _, _, actual in sharing), Decimal(0))
    candidates = [actual * 100 / share for _, share, actual in sharing if share]
    best, count = total, 0
    for whole in candidates:
        agreeing = sum(1 for _, share, actual in sharing
                       if abs(actual - whole * share / 100) <= tolerance)
        if agreeing > count:
            best, count = whole, agreeing
    if count == len(sharing) or count * 2 <= len(sharing):
        return total, False
    return best.quantize(Decimal(1)), True  # in whole kronor, as every figure is shown


def _typed_decimals(value: Decimal) -> int:
    return max(0, -int(value.as_tuple().exponent))


def _agrees(typed: Decimal, exact: Decimal) -> bool:
    """A figure typed as published (rounded to the digits it has) agrees with the exact one
    when it is less than one unit of its last digit away (3 000 tkr for 3 000 412 kr; 61,8 %
    for 61,79 %): a published table rounds, and may shift a line by its last digit to add up."""
    return abs(typed - exact) < Decimal(1).scaleb(-_typed_decimals(typed))


def check_history_against_outcome(past: HistoryYear, acc: YearAccounts,
                                  financial_items: bool) -> list[Problem]:
    """A year typed both in historik.yaml and as its own utfall.yaml: the outcome is used, so
    a history figure that says otherwise is a second source for one figure that disagrees
    (a mistyped history, or an outcome for the wrong year). Each figure history has is
    compared with the outcome's, in the unit history was typed in (the balance in kronor)."""
    h, rr, br, src = past.historik, acc.resultatrakning, acc.balansrakning, acc.source
    chart = rr.kontoplan
    scale = Decimal(1000) if h.unit_suffix else Decimal(1)
    income = rr.summa_intakter if financial_items else rr.verksamhetens_intakter
    costs = rr.summa_kostnader if financial_items else rr.verksamhetens_kostnader

    def rr_line(kind: str) -> int | None:
        typed = next((r.id for r in chart.resultatrader
                      if r.typ == kind and r.id in src.utfall.resultatrakning), None)
        return src.line("resultatrakning", typed) if typed else src.line("resultatrakning")

    suffix = h.unit_suffix
    # (keys in historik.yaml, what it is, typed in kronor, the outcome's, its line, scale)
    figures: list[tuple[tuple[str, ...], str, Decimal | None, Decimal, int | None, Decimal]] = [
        ((f"intakter{suffix}",), "intäkterna", h.intakter_kr, income, rr_line("intakt"), scale),
        ((f"kostnader{suffix}",), "kostnaderna", h.kostnader_kr, costs, rr_line("kostnad"),
         scale),
        ((f"arets_resultat{suffix}",), "årets resultat", h.arets_resultat_kr,
         rr.arets_resultat, src.line("resultatrakning"), scale),
        ((f"finansiella_poster{suffix}",), "de finansiella posterna", h.finansiella_poster_kr,
         rr.finansiella_poster, src.line("resultatrakning"), scale),
    ]
    for id, amount in (h.balansrakning or {}).items():
        if id == "eget_kapital":
            figures.append((("balansrakning", id), "eget kapital vid årets slut", amount,
                            br.summa_eget_kapital, src.line("balansrakning"), Decimal(1)))
        elif (rad := chart.rad(id)) is not None:
            figures.append((("balansrakning", id), f"{rad.namn.lower()} vid årets slut", amount,
                            br[id], src.line("balansrakning", id), Decimal(1)))
    problems = []

    def disagree(keys: tuple[str, ...], what: str, typed: str, outcome: str, line: int | None,
                 exact_kr: str = "") -> None:
        at = _history_line(past, keys)
        problems.append(Problem(
            f"Året {acc.ar} står både i historik.yaml och i utfall.yaml, och de säger olika om "
            f"{what}: historik.yaml har {typed}, men utfallet ger {outcome} "
            f"({exact_kr}{place(src.path, line)}).", past.path, at,
            "ett år med utfall.yaml räknas från utfallet: ta bort året ur historik.yaml, eller "
            "rätta den siffra som är fel."))

    for keys, what, typed, exact, line, unit in figures:
        if typed is None or _agrees(typed / unit, exact / unit):
            continue
        decimals = _typed_decimals(typed / unit)
        if unit == 1:
            disagree(keys, what, f"{kr(typed)} kr", f"{kr(exact)} kr", line)
        else:
            disagree(keys, what, f"{tal(typed / unit, decimals)} tkr",
                     f"{tal(exact / unit, decimals)} tkr", line, f"{kr(exact)} kr, ")
    if h.soliditet_procent is not None and br.soliditet is not None:
        if not _agrees(h.soliditet_procent, br.soliditet * 100):
            decimals = _typed_decimals(h.soliditet_procent)
            disagree(("soliditet_procent",), "soliditeten",
                     f"{tal(h.soliditet_procent, decimals)} %",
                     f"{tal(br.soliditet * 100, max(decimals, 1))} %", src.line("balansrakning"))
    if "anstallda" in h.model_fields_set and h.anstallda != src.utfall.anstallda:
        disagree(("anstallda",), "antalet anställda", str(h.anstallda),
                 str(src.utfall.anstallda), src.line("anstallda"))
    return problems


def _history_line(past: HistoryYear, keys: tuple[str, ...]) -> int | None:
    return locate(past.data, keys) if past.data is not None else past.line


RECENT_YEARS = 3  # how far back a budget line is looked for: outcomes and budgets


def known_cost_lines(year: int, outcomes: dict[int, Utfall], budgets: dict[int, Typed],
                     order: list[str]) -> tuple[dict[str, dict[str, str]], list[str]]:
    """The cost lines the förbund has had lately, by cost group: line → where it was seen
    ("utfallet 2021", "budgeten 2021"). From the years before the budget year, as when the
    plan is written: their outcomes (the driftredovisning's lines, income on cost lines
    included) and budgets (with their revisions). Also the sources read, latest first."""
    known: dict[str, dict[str, str]] = {}
    sources: list[str] = []

    def add(group: str, lines: Iterable[str], where: str) -> None:
        for line in lines:
            known.setdefault(group, {}).setdefault(line, where)

    for y in range(year - 1, year - RECENT_YEARS - 1, -1):
        if y in outcomes and outcomes[y].ifylld:
            sources.append(f"utfallet {y}")
            column = outcome_column(outcomes[y], Decimal(0), order)
            for group, lines in column.kostnader.items():
                add(group, lines, f"utfallet {y}")
        if y in budgets:
            sources.append(f"budgeten {y}")
            model = budgets[y].model
            for group, lines in model.grupper.items():
                add(group, lines, f"budgeten {y}")
            for revision in model.revideringar:
                for group, lines in revision.grupper.items():
                    add(group, lines, f"budgeten {y}")
    return known, sources


def check_new_budget_lines(year: int, source: Typed, known: dict[str, dict[str, str]],
                           sources: list[str]) -> list[Problem]:
    """A budget line the recent outcomes and budgets do not have is a misspelling
    ('Revisionen' for 'Revision', published as a second row and caught only a year later),
    unless the budget declares it new (nya_rader). A group with no known lines is new as a
    whole (a first budget, a new group in the chart): nothing to check it against."""
    model: BudgetFil = source.model
    file = source.file
    declared = set(model.nya_rader)
    typed: list[tuple[tuple[str | int, ...], str, str]] = [
        ((group, name), group, name) for group, lines in model.grupper.items() for name in lines]
    typed += [(("revideringar", index, group, name), group, name)
              for index, revision in enumerate(model.revideringar)
              for group, lines in revision.grupper.items() for name in lines]
    problems: list[Problem] = []
    reported: set[tuple[str, str]] = set()
    for keys, group, name in typed:
        if name in declared or not known.get(group) or name in known[group]:
            continue
        if (group, name) in reported:
            continue
        reported.add((group, name))
        seen = ", ".join(sources[:-1]) + (" eller " if len(sources) > 1 else "") + sources[-1]
        elsewhere = next((g for g, lines in known.items() if name in lines), None)
        close = difflib.get_close_matches(name, list(known[group]), n=1, cutoff=0.6)
        advice = " ".join(filter(None, [
            f"menade du '{close[0]}'?" if close else "",
            f"raden finns under '{elsewhere}' i {known[elsewhere][name]}: flytta den dit." if
            elsewhere else "",
            f"är raden ny i år, skriv den under nya_rader i budget.yaml: "
            f"nya_rader: [\"{name}\"]."]))
        problems.append(Problem(
            f"Budgetraden '{name}' under '{group}' finns inte bland raderna i {seen}.",
            file.path, file.line(*keys), advice))
    all_lines = {name for _, _, name in typed}
    for index, name in enumerate(model.nya_rader):
        if name not in all_lines:
            close = difflib.get_close_matches(name, sorted(all_lines), n=1)
            problems.append(Problem(
                f"'{name}' står under nya_rader men är ingen rad i budgeten {year}.",
                file.path, file.line("nya_rader", index),
                f"menade du '{close[0]}'?" if close else "ta bort den ur nya_rader."))
    return problems
