"""The Ledger's headers follow its width: drawn while it was hidden (a command typed beside
the console reads the vault again) or before a resize, they are drawn again when it shows."""

from __future__ import annotations

from collections.abc import Callable

from pilot_helpers import settle, switch
from textual.widgets import Static

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.main import MainScreen
from homeops.tui.views.ledger import LedgerView
from homeops.tui.views.ledger_rows import entry_header

AppFactory = Callable[..., HomeopsApp]


def entries_head(app: HomeopsApp) -> str:
    return str(app.screen.query_one("#entries-head", Static).content)


def header_for_shown_width(app: HomeopsApp) -> str:
    view = app.screen.query_one(LedgerView)
    return entry_header(view.content_region.width - 1).plain


async def test_a_resize_while_the_ledger_is_hidden_shows_at_the_new_width(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await switch(pilot, "2")
        at_80 = entries_head(app)
        assert at_80 == header_for_shown_width(app)
        await switch(pilot, "1")
        await pilot.resize_terminal(110, 30)
        await settle(pilot)
        await switch(pilot, "2")
        assert entries_head(app) != at_80
        assert entries_head(app) == header_for_shown_width(app)
        await pilot.resize_terminal(90, 24)  # and while it is on show
        await settle(pilot)
        assert entries_head(app) == header_for_shown_width(app)


async def test_a_change_read_while_the_ledger_is_hidden_shows_at_its_width(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await switch(pilot, "2", "1")
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.read_again()  # what a command typed beside the console does
        await settle(pilot)
        await switch(pilot, "2")
        assert entries_head(app) == header_for_shown_width(app)
        assert "Description " in entries_head(app)
