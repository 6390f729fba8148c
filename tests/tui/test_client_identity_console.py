"""The client form's company and SIREN (issue 15, #3): typed with the keys a user presses,
stored as typed (the SIREN without its spaces), refused in one line when the key is wrong."""

from __future__ import annotations

from collections.abc import Callable

from pilot_helpers import settle
from textual.widgets import Input, Static

from homeops.rules.model import Client
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.clients import ClientsView
from homeops.tui.views.clients_dialogs import ClientForm

AppFactory = Callable[..., HomeopsApp]
# alias -> status, basis, then each personal field and its purpose: the company is next
TABS_TO_COMPANY = 11


async def test_type_a_company_and_its_siren(open_vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "n", *"nordlys", *["tab"] * TABS_TO_COMPANY)
        assert app.focused is app.screen.query_one("#client-company", Input)
        await pilot.press(*"Nordlys Studio SAS", "tab", *"333 333 334", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ClientForm)
        client = open_vault.clients.by_alias("nordlys")
        assert client is not None
        assert (client.company, client.siren) == ("Nordlys Studio SAS", "333333334")
        detail = str(app.screen.query_one("#clients-detail", Static).render())
        assert "Company         Nordlys Studio SAS · SIREN 333333334" in detail


async def test_a_wrong_key_is_one_line_and_nothing_is_saved(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "n", *"nordlys", *["tab"] * (TABS_TO_COMPANY + 1))
        await pilot.press(*"333333335", "enter")
        assert isinstance(app.screen, ClientForm)
        assert app.screen.message_text == (
            "the SIREN must be the 9 digits of a SIREN with a valid key (or nothing)"
        )
        assert open_vault.clients.by_alias("nordlys") is None


async def test_edit_shows_and_clears_them(open_vault: Vault, app_factory: AppFactory) -> None:
    open_vault.clients.add(Client("atelier-b", company="Atelier B SARL", siren="222222226"))
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "e")
        form = app.screen
        assert isinstance(form, ClientForm)
        assert form.query_one("#client-company", Input).value == "Atelier B SARL"
        assert form.query_one("#client-siren", Input).value == "222222226"
        await pilot.press(*["tab"] * (TABS_TO_COMPANY + 1), *["backspace"] * 9, "enter")
        await settle(pilot)
        client = open_vault.clients.by_alias("atelier-b")
        assert client is not None and (client.company, client.siren) == ("Atelier B SARL", "")
        assert app.screen.query_one(ClientsView).message_text == "Client saved."
