"""Format 2: the snapshot split by table into parts, read whole or one table at a time.

``Vault.read_balances`` (``homeops balance``) reads the ledger's parts and the journal only;
whatever happened to the file, it must agree with a full open.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from homeops.storage import VaultRolledBack, crypto, layout
from homeops.storage.reading import scan_table
from homeops.storage.vault import Vault

GOLDEN_V1 = Path(__file__).resolve().parent.parent / "golden" / "vault-v1.hops"
GOLDEN_PASSPHRASE = "golden vault passphrase"

# One step on the vault: put a ledger entry, delete one, empty the ledger, touch another
# table, or compact (which moves everything into the snapshot's parts).
_step = st.one_of(
    st.tuples(
        st.just("put"), st.integers(1, 4), st.integers(-9_999, 99_999), st.sampled_from("abc")
    ),
    st.tuples(st.just("delete"), st.integers(1, 4)),
    st.tuples(st.just("empty")),
    st.tuples(st.just("other"), st.integers(1, 5)),
    st.tuples(st.just("compact")),
)


def _apply(vault: Vault, step: tuple[Any, ...]) -> None:
    ledger = vault.db.table("ledger")
    kind = step[0]
    if kind == "put":
        _, doc_id, cents, envelope = step
        doc = {"date": "2026-01-02", "amount_cents": cents, "envelope": envelope}
        if ledger.contains(doc_id=doc_id):
            ledger.update(doc, doc_ids=[doc_id])
        else:
            ledger.insert(dict(doc, description="x"))  # ids are TinyDB's own
    elif kind == "delete":
        if ledger.contains(doc_id=step[1]):
            ledger.remove(doc_ids=[step[1]])
    elif kind == "empty":
        ledger.truncate()
    elif kind == "other":
        vault.db.table("notes").insert({"n": step[1]})
    else:
        vault.compact()


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(_step, max_size=30), part_docs=st.integers(1, 4))
@example(steps=[("put", 1, 5, "a"), ("compact",), ("put", 1, 7, "b")], part_docs=1)
@example(steps=[("put", 1, 5, "a"), ("compact",), ("delete", 1)], part_docs=1)
@example(
    steps=[("put", 1, 5, "a"), ("put", 2, 6, "b"), ("empty",), ("put", 1, 7, "c")], part_docs=1
)
@example(
    steps=[("put", 1, 5, "a"), ("put", 2, 1, "a"), ("compact",), ("empty",), ("put", 1, 3, "c")],
    part_docs=2,
)
def test_one_table_read_alone_agrees_with_a_full_open(
    kit: Any, monkeypatch: pytest.MonkeyPatch, steps: list[tuple[Any, ...]], part_docs: int
) -> None:
    monkeypatch.setattr(layout, "PART_DOCS", part_docs)
    if kit.path.exists():
        kit.path.unlink()
    vault = kit.create()
    try:
        for step in steps:
            _apply(vault, step)
    finally:
        vault.close()
    with Vault.open(kit.path, kit.passphrase, read_only=True) as whole:
        expected = dict(whole._storage.tables.get("ledger", {}))
        expected_totals = whole.ledger.totals(["a"])
    parts = list(scan_table(kit.path, kit.passphrase, "ledger"))
    seen: dict[str, Any] = {}
    for part in parts:
        assert not seen.keys() & part.keys(), "a document given twice"
        assert len(part) <= max(part_docs, len(expected))
        seen.update(part)
    assert seen == expected
    assert Vault.read_balances(kit.path, kit.passphrase, ["a"]) == expected_totals


def test_a_snapshot_is_written_in_parts_of_bounded_size(
    kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layout, "PART_DOCS", 10)
    vault = kit.create()
    vault.ledger.add_many([kit.entry(cents) for cents in range(1, 26)])  # 25 entries
    vault.clients.add(kit.client())
    vault.compact()
    info = vault.info()
    vault.close()
    # the index; ledger 10 + 10 + 5; clients 1; meta 1; the ledger's summary 1 (its head:
    # these entries are of no mission, expense or payout); the empty tables have no part
    assert info["snapshot_records"] == 1 + 3 + 1 + 1 + 1
    assert info["journal_records"] == 0
    with Vault.open(kit.path, kit.passphrase, read_only=True) as again:
        assert sorted(e.amount_cents for e in again.ledger.list()) == list(range(1, 26))
        assert again.counts()["clients"] == 1


def test_an_empty_table_survives_a_compaction(kit: Any) -> None:
    vault = kit.create()
    vault.db.table("kept_empty").insert({"x": 1})
    vault.db.table("kept_empty").truncate()
    vault.compact()
    vault.close()
    with Vault.open(kit.path, kit.passphrase, read_only=True) as again:
        assert again.counts().get("kept_empty") == 0


def test_balances_read_alone_include_the_journal_and_a_torn_tail_is_dropped(kit: Any) -> None:
    vault = kit.create()
    vault.ledger.add(kit.entry(50_000))
    vault.compact()
    vault.ledger.add(kit.entry(-1_250, "stamps"))  # journal only
    vault.close()
    assert Vault.read_balances(kit.path, kit.passphrase, ["costs"]) == {
        "costs": 0,
        "taxes": 48_750,
    }
    data = kit.path.read_bytes()
    torn = data + layout.frame(bytes(60))[:30]  # a change that did not finish reaching the disk
    kit.path.write_bytes(torn)
    assert Vault.read_balances(kit.path, kit.passphrase, []) == {"taxes": 48_750}
    assert kit.path.read_bytes() == torn  # a reader never writes
    kit.path.write_bytes(data[:-3])  # an acknowledged change cut off: behind the mark
    with pytest.raises(VaultRolledBack, match="holds 3 changes but its high-water mark says 4"):
        Vault.read_balances(kit.path, kit.passphrase, [])


def _v1_copy(tmp_path: Path) -> Path:
    path = tmp_path / "v" / "vault.hops"
    path.parent.mkdir(mode=0o700)
    shutil.copyfile(GOLDEN_V1, path)
    return path


def test_an_older_vault_that_cannot_be_upgraded_yet_still_opens_and_takes_changes(
    tmp_path: Path, faults: Any
) -> None:
    path = _v1_copy(tmp_path)
    faults.fail("replace", errno.ENOSPC)  # the rewrite's rename: disk full
    vault = Vault.open(path, GOLDEN_PASSPHRASE)
    try:
        assert any("older format" in w for w in vault.warnings)
        assert crypto.parse_header(path.read_bytes())[0].version == 1
        vault.db.table("later").insert({"kept": True})  # appended to the version-1 journal
        faults.clear()
    finally:
        vault.close()
    with Vault.open(path, GOLDEN_PASSPHRASE, read_only=True) as again:
        assert again.db.table("later").all() == [{"kept": True}]
    with Vault.open(path, GOLDEN_PASSPHRASE) as upgraded:  # the next open upgrades it
        assert upgraded.info()["format_version"] == crypto.FORMAT_VERSION
        assert upgraded.db.table("later").all() == [{"kept": True}]


def test_an_upgraded_vault_takes_a_new_passphrase(tmp_path: Path) -> None:
    path = _v1_copy(tmp_path)
    with Vault.open(path, GOLDEN_PASSPHRASE) as vault:
        vault.change_passphrase("a new golden passphrase", kdf=crypto.KdfParams.fast())
    with Vault.open(path, "a new golden passphrase", read_only=True) as again:
        assert again.info()["format_version"] == crypto.FORMAT_VERSION
        assert sum(again.ledger.balances().values()) == 120_000 - 4_900


def test_a_long_journal_that_cannot_be_compacted_on_open_still_opens(
    kit: Any, faults: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from homeops.storage import vault as vault_module

    monkeypatch.setattr(vault_module, "_COMPACT_MIN_BYTES", 0)
    vault = kit.create()
    for cents in range(1, 30):
        vault.ledger.add(kit.entry(cents))  # a journal longer than the snapshot
    vault._storage.file.close()  # leave without the compaction close() would make
    vault._lock.release()
    faults.fail("replace", errno.ENOSPC)
    again = kit.open()
    assert any("not compacted" in w for w in again.warnings)
    again.ledger.add(kit.entry(1_000))
    faults.clear()
    again.close()
    with Vault.open(kit.path, kit.passphrase, read_only=True) as reread:
        assert reread.info()["journal_records"] == 0  # close compacted once the disk had room
        assert sum(reread.ledger.balances().values()) == sum(range(1, 30)) + 1_000


def test_closing_in_a_hurry_leaves_the_compaction_to_the_next_open(
    kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from homeops.storage import vault as vault_module

    monkeypatch.setattr(vault_module, "_COMPACT_MIN_BYTES", 0)
    vault = kit.create()
    for cents in range(1, 10):
        vault.ledger.add(kit.entry(cents))
    vault.close(compact=False)  # a hang-up: the lock goes at once, the journal stays
    with Vault.open(kit.path, kit.passphrase, read_only=True) as reread:
        assert reread.info()["journal_records"] >= 9
    again = kit.open()  # a read-write open compacts the long journal
    assert again.info()["journal_records"] == 0
    assert sum(again.ledger.balances().values()) == sum(range(1, 10))
