"""Issue 14 review, moneyfix point 4 in the console: n on the Ledger's Invoices page with a
mission bills at most what is left to bill of it; past that, the form says what is left and
stays open, nothing recorded."""

from __future__ import annotations

from collections.abc import Callable

from pilot_helpers import settle
from textual.widgets import Static

from homeops.rules.model import Client, Mission, StageMove
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.ledger_dialogs import LedgerForm

AppFactory = Callable[..., HomeopsApp]


def _plain(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


async def test_a_new_invoice_for_a_mission_stops_at_what_is_left(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    open_vault.clients.add(Client("maison-verte"))
    mission_id = open_vault.missions.add(
        Mission("Speech", "maison-verte", "Delivered", fee_cents=50_000,
                history=[StageMove("2026-11-25T10:00:00", "Delivered")])
    )  # fmt: skip
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "I", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LedgerForm)
        await pilot.press(*"maison-verte", "tab", *"99999", "tab", *"Speech", "tab",
                          *str(mission_id), "enter")  # fmt: skip
        await settle(pilot)
        assert app.screen is form  # the form says why and stays open
        said = _plain(str(form.query_one(".form-message", Static).render()))
        assert "500,00 € is left to bill" in said and "not 99 999,00 €" in said
        assert open_vault.invoices.list() == []
        await pilot.press("shift+tab", "shift+tab", "end", *["backspace"] * 5, *"500")
        await pilot.press("tab", "tab", "enter")  # Enter on the last field sends the form
        await settle(pilot)
        [invoice] = open_vault.invoices.list()
        assert (invoice.mission_id, invoice.amount_cents) == (mission_id, 50_000)
