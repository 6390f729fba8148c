"""A list of rows with a cursor that draws only the rows in view (Line API).

A ledger can hold 100,000 entries: they are never made into widgets or table cells. The owner
gives a sequence and a function that writes one row as ``Text`` for a width; a draw costs the
visible rows only, whatever the length of the sequence.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from homeops.tui.text import fit_text
from homeops.tui.widgets.view_focus import under_focus

RowWriter = Callable[[Any, int], Text]


class RowList(ScrollView, can_focus=False):
    """Rows of ``rows`` written by ``writer(row, width)``; the cursor row is lit."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-list--cursor",
        "row-list--cursor-focused",  # while the view holding the list has the focus
        "row-list--empty",
    }

    cursor: reactive[int] = reactive(0, init=False, repaint=False)
    """Index of the selected row (the watcher repaints the old and the new row)."""

    class Clicked(Message):
        """A row was clicked: the owner selects it."""

        def __init__(self, row_list: RowList, index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index

    def __init__(self, writer: RowWriter, *, empty: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.writer = writer
        self.rows: Sequence[Any] = ()
        self.empty = empty
        self.painted_at = 0.0  # perf_counter of the last line drawn (the benchmark reads it)
        self.view_focused = False  # said by the view (show_view_focus): the cursor's look

    def show(self, rows: Sequence[Any], *, empty: str | None = None) -> None:
        """Draw ``rows`` from now on; the cursor stays on its index when it still exists."""
        self.rows = rows
        if empty is not None:
            self.empty = empty
        self.virtual_size = Size(0, len(rows))
        self.cursor = min(self.cursor, max(0, len(rows) - 1))
        self.refresh()

    @property
    def selected(self) -> Any | None:
        return self.rows[self.cursor] if self.rows else None

    def move(self, delta: int) -> None:
        """Move the cursor by ``delta`` rows, kept inside the list."""
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def on_mount(self) -> None:
        self.view_focused = under_focus(self)

    def show_view_focus(self, focused: bool) -> None:
        """The view holding the list has the focus, or not: the cursor row's look follows."""
        if focused != self.view_focused:
            self.view_focused = focused
            self._refresh_row(self.cursor)

    def watch_cursor(self, old: int, new: int) -> None:
        # Over SSH every cell written costs bytes: a step repaints the old and the new row,
        # the whole list only when it scrolls (ScrollView repaints it then).
        scroll_y = self.scroll_y
        if self.rows:
            self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True, immediate=True)
        if self.scroll_y == scroll_y:
            self._refresh_row(old)
            self._refresh_row(new)

    def _refresh_row(self, index: int) -> None:
        """Repaint row ``index`` where it is in view; the width leaves the scrollbar out (a
        region over it would redraw it too)."""
        y = index - round(self.scroll_y)
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.scrollable_content_region.width, 1))

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self.rows))

    def render_line(self, y: int) -> Strip:
        self.painted_at = time.perf_counter()
        width = self.scrollable_content_region.width
        index = y + self.scroll_offset.y
        base = self.rich_style
        if width <= 0:
            return Strip([])
        if not self.rows and y == 0 and self.empty:
            style = self.get_component_rich_style("row-list--empty")
            text = Text(self.empty, style=style)
        elif index >= len(self.rows):
            return Strip([Segment(" " * width, base)], width)
        else:
            text = self.writer(self.rows[index], width)
            if index == self.cursor:
                lit = "row-list--cursor-focused" if self.view_focused else "row-list--cursor"
                text.stylize(self.get_component_rich_style(lit))
        text = fit_text(text, width)  # in cells, never half a flag or a wide character
        text.no_wrap = True
        segments = list(text.render(self.app.console))
        strip = Strip(segments).crop_extend(0, width, None)
        # One segment per run of one style: each segment costs an SGR code and a reset.
        return strip.apply_style(Style(bgcolor=base.bgcolor, color=base.color)).simplify()

    def on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self.rows):
            self.post_message(self.Clicked(self, index))
