"""fitfix point 19a: the Planner's O back to work says "is a working day again" of one day
and "are working days again" of several (it said "Sun 6 Dec is working days again")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pilot_helpers import settle
from textual.widgets import Input

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.planner_off import DaysOffDialog
from homeops.tui.widgets.choice import ChoiceRow

AppFactory = Callable[..., HomeopsApp]


async def test_back_to_work_says_one_day_and_several_in_good_english(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    for n in (1, 2, 3):  # Tue 1 - Thu 3 Dec off
        open_vault.calendar.set_off(dt.date(2026, 12, n), True, "rest")
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "l", "O")  # the Planner, Tuesday (off): back to work offered
        await settle(pilot)
        assert isinstance(app.screen, DaysOffDialog)
        assert app.screen.query_one("#off-state", ChoiceRow).value == "back to work"
        await pilot.press("enter")
        await settle(pilot)
        message = str(app.screen.query_one("#planner-message").render())
        assert "Tue 1 Dec is a working day again; replanned." in message
        await pilot.press("l", "O")  # Wednesday, to Thursday
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DaysOffDialog)
        dialog.query_one("#off-last", Input).value = "2026-12-03"
        await pilot.press("enter")
        await settle(pilot)
        message = str(app.screen.query_one("#planner-message").render())
        assert "Wed 2 Dec – Thu 3 Dec are working days again; replanned." in message
    assert open_vault.calendar.days_off() == []
