"""The Planner's session state: the schedule, rebuilt after each change written to the vault.

Not a widget. The Planner view changes time, days off, fixed blocks and pins only through
``PlannerSession``, which writes each change first (durable when the call returns) and then
replans; none starts during a long write (``homeops.tui.busy.check_idle``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from homeops.cli.planning import categories, schedule_of
from homeops.config import Settings
from homeops.rules.blocks import block_problem
from homeops.rules.capacity import FixedBlock, Rules
from homeops.rules.hours import format_minutes
from homeops.rules.schedule import Schedule
from homeops.rules.timelog import TimeEntry, log_problem, logged_on
from homeops.tui.busy import check_idle

if TYPE_CHECKING:
    from homeops.storage.vault import Vault


class PlannerSession:
    """The schedule of ``vault`` as of ``today``, and every write the Planner makes."""

    def __init__(self, vault: Vault, settings: Settings, today: dt.date) -> None:
        self.vault = vault
        self.settings = settings
        self.today = today
        self.schedule: Schedule = schedule_of(vault, settings, today)

    def replan(self) -> Schedule:
        """Read the records again and plan them (after a change here or elsewhere)."""
        self.schedule = schedule_of(self.vault, self.settings, self.today)
        return self.schedule

    @property
    def categories(self) -> tuple[str, ...]:
        return categories(self.settings)

    def left_today_text(self) -> str:
        """The status line's note: ``2h15 left today`` or ``day off today``."""
        schedule = self.schedule
        if schedule.capacity(self.today).off:
            return "day off today"
        return f"{format_minutes(schedule.left_today())} billable left today"

    def log_problem(self, minutes: int, day: dt.date, category: str | None = None) -> str:
        """Why this time cannot be logged, or ""."""
        if self.vault.read_only:
            return "read-only session: nothing can be logged"
        return log_problem(
            minutes,
            day,
            logged_on(self.schedule.entries, day),
            today=self.today,
            category=category,
            categories=self.categories,
        )

    def log(
        self, minutes: int, day: dt.date, *, mission_id: int | None = None, category: str = ""
    ) -> None:
        """Record the time (refused with ``ValueError`` for bad input), then replan."""
        check_idle(self.vault)
        problem = self.log_problem(minutes, day, None if mission_id is not None else category)
        if problem:
            raise ValueError(problem)
        self.vault.timelog.add(
            TimeEntry(day.isoformat(), minutes, mission_id=mission_id, category=category)
        )
        self.replan()

    def set_off(self, day: dt.date, off: bool) -> None:
        """Mark ``day`` off (or back to work), then replan."""
        check_idle(self.vault)
        self.vault.calendar.set_off(day, off)
        self.replan()

    def pin(self, mission_id: int, day: dt.date, minutes: int) -> None:
        """Pin ``minutes`` of the mission on ``day`` (0 unpins), then replan."""
        check_idle(self.vault)
        self.vault.pins.set(mission_id, day, minutes)
        self.replan()

    def blocks(self) -> list[FixedBlock]:
        """The fixed blocks in the vault, with their ids."""
        return self.vault.calendar.blocks()

    def block_problem(self, block: FixedBlock) -> str:
        """Why ``block`` cannot be kept, or ""."""
        if self.vault.read_only:
            return "read-only session: no fixed block can be added"
        return block_problem(block, Rules.from_config(self.settings.capacity))

    def add_block(self, block: FixedBlock) -> int:
        """Record ``block`` (refused with ``ValueError`` when it cannot be kept), then replan."""
        check_idle(self.vault)
        problem = self.block_problem(block)
        if problem:
            raise ValueError(problem)
        block_id = self.vault.calendar.add_block(block)
        self.replan()
        return block_id

    def remove_block(self, block_id: int) -> FixedBlock:
        """Remove a fixed block (``LookupError`` if there is none), then replan."""
        check_idle(self.vault)
        block = self.vault.calendar.remove_block(block_id)
        self.replan()
        return block
