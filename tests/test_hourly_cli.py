"""Hourly capped work from the command line (issue 14 part 3): ``mission add --hourly --cap``,
``log`` warning and refusal, ``scope add`` raising the cap, ``missions`` and ``--json``."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from cli_helpers import Run, one_line_error, private_home, runner

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost

PASSPHRASE = "orange-kettle-mountain-42"
YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


@pytest.fixture
def run(tmp_path, capsys: pytest.CaptureFixture[str]) -> Run:  # type: ignore[no-untyped-def]
    call = runner(tmp_path / "v.hops", private_home(tmp_path, PASSPHRASE), capsys)
    assert call("init")[0] == 0
    return call


def _timelog(run: Run) -> int:
    code, out, _ = run("check", "--json")
    assert code == 0
    return int(json.loads(out)["documents"].get("timelog", 0))


def test_an_hourly_mission_with_a_cap_in_hours(run: Run) -> None:
    code, out, _ = run("mission", "add", "Audit", "--hourly", "60", "--cap", "20h")
    assert code == 0
    assert "hourly at 60,00\u00a0€/h, cap 20 h" in out
    code, out, _ = run("missions", "--json")
    [audit] = json.loads(out)
    assert (audit["hourly_rate_cents"], audit["fee_cents"]) == (6000, 120000)
    assert (audit["logged_minutes"], audit["cap_minutes"], audit["cap_cents"]) == (0, 1200, 120000)
    assert audit["billed_cents"] == 0


def test_a_cap_in_money(run: Run) -> None:
    assert run("mission", "add", "Audit", "--hourly", "45", "--cap", "900")[0] == 0
    [audit] = json.loads(run("missions", "--json")[1])
    assert (audit["cap_minutes"], audit["cap_cents"]) == (1200, 90000)  # 900 € at 45 €/h: 20 h


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--hourly", "60"], "hourly work needs a cap (--cap 20h or --cap 1200)"),
        (["--hourly", "60", "--cap", "0"], "hourly work needs a cap (--cap 20h or --cap 1200)"),
        (["--cap", "20h"], "--cap is the budget of hourly work"),
        (["--hourly", "0", "--cap", "20h"], "--hourly must be more than zero"),
        (["--hourly", "60", "--cap", "twenty"], "--cap:"),
        (["--hourly", "60", "--cap", "20h", "--fee", "300"], "--fee is a fixed price"),
        (["--hourly", "60", "--cap", "20h", "--offer", "Blog"], "stays fixed-price"),
        (["--hourly", "999999999", "--cap", "9999h"], "--cap: the cap is too large"),
    ],
)
def test_refusals_are_one_line_and_record_nothing(run: Run, argv: list[str], message: str) -> None:
    code, _, err = run("mission", "add", "Audit", *argv)
    assert code != 0
    assert message in one_line_error(err)
    assert json.loads(run("missions", "--json")[1]) == []


def test_log_warns_at_80_percent_then_refuses_past_the_cap(run: Run) -> None:
    assert run("mission", "add", "Audit", "--hourly", "60", "--cap", "10h")[0] == 0
    code, out, _ = run("log", "7h", "--mission", "1", "--date", YESTERDAY)
    assert code == 0
    assert "warning" not in out
    code, out, _ = run("log", "1h", "--mission", "1", "--date", YESTERDAY)
    assert code == 0
    assert "warning: 80 % of the cap used: 8 h of 10 h" in out
    code, out, err = run("log", "2h30", "--mission", "1", "--date", YESTERDAY)
    assert code != 0
    line = one_line_error(err)
    assert "2 h 30 would go past the cap (2 h of 10 h left)" in line
    assert 'homeops scope add 1 "what changes" --fee +AMOUNT --accepted' in line
    assert _timelog(run) == 2  # nothing written
    # Non-billable time is never refused by the cap.
    assert run("log", "3h", "--category", "admin", "--date", YESTERDAY)[0] == 0


def test_an_accepted_scope_change_raises_the_cap(run: Run) -> None:
    assert run("mission", "add", "Audit", "--hourly", "60", "--cap", "10h")[0] == 0
    assert run("log", "10h", "--mission", "1", "--date", YESTERDAY)[0] == 0
    code, out, _ = run("scope", "add", "1", "Second site", "--fee", "+150", "--accepted")
    assert code == 0
    assert "the cap is now 12 h 30 (750,00\u00a0€)" in out  # +150 € at 60 €/h: 2 h 30
    assert run("log", "2h30", "--mission", "1", "--date", YESTERDAY)[0] == 0
    [audit] = json.loads(run("missions", "--json")[1])
    assert (audit["logged_minutes"], audit["cap_minutes"]) == (750, 750)
    assert audit["billed_cents"] == 75000
    assert audit["scope_changes"][0]["fee_delta_cents"] == 15000


def test_a_scope_change_not_accepted_does_not_raise_it(run: Run) -> None:
    assert run("mission", "add", "Audit", "--hourly", "60", "--cap", "1h")[0] == 0
    code, out, _ = run("scope", "add", "1", "Extra", "--fee", "+60", "--effort", "+1h")
    assert code == 0
    assert "not accepted yet" in out
    assert run("log", "1h01", "--mission", "1", "--date", YESTERDAY)[0] != 0


def test_missions_table_shows_use_of_the_cap(run: Run) -> None:
    assert run("mission", "add", "Logo", "--fee", "500")[0] == 0
    assert run("mission", "add", "Audit", "--hourly", "60", "--cap", "20h")[0] == 0
    assert run("log", "16h", "--mission", "2", "--date", YESTERDAY)[0] == 0
    code, out, _ = run("missions")
    assert code == 0
    assert "hours/cap" in out
    assert "16h/20h!" in out  # 80 %: marked
    logo = next(line for line in out.splitlines() if "Logo" in line)
    assert logo.rstrip().endswith("-")


def test_scope_add_refusals(run: Run) -> None:
    code, _, err = run("scope", "add", "9", "Extra", "--fee", "+60")
    assert code != 0
    assert "no mission" in one_line_error(err)
    assert run("mission", "add", "Audit", "--hourly", "60", "--cap", "1h")[0] == 0
    code, _, err = run("scope", "add", "1", "Extra", "--fee", "+sixty")
    assert code != 0
    assert "--fee" in one_line_error(err)


def test_mission_show_gives_use_vs_cap(run: Run) -> None:
    assert run("mission", "add", "Audit", "--hourly", "60", "--cap", "10h")[0] == 0
    assert run("log", "8h30", "--mission", "1", "--date", YESTERDAY)[0] == 0
    code, out, _ = run("mission", "show", "1")
    assert code == 0
    assert "hourly 60,00\u00a0€/h · cap 10 h (600,00\u00a0€)" in out
    assert "logged 8 h 30 (85 % of the cap) · billed so far 510,00\u00a0€" in out  # 8.5 × 60
    shown = json.loads(run("mission", "show", "1", "--json")[1])
    assert (shown["logged_minutes"], shown["cap_minutes"]) == (510, 600)
    assert (shown["cap_cents"], shown["billed_cents"]) == (60000, 51000)
    code, _, err = run("mission", "show", "7")
    assert code != 0
    assert "no mission" in one_line_error(err)
