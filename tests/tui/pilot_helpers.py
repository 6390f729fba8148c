"""Constants and helpers shared by the console tests (imported by name: tests/tui is on
sys.path because it is not a package, which would shadow the real ``tui`` package)."""

from __future__ import annotations

import datetime

from textual.pilot import Pilot
from textual.widgets import Input

TODAY = datetime.date(2026, 11, 30)
PASSPHRASE = "plum orchid tuesday lantern"


async def settle(pilot: Pilot[None]) -> None:
    """Let thread workers finish and the messages they posted be handled."""
    await pilot.app.workers.wait_for_complete()
    for _ in range(3):
        await pilot.pause()


async def switch(pilot: Pilot[None], *keys: str) -> None:
    """Press each key and let what it set off finish before the next."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def no_blink(pilot: Pilot[None]) -> None:
    """Stop the text cursor blinking, so a snapshot does not depend on timing."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def until_main_screen(pilot: Pilot[None]) -> None:
    """Wait (at most 10 s) for the main screen, for an unlock that waits on a worker."""
    from homeops.tui.screens.main import MainScreen

    for _ in range(200):
        if isinstance(pilot.app.screen, MainScreen):
            return
        await pilot.pause(0.05)
