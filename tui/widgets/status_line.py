"""The bottom status line: which vault, which day, the focus time left today, and the long
write in progress when there is one (changes wait until it ends); and the line under each view
that says what the last key did."""

from __future__ import annotations

import time
from collections import deque

from rich.cells import cell_len
from textual.reactive import reactive
from textual.widgets import Static

from homeops.tui.text import fit_sentences, shown


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
        parts = [part for part in parts if part]
        width = self.content_size.width
        while len(parts) > 1 and width > 0 and cell_len("  ·  ".join(parts)) > width:
            parts.pop()  # a narrow terminal loses the last facts whole, never half a word
        self.update("  ·  ".join(parts))

    def on_resize(self) -> None:
        self._refresh_text()

    def watch_vault_name(self) -> None:
        self._refresh_text()

    def watch_day(self) -> None:
        self._refresh_text()

    def watch_capacity_left(self) -> None:
        self._refresh_text()

    def watch_busy(self) -> None:
        self._refresh_text()


#: How long a message stays under its view, in seconds: long enough to read it, gone before
#: it misleads (an old "Payout held" read as news).
MESSAGE_SECONDS = 30.0
_now = time.monotonic  # the message clock; tests replace it


class MessageLine(Static):
    """The line under a view: what the last key did, or why it did not.

    A message belongs to the view that said it: the owner clears it when another view or
    another Ledger page is shown (``clear``), and it goes after ``MESSAGE_SECONDS``; then the
    line shows its ``default`` (e.g. the board's key to the marks). On one line
    (``one_line``), a message too long for the width keeps its first whole sentences
    (``fit_sentences``), never half a word; the last messages, whole, are in ``said`` (the
    help shows them).
    """

    def __init__(self, *, one_line: bool = True, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.one_line = one_line
        self.text = ""
        """The message as said, whole ("" for none)."""
        self.default = ""
        self.said: deque[str] = deque(maxlen=5)
        """The last messages, oldest first, whole."""
        self._said_at = 0.0

    def on_mount(self) -> None:
        self.set_interval(MESSAGE_SECONDS / 6, self.expire)

    def say(self, text: str, *, refused: bool = False) -> bool:
        """Show ``text`` (it may quote the vault: shown visibly); False when it was on show
        already. An empty ``text`` gives the line back to its default."""
        self._said_at = _now()
        if text and text == self.text and self.has_class("-refused") == refused:
            return False
        self.text = text
        if text and (not self.said or self.said[-1] != text):
            self.said.append(text)
        self.set_class(refused and bool(text), "-refused")
        self._draw()
        return True

    def show_default(self, line: str) -> None:
        """What the line says while no message is on show."""
        self.default = line
        if not self.text:
            self._draw()

    def clear(self) -> None:
        if self.text:
            self.say("")

    def expire(self) -> None:
        """Clear a message said ``MESSAGE_SECONDS`` ago or more."""
        if self.text and _now() - self._said_at >= MESSAGE_SECONDS:
            self.clear()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        line = shown(self.text) if self.text else self.default
        width = self.content_size.width
        if self.one_line and width > 0:
            line = fit_sentences(line, width)
        if str(self.content) != line:  # an update repaints the line even when unchanged
            self.update(line, layout=not self.one_line)
