"""A recurrence rule (RFC 5545 RRULE) in words: ``FREQ=WEEKLY;BYDAY=FR`` -> ``every Friday``.

The rules people write for a payout or a cost are said in words: every day / every N days;
every week (on some weekdays), every other week, every N weeks; every month on given days of
the month or on the first…last weekday, every other month; every year on a date. Anything else
(``COUNT``, ``UNTIL``, ``BYHOUR``, a set, a typo) is said as the rule text itself, shown (made
safe to print). Pure: no clock, no settings.
"""

from __future__ import annotations

from homeops.rules.text import shown

DAYS = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
        "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last",
            -2: "second to last"}  # fmt: skip
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
_KNOWN = frozenset({"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST"})


class _Unsupported(ValueError):
    pass


def in_words(rule: str) -> str:
    """``rule`` in words (``every other Friday``), or the rule text, shown, when it says
    something these words do not cover."""
    try:
        return _words(_parts(rule))
    except _Unsupported:
        return shown(rule)


def _parts(rule: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for item in rule.strip().split(";"):
        name, sep, value = item.partition("=")
        name = name.strip().upper()
        if not sep or name not in _KNOWN or name in parts or not value.strip():
            raise _Unsupported(rule)
        parts[name] = value.strip().upper()
    if "FREQ" not in parts:
        raise _Unsupported(rule)
    return parts


def _number(text: str, low: int, high: int) -> int:
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text.lstrip("+"))
    if not digits.isascii() or not digits.isdigit() or not low <= sign * int(digits) <= high:
        raise _Unsupported(text)
    return sign * int(digits)


def _listed(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _ordinal_day(day: int) -> str:
    if day < 0:
        return "last day" if day == -1 else f"{ORDINALS.get(day, str(-day))} day"
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _every(interval: int, one: str, many: str) -> str:
    if interval == 1:
        return f"every {one}"
    return f"every other {one}" if interval == 2 else f"every {interval} {many}"


def _weekday(code: str) -> tuple[int | None, str]:
    """``FR`` -> (None, Friday); ``-1FR`` -> (-1, Friday)."""
    day = DAYS.get(code[-2:])
    if day is None:
        raise _Unsupported(code)
    return (_number(code[:-2], -5, 5) if code[:-2] else None), day


def _words(parts: dict[str, str]) -> str:
    freq = parts["FREQ"]
    interval = _number(parts.get("INTERVAL", "1"), 1, 999)
    days = [_weekday(c) for c in parts["BYDAY"].split(",")] if "BYDAY" in parts else []
    monthdays = [_number(d, -31, 31) for d in parts["BYMONTHDAY"].split(",")] \
        if "BYMONTHDAY" in parts else []  # fmt: skip
    if 0 in monthdays:
        raise _Unsupported("BYMONTHDAY=0")
    setpos = _number(parts["BYSETPOS"], -5, 5) if "BYSETPOS" in parts else None
    if setpos == 0:
        raise _Unsupported("BYSETPOS=0")
    if freq == "DAILY" and not (days or monthdays or setpos or "BYMONTH" in parts):
        return _every(interval, "day", "days")
    if freq == "WEEKLY" and not (monthdays or setpos or "BYMONTH" in parts):
        if any(n is not None for n, _ in days):
            raise _Unsupported("BYDAY with a number in a weekly rule")
        if not days:
            return _every(interval, "week", "weeks")
        codes = tuple(c[-2:] for c in parts["BYDAY"].split(","))
        if interval == 1 and sorted(codes, key=list(DAYS).index) == list(WEEKDAYS):
            return "every weekday"
        names = _listed([name for _, name in days])
        if interval == 1:
            return f"every {names}"
        return f"every other {names}" if interval == 2 else f"every {interval} weeks on {names}"
    if freq == "MONTHLY" and "BYMONTH" not in parts:
        every = "every month" if interval == 1 else _every(interval, "month", "months")
        if monthdays and not days and setpos is None:
            return f"on the {_listed([_ordinal_day(d) for d in monthdays])} of {every}"
        if days and not monthdays and len(days) == 1:
            number, name = days[0]
            if number is not None and setpos is None:
                return f"on the {ORDINALS.get(number, str(number))} {name} of {every}"
            if number is None and setpos is not None:
                return f"on the {ORDINALS.get(setpos, str(setpos))} {name} of {every}"
        if not (days or monthdays or setpos):
            return every
        raise _Unsupported("MONTHLY")
    if freq == "YEARLY" and not (days or setpos) and interval == 1:
        months = [_number(m, 1, 12) for m in parts.get("BYMONTH", "").split(",") if m]
        if len(months) == 1 and len(monthdays) == 1 and monthdays[0] > 0:
            return f"every year on {MONTHS[months[0] - 1]} {monthdays[0]}"
        if not months and not monthdays:
            return "every year"
    raise _Unsupported(freq)
