"""The legal floors of [seller] (issue 15, review r15b #6): the recovery indemnity is at least
the 40 € of art. D441-5 C. com., the late-penalty rate more than 0 (its floor, 3 × the legal
interest rate, changes twice a year: the settings' comment says so, homeops cannot check it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from homeops.config import ConfigError, load_settings, write_defaults


def _load(tmp_path: Path, text: str) -> tuple[int, int]:
    path = tmp_path / "config.toml"
    path.write_text(f"[seller]\n{text}\n", encoding="utf-8")
    seller = load_settings(path).settings.seller
    return seller.late_penalty_bp, seller.recovery_indemnity_cents


def _refused(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{tmp_path / 'config.toml'}: seller.")
    return message.split(": ", 1)[1]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('recovery_indemnity = "0.00"', 'seller.recovery_indemnity = "0.00": must be at least '
                                        '"40.00": art. D441-5 fixes the indemnity at 40 EUR'),
        ('recovery_indemnity = "39.99"', 'seller.recovery_indemnity = "39.99": must be at least '
                                         '"40.00": art. D441-5 fixes the indemnity at 40 EUR'),
        ("late_penalty = 0", "seller.late_penalty = 0: must be a yearly percent above 0 and at "
                             "most 100, at most 2 decimals (the floor is 3 × the legal interest "
                             "rate)"),
        ("late_penalty = 0.0", "seller.late_penalty = 0.0: must be a yearly percent above 0"),
    ],
)  # fmt: skip
def test_below_the_floor_is_refused(tmp_path: Path, line: str, expected: str) -> None:
    assert _refused(tmp_path, line).startswith(expected)


@pytest.mark.parametrize(
    ("line", "penalty_bp", "indemnity_cents"),
    [
        ('recovery_indemnity = "40.00"', 1215, 4000),
        ('recovery_indemnity = "40"', 1215, 4000),
        ('recovery_indemnity = "55.50"', 1215, 5550),  # more than the law's 40 € may be asked
        ("late_penalty = 0.01", 1, 4000),  # above 0: the real floor is the user's to check
        ("late_penalty = 1.0", 100, 4000),
    ],
)
def test_at_or_above_the_floor_is_read(
    tmp_path: Path, line: str, penalty_bp: int, indemnity_cents: int
) -> None:
    assert _load(tmp_path, line) == (penalty_bp, indemnity_cents)


def test_the_first_run_file_says_where_the_penalty_floor_is(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    write_defaults(path)
    penalty = next(line for line in path.read_text().splitlines()
                   if line.startswith("late_penalty ="))  # fmt: skip
    assert "3 x the legal interest rate" in penalty and "homeops cannot check it" in penalty
    assert _load(tmp_path, "") == (1215, 4000)  # the defaults pass their own checks
