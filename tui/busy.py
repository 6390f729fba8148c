"""Changes wait while a long write runs (an erasure, a compaction, a passphrase change, an
import): the vault holds every other write back until it ends, so the console does not start
one on the UI thread, which would freeze the screen; it says so in one line instead.

Two walls: a key whose action changes the vault (marked ``@changes``) is not run while the
vault is busy (``HomeopsApp`` checks, in one place, before any action runs); and every write
of the views' models starts with ``check_idle``, for a change that comes later (a dialog
saved after the long write began): ``ChangesWait``, which the app shows the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

Action = TypeVar("Action", bound=Callable[..., Any])


class ChangesWait(ValueError):
    """A change asked for during a long write: nothing was started or recorded. A
    ``ValueError``: a form that catches those says it in its own message line."""


class Busy(Protocol):
    @property
    def busy(self) -> str | None:
        """The words of the long write in progress, or None (``Business.busy``)."""


def wait_message(business: Busy | None) -> str:
    """``Changes wait until erasing a client finishes``, or "" when no long write runs."""
    busy = business.busy if business is not None else None
    return f"Changes wait until {busy} finishes" if busy else ""


def check_idle(business: Busy) -> None:
    """Raise ``ChangesWait`` (one line) while ``business`` runs a long write."""
    message = wait_message(business)
    if message:
        raise ChangesWait(message)


def changes(action: Action) -> Action:
    """Mark a key action that changes the vault (or opens a form that will)."""
    action.changes_vault = True  # type: ignore[attr-defined]
    return action


def is_change(method: object) -> bool:
    return bool(getattr(method, "changes_vault", False))
