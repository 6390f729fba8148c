from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeops.rules.hours import format_minutes, parse_minutes


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("2.5", 150), ("2.5h", 150), ("2,5h", 150), ("2h30", 150), ("2h", 120), ("6h", 360),
     ("90m", 90), ("45 min", 45), ("0", 0), (" 3H15 ", 195), ("1h05", 65)],
)  # fmt: skip
def test_accepted(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["", "abc", "-2h", "2h75", "1.001h", "2 hours", "h"])
def test_refused_with_one_line(text: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_minutes(text)
    assert "\n" not in str(refused.value)


@given(st.integers(min_value=0, max_value=100_000))
def test_format_then_parse_round_trips(minutes: int) -> None:
    assert parse_minutes(format_minutes(minutes)) == minutes
