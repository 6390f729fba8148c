"""The lines above and under the board's columns: what is on show and the filter field;
what the last key did.

The filter field is mounted on first use (the board opens without any text field). The bar
tells the board what happens in it by messages: the filter's words changed, or the field
gave the keys back (Enter). The field's own Esc (``FilterInput`` on the board) empties it
and says so itself.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from homeops.tui.widgets.status_line import MessageLine

FILTER_HINT = "words, client:alias, overdue"


class FilterBar(Horizontal):
    """The board's info line, and the filter field (of ``field_type``) once asked for."""

    class Changed(Message):
        """The filter's words changed (``text`` as typed)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Closed(Message):
        """The filter field gave the keys back; its words, if any, stay in effect."""

    def __init__(self, field_type: type[Input], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.field_type = field_type

    def compose(self) -> ComposeResult:
        yield Label("", id="board-info", markup=False)

    def show_info(self, text: str) -> None:
        """``5 missions on the board``, the filter in effect, or the archive's count."""
        label = self.query_one("#board-info", Label)
        if str(label.content) != text:
            label.update(text, layout=False)

    @property
    def field(self) -> Input | None:
        found = self.query("#board-filter")
        return found.first(Input) if found else None

    def open(self) -> None:
        """Show the filter field (mounted the first time) and give it the keys."""
        field = self.field
        if field is None:
            field = self.field_type(placeholder=FILTER_HINT, id="board-filter", compact=True)
            self.mount(field)
        field.display = True
        field.focus()

    def close(self) -> None:
        """Hide the field when it is empty; words in it stay shown, and in effect."""
        field = self.field
        if field is not None:
            field.display = bool(field.value)

    def clear(self) -> None:
        """Empty the field (the board drops its filter itself)."""
        field = self.field
        if field is not None:
            field.value = ""

    @on(Input.Changed, "#board-filter")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#board-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Closed())


class BoardMessage(MessageLine):
    """The line under the board: what the last key did or why it did not (``text``), else
    a default line (the key to the cards' marks, or how to add a first mission)."""

    def say(self, text: str, *, refused: bool = False) -> bool:
        """Show ``text`` (one line, it may quote a title); False when nothing changed.
        An empty ``text`` leaves the line to ``show_default``."""
        return super().say(text, refused=refused or text.startswith("Refused"))
