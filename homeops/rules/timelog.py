"""Time actually spent: on a mission, or on a non-billable category; all integer minutes.

Estimates against actuals, the effective hourly rate of a mission (fee / hours logged, revisions
included) and the real non-billable share of the last weeks. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from homeops.rules.hours import format_minutes
from homeops.rules.numbers import format_percent

CATEGORIES: tuple[str, ...] = ("admin", "communication", "learning", "revisions")
# More than this on one day is a typo (30 for 3.0), not a working day.
MAX_DAY_MINUTES = 16 * 60


@dataclass(frozen=True)
class TimeEntry:
    """Minutes spent on ``day``: on ``mission_id`` or ``retainer_id``, or else on the
    non-billable ``category``."""

    day: str  # ISO date
    minutes: int
    mission_id: int | None = None
    category: str = ""
    note: str = ""
    retainer_id: int | None = None  # time on a retainer (billable, within its limit)
    id: int | None = None

    @property
    def billable(self) -> bool:
        return self.mission_id is not None or self.retainer_id is not None


def log_problem(
    minutes: int,
    day: dt.date,
    already: int,
    *,
    today: dt.date,
    category: str | None = None,
    categories: Iterable[str] = CATEGORIES,
) -> str:
    """Why ``minutes`` cannot be logged on ``day`` (``already`` minutes logged there); else ""."""
    if minutes <= 0:
        return "the time logged must be more than zero"
    if day > today:
        return f"{day.isoformat()} is in the future: log time once it is spent"
    if already + minutes > MAX_DAY_MINUTES:
        return (
            f"{format_minutes(minutes)} on {day.isoformat()} is more than a day holds "
            f"(at most {format_minutes(MAX_DAY_MINUTES)} a day; "
            f"{format_minutes(already)} already logged)"
        )
    if category is not None:
        known = tuple(categories)
        if category not in known:
            return f"unknown category {category!r}; categories: {', '.join(known)}"
    return ""


def logged_by_mission(entries: Iterable[TimeEntry]) -> dict[int, int]:
    """Mission id -> minutes logged on it, all time."""
    totals: dict[int, int] = {}
    for entry in entries:
        if entry.mission_id is not None:
            totals[entry.mission_id] = totals.get(entry.mission_id, 0) + entry.minutes
    return totals


def logged_on(entries: Iterable[TimeEntry], day: dt.date) -> int:
    """Every minute logged on ``day`` (billable or not)."""
    iso = day.isoformat()
    return sum(entry.minutes for entry in entries if entry.day == iso)


def effective_rate_cents(fee_cents: int, minutes: int) -> int | None:
    """Fee per hour actually spent, in cents (rounded down); None before any time is logged."""
    if minutes <= 0:
        return None
    return fee_cents * 60 // minutes


@dataclass(frozen=True)
class Share:
    """The real non-billable share over a period, next to the configured one (basis points)."""

    non_billable: int
    total: int
    configured_bp: int

    @property
    def real_bp(self) -> int | None:
        return None if not self.total else self.non_billable * 10000 // self.total

    def __str__(self) -> str:
        return self.text()

    def text(self, locale: str = "fr_FR") -> str:
        """The sentence, its percentages in ``locale`` (the money's: ``27,7 %`` / ``27.7%``)."""
        configured = format_percent(self.configured_bp, locale)
        real = self.real_bp
        if real is None:
            return f"Non-billable, last 4 weeks: nothing logged (planned {configured})"
        share = format_percent(real, locale)
        return f"Non-billable, last 4 weeks: {share} of time logged (planned {configured})"


def non_billable_share(
    entries: Iterable[TimeEntry], today: dt.date, configured_bp: int, *, days: int = 28
) -> Share:
    """The share of time logged in the ``days`` up to ``today`` that was non-billable."""
    first = (today - dt.timedelta(days=days - 1)).isoformat()
    last = today.isoformat()
    non_billable = total = 0
    for entry in entries:
        if first <= entry.day <= last:
            total += entry.minutes
            if not entry.billable:
                non_billable += entry.minutes
    return Share(non_billable, total, configured_bp)
