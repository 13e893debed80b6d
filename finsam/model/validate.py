"""Stage 2, validate: raw YAML → typed models, every problem reported in one go.

Amounts may be typed the way people type them in Sweden ("1 500 000",
"−628 285", "53,9"); they become Decimal. Unknown keys are errors with a
suggestion, since a misspelt key would otherwise drop a figure silently.
"""
from __future__ import annotations

import datetime
import difflib
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, TypeVar

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      ValidationError, model_validator)

from ..common.errors import BuildError, Problem, attempt
from .kontoplan import Kontoplan, chart_for
from ..load.project import MAX_NUMBER, locate

_MINUS_SIGNS = "\u2212\u2013-"
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_amount(value: Any) -> Decimal:
    """Read an amount typed as a number or as Swedish text: '1 500 000', '−628 285', '53,9'."""
    if isinstance(value, bool):
        raise ValueError("ett belopp kan inte vara ja/nej")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, str):
        text = _SPACES.sub("", value)
        if re.fullmatch(r"[-\u2212\u2013]?\d+(\.\d+)+", text):
            raise ValueError(_dotted(text))
        negative = text[:1] in _MINUS_SIGNS
        if negative:
            text = text[1:]
        text = text.replace(",", ".")
        if re.fullmatch(r"\d+(\.\d+)?", text):
            try:
                amount = Decimal(text)
            except InvalidOperation:
                pass
            else:
                if amount >= MAX_NUMBER:
                    raise ValueError(f"'{value}' är orimligt stort: inget belopp i en rapport "
                                     "har 16 siffror eller fler")
                return -amount if negative else amount
    raise ValueError(f"'{value}' är inte ett tal")


def _dotted(text: str) -> str:
    """Why '3.102' is refused: a dot is never the Swedish decimal sign, and as a thousands
    separator it is ambiguous (3.102 could be 3 102 or 3,102)."""
    ways = []
    if all(len(part) == 3 for part in text.split(".")[1:]):
        ways.append(f"{text.replace('.', ' ')} (med mellanslag mellan tusentalen)")
    if text.count(".") == 1:
        ways.append(f"{text.replace('.', ',')} (med decimalkomma)")
    ways = " eller ".join(ways)
    return f"'{text}' har punkt, som inte är ett svenskt decimal- eller tusentalstecken; " \
           f"skriv {ways}"


Belopp = Annotated[Decimal, BeforeValidator(parse_amount)]
"""An amount: kronor (or tkr where the field name says so)."""


def _percent_between(low: int, high: int, meaning: str) -> AfterValidator:
    """A percentage typed as a number of percent (20 for 20 %), within its sensible range:
    0,2 for 20 % would otherwise publish "högst 0 %"."""
    def check(value: Decimal) -> Decimal:
        if not low <= value <= high:
            raise ValueError(
                f"{format_number(value)} % är inte rimligt för {meaning} (mellan {low} och "
                f"{high} %); procent skrivs som antal procent, t.ex. 20 för 20 %")
        return value
    return AfterValidator(check)


def format_number(value: Decimal) -> str:
    """A typed number as it would be written: 12,5 and 101, not 12.50 and 101.0."""
    return format(value.normalize(), "f").replace(".", ",").replace("-", "\u2212")


Andel = Annotated[Decimal, BeforeValidator(parse_amount),
                  _percent_between(0, 100, "en medlems andel")]
Takprocent = Annotated[Decimal, BeforeValidator(parse_amount),
                       _percent_between(1, 100, "taket för eget kapital")]
Soliditet = Annotated[Decimal, BeforeValidator(parse_amount),
                      _percent_between(-100, 100, "soliditeten")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- The organisation profile (content/forbund.yaml) -------------------------------------

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


def _contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of a #rrggbb colour against white."""
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def parse_colour(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", value.strip()):
        raise ValueError(f"'{value}' är ingen färg; skriv den som #rrggbb, t.ex. #1f4e79")
    colour = value.strip().lower()
    ratio = _contrast_with_white(colour)
    if ratio < 4.5:
        shown = f"{ratio:.1f}".replace(".", ",")
        raise ValueError(f"färgen {colour} har för låg kontrast mot vit bakgrund ({shown}:1, "
                         "minst 4,5:1 krävs för text); välj en mörkare nyans")
    return colour


Farg = Annotated[str, BeforeValidator(parse_colour)]


def parse_web_address(value: Any) -> str:
    """An address on the web, printed as a link on every page: only http(s), never a
    relative path ('www.x.se' would link to output/…/www.x.se) or a javascript: link."""
    text = str(value or "").strip()
    if not text:
        return ""
    if not re.fullmatch(r"https?://[^\s/\"'<>]+(/[^\s\"'<>]*)?", text):
        example = ("https://" + text) if re.fullmatch(r"[\w.-]+\.[a-z]{2,}(/\S*)?", text) else (
            "https://www.exempel.se/")
        raise ValueError(f"'{text}' är ingen webbadress; skriv hela adressen med https://, "
                         f"t.ex. {example}")
    return text


def parse_base_url(value: Any) -> str:
    """The address output/ is published at; always ends with '/' so paths can follow."""
    text = parse_web_address(value)
    return text if not text or text.endswith("/") else text + "/"


BasUrl = Annotated[str, BeforeValidator(parse_base_url)]
Webbadress = Annotated[str, BeforeValidator(parse_web_address)]

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


# --- One year's outcome (content/<år>/utfall.yaml), in kronor ----------------------------

class Post(Model):
    """One specified line in a note. A figure is typed once, at the finest level the förbund
    reports: a post typed as finer lines (`rader`, each its own driftredovisning line) gets
    its amount from them; a post with both is checked against them. A `specifikation` lists
    what one driftredovisning line consists of (a sub-note of its own)."""

    namn: str
    belopp: Belopp | None = None
    drift: str | None = Field(default=None, description="Driftredovisningens rad; standard: namn")
    # The driftredovisning's cost group of the line (standard: the note's group it is typed
    # under); for an income post, a cost line's group puts the income on that cost line.
    driftgrupp: str | None = None
    # The cost split's category (individinsatser, strukturinsatser, processtöd …); standard:
    # the cost group's category in the chart.
    kategori: str | None = None
    rader: list[Post] = []
    specifikation: list[Post] = []
    specifikation_rubrik: str | None = None

    @model_validator(mode="after")
    def _typed_once(self) -> Post:
        if self.belopp is None and not self.rader and not self.specifikation:
            raise ValueError(f"posten '{self.namn}' saknar belopp (eller rader eller "
                             "specifikation som ger det)")
        return self

    @property
    def summa(self) -> Decimal:
        """The post's amount: as typed, or the sum of its finer lines (or specification)."""
        if self.belopp is not None:
            return self.belopp
        return sum((r.summa for r in self.rader or self.specifikation), Decimal(0))

    @property
    def driftpost(self) -> str:
        return self.drift or self.namn


def drift_lines(posts: list[Post]) -> list[Post]:
    """The driftredovisning's finest lines of a note's posts: a post typed as finer lines
    is those lines (each in the post's group and category unless it names its own)."""
    lines = []
    for post in posts:
        if post.rader:
            lines += drift_lines([r.model_copy(update={
                "driftgrupp": r.driftgrupp or post.driftgrupp,
                "kategori": r.kategori or post.kategori}) for r in post.rader])
        else:
            lines.append(post)
    return lines


# The resultaträkning's and balansräkning's lines are typed by the chart's ids (kontoplan):
# a mapping id → amount, checked against the chart in validate_project. Sums are computed.
Rader = dict[str, Belopp]

# The cost note: the chart's cost group id → its posts, in the order the note shows them.
Kostnadsnot = dict[str, list[Post]]


class Noter(Model):
    """The notes of a year: member contributions and costs (the driftredovisning's source),
    and a specification for any line of the chart, under the line's id (fordringar: […])."""

    medlemsbidrag: dict[str, Belopp]
    ovriga_intakter: list[Post] = []  # income besides the members' (EU funds, grants …)
    kostnader: Kostnadsnot
    specifikationer: dict[str, list[Post]] = {}

    def posts_with_place(self):
        """Every post of the cost and income notes, finer lines included, with the keys it is
        typed under in utfall.yaml (for the lines of messages)."""
        places = [(("noter", "kostnader", group), posts)
                  for group, posts in self.kostnader.items()]
        places.append((("noter", "ovriga_intakter"), self.ovriga_intakter))
        for where, posts in places:
            yield from _walk_posts(posts, where)

    @model_validator(mode="before")
    @classmethod
    def _line_notes(cls, data: Any) -> Any:
        """Every key but the named notes is a line's specification."""
        if not isinstance(data, dict):
            return data
        named = {k: v for k, v in data.items()
                 if k in ("medlemsbidrag", "ovriga_intakter", "kostnader")}
        return named | {"specifikationer": {k: v for k, v in data.items() if k not in named}}


def parse_amount_or_text(value: Any) -> Decimal | str:
    """An amount if it reads as one ('1 234 567'), else the text as typed ('Inga')."""
    try:
        return parse_amount(value)
    except ValueError:
        if isinstance(value, str) and value.strip() and not re.search(r"\d\.\d", value):
            return value.strip()
        raise


BeloppEllerText = Annotated[Decimal | str, BeforeValidator(parse_amount_or_text)]


class Utfall(Model):
    ar: int
    # false in a file laid out by 'finsam ny': the build warns until it is filled in.
    ifylld: bool = True
    anstallda: int = 0
    # Printed under the balansräkning when given: an amount, or a text such as "Inga".
    ansvarsforbindelser: BeloppEllerText | None = None
    ej_likviditetspaverkande_poster: Belopp = Decimal(0)
    eget_kapital_tillskott: Belopp = Decimal(0)  # capital contributed by members this year
    resultatrakning: Rader
    balansrakning: Rader  # at year end; eget kapital is rolled forward, not typed
    noter: Noter


# --- Years before the tool (content/historik.yaml) ----------------------------------------

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
    anstallda: int = 0
    soliditet_procent: Soliditet | None = None
    # The closing balance of the year, by the chart's ids plus eget_kapital: the opening
    # balance of the first year the tool computes.
    balansrakning: Rader | None = None

    @model_validator(mode="after")
    def _one_unit(self) -> "Historik":
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
        return self.intakter if self.intakter is not None else self.intakter_tkr * 1000

    @property
    def kostnader_kr(self) -> Decimal:
        return self.kostnader if self.kostnader is not None else self.kostnader_tkr * 1000

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


# --- A document's manifest and its own data -------------------------------------------------

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


class Verksamhetsplan(Manifest):
    typ: Literal["verksamhetsplan"]
    diarienummer: str = ""
    vision: str = ""


MANIFESTS: dict[str, type[Manifest]] = {"arsredovisning": Arsredovisning,
                                         "verksamhetsplan": Verksamhetsplan}


# --- The verksamhetsplan's budget (content/<år>/verksamhetsplan/budget.yaml) --------------

def _cost_groups_from_top(data: Any, named: tuple[str, ...]) -> Any:
    """A budget types each cost group's lines at the top, under the group's id
    (administration: …, insatser: …, styrelse: …): every key but the named fields is one."""
    if not isinstance(data, dict):
        return data
    fields = {k: v for k, v in data.items() if k in named}
    return fields | {"grupper": {k: v for k, v in data.items() if k not in named}}


class Revidering(Model):
    """A revised budget for the budget year, decided during the year: a new version."""

    benamning: str
    beslutad: datetime.date | None = None
    intakter: dict[str, Belopp] | None = None  # unchanged when left out
    finansiella_poster: Belopp | None = None
    grupper: dict[str, dict[str, Belopp]]  # cost group id → line → amount

    @model_validator(mode="before")
    @classmethod
    def _groups(cls, data: Any) -> Any:
        return _cost_groups_from_top(data, ("benamning", "beslutad", "intakter",
                                            "finansiella_poster"))


class Prognos(Model):
    """The forecast for the year before the budget year, made when the plan was written."""

    ar: int
    arets_resultat: Belopp
    fordringar: Belopp | None = None  # at year end; unchanged when left out
    kortfristiga_skulder: Belopp | None = None


class Publicerad(Model):
    """Cash-flow and balance budgets typed as once published; checked, not computed."""

    kolumner: list[str]
    kassaflodesbudget: dict[str, list[Belopp]]
    balansbudget: dict[str, list[Belopp]]


class BudgetFil(Model):
    # false in a budget laid out by 'finsam ny': the plan is a draft until filled in.
    ifylld: bool = True
    enhet: Literal["tkr", "kr"] = "tkr"
    benamning: str
    beslutad: datetime.date | None = None
    intakter: dict[str, dict[int, Belopp]]  # member id → year → amount
    finansiella_poster: dict[int, Belopp] = {}
    grupper: dict[str, dict[str, dict[int, Belopp]]]  # cost group id → line → year → amount
    revideringar: list[Revidering] = []
    prognos: Prognos | None = None
    # Planned year-end levels of balance lines, by the chart's id (fordringar,
    # kortfristiga_skulder, pensioner …); a line not given keeps last year's level.
    rorelsekapital: dict[str, dict[int, Belopp]] = {}
    publicerad: Publicerad | None = None
    # Cost lines that are new this year (in no recent outcome or budget): a line not listed
    # here and not known from those is taken for a misspelling (budget_line_problems).
    nya_rader: list[str] = []

    @model_validator(mode="before")
    @classmethod
    def _groups(cls, data: Any) -> Any:
        return _cost_groups_from_top(data, ("ifylld", "enhet", "benamning", "beslutad", "intakter",
                                            "finansiella_poster", "revideringar", "prognos",
                                            "rorelsekapital", "publicerad", "nya_rader"))

    @property
    def kronor_per_enhet(self) -> Decimal:
        """What one typed unit is in kronor: 1 000 for a budget in tkr."""
        return Decimal(1000) if self.enhet == "tkr" else Decimal(1)


# --- Statistics tables (content/<år>/<dokument>/statistik.yaml) --------------------------

class Statistiktabell(Model):
    """A table of counts typed by hand in reports (participants by reason for leaving and
    gender, by level of education …): counts per row and column; sums and shares computed."""

    rubrik: str
    kalla: str = ""  # where the figures come from (SUS …), said under the table
    radrubrik: str = ""  # the heading of the row labels ("Avslutsanledning")
    kolumner: list[str]  # the parts of each row: ["Kvinna", "Man"]
    kolumnrubrik: str = "Kön"  # in the long form: the heading of the column names
    enhet: str = "Antal"  # the heading of the counts ("Antal deltagare")
    rader: dict[str, list[int]] = {}
    # bred: a column per part, Totalt and Andel; lang: a row per row and part (as SUS
    # reports), parts with 0 left out; per_grupp: rows under groups (kön → försörjningskälla),
    # each column with its share of its own base (`bas`: e.g. the participants before and
    # after, when one participant can have several sources), and the change between them.
    form: Literal["bred", "lang", "per_grupp"] = "bred"
    grupper: dict[str, dict[str, list[int | None]]] = {}  # per_grupp: group → row → counts
    grupprubrik: str = ""  # per_grupp: the heading of the rows within a group
    bas: list[int] = []  # per_grupp: the whole each column's shares are of
    forandring: bool = False  # per_grupp: last column less the first, and in percent
    # The change in percent: rounded half up, or toward zero (as SUS reports it).
    forandring_avrundning: Literal["halv_upp", "mot_noll"] = "halv_upp"
    kolumnsummor: bool = False  # in the long form: a "Totalt" row per part first
    summarad: str = "Totalt"
    andel_decimaler: int = Field(default=1, ge=0, le=1)
    # storsta_rest: shares add up to exactly 100 % (largest remainder); var_for_sig: each
    # share rounded half up on its own (as some systems report; the sum may be off a tenth).
    avrundning: Literal["storsta_rest", "var_for_sig"] = "storsta_rest"
    totalt: int | None = None  # the whole as reported: checked against the sum of the rows


# --- Goals (verksamhetsplan/mal.yaml) and their follow-up (arsredovisning/maluppfoljning.yaml)

class Mal(Model):
    id: str
    text: str


class Omrade(Model):
    id: str
    rubrik: str
    mal: list[Mal]


class Malfil(Model):
    omraden: list[Omrade]


class Uppfoljning(Model):
    maluppfyllelse: Literal["uppnått", "delvis uppnått", "ej uppnått"]
    uppfoljning: str = ""
    utfall: str = ""


T = TypeVar("T", bound=BaseModel)


def _known_fields(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names at a location, to suggest the one a misspelt key meant."""
    current: Any = model
    for key in loc:
        fields = getattr(current, "model_fields", None)
        if fields is None or key not in fields:
            return []
        annotation = fields[key].annotation
        args = getattr(annotation, "__args__", ())
        current = next((a for a in (annotation, *args) if hasattr(a, "model_fields")), None)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _describe(model: type[BaseModel], error: dict[str, Any]) -> tuple[str, str]:
    loc = tuple(error["loc"])
    name = ".".join(str(part) for part in loc) or "(filen)"
    kind = error["type"]
    if kind == "extra_forbidden":
        options = _known_fields(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), options, n=1)
        advice = f"menade du '{close[0]}'?" if close else (
            "ta bort nyckeln; tillåtna nycklar här är: " + ", ".join(options) if options
            else "ta bort nyckeln.")
        return f"Okänd nyckel '{loc[-1]}'.", advice
    if kind == "missing":
        return f"Uppgiften '{name}' saknas.", f"lägg till '{loc[-1]}: …' här."
    if kind == "value_error":
        field = next((str(p) for p in reversed(loc) if isinstance(p, str)), name)
        message = error["msg"].removeprefix("Value error, ")
        advice = ("skriv beloppet med siffror, t.ex. 1 500 000 eller −628 285."
                  if message.endswith("är inte ett tal") else
                  "skriv talet som det skrivs på svenska, som ovan." if "har punkt" in message
                  else "rätta värdet enligt ovan.")
        if not loc:  # a rule over the whole entry (a model validator), not one field
            return message[:1].upper() + message[1:] + ".", advice
        return f"'{field}': {message}.", advice
    if kind.startswith("int"):
        return f"'{name}' ska vara ett heltal, inte '{error.get('input')}'.", "skriv ett heltal."
    if kind.startswith("date"):
        return (f"'{name}' ska vara ett datum, inte '{error.get('input')}'.",
                "skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2023-02-16.")
    if kind == "literal_error":
        return (f"'{name}' har värdet '{error.get('input')}', som inte är tillåtet.",
                f"välj ett av: {str(error['ctx']['expected']).replace(' or ', ' eller ')}.")
    for prefix, swedish, advice in _PYDANTIC_TYPES:
        if kind.startswith(prefix):
            limit = (error.get("ctx") or {})
            shown = swedish.format(**{k: v for k, v in limit.items() if isinstance(v, (int, str))})
            return f"'{name}' {shown}, inte '{_short(error.get('input'))}'.", advice
    return (f"'{name}' har ett värde som inte går att använda här ('{_short(error.get('input'))}').",
            "jämför med exemplets fil.")


# pydantic's other error types, in Swedish (never its English msg): prefix of the type →
# (what the value should be, with the type's limits, and what to do).
_PYDANTIC_TYPES = [
    ("list_type", "ska vara en lista (en rad per värde som börjar med -, eller [a, b])",
     "skriv värdena som en lista, t.ex. på egna rader med '- ' först."),
    ("dict_type", "ska vara namn och värden (namn: värde på egna, indragna rader)",
     "skriv namn: värde på rader under, indragna med två mellanslag."),
    ("model_type", "ska vara namn och värden (namn: värde på egna, indragna rader)",
     "skriv namn: värde på rader under, indragna med två mellanslag."),
    ("string_type", "ska vara en text", "skriv texten, inom citattecken om den liknar ett tal."),
    ("bool", "ska vara ja eller nej (true eller false)", "skriv true eller false."),
    ("decimal", "ska vara ett tal", "skriv talet med siffror."),
    ("float", "ska vara ett tal", "skriv talet med siffror."),
    ("too_short", "har för få värden (minst {min_length})", "lägg till det som saknas."),
    ("too_long", "har för många värden (högst {max_length})", "ta bort det som är för mycket."),
    ("greater_than_equal", "ska vara minst {ge}", "rätta värdet."),
    ("less_than_equal", "får vara högst {le}", "rätta värdet."),
    ("greater_than", "ska vara större än {gt}", "rätta värdet."),
    ("less_than", "ska vara mindre än {lt}", "rätta värdet."),
]


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


VIRTUAL_FIELDS = ("specifikationer", "grupper")


def validate(model: type[T], raw: Any, path: Path) -> T:
    """Build a typed model from raw YAML; all problems in the file are raised together."""
    if not isinstance(raw, dict):
        raise BuildError(Problem("Filen är tom eller har inte formen 'namn: värde'.", path, 1,
                                 "jämför med exempelfilen i content/."))
    try:
        return model.model_validate(raw)
    except ValidationError as failure:
        problems = []
        for error in failure.errors():
            # A line's note is typed under noter as the line's id (Noter._line_notes).
            # A budget's cost groups are typed at its top (BudgetFil._groups).
            error["loc"] = tuple(p for p in error["loc"] if p not in VIRTUAL_FIELDS)
            message, advice = _describe(model, error)
            problems.append(Problem(message, path, locate(raw, tuple(error["loc"])), advice))
        raise BuildError(problems) from None


# --- The whole project ---------------------------------------------------------------------

from dataclasses import dataclass as _dataclass  # noqa: E402
from dataclasses import field as _field  # noqa: E402

from ..load.project import RawFile, RawProject, SourceText  # noqa: E402


@_dataclass(frozen=True)
class TypedDocument:
    folder: Path
    manifest: Arsredovisning | Verksamhetsplan
    manifest_file: RawFile
    sections: dict[str, SourceText]  # as read in load, by the listed name
    statistik: dict[str, Statistiktabell] = _field(default_factory=dict)
    statistik_file: RawFile | None = None
    # Figures the document shows that are not filled in yet (utkast.missing_figures): such a
    # document is only ever a draft.
    saknas: list[str] = _field(default_factory=list)

    @property
    def key(self) -> str:
        """The document's id and output path: '2022/arsredovisning'."""
        return f"{self.manifest.ar}/{self.folder.name}"


@_dataclass(frozen=True)
class Typed:
    """A typed model and the raw file it came from (for lines in messages)."""

    file: RawFile
    model: Any


@_dataclass(frozen=True)
class Project:
    root: Path
    forbund: Forbund
    historik: dict[int, Historik]
    historik_file: RawFile | None
    years: dict[int, tuple[RawFile, Utfall]]
    budgets: dict[int, Typed]  # BudgetFil per budget year
    goals: dict[int, Typed]  # Malfil per year
    followups: dict[int, Typed]  # dict[str, Uppfoljning] per year
    documents: list[TypedDocument]
    kontoplan: Kontoplan
    forbund_file: RawFile | None = None  # for the lines of the profile's values
    # Year → (SIE file, its mapping) where the outcome came from the bookkeeping.
    kontospar: dict[int, tuple[Path, Any]] = _field(default_factory=dict)

    def profile_line(self, *keys: str) -> int | None:
        return locate(self.forbund_file.data, keys) if self.forbund_file else None

    def document_file(self, manifest: Manifest) -> RawFile | None:
        """The dokument.yaml a manifest was typed in (for the lines of its values)."""
        return next((d.manifest_file for d in self.documents if d.manifest is manifest), None)


def _is_year(key: Any) -> bool:
    return not isinstance(key, bool) and (isinstance(key, int) or (
        isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 4))


def validate_project(raw: RawProject) -> Project:
    """Type every file; all problems of all files are raised together."""
    problems: list[Problem] = []

    def typed(model: type[T], source: RawFile | None) -> T | None:
        if source is None:
            return None
        return attempt(problems, validate, model, source.data, source.path)

    def typed_files(model: type[BaseModel], files: dict[int, RawFile]) -> dict[int, Typed]:
        result = {}
        for year, source in files.items():
            if (value := typed(model, source)) is not None:
                result[year] = Typed(source, value)
        return result

    forbund = typed(Forbund, raw.forbund)
    historik: dict[int, Historik] = {}
    if raw.historik is not None and isinstance(raw.historik.data, dict):
        for year, entry in raw.historik.data.items():
            if not _is_year(year):  # a key that is no year: said, not a crash
                problems.append(Problem(
                    f"'{str(year)[:40]}' är inget år.", raw.historik.path,
                    raw.historik.line(year), "varje år skrivs med fyra siffror: 2020:"))
                continue
            model = typed(Historik, RawFile(raw.historik.path, entry))
            if model is None:
                continue
            historik[int(year)] = model
            for name in model.other_unit():
                unit, right = (("tkr", f"{name}_tkr") if model.unit_suffix else
                               ("kronor", name.removesuffix("_tkr")))
                problems.append(Problem(
                    f"'{name}' är i en annan enhet än intäkterna och kostnaderna {year}, som "
                    f"är skrivna i {unit}.", raw.historik.path,
                    locate(raw.historik.data, (year, name)),
                    f"skriv '{right}: …' i {unit}, som intäkterna och kostnaderna."))
    years = {}
    trails: dict[int, tuple[Path, Any]] = {}  # the years whose outcome came from a SIE file
    chart = attempt(problems, chart_for, raw.kontoplan)
    awaiting: dict[int, RawFile] = {}  # years whose SIE file is still to come
    for year, source in raw.years.items():
        if isinstance(source.data, dict) and "sie" in source.data and chart is not None:
            # The year's figures come from the bookkeeping's SIE file (finsam/sieutfall.py).
            from .sieutfall import awaited_sie_file, outcome_from_sie
            if awaited_sie_file(source) is not None:
                awaiting[year] = source  # laid out below, from last year and the budget
                continue
            profile = raw.forbund.data if raw.forbund and isinstance(raw.forbund.data, dict) else {}
            members = [str(m.get("id")) for m in profile.get("medlemmar") or []
                       if isinstance(m, dict)] if isinstance(profile.get("medlemmar"), list) else None
            converted = attempt(problems, outcome_from_sie, source, raw.root, chart, year,
                                profile.get("organisationsnummer"), members)
            if converted is None:
                continue
            trails[year] = (source.path.parent / str(source.data["sie"]), converted[1])
            source = converted[0]
        model = typed(Utfall, source)
        if model is not None:
            if model.ar != year:
                problems.append(Problem(
                    f"Filen ligger i mappen {year} men säger 'ar: {model.ar}'.", source.path,
                    locate(source.data, ("ar",)), "rätta årtalet eller flytta filen."))
            years[year] = (source, model)
    followups = {}
    for year, source in raw.followups.items():
        if not isinstance(source.data, dict):
            continue
        entries = {}
        for goal_id, entry in source.data.items():
            if (value := typed(Uppfoljning, RawFile(source.path, entry))) is not None:
                entries[str(goal_id)] = value
        followups[year] = Typed(source, entries)
    documents = []
    for doc in raw.documents:
        if not isinstance(doc.manifest.data, dict):
            problems.append(Problem("Filen är tom eller har inte formen 'namn: värde'.",
                                    doc.manifest.path, 1,
                                    "jämför med dokument.yaml i exemplets dokumentmappar."))
            continue
        kind = doc.manifest.data.get("typ")
        if kind not in MANIFESTS:
            problems.append(Problem(
                f"Okänd dokumenttyp '{kind}'.", doc.manifest.path,
                locate(doc.manifest.data, ("typ",)),
                "skriv 'typ: arsredovisning' eller 'typ: verksamhetsplan'."))
            continue
        manifest = typed(MANIFESTS[kind], doc.manifest)
        if manifest is not None:
            tables = {}
            if doc.statistik is not None:
                tables = statistics_tables(doc.statistik, problems)
            document = TypedDocument(doc.folder, manifest, doc.manifest, doc.sections,
                                     tables, doc.statistik)
            problems.extend(document_problems(document, raw.root / "content"))
            documents.append(document)
    budgets = typed_files(BudgetFil, raw.budgets)
    for year, budget in budgets.items():
        problems.extend(budget_year_problems(year, budget))
    if awaiting:
        years = _laid_out_years(awaiting, years, budgets, raw, chart, typed, problems)
    goals = typed_files(Malfil, raw.goals)
    if chart is not None:
        problems += line_problems(chart, years, historik, raw.historik)
        problems += cost_group_problems(chart, years, budgets)
        balance_lines = [r.id for r in chart.balansrader]
        for budget in budgets.values():
            for line in budget.model.rorelsekapital:
                if line not in balance_lines:
                    close = difflib.get_close_matches(line, balance_lines, n=1)
                    problems.append(Problem(
                        f"Raden '{line}' finns inte i kontoplanens balansräkning.",
                        budget.file.path, budget.file.line("rorelsekapital", line),
                        f"menade du '{close[0]}'?" if close else
                        "använd en rad ur kontoplanen (docs/kontoplan.md)."))
    problems += member_share_problems(forbund, raw.forbund)
    if forbund is not None:
        for budget in budgets.values():
            problems += budget_income_problems(forbund, budget)
    if chart is not None and not problems:
        problems += history_problems(chart, historik, raw.historik)
        problems += scale_problems(chart, years, historik, raw.historik, budgets)
    if problems:
        raise BuildError(problems)
    return Project(raw.root, forbund, historik, raw.historik, years, budgets, goals, followups,
                   documents, chart, raw.forbund, trails)


def _laid_out_years(awaiting: dict[int, RawFile], years: dict[int, tuple[RawFile, Utfall]],
                    budgets: dict[int, Typed], raw: RawProject, chart: Kontoplan,
                    typed: Callable, problems: list[Problem]
                    ) -> dict[int, tuple[RawFile, Utfall]]:
    """The years waiting for their SIE file, each laid out from the year before (model/
    laid_out.py) and kept with its own utfall.yaml (for its lines, and for the draft to name
    the file it waits for). Without a year before to start from, the missing file is the
    mistake it always was."""
    from .laid_out import budget_lines
    from .sieutfall import outcome_awaiting_sie, outcome_from_sie
    years = dict(years)
    for year, source in sorted(awaiting.items()):
        last = years.get(year - 1)
        if last is None:
            attempt(problems, outcome_from_sie, source, raw.root, chart, year, None)
            continue
        budget = budgets.get(year)
        lines = budget_lines(budget.model if budget else None, year)
        model = typed(Utfall, outcome_awaiting_sie(source, last[1], lines))
        if model is not None:
            years[year] = (source, model)
    return dict(sorted(years.items()))


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


PLAN_YEARS = 2  # a verksamhetsplan budgets its year and plans the two after it


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
    from ..common.format import tal
    return tal(value, decimals)


def _kr(amount: Decimal) -> str:
    from ..common.format import FILTERS
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


SUM_LABELS = ("totalt", "summa", "slutsumma", "total", "sammanlagt")


def statistics_tables(source: RawFile, problems: list[Problem]) -> dict[str, Statistiktabell]:
    """statistik.yaml: each table typed and checked (a row per label with a count per
    column; no typed sum rows; a typed whole equals the sum)."""
    if not isinstance(source.data, dict):
        problems.append(Problem("Filen ska ha en tabell per namn: 'namn: {rubrik: …, …}'.",
                                source.path, 1, "se docs/statistik.md."))
        return {}
    tables = {}
    for name, data in source.data.items():
        model = attempt(problems, validate, Statistiktabell,
                        data if isinstance(data, dict) else None, source.path)
        if model is None:
            continue
        where = lambda *keys: locate(source.data, (name, *keys))  # noqa: E731
        if not re.fullmatch(r"[a-z0-9-]+", str(name)):
            problems.append(Problem(f"Tabellnamnet '{name}' går inte att placera.", source.path,
                                    where(), "använd små bokstäver a–z, siffror och "
                                    "bindestreck, t.ex. avslutsanledning-2020."))
        problems.extend(_sum_column_problems(str(name), model, source.path, where))
        for label, counts in model.rader.items():
            problems.extend(_row_problems(name, model, label, counts, source.path,
                                          where("rader", label)))
        if model.form == "per_grupp":
            problems.extend(_grouped_problems(str(name), model, source, where))
        elif not model.rader:
            problems.append(Problem(f"Tabellen {name} har inga rader.", source.path, where(),
                                    "skriv 'rader:' med ett antal per kolumn."))
        total = sum(sum(c) for c in model.rader.values())
        if model.totalt is not None and model.totalt != total:
            problems.append(Problem(
                f"Tabellen {name}: raderna blir sammanlagt {total}, men 'totalt' är "
                f"{model.totalt}; andelarna skulle inte bli 100 %.", source.path,
                where("totalt"), "rätta den rad som är felskriven, eller totalt."))
        tables[str(name)] = model
    return tables


def is_sum_label(label: str) -> bool:
    """A row or column label that names a sum: Totalt, Summa, Summa deltagare, Total …"""
    words = str(label).strip().lower().split()
    return bool(words) and (" ".join(words) in SUM_LABELS or words[0] in SUM_LABELS)


def _sum_column_problems(name: str, model: Statistiktabell, path: Path,
                         where: Callable[..., int | None]) -> list[Problem]:
    """A typed column that is the sum of the others (the source's own total copied as a
    column) would be summed again, doubling every total: refused by its name, and by its
    figures when it equals the sum of at least two other columns on every row, and some row
    has two of them non-zero (so that it is no coincidence of a single column)."""
    for index, column in enumerate(model.kolumner):
        if is_sum_label(column):
            return [Problem(
                f"Kolumnen '{column}' i tabellen {name} är en summa; summor räknas ut, så den "
                "skulle räknas två gånger.", path, where("kolumner", index),
                "ta bort kolumnen ur 'kolumner' och dess tal ur varje rad.")]
    rows = [counts for counts in model.rader.values()]
    rows += [counts for group in model.grupper.values() for counts in group.values()]
    width = len(model.kolumner)
    rows = [[count or 0 for count in counts] for counts in rows if len(counts) == width]
    if width < 3 or not rows:
        return []
    for index, column in enumerate(model.kolumner):
        others = [i for i in range(width) if i != index]
        if all(row[index] == sum(row[i] for i in others) for row in rows) and any(
                sum(1 for i in others if row[i]) >= 2 for row in rows):
            names = ", ".join(model.kolumner[i] for i in others)
            return [Problem(
                f"Kolumnen '{column}' i tabellen {name} är summan av de andra kolumnerna "
                f"({names}) på varje rad; summor räknas ut, så den skulle räknas två gånger.",
                path, where("kolumner", index),
                "ta bort kolumnen ur 'kolumner' och dess tal ur varje rad (verktyget räknar "
                "ut summan).")]
    return []


def _grouped_problems(name: str, model: Statistiktabell, source: RawFile,
                      where: Callable[..., int | None]) -> list[Problem]:
    problems = []
    if len(model.bas) != len(model.kolumner):
        problems.append(Problem(
            f"Tabellen {name} behöver 'bas' med ett tal per kolumn (andelarnas helhet).",
            source.path, where(), f"t.ex. bas: [{', '.join('72' for _ in model.kolumner)}]."))
    if not model.grupper:
        problems.append(Problem(f"Tabellen {name} har inga grupper.", source.path, where(),
                                "skriv 'grupper:' med raderna under varje grupp."))
    for group, rows in model.grupper.items():
        for label, counts in rows.items():
            problems.extend(_row_problems(name, model, label, counts, source.path,
                                          where("grupper", group, label)))
    return problems


def _row_problems(name: str, model: Statistiktabell, label: str, counts: list,
                  path: Path, line: int | None) -> list[Problem]:
    """A typed row of a statistics table: no sum (sums are computed), a count per column
    (null for an empty cell), none negative."""
    if is_sum_label(label):
        return [Problem(f"Raden '{label}' i tabellen {name} är en summa; summor räknas ut.",
                        path, line, "ta bort raden.")]
    if len(counts) != len(model.kolumner):
        return [Problem(f"Raden '{label}' i tabellen {name} har {len(counts)} värden men "
                        f"{len(model.kolumner)} kolumner ({', '.join(model.kolumner)}).",
                        path, line, "skriv ett tal per kolumn (0 för inget).")]
    if any(count is not None and count < 0 for count in counts):
        return [Problem(f"Raden '{label}' i tabellen {name} har ett negativt antal.",
                        path, line, "rätta talet.")]
    return []


def _walk_posts(posts: list[Post], where: tuple):
    """Every post with where it is typed, finer lines included."""
    for index, post in enumerate(posts):
        yield post, (*where, index)
        yield from _walk_posts(post.rader, (*where, index, "rader"))


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
