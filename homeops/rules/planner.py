"""The plan: open missions' remaining effort spread over the days' billable capacity.

Pure functions over integer minutes. ``plan_work`` first checks feasibility at every deadline
(work due by then ≤ capacity until then) and turns each failure into a concrete warning, then
fills the days forward, earliest deadline first (ties: higher fee per remaining hour first),
never above a day's capacity, with a minimum block size, keeping pinned allocations.

The minimum block size gives way when keeping it would make a deadline slip: if the check
passes, every mission's remaining effort is planned on or before its deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from homeops.rules.capacity import short_day
from homeops.rules.hours import format_minutes
from homeops.rules.model import Mission

ADVICE = "move the deadline, cut scope or raise the price"
OVERDUE_ADVICE = "agree a new date with the client"


@dataclass(frozen=True)
class Work:
    """What is left of one open mission, as the planner sees it."""

    mission_id: int
    title: str
    remaining: int  # minutes
    deadline: dt.date | None = None
    fee_cents: int = 0


@dataclass(frozen=True)
class Pin:
    """An allocation the user fixed by hand: ``minutes`` of ``mission_id`` on ``day``."""

    mission_id: int
    day: str  # ISO date
    minutes: int
    id: int | None = None


@dataclass(frozen=True)
class Shortfall:
    """Work due by ``deadline`` exceeds the capacity until then by ``missing`` minutes."""

    deadline: dt.date
    missing: int
    titles: tuple[str, ...] = ()
    past: bool = False
    today: dt.date | None = field(default=None, compare=False)  # the year is said if not its

    def __str__(self) -> str:
        when = short_day(self.deadline, self.today)
        what = ""
        if self.titles:
            shown = ", ".join(self.titles[:2]) + (" …" if len(self.titles) > 2 else "")
            what = f" for {shown}"
        if self.past:
            left = format_minutes(self.missing)
            return f"overdue since {when}: {left} of work left{what}: {OVERDUE_ADVICE}"
        return f"short by {format_minutes(self.missing)} by {when}{what}: {ADVICE}"


# -- from missions to work ------------------------------------------------------------------


def estimate_minutes(mission: Mission) -> int:
    """The estimate with every accepted change of scope, in minutes."""
    extra = sum(c.effort_delta_minutes for c in mission.scope_changes if c.accepted)
    return max(0, mission.effort_minutes + extra)


def fee_cents(mission: Mission) -> int:
    """The fee with every accepted change of scope, in cents."""
    return mission.fee_cents + sum(c.fee_delta_cents for c in mission.scope_changes if c.accepted)


def allowance_minutes(mission: Mission, allowance_bp: int) -> int:
    """Revision time kept aside: a share of the estimate while revision rounds remain."""
    if mission.revisions_used >= mission.revision_limit:
        return 0
    return (estimate_minutes(mission) * allowance_bp + 9999) // 10000


def remaining_minutes(mission: Mission, logged: int, allowance_bp: int) -> int:
    """Estimate + revision allowance − minutes logged, never below zero."""
    total = estimate_minutes(mission) + allowance_minutes(mission, allowance_bp)
    return max(0, total - logged)


def open_work(
    missions: Iterable[Mission],
    logged: Mapping[int, int],
    *,
    allowance_bp: int,
    delivered: str,
) -> tuple[list[Work], list[Mission]]:
    """Open missions as ``Work`` (those with effort left), and the open ones with no estimate."""
    work: list[Work] = []
    unestimated: list[Mission] = []
    for m in missions:
        if m.archived or m.stage == delivered or m.id is None:
            continue
        if not estimate_minutes(m):
            unestimated.append(m)
            continue
        left = remaining_minutes(m, logged.get(m.id, 0), allowance_bp)
        if left:
            deadline = dt.date.fromisoformat(m.deadline) if m.deadline else None
            work.append(Work(m.id, m.title, left, deadline, fee_cents(m)))
    return work, unestimated


# -- the plan -------------------------------------------------------------------------------


@dataclass
class Plan:
    """Minutes per day per mission from ``days[0]`` on, with what does not fit."""

    days: list[dt.date]
    capacity: dict[dt.date, int]  # billable minutes each day could take
    blocks: dict[dt.date, dict[int, int]]  # day -> mission id -> minutes (pins included)
    pinned: set[tuple[dt.date, int]] = field(default_factory=set)
    shortfalls: list[Shortfall] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    finish: dict[int, dt.date] = field(default_factory=dict)  # last day with work planned
    unplanned: dict[int, int] = field(default_factory=dict)  # minutes beyond the horizon
    late: dict[int, dt.date | None] = field(default_factory=dict)  # finish after deadline
    work: dict[int, Work] = field(default_factory=dict)

    def planned(self, day: dt.date) -> int:
        """Minutes planned on ``day``."""
        return sum(self.blocks.get(day, {}).values())

    def minutes(self, day: dt.date, mission_id: int) -> int:
        return self.blocks.get(day, {}).get(mission_id, 0)

    @property
    def warnings(self) -> list[str]:
        """Every shortfall, then the missions that finish late, then the notes."""
        lines = [str(s) for s in self.shortfalls]
        today = self.days[0] if self.days else None
        for mission_id, finish in sorted(self.late.items(), key=lambda i: i[0]):
            w = self.work[mission_id]
            assert w.deadline is not None
            if finish is None:
                lines.append(f"{w.title}: does not fit before the end of the plan")
            elif not any(w.title in s.titles for s in self.shortfalls):
                lines.append(
                    f"{w.title}: planned to finish {short_day(finish, today)}, "
                    f"due {short_day(w.deadline, today)}"
                )
        return lines + self.notes


def _priority(work: Work) -> tuple[dt.date, Fraction, int]:
    """Earliest deadline first; then the higher fee per remaining hour; then the older id."""
    rate = Fraction(work.fee_cents, work.remaining) if work.remaining else Fraction(0)
    return (work.deadline or dt.date.max, -rate, work.mission_id)


def plan_work(
    work: Sequence[Work],
    capacity: Mapping[dt.date, int],
    *,
    pins: Iterable[Pin] = (),
    min_block: int = 0,
) -> Plan:
    """Plan ``work`` over the days of ``capacity`` (consecutive, the first is "today").

    ``capacity`` is each day's billable minutes still free. Pins are kept up to the day's
    capacity (a note says when one no longer fits); the rest is planned earliest deadline first.
    """
    days = sorted(capacity)
    free = {day: max(0, capacity[day]) for day in days}
    blocks: dict[dt.date, dict[int, int]] = {day: {} for day in days}
    by_id = {w.mission_id: w for w in work}
    plan = Plan(days, dict(free), blocks, work=by_id)
    rest = {w.mission_id: w.remaining for w in work}
    for pin in sorted(pins, key=lambda p: (p.day, p.mission_id)):
        day = dt.date.fromisoformat(pin.day)
        w = by_id.get(pin.mission_id)
        if w is None or day not in free or pin.minutes <= 0:
            continue  # a pin of a finished mission, or outside the plan
        wanted = min(pin.minutes, rest[w.mission_id])
        take = min(wanted, free[day])
        if take < wanted:
            plan.notes.append(
                f"pinned {format_minutes(pin.minutes)} of {w.title} on {short_day(day, days[0])}: "
                f"only {format_minutes(take)} fit"
            )
        if take > 0:
            blocks[day][w.mission_id] = blocks[day].get(w.mission_id, 0) + take
            free[day] -= take
            rest[w.mission_id] -= take
            plan.pinned.add((day, w.mission_id))
    order = sorted((w for w in work if rest[w.mission_id] > 0), key=_priority)
    plan.shortfalls = _shortfalls(order, rest, free, days)
    fill = _fill(order, rest, free, days, min_block)
    if min_block and _late(order, fill[1], fill[2]):
        plain = _fill(order, rest, free, days, 0)
        if len(_late(order, plain[1], plain[2])) < len(_late(order, fill[1], fill[2])):
            fill = plain  # the minimum block gives way to a deadline
    placed, finish, unplanned = fill
    for day, row in placed.items():
        for mission_id, minutes in row.items():
            blocks[day][mission_id] = blocks[day].get(mission_id, 0) + minutes
    for day in days:
        for mission_id in blocks[day]:
            finish[mission_id] = max(finish.get(mission_id, day), day)
    plan.finish, plan.unplanned = finish, unplanned
    for w in work:
        if w.deadline is None:
            continue
        if w.mission_id in unplanned:
            plan.late[w.mission_id] = None
        elif w.mission_id in finish and finish[w.mission_id] > w.deadline:
            plan.late[w.mission_id] = finish[w.mission_id]
    return plan


def _shortfalls(
    order: Sequence[Work], rest: Mapping[int, int], free: Mapping[dt.date, int], days: list[dt.date]
) -> list[Shortfall]:
    """Each deadline where the work due by then exceeds the free capacity until then.

    A deadline already past is reported per mission, with that mission's own work left.
    For the others missing minutes are cumulative, overdue work included (it is still to be
    done, and first): a later deadline is reported only when more is missing.
    """
    due = [w for w in order if w.deadline is not None]
    out: list[Shortfall] = []
    first = days[0] if days else dt.date.max
    today = days[0] if days else None
    overdue = [
        w for w in due if w.deadline is not None and w.deadline < first and rest[w.mission_id]
    ]
    for w in sorted(overdue, key=lambda w: (w.deadline, w.title)):
        assert w.deadline is not None
        out.append(Shortfall(w.deadline, rest[w.mission_id], (w.title,), True, today))
    supply = index = reported = 0
    demand = sum(rest[w.mission_id] for w in overdue)  # still to be done, and first
    late = set(overdue)  # (a set: at 1,000 open missions a list's look-ups add up)
    due = [w for w in due if w not in late]
    i = 0
    while i < len(due):
        deadline = due[i].deadline
        assert deadline is not None
        titles: list[str] = []
        while i < len(due) and due[i].deadline == deadline:
            demand += rest[due[i].mission_id]
            titles.append(due[i].title)
            i += 1
        while index < len(days) and days[index] <= deadline:
            supply += free[days[index]]
            index += 1
        missing = demand - supply
        if missing > reported:
            out.append(Shortfall(deadline, missing, tuple(titles), today=today))
            reported = missing
    return out


def _fill(
    order: Sequence[Work],
    rest: Mapping[int, int],
    free: Mapping[dt.date, int],
    days: list[dt.date],
    min_block: int,
) -> tuple[dict[dt.date, dict[int, int]], dict[int, dt.date], dict[int, int]]:
    """Earliest deadline first, day by day; a slot under ``min_block`` is left unless it
    finishes the mission. Returns blocks, finish day per mission and minutes left over."""
    placed: dict[dt.date, dict[int, int]] = {}
    finish: dict[int, dt.date] = {}
    need = {w.mission_id: rest[w.mission_id] for w in order}
    queue = [w.mission_id for w in order]
    head = 0
    for day in days:
        room = free[day]
        while room > 0 and head < len(queue):
            mission_id = queue[head]
            left = need[mission_id]
            if left <= room:
                take = left
            elif room >= min_block:
                take = room
            else:
                break  # too short a slot to start on: the next day
            placed.setdefault(day, {})[mission_id] = take
            finish[mission_id] = day
            need[mission_id] -= take
            room -= take
            if not need[mission_id]:
                head += 1
        if head == len(queue):
            break
    unplanned = {mission_id: left for mission_id, left in need.items() if left}
    return placed, finish, unplanned


def _late(
    order: Sequence[Work], finish: Mapping[int, dt.date], unplanned: Mapping[int, int]
) -> set[int]:
    late: set[int] = set()
    for w in order:
        if w.deadline is None:
            continue
        if w.mission_id in unplanned or finish.get(w.mission_id, dt.date.min) > w.deadline:
            late.add(w.mission_id)
    return late
