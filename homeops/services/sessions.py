"""Who holds a vault, and asking that session to close: what the unlock screen asks before
any use case loads (its first frame waits for nothing heavy: issue 18 point 6).
``homeops.services.vault`` offers the same functions."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from homeops.storage import lock
from homeops.storage.errors import LockHolder

__all__ = ["LockHolder", "ask_to_close", "can_ask_to_close", "who_holds"]


def who_holds(path: Path) -> LockHolder | None:
    """The session holding the vault at ``path`` now, or None when it is free."""
    return lock.probe(path)


def can_ask_to_close(holder: LockHolder) -> bool:
    """Whether this process may ask ``holder`` to close (same user on the same host)."""
    return lock.same_user_and_host(holder)


def ask_to_close(holder: LockHolder) -> None:
    """Ask the session ``holder`` to close cleanly (it must be ``can_ask_to_close``).

    SIGTERM, then SIGCONT: a console suspended with ctrl+z is stopped, and would hold the
    vault until someone brought it back; continued, it leaves at once. Raises
    ``PermissionError`` when the process is not ours; a session already gone is no error.
    """
    try:
        os.kill(holder.pid, signal.SIGTERM)
        os.kill(holder.pid, signal.SIGCONT)
    except ProcessLookupError:
        pass
