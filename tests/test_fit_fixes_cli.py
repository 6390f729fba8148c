"""``homeops fit`` after the review of issue 14 (fitfix): ``--hourly RATE --cap`` asks for
hourly work and accepting stores it hourly (point 1); ``--accept`` names the deposit invoice
it drafted and refuses a second accept of the same open mission (point 12); no fee and
``--fee 0`` get the same verdict (point 15)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from homeops.cli.app import main

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost


def run(env: dict[str, str], tmp_path: Path, *argv: str) -> int:
    return main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def vault(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A client paying in 15 days with a 30 % deposit, one mission."""
    assert run(env, tmp_path, "init") == 0
    assert run(env, tmp_path, "client", "add", "acme", "--terms", "15", "--deposit", "30%") == 0
    assert run(env, tmp_path, "mission", "add", "Brochure", "--effort", "6h", "--fee", "300") == 0
    capsys.readouterr()
    return tmp_path / "data/homeops/vault.hops"


def missions(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[Any]:
    capsys.readouterr()
    assert run(env, tmp_path, "missions", "--json") == 0
    return list(json.loads(capsys.readouterr().out))


def test_hourly_work_is_paid_its_rate_and_stored_hourly_with_its_cap(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["fit", "5h", "--client", "acme", "--hourly", "60", "--cap", "10h", "--title", "Help"]
    run(env, tmp_path, *argv, "--json")
    got = json.loads(capsys.readouterr().out)
    # Paid its rate, 60 €/h; brings 5 h × 60 € = 300 €; the cap is 10 h = 600 €.
    assert got["per_hour_cents"] == 6000 and got["money_cents"] == 30000
    assert got["mission"]["hourly_rate_cents"] == 6000
    assert (got["mission"]["fee_cents"], got["mission"]["cap_minutes"]) == (60000, 600)
    run(env, tmp_path, *argv)
    words = plain(capsys.readouterr().out)
    assert "Pay: 60,00 € per real hour, hourly at 60,00 €/h: 300,00 € for 5h (cap 10 h" in words
    run(env, tmp_path, *argv, "--accept")
    (help_,) = [m for m in missions(env, tmp_path, capsys) if m["title"] == "Help"]
    assert (help_["hourly_rate_cents"], help_["fee_cents"]) == (6000, 60000)


def test_accept_names_the_deposit_and_a_second_accept_is_refused(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["fit", "4h", "--fee", "1000", "--client", "acme", "--title", "Dep test", "--accept"]
    run(env, tmp_path, *argv)
    out = plain(capsys.readouterr().out).splitlines()
    assert out[-2] == "accepted: mission 2 added to Brief: Dep test"
    assert re.fullmatch(r"deposit invoice \S+ drafted: 300,00 €", out[-1]), out[-1]  # 30 %
    assert run(env, tmp_path, *argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "homeops: not added: mission 2 has this client and title and is still open "
        "(another --title adds a second)"
    ]
    assert sorted(m["title"] for m in missions(env, tmp_path, capsys)) == ["Brochure", "Dep test"]


def test_no_fee_and_a_fee_of_zero_get_the_same_verdict(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(env, tmp_path, "fit", "1h", "--client", "acme")
    unpriced = plain(capsys.readouterr().out).splitlines()[0]
    run(env, tmp_path, "fit", "1h", "--client", "acme", "--fee", "0")
    free = plain(capsys.readouterr().out).splitlines()[0]
    assert unpriced.startswith("Doesn't fit: no fee given: 0,00 €/h is under the floor of ")
    assert free.startswith("Doesn't fit: 0,00 €/h is under the floor of ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["fit", "2h", "--hourly", "60", "--cap", "10h", "--fee", "500"], "--fee is a fixed price"),
        (["fit", "2h", "--cap", "10h"], "--cap is the budget of hourly work"),
        (["fit", "2h", "--hourly", "60", "--accept"], "hourly work needs a cap"),
    ],
)
def test_an_hourly_refusal_is_one_line_and_records_nothing(
    env: dict[str, str],
    tmp_path: Path,
    vault: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    assert run(env, tmp_path, *argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
    assert [m["title"] for m in missions(env, tmp_path, capsys)] == ["Brochure"]
