"""What an import must hold beyond each document's shape: the rules the commands apply.

``homeops.storage.schema`` checks each document alone (types, bounds, text). A vault is
also held together by rules the command line and the console apply as records are made;
an import brings records made elsewhere, so they are held to the same rules here
(``homeops.storage.schema_import`` runs these last, after unique keys and references):

- ids leave room: an imported id (or a mission's place in its column) at most
  ``IMPORT_ID_MAX``, a million below ``ID_MAX``, so the records added after it still get
  ids that every command takes;
- clients pass ``homeops.rules.privacy.client_problems`` (an alias is a pseudonym:
  lower-case letters, digits, '.', '_', '-');
- invoice numbers run from F-0001 without gaps; a sent invoice has its issue and due dates,
  a paid one its payment date too, never before the issue date; credit notes run from
  AV-0001 without gaps, each on a void invoice that was issued, with its date;
- time logged: more than zero minutes an entry, at most 16 h a day in all;
- with the settings the vault is used with (``ImportRules``, from ``homeops import``):
  a mission's stage is a configured stage, a ledger entry's or recurring cost's envelope a
  configured envelope, every currency the configured one, a time entry's category a
  configured category.

Each finding is one line naming the table, the id and the field, never a stored value
(a name from the settings, neutralised and shortened, at most). No I/O here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from homeops.rules import invoices, privacy
from homeops.rules.bounds import ID_MAX
from homeops.rules.hours import format_minutes
from homeops.rules.model import PERSONAL_FIELDS, Client, PersonalField
from homeops.rules.timelog import CATEGORIES, MAX_DAY_MINUTES
from homeops.storage.schema_checks import field_name

Tables = dict[str, dict[str, dict[str, Any]]]

#: The largest id an import may bring: a million ids are left for the records made after.
IMPORT_ID_MAX = ID_MAX - 1_000_000
#: Tables whose documents may name a currency.
_PRICED = ("missions", "offers", "ledger", "invoices", "recurring")


@dataclass(frozen=True)
class ImportRules:
    """The settings an import is checked against: the vault's stages, envelopes, currency
    and time categories (``homeops import`` passes those it runs with)."""

    stages: tuple[str, ...]
    envelopes: tuple[str, ...]
    currency: str
    categories: tuple[str, ...]


def id_problem(table: str, key: str) -> str | None:
    """Why the document id ``key`` (1-12 ASCII digits) cannot be imported, or None."""
    if int(key) > IMPORT_ID_MAX:
        return (
            f"{table}: document id {key} leaves no room for the records added after it "
            f"(an import's ids go up to {IMPORT_ID_MAX})"
        )
    return None


def problems(tables: Tables, rules: ImportRules | None) -> Iterator[str]:
    """Every rule an import breaks, one line each, in a fixed order (first found first)."""
    yield from _positions(tables.get("missions", {}))
    yield from _clients(tables.get("clients", {}))
    yield from _invoices(tables.get("invoices", {}))
    yield from _time(tables.get("timelog", {}))
    if rules is not None:
        yield from _settings(tables, rules)


def _positions(missions: dict[str, dict[str, Any]]) -> Iterator[str]:
    for doc_id, doc in missions.items():
        if abs(doc.get("position", 0)) > IMPORT_ID_MAX:
            yield (
                f"missions #{doc_id}: position leaves no room for the missions placed after "
                f"it (at most {IMPORT_ID_MAX} either way)"
            )


def _clients(clients: dict[str, dict[str, Any]]) -> Iterator[str]:
    for doc_id, doc in clients.items():
        fields: dict[str, Any] = {
            name: PersonalField(**value) if name in PERSONAL_FIELDS and value else value
            for name, value in doc.items()
        }
        found = privacy.client_problems(Client(**fields))
        if found:
            yield f"clients #{doc_id}: {found[0]}"


def _invoices(docs: dict[str, dict[str, Any]]) -> Iterator[str]:
    by_number = {doc["number"]: doc_id for doc_id, doc in docs.items()}  # unique already
    for expected, number in enumerate(sorted(by_number), start=1):  # not 1..max: max is huge
        if number != expected:  # named: the invoice with the highest number, past the gap
            last = max(by_number)
            yield (
                f"invoices #{by_number[last]}: number {invoices.label(last)} leaves a gap in "
                f"the series ({invoices.label(expected)} is missing): invoice numbers run "
                f"from {invoices.label(1)} without gaps"
            )
            break
    for doc_id, doc in docs.items():
        status, issued = doc.get("status", "draft"), doc.get("issued")
        needed = {"sent": ("issued", "due"), "paid": ("issued", "due", "paid_on")}
        for name in needed.get(status, ()):
            if doc.get(name) is None:
                yield f"invoices #{doc_id}: a {status} invoice needs its {name} date"
        for name in ("due", "paid_on", "credited_on"):
            if issued and doc.get(name) and doc[name] < issued:
                yield f"invoices #{doc_id}: {name} is before the issue date"
        if doc.get("issued_as") is not None and (status == "draft" or not issued):
            yield f"invoices #{doc_id}: only an issued invoice keeps issued_as"
    yield from _credit_notes(docs)


def _credit_notes(docs: dict[str, dict[str, Any]]) -> Iterator[str]:
    """Credit notes (issue 15): on void invoices that were issued, with their date, in a
    second series from AV-0001 without gaps or doubles."""
    by_note: dict[int, str] = {}
    for doc_id, doc in docs.items():
        note = doc.get("credit_note")
        if note is None:
            if doc.get("credited_on") is not None:
                yield f"invoices #{doc_id}: credited_on without a credit_note"
            continue
        if doc.get("status") != "void" or not doc.get("issued"):
            yield f"invoices #{doc_id}: only a void invoice that was issued has a credit_note"
        if doc.get("credited_on") is None:
            yield f"invoices #{doc_id}: a credit note needs its credited_on date"
        if note in by_note:
            yield f"invoices #{doc_id}: credit_note is the same as invoices #{by_note[note]}'s"
            return
        by_note[note] = doc_id
    for expected, note in enumerate(sorted(by_note), start=1):
        if note != expected:
            last = max(by_note)
            yield (
                f"invoices #{by_note[last]}: credit note {invoices.credit_label(last)} leaves a "
                f"gap in the series ({invoices.credit_label(expected)} is missing): credit "
                f"notes run from {invoices.credit_label(1)} without gaps"
            )
            break


def _time(entries: dict[str, dict[str, Any]]) -> Iterator[str]:
    per_day: dict[str, int] = {}
    for doc_id, doc in entries.items():
        if doc["minutes"] <= 0:
            yield f"timelog #{doc_id}: minutes must be more than zero"
        day = doc["day"]
        per_day[day] = per_day.get(day, 0) + doc["minutes"]
        if per_day[day] > MAX_DAY_MINUTES:
            most = format_minutes(MAX_DAY_MINUTES)
            yield f"timelog #{doc_id}: more than {most} logged on {day} (at most {most} a day)"
            return


def _settings(tables: Tables, rules: ImportRules) -> Iterator[str]:
    where = {
        "stage": "[board] stages",
        "envelope": "[money] shares",
        "category": f"{', '.join(CATEGORIES)}, or [capacity] reserve_hours",
    }
    allowed = {"stage": rules.stages, "envelope": rules.envelopes, "category": rules.categories}
    fields = (("missions", "stage"), ("ledger", "envelope"), ("recurring", "envelope"),
              ("timelog", "category"))  # fmt: skip
    for table, name in fields:
        for doc_id, doc in tables.get(table, {}).items():
            value = doc.get(name)
            if value and value not in allowed[name]:
                yield (
                    f"{table} #{doc_id}: {name} {field_name(value)} is not among those "
                    f"configured ({where[name]} in config.toml)"
                )
    for table in _PRICED:
        for doc_id, doc in tables.get(table, {}).items():
            currency = doc.get("currency")
            said = currency or "missing, so EUR"  # the records' default, as they load
            if (currency or "EUR") != rules.currency:
                yield (
                    f"{table} #{doc_id}: currency {said} is not the vault's "
                    f"({rules.currency}, [money] currency in config.toml)"
                )
