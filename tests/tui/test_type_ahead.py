"""Keys typed ahead over a slow link (one burst, read at once) land where they were meant:
after a key that opens a field, dialog or screen, the keys that follow go to it (issue 13
point 18). Keys that open nothing are not held, and none is dropped or reordered.

A burst is queued straight to the driver: ``pilot.press`` waits for the app to be idle after
each key, so it never sends one.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from board_data import fill, state
from pilot_helpers import TODAY, settle
from textual import events
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from homeops.config import KeySettings, Settings
from homeops.demo.fill import fill_with_sample
from homeops.services import Business
from homeops.storage.vault import Vault
from homeops.tui import type_ahead
from homeops.tui.app import HomeopsApp
from homeops.tui.keys import catalogue
from homeops.tui.screens.mission_form import MissionForm
from homeops.tui.type_ahead import OPENS
from homeops.tui.views.board import BoardView
from homeops.tui.views.ledger_dialogs import LedgerForm

AppFactory = Callable[..., HomeopsApp]
NAMES = {"\r": "enter", " ": "space", "/": "slash", ":": "colon", "?": "question_mark"}


@pytest.fixture(autouse=True)
def no_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hold ends by its mark here: on a loaded machine a new form can take longer to show
    than the 1 s fallback, which would hand the keys out early and make the tests flaky."""
    monkeypatch.setattr(type_ahead, "FALLBACK", 60.0)


def burst(app: HomeopsApp, keys: str | list[str]) -> None:
    """Keys arriving in one read, as over a laggy link: all queued before any is handled."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        character = {"enter": "\r", "escape": "\x1b"}.get(key, key if len(key) == 1 else None)
        driver.send_message(events.Key(NAMES.get(key, key), character))


async def on_board(pilot: Pilot[None]) -> BoardView:
    await pilot.pause()
    return pilot.app.screen.query_one(BoardView)


def test_every_key_that_opens_names_a_binding() -> None:
    # A binding id renamed without this table would silently stop holding its keys.
    assert {binding.id for binding in catalogue()} >= OPENS


async def test_filter_typed_in_one_burst_filters_and_edits_nothing(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    # '/speech⏎' at once: the 'e' used to open the edit form and the Enter save it.
    fill(open_vault)
    before = state(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await on_board(pilot)
        burst(app, "/bees\r")
        await settle(pilot)
        assert app.screen.query_one(BoardView) is board  # no form opened
        assert board.filter_text == "bees"
        assert app.focused is board
        shown = [m.title for column in board.columns for m in column.cards.cards]
        assert shown == ["Feature: urban bees"]
    assert state(open_vault) == before


async def test_filter_then_board_keys_in_one_burst(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    # After the filter's Enter the board has the keys again: 'L' moves the card found.
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await on_board(pilot)
        burst(app, [*"/june", "enter", "L"])
        await settle(pilot)
        assert board.filter_text == "june"
        assert open_vault.missions.get(ids["news"]).stage == "First draft"


async def test_new_mission_title_typed_in_one_burst(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    # 'nGuide' at once: the 'u' used to run undo on the board, the rest went nowhere.
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_board(pilot)
        burst(app, "nGuide to urban bees")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MissionForm)
        assert form.query_one("#form-title", Input).value == "Guide to urban bees"


async def test_a_typo_mended_in_the_burst_is_mended(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    # Backspace runs as the field's binding, once back up: the 's' after it used to be
    # typed first, and the backspace then took it away ('beex').
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_board(pilot)
        burst(app, [*"nGuide to urban beex", "backspace", "s"])
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MissionForm)
        assert form.query_one("#form-title", Input).value == "Guide to urban bees"


async def test_a_remapped_key_that_opens_holds_too(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    # The keys that open are found by binding id: 'N' given to board.new holds as 'n' did.
    fill(open_vault)
    settings = Settings(keys=KeySettings({"board.new": ("N",)}))
    app = app_factory(vault=open_vault, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_board(pilot)
        burst(app, "NGuide to urban bees")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MissionForm)
        assert form.query_one("#form-title", Input).value == "Guide to urban bees"


async def test_open_a_card_and_edit_its_title_in_one_burst(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    # Enter opens the card, e its edit form, ctrl+e goes to the end of the (selected) title:
    # the words typed after it used to replace the title, typed before ctrl+e had run.
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_board(pilot)
        burst(app, ["enter", "e", "ctrl+e", *" (bees)"])
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MissionForm)
        assert form.query_one("#form-title", Input).value == "Feature: urban bees (bees)"


async def test_help_and_back_in_one_burst(open_vault: Vault, app_factory: AppFactory) -> None:
    # '?', Esc, then a board key: the help opens, closes, and the key moves the card.
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_board(pilot)
        burst(app, ["?", "escape", "L"])
        await settle(pilot)
        assert isinstance(app.screen.query_one(BoardView), BoardView)
        assert open_vault.missions.get(ids["bees"]).stage == "Plan"


async def test_income_typed_in_one_burst_is_recorded(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    # The Ledger, its income form and every field, Enter by Enter, in one write.
    fill_with_sample(Business(open_vault, Settings()), None, TODAY)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = open_vault.ledger.totals()
        burst(app, [*"2i1000", "enter", "enter", *"acme", "enter", "enter", "enter"])
        await settle(pilot)
        assert not isinstance(app.screen, LedgerForm)
        after = open_vault.ledger.totals()
        assert {k: after[k] - before[k] for k in after} == {
            "taxes": 25000, "costs": 15000, "pay": 50000, "cushion": 10000}  # fmt: skip


async def test_a_storm_of_moves_is_not_held(open_vault: Vault, app_factory: AppFactory) -> None:
    # j/k and H/L open nothing: they flow as they come, none held, none lost.
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await on_board(pilot)
        held = []
        original = app._type_ahead.holds

        def holds(event: events.Event) -> bool:
            kept = original(event)
            held.append(kept)
            return kept

        app._type_ahead.holds = holds  # type: ignore[method-assign]
        burst(app, "jjjjkkkj" * 25)
        await settle(pilot)
        assert held and not any(held)
        assert board.selected() is not None


async def test_palette_search_typed_in_one_burst(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    # ctrl+p runs at once (a priority key), but its field takes the keys only once shown.
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, ["ctrl+p", *"ledger"])
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).value == "ledger"
