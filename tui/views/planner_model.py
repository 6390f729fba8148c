"""The Planner's session state: the schedule, rebuilt after each change.

Not a widget. Every change goes through ``business.planning`` (``homeops.services.planning``,
the same use cases as the command line), which checks it and writes it (durable when the call
returns); the session then replans. None starts during a long write
(``homeops.tui.busy.check_idle``).
"""

from __future__ import annotations

import datetime as dt

from homeops.rules.capacity import FixedBlock
from homeops.rules.hours import format_minutes
from homeops.rules.schedule import Schedule
from homeops.services.planning import Planning
from homeops.tui.busy import check_idle


class PlannerSession:
    """The schedule as of ``today``, and every change the Planner makes."""

    def __init__(self, planning: Planning, today: dt.date) -> None:
        self.planning = planning
        self.today = today
        self.schedule: Schedule = planning.schedule(today)

    def replan(self) -> Schedule:
        """Read the records again and plan them (after a change here or elsewhere)."""
        self.schedule = self.planning.schedule(self.today)
        return self.schedule

    @property
    def read_only(self) -> bool:
        return self.planning.read_only

    @property
    def categories(self) -> tuple[str, ...]:
        return self.planning.categories()

    def left_today_text(self) -> str:
        """The status line's note: ``2h15 left today`` or ``day off today``."""
        schedule = self.schedule
        if schedule.capacity(self.today).off:
            return "day off today"
        return f"{format_minutes(schedule.left_today())} billable left today"

    def log_problem(
        self, minutes: int, day: dt.date, category: str | None = None, mission_id: int | None = None
    ) -> str:
        """Why this time cannot be logged (an hourly mission's cap included), or ""."""
        return self.planning.log_problem(
            minutes, day, today=self.today, category=category, mission_id=mission_id
        )

    def log(
        self, minutes: int, day: dt.date, *, mission_id: int | None = None, category: str = ""
    ) -> tuple[str, ...]:
        """Record the time (refused with ``ValueError`` for bad input), then replan; the
        warnings to show (80 % of an hourly cap used, ...)."""
        check_idle(self.planning)
        logged = self.planning.log_time(
            minutes, day, today=self.today, mission_id=mission_id, category=category
        )
        self.replan()
        return logged.warnings

    def set_off(self, day: dt.date, off: bool) -> None:
        """Mark ``day`` off (or back to work), then replan."""
        check_idle(self.planning)
        self.planning.set_off(day, off)
        self.replan()

    def set_off_range(self, first: dt.date, last: dt.date, off: bool, reason: str = "") -> int:
        """Mark ``first``..``last`` off (or back to work) in one change, then replan; how many
        days changed (``ValueError`` when refused)."""
        check_idle(self.planning)
        changed = self.planning.set_off_range(first, last, off, reason)
        self.replan()
        return changed

    def pin(self, mission_id: int, day: dt.date, minutes: int) -> None:
        """Pin ``minutes`` of the mission on ``day`` (0 unpins), then replan."""
        check_idle(self.planning)
        self.planning.pin(mission_id, day, minutes)
        self.replan()

    def blocks(self) -> list[FixedBlock]:
        """The fixed blocks kept, with their ids."""
        return self.planning.blocks()

    def block_problem(self, block: FixedBlock) -> str:
        """Why ``block`` cannot be kept, or ""."""
        return self.planning.block_problem(block)

    def add_block(self, block: FixedBlock) -> int:
        """Record ``block`` (refused with ``ValueError`` when it cannot be kept), then replan."""
        check_idle(self.planning)
        block_id = self.planning.add_block(block)
        self.replan()
        return block_id

    def remove_block(self, block_id: int) -> FixedBlock:
        """Remove a fixed block (``LookupError`` if there is none), then replan."""
        check_idle(self.planning)
        block = self.planning.remove_block(block_id)
        self.replan()
        return block
