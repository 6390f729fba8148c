"""What every top-level view shares: its name, its number key, scrolling, counts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Protocol, runtime_checkable

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static


@runtime_checkable
class FollowsViewFocus(Protocol):
    """A widget whose look follows its view's focus (the selected card, the cursor row)."""

    def show_view_focus(self, focused: bool) -> None:
        """Draw as the view's focus says, repainting only what that changes."""


class View(VerticalScroll, can_focus=True, inherit_bindings=False):
    """A top-level view of the main screen. It renders what the screen gives it.

    Views never touch the vault: the main screen gives each the services it needs (the
    board the missions, the ledger the cashbook, …) and the record counts
    (:meth:`show_counts`); a view posts messages up for what concerns the others.
    """

    view_id: ClassVar[str] = ""
    """Stable id: the widget id, the palette command and the key bindings' id use it."""
    title: ClassVar[str] = ""
    """The view's name in the view bar, the palette and the help screen."""
    key: ClassVar[str] = ""
    """The number key that shows this view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Scroll up", show=False, id="view.scroll_up"),
        Binding("down", "scroll_down", "Scroll down", show=False, id="view.scroll_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="view.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="view.page_down"),
        Binding("home", "scroll_home", "Scroll to the top", show=False, id="view.top"),
        Binding("end", "scroll_end", "Scroll to the bottom", show=False, id="view.bottom"),
    ]

    def __init__(self) -> None:
        super().__init__(id=self.view_id, classes="view")

    #: The widgets inside a view whose look follows the view's focus (homeops.tcss:
    #: ``.card--selected-focused``, ``.row-list--cursor-focused``): ``FollowsViewFocus``.
    FOCUS_STYLED: ClassVar[str] = "CardList, RowList"

    def watch_has_focus(self, has_focus: bool) -> None:
        # Textual restyles the whole view, every row and label, when its focus changes: 30 ms
        # on each view switch (issue 18 point 4). Only the view is restyled; the lists whose
        # look follows its focus are told, and repaint their cursor: a restyle of theirs (a
        # :focus rule, their component classes) was a fifth of a Board switch.
        self.app.stylesheet.update_nodes([self], animate=True)
        for widget in self.query(self.FOCUS_STYLED):
            if isinstance(widget, FollowsViewFocus):
                widget.show_view_focus(has_focus)

    def take_focus(self) -> None:
        """Focus what takes the keys when the view is shown (the view itself here)."""
        self.focus()

    def show_counts(self, counts: Mapping[str, int]) -> None:
        """Render what the vault holds: table name -> number of records."""
        raise NotImplementedError


def show_text(static: Static, text: str) -> None:
    """Give ``static`` this text; when it has it already, nothing is laid out or sent again,
    and a new text that takes as many lines is repainted alone: a layout repaints the whole
    view (8 KB over SSH per Planner step, issue 18 point 5)."""
    if static.content == text:
        return
    width, before = static.content_region.width, static.content_region.height
    height = static.styles.height
    if not static.is_mounted or width <= 0 or height is None or not height.is_auto:
        static.update(text)
        return
    static.update(text, layout=False)
    if static.get_content_height(static.content_region.size, static.app.size, width) != before:
        static.refresh(layout=True)  # more or fewer lines: what is under it moves


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``3 missions``, ``1 mission``, ``0 missions``."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"
