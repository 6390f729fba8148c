"""How records are framed and how a snapshot is laid out in them (storage/FORMAT.md).

Version 1 kept the whole database in record 0. Version 2 splits the snapshot: record 0 is
an index naming each table and how many records ("parts") hold it, and every part holds at
most ``PART_DOCS`` documents of one table. A reader that needs one table (``homeops
balance`` reads only the ledger) decrypts and decodes only that table's parts, one at a
time, and a writer never holds the whole database as one JSON string.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import struct
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from homeops.storage import jsoncodec
from homeops.storage.boards import COLD
from homeops.storage.errors import VaultDamaged

Tables = dict[str, dict[str, Any]]
Op = list[Any]  # [table, doc_id or None, document or None]; (table, None, None) empties a table

PREFIX = struct.Struct(">II")  # sealed length, and its bitwise complement
MASK = 0xFFFFFFFF
PART_DOCS = 1024  # documents per snapshot part: about 0.2-1.5 MB of JSON

# The snapshot writes a cold table's archived documents first, in parts of their own
# ("cold" in the index): a reader of its board steps over them unread (storage/boards.py).
COLD_VERSION = 4  # the first format with cold parts


DIGEST_LEN = 32


@dataclass(frozen=True)
class Chain:
    """Where a vault stands: ``changes`` committed since it was made (a compaction keeps the
    count), ``tip`` the SHA-256 chain over them, and ``mark_key``, which authenticates the
    high-water mark beside the file (None for a file of version 1 or 2, which has none)."""

    changes: int
    tip: bytes
    mark_key: bytes | None

    @classmethod
    def new(cls) -> Chain:
        return cls(0, os.urandom(DIGEST_LEN), os.urandom(DIGEST_LEN))

    def after(self, sealed: bytes) -> Chain:
        """The chain once the journal record ``sealed`` (its nonce, ciphertext and tag) is
        committed: bound to the very bytes on disk, so another copy's change differs."""
        return Chain(self.changes + 1, hashlib.sha256(self.tip + sealed).digest(), self.mark_key)

    def replaced(self, file_id: bytes) -> Chain:
        """The chain once the whole content is replaced (an import) in the file ``file_id``."""
        tip = hashlib.sha256(b"replaced" + self.tip + file_id).digest()
        return Chain(self.changes + 1, tip, self.mark_key)


def frame(sealed: bytes) -> bytes:
    return PREFIX.pack(len(sealed), len(sealed) ^ MASK) + sealed


def snapshot_plaintexts(
    tables: Tables,
    chain: Chain,
    *,
    checked: bool = True,
    part_docs: int | None = None,
    version: int = COLD_VERSION,
) -> Iterator[bytes]:
    """Record 0 (the index, with the chain), then every part, encoded one at a time.

    ``checked=False`` walks every value for numbers the vault never stores (an import's
    tables); the live tables were checked on their way into memory. ``version`` 3 writes
    no cold parts (tests make older files with it)."""
    assert chain.mark_key is not None
    part_docs = part_docs or PART_DOCS
    runs = {name: _runs(name, docs, version) for name, docs in tables.items()}
    counts = {name: [_parts(len(run), part_docs) for run in table] for name, table in runs.items()}
    index: dict[str, Any] = {
        "tables": [[name, sum(parts)] for name, parts in counts.items()],
        "changes": chain.changes,
        "tip": chain.tip.hex(),
        "mark_key": chain.mark_key.hex(),
    }
    if version >= COLD_VERSION:  # a cold table's first run is its archived documents
        index["cold"] = [[name, counts[name][0]] for name in COLD if name in counts]
    yield jsoncodec.encode(index)
    for table in runs.values():
        for run in table:
            items = iter(run)
            while part := dict(itertools.islice(items, part_docs)):
                yield jsoncodec.encode(part, checked=checked)


def _parts(docs: int, part_docs: int) -> int:
    return -(-docs // part_docs)


def _runs(name: str, docs: dict[str, Any], version: int) -> list[Collection[tuple[str, Any]]]:
    """A table's documents in the order they are written: for a cold table, its archived
    documents first, then the others, each run in parts of its own (never mixed)."""
    field = COLD.get(name)
    if field is None or version < COLD_VERSION:
        return [docs.items()]
    cold: list[tuple[str, Any]] = []
    warm: list[tuple[str, Any]] = []
    for item in docs.items():
        (cold if item[1].get(field) is True else warm).append(item)
    return [cold, warm]


# Where the chain starts for a file of version 1 or 2, which does not record one.
UNCHAINED = Chain(0, bytes(DIGEST_LEN), None)


@dataclass(frozen=True)
class Index:
    """A snapshot's index: its tables in order with their parts, the chain, and per cold
    table how many of its first parts hold archived documents only (format 4)."""

    tables: list[tuple[str, int]]
    chain: Chain
    cold: dict[str, int]


_KEYS = {"tables", "changes", "tip", "mark_key"}


def parse_index(plain: bytes, version: int) -> Index:
    """The index of a snapshot of version 2 or later (``VaultDamaged`` if it is not one)."""
    try:
        index = jsoncodec.decode(plain)
    except ValueError:
        index = None
    if version == 2:
        return Index(_tables_of(index), UNCHAINED, {})
    keys = _KEYS | {"cold"} if version >= COLD_VERSION else _KEYS
    if not isinstance(index, dict) or set(index) != keys:
        raise VaultDamaged("the snapshot's index is unreadable")
    changes, tip, key = index["changes"], _digest(index["tip"]), _digest(index["mark_key"])
    if type(changes) is not int or changes < 0 or tip is None or key is None:
        raise VaultDamaged("the snapshot's index is unreadable")
    tables = _tables_of(index["tables"])
    cold = _cold_of(index["cold"], tables) if "cold" in index else {}
    return Index(tables, Chain(changes, tip, key), cold)


def _cold_of(cold: Any, tables: list[tuple[str, int]]) -> dict[str, int]:
    """``[[table, K], ...]``: each cold table of the file once, K a whole number within its
    parts. A table named twice is refused: its K would count the first parts of each run."""
    parts = dict(tables)
    if len(parts) != len(tables) or not isinstance(cold, list):
        raise VaultDamaged("the snapshot's index is unreadable")
    if not all(
        isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], str)  # (a list or an object as a key: a TypeError)
        and entry[0] in COLD
        and entry[0] in parts
        and type(entry[1]) is int
        and 0 <= entry[1] <= parts[entry[0]]
        for entry in cold
    ):
        raise VaultDamaged("the snapshot's index is unreadable")
    found = {name: k for name, k in cold}
    if len(found) != len(cold) or set(found) != COLD.keys() & parts.keys():
        raise VaultDamaged("the snapshot's index is unreadable")
    return found


def _digest(text: Any) -> bytes | None:
    if not isinstance(text, str) or len(text) != 2 * DIGEST_LEN:
        return None
    try:
        return bytes.fromhex(text)
    except ValueError:
        return None


def _tables_of(index: Any) -> list[tuple[str, int]]:
    if not isinstance(index, list) or not all(
        isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], str)
        and type(entry[1]) is int
        and entry[1] >= 0
        for entry in index
    ):
        raise VaultDamaged("the snapshot's index is unreadable")
    return [(name, parts) for name, parts in index]
