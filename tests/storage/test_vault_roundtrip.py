"""Round trip: what goes in comes back out after close and reopen, with TinyDB's semantics."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document

from homeops.rules.bounds import AMOUNT_MAX_CENTS
from homeops.rules.model import Client, LedgerEntry, Mission, StageMove
from homeops.rules.text import line_problem
from homeops.storage import VaultError
from homeops.storage.errors import ValueNotStorable
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "round trip passphrase"

# The vault keeps whole numbers within signed 64 bits (storage/jsoncodec.py).
json_scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
documents = st.dictionaries(st.text(max_size=10), json_values, max_size=5)


def _reopen(path: Path) -> Vault:
    return Vault.open(path, PASSPHRASE, read_only=True)


def _nonempty(export: dict[str, Any]) -> dict[str, Any]:
    """An export without empty tables (see test_write_that_changes_nothing_...)."""
    tables = {name: docs for name, docs in export["tables"].items() if docs}
    return {**export, "tables": tables}


@settings(max_examples=25, deadline=None, derandomize=True)
@given(singles=st.lists(documents, max_size=6), batch=st.lists(documents, max_size=6))
def test_hypothesis_documents_survive_close_and_reopen(
    singles: list[dict[str, Any]], batch: list[dict[str, Any]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "v" / "vault.hops"
        with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
            table = vault.db.table("docs")
            ids = [table.insert(doc) for doc in singles]
            ids += table.insert_multiple(batch)
            assert ids == list(range(1, len(ids) + 1))
            before = vault.export_data()
        expected = singles + batch
        vault = _reopen(path)
        try:
            got = vault.db.table("docs").all()
            assert [dict(d) for d in got] == expected
            assert [d.doc_id for d in got] == ids
            assert _nonempty(vault.export_data()) == _nonempty(before)
        finally:
            vault.close()
        with Vault.open(path, PASSPHRASE) as vault:  # read-write session agrees too
            assert _nonempty(vault.export_data()) == _nonempty(before)


# What the repositories' schema takes (storage/schema.py): one line of text, bounded cents.
texts = st.text(max_size=30).filter(lambda t: line_problem(t, "text") is None)
names = texts.filter(str.strip)


@st.composite
def missions(draw: st.DrawFn) -> Mission:
    return Mission(
        title=draw(names),
        client_alias=draw(texts),
        stage=draw(st.sampled_from(["lead", "doing", "done"])),
        fee_cents=draw(st.integers(0, AMOUNT_MAX_CENTS)),
        deadline=draw(st.none() | st.just("2026-05-01")),
        deliverables=draw(st.lists(texts, max_size=3)),
        notes=draw(texts),
        archived=draw(st.booleans()),
        history=draw(
            st.lists(
                st.builds(StageMove, at=st.just("2026-01-01T00:00:00"), stage=names), max_size=3
            )
        ),
    )


@settings(max_examples=25, deadline=None, derandomize=True)
@given(
    clients=st.lists(st.builds(Client, alias=names, notes=texts), max_size=4),
    jobs=st.lists(missions(), max_size=3),
    entries=st.lists(
        st.builds(
            LedgerEntry,
            date=st.just("2026-01-02"),
            description=texts,
            amount_cents=st.integers(-AMOUNT_MAX_CENTS, AMOUNT_MAX_CENTS),
            envelope=names,
        ),
        max_size=4,
    ),
)
def test_repository_records_survive_close_and_reopen(
    clients: list[Client], jobs: list[Mission], entries: list[LedgerEntry]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "v" / "vault.hops"
        with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
            for c in clients:
                vault.clients.add(c)
            for m in jobs:
                vault.missions.add(m)
            vault.ledger.add_many(entries)
        vault = _reopen(path)
        try:
            assert vault.clients.list() == clients
            assert vault.missions.list() + vault.missions.list(archived=True) == sorted(
                jobs, key=lambda m: (m.archived, m.id)
            )
            assert vault.ledger.list() == entries
            for c in clients:
                assert c.id is not None
                assert vault.clients.get(c.id) == c
        finally:
            vault.close()


# -- TinyDB semantics, checked against stock TinyDB on MemoryStorage ---------------------


def _script(db: TinyDB) -> list[Any]:
    """The same changes on any TinyDB; returns what each call returned."""
    t = db.table("things")
    q = Query()
    out: list[Any] = []
    out.append(t.insert({"name": "a", "n": 1, "tags": ["x"]}))
    out.append(
        t.insert_multiple([{"name": "b", "n": 2}, {"name": "c", "n": 3, "deep": {"k": [1]}}])
    )
    out.append(t.update({"n": 10}, q.name == "a"))
    out.append(t.update({"flag": True}, doc_ids=[2, 3, 99]))

    def bump(doc: Any) -> None:
        doc["n"] += 1
        doc.setdefault("tags", []).append("bumped")

    out.append(t.update(bump, q.n >= 3))
    out.append(t.update({"everyone": 1}))
    out.append(t.upsert({"name": "b", "n": 20}, q.name == "b"))
    out.append(t.upsert({"name": "d", "n": 4}, q.name == "d"))
    out.append(t.upsert(Document({"name": "e"}, doc_id=7), None))
    out.append(t.remove(q.n == 4))
    out.append(t.remove(doc_ids=[1, 42]))
    out.append(t.insert({"name": "f"}))
    out.append(t.update_multiple([({"m": 1}, q.name == "b"), ({"m": 2}, q.name == "c")]))
    other = db.table("other")
    out.append(other.insert_multiple([{"i": i} for i in range(5)]))
    other.truncate()
    out.append(other.insert({"after": "truncate"}))
    gone = db.table("gone")
    gone.insert({"x": 1})
    db.drop_table("gone")
    out.append(sorted(db.tables() - {"meta", "ledger_sums"}))  # the vault's own tables
    return out


def _contents(db: TinyDB) -> dict[str, dict[int, dict[str, Any]]]:
    return {name: {d.doc_id: dict(d) for d in db.table(name).all()} for name in db.tables()}


def test_vaulttable_behaves_like_stock_tinydb(kit: Any) -> None:
    stock = TinyDB(storage=MemoryStorage)
    expected_out = _script(stock)
    expected = _contents(stock)

    vault = kit.create()
    got_out = _script(vault.db)
    assert got_out == expected_out
    got = _contents(vault.db)
    got.pop("meta")
    got.pop("ledger_sums")  # the ledger's summary, made with the vault
    assert got == expected
    committed = kit.state(vault)
    vault.close()

    vault = kit.open()
    assert vault.export_data() == committed
    reopened = _contents(vault.db)
    reopened.pop("meta")
    reopened.pop("ledger_sums")
    assert reopened == expected
    assert "gone" not in vault.db.tables()


def test_ids_continue_after_reopen(kit: Any) -> None:
    vault = kit.create()
    t = vault.db.table("t")
    assert t.insert_multiple([{"i": i} for i in range(3)]) == [1, 2, 3]
    cid = vault.clients.add(kit.client("first"))
    vault.close()
    vault = kit.open()
    assert vault.db.table("t").insert({"i": 3}) == 4
    assert vault.clients.add(kit.client("second")) == cid + 1
    vault.close()
    assert list(kit.disk()["tables"]["t"]) == ["1", "2", "3", "4"]


def test_transaction_commits_all_in_one_record(kit: Any) -> None:
    vault = kit.create()
    records = vault._storage.file.records
    with vault.transaction():
        vault.clients.add(kit.client("a"))
        vault.missions.add(kit.mission())
        vault.ledger.add(kit.entry())
        vault.db.table("t").insert({"x": 1})
    assert vault._storage.file.records == records + 1
    committed = kit.state(vault)
    vault.close()
    assert kit.disk() == committed


def test_transaction_exception_rolls_back_memory_and_disk(kit: Any) -> None:
    vault = kit.create()
    vault.clients.add(kit.client("keep", "original"))
    t = vault.db.table("t")
    t.insert_multiple([{"i": 1}, {"i": 2}])
    committed = kit.state(vault)
    with pytest.raises(RuntimeError, match="boom"), vault.transaction():
        c = vault.clients.by_alias("keep")
        assert c is not None
        c.notes = "changed"
        vault.clients.update(c)
        vault.clients.add(kit.client("new"))
        t.update({"i": 99}, Query().i == 1)
        t.remove(doc_ids=[2])
        t.truncate()
        t.insert({"i": 3})
        vault.ledger.add(kit.entry())
        raise RuntimeError("boom")
    assert kit.nonempty(vault.export_data()) == committed
    assert vault.clients.by_alias("new") is None
    assert [dict(d) for d in t.all()] == [{"i": 1}, {"i": 2}]
    vault.close()
    assert kit.disk() == committed


def test_search_after_rolled_back_transaction_sees_no_ghosts(kit: Any) -> None:
    """A query cached inside a rolled-back transaction must not outlive the rollback."""
    vault = kit.create()
    t = vault.db.table("t")
    with pytest.raises(RuntimeError), vault.transaction():
        t.insert({"k": 1})
        assert len(t.search(Query().k == 1)) == 1
        raise RuntimeError("abort")
    assert t.all() == []
    assert t.search(Query().k == 1) == []


def test_compact_inside_a_rolled_back_transaction_keeps_nothing_of_it(kit: Any) -> None:
    """A whole-file rewrite during a transaction must not make its uncommitted changes durable."""
    vault = kit.create()
    vault.clients.add(kit.client("kept"))
    committed = kit.state(vault)
    with pytest.raises(RuntimeError), vault.transaction():
        vault.clients.add(kit.client("uncommitted"))
        with pytest.raises(VaultError, match="inside a transaction"):
            vault.compact()
        raise RuntimeError("abort")
    assert vault.export_data() == committed
    vault.close()
    assert kit.disk() == committed


@pytest.mark.parametrize("bad", [object(), 2**63, -(2**63) - 1, 2**64, 1.5, float("nan"), "\ud800"])
def test_non_json_document_is_refused_and_changes_nothing(kit: Any, bad: object) -> None:
    """What the vault never stores is refused with one line, before anything is written:
    no fallback encoder stores a number beyond 64 bits (it read back as a float)."""
    vault = kit.create()
    t = vault.db.table("t")
    t.insert({"ok": 1})
    committed = kit.state(vault)
    with pytest.raises(ValueNotStorable) as refused:
        t.insert({"bad": bad})
    assert "\n" not in str(refused.value) and str(refused.value).startswith("change not saved")
    assert vault.export_data() == committed
    assert t.insert({"ok": 2}) in (2, 3)
    committed = kit.state(vault)
    vault.close()
    assert kit.disk() == committed


def test_write_that_changes_nothing_leaves_memory_and_disk_alike(kit: Any) -> None:
    """An empty insert_multiple journals nothing, so memory must not grow a table either."""
    vault = kit.create()
    assert vault.ledger.add_many([]) == []
    assert vault.db.table("t").insert_multiple([]) == []
    in_session = kit.state(vault)
    counts = vault.counts()
    vault.close()
    assert kit.disk() == in_session
    vault = kit.open()
    assert vault.counts() == counts
