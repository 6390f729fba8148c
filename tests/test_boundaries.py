"""Boundaries you can keep (issue 14 part 5), the rules and the service: response windows come
off the focus hours and appear in the calendar with the fixed blocks and the days off; days
off as ranges, one change each; gentle warnings when time is logged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest
from icalendar import Calendar

from homeops.config import Settings
from homeops.config.settings import CapacitySettings, ResponseWindow
from homeops.rules.boundaries import boundary_warnings
from homeops.rules.capacity import (
    FixedBlock,
    OffRange,
    Rules,
    TimeOff,
    day_capacities,
    off_ranges,
    parse_day_range,
)
from homeops.rules.model import Mission
from homeops.rules.timelog import TimeEntry
from homeops.services import Business
from homeops.services.planning import Planning
from homeops.storage.vault import KdfParams, Vault

MON = dt.date(2026, 11, 30)
STAMP = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)


def day(offset: int) -> dt.date:
    return MON + dt.timedelta(days=offset)


# -- response windows come off the focus hours ------------------------------------------------


def test_the_default_windows_take_an_hour_off_each_working_day() -> None:
    rules = Rules.from_config(CapacitySettings())
    assert rules.windows == 60  # 10:00-10:30 and 16:00-16:30
    days = day_capacities(rules, MON, day(6))
    # focus − 25 % reserve − 1h of windows: 240 − 60 − 60 on Mon-Thu, 180 − 45 − 60 on Friday
    assert [d.billable for d in days.values()] == [120, 120, 120, 120, 75, 0, 0]
    assert [d.windows for d in days.values()] == [60, 60, 60, 60, 60, 0, 0]  # none at weekends
    assert rules.standard_week_billable() == 4 * 120 + 75


@pytest.mark.parametrize(
    ("windows", "block", "off", "expected"),
    [
        pytest.param((), 0, False, 180, id="no windows: focus less the reserve"),
        pytest.param(((9, 0, 9, 45),), 0, False, 135, id="one 45-minute window"),
        pytest.param(((9, 0, 10, 0), (14, 0, 14, 30)), 60, False, 30, id="windows and a block"),
        pytest.param(((8, 0, 12, 0),), 0, False, 0, id="windows longer than focus: never below 0"),
        pytest.param(((9, 0, 10, 0),), 0, True, 0, id="a day off"),
    ],
)
def test_a_days_billable_time_is_focus_less_blocks_reserve_and_windows(
    windows: tuple[tuple[int, int, int, int], ...], block: int, off: bool, expected: int
) -> None:
    config = CapacitySettings(
        response_windows=tuple(ResponseWindow(time(a, b), time(c, d)) for a, b, c, d in windows)
    )
    blocks = [FixedBlock("Call", "FREQ=WEEKLY;BYDAY=MO", MON.isoformat(), block)] if block else []
    capacity = day_capacities(
        Rules.from_config(config), MON, MON, off=[MON] if off else [], blocks=blocks
    )[MON]
    assert capacity.billable == expected


# -- the calendar --------------------------------------------------------------------------


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    vault = Vault.create(tmp_path / "vault.hops", "boundaries test", kdf=KdfParams.fast())
    vault.missions.add(
        Mission("Brochure", "acme", "First draft", fee_cents=90000, deadline=day(3).isoformat(),
                effort_minutes=300, revision_limit=0)
    )  # fmt: skip
    yield vault
    vault.close()


@pytest.fixture
def planning(vault: Vault) -> Planning:
    return Business(vault, Settings()).planning


def events(planning: Planning) -> dict[str, tuple[str, str, str, str]]:
    """UID -> (category, summary, start, end) of every event the calendar holds."""
    calendar = Calendar.from_ical(planning.calendar(MON, stamp=STAMP))
    return {
        str(e["uid"]): (
            str(e.get("categories").cats[0]),
            str(e["summary"]),
            e.decoded("dtstart").isoformat(),
            e.decoded("dtend").isoformat(),
        )
        for e in calendar.walk("VEVENT")
    }


def test_the_calendar_holds_windows_blocks_and_days_off(planning: Planning, vault: Vault) -> None:
    vault.calendar.add_block(FixedBlock("Weekly call", "FREQ=WEEKLY;BYDAY=TU", MON.isoformat(), 60))
    planning.set_off_range(day(3), day(4), True, "Long, weekend; with a comma")
    found = events(planning)
    assert found["window-2026-11-30-1000@homeops"] == (
        "response window", "Response window 10:00-10:30", "2026-11-30T10:00:00",
        "2026-11-30T10:30:00",
    )  # fmt: skip
    assert found["window-2026-11-30-1600@homeops"][2:] == (
        "2026-11-30T16:00:00", "2026-11-30T16:30:00"
    )  # fmt: skip
    assert "window-2026-12-05-1000@homeops" not in found  # Saturday: no focus hours
    assert "window-2026-12-03-1000@homeops" not in found  # Thursday: a day off
    assert found["block-2026-12-01-1@homeops"] == (
        "fixed block", "1h Weekly call", "2026-12-01", "2026-12-02"
    )  # fmt: skip
    assert found["off-2026-12-03@homeops"] == (
        "day off", "Day off: Long, weekend; with a comma", "2026-12-03", "2026-12-04"
    )  # fmt: skip
    assert "off-2026-12-04@homeops" in found and "off-2026-12-02@homeops" not in found


def test_the_calendar_escapes_text_and_is_the_same_twice(planning: Planning) -> None:
    planning.set_off_range(day(1), day(1), True, "a;b,c\\d")
    raw = planning.calendar(MON, stamp=STAMP)
    assert b"SUMMARY:Day off: a\\;b\\,c\\\\d" in raw  # RFC 5545 escapes, not a new property
    assert b"DTSTAMP:20261130T090000Z" in raw
    assert raw == planning.calendar(MON, stamp=STAMP)


# -- days off as ranges --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-24..2027-01-02", (dt.date(2026, 12, 24), dt.date(2027, 1, 2))),
        ("2026-12-24", (dt.date(2026, 12, 24), dt.date(2026, 12, 24))),
        (" 2028-01-01..2028-12-31 ", (dt.date(2028, 1, 1), dt.date(2028, 12, 31))),  # 366 days
    ],
)
def test_a_range_of_days_is_read(text: str, expected: tuple[dt.date, dt.date]) -> None:
    assert parse_day_range(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2027-01-02..2026-12-24", "the last day 2026-12-24 is before the first 2027-01-02"),
        ("2027-01-01..2028-01-02", "367 days is too long a range, at most 366 at once"),
        ("2026-12-24..", "the last day"),
        ("2026-02-30", "the day 2026-02-30 is not a date that exists"),
        ("2099-12-31..2100-01-01", "is out of range"),
        ("tomorrow", "is not a date"),
    ],
)
def test_a_refused_range_says_why(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=None) as refused:
        parse_day_range(text)
    assert reason in str(refused.value) and "\n" not in str(refused.value)


def test_a_range_is_one_change_and_clearing_it_another(planning: Planning, vault: Vault) -> None:
    changes = vault.info()["changes"]
    assert planning.set_off_range(day(24), day(33), True, "Christmas") == 10
    assert vault.info()["changes"] == changes + 1  # one durable record for ten days
    assert sorted(o.day for o in vault.calendar.days_off())[::9] == ["2026-12-24", "2027-01-02"]
    assert planning.set_off_range(day(24), day(33), True, "Christmas") == 0  # already off
    assert vault.info()["changes"] == changes + 1
    assert planning.set_off_range(day(31), day(31), False) == 1
    assert planning.off_ranges(day(0)) == [
        OffRange(day(24), day(30), "Christmas"), OffRange(day(32), day(33), "Christmas")
    ]  # fmt: skip
    assert planning.schedule(MON).capacity(day(25)).billable == 0


def test_a_refused_range_writes_nothing(planning: Planning, vault: Vault) -> None:
    with pytest.raises(ValueError, match="367 days is too long"):
        planning.set_off_range(day(0), day(366), True)
    with pytest.raises(ValueError, match="reason cannot hold a line break"):
        planning.set_off_range(day(0), day(1), True, "a\nb")
    assert vault.calendar.days_off() == []


def test_the_ranges_collapse_consecutive_days_with_one_reason() -> None:
    days = [TimeOff("2026-12-25", "Xmas"), TimeOff("2026-12-24", "Xmas"),
            TimeOff("2026-12-26", "sick"), TimeOff("2026-12-28", "sick"),
            TimeOff("2026-11-02", "past")]  # fmt: skip
    assert off_ranges(days, since=MON) == [
        OffRange(dt.date(2026, 12, 24), dt.date(2026, 12, 25), "Xmas"),
        OffRange(dt.date(2026, 12, 26), dt.date(2026, 12, 26), "sick"),
        OffRange(dt.date(2026, 12, 28), dt.date(2026, 12, 28), "sick"),
    ]
    # the year where it is not this one, once when both ends share it
    assert OffRange(dt.date(2026, 12, 24), dt.date(2027, 1, 2)).words(MON) == (
        "Thu 24 Dec – Sat 2 Jan 2027"
    )
    assert OffRange(dt.date(2027, 1, 1), dt.date(2027, 1, 2)).words(MON) == (
        "Fri 1 Jan – Sat 2 Jan 2027"
    )
    assert OffRange(dt.date(2026, 12, 24), dt.date(2026, 12, 31)).words(MON) == (
        "Thu 24 Dec – Thu 31 Dec"
    )


# -- gentle warnings -----------------------------------------------------------------------

RULES = Rules()  # 4h of focus Monday to Thursday, 3h on Friday


def warn(logged: dict[int, int], on: int, off: tuple[int, ...] = ()) -> tuple[str, ...]:
    entries = [TimeEntry(day(n).isoformat(), m, category="admin") for n, m in logged.items()]
    days_off = [TimeOff(day(n).isoformat()) for n in off]
    return boundary_warnings(entries, days_off, RULES, day(on), today=MON)


OVER = "over the focus hours 3 days running (Mon 30 Nov – Wed 2 Dec): keep some time to rest"
OVER_THU = "over the focus hours 3 days running (Thu 3 Dec – Sat 5 Dec): keep some time to rest"


@pytest.mark.parametrize(
    ("logged", "on", "expected"),
    [
        pytest.param({0: 241, 1: 241, 2: 241}, 2, (OVER,), id="3 days over, the third logged"),
        pytest.param({0: 241, 1: 241, 2: 241}, 0, (OVER,), id="the first day logged last"),
        pytest.param({0: 241, 1: 241, 2: 240}, 2, (), id="exactly the focus hours is not over"),
        pytest.param({0: 241, 1: 241}, 1, (), id="2 days running is not enough"),
        pytest.param({0: 241, 2: 241, 3: 241}, 3, (), id="a day between breaks the run"),
        pytest.param({3: 300, 4: 181, 5: 1}, 5, (OVER_THU,), id="Friday's 3h, Saturday's none"),
    ],
)
def test_over_the_focus_hours_3_days_running(
    logged: dict[int, int], on: int, expected: tuple[str, ...]
) -> None:
    assert warn(logged, on) == expected


def test_time_on_a_day_off_is_named() -> None:
    assert warn({24: 60}, 24, off=(24,)) == ("logged on a day off: Thu 24 Dec",)
    assert warn({24: 60}, 23, off=(24,)) == ()
    assert warn({32: 60}, 32, off=(32,)) == ("logged on a day off: Fri 1 Jan 2027",)


def test_a_warning_never_refuses(planning: Planning, vault: Vault) -> None:
    planning.set_off_range(day(0), day(0), True, "rest")
    logged = planning.log_time(60, day(0), today=day(2), mission_id=1)
    assert logged.warnings == ("logged on a day off: Mon 30 Nov",)
    for n in (1, 2):
        logged = planning.log_time(250, day(n), today=day(2), category="admin")
    assert logged.warnings == ()  # Monday's 1h is under its focus: 2 days over
    planning.log_time(200, day(0), today=day(2), category="admin")
    last = planning.log_time(1, day(2), today=day(2), category="admin")
    assert last.warnings == (OVER,)
    assert len(vault.timelog.list()) == 5
