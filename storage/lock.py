"""The session lock: an flock on a file beside the vault, held for the whole session.

The kernel drops an flock when its holder dies, so a crashed or killed session never
leaves the vault locked. The file says who holds it (pid, host, terminal, since when).
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

from homeops.storage.errors import LockHolder, VaultLocked


def lock_path(vault: Path) -> Path:
    return vault.with_name(vault.name + ".lock")


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
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
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
