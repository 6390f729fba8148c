"""Sample time for the demo vault: the past four weeks' time log, one day off, a weekly block.

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
    """Four weeks of logged time before ``today`` for ``missions`` (which carry their ids)."""
    rng = random.Random(seed)
    days = [
        today - dt.timedelta(days=back)
        for back in range(28, 0, -1)
        if (today - dt.timedelta(days=back)).weekday() < 5
    ]
    owed: list[tuple[int, int]] = []  # open missions: mission id, minutes to log
    past: list[tuple[int, int]] = []  # delivered ones, partly done before these four weeks
    for mission in missions:
        if mission.id is None or not mission.effort_minutes or mission.archived:
            continue
        share = _DONE_PERCENT.get(mission.stage, 30)
        minutes = mission.effort_minutes * share // 100 // 30 * 30
        if minutes:
            (past if mission.stage == "Delivered" else owed).append((mission.id, minutes))
    # The open missions' progress is logged whole (the planner's "left" follows from it);
    # the delivered ones share what room is left, scaled down evenly.
    room_total = len(days) * (_DAY_BILLABLE - 30) - sum(minutes for _id, minutes in owed)
    wanted = sum(minutes for _id, minutes in past)
    if wanted > room_total:
        past = [(i, m * max(0, room_total) // wanted // 30 * 30) for i, m in past]
    rng.shuffle(owed)
    past = [(i, m) for i, m in past if m]
    rng.shuffle(past)
    owed += past  # the open missions' time first: it must all fit
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
    # A Thursday off in three weeks' time: the planner works around it.
    off = _next_weekday(today + dt.timedelta(days=15), 3)
    monday = today - dt.timedelta(days=today.weekday())
    return SampleTime(
        entries=entries,
        days_off=[TimeOff(off.isoformat(), "Dentist and a long walk")],
        blocks=[
            FixedBlock("Weekly call with acme-mag", "FREQ=WEEKLY;BYDAY=TU", monday.isoformat(), 60)
        ],
    )


def _next_weekday(start: dt.date, weekday: int) -> dt.date:
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)
