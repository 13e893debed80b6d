"""A document's manifest (content/<år>/<dokument>/dokument.yaml): what it is, its sections,
and how the förbund shows its tables."""
from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import field_validator

from .fields import Belopp, Model, Takprocent
from .tabeller import Tabellval


class Justering(Model):
    namn: str
    belopp: Belopp


class Rattelse(Model):
    """A correction of an adopted document, declared, dated and shown in it."""

    datum: datetime.date
    beskrivning: str


class Manifest(Model):
    ar: int
    titel: str
    status: Literal["utkast", "fastställd"]
    datum: datetime.date
    ort: str
    sektioner: list[str]
    # Corrections after adoption, oldest first: the adopted document is published again with
    # them shown (site/adoption.py).
    rattelser: list[Rattelse] = []
    # A draft the förbund wants on its public site before it is adopted (finsam bygg
    # --publicering leaves other drafts out).
    publiceras: bool = False
    # To reproduce an old published document as it was: its inconsistencies become warnings.
    godta_avvikelser: str | None = None
    # A line under the title about the year, on the cover and the web page's header.
    undertitel: str = ""
    # A sentence the förbund adds under a placed table, by the table's name, e.g.
    # femarsoversikt: "Förbundet har inga egna anställda."
    tabellfotnoter: dict[str, str] = {}
    # Tables in tkr shown with one decimal, by the table's name (kassaflodesbudget: 1), as
    # the förbund has published them; every other tkr table is in whole tkr, so that one
    # document shows one unit one way.
    decimaler: dict[str, Literal[0, 1]] = {}
    # How each computed table is shown, by its name (docs/tabeller.md): the one place for a
    # table's presentation; the older keys above and below still work and mean the same.
    tabeller: dict[str, Tabellval] = {}

    @field_validator("tabeller", mode="before")
    @classmethod
    def _empty_tables(cls, value: Any) -> Any:
        """A table named with nothing under it (its only option taken away, as 'finsam ny'
        takes away a published figure) keeps the standard; so does 'tabeller:' alone."""
        if value is None:
            return {}
        if isinstance(value, dict):
            return {name: {} if options is None else options for name, options in value.items()}
        return value

    def tabellval(self, name: str) -> Tabellval:
        """The table's presentation: tabeller's, with the older keys where it says nothing."""
        own = self.tabeller.get(name, Tabellval())
        older = self._older_options(name)
        return own.model_copy(update={key: value for key, value in older.items()
                                      if key not in own.model_fields_set})

    def _older_options(self, name: str) -> dict[str, object]:
        """What the older keys of dokument.yaml say about a table (decimaler)."""
        return {"tkr_decimaler": self.decimaler[name]} if name in self.decimaler else {}


class Femarsoversikt(Model):
    """How the five-year overview is shown, as the förbund has always published it."""

    enhet: Literal["tkr", "kr"] = "tkr"
    kostnader: Literal["negativa", "positiva"] = "negativa"  # shown with or without minus
    soliditet_decimaler: Literal[0, 1] = 1
    # Intäkter and kostnader with the financial items (as RKR's overview) or without them.
    finansiella_poster: Literal["med", "utan"] = "med"


class Kostnadsfordelningsval(Model):
    """How the cost split is shown: shares of the year's total cost (adding to 100 %) or of
    verksamhetens intäkter (the share of the income spent, per category)."""

    andel_av: Literal["kostnader", "intakter"] = "kostnader"
    avvikelse_procent: bool = False  # the deviation also as a share of the budget
    ordning: list[str] = []  # the categories' order (standard: as the cost note has them)
    # A deviation as once published, by category: checked against the computed one and,
    # where it differs and the document accepts it (godta_avvikelser), shown as published.
    publicerad_avvikelse: dict[str, Belopp] = {}


class Arsredovisning(Manifest):
    typ: Literal["arsredovisning"]
    femarsoversikt: Femarsoversikt = Femarsoversikt()
    driftredovisning_enhet: Literal["tkr", "kr"] = "tkr"
    # The financial items in the driftredovisning: an income line (inom), or after the
    # result of the business, before årets resultat (efter).
    driftredovisning_finansiella_poster: Literal["inom", "efter"] = "inom"
    # Each period as intäkt, kostnad and netto (detaljerad), or one net figure (netto).
    driftredovisning_kolumner: Literal["detaljerad", "netto"] = "detaljerad"
    # A heading over all cost groups and their total ("Summa verksamhetens kostnader").
    driftredovisning_kostnadssumma: bool = False
    kostnadsfordelning: Kostnadsfordelningsval = Kostnadsfordelningsval()
    eget_kapital_tak_procent: Takprocent = Decimal(20)
    balanskrav_justeringar: list[Justering] = []
    # How the signatures are dated: with the document's ort and datum, or digitally.
    underskrift_styrelse: Literal["ort och datum", "digital"] = "ort och datum"
    underskrift_revisorer: Literal["ort och datum", "digital"] = "digital"

    def _older_options(self, name: str) -> dict[str, object]:
        older = super()._older_options(name)
        if name == "driftredovisning":
            older["enhet"] = self.driftredovisning_enhet
        elif name == "femarsoversikt":
            how = self.femarsoversikt
            older |= {"enhet": how.enhet, "kostnader": how.kostnader,
                      "procent_decimaler": how.soliditet_decimaler}
        return older

    @property
    def drift_enhet(self) -> Literal["tkr", "kr"]:
        """The driftredovisning's unit (tabeller, or driftredovisning_enhet)."""
        return self.tabellval("driftredovisning").enhet or self.driftredovisning_enhet

    @property
    def oversikt(self) -> Femarsoversikt:
        """The five-year overview's presentation (tabeller, or femarsoversikt)."""
        val = self.tabellval("femarsoversikt")
        return self.femarsoversikt.model_copy(update={
            "enhet": val.enhet or self.femarsoversikt.enhet,
            "kostnader": val.kostnader or self.femarsoversikt.kostnader,
            "soliditet_decimaler": (self.femarsoversikt.soliditet_decimaler
                                    if val.procent_decimaler is None
                                    else val.procent_decimaler)})


class Verksamhetsplan(Manifest):
    typ: Literal["verksamhetsplan"]
    diarienummer: str = ""
    vision: str = ""


MANIFESTS: dict[str, type[Manifest]] = {"arsredovisning": Arsredovisning,
                                         "verksamhetsplan": Verksamhetsplan}
