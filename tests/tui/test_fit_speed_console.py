""" "Can I take this?" off the UI thread (issue 14 part 1): the answer is computed by a
worker, the screen says "Thinking…" meanwhile and keeps taking keys; ``a`` pressed before the
answer accepts it once it is there, Esc leaves at once and writes nothing, an answer refused
says why in one line."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from pilot_helpers import TODAY, settle
from textual.pilot import Pilot
from textual.widgets import Static

from homeops.config import Settings
from homeops.config.settings import CapacitySettings
from homeops.rules.model import Client, Mission
from homeops.services.fit import FitDesk
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.fit import THINKING, FitScreen
from homeops.tui.screens.mission_form import MissionForm

AppFactory = Callable[..., HomeopsApp]
SETTINGS = Settings(capacity=CapacitySettings(response_windows=()))
FLYER = ("f", *"Flyer", "tab", *"acme", "tab", *"1000", "tab", "tab", *"10h", "enter")


@pytest.fixture
def vault(open_vault: Vault) -> Vault:
    open_vault.clients.add(Client("acme"))
    open_vault.missions.add(
        Mission("Brochure", "acme", "First draft", fee_cents=90000,
                deadline=(TODAY + dt.timedelta(days=3)).isoformat(), effort_minutes=300,
                revision_limit=0)
    )  # fmt: skip
    return open_vault


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The answer waits until the test opens the gate (a slow vault, made certain)."""
    opened, real = threading.Event(), FitDesk.answer

    def slow(self: FitDesk, *args: Any, **kwargs: Any) -> Any:
        assert threading.current_thread() is not threading.main_thread()  # on a worker
        assert opened.wait(10)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(FitDesk, "answer", slow)
    return opened


def shown_in(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def _asked(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.press(*FLYER)
    for _ in range(3):
        await pilot.pause()


async def test_it_thinks_then_shows_and_a_pressed_early_is_kept(
    vault: Vault, app_factory: AppFactory, gate: threading.Event
) -> None:
    app = app_factory(vault=vault, settings=SETTINGS)
    async with app.run_test(size=(80, 24)) as pilot:
        await _asked(pilot)
        screen = app.screen
        assert isinstance(screen, FitScreen) and screen.decision is None
        assert shown_in(pilot, "#fit-verdict") == THINKING
        await pilot.press("a")  # before the answer: kept, not lost
        assert app.screen is screen and len(vault.missions.list()) == 1
        assert "Accepting once the answer is there" in shown_in(pilot, ".form-message")
        gate.set()
        await settle(pilot)  # accepted: the answer stays up saying so until a key closes it
        assert app.screen is screen
        assert shown_in(pilot, ".form-message").startswith("Accepted, added to Brief: Flyer")
    assert sorted(m.title for m in vault.missions.list()) == ["Brochure", "Flyer"]


async def test_esc_while_it_thinks_leaves_at_once_and_writes_nothing(
    vault: Vault, app_factory: AppFactory, gate: threading.Event
) -> None:
    app = app_factory(vault=vault, settings=SETTINGS)
    async with app.run_test(size=(80, 24)) as pilot:
        await _asked(pilot)
        assert isinstance(app.screen, FitScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MissionForm)  # back to the form before the answer
        gate.set()
        await settle(pilot)
        assert isinstance(app.screen, MissionForm)
    assert [m.title for m in vault.missions.list()] == ["Brochure"]


async def test_an_answer_refused_says_why_and_a_adds_nothing(
    vault: Vault, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(self: FitDesk, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("mission #1: the deadline is not a date")

    monkeypatch.setattr(FitDesk, "answer", refused)
    app = app_factory(vault=vault, settings=SETTINGS)
    async with app.run_test(size=(80, 24)) as pilot:
        await _asked(pilot)
        await settle(pilot)
        assert isinstance(app.screen, FitScreen)
        assert (
            shown_in(pilot, "#fit-verdict") == "No answer: mission #1: the deadline is not a date"
        )
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FitScreen)
    assert [m.title for m in vault.missions.list()] == ["Brochure"]
