"""Paying yourself on a calendar: the next payouts from an RRULE, covered or short, and when
to hold one back because the cushion is under its target.

"Covered" counts only money in hand: the pay envelope's balance now, minus the payouts before.
Expected payments are not counted here (they may be late); the forecast shows them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.rrule import rrule, rrulestr

from homeops.rules.capacity import once_a_day

#: How far ahead to look for the next payouts before calling a rule one that never fires.
HORIZON_YEARS = 20


class RuleNeverFires(ValueError):
    pass


def parse_rule(rule: str, anchor: dt.date) -> rrule:
    """The RRULE text as a dateutil rule starting at ``anchor``; ``ValueError``: one line."""
    try:
        parsed = rrulestr(rule, dtstart=dt.datetime.combine(anchor, dt.time()))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        raise ValueError(
            f"payout rule {rule!r} is not an RRULE (e.g. FREQ=WEEKLY;BYDAY=FR)"
        ) from None
    if not isinstance(parsed, rrule):
        raise ValueError(f"payout rule {rule!r} must be one RRULE, not a set")
    return parsed


def occurrences(
    rule: str, start: dt.date, count: int, anchor: dt.date | None = None
) -> list[dt.date]:
    """The first ``count`` dates of ``rule`` on or after ``start``.

    ``anchor`` is where the rule's intervals count from (``INTERVAL=2``: every other week from
    the anchor's week); ``start`` when None. ``RuleNeverFires`` when no date comes within
    ``HORIZON_YEARS`` (e.g. ``BYMONTHDAY=30;BYMONTH=2`` or an ``UNTIL`` in the past).
    """
    first = anchor or start
    parsed = once_a_day(parse_rule(rule, min(first, start)))  # a rule stored before the check
    limit = dt.datetime.combine(start, dt.time()).replace(year=start.year + HORIZON_YEARS)
    found: list[dt.date] = []
    moment = dt.datetime.combine(start, dt.time())
    for when in parsed.xafter(moment, count=count, inc=True):
        if when > limit:
            break
        found.append(when.date())
    if not found:
        raise RuleNeverFires(f"payout rule {rule!r} never fires from {start.isoformat()} on")
    return found


def per_month(rule: str, start: dt.date, anchor: dt.date | None = None) -> float:
    """Average number of payouts per month over the coming year."""
    end = start.replace(year=start.year + 1)
    dates = occurrences(rule, start, 400, anchor)
    return len([d for d in dates if d < end]) / 12


@dataclass(frozen=True)
class PayoutLine:
    """One coming payout as the Payouts view shows it. Cents."""

    date: str
    amount_cents: int
    pay_after_cents: int  # the pay envelope's balance after this payout (money in hand)
    covered: bool
    due: bool  # on or before today: ready to confirm
    hold: bool  # holding this one is suggested (cushion under target)


@dataclass(frozen=True)
class CushionState:
    """The cushion against its target, in cents; the target is months of costs + pay."""

    balance_cents: int
    target_cents: int
    monthly_need_cents: int
    target_months: int

    @property
    def under_target(self) -> bool:
        return self.balance_cents < self.target_cents

    @property
    def months(self) -> float:
        if self.monthly_need_cents <= 0:
            return 0.0
        return self.balance_cents / self.monthly_need_cents


def cushion_state(
    cushion_cents: int,
    *,
    payout_cents: int,
    payouts_per_month: float,
    monthly_costs_cents: int,
    target_months: int,
) -> CushionState:
    """How the cushion stands against ``target_months`` of (costs + pay) per month."""
    need = monthly_costs_cents + round(payout_cents * payouts_per_month)
    return CushionState(cushion_cents, need * target_months, need, target_months)


def schedule(
    dates: list[dt.date],
    *,
    amount_cents: int,
    pay_balance_cents: int,
    cushion: CushionState,
    today: dt.date,
) -> list[PayoutLine]:
    """The payouts on ``dates`` against the pay envelope's balance in hand.

    When the cushion is under its target, holding the first payout is suggested (and any
    payout that would be short).
    """
    lines: list[PayoutLine] = []
    balance = pay_balance_cents
    for index, day in enumerate(dates):
        balance -= amount_cents
        covered = balance >= 0
        hold = cushion.under_target and (index == 0 or not covered)
        lines.append(
            PayoutLine(day.isoformat(), amount_cents, balance, covered, day <= today, hold)
        )
    return lines


@dataclass
class PayoutDecision:
    """A scheduled payout dealt with: ``paid`` (recorded in the ledger) or ``held`` back."""

    date: str
    status: str  # "paid" or "held"
    amount_cents: int
    reason: str = ""
    id: int | None = None
