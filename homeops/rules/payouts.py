"""Paying yourself on a calendar: the next payouts from an RRULE, covered or short, and when
to hold one back because the cushion is under its target.

Each payout is seen two ways. "Covered" counts only money in hand: the pay envelope's balance
now, minus the payouts before. "Covered once expected" adds the pay share of the payments
expected before it (the forecast's view: they may be late). A held payout stays in the list,
with its reason, and draws nothing until it is released.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from dateutil.rrule import rrule, rrulestr

from homeops.rules.capacity import once_a_day
from homeops.rules.forecast import Flow
from homeops.rules.money import split_cents

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
    expected_after_cents: int = 0  # the same once the payments expected before it arrive
    covered_expected: bool = True
    held: bool = False  # held back: it draws nothing until released
    reason: str = ""  # why it is held

    @property
    def pending(self) -> bool:
        """Still to be paid (not held)."""
        return not self.held


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
    dates: Sequence[dt.date],
    *,
    amount_cents: int,
    pay_balance_cents: int,
    cushion: CushionState,
    today: dt.date,
    held: Mapping[str, str] | None = None,
    expected: Sequence[tuple[dt.date, int]] = (),
) -> list[PayoutLine]:
    """The payouts on ``dates`` against the pay envelope's balance in hand, and against it
    with the ``expected`` changes to pay (date, cents; ``pay_changes``) on or before each.

    ``held``: ISO date -> reason of the payouts held back; they stay in the list and draw
    nothing. When the cushion is under its target, holding the first payout still to pay is
    suggested (and any payout that would be short).
    """
    held = held or {}
    lines: list[PayoutLine] = []
    balance = pay_balance_cents
    coming = sorted(expected, key=lambda change: change[0])
    drawn = position = 0
    expected_in = 0
    for day in dates:
        iso = day.isoformat()
        while position < len(coming) and coming[position][0] <= day:
            expected_in += coming[position][1]
            position += 1
        if iso in held:
            after, later = balance, pay_balance_cents + expected_in - drawn
            lines.append(PayoutLine(iso, amount_cents, after, after >= 0, False, False, later,
                                    later >= 0, held=True, reason=held[iso]))  # fmt: skip
            continue
        first = drawn == 0
        balance -= amount_cents
        drawn += amount_cents
        later = pay_balance_cents + expected_in - drawn
        covered = balance >= 0
        hold = cushion.under_target and (first or not covered)
        lines.append(PayoutLine(iso, amount_cents, balance, covered, day <= today, hold, later,
                                later >= 0))  # fmt: skip
    return lines


def pay_changes(
    flows: Sequence[Flow], shares_bp: Mapping[str, int], envelope: str = "pay"
) -> list[tuple[dt.date, int]]:
    """What the expected ``flows`` (no payouts among them) bring to or take from ``envelope``,
    as the forecast counts them: a payment by its share, a cost drawn on it whole. Cents."""
    changes: list[tuple[dt.date, int]] = []
    for flow in flows:
        if flow.amount_cents >= 0 and not flow.envelope:
            part = split_cents(flow.amount_cents, dict(shares_bp)).get(envelope, 0)
        elif (flow.envelope or "costs") == envelope:
            part = flow.amount_cents
        else:
            continue
        if part:
            changes.append((flow.date, part))
    return changes


def payout_note(line: PayoutLine, cushion_cents: int, money: Callable[[int], str],
                *, brief: bool = False) -> str:  # fmt: skip
    """What to do about ``line``: why it is held, or, when the pay envelope does not cover
    it now, what would (the payments expected before it, the cushion, or holding it).
    ``brief``: the words a row of the console has room for. "" when it is covered."""
    if line.held:
        return f"held: {line.reason}" if line.reason else "held"
    if line.covered:
        return ""
    if line.covered_expected:
        return ("covered once payments arrive" if brief
                else "covered once the payments expected before it arrive")  # fmt: skip
    short = -line.expected_after_cents
    if brief:
        way = "cushion or hold" if cushion_cents >= short else "hold it"
        return f"{money(short)} short: {way}"
    if cushion_cents >= short:
        way = f"transfer it from the cushion ({money(cushion_cents)}) with a reason, or hold it"
    else:
        way = f"the cushion ({money(cushion_cents)}) cannot cover it either: hold it"
    return f"{money(short)} short even with the payments expected: {way}"


@dataclass
class PayoutDecision:
    """A scheduled payout dealt with: ``paid`` (recorded in the ledger) or ``held`` back."""

    date: str
    status: str  # "paid" or "held"
    amount_cents: int
    reason: str = ""
    id: int | None = None
