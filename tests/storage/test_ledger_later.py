"""A writing session that reads the ledger later (``Vault.open(later=["ledger"])``, the
console's unlock, issue 18 point 6): the ledger's parts are authenticated at the open but
decoded when first needed. Whatever needs it then (a read, a write, a count, a rewrite, an
export) sees exactly what a whole open holds, new entries never take an id the file holds,
and a rewrite never writes the ledger away."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest

from homeops.config import Settings
from homeops.config.settings import MoneySettings
from homeops.rules import ledger
from homeops.services.cashbook import Cashbook
from homeops.services.vault import open_business
from homeops.storage import VaultDamaged, layout
from homeops.storage.vault import Vault

SETTINGS = Settings(money=MoneySettings(shares_bp={"taxes": 2500, "costs": 1500, "pay": 5000,
                                                   "cushion": 1000}))  # fmt: skip
DAY = dt.date(2026, 12, 1)
LATER = ["ledger"]


def _ledger(vault: Vault) -> dict[str, Any]:
    return {str(doc.doc_id): dict(doc) for doc in vault.db.table("ledger").all()}


@pytest.fixture
def made(kit: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A vault whose ledger is in several snapshot parts and in the journal (entries added,
    one changed, one taken back); what a whole open holds of it."""
    monkeypatch.setattr(layout, "PART_DOCS", 4)
    vault = kit.create()
    book = Cashbook(vault, SETTINGS)
    for n in range(6):
        book.record_income(10_000 + n, date=DAY.isoformat(), override="test")
    vault.db.table("notes").insert({"n": 1})  # a table to drop
    vault.compact()  # in the snapshot's parts
    book.record_expense(ledger.expense(2_500, date=DAY.isoformat(), category="tools",
                                       currency="EUR"), override="test")  # fmt: skip
    ids = sorted(int(key) for key in vault.db.table("ledger")._read_table())
    vault.db.table("ledger").update({"description": "changed"}, doc_ids=[ids[1]])
    vault.db.table("ledger").remove(doc_ids=[ids[-1]])  # the largest id: taken back
    vault.close(compact=False)
    whole = kit.open()
    found = {
        "ledger": _ledger(whole),
        "export": whole.export_data(),
        "counts": whole.counts(),
        "balances": Cashbook(whole, SETTINGS).balances(),
        "largest": max(int(key) for key in whole.db.table("ledger")._read_table()),
    }
    whole.close(compact=False)
    return found


def test_the_open_leaves_the_ledger_undecoded_and_its_first_read_is_the_whole_reads(
    kit: Any, made: dict[str, Any]
) -> None:
    vault = kit.open(later=LATER)
    assert vault._storage.board_only("ledger")  # held, not read
    assert vault._storage._tables["ledger"] == {}
    assert vault.missions.list() == []  # another table: the ledger stays unread
    assert vault._storage.archived_reads == 0
    assert _ledger(vault) == made["ledger"]
    assert vault._storage.archived_reads == 1
    assert Cashbook(vault, SETTINGS).balances() == made["balances"]
    assert vault.export_data() == made["export"]
    assert vault._storage.archived_reads == 1  # once


@pytest.mark.parametrize(
    "first",
    ["counts", "export", "get", "contains", "len", "search", "balances", "drop another table"],
)
def test_whatever_reaches_the_ledger_first_sees_it_whole(
    kit: Any, made: dict[str, Any], first: str
) -> None:
    vault = kit.open(later=LATER)
    table = vault.db.table("ledger")
    some = next(iter(made["ledger"]))
    if first == "counts":
        assert vault.counts() == made["counts"]
        assert vault._storage.archived_reads == 0  # counted by the summary, not read
        assert vault.db.table("ledger").all()  # then read
        assert vault.counts() == made["counts"]
    elif first == "export":
        assert vault.export_data() == made["export"]
    elif first == "get":
        assert dict(table.get(doc_id=int(some))) == made["ledger"][some]
    elif first == "contains":
        assert table.contains(doc_id=int(some))
    elif first == "len":
        assert len(table) == len(made["ledger"])
    elif first == "search":
        assert len(table.search(lambda doc: True)) == len(made["ledger"])
    elif first == "balances":
        assert Cashbook(vault, SETTINGS).balances() == made["balances"]
    else:
        vault.db.drop_table("notes")  # TinyDB writes back every table it was handed
    vault.close(compact=False)
    again = kit.open()
    assert _ledger(again) == made["ledger"]


def _steps(vault: Vault, rolled_back: bool) -> int:
    """A change that reads the ledger first and rolls back (when asked), then an entry: its
    id."""
    if rolled_back:
        with pytest.raises(RuntimeError), vault.transaction():
            assert len(vault.db.table("ledger")) > 0  # the first read, inside the change
            vault.db.table("notes").insert({"n": 2})
            raise RuntimeError
    entry = Cashbook(vault, SETTINGS).record_expense(
        ledger.expense(700, date=DAY.isoformat(), category="tools", currency="EUR"),
        override="test",
    )
    assert entry.id is not None
    return entry.id


@pytest.mark.parametrize("how", ["entry", "rolled back first", "compact", "close"])
def test_a_write_or_rewrite_keeps_every_entry_and_new_ids_follow_the_files(
    kit: Any, made: dict[str, Any], how: str, tmp_path: Path
) -> None:
    expected = dict(made["ledger"])
    if how in ("entry", "rolled back first"):
        copy = tmp_path / "copy.hops"  # the same file, for a whole session's answer
        copy.write_bytes(kit.path.read_bytes())
        whole = kit.open(copy)
        id_whole = _steps(whole, how != "entry")
        whole.close(compact=False)
    vault = kit.open(later=LATER)
    if how in ("entry", "rolled back first"):
        entry_id = _steps(vault, how != "entry")
        assert entry_id == id_whole > made["largest"]  # never an id the file holds
        assert entry_id == made["largest"] + 1
        expected[str(entry_id)] = _ledger(vault)[str(entry_id)]
    elif how == "compact":
        vault.compact()
    vault.close(compact=how == "close")
    again = kit.open()
    assert _ledger(again) == expected
    assert again.ledger_sums_problem()[0] == ""  # the summary stands for what is there


def test_threads_asking_at_once_read_it_once(kit: Any, made: dict[str, Any]) -> None:
    vault = kit.open(later=LATER)
    start = threading.Barrier(4)
    seen: list[dict[str, Any]] = []

    def ask() -> None:
        start.wait()
        seen.append(_ledger(vault))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [made["ledger"]] * 4
    assert vault._storage.archived_reads == 1


def test_read_everything_reads_it_and_a_plain_open_holds_nothing_back(
    kit: Any, made: dict[str, Any]
) -> None:
    vault = kit.open(later=LATER)
    vault.read_everything()
    assert not vault._storage.board_only("ledger")
    assert vault._storage._tables["ledger"] == made["ledger"]
    vault.close(compact=False)
    plain = kit.open()
    assert not plain._storage.board_only("ledger")
    assert plain._storage.archived_reads == 0


def test_a_damaged_ledger_part_is_refused_at_the_open_not_later(
    kit: Any, made: dict[str, Any]
) -> None:
    data = bytearray(kit.path.read_bytes())
    data[len(data) // 2] ^= 0x01  # in the snapshot's parts: most of them hold the ledger
    kit.path.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged):
        Vault.open(kit.path, kit.passphrase, later=LATER)


def test_the_business_opens_with_the_ledger_for_later_and_answers_the_same(
    kit: Any, made: dict[str, Any], tmp_path: Path
) -> None:
    business = open_business(kit.path, kit.passphrase, SETTINGS, ledger_later=True)
    try:
        storage = business._vault._storage
        assert storage.board_only("ledger")  # the open itself did not need it
        assert business.cashbook.balances() == made["balances"]
        business.read_everything()
        assert not storage.board_only("ledger")
    finally:
        business.close()


# A thread that rewrites the file while another decodes the ledger (review of 8f0ea4b).


@pytest.fixture
def entries(kit: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A vault whose ledger is in several snapshot parts; its entries."""
    monkeypatch.setattr(layout, "PART_DOCS", 4)
    vault = kit.create()
    book = Cashbook(vault, SETTINGS)
    for n in range(9):
        book.record_income(10_000 + n, date=DAY.isoformat(), override="test")
    vault.compact()
    found = _ledger(vault)
    vault.close(compact=False)
    return found


class _Held(dict[str, Any]):
    """The storage's ``_cold``: the decoding thread, as it lets the ledger go, waits there
    until the other thread has done its part (``then``)."""

    def __init__(self, items: dict[str, Any], then: threading.Event) -> None:
        super().__init__(items)
        self.letting_go = threading.Event()
        self.then = then

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        if threading.current_thread() is not threading.main_thread():
            self.letting_go.set()
            self.then.wait(10)  # (a guard against a hang only: never reached when sound)


def test_a_compaction_while_another_thread_decodes_the_ledger_never_writes_it_away(
    kit: Any, entries: dict[str, Any]
) -> None:
    vault = kit.open(later=LATER)
    storage = vault._storage
    compacted = threading.Event()
    storage._cold = held = _Held(storage._cold, compacted)
    worker = threading.Thread(target=vault.read_everything)
    worker.start()
    assert held.letting_go.wait(10)
    try:
        vault.compact()  # (the console's close, an erasure, a passphrase change)
    finally:
        compacted.set()
        worker.join()
    vault.close(compact=False)
    again = kit.open()
    assert _ledger(again) == entries
    assert again.ledger_sums_problem()[0] == ""
