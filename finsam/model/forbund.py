"""The organisation profile (content/forbund.yaml): the förbund, its members and their
shares, its board and auditors, its look."""
from __future__ import annotations

from decimal import Decimal
from typing import Literal

from .fields import Andel, BasUrl, Farg, Model, Webbadress


class Medlem(Model):
    id: str
    namn: str
    kortnamn: str = ""  # in narrow tables: "Stat", "Region"
    # The member's share of the funding: one figure for every year, or by year from the year
    # it takes effect ({2021: 25, 2023: 31,25}); before its first year it is not a member.
    andel_procent: Andel | dict[int, Andel]

    def andel(self, year: int) -> Decimal | None:
        """The share that applies in `year` (the latest change up to it), or None."""
        if not isinstance(self.andel_procent, dict):
            return self.andel_procent
        applicable = [y for y in self.andel_procent if y <= year]
        return self.andel_procent[max(applicable)] if applicable else None


class Person(Model):
    namn: str
    roll: str


class Revisor(Model):
    namn: str
    titel: str
    uppdrag: str = ""


class Adress(Model):
    gatuadress: str
    postnummer: str
    ort: str



PDF_VARIANTS = ("pdf/a-3u", "pdf/a-2u", "pdf/ua-1", "ingen")


class Tema(Model):
    farg: Farg = "#1f4e79"  # headings, rules and links
    logotyp: str | None = None  # a file in content/, e.g. logotyp.svg
    # An image for the cover and the web page's header (a file in content/), and what it
    # shows, for those who do not see it.
    omslagsbild: str | None = None
    omslagsbild_text: str = ""


class Forbund(Model):
    namn: str
    organisationsnummer: str
    adress: Adress
    webbplats: Webbadress = ""  # the förbund's own website, linked from every page's footer
    # Where output/ is published, e.g. https://www.exempel.se/rapporter/: gives canonical
    # links and absolute links in the single-file copy for a CMS. Empty: relative links only.
    bas_url: BasUrl = ""
    medlemmar: list[Medlem]
    styrelse: list[Person]
    revisorer: list[Revisor]
    tema: Tema = Tema()
    # How a zero amount is shown in tables: "0" or a dash, as the förbund's reports have it.
    nollvarde: Literal["0", "–", "-"] = "0"
    # The PDF's archival variant: PDF/A-3u (default) and PDF/A-2u are tagged for accessibility
    # as well; pdf/ua-1 is WeasyPrint's accessible variant without PDF/A; "ingen" is plain.
    pdf_variant: Literal["pdf/a-3u", "pdf/a-2u", "pdf/ua-1", "ingen"] = "pdf/a-3u"
