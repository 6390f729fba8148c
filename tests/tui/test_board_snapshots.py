"""Snapshots of the board and the mission view with the demo business, at 80x24 and 160x48.

Update with ``pytest tests/tui/test_board_snapshots.py --snapshot-update`` and look at the
report before committing.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pilot_helpers import no_blink
from textual.pilot import Pilot

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp

AppFactory = Callable[..., HomeopsApp]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.mark.parametrize("size", SIZES)
def test_board(
    snap_compare: Callable[..., bool],
    demo_vault: Vault,
    app_factory: AppFactory,
    size: tuple[int, int],
) -> None:
    assert snap_compare(app_factory(vault=demo_vault), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_board_refused_move(
    snap_compare: Callable[..., bool],
    demo_vault: Vault,
    app_factory: AppFactory,
    size: tuple[int, int],
) -> None:
    # Quality check's first card has unticked items: the move is refused, in one line.
    press = ["l", "l", "l", "L"]
    assert snap_compare(app_factory(vault=demo_vault), terminal_size=size, press=press)


@pytest.mark.parametrize("size", SIZES)
def test_mission_view(
    snap_compare: Callable[..., bool],
    demo_vault: Vault,
    app_factory: AppFactory,
    size: tuple[int, int],
) -> None:
    press = ["l", "l", "l", "enter"]
    assert snap_compare(app_factory(vault=demo_vault), terminal_size=size, press=press)


def test_new_mission_dialog(
    snap_compare: Callable[..., bool], demo_vault: Vault, app_factory: AppFactory
) -> None:
    async def bad_fee(pilot: Pilot[None]) -> None:
        await pilot.press("n", *"Guide", "tab", "tab", *"12x", "enter")
        await no_blink(pilot)

    assert snap_compare(app_factory(vault=demo_vault), terminal_size=(80, 24), run_before=bad_fee)


def test_override_dialog(
    snap_compare: Callable[..., bool], demo_vault: Vault, app_factory: AppFactory
) -> None:
    async def refused(pilot: Pilot[None]) -> None:
        # Client review's second card has used its revision rounds: H is refused.
        await pilot.press("l", "l", "l", "l", "j", "H", "o")
        await no_blink(pilot)

    assert snap_compare(app_factory(vault=demo_vault), terminal_size=(80, 24), run_before=refused)
