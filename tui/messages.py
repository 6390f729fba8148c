"""Messages that cross screens: the unlock flow reports to the app through these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from homeops.services import Business


class VaultOpened(Message):
    """A vault was unlocked or created; the app takes it over and shows the main screen."""

    def __init__(self, business: Business, *, created: bool = False) -> None:
        super().__init__()
        self.business = business
        self.created = created
