"""``homeops off`` (days off as ranges), the warnings ``homeops log`` prints and the response
windows ``homeops plan`` names (issue 14 part 5)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cli_helpers import one_line_error

from homeops.cli import days_off as cli_days_off
from homeops.cli import planning as cli_planning
from homeops.cli.app import main

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost

TODAY = dt.date(2026, 12, 7)  # a Monday


@pytest.fixture
def vault(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Path:  # fmt: skip
    monkeypatch.setattr(cli_days_off, "today_of", lambda ctx: TODAY)
    monkeypatch.setattr(cli_planning, "today_of", lambda ctx: TODAY)
    assert run(env, tmp_path, "init") == 0
    capsys.readouterr()
    return tmp_path / "data/homeops/vault.hops"


def run(env: dict[str, str], tmp_path: Path, *argv: str) -> int:
    return main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)


def out(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert run(env, tmp_path, *argv) == 0
    return capsys.readouterr().out


def test_a_range_off_then_part_of_it_back_to_work(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert out(env, tmp_path, capsys, "off").strip() == (
        "no days off ahead; mark some with: homeops off 2026-12-24..2027-01-02"
    )
    said = out(env, tmp_path, capsys, "off", "2026-12-24..2027-01-02", "--reason", "Christmas")
    assert said.strip() == "Thu 24 Dec – Sat 2 Jan 2027 (10 days) off; 10 changed, replanned"
    said = out(env, tmp_path, capsys, "off", "--clear", "2026-12-31")
    assert said.strip() == "Thu 31 Dec (1 day) back to work; 1 changed, replanned"
    listed = out(env, tmp_path, capsys, "off").splitlines()
    assert [line.split() for line in listed] == [
        ["days", "off", "days", "reason"],
        ["Thu", "24", "Dec", "–", "Wed", "30", "Dec", "7", "Christmas"],
        ["Fri", "1", "Jan", "–", "Sat", "2", "Jan", "2027", "2", "Christmas"],
    ]
    assert json.loads(out(env, tmp_path, capsys, "off", "--json")) == [
        {"first": "2026-12-24", "last": "2026-12-30", "days": 7, "reason": "Christmas"},
        {"first": "2027-01-01", "last": "2027-01-02", "days": 2, "reason": "Christmas"},
    ]
    said = out(env, tmp_path, capsys, "off", "2026-12-24..2026-12-25")
    assert said.strip() == "Thu 24 Dec – Fri 25 Dec: already off, nothing changed"
    week = json.loads(out(env, tmp_path, capsys, "plan", "--week", "2026-W52", "--json"))
    assert [d["off"] for d in week["days"]] == [False, False, False, True, True, True, True]


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (("2026-12-24..2027-12-31",), "373 days is too long a range, at most 366 at once"),
        (("2027-01-02..2026-12-24",), "the last day 2026-12-24 is before the first 2027-01-02"),
        (("2026-12-32",), "the day 2026-12-32 is not a date that exists"),
        (("2026-12-24", "--reason", "a\x1bb"), "--reason cannot hold an escape"),
        (("2026-12-24", "--clear", "--reason", "x"), "--clear takes no --reason"),
        (("--clear",), "name the days: homeops off 2026-12-24..2027-01-02"),
        (("2026-12-24", "--json"), "--json lists the days off: homeops off --json"),
    ],
)
def test_a_refused_range_is_one_line_and_records_nothing(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...], reason: str,
) -> None:  # fmt: skip
    capsys.readouterr()
    assert run(env, tmp_path, "off", *argv) == 1
    assert reason in one_line_error(capsys.readouterr().err)
    assert json.loads(out(env, tmp_path, capsys, "off", "--json")) == []


def test_log_warns_on_a_day_off_and_after_3_days_over_the_focus_hours(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out(env, tmp_path, capsys, "off", "2026-12-03", "--reason", "rest")
    said = out(env, tmp_path, capsys, "log", "1h", "--category", "admin", "--date", "2026-12-03")
    assert said.splitlines() == [
        "logged 1h on admin on 2026-12-03",
        "warning: logged on a day off: Thu 3 Dec",
    ]
    for date in ("2026-11-30", "2026-12-01"):  # 4h of focus: 4h30 is over
        said = out(env, tmp_path, capsys, "log", "4h30", "--category", "admin", "--date", date)
        assert "warning" not in said
    said = out(env, tmp_path, capsys, "log", "4h30", "--category", "admin", "--date", "2026-12-02")
    assert said.splitlines()[1:] == [
        "warning: over the focus hours 3 days running (Mon 30 Nov – Wed 2 Dec): keep some time "
        "to rest"
    ]


def test_plan_says_what_the_windows_take(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = out(env, tmp_path, capsys, "plan", "--week", "2026-W51")
    assert (
        "Response windows each working day: 10:00-10:30, 16:00-16:30 (1h off the focus hours)"
        in text
    )
    week = json.loads(out(env, tmp_path, capsys, "plan", "--week", "2026-W51", "--json"))
    assert [d["windows_minutes"] for d in week["days"]] == [60, 60, 60, 60, 60, 0, 0]
    assert [d["billable_minutes"] for d in week["days"]] == [120, 120, 120, 120, 75, 0, 0]


# -- a client's working rules --------------------------------------------------------------


def test_client_working_rules_from_add_to_show_and_json(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = ("--terms", "45", "--deposit", "30%", "--feedback", "one email per review",
             "--rounds", "1", "--window", "Mon-Fri 9-10")  # fmt: skip
    out(env, tmp_path, capsys, "client", "add", "acme-mag", *rules)
    shown = out(env, tmp_path, capsys, "client", "show", "acme-mag").splitlines()
    assert "  Payment terms    45 days, deposit 30\u00a0%" in shown
    assert "  Feedback         one email per review, 1 round, answers Mon-Fri 9-10" in shown
    data = json.loads(out(env, tmp_path, capsys, "clients", "--json"))[0]
    assert (data["terms_days"], data["deposit_bp"], data["feedback_channel"],
            data["feedback_rounds"], data["response_window"]) == (
        45, 3000, "one email per review", 1, "Mon-Fri 9-10"
    )  # fmt: skip
    out(env, tmp_path, capsys, "client", "edit", "acme-mag", "--terms", "default", "--deposit",
        "default", "--feedback", "", "--window", "", "--rounds", "2")  # fmt: skip
    shown = out(env, tmp_path, capsys, "client", "show", "acme-mag").splitlines()
    assert "  Payment terms    30 days (default)" in shown
    assert "  Feedback         2 rounds" in shown
    data = json.loads(out(env, tmp_path, capsys, "client", "show", "acme-mag", "--json"))
    assert (data["terms_days"], data["deposit_bp"], data["feedback_channel"]) == (None, None, "")


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (("--rounds", "0"), "--rounds must be between 1 and 99"),
        (("--rounds", "two"), "--rounds 'two' is not a whole number"),
        (("--terms", "4000"), "--terms must be between 0 and 3,650"),
        (("--deposit", "120%"), "is not a share from 0 to 100 %"),
        (("--window", "Mon\nTue"), "--window cannot hold a line break"),
        (("--feedback", "x" * 121), "--feedback is 121 characters long; at most 120"),
    ],
)
def test_a_refused_working_rule_is_one_line_and_saves_nothing(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...], reason: str,
) -> None:  # fmt: skip
    out(env, tmp_path, capsys, "client", "add", "acme-mag")
    capsys.readouterr()
    assert run(env, tmp_path, "client", "edit", "acme-mag", *argv) == 1
    assert reason in one_line_error(capsys.readouterr().err)
    data = json.loads(out(env, tmp_path, capsys, "client", "show", "acme-mag", "--json"))
    rules = ("terms_days", "deposit_bp", "feedback_channel", "feedback_rounds", "response_window")
    assert [data[name] for name in rules] == [None, None, "", 1, ""]


def test_mission_show_says_the_clients_feedback_rules(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out(env, tmp_path, capsys, "client", "add", "acme-mag", "--feedback", "one email per review",
        "--window", "Mon-Fri 9-10")  # fmt: skip
    out(env, tmp_path, capsys, "client", "add", "bolt")
    out(env, tmp_path, capsys, "mission", "add", "Brochure", "--client", "acme-mag")
    out(env, tmp_path, capsys, "mission", "add", "Website", "--client", "bolt")
    shown = out(env, tmp_path, capsys, "mission", "show", "1").splitlines()
    assert "feedback: one email per review, 1 round, answers Mon-Fri 9-10" in shown
    data = json.loads(out(env, tmp_path, capsys, "mission", "show", "1", "--json"))
    assert data["feedback"] == "one email per review, 1 round, answers Mon-Fri 9-10"
    assert "feedback" not in out(env, tmp_path, capsys, "mission", "show", "2")  # none set
