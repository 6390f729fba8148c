"""What a view switch paints (issue 18 point 4): a view's own style does not follow its
focus, since a changed colour on a view repaints every widget in it; what does follow the
focus (the selected card, the cursor row) is said by the widgets that draw it. No time is
asserted: the figures are bench/keys.py's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from board_data import fill
from pilot_helpers import settle, switch
from textual.geometry import Region
from textual.widget import Widget

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.main import MainScreen
from homeops.tui.views.board import BoardView
from homeops.tui.views.board_column import CARD_HEIGHT
from homeops.tui.views.ledger import LedgerView
from homeops.tui.widgets.row_list import RowList

AppFactory = Callable[..., HomeopsApp]
# The views that keep the focus when shown (the Clients give it to their table at once).
VIEW_KEYS = {"board": "1", "ledger": "2", "planner": "3", "offers": "5"}


@pytest.mark.parametrize("view_id", list(VIEW_KEYS))
async def test_a_view_s_own_style_is_the_same_with_and_without_the_focus(
    demo_vault: Vault, app_factory: AppFactory, view_id: str
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await switch(pilot, "2", "3", "4", "5", "1")  # each view built and shown once
        screen = app.screen
        assert isinstance(screen, MainScreen)
        view = next(view for view in screen.views if view.view_id == view_id)
        await switch(pilot, VIEW_KEYS[view_id])
        assert view.has_focus
        focused = view.styles.base.css_lines
        other = "1" if view_id != "board" else "2"
        await switch(pilot, other)
        assert not view.has_focus
        assert view.styles.base.css_lines == focused


def _backgrounds(widget: Widget, y: int) -> set[object]:
    """The background colours of line ``y`` of ``widget`` as drawn now."""
    (strip,) = widget.render_lines(Region(0, y, widget.size.width, 1))
    return {segment.style.bgcolor for segment in strip if segment.style is not None}


async def test_the_selected_card_and_the_cursor_row_are_lit_while_their_view_has_the_focus(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await switch(pilot, "2", "3", "4", "5", "1")
        screen = app.screen
        assert isinstance(screen, MainScreen)
        board = screen.query_one(BoardView)
        cards = board.grid.focused.cards
        assert cards.cards
        card_y = cards.cursor * CARD_HEIGHT - round(cards.scroll_y)
        await switch(pilot, "2")
        ledger = screen.query_one(LedgerView)
        rows = ledger.query_one("#entries-list", RowList)
        assert rows.rows
        row_y = rows.cursor - round(rows.scroll_y)
        # (a card is drawn with its component's own style, a row over the list's)
        for key, view, widget, y, lit, unlit, partial in (
            ("1", board, cards, card_y, "card--selected-focused", "card--selected", True),
            ("2", ledger, rows, row_y, "row-list--cursor-focused", "row-list--cursor", False),
        ):
            await switch(pilot, key)
            focused = widget.get_component_rich_style(lit, partial=partial).bgcolor
            blurred = widget.get_component_rich_style(unlit, partial=partial).bgcolor
            assert focused != blurred
            assert focused in _backgrounds(widget, y)
            screen.set_focus(None)  # the focus leaves the view, which stays on show
            await settle(pilot)
            assert blurred in _backgrounds(widget, y)
            assert focused not in _backgrounds(widget, y)
            view.take_focus()
            await settle(pilot)
            assert focused in _backgrounds(widget, y)


def _drawn_text(widget: Widget) -> str:
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join("".join(segment.text for segment in line) for line in lines)


async def test_cards_kept_across_a_switch_still_show_a_change_made_behind_the_board(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and app.business is not None
        brief = screen.query_one(BoardView).columns[0].cards
        assert "urban bees" in _drawn_text(brief)  # drawn, so kept for this width
        await switch(pilot, "2")
        bees = next(m for m in app.business.missions.list() if "urban bees" in m.title)
        open_vault.missions.update(replace(bees, title="Feature: city wasps"))  # beside
        screen.read_again()  # what a command served beside the console ends with
        await switch(pilot, "1")
        assert "city wasps" in _drawn_text(brief)
        assert "urban bees" not in _drawn_text(brief)
