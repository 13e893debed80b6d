"""The values a förbund types, read the way people type them in Sweden.

Amounts may be typed as "1 500 000", "−628 285" or "53,9"; they become Decimal. Percentages
are numbers of percent within a sensible range; colours are checked for contrast; web
addresses are whole. `Model` is every schema's base: an unknown key is an error (a
misspelt key would otherwise drop a figure silently), and a typed model is never changed.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from ..load.project import MAX_NUMBER

_MINUS_SIGNS = "\u2212\u2013-"
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_amount(value: Any) -> Decimal:
    """Read an amount typed as a number or as Swedish text: '1 500 000', '−628 285', '53,9'."""
    if isinstance(value, bool):
        raise ValueError("ett belopp kan inte vara ja/nej")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, str):
        _check_groups(value)
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


_GROUPED = re.compile(r"[-\u2212\u2013]?\s*(\d+(?:[\s\u00a0\u202f]+\d+)+)(,\d+)?")


def _check_groups(value: str) -> None:
    """Thousands written apart ('1 500 000') must be whole groups of three: '5 35' is a
    typing slip (535 or 5 350?), not an amount to guess."""
    grouped = _GROUPED.fullmatch(value.strip())
    if grouped is None:
        return
    groups = _SPACES.split(grouped.group(1))
    groups = [g for g in groups if g]
    if len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        digits = "".join(groups)
        proper = f"{int(digits):,}".replace(",", " ")
        raise ValueError(f"'{value.strip()}' har mellanslag som inte skiljer tusental (grupper "
                         f"om tre siffror): skriv {proper} om det är beloppet, annars "
                         "beloppet med mellanslag före var tredje siffra från slutet")


def _dotted(text: str) -> str:
    """Why '3.102' is refused: a dot is never the Swedish decimal sign, and as a thousands
    separator it is ambiguous (3.102 could be 3 102 or 3,102)."""
    ways = []
    if all(len(part) == 3 for part in text.split(".")[1:]):
        ways.append(f"{text.replace('.', ' ')} (med mellanslag mellan tusentalen)")
    if text.count(".") == 1:
        ways.append(f"{text.replace('.', ',')} (med decimalkomma)")
    return (f"'{text}' har punkt, som inte är ett svenskt decimal- eller tusentalstecken; "
            f"skriv {' eller '.join(ways)}")


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


def parse_amount_or_text(value: Any) -> Decimal | str:
    """An amount if it reads as one ('1 234 567'), else the text as typed ('Inga')."""
    try:
        return parse_amount(value)
    except ValueError:
        if isinstance(value, str) and value.strip() and not re.search(r"\d\.\d", value):
            return value.strip()
        raise


BeloppEllerText = Annotated[Decimal | str, BeforeValidator(parse_amount_or_text)]
