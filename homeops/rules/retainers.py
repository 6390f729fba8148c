"""Retainers: recurring work with clear limits (issue 14 part 4).

No "unlimited support": a retainer is a package a client pays each period (an RRULE, e.g.
``FREQ=MONTHLY``) for at most ``limit_minutes`` of work and/or ``limit_deliverables``
deliverables, over a term (``start``..``end``). Its periods, the period of a day, the use of a
period from the time log, near (>= 80 %) and over, the price of extra time (the retainer's
implied rate) and the minutes it reserves on each working day of a period. Pure: no I/O, no
clock; integer minutes and cents, ISO dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from dateutil.rrule import rrule, rruleset, rrulestr

from homeops.rules.bounds import DAYS_MAX
from homeops.rules.capacity import daily_rule_problem
from homeops.rules.hours import format_minutes
from homeops.rules.rule_words import in_words
from homeops.rules.timelog import TimeEntry

DAY = dt.timedelta(days=1)
#: Words for the common periods (``--every``, the console's form); anything else is an RRULE.
EVERY = {
    "weekly": "FREQ=WEEKLY",
    "monthly": "FREQ=MONTHLY",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
    "yearly": "FREQ=YEARLY",
}
#: Use at or above this share of a limit is "near" it (basis points).
NEAR_BP = 8000
PROPOSAL_STATUSES = ("proposed", "accepted", "declined")


@dataclass
class Proposal:
    """Work over a period's limit, proposed to the client as a scope change: ``minutes``
    and/or ``deliverables`` more, for ``amount_cents`` (the retainer's implied rate)."""

    period: str  # ISO start of the period it belongs to
    day: str  # ISO day it was proposed
    minutes: int = 0
    deliverables: int = 0
    amount_cents: int = 0
    status: str = "proposed"  # proposed, accepted, declined


@dataclass
class Retainer:
    """A client's recurring package: ``price_cents`` each period of ``rule`` from ``start``
    (a day the rule falls on) to ``end`` (the term, inclusive), for at most ``limit_minutes``
    and/or ``limit_deliverables`` a period. ``ended``: the day it was ended early."""

    client_alias: str
    title: str
    price_cents: int
    rule: str
    start: str
    end: str
    limit_minutes: int = 0
    limit_deliverables: int = 0
    currency: str = "EUR"
    ended: str | None = None
    delivered: list[str] = field(default_factory=list)  # one ISO day per deliverable
    proposals: list[Proposal] = field(default_factory=list)
    id: int | None = None

    @property
    def last_day(self) -> dt.date:
        """The last day of the term: ``end``, or ``ended`` when it came first."""
        end = dt.date.fromisoformat(self.end)
        return min(end, dt.date.fromisoformat(self.ended)) if self.ended else end


@dataclass(frozen=True)
class Period:
    """One period of a retainer, ``start``..``end`` inclusive."""

    start: dt.date
    end: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def retainer_problem(retainer: Retainer) -> str:
    """Why ``retainer`` cannot be kept (one line), or ""."""
    if not retainer.title.strip():
        return "a retainer needs a title"
    if retainer.price_cents <= 0:
        return "a retainer's price must be more than zero"
    if retainer.limit_minutes <= 0 and retainer.limit_deliverables <= 0:
        return "a retainer needs a limit: hours and/or deliverables per period (no unlimited work)"
    if retainer.limit_minutes < 0 or retainer.limit_deliverables < 0:
        return "a retainer's limits cannot be negative"
    problem = daily_rule_problem(retainer.rule)
    if problem:
        return problem
    words = {part.partition("=")[0].strip() for part in retainer.rule.upper().split(";")}
    if words & {"COUNT", "UNTIL"}:
        return "a retainer's rule takes no COUNT or UNTIL: its term ends on its end day"
    start, end = dt.date.fromisoformat(retainer.start), dt.date.fromisoformat(retainer.end)
    if end < start:
        return f"the term ends ({end}) before it starts ({start})"
    if (end - start).days > DAYS_MAX:
        return f"a term is at most {DAYS_MAX:,} days (10 years)"
    first = _rule(retainer.rule, start).after(_at(start), inc=True)
    if first is None or first.date() != start:
        return f"{start} is not a day the rule falls on: the first period starts on the start day"
    return ""


def rule_of(text: str) -> str:
    """``monthly`` -> ``FREQ=MONTHLY``; an RRULE as typed (upper case, no ``RRULE:``)."""
    typed = text.strip()
    return EVERY.get(typed.casefold(), typed.upper().removeprefix("RRULE:"))


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def _rule(rule: str, start: dt.date) -> rrule | rruleset:
    return rrulestr(rule, dtstart=_at(start))


def periods(retainer: Retainer, *, until: dt.date | None = None) -> list[Period]:
    """The retainer's periods over its term (or up to the ones starting by ``until``)."""
    start, last = dt.date.fromisoformat(retainer.start), retainer.last_day
    stop = min(last, until) if until is not None else last
    if stop < start:
        return []
    begins = [
        w.date() for w in _rule(retainer.rule, start).between(_at(start), _at(stop), inc=True)
    ]
    if not begins or begins[0] != start:
        begins.insert(0, start)  # a retainer stored before the start-day check
    nxt = _rule(retainer.rule, start).after(_at(begins[-1]))
    after_last = nxt.date() if nxt is not None else last + DAY
    ends = [b - DAY for b in begins[1:]] + [min(last, after_last - DAY)]
    return [Period(b, e) for b, e in zip(begins, ends, strict=True)]


def period_of(retainer: Retainer, day: dt.date) -> Period | None:
    """The period ``day`` falls in, or None (before the start, after the term)."""
    if not dt.date.fromisoformat(retainer.start) <= day <= retainer.last_day:
        return None
    found = periods(retainer, until=day)
    return found[-1] if found and found[-1].holds(day) else None


def due_periods(retainer: Retainer, today: dt.date) -> list[Period]:
    """The periods started by ``today`` within the term: each owes one invoice."""
    return periods(retainer, until=today)


def coming_periods(retainer: Retainer, today: dt.date, horizon: dt.date) -> list[Period]:
    """The periods starting after ``today`` and by ``horizon`` (the money still to come)."""
    return [p for p in periods(retainer, until=horizon) if p.start > today]


def status(retainer: Retainer, today: dt.date) -> str:
    """``not started``, ``active``, ``ended`` (early) or ``finished`` (the term has run out;
    not "over", which reads like over the limit)."""
    if retainer.ended and dt.date.fromisoformat(retainer.ended) <= today:
        return "ended"
    if today < dt.date.fromisoformat(retainer.start):
        return "not started"
    return "finished" if today > retainer.last_day else "active"


def start_problem(retainer: Retainer, today: dt.date) -> str:
    """Why a new retainer cannot start where it says (one line), or "": a term already over,
    or a start more than one period back (each period started owes a draft invoice, and the
    invoice numbers are never taken back)."""
    if retainer.last_day < today:
        return f"the term ended on {retainer.last_day.isoformat()}: nothing left to retain"
    due = due_periods(retainer, today)
    if len(due) > 2:
        earliest = due[-2].start.isoformat()
        return (
            f"the start {retainer.start} is {len(due) - 1} periods back ({len(due)} draft "
            f"invoices at once): start at most one period back, on {earliest} or later"
        )
    return ""


# -- use against the limit -----------------------------------------------------------------


@dataclass(frozen=True)
class Use:
    """A period's use against its limits (an accepted proposal raises them)."""

    period: Period
    minutes: int
    limit_minutes: int
    deliverables: int
    limit_deliverables: int

    @property
    def state(self) -> str:
        """``over`` past a limit, ``near`` at 80 % of one or more, else ``ok``."""
        pairs = [(self.minutes, self.limit_minutes), (self.deliverables, self.limit_deliverables)]
        pairs = [(used, most) for used, most in pairs if most > 0]
        if any(used > most for used, most in pairs):
            return "over"
        if any(used * 10_000 >= most * NEAR_BP for used, most in pairs):
            return "near"
        return "ok"

    @property
    def minutes_left(self) -> int:
        return max(0, self.limit_minutes - self.minutes)

    def text(self) -> str:
        """``6h / 10h, 1 / 2 deliverables``."""
        parts = []
        if self.limit_minutes:
            parts.append(f"{format_minutes(self.minutes)} / {format_minutes(self.limit_minutes)}")
        if self.limit_deliverables:
            parts.append(f"{self.deliverables} / {self.limit_deliverables} deliverables")
        return ", ".join(parts)


def logged(retainer: Retainer, entries: Iterable[TimeEntry], period: Period) -> int:
    """Minutes logged on ``retainer`` within ``period``."""
    first, last = period.start.isoformat(), period.end.isoformat()
    return sum(
        e.minutes
        for e in entries
        if e.retainer_id == retainer.id and retainer.id is not None and first <= e.day <= last
    )


def use(retainer: Retainer, entries: Iterable[TimeEntry], period: Period) -> Use:
    """What ``period`` has used of the retainer's limits, accepted extras included."""
    iso = period.start.isoformat()
    extra = [p for p in retainer.proposals if p.period == iso and p.status == "accepted"]
    first, last = period.start.isoformat(), period.end.isoformat()
    return Use(
        period,
        logged(retainer, entries, period),
        retainer.limit_minutes + sum(p.minutes for p in extra) if retainer.limit_minutes else 0,
        sum(1 for d in retainer.delivered if first <= d <= last),
        retainer.limit_deliverables + sum(p.deliverables for p in extra)
        if retainer.limit_deliverables
        else 0,
    )


def rate_cents(retainer: Retainer) -> int | None:
    """The implied rate of an hour (price / hours per period, cents rounded down); None
    without an hour limit."""
    if retainer.limit_minutes <= 0:
        return None
    return retainer.price_cents * 60 // retainer.limit_minutes


def extra_cents(retainer: Retainer, minutes: int = 0, deliverables: int = 0) -> int:
    """The price of work over the limit: ``minutes`` and ``deliverables`` at the retainer's
    implied prices (price / limit, rounded half up)."""
    total = 0
    if minutes and retainer.limit_minutes > 0:
        total += (minutes * retainer.price_cents * 2 + retainer.limit_minutes) // (
            2 * retainer.limit_minutes
        )
    if deliverables and retainer.limit_deliverables > 0:
        total += (deliverables * retainer.price_cents * 2 + retainer.limit_deliverables) // (
            2 * retainer.limit_deliverables
        )
    return total


# -- capacity ------------------------------------------------------------------------------


@dataclass
class Reserve:
    """What retainers keep free: minutes per day, and per retainer and period the minutes
    no day had room for (``short``: (retainer id, period start, minutes)), said, not lost."""

    by_day: dict[dt.date, int] = field(default_factory=dict)
    short: list[tuple[int | None, dt.date, int]] = field(default_factory=list)


def _spread(left: int, days: list[dt.date], room: dict[dt.date, int]) -> dict[dt.date, int]:
    """``left`` minutes over ``days``, evenly (the first days take the odd minutes), no day
    above its ``room``: a full day's share goes to the others."""
    out: dict[dt.date, int] = {}
    pending = [d for d in days if room[d] > 0]
    while left > 0 and pending:
        each, odd = divmod(left, len(pending))
        shares = {d: each + (1 if i < odd else 0) for i, d in enumerate(pending)}
        full = [d for d in pending if room[d] < shares[d]]
        if not full:
            for d in pending:
                out[d] = out.get(d, 0) + shares[d]
                room[d] -= shares[d]
            return out
        for d in full:  # give these days all their room, spread the rest again
            out[d] = out.get(d, 0) + room[d]
            left -= room[d]
            room[d] = 0
        pending = [d for d in pending if room[d] > 0]
    return out


def reserve(
    retainers: Sequence[Retainer],
    entries: Sequence[TimeEntry],
    *,
    focus: Sequence[int],
    off: set[dt.date] | frozenset[dt.date],
    today: dt.date,
    last: dt.date,
    room: Mapping[dt.date, int] | None = None,
) -> Reserve:
    """Minutes the retainers keep free on each day from ``today`` to ``last``.

    Each period's hours are spread evenly over its working days (focus above zero, not a day
    off), the first days taking the odd minutes; for the period under way, what is left of its
    limit (less the time logged so far, today's included) is spread over its working days
    from today on. ``focus`` holds the focus minutes of Monday..Sunday; ``room``, when given,
    the billable minutes of each day (a day with less room takes less, the others more; what
    fits nowhere is ``short``). Days after ``last`` have their focus as room.
    """
    out = Reserve()
    free = dict(room) if room is not None else {}
    for retainer in retainers:
        if retainer.limit_minutes <= 0 or retainer.last_day < today:
            continue
        for period in periods(retainer, until=last):
            if period.end < today:
                continue
            first = max(period.start, today)
            done = logged(retainer, entries, period)  # up to today: time is logged once spent
            left = max(0, use(retainer, (), period).limit_minutes - done)
            days = []
            day = first
            while day <= period.end:
                if focus[day.weekday()] > 0 and day not in off:
                    days.append(day)
                    if room is None:  # no cap: each day may take the whole share
                        free[day] = left
                    else:
                        free.setdefault(day, focus[day.weekday()])
                day += DAY
            if not left:
                continue
            spread = _spread(left, days, free)
            placed = sum(spread.values())
            if placed < left:
                out.short.append((retainer.id, period.start, left - placed))
            for d, minutes in spread.items():
                if d <= last:
                    out.by_day[d] = out.by_day.get(d, 0) + minutes
    return out


def reserved_minutes(
    retainers: Sequence[Retainer],
    entries: Sequence[TimeEntry],
    *,
    focus: Sequence[int],
    off: set[dt.date] | frozenset[dt.date],
    today: dt.date,
    last: dt.date,
) -> dict[dt.date, int]:
    """``reserve(...).by_day`` without a cap per day (each working day takes its share)."""
    return reserve(retainers, entries, focus=focus, off=off, today=today, last=last).by_day


def reserved_in(reserved: Mapping[dt.date, int], first: dt.date, last: dt.date) -> int:
    """Reserved minutes from ``first`` to ``last`` inclusive."""
    return sum(m for d, m in reserved.items() if first <= d <= last)


def capacity_check(
    retainer: Retainer,
    others: Sequence[Retainer],
    room: Mapping[dt.date, int],
    focus: Sequence[int],
    period: Period,
) -> tuple[str, str]:
    """(problem, warning) for ``retainer``'s hours against the billable time of ``period``
    (``room``: each day's billable minutes, no day off), less what ``others`` keep in it:
    more than that is refused, 80 % of it or more is warned of."""
    if retainer.limit_minutes <= 0:
        return "", ""
    billable = sum(
        room.get(period.start + i * DAY, 0) for i in range((period.end - period.start).days + 1)
    )
    taken = reserve(others, (), focus=focus, off=set(), today=period.start, last=period.end,
                    room=room).by_day  # fmt: skip
    free = max(0, billable - sum(taken.values()))
    when = f"{period.start.isoformat()} to {period.end.isoformat()}"
    figures = (
        f"{format_minutes(retainer.limit_minutes)} {in_words(retainer.rule)} is more than "
        f"the {format_minutes(free)} of billable time free in a period ({when}: "
        f"{format_minutes(billable)} billable, {format_minutes(sum(taken.values()))} kept "
        "for other retainers)"
    )
    if retainer.limit_minutes > free:
        return f"{figures}: fewer hours, or a longer period", ""
    if retainer.limit_minutes * 10_000 >= free * NEAR_BP:
        share = retainer.limit_minutes * 100 // free if free else 100
        return "", (
            f"warning: the retainer keeps {share} % of the billable time free in a period "
            f"({format_minutes(retainer.limit_minutes)} of {format_minutes(free)}): "
            "little is left for missions"
        )
    return "", ""
