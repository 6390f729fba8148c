"""mend14 point 2 in the console: the mission edit form (e on the board) has the Terms
field, filled with what is stored; a deposit share changed while its deposit invoice stands
is refused in the form in one line, and nothing is recorded."""

from __future__ import annotations

from collections.abc import Callable

from pilot_helpers import settle
from textual.widgets import Input, Static

from homeops.rules.model import Client
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp

AppFactory = Callable[..., HomeopsApp]
TO_TERMS = ("tab",) * 6  # title, client, fee, deadline, effort, hourly, terms


def _plain(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


async def test_e_edits_the_terms_and_refuses_a_deposit_change_while_invoiced(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    from homeops.tui.screens.mission_form import MissionForm

    open_vault.clients.add(Client("acme", terms_days=45))
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Guide", "tab", *"acme", "tab", *"1000")
        await pilot.press("tab", "tab", "tab", "tab", *"30 %", "enter")
        await settle(pilot)
        [mission] = open_vault.missions.list()
        assert (mission.terms_days, mission.deposit_bp) == (45, 3000)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MissionForm)
        assert form.query_one("#form-terms", Input).value == "45 30%"
        await pilot.press(*TO_TERMS, "ctrl+u", *"60 50%", "enter")
        await settle(pilot)
        assert app.screen is form  # refused in the form
        message = _plain(str(form.query_one(".form-message", Static).render()))
        assert message == "F-0001 invoices this mission's deposit: void it first to change it"
        assert (open_vault.missions.get(mission.id or 0).terms_days,
                open_vault.missions.get(mission.id or 0).deposit_bp) == (45, 3000)  # fmt: skip
        await pilot.press("ctrl+u", *"60 30%", "enter")  # the days alone: saved
        await settle(pilot)
        assert not isinstance(app.screen, MissionForm)
        saved = open_vault.missions.get(mission.id or 0)
        assert (saved.terms_days, saved.deposit_bp) == (60, 3000)
        [deposit] = open_vault.invoices.list()
        deposit.status = "void"
        open_vault.invoices.update(deposit)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*TO_TERMS, "ctrl+u", *"60", "enter")  # no share: no deposit
        await settle(pilot)
        saved = open_vault.missions.get(mission.id or 0)
        assert (saved.terms_days, saved.deposit_bp) == (60, 0)
