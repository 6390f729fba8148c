"""The demo's retainer (issue 14 part 4): a client's monthly support package with clear
limits, started two months ago, with time logged in the period under way and its drafts
raised. Added by ``homeops demo`` after the sample business (``homeops.main``), through the
services, so it is checked like a typed one; the tests' filled vaults stay without it."""

from __future__ import annotations

import datetime as dt

from homeops.rules.retainers import Retainer
from homeops.services import Business

DAY = dt.timedelta(days=1)


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, 1)


def add_retainer(business: Business, today: dt.date) -> int:
    """One retainer for the first client of the register, its time and its drafts; the
    number of records added (0 when the demo has no client)."""
    clients = [c for c in business.clients.list() if c.status == "client"]
    if not clients:
        return 0
    start = _months_before(today, 2)
    until = dt.date(start.year + 1, start.month, 1) - DAY  # a one-year term
    retainer = business.retainers.add(
        Retainer(
            clients[0].alias,
            "Monthly newsletter support",
            60000,
            "FREQ=MONTHLY;BYMONTHDAY=1",
            start.isoformat(),
            until.isoformat(),
            limit_minutes=8 * 60,
            limit_deliverables=2,
        )
    )
    assert retainer.id is not None
    first = today.replace(day=1)
    days = [first + i * DAY for i in range((today - first).days + 1)]
    worked = [d for d in days if d.weekday() < 5][:2] or [today]
    added = 1
    for day, minutes in zip(worked, (120, 90), strict=False):  # 3h30 of 8h this month
        try:
            business.retainers.log_time(retainer.id, minutes, day, today=today, note="Newsletter")
        except ValueError:  # a day the sample's time log already fills
            continue
        added += 1
    return added + len(business.retainers.raise_due(today))
