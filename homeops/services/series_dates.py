"""The way out of a series no day fits (issue 15, fix G5): an invoice or credit note after
one dated in the future, or between two out of order (an import, a vault written before the
chronology rules), may be dated any day up to today with a written reason, kept in the
events history as a ``date_override`` (numbers, dates and the reason)."""

from __future__ import annotations

import datetime as dt

from homeops.rules.invoice_dates import DateProblem, OutOfOrder
from homeops.storage.repos_privacy import Event

DATE_OVERRIDE = "date_override"


def allowed(
    problem: DateProblem | None, what: str, day: dt.date, now: dt.date, override: str
) -> Event | None:
    """None when ``day`` fits the series; the event to record when only ``override`` (a
    reason) lets ``what`` (its label) be dated ``day``; ``OutOfOrder`` else (with an
    override that does not apply: a day after ``now``, or a series some day fits)."""
    if problem is None:
        return None
    reason = " ".join(override.split())
    if not (problem.stuck and reason and day <= now):
        raise OutOfOrder(problem)
    details = {"dated": what, "date": day.isoformat(), "after": problem.after, "reason": reason}
    return Event(now.isoformat(), DATE_OVERRIDE, details)
