"""Pricing check: the minimum rate per billable hour, and fees that fall under it.

Every payment is split into shares (taxes, costs, pay, cushion), so bringing home the monthly pay
takes ``pay / pay share`` of revenue; spread over a month's billable hours, that is the least a
billable hour may earn. Money in integer cents, time in integer minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dateutil.rrule import rrulestr

from homeops.rules.hours import format_minutes

WEEKS_PER_MONTH_NUM, WEEKS_PER_MONTH_DEN = 52, 12  # 4.33 weeks in a month


def monthly_pay_cents(payout_cents: int, rule: str) -> int:
    """The pay a payout rule brings in an average month: payouts in a year × amount / 12."""
    start = dt.datetime(2025, 1, 1)
    parsed = rrulestr(rule, dtstart=start)
    count = len(parsed.between(start, dt.datetime(2025, 12, 31, 23, 59), inc=True))
    return payout_cents * count // 12


def pay_share_bp(shares_bp: Mapping[str, int]) -> int:
    """The share of each payment that becomes pay: ``pay``, else what taxes and costs leave."""
    if shares_bp.get("pay"):
        return shares_bp["pay"]
    return max(1, 10000 - shares_bp.get("taxes", 0) - shares_bp.get("costs", 0))


def minimum_rate_cents(monthly_pay: int, pay_bp: int, week_billable_minutes: int) -> int | None:
    """Cents per billable hour that cover the pay after taxes, costs and cushion (rounded up).

    None when the week has no billable time (nothing can be priced on it).
    """
    if week_billable_minutes <= 0 or pay_bp <= 0:
        return None
    revenue = monthly_pay * 10000  # per month, times pay_bp
    month_minutes = week_billable_minutes * WEEKS_PER_MONTH_NUM  # times WEEKS_PER_MONTH_DEN
    numerator = revenue * 60 * WEEKS_PER_MONTH_DEN
    denominator = pay_bp * month_minutes
    return -(-numerator // denominator)


@dataclass(frozen=True)
class PriceCheck:
    """A fee compared with effort × the minimum rate; ``gap`` > 0 means under-priced."""

    fee: int
    effort: int
    rate: int
    floor: int
    gap: int

    @property
    def underpriced(self) -> bool:
        return self.gap > 0


def check_price(fee: int, effort_minutes: int, rate_cents: int) -> PriceCheck:
    """Compare ``fee`` with ``effort_minutes`` at ``rate_cents`` an hour (floor rounded up)."""
    floor = -(-effort_minutes * rate_cents // 60)
    return PriceCheck(fee, effort_minutes, rate_cents, floor, floor - fee)


def price_note(check: PriceCheck, fmt: Callable[[int], str]) -> str:
    """``under-priced: 12h at 84,21 € needs 1 010,52 €, 110,52 € more than the fee``.

    ``fmt`` formats cents (the caller's locale and currency).
    """
    return (
        f"under-priced: {format_minutes(check.effort)} at {fmt(check.rate)}/h needs "
        f"{fmt(check.floor)}, {fmt(check.gap)} more than the fee"
    )
