"""A table read as its board only (``boards.BOARD_MISSIONS``), read whole when first
needed: ``BoardGuarded``, the part of ``VaultTable`` (storage/tinystore.py) that asks for
the whole table before whatever could need an archived document (a query, an id not on
the board, every document, a count, a write), and ``BoardRead``, the part of
``VaultStorage`` that then reads the rest (``reading.ColdParts``). TinyDB 4.8-4.x's
``Table``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol, cast

from tinydb.queries import QueryLike
from tinydb.table import Document, Table

from homeops.storage.reading import ColdParts
from homeops.storage.tracked import Change, Lock
from homeops.storage.vaultfile import Tables


class Guard(Protocol):
    """What of ``VaultStorage`` the guard asks."""

    def board_only(self, name: str) -> bool: ...
    def whole_table(self, name: str) -> None: ...
    def archived_read(self, name: str) -> None: ...
    def transaction(self) -> AbstractContextManager[None]: ...


class BoardRead:
    """The storage's side: which tables hold their board only, and reading the rest."""

    only: frozenset[str] | None
    memory: Lock
    _tables: Tables
    _generation: dict[str, int]
    _readers: dict[str, set[int]]
    _top: dict[str, int]
    _change: Change | None
    _cold: dict[str, ColdParts]  # per table read as its board, or later: what the rest needs
    archived_reads = 0  # how many tables were read whole after their board

    def board_only(self, name: str) -> bool:
        """Whether this session holds of ``name`` only its documents not archived (its
        board, ``boards.board``): they read as the table until something needs the others
        (``archived_read``); or nothing yet, for a table read later (``read_vault``'s
        ``later``): then any read reads it (``table_for_reading``)."""
        return name in self._cold

    def read_later(self, name: str) -> None:
        """Read ``name`` now if this session holds it to read later (nothing stands for it
        meanwhile): before any read of it."""
        rest = self._cold.get(name)
        if rest is not None and not rest.board_stands:
            self.archived_read(name)

    def read_everything(self) -> None:
        """Read every table held in part: before a whole-file rewrite, a count, an export."""
        for name in list(self._cold):
            self.archived_read(name)

    def archived_read(self, name: str) -> None:
        """In a session that holds ``name``'s board only, read the rest now: the table then
        holds what a whole read gives (the journal replayed over every part), swapped in
        under ``memory`` as a new dict (a reader keeps the board it holds), and the kept
        plaintexts are freed. Nothing for any other table."""
        if not self.board_only(name):
            return
        with self.memory:
            if not self.board_only(name):  # another thread read it meanwhile
                return
            table = self._cold[name].whole()  # damaged: kept, to say so again if asked
            if name in self._tables:  # (absent from a whole read too: it held none)
                self._tables[name] = table
            self._readers.pop(name, None)
            self._generation[name] = self._generation.get(name, 0) + 1
            if name in self._top:  # a writing session's: ids go on from the largest the
                # table holds, which was empty when they were counted (and a change open in
                # this thread that rolls back keeps that count)
                top = max(self._top[name], max(map(int, table), default=0))
                self._top[name] = top
                if self._change is not None:
                    self._change.top[name] = max(self._change.top.get(name, 0), top)
            if self.only is not None:  # (a table read later: every table was asked for)
                self.only = self.only | {name}
            self.archived_reads += 1
            # Last: a thread that finds it gone reads the tables without waiting for this
            # one (``tables``, a compaction): by then they hold it whole, its ids counted.
            del self._cold[name]


class BoardGuarded(Table):
    _storage: Any  # a VaultStorage (a ``Guard``)

    @property
    def _guard(self) -> Guard:
        return cast(Guard, self._storage)

    def _whole(self) -> None:
        self._guard.whole_table(self.name)

    def _writing(self) -> AbstractContextManager[None]:
        # A write needs the whole table: read first (a read-only session then refuses it).
        self._guard.archived_read(self.name)
        return self._guard.transaction()

    def all(self) -> list[Document]:
        self._whole()
        return super().all()

    def __len__(self) -> int:
        self._whole()
        return super().__len__()

    def __iter__(self) -> Iterator[Document]:
        self._whole()
        return super().__iter__()

    def get(
        self,
        cond: QueryLike | None = None,
        doc_id: int | None = None,
        doc_ids: list[Any] | None = None,
    ) -> Any:
        found: Any = cast(Any, super().get)
        if self._guard.board_only(self.name):
            on_board = found(doc_id=doc_id) if doc_id is not None else None
            if on_board is not None:
                return on_board
            self._whole()  # a query, or an id not on the board: perhaps an archived one
        return found(cond, doc_id, doc_ids)
