"""Real capacity: focus minutes per day, less fixed blocks, the non-billable reserve and the
response windows.

Billable capacity of a day = focus − fixed blocks − reserve − response windows (on a day with
focus hours), never below zero, and zero on a day off. Everything is integer minutes. Fixed
blocks recur by RFC 5545 RRULE (``dateutil.rrule``).
Pure: no I/O; the settings arrive through the ``CapacityConfig`` protocol.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from dateutil.rrule import DAILY, rrule, rrulestr

from homeops.rules.bounds import check_day, parse_day
from homeops.rules.text import quoted

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def short_day(day: dt.date, today: dt.date | None = None) -> str:
    """``Fri 12 Dec``: how warnings name a day; with the year when ``today`` is given and
    the day is in another year (``Fri 5 Mar 2027``), as the cards write it."""
    text = f"{DAY_NAMES[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return text if today is None or day.year == today.year else f"{text} {day.year}"


class WindowConfig(Protocol):
    """A daily response window from the settings (10:00-10:30)."""

    @property
    def start(self) -> dt.time: ...
    @property
    def end(self) -> dt.time: ...


class CapacityConfig(Protocol):
    """What the planner needs from ``config``'s capacity settings (read-only)."""

    @property
    def focus_minutes(self) -> Mapping[str, int]: ...
    @property
    def non_billable_bp(self) -> int: ...
    @property
    def reserve_minutes(self) -> Mapping[str, int]: ...
    @property
    def response_windows(self) -> Sequence[WindowConfig]: ...


def window_minutes(window: WindowConfig) -> int:
    """The length of a response window in minutes (0 when it ends before it starts)."""
    start = window.start.hour * 60 + window.start.minute
    end = window.end.hour * 60 + window.end.minute
    return max(0, end - start)


@dataclass(frozen=True)
class FixedBlock:
    """A recurring commitment that eats focus time (a weekly call, a course), in minutes."""

    title: str
    rule: str  # RRULE, e.g. FREQ=WEEKLY;BYDAY=TU
    start: str  # ISO date of the first occurrence window (the rule's DTSTART)
    minutes: int
    id: int | None = None

    def days(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The days in ``first``..``last`` (inclusive) the block falls on."""
        start = dt.datetime.fromisoformat(self.start)
        rule = rrulestr(self.rule, dtstart=start)
        moved = _moved_on(self.rule, start, first)
        if moved != start:
            # A block from years back (1970 is allowed) would be expanded from its start on
            # every call: start it instead the whole periods later that keep its days.
            rule = rrulestr(self.rule, dtstart=moved)
        if isinstance(rule, rrule):  # a block stored before the once-a-day check
            rule = once_a_day(rule)
        begin = dt.datetime.combine(first, dt.time())
        end = dt.datetime.combine(last, dt.time(23, 59, 59))
        return [when.date() for when in rule.between(begin, end, inc=True)]


def _moved_on(rule: str, start: dt.datetime, first: dt.date) -> dt.datetime:
    """``start`` moved forward by whole periods of a DAILY or WEEKLY ``rule`` to the last
    such step on or before ``first``: the rule falls on the same days from there on. Any
    other rule (COUNT counts from the start; months differ in length) keeps ``start``."""
    parts = dict(
        part.partition("=")[::2] for part in rule.upper().removeprefix("RRULE:").split(";")
    )
    freq, interval = parts.get("FREQ"), parts.get("INTERVAL", "1")
    if "COUNT" in parts or freq not in ("DAILY", "WEEKLY") or not interval.isdecimal():
        return start
    if first <= start.date() or int(interval) < 1:
        return start
    step = int(interval) * (7 if freq == "WEEKLY" else 1)
    periods = (first - start.date()).days // step
    return start + dt.timedelta(days=periods * step)


def rrule_problem(rule: str) -> str:
    """Empty when ``rule`` is one plain RRULE dateutil can expand; else a one-line reason."""
    try:
        parsed = rrulestr(rule, dtstart=dt.datetime(2000, 1, 3))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        return f"{rule!r} is not an RRULE (example: FREQ=WEEKLY;BYDAY=TU)"
    if not isinstance(parsed, rrule):
        return f"{rule!r} is not one plain RRULE (example: FREQ=WEEKLY;BYDAY=TU)"
    if getattr(parsed, "_interval", 1) < 1:  # dateutil would search for a next day forever
        return f"{rule!r} has INTERVAL below 1 (it would never come back)"
    return ""


#: What a rule that comes back by the day at most may be (the planner, the forecast and the
#: payouts count days: a rule that fires twice a day would count twice, or expand forever).
BY_THE_DAY = "by the day at most (DAILY, WEEKLY, MONTHLY, YEARLY, one time of day)"


def daily_rule_problem(rule: str) -> str:
    """Empty when ``rule`` is one plain RRULE that comes back at most once a day; else a
    one-line reason (the rule quoted, cut short).

    Refused: FREQ below DAILY (HOURLY, MINUTELY, SECONDLY), and any BYHOUR, BYMINUTE or
    BYSECOND with more than one value (``FREQ=DAILY;BYHOUR=1,2,3`` fires three times a day).
    From DAILY up, dateutil puts every occurrence of a day at one of the times of its
    ``_timeset`` (hours x minutes x seconds), so one time means at most once a day.
    """
    problem = rrule_problem(rule)
    if problem:
        return problem
    parsed = rrulestr(rule, dtstart=dt.datetime(2000, 1, 3))
    if isinstance(parsed, rrule) and more_than_once_a_day(parsed):  # a set: refused above
        return f"{_cut(rule)!r} comes back more than once a day: {BY_THE_DAY}"
    return ""


def more_than_once_a_day(parsed: rrule) -> bool:
    """Whether the parsed rule can fire twice on one day (see ``daily_rule_problem``)."""
    times = getattr(parsed, "_timeset", None) or ()  # None below DAILY
    return getattr(parsed, "_freq", DAILY) > DAILY or len(times) > 1


def once_a_day(parsed: rrule) -> rrule:
    """``parsed`` as it is, or, for a rule stored before the check above (``FREQ=HOURLY``,
    ``BYHOUR=1,2,3``), the same days at one time of day: counted once on each of its days
    (the forecast took its first 85 times as 85 costs, all in the first days)."""
    if not more_than_once_a_day(parsed):
        return parsed
    times = getattr(parsed, "_timeset", None) or (dt.time(),)
    at = times[0]
    if getattr(parsed, "_freq", DAILY) > DAILY:  # HOURLY and below: each day it falls on
        parsed = parsed.replace(freq=DAILY, interval=1)
    return parsed.replace(byhour=at.hour, byminute=at.minute, bysecond=at.second)


def _cut(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


@dataclass(frozen=True)
class TimeOff:
    """A day without work: holiday, sick day, a day for oneself."""

    day: str  # ISO date
    reason: str = ""
    id: int | None = None


@dataclass(frozen=True)
class DayCapacity:
    """One day's time, in minutes: ``billable`` = focus − blocks − reserve − windows (0 when
    off)."""

    day: dt.date
    focus: int
    blocks: int
    reserve: int
    billable: int
    off: bool = False
    windows: int = 0  # response windows that fall on the day (a day with focus hours)


@dataclass(frozen=True)
class Rules:
    """Focus minutes per weekday (Monday first), the non-billable reserve and the response
    windows."""

    focus: tuple[int, ...] = (240, 240, 240, 240, 180, 0, 0)
    non_billable_bp: int = 2500  # share of each day's focus kept free
    # category -> minutes a week; when set, replaces the share
    reserve_week: Mapping[str, int] = field(default_factory=dict)
    # minutes of response windows each day with focus hours (10:00-10:30 and 16:00-16:30: 60)
    windows: int = 0

    @classmethod
    def from_config(cls, config: CapacityConfig) -> Rules:
        return cls(
            focus=tuple(config.focus_minutes.get(day, 0) for day in WEEKDAYS),
            non_billable_bp=config.non_billable_bp,
            reserve_week=dict(config.reserve_minutes),
            windows=sum(window_minutes(w) for w in config.response_windows),
        )

    def windows_on(self, weekday: int) -> int:
        """Minutes of response windows on the weekday: none on a day without focus hours."""
        return self.windows if self.focus[weekday] > 0 else 0

    @property
    def week_focus(self) -> int:
        return sum(self.focus)

    @property
    def reserve_bp(self) -> int:
        """The share of focus time kept for non-billable work, in basis points."""
        if not self.reserve_week:
            return self.non_billable_bp
        if not self.week_focus:
            return 0
        return min(10000, sum(self.reserve_week.values()) * 10000 // self.week_focus)

    def reserve(self, weekday: int) -> int:
        """Minutes of the weekday's focus kept for non-billable work (rounded half up)."""
        focus = self.focus[weekday]
        if self.reserve_week:
            if not self.week_focus:
                return 0
            # spread over the week in proportion to focus; the parts never add up to more
            return sum(self.reserve_week.values()) * focus // self.week_focus
        return (focus * self.non_billable_bp + 5000) // 10000

    def standard_week_billable(self, blocks_per_week: int = 0) -> int:
        """Billable minutes of an ordinary week (no day off), less ``blocks_per_week``."""
        total = sum(max(0, self.focus[d] - self.reserve(d) - self.windows_on(d)) for d in range(7))
        return max(0, total - blocks_per_week)


def day_capacities(
    rules: Rules,
    first: dt.date,
    last: dt.date,
    *,
    off: Iterable[dt.date] = (),
    blocks: Iterable[FixedBlock] = (),
) -> dict[dt.date, DayCapacity]:
    """Capacity of every day from ``first`` to ``last`` inclusive (empty if last < first)."""
    days_off = set(off)
    block_minutes: dict[dt.date, int] = {}
    if last >= first:
        for block in blocks:
            for day in block.days(first, last):
                block_minutes[day] = block_minutes.get(day, 0) + block.minutes
    out: dict[dt.date, DayCapacity] = {}
    day = first
    while day <= last:
        weekday = day.weekday()
        focus = rules.focus[weekday]
        taken = min(focus, block_minutes.get(day, 0))
        reserve = rules.reserve(weekday)
        windows = rules.windows_on(weekday)
        if day in days_off:
            out[day] = DayCapacity(day, focus, taken, reserve, 0, off=True, windows=windows)
        else:
            billable = max(0, focus - taken - reserve - windows)
            out[day] = DayCapacity(day, focus, taken, reserve, billable, windows=windows)
        day += dt.timedelta(days=1)
    return out


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def parse_week(text: str) -> dt.date:
    """``2026-W49`` -> the Monday of that ISO week; ``ValueError`` (one line) if no such week."""
    found = re.fullmatch(r"([0-9]{4})-W([0-9]{1,2})", text.strip().upper())  # ASCII digits only
    if found is None:
        raise ValueError(f"{quoted(text.strip())} is not a week: write it like 2026-W49")
    year, week = int(found[1]), int(found[2])
    weeks_in_year = dt.date(year, 12, 28).isocalendar().week
    if not 1 <= week <= weeks_in_year:
        raise ValueError(f"week {text} does not exist: {year} has weeks 1 to {weeks_in_year}")
    return dt.date.fromisocalendar(year, week, 1)


def week_label(monday: dt.date) -> str:
    """``2026-W49``."""
    iso = monday.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


# -- days off as ranges --------------------------------------------------------------------

#: The longest range of days off one change may mark (a year, leap day included).
OFF_RANGE_MAX = 366


def parse_day_range(text: str, what: str = "days off") -> tuple[dt.date, dt.date]:
    """``2026-12-24..2027-01-02`` (or one day, ``2026-12-24``) -> (first, last), checked by
    ``off_range_problem``; ``ValueError`` (one line) otherwise."""
    first_text, dots, last_text = text.strip().partition("..")
    first = parse_day(first_text, "the first day" if dots else "the day")
    last = parse_day(last_text, "the last day") if dots else first
    problem = off_range_problem(first, last, what)
    if problem:
        raise ValueError(problem)
    return first, last


def off_range_problem(first: dt.date, last: dt.date, what: str = "days off") -> str:
    """Why ``first``..``last`` (inclusive) cannot be one change of days off, or ""."""
    for day in (first, last):
        try:
            check_day(day)
        except ValueError as exc:
            return str(exc)
    if last < first:
        return f"{what}: the last day {last} is before the first {first}"
    days = (last - first).days + 1
    if days > OFF_RANGE_MAX:
        return f"{what}: {days} days is too long a range, at most {OFF_RANGE_MAX} at once"
    return ""


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every day from ``first`` to ``last`` inclusive."""
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


@dataclass(frozen=True)
class OffRange:
    """Consecutive days off with one reason (``first`` == ``last`` for a single day)."""

    first: dt.date
    last: dt.date
    reason: str = ""

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def words(self, today: dt.date | None = None) -> str:
        """``Thu 24 Dec – Sat 2 Jan 2027`` or ``Thu 24 Dec``."""
        if self.first == self.last:
            return short_day(self.first, today)
        start = short_day(self.first, today if self.first.year != self.last.year else None)
        return f"{start} – {short_day(self.last, today)}"


def off_ranges(days_off: Iterable[TimeOff], since: dt.date | None = None) -> list[OffRange]:
    """The days off (from ``since`` on) collapsed into ranges of consecutive days with the
    same reason, earliest first."""
    days = sorted(
        (dt.date.fromisoformat(off.day), off.reason)
        for off in days_off
        if since is None or off.day >= since.isoformat()
    )
    ranges: list[OffRange] = []
    for day, reason in days:
        last = ranges[-1] if ranges else None
        if last is not None and last.reason == reason and day == last.last + dt.timedelta(1):
            ranges[-1] = OffRange(last.first, day, reason)
        elif last is None or day != last.last:  # the same day stored twice counts once
            ranges.append(OffRange(day, day, reason))
    return ranges
