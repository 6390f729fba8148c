"""The board's archive: one line per archived mission, newest first, filtered like the board."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from homeops.services.missions import MissionSummary
from homeops.tui.text import data
from homeops.tui.views.board_filter import summary_matches


class ArchiveList(OptionList):
    """The archived missions the board's filter lets through; ``r`` on the board restores
    the highlighted one."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)
        self.rows: list[MissionSummary] = []

    def show(self, rows: Sequence[MissionSummary], words: Sequence[str]) -> None:
        """List ``rows`` that match every word of the filter (all when none)."""
        self.rows = [row for row in rows if summary_matches(row, words)] if words else list(rows)
        self.clear_options()
        self.add_options(
            Option(data(f"{r.title}  ·  {r.client_alias or '-'}  ·  {r.stage}"), id=str(r.id))
            for r in self.rows
        )
        if self.rows:
            self.highlighted = 0

    def highlighted_row(self) -> MissionSummary | None:
        if self.highlighted is None or not self.rows:
            return None
        return self.rows[self.highlighted]

    def keep_highlight(self, index: int) -> None:
        """Highlight the row at ``index``, or the last one when the list got shorter."""
        if self.rows:
            self.highlighted = min(index, len(self.rows) - 1)
