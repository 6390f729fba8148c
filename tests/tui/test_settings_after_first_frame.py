"""The console draws its first screen before it reads the settings (issue 18 point 6): a
passphrase submitted before they are read waits for them, and a settings file that stops
the start never lets the vault open."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import PASSPHRASE, until_main_screen

from homeops.config import ConfigError, Settings
from homeops.tui.app import HomeopsApp, make_app
from homeops.tui.screens.main import MainScreen
from homeops.tui.screens.unlock import UnlockScreen


class Reader:
    """The settings, read when asked (counted), or a refusal."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.reads, self.error = 0, error

    def __call__(self) -> Settings:
        self.reads += 1
        if self.error is not None:
            raise self.error
        return Settings()


@pytest.fixture
def no_read_after_first_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    """The settings not yet read when the passphrase comes (a fast typist, a slow disk)."""
    monkeypatch.setattr(HomeopsApp, "_first_frame_shown", lambda app: None)


async def test_enter_before_the_settings_are_read_unlocks_once_they_are(
    closed_vault: Path, no_read_after_first_frame: None
) -> None:
    reader = Reader()
    app = make_app(reader, closed_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen) and reader.reads == 0
        await pilot.press(*PASSPHRASE, "enter")
        await until_main_screen(pilot)
        assert isinstance(app.screen, MainScreen)
        assert reader.reads == 1 and app.business is not None
        assert app.business.settings is app.settings


async def test_settings_that_stop_the_start_never_open_the_vault(
    closed_vault: Path, no_read_after_first_frame: None
) -> None:
    refused = ConfigError("config.toml: x: invalid")
    app = make_app(Reader(refused), closed_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*PASSPHRASE, "enter")
        await pilot.pause()
    assert app.start_error is refused and app.return_code == 1 and app.business is None


async def test_the_settings_are_read_once_just_after_the_first_frame(closed_vault: Path) -> None:
    reader = Reader()
    app = make_app(reader, closed_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert reader.reads == 1 and app.settings == Settings() and app.start_error is None


async def test_a_refused_keymap_after_the_first_frame_ends_the_app(closed_vault: Path) -> None:
    from homeops.config.settings import KeySettings
    from homeops.tui.keys import KeymapError

    bad = Settings(keys=KeySettings(bindings={"board.nope": ("x",)}))
    app = make_app(lambda: bad, closed_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert isinstance(app.start_error, KeymapError) and app.return_code == 1


async def test_a_vault_created_before_the_settings_are_read_waits_for_them(
    vault_path: Path, no_read_after_first_frame: None
) -> None:
    from homeops.storage.vault import KdfParams
    from homeops.tui.screens.create_vault import CreateVaultScreen

    reader = Reader()
    app = make_app(reader, vault_path, kdf=KdfParams.fast())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CreateVaultScreen) and reader.reads == 0
        await pilot.press(*PASSPHRASE, "enter", *PASSPHRASE, "enter")
        await until_main_screen(pilot)
        assert isinstance(app.screen, MainScreen) and reader.reads == 1
        assert vault_path.is_file()


async def test_an_interrupt_while_the_settings_are_read_ends_the_app(closed_vault: Path) -> None:
    # SIGINT during the read (after the first frame): the app ends, never left to a task's
    # unretrieved exception; the entry point says "interrupted" once the terminal is back.
    app = make_app(Reader(KeyboardInterrupt()), closed_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert isinstance(app.start_error, KeyboardInterrupt) and app.return_code == 130
    assert app.business is None
