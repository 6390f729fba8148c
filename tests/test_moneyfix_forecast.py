"""Issue 14 review, moneyfix point 2: a draft invoice (deposit or final) is expected the day
it would be due if sent today (today + its mission's terms), not this week; ``fit``'s
payouts "with" a mission equal ``payouts`` straight after accepting it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from homeops.cli.app import main

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost

TODAY = dt.date.today()


def run(env: dict[str, str], tmp_path: Path, *argv: str) -> int:
    return main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)


def out_json(capsys: pytest.CaptureFixture[str]) -> Any:
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def vault(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A client paying in 15 days with a 30 % deposit."""
    assert run(env, tmp_path, "init") == 0
    assert run(env, tmp_path, "client", "add", "acme", "--terms", "15", "--deposit", "30%") == 0
    capsys.readouterr()


def weekly_in(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[int]:
    capsys.readouterr()
    assert run(env, tmp_path, "forecast", "--weeks", "4", "--json") == 0
    return [w["in"] for w in out_json(capsys)["weeks"]]


def test_a_draft_deposit_is_expected_on_receipt_this_week(
    env: dict[str, str], tmp_path: Path, vault: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # No effort, no deadline: only the deposit (30 % of 500 € = 150 €) can be placed.
    assert run(env, tmp_path, "mission", "add", "Flyer", "--client", "acme", "--fee", "500") == 0
    # A deposit is due on receipt (issue 15, fix G3), not after the client's 15 days: a
    # draft would be due today if sent today, week 1 (it was week 3 before).
    assert weekly_in(env, tmp_path, capsys) == [15000, 0, 0, 0]
    assert run(env, tmp_path, "invoice", "send", "F-0001") == 0
    assert weekly_in(env, tmp_path, capsys) == [15000, 0, 0, 0]  # sending moves nothing


def test_a_draft_without_a_mission_is_expected_after_the_settings_terms(
    env: dict[str, str], tmp_path: Path, vault: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "invoice", "add", "--client", "acme", "--amount", "100") == 0
    # The settings' 30 days: today + 30 is in week 5 (days 28 to 34), past these 4 weeks.
    assert weekly_in(env, tmp_path, capsys) == [0, 0, 0, 0]


def test_fit_with_the_mission_equals_payouts_straight_after_accepting_it(
    env: dict[str, str], tmp_path: Path, vault: None, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["fit", "4h", "--fee", "1000", "--client", "acme", "--title", "Flyer", "--accept"]
    assert run(env, tmp_path, *argv, "--json") == 0
    with_it = out_json(capsys)["cash"]["payouts_with"]
    assert run(env, tmp_path, "payouts", "--json") == 0
    after = out_json(capsys)["payouts"]
    assert len(with_it) == 8
    assert [(p["date"], p["pay_after_cents"]) for p in with_it] == [
        (p["date"], p["expected_after_cents"]) for p in after[:8]
    ]


def test_fit_with_hourly_work_equals_payouts_straight_after_accepting_it(
    env: dict[str, str], tmp_path: Path, vault: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # 4 h at 100 €/h within a 10 h cap: 400 € expected, of which the 30 % deposit on the cap
    # (300 €) is invoiced at acceptance; fit and the stored mission count the same money.
    argv = ["fit", "4h", "--hourly", "100", "--cap", "10h", "--client", "acme",
            "--title", "Audit", "--accept"]  # fmt: skip
    assert run(env, tmp_path, *argv, "--json") == 0
    answer = out_json(capsys)
    assert answer["money_cents"] == 40000
    with_it = answer["cash"]["payouts_with"]
    assert run(env, tmp_path, "payouts", "--json") == 0
    after = out_json(capsys)["payouts"]
    assert [(p["date"], p["pay_after_cents"]) for p in with_it] == [
        (p["date"], p["expected_after_cents"]) for p in after[:8]
    ]
    capsys.readouterr()
    assert run(env, tmp_path, "forecast", "--weeks", "12", "--json") == 0
    assert sum(w["in"] for w in out_json(capsys)["weeks"]) == 40000  # the deposit + 100 €
