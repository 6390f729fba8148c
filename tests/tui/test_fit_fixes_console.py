""" "Can I take this?" in the console after the review of issue 14 (fitfix): an hourly mission
typed in the form is answered at its rate and accepted hourly with its cap (point 1); ``a``
pressed twice never reaches the board behind (point 11: it archived the mission just
accepted). Settings and vault as tests/tui/test_fit_screen.py: floor 84,22 €/h; Brochure
(300 min) plans Mon 180 + Tue 120 min."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pilot_helpers import TODAY, settle
from textual.widgets import Static

from homeops.config import Settings
from homeops.config.settings import CapacitySettings
from homeops.rules.model import Client, Mission
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.fit import FitScreen
from homeops.tui.screens.mission_form import MissionForm

AppFactory = Callable[..., HomeopsApp]
SETTINGS = Settings(capacity=CapacitySettings(response_windows=()))


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


@pytest.fixture
def vault(open_vault: Vault) -> Vault:
    open_vault.clients.add(Client("acme"))
    open_vault.missions.add(
        Mission("Brochure", "acme", "First draft", fee_cents=90000,
                deadline=day(3).isoformat(), effort_minutes=300, revision_limit=0)
    )  # fmt: skip
    return open_vault


def text_of(screen: FitScreen, selector: str) -> str:
    text = str(screen.query_one(selector, Static).render())
    return text.replace("\u202f", " ").replace("\xa0", " ")


async def test_an_hourly_fit_is_paid_its_rate_and_accepted_hourly_with_its_cap(
    vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=vault, settings=SETTINGS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Title, client, (no fee), (no deadline), effort, hourly: 90 €/h with a 10 h cap.
        await pilot.press("f", *"Hourly fit", "tab", *"acme", "tab", "tab", "tab", *"5h")
        await pilot.press("tab", *"90 cap 10h", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FitScreen) and screen.decision is not None
        # 300 + 30 min after Brochure: Tue 60, Wed 180, Thu 90.
        assert screen.decision.delivery == day(3)
        verdict = text_of(screen, "#fit-verdict")
        assert verdict.startswith("Fits: delivers Thu 3 Dec, 90,00 €/h hourly, ")
        figures = text_of(screen, "#fit-figures")
        assert "hourly: 450,00 € for 5h, cap 10h (900,00 €)" in figures  # 5 h × 90 €
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, FitScreen | MissionForm)
    (stored,) = [m for m in vault.missions.list() if m.title == "Hourly fit"]
    assert (stored.hourly_rate_cents, stored.fee_cents, stored.effort_minutes) == (9000, 90000, 300)


async def test_a_pressed_twice_accepts_once_and_archives_nothing(
    vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=vault, settings=SETTINGS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"Twice", "tab", *"acme", "tab", *"1000", "tab", "tab", *"10h")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FitScreen)
        await pilot.press("a", "a")  # a key repeated: the second finds the answer still up
        await settle(pilot)
        message = text_of(screen, ".form-message")
        assert app.screen is screen
        assert message == "Accepted already: Esc or Enter closes (u on the board undoes)"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FitScreen | MissionForm)
    twice = [m for m in vault.missions.list() if m.title == "Twice"]
    assert len(twice) == 1 and not twice[0].archived
    assert len(vault.missions.active()) == 2


async def test_the_answer_says_what_was_accepted_until_a_key_closes_it(
    vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=vault, settings=SETTINGS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"Once", "tab", *"acme", "tab", *"1000", "tab", "tab", *"10h")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FitScreen)
        assert text_of(screen, ".form-message") == (
            "Accepted, added to Brief: Once (u on the board undoes)"
        )
        assert text_of(screen, "#fit-hint") == "Esc or Enter closes"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")  # the board's undo takes it back
        await settle(pilot)
    assert [m.title for m in vault.missions.list()] == ["Brochure"]
