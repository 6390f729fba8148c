"""One stage of the board: a heading and a column that draws only the cards in view."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Label

from homeops.model import Mission
from tui.widgets.card import CARD_HEIGHT, CardStyles, card_lines


class CardList(ScrollView, can_focus=False):
    """The cards of one stage. Line API: a draw costs the visible cards, not the column."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card--title",
        "card--muted",
        "card--overdue",
        "card--soon",
        "card--cursor",
        "card--selected",
    }

    cursor: reactive[int] = reactive(0, init=False)
    """Index of the selected card in ``cards``."""

    class Clicked(Message):
        """A card was clicked: the board selects it."""

        def __init__(self, card_list: CardList, index: int) -> None:
            super().__init__()
            self.card_list = card_list
            self.index = index

    def __init__(self, stage: str, *, today: dt.date, locale: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stage = stage
        self.today = today
        self.locale = locale
        self.now = dt.datetime.combine(today, dt.time(12)).astimezone()
        self.cards: Sequence[Mission] = ()
        self.active = False  # the focused stage: its selected card is lit
        self.finished = False  # the last stage: deadlines no longer stand out
        self.ai_warned: set[int] = set()  # missions whose card shows the AI-use warning
        self.painted_at = 0.0  # perf_counter of the last drawn line (benchmarks read it)
        self._cache: dict[tuple[int, int, bool], list[Strip]] = {}

    def show(self, cards: Sequence[Mission], now: dt.datetime) -> None:
        """Draw ``cards`` (in order) from now on."""
        self.cards = cards
        self.now = now
        self._cache.clear()
        self.virtual_size = Size(0, len(cards) * CARD_HEIGHT)
        self.cursor = min(self.cursor, max(0, len(cards) - 1))
        self.refresh()

    def set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self.refresh()

    def watch_cursor(self) -> None:
        self.scroll_to_cursor()
        self.refresh()

    def scroll_to_cursor(self) -> None:
        if self.cards:
            region = Region(0, self.cursor * CARD_HEIGHT, self.size.width, CARD_HEIGHT - 1)
            self.scroll_to_region(region, animate=False, force=True)

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(0, len(self.cards) * CARD_HEIGHT)
        self.scroll_to_cursor()

    def _styles(self) -> CardStyles:
        def style(name: str) -> str:
            return str(self.get_component_rich_style(name, partial=True))

        return CardStyles(
            title=style("card--title"),
            muted=style("card--muted"),
            overdue=style("card--overdue"),
            due_soon=style("card--soon"),
            cursor=style("card--cursor"),
            selected=style("card--selected"),
        )

    def _card(self, index: int, width: int) -> list[Strip]:
        selected = self.active and index == self.cursor
        key = (index, width, selected)
        strips = self._cache.get(key)
        if strips is None:
            lines = card_lines(
                self.cards[index],
                width,
                today=self.today,
                now=self.now,
                locale=self.locale,
                selected=selected,
                finished=self.finished,
                ai_warning=self.cards[index].id in self.ai_warned,
                styles=self._styles(),
            )
            console = self.app.console
            strips = [
                Strip(list(line.render(console)), width).crop_extend(0, width, None)
                for line in lines
            ]
            self._cache[key] = strips
        return strips

    def render_line(self, y: int) -> Strip:
        self.painted_at = time.perf_counter()
        _scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index, row = divmod(y + scroll_y, CARD_HEIGHT)
        base = self.rich_style
        if index >= len(self.cards) or width <= 0:
            return Strip([Segment(" " * width, base)], width)
        strip = self._card(index, width)[row]
        return strip.apply_style(Style(bgcolor=base.bgcolor, color=base.color))

    def on_click(self, event: events.Click) -> None:
        index = (event.y + self.scroll_offset.y) // CARD_HEIGHT
        if 0 <= index < len(self.cards):
            self.post_message(self.Clicked(self, index))


class StageColumn(Vertical):
    """A stage's heading (name, count, WIP limit) over its cards."""

    def __init__(
        self,
        number: int,
        stage: str,
        *,
        today: dt.date,
        locale: str,
        wip_limit: int | None,
    ) -> None:
        super().__init__(classes="board-column")
        self.number = number
        self.stage = stage
        self.wip_limit = wip_limit
        self.cards = CardList(stage, today=today, locale=locale)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="column-head"):
            yield Label("", classes="column-more", markup=False)
            yield Label(self.stage, classes="column-heading", markup=False)
            yield Label("", classes="column-count", markup=False)
        yield self.cards

    def show_count(self, shown: int, total: int, *, more_left: bool, more_right: bool) -> None:
        """``3``, ``3/4`` with a WIP limit, ``2 of 5`` when filtered; ``‹ ›`` hidden stages."""
        text = str(total) if shown == total else f"{shown} of {total}"
        if self.wip_limit is not None and shown == total:
            text += f"/{self.wip_limit}"
            self.set_class(total > self.wip_limit, "-over-limit")
        for selector, new in (
            (".column-more", "‹ " if more_left else ""),
            (".column-count", f"{text} ›" if more_right else text),
        ):
            label = self.query_one(selector, Label)
            if str(label.content) != new:  # fixed widths (homeops.tcss): no layout needed
                label.update(new, layout=False)
