"""The session lock: an flock on a file beside the vault, held for the whole session.

The kernel drops an flock when its holder dies, so a crashed or killed session never
leaves the vault locked. The file says who holds it (pid, host, terminal, since when).

The lock belongs to the vault file, not to a name for it: every path is resolved first
(``real_path``), so a symbolic link to the vault, or to its folder, finds the same lock,
mark and backups as the file itself. A hard link cannot be resolved (both names are the
file), so a read-write session refuses a vault file that has more than one name
(``check_one_name``): a session through the other name would take another lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path

from homeops.storage.errors import LockHolder, VaultError, VaultLocked

HARD_LINKED = (
    "the vault file has another name (a hard link): a session opened through that name would "
    "not see this one's lock; remove the other name (`find / -xdev -samefile` with the "
    "vault's path lists both) and open the vault by one name only"
)


def real_path(vault: Path) -> Path:
    """The vault file's own absolute path, every symbolic link on the way resolved."""
    return vault.resolve()


def lock_path(vault: Path) -> Path:
    real = real_path(vault)
    return real.with_name(real.name + ".lock")


def check_one_name(vault: Path) -> None:
    """``VaultError`` when the vault file (if any) has more than one name. Checked by every
    read-write session as it opens: a session through a second name can only open after
    that name exists, so it is refused, whichever session came first."""
    try:
        names = os.stat(vault).st_nlink
    except FileNotFoundError:
        return
    if names > 1:
        raise VaultError(HARD_LINKED)


def _tty() -> str:
    for stream in (sys.stdin, sys.stdout):
        with contextlib.suppress(Exception):
            if stream.isatty():
                return os.ttyname(stream.fileno())
    return ""


def read_holder(path: Path) -> LockHolder | None:
    """Who the lock file says holds it, or None when it does not say."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        return LockHolder(
            pid=int(info["pid"]),
            host=str(info["host"]),
            since=str(info["since"]),
            tty=str(info.get("tty", "")),
            user=str(info.get("user", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


class SessionLock:
    """An exclusive, non-blocking lock on ``<vault>.lock``."""

    def __init__(self, vault: Path) -> None:
        self.path = lock_path(vault)
        self._fd = -1

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)  # no planted link
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise VaultLocked(read_holder(self.path)) from None
        os.fchmod(fd, 0o600)
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now().astimezone().isoformat(timespec="seconds"),
            "tty": _tty(),
            "user": str(os.getuid()),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        self._fd = fd

    @property
    def held(self) -> bool:
        return self._fd >= 0

    def release(self) -> None:
        if self._fd < 0:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing drops the flock
        self._fd = -1


def probe(vault: Path) -> LockHolder | None:
    """Who holds the vault's lock right now, or None when it is free. Takes nothing."""
    path = lock_path(vault)
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return read_holder(path) or LockHolder(pid=0, host="?", since="?")
    finally:
        os.close(fd)  # closing drops a shared lock taken just now
    return None


def same_user_and_host(holder: LockHolder) -> bool:
    """Whether this process may ask the holder to close (it could signal it)."""
    return holder.host == socket.gethostname() and holder.user == str(os.getuid())
