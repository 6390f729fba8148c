"""The vault file on disk: a header, the snapshot's records, then appended journal records.

Durability: an append returns only after fdatasync; whole-file rewrites go through a temp
file in the same directory, fsync, os.replace and an fsync of the directory. A write that
fails is cut back off the file, so the file always ends on a committed record.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

from config.files import fsync_dir, write_private
from storage import crypto, jsoncodec
from storage.errors import VaultWriteError
from storage.layout import Op, Tables, frame, snapshot_plaintexts
from storage.reading import Loaded

__all__ = ["Op", "Tables", "VaultFile", "fsync_dir", "write_atomically"]

write_atomically = write_private  # the one private-file writer (config/files.py)


class _Snapshot:
    """A snapshot's sealed records, made one at a time as the file is written."""

    def __init__(self, key: bytes, header: crypto.Header, tables: Tables) -> None:
        self._key, self._digest, self._tables = key, header.digest, tables
        self.records = 0
        self.bytes = 0

    def __iter__(self) -> Iterator[bytes]:
        for index, plain in enumerate(snapshot_plaintexts(self._tables)):
            record = frame(crypto.seal(self._key, plain, crypto.record_aad(self._digest, index)))
            self.records += 1
            self.bytes += len(record)
            yield record


class VaultFile:
    """An open vault file that appends journal records and rewrites itself when asked."""

    def __init__(self, path: Path, header: crypto.Header, key: bytes, end: int) -> None:
        self.path = path
        self.header = header
        self.key = key
        self._digest = header.digest
        self._fd = os.open(path, os.O_RDWR)
        self.end = end
        self.snapshot_records = 1
        self.records = 0  # journal records
        self.journal_bytes = 0
        self.snapshot_bytes = 0
        self.broken: str | None = None
        self.warnings: list[str] = []
        self._kek: bytes | None = None  # only while the file is in an older format

    @property
    def outdated(self) -> bool:
        return self.header.version < crypto.FORMAT_VERSION

    def _next_header(self) -> crypto.Header:
        """The header of a rewrite: a new file id; an older file's key is wrapped anew, since
        the wrap is bound to the format version."""
        if not self.outdated:
            return crypto.with_new_file_id(self.header)
        assert self._kek is not None
        old = self.header
        return crypto.new_header(self._kek, self.key, old.kdf, old.salt)

    @classmethod
    def create(cls, path: Path, header: crypto.Header, key: bytes, tables: Tables) -> VaultFile:
        head = header.pack()
        snapshot = _Snapshot(key, header, tables)
        warning = write_atomically(path, itertools.chain([head], snapshot))
        vf = cls(path, header, key, len(head) + snapshot.bytes)
        if warning:
            vf.warnings.append(warning)
        vf.snapshot_records, vf.snapshot_bytes = snapshot.records, snapshot.bytes
        return vf

    @classmethod
    def attach(cls, path: Path, loaded: Loaded) -> VaultFile:
        """Use a file just read; a torn tail is cut off so appends follow a good record."""
        vf = cls(path, loaded.header, loaded.key, loaded.end)
        vf.snapshot_records = loaded.snapshot_records
        vf.records = loaded.records
        vf.journal_bytes = loaded.journal_bytes
        vf.snapshot_bytes = loaded.snapshot_bytes
        vf._kek = loaded.kek
        if loaded.size != loaded.end:
            os.ftruncate(vf._fd, loaded.end)
            os.fsync(vf._fd)
        return vf

    def append(self, ops: list[Op]) -> None:
        """Make ``ops`` durable as one record; on failure the file is as it was."""
        if self.broken:
            raise VaultWriteError(self.broken)
        index = self.snapshot_records + self.records
        aad = crypto.record_aad(self._digest, index)
        record = frame(crypto.seal(self.key, jsoncodec.encode(ops), aad))
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
        self.records += 1
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
        """Compaction (or a new header): one snapshot, written beside and renamed over.

        Always in the current format: this is how an older file is upgraded."""
        header = header or self._next_header()
        head = header.pack()
        snapshot = _Snapshot(self.key, header, tables)
        try:
            warning = write_atomically(self.path, itertools.chain([head], snapshot))
        except OSError as exc:
            raise VaultWriteError(_describe(exc)) from None
        if warning:
            self.warnings.append(warning)
        os.close(self._fd)
        self._fd = os.open(self.path, os.O_RDWR)
        self.header, self._digest = header, header.digest
        self.end = len(head) + snapshot.bytes
        self.snapshot_records, self.records = snapshot.records, 0
        self.journal_bytes = 0
        self.snapshot_bytes = snapshot.bytes
        self.broken = None
        self._kek = None

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _describe(exc: OSError) -> str:
    """An OS error in words, without the path (paths may name a person)."""
    return os.strerror(exc.errno) if exc.errno else type(exc).__name__
