"""Enter -> board does not wait for the ledger's entries (issue 18 point 6): the unlock
leaves them undecoded (storage's ``later``), the board's first frame is drawn from the
rest (its "to bill" marks from the ledger's summary), and the entries are decoded just
after, beside the UI; the Ledger then shows what a whole read shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pilot_helpers import PASSPHRASE, settle, switch

from homeops.services import vault as services_vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.main import MainScreen

AppFactory = Callable[..., HomeopsApp]


def _screen(app: HomeopsApp) -> list[str]:
    """What the screen shows now, as text."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def _unlock(app: HomeopsApp, pilot: Any) -> None:
    await settle(pilot)
    await pilot.press(*("space" if c == " " else c for c in PASSPHRASE), "enter")
    await settle(pilot)
    await app.workers.wait_for_complete()
    await settle(pilot)


async def _board_and_ledger(app: HomeopsApp) -> tuple[list[str], list[str]]:
    async with app.run_test(size=(120, 30)) as pilot:
        await _unlock(app, pilot)
        board = _screen(app)
        await switch(pilot, "2")
        return board, _screen(app)


async def test_the_board_is_drawn_before_the_ledger_is_read_and_then_it_is(
    demo_vault: Any, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_vault.close()  # the demo's ledger in the file
    at_first_frame: list[bool] = []
    read_after: list[bool] = []
    first_frame = MainScreen._mount_other_views  # what runs just after the first frame

    async def noted(screen: MainScreen) -> None:
        at_first_frame.append(screen.business._vault._storage.board_only("ledger"))
        await first_frame(screen)

    def switched(screen: MainScreen, view_id: str) -> None:
        read_after.append(screen.business._vault._storage.board_only("ledger"))
        show(screen, view_id)

    show = MainScreen.action_show_view
    monkeypatch.setattr(MainScreen, "_mount_other_views", noted)
    monkeypatch.setattr(MainScreen, "action_show_view", switched)
    board, ledger = await _board_and_ledger(app_factory())
    assert at_first_frame == [True]  # the board's first frame read no entry
    assert read_after == [False]  # read since, beside the UI, before the Ledger was asked for
    monkeypatch.undo()

    # The same vault opened with every entry read at the unlock: the same screens.
    opened = services_vault.open_business

    def whole(*args: Any, **kwargs: Any) -> Any:
        kwargs["ledger_later"] = False
        return opened(*args, **kwargs)

    monkeypatch.setattr(services_vault, "open_business", whole)
    assert await _board_and_ledger(app_factory()) == (board, ledger)
    assert any("Ledger" in line for line in ledger)
