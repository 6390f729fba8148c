"""NO_COLOR: the cursor row shows in reverse video, not in bold alone like a header row."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from board_data import fill
from pilot_helpers import settle
from textual.widget import Widget
from textual.widgets import DataTable, OptionList

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.board import BoardView
from homeops.tui.widgets.row_list import RowList

AppFactory = Callable[..., HomeopsApp]

# Each list the console draws, the view that shows it and its cursor row's component class.
CURSORS: list[tuple[str, type[Widget], str]] = [
    ("2", RowList, "row-list--cursor"),
    ("2", RowList, "row-list--cursor-focused"),  # while the Ledger has the focus
    ("4", DataTable, "datatable--cursor"),
]


def cursor_style(widget: Widget, component: str) -> tuple[bool, bool]:
    """(reverse, bold) of ``widget``'s ``component`` style."""
    style = widget.get_component_rich_style(component)
    return bool(style.reverse), bool(style.bold)


@pytest.mark.parametrize(("no_color", "reverse"), [("1", True), ("", False)])
async def test_the_cursor_row_is_reverse_without_colour(
    open_vault: Vault,
    app_factory: AppFactory,
    monkeypatch: pytest.MonkeyPatch,
    no_color: str,
    reverse: bool,
) -> None:
    # Issue 13 review point 14: with NO_COLOR=1 the selected row was only bold, as the
    # header; with colours its background marks it and nothing changes.
    monkeypatch.setenv("NO_COLOR", no_color)
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, kind, component in CURSORS:
            await pilot.press(key)
            await settle(pilot)
            widget: Widget = app.screen.query(kind).first()
            assert cursor_style(widget, component) == (reverse, True), kind.__name__
        table = app.screen.query(DataTable).first()
        assert cursor_style(table, "datatable--header")[0] is False  # the header stays apart
        await pilot.press("1")
        await settle(pilot)
        app.screen.query_one(BoardView).select(ids["case"])
        await pilot.press("enter")  # the mission's checklist: an OptionList
        await settle(pilot)
        checklist = app.screen.query_one("#mission-checklist", OptionList)
        highlighted = "option-list--option-highlighted"
        assert cursor_style(checklist, highlighted)[0] is reverse
