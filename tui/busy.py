"""Changes wait while a long write runs (an erasure, a compaction, a passphrase change, an
import): the vault holds every other write back until it ends, so the console does not start
one on the UI thread, which would freeze the screen; it says so in one line instead.

Two walls: a key whose action changes the vault (marked ``@changes``) is not run while the
vault is busy (``HomeopsApp`` checks, in one place, before any action runs); and every use
case that writes (``homeops.services``) starts with ``check_idle``, for a change that comes
later (a dialog saved after the long write began): ``ChangesWait``, shown the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

# The wall every use case starts with lives in the services; the console shows its refusal.
from homeops.services.waiting import Busy, ChangesWait, check_idle, wait_message

__all__ = ["Busy", "ChangesWait", "changes", "check_idle", "is_change", "wait_message"]

Action = TypeVar("Action", bound=Callable[..., Any])


def changes(action: Action) -> Action:
    """Mark a key action that changes the vault (or opens a form that will)."""
    action.changes_vault = True  # type: ignore[attr-defined]
    return action


def is_change(method: object) -> bool:
    return bool(getattr(method, "changes_vault", False))
