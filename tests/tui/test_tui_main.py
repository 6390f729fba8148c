"""The main frame: views switched with 1-4 and the palette, help generated from bindings."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pilot_helpers import TODAY
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import ContentSwitcher, OptionList

from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.commands import MainCommands
from homeops.tui.screens.create_vault import CreateVaultScreen
from homeops.tui.screens.help import HelpScreen
from homeops.tui.screens.main import MainScreen
from homeops.tui.screens.unlock import UnlockScreen
from homeops.tui.views import BoardView, ClientsView, LedgerView, PlannerView, View
from homeops.tui.widgets.status_line import StatusLine

AppFactory = Callable[..., HomeopsApp]
VIEWS = [("1", "board", BoardView), ("2", "ledger", LedgerView),
         ("3", "planner", PlannerView), ("4", "clients", ClientsView)]  # fmt: skip


def main_screen(app: HomeopsApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def test_starts_on_board_with_status(open_vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        assert screen.current_view == "board"
        assert app.focused is screen.query_one(BoardView)
        status = str(screen.query_one(StatusLine).render())
        assert "Vault: vault" in status
        assert "Monday 2026-11-30" in status
        assert app.animation_level == "none"


async def test_board_shows_the_configured_stages(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        headings = [str(label.render()) for label in app.screen.query(".column-heading")]
        assert headings == list(app.settings.board.stages)


async def test_number_keys_switch_views(open_vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main_screen(app)
        for key, view_id, view_class in [*reversed(VIEWS), VIEWS[0]]:
            await pilot.press(key)
            await pilot.pause()
            assert screen.current_view == view_id
            assert screen.query_one(ContentSwitcher).current == view_id
            assert isinstance(screen.view_widget, view_class)
            # the focus is in the view on show (on the view itself or on its list)
            assert app.focused is not None
            assert screen.view_widget in app.focused.ancestors_with_self
            assert screen.query_one(f"#tab-{view_id}").has_class("-current")


async def _choose_in_palette(pilot: object, text: str) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*text)
    palette = pilot.app.screen
    for _ in range(100):  # the palette searches in the background
        await pilot.pause(0.02)
        if palette.query_one("CommandList", OptionList).option_count:
            break
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize(("key", "view_id", "view_class"), VIEWS, ids=[v[1] for v in VIEWS])
async def test_palette_switches_views(
    open_vault: Vault, app_factory: AppFactory, key: str, view_id: str, view_class: type[View]
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main_screen(app)
        if view_id == "board":
            await pilot.press("3")  # start elsewhere, so that the palette has to move
        await _choose_in_palette(pilot, view_class.title)
        assert app.screen is screen
        assert screen.current_view == view_id
        assert isinstance(screen.view_widget, view_class)


async def test_palette_opens_help_and_quits(open_vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await _choose_in_palette(pilot, "Help")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await _choose_in_palette(pilot, "Quit")
    assert app.business is None


async def test_palette_offers_exactly_the_frame_commands(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        provider = MainCommands(app.screen)
        names = [hit.text or "" async for hit in provider.discover()]
        frame = ["Board", "Ledger", "Planner", "Clients", "Offers", "Help", "Quit"]
        assert names[:7] == frame
        # then what the Board can do now, once per action, each saying its key
        assert names[7:] and all(n.startswith("Board: ") for n in names[7:])
        assert len(set(names)) == len(names)
        assert "Board: New" in names
        assert "Board: Move left" not in names  # the empty board: nothing to move (issue 13)
        assert "Board: Card above" not in names  # moving the cursor is no command
        helps = {hit.text: hit.help or "" async for hit in provider.discover()}
        assert helps["Board: New"].endswith("(key n)")
        found = [hit.text async for hit in provider.search("led")]
        assert found[0] == "Ledger"


async def test_palette_runs_what_the_view_on_show_can_do(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    from homeops.tui.screens.mission_form import MissionForm
    from homeops.tui.views.ledger_dialogs import LedgerForm

    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await _choose_in_palette(pilot, "Board: New")
        assert isinstance(app.screen, MissionForm)
        await pilot.press("escape")
        await pilot.press("2")
        await pilot.pause()
        names = [hit.text or "" async for hit in MainCommands(main_screen(app)).discover()]
        assert not any(n.startswith("Board: ") for n in names)  # only the view on show
        await _choose_in_palette(pilot, "Ledger: Income")
        assert isinstance(app.screen, LedgerForm)


async def test_no_palette_before_the_vault_is_open(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CreateVaultScreen)


@pytest.mark.parametrize(("key", "view_id", "view_class"), VIEWS, ids=[v[1] for v in VIEWS])
async def test_help_lists_every_active_binding(
    open_vault: Vault, app_factory: AppFactory, key: str, view_id: str, view_class: type[View]
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main_screen(app)
        await pilot.press(key)
        await pilot.pause()
        active = screen.active_bindings
        # The view's own bindings are part of what is active, and so of the help.
        view_keys = {binding.key for binding in view_class.BINDINGS if isinstance(binding, Binding)}
        assert view_keys <= set(active)

        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        listed = {
            (key_shown, row.description)
            for section in help_screen.sections
            for row in section.rows
            for key_shown in row.keys
        }
        expected = {
            (app.get_key_display(item.binding), item.binding.description)
            for item in active.values()
        }
        assert expected == listed
        titles = [section.title for section in help_screen.sections]
        assert titles[0] == f"{view_class.title} view"
        assert titles[-1] == "Everywhere"
        assert help_screen.view_title == view_class.title


@pytest.mark.parametrize("open_key", ["question_mark", "f1"])
@pytest.mark.parametrize("close_key", ["escape", "q"])
async def test_help_opens_and_closes(
    open_vault: Vault, app_factory: AppFactory, open_key: str, close_key: str
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main_screen(app)
        await pilot.press(open_key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press(close_key)
        await pilot.pause()
        assert app.screen is screen
        assert app.is_running  # q closed the help, it did not quit


def test_every_binding_has_a_description_and_an_id() -> None:
    owners = [HomeopsApp, MainScreen, HelpScreen, UnlockScreen, CreateVaultScreen,
              BoardView, LedgerView, PlannerView, ClientsView]  # fmt: skip
    for owner in owners:
        for binding in owner.__dict__.get("BINDINGS", []):  # ours, not Textual's inherited ones
            assert isinstance(binding, Binding), owner
            assert binding.description, (owner, binding.key)
            assert binding.id, (owner, binding.key)


async def test_views_read_counts_from_the_vault(open_vault: Vault, app_factory: AppFactory) -> None:
    from homeops.rules.model import Client

    open_vault.clients.add(Client(alias="acme"))
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        state = str(app.screen.query_one("#clients-state").render())
        assert "1 client ·" in state
        assert TODAY.isoformat() in str(app.screen.query_one(StatusLine).render())


async def test_a_widget_gone_during_shutdown_does_not_turn_the_exit_into_a_crash(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    """A hang-up right after unlocking: views mounted late ask for children the shutdown
    has removed. The exit keeps its code (143 for SIGTERM), not 1 for a crash."""
    from textual.css.query import NoMatches

    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.exit(return_code=143)
        app._handle_exception(NoMatches("No nodes match '#ledger-tabs'"))
    assert app.return_code == 143
