"""``homeops block add|remove`` and ``homeops blocks``: fixed blocks from the command line, and
the week's capacity that ``homeops plan`` shows around them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import one_line_error

from homeops.cli.app import main
from homeops.rules.capacity import week_label, week_start

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost

TODAY = dt.date.today()
NEXT_MONDAY = week_start(TODAY) + dt.timedelta(weeks=1)
NEXT_WEEK = week_label(NEXT_MONDAY)


@pytest.fixture
def vault(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run(env, tmp_path, "init") == 0
    capsys.readouterr()
    return tmp_path / "data/homeops/vault.hops"


def run(env: dict[str, str], tmp_path: Path, *argv: str) -> int:
    return main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)


def blocks_json(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert run(env, tmp_path, "blocks", "--json") == 0
    return json.loads(capsys.readouterr().out)


def billable(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[int]:
    """Next week's billable minutes, Monday first (a whole week ahead: nothing logged)."""
    capsys.readouterr()
    assert run(env, tmp_path, "plan", "--week", NEXT_WEEK, "--json") == 0
    return [d["billable_minutes"] for d in json.loads(capsys.readouterr().out)["days"]]


def test_add_list_and_remove_a_block(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert blocks_json(env, tmp_path, capsys) == []
    assert run(env, tmp_path, "blocks") == 0
    assert "no fixed blocks" in capsys.readouterr().out
    assert run(env, tmp_path, "block", "add", "Weekly call", "--rule", "weekly:tue",
               "--minutes", "90m") == 0  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith("fixed block 1 added: Weekly call, every Tuesday, 1h30 (first: Tue ")
    assert run(env, tmp_path, "block", "add", "Course", "--rule", "FREQ=MONTHLY;BYDAY=1MO",
               "--minutes", "2h", "--start", "2026-01-01") == 0  # fmt: skip
    listed = blocks_json(env, tmp_path, capsys)
    first_tuesday = TODAY + dt.timedelta(days=(1 - TODAY.weekday()) % 7)
    assert listed[0] == {
        "id": 1,
        "title": "Weekly call",
        "when": "every Tuesday",
        "rule": "FREQ=WEEKLY;BYDAY=TU",
        "start": TODAY.isoformat(),
        "minutes": 90,
        "next": first_tuesday.isoformat(),
    }
    course = listed[1]
    assert (course["when"], course["minutes"], course["start"]) == (
        "the first Monday of each month", 120, "2026-01-01"
    )  # fmt: skip
    upcoming = dt.date.fromisoformat(course["next"])
    assert upcoming >= TODAY and upcoming.weekday() == 0 and upcoming.day <= 7
    assert run(env, tmp_path, "blocks") == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0].split() == ["id", "fixed", "block", "length", "next", "when"]
    assert text[1].split() == ["1", "Weekly", "call", "1h30", "Tue", str(first_tuesday.day),
                               f"{first_tuesday:%b}", "every", "Tuesday"]  # fmt: skip
    assert text[2].split()[:3] == ["2", "Course", "2h"]
    assert text[2].endswith("the first Monday of each month")
    assert all(len(line) <= 80 for line in text)
    assert run(env, tmp_path, "block", "remove", "1") == 0
    assert capsys.readouterr().out.strip() == "fixed block 1 removed: Weekly call"
    assert [b["title"] for b in blocks_json(env, tmp_path, capsys)] == ["Course"]


def test_capacity_drops_by_the_block_on_its_days_only(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = billable(env, tmp_path, capsys)
    # 4h (3h Friday) less the 25 % reserve and the default response windows (2 x 30 min)
    assert before == [120, 120, 120, 120, 75, 0, 0]
    assert run(env, tmp_path, "block", "add", "School run", "--rule", "weekly:mon,thu",
               "--minutes", "1h30") == 0  # fmt: skip
    after = billable(env, tmp_path, capsys)
    assert [b - a for b, a in zip(before, after, strict=True)] == [90, 0, 0, 90, 0, 0, 0]
    capsys.readouterr()
    assert run(env, tmp_path, "plan", "--week", NEXT_WEEK) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if "Billable" in line)
    assert row.split()[2:] == ["30m", "2h", "2h", "30m", "1h15", "·", "·"]
    assert run(env, tmp_path, "block", "remove", "1") == 0
    assert billable(env, tmp_path, capsys) == before


def test_a_block_before_its_start_changes_nothing(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = billable(env, tmp_path, capsys)
    later = (NEXT_MONDAY + dt.timedelta(weeks=1)).isoformat()
    assert run(env, tmp_path, "block", "add", "Course", "--rule", "weekly:wed",
               "--minutes", "2h", "--start", later) == 0  # fmt: skip
    assert billable(env, tmp_path, capsys) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["--rule", "FREQ=WEEKLY;UNTIL=20200101", "--minutes", "1h"],
                     "falls on no day in the year from", id="never fires: until"),
        pytest.param(["--rule", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "--minutes", "1h"],
                     "falls on no day", id="never fires: 30 February"),
        pytest.param(["--rule", "FREQ=WEEKLY;COUNT=0", "--minutes", "1h"],
                     "falls on no day", id="never fires: count 0"),
        pytest.param(["--rule", "every tuesday", "--minutes", "1h"],
                     "is not an RRULE", id="malformed rule"),
        pytest.param(["--rule", "FREQ=WEEKLY;BYDAY=XY", "--minutes", "1h"],
                     "is not an RRULE", id="malformed day"),
        pytest.param(["--rule", "weekly:tuesdy", "--minutes", "1h"],
                     "'tuesdy' is not a weekday", id="shortcut: unknown day"),
        pytest.param(["--rule", "FREQ=HOURLY", "--minutes", "1h"],
                     "comes back by day at most", id="more than once a day"),
        pytest.param(["--rule", "weekly:tue", "--minutes", "0"],
                     "length must be more than zero", id="zero minutes"),
        pytest.param(["--rule", "weekly:tue", "--minutes=-30m"],
                     "length must be more than zero", id="negative minutes"),
        pytest.param(["--rule", "weekly:tue", "--minutes", "lots"],
                     "is not a duration", id="not a duration"),
        pytest.param(["--rule", "weekly:tue", "--minutes", "4h01"],
                     "4h01 is longer than any day's focus hours (the longest day has 4h)",
                     id="longer than any day"),
        pytest.param(["--rule", "weekly:tue", "--minutes", "1h", "--start", "next week"],
                     "is not a date", id="bad start"),
        pytest.param(["--rule", "FREQ=WEEKLY;INTERVAL=0", "--minutes", "1h"],
                     "INTERVAL below 1", id="interval 0 (dateutil would loop)"),
        pytest.param(["--rule", "weekly:tue", "--minutes", "1h", "--start", "9999-12-31"],
                     "--start 9999-12-31 is out of range: 1970-01-01 to 2099-12-31",
                     id="start at the end of time"),
        pytest.param(["--rule", "weekly:tue", "--minutes", "1h", "--start", "0001-01-01"],
                     "out of range", id="start at year 1"),
    ],
)  # fmt: skip
def test_bad_blocks_are_one_line_and_record_nothing(
    env: dict[str, str],
    tmp_path: Path,
    vault: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    assert (
        run(env, tmp_path, "block", "add", "Call", "--rule", "weekly:fri", "--minutes", "1h") == 0
    )
    before = blocks_json(env, tmp_path, capsys)
    assert run(env, tmp_path, "block", "add", "Course", *argv) == 1
    assert message in one_line_error(capsys.readouterr().err)
    assert blocks_json(env, tmp_path, capsys) == before


def test_a_blank_title_is_refused(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "block", "add", "  ", "--rule", "weekly:tue", "--minutes", "1h") == 1
    assert "needs a title" in one_line_error(capsys.readouterr().err)
    assert blocks_json(env, tmp_path, capsys) == []


def test_remove_refuses_what_is_not_a_block(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(env, tmp_path, "block", "add", "Call", "--rule", "weekly:fri", "--minutes", "1h") == 0
    )
    before = blocks_json(env, tmp_path, capsys)
    assert run(env, tmp_path, "block", "remove", "7") == 1
    assert "no fixed block with id 7" in one_line_error(capsys.readouterr().err)
    assert blocks_json(env, tmp_path, capsys) == before


def test_remove_leaves_a_day_off_alone(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Days off share the calendar table: a day off's id is not a block's."""
    from homeops.storage.vault import Vault

    with Vault.open(vault, (tmp_path / "pf").read_text().strip()) as opened:
        opened.calendar.set_off(TODAY, True)
        off_id = opened.calendar.days_off()[0].id
    assert off_id is not None
    assert run(env, tmp_path, "block", "remove", str(off_id)) == 1
    assert f"no fixed block with id {off_id}" in one_line_error(capsys.readouterr().err)
    with Vault.open(vault, (tmp_path / "pf").read_text().strip(), read_only=True) as opened:
        assert opened.calendar.is_off(TODAY)


def test_a_block_on_days_without_focus_hours_is_kept_with_a_note(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "block", "add", "Market stall", "--rule", "weekly:sat,sun",
               "--minutes", "2h") == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "note: it falls only on days without focus hours (Sat, Sun)" in out
    assert run(env, tmp_path, "block", "add", "Call", "--rule", "weekly:sat,mon",
               "--minutes", "1h") == 0  # fmt: skip
    assert "note:" not in capsys.readouterr().out  # Monday has focus hours
    assert len(blocks_json(env, tmp_path, capsys)) == 2


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("30", 30), ("90", 90), (" 45 ", 45), ("90m", 90), ("1h30", 90), ("2h", 120),
     ("1.5h", 90)],
)  # fmt: skip
def test_minutes_means_minutes_when_the_number_is_bare(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str],
    typed: str, minutes: int,
) -> None:  # fmt: skip
    """--minutes 30 is half an hour (it was read as 30 hours, as `log 30` is)."""
    assert run(env, tmp_path, "block", "add", "Call", "--rule", "weekly:tue",
               "--minutes", typed) == 0  # fmt: skip
    assert [b["minutes"] for b in blocks_json(env, tmp_path, capsys)] == [minutes]


def test_the_help_says_a_bare_number_is_minutes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["block", "add", "--help"])
    assert "90 (a bare number is minutes)" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--minutes", "1.5"], "--minutes: '1.5' is not a whole number of minutes (a bare "
                            "number is minutes here; write 1.5h for hours)"),
     (["--minutes", "1h", "--start", "1969-12-31"],
      "--start 1969-12-31 is out of range: 1970-01-01 to 2099-12-31"),
     (["--minutes", "1h", "--start", "2099-12-31"],
      "no day of this rule falls before 2100 (the first is 2100-01-05; the last date homeops "
      "takes is 2099-12-31)")],
    ids=["a bare fraction", "before 1970", "first day in 2100"],
)  # fmt: skip
def test_block_bounds_are_the_dates_bounds(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str],
    argv: list[str], message: str,
) -> None:  # fmt: skip
    assert run(env, tmp_path, "block", "add", "Call", "--rule", "weekly:tue", *argv) == 1
    assert one_line_error(capsys.readouterr().err) == f"homeops: {message}"
    assert blocks_json(env, tmp_path, capsys) == []


@pytest.mark.parametrize(
    ("start", "said"), [("1970-01-01", "(next: "), ("2099-12-01", "(first: Tue 1 Dec 2099)")]
)
def test_a_block_from_the_first_or_up_to_the_last_date_is_kept(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str],
    start: str, said: str,
) -> None:  # fmt: skip
    """1970-01-01 was refused ("a year from 2000 to 2999") against the README's bounds."""
    assert run(env, tmp_path, "block", "add", "Call", "--rule", "weekly:tue", "--minutes", "1h",
               "--start", start) == 0  # fmt: skip
    assert said in capsys.readouterr().out
    (block,) = blocks_json(env, tmp_path, capsys)
    assert block["start"] == start
