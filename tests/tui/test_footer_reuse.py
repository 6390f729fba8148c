"""The footer on a view switch (issue 18 point 4): it gives its keys the new view's words in
place, rather than removing and mounting ~20 widgets, and shows exactly what a footer
composed anew would show. No time is asserted: the figures are bench/keys.py's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from board_data import fill
from pilot_helpers import settle
from textual import events
from textual.pilot import Pilot
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; what the footer draws

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.main import MainScreen
from homeops.tui.widgets.footer import KeyFooter

AppFactory = Callable[..., HomeopsApp]
Drawn = list[tuple[str, str, str, bool, bool]]


async def caught_up(pilot: Pilot[None]) -> None:
    for _ in range(4):  # held keys go out after a mark that comes back through the screen
        await settle(pilot)


def drawn(app: HomeopsApp) -> Drawn:
    """Each key of the footer: key, description, action, greyed, on show."""
    footer = app.screen.query_one(KeyFooter)
    return [
        (key.key, key.description, key.action, key.has_class("-disabled"), bool(key.display))
        for key in footer.query_children(FooterKey)
    ]


async def composed_anew(app: HomeopsApp, pilot: Pilot[None]) -> Drawn:
    """What the footer draws when it is composed from scratch (Textual's own recompose)."""
    footer = app.screen.query_one(KeyFooter)
    before = footer.query_children(FooterKey).first()

    async def never() -> bool:
        return False

    footer._relabel = never  # type: ignore[method-assign]
    footer._composed = None
    footer.refresh(recompose=True)
    await caught_up(pilot)
    assert footer.query_children(FooterKey).first() is not before  # composed anew indeed
    return drawn(app)


@pytest.fixture
def recomposes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the footer's full recomposes (remove every key, mount new ones)."""
    calls: list[int] = []
    original = Footer.recompose

    async def counted(self: Footer) -> None:
        calls.append(1)
        await original(self)

    monkeypatch.setattr(Footer, "recompose", counted)
    return calls


async def test_a_switch_back_and_forth_keeps_the_footer_s_widgets(
    open_vault: Vault, app_factory: AppFactory, recomposes: list[int]
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await caught_up(pilot)
        footer = app.screen.query_one(KeyFooter)
        board_keys = list(footer.query_children(FooterKey).exclude(".-command-palette"))
        board_drawn = drawn(app)
        composed = len(recomposes)
        await pilot.press("2")
        await caught_up(pilot)
        ledger_drawn = drawn(app)
        assert ("i", "Income") in [(key, words) for key, words, *_ in ledger_drawn]
        assert "Move right" not in [words for _, words, *_ in ledger_drawn]
        await pilot.press("1")
        await caught_up(pilot)
        assert len(recomposes) == composed  # neither switch rebuilt the footer
        assert drawn(app) == board_drawn
        after = list(footer.query_children(FooterKey).exclude(".-command-palette"))
        shared = min(len(board_keys), len(ledger_drawn) - 1, len(after))  # the ledger's keys
        assert shared > 5 and after[:shared] == board_keys[:shared]  # relabelled, not rebuilt


@pytest.mark.parametrize("view_key", ["1", "2", "3", "4", "5"])
async def test_each_view_s_footer_is_what_a_new_footer_would_draw(
    open_vault: Vault, app_factory: AppFactory, view_key: str
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await caught_up(pilot)
        for key in ["2", "3", "4", "5", "1", view_key]:  # every view's keys drawn before
            await pilot.press(key)
            await caught_up(pilot)
        relabelled = drawn(app)
        assert relabelled == await composed_anew(app, pilot)


async def test_after_a_burst_the_footer_shows_the_keys_of_the_view_on_show(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await caught_up(pilot)
        for key in "2345" * 10 + "3":
            app.post_message(events.Key(key, key))
        await caught_up(pilot)
        screen: Any = app.screen
        assert isinstance(screen, MainScreen) and screen.current_view == "planner"
        relabelled = drawn(app)
        assert relabelled == await composed_anew(app, pilot)
        assert "Income" not in [words for _, words, *_ in relabelled]
