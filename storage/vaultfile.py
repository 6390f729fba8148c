"""The vault file on disk: a header, a snapshot record, then appended journal records.

Durability: an append returns only after fdatasync; whole-file rewrites go through a temp
file in the same directory, fsync, os.replace and an fsync of the directory. A write that
fails is cut back off the file, so the file always ends on a committed record.
"""

from __future__ import annotations

import gc
import os
import struct
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from storage import crypto, jsoncodec
from storage.errors import VaultDamaged, VaultWriteError

Tables = dict[str, dict[str, Any]]
Op = list[Any]  # [table, doc_id or None, document or None]; (table, None, None) empties a table

_PREFIX = struct.Struct(">II")  # ciphertext length, and its bitwise complement
_MASK = 0xFFFFFFFF
_HEADER_MAX = 512  # the largest header: fixed fields, a 64-byte salt, key, id, checksum
Progress = Callable[[float], None]


def _frame(sealed: bytes) -> bytes:
    return _PREFIX.pack(len(sealed), len(sealed) ^ _MASK) + sealed


_encode = jsoncodec.encode


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, chunks: Iterable[bytes]) -> str | None:
    """Replace ``path`` with ``chunks``: temp file beside it (0600), fsync, rename, fsync dir.

    The rename is the commit point: an OSError before it leaves ``path`` as it was. After
    it, the new file is in place; a failed directory sync is returned as a warning (the
    rename might not survive a power cut) instead of pretending nothing happened.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        try:
            for chunk in chunks:
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        fsync_dir(path.parent)
    except OSError as exc:
        reason = _describe(exc)
        return f"the folder could not be synced ({reason}); the rewrite may not survive a power cut"
    return None


class Loaded:
    """What reading a vault file yields."""

    def __init__(self, header: crypto.Header, key: bytes, tables: Tables) -> None:
        self.header = header
        self.key = key
        self.tables = tables
        self.records = 0  # journal records after the snapshot
        self.end = 0  # offset just past the last good record
        self.size = 0  # file size as found
        self.snapshot_bytes = 0
        self.journal_bytes = 0


def apply_ops(tables: Tables, ops: list[Op]) -> None:
    for name, doc_id, doc in ops:
        table = tables.setdefault(name, {})
        if doc_id is None:
            table.clear()
        elif doc is None:
            table.pop(doc_id, None)
        else:
            table[doc_id] = doc


def read_vault(path: Path, passphrase: str, progress: Progress | None = None) -> Loaded:
    """Authenticate and load a vault file. Writes nothing."""
    report = progress or (lambda _f: None)
    with path.open("rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        header, pos = crypto.parse_header(stream.read(_HEADER_MAX))
        report(0.05)
        key = crypto.unwrap_key(header, crypto.derive_kek(passphrase, header.salt, header.kdf))
        report(0.35)
        stream.seek(pos)
        records = _Records(stream, pos, size)
        loaded = Loaded(header, key, {})
        loaded.size = loaded.end = size
        digest = header.digest
        index = 0
        while records.pos < size:
            start = records.pos
            sealed = records.next(index)
            if sealed is None:
                loaded.end = start  # torn tail
                break
            plain = crypto.open_sealed(key, sealed, crypto.record_aad(digest, index))
            del sealed  # a 100,000-document snapshot is tens of MB: do not hold it twice
            if plain is None:
                if index > 0 and records.pos == size:
                    loaded.end = start  # a last record that did not finish reaching the disk
                    break
                raise VaultDamaged(f"record {index} fails authentication")
            if index == 0:
                report(0.55)
                loaded.tables = _decode_snapshot(plain)
                loaded.snapshot_bytes = records.pos - start
                report(0.85)
            else:
                apply_ops(loaded.tables, jsoncodec.decode(plain))
                loaded.journal_bytes += records.pos - start
            index += 1
    if index == 0:
        raise VaultDamaged("snapshot missing")
    loaded.records = index - 1
    report(1.0)
    return loaded


def _decode_snapshot(plain: bytes) -> Tables:
    """Decode without the cyclic GC: it would walk the growing tree again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        tables: Tables = jsoncodec.decode(plain)
    finally:
        if enabled:
            gc.enable()
    return tables


class _Records:
    """Reads framed records one by one, telling a torn tail from damage."""

    def __init__(self, stream: BinaryIO, pos: int, size: int) -> None:
        self._stream, self.pos, self._size = stream, pos, size

    def next(self, index: int) -> bytes | None:
        """The sealed record at ``pos`` (and move past it), or None for a torn tail."""
        rest = self._size - self.pos
        if rest < _PREFIX.size:
            return self._torn(index, "snapshot truncated")
        prefix = self._stream.read(_PREFIX.size)
        length, check = _PREFIX.unpack(prefix)
        if length ^ _MASK != check or length < crypto.NONCE_LEN + crypto.TAG_LEN:
            if index > 0 and not any(prefix) and not any(self._stream.read()):
                return None  # zeros left by a crash while the file was being extended
            raise VaultDamaged(f"record {index} has a bad length")
        if length > rest - _PREFIX.size:
            return self._torn(index, "snapshot truncated")
        sealed = self._stream.read(length)
        self.pos += _PREFIX.size + length
        return sealed

    @staticmethod
    def _torn(index: int, damage: str) -> None:
        if index == 0:
            raise VaultDamaged(damage)
        return None


class VaultFile:
    """An open vault file that appends journal records and rewrites itself when asked."""

    def __init__(self, path: Path, header: crypto.Header, key: bytes, end: int) -> None:
        self.path = path
        self.header = header
        self.key = key
        self._digest = header.digest
        self._fd = os.open(path, os.O_RDWR)
        self.end = end
        self.records = 0
        self.journal_bytes = 0
        self.snapshot_bytes = 0
        self.broken: str | None = None
        self.warnings: list[str] = []

    @classmethod
    def create(cls, path: Path, header: crypto.Header, key: bytes, tables: Tables) -> VaultFile:
        snapshot = _frame(crypto.seal(key, _encode(tables), crypto.record_aad(header.digest, 0)))
        head = header.pack()
        warning = write_atomically(path, [head, snapshot])
        vf = cls(path, header, key, len(head) + len(snapshot))
        if warning:
            vf.warnings.append(warning)
        vf.snapshot_bytes = len(snapshot)
        return vf

    @classmethod
    def attach(cls, path: Path, loaded: Loaded) -> VaultFile:
        """Use a file just read; a torn tail is cut off so appends follow a good record."""
        vf = cls(path, loaded.header, loaded.key, loaded.end)
        vf.records = loaded.records
        vf.journal_bytes = loaded.journal_bytes
        vf.snapshot_bytes = loaded.snapshot_bytes
        if loaded.size != loaded.end:
            os.ftruncate(vf._fd, loaded.end)
            os.fsync(vf._fd)
        return vf

    def append(self, ops: list[Op]) -> None:
        """Make ``ops`` durable as one record; on failure the file is as it was."""
        if self.broken:
            raise VaultWriteError(self.broken)
        index = self.records + 1
        record = _frame(crypto.seal(self.key, _encode(ops), crypto.record_aad(self._digest, index)))
        start = self.end
        try:
            view = memoryview(record)
            offset = start
            while view:
                written = os.pwrite(self._fd, view, offset)
                view, offset = view[written:], offset + written
            os.fdatasync(self._fd)
        except OSError as exc:
            self._cut_back(start, len(record), exc)
            raise VaultWriteError(_describe(exc)) from None
        self.end = start + len(record)
        self.records = index
        self.journal_bytes += len(record)

    def _cut_back(self, start: int, length: int, exc: OSError) -> None:
        """Undo a failed append; if the file cannot be cut, blank the record (a torn tail)."""
        try:
            os.ftruncate(self._fd, start)
            os.fsync(self._fd)
            return
        except OSError:
            pass
        self.broken = f"{_describe(exc)}; restart homeops before making more changes"
        try:
            os.pwrite(self._fd, bytes(length), start)
            os.fdatasync(self._fd)
        except OSError:
            pass  # the next open reads what reached the disk; this session writes no more

    def rewrite(self, tables: Tables, header: crypto.Header | None = None) -> None:
        """Compaction (or a new header): one snapshot, written beside and renamed over."""
        header = header or crypto.with_new_file_id(self.header)
        snapshot = _frame(
            crypto.seal(self.key, _encode(tables), crypto.record_aad(header.digest, 0))
        )
        head = header.pack()
        try:
            warning = write_atomically(self.path, [head, snapshot])
        except OSError as exc:
            raise VaultWriteError(_describe(exc)) from None
        if warning:
            self.warnings.append(warning)
        os.close(self._fd)
        self._fd = os.open(self.path, os.O_RDWR)
        self.header, self._digest = header, header.digest
        self.end = len(head) + len(snapshot)
        self.records = 0
        self.journal_bytes = 0
        self.snapshot_bytes = len(snapshot)
        self.broken = None

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _describe(exc: OSError) -> str:
    """An OS error in words, without the path (paths may name a person)."""
    return os.strerror(exc.errno) if exc.errno else type(exc).__name__
