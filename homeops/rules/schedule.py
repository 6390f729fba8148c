"""The planner's picture of the business: capacity, time logged and the plan, week by week.

``build_schedule`` turns records (missions, time log, days off, fixed blocks, pins) and the
capacity rules into a ``Schedule``; ``Schedule.week(monday)`` gives one week as the Planner view
and ``homeops plan`` show it: days × missions, logged minutes on past days, planned ones from
today on. Pure: no I/O; integer minutes and cents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from homeops.rules.capacity import (
    DayCapacity,
    FixedBlock,
    Rules,
    TimeOff,
    day_capacities,
    week_start,
)
from homeops.rules.model import Mission
from homeops.rules.planner import (
    Pin,
    Plan,
    Work,
    estimate_minutes,
    fee_cents,
    open_work,
    plan_work,
)
from homeops.rules.pricing import PriceCheck, check_price
from homeops.rules.retainers import Retainer, reserve
from homeops.rules.timelog import Share, TimeEntry, logged_by_mission, non_billable_share

DAY = dt.timedelta(days=1)
MAX_DAYS = 730  # deadlines further away than two years are planned as if they were then


@dataclass(frozen=True)
class PlanOptions:
    """How the plan is made: the capacity rules and the planner's own settings."""

    rules: Rules = field(default_factory=Rules)
    allowance_bp: int = 1000
    min_block: int = 30
    delivered: str = "Delivered"
    weeks: int = 12
    rate_cents: int | None = None  # minimum billable rate; None: no pricing check


@dataclass(frozen=True)
class WeekRow:
    """One mission's minutes on each day of a week (logged before today, then planned)."""

    mission_id: int
    title: str
    deadline: dt.date | None
    minutes: tuple[int, ...]
    pinned: tuple[bool, ...]
    logged: tuple[int, ...]
    late: bool = False


@dataclass(frozen=True)
class WeekDay:
    """One day of the week: its capacity, what is logged and what is planned on it."""

    capacity: DayCapacity
    logged: int  # billable minutes logged, on missions and retainers
    planned: int  # minutes planned (today and later)
    non_billable: int  # non-billable minutes logged
    past: bool
    retainer_logged: int = 0  # of ``logged``: the minutes logged on retainers
    reserved: int = 0  # minutes retainers still keep free that day (today and later)

    @property
    def day(self) -> dt.date:
        return self.capacity.day

    @property
    def booked(self) -> int:
        """Billable minutes logged or planned that day."""
        return self.logged + self.planned


@dataclass(frozen=True)
class Week:
    monday: dt.date
    days: tuple[WeekDay, ...]
    rows: tuple[WeekRow, ...]


@dataclass
class Schedule:
    """Everything the planner knows today."""

    today: dt.date
    options: PlanOptions
    plan: Plan
    missions: dict[int, Mission]
    entries: list[TimeEntry]
    days_off: set[dt.date]
    blocks: list[FixedBlock]
    capacities: dict[dt.date, DayCapacity]
    logged: dict[int, int]  # mission id -> minutes, all time
    unestimated: list[Mission]
    # minutes retainers keep free each day from today (already out of ``capacities``' billable)
    reserved: dict[dt.date, int] = field(default_factory=dict)
    # (retainer id, period start, minutes) no billable time had room for
    reserve_short: list[tuple[int | None, dt.date, int]] = field(default_factory=list)

    # -- days --------------------------------------------------------------------------

    def capacity(self, day: dt.date) -> DayCapacity:
        known = self.capacities.get(day)
        if known is not None:
            return known
        more = day_capacities(self.options.rules, day, day, off=self.days_off, blocks=self.blocks)
        return more[day]

    def logged_on(self, day: dt.date) -> tuple[dict[int, int], int]:
        """Minutes logged on ``day``: per mission, and non-billable in all."""
        iso = day.isoformat()
        billable: dict[int, int] = {}
        other = 0
        for entry in self.entries:
            if entry.day != iso:
                continue
            if entry.mission_id is None:
                if entry.retainer_id is None:  # a retainer's time is billable, not "other"
                    other += entry.minutes
            else:
                billable[entry.mission_id] = billable.get(entry.mission_id, 0) + entry.minutes
        return billable, other

    def retainer_logged_on(self, day: dt.date) -> int:
        """Minutes logged on retainers on ``day`` (billable time, outside any mission)."""
        iso = day.isoformat()
        return sum(e.minutes for e in self.entries if e.day == iso and e.retainer_id is not None)

    def left_today(self) -> int:
        """Billable minutes still free today (capacity less what is logged on missions and
        retainers)."""
        billable, _other = self.logged_on(self.today)
        done = sum(billable.values()) + self.retainer_logged_on(self.today)
        return max(0, self.capacity(self.today).billable - done)

    # -- a week ------------------------------------------------------------------------

    def week(self, monday: dt.date) -> Week:
        """The week from ``monday``: one row per mission with time in it or due in it."""
        monday = week_start(monday)
        dates = [monday + i * DAY for i in range(7)]
        per_day: list[tuple[dict[int, int], int]] = [self.logged_on(d) for d in dates]
        ids: list[int] = []
        seen: set[int] = set()

        def include(mission_id: int) -> None:
            if mission_id not in seen and mission_id in self.missions:
                seen.add(mission_id)
                ids.append(mission_id)

        for i, day in enumerate(dates):
            for mission_id in per_day[i][0]:
                include(mission_id)
            if day >= self.today:
                for mission_id in self.plan.blocks.get(day, {}):
                    include(mission_id)
        for w in self.plan.work.values():
            if w.deadline is not None and dates[0] <= w.deadline <= dates[-1]:
                include(w.mission_id)
        rows = []
        for mission_id in ids:
            mission = self.missions[mission_id]
            logged = tuple(per_day[i][0].get(mission_id, 0) for i in range(7))
            planned = tuple(
                self.plan.minutes(d, mission_id) if d >= self.today else 0 for d in dates
            )
            pinned = tuple((d, mission_id) in self.plan.pinned for d in dates)
            deadline = dt.date.fromisoformat(mission.deadline) if mission.deadline else None
            rows.append(
                WeekRow(
                    mission_id,
                    mission.title,
                    deadline,
                    tuple(a + b for a, b in zip(logged, planned, strict=True)),
                    pinned,
                    logged,
                    late=mission_id in self.plan.late,
                )
            )
        rows.sort(key=lambda r: (r.deadline or dt.date.max, r.mission_id))
        retained = [self.retainer_logged_on(d) for d in dates]
        days = tuple(
            WeekDay(
                self.capacity(d),
                logged=sum(per_day[i][0].values()) + retained[i],
                planned=self.plan.planned(d) if d >= self.today else 0,
                non_billable=per_day[i][1],
                past=d < self.today,
                retainer_logged=retained[i],
                reserved=self.reserved.get(d, 0),
            )
            for i, d in enumerate(dates)
        )
        return Week(monday, days, tuple(rows))

    # -- missions ----------------------------------------------------------------------

    def remaining(self, mission_id: int) -> int:
        w = self.plan.work.get(mission_id)
        return w.remaining if w is not None else 0

    def price_check(self, mission: Mission) -> PriceCheck | None:
        """The mission's fee against its estimate at the minimum rate (None: cannot tell)."""
        effort = estimate_minutes(mission)
        if self.options.rate_cents is None or not effort or mission.hourly_rate_cents:
            return None
        return check_price(fee_cents(mission), effort, self.options.rate_cents)

    def underpriced(self) -> list[tuple[Mission, PriceCheck]]:
        """Open missions whose fee is under estimate × the minimum rate."""
        out = []
        for mission in self.missions.values():
            if mission.stage == self.options.delivered:
                continue
            check = self.price_check(mission)
            if check is not None and check.underpriced:
                out.append((mission, check))
        return out

    def share(self, configured_bp: int) -> Share:
        return non_billable_share(self.entries, self.today, configured_bp)


def build_schedule(
    missions: Sequence[Mission],
    entries: Sequence[TimeEntry],
    days_off: Sequence[TimeOff],
    blocks: Sequence[FixedBlock],
    pins: Sequence[Pin],
    *,
    today: dt.date,
    options: PlanOptions,
    extra: Sequence[Work] = (),
    retainers: Sequence[Retainer] = (),
) -> Schedule:
    """Plan the open ``missions`` from ``today`` over ``options.weeks`` weeks (further when a
    deadline is later, at most two years); ``extra`` work is planned beside them, around the
    hours ``retainers`` reserve (``rules.retainers.reserved_minutes``)."""
    logged = logged_by_mission(entries)
    work, unestimated = open_work(
        missions, logged, allowance_bp=options.allowance_bp, delivered=options.delivered
    )
    work.extend(extra)
    end = today + (options.weeks * 7 - 1) * DAY
    deadlines = [w.deadline for w in work if w.deadline is not None]
    if deadlines:
        end = min(max(end, max(deadlines)), today + MAX_DAYS * DAY)
    off = {dt.date.fromisoformat(o.day) for o in days_off}
    capacities = day_capacities(options.rules, week_start(today), end, off=off, blocks=blocks)
    room = {day: cap.billable for day, cap in capacities.items()}
    kept = reserve(
        retainers, entries, focus=options.rules.focus, off=off, today=today, last=end, room=room
    )
    reserved = kept.by_day
    for day, minutes in reserved.items():  # retainers' hours come off the billable time
        cap = capacities[day]
        capacities[day] = replace(cap, billable=max(0, cap.billable - minutes))
    today_billable = sum(  # a retainer's time too: billable, and outside its reserve
        e.minutes for e in entries if e.day == today.isoformat() and e.billable
    )
    free = {day: cap.billable for day, cap in capacities.items() if day >= today}
    free[today] = max(0, free[today] - today_billable)
    upcoming = [p for p in pins if p.day >= today.isoformat()]
    plan = plan_work(work, free, pins=upcoming, min_block=options.min_block)
    return Schedule(
        today=today,
        options=options,
        plan=plan,
        missions={m.id: m for m in missions if m.id is not None and not m.archived},
        entries=list(entries),
        days_off=off,
        blocks=list(blocks),
        capacities=capacities,
        logged=logged,
        unestimated=unestimated,
        reserved=reserved,
        reserve_short=kept.short,
    )
