"""Changes wait while a long write runs (an erasure, a compaction, a passphrase change, an
import): every use case that writes starts with ``check_idle``, so a change asked for from
the console's UI thread is refused in one line instead of freezing the screen behind the
vault's writer lock. The console's own wall (keys marked ``@changes``) is in
``homeops.tui.busy``, which re-exports these.
"""

from __future__ import annotations

from typing import Protocol


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
