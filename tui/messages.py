"""Messages that cross screens: the unlock flow reports to the app through these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from homeops.storage.vault import Vault


class VaultOpened(Message):
    """A vault was unlocked or created; the app takes it over and shows the main screen."""

    def __init__(self, vault: Vault, *, created: bool = False) -> None:
        super().__init__()
        self.vault = vault
        self.created = created
