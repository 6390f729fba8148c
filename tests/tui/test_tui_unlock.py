"""Unlock and create-vault: Pilot tests against a real vault in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_helpers import PASSPHRASE, settle
from textual.widgets import Input, ProgressBar

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.create_vault import CreateVaultScreen
from homeops.tui.screens.main import MainScreen
from homeops.tui.screens.unlock import UnlockScreen

AppFactory = Callable[..., HomeopsApp]


async def test_starts_on_create_vault_when_no_vault(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CreateVaultScreen)
        assert app.focused is app.screen.query_one("#new-passphrase")


async def test_starts_on_unlock_when_vault_exists(
    closed_vault: Path, app_factory: AppFactory
) -> None:
    app = app_factory(hint="demo passphrase: plum orchid tuesday lantern")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        assert app.focused is app.screen.query_one("#passphrase")
        field = app.screen.query_one("#passphrase", Input)
        assert field.password
        assert "demo passphrase" in str(app.screen.query_one("#unlock-hint").render())


async def test_wrong_then_right_passphrase(closed_vault: Path, app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, UnlockScreen)

        await pilot.press(*"not my passphrase", "enter")
        await settle(pilot)
        field = screen.query_one("#passphrase", Input)
        assert screen.message_text == "Wrong passphrase; try again."
        assert app.screen is screen
        assert field.value == ""
        assert not field.disabled
        assert app.focused is field
        assert not screen.query_one("#unlock-progress").display
        assert app.business is None

        await pilot.press(*PASSPHRASE, "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.business is not None
        assert app.screen.business is app.business
    # On exit the app closed the vault: its lock is free again.
    Vault.open(closed_vault, PASSPHRASE).close()


async def test_empty_passphrase_is_not_tried(closed_vault: Path, app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert "Type your passphrase" in app.screen.message_text
        assert not app.screen.opening


async def test_vault_in_use_elsewhere_is_one_line(
    closed_vault: Path, app_factory: AppFactory
) -> None:
    holder = Vault.open(closed_vault, PASSPHRASE)
    try:
        app = app_factory()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*PASSPHRASE, "enter")
            await settle(pilot)
            assert isinstance(app.screen, UnlockScreen)
            message = app.screen.message_text
            assert "another session" in message
            assert "\n" not in message
            assert "Traceback" not in message
            assert app.focused is app.screen.query_one("#passphrase")
    finally:
        holder.close()


async def test_damaged_vault_is_one_line(vault_path: Path, app_factory: AppFactory) -> None:
    vault_path.write_bytes(b"this is not a vault, only some bytes" * 10)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*PASSPHRASE, "enter")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        message = app.screen.message_text
        assert message
        assert "\n" not in message
        assert app.business is None


async def test_progress_is_shown_while_opening(closed_vault: Path, app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, UnlockScreen)
        screen.query_one("#unlock-progress").display = True
        screen.post_message(UnlockScreen.Progress(0.42))
        await pilot.pause()
        assert screen.query_one(ProgressBar).progress == 42


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        ("plum", "plum", "Too short"),
        ("password1234", "password1234", "common"),
        ("Correct Horse Battery Staple", "Correct Horse Battery Staple", "common"),
        ("aaaaaaaaaaaaaa", "aaaaaaaaaaaaaa", "repeated"),
        ("plum orchid tuesday", "plum orchid tuesdya", "differ"),
    ],
    ids=["short", "common", "common-phrase", "repeated", "mismatch"],
)
async def test_create_vault_refuses_with_a_reason(
    vault_path: Path, app_factory: AppFactory, first: str, second: str, reason: str
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*first, "enter", *second, "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CreateVaultScreen)
        assert reason in screen.message_text
        assert all(field.value == "" for field in screen.query(Input))
        assert app.focused is screen.query_one("#new-passphrase")
        assert not vault_path.exists()


async def test_create_vault_with_a_good_passphrase(
    vault_path: Path, app_factory: AppFactory
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*PASSPHRASE, "enter")
        # Enter on the first field moves on to the second one.
        assert app.focused is app.screen.query_one("#confirm-passphrase")
        await pilot.press(*PASSPHRASE, "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert vault_path.exists()
    Vault.open(vault_path, PASSPHRASE).close()


async def test_quit_closes_the_vault(closed_vault: Path, app_factory: AppFactory) -> None:
    vault = Vault.open(closed_vault, PASSPHRASE)
    app = app_factory(vault=vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.business is None
    Vault.open(closed_vault, PASSPHRASE).close()


async def burst(app: HomeopsApp, keys: str) -> None:
    """Keys arriving in one read, as over a laggy link: all queued before any is handled.

    (``pilot.press`` waits for the app to be idle after each key, so it never sends a burst.)
    """
    from textual import events

    driver = app._driver
    assert driver is not None
    for character in keys:
        key = "enter" if character == "\r" else "space" if character == " " else character
        driver.send_message(events.Key(key, character))


async def test_create_vault_typed_ahead_in_one_burst(
    vault_path: Path, app_factory: AppFactory
) -> None:
    # Both entries sent at once: what follows the first Enter goes to the second field.
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(app, f"{PASSPHRASE}\r{PASSPHRASE}\r")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), app.screen.query_one("#create-message")
        assert vault_path.exists()
    Vault.open(vault_path, PASSPHRASE).close()


async def test_create_vault_typed_ahead_mismatch_is_said(
    vault_path: Path, app_factory: AppFactory
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(app, "plum orchid tuesday\rplum orchid tuesdya\r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CreateVaultScreen)
        assert "differ" in screen.message_text
        assert not vault_path.exists()


async def test_a_newline_unlocks_as_enter_does(closed_vault: Path, app_factory: AppFactory) -> None:
    """A passphrase and Enter typed before the console took the terminal: the terminal
    turned Enter into a newline, which Textual reads as ctrl+j. It unlocks too."""
    from textual._xterm_parser import XTermParser

    assert [event.key for event in XTermParser().feed("x\n")] == ["x", "ctrl+j"]  # type: ignore[attr-defined]
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*PASSPHRASE, "ctrl+j")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
