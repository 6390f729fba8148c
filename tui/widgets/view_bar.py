"""The top line of the main screen: the views with their number keys, the current one lit."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.markup import escape
from textual.reactive import reactive
from textual.widgets import Label


class ViewBar(Horizontal):
    """Shows ``1 Board  2 Ledger  3 Planner  4 Clients``; a click shows that view."""

    current: reactive[str] = reactive("")

    def __init__(self, views: Sequence[tuple[str, str, str]], *, id: str | None = None) -> None:
        """``views`` holds (view id, key as shown, title) in display order."""
        super().__init__(id=id)
        self.views = tuple(views)

    def compose(self) -> ComposeResult:
        yield Label("homeops", id="brand")
        for view_id, key, title in self.views:
            yield Label(
                f"[@click=screen.show_view('{view_id}')] [b]{escape(key)}[/b] {title} [/]",
                id=f"tab-{view_id}",
                classes="view-tab",
            )

    def watch_current(self, current: str) -> None:
        for view_id, _key, _title in self.views:
            self.query_one(f"#tab-{view_id}").set_class(view_id == current, "-current")
