"""The bottom status line: which vault, which day, the focus time left today, and the long
write in progress when there is one (changes wait until it ends)."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from homeops.tui.text import shown


class StatusLine(Static):
    """``vault studio · Monday 2026-11-30`` plus an optional capacity note."""

    vault_name: reactive[str] = reactive("")
    day: reactive[str] = reactive("")
    capacity_left: reactive[str] = reactive("")
    """Filled by the planner, e.g. ``2h30 left today``; nothing is shown while empty."""
    busy: reactive[str] = reactive("")
    """The long write in progress (``erasing a client``), shown first; empty: none."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)

    def _refresh_text(self) -> None:
        # the vault's name is its file's: any character but "/" (shown visibly)
        parts = [f"Vault: {shown(self.vault_name)}" if self.vault_name else "", self.day]
        if self.busy:
            parts.insert(0, f"{self.busy[:1].upper()}{self.busy[1:]}… changes wait")
        if self.capacity_left:
            parts.append(self.capacity_left)
        self.update("  ·  ".join(part for part in parts if part))

    def watch_vault_name(self) -> None:
        self._refresh_text()

    def watch_day(self) -> None:
        self._refresh_text()

    def watch_capacity_left(self) -> None:
        self._refresh_text()

    def watch_busy(self) -> None:
        self._refresh_text()
