"""The next record id is known from the load (issue 18, point 1): the first change after
opening never walks the table's keys (TinyDB's ``_get_next_id`` did: 23 ms at 100,000), and
the id it gives is the largest id the table holds plus one, whatever brought the table
there: the snapshot, the journal replayed over it, a compaction, an import, or gaps."""

from __future__ import annotations

from typing import Any

import pytest
from tinydb.table import Document

from homeops.storage.errors import VaultError
from homeops.storage.schema_import import CheckedTables
from homeops.storage.tinystore import TableNotRead


class _NoWalk(dict[str, Any]):
    """A live table that fails the test if anything walks its keys."""

    def __iter__(self) -> Any:
        raise AssertionError("the table's keys were walked")

    def keys(self) -> Any:
        raise AssertionError("the table's keys were walked")


def _notes(vault: Any) -> Any:
    return vault.db.table("notes")


def _put(vault: Any, doc_id: int) -> None:
    _notes(vault).insert(Document({"n": doc_id}, doc_id=doc_id))


def test_the_first_insert_after_opening_walks_no_key(kit: Any) -> None:
    vault = kit.create()
    _notes(vault).insert_multiple([{"n": i} for i in range(5)])  # ids 1..5
    vault.close()
    vault = kit.open()
    live = vault._storage.tables
    live["notes"] = _NoWalk(live["notes"])
    assert _notes(vault).insert({"n": 6}) == 6
    assert _notes(vault).insert({"n": 7}) == 7


def test_gaps_the_next_id_follows_the_largest(kit: Any) -> None:
    vault = kit.create()
    for doc_id in (1, 2, 40, 7):  # the largest neither first nor last in the file
        _put(vault, doc_id)
    _notes(vault).remove(doc_ids=[2])
    vault.compact()
    vault.close()
    vault = kit.open()
    assert _notes(vault).insert({"n": 0}) == 41


def test_the_journal_replayed_over_the_snapshot_counts(kit: Any) -> None:
    vault = kit.create()
    _notes(vault).insert_multiple([{"n": i} for i in range(3)])  # in the snapshot
    vault.compact()
    _put(vault, 90)  # in the journal only
    _notes(vault).remove(doc_ids=[2])
    vault.close(compact=False)
    vault = kit.open()
    assert vault.info()["journal_records"] == 2
    assert _notes(vault).insert({"n": 0}) == 91


def test_a_largest_id_removed_before_the_close_is_given_again_as_stock_tinydb_does(
    kit: Any,
) -> None:
    vault = kit.create()
    _notes(vault).insert_multiple([{"n": i} for i in range(5)])
    _notes(vault).remove(doc_ids=[5])
    assert _notes(vault).insert({"n": 0}) == 6  # never reused in the session
    _notes(vault).remove(doc_ids=[6])
    vault.close(compact=False)
    assert _notes(kit.open()).insert({"n": 0}) == 5  # the table's largest is 4 now


def test_compaction_keeps_the_count_going(kit: Any) -> None:
    vault = kit.create()
    _notes(vault).insert_multiple([{"n": i} for i in range(3)])
    vault.compact()
    assert _notes(vault).insert({"n": 0}) == 4
    vault.compact()
    vault.close()
    assert _notes(kit.open()).insert({"n": 0}) == 5


def test_an_import_sets_each_table_s_next_id_from_its_documents(kit: Any) -> None:
    vault = kit.create()
    _notes(vault).insert_multiple([{"n": i} for i in range(30)])
    _notes(vault).insert({"n": 0})  # the table object counts from 31 now
    tables = vault.export_data()["tables"]
    tables["notes"] = {"3": {"n": 3}, "12": {"n": 12}}
    vault.replace_all(CheckedTables(tables))  # (a table of the test's: the schema knows none)
    assert _notes(vault).insert({"n": 0}) == 13
    assert vault.db.table("fresh").insert({"n": 0}) == 1


def test_an_emptied_table_starts_again_at_one(kit: Any) -> None:
    vault = kit.create()
    _notes(vault).insert_multiple([{"n": i} for i in range(3)])
    _notes(vault).truncate()
    assert _notes(vault).insert({"n": 0}) == 1


def test_a_change_rolled_back_leaves_the_next_id_of_a_fresh_table_object(kit: Any) -> None:
    vault = kit.create()
    _notes(vault).insert_multiple([{"n": i} for i in range(3)])
    with pytest.raises(RuntimeError), vault.transaction():
        _put(vault, 500)
        raise RuntimeError("changed my mind")
    vault.close()
    assert _notes(kit.open()).insert({"n": 0}) == 4


def test_a_table_not_read_refuses_reads_and_writes_loudly(kit: Any) -> None:
    vault = kit.create()
    _notes(vault).insert({"n": 1})
    vault.db.table("other").insert({"n": 1})
    vault.close()
    vault = kit.open(tables=["other"])
    assert vault.partial
    for use in (
        lambda: len(_notes(vault)),
        lambda: _notes(vault).insert({"n": 2}),
        lambda: _notes(vault).all(),
        vault.counts,
        vault.compact,
    ):
        with pytest.raises(VaultError) as info:
            use()
        assert isinstance(info.value, TableNotRead) or "some tables only" in str(info.value)
    assert vault.db.table("other").insert({"n": 2}) == 2  # the table it read goes on
    vault.close()
    vault = kit.open()
    assert len(_notes(vault)) == 1 and len(vault.db.table("other")) == 2
