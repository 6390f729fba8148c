"""``homeops retainer add|list|end|deliver|accept|decline`` and ``log --retainer``: one line
per refusal (nothing written), ``--json`` with every figure."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import one_line_error

from homeops.cli.app import main

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost

TODAY = dt.date.today()
FIRST = TODAY.replace(day=1)  # this month's first day: the period under way
UNTIL = (FIRST + dt.timedelta(days=200)).isoformat()


def run(env: dict[str, str], tmp_path: Path, *argv: str) -> int:
    return main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)


@pytest.fixture
def home(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run(env, tmp_path, "init") == 0
    assert run(env, tmp_path, "client", "add", "acme") == 0
    capsys.readouterr()
    return tmp_path


def listing(env: dict[str, str], home: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    capsys.readouterr()
    assert run(env, home, "retainer", "list", "--json") == 0
    return json.loads(capsys.readouterr().out)


def add(env: dict[str, str], home: Path, *more: str) -> int:
    return run(env, home, "retainer", "add", "acme", "Monthly support", "--price", "900",
               "--every", "monthly", "--hours", "10", "--start", FIRST.isoformat(),
               "--until", UNTIL, *more)  # fmt: skip


def test_add_then_list_raises_this_periods_draft_once(
    env: dict[str, str], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add(env, home) == 0
    out = capsys.readouterr().out
    assert "retainer #1: Monthly support for acme" in out and "every month" in out
    assert "draft invoice F-0001" in out  # this month's period has started
    data = listing(env, home, capsys)
    assert data["raised"] == []  # raised once, when added
    (one,) = data["retainers"]
    assert (one["price_cents"], one["limit_minutes"], one["rate_cents"]) == (90000, 600, 9000)
    assert one["use"]["period_start"] == FIRST.isoformat()
    assert (one["use"]["minutes"], one["use"]["state"], one["status"]) == (0, "ok", "active")
    assert run(env, home, "invoices", "--json") == 0
    invoices = json.loads(capsys.readouterr().out)["invoices"]
    assert [(i["kind"], i["period"], i["amount_cents"]) for i in invoices] == [
        ("retainer", FIRST.isoformat(), 90000)
    ]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("retainer", "add", "nobody", "T", "--price", "9", "--every", "monthly", "--hours",
          "1", "--until", UNTIL), "no client nobody"),
        (("retainer", "add", "acme", "T", "--price", "9", "--every", "monthly",
          "--until", UNTIL), "needs a limit"),
        (("retainer", "add", "acme", "T", "--price", "9", "--every", "FREQ=SOMETIMES",
          "--hours", "1", "--until", UNTIL), "not an RRULE"),
        (("retainer", "add", "acme", "T", "--price", "0", "--every", "monthly", "--hours",
          "1", "--until", UNTIL), "more than zero"),
        (("retainer", "add", "acme", "\x1b[31mT", "--price", "9", "--every", "monthly",
          "--hours", "1", "--until", UNTIL), "escape"),
        (("retainer", "end", "7"), "no retainer with id 7"),
        (("log", "1h", "--retainer", "7"), "no retainer with id 7"),
    ],
)  # fmt: skip
def test_refusals_are_one_line_and_write_nothing(
    env: dict[str, str], home: Path, capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...], words: str,
) -> None:  # fmt: skip
    assert run(env, home, *argv) == 1
    assert words in one_line_error(capsys.readouterr().err)
    assert listing(env, home, capsys)["retainers"] == []


def test_log_past_the_limit_is_refused_then_proposed_then_accepted(
    env: dict[str, str], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add(env, home) == 0
    assert run(env, home, "log", "8h", "--retainer", "1") == 0
    out = capsys.readouterr().out
    assert "8h / 10h this period" in out and "near the limit" in out
    assert run(env, home, "log", "3h", "--retainer", "1") == 1
    assert "2h left of 10h" in one_line_error(capsys.readouterr().err)
    assert listing(env, home, capsys)["retainers"][0]["use"]["minutes"] == 480  # not logged
    assert run(env, home, "log", "3h", "--retainer", "1", "--propose") == 0
    out = capsys.readouterr().out
    assert "1h over the limit" in out and "90,00\u00a0€" in out  # 1 h at 900 € / 10 h
    (one,) = listing(env, home, capsys)["retainers"]
    assert (one["use"]["minutes"], one["use"]["state"], one["warning"]) == (
        660, "over", "over the limit")  # fmt: skip
    assert one["proposals"][0]["status"] == "proposed"
    assert run(env, home, "retainer", "accept", "1", "1") == 0
    assert "draft invoice F-0002, 90,00\u00a0€" in capsys.readouterr().out
    (one,) = listing(env, home, capsys)["retainers"]
    assert (one["use"]["limit_minutes"], one["use"]["state"]) == (660, "near")


def test_end_stops_the_next_invoice(
    env: dict[str, str], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add(env, home) == 0
    assert listing(env, home, capsys)["retainers"][0]["next_invoice"] is not None
    assert run(env, home, "retainer", "end", "1", "--on", TODAY.isoformat()) == 0
    (one,) = listing(env, home, capsys)["retainers"]
    assert (one["next_invoice"], one["ended"]) == (None, TODAY.isoformat())


def test_plan_shows_the_reserved_hours(
    env: dict[str, str], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    week = (TODAY + dt.timedelta(days=7)).strftime("%G-W%V")  # a whole week ahead
    capsys.readouterr()
    assert run(env, home, "plan", "--json", "--week", week) == 0
    before = json.loads(capsys.readouterr().out)
    assert add(env, home) == 0
    capsys.readouterr()
    assert run(env, home, "plan", "--json", "--week", week) == 0
    after = json.loads(capsys.readouterr().out)
    assert before["reserved_minutes"] == 0 and after["reserved_minutes"] > 0
    assert run(env, home, "plan", "--week", week) == 0
    assert "Reserved for retainers this week: " in capsys.readouterr().out
