"""``homeops plan``, ``log``, ``fit`` and ``export --format ics`` from the command line."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from homeops.cli.app import main

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost

GOOD = "orange-kettle-mountain-42"
TODAY = dt.date.today()


@pytest.fixture
def vault(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A vault with one mission due in ten days: 6h of work, 300 €."""
    assert run(env, tmp_path, "init") == 0
    due = (TODAY + dt.timedelta(days=10)).isoformat()
    assert run(env, tmp_path, "mission", "add", "Brochure", "--effort", "6h", "--deadline", due,
               "--fee", "300") == 0  # fmt: skip
    capsys.readouterr()
    return tmp_path / "data/homeops/vault.hops"


def run(env: dict[str, str], tmp_path: Path, *argv: str) -> int:
    return main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)


def plan_json(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> dict[str, Any]:
    capsys.readouterr()
    assert run(env, tmp_path, "plan", "--json") == 0
    return dict(json.loads(capsys.readouterr().out))


def timelog_count(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> int:
    capsys.readouterr()
    assert run(env, tmp_path, "check", "--json") == 0
    return int(json.loads(capsys.readouterr().out)["documents"].get("timelog", 0))


def test_plan_shows_the_week_and_logging_changes_the_remaining_effort(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = plan_json(env, tmp_path, capsys)
    assert before["week"] == f"{TODAY.isocalendar().year}-W{TODAY.isocalendar().week:02d}"
    assert len(before["days"]) == 7
    assert before["minimum_rate_cents"] > 0
    assert before["underpriced"][0]["title"] == "Brochure"  # 6h for 300 € is under the rate
    remaining = 6 * 60 + 36  # 10 % revision allowance
    rows = [m for m in before["missions"] if m["id"] == 1]
    if rows:
        assert rows[0]["remaining_minutes"] == remaining
    assert run(env, tmp_path, "log", "2h30", "--mission", "1") == 0
    assert "logged 2h30 on #1 Brochure" in capsys.readouterr().out
    after = plan_json(env, tmp_path, capsys)
    row = next(m for m in after["missions"] if m["id"] == 1)  # logged today: in this week
    assert row["remaining_minutes"] == remaining - 150
    assert row["logged_minutes"][TODAY.weekday()] == 150
    assert after["days"][TODAY.weekday()]["logged_minutes"] == 150


def test_plan_text(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "plan", "--week", "2026-W49") == 0
    out = capsys.readouterr().out
    assert out.startswith("Week 2026-W49 · Mon 30 Nov – Sun 6 Dec")
    assert "Response windows each working day: 10:00-10:30, 16:00-16:30" in out
    assert "Non-billable, last 4 weeks" in out


def test_log_a_category_counts_in_the_non_billable_share(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "log", "1h", "--category", "admin") == 0
    assert run(env, tmp_path, "log", "3h", "--mission", "1") == 0
    share = plan_json(env, tmp_path, capsys)["non_billable"]
    assert share == {"real_bp": 2500, "configured_bp": 2500}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["log", "30h", "--mission", "1"], "is more than a day holds"),
        (["log", "0", "--mission", "1"], "the time logged must be more than zero"),
        (["log", "lots", "--mission", "1"], "is not a duration"),
        (["log", "1h", "--mission", "99"], "no mission with id 99"),
        (["log", "1h", "--category", "gaming"], "unknown category 'gaming'"),
        (["log", "1h", "--mission", "1", "--date", "2099-01-01"], "is in the future"),
        (["log", "1h", "--mission", "1", "--date", "2026-13-01"], "is not a date"),
        (["plan", "--week", "2026-W54"], "week 2026-W54 does not exist"),
        (["fit", "0h"], "the effort must be more than zero"),
        (["fit", "2h", "--deadline", "soon"], "is not a date"),
    ],
)
def test_bad_input_is_one_line_and_records_nothing(
    env: dict[str, str],
    tmp_path: Path,
    vault: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    assert run(env, tmp_path, "log", "1h", "--mission", "1") == 0
    before = timelog_count(env, tmp_path, capsys)
    assert run(env, tmp_path, *argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("homeops: ") and message in err[0], err
    assert timelog_count(env, tmp_path, capsys) == before


def test_a_day_is_capped_across_several_logs(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "log", "10h", "--mission", "1") == 0
    assert run(env, tmp_path, "log", "7h", "--category", "admin") == 1
    assert "10h already logged" in capsys.readouterr().err


def test_fit_prints_the_earliest_credible_delivery(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "fit", "2h") == 0
    verdict, first, based, *_ = capsys.readouterr().out.splitlines()  # the verdict (issue 14)
    assert verdict.startswith(("Fits: ", "Doesn't fit: "))
    # A sentence, not a bare date: when, and what that rests on (issue 13 point 21).
    found = re.fullmatch(r"2h of new work fits by (\w+) (\d{4}-\d\d-\d\d)\.", first)
    assert found, first
    delivery = dt.date.fromisoformat(found[2])
    assert delivery >= TODAY and found[1] == f"{delivery:%A}"
    assert based.startswith("Based on: 6h36 of work left on 1 open mission, planned first, and ")
    assert "of billable time until then" in based
    tight = (TODAY + dt.timedelta(days=1)).isoformat()
    assert run(env, tmp_path, "fit", "40h", "--deadline", tight, "--fee", "100", "--json") in (0, 1)
    report = json.loads(capsys.readouterr().out)
    assert report["meets_deadline"] is False
    assert report["underpriced_by_cents"] > 0


def test_fit_names_what_it_pushes_late(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Brochure (6h36 left, due in 10 days) fits; 25 h due in 9 days go first and push it.
    due = (TODAY + dt.timedelta(days=9)).isoformat()
    assert run(env, tmp_path, "fit", "25h", "--deadline", due, "--json") == 0
    report = json.loads(capsys.readouterr().out)
    if report["meets_deadline"]:
        assert [m["title"] for m in report["pushes_late"]] == ["Brochure"]
        assert report["without_pushing"] is not None


def test_export_ics_parses_back(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.ics"
    assert run(env, tmp_path, "export", "--format", "ics", "--out", str(out)) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    calendar = Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    summaries = [str(e["SUMMARY"]) for e in events]
    assert "Due: Brochure" in summaries
    planned = [e for e in events if "planned" in str(e.get("CATEGORIES").to_ical())]
    assert planned and all(str(e["SUMMARY"]).endswith("Brochure") for e in planned)
    payouts = [s for s in summaries if s.startswith("Payout ")]
    assert len(payouts) >= 10  # every Friday of the next twelve weeks
    assert len({str(e["UID"]) for e in events}) == len(events)
    due = next(e for e in events if str(e["SUMMARY"]) == "Due: Brochure")
    assert due.decoded("DTSTART") == TODAY + dt.timedelta(days=10)
