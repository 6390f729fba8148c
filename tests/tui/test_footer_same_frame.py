"""The footer's keys change in the same frame as the view (issue 18 point 4): no frame shows
a view with the keys of the view shown before, nor the keys before their view. The frames
are the screen's text as each is painted; no time is asserted."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pilot_helpers import settle, switch
from textual import events

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.main import MainScreen

AppFactory = Callable[..., HomeopsApp]
Frame = tuple[tuple[str, ...], str]  # the view's lines, the footer's line
VIEW_KEYS = {"board": "1", "ledger": "2", "planner": "3", "clients": "4", "offers": "5"}
SWITCHES = [
    ("board", "ledger"),
    ("ledger", "planner"),
    ("planner", "clients"),
    ("clients", "offers"),
    ("offers", "board"),
    ("planner", "offers"),
]


def on_screen(screen: MainScreen) -> Frame:
    """What the screen shows now: the view (below the view bar, above the status line)
    and the footer."""
    lines = [strip.text for strip in screen._compositor.render_strips()]
    return tuple(lines[1:-2]), lines[-1]


def record_frames(screen: MainScreen) -> list[Frame]:
    """Each frame the screen paints from now on, as it is painted."""
    frames: list[Frame] = []
    paint = screen._compositor_refresh

    def painted() -> None:
        paint()
        frames.append(on_screen(screen))

    screen._compositor_refresh = painted  # type: ignore[method-assign]
    return frames


@pytest.mark.parametrize(("start", "to"), SWITCHES)
async def test_the_first_frame_of_a_view_shows_its_keys(
    demo_vault: Vault, app_factory: AppFactory, start: str, to: str
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await switch(pilot, "2", "3", "4", "5", VIEW_KEYS[start])  # every view built
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await switch(pilot)
        before = on_screen(screen)
        frames = record_frames(screen)
        await pilot.press(VIEW_KEYS[to])
        for _ in range(3):
            await settle(pilot)
        after = on_screen(screen)
        assert after[0] != before[0] and after[1] != before[1]  # the two views' keys differ
        first = next(index for index, (view, _) in enumerate(frames) if view == after[0])
        assert frames[first][1] == after[1]  # the new view's first frame has its keys
        assert all(frame in (before, after) for frame in frames)  # nothing else, ever


async def test_a_burst_of_view_keys_never_shows_a_view_with_another_s_keys(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        shown: dict[tuple[str, ...], str] = {}  # each view's lines -> its footer
        for key in "234512":
            await switch(pilot, key)
            await settle(pilot)
            view, footer = on_screen(screen)
            shown[view] = footer
        frames = record_frames(screen)
        for key in "3452" * 5 + "1":
            app.post_message(events.Key(key, key))
        for _ in range(3):
            await settle(pilot)
        assert screen.current_view == "board"
        assert len(frames) > 1
        assert all(shown.get(view, footer) == footer for view, footer in frames)
