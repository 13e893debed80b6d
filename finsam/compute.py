"""Stage 3, compute: one document's figures, all derived from what was typed, and checked.

`compute_arsredovisning` gathers the year and the previous year from the ledger,
builds the statements, driftredovisning and ratios, and runs every consistency
check. Problems from all checks are reported together.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .checks import check_budget_lines, check_drift, check_year
from .driftredovisning import Driftredovisning, build_driftredovisning
from .errors import raise_if_any
from .ledger import Ledger, OverviewYear, YearAccounts
from .load import RawFile
from .validate import Arsredovisning, Budget, Forbund


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
    def andel(self) -> Decimal:
        return self.eget_kapital / self.erhallna_bidrag

    @property
    def uppfyllt(self) -> bool:
        return self.andel <= self.tak

    @property
    def tak_belopp(self) -> Decimal:
        return self.erhallna_bidrag * self.tak


@dataclass(frozen=True)
class ArsredovisningFigures:
    ar: int
    aktuellt: YearAccounts
    foregaende: YearAccounts | None
    oversikt: list[OverviewYear]
    driftredovisning: Driftredovisning
    balanskrav: Balanskrav
    eget_kapital_mal: EgetKapitalMal

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

    @property
    def kostnader_insatser(self) -> Decimal:
        return self.aktuellt.kostnader_insatser

    @property
    def kostnader_administration(self) -> Decimal:
        return self.aktuellt.kostnader_administration


def compute_arsredovisning(doc: Arsredovisning, budget: Budget | None,
                           budget_file: RawFile | None, ledger: Ledger,
                           forbund: Forbund) -> ArsredovisningFigures:
    current = ledger.accounts(doc.ar)
    previous = ledger.accounts(doc.ar - 1) if doc.ar - 1 in ledger.full else None
    drift = build_driftredovisning(current.source.utfall,
                                   previous.source.utfall if previous else None, budget)
    problems = check_year(current, forbund) + check_drift(drift, current)
    if budget is not None and budget_file is not None:
        problems += check_budget_lines(budget, budget_file, current.source.utfall)
    if previous is not None:
        problems += check_year(previous, forbund)
    raise_if_any(problems)
    oversikt = [row for year in range(doc.ar, doc.ar - 5, -1)
                if (row := ledger.overview(year)) is not None]
    balanskrav = Balanskrav(current.resultatrakning.arets_resultat,
                            [(j.namn, j.belopp) for j in doc.balanskrav_justeringar])
    mal = EgetKapitalMal(current.balansrakning.summa_eget_kapital, current.medlemsbidrag,
                         doc.eget_kapital_tak_procent / 100)
    return ArsredovisningFigures(doc.ar, current, previous, oversikt, drift, balanskrav, mal)
