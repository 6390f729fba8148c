"""``business.planning``: the planner's one write path, shared by the console and the command
line. Each change is checked before anything is written; reads give the rules' records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from icalendar import Calendar

from homeops.config import Settings
from homeops.rules.capacity import FixedBlock
from homeops.rules.model import Mission
from homeops.services import Business
from homeops.services.errors import NotFound
from homeops.services.planning import Planning
from homeops.storage.vault import KdfParams, Vault

TODAY = dt.date(2026, 11, 30)  # a Monday


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    vault = Vault.create(tmp_path / "vault.hops", "planning service test", kdf=KdfParams.fast())
    vault.missions.add(
        Mission("Brochure", "acme", "First draft", fee_cents=90000, deadline=day(3).isoformat(),
                effort_minutes=300, revision_limit=0)
    )  # fmt: skip
    yield vault
    vault.close()


@pytest.fixture
def planning(vault: Vault) -> Planning:
    return Business(vault, Settings()).planning


def test_the_schedule_plans_what_the_vault_holds(planning: Planning) -> None:
    schedule = planning.schedule(TODAY)
    assert schedule.remaining(1) == 300
    assert sum(schedule.plan.minutes(day(i), 1) for i in range(7)) == 300
    assert schedule.plan.warnings == []


def test_logging_time_records_it_and_the_plan_takes_it_off(
    planning: Planning, vault: Vault
) -> None:
    logged = planning.log_time(90, TODAY, today=TODAY, mission_id=1, note="outline")
    assert logged.mission_title == "Brochure"
    assert logged.entry.id is not None
    assert [(e.day, e.minutes, e.mission_id, e.note) for e in vault.timelog.list()] == [
        (TODAY.isoformat(), 90, 1, "outline")
    ]
    assert planning.schedule(TODAY).remaining(1) == 210
    planning.log_time(30, TODAY, today=TODAY, category="admin")
    assert vault.timelog.list()[-1].category == "admin"


@pytest.mark.parametrize(
    ("minutes", "when", "mission_id", "category", "refusal"),
    [
        (60, day(1), 1, None, "is in the future"),
        (0, TODAY, 1, None, "more than zero"),
        (25 * 60, TODAY, 1, None, "more than a day holds"),
        (60, TODAY, None, "gardening", "unknown category 'gardening'"),
    ],
)
def test_time_that_cannot_be_logged_is_refused_and_nothing_is_written(
    planning: Planning,
    vault: Vault,
    minutes: int,
    when: dt.date,
    mission_id: int | None,
    category: str | None,
    refusal: str,
) -> None:
    assert refusal in planning.log_problem(
        minutes, when, today=TODAY, category=None if mission_id else category
    )
    with pytest.raises(ValueError, match=refusal):
        planning.log_time(minutes, when, today=TODAY, mission_id=mission_id, category=category)
    assert vault.timelog.list() == []


def test_time_on_a_mission_that_is_not_there_is_refused(planning: Planning, vault: Vault) -> None:
    with pytest.raises(NotFound, match="no mission with id 9"):
        planning.log_time(60, TODAY, today=TODAY, mission_id=9)
    assert vault.timelog.list() == []


def test_a_day_off_and_a_pin_replan(planning: Planning) -> None:
    planning.set_off(TODAY, True)
    schedule = planning.schedule(TODAY)
    assert schedule.capacity(TODAY).off and schedule.plan.minutes(TODAY, 1) == 0
    planning.set_off(TODAY, False)
    planning.pin(1, day(2), 120)
    schedule = planning.schedule(TODAY)
    assert (day(2), 1) in schedule.plan.pinned and schedule.plan.minutes(day(2), 1) == 120
    planning.pin(1, day(2), 0)
    assert planning.schedule(TODAY).plan.pinned == set()


def test_fixed_blocks_are_checked_kept_and_removed(planning: Planning, vault: Vault) -> None:
    too_long = FixedBlock("Course", "FREQ=WEEKLY;BYDAY=TU", TODAY.isoformat(), 5 * 60)
    assert "longer than any day's focus hours" in planning.block_problem(too_long)
    with pytest.raises(ValueError, match="longer than any day's focus hours"):
        planning.add_block(too_long)
    assert vault.calendar.blocks() == []
    call = FixedBlock("Weekly call", "FREQ=WEEKLY;BYDAY=TU", TODAY.isoformat(), 60)
    block_id = planning.add_block(call)
    assert [(b.id, b.title) for b in planning.blocks()] == [(block_id, "Weekly call")]
    assert planning.schedule(TODAY).capacity(day(1)).blocks == 60
    assert planning.remove_block(block_id).title == "Weekly call"
    with pytest.raises(LookupError, match=f"no fixed block with id {block_id}"):
        planning.remove_block(block_id)
    assert planning.blocks() == []


def test_the_calendar_holds_the_plan_the_deadline_and_the_payouts(planning: Planning) -> None:
    stamp = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)
    calendar = Calendar.from_ical(planning.calendar(TODAY, stamp=stamp))
    kinds = {str(event.get("categories").cats[0]) for event in calendar.walk("VEVENT")}
    # the default settings' two response windows fall on every working day (issue 14 part 5)
    assert kinds == {"planned", "deadline", "payout", "response window"}
