"""Issue 14 review, moneyfix points 16 and 19: ``mission show`` prints the terms and deposit;
a deposit share is shown exactly as it bills (33,33 %, not 33,3 %)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from homeops.cli.app import main

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost


def run(env: dict[str, str], tmp_path: Path, *argv: str) -> int:
    return main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)


def out(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out.replace("\u202f", " ").replace("\xa0", " ")


def test_mission_show_prints_the_terms_and_an_exact_deposit_share(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "init") == 0
    assert run(env, tmp_path, "client", "add", "acme", "--terms", "45", "--deposit", "33.33%") == 0
    assert run(env, tmp_path, "client", "add", "bob") == 0
    assert run(env, tmp_path, "mission", "add", "Report", "--client", "acme", "--fee", "1000") == 0
    assert run(env, tmp_path, "mission", "add", "Note", "--client", "bob", "--fee", "100") == 0
    capsys.readouterr()
    assert run(env, tmp_path, "mission", "show", "1") == 0
    assert "terms 45 days, deposit 33,33 %\n" in out(capsys)
    assert run(env, tmp_path, "mission", "show", "2") == 0
    assert "terms 30 days\n" in out(capsys)  # the settings' default, no deposit
    assert run(env, tmp_path, "invoice", "show", "F-0001") == 0
    shown = out(capsys)  # 33,33 % of 1 000 € = 333,30 €
    assert "Deposit 33,33 % of 1 000,00 €" in shown and "333,30 €" in shown


def test_invoices_json_lists_the_delivered_missions_not_invoiced(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "init") == 0
    assert run(env, tmp_path, "client", "add", "acme", "--terms", "15") == 0
    assert run(env, tmp_path, "mission", "add", "Report", "--client", "acme", "--fee", "1000") == 0
    argv = ["mission", "move", "1", "Delivered", "--override", "skip the checks"]
    assert run(env, tmp_path, *argv) == 0
    capsys.readouterr()
    assert run(env, tmp_path, "invoices") == 0
    assert "delivered, not invoiced: 1 mission" in out(capsys)
    assert run(env, tmp_path, "invoices", "--json") == 0
    got = json.loads(capsys.readouterr().out)
    today = dt.date.today()
    assert got == {"invoices": [], "delivered_not_invoiced": [{
        "mission_id": 1, "title": "Report", "client_alias": "acme", "amount_cents": 100000,
        "delivered_on": today.isoformat(),
        "expected_on": (today + dt.timedelta(days=15)).isoformat(),
    }]}  # fmt: skip
    assert run(env, tmp_path, "invoices", "--status", "draft", "--json") == 0  # as the text
    assert json.loads(capsys.readouterr().out) == {"invoices": [], "delivered_not_invoiced": []}
