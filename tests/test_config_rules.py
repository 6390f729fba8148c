"""Recurrence rules come back by the day at most: the one check (``daily_rule_problem``) that
the payout rule in config.toml, recurring costs and fixed blocks all go through.

The planner, the forecast and the payouts count days: ``FREQ=SECONDLY`` as the payout rule
made ``homeops plan`` run 85 s in 1.76 GB, and ``FREQ=DAILY;BYHOUR=1,2,3`` as a recurring
cost booked 15 costs in the forecast's first week and none in the second.
"""

from __future__ import annotations

import datetime as dt
from itertools import islice, pairwise

import pytest
from dateutil.rrule import rrulestr
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from homeops.rules.blocks import block_problem
from homeops.rules.capacity import FixedBlock, Rules, daily_rule_problem, rrule_problem
from homeops.rules.forecast import RecurringCost, expected_flows
from homeops.rules.payouts import occurrences
from homeops.storage.schema_checks import ABSENT, rule

ONCE_A_DAY = [
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=2",
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "FREQ=MONTHLY;BYDAY=1MO",
    "FREQ=MONTHLY;BYMONTHDAY=1,15",
    "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=5",
    "FREQ=DAILY;BYHOUR=9",  # one time of day
    "FREQ=DAILY;BYHOUR=9;BYMINUTE=30;BYSECOND=0",
    "FREQ=DAILY;BYHOUR=9,9",  # the same hour twice is one time
    "RRULE:FREQ=WEEKLY;BYDAY=TU",
]
MORE_THAN_ONCE = [
    "FREQ=HOURLY",
    "FREQ=MINUTELY",
    "FREQ=SECONDLY",
    "FREQ=HOURLY;BYHOUR=9",  # below DAILY is refused whatever narrows it
    "FREQ=DAILY;BYHOUR=1,2,3",
    "FREQ=DAILY;BYMINUTE=0,30",
    "FREQ=DAILY;BYSECOND=1,2",
    "FREQ=WEEKLY;BYDAY=FR;BYHOUR=9,17",
    "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=8;BYMINUTE=0,1",
    "freq=daily;byhour=1,2",  # dateutil reads either case
    "FREQ=DAILY;BYHOUR=1;BYHOUR=2,3",  # the last BYHOUR counts
]


@pytest.mark.parametrize("text", ONCE_A_DAY)
def test_a_rule_that_comes_back_once_a_day_at_most_is_taken(text: str) -> None:
    assert daily_rule_problem(text) == ""
    assert rule(text, ABSENT, "rule") is None
    assert block_problem(FixedBlock("Call", text, "2026-01-05", 30), Rules()) == ""
    assert len(occurrences(text, dt.date(2026, 1, 5), 3)) == 3


@pytest.mark.parametrize("text", MORE_THAN_ONCE)
def test_a_rule_that_comes_back_twice_a_day_is_refused_everywhere(text: str) -> None:
    problem = daily_rule_problem(text)
    assert "comes back more than once a day" in problem and "\n" not in problem
    assert rule(text, ABSENT, "rule") == (
        "rule is not an RRULE that comes back by the day at most (FREQ=WEEKLY;BYDAY=TU)"
    )
    assert "by day at most" in block_problem(FixedBlock("Call", text, "2026-01-05", 30), Rules())


@pytest.mark.parametrize("text", MORE_THAN_ONCE)
def test_a_rule_stored_before_the_check_counts_once_on_each_of_its_days(text: str) -> None:
    """An older vault may hold such a rule: the forecast, the payouts and the planner take
    it once a day, on the days it falls on."""
    start = dt.date(2026, 1, 5)
    dates = occurrences(text, start, 10)
    assert dates == sorted(set(dates)) and len(dates) == 10
    block = FixedBlock("Call", text, start.isoformat(), 30)
    days = block.days(start, start + dt.timedelta(days=60))
    assert days == sorted(set(days)) and days


def test_a_legacy_cost_three_times_a_day_is_booked_once_a_day_every_week() -> None:
    """FREQ=DAILY;BYHOUR=1,2,3 booked 15 costs in week 1 and none in week 2."""
    today = dt.date(2026, 1, 5)
    cost = RecurringCost("r8", 1000, "FREQ=DAILY;BYHOUR=1,2,3", today.isoformat())
    flows = expected_flows(open_invoices=[], missions=[], recurring=[cost], payouts=[],
                           today=today, weeks=2, terms_days=30)  # fmt: skip
    days = sorted(flow.date for flow in flows)
    assert days == [today + dt.timedelta(days=n) for n in range(14)]


def test_a_malformed_rule_keeps_its_own_reason() -> None:
    assert "is not an RRULE" in daily_rule_problem("FREQ=SOMETIMES")
    assert "INTERVAL below 1" in daily_rule_problem("FREQ=DAILY;INTERVAL=0")


def test_a_long_rule_is_cut_in_the_reason() -> None:
    problem = daily_rule_problem("FREQ=DAILY;BYHOUR=" + ",".join(str(h) for h in range(24)))
    assert "16,…' comes back" in problem and len(problem) < 200


def test_a_forecast_books_a_daily_cost_once_a_day() -> None:
    """The forecast expands each cost by day: every week of the four books seven."""
    today = dt.date(2026, 1, 5)
    cost = RecurringCost("Coffee", 100, "FREQ=DAILY", today.isoformat())
    flows = expected_flows(open_invoices=[], missions=[], recurring=[cost], payouts=[],
                           today=today, weeks=4, terms_days=30)  # fmt: skip
    days = sorted(flow.date for flow in flows)
    assert days == [today + dt.timedelta(days=n) for n in range(28)]


_FREQS = ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY"]
_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _part(name: str, values: st.SearchStrategy[list[int]] | st.SearchStrategy[list[str]]) -> (
    st.SearchStrategy[str]
):  # fmt: skip
    return st.one_of(st.just(""), values.map(lambda v: f";{name}=" + ",".join(map(str, v))))


RULES = st.builds(
    lambda freq, interval, *parts: f"FREQ={freq};INTERVAL={interval}" + "".join(parts),
    st.sampled_from(_FREQS),
    st.integers(1, 3),
    _part("BYDAY", st.lists(st.sampled_from(_DAYS), min_size=1, max_size=3, unique=True)),
    _part("BYHOUR", st.lists(st.integers(0, 23), min_size=1, max_size=3, unique=True)),
    _part("BYMINUTE", st.lists(st.integers(0, 59), min_size=1, max_size=3, unique=True)),
    _part("BYSECOND", st.lists(st.integers(0, 59), min_size=1, max_size=2, unique=True)),
)


@settings(deadline=None)  # SECONDLY narrowed to one second a day walks a day per occurrence
@given(RULES)
def test_a_rule_taken_never_falls_twice_on_one_day(text: str) -> None:
    """Whatever the parts, a rule whose two consecutive occurrences share a day is refused."""
    assume(not rrule_problem(text))  # FREQ=HOURLY;INTERVAL=3;BYHOUR=1 never fires at all
    start = dt.datetime(2026, 1, 5)
    dates = [when.date() for when in islice(rrulestr(text, dtstart=start), 10)]
    if any(a == b for a, b in pairwise(dates)):
        assert daily_rule_problem(text) != ""
