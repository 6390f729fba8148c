"""What a command may name among the tables it reads (``homeops.cli``'s ``reads``) beside
the tables themselves: ``BOARD_MISSIONS``, the missions on the board only (a read-only
session steps over the archived ones unread, and refuses what would need them). Light:
the command line names it at import."""

from __future__ import annotations

from homeops.storage.boards import BOARD_MISSIONS

__all__ = ["BOARD_MISSIONS"]
