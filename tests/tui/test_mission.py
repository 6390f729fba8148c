"""The mission view: toggles, scope changes, notes and the brief are in the vault at once."""

from __future__ import annotations

from collections.abc import Callable

from board_data import fill
from pilot_helpers import TODAY
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Static, TextArea

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.dialogs import ScopeChangeDialog, TextDialog
from homeops.tui.screens.help import HelpScreen
from homeops.tui.screens.mission import CheckList, MissionScreen, duration
from homeops.tui.views.board import BoardView

AppFactory = Callable[..., HomeopsApp]


def plain(widget: Static) -> str:
    """What a Static shows, as plain text (tables included)."""
    console = Console(width=200, color_system=None)
    with console.capture() as captured:
        console.print(widget.content)
    return captured.get()


async def open_mission(pilot: Pilot[None], mission_id: int) -> MissionScreen:
    await pilot.pause()
    pilot.app.screen.query_one(BoardView).select(mission_id)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MissionScreen)
    return screen


async def test_space_ticks_the_checklist_and_criteria_durably(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mission(pilot, ids["case"])
        assert app.focused is screen.query_one("#mission-checklist", CheckList)
        await pilot.press("down", "down", "down", "space")  # the 4th item, unticked
        assert [c.done for c in open_vault.missions.get(ids["case"]).checklist] == [
            True, True, True, True, False
        ]  # fmt: skip
        await pilot.press("tab", "space")
        assert open_vault.missions.get(ids["case"]).acceptance_criteria[0].done
        await pilot.press("escape")
        await pilot.pause()
        board = app.screen.query_one(BoardView)
        assert board.selected().id == ids["case"]  # type: ignore[union-attr]
        await pilot.press("u")  # the board undoes the mission view's last change too
        assert not open_vault.missions.get(ids["case"]).acceptance_criteria[0].done


async def test_question_mark_and_f1_list_the_mission_screens_keys(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    # Issue 13 review point 11: ? and F1 did nothing here, and the footer had no ? Help.
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mission(pilot, ids["case"])
        footer = {a.binding.description for a in screen.active_bindings.values() if a.binding.show}
        assert "Help" in footer
        for key in ("question_mark", "f1"):
            await pilot.press(key)
            await pilot.pause()
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            assert help_screen.heading == "Mission screen"
            titles = {section.title: section for section in help_screen.sections}
            rows = {row.description for row in titles["Mission screen"].rows}
            assert {"Back", "Scope change", "Notes", "Help"} <= rows
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
        await pilot.press("ctrl+p")  # the palette is the main screen's (README)
        await pilot.pause()
        assert app.screen is screen


async def test_scope_change_is_written_down_with_its_price(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mission(pilot, ids["case"])
        await pilot.press("s")
        dialog = app.screen
        assert isinstance(dialog, ScopeChangeDialog)
        await pilot.press("enter")
        assert "say what changes" in dialog.message_text
        await pilot.press(*"Two more case studies", "tab", *"1 700", "tab", *"20h")
        dialog.query_one("#scope-accepted", Checkbox).value = True
        dialog.query_one("#scope-what", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        change = open_vault.missions.get(ids["case"]).scope_changes[0]
        assert (change.what, change.fee_delta_cents, change.effort_delta_minutes) == (
            "Two more case studies", 170000, 1200,
        )  # fmt: skip
        assert change.accepted and not change.paid_revision and change.date == TODAY.isoformat()
        text = plain(app.screen.query_one("#mission-scope", Static))
        assert "Two more case studies" in text


async def test_notes_and_brief_edit_in_a_text_area(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mission(pilot, ids["case"])
        await pilot.press("t")
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"AI use: none.", "enter", *"Call on Tuesday.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert open_vault.missions.get(ids["case"]).notes == "AI use: none.\nCall on Tuesday."

        await pilot.press("b")
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        areas = list(dialog.query(TextArea))
        areas[1].text = "Figures checked\nApproved by the lead"
        areas[2].text = "One interview\n\nPhotos supplied"
        await pilot.press("ctrl+s")
        await pilot.pause()
        mission = open_vault.missions.get(ids["case"])
        assert [(c.text, c.done) for c in mission.acceptance_criteria] == [
            ("Figures checked", False), ("Approved by the lead", False)
        ]  # fmt: skip
        assert mission.assumptions == ["One interview", "Photos supplied"]


async def test_history_shows_time_per_stage(open_vault: Vault, app_factory: AppFactory) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_mission(pilot, ids["case"])
        history = plain(screen.query_one("#mission-history", Static))
        assert "Time per stage" in history
        assert "Brief 18d 1h" in history  # 2026-11-02 09:00 -> 2026-11-20 10:00
        assert "Quality check 10d 2h" in history  # -> noon of the fixed day


def test_duration_words() -> None:
    import datetime as dt

    assert duration(dt.timedelta(days=3, hours=4)) == "3d 4h"
    assert duration(dt.timedelta(days=2)) == "2d"
    assert duration(dt.timedelta(hours=5, minutes=3)) == "5h"
    assert duration(dt.timedelta(minutes=12)) == "12m"


async def test_ai_use_in_a_few_keys_is_listed_and_warns_on_the_card(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    from homeops.tui.views.board_column import CardList

    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mission(pilot, ids["case"])
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"DeepL", "tab", "tab", "right", "right", "enter")
        await pilot.pause()
        (record,) = open_vault.ai_use.for_mission(ids["case"])
        assert (record.tool, record.shared, record.client_informed) == (
            "DeepL",
            "personal data",
            False,
        )
        assert "DeepL" in plain(screen.query_one("#mission-ai", Static))
        assert "client not informed" in str(screen.query_one("#mission-message", Static).content)
        await pilot.press("escape")
        await pilot.pause()
        board = app.screen.query_one(BoardView)
        column = next(c for c in board.query(CardList) if c.active)
        assert column.cards[column.cursor].id == ids["case"]
        rendered = "".join(strip.text for strip in column._card(column.cursor, 30))
        assert "AI!" in rendered
