"""Hourly work with a capped budget: the rules (issue 14 part 3). Figures computed by hand."""

from __future__ import annotations

import pytest

from homeops.rules import hourly
from homeops.rules.model import Mission, ScopeChange

NBSP = "\u00a0"


def _mission(rate: int = 6000, cap: int = 120000, **kw: object) -> Mission:
    return Mission("Audit", "acme", "doing", fee_cents=cap, hourly_rate_cents=rate, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rate", "cap", "minutes"),
    [
        (6000, 120000, 1200),  # 1 200 € at 60 €/h: 20 h
        (7000, 100000, 857),  # 1 000 € at 70 €/h: 14.2857 h = 857.14 min, rounded down
        (4500, 90000, 1200),  # 900 € at 45 €/h: 20 h
        (6000, 0, 0),
    ],
)
def test_cap_minutes(rate: int, cap: int, minutes: int) -> None:
    assert hourly.cap_minutes(_mission(rate, cap)) == minutes


def test_fixed_price_work_has_no_cap() -> None:
    fixed = Mission("Logo", "acme", "doing", fee_cents=120000)
    assert hourly.cap_minutes(fixed) == 0
    assert hourly.warning(fixed, 10_000) == ""
    assert hourly.cap_problem(fixed, 10_000, 600) == ""


def test_accepted_scope_changes_raise_the_cap() -> None:
    m = _mission(
        scope_changes=[
            ScopeChange("2026-12-01", "second site", 30000, accepted=True),  # +300 €: +5 h
            ScopeChange("2026-12-02", "not yet agreed", 60000),
        ]
    )
    assert hourly.cap_cents(m) == 150000
    assert hourly.cap_minutes(m) == 1500


@pytest.mark.parametrize(
    ("rate", "minutes", "cents"),
    [
        (6000, 750, 75000),  # 12 h 30 at 60 €: 750 €
        (30, 1, 1),  # 0.5 cent: half up
        (90, 1, 2),  # 1.5 cents: half up
        (4999, 7, 583),  # 34 993 / 60 = 583.22
        (100, 1, 2),  # 1.67 cents
        (6000, 0, 0),
    ],
)
def test_time_cents_rounds_half_up_to_the_cent(rate: int, minutes: int, cents: int) -> None:
    assert hourly.time_cents(minutes, rate) == cents


def test_billed_never_above_the_cap() -> None:
    m = _mission(7000, 100000)
    assert hourly.billed_cents(m, 857) == 99983  # 857 × 70 / 60 = 999.833 €
    assert hourly.billed_cents(m, 900) == 100000  # 1 050 € of time, capped at 1 000 €
    assert hourly.billed_cents(_mission(), 600) == 60000


def test_use_near_and_over() -> None:
    m = _mission()  # 20 h cap
    below = hourly.use(m, 959)
    assert (below.near, below.over, below.share_bp) == (False, False, 7991)
    at80 = hourly.use(m, 960)
    assert (at80.near, at80.over, at80.share_bp) == (True, False, 8000)
    full = hourly.use(m, 1200)
    assert full == hourly.CapUse(1200, 1200, 120000, 120000, 10000, True, True)
    assert full.short() == "20h/20h"
    assert hourly.use(m, 750).short() == "12h30/20h"


def test_time_line() -> None:
    line = hourly.time_line(_mission(), 750)
    assert line.text == f"12 h 30 at 60,00{NBSP}€/h (cap 20 h)"
    assert (line.minutes, line.rate_cents, line.amount_cents) == (750, 6000, 75000)
    over = hourly.time_line(_mission(), 1300)  # 21 h 40 at 60 € = 1 300 €, capped at 1 200 €
    assert over.amount_cents == 120000
    assert over.text.startswith("21 h 40 at")
    en = hourly.time_line(_mission(), 45, "en")
    assert en.text == "0 h 45 at €60.00/h (cap 20 h)"
    assert en.amount_cents == 4500


def test_warning_from_80_percent() -> None:
    m = _mission()
    assert hourly.warning(m, 959) == ""
    assert hourly.warning(m, 960) == "80 % of the cap used: 16 h of 20 h"
    assert hourly.warning(m, 1110) == "92 % of the cap used: 18 h 30 of 20 h"


def test_cap_problem_only_past_the_cap() -> None:
    m = _mission(id=7)
    assert hourly.cap_problem(m, 1100, 100) == ""  # exactly 20 h: allowed
    problem = hourly.cap_problem(m, 1100, 101)
    assert problem.startswith("1 h 41 would go past the cap (1 h 40 of 20 h left)")
    assert 'homeops scope add 7 "what changes" --fee +AMOUNT' in problem
    assert "\n" not in problem


@pytest.mark.parametrize(
    ("text", "rate", "cents", "minutes"),
    [
        ("20h", 6000, 120000, 1200),  # 20 h at 60 €
        ("12h30", 6000, 75000, 750),
        ("90m", 6000, 9000, 90),
        ("1 h", 7000, 7000, 60),
        ("1200", 6000, 120000, 1200),  # money: 1 200 €
        ("1 200,50", 6000, 120050, 1200),  # 1 200,50 € at 60 €: 20 h 0.5 min, rounded down
        ("1m", 333, 6, 1),  # 5.55 cents rounded up: the cap keeps its minute
    ],
)
def test_parse_cap(text: str, rate: int, cents: int, minutes: int) -> None:
    assert hourly.parse_cap(text, rate) == cents
    assert hourly.cap_minutes(_mission(rate, cents)) == minutes


def test_a_cap_in_hours_stays_within_what_an_amount_may_be() -> None:
    with pytest.raises(ValueError, match="the cap is too large"):
        hourly.parse_cap("9999h", 99_999_999_999)


@pytest.mark.parametrize("text", ["", "twenty", "20x", "-5", "25h61"])
def test_parse_cap_refuses_what_is_neither(text: str) -> None:
    with pytest.raises(ValueError):
        hourly.parse_cap(text, 6000)
