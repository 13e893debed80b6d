"""The rule for rounding kronor to tkr, stated once.

Rule (used by every table in tkr): each amount is rounded to whole tkr, half away
from zero. Where rounded lines are shown with their sum, the sum is rounded first
and the lines are then adjusted by the largest-remainder method: the lines whose
rounding moved them furthest from their exact value take the ±1 tkr needed, so
the rounded lines always add up to the rounded sum. This is what the published
reports do by hand (e.g. 247 513 kr shown as 247 tkr in the 2022 driftredovisning,
so that the insats lines add up to 2 886).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

THOUSAND = Decimal(1000)


def to_tkr(amount: Decimal) -> int:
    """Round kronor to whole tkr, half away from zero (ROUND_HALF_UP on the magnitude)."""
    return int((amount / THOUSAND).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def apportion(target: int, parts: list[Decimal]) -> list[int]:
    """Round each part (kr) to tkr so that the rounded parts add up to `target` (tkr).

    `target` is normally to_tkr(sum(parts)), but a caller may pass the share a
    parent row was given, which keeps nested subtotals consistent top-down.
    """
    rounded = [to_tkr(part) for part in parts]
    shortfall = target - sum(rounded)
    if shortfall == 0 or not parts:
        return rounded
    # The error of each rounding: positive where the part was rounded down.
    errors = [part / THOUSAND - value for part, value in zip(parts, rounded, strict=True)]
    step = 1 if shortfall > 0 else -1
    # Ties are broken by position, so the same input always gives the same output.
    order = sorted(range(len(parts)), key=lambda i: (-errors[i] * step, i))
    for index in order[: abs(shortfall)]:
        rounded[index] += step
    # A shortfall larger than the number of parts cannot happen when target is a rounded
    # sum of the parts; distribute the remainder round-robin if a caller forces one.
    remainder = abs(shortfall) - len(order[: abs(shortfall)])
    for offset in range(remainder):
        rounded[order[offset % len(order)]] += step
    return rounded


def percent_shares(parts: list[Decimal], decimals: int = 0) -> list[int]:
    """Each part's share of their total in whole percent (or tenths of a percent, with one
    decimal), adding up to exactly 100 %: the largest-remainder method (each share rounded
    down, the points left go to the largest remainders, ties to the first). All zero gives
    all zero."""
    whole = 100 * 10 ** decimals
    total = sum(parts, Decimal(0))
    if total == 0:
        return [0 for _ in parts]
    exact = [part * whole / total for part in parts]
    shares = [int(value // 1) for value in exact]
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - shares[i]), i))
    for index in order[: whole - sum(shares)]:
        shares[index] += 1
    return shares


def _half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(parts: list[Decimal], base: Decimal, decimals: int = 0
               ) -> tuple[list[int], int]:
    """Each part's share of `base` (not of their own total) in whole percent (or tenths, with
    one decimal), and the share of their total: the total is rounded half up, and the parts
    by the largest-remainder method to add up to it (13 122 674 of 13 310 000 is 99 %; its
    parts 11 + 73 + 15)."""
    if base == 0:
        return [0 for _ in parts], 0
    scale = 100 * 10 ** decimals
    total = _half_up(sum(parts, Decimal(0)) * scale / base)
    exact = [part * scale / base for part in parts]
    shares = [int(value // 1) for value in exact]
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - shares[i]), i))
    for index in order[: max(0, total - sum(shares))]:
        shares[index] += 1
    return shares, total


def percent_change(change: Decimal, base: Decimal, decimals: int = 0) -> int | None:
    """A change as whole percent (or tenths) of its base, half up; None without a base."""
    return _half_up(change * 100 * 10 ** decimals / base) if base else None
