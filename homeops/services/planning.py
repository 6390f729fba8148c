"""The planner's use cases: the week's schedule on real capacity, time logged, days off, pins,
fixed blocks, "can I take this?" (fit) and the plan as an iCalendar file.

Each change is written here once, checked first (nothing is written when it is refused), and
used by the console's Planner and the command line alike. Reads give the rules' records
(``Schedule``, ``FixedBlock``, ``TimeEntry``), never a stored document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from dateutil.rrule import rrulestr

from homeops.config import Settings
from homeops.rules import hourly
from homeops.rules.blocks import block_problem as rules_block_problem
from homeops.rules.boundaries import boundary_warnings
from homeops.rules.capacity import (
    FixedBlock,
    OffRange,
    Rules,
    days_between,
    off_range_problem,
    off_ranges,
)
from homeops.rules.invoices import is_final
from homeops.rules.model import Mission
from homeops.rules.money import format_amount
from homeops.rules.planner_ics import plan_calendar
from homeops.rules.pricing import (
    minimum_rate_cents,
    monthly_pay_cents,
    pay_share_bp,
)
from homeops.rules.schedule import PlanOptions, Schedule, build_schedule
from homeops.rules.text import line_problem
from homeops.rules.timelog import CATEGORIES, TimeEntry, log_problem, logged_by_mission, logged_on
from homeops.services.retainers import Retainers
from homeops.storage.vault import Vault

#: How far ahead ``fit`` looks for room, in weeks.
FIT_WEEKS = 52
#: The plan's horizon when nothing asks for more, in weeks.
PLAN_WEEKS = 12


# -- what the settings decide --------------------------------------------------------------


def categories(settings: Settings) -> tuple[str, ...]:
    """The non-billable categories time may be logged to."""
    extra = [c for c in settings.capacity.reserve_minutes if c not in CATEGORIES]
    return (*CATEGORIES, *extra)


def plan_options(settings: Settings, *, weeks: int = PLAN_WEEKS) -> PlanOptions:
    """The planner's options from the settings, with the minimum billable rate (cents/hour)."""
    capacity = settings.capacity
    rules = Rules.from_config(capacity)
    return PlanOptions(
        rules=rules,
        allowance_bp=capacity.revision_allowance_bp,
        min_block=capacity.min_block_minutes,
        delivered=settings.board.stages[-1],
        weeks=weeks,
        rate_cents=minimum_rate_cents(
            monthly_pay_cents(settings.payout.amount_cents, settings.payout.rule),
            pay_share_bp(settings.money.shares_bp),
            rules.standard_week_billable(),  # an ordinary week, without fixed blocks
        ),
    )


def block_problem(block: FixedBlock, settings: Settings) -> str:
    """Why ``block`` cannot be kept with these settings, or "" (checked again on writing;
    the command line asks it before unlocking the vault)."""
    return rules_block_problem(block, Rules.from_config(settings.capacity))


# -- answers -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class LoggedTime:
    """Time just logged: the entry with its id, and the title of its mission ("" for
    non-billable time)."""

    entry: TimeEntry
    mission_title: str = ""
    warning: str = ""  # hourly work from 80 % of its cap: "80 % of the cap used: 16 h of 20 h"
    # every gentle note, the cap's included; they never refuse (a day off, 3 days over focus)
    warnings: tuple[str, ...] = ()


# -- the use cases -------------------------------------------------------------------------


class Planning:
    """The planner over one open vault (``business.planning``)."""

    def __init__(self, vault: Vault, settings: Settings) -> None:
        self._vault = vault
        self.settings = settings
        self.retainers = Retainers(vault, settings)  # the Planner logs time on them too

    @property
    def read_only(self) -> bool:
        """Another session holds the vault: every change here is refused."""
        return self._vault.read_only

    @property
    def busy(self) -> str | None:
        """The words of the long write in progress, or None (changes wait for it)."""
        return self._vault.busy

    # -- reads ----------------------------------------------------------------------------

    def categories(self) -> tuple[str, ...]:
        """The non-billable categories time may be logged to."""
        return categories(self.settings)

    def schedule(
        self,
        today: dt.date,
        *,
        weeks: int = PLAN_WEEKS,
        extra: Sequence[Mission] = (),
        stored: Sequence[Mission] | None = None,
    ) -> Schedule:
        """The open missions planned from ``today`` on real capacity, over ``weeks`` weeks
        (further when a deadline is later); ``extra`` missions (not stored: "can I take
        this?") are planned beside them; ``stored``: the board's missions read already
        (``fit`` plans twice on one read). ``ValueError`` when a stored record cannot be
        planned (a deadline an older version stored as no date)."""
        vault = self._vault
        missions = vault.missions.board_read() if stored is None else stored
        return build_schedule(
            [*missions, *extra],
            vault.timelog.list(),
            vault.calendar.days_off(),
            vault.calendar.blocks(),
            vault.pins.list(),
            today=today,
            options=plan_options(self.settings, weeks=weeks),
            retainers=self.retainers.live(),  # their hours are reserved (issue 14 part 4)
        )

    def read_stamp(self) -> tuple[int | None, ...]:
        """What ``schedule`` reads (retainers' clients included), as change counts: equal
        stamps, equal plans for one day (None during a change: read again). Issue 18 p. 4."""
        tables = ("missions", "timelog", "calendar", "pins", "retainers", "clients")
        return tuple(self._vault.generation(t) for t in tables)

    def finish_dates(self, today: dt.date) -> dict[int, dt.date]:
        """The last planned day of each open mission the plan finishes in its horizon
        (``schedule``): what the forecast adds the payment terms to. A mission left
        unfinished at the horizon, or not planned (no estimate, no work left), is absent."""
        plan = self.schedule(today).plan
        return {m: day for m, day in plan.finish.items() if m not in plan.unplanned}

    def blocks(self) -> list[FixedBlock]:
        """The fixed blocks kept, with their ids."""
        return self._vault.calendar.blocks()

    def calendar(self, today: dt.date, *, stamp: dt.datetime) -> bytes:
        """The next weeks' plan, open deadlines, payouts, days off, fixed blocks and response
        windows as an iCalendar file (ICS bytes; mission titles inside). ``stamp`` is the
        events' DTSTAMP."""
        settings = self.settings
        schedule = self.schedule(today)
        end = schedule.plan.days[-1] if schedule.plan.days else today
        start = dt.datetime.combine(today, dt.time())
        rule = rrulestr(settings.payout.rule, dtstart=start)
        payouts = [
            when.date()
            for when in rule.between(start, dt.datetime.combine(end, dt.time()), inc=True)
        ]
        money = settings.money
        amount = format_amount(settings.payout.amount_cents, money.currency, money.locale)
        windows = [(w.start, w.end) for w in settings.capacity.response_windows]
        reasons = {
            dt.date.fromisoformat(off.day): off.reason for off in self._vault.calendar.days_off()
        }
        return plan_calendar(
            schedule, payouts, amount, stamp=stamp, windows=windows, reasons=reasons
        )

    # -- time logged ----------------------------------------------------------------------

    def log_problem(
        self,
        minutes: int,
        day: dt.date,
        *,
        today: dt.date,
        category: str | None = None,
        mission_id: int | None = None,
    ) -> str:
        """Why ``minutes`` cannot be logged on ``day``, or "". ``category`` None: time on a
        mission; otherwise the non-billable category it goes to. ``mission_id``: an hourly
        mission's cap is checked too."""
        if self.read_only:
            return "read-only session: nothing can be logged"
        problem = log_problem(
            minutes,
            day,
            logged_on(self._vault.timelog.list(), day),
            today=today,
            category=category,
            categories=self.categories(),
        )
        if problem or mission_id is None:
            return problem
        return self._cap_problem(self._vault.missions.get(mission_id), minutes)

    def _cap_problem(self, mission: Mission, minutes: int) -> str:
        """Billable time on hourly work stops at its cap ("" for fixed-price work)."""
        if not hourly.is_hourly(mission):
            return ""
        billed = next((i for i in self._vault.invoices.list()
                       if i.mission_id == mission.id and is_final(i)), None)  # fmt: skip
        if billed is not None:  # its invoice is the logged time: more would never be billed
            return (f"mission #{mission.id} has invoice {billed.label} already: time logged "
                    "now would never be billed (void it first)")  # fmt: skip
        logged = logged_by_mission(self._vault.timelog.list()).get(mission.id or 0, 0)
        return hourly.cap_problem(mission, logged, minutes)

    def log_time(
        self,
        minutes: int,
        day: dt.date,
        *,
        today: dt.date,
        mission_id: int | None = None,
        category: str | None = None,
        note: str = "",
    ) -> LoggedTime:
        """Record ``minutes`` spent on ``day``: on the mission ``mission_id``, or else on the
        non-billable ``category``. ``NotFound`` when there is no such mission, ``ValueError``
        (one line) when the time cannot be logged; nothing is written then."""
        title, mission = "", None
        if mission_id is not None:
            mission = self._vault.missions.get(mission_id)
            title = mission.title
            category = None
        problem = self.log_problem(minutes, day, today=today, category=category)
        if problem:
            raise ValueError(problem)
        if mission is not None and (problem := self._cap_problem(mission, minutes)):
            raise ValueError(problem)
        entry = self._vault.timelog.add(
            TimeEntry(
                day.isoformat(), minutes, mission_id=mission_id, category=category or "", note=note
            )
        )
        warning = ""
        if mission is not None and hourly.is_hourly(mission):
            logged = logged_by_mission(self._vault.timelog.list()).get(mission.id or 0, 0)
            warning = hourly.warning(mission, logged)  # this entry included
        entries = self._vault.timelog.list()
        rules = Rules.from_config(self.settings.capacity)
        days_off = self._vault.calendar.days_off()
        bounds = boundary_warnings(entries, days_off, rules, day, today=today)
        return LoggedTime(entry, title, warning, (warning, *bounds) if warning else bounds)

    # -- days off and pins ----------------------------------------------------------------

    def set_off(self, day: dt.date, off: bool, reason: str = "") -> None:
        """Mark ``day`` off (or back to work); nothing changes when it already is."""
        self._vault.calendar.set_off(day, off, reason)

    def off_range_problem(self, first: dt.date, last: dt.date, reason: str = "") -> str:
        """Why ``first``..``last`` cannot be marked off or cleared in one change, or ""."""
        if self.read_only:
            return "read-only session: days off cannot change"
        return off_range_problem(first, last) or (line_problem(reason, "the reason") or "")

    def set_off_range(self, first: dt.date, last: dt.date, off: bool, reason: str = "") -> int:
        """Mark every day of ``first``..``last`` off (with ``reason``) or back to work, as one
        change; how many days changed. ``ValueError`` (one line) when refused (at most
        ``OFF_RANGE_MAX`` days); nothing is written then."""
        problem = self.off_range_problem(first, last, reason)
        if problem:
            raise ValueError(problem)
        calendar = self._vault.calendar
        before = {o.day for o in calendar.days_off()}
        changed = [d for d in days_between(first, last) if (d.isoformat() in before) != off]
        if changed:
            with self._vault.transaction():
                for day in changed:
                    calendar.set_off(day, off, reason)
        return len(changed)

    def off_ranges(self, since: dt.date) -> list[OffRange]:
        """The days off from ``since`` on, consecutive days with one reason as one range."""
        return off_ranges(self._vault.calendar.days_off(), since)

    def pin(self, mission_id: int, day: dt.date, minutes: int) -> None:
        """Keep ``minutes`` of the mission on ``day`` whatever the plan does; 0 unpins."""
        self._vault.pins.set(mission_id, day, minutes)

    # -- fixed blocks ---------------------------------------------------------------------

    def block_problem(self, block: FixedBlock) -> str:
        """Why ``block`` cannot be kept, or ""."""
        if self.read_only:
            return "read-only session: no fixed block can be added"
        return block_problem(block, self.settings)

    def add_block(self, block: FixedBlock) -> int:
        """Keep ``block`` free every time it recurs; its id. ``ValueError`` (one line) when it
        cannot be kept; nothing is written then."""
        problem = self.block_problem(block)
        if problem:
            raise ValueError(problem)
        return self._vault.calendar.add_block(block)

    def remove_block(self, block_id: int) -> FixedBlock:
        """Remove the fixed block ``block_id`` and return it; ``LookupError`` if there is none."""
        return self._vault.calendar.remove_block(block_id)
