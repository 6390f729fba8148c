"""The Planner's grid: a header line and rows of cells, one of them under the cursor.

A line-API widget: each line is one Rich ``Text`` turned into a ``Strip``, so redrawing a week of
200 missions costs a few milliseconds. The view owns the data and the keys; a click moves the
cursor and posts ``CellClicked``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from homeops.tui.text import fit_text


class WeekGrid(Widget):
    """Columns of fixed widths; ``cursor`` is (row, column) among the data rows."""

    DEFAULT_CSS = """
    WeekGrid {
        height: auto;
    }
    """

    cursor: reactive[tuple[int, int]] = reactive((0, 1), init=False, repaint=False)

    class CellClicked(Message):
        """A data cell was clicked: the cursor is on it now."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.widths: list[int] = []
        self.header: list[Text] = []
        self.rows: list[list[Text]] = []
        self.cursor_rows = 0  # rows the cursor may visit (the first ones)

    def set_data(
        self,
        widths: Sequence[int],
        header: Sequence[Text],
        rows: Sequence[Sequence[Text]],
        *,
        cursor_rows: int,
    ) -> None:
        """Replace everything shown; the cursor stays where it was, within the new rows."""
        self.widths, self.header = list(widths), list(header)
        self.rows = [list(row) for row in rows]
        self.cursor_rows = cursor_rows
        row, column = self.cursor
        row = min(row, max(0, cursor_rows - 1))
        self.set_reactive(WeekGrid.cursor, (row, max(1, min(column, len(self.widths) - 1))))
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.rows) + 1

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return sum(self.widths)

    def watch_cursor(self, old: tuple[int, int], new: tuple[int, int]) -> None:
        # Only the rows the cursor left and reached: a whole grid per step was 12 KB over
        # SSH (issue 18 point 5). Row r is drawn on line r + 1, under the header.
        for row in {old[0], new[0]}:
            self.refresh(Region(0, row + 1, self.size.width, 1))

    def _line(self, cells: Sequence[Text], cursor_column: int | None) -> Text:
        line = Text(no_wrap=True, end="")
        for index, (cell, width) in enumerate(zip(cells, self.widths, strict=False)):
            piece = fit_text(cell.copy(), width)  # in cells: a CJK title keeps the grid
            if index == cursor_column:
                piece.stylize("reverse")
            line.append_text(piece)
        return line

    def render_line(self, y: int) -> Strip:
        if y == 0:
            text = self._line(self.header, None)
            text.stylize("bold")
        elif y - 1 < len(self.rows):
            row = y - 1
            column = self.cursor[1] if row == self.cursor[0] and row < self.cursor_rows else None
            text = self._line(self.rows[row], column)
        else:
            return Strip.blank(self.size.width, self.rich_style)
        segments = list(text.render(self.app.console))
        return Strip(segments).apply_style(self.rich_style).extend_cell_length(self.size.width)

    def cell_at(self, x: int, y: int) -> tuple[int, int] | None:
        """(row, column) of the data cell at widget offset (x, y), or None."""
        row = y - 1
        if not 0 <= row < self.cursor_rows:
            return None
        left = 0
        for column, width in enumerate(self.widths):
            if left <= x < left + width:
                return (row, column) if column >= 1 else None
            left += width
        return None

    def on_click(self, event: events.Click) -> None:
        cell = self.cell_at(event.x, event.y)
        if cell is not None:
            self.cursor = cell
            self.post_message(self.CellClicked())
