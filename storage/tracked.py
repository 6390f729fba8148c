"""What one change of the vault touches: the pre-images it keeps to journal or roll it
back (``Change``), the int-keyed view TinyDB's updaters write through (``TrackedTable``),
and the ledger of a session that read its summary only, which takes new entries and
nothing else (``AppendOnly``). Used by ``storage/tinystore.py``, which says how."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator, MutableMapping
from typing import Any

from homeops.storage.errors import VaultError
from homeops.storage.vaultfile import Op, Tables

ABSENT = object()


class TableNotRead(VaultError):
    """A session opened with some tables only was asked for another: a command that names
    too few tables (homeops/cli's ``reads``), never a user's mistake."""

    def __init__(self, name: str) -> None:
        super().__init__(f"this command did not read the {name} table (a bug: please report it)")
        self.table = name


class Lock:
    """A re-entrant lock that knows whether the calling thread holds it."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._owner: int | None = None
        self._depth = 0

    def __enter__(self) -> None:
        self._lock.acquire()
        self._owner = threading.get_ident()
        self._depth += 1

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
        self._lock.release()

    @property
    def mine(self) -> bool:
        return self._owner == threading.get_ident()


class Change:
    """Pre-images of every document a change touched, to journal it or roll it back.

    A pre-image is the stored document itself: a change that alters a document alters a
    copy put in its place (``TrackedTable.__getitem__``), so the original stays intact
    for rollback and for any reader holding it."""

    def __init__(self) -> None:
        self.before: dict[tuple[str, str], Any] = {}
        self.copied: set[tuple[str, str]] = set()
        self.cleared: dict[str, dict[str, Any]] = {}
        self.created: set[str] = set()  # tables this change brought into memory
        self.top: dict[str, int] = {}  # the largest ids before the change

    def touch(self, table: str, raw: dict[str, Any], key: str) -> None:
        if (table, key) not in self.before:
            self.before[(table, key)] = raw.get(key, ABSENT)

    def tables(self) -> set[str]:
        return {name for name, _key in self.before} | set(self.cleared) | self.created

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
            if old is ABSENT:
                raw.pop(key, None)
            else:
                raw[key] = old
        self.forget_empty_new_tables(tables)


class TrackedTable(MutableMapping[int, Any]):
    """The int-keyed view TinyDB's updaters expect, over the live str-keyed table."""

    def __init__(self, name: str, raw: dict[str, Any], change: Change, top: dict[str, int]) -> None:
        self._name, self._raw, self._change, self._top = name, raw, change, top

    def __getitem__(self, doc_id: int) -> Any:
        key = str(doc_id)
        doc = self._raw[key]
        self._change.touch(self._name, self._raw, key)
        if (self._name, key) not in self._change.copied:  # the caller may alter it in place
            self._change.copied.add((self._name, key))
            doc = self._raw[key] = copy.deepcopy(doc)
        return doc

    def __setitem__(self, doc_id: int, doc: Any) -> None:
        key = str(doc_id)
        self._change.touch(self._name, self._raw, key)
        self._raw[key] = doc
        if doc_id > self._top.get(self._name, 0):  # never lowered: a removed id is not reused
            self._top[self._name] = doc_id

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
        self._top[self._name] = 0  # as stock TinyDB: an emptied table starts again at 1


class AppendOnly(TrackedTable):
    """The ledger of a session that read its summary instead (``VaultStorage.summarised``):
    new entries may be added, under ids past the largest it ever held; nothing stored can
    be read, changed or removed."""

    def __init__(
        self, name: str, raw: dict[str, Any], change: Change, top: dict[str, int], least: int
    ) -> None:
        super().__init__(name, raw, change, top)
        self._least = least  # the first id no stored entry has

    def __getitem__(self, doc_id: int) -> Any:
        raise TableNotRead(self._name)

    def __setitem__(self, doc_id: int, doc: Any) -> None:
        if doc_id < self._least:
            raise TableNotRead(self._name)
        super().__setitem__(doc_id, doc)

    def __delitem__(self, doc_id: int) -> None:
        raise TableNotRead(self._name)

    def __contains__(self, doc_id: object) -> bool:
        if not isinstance(doc_id, int) or doc_id < self._least:  # maybe stored: unknown here
            raise TableNotRead(self._name)
        return super().__contains__(doc_id)

    def __iter__(self) -> Iterator[int]:
        raise TableNotRead(self._name)

    def __len__(self) -> int:
        raise TableNotRead(self._name)

    def clear(self) -> None:
        raise TableNotRead(self._name)
