"""The unlock's share of the start-up (issue 18 point 6): the progress bar moves in tenths
(each message wakes the screen, in the interpreter the decoding needs), and the main screen
and the use cases load while the passphrase is typed (or the key derived), never before the
first frame; the board that follows shows the vault as it is."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from board_data import fill
from pilot_helpers import PASSPHRASE, settle
from textual.message import Message
from textual.widgets import Footer

import homeops.services.vault as service_vault
import homeops.tui.app as app_module
from homeops.services.errors import WrongPassphrase
from homeops.storage.crypto import KdfParams
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens import unlock
from homeops.tui.screens.create_vault import CreateVaultScreen as CreateVault
from homeops.tui.screens.main import MainScreen
from homeops.tui.screens.unlock import UnlockScreen
from homeops.tui.views import BoardView

AppFactory = Callable[..., HomeopsApp]


async def test_a_thousand_progress_reports_are_eleven_bar_moves(
    closed_vault: Path, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def opening(*args: Any, progress: Callable[[float], None], **kwargs: Any) -> Any:
        for i in range(1001):  # as a vault of many parts reports, and past both ends
            progress(i / 1000)
        progress(-0.5)
        progress(1.5)
        raise WrongPassphrase()

    monkeypatch.setattr(service_vault, "open_business", opening)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, UnlockScreen)
        posted: list[float] = []
        post = screen.post_message

        def counting(message: Message) -> bool:
            if isinstance(message, UnlockScreen.Progress):
                posted.append(message.fraction)
            return post(message)

        monkeypatch.setattr(screen, "post_message", counting)
        await pilot.press(*"some passphrase", "enter")
        await settle(pilot)
        assert screen.message_text == "Wrong passphrase; try again."
    # 0.0, 0.1, ... 1.0 once each; then -0.5 is 0.0 again and 1.5 is 1.0 again
    assert posted == [step / 10 for step in range(11)] + [0.0, 1.0]


async def test_the_board_after_unlock_shows_the_vault_and_its_screen_loaded_before(
    closed_vault: Path, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        fill(vault)  # board_data: five missions in four stages
    preloaded = threading.Event()
    real_preload = unlock._load_what_unlocking_needs

    def preload() -> None:
        real_preload()
        preloaded.set()

    monkeypatch.setattr(unlock, "_load_what_unlocking_needs", preload)
    overlapped: list[bool] = []
    real_open = service_vault.open_business

    def opening(*args: Any, **kwargs: Any) -> Any:
        # the main screen and the use cases are loaded (or loading) when the vault opens
        overlapped.append(preloaded.wait(timeout=10))
        return real_open(*args, **kwargs)

    monkeypatch.setattr(service_vault, "open_business", opening)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*PASSPHRASE, "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        board = app.screen.query_one(BoardView)
        shown = {column.stage: [m.title for m in column.cards.cards] for column in board.columns}
        assert {stage: titles for stage, titles in shown.items() if titles} == {
            "Brief": ["Feature: urban bees", "Web page: the team"],
            "Plan": ["Newsletter: June"],
            "Quality check": ["Case study: signage"],
            "Client review": ["Annual report"],
        }
    assert overlapped == [True]


def styles_shown(app: HomeopsApp, *, footer_keys: bool = True) -> list[tuple[str, str, str]]:
    """Each node of the screen on show (and the app): its kind, id and style (rules and
    inline), in the screen's order. ``footer_keys=False`` leaves the footer's keys out: the
    footer composes them again as the bindings settle, on a loaded machine after the first
    frame (a key more or less, or one restyled), whatever the stylesheet."""
    nodes = [app, *app.screen.walk_children(with_self=True)]
    return [
        (type(node).__name__, node.id or "", node.styles.css)
        for node in nodes
        if footer_keys or not any(isinstance(above, Footer) for above in node.ancestors)
    ]


def whole_stylesheet(monkeypatch: pytest.MonkeyPatch) -> None:
    """As before the split: every rule of homeops.tcss parsed before the first frame."""
    monkeypatch.setattr(app_module, "stylesheet_parts", lambda text: (text, ""))


@pytest.mark.parametrize("vault", ["existing", "missing"])
async def test_the_first_screen_is_styled_as_by_the_whole_stylesheet_with_a_part_of_it(
    vault: str, vault_path: Path, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    if vault == "existing":
        Vault.create(vault_path, PASSPHRASE, kdf=KdfParams.fast()).close()
    at_first_frame: dict[str, tuple[list[tuple[str, str, str]], int]] = {}
    rules_after: dict[str, int] = {}
    settled: dict[str, list[tuple[str, str, str]]] = {}  # the footer's keys too, once settled
    first_frame_shown = HomeopsApp._first_frame_shown
    how = "part"

    def first_frame(app: HomeopsApp) -> None:  # what the first frame was drawn with
        at_first_frame[how] = (styles_shown(app, footer_keys=False), len(app.stylesheet.rules))
        first_frame_shown(app)

    monkeypatch.setattr(HomeopsApp, "_first_frame_shown", first_frame)
    for how in ("part", "whole"):
        if how == "whole":
            whole_stylesheet(monkeypatch)
        app = app_factory(hint="a hint")  # the hint has a rule of its own
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, UnlockScreen if vault == "existing" else CreateVault)
            assert styles_shown(app, footer_keys=False) == at_first_frame[how][0]
            rules_after[how] = len(app.stylesheet.rules)
            await settle(pilot)
            settled[how] = styles_shown(app)
    assert at_first_frame["part"][0] == at_first_frame["whole"][0]
    assert settled["part"] == settled["whole"]
    # the first frame waits for less than half the rules; the rest follow it at once
    assert at_first_frame["part"][1] < at_first_frame["whole"][1] / 2
    assert rules_after["part"] == rules_after["whole"] == at_first_frame["whole"][1]


async def test_the_board_after_unlock_is_styled_as_by_the_whole_stylesheet(
    closed_vault: Path, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, tuple[list[tuple[str, str, str]], int]] = {}
    for how in ("part", "whole"):
        if how == "whole":
            whole_stylesheet(monkeypatch)
        app = app_factory()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*PASSPHRASE, "enter")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            app.lock()  # and again: the rest of the stylesheet is added once
            await pilot.press(*PASSPHRASE, "enter")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            seen[how] = (styles_shown(app), len(app.stylesheet.rules))
    assert seen["part"] == seen["whole"]


def test_the_stylesheet_is_cut_at_its_main_frame_mark_keeping_line_numbers() -> None:
    text = "A { }\n\n/* -- main frame --- */\nB {\n}\n"
    first, rest = app_module.stylesheet_parts(text)
    assert first == "A { }\n\n"
    assert rest.splitlines()[2:] == text.splitlines()[2:] and rest.count("\n") == 5
    # the mark edited away: the whole sheet before the first frame, nothing lost
    assert app_module.stylesheet_parts("A { }\nB { }\n") == ("A { }\nB { }\n", "")
