"""Fixed blocks as people type and read them: ``weekly:tue`` for an RRULE, the rule in words,
the next day a block falls on, and why a block cannot be kept (one line).

Pure: the settings arrive as ``capacity.Rules``; minutes are integers.
"""

from __future__ import annotations

import datetime as dt

from homeops.rules.bounds import DATE_MAX, parse_day
from homeops.rules.capacity import (
    DAY_NAMES,
    FixedBlock,
    Rules,
    daily_rule_problem,
    rrule_problem,
    short_day,
)
from homeops.rules.hours import format_minutes

CODES: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_WORDS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip
ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}
HORIZON_DAYS = 366  # a block must fall on a day within a year of its start
SHORTCUT = "weekly:tue or weekly:mon,thu"


def weekly_rule(weekdays: list[int]) -> str:
    """``[1]`` -> ``weekly:tue``: the shortcut for these weekdays (Monday is 0)."""
    return "weekly:" + ",".join(DAY_NAMES[d].lower() for d in sorted(set(weekdays)))


def block_rule(text: str) -> str:
    """``weekly:tue`` or ``weekly:mon,thu`` as an RRULE; any other text comes back stripped
    (an RRULE, checked by ``block_problem``). ``ValueError`` (one line) for an unknown day."""
    raw = text.strip()
    kind, colon, days = raw.partition(":")
    if not colon or kind.strip().lower() != "weekly":
        return raw
    picked: set[int] = set()
    for name in days.split(","):
        word = name.strip().lower()
        found = [
            i
            for i, day in enumerate(DAY_WORDS)
            if word == CODES[i].lower() or (len(word) >= 3 and day.lower().startswith(word))
        ]
        if not found:
            raise ValueError(f"{name.strip()!r} is not a weekday: write {SHORTCUT}")
        picked.add(found[0])
    return "FREQ=WEEKLY;BYDAY=" + ",".join(CODES[d] for d in sorted(picked))


def _parts(rule: str) -> dict[str, str]:
    text = rule.strip().upper().removeprefix("RRULE:")
    return dict(part.partition("=")[::2] for part in text.split(";") if part)


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def rule_words(rule: str, start: str) -> str:
    """The rule as a person says it (``every Tuesday``, ``every other Monday and Thursday``,
    ``the first Monday of each month``); the rule itself when it is not that simple."""
    parts = _parts(rule)
    freq, interval_text = parts.pop("FREQ", ""), parts.pop("INTERVAL", "1")
    if not interval_text.isdigit() or int(interval_text) < 1:
        return rule
    interval = int(interval_text)
    until, count = parts.pop("UNTIL", ""), parts.pop("COUNT", "")
    parts.pop("WKST", None)
    days = parts.pop("BYDAY", "")
    every = "every " if interval == 1 else "every other " if interval == 2 else ""
    words = ""
    if freq == "DAILY" and not days and not parts:
        words = "every day" if interval == 1 else f"every {interval} days"
    elif freq == "WEEKLY" and not parts:
        codes = days.split(",") if days else [CODES[dt.date.fromisoformat(start).weekday()]]
        if all(code in CODES for code in codes):
            indexes = sorted({CODES.index(code) for code in codes})
            names = (
                "weekday"
                if indexes == [0, 1, 2, 3, 4]
                else _listed([DAY_WORDS[i] for i in indexes])
            )
            words = every + names if every else f"every {interval} weeks on {names}"
    elif freq == "MONTHLY" and interval == 1 and not parts:
        nth, code = days[:-2], days[-2:]
        if nth in ORDINALS and code in CODES:
            words = f"the {ORDINALS[nth]} {DAY_WORDS[CODES.index(code)]} of each month"
    if not words:
        return rule
    if until:
        words += f", until {until[:4]}-{until[4:6]}-{until[6:8]}"
    if count:
        words += f", {count} times"
    return words


def next_day(block: FixedBlock, on_or_after: dt.date) -> dt.date | None:
    """The first day from ``on_or_after`` (or the block's start, if later) the block falls on,
    within a year; None if there is none."""
    first = max(on_or_after, dt.date.fromisoformat(block.start))
    if first > dt.date.max - dt.timedelta(days=HORIZON_DAYS):  # a start stored near year 9999
        return None
    days = block.days(first, first + dt.timedelta(days=HORIZON_DAYS))
    return days[0] if days else None


def block_problem(block: FixedBlock, rules: Rules) -> str:
    """Why ``block`` cannot be kept, in one line; empty when it can."""
    if not block.title.strip():
        return "a fixed block needs a title (what it is: a weekly call, a course)"
    if block.minutes <= 0:
        return "a fixed block's length must be more than zero"
    longest = max(rules.focus)
    if block.minutes > longest:
        return (
            f"{format_minutes(block.minutes)} is longer than any day's focus hours "
            f"(the longest day has {format_minutes(longest)})"
        )
    problem = rrule_problem(block.rule)
    if problem:
        return f"{problem}; or write {SHORTCUT}"
    if daily_rule_problem(block.rule):  # FREQ=HOURLY, or BYHOUR=9,17: twice a day
        return (
            "a fixed block comes back by day at most (DAILY, WEEKLY, MONTHLY; one time of "
            f"day): {block.rule!r}"
        )
    try:  # 1970-2099 as every date (README "Bounds"): rrule expands from the start
        start = parse_day(block.start, "the start")
    except ValueError as exc:
        return str(exc)
    first = next_day(block, start)
    if first is None:
        return f"{block.rule!r} falls on no day in the year from {short_day(start)} {start.year}"
    if first > DATE_MAX:
        return (
            f"no day of this rule falls before {DATE_MAX.year + 1} (the first is "
            f"{first.isoformat()}; the last date homeops takes is {DATE_MAX.isoformat()})"
        )
    return ""


def idle_note(block: FixedBlock, rules: Rules) -> str:
    """A note when ``block`` falls only on days without focus hours (it then takes nothing);
    empty otherwise."""
    start = dt.date.fromisoformat(block.start)
    days = block.days(start, start + dt.timedelta(days=HORIZON_DAYS))
    if not days or any(rules.focus[day.weekday()] for day in days):
        return ""
    names = sorted({day.weekday() for day in days})
    shown = ", ".join(DAY_NAMES[n] for n in names)
    return f"it falls only on days without focus hours ({shown}), so it takes no planned time"
