"""Reading a vault file: the whole database, or one table streamed part by part.

Both readers apply the same rules (storage/FORMAT.md): any fault in the header or the
snapshot is damage; in the journal, a record cut short (its length says more bytes than
the file has), zeros where the next record would start, or a last record whose end is
zeros from a 512-byte boundary on, is a torn tail: a write that never finished, so never
acknowledged, dropped with a notice. A whole record that fails authentication is damage,
last or not. Then the file is judged against its high-water mark (storage/mark.py).
Nothing here ever writes.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from homeops.storage import crypto, jsoncodec, ledger_sums, mark
from homeops.storage.boards import COLD, held_as_board
from homeops.storage.errors import VaultDamaged
from homeops.storage.layout import MASK, PREFIX, UNCHAINED, Op, Tables, parse_index

_HEADER_MAX = 512  # the largest header: fixed fields, a 64-byte salt, key, id, checksum
COMPACT_MIN_BYTES = 256 * 1024  # a journal shorter than this is never compacted
_BLOCK = 512  # the smallest unit a disk writes: a power cut can leave whole blocks unwritten
TORN = (
    "the last change in the file was cut short (a write that never finished, so it was "
    "never confirmed); it is ignored"
)
Progress = Callable[[float], None]
Frame = tuple[int, int, int]  # record index, offset of its sealed bytes, their length


class Loaded:
    """What reading a vault file yields."""

    def __init__(self, header: crypto.Header, key: bytes, tables: Tables) -> None:
        self.header = header
        self.key = key
        self.kek: bytes | None = None  # kept only for a version-1 or -2 file, to upgrade it
        self.legacy_passphrase = False  # unwrapped by the passphrase as typed, not its NFC
        self.tables = tables
        self.snapshot_records = 1  # the index and the parts (version 1: the one snapshot)
        self.records = 0  # journal records after the snapshot
        self.end = 0  # offset just past the last good record
        self.size = 0  # file size as found
        self.snapshot_bytes = 0
        self.journal_bytes = 0
        self.base = UNCHAINED  # the chain as the snapshot records it
        self.chain = UNCHAINED  # ... and after the last good journal record
        self.tips: list[bytes] = []  # tips[k]: the tip after k journal records
        self.torn = False
        self.notices: list[str] = []
        self.only: frozenset[str] | None = None  # the tables loaded, when not all of them
        self.sums_ok = False  # the ledger's summary stands for the ledger (ledger_sums.Checker)
        self.cold: dict[str, ColdParts] = {}  # per table read as its board: the rest, undecoded


class ColdParts:
    """What a board read kept of one table to read it whole later, without a second key
    derivation: its cold parts' plaintexts (authenticated, not decoded: decoding is the
    cost), its board parts as read, and the table's journal operations, in order.

    ``board_stands`` False: a table read later (``read_vault``'s ``later``): every part is
    kept and nothing stands for the table meanwhile: any read of it reads it whole."""

    def __init__(self, name: str, version: int, *, board_stands: bool = True) -> None:
        self.name = name
        self.version = version
        self.board_stands = board_stands
        self.parts: list[tuple[int, bytes]] = []  # record index, plaintext
        self.board: dict[str, Any] = {}  # the board parts' documents, before the journal
        self.ops: list[Op] = []

    def whole(self) -> dict[str, Any]:
        """The table as a whole read makes it (in the same order): the snapshot's parts in
        their order, then the journal replayed. Frees what was kept; once only."""
        table: dict[str, Any] = {}
        with gc_paused():
            for index, plain in self.parts:
                docs = _decode(plain, index, self.version)
                if self.board_stands:
                    _check_cold(self.name, docs, index)
                table.update(docs)
        table.update(self.board)
        tables = {self.name: table}
        apply_ops(tables, self.ops)
        self.parts, self.board, self.ops = [], {}, []
        return tables[self.name]


def apply_ops(tables: Tables, ops: list[Op]) -> None:
    for name, doc_id, doc in ops:
        table = tables.setdefault(name, {})
        if doc_id is None:
            table.clear()
        elif doc is None:
            table.pop(doc_id, None)
        else:
            table[doc_id] = doc


def _decode(plain: bytes, index: int, version: int) -> Any:
    try:
        # Encoders before format 3 could write fractions: look for them there only.
        return jsoncodec.decode(plain, fractions=version < 3)
    except ValueError as exc:
        raise VaultDamaged(f"record {index} is unreadable: {exc}") from None


class _Records:
    """Walks the framed records of one open file, telling a torn tail from damage."""

    def __init__(self, stream: BinaryIO, loaded: Loaded, pos: int) -> None:
        self._stream = stream
        self._key = loaded.key
        self._digest = loaded.header.digest
        self.size = loaded.size
        self.pos = pos
        self.index = 0

    def frame(self, journal: bool) -> Frame | None:
        """The next record's place (moving past it), or None for a torn journal tail."""
        rest = self.size - self.pos
        if rest < PREFIX.size:
            return self._torn(journal)
        self._stream.seek(self.pos)
        prefix = self._stream.read(PREFIX.size)
        if len(prefix) < PREFIX.size:  # the file shrank since it was measured (a cut tail)
            return self._torn(journal)
        length, check = PREFIX.unpack(prefix)
        if length ^ MASK != check or length < crypto.NONCE_LEN + crypto.TAG_LEN:
            if journal and not any(prefix) and not any(self._stream.read()):
                return None  # zeros left by a crash while the file was being extended
            raise VaultDamaged(f"record {self.index} has a bad length")
        if length > rest - PREFIX.size:
            return self._torn(journal)
        found = (self.index, self.pos + PREFIX.size, length)
        self.pos += PREFIX.size + length
        self.index += 1
        return found

    def sealed(self, found: Frame) -> bytes:
        _index, offset, length = found
        self._stream.seek(offset)
        return self._stream.read(length)

    def open(self, found: Frame, sealed: bytes | None = None) -> bytes | None:
        """The record's plaintext, or None when it fails authentication."""
        if sealed is None:
            sealed = self.sealed(found)
        return crypto.open_sealed(self._key, sealed, crypto.record_aad(self._digest, found[0]))

    def authentic(self, found: Frame) -> bytes:
        """The record's plaintext; ``VaultDamaged`` when it fails authentication."""
        plain = self.open(found)
        if plain is None:
            raise VaultDamaged(f"record {found[0]} fails authentication")
        return plain

    def snapshot_record(self) -> bytes:
        found = self.frame(journal=False)
        assert found is not None  # a snapshot record is never a torn tail
        return self.authentic(found)

    @staticmethod
    def _torn(journal: bool) -> None:
        if not journal:
            raise VaultDamaged("snapshot truncated")
        return None


def _unwritten_end(found: Frame, sealed: bytes) -> bool:
    """Whether the record ends in zeros from a block boundary of the file on: the last
    blocks of a write that the disk never got (the file was extended, the data not)."""
    _index, offset, length = found
    zeros = length - len(sealed.rstrip(b"\0"))
    first_zero = offset + length - zeros
    boundary = -(-first_zero // _BLOCK) * _BLOCK
    return zeros > 0 and boundary < offset + length


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Decoding builds a large tree: the cyclic GC would walk it again and again.

    Afterwards the tree, long-lived by nature, goes straight to the oldest generation
    (``freeze`` then ``unfreeze`` moves every tracked object there in constant time)
    instead of being walked once more by the next young collection. Skipped when someone
    froze objects on purpose, since ``unfreeze`` would thaw theirs too."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def _unlock(stream: BinaryIO, passphrase: str, report: Progress) -> tuple[Loaded, _Records]:
    size = os.fstat(stream.fileno()).st_size
    header, pos = crypto.parse_header(stream.read(_HEADER_MAX))
    report(0.05)
    key, kek, legacy = crypto.unlock(header, passphrase)
    loaded = Loaded(header, key, {})
    loaded.legacy_passphrase = legacy
    if header.version < crypto.FORMAT_VERSION or legacy:
        loaded.kek = kek
    report(0.35)
    loaded.size = loaded.end = size
    return loaded, _Records(stream, loaded, pos)


def _read_journal(records: _Records, loaded: Loaded, apply: Callable[[list[Op]], None]) -> None:
    loaded.snapshot_records = records.index
    start_of_journal = records.pos
    chain = loaded.base
    loaded.tips = [chain.tip]
    while records.pos < loaded.size:
        start = records.pos
        found = records.frame(journal=True)
        if found is None:
            loaded.end, loaded.torn = start, True
            break
        sealed = records.sealed(found)
        plain = records.open(found, sealed)
        if plain is None:
            if records.pos == loaded.size and _unwritten_end(found, sealed):
                loaded.end, loaded.torn = start, True
                break
            raise VaultDamaged(f"record {found[0]} fails authentication")
        apply(_decode(plain, found[0], loaded.header.version))
        chain = chain.after(sealed)
        loaded.tips.append(chain.tip)
        loaded.records += 1  # counts good records only: the next append's index follows them
    loaded.chain = chain
    loaded.journal_bytes = loaded.end - start_of_journal
    if loaded.torn:
        loaded.notices.append(TORN)


def _judge(loaded: Loaded, path: Path, raw_mark: bytes | None, accept_copy: bool) -> None:
    if accept_copy:
        return
    notice = mark.check(
        raw_mark,
        loaded.header.version,
        loaded.base,
        loaded.tips,
        loaded.chain,
        loaded.header.file_id,
        reread=lambda: mark.read_raw(path),
    )
    if notice:
        loaded.notices.append(notice)


def journal_is_long(journal_bytes: int, snapshot_bytes: int) -> bool:
    """Whether a read-write open compacts: the journal outgrew the snapshot (and 256 KiB)."""
    return journal_bytes > max(COMPACT_MIN_BYTES, snapshot_bytes)


def read_vault(
    path: Path,
    passphrase: str,
    progress: Progress | None = None,
    *,
    accept_copy: bool = False,
    only: Collection[str] | None = None,
    later: Collection[str] = (),
) -> Loaded:
    """Authenticate and load a vault file, and judge it against its high-water mark
    (``VaultRolledBack``; not with ``accept_copy``). Writes nothing.

    ``only``: load just these tables (``Loaded.only``); the other tables' parts are stepped
    over unread, and their journal operations skipped (the chain still covers them). The
    whole file is loaded instead when a session will rewrite it anyway: an older format,
    a key wrapped under the passphrase as typed, or a journal long enough to compact.

    ``only`` naming the ledger's summary (``ledger_sums.SUMS``) but not the ledger: the
    summary stands for it when it may (``ledger_sums.Checker``); when it may not (an older
    vault, a record of a homeops that keeps none), the ledger is loaded too.

    ``only`` naming a table's board (``boards.board("missions")``) but not the table: its
    cold parts are authenticated but not decoded, and once the journal is read every
    archived document is dropped, so the table holds exactly the documents not archived;
    what a whole read needs more is kept in ``Loaded.cold`` (``ColdParts.whole``).

    ``later`` (with every table, ``only`` None): these tables are authenticated but not
    decoded, and their journal operations kept, in ``Loaded.cold``; each is empty until
    read (``ColdParts.whole``). A session that will rewrite the file reads them at once."""
    report = progress or (lambda _f: None)
    raw_mark = mark.read_raw(path)
    ledger_parts: list[Frame] = []  # stepped over: read if the summary cannot stand for them
    with path.open("rb") as stream, gc_paused():
        loaded, records = _unlock(stream, passphrase, report)
        checker = ledger_sums.Checker(loaded.header.file_id)
        first = records.pos
        plain = records.snapshot_record()
        version = loaded.header.version
        boards: set[str] = set()
        deferred: set[str] = set()
        if version == 1:
            loaded.tables = _decode(plain, 0, 1)
            only = None
        else:
            index = parse_index(plain, version)
            loaded.base = index.chain
            parts = [(name, number, records.frame(journal=False))
                     for name, n in index.tables for number in range(n)]  # fmt: skip
            whole = (
                version < crypto.FORMAT_VERSION
                or loaded.legacy_passphrase
                or journal_is_long(loaded.size - records.pos, records.pos - first)
            )
            if whole:
                only = None
            if only is not None:
                boards = held_as_board(only)
                loaded.cold = {name: ColdParts(name, version) for name in boards}
            elif not whole:
                deferred = {name for name, _parts in index.tables if name in later}
                loaded.cold = {
                    name: ColdParts(name, version, board_stands=False) for name in deferred
                }
            for name, _parts in index.tables:
                if only is None or name in only or name in boards:
                    loaded.tables.setdefault(name, {})
            for name, number, found in parts:
                assert found is not None  # a snapshot record is never a torn tail
                cold = number < index.cold.get(name, 0)
                if (cold and name in boards) or name in deferred:
                    loaded.cold[name].parts.append((found[0], records.authentic(found)))
                    continue
                if only is not None and name not in only and name not in boards:
                    if name == ledger_sums.LEDGER:
                        ledger_parts.append(found)
                    continue
                docs = _decode(records.authentic(found), found[0], version)
                if cold:
                    _check_cold(name, docs, found[0])
                loaded.tables[name].update(docs)
                report(0.35 + 0.5 * (found[1] - first) / max(1, loaded.size - first))
        del plain
        for name, rest in loaded.cold.items():
            rest.board = dict(loaded.tables.get(name, {}))  # (documents shared, never altered)
            if rest.parts and rest.board_stands:  # a count too big makes its last "cold"
                at, last = rest.parts[-1]  # part a board one: say so (never left empty)
                _check_cold(name, _decode(last, at, version), at)
        report(0.85)
        loaded.snapshot_bytes = records.pos - first
        checker.snapshot(loaded.tables.get(ledger_sums.SUMS))
        if only is None:

            def apply_all(ops: list[Op]) -> None:
                checker.record(ops)
                if deferred:  # kept for the table's read, in order
                    for op in ops:
                        if op[0] in deferred:
                            loaded.cold[op[0]].ops.append(op)
                    ops = [op for op in ops if op[0] not in deferred]
                apply_ops(loaded.tables, ops)

            _read_journal(records, loaded, apply_all)
        else:
            wanted = frozenset(only)
            loaded.only = wanted
            kept = wanted | boards
            summary_only = ledger_sums.SUMS in wanted and ledger_sums.LEDGER not in wanted
            ledger_ops: list[list[Op]] = []

            def apply(ops: list[Op]) -> None:
                checker.record(ops)
                apply_ops(loaded.tables, [op for op in ops if op[0] in kept])
                for op in ops:
                    if op[0] in boards:
                        loaded.cold[op[0]].ops.append(op)
                if summary_only:
                    ledger_ops.append([op for op in ops if op[0] == ledger_sums.LEDGER])

            _read_journal(records, loaded, apply)
            if summary_only and not checker.ok:
                _read_ledger(records, loaded, ledger_parts, ledger_ops)
            for name in boards:
                _drop_cold(loaded.tables.get(name, {}), COLD[name])
        loaded.sums_ok = checker.ok
    _judge(loaded, path, raw_mark, accept_copy)
    report(1.0)
    return loaded


def _check_cold(name: str, docs: dict[str, Any], index: int) -> None:
    """A part the index counts as cold holds archived documents only."""
    field = COLD[name]
    if not all(doc.get(field) is True for doc in docs.values()):
        raise VaultDamaged(f"record {index} holds a document its index says it does not")


def _drop_cold(docs: dict[str, Any], field: str) -> None:
    """Drop the archived documents a board read met (its board parts or the journal)."""
    for doc_id in [doc_id for doc_id, doc in docs.items() if doc.get(field)]:
        del docs[doc_id]


def _read_ledger(
    records: _Records, loaded: Loaded, parts: list[Frame], ops: list[list[Op]]
) -> None:
    """The ledger after all, where its summary cannot stand for it: its parts stepped over,
    then its journal operations kept aside, in order."""
    if loaded.header.version == 1:  # (never: version 1 is read whole)
        raise VaultDamaged("the snapshot's index is unreadable")
    table = loaded.tables.setdefault(ledger_sums.LEDGER, {})
    for found in parts:
        table.update(_decode(records.authentic(found), found[0], loaded.header.version))
    for record in ops:
        apply_ops(loaded.tables, record)
    assert loaded.only is not None
    loaded.only = loaded.only | {ledger_sums.LEDGER}


def scan_table(path: Path, passphrase: str, name: str) -> Iterator[dict[str, Any]]:
    """One table's documents as they stand after the journal, a part at a time.

    The journal is read first (it may change any document), then the table's parts are
    decrypted and decoded one by one; other tables are skipped unread. Memory stays at one
    part. Raises what ``read_vault`` raises for the parts it reads, the high-water mark's
    ``VaultRolledBack`` included.
    """
    raw_mark = mark.read_raw(path)
    with path.open("rb") as stream:
        loaded, records = _unlock(stream, passphrase, lambda _f: None)
        plain = records.snapshot_record()
        whole: dict[str, Any] = {}
        wanted: list[Frame] = []
        if loaded.header.version == 1:
            whole = _decode(plain, 0, 1).get(name, {})
        else:
            index = parse_index(plain, loaded.header.version)
            loaded.base = index.chain
            for table, parts in index.tables:
                for _ in range(parts):
                    found = records.frame(journal=False)
                    assert found is not None
                    if table == name:
                        wanted.append(found)
        changed: dict[str, Any] = {}  # doc id -> its document after the journal, None if gone
        emptied = False

        def note(ops: list[Op]) -> None:
            nonlocal emptied
            for table, doc_id, doc in ops:
                if table != name:
                    continue
                if doc_id is None:
                    changed.clear()
                    emptied = True
                else:
                    changed[doc_id] = doc

        _read_journal(records, loaded, note)
        _judge(loaded, path, raw_mark, accept_copy=False)
        if not emptied:
            yield _without(whole, changed)
            for found in wanted:
                part = records.authentic(found)
                yield _without(_decode(part, found[0], loaded.header.version), changed)
        yield {doc_id: doc for doc_id, doc in changed.items() if doc is not None}


def _without(docs: dict[str, Any], changed: dict[str, Any]) -> dict[str, Any]:
    for doc_id in docs.keys() & changed.keys():  # walks the smaller of the two
        del docs[doc_id]
    return docs
