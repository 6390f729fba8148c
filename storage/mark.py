"""The high-water mark: a small file beside the vault that remembers how far it got.

``<vault>.mark`` (0600) holds two slots. Each says how many changes the vault had committed
and the chain's tip at that count (storage/layout.py ``Chain``), authenticated by
HMAC-SHA256 under the mark key, which lives inside the encrypted snapshot: nobody without
the passphrase can write a mark this vault accepts. A change rewrites one slot in place
(``pwrite``, no sync, changes alternate between the slots), after the change itself is on
disk. So the mark never runs ahead of the file: after a power cut it may lag a few
changes (the file is then "ahead", which is accepted), and a torn slot leaves the other.
Before a rewrite (compaction, passphrase change, import) renames a new snapshot over the
file, the mark is synced at the vault's count (``MarkFile.sync``): the mark never lags
behind the snapshot.

Judging a file against its mark (``check``): fewer changes than the mark is an older copy
or a cut file ("behind"); the mark's count with another tip is a copy that went another way
("beside"), and so is a snapshot newer than the mark (a copy that went another way and was
compacted since), except for the one change of an import whose mark update a power cut
lost; more changes, on the same chain, is a mark that lagged. Each refusal is a
``VaultRolledBack`` with the numbers; ``homeops accept-copy`` and ``homeops restore`` reset
the mark to the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import struct
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from homeops.config.files import write_private
from homeops.storage.errors import VaultRolledBack, VaultWriteError
from homeops.storage.layout import Chain
from homeops.storage.lock import real_path

MAGIC = b"HOPSMARK"
LAYOUT = 1
_BODY = struct.Struct(">8sBQ32s")  # magic, layout, changes, tip
SLOT_LEN = _BODY.size + 32  # then HMAC-SHA256(mark key, body)
MISSING = (
    "no high-water mark beside the vault (moved, copied, or the mark deleted): if this is "
    "not the copy you last used, check that it holds your latest changes"
)


def mark_path(vault: Path) -> Path:
    real = real_path(vault)  # beside the file itself, whatever link it was reached by
    return real.with_name(real.name + ".mark")


@dataclass(frozen=True)
class Mark:
    changes: int
    tip: bytes


def read_raw(vault: Path) -> bytes | None:
    """The mark file's bytes (bounded), or None when there is none. Read before the vault,
    so that a session appending meanwhile can only put the file ahead of what was read."""
    try:
        with open(mark_path(vault), "rb") as stream:
            raw = stream.read(2 * SLOT_LEN + 1)
    except FileNotFoundError:
        return None
    return raw or None


def _slot(key: bytes, chain: Chain) -> bytes:
    body = _BODY.pack(MAGIC, LAYOUT, chain.changes, chain.tip)
    return body + hmac.new(key, body, hashlib.sha256).digest()


def parse(raw: bytes, key: bytes) -> Mark | None:
    """The newest slot that authenticates under ``key``; None when none does."""
    best: Mark | None = None
    if len(raw) != 2 * SLOT_LEN:
        return None
    for start in (0, SLOT_LEN):
        body, tag = raw[start : start + _BODY.size], raw[start + _BODY.size : start + SLOT_LEN]
        if not hmac.compare_digest(hmac.new(key, body, hashlib.sha256).digest(), tag):
            continue
        magic, layout, changes, tip = _BODY.unpack(body)
        if magic == MAGIC and layout == LAYOUT and (best is None or changes > best.changes):
            best = Mark(changes, tip)
    return best


def check(
    raw: bytes | None,
    version: int,
    base: Chain,
    tips: Sequence[bytes],
    now: Chain,
    file_id: bytes,
    reread: Callable[[], bytes | None] | None = None,
) -> str | None:
    """Raise ``VaultRolledBack`` when the file read is behind or beside its mark.

    ``base`` is the chain of the file's snapshot, ``tips[k]`` the tip after ``k`` of its
    journal records (``tips[0] == base.tip``), ``now`` the chain after the last good record,
    ``file_id`` the file's header's. ``reread`` reads the mark again, after the file (see
    ``_older_than_snapshot``). Returns a notice when there is no mark to judge by, None when
    the file passes."""
    if raw is None:
        return MISSING if now.mark_key is not None else None  # versions 1 and 2 have none
    if now.mark_key is None:
        raise VaultRolledBack(
            f"the vault file is in format {version}, older than the mark beside it: "
            "an older copy of the vault was put back"
        )
    mark = parse(raw, now.mark_key)
    if mark is None:
        raise VaultRolledBack(
            "the high-water mark beside the vault was not written for this vault file "
            "(a copy of another vault was put in its place, or the mark is damaged)"
        )
    if mark.changes > now.changes:
        raise VaultRolledBack(
            f"the vault holds {now.changes} changes but its high-water mark says "
            f"{mark.changes} were committed: this is an older copy, or its end was cut off",
            now.changes,
            mark.changes,
        )
    if mark.changes < base.changes:
        mark = _older_than_snapshot(mark, base, now, file_id, reread)
    if mark.changes <= now.changes and tips[mark.changes - base.changes] != mark.tip:
        raise _went_another_way(now, mark)
    return None


def _older_than_snapshot(
    mark: Mark,
    base: Chain,
    now: Chain,
    file_id: bytes,
    reread: Callable[[], bytes | None] | None,
) -> Mark:
    """Judge a mark older than the file's snapshot; returns the mark to compare tips with.

    In one lineage that cannot happen: every rewrite syncs the mark at the vault's count
    before its rename (``MarkFile.sync``), and a compaction or a passphrase change keeps the
    count, so the snapshot's count is at most the mark's. Only an import adds one change
    with its rename: the mark may then be one behind, at the very state the import
    replaced (its tip, with this file's id, gives the snapshot's). Otherwise the file's
    history is not the mark's: a copy that went another way and was compacted since.

    A reader beside a session may have read the mark just before that session's rewrite
    and the file just after: the mark read again now is as new as the file (or newer, if
    the session appended since), so it settles the question."""
    key = now.mark_key
    assert key is not None

    def marks() -> Iterator[Mark]:
        yield mark
        fresh = parse(reread() or b"", key) if reread is not None else None
        if fresh is not None and fresh != mark:
            yield fresh

    snapshot = Mark(base.changes, base.tip)  # compares as equal: the file's own start
    for found in marks():
        if found.changes >= base.changes:
            return found if found.changes <= now.changes else snapshot
        if found.changes + 1 == base.changes and base.tip == _replaced(found, file_id):
            return snapshot
    raise _went_another_way(now, mark)


def _replaced(mark: Mark, file_id: bytes) -> bytes:
    """The tip once an import replaced the content at ``mark`` in the file ``file_id``."""
    return Chain(mark.changes, mark.tip, None).replaced(file_id).tip


def _went_another_way(now: Chain, mark: Mark) -> VaultRolledBack:
    return VaultRolledBack(
        f"the vault holds {now.changes} changes but differs from its high-water mark at "
        f"change {mark.changes}: this copy went another way (a sync conflict, or a copy "
        "made elsewhere)",
        now.changes,
        mark.changes,
    )


class MarkFile:
    """The mark of a read-write session: reset once, then advanced after every change."""

    def __init__(self, vault: Path, key: bytes) -> None:
        self.path = mark_path(vault)
        self._key = key
        self._fd = -1

    def reset(self, chain: Chain) -> str | None:
        """Write both slots for ``chain`` as a new file; returns a warning if it could not."""
        self.close()
        slot = _slot(self._key, chain)
        try:
            write_private(self.path, [slot + slot])
            self._fd = os.open(self.path, os.O_WRONLY | os.O_NOFOLLOW)
        except OSError as exc:
            return f"the high-water mark could not be written ({_describe(exc)})"
        return None

    def sync(self, chain: Chain) -> None:
        """Make the mark say ``chain`` on disk (written and synced) before a rewrite renames
        a new snapshot over the file: so a snapshot is never newer than its mark, and a
        file whose snapshot is newer than the mark is another lineage (``check``). Raises
        ``VaultWriteError`` when it cannot: the rewrite then waits (nothing is renamed)."""
        try:
            if self._fd < 0:
                problem = self.reset(chain)  # written whole, synced, by the private writer
                if problem:
                    raise VaultWriteError(problem)
                return
            os.pwrite(self._fd, _slot(self._key, chain), (chain.changes % 2) * SLOT_LEN)
            os.fdatasync(self._fd)
        except OSError as exc:
            self.close()
            raise VaultWriteError(
                f"the high-water mark could not be written ({_describe(exc)})"
            ) from None

    def advance(self, chain: Chain) -> str | None:
        """Record ``chain`` in its slot, in place; a failure only makes the mark lag."""
        if self._fd < 0:
            return None
        try:
            os.pwrite(self._fd, _slot(self._key, chain), (chain.changes % 2) * SLOT_LEN)
        except OSError as exc:
            self.close()  # a lagging mark is harmless; this session stops advancing it
            return f"the high-water mark could not be updated ({_describe(exc)})"
        return None

    def close(self) -> None:
        """Sync (so the mark is as recent as it can be after a power cut) and close."""
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.fdatasync(self._fd)
            os.close(self._fd)
            self._fd = -1


def _describe(exc: OSError) -> str:
    return os.strerror(exc.errno) if exc.errno else type(exc).__name__
