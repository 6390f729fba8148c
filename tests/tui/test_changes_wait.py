"""Changes wait while a long write runs (issue 12, item 2, the console half).

A long write (an erasure, a compaction) holds every other write of the vault back. The
console does not start a change on the UI thread meanwhile (the screen would freeze until it
ends): the view's message line says "Changes wait until erasing a client finishes", the
status line names the long write, and nothing is recorded.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import pytest
from board_data import fill
from pilot_helpers import settle
from test_hostile_input import contents

from homeops.config import Settings
from homeops.services.cashbook import Cashbook
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.main import MainScreen
from homeops.tui.widgets.status_line import StatusLine

AppFactory = Callable[..., HomeopsApp]
WAIT = "Changes wait until erasing a client finishes"


@contextmanager
def long_write(vault: Vault, words: str = "erasing a client") -> Iterator[None]:
    """Hold ``vault`` in a long write from another thread, as the erasure worker does."""
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with vault.long_write(words):
            holding.set()
            # a console that blocks on the vault would wait for ever: end after a while, so
            # such a console fails the test (what it recorded) instead of hanging it
            done.wait(timeout=10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(10), "the long write never started"
        yield
    finally:
        done.set()
        thread.join(10)


# (keys to the view, the key that would change the vault): moves, forms, toggles
CHANGES = {
    "board move": ((), "L"),
    "board new mission": ((), "n"),
    "board archive": ((), "a"),
    "board undo": ((), "u"),
    "mission tick": (("enter",), "space"),
    "mission notes": (("enter",), "t"),
    "ledger income": (("2",), "i"),
    "ledger reverse": (("2",), "R"),
    "planner day off": (("3",), "o"),
    "planner block": (("3",), "b"),
    "clients new": (("4",), "n"),
    "clients erase": (("4",), "D"),
}


@pytest.mark.parametrize("name", CHANGES)
async def test_a_change_during_a_long_write_waits_and_records_nothing(
    name: str, open_vault: Vault, app_factory: AppFactory
) -> None:
    to_view, change = CHANGES[name]
    fill(open_vault)
    Cashbook(open_vault, Settings()).record_income(100_000, date="2026-11-30", memo="Payment")
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for key in to_view:
            await pilot.press(key)
            await settle(pilot)
        screen = app.screen
        before = contents(open_vault)
        with long_write(open_vault):
            await pilot.press(change)
            await settle(pilot)
            assert app.screen is screen, "a form opened during the long write"
            say_line = screen.view_widget if isinstance(screen, MainScreen) else screen
            assert cast(Any, say_line).message_text == WAIT  # views and dialogs both have it
            assert contents(open_vault) == before
            main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
            status = str(main.query_one(StatusLine).render())
            assert "Erasing a client… changes wait" in status
        main.show_busy()  # what the status line's timer does
        assert "changes wait" not in str(main.query_one(StatusLine).render())


async def test_a_form_saved_once_a_long_write_began_records_nothing(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    """A form opened before the long write and saved during it: the change is not started
    (the UI thread would block on the vault), the board says why, nothing is recorded."""
    fill(open_vault)
    before = contents(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Guide: compost", "tab", *"acme-mag")
        with long_write(open_vault, "compacting the vault"):
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert contents(open_vault) == before
            board = app.screen.query_one("#board")
            assert board.message_text == "Changes wait until compacting the vault finishes"  # type: ignore[attr-defined]
        await pilot.press("n", *"Guide: compost", "tab", *"acme-mag", "ctrl+s")
        await settle(pilot)
    assert any(m.title == "Guide: compost" for m in open_vault.missions.list())
