"""Review of the ledger read later (issue 18 point 6, reviewer r3): a thread that rewrites
the file while another thread decodes the ledger."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest

from homeops.config import Settings
from homeops.config.settings import MoneySettings
from homeops.services.cashbook import Cashbook
from homeops.storage import layout
from homeops.storage.vault import Vault

SETTINGS = Settings(money=MoneySettings(shares_bp={"taxes": 2500, "costs": 1500, "pay": 5000,
                                                   "cushion": 1000}))  # fmt: skip
DAY = dt.date(2026, 12, 1)
LATER = ["ledger"]


def _ledger(vault: Vault) -> dict[str, Any]:
    return {str(doc.doc_id): dict(doc) for doc in vault.db.table("ledger").all()}


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
