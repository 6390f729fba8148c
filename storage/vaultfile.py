"""The vault file on disk: a header, the snapshot's records, then appended journal records.

Durability: an append returns only after fdatasync; whole-file rewrites go through a temp
file in the same directory, fsync, os.replace and an fsync of the directory. A write that
fails is cut back off the file, so the file always ends on a committed record. Once a
change is on disk, the high-water mark beside the file (storage/mark.py) follows it.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from homeops.config.files import fsync_dir, write_private
from homeops.storage import crypto, jsoncodec
from homeops.storage.errors import VaultWriteError
from homeops.storage.layout import DIGEST_LEN, Chain, Op, Tables, frame, snapshot_plaintexts
from homeops.storage.mark import MarkFile
from homeops.storage.reading import Loaded

__all__ = ["Op", "Tables", "VaultFile", "fsync_dir", "write_atomically"]

write_atomically = write_private  # the one private-file writer (config/files.py)


class _Snapshot:
    """A snapshot's sealed records, made one at a time as the file is written."""

    def __init__(
        self, key: bytes, header: crypto.Header, tables: Tables, chain: Chain, *, checked: bool
    ) -> None:
        self._key, self._digest, self._tables = key, header.digest, tables
        self._chain, self._checked = chain, checked
        self.records = 0
        self.bytes = 0

    def __iter__(self) -> Iterator[bytes]:
        plains = snapshot_plaintexts(self._tables, self._chain, checked=self._checked)
        for index, plain in enumerate(plains):
            record = frame(crypto.seal(self._key, plain, crypto.record_aad(self._digest, index)))
            self.records += 1
            self.bytes += len(record)
            yield record


class VaultFile:
    """An open vault file that appends journal records and rewrites itself when asked."""

    def __init__(
        self, path: Path, header: crypto.Header, key: bytes, end: int, chain: Chain
    ) -> None:
        self.path = path
        self.header = header
        self.key = key
        self.chain = chain  # committed changes, their digest, the mark's key
        self._mark: MarkFile | None = None
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

    def next_header(self) -> crypto.Header:
        """The header of a rewrite: a new file id; an older file's key is wrapped anew, since
        the wrap is bound to the format version."""
        if not self.outdated:
            return crypto.with_new_file_id(self.header)
        assert self._kek is not None
        old = self.header
        return crypto.new_header(self._kek, self.key, old.kdf, old.salt)

    @classmethod
    def create(cls, path: Path, header: crypto.Header, key: bytes, tables: Tables) -> VaultFile:
        """A new file holding ``tables``, and a new high-water mark beside it."""
        head = header.pack()
        chain = Chain.new()
        snapshot = _Snapshot(key, header, tables, chain, checked=False)
        warning = write_atomically(path, itertools.chain([head], snapshot))
        vf = cls(path, header, key, len(head) + snapshot.bytes, chain)
        if warning:
            vf.warnings.append(warning)
        vf.snapshot_records, vf.snapshot_bytes = snapshot.records, snapshot.bytes
        vf._start_mark()
        return vf

    @classmethod
    def attach(cls, path: Path, loaded: Loaded) -> VaultFile:
        """Use a file just read (and judged against its mark); a torn tail is cut off so
        appends follow a good record, and the mark is set to where the file stands."""
        chain = loaded.chain
        if chain.mark_key is None:  # an older format: its mark starts once it is upgraded
            chain = replace(chain, mark_key=os.urandom(DIGEST_LEN))
        vf = cls(path, loaded.header, loaded.key, loaded.end, chain)
        vf.snapshot_records = loaded.snapshot_records
        vf.records = loaded.records
        vf.journal_bytes = loaded.journal_bytes
        vf.snapshot_bytes = loaded.snapshot_bytes
        vf._kek = loaded.kek
        if loaded.size != loaded.end:
            os.ftruncate(vf._fd, loaded.end)
            os.fsync(vf._fd)
        if loaded.chain.mark_key is not None:  # format 3 on: its mark goes on until the upgrade
            vf._start_mark()
        return vf

    def _start_mark(self) -> None:
        assert self.chain.mark_key is not None
        if self._mark is None:
            self._mark = MarkFile(self.path, self.chain.mark_key)
        self._warn(self._mark.reset(self.chain))

    def _warn(self, warning: str | None) -> None:
        if warning and warning not in self.warnings:
            self.warnings.append(warning)

    def append(self, ops: list[Op]) -> None:
        """Make ``ops`` durable as one record; on failure the file is as it was."""
        if self.broken:
            raise VaultWriteError(self.broken)
        index = self.snapshot_records + self.records
        aad = crypto.record_aad(self._digest, index)
        sealed = crypto.seal(self.key, jsoncodec.encode(ops), aad)
        record = frame(sealed)
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
        self.chain = self.chain.after(sealed)
        if self._mark is not None:
            self._warn(self._mark.advance(self.chain))

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

    def rewrite(
        self,
        tables: Tables,
        header: crypto.Header | None = None,
        *,
        key: bytes | None = None,
        change: bool = False,
    ) -> None:
        """Compaction (or a new header, or a new data ``key``): one snapshot, written beside
        and renamed over. ``change``: ``tables`` are new content (an import), counted as a
        change and checked value by value; otherwise they are the live, checked tables.

        The mark is synced at the current count first, so whatever a crash leaves (the old
        file or the new one) is at or after the mark, on its chain (storage/mark.py).
        Always in the current format: this is how an older file is upgraded."""
        header = header or self.next_header()
        key = key or self.key
        chain = self.chain.replaced(header.file_id) if change else self.chain
        head = header.pack()
        snapshot = _Snapshot(key, header, tables, chain, checked=not change)
        if self._mark is not None:  # the new snapshot may never be newer than the mark
            self._mark.sync(self.chain)
        try:
            warning = write_atomically(self.path, itertools.chain([head], snapshot))
        except OSError as exc:
            raise VaultWriteError(_describe(exc)) from None
        if warning:
            self.warnings.append(warning)
        os.close(self._fd)
        self._fd = os.open(self.path, os.O_RDWR)
        self.header, self._digest, self.key, self.chain = header, header.digest, key, chain
        self.end = len(head) + snapshot.bytes
        self.snapshot_records, self.records = snapshot.records, 0
        self.journal_bytes = 0
        self.snapshot_bytes = snapshot.bytes
        self.broken = None
        self._kek = None
        if self._mark is None:
            self._start_mark()  # an upgraded file: its mark begins
        elif change and not warning:  # (a rename that may not last must not move the mark)
            self._warn(self._mark.advance(chain))

    def close(self) -> None:
        if self._mark is not None:
            self._mark.close()
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _describe(exc: OSError) -> str:
    """An OS error in words, without the path (paths may name a person)."""
    return os.strerror(exc.errno) if exc.errno else type(exc).__name__
