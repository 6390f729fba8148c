"""Properties of the plan (hypothesis): within capacity, on time when feasible, honest when not."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from homeops.rules.planner import Pin, Work, plan_work

START = dt.date(2026, 11, 30)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[Work], dict[dt.date, int], list[Pin], int]:
    days = draw(st.integers(1, 28))
    capacity = {
        START + dt.timedelta(days=i): draw(st.sampled_from([0, 0, 15, 60, 90, 180, 240, 300]))
        for i in range(days)
    }
    count = draw(st.integers(0, 8))
    work = []
    for mission_id in range(1, count + 1):
        deadline = draw(st.none() | st.integers(-3, days + 3))
        work.append(
            Work(
                mission_id,
                f"M{mission_id}",
                draw(st.integers(1, 900)),
                None if deadline is None else START + dt.timedelta(days=deadline),
                draw(st.integers(0, 500000)),
            )
        )
    pins = []
    for w in work:
        if draw(st.booleans()) and w.deadline is not None and w.deadline >= START:
            day = START + dt.timedelta(days=draw(st.integers(0, (w.deadline - START).days)))
            pins.append(Pin(w.mission_id, day.isoformat(), draw(st.integers(1, 300))))
    min_block = draw(st.sampled_from([0, 15, 30, 60]))
    return work, capacity, pins, min_block


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_no_day_is_planned_above_its_billable_capacity(
    scenario: tuple[list[Work], dict[dt.date, int], list[Pin], int],
) -> None:
    work, capacity, pins, min_block = scenario
    plan = plan_work(work, capacity, pins=pins, min_block=min_block)
    for day in capacity:
        assert plan.planned(day) <= capacity[day]
    for w in work:  # nothing planned twice, nothing lost
        planned = sum(plan.minutes(day, w.mission_id) for day in capacity)
        assert planned + plan.unplanned.get(w.mission_id, 0) == w.remaining


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_when_feasible_every_mission_is_planned_before_its_deadline(
    scenario: tuple[list[Work], dict[dt.date, int], list[Pin], int],
) -> None:
    work, capacity, pins, min_block = scenario
    plan = plan_work(work, capacity, pins=pins, min_block=min_block)
    assume(not plan.shortfalls)  # a feasible plan only; the next test covers the others
    for w in work:
        if w.deadline is None:
            continue
        after = sum(plan.minutes(day, w.mission_id) for day in capacity if day > w.deadline)
        assert after == 0 and w.mission_id not in plan.unplanned, w
    assert plan.late == {}


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_a_failure_names_the_first_deadline_missed_and_the_missing_hours(
    scenario: tuple[list[Work], dict[dt.date, int], list[Pin], int],
) -> None:
    work, capacity, pins, min_block = scenario
    plan = plan_work(work, capacity, pins=pins, min_block=min_block)
    # The same check, written the plain way: for each deadline, due work vs free capacity.
    pinned = {w.mission_id: 0 for w in work}
    free = dict(capacity)
    for pin in sorted(pins, key=lambda p: (p.day, p.mission_id)):
        day = dt.date.fromisoformat(pin.day)
        if day not in free:
            continue  # outside the plan: ignored
        w = next(w for w in work if w.mission_id == pin.mission_id)
        take = min(pin.minutes, free[day], w.remaining - pinned[w.mission_id])
        pinned[w.mission_id] += take
        free[day] -= take
    first = None
    for deadline in sorted({w.deadline for w in work if w.deadline is not None}):
        due = sum(
            w.remaining - pinned[w.mission_id]
            for w in work
            if w.deadline and w.deadline <= deadline
        )
        supply = sum(m for day, m in free.items() if day <= deadline)
        if due > supply:
            first = (deadline, due - supply)
            break
    if first is None:
        assert plan.shortfalls == []
    elif first[0] < (plan.days[0] if plan.days else dt.date.max):
        # a deadline already past: one warning per mission due then, each its own work left
        same = [s for s in plan.shortfalls if s.deadline == first[0]]
        assert same == plan.shortfalls[: len(same)]
        assert all(s.past and len(s.titles) == 1 for s in same)
        assert sum(s.missing for s in same) == first[1]
        assert str(same[0]).startswith("overdue since ") and "a new date" in str(same[0])
    else:
        shortfall = plan.shortfalls[0]
        assert (shortfall.deadline, shortfall.missing) == first
        hours = str(shortfall)
        assert hours.startswith("short by ") and "move the deadline" in hours
