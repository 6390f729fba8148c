"""Issue 14 review, moneyfix points 6, 13, 19: an hourly mission's own invoice waits for its
delivery (its time so far may be billed with --amount), and once it has one, more billable
time is refused (it would never be billed); the cap is at least a minute and at most
10 000 h; a log message on hourly work says the cap left, not the effort left."""

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
    assert call("client", "add", "acme")[0] == 0
    return call


def _invoices(run: Run) -> list[dict[str, object]]:
    code, out, _ = run("invoices", "--json")
    assert code == 0
    return list(json.loads(out)["invoices"])


def test_an_hourly_mission_is_invoiced_once_delivered(run: Run) -> None:
    argv = ("mission", "add", "Audit", "--client", "acme", "--hourly", "60", "--cap", "10h")
    assert run(*argv)[0] == 0
    assert run("log", "4h", "--mission", "1", "--date", YESTERDAY)[0] == 0
    code, _, err = run("invoice", "add", "--mission", "1")
    assert code == 1
    assert "mission #1 is hourly and not delivered: deliver it first, or bill the time so far " \
        "with --amount" in one_line_error(err)  # fmt: skip
    assert _invoices(run) == []
    assert run("log", "2h", "--mission", "1", "--date", YESTERDAY)[0] == 0  # still billable
    assert run("mission", "move", "1", "Delivered", "--override", "skip the checks")[0] == 0
    assert run("invoice", "add", "--mission", "1")[0] == 0
    assert [i["amount_cents"] for i in _invoices(run)] == [36000]  # 6 h at 60 €


def test_once_invoiced_more_billable_time_is_refused(run: Run) -> None:
    argv = ("mission", "add", "Audit", "--client", "acme", "--hourly", "60", "--cap", "10h")
    assert run(*argv)[0] == 0
    assert run("log", "4h", "--mission", "1", "--date", YESTERDAY)[0] == 0
    assert run("invoice", "add", "--mission", "1", "--amount", "240")[0] == 0  # the time so far
    code, _, err = run("log", "1h", "--mission", "1", "--date", YESTERDAY)
    assert code == 1
    assert "mission #1 has invoice F-0001 already: time logged now would never be billed" \
        in one_line_error(err)  # fmt: skip
    assert run("invoice", "void", "F-0001")[0] == 0
    assert run("log", "1h", "--mission", "1", "--date", YESTERDAY)[0] == 0


@pytest.mark.parametrize(
    ("cap", "said"),
    [
        ("0.01", "--cap: that is less than a minute at this rate (at least 1m)"),
        ("999999999.99", "--cap: that is more than 10,000 h at this rate"),
        ("10000.02", "--cap: that is more than 10,000 h at this rate"),  # 10 000 h 1.2 min
    ],
)
def test_a_cap_is_from_one_minute_to_ten_thousand_hours(run: Run, cap: str, said: str) -> None:
    code, _, err = run("mission", "add", "Audit", "--hourly", "1", "--cap", cap)
    assert code == 1 and said in one_line_error(err)
    assert json.loads(run("missions", "--json")[1]) == []


def test_a_cap_of_one_minute_and_of_ten_thousand_hours_are_taken(run: Run) -> None:
    assert run("mission", "add", "Tiny", "--hourly", "60", "--cap", "1")[0] == 0  # 1 € = 1 min
    assert run("mission", "add", "Huge", "--hourly", "1", "--cap", "10000")[0] == 0  # 10 000 h
    caps = [m["fee_cents"] for m in json.loads(run("missions", "--json")[1])]
    assert sorted(caps) == [100, 1_000_000]


def test_a_log_on_hourly_work_says_the_cap_left_not_the_effort_left(run: Run) -> None:
    argv = ("mission", "add", "Audit", "--client", "acme", "--hourly", "60", "--cap", "10h")
    assert run(*argv, "--effort", "4h")[0] == 0
    code, out, _ = run("log", "4h", "--mission", "1", "--date", YESTERDAY)
    # The effort (4 h) is used up, the cap (10 h) is not: 6 h of it left.
    assert code == 0 and "(6h of the cap left)" in out and "(0m left)" not in out
