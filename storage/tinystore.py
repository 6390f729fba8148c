"""A TinyDB storage and table that persist only what changed.

Stock TinyDB reads and rewrites the whole database on every change. Here the data lives
in memory, ``VaultTable`` records which documents a change touched, and ``VaultStorage``
appends just those as one encrypted journal record. A change that cannot be made durable
is rolled back in memory too, so memory always agrees with disk.

Threads (the console's workers beside its UI): one writer at a time. ``writer`` is held by
every change and every whole-file rewrite (and, through ``Vault.long_write``, by a long
write's whole span); ``memory`` is held while a change alters the live tables, and by a
reader while it takes a table (so it never sees half a change). A table handed to a
reader is never altered in place by another thread afterwards: such a change first puts
a copy of the table in its place (once, until the next reader), and a change never alters
a document in place either (it writes a copy). So whatever a reader holds stays whole, and
a console used from one thread pays nothing for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from typing import Any, cast

from tinydb import TinyDB
from tinydb.queries import QueryLike
from tinydb.storages import Storage
from tinydb.table import Document

from homeops.rules.bounds import ID_MAX
from homeops.storage import crypto, ledger_sums
from homeops.storage.board_table import BoardGuarded, BoardRead
from homeops.storage.errors import ValueNotStorable, VaultError, VaultReadOnly
from homeops.storage.ledger_sums import LEDGER, SUMS
from homeops.storage.reading import ColdParts
from homeops.storage.tracked import (
    ABSENT,
    AppendOnly,
    Change,
    Lock,
    TableNotRead,
    TrackedTable,
)
from homeops.storage.vaultfile import Tables, VaultFile

__all__ = ["TableNotRead", "VaultDB", "VaultStorage", "VaultTable", "open_db"]


class VaultStorage(BoardRead, Storage):
    """TinyDB storage over an open ``VaultFile``; ``read`` hands out the live tables.

    The ledger's summary (``storage/ledger_sums.py``) is kept here, in the record of every
    change of the ledger, whatever wrote it; ``sums_ok`` says whether the summary in memory
    stands for the ledger (read so from the file, or computed since)."""

    def __init__(
        self,
        file: VaultFile | None,
        tables: Tables,
        only: frozenset[str] | None = None,
        sums_ok: bool = False,
        cold: dict[str, ColdParts] | None = None,
    ) -> None:
        self.file = file  # None: read-only session
        self.only = only  # the tables read from the file, when not all of them were
        self._cold = dict(cold or {})  # what reading a table held as its board needs
        self.sums_ok = sums_ok
        self._tables = tables
        self._top: dict[str, int] = {}  # each table's largest id, known from the load
        if file is not None:
            self._top = _largest_ids(tables)
        self.writer = Lock()  # one writer at a time: changes, rewrites, long writes
        self.memory = Lock()  # the live tables are being changed, or walked
        self._change: Change | None = None
        self._depth = 0
        self._generation: dict[str, int] = {}  # bumped by every change to a table
        self._readers: dict[str, set[int]] = {}  # threads handed a table's live dict

    @property
    def tables(self) -> Tables:
        """The live tables, a table read later read first (an empty one would be written or
        counted as such): for a rewrite, a count, an export. (A read-only session's board
        stays its board.)"""
        for name in list(self._cold):
            self.read_later(name)
        return self._tables

    @tables.setter
    def tables(self, tables: Tables) -> None:
        with self.memory:
            self._cold.clear()  # (the new tables are whole)
            self._tables = tables
            self._top = _largest_ids(tables)
            self._readers.clear()
            for name in tables:
                self._generation[name] = self.generation(name) + 1

    def sizes(self) -> dict[str, int]:
        """Documents per table. A ledger read later is counted by its summary when that
        stands for it (it counts every entry: storage/ledger_sums.py), so counting does not
        read it; else it is read first, as by ``tables``."""
        rest = self._cold.get(LEDGER)
        head = self._tables.get(SUMS, {}).get(ledger_sums.HEAD)
        if rest is None or rest.board_stands or not self.sums_ok or head is None:
            return {name: len(docs) for name, docs in self.tables.items()}
        with self.memory:
            found = {name: len(docs) for name, docs in self._tables.items()}
            if LEDGER in self._cold:  # (still unread: another thread may have read it)
                found[LEDGER] = int(head["count"])
            return found

    def read(self) -> Tables:
        return self.tables  # TinyDB's drop_table writes back what this gives: whole

    def generation(self, name: str) -> int:
        return self._generation.get(name, 0)

    def next_id(self, name: str) -> int:
        """The id after the largest ``name`` has held since the load: O(1), so the first
        change after opening costs what the others do (TinyDB would walk every key)."""
        if self.summarised(name):
            return max(self._top.get(name, 0), self._sums_max_id()) + 1
        self.whole_table(name)
        return self._top.get(name, 0) + 1

    def summarised(self, name: str) -> bool:
        """Whether this session read ``name`` (the ledger) as its summary only: it may add
        entries to it, and read its figures from the summary (``ledger_sums.figures``). So
        too for a ledger read later, until it is read (a write reads it first)."""
        if name != LEDGER or not self.sums_ok:
            return False
        rest = self._cold.get(LEDGER)
        if rest is not None and not rest.board_stands:
            return True
        return self.only is not None and LEDGER not in self.only and SUMS in self.only

    def _sums_max_id(self) -> int:
        head = self._tables.get(SUMS, {}).get(ledger_sums.HEAD, {})
        largest: int = head.get("max_id", 0)
        return largest

    def ledger_sums(self) -> dict[str, Any]:
        """The summary's documents as they stand (read-only), once no change is half done:
        handed as a table is to a reader (``table_for_reading``)."""
        return self.table_for_reading(SUMS)

    def whole(self) -> None:
        """Refuse a whole-file rewrite in a session that read some tables only: it would
        write the others away."""
        if self.only is not None:
            raise VaultError("this session read some tables only: it cannot rewrite the vault")

    def _readable(self, name: str) -> None:
        """Refuse a table this session did not read from the file: loudly, never as empty
        (a write there would reuse ids the file holds)."""
        if self.only is not None and name not in self.only and not self.board_only(name):
            raise TableNotRead(name)

    def whole_table(self, name: str) -> None:
        """Make sure ``name`` is here whole: read the rest of a table held as its board
        (``archived_read``); refuse a table not read (``TableNotRead``)."""
        self.archived_read(name)
        self._readable(name)

    def table_for_reading(self, name: str) -> dict[str, Any]:
        """The live table, once no change is half done; the reader's thread is noted, so
        that a change from another thread leaves this dict alone (``_own_table``)."""
        self.read_later(name)
        self._readable(name)
        with self.memory:
            table = self._tables.get(name)
            if table is None:
                return {}
            self._readers.setdefault(name, set()).add(threading.get_ident())
            return table

    def _own_table(self, name: str) -> dict[str, Any]:
        """The table a change may alter in place: the live one, unless another thread was
        handed it since its last copy; then a copy takes its place (one C call)."""
        table = self._tables.setdefault(name, {})
        if self._readers.get(name, set()) - {threading.get_ident()}:
            table = self._tables[name] = dict(table)
            self._readers[name] = set()
        return table

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def write(self, data: Tables) -> None:
        """Whole-database writes (drop_table and friends): rewrite the file, then swap."""
        if self.file is None:
            raise VaultReadOnly()
        self.whole()
        with self.writer:
            if self.in_transaction:
                raise VaultError("the vault cannot be rewritten inside a transaction")
            self.rewrite(data, change=True)
            self.tables = data

    def close(self) -> None:
        if self.file is not None:
            self.file.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Changes inside become one durable record, or none of them happen."""
        if self.file is None:
            raise VaultReadOnly()
        with self.writer, self.memory:
            if self._depth == 0:
                self._change = Change()
                self._change.top = dict(self._top)
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    change, self._change = self._change, None
                    assert change is not None
                    self._roll_back(change)
                    self._changed(change)
                raise
            self._depth -= 1
            if self._depth == 0:
                change, self._change = self._change, None
                assert change is not None
                try:
                    self._commit(change)
                finally:
                    self._changed(change)

    def _changed(self, change: Change) -> None:
        for name in change.tables():
            self._generation[name] = self.generation(name) + 1

    def _commit(self, change: Change) -> None:
        assert self.file is not None
        try:  # the summary too: if it fails, memory goes back to what the file holds
            fresh = self._keep_sums(change)
            ops = change.ops(self._tables)
            if not ops:
                change.forget_empty_new_tables(self._tables)
                return
            self.file.append(ops)
        except BaseException:
            self._roll_back(change)
            raise
        if fresh:
            self.sums_ok = True

    def _keep_sums(self, change: Change) -> bool:
        """Put the ledger's summary, as the ledger stands after ``change``, in the change:
        counted afresh when the table was emptied or the summary does not stand for the
        ledger (True then), else by what the change did to each entry."""
        touched = LEDGER in change.cleared or any(name == LEDGER for name, _key in change.before)
        if not touched or (self.only is not None and SUMS not in self.only):
            return False
        assert self.file is not None
        file_id = self.file.header.file_id
        fresh = LEDGER in change.cleared or not self.sums_ok
        if fresh:
            if self.only is not None and LEDGER not in self.only:
                raise VaultError("the ledger's summary does not stand for it (a bug: report it)")
            updates: dict[str, dict[str, Any] | None] = dict.fromkeys(
                self._tables.get(SUMS, {}), None
            )
            updates.update(ledger_sums.compute(self._tables.get(LEDGER, {}), file_id,
                                               self._top.get(LEDGER, 0)))  # fmt: skip
        else:
            ledger = self._tables.get(LEDGER, {})
            entries = [
                (key, None if old is ABSENT else old, ledger.get(key))
                for (name, key), old in change.before.items()
                if name == LEDGER
            ]
            updates = ledger_sums.changed(self._tables.get(SUMS, {}), entries, file_id)
        if SUMS not in self._tables:
            change.created.add(SUMS)
        raw = self._own_table(SUMS)
        for key, doc in updates.items():
            change.touch(SUMS, raw, key)
            if doc is None:
                raw.pop(key, None)
            else:
                raw[key] = doc
        return fresh

    def rewrite(
        self,
        tables: Tables,
        header: crypto.Header | None = None,
        *,
        key: bytes | None = None,
        change: bool = False,
    ) -> None:
        """``VaultFile.rewrite`` with the ledger's summary for the new file (its id is the
        new header's): the summary kept, when it stands for these tables' ledger (a
        compaction), else counted afresh (an import, a new data key, a summary that does
        not stand): the snapshot's summary always stands for its ledger."""
        assert self.file is not None
        header = header or self.file.next_header()
        kept = tables.get(SUMS, {})
        if self.sums_ok and not change and key is None and ledger_sums.HEAD in kept:
            head = {**kept[ledger_sums.HEAD], "file": header.file_id.hex()}
            sums = {**kept, ledger_sums.HEAD: head}
        else:
            sums = ledger_sums.compute(tables.get(LEDGER, {}), header.file_id)
        self.file.rewrite({**tables, SUMS: sums}, header, key=key, change=change)
        tables[SUMS] = sums
        self.sums_ok = True

    def _roll_back(self, change: Change) -> None:
        change.roll_back(self._tables)
        self._top.clear()  # in place: the tracked tables of this change hold the dict
        self._top.update(change.top)

    def update_table(self, name: str, updater: Callable[[TrackedTable], None]) -> None:
        self.read_later(name)  # a change never lands beside a table still to read
        summarised = self.summarised(name)
        if not summarised:
            self.whole_table(name)
        with self.transaction():
            assert self._change is not None
            if name not in self._tables:
                self._change.created.add(name)
            raw = self._own_table(name)
            if summarised:
                updater(AppendOnly(name, raw, self._change, self._top, self.next_id(name)))
            else:
                updater(TrackedTable(name, raw, self._change, self._top))


class VaultTable(BoardGuarded):
    """A TinyDB table whose writes touch only the documents they change.

    Every write runs whole as one transaction (its id allocation and its query included),
    and every read sees whole changes only (see the module's note on threads). Pinned to
    TinyDB 4.8-4.x, whose ``Table`` reads through ``_read_table`` and writes through
    ``_update_table`` (tests/storage/test_vault_threads.py checks the seam)."""

    _storage: VaultStorage
    _cache_generation = -1

    def _read_table(self) -> dict[str, Mapping[str, Any]]:
        return self._storage.table_for_reading(self.name)

    def _get_next_id(self) -> int:
        if self._next_id is None:  # after opening, an import or an id refused: ask the load
            self._next_id = self._storage.next_id(self.name)  # type: ignore[assignment]
        return super()._get_next_id()

    def _update_table(self, updater: Callable[[dict[int, Mapping[str, Any]]], None]) -> None:
        try:
            self._storage.update_table(self.name, updater)  # type: ignore[arg-type]
        finally:
            self.clear_cache()

    def search(self, cond: QueryLike) -> list[Document]:
        self._whole()
        # Under ``memory``: the query cache is one per table, shared by the threads.
        with self._storage.memory:
            generation = self._storage.generation(self.name)
            if generation != self._cache_generation:
                self._query_cache.clear()
                self._cache_generation = generation
            return super().search(cond)

    def insert(self, document: Mapping[str, Any]) -> int:
        with self._writing():
            doc_id = super().insert(document)
            self._addressable([doc_id])
            return doc_id

    def insert_multiple(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        with self._writing():
            doc_ids = super().insert_multiple(documents)
            self._addressable(doc_ids)
            return doc_ids

    def _addressable(self, doc_ids: list[int]) -> None:
        """Refuse (inside the transaction: nothing is kept) a record id past ``ID_MAX``,
        which no command could name: ids go on from the largest in the table."""
        if doc_ids and max(doc_ids) > ID_MAX:
            self._next_id = None
            raise ValueNotStorable(
                f"the {self.name} table has no record id left (ids end at {ID_MAX})"
            )

    def upsert(self, document: Mapping[str, Any], cond: QueryLike | None = None) -> list[int]:
        with self._writing():
            return super().upsert(document, cond)

    def truncate(self) -> None:
        with self._writing():
            super().truncate()

    def _matching(self, cond: QueryLike | None) -> list[int]:
        if cond is None:
            return [int(key) for key in self._read_table()]
        return [doc.doc_id for doc in self.search(cond)]

    def update(
        self,
        fields: Mapping[str, Any] | Callable[[MutableMapping[str, Any]], None],
        cond: QueryLike | None = None,
        doc_ids: Iterable[int] | None = None,
    ) -> list[int]:
        with self._writing():
            ids = list(doc_ids) if doc_ids is not None else self._matching(cond)
            return super().update(fields, doc_ids=ids)

    def update_multiple(self, updates: Iterable[tuple[Any, QueryLike]]) -> list[int]:
        updated: list[int] = []
        with self._writing():
            for fields, cond in updates:
                updated.extend(self.update(fields, cond))
        return updated

    def remove(
        self, cond: QueryLike | None = None, doc_ids: Iterable[int] | None = None
    ) -> list[int]:
        if doc_ids is None and cond is None:
            raise RuntimeError("Use truncate() to remove all documents")
        with self._writing():
            ids = list(doc_ids) if doc_ids is not None else self._matching(cond)
            return super().remove(doc_ids=ids)


class VaultDB(TinyDB):
    table_class = VaultTable

    # TinyDB's own drop_table deletes from the live tables before writing: if the write
    # failed, memory would have lost a table the file still has. Write a new dict instead.
    def drop_table(self, name: str) -> None:
        with cast(VaultStorage, self.storage).writer:
            tables = self.storage.read() or {}
            if name in tables:
                self.storage.write({key: docs for key, docs in tables.items() if key != name})
            self._tables.pop(name, None)

    def drop_tables(self) -> None:
        with cast(VaultStorage, self.storage).writer:
            self.storage.write({})
            self._tables.clear()

    def clear_all_caches(self) -> None:
        """TinyDB's clear_cache only reaches the default table."""
        for table in list(self._tables.values()):  # another thread may open a table
            table.clear_cache()


def _largest_ids(tables: Tables) -> dict[str, int]:
    """Each table's largest document id: one pass in C at the load (7 ms at 100,000)."""
    return {name: max(map(int, docs), default=0) for name, docs in tables.items()}


def open_db(storage: VaultStorage) -> VaultDB:
    """A TinyDB over an already-loaded ``VaultStorage``."""
    return VaultDB(storage=lambda: storage)
