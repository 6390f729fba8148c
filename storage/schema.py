"""One schema for every table: the shape and bounds of each document the vault keeps.

The repositories check every document they write against it, and ``import`` checks every
document of an export against it before anything is written (``homeops.storage.schema_import``).
Reading never checks: a vault written before these rules still opens, and whatever it holds
is shown through the output neutraliser (``homeops.rules.text.shown``).

A field is an exact JSON type (an int is never a bool or a float), within the bounds of
``rules.bounds`` and ``rules.text``. Unknown fields are refused; fields with a default in
the records' dataclasses may be missing (older documents lack them). The checks themselves
are in ``homeops.storage.schema_checks``.

A change to a stored document checks what it changes: a field (or list item) written back
exactly as it is stored passes as it is. So a document stored before these rules (a title
holding an escape, history written by an older homeops) can still be moved, archived or
ticked; a value that changes must be valid, and editing a bad field fixes it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeops.rules.bounds import DAYS_MAX, ID_MAX, MINUTES_MAX, ROUNDS_MAX
from homeops.rules.document_frozen import CLIENT_KEYS, SELLER_KEYS
from homeops.rules.documents_records import FORMATS as DOCUMENT_FORMATS
from homeops.rules.documents_records import KINDS as DOCUMENT_KINDS
from homeops.rules.documents_records import LANGS as DOCUMENT_LANGS
from homeops.rules.documents_records import PATH_MAX
from homeops.rules.identity import SIREN_ALLOWED, siren_ok
from homeops.rules.invoices import STORED as INVOICE_STATUSES
from homeops.rules.ledger import KINDS
from homeops.rules.model import AI_SHARED, AI_TASKS, LAWFUL_BASES, PURPOSES
from homeops.rules.offers import CHANNELS, COUNT_MAX, TEST_DAYS_MAX
from homeops.rules.text import LINE_MAX, NAME_MAX
from homeops.storage.errors import VaultError
from homeops.storage.schema_checks import (
    ABSENT,
    Check,
    Shape,
    Unreadable,
    amount,
    boolean,
    currency,
    day,
    day_or_moment,
    field_name,
    generic,
    line,
    list_of,
    moment,
    one_of,
    optional,
    rule,
    same,
    text,
    whole,
)

__all__ = ["ABSENT", "SHAPES", "Invalid", "Unreadable", "check", "field_name", "problem"]

#: A ledger description is composed from several fields ("Transfer pay → costs: reason").
COMPOSED_MAX = 2 * LINE_MAX
#: A mission's history grows with every move; bounded, but far above any real mission's.
HISTORY_MAX = 10_000


class Invalid(VaultError, ValueError):
    """A document the schema refuses. One line naming the table, the id and the field; never
    the value (it may be personal or hostile). Nothing was written.

    Both a ``VaultError`` (the CLI and the console report those as one line) and a
    ``ValueError`` (what the forms catch)."""

    def __init__(self, table: str, doc_id: int | str | None, problem: str) -> None:
        where = f"{table} #{doc_id}" if doc_id is not None else table
        super().__init__(f"{where}: {problem}")
        self.table, self.doc_id, self.problem = table, doc_id, problem


# -- the tables --------------------------------------------------------------------------------

REQUIRED, OPTIONAL = True, False
_ID = whole(1, ID_MAX, "an id")
_MINUTES = whole(0, MINUTES_MAX, "minutes")
_DELTA_MINUTES = whole(-MINUTES_MAX, MINUTES_MAX, "minutes")
_SHARE_BP = whole(0, 10_000, "basis points")  # a share: 3000 is 30 %
_TERMS = optional(whole(0, DAYS_MAX, "days"))
_CHECK_ITEM = Shape({"text": (REQUIRED, line()), "done": (OPTIONAL, boolean)})


def _check_item(value: Any, old: Any, name: str) -> str | None:
    """A checklist line or acceptance criterion: ``{text, done}``, or plain text (older)."""
    if type(value) is str:
        return line()(value, old, name)
    return _CHECK_ITEM(value, old, name)


def _siren(value: Any, old: Any, name: str) -> str | None:
    """A client's SIREN: empty, or 9 digits with a valid key (``rules.identity``)."""
    problem = line(9)(value, old, name)
    if problem or value == "" or siren_ok(value):
        return problem
    return f"{name} must be {SIREN_ALLOWED}, or empty"


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
    "source": (OPTIONAL, optional(one_of(CHANNELS))),
    "terms_days": (OPTIONAL, _TERMS),
    "deposit_bp": (OPTIONAL, optional(_SHARE_BP)),
    "feedback_channel": (OPTIONAL, line()),
    "feedback_rounds": (OPTIONAL, whole(1, ROUNDS_MAX, "rounds")),
    "response_window": (OPTIONAL, line()),
    "company": (OPTIONAL, line(NAME_MAX)),
    "siren": (OPTIONAL, _siren),
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
    "terms_days": (OPTIONAL, _TERMS),
    "deposit_bp": (OPTIONAL, _SHARE_BP),
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
    "terms_days": (OPTIONAL, _TERMS),
    "deposit_bp": (OPTIONAL, optional(_SHARE_BP)),
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

#: What an issued invoice printed of the seller and the client (rules.document_frozen).
_ISSUED_AS = Shape({
    "seller": (REQUIRED, Shape({
        **{key: (REQUIRED, line()) for key in SELLER_KEYS if key != "address"},
        "address": (REQUIRED, list_of(line(), 4)),
    })),
    "client": (REQUIRED, Shape({
        **{key: (REQUIRED, line()) for key in CLIENT_KEYS if key != "address"},
        "address": (REQUIRED, list_of(line())),
    })),
    "late_penalty_bp": (REQUIRED, whole(0, 10_000, "basis points")),
    "recovery_indemnity_cents": (REQUIRED, amount()),
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
    "lines": (OPTIONAL, list_of(Shape({
        "text": (REQUIRED, line(empty=False)),
        "amount_cents": (REQUIRED, amount(signed=True)),
        "minutes": (OPTIONAL, _MINUTES),
        "rate_cents": (OPTIONAL, amount()),
    }))),
    "kind": (OPTIONAL, one_of(("", "deposit", "retainer"))),
    "retainer_id": (OPTIONAL, optional(_ID)),
    "period": (OPTIONAL, optional(day)),
    "credit_note": (OPTIONAL, optional(_ID)),
    "credited_on": (OPTIONAL, optional(day)),
    "issued_as": (OPTIONAL, optional(_ISSUED_AS)),
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
    "retainer_id": (OPTIONAL, optional(_ID)),
})  # fmt: skip

RETAINERS = Shape({
    "client_alias": (REQUIRED, line(NAME_MAX, empty=False)),
    "title": (REQUIRED, line(empty=False)),
    "price_cents": (REQUIRED, amount()),
    "rule": (REQUIRED, rule),
    "start": (REQUIRED, day),
    "end": (REQUIRED, day),
    "limit_minutes": (OPTIONAL, _MINUTES),
    "limit_deliverables": (OPTIONAL, whole(0, COUNT_MAX, "a count")),
    "currency": (OPTIONAL, currency),
    "ended": (OPTIONAL, optional(day)),
    "delivered": (OPTIONAL, list_of(day, HISTORY_MAX)),
    "proposals": (OPTIONAL, list_of(Shape({
        "period": (REQUIRED, day),
        "day": (REQUIRED, day),
        "minutes": (OPTIONAL, _MINUTES),
        "deliverables": (OPTIONAL, whole(0, COUNT_MAX, "a count")),
        "amount_cents": (OPTIONAL, amount()),
        "status": (OPTIONAL, one_of(("proposed", "accepted", "declined"))),
    }), HISTORY_MAX)),
})  # fmt: skip

DOCUMENTS = Shape({
    "kind": (REQUIRED, one_of(DOCUMENT_KINDS)),
    "ref": (REQUIRED, line(NAME_MAX, empty=False)),
    "mission_id": (OPTIONAL, optional(_ID)),
    "invoice_number": (OPTIONAL, optional(_ID)),
    "client_alias": (REQUIRED, line(NAME_MAX)),
    "path": (REQUIRED, line(PATH_MAX, empty=False)),
    "fmt": (REQUIRED, one_of(DOCUMENT_FORMATS)),
    "lang": (REQUIRED, one_of(DOCUMENT_LANGS)),
    "date": (REQUIRED, day),
})  # fmt: skip

CALENDAR_OFF = Shape({
    "kind": (REQUIRED, one_of(("off", "block"))),  # a "block" takes CALENDAR_BLOCK
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


_COUNT = whole(0, COUNT_MAX, "a count")

OFFER_TESTS = Shape({
    "offer": (REQUIRED, line(NAME_MAX, empty=False)),
    "segment": (REQUIRED, line(NAME_MAX, empty=False)),
    "start": (REQUIRED, day),
    "days": (OPTIONAL, whole(1, TEST_DAYS_MAX, "days")),
    "contacted": (OPTIONAL, _COUNT),
    "replied": (OPTIONAL, _COUNT),
    "met": (OPTIONAL, _COUNT),
    "ended": (OPTIONAL, optional(day)),
})  # fmt: skip

CASES = Shape({
    "mission_id": (REQUIRED, _ID),
    "problem": (OPTIONAL, text()),
    "approach": (OPTIONAL, text()),
    "result": (OPTIONAL, text()),
    "consent": (OPTIONAL, optional(day)),
})  # fmt: skip

_SKILL = line(NAME_MAX, empty=False)
PROFILE = Shape({
    "main": (REQUIRED, _SKILL),
    "support": (REQUIRED, list_of(_SKILL, 2)),
    "tags": (OPTIONAL, generic(3)),
})  # fmt: skip


def _profile_value(value: Any, old: Any, name: str) -> str | None:
    """The skills profile: one main domain, two support skills, offer name -> its skills."""
    found = PROFILE(value, old, name)
    if found is None and len(value["support"]) != 2:
        found = f"{name}.support must hold two skills"
    tags = value.get("tags", {}) if found is None else {}
    if found is None and type(tags) is not dict:
        found = f"{name}.tags must map offers to skills"
    for offer, skills in tags.items() if found is None else ():
        found = line(NAME_MAX, empty=False)(offer, ABSENT, f"{name}.tags key") or list_of(
            _SKILL, 3
        )(skills, ABSENT, f"{name}.tags[…]")
        if found:
            break
    return found


def _meta_value(value: Any, old: Any, name: str) -> str | None:
    return generic()(value, old, name)


META = Shape({
    "key": (REQUIRED, line(NAME_MAX, empty=False)),
    "value": (REQUIRED, _meta_value),
})  # fmt: skip

# What some meta settings must hold (the rest are generic values).
_META_VALUES: dict[str, Check] = {
    "created": day,
    "profile": _profile_value,
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
    "retainers": RETAINERS,
    "documents": DOCUMENTS,
    "calendar": _calendar,
    "pins": PINS,
    "ai_use": AI_USE,
    "offer_tests": OFFER_TESTS,
    "cases": CASES,
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
