"""Issue 14 review (retainfix 5): time logged on a retainer is logged time everywhere: the
Planner's Retainers row and Booked count it on past days, and ``t`` on the row moves the
day's Booked up by what was logged."""

from __future__ import annotations

from collections.abc import Callable

from pilot_helpers import settle
from test_retainers_view import add_retainer
from textual.widgets import Static

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.planner import PlannerView
from homeops.tui.views.planner_retainers import ProposeDialog
from homeops.tui.widgets.week_grid import WeekGrid

AppFactory = Callable[..., HomeopsApp]


def _row(app: HomeopsApp, name: str) -> list[str]:
    grid = app.screen.query_one(WeekGrid)
    (row,) = [r for r in grid.rows if r[0].plain == name]
    return [cell.plain.strip() for cell in row[1:]]


async def test_last_weeks_retainer_time_is_logged_and_booked(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    add_retainer(open_vault)  # 8 h on Friday 27 Nov; today is Monday 30 Nov
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "[")
        await settle(pilot)
        assert _row(app, "Retainers") == ["·", "·", "·", "·", "8h", "·", "·"]
        assert _row(app, "Booked")[4] == "8h"


async def test_t_on_the_row_books_the_time(open_vault: Vault, app_factory: AppFactory) -> None:
    add_retainer(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        assert _row(app, "Booked")[0] == "·"  # no mission planned
        await pilot.press("down", "t", "1", "h", "enter")  # 1 h on Monday 30
        await settle(pilot)
        # November's last 2 h: 1 h logged now, 1 h still kept; Booked gains the hour.
        assert _row(app, "Retainers")[0] == "2h"
        assert _row(app, "Booked")[0] == "1h"


async def test_t_past_the_limit_asks_to_propose(open_vault: Vault, app_factory: AppFactory) -> None:
    add_retainer(open_vault)  # 8 h of November's 10 logged
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "down", "t", "3", "h", "enter")  # 1 h past the limit
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ProposeDialog)
        question = str(dialog.query_one("#propose-question", Static).render())
        # 900 € for 10 h: 90 € an hour of extra work
        assert "goes 1h past this period's limit" in question and "90,00\u00a0€" in question
        await pilot.press("n")
        await settle(pilot)
        assert len(open_vault.timelog.list()) == 1  # nothing logged
        view = app.screen.query_one(PlannerView)
        assert view.message_text.startswith("Nothing logged")
        await pilot.press("t", "3", "h", "enter", "y")
        await settle(pilot)
        logged = open_vault.timelog.list()[-1]
        assert (logged.day, logged.minutes, logged.retainer_id) == ("2026-11-30", 180, 1)
        (proposal,) = open_vault.retainers.get(1).proposals
        assert (proposal.minutes, proposal.amount_cents, proposal.status) == (60, 9000, "proposed")
        assert view.message_text == (
            "Logged 3h on retainer #1: 11h / 10h this period; 1h proposed as extra work "
            "(the Ledger's Invoices page: a accepts, d declines)."
        )
