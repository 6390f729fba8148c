"""How records are framed and how a snapshot is laid out in them (storage/FORMAT.md).

Version 1 kept the whole database in record 0. Version 2 splits the snapshot: record 0 is
an index naming each table and how many records ("parts") hold it, and every part holds at
most ``PART_DOCS`` documents of one table. A reader that needs one table (``homeops
balance`` reads only the ledger) decrypts and decodes only that table's parts, one at a
time, and a writer never holds the whole database as one JSON string.
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Iterator
from typing import Any

from storage import jsoncodec
from storage.errors import VaultDamaged

Tables = dict[str, dict[str, Any]]
Op = list[Any]  # [table, doc_id or None, document or None]; (table, None, None) empties a table

PREFIX = struct.Struct(">II")  # sealed length, and its bitwise complement
MASK = 0xFFFFFFFF
PART_DOCS = 1024  # documents per snapshot part: about 0.2-1.5 MB of JSON


def frame(sealed: bytes) -> bytes:
    return PREFIX.pack(len(sealed), len(sealed) ^ MASK) + sealed


def snapshot_plaintexts(tables: Tables, part_docs: int | None = None) -> Iterator[bytes]:
    """Record 0 (the index), then every part, encoded one at a time."""
    part_docs = part_docs or PART_DOCS
    index = [[name, -(-len(docs) // part_docs)] for name, docs in tables.items()]
    yield jsoncodec.encode(index)
    for docs in tables.values():
        items = iter(docs.items())
        while part := dict(itertools.islice(items, part_docs)):
            yield jsoncodec.encode(part)


def parse_index(plain: bytes) -> list[tuple[str, int]]:
    """The tables of a version-2 snapshot and how many parts each has."""
    try:
        index = jsoncodec.decode(plain)
    except ValueError:
        index = None
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
