"""Fixed blocks: the ``weekly:tue`` shortcut, the rule in words, the next day, what is refused,
and the capacity they take: their minutes on their days and nowhere else."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from homeops.rules.blocks import block_problem, block_rule, next_day, rule_words, weekly_rule
from homeops.rules.capacity import FixedBlock, Rules, day_capacities

MON = dt.date(2026, 11, 30)  # a Monday


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("weekly:tue", "FREQ=WEEKLY;BYDAY=TU"),
        ("weekly:mon,thu", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("Weekly: Thursday, mo, thu", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("  FREQ=WEEKLY;INTERVAL=2;BYDAY=FR ", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        ("every tuesday", "every tuesday"),  # not the shortcut: left to block_problem
    ],
)
def test_block_rule(text: str, rule: str) -> None:
    assert block_rule(text) == rule


def test_block_rule_names_an_unknown_day() -> None:
    with pytest.raises(ValueError, match="'xyz' is not a weekday"):
        block_rule("weekly:tue,xyz")


def test_weekly_rule_is_the_shortcut_back() -> None:
    assert weekly_rule([3, 0, 3]) == "weekly:mon,thu"
    assert block_rule(weekly_rule([1])) == "FREQ=WEEKLY;BYDAY=TU"


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=TU", "every Tuesday"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "every Monday and Thursday"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "every other Friday"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=TU;COUNT=4", "every 3 weeks on Tuesday, 4 times"),
        ("FREQ=WEEKLY", "every Monday"),  # the weekday of its start
        ("freq=weekly;byday=we;until=20270115", "every Wednesday, until 2027-01-15"),
        ("FREQ=DAILY", "every day"),
        ("FREQ=MONTHLY;BYDAY=1MO", "the first Monday of each month"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "the last Friday of each month"),
        ("FREQ=YEARLY;BYMONTH=3", "FREQ=YEARLY;BYMONTH=3"),  # not simple: the rule itself
    ],
)
def test_rule_words(rule: str, words: str) -> None:
    assert rule_words(rule, MON.isoformat()) == words


def test_next_day_from_today_or_from_the_start() -> None:
    call = FixedBlock("Call", "FREQ=WEEKLY;BYDAY=TU", "2026-11-01", 60)
    assert next_day(call, MON) == MON + dt.timedelta(days=1)
    later = FixedBlock("Call", "FREQ=WEEKLY;BYDAY=TU", "2027-03-01", 60)
    assert next_day(later, MON) == dt.date(2027, 3, 2)
    over = FixedBlock("Course", "FREQ=WEEKLY;BYDAY=TU;COUNT=2", "2026-11-01", 60)
    assert next_day(over, MON) is None


def block(rule: str = "FREQ=WEEKLY;BYDAY=TU", minutes: int = 60, title: str = "Call") -> FixedBlock:
    return FixedBlock(title, rule, MON.isoformat(), minutes)


@pytest.mark.parametrize(
    ("candidate", "problem"),
    [
        pytest.param(block(), "", id="fine"),
        pytest.param(block(minutes=240), "", id="a whole day is fine"),
        pytest.param(block(title=" "), "needs a title", id="no title"),
        pytest.param(block(minutes=0), "must be more than zero", id="zero"),
        pytest.param(block(minutes=-30), "must be more than zero", id="negative"),
        pytest.param(block(minutes=241), "4h01 is longer than any day's focus hours", id="long"),
        pytest.param(block("BYDAY=TU"), "is not an RRULE", id="no FREQ"),
        pytest.param(block("FREQ=WEEKLY;BYDAY=XX"), "is not an RRULE", id="bad day"),
        pytest.param(block("FREQ=MINUTELY"), "by day at most", id="sub-daily"),
        pytest.param(block("FREQ=WEEKLY;UNTIL=20261101"), "falls on no day", id="over before"),
        pytest.param(block("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4"), "falls on no day",
                     id="31 April"),
    ],
)  # fmt: skip
def test_block_problem(candidate: FixedBlock, problem: str) -> None:
    found = block_problem(candidate, Rules())
    assert (problem in found and bool(found)) if problem else found == ""
    assert "\n" not in found


def test_no_focus_at_all_refuses_every_block() -> None:
    assert "longer than any day's focus" in block_problem(block(minutes=1), Rules(focus=(0,) * 7))


def test_a_block_takes_its_minutes_on_its_days_and_nowhere_else() -> None:
    rules = Rules()
    last = MON + dt.timedelta(days=20)
    bare = day_capacities(rules, MON, last)
    school = FixedBlock("School run", block_rule("weekly:mon,thu"), MON.isoformat(), 45)
    taken = day_capacities(rules, MON, last, blocks=[school])
    drops = {day: bare[day].billable - taken[day].billable for day in bare}
    assert {day for day, drop in drops.items() if drop} == {
        day for day in bare if day.weekday() in (0, 3)
    }
    assert set(drops.values()) == {0, 45}


@given(
    start=st.dates(dt.date(1970, 1, 1), dt.date(2026, 11, 1)),
    freq=st.sampled_from(["DAILY", "WEEKLY"]),
    interval=st.integers(1, 5),
    days=st.sets(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), max_size=3),
    first=st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 1)),
)
def test_a_block_from_years_back_falls_on_the_days_its_rule_says(
    start: dt.date, freq: str, interval: int, days: set[str], first: dt.date
) -> None:
    """Expanded from whole periods later (fast), not from 1970 on each call: same days."""
    rule = f"FREQ={freq};INTERVAL={interval}" + (f";BYDAY={','.join(sorted(days))}" if days else "")
    block = FixedBlock("x", rule, start.isoformat(), 60)
    last = first + dt.timedelta(days=90)
    expected = rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time())).between(
        dt.datetime.combine(first, dt.time()), dt.datetime.combine(last, dt.time(23, 59)), inc=True
    )
    assert block.days(first, last) == [when.date() for when in expected]
