"""A mission for a client not in the register yet (issue 12, item 7, the console half).

An alias with no client behind it would hold a person that export, retention and erasure
never see: the mission form offers to add the client (its form opens, prefilled with the
alias) and saves the mission once the client is there; declined, nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Callable

from board_data import fill
from pilot_helpers import settle
from test_hostile_input import contents
from textual.widgets import Input

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.mission_form import AskDialog, MissionForm
from homeops.tui.views.clients_dialogs import ClientForm

AppFactory = Callable[..., HomeopsApp]


async def test_an_unknown_client_is_offered_then_added_with_the_mission(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Guide: compost", "tab", *"delta", "ctrl+s")
        await settle(pilot)
        ask = app.screen
        assert isinstance(ask, AskDialog)
        assert ask.question == "No client 'delta' yet: add it? (y/n)"
        await pilot.press("y")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClientForm)
        assert form.query_one("#client-alias", Input).value == "delta"
        await pilot.press("ctrl+s")  # the alias, today as first and last contact
        await settle(pilot)
        assert not isinstance(app.screen, MissionForm | ClientForm | AskDialog)
    client = open_vault.clients.by_alias("delta")
    assert client is not None and client.status == "client"
    (mission,) = [m for m in open_vault.missions.list() if m.title == "Guide: compost"]
    assert mission.client_alias == "delta"


async def test_an_unknown_client_declined_records_nothing(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    before = contents(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Guide: compost", "tab", *"delta", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AskDialog)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MissionForm)  # back to the form, the fields kept
        assert form.message_text == "No client 'delta': add it (y), or leave the client empty"
        assert form.value("client") == "delta"
        await pilot.press("ctrl+s", "y", "escape")  # asked again; the client form cancelled
        await settle(pilot)
        assert isinstance(app.screen, MissionForm)
        assert "not saved" in app.screen.message_text
    assert contents(open_vault) == before


async def test_a_known_client_or_none_is_not_asked(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"For acme", "tab", *"acme-mag", "ctrl+s")
        await settle(pilot)
        await pilot.press("n", *"For nobody yet", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, AskDialog | MissionForm)
    titles = {m.title: m.client_alias for m in open_vault.missions.list()}
    assert titles["For acme"] == "acme-mag" and titles["For nobody yet"] == ""


async def test_the_edit_form_offers_an_unknown_client_too(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e")  # the mission view's edit form
        await settle(pilot)
        field = app.screen.query_one("#form-client", Input)
        field.value = "epsilon"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AskDialog)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert open_vault.clients.by_alias("epsilon") is not None
    assert open_vault.missions.get(ids["bees"]).client_alias == "epsilon"


async def test_an_erased_client_gets_no_new_mission(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    """The review's case: an erased client's pseudonym is in the register, but only for the
    records the accounting keeps; new work under it is refused, in the form, nothing saved."""
    from homeops.rules.model import Client

    fill(open_vault)
    open_vault.clients.add(Client("erased-ea9a6d", "erased", erased="2026-11-01"))
    before = contents(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Guide: compost", "tab", *"erased-ea9a6d", "ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MissionForm)
        assert form.message_text.startswith("client erased-ea9a6d is erased: its records stay")
    assert contents(open_vault) == before
