"""mend14 point 1 in the console: u on the board right after n takes the new mission back
with the deposit invoice it drafted (a draft with the last number: removed, no gap)."""

from __future__ import annotations

from collections.abc import Callable

from pilot_helpers import settle
from textual.widgets import Static

from homeops.rules.model import Client
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp

AppFactory = Callable[..., HomeopsApp]


async def test_u_after_n_takes_back_the_mission_and_its_draft_deposit(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    from homeops.tui.views.board import BoardView

    open_vault.clients.add(Client("acme", terms_days=45))
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Guide", "tab", *"acme", "tab", *"1000")
        await pilot.press("tab", "tab", "tab", "tab", *"30 %", "enter")
        await settle(pilot)
        assert [i.number for i in open_vault.invoices.list()] == [1]
        await pilot.press("u")
        await settle(pilot)
        said = app.screen.query_one(BoardView).query_one("#board-message", Static)
        assert "Undone: add 'Guide'" in str(said.render())
        assert open_vault.missions.list() == []
        assert open_vault.invoices.list() == []  # F-0001 is free again
        await pilot.press("ctrl+r")  # redo drafts it again
        await settle(pilot)
        [mission] = open_vault.missions.list()
        [deposit] = open_vault.invoices.list()
        assert (deposit.number, deposit.mission_id, deposit.amount_cents) == (
            1, mission.id, 30_000)  # fmt: skip
