"""Sample time for the demo vault: the past four weeks' time log, days off (one, and Christmas
week as a range), a weekly block.

``generate_time(missions, today=...)`` takes missions that already have their vault ids and
returns entries consistent with them: time logged on the missions that have started (more on the
ones further along), non-billable time every working day, a day off in three weeks and a
weekly client call on Tuesdays. The same input gives the same output. Pure: standard library and
``homeops`` records only.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from homeops.rules.capacity import FixedBlock, TimeOff
from homeops.rules.model import Mission
from homeops.rules.portfolio import delivered_on
from homeops.rules.timelog import CATEGORIES, TimeEntry

# How far along a mission in each stage is, as a share of its estimate (percent).
# In client review the writing is done: what is left is the revision time kept aside.
_DONE_PERCENT = {
    "Brief": 0,
    "Plan": 10,
    "First draft": 45,
    "Quality check": 85,
    "Client review": 100,
    "Delivered": 105,
}
_DAY_BILLABLE = 210  # minutes of mission work logged on an ordinary past day, at most


@dataclass
class SampleTime:
    """Time log entries, days off and fixed blocks for the demo vault."""

    entries: list[TimeEntry] = field(default_factory=list)
    days_off: list[TimeOff] = field(default_factory=list)
    blocks: list[FixedBlock] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.entries) + len(self.days_off) + len(self.blocks)


def generate_time(missions: Sequence[Mission], *, today: dt.date, seed: int = 11) -> SampleTime:
    """Four weeks of logged time before ``today`` for ``missions`` (which carry their ids),
    and the whole time of the delivered ones on the working days before their delivery."""
    rng = random.Random(seed)
    days = [
        today - dt.timedelta(days=back)
        for back in range(28, 0, -1)
        if (today - dt.timedelta(days=back)).weekday() < 5
    ]
    owed: list[tuple[int, int]] = []  # open missions: mission id, minutes to log
    delivered: list[tuple[int, int, dt.date]] = []  # logged in full before their delivery
    for mission in missions:
        if mission.id is None or not mission.effort_minutes or mission.archived:
            continue
        share = _DONE_PERCENT.get(mission.stage, 30)
        minutes = mission.effort_minutes * share // 100 // 30 * 30
        day = delivered_on(mission, "Delivered") if mission.stage == "Delivered" else None
        if minutes and day:
            delivered.append((mission.id, minutes, day))
        elif minutes and mission.stage != "Delivered":
            owed.append((mission.id, minutes))
    # The open missions' progress is logged whole (the planner's "left" follows from it).
    rng.shuffle(owed)
    entries: list[TimeEntry] = []
    for day in days:
        room = _DAY_BILLABLE - rng.choice((0, 30, 60))
        while room >= 30 and owed:
            mission_id, left = owed[0]
            take = min(left, room, rng.choice((60, 90, 120)))
            entries.append(TimeEntry(day.isoformat(), take, mission_id=mission_id))
            room -= take
            if take == left:
                owed.pop(0)
            else:
                owed[0] = (mission_id, left - take)
        category = CATEGORIES[rng.randrange(len(CATEGORIES))]
        entries.append(TimeEntry(day.isoformat(), rng.choice((30, 45, 60, 90)), category=category))
    entries += _logged_before(delivered, entries)
    # A Thursday off in three weeks' time: the planner works around it.
    off = _next_weekday(today + dt.timedelta(days=15), 3)
    monday = today - dt.timedelta(days=today.weekday())
    return SampleTime(
        entries=entries,
        days_off=[TimeOff(off.isoformat(), "Dentist and a long walk"), *_christmas(today, off)],
        blocks=[
            FixedBlock("Weekly call with acme-mag", "FREQ=WEEKLY;BYDAY=TU", monday.isoformat(), 60)
        ],
    )


def _logged_before(
    missions: Sequence[tuple[int, int, dt.date]], logged: Sequence[TimeEntry]
) -> list[TimeEntry]:
    """The whole time of delivered missions, on the working days before each delivery, a day
    holding at most ``_DAY_BILLABLE`` - 30 with what is ``logged`` already: results per offer
    divide a fee by the hours really logged, so a demo that logged part of them would boast."""
    used: dict[str, int] = {}
    for entry in logged:
        if entry.mission_id is not None:
            used[entry.day] = used.get(entry.day, 0) + entry.minutes
    entries: list[TimeEntry] = []
    for mission_id, minutes, delivered in missions:
        day = delivered
        while minutes > 0:
            day -= dt.timedelta(days=1)
            room = _DAY_BILLABLE - 30 - used.get(day.isoformat(), 0)
            if day.weekday() >= 5 or room < 30:
                continue
            take = min(minutes, room, 120)
            used[day.isoformat()] = used.get(day.isoformat(), 0) + take
            entries.append(TimeEntry(day.isoformat(), take, mission_id=mission_id))
            minutes -= take
    return entries


def _christmas(today: dt.date, taken: dt.date) -> list[TimeOff]:
    """The coming Christmas week off, 24 Dec to 1 Jan, as ``homeops off 2026-12-24..2027-01-01``
    marks it (a range of days off, issue 14 part 5); a day already off keeps its reason."""
    first = dt.date(today.year, 12, 24)
    if first <= today:  # never on days with time logged already: next year's
        first = dt.date(today.year + 1, 12, 24)
    days = [first + dt.timedelta(days=n) for n in range(9)]
    return [TimeOff(day.isoformat(), "Christmas holidays") for day in days if day != taken]


def _next_weekday(start: dt.date, weekday: int) -> dt.date:
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)
