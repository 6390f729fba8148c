"""Retainers in the console (issue 14 part 4): opening a read-write session raises the draft
of each period started; the Ledger's Invoices page lists the retainer with this period's use
against its limit; the Planner shows the hours it reserves."""

from __future__ import annotations

from collections.abc import Callable

from pilot_helpers import settle
from textual.widgets import Input, Static

from homeops.rules.model import Client
from homeops.rules.retainers import Retainer
from homeops.rules.timelog import TimeEntry
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.planner import PlannerView
from homeops.tui.views.planner_dialogs import LogTimeDialog
from homeops.tui.widgets.week_grid import WeekGrid

AppFactory = Callable[..., HomeopsApp]


def add_retainer(vault: Vault) -> None:
    """10 h a month from 1 Nov; 8 h logged on Friday 27 Nov (today is Monday 30 Nov)."""
    vault.clients.add(Client("acme"))
    support = Retainer("acme", "Monthly support", 90000, "FREQ=MONTHLY", "2026-11-01",
                       "2027-01-31", limit_minutes=600)  # fmt: skip
    vault.retainers.add(support)
    vault.timelog.add(TimeEntry("2026-11-27", 480, retainer_id=1))


async def test_the_ledger_lists_the_retainer_and_its_draft(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    add_retainer(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        (draft,) = open_vault.invoices.list()  # raised as the session opened
        assert (draft.kind, draft.period, draft.amount_cents) == ("retainer", "2026-11-01", 90000)
        await pilot.press("2", "I")
        await settle(pilot)
        section = str(app.screen.query_one("#invoices-retainers", Static).render())
        assert "Retainers: 1 running" in section
        assert "#1 acme" in section and "900,00\u00a0€, next 2026-12-01" in section
        assert "this period: 8h / 10h, near the limit" in section


async def test_the_planner_shows_the_reserved_hours(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    add_retainer(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        grid = app.screen.query_one(WeekGrid)
        (row,) = [r for r in grid.rows if r[0].plain == "Retainers"]
        # November's 2 h left all on Monday 30 (its last working day); December's 10 h over
        # its 23 weekdays: 600 = 23 × 26 + 2, so Tue 1 and Wed 2 keep 27 minutes.
        assert [cell.plain.strip() for cell in row[1:]] == [
            "2h", "27m", "27m", "26m", "26m", "·", "·"]  # fmt: skip


async def test_t_on_the_retainers_row_logs_within_the_limit(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    add_retainer(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "down", "t")  # the row under non-billable time, Monday 30
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, LogTimeDialog)
        assert str(dialog.query_one("#log-category", Input).value) == "#1"
        await pilot.press("1", "h", "enter")  # 1 h of the 2 h left of November's 10
        await settle(pilot)
        assert not isinstance(app.screen, LogTimeDialog)
        logged = open_vault.timelog.list()[-1]
        assert (logged.day, logged.minutes, logged.retainer_id) == ("2026-11-30", 60, 1)
        view = app.screen.query_one(PlannerView)
        assert (
            view.message_text
        ) == "Logged 1h on retainer #1: 9h / 10h this period; near the limit."
