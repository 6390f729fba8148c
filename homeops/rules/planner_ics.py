"""The plan as an iCalendar file: planned blocks, deadlines, payouts, fixed blocks and days off
as all-day events, and the response windows as timed events (floating local time) on each
working day.

Written with the ``icalendar`` library (it escapes the text: titles are data); UIDs are stable,
so re-importing an export updates the events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from icalendar import Calendar, Event

from homeops.rules.capacity import FixedBlock
from homeops.rules.hours import format_minutes
from homeops.rules.schedule import Schedule

PRODID = "-//homeops//planner//EN"
DAY = dt.timedelta(days=1)


def _event(
    uid: str,
    day: dt.date | dt.datetime,
    summary: str,
    stamp: dt.datetime,
    what: str,
    *,
    end: dt.date | dt.datetime | None = None,
    busy: bool = False,
) -> Event:
    event = Event()
    event.add("uid", f"{uid}@homeops")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", end if end is not None else day + DAY)
    event.add("summary", summary)
    event.add("categories", [what])
    event.add("transp", "OPAQUE" if busy else "TRANSPARENT")
    return event


def _boundaries(
    schedule: Schedule,
    stamp: dt.datetime,
    windows: Sequence[tuple[dt.time, dt.time]],
    reasons: Mapping[dt.date, str],
) -> list[Event]:
    """Days off, fixed blocks and response windows over the plan's days (today on)."""
    days = schedule.plan.days
    if not days:
        return []
    events = []
    on_day: dict[dt.date, list[tuple[str, FixedBlock]]] = {}
    for index, block in enumerate(schedule.blocks):
        key = str(block.id) if block.id is not None else f"n{index}"
        for day in block.days(days[0], days[-1]):
            on_day.setdefault(day, []).append((key, block))
    for day in days:
        iso = day.isoformat()
        if day in schedule.days_off:
            reason = reasons.get(day, "")
            summary = f"Day off: {reason}" if reason else "Day off"
            events.append(_event(f"off-{iso}", day, summary, stamp, "day off", busy=True))
            continue
        for key, block in on_day.get(day, []):
            summary = f"{format_minutes(block.minutes)} {block.title}"
            events.append(_event(f"block-{iso}-{key}", day, summary, stamp, "fixed block"))
        if schedule.options.rules.focus[day.weekday()] <= 0:
            continue  # response windows fall on working days only
        for start, finish in windows:
            begin = dt.datetime.combine(day, start)
            summary = f"Response window {start:%H:%M}-{finish:%H:%M}"
            uid = f"window-{iso}-{start:%H%M}"
            events.append(
                _event(uid, begin, summary, stamp, "response window",
                       end=dt.datetime.combine(day, finish), busy=True)
            )  # fmt: skip
    return events


def plan_calendar(
    schedule: Schedule,
    payouts: Sequence[dt.date],
    payout_amount: str,
    *,
    stamp: dt.datetime,
    title: Callable[[int], str] | None = None,
    windows: Sequence[tuple[dt.time, dt.time]] = (),
    reasons: Mapping[dt.date, str] | None = None,
) -> bytes:
    """The schedule's planned blocks (today on), open deadlines and ``payouts`` as ICS bytes;
    with the days off (their ``reasons``), the fixed blocks and the daily response
    ``windows`` (start, end) on the same days."""
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
    for event in _boundaries(schedule, stamp, windows, reasons or {}):
        cal.add_component(event)
    return bytes(cal.to_ical())
