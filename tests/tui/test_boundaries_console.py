"""Issue 14 part 5 in the console: a client's working rules in the client form and on their
missions; the Planner's day-off key takes a range of days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pilot_helpers import settle
from textual.pilot import Pilot
from textual.widgets import Input, Static

from homeops.rules.model import Client, Mission, StageMove
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.mission import MissionScreen
from homeops.tui.views.board import BoardView
from homeops.tui.views.clients_dialogs import ClientForm
from homeops.tui.views.planner_off import DaysOffDialog
from homeops.tui.widgets.choice import ChoiceRow

AppFactory = Callable[..., HomeopsApp]


def fill(vault: Vault) -> int:
    with vault.transaction():
        vault.clients.add(Client("acme-mag", first_contact="2025-01-10"))
        history = [StageMove("2026-11-20T09:00:00+00:00", "Brief")]
        return vault.missions.add(
            Mission("Feature: urban bees", "acme-mag", "Brief", history=history)
        )


def field(app: HomeopsApp, name: str) -> Input:
    return app.screen.query_one(f"#client-{name}", Input)


async def open_form(pilot: Pilot[None]) -> ClientForm:
    await pilot.press("4", "e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ClientForm)
    return form


async def test_the_client_form_keeps_the_working_rules(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        assert field(app, "rounds").value == "1"
        field(app, "terms").focus()
        await pilot.press(*"45", "tab", *"12.5%", "tab", *"one email per review", "tab")
        await pilot.press("backspace", "2", "tab", *"Mon-Fri 9-10", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ClientForm)
    client = open_vault.clients.by_alias("acme-mag")
    assert client is not None
    assert (client.terms_days, client.deposit_bp, client.feedback_channel,
            client.feedback_rounds, client.response_window) == (
        45, 1250, "one email per review", 2, "Mon-Fri 9-10"
    )  # fmt: skip


async def test_the_form_shows_them_back_and_an_edit_keeps_them(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    client = open_vault.clients.by_alias("acme-mag")
    assert client is not None
    client.terms_days, client.deposit_bp, client.feedback_rounds = 45, 1234, 3
    client.response_window = "Tue 14-15"
    open_vault.clients.update(client)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        assert [field(app, n).value for n in ("terms", "deposit", "rounds", "window")] == [
            "45", "12.34%", "3", "Tue 14-15"
        ]  # fmt: skip
        field(app, "notes").value = "Monthly magazine"
        await pilot.press("enter")
        await settle(pilot)
    saved = open_vault.clients.by_alias("acme-mag")
    assert saved is not None and saved.notes == "Monthly magazine"
    assert (saved.terms_days, saved.deposit_bp, saved.feedback_rounds) == (45, 1234, 3)


async def test_a_refused_rule_says_why_and_saves_nothing(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        for name, typed, reason in (
            ("rounds", "0", "feedback rounds must be between 1 and 99"),
            ("terms", "ten", "payment terms: 'ten' is not a whole number"),
            ("deposit", "150%", "is not a share from 0 to 100 %"),
            ("window", "x" * 121, "the response window is 121 characters long; at most 120"),
        ):
            form = await open_form(pilot)
            field(app, name).value = typed
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is form
            assert reason in form.message_text and "\n" not in form.message_text
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("1")  # back to the board, then 4 again
    client = open_vault.clients.by_alias("acme-mag")
    assert client == Client("acme-mag", first_contact="2025-01-10", id=1)


async def test_the_mission_screen_says_the_clients_feedback_rules(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    mission_id = fill(open_vault)
    client = open_vault.clients.by_alias("acme-mag")
    assert client is not None
    client.feedback_channel, client.response_window = "one email per review", "Mon-Fri 9-10"
    open_vault.clients.update(client)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one(BoardView).select(mission_id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MissionScreen)
        facts = str(app.screen.query_one("#mission-facts", Static).render())
        assert "Feedback: one email per review, 1 round, answers Mon-Fri 9-10" in facts


# -- the Planner: a range of days off ------------------------------------------------------


async def test_the_planner_marks_a_range_off_in_one_change(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    changes = open_vault.info()["changes"]
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "l")  # Tuesday
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DaysOffDialog)
        last = dialog.query_one("#off-last", Input)
        assert last.value == "2026-12-01" and app.focused is last
        last.value = ""
        await pilot.press(*"2026-11-30", "enter")  # before the first day: refused
        await settle(pilot)
        assert "the last day 2026-11-30 is before the first 2026-12-01" in dialog.message_text
        assert app.screen is dialog
        last.value = "2026-12-04"
        dialog.query_one("#off-reason", Input).value = "Holidays"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, DaysOffDialog)
        message = str(app.screen.query_one("#planner-message").render())
        assert "Tue 1 Dec – Fri 4 Dec are off; replanned." in message
        assert sorted((o.day, o.reason) for o in open_vault.calendar.days_off()) == [
            (f"2026-12-0{n}", "Holidays") for n in range(1, 5)
        ]
        assert open_vault.info()["changes"] == changes + 1
        await pilot.press("O")  # back to work, from the focused Tuesday to itself
        await settle(pilot)
        assert app.screen.query_one("#off-state", ChoiceRow).value == "back to work"
        await pilot.press("enter")
        await settle(pilot)
        assert [o.day for o in open_vault.calendar.days_off()] == [
            "2026-12-02", "2026-12-03", "2026-12-04"
        ]  # fmt: skip


async def test_the_planners_log_message_warns_of_a_day_off(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    open_vault.missions.add(
        Mission("Brochure", "acme-mag", "Plan", deadline="2026-12-04", effort_minutes=300,
                history=[StageMove("2026-11-20T09:00:00+00:00", "Plan")])
    )  # fmt: skip
    open_vault.calendar.set_off(dt.date(2026, 11, 30), True, "rest")
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("t")  # the first mission, today (a day off)
        await settle(pilot)
        app.screen.query_one("#log-hours", Input).value = "1h"
        await pilot.press("enter")
        await settle(pilot)
        message = str(app.screen.query_one("#planner-message").render())
        assert "Logged 1h on Mon 30 Nov; replanned. Logged on a day off: Mon 30 Nov." in message
    assert [e.minutes for e in open_vault.timelog.list()] == [60]  # a warning never refuses
