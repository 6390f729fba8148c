"""The planner's settings: reserve hours per category, revision allowance, minimum block."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from homeops.config import ConfigError, Settings
from homeops.config.load import load_settings, write_defaults


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults() -> None:
    capacity = Settings().capacity
    assert capacity.reserve_minutes == {}
    assert capacity.revision_allowance_bp == 1000
    assert capacity.min_block_minutes == 30


def test_values_in_file_units(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[capacity]\nreserve_hours = { admin = 2, learning = 1.5 }\n"
        "revision_allowance = 12.5\nmin_block_hours = 0.75\n",
    )
    capacity = load_settings(path).settings.capacity
    assert capacity.reserve_minutes == {"admin": 120, "learning": 90}
    assert capacity.revision_allowance_bp == 1250
    assert capacity.min_block_minutes == 45


def test_round_trip(tmp_path: Path) -> None:
    settings = Settings()
    settings = replace(
        settings,
        capacity=replace(
            settings.capacity,
            reserve_minutes={"admin": 150, "communication": 60},
            revision_allowance_bp=1500,
            min_block_minutes=45,
        ),
    )
    path = tmp_path / "config.toml"
    write_defaults(path, settings)
    assert load_settings(path).settings == settings


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "reserve_hours = { admin = -1 }",
            "capacity.reserve_hours.admin = -1: must be a number of hours a week from 0 to 168",
        ),
        (
            'reserve_hours = "lots"',
            'capacity.reserve_hours = "lots": must be a table of category = hours a week, '
            "e.g. { admin = 2, learning = 1 }",
        ),
        (
            "reserve_hours = { admin = 30 }",
            "capacity.reserve_hours add up to 30 hours a week: more than the 19 focus hours "
            "of capacity.focus_hours",
        ),
        (
            "revision_allowance = 120",
            "capacity.revision_allowance = 120: must be a percent of the estimate from 0 to 100",
        ),
        (
            "min_block_hours = 9",
            "capacity.min_block_hours = 9: must be a number of hours from 0 to 8, e.g. 0.5",
        ),
        (
            'min_block_hours = "half"',
            'capacity.min_block_hours = "half": must be a number of hours from 0 to 8, e.g. 0.5',
        ),
    ],
)
def test_bad_values_name_key_value_and_what_is_allowed(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, f"[capacity]\n{text}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value) == f"{path}: {message}"
