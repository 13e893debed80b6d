"""The förbund's years: outcome data by year and plain history, and what each year computes to.

Data lives by year: a year's outcome is typed once in
content/<år>/utfall.yaml; the next year's report takes its comparison column
from there, and its opening eget kapital and cash from that year's closing balance.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..common.errors import BuildError, Problem
from ..common.rounding import apportion, to_tkr
from ..load.project import RawFile
from ..model.historik import Historik
from ..model.kontoplan import Kontoplan
from ..model.utfall import Post, Utfall
from .resultatkolumn import Resultatkolumn, outcome_column
from .statements import (
    Balansrakning,
    ClosingBalance,
    Kassaflodesanalys,
    Resultatrakning,
    kassaflode,
)


@dataclass(frozen=True)
class YearSource:
    """One year's outcome: the typed model, and the file it was typed in (for lines)."""

    file: RawFile
    utfall: Utfall

    @property
    def path(self) -> Path:
        return self.file.path

    def line(self, *keys: str) -> int | None:
        return self.file.line(*keys)


@dataclass(frozen=True)
class HistoryYear:
    ar: int
    historik: Historik
    path: Path
    line: int | None
    data: Any = None  # the year's entry as read (for the lines of its figures)


@dataclass(frozen=True)
class YearAccounts:
    source: YearSource
    previous: ClosingBalance
    resultatrakning: Resultatrakning
    balansrakning: Balansrakning
    kassaflode: Kassaflodesanalys

    @property
    def ar(self) -> int:
        return self.source.utfall.ar

    @property
    def medlemsbidrag(self) -> Decimal:
        return sum(self.source.utfall.noter.medlemsbidrag.values(), Decimal(0))

    @property
    def kostnadsgrupper(self) -> dict[str, Decimal]:
        """Each cost group's net cost, by the chart's id (narrative: kostnadsgrupper.insatser)."""
        return self.outcome.kostnadsgrupper

    def __getattr__(self, name: str) -> Decimal:
        """kostnader_<group>: a cost group's net cost by name (foregaende.kostnader_insatser)."""
        if name.startswith("kostnader_") and "source" in self.__dict__:
            group = name.removeprefix("kostnader_")
            if group in self.resultatrakning.kontoplan.gruppordning:  # 0 for a group unused
                return self.outcome.summa(group)
        raise AttributeError(name)

    def __dir__(self) -> list[str]:
        """The names narrative can use, kostnader_<group> included (for its suggestions)."""
        return [*super().__dir__(), *(f"kostnader_{group}"
                                      for group in self.resultatrakning.kontoplan.gruppordning)]

    @property
    def closing(self) -> ClosingBalance:
        return self.balansrakning.closing

    @property
    def outcome(self) -> Resultatkolumn:
        """The year as a column of result lines (the driftredovisning's and budgets' form)."""
        rr = self.resultatrakning
        noted = {"verksamhetens_intakter", "verksamhetens_kostnader"}  # the two notes' lines
        other = {r.namn: rr.signerat(r) for r in rr.kontoplan.resultatrader
                 if r.id not in noted and not r.finansiell and rr[r.id]}
        financial = {r.namn: rr.signerat(r) for r in rr.kontoplan.resultatrader if r.finansiell}
        return outcome_column(self.source.utfall, rr.finansiella_poster,
                              rr.kontoplan.gruppordning, other, financial)


@dataclass(frozen=True)
class OverviewYear:
    """One column of Översikt över verksamhetens utveckling: in tkr, rounded so that the lines
    add up, and in kronor as typed or computed."""

    ar: int
    intakter: int
    kostnader: int  # negative, as shown
    resultat: int
    soliditet: Decimal | None
    anstallda: int | None
    historik: bool
    intakter_kr: Decimal = Decimal(0)
    kostnader_kr: Decimal = Decimal(0)  # positive
    resultat_kr: Decimal = Decimal(0)


@dataclass
class Ledger:
    full: dict[int, YearSource]
    history: dict[int, HistoryYear]
    kontoplan: Kontoplan
    _accounts: dict[int, YearAccounts] = field(default_factory=dict)

    def closing(self, year: int) -> ClosingBalance | None:
        if year in self.full:
            return self.accounts(year).closing
        past = self.history.get(year)
        if past and past.historik.balansrakning:
            lines = dict(past.historik.balansrakning)
            equity = lines.pop("eget_kapital")
            return ClosingBalance(year, self.kontoplan, lines, equity)
        return None

    def accounts(self, year: int) -> YearAccounts:
        if year in self._accounts:
            return self._accounts[year]
        source = self.full.get(year)
        if source is None:
            raise BuildError(Problem(f"Det finns inget utfall för {year}.", None, None,
                                     f"skapa content/{year}/utfall.yaml."))
        previous = self.closing(year - 1)
        if previous is None:
            raise BuildError(Problem(
                f"För att räkna fram eget kapital och kassaflöde {year} behövs "
                f"utgående balans för {year - 1}.", source.path, None,
                f"lägg till content/{year - 1}/utfall.yaml, eller {year - 1} med "
                "'balansrakning' i content/historik.yaml."))
        self._accounts[year] = _compute_year(source, previous, self.kontoplan)
        return self._accounts[year]

    def outcome_column(self, year: int) -> Resultatkolumn | None:
        """The year's result lines, where the year has an outcome file (history has none)."""
        return self.accounts(year).outcome if year in self.full else None

    def overview(self, year: int, financial_items: bool = True,
                 defined_at: str = "dokument.yaml") -> OverviewYear | None:
        """One year of the five-year overview. With the financial items (RKR's overview) the
        lines add up to årets resultat and are rounded so; without them intäkter and
        kostnader are the business's own, and årets resultat stays the year's result.
        `defined_at` says where the document chose the definition (for a history year that
        cannot give the figures it asks for)."""
        if year in self.full:
            acc = self.accounts(year)
            rr = acc.resultatrakning
            result = to_tkr(rr.arets_resultat)
            if financial_items:
                income, costs = rr.summa_intakter, rr.summa_kostnader
                intakter, kostnader = apportion(result, [income, -costs])
            else:
                income, costs = rr.verksamhetens_intakter, rr.verksamhetens_kostnader
                intakter, kostnader = to_tkr(income), -to_tkr(costs)
            return OverviewYear(year, intakter, kostnader, result, acc.balansrakning.soliditet,
                                acc.source.utfall.anstallda, False, income, costs,
                                rr.arets_resultat)
        past = self.history.get(year)
        if past is None:
            return None
        h = past.historik
        result_kr = _history_result(past, financial_items, defined_at)
        # Typed in tkr, possibly with decimals (14 178,5): rounded by the stated rule, the
        # result first and, where the lines make it, the lines so that they add up to it.
        result = to_tkr(result_kr)
        if financial_items:
            intakter, kostnader = apportion(result, [h.intakter_kr, -h.kostnader_kr])
        else:
            intakter, kostnader = to_tkr(h.intakter_kr), -to_tkr(h.kostnader_kr)
        soliditet = h.soliditet_procent / 100 if h.soliditet_procent is not None else None
        closing = self.closing(year)
        if closing is not None:  # validate: agrees with a typed one
            soliditet = closing.soliditet  # None for no assets at all: no soliditet to give
        _history_gives(past, h.soliditet_procent is not None or closing is not None,
                       h.anstallda)
        return OverviewYear(year, intakter, kostnader, result, soliditet, h.anstallda, True,
                            h.intakter_kr, h.kostnader_kr, result_kr)


def _history_result(past: HistoryYear, financial_items: bool, defined_at: str) -> Decimal:
    """A history year's result as the overview's definition needs it, never guessed.

    With the financial items in intäkter and kostnader, the result is their difference (a
    typed result that is not is a rule of accounts/consistency.py). Without them the result
    needs the financial items or the published result: intäkter − kostnader alone is not the
    year's result."""
    h, year = past.historik, past.ar
    typed, financial = h.arets_resultat_kr, h.finansiella_poster_kr
    difference = h.intakter_kr - h.kostnader_kr
    if financial_items:
        return difference
    if typed is not None:
        return typed
    if financial is not None:
        return difference + financial
    raise BuildError(Problem(
        f"Femårsöversikten visar intäkter och kostnader utan finansiella poster "
        f"({defined_at}), men historik.yaml har för {year} bara intäkter och kostnader: "
        "årets resultat kan inte räknas ut ur dem.", past.path, past.line,
        f"lägg till 'arets_resultat{h.unit_suffix}: …' (årets resultat som det publicerades) "
        f"eller 'finansiella_poster{h.unit_suffix}: …' (de finansiella posterna netto) under "
        f"{year} i historik.yaml, i samma enhet som intäkterna."))


def _history_gives(past: HistoryYear, soliditet: bool, anstallda: int | None) -> None:
    """The overview shows soliditet and staff for every year: a history year that gives
    neither (no soliditet typed and no balance to compute it from; no staff) is a mistake,
    never an empty cell or a 0 that the förbund did not publish."""
    problems = []
    if not soliditet:
        problems.append(Problem(
            f"Femårsöversikten visar soliditet för {past.ar}, men historik.yaml har ingen "
            "soliditet för det året.", past.path, past.line,
            f"skriv 'soliditet_procent: …' (som den publicerades) eller årets utgående "
            f"'balansrakning' (soliditeten räknas då ut) under {past.ar} i historik.yaml."))
    if anstallda is None:
        problems.append(Problem(
            f"Femårsöversikten visar antal anställda för {past.ar}, men historik.yaml har "
            "inget antal anställda för det året.", past.path, past.line,
            f"skriv 'anstallda: …' under {past.ar} i historik.yaml, som det publicerades "
            "(0 om förbundet inte hade några anställda)."))
    if problems:
        raise BuildError(problems)


def note_sums(u: Utfall) -> dict[str, Decimal]:
    """What each note sums to, by the statement line it specifies: the income and cost
    notes and every line's specification."""

    def total(posts: list[Post]) -> Decimal:
        return sum((p.summa for p in posts), Decimal(0))

    sums = {line: total(posts) for line, posts in u.noter.specifikationer.items()}
    if u.noter.medlemsbidrag or u.noter.ovriga_intakter:
        sums["verksamhetens_intakter"] = (sum(u.noter.medlemsbidrag.values(), Decimal(0))
                                          + total(u.noter.ovriga_intakter))
    if u.noter.kostnader:
        sums["verksamhetens_kostnader"] = total(
            [p for posts in u.noter.kostnader.values() for p in posts])
    return sums


def statement_lines(u: Utfall, chart: Kontoplan) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """The resultaträkning's and balansräkning's lines: as typed, and a line left out whose
    note gives it, from the note (a figure typed once, at the finest level; a line typed
    as well is checked against its note in checks.check_notes)."""
    rr, br = dict(u.resultatrakning), dict(u.balansrakning)
    in_rr = {r.id for r in chart.resultatrader}
    for line, amount in note_sums(u).items():
        (rr if line in in_rr else br).setdefault(line, amount)
    return rr, br


def _compute_year(source: YearSource, previous: ClosingBalance,
                  chart: Kontoplan) -> YearAccounts:
    u = source.utfall
    rr_lines, br_lines = statement_lines(u, chart)
    if not u.ifylld:
        # A year not filled in yet (a draft that says so) holds the opening balance where a
        # balance line is not typed: the balance sheet balances and the checks hold.
        br_lines = previous.belopp | {k: v for k, v in br_lines.items() if v}
    rr = Resultatrakning(u.ar, chart, rr_lines)
    br = Balansrakning(u.ar, chart, br_lines, previous.eget_kapital,
                       rr.arets_resultat, u.eget_kapital_tillskott)
    kf = kassaflode(previous, br, rr, u.ej_likviditetspaverkande_poster)
    return YearAccounts(source, previous, rr, br, kf)
