"""The one way homeops writes a private file: the vault's rewrites, backups, exports, the
record of processing, calendars and the settings file all go through ``write_private``.

A temp file beside the target (0600 from its first byte), fsync, ``os.replace``, fsync of
the folder: a reader sees the old file or the whole new one, never a half-written or
world-readable one, and a failed write leaves no file behind. An existing file of looser
mode is replaced, not rewritten in place, so its mode does not carry over.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` to ``fd``: ``os.write`` may write fewer bytes than it was
    given (a nearly full disk, a file size limit, a pipe); an OSError for what stops it."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # no progress and no error: never loop on it
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]


def write_private(path: Path, chunks: Iterable[bytes]) -> str | None:
    """Replace ``path`` with ``chunks``: temp file beside it (0600), fsync, rename, fsync dir.

    The rename is the commit point: an OSError before it leaves ``path`` as it was. After
    it, the new file is in place; a failed directory sync is returned as a warning (the
    rename might not survive a power cut) instead of pretending nothing happened.
    """
    try:  # a device, a pipe or a socket is not replaced by a file (root could swap /dev/full)
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = stat.S_IFREG
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise OSError(errno.EINVAL, "not a regular file: homeops writes only regular files")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW  # never through a planted link
    try:
        fd = os.open(tmp, flags, 0o600)
    except FileExistsError:  # left by a crashed process that had our pid
        tmp.unlink()
        fd = os.open(tmp, flags, 0o600)
    try:
        try:
            for chunk in chunks:
                write_all(fd, chunk)
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
        reason = os.strerror(exc.errno) if exc.errno else type(exc).__name__
        return f"the folder could not be synced ({reason}); the rewrite may not survive a power cut"
    return None


def write_private_text(path: Path, text: str) -> str | None:
    """``write_private`` for text, as UTF-8."""
    return write_private(path, [text.encode("utf-8")])
