"""A console that keeps up (issue 18 point 4): keys sent in a burst, as a terminal delivers
them over a slow link, leave the screen and the vault agreeing, and nothing typed is lost.

Keys are posted as the terminal driver posts them (``events.Key``), all at once, without
waiting for the app between them; ``Pilot.press`` would wait after each. No time is asserted:
the figures are bench/keys.py's."""

from __future__ import annotations

from collections.abc import Callable

from board_data import fill
from pilot_helpers import settle
from textual import events
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher
from textual.widgets._footer import FooterKey  # not exported; what the footer draws

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.main import MainScreen
from homeops.tui.views import BoardView, View
from homeops.tui.widgets.footer import KeyFooter
from homeops.tui.widgets.status_line import MessageLine
from homeops.tui.widgets.view_bar import ViewBar

AppFactory = Callable[..., HomeopsApp]


def burst(app: HomeopsApp, keys: list[str]) -> None:
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def caught_up(pilot: Pilot[None]) -> None:
    for _ in range(4):  # held keys go out after a mark that comes back through the screen
        await settle(pilot)


def footer_words(app: HomeopsApp) -> list[str]:
    footer = app.screen.query_one(KeyFooter)
    return [key.description for key in footer.query(FooterKey) if key.display]


async def test_a_burst_of_view_switches_ends_on_the_last_key_everywhere(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await caught_up(pilot)
        burst(app, list("2345" * 10 + "3"))
        await caught_up(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        # the view, its tab, the switcher and the focus agree: the Planner, the last key
        assert screen.current_view == "planner"
        assert screen.query_one(ViewBar).current == "planner"
        assert screen.query_one(ContentSwitcher).current == "planner"
        focused = app.focused
        assert focused is not None and focused.id == "planner"
        shown = [view.view_id for view in screen.query(View) if view.display]
        assert shown == ["planner"]
        # and the footer is the Planner's (its keys, not the Offers' or the Ledger's)
        assert "Log time" in footer_words(app)
        assert "Income" not in footer_words(app)


async def test_a_key_between_switches_in_a_burst_still_runs_in_its_view(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await caught_up(pilot)
        board = app.screen.query_one(BoardView)
        assert board.stage_index == 0
        # 2 and 3 are drawn as 3 only; l (next column) is the board's, after 1
        burst(app, ["2", "3", "1", "l", "4", "5", "1"])
        await caught_up(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.current_view == "board"
        assert board.stage_index == 1  # the l was not lost among the switches


async def test_a_burst_of_moves_leaves_the_board_where_the_vault_is(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await caught_up(pilot)
        board = app.screen.query_one(BoardView)
        mission = board.selected()
        assert mission is not None and mission.id == ids["bees"]  # Brief's first card
        # 41 keys: L H L H ... L, so 21 to Plan and 20 back; the card ends in Plan
        burst(app, ["L" if n % 2 == 0 else "H" for n in range(41)])
        await caught_up(pilot)
        stored = open_vault.missions.get(ids["bees"])
        assert stored.stage == "Plan"
        assert len(stored.history) == 1 + 41  # every key is one move: none dropped
        plan = board.columns[1].cards
        assert ids["bees"] in [m.id for m in plan.cards]
        assert ids["bees"] not in [m.id for m in board.columns[0].cards.cards]
        said = [line for message in board.query(MessageLine) for line in message.said]
        assert said[-1] == "Moved to Plan."


async def test_a_cursor_step_keeps_the_footer_s_keys(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await caught_up(pilot)
        before = list(app.screen.query_one(KeyFooter).query(FooterKey))
        await pilot.press("j")  # the second card of Brief: the same keys apply
        await caught_up(pilot)
        after = list(app.screen.query_one(KeyFooter).query(FooterKey))
        assert after == before  # the very same widgets: nothing rebuilt, nothing resent
        await pilot.press("2")  # another view, other keys: rebuilt
        await caught_up(pilot)
        assert "Income" in footer_words(app) and "Move right" not in footer_words(app)


async def test_footer_leaves_out_keys_disabled_on_the_board_but_not_on_the_planner(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)  # an empty board: a card's keys do nothing
    async with app.run_test(size=(80, 24)) as pilot:
        await caught_up(pilot)
        footer = app.screen.query_one(KeyFooter)
        assert footer.hide_disabled
        assert not any(key.has_class("-disabled") for key in footer.query(FooterKey))
        await pilot.press("3")
        await caught_up(pilot)
        assert not footer.hide_disabled
        await pilot.press("1")
        await caught_up(pilot)
        assert footer.hide_disabled
        assert "New" in footer_words(app) and "Move right" not in footer_words(app)


def test_the_textual_seams_the_speed_relies_on() -> None:
    """Private Textual names overridden or read here: if an update renames them, this fails
    (not the console, silently)."""
    from textual.widget import Widget
    from textual.widgets import Footer

    assert callable(Footer.bindings_changed)  # KeyFooter coalesces its recomposes
    assert "_bindings_ready" in Footer.compose.__code__.co_names  # set here, read there
    assert callable(Widget.watch_has_focus)  # View restyles only what follows its focus
    assert View.watch_has_focus is not Widget.watch_has_focus


async def test_the_planner_cursor_repaints_only_its_rows_and_shows_what_a_full_repaint_shows(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    import re

    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await caught_up(pilot)
        await pilot.press("3")
        await caught_up(pilot)
        for key in ("l", "l", "j", "h", "k", "l"):
            await pilot.press(key)
            await caught_up(pilot)

        def picture() -> str:  # the screen as painted, styles included, ids made stable
            return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())

        stepped = picture()
        await pilot.press("2", "3")  # away and back: every line drawn again
        await caught_up(pilot)
        assert picture() == stepped
