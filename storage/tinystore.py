"""A TinyDB storage and table that persist only what changed.

Stock TinyDB reads and rewrites the whole database on every change. Here the data lives
in memory, ``VaultTable`` records which documents a change touched, and ``VaultStorage``
appends just those as one encrypted journal record. A change that cannot be made durable
is rolled back in memory too, so memory always agrees with disk.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from typing import Any

from tinydb import TinyDB
from tinydb.queries import QueryLike
from tinydb.storages import Storage
from tinydb.table import Table

from storage.errors import VaultError, VaultReadOnly
from storage.vaultfile import Op, Tables, VaultFile

_ABSENT = object()


class _Change:
    """Pre-images of every document a change touched, to journal it or roll it back."""

    def __init__(self) -> None:
        self.before: dict[tuple[str, str], Any] = {}
        self.cleared: dict[str, dict[str, Any]] = {}
        self.created: set[str] = set()  # tables this change brought into memory

    def touch(self, table: str, raw: dict[str, Any], key: str) -> None:
        if (table, key) not in self.before:
            self.before[(table, key)] = copy.deepcopy(raw[key]) if key in raw else _ABSENT

    def ops(self, tables: Tables) -> list[Op]:
        ops: list[Op] = [[name, None, None] for name in self.cleared]
        for name, key in self.before:
            doc = tables.get(name, {}).get(key)
            ops.append([name, key, doc])
        return ops

    def forget_empty_new_tables(self, tables: Tables) -> None:
        """A table made only to be looked at stays out of memory, as it is out of the file."""
        for name in self.created:
            if not tables.get(name, True):
                del tables[name]

    def roll_back(self, tables: Tables) -> None:
        for name, old in self.cleared.items():
            tables[name] = old
        for (name, key), old in self.before.items():
            raw = tables.setdefault(name, {})
            if old is _ABSENT:
                raw.pop(key, None)
            else:
                raw[key] = old
        self.forget_empty_new_tables(tables)


class _TrackedTable(MutableMapping[int, Any]):
    """The int-keyed view TinyDB's updaters expect, over the live str-keyed table."""

    def __init__(self, name: str, raw: dict[str, Any], change: _Change) -> None:
        self._name, self._raw, self._change = name, raw, change

    def __getitem__(self, doc_id: int) -> Any:
        key = str(doc_id)
        doc = self._raw[key]
        self._change.touch(self._name, self._raw, key)  # the caller may mutate it in place
        return doc

    def __setitem__(self, doc_id: int, doc: Any) -> None:
        key = str(doc_id)
        self._change.touch(self._name, self._raw, key)
        self._raw[key] = doc

    def __delitem__(self, doc_id: int) -> None:
        key = str(doc_id)
        self._change.touch(self._name, self._raw, key)
        del self._raw[key]

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self._raw

    def __iter__(self) -> Iterator[int]:
        return (int(key) for key in list(self._raw))

    def __len__(self) -> int:
        return len(self._raw)

    def clear(self) -> None:
        if self._name not in self._change.cleared:
            self._change.cleared[self._name] = dict(self._raw)
        self._raw.clear()


class VaultStorage(Storage):
    """TinyDB storage over an open ``VaultFile``; ``read`` hands out the live tables."""

    def __init__(self, file: VaultFile | None, tables: Tables) -> None:
        self.file = file  # None: read-only session
        self.tables = tables
        self._change: _Change | None = None
        self._depth = 0

    def read(self) -> Tables:
        return self.tables

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def write(self, data: Tables) -> None:
        """Whole-database writes (drop_table and friends): rewrite the file, then swap."""
        if self.file is None:
            raise VaultReadOnly()
        if self.in_transaction:
            raise VaultError("the vault cannot be rewritten inside a transaction")
        self.file.rewrite(data)
        self.tables = data

    def close(self) -> None:
        if self.file is not None:
            self.file.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Changes inside become one durable record, or none of them happen."""
        if self.file is None:
            raise VaultReadOnly()
        if self._depth == 0:
            self._change = _Change()
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                change, self._change = self._change, None
                assert change is not None
                change.roll_back(self.tables)
            raise
        self._depth -= 1
        if self._depth == 0:
            change, self._change = self._change, None
            assert change is not None
            self._commit(change)

    def _commit(self, change: _Change) -> None:
        assert self.file is not None
        ops = change.ops(self.tables)
        if not ops:
            change.forget_empty_new_tables(self.tables)
            return
        try:
            self.file.append(ops)
        except BaseException:
            change.roll_back(self.tables)
            raise

    def update_table(self, name: str, updater: Callable[[_TrackedTable], None]) -> None:
        with self.transaction():
            assert self._change is not None
            if name not in self.tables:
                self._change.created.add(name)
            raw = self.tables.setdefault(name, {})
            updater(_TrackedTable(name, raw, self._change))


class VaultTable(Table):
    """A TinyDB table whose writes touch only the documents they change."""

    _storage: VaultStorage

    def _update_table(self, updater: Callable[[dict[int, Mapping[str, Any]]], None]) -> None:
        try:
            self._storage.update_table(self.name, updater)  # type: ignore[arg-type]
        finally:
            self.clear_cache()

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
        ids = list(doc_ids) if doc_ids is not None else self._matching(cond)
        return super().update(fields, doc_ids=ids)

    def update_multiple(self, updates: Iterable[tuple[Any, QueryLike]]) -> list[int]:
        updated: list[int] = []
        with self._storage.transaction():
            for fields, cond in updates:
                updated.extend(self.update(fields, cond))
        return updated

    def remove(
        self, cond: QueryLike | None = None, doc_ids: Iterable[int] | None = None
    ) -> list[int]:
        if doc_ids is None and cond is None:
            raise RuntimeError("Use truncate() to remove all documents")
        ids = list(doc_ids) if doc_ids is not None else self._matching(cond)
        return super().remove(doc_ids=ids)


class VaultDB(TinyDB):
    table_class = VaultTable

    # TinyDB's own drop_table deletes from the live tables before writing: if the write
    # failed, memory would have lost a table the file still has. Write a new dict instead.
    def drop_table(self, name: str) -> None:
        tables = self.storage.read() or {}
        if name in tables:
            self.storage.write({key: docs for key, docs in tables.items() if key != name})
        self._tables.pop(name, None)

    def drop_tables(self) -> None:
        self.storage.write({})
        self._tables.clear()

    def clear_all_caches(self) -> None:
        """TinyDB's clear_cache only reaches the default table."""
        for table in self._tables.values():
            table.clear_cache()


def open_db(storage: VaultStorage) -> VaultDB:
    """A TinyDB over an already-loaded ``VaultStorage``."""
    return VaultDB(storage=lambda: storage)
