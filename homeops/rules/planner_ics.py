"""The plan as an iCalendar file: planned blocks, deadlines and payouts as all-day events.

Written with the ``icalendar`` library; UIDs are stable, so re-importing an export updates the
events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from icalendar import Calendar, Event

from homeops.rules.hours import format_minutes
from homeops.rules.schedule import Schedule

PRODID = "-//homeops//planner//EN"
DAY = dt.timedelta(days=1)


def _event(uid: str, day: dt.date, summary: str, stamp: dt.datetime, what: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@homeops")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + DAY)
    event.add("summary", summary)
    event.add("categories", [what])
    event.add("transp", "TRANSPARENT")
    return event


def plan_calendar(
    schedule: Schedule,
    payouts: Sequence[dt.date],
    payout_amount: str,
    *,
    stamp: dt.datetime,
    title: Callable[[int], str] | None = None,
) -> bytes:
    """The schedule's planned blocks (today on), open deadlines and ``payouts`` as ICS bytes."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "homeops plan")
    plan = schedule.plan
    name = title or (lambda mission_id: plan.work[mission_id].title)
    for day in plan.days:
        for mission_id, minutes in sorted(plan.blocks.get(day, {}).items()):
            cal.add_component(
                _event(
                    f"plan-{day.isoformat()}-{mission_id}",
                    day,
                    f"{format_minutes(minutes)} {name(mission_id)}",
                    stamp,
                    "planned",
                )
            )
    for mission_id, mission in sorted(schedule.missions.items()):
        if (
            mission.deadline
            and mission.stage != schedule.options.delivered
            and mission.deadline < dt.date.max.isoformat()  # an event ends the day after
        ):
            cal.add_component(
                _event(
                    f"due-{mission_id}",
                    dt.date.fromisoformat(mission.deadline),
                    f"Due: {mission.title}",
                    stamp,
                    "deadline",
                )
            )
    for day in payouts:
        cal.add_component(
            _event(f"payout-{day.isoformat()}", day, f"Payout {payout_amount}", stamp, "payout")
        )
    return bytes(cal.to_ical())
