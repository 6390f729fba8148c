"""The Board view: one column per configured stage. Until missions can be added, the
columns are empty and the view says what works today."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from tui.views.base import View, plural

EMPTY_BOARD = (
    "[b]No missions yet.[/b]\n"
    "Each mission will move through these stages, left to right. Adding missions is not "
    "built yet. To look around a filled console, quit and run [b]homeops demo[/b]: it opens "
    "a throw-away vault with sample data."
)

FILLED_BOARD = (
    "[b]{missions} in this vault.[/b]\n"
    "Their cards are not drawn on the board yet: that comes with the board's own release."
)


class BoardView(View):
    """Missions by stage, left to right."""

    view_id = "board"
    title = "Board"
    key = "1"

    def __init__(self, stages: Sequence[str]) -> None:
        super().__init__()
        self.stages = tuple(stages)

    def compose(self) -> ComposeResult:
        with Horizontal(id="board-columns"):
            for stage in self.stages:
                with Vertical(classes="board-column"):
                    yield Label(stage, classes="column-heading", markup=False)
        yield Static(EMPTY_BOARD, id="board-state", classes="view-state")

    def show_counts(self, counts: Mapping[str, int]) -> None:
        missions = counts.get("missions", 0)
        state = self.query_one("#board-state", Static)
        if missions:
            state.update(FILLED_BOARD.format(missions=plural(missions, "mission")))
        else:
            state.update(EMPTY_BOARD)
