"""Issue 14 review, moneyfix points 4 and 14: ``invoice add --mission ID --amount X`` bills
at most what is left to bill (fee + accepted changes - deposits - earlier invoices), unless
``--override REASON``; ``invoice paid`` stops at the fee, a deposit paid included; a mission
without a fee says so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from homeops.cli.app import main

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost


def run(env: dict[str, str], tmp_path: Path, *argv: str) -> int:
    return main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)


def invoices(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    capsys.readouterr()
    assert run(env, tmp_path, "invoices", "--json") == 0
    return json.loads(capsys.readouterr().out)["invoices"]


@pytest.fixture
def vault(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Mission 1: 500 €, no deposit; mission 2: 540 € for a client asking 30 % (162 €, F-0001);
    mission 3: no fee."""
    assert run(env, tmp_path, "init") == 0
    assert run(env, tmp_path, "client", "add", "acme") == 0
    assert run(env, tmp_path, "client", "add", "cafe", "--deposit", "30%") == 0
    assert run(env, tmp_path, "mission", "add", "Speech", "--client", "acme", "--fee", "500") == 0
    assert run(env, tmp_path, "mission", "add", "Menu", "--client", "cafe", "--fee", "540") == 0
    assert run(env, tmp_path, "mission", "add", "Favour", "--client", "acme") == 0
    capsys.readouterr()


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err.replace("\u202f", " ").replace("\xa0", " ")


def test_an_amount_above_what_is_left_is_refused_naming_what_is_left(
    env: dict[str, str], tmp_path: Path, vault: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "invoice", "add", "--mission", "1", "--amount", "99999") == 1
    said = one_line(capsys)
    assert "500,00 € is left to bill" in said and "--override REASON" in said
    # 540 € less the 162 € deposit invoice: 378 € left.
    assert run(env, tmp_path, "invoice", "add", "--mission", "2", "--amount", "540") == 1
    assert "378,00 € is left to bill" in one_line(capsys)
    assert [i["number"] for i in invoices(env, tmp_path, capsys)] == [1]  # nothing recorded
    assert run(env, tmp_path, "invoice", "add", "--mission", "2", "--amount", "378") == 0
    # Then nothing is left: even one euro more is refused.
    assert run(env, tmp_path, "invoice", "add", "--mission", "2", "--amount", "1") == 1
    assert "nothing is left to bill" in one_line(capsys)


def test_override_bills_more_and_keeps_its_reason(
    env: dict[str, str], tmp_path: Path, vault: None, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["invoice", "add", "--mission", "1", "--amount", "600", "--override", "extra talk"]
    assert run(env, tmp_path, *argv) == 0
    (bill,) = [i for i in invoices(env, tmp_path, capsys) if i["mission_id"] == 1]
    assert bill["amount_cents"] == 60000 and "(override: extra talk)" in bill["description"]


def test_paying_past_the_fee_with_the_deposit_is_refused_unless_overridden(
    env: dict[str, str], tmp_path: Path, vault: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "invoice", "paid", "F-0001") == 0  # the 162 € deposit
    argv = ["invoice", "add", "--mission", "2", "--amount", "540", "--override", "as agreed"]
    assert run(env, tmp_path, *argv) == 0  # F-0002
    capsys.readouterr()
    # 162 + 540 = 702 € against a 540 € fee.
    assert run(env, tmp_path, "invoice", "paid", "F-0002") == 1
    said = one_line(capsys)
    assert "would take it past the fee (378,00 € still due)" in said
    assert "--override REASON" in said and "reverse" not in said
    assert [i["status"] for i in invoices(env, tmp_path, capsys)] == ["paid", "draft"]
    assert run(env, tmp_path, "invoice", "paid", "F-0002", "--override", "client paid it") == 0
    assert [i["status"] for i in invoices(env, tmp_path, capsys)] == ["paid", "paid"]


def test_the_deposit_then_the_balance_is_paid_up_to_the_fee(
    env: dict[str, str], tmp_path: Path, vault: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "invoice", "paid", "F-0001") == 0
    assert run(env, tmp_path, "invoice", "add", "--mission", "2") == 0  # 540 - 162 = 378
    assert run(env, tmp_path, "invoice", "paid", "F-0002") == 0
    assert [i["amount_cents"] for i in invoices(env, tmp_path, capsys)] == [16200, 37800]


def test_a_mission_without_a_fee_has_no_fee_to_bill(
    env: dict[str, str], tmp_path: Path, vault: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "invoice", "add", "--mission", "3") == 1
    said = one_line(capsys)
    assert "mission #3 has no fee to bill" in said and "deposits" not in said
