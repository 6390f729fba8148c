"""Hourly capped work in the console (issue 14 part 3): the new-mission form takes a rate and
a cap (none without the other), the card shows use vs cap and warns from 80 %, the mission
view says it, and logging on the planner warns, or refuses past the cap."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

from board_data import fill
from textual.widgets import Input, Static

from homeops.rules import hourly
from homeops.rules.model import Mission, StageMove
from homeops.rules.timelog import TimeEntry
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.mission import MissionScreen
from homeops.tui.screens.mission_form import MissionForm
from homeops.tui.views.board import BoardView
from homeops.tui.widgets.card import CardStyles, card_lines

AppFactory = Callable[..., HomeopsApp]


def screen_text(app: HomeopsApp) -> str:
    """Everything the screen shows, as plain text (from the SVG screenshot)."""
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", app.export_screenshot())
    return "".join(html.unescape(t) for t in texts).replace("\xa0", " ")


def add_audit(vault: Vault, logged: int) -> int:
    """Audit: 60 €/h capped at 1 200 € (20 h), first in Client review, ``logged`` minutes
    logged on it (at most 8 h a day, before the tests' today)."""
    mission_id = vault.missions.add(
        Mission("Audit", "atelier-b", "Client review", fee_cents=120000,
                hourly_rate_cents=6000, effort_minutes=1200, position=-1,
                history=[StageMove("2026-11-01T09:00:00+00:00", "Client review")])
    )  # fmt: skip
    day = 2
    while logged > 0:
        vault.timelog.add(TimeEntry(f"2026-11-{day:02d}", min(480, logged), mission_id=mission_id))
        logged, day = logged - 480, day + 1
    return mission_id


async def test_the_form_makes_an_hourly_mission_with_a_cap(
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
        await pilot.press(*"60", "enter")  # no cap: refused, nothing written
        message = str(form.query_one(".form-message", Static).render())
        assert "hourly work needs a cap" in message
        assert len(open_vault.missions.list()) == before
        await pilot.press(*" cap 20h", "enter")
        await pilot.pause()
        added = app.screen.query_one(BoardView).selected()
        assert added is not None
        stored = open_vault.missions.get(added.id or 0)
        assert (stored.hourly_rate_cents, stored.fee_cents) == (6000, 120000)  # 20 h at 60 €


async def test_a_cap_without_a_rate_is_refused(open_vault: Vault, app_factory: AppFactory) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = len(open_vault.missions.list())
        await pilot.press("n", *"Audit")
        await pilot.click("#form-hourly")
        await pilot.press(*"cap 20h", "enter")
        form = app.screen
        assert isinstance(form, MissionForm)
        assert "give its rate" in str(form.query_one(".form-message", Static).render())
        assert len(open_vault.missions.list()) == before


async def test_card_and_mission_view_show_use_vs_cap(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    audit = add_audit(open_vault, 16 * 60)  # 16 h of 20 h: 80 %
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        board = app.screen.query_one(BoardView)
        board.select(audit)
        await pilot.pause()
        assert "16h/20h!" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MissionScreen)
        facts = str(app.screen.query_one("#mission-facts", Static).render())
        assert "60,00 €/h, cap 20 h (1 200,00 €), 16 h logged (80 %) ! near the cap" in (
            facts.replace("\xa0", " ").replace("\u202f", " ")
        )
        await pilot.press("e")  # the edit form gives the rate and cap back as typed
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MissionForm)
        assert form.query_one("#form-hourly", Input).value == "60 cap 1200"
        assert form.query_one("#form-fee", Input).value == ""
        await pilot.press("enter")
        await pilot.pause()
        stored = open_vault.missions.get(audit)
        assert (stored.hourly_rate_cents, stored.fee_cents) == (6000, 120000)


async def test_the_planner_warns_at_80_percent_and_refuses_past_the_cap(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    audit = add_audit(open_vault, 15 * 60)  # 15 h of 20 h
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("3")  # the Planner, its cursor on the first mission, today
        await pilot.pause()
        await pilot.press("t", *"6", "enter")  # 21 h: past the cap
        await pilot.pause()
        problem = str(app.screen.query_one("#log-message", Static).render())
        assert "6 h would go past the cap (5 h of 20 h left)" in problem
        assert sum(e.minutes for e in open_vault.timelog.list()) == 15 * 60
        field = app.screen.query_one("#log-hours", Input)
        field.value = ""
        await pilot.press(*"1", "enter")  # 16 h: 80 %
        await pilot.pause()
        assert sum(e.minutes for e in open_vault.timelog.list() if e.mission_id == audit) == 960
        assert "80 % of the cap used: 16 h of 20 h" in screen_text(app)


def test_the_card_marks_use_of_the_cap_in_text_and_colour() -> None:
    audit = Mission("Audit", "acme", "Doing", fee_cents=120000, hourly_rate_cents=6000)
    now = dt.datetime(2026, 11, 30, 12).astimezone()
    styles = CardStyles(due_soon="yellow", overdue="red", muted="dim")

    def facts(logged: int) -> tuple[str, list[str]]:
        """The card's third line (gutter, mark, date, parts; 30 cells) and what is coloured."""
        line = card_lines(audit, 30, today=now.date(), now=now, locale="fr_FR",
                          cap=hourly.use(audit, logged), styles=styles)[2]  # fmt: skip
        spans = [s for s in line.spans if s.style in ("yellow", "red")]
        return line.plain, [f"{line.plain[s.start : s.end]}:{s.style}" for s in spans]

    assert facts(750) == ("  no date    12h30/20h R0/2 0d", [])  # 62 %: no mark
    assert facts(960) == ("  no date     16h/20h! R0/2 0d", ["16h/20h!:yellow"])  # 80 %
    assert facts(1200) == ("  no date     20h/20h! R0/2 0d", ["20h/20h!:red"])  # used up


async def test_the_card_shows_time_logged_on_the_planner_when_the_board_is_shown_again(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    add_audit(open_vault, 15 * 60)  # 15 h of 20 h
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        assert "15h/20h" in screen_text(app)
        await pilot.press("3")  # the Planner, its cursor on the first mission, today
        await pilot.pause()
        await pilot.press("t", *"1", "enter")
        await pilot.pause()
        await pilot.press("1")  # back to the Board
        await pilot.pause()
        assert "16h/20h" in screen_text(app)
