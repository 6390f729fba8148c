"""A one-line choice among a few words, changed with left/right (or space): keyboard first,
one key per step, readable without colour (``‹ draft ›``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class ChoiceRow(Widget, can_focus=True):
    """One value of ``choices``; left/right (or h/l, space) step through them."""

    DEFAULT_CSS = """
    ChoiceRow { height: 1; width: auto; min-width: 10; }
    ChoiceRow:focus { background: $primary 40%; text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Previous", tooltip="The previous choice", show=False,
                id="choice.previous"),
        Binding("right", "step(1)", "Next", tooltip="The next choice", show=False,
                id="choice.next"),
        Binding("space", "step(1)", "Next", tooltip="The next choice", show=False,
                id="choice.next_space"),
    ]  # fmt: skip

    index: reactive[int] = reactive(0)

    class Changed(Message):
        """The user chose another value."""

        def __init__(self, row: ChoiceRow, value: str) -> None:
            super().__init__()
            self.row = row
            self.value = value

        @property
        def control(self) -> ChoiceRow:
            return self.row

    def __init__(
        self, choices: Sequence[str], value: str | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.choices = tuple(choices)
        self.set_reactive(ChoiceRow.index, self.choices.index(value) if value in choices else 0)

    @property
    def value(self) -> str:
        return self.choices[self.index]

    @value.setter
    def value(self, value: str) -> None:
        if value in self.choices:
            self.index = self.choices.index(value)

    def render(self) -> Text:
        return Text(f"‹ {self.value} ›")

    def action_step(self, delta: int) -> None:
        self.index = (self.index + delta) % len(self.choices)
        self.post_message(self.Changed(self, self.value))
