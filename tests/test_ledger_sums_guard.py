"""The ledger's summary kept right at its edges (issue 18, review point 2): an erasure leaves
it alone whatever the client is called, an entry without a kind counts as income for every
reader, an export that holds it (an older build's) imports, and a change whose summary step
fails leaves memory and file as they were."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import private_home, runner

from homeops.config import Settings
from homeops.rules import ledger
from homeops.rules.model import Client, LedgerEntry, Mission, PersonalField
from homeops.services import Business
from homeops.services.cashbook import Cashbook
from homeops.storage import ledger_sums, tracked
from homeops.storage.repos_money import ledger_figures
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "ledger-sums-guard-passphrase-7"
SETTINGS = Settings()  # shares: taxes 25 %, costs 15 %, pay 50 %, cushion 10 %
TODAY = dt.date(2026, 12, 6)
DELIVERED = SETTINGS.board.stages[-1]
SUMMARY = {"ledger_sums", "missions", "invoices", "payouts"}  # the ledger's figures only
ENVELOPES = ["taxes", "costs", "pay", "cushion"]
# 400,000 paid for mission 1 (split 25/15/50/10 %), 12,000 spent from costs, 60,000 paid out
TOTALS = {"taxes": 100_000, "costs": 60_000 - 12_000, "pay": 200_000 - 60_000, "cushion": 40_000}


def _day(offset: int) -> str:
    return (TODAY - dt.timedelta(days=offset)).isoformat()


def _fill(vault: Vault, alias: str, name: str) -> None:
    vault.clients.add(Client(alias, name=PersonalField(name, "contract"),
                             email=PersonalField("tom@head.example", "contract")))  # fmt: skip
    vault.clients.add(Client("acme"))
    vault.missions.add(Mission("Guide", alias, DELIVERED, fee_cents=400_000))  # mission 1
    vault.missions.add(Mission("Leaflet", "acme", DELIVERED, fee_cents=90_000))  # mission 2
    book = Cashbook(vault, SETTINGS)
    book.record_income(400_000, date=_day(20), mission_id=1)  # 2026-11-16
    book.record_expense(ledger.expense(12_000, date=_day(10), category="tools",
                                       currency="EUR"))  # 2026-11-26  # fmt: skip
    book.confirm_payout(_day(5), 60_000)  # 2026-12-01


def _figures(vault: Vault) -> dict[str, Any]:
    book = vault.ledger
    return {
        "totals": book.totals(ENVELOPES),
        "paid": book.paid_missions(),
        "last_payout": book.last_payout_paid(),
        "costs": book.monthly_costs(TODAY),
        "standing": {m: book.standing_groups(m) for m in (1, 2)},
    }


def _both(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The figures read from every entry, and read from the summary alone."""
    with Vault.open(path, PASSPHRASE, read_only=True) as whole:
        assert whole.ledger_sums_problem() == ("", False)
        full = _figures(whole)
    with Vault.open(path, PASSPHRASE, read_only=True, tables=SUMMARY) as alone:
        assert alone.ledger.summarised
        return full, _figures(alone)


# -- 1. an erasure leaves the summary alone ----------------------------------------------------


@pytest.mark.parametrize("alias", ["m", "e", "p"])
def test_erasing_a_client_named_like_the_summary_keys_keeps_every_figure(
    alias: str, tmp_path: Path
) -> None:
    """Alias ``m`` (``e``, ``p``) is a word of "m:0" ("e:2026-11", "p:2026"), and "Head" of
    the name is the head's key: the erasure scrubbed them, losing a paid mission, or the head
    and every envelope with it."""
    path = tmp_path / "vault" / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        _fill(vault, alias, "Tom Head")
        clients = Business(vault, SETTINGS).clients
        assert "ledger_sums" not in clients.export(alias, TODAY)["records"]
        assert not any(f.table == "ledger_sums" for f in clients.findings(alias))
        clients.erase(alias, TODAY)
        keys = sorted(doc["key"] for doc in vault.db.table("ledger_sums")._read_table().values())
        assert keys == ["e:2026-11", "head", "m:0", "p:2026"]
    full, summary = _both(path)
    assert full == summary
    assert summary["totals"] == TOTALS
    assert summary["paid"] == {1}  # still paid: not listed to bill, not counted twice
    assert summary["last_payout"] == "2026-12-01"


def test_a_record_whose_head_is_named_otherwise_is_not_trusted() -> None:
    file_id = bytes(16)
    head = {"key": "head", "v": ledger_sums.VERSION, "file": file_id.hex()}
    for doc, trusted in ((head, True), ({**head, "key": "[erased]"}, False)):
        checker = ledger_sums.Checker(file_id)
        checker.record([["ledger", "7", {}], ["ledger_sums", "1", doc]])
        assert checker.ok is trusted


@pytest.mark.parametrize(("key", "words"), [
    ("m:0", "the income of missions 1 to 63"),
    ("m:2", "the income of missions 128 to 191"),
    ("e:2026-05", "the expenses of 2026-05"),
    ("p:2026", "the payouts of 2026"),
    ("erased-3fa2c1:0", "a part of unknown name"),  # a key an erasure scrubbed (before the fix)
    ("ex:1", "a part of unknown name"),
])  # fmt: skip
def test_check_names_the_part_of_the_summary_that_disagrees(key: str, words: str) -> None:
    fresh = ledger_sums.compute({}, bytes(16))
    stored = {**fresh, "2": {"key": key, "days": {}}}
    assert ledger_sums.same(stored, fresh) == words


# -- 2. an entry without a kind is income, for every reader -------------------------------------


def test_an_entry_without_a_kind_counts_as_income_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The schema lets ``kind`` out (``LedgerEntry.kind`` defaults to income): the summary,
    the whole-ledger figures and the records read it alike."""
    assert ledger_sums.KIND == LedgerEntry.__dataclass_fields__["kind"].default == "income"
    path = tmp_path / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        _fill(vault, "tom", "Tom Head")
        export = vault.export_data()
    no_kind = {"date": _day(2), "description": "older entry", "amount_cents": 30_000,
               "envelope": "pay", "currency": "EUR", "mission_id": 2, "group": ""}  # fmt: skip
    export["tables"]["ledger"]["99"] = no_kind
    file = tmp_path / "export.json"
    file.write_text(json.dumps(export))
    run = runner(path, private_home(tmp_path, PASSPHRASE), capsys)
    code, _out, err = run("import", str(file), "--replace")
    assert code == 0, err
    full, summary = _both(path)
    assert full == summary
    assert summary["paid"] == {1, 2}  # mission 2 paid by the entry without a kind
    assert summary["totals"]["pay"] == TOTALS["pay"] + 30_000
    assert summary["standing"][2] == ["#99"]
    assert ledger_figures([no_kind]).income == {2: 30_000}
    with Vault.open(path, PASSPHRASE, read_only=True) as whole:
        assert [r.kind for r in whole.ledger.rows() if r.id == 99] == ["income"]


# -- 3. an export that holds the summary (an older build's) imports ------------------------------


@pytest.mark.parametrize("kept", ["as written", "garbled"])
def test_an_export_holding_the_summary_imports_and_counts_it_afresh(
    kept: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        _fill(vault, "tom", "Tom Head")
        export = vault.export_data()
        assert "ledger_sums" not in export["tables"]  # this build leaves it out
        sums = json.loads(json.dumps(vault.db.table("ledger_sums")._read_table()))
        count = sum(len(docs) for docs in export["tables"].values())
    if kept == "garbled":  # whatever it holds is not read: the import counts its own
        sums["1"] = {**sums["1"], "totals": {"pay": [1, 1]}, "count": 1}
    export["tables"]["ledger_sums"] = sums  # as the build 6fcbf73 exported it
    file = tmp_path / "old.json"
    file.write_text(json.dumps(export))
    new = tmp_path / "new" / "v.hops"
    new.parent.mkdir()
    run = runner(new, private_home(tmp_path, PASSPHRASE), capsys)
    code, out, err = run("import", str(file))
    assert code == 0, err
    assert out.startswith(f"imported {count} documents into ")
    full, summary = _both(new)
    assert full == summary and summary["totals"] == TOTALS and summary["paid"] == {1}


# -- 4. a change whose summary step fails leaves memory and file unchanged -----------------------


@pytest.mark.parametrize("where", ["counting", "journalling"])
def test_a_failure_in_the_summary_step_leaves_memory_and_file_as_they_were(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v.hops"
    vault = Vault.create(path, PASSPHRASE, kdf=KdfParams.fast())
    with vault:
        _fill(vault, "tom", "Tom Head")
        storage = vault._storage
        tables = json.loads(json.dumps(storage.tables))
        on_disk = path.read_bytes()
        generation = vault.generation("ledger")

        def fail(*_args: Any) -> Any:
            raise RuntimeError("injected")

        if where == "counting":  # the summary's new documents cannot be counted
            monkeypatch.setattr(ledger_sums, "changed", fail)
        else:  # counted and put in memory, then the change's ops fail
            monkeypatch.setattr(tracked.Change, "ops", fail)
        with pytest.raises(RuntimeError, match="injected"):
            Cashbook(vault, SETTINGS).record_income(50_000, date=_day(0))
        assert json.loads(json.dumps(storage.tables)) == tables
        assert path.read_bytes() == on_disk
        assert vault.generation("ledger") != generation  # cached figures are read again
        assert vault.ledger.totals(ENVELOPES) == TOTALS
        monkeypatch.undo()
        Cashbook(vault, SETTINGS).record_income(50_000, date=_day(0))
        assert vault.ledger_sums_problem() == ("", False)
    full, summary = _both(path)
    assert full == summary and summary["totals"]["pay"] == TOTALS["pay"] + 25_000
