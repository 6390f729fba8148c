"""The part of ``VaultTable`` (storage/tinystore.py) that guards a table read as its board
only (``boards.BOARD_MISSIONS``): such a session holds the documents not archived, so what
could need the others (a query, an id not on the board, every document, a count, a write)
raises ``TableNotRead`` instead of answering from these. TinyDB 4.8-4.x's ``Table``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol, cast

from tinydb.queries import QueryLike
from tinydb.table import Document, Table


class Guard(Protocol):
    """What of ``VaultStorage`` the guard asks."""

    def board_only(self, name: str) -> bool: ...
    def whole_table(self, name: str) -> None: ...
    def archived_read(self, name: str) -> None: ...
    def transaction(self) -> AbstractContextManager[None]: ...


class BoardGuarded(Table):
    _storage: Any  # a VaultStorage (a ``Guard``)

    @property
    def _guard(self) -> Guard:
        return cast(Guard, self._storage)

    def _whole(self) -> None:
        self._guard.whole_table(self.name)

    def _writing(self) -> AbstractContextManager[None]:
        # A write needs the whole table: said before "read-only" (other checks follow).
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
        if not self._guard.board_only(self.name):
            return found(cond, doc_id, doc_ids)
        found = found(doc_id=doc_id) if doc_id is not None else None
        if found is None:  # a query, or an id not on the board: perhaps an archived one
            self._whole()
        return found
