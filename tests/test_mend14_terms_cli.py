"""mend14 point 2 on the command line: ``mission edit ID --terms DAYS --deposit SHARE``
changes a mission's terms after creation; a deposit share changed while its deposit
invoice stands is refused in one line, and nothing is recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import Run, one_line_error, private_home, runner

from homeops.rules.model import Client
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "orange-kettle-mountain-42"


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    path = tmp_path / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        vault.clients.add(Client("acme", terms_days=45))
    return path


@pytest.fixture
def run(tmp_path: Path, vault_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    return runner(vault_path, private_home(tmp_path, PASSPHRASE), capsys)


def _terms(run: Run, mission_id: str) -> tuple[int | None, int]:
    code, out, _ = run("mission", "show", mission_id, "--json")
    assert code == 0
    shown = json.loads(out)
    return shown["terms_days"], shown["deposit_bp"]


def test_mission_edit_changes_the_terms_and_the_deposit_share(run: Run) -> None:
    assert run("mission", "add", "Guide", "--client", "acme", "--fee", "1200")[0] == 0
    assert _terms(run, "1") == (45, 0)  # the client's
    code, out, err = run("mission", "edit", "1", "--terms", "60")
    assert (code, out.strip()) == (0, "mission 1: terms 60 days"), err
    code, out, _ = run("mission", "edit", "1", "--deposit", "25%")
    assert (code, out.strip()) == (0, "mission 1: terms 60 days, deposit 25\u00a0%")
    assert _terms(run, "1") == (60, 2500)


def test_a_deposit_change_with_its_invoice_standing_is_refused(run: Run) -> None:
    code, out, _ = run("mission", "add", "Guide", "--client", "acme", "--fee", "1000",
                       "--deposit", "30%")  # fmt: skip
    assert code == 0 and "deposit invoice F-0001 drafted" in out
    code, out, err = run("mission", "edit", "1", "--deposit", "50%", "--terms", "10")
    assert code != 0 and not out
    assert one_line_error(err) == (
        "homeops: F-0001 invoices this mission's deposit: void it first to change it"
    )
    assert _terms(run, "1") == (45, 3000)  # nothing recorded, the terms neither
    assert run("mission", "edit", "1", "--terms", "10")[0] == 0  # the terms alone: fine
    assert run("invoice", "void", "1")[0] == 0
    code, out, _ = run("mission", "edit", "1", "--deposit", "0%")
    assert code == 0 and out.strip() == "mission 1: terms 10 days"
    assert _terms(run, "1") == (10, 0)


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["1"], "--terms DAYS and/or --deposit"),
        (["1", "--terms", "soon"], "--terms"),
        (["1", "--deposit", "130%"], "--deposit"),
        (["9", "--terms", "10"], "mission"),
    ],
)
def test_mission_edit_refusals_are_one_line(run: Run, args: list[str], word: str) -> None:
    assert run("mission", "add", "Guide", "--client", "acme", "--fee", "1200")[0] == 0
    code, out, err = run("mission", "edit", *args)
    assert code != 0 and not out
    assert word in one_line_error(err)
    assert _terms(run, "1") == (45, 0)
