""" "Can I take this?" in the console (issue 14 part 1): from the board (f), from the
new-mission form (ctrl+f) and the palette; the answer's figures and verdict; a accepts (one
mission on the board), Esc goes back and writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pilot_helpers import TODAY, no_blink, settle
from textual.pilot import Pilot
from textual.widgets import Static

from homeops.config import Settings
from homeops.config.settings import CapacitySettings
from homeops.rules.model import Client, Mission
from homeops.services import Business
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.fit import FitScreen
from homeops.tui.screens.mission_form import MissionForm

AppFactory = Callable[..., HomeopsApp]
# No response windows: 180 billable minutes Mon-Thu, 135 on Friday (tests/test_fit.py).
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
    """What a part of the answer shows, the locale's no-break spaces as plain ones."""
    text = str(screen.query_one(selector, Static).render())
    return text.replace("\u202f", " ").replace("\xa0", " ")


async def test_f_asks_and_a_accepts_the_mission(vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=vault, settings=SETTINGS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Title, client, fee, deadline (none), effort; Enter asks instead of saving.
        await pilot.press("f", *"Flyer", "tab", *"acme", "tab", *"1000", "tab", "tab", *"10h")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FitScreen) and screen.decision is not None
        # 600 + 60 min after Brochure (Mon 180, Tue 120): Tue 60, Wed-Fri 495, Mon 7 Dec 105.
        assert screen.decision.delivery == day(7)
        verdict = text_of(screen, "#fit-verdict")
        assert (
            verdict
            == "Fits: delivers Mon 7 Dec, 90,91 €/h, payouts short already, not because of it"
        )
        figures = text_of(screen, "#fit-figures")
        assert "11h (10h + 1h revisions), among 1 open" in figures
        assert "Pushes    nothing late" in figures
        assert len(vault.missions.list()) == 1  # asking writes nothing
        await pilot.press("a")
        await settle(pilot)  # accepted; the answer stays up saying so until a key closes it
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, FitScreen | MissionForm)
    flyer = [m for m in vault.missions.list() if m.title == "Flyer"]
    assert [(m.client_alias, m.fee_cents, m.effort_minutes, m.stage) for m in flyer] == [
        ("acme", 100000, 600, "Brief")
    ]
    schedule = Business(vault, SETTINGS).planning.schedule(TODAY)
    assert flyer[0].id is not None and schedule.plan.finish[flyer[0].id] == day(7)


async def test_u_takes_an_accepted_mission_back(vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=vault, settings=SETTINGS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"Flyer", "tab", "tab", *"1000", "tab", "tab", *"10h", "enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert [m.title for m in vault.missions.list()] == ["Brochure", "Flyer"]
        await pilot.press("escape")  # the answer closes, back on the board
        await settle(pilot)
        await pilot.press("u")  # accepted through the board's session: its undo
        await settle(pilot)
    assert [m.title for m in vault.missions.list()] == ["Brochure"]


async def test_ctrl_f_in_the_new_mission_form_asks_and_esc_writes_nothing(
    vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=vault, settings=SETTINGS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        due = day(1).isoformat()
        await pilot.press("n", *"Rush", "tab", "tab", *"200", "tab", *due, "tab", *"10h")
        await pilot.press("ctrl+f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FitScreen)
        verdict = text_of(screen, "#fit-verdict")
        assert verdict.startswith("Doesn't fit: delivers Thu 3 Dec, after the deadline Tue 1 Dec")
        assert "pushes #1 Brochure 4 days late" in verdict
        assert "18,18 €/h is under the floor" in verdict  # 20 000 × 60 / 660 = 1 818.2
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MissionForm)  # back to the form, its values kept
        await pilot.press("escape")
        await settle(pilot)
    assert [m.title for m in vault.missions.list()] == ["Brochure"]


async def test_the_palette_offers_it_on_the_board(vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=vault, settings=SETTINGS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Can I take")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MissionForm) and form.asking


async def test_a_form_error_is_one_line_and_opens_no_answer(
    vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=vault, settings=SETTINGS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"No effort", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MissionForm)
        assert form.message_text == "the effort must be more than zero"


def test_the_answer_at_80x24(
    snap_compare: Callable[..., bool], vault: Vault, app_factory: AppFactory
) -> None:
    # 5 200 € received: 2 600 € of pay. A rush job due Tuesday pushes Brochure late, and
    # Brochure's money past the payout of Fri 1 Jan (tests/test_fit.py has the figures).
    Business(vault, SETTINGS).cashbook.record_income(520000, date=TODAY.isoformat())

    async def ask(pilot: Pilot[None]) -> None:
        due = day(1).isoformat()
        await pilot.press("f", *"Rush", "tab", "tab", *"2000", "tab", *due, "tab", *"10h")
        await pilot.press("enter")
        await no_blink(pilot)

    app = app_factory(vault=vault, settings=SETTINGS)
    assert snap_compare(app, terminal_size=(80, 24), run_before=ask)
