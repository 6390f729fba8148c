"""[keys] in config.toml applied by Textual's keymap: a remapped key does the action, the
default key no longer does, and the footer, help, view bar and palette show the new key.

Textual's keymap replaces a binding's key: the old key is removed where the binding is
declared. Each default key of the board is its own binding (``board.move_right`` is L,
``board.move_right.2`` shift+right), so remapping one keeps the other.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from board_data import fill
from pilot_helpers import TODAY
from textual.widgets import Label
from textual.widgets._footer import FooterKey  # not exported; what the footer draws

from homeops.config import KeySettings, Settings
from homeops.config.keys import parse_keys
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault
from homeops.tui.app import HomeopsApp, make_app
from homeops.tui.commands import MainCommands
from homeops.tui.keys import GROUPS, KeymapError, catalogue, check_keymap
from homeops.tui.screens.help import HelpScreen
from homeops.tui.screens.main import MainScreen
from homeops.tui.screens.mission import MissionScreen
from homeops.tui.views import BoardView, LedgerView


def app_with_keys(vault: Vault, **keys: str) -> HomeopsApp:
    """The console on ``vault`` with ``[keys]`` set: id = "key,key" (dots as ``__``)."""
    bindings = {i.replace("__", "."): tuple(spec.split(",")) for i, spec in keys.items()}
    settings = Settings(keys=KeySettings(bindings))
    return make_app(
        settings, vault.path, today=TODAY, kdf=KdfParams.fast(), business=Business(vault, settings)
    )


def footer_keys(app: HomeopsApp) -> dict[str, str]:
    """Description -> key as the footer shows it."""
    return {key.description: key.key_display for key in app.screen.query(FooterKey)}


async def test_a_remapped_key_does_the_action_and_the_default_key_no_longer_does(
    open_vault: Vault,
) -> None:
    ids = fill(open_vault)
    app = app_with_keys(open_vault, board__move_right="ctrl+l")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        board = app.screen.query_one(BoardView)
        assert board.selected().id == ids["bees"]  # type: ignore[union-attr]
        await pilot.press("L")  # the default key: unbound now
        await pilot.pause()
        assert open_vault.missions.get(ids["bees"]).stage == "Brief"
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert open_vault.missions.get(ids["bees"]).stage == "Plan"
        await pilot.press("shift+right")  # board.move_right.2 keeps its own key
        await pilot.pause()
        assert open_vault.missions.get(ids["bees"]).stage == "First draft"
        assert footer_keys(app)["Move right"] == "^l"
        active = app.screen.active_bindings
        assert active["ctrl+l"].binding.id == "board.move_right"
        assert "L" not in active


async def test_a_view_on_another_key_everywhere_it_is_shown(open_vault: Vault) -> None:
    app = app_with_keys(open_vault, main__view__ledger="0", main__help="f2")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        tab = screen.query_one("#tab-ledger", Label)
        assert "0 Ledger" in tab.render().plain  # type: ignore[union-attr]
        await pilot.press("2")
        await pilot.pause()
        assert screen.current_view == "board"
        await pilot.press("0")
        await pilot.pause()
        assert isinstance(screen.view_widget, LedgerView)
        helps = {hit.text: hit.help async for hit in MainCommands(screen).discover()}
        assert helps["Ledger"] == "Show the Ledger view (key 0)"
        assert helps["Help"] == "List the keys of this view (key f2)"

        await pilot.press("question_mark")  # no longer the help's key on the main screen
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("f2")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = {row.description: row.keys for s in help_screen.sections for row in s.rows}
        assert rows["Ledger"] == ("0",)
        assert set(rows["Help"]) == {"f1", "f2"}


async def test_the_help_says_which_keys_close_it(open_vault: Vault) -> None:
    app = app_with_keys(open_vault, help__close="x")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        panel = help_screen.query_one("#help-panel")
        assert panel.border_subtitle == "x or q closes this help"
        await pilot.press("escape")  # its default key no longer closes it
        await pilot.pause()
        assert app.screen is help_screen
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_the_empty_board_names_the_new_key(open_vault: Vault) -> None:
    app = app_with_keys(open_vault, board__new="N")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        message = str(app.screen.query_one("#board-message").render())
        assert message.startswith("No missions yet: press N to add one")


async def test_swapped_keys_both_work(open_vault: Vault) -> None:
    fill(open_vault)
    app = app_with_keys(open_vault, board__open="o", board__override="enter")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # now override: nothing was refused, so nothing happens
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, MissionScreen)


# -- the check before the console starts ----------------------------------------------------


@pytest.mark.parametrize(
    "keymap",
    [
        pytest.param({"board.move_right": ["L", "shift+right"]}, id="same-action-twice"),
        pytest.param({"board.new": ["e"], "board.edit": ["n"]}, id="swap"),
        pytest.param({"main.help": ["?"]}, id="a-character-for-its-name"),
        pytest.param({"main.quit": ["ctrl+q"]}, id="quit-like-app-quit"),
        pytest.param({"app.quit": ["ctrl+x"], "ledger.page.entries": ["ctrl+e"]}, id="free"),
        pytest.param({}, id="none"),
    ],
)
def test_keymaps_the_console_accepts(keymap: dict[str, list[str]]) -> None:
    check_keymap(keymap)


@pytest.mark.parametrize(
    ("keymap", "message"),
    [
        pytest.param(
            {"board.mvoe_right": ["L"]},
            'keys."board.mvoe_right" is not a key binding (did you mean "board.move_right"?); '
            "`homeops keys` lists them",
            id="unknown-id",
        ),
        pytest.param(
            {"board.new": ["e"]},
            'keys."board.new" = "e": e is also "board.edit" on the Board view; '
            "give one of them another key",
            id="same-view",
        ),
        pytest.param(
            {"board.new": ["x"], "board.edit": ["x"]},
            'keys."board.edit" = "x": x is also "board.new" on the Board view; '
            "give one of them another key",
            id="both-remapped",
        ),
        pytest.param(
            {"main.help": ["h"]},
            'keys."main.help" = "h": h is also "board.left.2" on the Board view; '
            "give one of them another key",
            id="hidden-by-a-view",
        ),
        pytest.param(
            {"app.quit": ["q"]},
            'keys."app.quit" = "q": q is typed in text fields, and this key works even there; '
            "give it a ctrl or F key",
            id="app-wide-on-a-letter",
        ),
        pytest.param(
            {"app.quit": ["f1"]},
            'keys."app.quit" = "f1": f1 is also "help.close_f1" in the help screen; '
            "give one of them another key",
            id="app-wide-over-a-screen",
        ),
        pytest.param(
            {"board.new": ["shift+n"]},
            'keys."board.new" = "shift+n": shift+n is not a key (write N for Shift+n)',
            id="shift-and-a-letter",
        ),
        pytest.param(
            {"mission_form.save": ["ctrl+a"]},
            'keys."mission_form.save" = "ctrl+a": ctrl+a is also "the text field\'s home" in the '
            "mission form; give one of them another key",
            id="a-key-the-text-field-takes",
        ),
        pytest.param(
            {"board.new": ["ctrl+shft+n"]},
            'keys."board.new" = "ctrl+shft+n": ctrl+shft+n is not a key; '
            "keys look like n, N, ctrl+n, shift+right, f5, escape, question_mark",
            id="no-such-key",
        ),
        pytest.param({"help.close": ["Escape"]}, "Escape is not a key", id="key-names-lower"),
    ],
)
def test_keymaps_the_console_refuses(keymap: dict[str, list[str]], message: str) -> None:
    with pytest.raises(KeymapError) as info:
        check_keymap(keymap)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_make_app_refuses_an_unknown_id(open_vault: Vault) -> None:
    with pytest.raises(KeymapError, match="nope"):
        app_with_keys(open_vault, nope="x")


def test_every_binding_id_is_listed_once_in_a_known_place() -> None:
    bindings = catalogue()
    ids = [binding.id for binding in bindings]
    assert len(ids) == len(set(ids))
    where = {binding.id: binding.where for binding in bindings}
    assert set(where.values()) == set(GROUPS)
    assert where["app.quit"] == "app" and where["main.view.ledger"] == "main"
    assert where["board.move_right"] == "board" and where["ledger.page.entries"] == "ledger"
    assert where["planner.log"] == "planner" and where["clients.add"] == "clients"
    assert where["mission_form.save"] == "dialogs" and where["help.close"] == "help"


def test_the_readme_example_is_accepted() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Changing keys", 1)[1]
    example = section.split("```toml", 1)[1].split("```", 1)[0]
    keymap = parse_keys(tomllib.loads(example)["keys"])
    assert keymap["board.move_right"] == ("ctrl+l",)
    check_keymap(keymap)
