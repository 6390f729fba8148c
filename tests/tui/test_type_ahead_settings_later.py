"""The keys that hold what is typed after them (type-ahead) follow the user's [keys] even
when the settings are read after the unlock screen's first frame, and the passphrase was
typed before (issue 18 point 6): a remapped key that opens holds as it does otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import PASSPHRASE, settle, until_main_screen
from textual import events
from textual.widgets import Input

from homeops.config import KeySettings, Settings
from homeops.tui import type_ahead
from homeops.tui.app import HomeopsApp, make_app
from homeops.tui.screens.main import MainScreen
from homeops.tui.screens.mission_form import MissionForm
from homeops.tui.screens.unlock import UnlockScreen


@pytest.fixture(autouse=True)
def no_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hold ends by its mark, not by the 1 s fallback (a loaded machine)."""
    monkeypatch.setattr(type_ahead, "FALLBACK", 60.0)


async def test_a_remapped_key_that_opens_holds_after_a_passphrase_typed_first(
    closed_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The passphrase comes before the settings are read (a fast typist, a slow disk).
    monkeypatch.setattr(HomeopsApp, "_first_frame_shown", lambda app: None)
    settings = Settings(keys=KeySettings({"board.new": ("N",)}))
    app = make_app(lambda: settings, closed_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press(*PASSPHRASE, "enter")
        await until_main_screen(pilot)
        assert isinstance(app.screen, MainScreen)
        await settle(pilot)
        driver = app._driver
        assert driver is not None
        for key in "NGuide to urban bees":  # one read, as over a laggy link
            driver.send_message(events.Key({" ": "space"}.get(key, key), key))
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MissionForm)
        assert form.query_one("#form-title", Input).value == "Guide to urban bees"
