"""The board's columns: each stage a heading over a column that draws only the cards in
view, and the stages side by side with one of them focused."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from math import ceil
from typing import ClassVar

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Label

from homeops.rules import hourly
from homeops.rules.model import Mission
from homeops.services.missions import Board
from homeops.tui.views.board_filter import matches
from homeops.tui.widgets.card import CARD_HEIGHT, CardStyles, card_lines
from homeops.tui.widgets.view_focus import under_focus

#: A card's marks beside its mission: the AI-use warning, hourly work's use of its cap,
#: delivered and not invoiced ("to bill").
Marks = tuple[bool, hourly.CapUse | None, bool]

#: Narrowest useful column (cells): 3 stages at 80 columns, all 6 from about 150.
MIN_COLUMN_WIDTH = 25

# Stand-in colours to tell which cells of a scrollbar change (CardList._scrollbar_rows).
_BAR_BACK, _BAR_THUMB = Color.parse("#000000"), Color.parse("#ffffff")


class CardList(ScrollView, can_focus=False):
    """The cards of one stage. Line API: a draw costs the visible cards, not the column.

    Over SSH every cell written costs bytes, so a change repaints only the cards it touches:
    a cursor step the old and the new card, a change of focus the selected card, a new list
    (``show``) the cards from the first one that differs; the whole column only when it
    scrolls. Of the scrollbar, only the cells that change when it scrolls or the list's
    length changes.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card--title",
        "card--muted",
        "card--overdue",
        "card--soon",
        "card--cursor",
        "card--selected",
        "card--selected-focused",  # while the board has the focus (show_view_focus)
    }

    cursor: reactive[int] = reactive(0, init=False, repaint=False)
    """Index of the selected card in ``cards`` (the watcher repaints what changed)."""

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
        self.view_focused = False  # the board has the focus: the lit card's look
        self.finished = False  # the last stage: deadlines no longer stand out
        self.ai_warned: set[int] = set()  # missions whose card shows the AI-use warning
        self.logged: Mapping[int, int] = {}  # minutes logged: hourly work's use of its cap
        self.to_bill: Callable[[Mission], bool] = lambda mission: False  # the board's rule
        self.painted_at = 0.0  # perf_counter of the last drawn line (benchmarks read it)
        # Drawn cards by (mission id, selected, width), with the mission and AI mark drawn.
        self._cache: dict[tuple[int | None, bool, int], tuple[Mission, Marks, list[Strip]]] = {}
        self._cache_for: tuple[object, ...] = ()  # what the cached cards were drawn with
        self._cache_width = 0  # the list's width when the cache was last cleared for it
        self._card_styles = CardStyles()
        self._shown: list[tuple[Mission, Marks]] = []  # what each row of cards shows
        self.hint = ""  # drawn in the empty list (the empty board's first stage)

    def _marks(self, mission: Mission) -> Marks:
        """What a card shows beside its mission: the AI-use warning, hourly work's cap use."""
        logged = self.logged.get(mission.id or 0, 0)
        cap = hourly.use(mission, logged) if hourly.is_hourly(mission) else None
        return mission.id in self.ai_warned, cap, self.to_bill(mission)

    def show(self, cards: Sequence[Mission], now: dt.datetime) -> None:
        """Draw ``cards`` (in order) from now on; only the cards that changed are repainted."""
        # A card shows the same while its mission is the same object (the board replaces a
        # mission on every change) with the same AI mark, on the same day ("days in stage").
        before = self._shown if now.date() == self.now.date() else []
        # The cursor stays on its mission wherever the mission now is in the list (a filter,
        # a card leaving above it); only when it is gone does it keep its place.
        chosen = self.cards[self.cursor].id if self.cursor < len(self.cards) else None
        self.cards = cards
        self.now = now
        self._shown = [(mission, self._marks(mission)) for mission in cards]
        cursor = next(
            (index for index, mission in enumerate(cards) if mission.id == chosen),
            min(self.cursor, max(0, len(cards) - 1)),
        )
        self._set_length(len(cards))
        first = next(
            (
                index
                for index, (old, new) in enumerate(itertools.zip_longest(before, self._shown))
                if old is None or new is None or old[0] is not new[0] or old[1] != new[1]
            ),
            None,
        )
        if first is not None:
            self._refresh_cards(first, max(len(before), len(cards)))
        self.cursor = cursor  # when it changes, the watcher repaints the old and new card

    def _set_length(self, count: int) -> None:
        """The list's virtual height. Assigning ``virtual_size`` would lay the screen out and
        repaint the whole column; the cards that change are repainted by ``show``, and here
        only the scrollbar is told, or shown or hidden (then the cards change width)."""
        size = Size(0, count * CARD_HEIGHT)
        if size == self.virtual_size:
            return
        height = self.container_size.height
        if not (self.is_mounted and height):
            self.virtual_size = size  # not laid out yet: the first layout does it all
            return
        self.set_reactive(CardList.virtual_size, size)
        shown = size.height > height
        if shown != self.show_vertical_scrollbar:
            # Set here, not found out in the layout pass, which would lay out a second time.
            self.show_vertical_scrollbar = shown
            self.vertical_scrollbar.display = shown
            self.refresh()
        scroll_y = self.validate_scroll_y(self.scroll_y)
        if shown:
            # The new length and the scroll it forces in one go: only the bar's cells that
            # differ between before and after are repainted (``scroll_y`` then finds none).
            self._set_scrollbar(size.height, height - self.scrollbar_size_horizontal, scroll_y)
        self.scroll_y = scroll_y

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # ScrollView compares the compositor's virtual size (the content's size, never ours)
        # with ours, so each layout pass anywhere on the board would redraw every column's
        # scrollbar; ``_set_length`` keeps the scrollbar up to date, so skip when unchanged.
        if size == self.size and container_size == self.container_size:
            return False
        return super()._size_updated(size, virtual_size, container_size, layout)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # ScrollView repaints the whole list and the whole scrollbar on a scroll: here the
        # cards, and of the scrollbar only the cells whose look changes (most of a long
        # thumb stays where it was), at one SGR code and a cursor move each.
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            self._set_scrollbar(bar.window_virtual_size, bar.window_size, new_value)
        if round(old_value) != round(new_value):
            self.refresh(Region(0, 0, self.scrollable_content_region.width, self.size.height))

    def _set_scrollbar(self, virtual_size: int, window_size: int, position: float) -> None:
        """Give the vertical scrollbar new values; repaint only the rows that change."""
        bar = self.vertical_scrollbar
        before = self._scrollbar_rows()
        bar.set_reactive(ScrollBar.window_virtual_size, virtual_size)
        bar.set_reactive(ScrollBar.window_size, window_size)
        bar.set_reactive(ScrollBar.position, bar.validate_position(position))
        after = self._scrollbar_rows()
        if len(before) != len(after):
            bar.refresh()
            return
        changed = [y for y, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
        # One region per run of changed rows (a moving thumb changes at its two ends).
        runs = itertools.groupby(enumerate(changed), key=lambda pair: pair[1] - pair[0])
        regions = [[y for _, y in run] for _, run in runs]
        if regions:
            bar.refresh(*(Region(0, ys[0], bar.size.width, len(ys)) for ys in regions))

    def _scrollbar_rows(self) -> list[Segment]:
        """The vertical scrollbar's rows as drawn (glyph, and where the thumb is: mouse
        actions included), with stand-in colours: what changes between two draws."""
        bar = self.vertical_scrollbar
        window_size = bar.window_size if bar.window_size < bar.window_virtual_size else 0
        rows = bar.renderer.render_bar(
            size=bar.size.height,
            virtual_size=ceil(bar.window_virtual_size),
            window_size=ceil(window_size),
            position=bar.position,
            thickness=bar.thickness,
            vertical=True,
            back_color=_BAR_BACK,
            bar_color=_BAR_THUMB,
        )
        return list(rows.segments)

    def on_mount(self) -> None:
        self.view_focused = under_focus(self)

    def show_view_focus(self, focused: bool) -> None:
        """The board has the focus, or not: the selected card's look follows."""
        if focused != self.view_focused:
            self.view_focused = focused
            self._refresh_cards(self.cursor, self.cursor + 1)

    def set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self._refresh_cards(self.cursor, self.cursor + 1)

    def watch_cursor(self, old: int, new: int) -> None:
        scroll_y = self.scroll_y
        self.scroll_to_cursor()
        if self.scroll_y == scroll_y:  # a scroll repaints the whole list (ScrollView)
            self._refresh_cards(old, old + 1)
            self._refresh_cards(new, new + 1)

    def _refresh_cards(self, start: int, end: int) -> None:
        """Repaint cards ``start`` to ``end`` (not included) where they are in view.

        The width leaves the scrollbar out: a region over it would redraw it too.
        """
        top = max(0, start * CARD_HEIGHT - round(self.scroll_y))
        bottom = min(self.size.height, end * CARD_HEIGHT - round(self.scroll_y))
        if bottom > top:
            self.refresh(Region(0, top, self.scrollable_content_region.width, bottom - top))

    def scroll_to_cursor(self) -> None:
        """Scroll the selected card into view, now (``watch_cursor`` compares the scroll
        before and after). A hidden list waits: ``reveal`` scrolls it when it shows."""
        column = self.parent
        if self.cards and self.size.height and (not isinstance(column, Widget) or column.display):
            region = Region(0, self.cursor * CARD_HEIGHT, self.size.width, CARD_HEIGHT - 1)
            self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def reveal(self) -> None:
        """The list shows again: what changed while it was hidden was never painted (a
        hidden widget's repaints are dropped), so paint it all, scrolled to the cursor."""
        self._cache.clear()
        self.refresh()
        self.call_after_refresh(self.scroll_to_cursor)

    def on_resize(self, event: events.Resize) -> None:
        # A view switch hides the list and shows it again at the width its cards were drawn
        # for: they still serve (kept by width, checked against their mission); another
        # width clears them, as they are many.
        if event.size.width and event.size.width != self._cache_width:
            self._cache.clear()
            self._cache_width = event.size.width
        self._set_length(len(self.cards))
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
            selected=style("card--selected-focused" if self.view_focused else "card--selected"),
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        # Once per repaint: the drawn cards are kept while what they were drawn with (day,
        # stage, locale, styles of the theme and focus) stays the same.
        styles = self._styles()
        drawn_for = (
            self.today,
            self.now.date(),
            self.locale,
            self.finished,
            styles,
            self.rich_style,
        )
        if drawn_for != self._cache_for:
            self._cache.clear()
            self._cache_for = drawn_for
            self._card_styles = styles
        return super().render_lines(crop)

    def _card(self, index: int, width: int) -> list[Strip]:
        mission = self.cards[index]
        selected = self.active and index == self.cursor
        marks = self._marks(mission)
        ai_warning, cap, to_bill = marks
        key = (mission.id, selected, width)
        entry = self._cache.get(key)
        if entry is not None and entry[0] is mission and entry[1] == marks:
            return entry[2]
        lines = card_lines(
            mission,
            width,
            today=self.today,
            now=self.now,
            locale=self.locale,
            selected=selected,
            finished=self.finished,
            ai_warning=ai_warning,
            cap=cap,
            to_bill=to_bill,
            styles=self._card_styles,
        )
        console = self.app.console
        base = self.rich_style
        background = Style(bgcolor=base.bgcolor, color=base.color)
        strips = [
            # One segment per run of one style: each segment costs an SGR code and a reset.
            Strip(list(line.render(console)), width)
            .crop_extend(0, width, None)
            .apply_style(background)
            .simplify()
            for line in lines
        ]
        self._cache[key] = (mission, marks, strips)
        return strips

    def show_hint(self, hint: str) -> None:
        """Draw ``hint`` (one line of plain text) while the list has no card."""
        if hint != self.hint:
            self.hint = hint
            self.refresh(Region(0, 1, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        self.painted_at = time.perf_counter()
        _scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index, row = divmod(y + scroll_y, CARD_HEIGHT)
        if self.hint and not self.cards and y == 1 and width > 0:
            muted = self.get_component_rich_style("card--muted", partial=True)
            hint = Strip([Segment(f" {self.hint}", self.rich_style + muted)])
            return hint.crop_extend(0, width, self.rich_style)
        if index >= len(self.cards) or width <= 0:
            return Strip([Segment(" " * width, self.rich_style)], width)
        return self._card(index, width)[row]

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
        # Blanks written out, not left empty or to padding: a run of text costs fewer bytes
        # to draw than an empty label or padding beside it (each their own colour codes).
        with Horizontal(classes="column-head"):
            yield Label("   ", classes="column-more", markup=False)
            yield Label(self.stage, classes="column-heading", markup=False)
            yield Label(" ", classes="column-count", markup=False)
        yield self.cards

    def set_focused(self, focused: bool) -> None:
        """Light the heading and the selected card. The class goes on the heading, not on the
        column: a class on the column restyles, so repaints, every card and the scrollbar."""
        self.query_one(".column-head").set_class(focused, "-focused")
        self.cards.set_active(focused)

    def show_count(self, shown: int, total: int, *, more_left: bool, more_right: bool) -> None:
        """``3``, ``3/4`` with a WIP limit, ``2 of 5`` when filtered; ``‹ ›`` hidden stages."""
        text = str(total) if shown == total else f"{shown} of {total}"
        if self.wip_limit is not None and shown == total:
            text += f"/{self.wip_limit}"
            self.query_one(".column-head").set_class(total > self.wip_limit, "-over-limit")
        for selector, new in (
            (".column-more", "‹  " if more_left else "   "),
            (".column-count", (f"{text} ›" if more_right else text) + " "),
        ):
            label = self.query_one(selector, Label)
            if str(label.content) != new:  # fixed widths (homeops.tcss): no layout needed
                label.update(new, layout=False)


class BoardColumns(Horizontal):
    """The stages side by side. One has the focus (``stage_index``): its heading and its
    selected card are lit; where not all fit, the focused stage and its neighbours show."""

    def __init__(
        self,
        stages: Sequence[str],
        *,
        today: dt.date,
        locale: str,
        wip_limits: Mapping[str, int],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.stages = tuple(stages)
        self.stage_index = 0
        self.today = today
        self.columns = [
            StageColumn(number, stage, today=today, locale=locale, wip_limit=wip_limits.get(stage))
            for number, stage in enumerate(self.stages, start=1)
        ]
        self.columns[-1].cards.finished = True  # delivered: deadlines no longer stand out

    def compose(self) -> ComposeResult:
        yield from self.columns

    def show(
        self, board: Board, words: Sequence[str], now: dt.datetime, stages: Collection[str] | None
    ) -> None:
        """Draw the missions of ``board`` that match the filter's ``words``, in the columns
        of ``stages`` (all when None); only the cards that changed are repainted."""
        for column in self.columns:
            if stages is None or column.stage in stages:
                cards = board.column(column.stage)
                if words:
                    cards = [m for m in cards if matches(m, words, self.today)]
                column.cards.ai_warned = board.ai_warned
                column.cards.logged = board.logged
                column.cards.to_bill = board.to_bill
                column.cards.show(cards, now)

    @property
    def focused(self) -> StageColumn:
        return self.columns[self.stage_index]

    def in_view(self, width: int) -> range:
        """The stages that fit in ``width`` cells, the focused one centred where it can be."""
        count = len(self.stages)
        many = max(1, min(count, width // MIN_COLUMN_WIDTH))
        first = min(max(0, self.stage_index - many // 2), count - many)
        return range(first, first + many)

    def lay_out(self, visible: range) -> None:
        """Show the ``visible`` stages and light the focused one."""
        for index, column in enumerate(self.columns):
            shown = index in visible
            if shown and not column.display:
                column.cards.reveal()
            column.display = shown
            # Not :last-of-type, which Textual does not re-evaluate when columns show or hide.
            column.set_class(index == visible.stop - 1, "-last-shown")
            column.set_focused(index == self.stage_index)

    def show_counts(self, visible: range, totals: Mapping[str, int]) -> None:
        """Each heading's count of ``totals`` (missions by stage), ``‹ ›`` for hidden stages."""
        last = len(self.columns) - 1
        for index, column in enumerate(self.columns):
            column.show_count(
                len(column.cards.cards),
                totals[column.stage],
                more_left=index == visible.start and index > 0,
                more_right=index == visible.stop - 1 and index < last,
            )

    def shown(self) -> int:
        """Cards drawn over all the stages (what the filter lets through)."""
        return sum(len(column.cards.cards) for column in self.columns)

    def selected(self) -> Mission | None:
        """The mission under the cursor of the focused stage, or None when it is empty."""
        cards = self.focused.cards
        return cards.cards[cards.cursor] if cards.cards else None

    def put_cursor(self, stage: str, mission_id: int) -> None:
        """Focus ``stage`` and put its cursor on ``mission_id`` (if it is drawn there)."""
        self.stage_index = self.stages.index(stage)
        cards = self.focused.cards
        for index, mission in enumerate(cards.cards):
            if mission.id == mission_id:
                cards.cursor = index
        cards.scroll_to_cursor()  # the cursor may be where it was, the card out of view

    def step_cursor(self, delta: int) -> None:
        """Move the focused stage's cursor ``delta`` cards, stopping at either end."""
        cards = self.focused.cards
        if cards.cards:
            cards.cursor = min(max(0, cards.cursor + delta), len(cards.cards) - 1)
