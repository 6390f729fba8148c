"""The console serves the commands typed beside it (issue 18 point 3): a write from another
shell shows on the open view at once; locking and quitting take the socket away."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pilot_helpers import PASSPHRASE, settle

from homeops.beside import place
from homeops.beside.client import beside
from homeops.config import Settings
from homeops.config.settings import CliSettings
from homeops.main import serve_beside
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp, ServedChange
from homeops.tui.screens.main import MainScreen
from homeops.tui.views.board import BoardView
from homeops.tui.widgets.row_list import RowList


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    folder = tempfile.mkdtemp(prefix="hb")  # short: a socket's path is limited
    monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def typed(vault: Path, runtime: str, *argv: str) -> int | None:
    """``homeops ARGV --vault VAULT`` typed in another shell of the same user."""
    env = {"XDG_RUNTIME_DIR": runtime, "HOME": str(vault.parent),
           "HOMEOPS_CONFIG": str(vault.parent / "config.toml")}  # fmt: skip
    return beside([*argv, "--vault", str(vault)], env)


def entries(app: HomeopsApp) -> list[str]:
    rows = app.screen.query_one("#entries-list", RowList)
    width = rows.scrollable_content_region.width
    return [rows.writer(row, width).plain for row in rows.rows]


async def test_a_write_typed_beside_shows_on_the_open_ledger(
    app_factory: Callable[..., HomeopsApp], open_vault: Vault, vault_path: Path, runtime: str
) -> None:
    app = app_factory(vault=open_vault, serve_beside=serve_beside(Settings(), vault_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert entries(app) == []
        code = await asyncio.to_thread(
            typed, vault_path, runtime, "income", "100", "--date", "2026-11-30",
            "--memo", "typed beside",
        )  # fmt: skip
        assert code == 0
        await settle(pilot)
        shown = entries(app)
        assert len(shown) == 4 and all("typed beside" in row for row in shown)
        assert any("50,00" in row and "pay" in row for row in shown)


async def test_a_mission_added_beside_shows_on_the_board(
    app_factory: Callable[..., HomeopsApp], open_vault: Vault, vault_path: Path, runtime: str
) -> None:
    app = app_factory(vault=open_vault, serve_beside=serve_beside(Settings(), vault_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert await asyncio.to_thread(typed, vault_path, runtime, "client", "add", "acme") == 0
        code = await asyncio.to_thread(
            typed, vault_path, runtime, "mission", "add", "Spring newsletter", "--client", "acme"
        )
        assert code == 0
        await settle(pilot)
        board = app.screen.query_one(BoardView)
        assert board.board is not None
        assert [m.title for m in board.board.missions.values()] == ["Spring newsletter"]


async def test_locking_and_quitting_take_the_socket_away(
    app_factory: Callable[..., HomeopsApp], open_vault: Vault, vault_path: Path, runtime: str
) -> None:
    app = app_factory(vault=open_vault, serve_beside=serve_beside(Settings(), vault_path))
    socket_file = place.socket_path(vault_path, {"XDG_RUNTIME_DIR": runtime})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert os.path.exists(socket_file)
        app.lock()
        await settle(pilot)
        assert not os.path.lexists(socket_file)
        assert typed(vault_path, runtime, "balance") is None  # the command line opens it
        await pilot.press(*PASSPHRASE, "enter")
        await settle(pilot)
        assert app.business is not None and os.path.exists(socket_file)  # unlocked: served
        assert await asyncio.to_thread(typed, vault_path, runtime, "balance") == 0
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert not os.path.lexists(socket_file)


async def test_with_the_setting_off_nothing_is_served(
    app_factory: Callable[..., HomeopsApp], open_vault: Vault, vault_path: Path, runtime: str
) -> None:
    off = Settings(cli=CliSettings(beside_console=False))
    app = app_factory(vault=open_vault, settings=off, serve_beside=serve_beside(off, vault_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not os.path.lexists(place.socket_path(vault_path, {"XDG_RUNTIME_DIR": runtime}))
        assert typed(vault_path, runtime, "balance") is None


async def test_a_command_beside_an_open_mission_is_refused_and_undoes_nothing(
    app_factory: Callable[..., HomeopsApp], open_vault: Vault, vault_path: Path, runtime: str
) -> None:
    # Review r18 defects 1-2: the open screen holds the board as it was; a served move
    # would be overwritten by its next save. So nothing is served while it is open.
    app = app_factory(vault=open_vault, serve_beside=serve_beside(Settings(), vault_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        added = await asyncio.to_thread(typed, vault_path, runtime, "mission", "add", "Logo")
        assert added == 0
        await settle(pilot)
        await pilot.press("enter")  # the mission screen
        await settle(pilot)
        assert not isinstance(app.screen, MainScreen)
        moved = await asyncio.to_thread(typed, vault_path, runtime, "mission", "move", "1", "plan")
        assert moved == 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        moved = await asyncio.to_thread(typed, vault_path, runtime, "mission", "move", "1", "plan")
        assert moved == 0
        await settle(pilot)
        board = app.screen.query_one(BoardView)
        assert board.board is not None
        assert [m.stage for m in board.board.missions.values()] == ["Plan"]


async def test_a_screen_opened_while_a_command_ran_is_closed_by_its_change(
    app_factory: Callable[..., HomeopsApp], open_vault: Vault, vault_path: Path, runtime: str
) -> None:
    app = app_factory(vault=open_vault, serve_beside=serve_beside(Settings(), vault_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")  # the help, opened as a served command ends
        await settle(pilot)
        assert not isinstance(app.screen, MainScreen)
        app.post_message(ServedChange())
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_ctrl_z_stops_serving_and_fg_serves_again(
    app_factory: Callable[..., HomeopsApp], open_vault: Vault, vault_path: Path, runtime: str
) -> None:
    # Review r18 defect 3: stopped, the console could not answer; the command waited 300 s.
    app = app_factory(vault=open_vault, serve_beside=serve_beside(Settings(), vault_path))
    socket_file = place.socket_path(vault_path, {"XDG_RUNTIME_DIR": runtime})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert os.path.exists(socket_file)
        app.app_suspend_signal.publish(app)  # what ctrl+z does before the process stops
        assert not os.path.lexists(socket_file)
        assert typed(vault_path, runtime, "balance") is None  # the command line runs it
        app.app_resume_signal.publish(app)  # fg
        await settle(pilot)
        assert os.path.exists(socket_file)
        assert await asyncio.to_thread(typed, vault_path, runtime, "balance") == 0
