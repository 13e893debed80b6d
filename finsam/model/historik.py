"""Years before the tool (content/historik.yaml): summary figures as once published."""
from __future__ import annotations

from decimal import Decimal

from pydantic import Field, model_validator

from .fields import Belopp, Model, Soliditet
from .utfall import Rader


class Historik(Model):
    """A year as it was published before the tool: summary figures only."""

    # Intäkter and kostnader as published: in tkr (intakter_tkr) or in kronor (intakter).
    intakter_tkr: Belopp | None = None
    kostnader_tkr: Belopp | None = None
    intakter: Belopp | None = None
    kostnader: Belopp | None = None
    # What a five-year overview without financial items needs besides them (intäkter −
    # kostnader is then not the result): årets resultat as published, or the financial
    # items (net, income plus), in the unit of intäkter and kostnader.
    arets_resultat_tkr: Belopp | None = None
    finansiella_poster_tkr: Belopp | None = None
    arets_resultat: Belopp | None = None
    finansiella_poster: Belopp | None = None
    # Staff as published; none typed is no figure (the overview does not invent a 0).
    anstallda: int | None = Field(default=None, ge=0)
    soliditet_procent: Soliditet | None = None
    # The closing balance of the year, by the chart's ids plus eget_kapital: the opening
    # balance of the first year the tool computes.
    balansrakning: Rader | None = None

    @model_validator(mode="after")
    def _one_unit(self) -> Historik:
        in_tkr = self.intakter_tkr is not None and self.kostnader_tkr is not None
        in_kr = self.intakter is not None and self.kostnader is not None
        if in_tkr == in_kr:
            raise ValueError("skriv intäkter och kostnader antingen i tkr (intakter_tkr, "
                             "kostnader_tkr) eller i kronor (intakter, kostnader)")
        return self

    def other_unit(self) -> list[str]:
        """The result and financial items typed in the other unit than intäkter (a figure
        a factor 1 000 off once mixed with them)."""
        other = (("arets_resultat", "finansiella_poster") if self.unit_suffix else
                 ("arets_resultat_tkr", "finansiella_poster_tkr"))
        return [name for name in other if getattr(self, name) is not None]

    @property
    def _scale(self) -> Decimal:
        return Decimal(1000) if self.intakter_tkr is not None else Decimal(1)

    @property
    def intakter_kr(self) -> Decimal:
        return _in_kronor(self.intakter, self.intakter_tkr)

    @property
    def kostnader_kr(self) -> Decimal:
        return _in_kronor(self.kostnader, self.kostnader_tkr)

    @property
    def arets_resultat_kr(self) -> Decimal | None:
        """The year's result as published, in kronor, where typed."""
        typed = self.arets_resultat_tkr if self.arets_resultat is None else self.arets_resultat
        return None if typed is None else typed * self._scale

    @property
    def finansiella_poster_kr(self) -> Decimal | None:
        typed = (self.finansiella_poster_tkr if self.finansiella_poster is None
                 else self.finansiella_poster)
        return None if typed is None else typed * self._scale

    @property
    def unit_suffix(self) -> str:
        """How this year's keys end: '_tkr' for a year typed in tkr, '' in kronor."""
        return "_tkr" if self.intakter_tkr is not None else ""


def _in_kronor(kronor: Decimal | None, tkr: Decimal | None) -> Decimal:
    """A figure typed in kronor or in tkr (one of the two, as _one_unit checks), in kronor."""
    if kronor is not None:
        return kronor
    assert tkr is not None
    return tkr * 1000
