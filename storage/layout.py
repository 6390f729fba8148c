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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from homeops.storage import jsoncodec
from homeops.storage.errors import VaultDamaged

Tables = dict[str, dict[str, Any]]
Op = list[Any]  # [table, doc_id or None, document or None]; (table, None, None) empties a table

PREFIX = struct.Struct(">II")  # sealed length, and its bitwise complement
MASK = 0xFFFFFFFF
PART_DOCS = 1024  # documents per snapshot part: about 0.2-1.5 MB of JSON


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
    tables: Tables, chain: Chain, *, checked: bool = True, part_docs: int | None = None
) -> Iterator[bytes]:
    """Record 0 (the index, with the chain), then every part, encoded one at a time.

    ``checked=False`` walks every value for numbers the vault never stores (an import's
    tables); the live tables were checked on their way into memory."""
    assert chain.mark_key is not None
    part_docs = part_docs or PART_DOCS
    index = {
        "tables": [[name, -(-len(docs) // part_docs)] for name, docs in tables.items()],
        "changes": chain.changes,
        "tip": chain.tip.hex(),
        "mark_key": chain.mark_key.hex(),
    }
    yield jsoncodec.encode(index)
    for docs in tables.values():
        items = iter(docs.items())
        while part := dict(itertools.islice(items, part_docs)):
            yield jsoncodec.encode(part, checked=checked)


# Where the chain starts for a file of version 1 or 2, which does not record one.
UNCHAINED = Chain(0, bytes(DIGEST_LEN), None)


def parse_index(plain: bytes, version: int) -> tuple[list[tuple[str, int]], Chain]:
    """The tables of a version-2 or -3 snapshot, how many parts each has, and the chain."""
    try:
        index = jsoncodec.decode(plain)
    except ValueError:
        index = None
    if version == 2:
        return _tables_of(index), UNCHAINED
    if not isinstance(index, dict) or set(index) != {"tables", "changes", "tip", "mark_key"}:
        raise VaultDamaged("the snapshot's index is unreadable")
    changes, tip, key = index["changes"], _digest(index["tip"]), _digest(index["mark_key"])
    if type(changes) is not int or changes < 0 or tip is None or key is None:
        raise VaultDamaged("the snapshot's index is unreadable")
    return _tables_of(index["tables"]), Chain(changes, tip, key)


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
