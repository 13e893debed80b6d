"""Swedish typography through babel: kr, tkr, percent, dates.

babel's sv patterns group thousands with U+00A0 but write the minus as ASCII
'-'; the reports use U+2212, so every formatter passes through `_minus`.
Zero and missing values are shown as the reports show them: 0 and empty.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from .rounding import to_tkr

# Parsed once: babel would otherwise parse the locale name on every number formatted.
LOCALE = Locale.parse("sv_SE")
MINUS = "\u2212"
NBSP = "\u00a0"


def _minus(text: str) -> str:
    return text.replace("-", MINUS)


def _plain(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"Ett belopp väntades, men fick {value!r}")
    return Decimal(value)


def _rounded(value: Decimal, decimals: int) -> Decimal:
    """Rounded by the reports' rule, half away from zero (babel would round half to even:
    a soliditet of 44,5 % shown in whole percent as 44 % beside amounts rounded up)."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def kr(value: int | Decimal | None) -> str:
    """Whole kronor: 3 643 029, −628 285."""
    if value is None:
        return ""
    return _minus(format_decimal(_rounded(_plain(value), 0), format="#,##0", locale=LOCALE))


def tkr(value: int | Decimal | None) -> str:
    """Kronor rounded to tkr by the stated rule; an int is taken as already in tkr."""
    if value is None:
        return ""
    amount = value if isinstance(value, int) else to_tkr(_plain(value))
    return _minus(format_decimal(amount, format="#,##0", locale=LOCALE))


def procent(value: Decimal | None, decimals: int = 1) -> str:
    """A share (0.539) as a percentage with no-break space: 53,9 %."""
    if value is None:
        return ""
    return tal(_plain(value) * 100, decimals) + NBSP + "%"


def tal(value: int | Decimal | None, decimals: int = 0) -> str:
    """A plain number: 1 789, 53,9."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _minus(format_decimal(_rounded(_plain(value), decimals), format=pattern,
                                 locale=LOCALE))


def datum(value: datetime.date) -> str:
    """Date as in tables: 2023-02-16."""
    return value.isoformat()


def datum_lang(value: datetime.date) -> str:
    """Date as in running text: 16 februari 2023."""
    return format_date(value, format="d MMMM y", locale=LOCALE)


FILTERS: dict[str, Callable[..., str]] = {
    "kr": kr,
    "tkr": tkr,
    "procent": procent,
    "tal": tal,
    "datum": datum,
    "datum_lang": datum_lang,
}


def lista(items: Iterable[object]) -> str:
    """Join names the Swedish way: 'a, b och c'."""
    names = [str(item) for item in items]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


FILTERS["lista"] = lista
