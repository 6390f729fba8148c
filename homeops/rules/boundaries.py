"""Gentle warnings when time is logged: on a day off, or over the focus hours 3 days running.

A warning never refuses: the time is logged, the freelancer is told. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from homeops.rules.capacity import Rules, TimeOff, short_day
from homeops.rules.timelog import TimeEntry

#: Days running over the focus hours before the log warns.
DAYS_RUNNING = 3


def boundary_warnings(
    entries: Iterable[TimeEntry],
    days_off: Iterable[TimeOff],
    rules: Rules,
    day: dt.date,
    *,
    today: dt.date,
) -> tuple[str, ...]:
    """What logging time on ``day`` crossed, given every entry (the new one included):
    ``logged on a day off: Thu 24 Dec``, and ``over the focus hours 3 days running …`` when
    ``day`` is one of ``DAYS_RUNNING`` days in a row each logged over its focus minutes."""
    found: list[str] = []
    if any(off.day == day.isoformat() for off in days_off):
        found.append(f"logged on a day off: {short_day(day, today)}")
    logged: dict[dt.date, int] = {}
    for entry in entries:
        when = dt.date.fromisoformat(entry.day)
        logged[when] = logged.get(when, 0) + entry.minutes
    over = {when for when, minutes in logged.items() if minutes > rules.focus[when.weekday()]}
    run = _run_through(over, day)
    if len(run) >= DAYS_RUNNING:
        found.append(
            f"over the focus hours {len(run)} days running "
            f"({short_day(run[0], today)} – {short_day(run[-1], today)}): "
            "keep some time to rest"
        )
    return tuple(found)


def _run_through(days: set[dt.date], day: dt.date) -> list[dt.date]:
    """The consecutive days of ``days`` around ``day`` (empty when ``day`` is not in it)."""
    if day not in days:
        return []
    start = day
    while start - dt.timedelta(days=1) in days:
        start -= dt.timedelta(days=1)
    end = day
    while end + dt.timedelta(days=1) in days:
        end += dt.timedelta(days=1)
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
