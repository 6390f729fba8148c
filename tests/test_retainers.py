"""Retainers' rules (issue 14 part 4): periods, the period of a day, use against the limit,
the price of extra work and the hours reserved on working days. Figures computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from homeops.rules import retainers as rr
from homeops.rules.retainers import Period, Proposal, Retainer
from homeops.rules.timelog import TimeEntry

D = dt.date
FOCUS = (240, 240, 240, 240, 180, 0, 0)  # Monday..Sunday


def monthly(**changes: object) -> Retainer:
    base = Retainer("acme", "Support", 90000, "FREQ=MONTHLY", "2026-11-01", "2027-01-15",
                    limit_minutes=600, id=1)  # fmt: skip
    for name, value in changes.items():
        setattr(base, name, value)
    return base


def test_monthly_periods_run_to_the_end_of_the_term() -> None:
    assert rr.periods(monthly()) == [
        Period(D(2026, 11, 1), D(2026, 11, 30)),
        Period(D(2026, 12, 1), D(2026, 12, 31)),
        Period(D(2027, 1, 1), D(2027, 1, 15)),  # the term cuts the last one short
    ]


def test_weekly_periods_and_the_period_of_a_day() -> None:
    weekly = monthly(rule="FREQ=WEEKLY;BYDAY=MO", start="2026-11-30", end="2026-12-20")
    assert [(p.start.day, p.end.day) for p in rr.periods(weekly)] == [(30, 6), (7, 13), (14, 20)]
    assert rr.period_of(weekly, D(2026, 12, 9)) == Period(D(2026, 12, 7), D(2026, 12, 13))
    assert rr.period_of(weekly, D(2026, 11, 29)) is None  # before the start
    assert rr.period_of(weekly, D(2026, 12, 21)) is None  # after the term


def test_ending_early_drops_the_later_periods() -> None:
    ended = monthly(ended="2026-12-10")
    assert rr.periods(ended)[-1] == Period(D(2026, 12, 1), D(2026, 12, 10))
    assert rr.status(ended, D(2026, 12, 11)) == "ended"
    assert rr.status(monthly(), D(2026, 10, 31)) == "not started"
    assert rr.status(monthly(), D(2026, 12, 6)) == "active"
    assert rr.status(monthly(), D(2027, 1, 16)) == "finished"


def test_due_and_coming_periods() -> None:
    assert [p.start for p in rr.due_periods(monthly(), D(2026, 12, 6))] == [
        D(2026, 11, 1), D(2026, 12, 1)]  # fmt: skip
    assert [p.start for p in rr.coming_periods(monthly(), D(2026, 12, 6), D(2027, 3, 1))] == [
        D(2027, 1, 1)]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"start": "2026-11-02", "rule": "FREQ=MONTHLY;BYMONTHDAY=1"}, "not a day the rule"),
        ({"limit_minutes": 0}, "needs a limit"),
        ({"end": "2026-10-01"}, "ends (2026-10-01) before it starts"),
        ({"price_cents": 0}, "price must be more than zero"),
        ({"rule": "FREQ=HOURLY"}, "more than once a day"),
        ({"title": " "}, "needs a title"),
        ({"rule": "FREQ=MONTHLY;COUNT=3"}, "no COUNT or UNTIL"),
    ],
)
def test_what_a_retainer_cannot_be(changes: dict[str, object], words: str) -> None:
    assert words in rr.retainer_problem(monthly(**changes))


def test_a_retainer_of_deliverables_only_is_fine() -> None:
    assert rr.retainer_problem(monthly(limit_minutes=0, limit_deliverables=2)) == ""


def _entries(*pairs: tuple[str, int], retainer_id: int = 1) -> list[TimeEntry]:
    return [TimeEntry(day, minutes, retainer_id=retainer_id) for day, minutes in pairs]


@pytest.mark.parametrize(
    ("minutes", "state"), [(479, "ok"), (480, "near"), (600, "near"), (601, "over")]
)
def test_use_near_at_80_percent_and_over_past_the_limit(minutes: int, state: str) -> None:
    december = Period(D(2026, 12, 1), D(2026, 12, 31))
    entries = [
        *_entries(("2026-12-02", minutes)),
        *_entries(("2026-11-30", 300)),  # the period before
        *_entries(("2026-12-03", 300), retainer_id=2),  # another retainer
        TimeEntry("2026-12-04", 300, mission_id=1),  # a mission
    ]
    use = rr.use(monthly(), entries, december)
    assert (use.minutes, use.limit_minutes, use.state) == (minutes, 600, state)


def test_deliverables_and_accepted_extras_in_the_use() -> None:
    retainer = monthly(
        limit_deliverables=2,
        delivered=["2026-12-01", "2026-12-20", "2026-11-15"],
        proposals=[
            Proposal("2026-12-01", "2026-12-20", 90, 1, 0, "accepted"),
            Proposal("2026-12-01", "2026-12-21", 60, 0, 0, "declined"),
        ],
    )
    use = rr.use(retainer, [], Period(D(2026, 12, 1), D(2026, 12, 31)))
    assert (use.deliverables, use.limit_deliverables, use.limit_minutes) == (2, 3, 690)
    assert use.text() == "0m / 11h30, 2 / 3 deliverables"


def test_the_price_of_extra_work_at_the_implied_rate() -> None:
    assert rr.rate_cents(monthly()) == 9000  # 900 € for 10 h
    assert rr.extra_cents(monthly(), minutes=90) == 13500  # 1h30 at 90 €
    assert rr.extra_cents(monthly(price_cents=10000), minutes=1) == 17  # 16.67 half up
    assert rr.extra_cents(monthly(limit_deliverables=4), deliverables=1) == 22500
    assert rr.rate_cents(monthly(limit_minutes=0, limit_deliverables=2)) is None


def test_the_hours_are_spread_over_the_working_days_left() -> None:
    # Monday 7 Dec to Thursday 31 Dec: 19 weekdays. 600 min = 19 × 31 + 11: the first
    # eleven days keep 32 minutes, the other eight 31.
    reserved = rr.reserved_minutes(
        [monthly()], [], focus=FOCUS, off=set(), today=D(2026, 12, 7), last=D(2026, 12, 31)
    )
    assert len(reserved) == 19 and sum(reserved.values()) == 600
    assert reserved[D(2026, 12, 7)] == 32 and reserved[D(2026, 12, 21)] == 32  # 11th day
    assert reserved[D(2026, 12, 22)] == 31 and D(2026, 12, 12) not in reserved  # a Saturday


def test_time_logged_and_days_off_reduce_the_reserve() -> None:
    # 120 logged on 2 Dec and 60 today: 420 left over 17 days (24 and 25 Dec off):
    # 420 = 17 × 24 + 12, so the first twelve days (7 to 22 Dec) keep 25, the last five 24.
    reserved = rr.reserved_minutes(
        [monthly()], _entries(("2026-12-02", 120), ("2026-12-07", 60)), focus=FOCUS,
        off={D(2026, 12, 24), D(2026, 12, 25)}, today=D(2026, 12, 7), last=D(2026, 12, 31),
    )  # fmt: skip
    assert sum(reserved.values()) == 420 and len(reserved) == 17
    assert reserved[D(2026, 12, 22)] == 25 and reserved[D(2026, 12, 23)] == 24
    assert D(2026, 12, 24) not in reserved


def test_a_coming_period_reserves_its_whole_limit() -> None:
    # January 2027 up to the term (the 15th): Fri 1, then 4-8 and 11-15: 11 days. 600 = 11 × 54 + 6.
    reserved = rr.reserved_minutes(
        [monthly()], [], focus=FOCUS, off=set(), today=D(2026, 12, 7), last=D(2027, 3, 1)
    )
    january = {d: m for d, m in reserved.items() if d.year == 2027}
    assert len(january) == 11 and sum(january.values()) == 600
    assert january[D(2027, 1, 1)] == 55 and january[D(2027, 1, 15)] == 54
    ended = rr.reserved_minutes(
        [monthly(ended="2026-12-06")], [], focus=FOCUS, off=set(), today=D(2026, 12, 7),
        last=D(2027, 3, 1),
    )  # fmt: skip
    assert ended == {}
