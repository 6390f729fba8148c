"""The Planner view: log time and see the plan change, mark a day off and see the warning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pilot_helpers import TODAY, settle
from textual.pilot import Pilot
from textual.widgets import Input, Static

from homeops.rules.capacity import FixedBlock
from homeops.rules.model import Mission
from homeops.rules.timelog import TimeEntry
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.planner import PlannerView
from homeops.tui.views.planner_dialogs import FixedBlockDialog, LogTimeDialog
from homeops.tui.widgets.status_line import StatusLine
from homeops.tui.widgets.week_grid import WeekGrid

AppFactory = Callable[..., HomeopsApp]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def add_missions(vault: Vault) -> None:
    """Two missions that fill Monday to Wednesday exactly (2h billable a day: 4h of focus
    less the 25 % reserve and the two 30-minute response windows)."""
    vault.missions.add_many(
        [
            Mission("Brochure", "acme", "First draft", fee_cents=90000, deadline=day(1),
                    effort_minutes=180, revision_limit=0),
            Mission("Website copy", "bolt", "Plan", fee_cents=60000, deadline=day(2),
                    effort_minutes=180, revision_limit=0),
        ]
    )  # fmt: skip


def planner(app: HomeopsApp) -> PlannerView:
    return app.screen.query_one(PlannerView)


def text(app: HomeopsApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def show_planner(pilot: Pilot[None]) -> PlannerView:
    await pilot.press("3")
    await settle(pilot)
    return planner(pilot.app)  # type: ignore[arg-type]


async def test_log_time_changes_the_remaining_effort_and_the_plan(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    add_missions(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await show_planner(pilot)
        assert app.focused is view
        assert view.session is not None
        schedule = view.session.schedule
        assert schedule.remaining(1) == 180
        assert schedule.plan.minutes(TODAY, 1) == 120
        assert "2h billable left today" in str(app.screen.query_one(StatusLine).render())
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, LogTimeDialog)
        field = app.screen.query_one("#log-hours", Input)
        assert field.value == "2h"  # the cell's planned hours
        field.value = "1h"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, LogTimeDialog)
        entries = open_vault.timelog.list()
        assert [(e.day, e.minutes, e.mission_id) for e in entries] == [(TODAY.isoformat(), 60, 1)]
        schedule = view.session.schedule
        assert schedule.remaining(1) == 120
        assert schedule.plan.minutes(TODAY, 1) == 60  # 2h today, 1h already spent
        assert "Logged 1h" in text(app, "#planner-message")
        assert "logged 1h" in text(app, "#planner-detail")
        assert "2h left" in text(app, "#planner-detail")
        assert "1h billable left today" in str(app.screen.query_one(StatusLine).render())


async def test_absurd_hours_are_refused_in_the_dialog_and_nothing_is_recorded(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    add_missions(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_planner(pilot)
        await pilot.press("t")
        await settle(pilot)
        app.screen.query_one("#log-hours", Input).value = "30h"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LogTimeDialog)
        assert "more than a day holds" in text(app, "#log-message")
        await pilot.press("escape")
        await settle(pilot)
        assert open_vault.timelog.list() == []


async def test_no_logging_ahead_of_time(open_vault: Vault, app_factory: AppFactory) -> None:
    add_missions(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_planner(pilot)
        await pilot.press("l", "t")
        await settle(pilot)
        assert not isinstance(app.screen, LogTimeDialog)
        assert "still ahead" in text(app, "#planner-message")


async def test_marking_a_day_off_replans_and_shows_the_warning(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    add_missions(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await show_planner(pilot)
        assert "Every deadline fits" in text(app, "#planner-warnings")
        await pilot.press("l", "o")  # Tuesday off
        await settle(pilot)
        assert open_vault.calendar.is_off(TODAY + dt.timedelta(days=1))
        warnings = text(app, "#planner-warnings")
        assert "short by 1h by Tue 1 Dec for Brochure" in warnings
        assert view.session is not None
        assert view.session.schedule.plan.planned(TODAY + dt.timedelta(days=1)) == 0
        await pilot.press("o")  # back to work
        await settle(pilot)
        assert "Every deadline fits" in text(app, "#planner-warnings")


async def test_a_warning_names_the_year_of_a_deadline_in_another_year(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    # Issue 13 review point 5: "by Fri 5 Mar" for 2027 read as this March.
    open_vault.missions.add(
        Mission("Next year job", "acme", "Plan", deadline="2027-03-05", effort_minutes=300_000)
    )
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_planner(pilot)
        warnings = " ".join(text(app, "#planner-warnings").split())
        assert "by Fri 5 Mar 2027 for Next year job" in warnings


async def test_pin_and_week_navigation(open_vault: Vault, app_factory: AppFactory) -> None:
    add_missions(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await show_planner(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert [(p.mission_id, p.day, p.minutes) for p in open_vault.pins.list()] == [
            (1, TODAY.isoformat(), 120)
        ]
        assert view.session is not None
        assert (TODAY, 1) in view.session.schedule.plan.pinned
        await pilot.press("p")
        await settle(pilot)
        assert open_vault.pins.list() == []
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "2026-W50" in str(app.screen.query_one("#planner-title").render())
        await pilot.press("w")
        await settle(pilot)
        assert "2026-W49" in str(app.screen.query_one("#planner-title").render())


def billable_row(app: HomeopsApp) -> list[str]:
    """The grid's Billable row as shown, Monday first."""
    grid = app.screen.query_one(WeekGrid)
    row = next(r for r in grid.rows if r[0].plain == "Billable")
    return [cell.plain.strip() for cell in row[1:]]


async def test_a_fixed_block_takes_its_time_off_the_days_it_falls_on(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    add_missions(open_vault)
    app = app_factory(vault=open_vault)
    tuesday = TODAY + dt.timedelta(days=1)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await show_planner(pilot)
        assert billable_row(app) == ["2h", "2h", "2h", "2h", "1h15", "·", "·"]
        await pilot.press("l", "b")  # on Tuesday
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FixedBlockDialog)
        assert dialog.query_one("#block-rule", Input).value == "weekly:tue"
        assert dialog.query_one("#block-start", Input).value == TODAY.isoformat()
        assert "No fixed block yet" in text(app, "#block-list")
        await pilot.press(*"Weekly call")
        dialog.query_one("#block-minutes", Input).value = "1h"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FixedBlockDialog)
        assert open_vault.calendar.blocks() == [
            FixedBlock("Weekly call", "FREQ=WEEKLY;BYDAY=TU", TODAY.isoformat(), 60, id=1)
        ]
        assert billable_row(app) == ["2h", "1h", "2h", "2h", "1h15", "·", "·"]
        assert view.session is not None
        schedule = view.session.schedule
        assert schedule.capacity(tuesday).blocks == 60
        assert schedule.capacity(tuesday + dt.timedelta(weeks=1)).billable == 60
        assert schedule.capacity(TODAY + dt.timedelta(days=3)).blocks == 0
        assert "Weekly call: 1h every Tuesday, kept free; replanned." in text(
            app, "#planner-message"
        )
        assert "short by 1h by Wed 2 Dec for Website copy" in text(app, "#planner-warnings")


@pytest.mark.parametrize(
    ("field", "typed", "reason"),
    [
        ("block-minutes", "5h", "5h is longer than any day's focus hours"),
        ("block-minutes", "", "length must be more than zero"),
        ("block-rule", "weekly:tuesdy", "'tuesdy' is not a weekday"),
        ("block-rule", "FREQ=WEEKLY;UNTIL=20200101", "falls on no day"),
        ("block-title", "", "needs a title"),
        ("block-start", "soon", "from 'soon' is not a date"),
    ],
)
async def test_a_refused_block_says_why_and_records_nothing(
    open_vault: Vault, app_factory: AppFactory, field: str, typed: str, reason: str
) -> None:
    add_missions(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await show_planner(pilot)
        await pilot.press("b")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FixedBlockDialog)
        dialog.query_one("#block-title", Input).value = "Course"
        dialog.query_one("#block-minutes", Input).value = "2h"
        dialog.query_one(f"#{field}", Input).value = typed
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        message = text(app, ".form-message")
        assert reason in message and "\n" not in message
        await pilot.press("escape")
        await settle(pilot)
        assert open_vault.calendar.blocks() == []
        assert view.session is not None
        assert view.session.schedule.capacity(TODAY).blocks == 0


@pytest.mark.parametrize(("typed", "minutes"), [("30", 30), ("90", 90), ("1h30", 90)])
async def test_the_block_form_reads_a_bare_length_as_minutes(
    open_vault: Vault, app_factory: AppFactory, typed: str, minutes: int
) -> None:
    """As `homeops block add --minutes 30`: half an hour, not 30 hours."""
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_planner(pilot)
        await pilot.press("b")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FixedBlockDialog)
        dialog.query_one("#block-title", Input).value = "Call"
        dialog.query_one("#block-minutes", Input).value = typed
        await pilot.press("enter")
        await settle(pilot)
        assert [b.minutes for b in open_vault.calendar.blocks()] == [minutes]


async def test_remove_a_block_from_the_planner(open_vault: Vault, app_factory: AppFactory) -> None:
    add_missions(open_vault)
    open_vault.calendar.add_block(FixedBlock("Course", "FREQ=WEEKLY;BYDAY=MO", day(-7), 90))
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_planner(pilot)
        assert billable_row(app)[0] == "30m"
        await pilot.press("b")
        await settle(pilot)
        assert "#1 Course · every Monday · 1h30" in text(app, "#block-list")
        app.screen.query_one("#block-remove", Input).focus()
        await pilot.press("7", "enter")  # not a block: refused, nothing removed
        await settle(pilot)
        assert "no fixed block #7" in text(app, ".form-message")
        app.screen.query_one("#block-remove", Input).value = "1"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FixedBlockDialog)
        assert open_vault.calendar.blocks() == []
        assert billable_row(app)[0] == "2h"
        assert "Fixed block #1 Course removed" in text(app, "#planner-message")


async def test_every_planner_binding_has_description_tooltip_and_id() -> None:
    for binding in PlannerView.BINDINGS:
        assert not isinstance(binding, tuple)
        assert binding.description and binding.tooltip and binding.id
        assert "alt+" not in binding.key and "ctrl+h" not in binding.key


def fill(vault: Vault) -> None:
    add_missions(vault)
    vault.missions.add(
        Mission("Annual report: member edition", "cedar", "Plan", fee_cents=150000,
                deadline=day(12), effort_minutes=1200)
    )  # fmt: skip
    vault.timelog.add_many(
        [
            TimeEntry(day(-3), 90, mission_id=1),
            TimeEntry(day(-3), 45, category="admin"),
            TimeEntry(day(-4), 60, category="communication"),
        ]
    )
    vault.calendar.set_off(TODAY + dt.timedelta(days=3), True)
    vault.calendar.add_block(FixedBlock("Weekly call", "FREQ=WEEKLY;BYDAY=TU", day(-30), 60))


@pytest.mark.parametrize("size", SIZES)
def test_planner_snapshot(
    snap_compare: Callable[..., bool],
    open_vault: Vault,
    app_factory: AppFactory,
    size: tuple[int, int],
) -> None:
    fill(open_vault)
    assert snap_compare(app_factory(vault=open_vault), terminal_size=size, press=["3"])
