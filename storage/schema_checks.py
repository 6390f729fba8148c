"""The words of the schema (``homeops.storage.schema``): checks that say why a value cannot be a
field, in one line that names the field and never holds the value.

A check is called as ``check(value, old, name)``: ``old`` is what is stored there now
(``ABSENT`` for a new document or item), so that what a change writes back as it is stored
passes as it is (``Shape`` and ``list_of`` skip it). No I/O here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from homeops.rules.bounds import DATE_MAX, DATE_MIN, amount_problem
from homeops.rules.capacity import daily_rule_problem
from homeops.rules.text import (
    LINE_MAX,
    LIST_MAX,
    NAME_MAX,
    TEXT_MAX,
    line_problem,
    shown,
    text_problem,
)

#: Generic values (meta settings, an event's details): nesting depth and integer bound.
DEPTH_MAX = 4
GENERIC_INT_MAX = 2**53  # what any JSON reader holds exactly

#: Where no value is stored (a new document, a new list item).
ABSENT: Any = object()

# Why ``value`` cannot be the field ``name`` (one line), or None; ``old`` is the value stored
# there (ABSENT if none): nested checks pass what is unchanged.
Check = Callable[[Any, Any, str], "str | None"]


class Unreadable:
    """A JSON value no field can hold (a fraction, NaN, a number too long to hold), kept in
    its place when an import is parsed so that the schema names the field it is in."""

    def __init__(self, words: str) -> None:
        self.words = words

    def __repr__(self) -> str:
        return f"Unreadable({self.words!r})"


def _kind(value: Any) -> str:
    """The JSON type of ``value`` in words."""
    if value is None:
        return "null"
    if isinstance(value, Unreadable):
        return value.words
    words = {bool: "true or false", int: "a whole number", float: "a number with a fraction",
             str: "text", list: "a list", dict: "an object"}  # fmt: skip
    return words.get(type(value), type(value).__name__)


def field_name(name: object) -> str:
    """A field name from a document, safe and short enough to put in a message."""
    text = shown(str(name))
    return "'" + (text if len(text) <= 40 else text[:39] + "…") + "'"


def same(old: Any, new: Any) -> bool:
    """``new`` is exactly what is stored (1 and True, or 1 and 1.0, are not the same)."""
    return type(old) is type(new) and old == new


# -- checks ------------------------------------------------------------------------------------


def line(most: int = LINE_MAX, *, empty: bool = True) -> Check:
    """One line of plain text, at most ``most`` characters; ``empty=False``: not blank."""

    def check(value: Any, old: Any, name: str) -> str | None:
        if type(value) is not str:
            return f"{name} must be text, not {_kind(value)}"
        if not empty and not value.strip():
            return f"{name} is empty"
        return line_problem(value, name, most)

    return check


def text(most: int = TEXT_MAX) -> Check:
    """Multi-line text (notes): newlines and tabs allowed."""

    def check(value: Any, old: Any, name: str) -> str | None:
        if type(value) is not str:
            return f"{name} must be text, not {_kind(value)}"
        return text_problem(value, name, most)

    return check


def amount(*, signed: bool = False) -> Check:
    """Integer cents within ``AMOUNT_MAX_CENTS`` (negative only when ``signed``)."""

    def check(value: Any, old: Any, name: str) -> str | None:
        if type(value) is not int:
            return f"{name} must be a whole number of cents, not {_kind(value)}"
        if value < 0 and not signed:
            return f"{name} cannot be negative"
        return amount_problem(value, name)

    return check


def whole(low: int, high: int, unit: str = "") -> Check:
    """An integer from ``low`` to ``high`` (minutes, days, rounds, ids, positions)."""
    what = f"a whole number of {unit}" if unit else "a whole number"

    def check(value: Any, old: Any, name: str) -> str | None:
        if type(value) is not int:
            return f"{name} must be {what}, not {_kind(value)}"
        if not low <= value <= high:
            return f"{name} must be between {low:,} and {high:,}"
        return None

    return check


def boolean(value: Any, old: Any, name: str) -> str | None:
    if type(value) is not bool:
        return f"{name} must be true or false, not {_kind(value)}"
    return None


def one_of(values: tuple[str, ...]) -> Check:
    def check(value: Any, old: Any, name: str) -> str | None:
        if type(value) is not str or value not in values:
            return f"{name} must be one of: {', '.join(values)}"
        return None

    return check


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_TIME = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?"
)


def _day_problem(value: Any, name: str, pattern: re.Pattern[str], what: str) -> str | None:
    found = pattern.fullmatch(value) if type(value) is str else None
    if found is None:
        return f"{name} is not {what}"
    try:
        day = dt.date.fromisoformat(found[1] if found.groups() else value)
        if found.groups():
            dt.datetime.fromisoformat(value)
    except ValueError:
        return f"{name} names a day that does not exist"
    if not DATE_MIN <= day <= DATE_MAX:
        return f"{name} {day.isoformat()} is out of range: {DATE_MIN} to {DATE_MAX}"
    return None


def day(value: Any, old: Any, name: str) -> str | None:
    """A date, ``YYYY-MM-DD``, from ``DATE_MIN`` to ``DATE_MAX``."""
    return _day_problem(value, name, _ISO_DAY, "a date (YYYY-MM-DD)")


def moment(value: Any, old: Any, name: str) -> str | None:
    """A time stamp, ``YYYY-MM-DDTHH:MM[:SS][+HH:MM]``, on a day within the date bounds."""
    return _day_problem(value, name, _ISO_TIME, "a time stamp (YYYY-MM-DDTHH:MM:SS)")


def day_or_moment(value: Any, old: Any, name: str) -> str | None:
    if type(value) is str and "T" in value:
        return moment(value, old, name)
    return day(value, old, name)


_CURRENCY = re.compile(r"[A-Z]{3}")


def currency(value: Any, old: Any, name: str) -> str | None:
    if type(value) is not str or not _CURRENCY.fullmatch(value):
        return f"{name} must be a 3-letter currency code such as EUR"
    return None


def rule(value: Any, old: Any, name: str) -> str | None:
    """One plain RRULE that comes back, by the day at most (a planner expands it by day)."""
    problem = line()(value, old, name)
    if problem:
        return problem
    if daily_rule_problem(value):  # HOURLY, or BYHOUR=9,17: more than once a day
        return f"{name} is not an RRULE that comes back by the day at most (FREQ=WEEKLY;BYDAY=TU)"
    return None


def optional(check: Check) -> Check:
    """``check``, or null."""

    def nullable(value: Any, old: Any, name: str) -> str | None:
        return None if value is None else check(value, old, name)

    return nullable


def list_of(item: Check, most: int = LIST_MAX) -> Check:
    """A list of at most ``most`` items, each passing ``item``; items kept as stored pass."""

    def check(value: Any, old: Any, name: str) -> str | None:
        if type(value) is not list:
            return f"{name} must be a list, not {_kind(value)}"
        before = old if type(old) is list else []
        if len(value) > most and len(value) > len(before):
            return f"{name} has {len(value):,} items; at most {most:,}"
        for index, entry in enumerate(value):
            previous = before[index] if index < len(before) else ABSENT
            if previous is not ABSENT and same(previous, entry):
                continue
            problem = item(entry, previous, f"{name}[{index}]")
            if problem:
                return problem
        return None

    return check


class Shape:
    """The fields of one kind of document: name -> (required, check)."""

    def __init__(self, fields: Mapping[str, tuple[bool, Check]]) -> None:
        self.checks = {name: check for name, (_, check) in fields.items()}
        self.required = tuple(name for name, (needed, _) in fields.items() if needed)

    def problem(self, doc: Any, old: Any = ABSENT, prefix: str = "") -> str | None:
        """Why ``doc`` cannot be stored over ``old`` (what is stored now, or ABSENT)."""
        if type(doc) is not dict:
            return f"{prefix.rstrip('.') or 'the document'} must be an object, not {_kind(doc)}"
        for name in self.required:
            if name not in doc:
                return f"{prefix}{name} is missing"
        checks = self.checks
        before = old if type(old) is dict else None
        for name, value in doc.items():
            check = checks.get(name)
            if check is None:
                return f"unknown field {prefix}{field_name(name)}"
            stored = ABSENT if before is None else before.get(name, ABSENT)
            if stored is not ABSENT and same(stored, value):
                continue  # written back as it is stored: it passes as it is
            problem = check(value, stored, prefix + name if prefix else name)
            if problem:
                return problem
        return None

    def __call__(self, value: Any, old: Any, name: str) -> str | None:
        """As a nested record (a history entry, a personal field)."""
        return self.problem(value, old, name + ".")


def generic(depth: int = DEPTH_MAX) -> Check:
    """Any JSON value within bounds: settings in ``meta``, an event's details."""

    def check(value: Any, old: Any, name: str) -> str | None:
        kind = type(value)
        if value is None or kind is bool:
            return None
        if kind is int:
            return None if abs(value) <= GENERIC_INT_MAX else f"{name} is too large a number"
        if kind is str:
            return line_problem(value, name, TEXT_MAX)
        if kind not in (list, dict):
            return f"{name} cannot be {_kind(value)}"
        if depth <= 0:
            return f"{name} is nested too deeply"
        inner = generic(depth - 1)
        if len(value) > LIST_MAX:
            return f"{name} has {len(value):,} items; at most {LIST_MAX}"
        if kind is list:
            for index, entry in enumerate(value):
                problem = inner(entry, ABSENT, f"{name}[{index}]")
                if problem:
                    return problem
            return None
        for key, entry in value.items():
            problem = line_problem(key, f"{name} key", NAME_MAX) or inner(
                entry, ABSENT, f"{name}.{key}"
            )
            if problem:
                return problem
        return None

    return check
