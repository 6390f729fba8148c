"""Snapshots of every screen of the frame at 80x24 and 160x48.

Update with ``pytest tests/tui/test_tui_snapshots.py --snapshot-update`` and look at the
report before committing: these pictures are the review of the layout.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_helpers import no_blink

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp

AppFactory = Callable[..., HomeopsApp]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.mark.parametrize("size", SIZES)
def test_unlock(
    snap_compare: Callable[..., bool],
    closed_vault: Path,
    app_factory: AppFactory,
    size: tuple[int, int],
) -> None:
    app = app_factory(hint="Demo vault: the passphrase is  plum orchid tuesday lantern")
    assert snap_compare(app, terminal_size=size, run_before=no_blink)


@pytest.mark.parametrize("size", SIZES)
def test_unlock_wrong_passphrase(
    snap_compare: Callable[..., bool],
    closed_vault: Path,
    app_factory: AppFactory,
    size: tuple[int, int],
) -> None:
    from pilot_helpers import settle

    async def type_wrong(pilot: object) -> None:
        from textual.pilot import Pilot

        assert isinstance(pilot, Pilot)
        await no_blink(pilot)
        await pilot.press(*"not my passphrase", "enter")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=size, run_before=type_wrong)


@pytest.mark.parametrize("size", SIZES)
def test_create_vault(
    snap_compare: Callable[..., bool], app_factory: AppFactory, size: tuple[int, int]
) -> None:
    # A refused passphrase, so the picture shows the inline reason too.
    assert snap_compare(
        app_factory(),
        terminal_size=size,
        press=[*"plum", "enter", *"plum", "enter"],
        run_before=no_blink,
    )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", ["1", "2", "3", "4"], ids=["board", "ledger", "planner", "clients"])
def test_empty_view(
    snap_compare: Callable[..., bool],
    open_vault: Vault,
    app_factory: AppFactory,
    key: str,
    size: tuple[int, int],
) -> None:
    assert snap_compare(app_factory(vault=open_vault), terminal_size=size, press=[key])


@pytest.mark.parametrize("size", SIZES)
def test_help(
    snap_compare: Callable[..., bool],
    open_vault: Vault,
    app_factory: AppFactory,
    size: tuple[int, int],
) -> None:
    assert snap_compare(app_factory(vault=open_vault), terminal_size=size, press=["question_mark"])
