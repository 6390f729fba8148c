"""One schema for every table: the shape and bounds of each document the vault keeps.

The repositories check every document they write against it, and ``import`` checks every
document of an export against it before anything is written (``storage.schema_import``).
Reading never checks: a vault written before these rules still opens, and whatever it holds
is shown through the output neutraliser (``homeops.text.shown``).

A field is an exact JSON type (an int is never a bool or a float), within the bounds of
``homeops.bounds`` and ``homeops.text``. Unknown fields are refused; fields with a default in
the records' dataclasses may be missing (older documents lack them).

A change to a stored document checks what it changes: a field (or list item) written back
exactly as it is stored passes as it is. So a document stored before these rules (a title
holding an escape, history written by an older homeops) can still be moved, archived or
ticked; a value that changes must be valid, and editing a bad field fixes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from homeops.bounds import (
    DATE_MAX,
    DATE_MIN,
    DAYS_MAX,
    ID_MAX,
    MINUTES_MAX,
    ROUNDS_MAX,
    amount_problem,
)
from homeops.capacity import rrule_problem
from homeops.invoices import STORED as INVOICE_STATUSES
from homeops.ledger import KINDS
from homeops.model import AI_SHARED, AI_TASKS, LAWFUL_BASES, PURPOSES
from homeops.text import LINE_MAX, LIST_MAX, NAME_MAX, TEXT_MAX, line_problem, shown, text_problem
from storage.errors import VaultError

#: A ledger description is composed from several fields ("Transfer pay → costs: reason").
COMPOSED_MAX = 2 * LINE_MAX
#: A mission's history grows with every move; bounded, but far above any real mission's.
HISTORY_MAX = 10_000
#: Generic values (meta settings, an event's details): nesting depth and integer bound.
DEPTH_MAX = 4
GENERIC_INT_MAX = 2**53  # what any JSON reader holds exactly

#: Where no value is stored (a new document, a new list item).
ABSENT: Any = object()


class Invalid(VaultError, ValueError):
    """A document the schema refuses. One line naming the table, the id and the field; never
    the value (it may be personal or hostile). Nothing was written.

    Both a ``VaultError`` (the CLI and the console report those as one line) and a
    ``ValueError`` (what the forms catch)."""

    def __init__(self, table: str, doc_id: int | str | None, problem: str) -> None:
        where = f"{table} #{doc_id}" if doc_id is not None else table
        super().__init__(f"{where}: {problem}")
        self.table, self.doc_id, self.problem = table, doc_id, problem


# A check returns why ``value`` cannot be the field ``name`` (one line), or None. ``old`` is
# the value stored there (ABSENT if none): nested checks pass what is unchanged.
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


_SUB_DAILY = re.compile(r"(?:^|;)FREQ=(?:HOURLY|MINUTELY|SECONDLY)(?:;|$)", re.IGNORECASE)


def rule(value: Any, old: Any, name: str) -> str | None:
    """One plain RRULE that comes back, by the day at most (a planner expands it by day)."""
    problem = line()(value, old, name)
    if problem:
        return problem
    if rrule_problem(value) or _SUB_DAILY.search(value):
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


# -- the tables --------------------------------------------------------------------------------

REQUIRED, OPTIONAL = True, False
_ID = whole(1, ID_MAX, "an id")
_MINUTES = whole(0, MINUTES_MAX, "minutes")
_DELTA_MINUTES = whole(-MINUTES_MAX, MINUTES_MAX, "minutes")
_CHECK_ITEM = Shape({"text": (REQUIRED, line()), "done": (OPTIONAL, boolean)})


def _check_item(value: Any, old: Any, name: str) -> str | None:
    """A checklist line or acceptance criterion: ``{text, done}``, or plain text (older)."""
    if type(value) is str:
        return line()(value, old, name)
    return _CHECK_ITEM(value, old, name)


def _personal(most: int) -> Check:
    return optional(
        Shape(
            {"value": (REQUIRED, line(most, empty=False)), "purpose": (REQUIRED, one_of(PURPOSES))}
        )
    )


CLIENTS = Shape({
    "alias": (REQUIRED, line(NAME_MAX, empty=False)),
    "status": (OPTIONAL, one_of(("prospect", "client", "erased"))),
    "first_contact": (OPTIONAL, optional(day)),
    "last_contact": (OPTIONAL, optional(day)),
    "relationship_ended": (OPTIONAL, optional(day)),
    "notes": (OPTIONAL, text()),
    "lawful_basis": (OPTIONAL, one_of(LAWFUL_BASES)),
    "name": (OPTIONAL, _personal(NAME_MAX)),
    "email": (OPTIONAL, _personal(LINE_MAX)),
    "phone": (OPTIONAL, _personal(NAME_MAX)),
    "billing_address": (OPTIONAL, _personal(LINE_MAX)),
    "erased": (OPTIONAL, optional(day)),
})  # fmt: skip

MISSIONS = Shape({
    "title": (REQUIRED, line(empty=False)),
    "client_alias": (REQUIRED, line(NAME_MAX)),
    "stage": (REQUIRED, line(NAME_MAX, empty=False)),
    "fee_cents": (OPTIONAL, amount()),
    "currency": (OPTIONAL, currency),
    "hourly_rate_cents": (OPTIONAL, amount()),
    "offer": (OPTIONAL, line(NAME_MAX)),
    "deadline": (OPTIONAL, optional(day)),
    "effort_minutes": (OPTIONAL, _MINUTES),
    "deliverables": (OPTIONAL, list_of(line())),
    "acceptance_criteria": (OPTIONAL, list_of(_check_item)),
    "assumptions": (OPTIONAL, list_of(line())),
    "checklist": (OPTIONAL, list_of(_check_item)),
    "revision_limit": (OPTIONAL, whole(0, ROUNDS_MAX, "rounds")),
    "revisions_used": (OPTIONAL, whole(0, ROUNDS_MAX, "rounds")),
    "scope_changes": (OPTIONAL, list_of(Shape({
        "date": (REQUIRED, day),
        "what": (REQUIRED, line(empty=False)),
        "fee_delta_cents": (OPTIONAL, amount(signed=True)),
        "effort_delta_minutes": (OPTIONAL, _DELTA_MINUTES),
        "accepted": (OPTIONAL, boolean),
        "paid_revision": (OPTIONAL, boolean),
    }))),
    "notes": (OPTIONAL, text()),
    "archived": (OPTIONAL, boolean),
    "position": (OPTIONAL, whole(-ID_MAX, ID_MAX)),
    "history": (OPTIONAL, list_of(Shape({
        "at": (REQUIRED, moment),
        "stage": (REQUIRED, line(NAME_MAX, empty=False)),
        "reason": (OPTIONAL, line()),
    }), HISTORY_MAX)),
})  # fmt: skip

OFFERS = Shape({
    "name": (REQUIRED, line(NAME_MAX, empty=False)),
    "price_cents": (REQUIRED, amount()),
    "lead_time_days": (REQUIRED, whole(0, DAYS_MAX, "days")),
    "deliverables": (OPTIONAL, list_of(line())),
    "acceptance_criteria": (OPTIONAL, list_of(line())),
    "revision_rounds": (OPTIONAL, whole(0, ROUNDS_MAX, "rounds")),
    "effort_minutes": (OPTIONAL, _MINUTES),
    "currency": (OPTIONAL, currency),
})  # fmt: skip

LEDGER = Shape({
    "date": (REQUIRED, day),
    "description": (REQUIRED, line(COMPOSED_MAX)),
    "amount_cents": (REQUIRED, amount(signed=True)),
    "envelope": (REQUIRED, line(NAME_MAX, empty=False)),
    "currency": (OPTIONAL, currency),
    "kind": (OPTIONAL, one_of(KINDS)),
    "mission_id": (OPTIONAL, optional(_ID)),
    "group": (OPTIONAL, line(NAME_MAX)),
})  # fmt: skip

INVOICES = Shape({
    "number": (REQUIRED, _ID),
    "client_alias": (REQUIRED, line(NAME_MAX)),
    "amount_cents": (REQUIRED, amount()),
    "description": (OPTIONAL, line()),
    "currency": (OPTIONAL, currency),
    "mission_id": (OPTIONAL, optional(_ID)),
    "status": (OPTIONAL, one_of(INVOICE_STATUSES)),
    "issued": (OPTIONAL, optional(day)),
    "due": (OPTIONAL, optional(day)),
    "paid_on": (OPTIONAL, optional(day)),
})  # fmt: skip

PAYOUTS = Shape({
    "date": (REQUIRED, day),
    "status": (REQUIRED, one_of(("paid", "held"))),
    "amount_cents": (REQUIRED, amount()),
    "reason": (OPTIONAL, line()),
})  # fmt: skip

RECURRING = Shape({
    "description": (REQUIRED, line(empty=False)),
    "amount_cents": (REQUIRED, amount()),
    "rule": (REQUIRED, rule),
    "start": (REQUIRED, day),
    "envelope": (OPTIONAL, line(NAME_MAX, empty=False)),
    "currency": (OPTIONAL, currency),
})  # fmt: skip

TIMELOG = Shape({
    "day": (REQUIRED, day),
    "minutes": (REQUIRED, _MINUTES),
    "mission_id": (OPTIONAL, optional(_ID)),
    "category": (OPTIONAL, line(NAME_MAX)),
    "note": (OPTIONAL, line()),
})  # fmt: skip

CALENDAR_OFF = Shape({
    "kind": (REQUIRED, one_of(("off",))),
    "day": (REQUIRED, day),
    "reason": (OPTIONAL, line()),
})  # fmt: skip

CALENDAR_BLOCK = Shape({
    "kind": (REQUIRED, one_of(("block",))),
    "title": (REQUIRED, line(empty=False)),
    "rule": (REQUIRED, rule),
    "start": (REQUIRED, day),
    "minutes": (REQUIRED, whole(1, MINUTES_MAX, "minutes")),
})  # fmt: skip

PINS = Shape({
    "mission_id": (REQUIRED, _ID),
    "day": (REQUIRED, day),
    "minutes": (REQUIRED, _MINUTES),
})  # fmt: skip

AI_USE = Shape({
    "date": (REQUIRED, day),
    "mission_id": (REQUIRED, _ID),
    "tool": (REQUIRED, line(NAME_MAX, empty=False)),
    "task": (REQUIRED, one_of(AI_TASKS)),
    "shared": (OPTIONAL, one_of(AI_SHARED)),
    "human_review": (OPTIONAL, boolean),
    "client_informed": (OPTIONAL, boolean),
})  # fmt: skip

EVENTS = Shape({
    "at": (REQUIRED, day_or_moment),
    "kind": (REQUIRED, line(NAME_MAX, empty=False)),
    "details": (OPTIONAL, generic()),
})  # fmt: skip


def _meta_value(value: Any, old: Any, name: str) -> str | None:
    return generic()(value, old, name)


META = Shape({
    "key": (REQUIRED, line(NAME_MAX, empty=False)),
    "value": (REQUIRED, _meta_value),
})  # fmt: skip

# What some meta settings must hold (the rest are generic values).
_META_VALUES: dict[str, Check] = {
    "created": day,
    "schema": lambda value, old, name: (
        None
        if type(value) is dict and all(type(v) is int and 1 <= v <= ID_MAX for v in value.values())
        else f"{name} must map each table to its version (a whole number from 1)"
    ),
}


def _calendar(doc: Any) -> Shape:
    kind = doc.get("kind") if type(doc) is dict else None
    return CALENDAR_BLOCK if kind == "block" else CALENDAR_OFF


#: Every table's shape; calendar documents take the shape of their ``kind``.
SHAPES: dict[str, Shape | Callable[[Any], Shape]] = {
    "clients": CLIENTS,
    "missions": MISSIONS,
    "offers": OFFERS,
    "ledger": LEDGER,
    "invoices": INVOICES,
    "payouts": PAYOUTS,
    "recurring": RECURRING,
    "timelog": TIMELOG,
    "calendar": _calendar,
    "pins": PINS,
    "ai_use": AI_USE,
    "events": EVENTS,
    "meta": META,
}


def problem(table: str, doc: Any, old: Any = ABSENT) -> str | None:
    """Why ``doc`` cannot be stored in ``table`` over ``old`` (ABSENT: a new document)."""
    shape = SHAPES.get(table)
    if shape is None:
        return f"unknown table {field_name(table)}"
    if not isinstance(shape, Shape):
        shape = shape(doc)
    found = shape.problem(doc, old)
    if found is None and table == "meta":
        value_check = _META_VALUES.get(doc.get("key"))
        value = doc.get("value")
        stored = old.get("value", ABSENT) if type(old) is dict else ABSENT
        if value_check is not None and not same(stored, value):
            found = value_check(value, stored, "value")
    return found


def check(table: str, doc: Any, doc_id: int | str | None = None, old: Any = ABSENT) -> None:
    """``Invalid`` (one line: table, id, field) unless ``doc`` may be stored in ``table``."""
    found = problem(table, doc, old)
    if found is not None:
        raise Invalid(table, doc_id, found)
