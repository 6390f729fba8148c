"""Issue 14 review, moneyfix point 13: in the new-mission form, a cap that rounds to no time
at its rate (``60 cap 0.01``) or passes 10 000 h is refused, nothing written."""

from __future__ import annotations

from collections.abc import Callable

from board_data import fill
from textual.widgets import Input, Static

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.mission_form import MissionForm

AppFactory = Callable[..., HomeopsApp]


async def test_a_cap_of_no_time_or_past_the_bound_is_refused(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = len(open_vault.missions.list())
        await pilot.press("n", *"Audit", "tab", *"atelier-b")
        form = app.screen
        assert isinstance(form, MissionForm)
        await pilot.click("#form-hourly")
        await pilot.press(*"60 cap 0.01", "enter")  # 0.01 € at 60 €/h: no minute at all
        message = str(form.query_one(".form-message", Static).render())
        assert "less than a minute at this rate" in message
        assert len(open_vault.missions.list()) == before
        field = form.query_one("#form-hourly", Input)
        field.value = ""
        await pilot.press(*"60 cap 999999999.99", "enter")  # 16 666 666 h
        message = str(form.query_one(".form-message", Static).render())
        assert "more than 10,000 h at this rate" in message
        assert len(open_vault.missions.list()) == before
