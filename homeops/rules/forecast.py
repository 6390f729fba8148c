"""The weeks ahead: balances per envelope week by week, and the lowest point.

Starts from today's balances and adds what is expected (open invoices by due date, undelivered
missions with a fee at the planner's finish date plus their payment terms: ``mission_flows``;
each split into the envelopes as a real payment would be), takes away the scheduled payouts
(pay envelope) and the recurring costs (their envelope). Week 1 is today to today + 6 days;
money expected before today (an overdue invoice) is counted in week 1. Cents throughout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from homeops.rules.invoices import deposit_cents
from homeops.rules.money import split_cents

BLOCKS = " ▏▎▍▌▋▊▉█"


@dataclass(frozen=True)
class Flow:
    """Money expected to move on ``date``: positive comes in (split), negative goes out."""

    date: dt.date
    amount_cents: int
    label: str
    envelope: str = ""  # "" for income: it is split by the shares


@dataclass
class RecurringCost:
    """A cost that comes back on a calendar (RRULE), drawn on ``envelope``. Cents > 0."""

    description: str
    amount_cents: int
    rule: str
    start: str  # ISO date the rule counts from
    envelope: str = "costs"
    currency: str = "EUR"
    id: int | None = None


@dataclass(frozen=True)
class ForecastWeek:
    """The balances at the end of one week, and what moved during it."""

    number: int  # 1-based
    start: dt.date
    end: dt.date
    balances: dict[str, int]
    money_in: int
    money_out: int
    flows: tuple[Flow, ...] = field(default=())

    @property
    def total(self) -> int:
        return sum(self.balances.values())


@dataclass(frozen=True)
class Forecast:
    weeks: tuple[ForecastWeek, ...]
    start_balances: dict[str, int]

    @property
    def lowest(self) -> ForecastWeek | None:
        """The week with the lowest total (the earliest of equal ones)."""
        return min(self.weeks, key=lambda w: (w.total, w.number), default=None)

    def lowest_of(self, envelope: str) -> ForecastWeek | None:
        return min(self.weeks, key=lambda w: (w.balances.get(envelope, 0), w.number), default=None)


def forecast(
    balances: Mapping[str, int],
    shares_bp: Mapping[str, int],
    flows: Sequence[Flow],
    *,
    today: dt.date,
    weeks: int = 12,
) -> Forecast:
    """Week-by-week balances for ``weeks`` weeks from ``today``."""
    if weeks < 1:
        raise ValueError("a forecast needs at least 1 week")
    current = dict(balances)
    for name in shares_bp:
        current.setdefault(name, 0)
    start_balances = dict(current)
    ordered = sorted(flows, key=lambda f: (f.date, f.label))
    result: list[ForecastWeek] = []
    position = 0
    for number in range(1, weeks + 1):
        start = today + dt.timedelta(days=7 * (number - 1))
        end = start + dt.timedelta(days=6)
        money_in = money_out = 0
        moved: list[Flow] = []
        while position < len(ordered) and (ordered[position].date <= end):
            flow = ordered[position]
            position += 1
            moved.append(flow)
            if flow.amount_cents >= 0 and not flow.envelope:
                for name, part in split_cents(flow.amount_cents, dict(shares_bp)).items():
                    current[name] = current.get(name, 0) + part
                money_in += flow.amount_cents
            else:
                envelope = flow.envelope or "costs"
                current[envelope] = current.get(envelope, 0) + flow.amount_cents
                if flow.amount_cents >= 0:
                    money_in += flow.amount_cents
                else:
                    money_out -= flow.amount_cents
        result.append(ForecastWeek(number, start, end, dict(current), money_in, money_out,
                                   tuple(moved)))  # fmt: skip
    return Forecast(tuple(result), start_balances)


def bar(value: int, scale: int, width: int) -> str:
    """A horizontal bar of ``value`` out of ``scale`` in ``width`` cells, eighth-cell precise.

    Negative values draw as long as their absolute value (the caller colours them).
    """
    if scale <= 0 or width <= 0:
        return ""
    eighths = min(width * 8, abs(value) * width * 8 // scale)
    full, part = divmod(eighths, 8)
    return "█" * full + (BLOCKS[part] if part else "")


def sparkline(values: Sequence[int]) -> str:
    """One character per value, ``▁`` lowest to ``█`` highest."""
    ticks = "▁▂▃▄▅▆▇█"
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return ticks[3] * len(values)
    return "".join(ticks[(v - low) * 7 // (high - low)] for v in values)


def expected_flows(
    *,
    open_invoices: Sequence[tuple[dt.date, int, str]],
    missions: Sequence[tuple[str | None, int, str]],
    recurring: Sequence[RecurringCost],
    payouts: Sequence[tuple[dt.date, int]],
    today: dt.date,
    weeks: int,
    terms_days: int,
) -> list[Flow]:
    """Everything expected to move in the ``weeks`` from ``today``.

    ``open_invoices``: (expected date, cents, label); ``missions``: undelivered, not invoiced,
    (deadline or None, fee cents, label), expected at deadline + ``terms_days`` (no deadline:
    not counted); ``payouts``: (date, cents) drawn on pay; ``recurring`` expanded by their rule.
    """
    from homeops.rules.payouts import occurrences

    end = today + dt.timedelta(days=7 * weeks - 1)
    flows = [Flow(max(day, today), cents, text) for day, cents, text in open_invoices]
    for deadline, fee, text in missions:
        if deadline is None or fee <= 0:
            continue
        day = dt.date.fromisoformat(deadline)
        if day > end:  # paid after the forecast (and a far deadline plus terms overflows)
            continue
        day += dt.timedelta(days=terms_days)
        flows.append(Flow(max(day, today), fee, text))
    flows.extend(Flow(day, -cents, "Payout", "pay") for day, cents in payouts)
    for cost in recurring:
        anchor = dt.date.fromisoformat(cost.start)
        begin = max(today, anchor)
        try:
            dates = occurrences(cost.rule, begin, 7 * weeks + 1, anchor)
        except ValueError:
            continue  # a rule that never fires costs nothing
        flows.extend(
            Flow(day, -cost.amount_cents, cost.description, cost.envelope)
            for day in dates
            if day <= end
        )
    return [flow for flow in flows if flow.date <= end]


def mission_flows(
    label: str,
    total_cents: int,
    *,
    finish: dt.date | None,
    terms_days: int,
    today: dt.date,
    end: dt.date,
    deposit_bp: int = 0,
    deposits_cents: int | None = None,
    deposit_base_cents: int | None = None,
) -> list[Flow]:
    """The money an undelivered mission is expected to bring, up to ``end``: ``total_cents``
    (what it is expected to bill) at ``finish`` + ``terms_days`` (today at the earliest),
    less its deposit. ``deposits_cents``: what its deposit invoices bill (they count on their
    own, open or received); None for a mission whose deposit is not invoiced yet (one not
    stored): its ``deposit_bp`` share of ``deposit_base_cents`` (the fee or cap its deposit
    invoice will bill; default ``total_cents``) is then expected today, on its own (a
    deposit is due on receipt: ``invoices.terms_days_of``). ``finish`` None: the rest is
    not counted (the caller says when it cannot place it)."""
    flows: list[Flow] = []
    rest = total_cents
    if deposits_cents is None:
        base = total_cents if deposit_base_cents is None else deposit_base_cents
        deposit = min(max(rest, 0), deposit_cents(base, deposit_bp))
        if deposit > 0:
            flows.append(Flow(today, deposit, f"{label}, deposit"))
        rest -= deposit
    else:
        rest -= deposits_cents
    if finish is not None and rest > 0 and finish <= end:  # a far finish plus terms overflows
        flows.append(Flow(max(finish + dt.timedelta(days=terms_days), today), rest, label))
    return [flow for flow in flows if flow.date <= end]
