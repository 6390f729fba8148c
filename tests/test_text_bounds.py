"""Text fields and value bounds (homeops/text.py, homeops/bounds.py): the input wall and the
output neutraliser that every face uses."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeops.rules import bounds, text
from homeops.rules.hours import parse_minutes
from homeops.rules.money import parse_amount

HOSTILE = [
    "\x1b]52;c;SGVsbG8=\x1b\\",  # OSC 52: sets the clipboard
    "\x1b]0;PWNED\x07",  # window title
    "\x1b[2J",  # clear screen
    "\x1b[?1049l",  # leave the alternate screen
    "\x9b2J",  # C1 CSI
    "abc\u202eevil",  # right-to-left override
    "a\u2066b",  # isolate
    "line\nbreak",
    "bell\x07",
    "del\x7f",
    "nul\x00",
    "sep\u2028",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_one_line_fields_refuse_what_drives_a_terminal(value: str) -> None:
    problem = text.line_problem(value, "title")
    assert problem is not None and problem.startswith("title cannot hold")
    assert "\n" not in problem and "\x1b" not in problem


@pytest.mark.parametrize("value", [v for v in HOSTILE if v != "line\nbreak"])
def test_multi_line_fields_take_newline_and_tab_only(value: str) -> None:
    assert text.text_problem(value, "notes") is not None
    assert text.text_problem("first\n\tsecond", "notes") is None
    assert text.check_text("a\r\nb", "notes") == "a\nb"


def test_plain_text_of_every_script_is_fine() -> None:
    for value in ("Brochure été 2027", "Лето", "東京 — 3 €", "naïve café ☕", "עברית"):
        assert text.line_problem(value, "title") is None
        assert text.shown(value) is value  # nothing copied when nothing is unsafe


def test_lengths_are_bounded_and_the_message_says_the_bound() -> None:
    assert text.line_problem("x" * text.LINE_MAX, "memo") is None
    assert (
        text.line_problem("x" * (text.LINE_MAX + 1), "memo")
        == "memo is 301 characters long; at most 300"
    )
    assert text.text_problem("x" * (text.TEXT_MAX + 1), "notes") is not None
    with pytest.raises(ValueError, match="at most 100"):
        text.check_lines(["d"] * (text.LIST_MAX + 1), "deliverables")


@pytest.mark.parametrize("value", HOSTILE)
def test_shown_leaves_no_control_character(value: str) -> None:
    out = text.shown(value)
    assert text.line_problem(out, "x") is None
    assert "\x1b" not in out and "\x9b" not in out


def test_shown_writes_escapes_as_visible_text() -> None:
    assert text.shown("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert text.shown("x\u202ey") == "x\\u202ey"
    assert text.shown("one\ntwo") == "one\\ntwo"
    assert text.shown("one\ntwo\tthree\x1b", lines=True) == "one\ntwo\tthree\\x1b"


@given(st.text())
def test_shown_output_is_always_safe(value: str) -> None:
    assert text.line_problem(text.shown(value), "x", most=10**9) is None
    assert text.text_problem(text.shown(value, lines=True), "x", most=10**9) is None


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("１２", "not an amount"),  # full-width digits: refused, not read as 12
        ("٣٤", "not an amount"),  # Arabic-Indic digits
        ("1000000000", "too large"),
        ("-1000000000", "too large"),
        ("1e30", "not an amount"),
        ("9" * 70, "too long"),
    ],
)
def test_amounts_out_of_bounds_or_in_other_digits_are_refused(typed: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_amount(typed)


def test_the_largest_amount_is_accepted() -> None:
    assert parse_amount("999 999 999,99") == bounds.AMOUNT_MAX_CENTS
    assert parse_amount("-999999999.99") == -bounds.AMOUNT_MAX_CENTS


@pytest.mark.parametrize("typed", ["２h", "10001h", "600001m", "9" * 40])
def test_durations_out_of_bounds_or_in_other_digits_are_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_minutes(typed)
    assert parse_minutes("10000h") == bounds.MINUTES_MAX


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("9999-12-31", "out of range"),
        ("1969-12-31", "out of range"),
        ("2100-01-01", "out of range"),
        ("20261231", "write YYYY-MM-DD"),
        ("2026-W49-1", "write YYYY-MM-DD"),
        ("２０２６-01-01", "write YYYY-MM-DD"),
        ("2026-02-29", "not a date that exists"),
    ],
)
def test_dates_are_iso_days_between_the_bounds(typed: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        bounds.parse_day(typed, "deadline")
    assert bounds.parse_day(" 2099-12-31 ") == dt.date(2099, 12, 31)
    assert bounds.parse_day("1970-01-01") == bounds.DATE_MIN


def test_a_hostile_date_is_quoted_safely_and_short() -> None:
    with pytest.raises(ValueError) as caught:
        bounds.parse_day("\x1b]0;x\x07" + "y" * 100)
    assert "\x1b" not in str(caught.value) and len(str(caught.value)) < 120
