"""mend14 point 4: in the scope-change dialog (s on a mission) one space ticks one box, and
a ticked box reads differently from an unticked one without colour (tmux, NO_COLOR):
``▐X▌`` ticked, ``▐ ▌`` not. Textual's checkbox shows X in both, the colour alone differs."""

from __future__ import annotations

from collections.abc import Callable

from board_data import fill
from pilot_helpers import settle
from rich.console import Console
from textual.widgets import Checkbox

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.dialogs import ScopeChangeDialog
from homeops.tui.views.board import BoardView

AppFactory = Callable[..., HomeopsApp]


def _text(box: Checkbox) -> str:
    console = Console(width=80, color_system=None)
    with console.capture() as captured:
        console.print(box.render())
    return captured.get().strip()


async def test_one_space_ticks_one_box_and_shows_it_without_colour(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one(BoardView).select(ids["case"])
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ScopeChangeDialog)
        accepted = dialog.query_one("#scope-accepted", Checkbox)
        paid = dialog.query_one("#scope-paid", Checkbox)
        assert _text(accepted) == "▐ ▌ Accepted by the client"
        assert _text(paid) == "▐ ▌ Paid revision (one more round)"
        await pilot.press("tab", "tab", "tab", "space")  # what, fee, effort, accepted
        await settle(pilot)
        assert (accepted.value, paid.value) == (True, False)
        assert _text(accepted) == "▐X▌ Accepted by the client"
        assert _text(paid) == "▐ ▌ Paid revision (one more round)"
        await pilot.press("tab", "space", "space")  # the paid box: ticked, then unticked
        await settle(pilot)
        assert (accepted.value, paid.value) == (True, False)
        assert _text(paid) == "▐ ▌ Paid revision (one more round)"
