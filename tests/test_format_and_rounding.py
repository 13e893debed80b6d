"""Swedish typography and the tkr rounding rule, against values written out by hand."""
from __future__ import annotations

import datetime
from decimal import Decimal

from finsam.common.format import datum, datum_lang, kr, procent, tal, tkr
from finsam.common.rounding import apportion, to_tkr
from finsam.model.fields import parse_amount

NB = "\u00a0"


def test_kronor_and_tkr():
    assert kr(Decimal(-628285)) == f"\u2212628{NB}285"
    assert kr(Decimal(3000000)) == f"3{NB}000{NB}000"
    assert kr(Decimal(0)) == "0"
    assert tkr(Decimal(-628285)) == "\u2212628"
    assert tkr(Decimal(1233683)) == f"1{NB}234"
    assert tkr(757) == "757"  # an int is already tkr


def test_percent_and_dates():
    assert procent(Decimal(719433) / Decimal(1335256)) == f"53,9{NB}%"
    assert procent(Decimal("0.2398"), 0) == f"24{NB}%"
    assert datum(datetime.date(2023, 2, 16)) == "2023-02-16"
    assert datum_lang(datetime.date(2023, 2, 16)) == "16 februari 2023"


def test_swedish_typed_numbers_are_read():
    assert parse_amount("1 500 000") == Decimal(1500000)
    assert parse_amount("\u2212628 285") == Decimal(-628285)
    assert parse_amount("-3 016") == Decimal(-3016)
    assert parse_amount("53,9") == Decimal("53.9")
    assert parse_amount(f"1{NB}789") == Decimal(1789)


def test_round_half_away_from_zero():
    assert to_tkr(Decimal(500)) == 1
    assert to_tkr(Decimal(-500)) == -1
    assert to_tkr(Decimal(499)) == 0


def test_shown_figures_round_half_away_from_zero_as_tkr_do():
    """babel rounds half to even; the reports' rule is half away from zero everywhere a
    figure is shown: a soliditet of 44,5 % in whole percent is 45 % (a hostile probe saw
    44 % beside amounts rounded up), 58,5 is 59, −2,5 is −3, 1 234,5 kr is 1 235 kr."""
    nbsp = "\u00a0"
    assert procent(Decimal("0.445"), 0) == f"45{nbsp}%"
    assert procent(Decimal("0.585"), 0) == f"59{nbsp}%"
    assert procent(Decimal("0.7205"), 1) == f"72,1{nbsp}%"  # 72,05 → 72,1
    assert tal(Decimal("58.5")) == "59" and tal(Decimal("-2.5")) == "\u22123"
    assert tal(Decimal("0.25"), 1) == "0,3"
    assert kr(Decimal("1234.5")) == f"1{nbsp}235"


def test_rounded_lines_add_up_to_rounded_sum():
    # The published 2022 insats lines: rounding each gives 2 887, the sum rounds to 2 886;
    # the line rounded up the most (247 513 → 248) gives way, as in the printed report.
    lines = [547072, 247513, 217840, 0, 20000, 36000, 25000, 350000, 0, 10000, -3016, 12748,
             818038, 200000, 404738]
    assert apportion(2886, [Decimal(x) for x in lines]) == [
        547, 247, 218, 0, 20, 36, 25, 350, 0, 10, -3, 13, 818, 200, 405]
    # Three thirds of 1 000 kr: each rounds to 0 but the sum is 1 tkr.
    assert apportion(1, [Decimal(333), Decimal(333), Decimal(334)]) == [0, 0, 1]
