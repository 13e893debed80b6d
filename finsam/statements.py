"""The financial statements of one year, computed from what was typed.

Every sum, result and balance here is a property computed from typed lines;
nothing in these classes is typed by a user.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Resultatrakning:
    ar: int
    verksamhetens_intakter: Decimal
    verksamhetens_kostnader: Decimal  # a positive amount, shown with minus
    finansiella_intakter: Decimal
    finansiella_kostnader: Decimal

    @property
    def verksamhetens_resultat(self) -> Decimal:
        return self.verksamhetens_intakter - self.verksamhetens_kostnader

    @property
    def resultat_efter_finansiella_poster(self) -> Decimal:
        return self.verksamhetens_resultat + self.finansiella_intakter - self.finansiella_kostnader

    @property
    def arets_resultat(self) -> Decimal:
        # No extraordinary items or appropriations in a samordningsförbund.
        return self.resultat_efter_finansiella_poster

    @property
    def summa_intakter(self) -> Decimal:
        """Verksamhetens and finansiella intäkter: the five-year overview's intäkter."""
        return self.verksamhetens_intakter + self.finansiella_intakter

    @property
    def summa_kostnader(self) -> Decimal:
        return self.verksamhetens_kostnader + self.finansiella_kostnader


@dataclass(frozen=True)
class Balansrakning:
    ar: int
    fordringar: Decimal
    kassa_och_bank: Decimal
    kortfristiga_skulder: Decimal
    ovrigt_eget_kapital: Decimal  # last year's closing eget kapital
    arets_resultat: Decimal  # from this year's resultaträkning

    @property
    def summa_omsattningstillgangar(self) -> Decimal:
        return self.fordringar + self.kassa_och_bank

    @property
    def summa_tillgangar(self) -> Decimal:
        return self.summa_omsattningstillgangar

    @property
    def summa_eget_kapital(self) -> Decimal:
        return self.ovrigt_eget_kapital + self.arets_resultat

    @property
    def summa_skulder(self) -> Decimal:
        return self.kortfristiga_skulder

    @property
    def summa_eget_kapital_och_skulder(self) -> Decimal:
        return self.summa_eget_kapital + self.summa_skulder

    @property
    def soliditet(self) -> Decimal:
        return self.summa_eget_kapital / self.summa_tillgangar


@dataclass(frozen=True)
class Kassaflodesanalys:
    """Indirect method: from the result and the change in working capital."""

    ar: int
    arets_resultat: Decimal
    ej_likviditetspaverkande_poster: Decimal
    forandring_fordringar: Decimal  # decrease (+) / increase (−) of receivables
    forandring_skulder: Decimal  # increase (+) / decrease (−) of liabilities
    likvida_medel_vid_arets_borjan: Decimal

    @property
    def medel_fore_forandring_av_rorelsekapital(self) -> Decimal:
        return self.arets_resultat + self.ej_likviditetspaverkande_poster

    @property
    def kassaflode_fran_den_lopande_verksamheten(self) -> Decimal:
        return (self.medel_fore_forandring_av_rorelsekapital
                + self.forandring_fordringar + self.forandring_skulder)

    @property
    def arets_kassaflode(self) -> Decimal:
        # No investments or financing in the example's förbund; those sections come when needed.
        return self.kassaflode_fran_den_lopande_verksamheten

    @property
    def likvida_medel_vid_arets_slut(self) -> Decimal:
        return self.likvida_medel_vid_arets_borjan + self.arets_kassaflode


@dataclass(frozen=True)
class ClosingBalance:
    """What a year hands over to the next: its closing balance."""

    ar: int
    fordringar: Decimal
    kassa_och_bank: Decimal
    kortfristiga_skulder: Decimal
    eget_kapital: Decimal

    @property
    def summa_tillgangar(self) -> Decimal:
        return self.fordringar + self.kassa_och_bank
