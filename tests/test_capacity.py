"""Capacity: focus − fixed blocks − reserve, zero on days off; weeks that exist or not."""

from __future__ import annotations

import datetime as dt

import pytest

from homeops.rules.capacity import (
    FixedBlock,
    Rules,
    day_capacities,
    parse_week,
    rrule_problem,
    week_label,
)

MON = dt.date(2026, 11, 30)  # a Monday
TUE = MON + dt.timedelta(days=1)
SAT = MON + dt.timedelta(days=5)
CALL = FixedBlock("Weekly call", "FREQ=WEEKLY;BYDAY=TU", "2026-11-01", 60)
LONG = FixedBlock("Course", "FREQ=WEEKLY;BYDAY=TU", "2026-11-01", 300)


@pytest.mark.parametrize(
    ("rules", "day", "off", "blocks", "expected"),
    [
        pytest.param(Rules(), MON, (), (), (240, 0, 60, 180), id="share: 4h focus, 25 % reserve"),
        pytest.param(Rules(), TUE, (), (CALL,), (240, 60, 60, 120), id="a fixed block"),
        pytest.param(Rules(), TUE, (TUE,), (CALL,), (240, 60, 60, 0), id="a day off"),
        pytest.param(Rules(), SAT, (), (), (0, 0, 0, 0), id="weekend: no focus"),
        pytest.param(Rules(), TUE, (), (LONG,), (240, 240, 60, 0), id="block above focus"),
        pytest.param(Rules(non_billable_bp=0), MON, (), (), (240, 0, 0, 240), id="no reserve"),
        pytest.param(
            Rules(reserve_week={"admin": 120, "learning": 108}),
            MON,
            (),
            (),
            (240, 0, 48, 192),
            id="reserve in hours a week, spread by focus",
        ),
        pytest.param(Rules(focus=(0,) * 7), MON, (), (), (0, 0, 0, 0), id="zero-capacity week"),
    ],
)
def test_day_capacity(
    rules: Rules,
    day: dt.date,
    off: tuple[dt.date, ...],
    blocks: tuple[FixedBlock, ...],
    expected: tuple[int, int, int, int],
) -> None:
    cap = day_capacities(rules, day, day, off=off, blocks=blocks)[day]
    assert (cap.focus, cap.blocks, cap.reserve, cap.billable) == expected
    assert cap.off == (day in off)


def test_reserve_hours_never_add_up_to_more_than_configured() -> None:
    rules = Rules(reserve_week={"admin": 301})
    assert sum(rules.reserve(d) for d in range(7)) <= 301
    assert rules.reserve_bp == 301 * 10000 // 1140


def test_a_week_of_capacity_with_a_day_off_and_a_block() -> None:
    days = day_capacities(Rules(), MON, MON + dt.timedelta(days=6), off=[SAT, MON], blocks=[CALL])
    assert [d.billable for d in days.values()] == [0, 120, 180, 180, 135, 0, 0]


@pytest.mark.parametrize(
    ("text", "monday"),
    [("2026-W49", dt.date(2026, 11, 30)), ("2026-w01", dt.date(2025, 12, 29)),
     ("2026-W53", dt.date(2026, 12, 28))],
)  # fmt: skip
def test_weeks_that_exist(text: str, monday: dt.date) -> None:
    assert parse_week(text) == monday
    assert week_label(monday) == text.upper()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-W54", "week 2026-W54 does not exist: 2026 has weeks 1 to 53"),
        ("2025-W53", "week 2025-W53 does not exist: 2025 has weeks 1 to 52"),
        ("2026-W00", "week 2026-W00 does not exist: 2026 has weeks 1 to 53"),
        ("week 49", "'week 49' is not a week: write it like 2026-W49"),
    ],
)
def test_weeks_that_do_not_exist(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_week(text)
    assert str(caught.value) == message


def test_rrule_problem() -> None:
    assert rrule_problem("FREQ=WEEKLY;BYDAY=TU") == ""
    assert "not an RRULE" in rrule_problem("every tuesday")
