"""The bounds of every value homeops keeps, checked where a value enters (README "Bounds").

Far beyond any real freelancer's figures, far inside what every reader holds exactly: a
sum of 100,000 amounts at the bound stays well inside 64 bits, and a date at the bound plus
years of forecast stays inside Python's calendar. No I/O here.
"""

from __future__ import annotations

import datetime as dt
import re

from homeops.rules.text import quoted

#: Largest amount, in cents, of one entry, fee, price or payout: 999,999,999.99.
AMOUNT_MAX_CENTS = 99_999_999_999
#: Earliest and latest date homeops takes (deadlines, entries, contacts, blocks).
DATE_MIN = dt.date(1970, 1, 1)
DATE_MAX = dt.date(2099, 12, 31)
#: Longest duration, in minutes, of an estimate, a scope change or a time entry: 10,000 h.
MINUTES_MAX = 10_000 * 60
#: Largest record id people can type: twelve digits.
ID_MAX = 999_999_999_999
#: Largest count of days (lead time, payment terms) and of rounds (revisions).
DAYS_MAX = 3_650
ROUNDS_MAX = 99

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def amount_problem(cents: int, what: str = "amount") -> str | None:
    """Why ``cents`` is out of bounds (either sign), as one line; None when it is fine."""
    if abs(cents) > AMOUNT_MAX_CENTS:
        return f"{what} is too large: at most 999 999 999,99"
    return None


def check_amount(cents: int, what: str = "amount") -> int:
    problem = amount_problem(cents, what)
    if problem:
        raise ValueError(problem)
    return cents


def parse_day(text: str, what: str = "date") -> dt.date:
    """``YYYY-MM-DD`` (ASCII digits, a day that exists, 1970-2099); ``ValueError`` otherwise.

    Python's ``date.fromisoformat`` also takes ``20261231`` and ``2026-W49-1``: they are
    refused here, so every date homeops shows is written the way it was typed.
    """
    shown = text.strip()
    if not _ISO_DAY.fullmatch(shown):
        raise ValueError(f"{what} {quoted(shown)} is not a date: write YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(shown)
    except ValueError:
        raise ValueError(f"{what} {shown} is not a date that exists") from None
    return check_day(day, what)


def check_day(day: dt.date, what: str = "date") -> dt.date:
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValueError(f"{what} {day.isoformat()} is out of range: {DATE_MIN} to {DATE_MAX}")
    return day


def check_minutes(minutes: int, what: str = "duration") -> int:
    if abs(minutes) > MINUTES_MAX:
        raise ValueError(f"{what} is too long: at most {MINUTES_MAX // 60:,} hours")
    return minutes


def check_count(value: int, what: str, most: int, least: int = 0) -> int:
    """A whole number of days, rounds or items between ``least`` and ``most``."""
    if not least <= value <= most:
        raise ValueError(f"{what} must be between {least} and {most:,}")
    return value
