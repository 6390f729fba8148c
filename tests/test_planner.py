"""The plan: feasibility at every deadline, then earliest deadline first, within capacity."""

from __future__ import annotations

import datetime as dt

import pytest

from homeops.rules.model import Mission, ScopeChange
from homeops.rules.planner import (
    Pin,
    Plan,
    Work,
    open_work,
    plan_work,
    remaining_minutes,
)

MON = dt.date(2026, 12, 7)  # a Monday
H = 60


def d(offset: int) -> dt.date:
    return MON + dt.timedelta(days=offset)


def week(*hours: float) -> dict[dt.date, int]:
    """Capacity from MON, one value per day, in hours."""
    return {d(i): int(h * H) for i, h in enumerate(hours)}


FOUR_DAYS = week(3, 3, 3, 3)


def shortfalls(plan: Plan) -> list[tuple[dt.date, int]]:
    return [(s.deadline, s.missing) for s in plan.shortfalls]


def per_day(plan: Plan, mission_id: int) -> list[int]:
    return [plan.minutes(day, mission_id) // 1 for day in plan.days]


CASES = [
    pytest.param(
        [Work(1, "Brochure", 12 * H, d(3))], FOUR_DAYS, [], [], {1: [180, 180, 180, 180]},
        id="exact fit",
    ),
    pytest.param(
        [Work(1, "Brochure", 13 * H, d(3))], FOUR_DAYS, [], [(d(3), 60)], {1: [180] * 4},
        id="one hour over",
    ),
    pytest.param(
        [Work(1, "A", 5 * H, d(1)), Work(2, "B", 5 * H, d(1))], FOUR_DAYS, [],
        [(d(1), 4 * H)], {1: [180, 120, 0, 0], 2: [0, 60, 180, 60]},
        id="two deadlines in conflict",
    ),
    pytest.param(
        [Work(1, "Late", 2 * H, d(-3)), Work(2, "Next", 3 * H, d(3))], FOUR_DAYS, [],
        [(d(-3), 2 * H)], {1: [120, 0, 0, 0], 2: [60, 120, 0, 0]},
        id="a deadline in the past",
    ),
    pytest.param(
        [Work(1, "A", 6 * H, d(3)), Work(2, "B", 3 * H, d(0))], FOUR_DAYS,
        [Pin(1, d(0).isoformat(), 2 * H)], [(d(0), 2 * H)],
        {1: [120, 60, 180, 0], 2: [60, 120, 0, 0]},
        id="a pinned block is kept, even before an earlier deadline",
    ),
    pytest.param(
        [Work(1, "A", 6 * H, d(3))], week(3, 0, 3, 0), [], [], {1: [180, 0, 180, 0]},
        id="days off have no capacity",
    ),
    pytest.param(
        [Work(1, "A", 6 * H, d(6))], week(0, 0, 0, 0, 0, 0, 0), [], [(d(6), 6 * H)],
        {1: [0] * 7}, id="zero-capacity week",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("work", "capacity", "pins", "missing", "blocks"), CASES)
def test_plan(
    work: list[Work],
    capacity: dict[dt.date, int],
    pins: list[Pin],
    missing: list[tuple[dt.date, int]],
    blocks: dict[int, list[int]],
) -> None:
    plan = plan_work(work, capacity, pins=pins)
    assert shortfalls(plan) == missing
    for mission_id, expected in blocks.items():
        assert per_day(plan, mission_id) == expected
    for day in plan.days:
        assert plan.planned(day) <= capacity[day]


def test_the_warning_is_concrete() -> None:
    plan = plan_work([Work(1, "Brochure", 18 * H, dt.date(2026, 12, 12))], week(3, 3, 3, 3))
    assert str(plan.shortfalls[0]) == (
        "short by 6h by Sat 12 Dec for Brochure: move the deadline, cut scope or raise the price"
    )
    assert plan.warnings[0] == str(plan.shortfalls[0])


def test_a_deadline_in_another_year_is_named_with_its_year() -> None:
    # Issue 13 review point 5: "by Fri 5 Mar" for 2027 read as this March.
    work = [Work(1, "Next year job", 200 * H, dt.date(2027, 3, 5)),
            Work(2, "Far job", 900 * H, dt.date(2099, 12, 31))]  # fmt: skip
    plan = plan_work(work, week(3, 3, 3, 3))
    assert [str(s).split(" for ")[0] for s in plan.shortfalls] == [
        "short by 188h by Fri 5 Mar 2027",
        "short by 1088h by Thu 31 Dec 2099",
    ]
    # The old year is named too: overdue since a day of last year.
    overdue = plan_work([Work(1, "Old", 2 * H, dt.date(2025, 12, 31))], FOUR_DAYS)
    assert str(overdue.shortfalls[0]).startswith("overdue since Wed 31 Dec 2025: 2h")


def test_overdue_missions_are_named_one_by_one_with_their_own_work_left() -> None:
    late = [Work(1, "Blog series", 10 * H, d(-6)), Work(2, "Feature", 13 * H, d(-3))]
    plan = plan_work([*late, Work(3, "Next", 3 * H, d(3))], FOUR_DAYS)
    assert [(s.deadline, s.missing, s.titles) for s in plan.shortfalls[:2]] == [
        (d(-6), 10 * H, ("Blog series",)),
        (d(-3), 13 * H, ("Feature",)),
    ]
    assert str(plan.shortfalls[1]) == (
        "overdue since Fri 4 Dec: 13h of work left for Feature: agree a new date with the client"
    )
    # the overdue work still comes first, so the next deadline is short by all of it
    assert (plan.shortfalls[2].deadline, plan.shortfalls[2].missing) == (
        d(3),
        23 * H + 3 * H - 12 * H,
    )


def test_ties_go_to_the_higher_fee_per_remaining_hour() -> None:
    cheap = Work(1, "Cheap", 3 * H, d(3), fee_cents=30000)
    dear = Work(2, "Dear", 3 * H, d(3), fee_cents=60000)
    plan = plan_work([cheap, dear], FOUR_DAYS)
    assert plan.minutes(d(0), 2) == 3 * H and plan.minutes(d(1), 1) == 3 * H


def test_missions_without_deadline_come_last() -> None:
    plan = plan_work([Work(1, "Someday", 3 * H), Work(2, "Due", 3 * H, d(3))], FOUR_DAYS)
    assert plan.minutes(d(0), 2) == 3 * H and plan.finish[1] == d(1)


def test_minimum_block_leaves_short_slots_unless_a_deadline_needs_them() -> None:
    capacity = week(3.25, 3, 3, 3)
    work = [Work(1, "A", 3 * H, d(3)), Work(2, "B", 2 * H, d(3))]
    plan = plan_work(work, capacity, min_block=30)
    assert plan.minutes(d(0), 2) == 0  # a 15-minute slot is not a start
    tight = [Work(1, "A", 3 * H, d(1)), Work(2, "B", 195, d(1))]
    plan = plan_work(tight, week(3.25, 3), min_block=30)
    assert plan.shortfalls == [] and plan.late == {}
    assert plan.minutes(d(0), 2) == 15


def test_a_pin_above_capacity_keeps_what_fits_and_says_so() -> None:
    plan = plan_work([Work(1, "A", 6 * H, d(3))], FOUR_DAYS, pins=[Pin(1, d(1).isoformat(), 5 * H)])
    assert plan.minutes(d(1), 1) == 3 * H
    assert any("only 3h fit" in note for note in plan.notes)
    assert (d(1), 1) in plan.pinned


def test_work_beyond_the_horizon_is_reported() -> None:
    plan = plan_work([Work(1, "Big", 20 * H, d(10))], FOUR_DAYS)
    assert plan.unplanned == {1: 8 * H}
    assert plan.late == {1: None}
    assert "does not fit" in plan.warnings[-1]


def _mission(**kw: object) -> Mission:
    base: dict[str, object] = {"title": "M", "client_alias": "c", "stage": "Plan", "id": 1}
    base.update(kw)
    return Mission(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("mission", "logged", "expected"),
    [
        pytest.param(_mission(effort_minutes=600), 0, 660, id="estimate + 10 % allowance"),
        pytest.param(_mission(effort_minutes=600), 240, 420, id="less the time logged"),
        pytest.param(_mission(effort_minutes=600), 900, 0, id="never below zero"),
        pytest.param(
            _mission(effort_minutes=600, revisions_used=2),
            0,
            600,
            id="no rounds left: no allowance",
        ),
        pytest.param(
            _mission(
                effort_minutes=600,
                scope_changes=[ScopeChange("2026-12-01", "more", 0, 120, accepted=True)],
            ),
            0,
            792,
            id="accepted scope changes add effort",
        ),
    ],
)
def test_remaining_effort(mission: Mission, logged: int, expected: int) -> None:
    assert remaining_minutes(mission, logged, 1000) == expected


def test_open_work_leaves_out_delivered_archived_and_unestimated() -> None:
    missions = [
        _mission(id=1, effort_minutes=60),
        _mission(id=2, effort_minutes=60, stage="Delivered"),
        _mission(id=3, effort_minutes=60, archived=True),
        _mission(id=4),
    ]
    work, unestimated = open_work(missions, {}, allowance_bp=0, delivered="Delivered")
    assert [w.mission_id for w in work] == [1]
    assert [m.id for m in unestimated] == [4]
