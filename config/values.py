"""The checkers of ``config.toml``'s values: a raw TOML value in, the internal value out, or
``Bad`` with what is allowed (``load.py`` adds the key and the value, cut short).

Every number has an upper bound and every list or table a longest length (README, "Where
things live"): far beyond any real freelancer's settings, and small enough that nothing
computed from them overflows a date or takes long to expand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime, time
from decimal import ROUND_HALF_EVEN, Decimal

from dateutil.rrule import rrule, rrulestr

from homeops.config.settings import WEEKDAYS, CapacitySettings, ResponseWindow
from homeops.config.toml_text import cut, toml_value
from homeops.rules.capacity import BY_THE_DAY, more_than_once_a_day
from homeops.rules.money import parse_amount
from homeops.rules.text import LINE_MAX, LIST_MAX, NAME_MAX, line_problem

#: Longest lists and tables of names: stages, envelopes, reserve categories, response windows
#: (each is a column, a line or a row on an 80-column screen).
NAMES_MAX = 20
#: The quality checklist: as long as a mission's own checklist may be.
CHECKLIST_MAX = LIST_MAX


class Bad(Exception):
    """A value is wrong; carries the 'what is allowed' part. The loader adds key and value.

    ``bare``: the message reads "<key> <allowed>"; ``key_only``: the same plus "(got <value>)";
    ``key``/``value``: the fault is in one entry of a table; ``item``: in one item of a list.
    """

    def __init__(
        self,
        allowed: str,
        *,
        bare: bool = False,
        key_only: bool = False,
        key: str | None = None,
        value: object = None,
        item: object = None,
    ) -> None:
        super().__init__(allowed)
        self.allowed = allowed
        self.bare = bare
        self.key_only = key_only
        self.sub_key = key
        self.sub_value = value
        self.item = item


def quoted_name(name: str) -> str:
    """A name as a message quotes it (in double quotes), cut short."""
    return cut(json.dumps(name, ensure_ascii=False))


# --- numbers ------------------------------------------------------------------------------


def int_in(low: int, high: int, allowed: str) -> Callable[[object], int]:
    """A whole number from ``low`` to ``high``; ``allowed`` says so in words."""

    def check(raw: object) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
            raise Bad(allowed)
        return raw

    return check


_PERCENT_TEXT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,2})?")  # "25", "12.5": a percent, no more


def percent_bp(raw: object) -> int:
    """Percent (int, float or string) -> basis points, through Decimal, at most 2 decimals."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise TypeError
    if isinstance(raw, str) and not _PERCENT_TEXT.fullmatch(raw.strip()):
        raise TypeError  # "1e999999999" overflowed Decimal (a traceback); "NaN" is no percent
    try:
        bp = Decimal(str(raw).strip()) * 100
    except ArithmeticError as exc:  # InvalidOperation, Overflow
        raise TypeError from exc
    if not bp.is_finite() or bp != bp.to_integral_value() or not 0 <= bp <= 10000:
        raise ValueError
    return int(bp)


def hours_to_minutes(raw: object, most: int = 24) -> int:
    """Hours (int or float, 0 to ``most``) -> whole minutes, rounded to the nearest minute."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError
    hours = Decimal(str(raw))
    if not hours.is_finite() or not 0 <= hours <= most:
        raise ValueError
    return int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def amount(raw: object) -> int:
    allowed = 'must be an amount such as "600.00" or "1 200,50", zero or more'
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise Bad(allowed)
    try:
        cents = parse_amount(str(raw))  # bounded: at most 999 999 999,99
    except ValueError as exc:
        raise Bad(f"{allowed} ({exc})") from None
    if cents < 0:
        raise Bad(allowed)
    return cents


# --- names and lists ----------------------------------------------------------------------


def plain(
    text: str, most: int = NAME_MAX, *, key: str | None = None, value: object = None,
    item: object = None,
) -> None:  # fmt: skip
    """A name from the settings shows on every screen: one line of plain text, bounded."""
    if line_problem(text, "the text", most):
        allowed = f"must be one line of plain text of at most {most} characters"
        raise Bad(allowed, key=key, value=value, item=item)


def _longest(raw: list[object] | dict[str, object], most: int, what: str) -> None:
    """Refuse a list or table longer than ``most`` before looking at its items."""
    if len(raw) > most:
        raise Bad(f"has {len(raw):,} {what}; at most {most}", bare=True)


def str_list(raw: object, what: str, most: int = NAME_MAX, longest: int = NAMES_MAX,
             items: str = "names") -> tuple[str, ...]:  # fmt: skip
    if not isinstance(raw, list):
        raise Bad(what)
    _longest(raw, longest, items)
    if not all(isinstance(s, str) and s.strip() for s in raw):
        raise Bad(what)
    for item in raw:
        plain(item, most, item=item)
    return tuple(s.strip() for s in raw)


def stages(raw: object) -> tuple[str, ...]:
    names = str_list(raw, 'must be a list of stage names, e.g. ["Brief", "Delivered"]',
                     items="stages")  # fmt: skip
    if not names:
        raise Bad("the board needs at least one stage")
    seen: set[str] = set()
    for stage in names:
        if stage in seen:
            raise Bad(f"has {quoted_name(stage)} twice; stage names must be unique", bare=True)
        seen.add(stage)
    return names


def checklist(raw: object) -> tuple[str, ...]:
    return str_list(raw, "must be a list of checklist items (text)", LINE_MAX, CHECKLIST_MAX,
                    "items")  # fmt: skip


WIP_LIMIT_MAX = 1_000


def wip_limits(raw: object) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise Bad('must be a table of stage = limit, e.g. { "First draft" = 3 }')
    _longest(raw, NAMES_MAX, "limits")
    limits: dict[str, int] = {}
    for stage, limit in raw.items():
        plain(stage, key=stage, value=limit)
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= WIP_LIMIT_MAX:
            raise Bad(
                f"must be a whole number of missions from 1 to {WIP_LIMIT_MAX:,}",
                key=stage,
                value=limit,
            )
        limits[stage] = limit
    return limits


def choice(options: tuple[str, ...]) -> Callable[[object], str]:
    def check(raw: object) -> str:
        if raw not in options:
            raise Bad("must be one of: " + ", ".join(toml_value(o) for o in options))
        return str(raw)

    return check


def currency(raw: object) -> str:
    if not (isinstance(raw, str) and len(raw) == 3 and raw.isascii() and raw.isalpha()):
        raise Bad('must be a 3-letter ISO 4217 currency code such as "EUR"')
    return raw.upper()


def shares(raw: object) -> dict[str, int]:
    if not isinstance(raw, dict) or not raw:
        raise Bad("must be a table of envelope = percent, e.g. { taxes = 25, pay = 75 }")
    _longest(raw, NAMES_MAX, "envelopes")
    found: dict[str, int] = {}
    for name, percent in raw.items():
        plain(name, key=name, value=percent)
        try:
            found[name] = percent_bp(percent)
        except (TypeError, ValueError):
            raise Bad(
                "must be a percent from 0 to 100 with at most 2 decimals", key=name, value=percent
            ) from None
    total = sum(found.values())
    if total != 10000:
        shown = Decimal(total) / 100
        raise Bad(f"add up to {shown.normalize():f} %; they must add up to 100 %", key_only=True)
    return found


def payout_rule(raw: object) -> str:
    allowed = "not an RRULE dateutil can parse (example: FREQ=WEEKLY;BYDAY=FR)"
    if not isinstance(raw, str) or not raw.strip() or line_problem(raw, "the rule", LINE_MAX):
        raise Bad(allowed)
    try:
        # a fixed start keeps validation independent of today's date
        rule = rrulestr(raw, dtstart=datetime(2000, 1, 3))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        raise Bad(allowed) from None
    # rrulestr also builds sets (EXDATE...) and accepts INTERVAL=0 or negative; a payout needs
    # one plain rule that moves forward
    if not isinstance(rule, rrule) or getattr(rule, "_interval", 1) < 1:
        raise Bad(allowed)
    if more_than_once_a_day(rule):  # SECONDLY made `plan` expand 1.76 GB of payouts
        raise Bad(f"comes back more than once a day; a payout comes back {BY_THE_DAY}")
    return raw


# --- capacity -----------------------------------------------------------------------------


def focus_hours(raw: object) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise Bad("must be a table of weekday = hours, e.g. { mon = 4, fri = 3 }")
    minutes = dict(CapacitySettings().focus_minutes)  # days left out keep their default
    for day, hours in raw.items():
        if day not in WEEKDAYS:
            raise Bad("not a weekday; use " + ", ".join(WEEKDAYS), key=day, value=hours)
        try:
            minutes[day] = hours_to_minutes(hours)
        except ValueError:
            raise Bad("must be a number of hours from 0 to 24", key=day, value=hours) from None
    return minutes


def non_billable(raw: object) -> int:
    try:
        return percent_bp(raw)
    except (TypeError, ValueError):
        raise Bad("must be a percent from 0 to 100 with at most 2 decimals") from None


def _clock(text: str) -> time:
    hh, sep, mm = text.partition(":")
    if not (sep and len(hh) == 2 and len(mm) == 2 and hh.isdigit() and mm.isdigit()):
        raise ValueError
    return time(int(hh), int(mm))


def windows(raw: object) -> tuple[ResponseWindow, ...]:
    what = 'must be a list of "HH:MM-HH:MM" with start before end, e.g. ["10:00-10:30"]'
    if not isinstance(raw, list):
        raise Bad(what)
    _longest(raw, NAMES_MAX, "windows")
    found = []
    for item in raw:
        if not isinstance(item, str):
            raise Bad(what)
        start, sep, end = item.partition("-")
        try:
            window = ResponseWindow(_clock(start.strip()), _clock(end.strip()))
        except ValueError:
            raise Bad(what, item=item) from None
        if not sep or window.start >= window.end:
            raise Bad(what, item=item)
        found.append(window)
    return tuple(found)


def reserve_hours(raw: object) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise Bad("must be a table of category = hours a week, e.g. { admin = 2, learning = 1 }")
    _longest(raw, NAMES_MAX, "categories")
    minutes: dict[str, int] = {}
    for category, hours in raw.items():
        plain(category, key=category, value=hours)
        try:
            value = hours_to_minutes(hours, 168)
        except ValueError:
            raise Bad(
                "must be a number of hours a week from 0 to 168", key=category, value=hours
            ) from None
        if not category.strip():
            raise Bad("a category needs a name", key=category, value=hours)
        minutes[category] = value
    return minutes


def allowance(raw: object) -> int:
    try:
        return percent_bp(raw)
    except (TypeError, ValueError):
        raise Bad("must be a percent of the estimate from 0 to 100") from None


def rate(raw: object) -> int:
    try:
        return percent_bp(raw)
    except (TypeError, ValueError):
        raise Bad("must be a percent from 0 to 100, at most 2 decimals") from None


def block_hours(raw: object) -> int:
    try:
        return hours_to_minutes(raw, 8)
    except ValueError:
        raise Bad("must be a number of hours from 0 to 8, e.g. 0.5") from None


def boolean(raw: object) -> bool:
    if not isinstance(raw, bool):
        raise Bad("must be true or false")
    return raw
