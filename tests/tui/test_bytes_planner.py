"""The Planner at 80x24 (issue 18 point 5): the message after `t` is on screen whatever the
warnings' length, and the mission detail keeps one height, so a cursor step that changes it
moves nothing under it."""

from __future__ import annotations

from collections.abc import Callable

from pilot_helpers import settle
from test_planner_view import add_missions, day, show_planner
from textual.widgets import Input, Static

from homeops.rules.model import Mission
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.planner_dialogs import LogTimeDialog
from homeops.tui.widgets.status_line import MessageLine

AppFactory = Callable[..., HomeopsApp]


def crowd(vault: Vault) -> None:
    """Five late missions: five warnings, more than the 80x24 view has room for."""
    add_missions(vault)
    vault.missions.add_many(
        [
            Mission(f"Late report {n}", "cedar", "Plan", fee_cents=100000, deadline=day(1),
                    effort_minutes=1200)
            for n in range(5)
        ]
    )  # fmt: skip


async def test_the_log_message_is_on_screen_at_80x24(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    crowd(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await show_planner(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, LogTimeDialog)
        app.screen.query_one("#log-hours", Input).value = "1h"
        await pilot.press("enter")
        await settle(pilot)
        message = view.query_one("#planner-message", MessageLine)
        assert str(message.render()).startswith("Logged 1h on")
        region = message.region
        assert region.height >= 1 and region.bottom <= 24 - 2  # above status line and footer
        # What the user sees there is the message itself, not a widget scrolled over it.
        assert app.screen.get_widget_at(region.x, region.y)[0] is message


async def test_the_detail_keeps_its_height_from_mission_to_mission(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    crowd(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await show_planner(pilot)
        detail = view.query_one("#planner-detail", Static)
        seen = set()
        for _ in range(4):
            seen.add(str(detail.render()))
            assert detail.region.height == 3
            await pilot.press("j")
            await settle(pilot)
        assert len(seen) == 4  # four missions, four texts, one height
