"""Amounts that know their unit, and how a table shows them.

Money is Decimal kronor from the files to the tables. A table in tkr shows kronor rounded
by the rule (common/rounding.py) when it shows them, except where the figures were rounded
already so that the lines add up to the rounded sums (the driftredovisning, the budget):
those are Tkr, whole thousands, shown as they are and never rounded again. A Unit is how a
column (or a row) shows its values, precision included: tkr with one decimal, a percentage
without decimals (Unit.show; not `format`, which a str has already). Its value (kr, tkr,
tkr1, procent, procent0, tal, text) is the name the open data files give it (README: Öppna
data).

The narrative filters (common/format.py FILTERS: kr, tkr, procent, tal) stay as documented
for authors: `tkr` takes an int as already in tkr, as a Tkr is.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum, StrEnum
from typing import Any

from . import format as fmt
from .rounding import to_tkr

THOUSAND = Decimal(1000)


class Tkr(int):
    """Whole thousands of kronor, rounded already (apportioned so that lines add up): shown
    as it is. Arithmetic on it gives a plain int; mark the result again where it is shown."""

    @property
    def kronor(self) -> Decimal:
        return Decimal(self) * THOUSAND

    def __repr__(self) -> str:
        return f"Tkr({int(self)})"


def whole_tkr(value: Any) -> Any:
    """A rounded tkr figure (an int) as Tkr; None and a text (\"Ej budgeterat\") as they are."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return Tkr(value)


class Unit(StrEnum):
    """How a table shows an amount: the unit and its precision."""

    KR = "kr"  # whole kronor
    TKR = "tkr"  # whole tkr: kronor rounded by the rule, or Tkr as they are
    TKR1 = "tkr1"  # tkr with one decimal, from kronor
    PROCENT = "procent"  # a share (0.539) as 53,9 %
    PROCENT0 = "procent0"  # a share as a whole percentage: 54 %
    TAL = "tal"  # a count
    TEXT = "text"  # as typed

    @classmethod
    def percent(cls, decimals: int) -> Unit:
        return cls.PROCENT if decimals == 1 else cls.PROCENT0

    @property
    def decimals(self) -> int:
        return 1 if self in (Unit.TKR1, Unit.PROCENT) else 0

    @property
    def is_money(self) -> bool:
        """kr, tkr and tkr1: an amount of money (a förbund may show its zero as a dash)."""
        return self in (Unit.KR, Unit.TKR, Unit.TKR1)

    @property
    def is_percent(self) -> bool:
        return self in (Unit.PROCENT, Unit.PROCENT0)

    @property
    def symbol(self) -> str:
        """What follows the figure in running text: kr, tkr, %."""
        return {Unit.KR: "kr", Unit.TKR: "tkr", Unit.TKR1: "tkr"}.get(self, "")

    def with_decimal(self) -> Unit:
        """tkr shown with one decimal (dokument.yaml: decimaler); other units as they are."""
        return Unit.TKR1 if self is Unit.TKR else self

    def show(self, value: Any, zero: str = "0") -> str:
        """The value as a table cell shows it; an amount of money of 0 as the förbund shows
        it (zero), a count always as 0; a text in a column of figures as typed."""
        if value is None:
            return ""
        if self is Unit.TEXT or isinstance(value, str):
            return str(value)
        if zero != "0" and self.is_money and value == 0:
            return zero
        return _FORMATS[self](value)

    def kronor(self, value: int | Decimal) -> Decimal:
        """A money figure in kronor, as it stands for (a Tkr a thousand times itself)."""
        return value.kronor if isinstance(value, Tkr) else Decimal(value)

    def text(self, value: int | Decimal) -> str:
        """The figure with its unit, for a message: 4 502 tkr, 12,5 tkr, 3 000 kr."""
        return f"{self.show(value)} {self.symbol}".rstrip()


def _kr(value: int | Decimal) -> str:
    return fmt.kr(value)


def _tkr(value: int | Decimal) -> str:
    if isinstance(value, bool) or (isinstance(value, int) and not isinstance(value, Tkr)):
        raise TypeError(f"Ett belopp i tkr är kronor (Decimal) eller Tkr, inte {value!r}")
    return fmt.tal(value if isinstance(value, Tkr) else to_tkr(value))


def _tkr1(value: int | Decimal) -> str:
    """tkr with one decimal, rounded by the rule (half away from zero, as whole tkr are)."""
    return fmt.tal((Decimal(value) / THOUSAND).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                   1)


def _procent(value: Decimal) -> str:
    return fmt.procent(value, 1)


def _procent0(value: Decimal) -> str:
    return fmt.procent(value, 0)


def _tal(value: int | Decimal) -> str:
    return fmt.tal(value)


_FORMATS: dict[Unit, Callable[[Any], str]] = {
    Unit.KR: _kr, Unit.TKR: _tkr, Unit.TKR1: _tkr1, Unit.PROCENT: _procent,
    Unit.PROCENT0: _procent0, Unit.TAL: _tal,
}


class Kolumnslag(Enum):
    """What a column of figures is, whatever its heading says: a year's outcome (utfall, or
    a bokslut column of a plan), a budget, a forecast, a plan year; or no such figure (a
    deviation, a share)."""

    UTFALL = "utfall"
    BOKSLUT = "bokslut"
    BUDGET = "budget"
    PROGNOS = "prognos"
    PLAN = "plan"
    AVVIKELSE = "avvikelse"
    ANDEL = "andel"

    @property
    def compared_as(self) -> str | None:
        """The kind of figure a reader takes it for (one figure per label, render/samelabel):
        a bokslut is that year's outcome; a deviation or a share is no figure of a year."""
        if self in (Kolumnslag.AVVIKELSE, Kolumnslag.ANDEL):
            return None
        return "utfall" if self is Kolumnslag.BOKSLUT else self.value

    @property
    def is_budget_or_plan(self) -> bool:
        return self in (Kolumnslag.BUDGET, Kolumnslag.PLAN)

    def heading(self, year: int) -> str:
        """How the tool heads such a column: Budget 2022, Plan 2023, Bokslut 2020."""
        return f"{self.value.capitalize()} {year}"


# A heading the förbund typed for a published table's column: the only thing it says about
# the column, so its kind and year are read from it once, where the column is made.
_TYPED_HEADING = re.compile(r"^(?:(?P<slag>År|Utfall|Bokslut|Budget|Prognos|Plan) )?"
                            r"(?P<ar>\d{4})(?:-01-01–\d{4}-12-31|-12-31)?$")
_TYPED_KINDS = {None: Kolumnslag.UTFALL, "År": Kolumnslag.UTFALL, "Utfall": Kolumnslag.UTFALL,
                "Bokslut": Kolumnslag.BOKSLUT, "Budget": Kolumnslag.BUDGET,
                "Prognos": Kolumnslag.PROGNOS, "Plan": Kolumnslag.PLAN}


def typed_column(heading: str) -> tuple[Kolumnslag | None, int | None]:
    """The kind and year of a column headed as typed ("Prognos 2021"); (None, None) when
    the heading says neither plainly."""
    match = _TYPED_HEADING.match(heading)
    if match is None:
        return None, None
    return _TYPED_KINDS[match["slag"]], int(match["ar"])
