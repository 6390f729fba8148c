"""Issue 14 review, moneyfix point 19: a delivered mission's screen does not call it overdue
(its deadline has passed, but the work was handed over); one not delivered still is."""

from __future__ import annotations

from collections.abc import Callable

from board_data import fill
from textual.widgets import Static

from homeops.rules.model import Mission, StageMove
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.mission import MissionScreen
from homeops.tui.views.board import BoardView

AppFactory = Callable[..., HomeopsApp]


async def _facts(app: HomeopsApp, mission_id: int) -> str:
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one(BoardView).select(mission_id)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MissionScreen)
        return str(app.screen.query_one("#mission-facts", Static).render())


async def test_a_delivered_mission_past_its_deadline_is_not_overdue(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    stages = app_factory(vault=open_vault).settings.board.stages
    moved = "2026-01-04T09:00:00+00:00"
    done = open_vault.missions.add(Mission("Done", "", stages[-1], deadline="2026-01-05",
                                           history=[StageMove(moved, stages[-1])]))  # fmt: skip
    late = open_vault.missions.add(Mission("Late", "", stages[1], deadline="2026-01-05",
                                           history=[StageMove(moved, stages[1])]))  # fmt: skip
    assert "overdue" not in await _facts(app_factory(vault=open_vault), done)
    assert "! overdue by" in await _facts(app_factory(vault=open_vault), late)
