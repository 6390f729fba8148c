"""Issue 14 part 2 on the command line: ``mission add --terms --deposit``, ``offer add|edit
--terms --deposit``, ``invoice add --mission ID`` drafted from the mission's lines, and
``invoice show``. A refusal is one line and records nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import Run, one_line_error, private_home, runner

from homeops.rules.model import Client, Mission, ScopeChange
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "orange-kettle-mountain-42"


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    path = tmp_path / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        vault.clients.add(Client("acme", terms_days=45))
        vault.clients.add(Client("bravo", deposit_bp=2500))
    return path


@pytest.fixture
def run(tmp_path: Path, vault_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    return runner(vault_path, private_home(tmp_path, PASSPHRASE), capsys)


def test_mission_add_takes_the_clients_terms_or_the_typed_ones(run: Run) -> None:
    code, out, _ = run("mission", "add", "Guide", "--client", "acme", "--fee", "1200")
    assert code == 0 and "terms 45 days" in out and "deposit" not in out
    code, out, _ = run("mission", "add", "Audit", "--client", "acme", "--fee", "1 200",
                       "--deposit", "30%")  # fmt: skip
    assert code == 0
    # The client's 45 days kept; 30 % of 1 200 € drafted as F-0001.
    assert "terms 45 days, deposit 30\u00a0%" in out
    assert "deposit invoice F-0001 drafted: 360,00\u00a0€" in out
    code, out, _ = run("invoice", "show", "1")
    assert code == 0 and "F-0001 deposit invoice, draft, for acme: 360,00\u00a0€" in out
    assert "Deposit 30\u00a0% of 1\u202f200,00\u00a0€" in out


def test_a_bad_terms_or_deposit_is_one_line_and_records_nothing(run: Run) -> None:
    for option, value in (("--terms", "soon"), ("--deposit", "130%"), ("--deposit", "x")):
        code, _, err = run("mission", "add", "Guide", "--client", "acme", "--fee", "10",
                           option, value)  # fmt: skip
        assert code != 0
        assert option in one_line_error(err)
    code, out, _ = run("missions", "--json")
    assert json.loads(out) == []


def test_offer_terms_come_before_the_clients_and_can_be_edited(run: Run) -> None:
    code, _, _ = run("offer", "add", "Guide", "--price", "1000", "--lead-days", "10",
                     "--terms", "15", "--deposit", "40")  # fmt: skip
    assert code == 0
    code, out, _ = run("mission", "add", "G1", "--client", "bravo", "--offer", "Guide")
    assert "terms 15 days, deposit 40\u00a0%" in out and "400,00\u00a0€" in out
    code, out, _ = run("offer", "edit", "Guide", "--deposit", "default")
    assert code == 0 and "terms 15 days, deposit default" in out
    code, out, _ = run("mission", "add", "G2", "--client", "bravo", "--offer", "Guide")
    assert "terms 15 days, deposit 25\u00a0%" in out  # the client's share now
    code, _, err = run("offer", "edit", "Guide")
    assert code != 0 and "--terms" in one_line_error(err)


def _delivered(vault_path: Path) -> int:
    with Vault.open(vault_path, PASSPHRASE) as vault:
        mission = Mission("Compost guide", "acme", "Delivered", fee_cents=100_000,
                          terms_days=20, deposit_bp=3000,
                          scope_changes=[ScopeChange("2026-11-02", "Extra chapter", 15_000,
                                                     accepted=True)])  # fmt: skip
        vault.missions.add(mission)
        assert mission.id is not None
        return mission.id


def test_invoice_add_from_a_mission_prints_its_named_lines(run: Run, vault_path: Path) -> None:
    mission_id = _delivered(vault_path)
    code, out, _ = run("invoices")
    assert "delivered, not invoiced: 1 mission, 1\u202f150,00\u00a0€" in out
    code, out, err = run("invoice", "add", "--mission", str(mission_id), "--send",
                         "--date", "2026-11-16")  # fmt: skip
    assert code == 0, err
    assert "F-0001 sent for acme: 1\u202f150,00\u00a0€, due 2026-12-06" in out  # 20 days
    assert "Compost guide" in out and "Extra chapter" in out and "150,00\u00a0€" in out
    code, out, _ = run("invoice", "show", "F-0001", "--json")
    shown = json.loads(out)
    assert [(line["text"], line["amount_cents"]) for line in shown["lines"]] == [
        ("Compost guide", 100_000), ("Extra chapter", 15_000)]  # fmt: skip
    code, _, err = run("invoice", "add", "--mission", str(mission_id))
    assert code != 0 and "has invoice F-0001 already" in one_line_error(err)
    code, out, _ = run("invoices", "--json")
    assert len(json.loads(out)["invoices"]) == 1  # the refusal recorded nothing


def test_an_explicit_amount_is_still_billed_as_typed(run: Run, vault_path: Path) -> None:
    mission_id = _delivered(vault_path)
    code, out, _ = run("invoice", "add", "--mission", str(mission_id), "--amount", "500")
    assert code == 0 and "F-0001 draft for acme: 500,00\u00a0€" in out
    code, _, err = run("invoice", "add", "--client", "acme")
    assert code != 0 and "--mission" in one_line_error(err)
    code, _, err = run("invoice", "add", "--mission", "99")
    assert code != 0 and one_line_error(err) == "homeops: no mission with id 99"
    code, _, err = run("invoice", "show", "7")
    assert code != 0 and one_line_error(err) == "homeops: no invoice F-0007"
