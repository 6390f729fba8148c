"""The client form's source (issue 16): where a client came from, chosen with the keys,
saved, and kept when the client is edited; results per channel read it."""

from __future__ import annotations

from collections.abc import Callable

from homeops.rules.model import Client
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.clients_dialogs import ClientForm
from homeops.tui.widgets.choice import ChoiceRow

AppFactory = Callable[..., HomeopsApp]


async def test_a_new_clients_source_is_chosen_with_the_keys(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "n")
        assert isinstance(app.screen, ClientForm)
        source = app.screen.query_one("#client-source", ChoiceRow)
        assert source.value == "no source"
        # alias, status, basis, four fields and their purposes, company, SIREN (issue 15),
        # first, last, ended: 16 tabs
        await pilot.press(*"nordlys", *["tab"] * 16)
        assert app.focused is source
        await pilot.press("right", "right")  # no source -> referral -> content
        assert source.value == "content"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ClientForm)
        client = open_vault.clients.by_alias("nordlys")
        assert client is not None and client.source == "content"


async def test_editing_keeps_the_source_and_no_source_removes_it(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    open_vault.clients.add(Client("acme-mag", source="partnership"))
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "e")
        assert isinstance(app.screen, ClientForm)
        source = app.screen.query_one("#client-source", ChoiceRow)
        assert source.value == "partnership"
        await pilot.press("enter")
        await pilot.pause()
        assert open_vault.clients.by_alias("acme-mag").source == "partnership"  # type: ignore[union-attr]
        await pilot.press("e")
        await pilot.press(*["tab"] * 16, "right", "right")  # partnership -> direct -> no source
        assert app.screen.query_one("#client-source", ChoiceRow).value == "no source"
        await pilot.press("enter")
        await pilot.pause()
        assert open_vault.clients.by_alias("acme-mag").source is None  # type: ignore[union-attr]
