"""Import: an export file is read, parsed and checked whole before anything is written.

The checks, in order, each refusing with one line (``ImportRefused``) and nothing written:
- the file: at most ``IMPORT_MAX_BYTES``, UTF-8, JSON without fractions, NaN or Infinity,
  without a key twice in one object, nested no deeper than Python's parser goes;
- the envelope: the export format marker and version, known tables, ids of 1-12 digits
  (the ledger's summary, which an older build exported, is dropped: an import counts it);
- the schema versions in ``meta``: an export from a newer homeops is refused as such;
- every document against ``homeops.storage.schema`` (the repositories' own rules);
- unique keys (client aliases, offer names, invoice numbers, meta keys, days off, pins,
  document paths) and references (a mission's client, an invoice's client and mission, the
  mission of a ledger entry, a time entry, an AI-use record and a pin, a document record's
  client, mission and invoice exist in the export);
- the rules the commands apply as records are made, and the settings the vault is used with
  (``homeops.storage.schema_rules``: ids that leave room, aliases, the invoice series,
  time a day, stages, envelopes, currency, time categories).
Time and memory are linear in the file's size, which is bounded.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from homeops.storage import schema, schema_rules
from homeops.storage.errors import VaultError
from homeops.storage.ledger_sums import SUMS
from homeops.storage.repos import SCHEMA
from homeops.storage.schema_rules import ImportRules

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "IMPORT_MAX_BYTES",
    "CheckedTables",
    "ImportRefused",
    "ImportRules",
    "check_tables",
    "parse_export",
    "read_export",
]

EXPORT_FORMAT = "homeops-export"
EXPORT_VERSION = 1
#: The largest export ``import`` reads: 2.4 times the export of a 100,000-document vault
#: (ten years of work: 53 MB, checked in 1.9 s and 260 MB), so at most about 0.6 GB.
IMPORT_MAX_BYTES = 128 * 1024 * 1024
_DOC_ID = re.compile(r"[1-9][0-9]{0,11}")  # 1 to ID_MAX, ASCII digits only
_LONGEST_INT = 19  # digits; every bound of the schema is far below


class ImportRefused(VaultError):
    """An export that cannot be imported; nothing was written."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"nothing imported: {problem}")


class CheckedTables(dict[str, dict[str, dict[str, Any]]]):
    """Tables that passed every check of an import (``parse_export``)."""


class _Twice(Exception):
    pass


def read_export(path: Path) -> bytes:
    """The bytes of the export at ``path``, refused past ``IMPORT_MAX_BYTES`` without reading
    more than that. ``OSError`` when it cannot be read."""
    too_large = ImportRefused(
        f"the file is larger than {IMPORT_MAX_BYTES // 2**20} MiB, the most an import reads"
    )
    with path.open("rb") as file:
        if os.fstat(file.fileno()).st_size > IMPORT_MAX_BYTES:  # a pipe says 0: read to see
            raise too_large
        data = file.read(IMPORT_MAX_BYTES + 1)
    if len(data) > IMPORT_MAX_BYTES:
        raise too_large
    return data


# -- parsing -----------------------------------------------------------------------------------


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):  # the parser would keep the last one silently
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _Twice(schema.field_name(key))
            seen.add(key)
    return found


def _int(digits: str) -> int | schema.Unreadable:
    if len(digits.lstrip("-")) > _LONGEST_INT:
        return schema.Unreadable("a number too long to hold")
    return int(digits)


def _fraction(text: str) -> schema.Unreadable:
    return schema.Unreadable("a number with a fraction")


def _constant(text: str) -> schema.Unreadable:
    return schema.Unreadable("NaN or Infinity")


def _decode(data: bytes | str) -> Any:
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportRefused(f"the file is not valid UTF-8 (byte {exc.start:,})") from None
    else:
        text = data
    if len(text) > IMPORT_MAX_BYTES:
        raise ImportRefused(f"the export is larger than {IMPORT_MAX_BYTES // 2**20} MiB")
    try:
        return json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_int,
            parse_float=_fraction,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        raise ImportRefused(f"not a homeops export (invalid JSON at line {exc.lineno})") from None
    except RecursionError:
        raise ImportRefused("not a homeops export (nested too deeply)") from None
    except _Twice as exc:
        raise ImportRefused(f"the key {exc} appears twice in one object") from None


# -- checking ----------------------------------------------------------------------------------


def parse_export(data: bytes | str, rules: ImportRules | None = None) -> CheckedTables:
    """The tables of the export ``data`` once every check passed; ``ImportRefused`` else.
    ``rules``: the settings the vault is used with (None: not checked against settings)."""
    found = _decode(data)
    if type(found) is not dict or found.get("format") != EXPORT_FORMAT:
        raise ImportRefused("not a homeops export (missing format marker)")
    unknown = sorted(set(found) - {"format", "version", "tables"})
    if unknown:
        raise ImportRefused(f"not a homeops export (unknown key {schema.field_name(unknown[0])})")
    version = found.get("version")
    if type(version) is not int or not 1 <= version <= EXPORT_VERSION:
        shown = version if type(version) is int and abs(version) < 10**6 else "?"
        raise ImportRefused(
            f"export version {shown} is not supported (this homeops reads version "
            f"{EXPORT_VERSION}); upgrade homeops"
        )
    tables = found.get("tables")
    if type(tables) is not dict:
        raise ImportRefused("not a homeops export (its tables are malformed)")
    return check_tables(tables, rules)


def check_tables(tables: Any, rules: ImportRules | None = None) -> CheckedTables:
    """``tables`` (table -> document id -> document) if they may replace a vault's content,
    under ``rules`` (the vault's settings) when given."""
    if not isinstance(tables, dict):
        raise ImportRefused("not a homeops export (its tables are malformed)")
    # The ledger's summary is derived (an import counts it afresh): an export by a build
    # that wrote it out (before issue 18's fix) imports, its summary dropped unread.
    tables = {name: docs for name, docs in tables.items() if name != SUMS}
    for name, docs in tables.items():
        if name not in schema.SHAPES:
            raise ImportRefused(f"unknown table {schema.field_name(name)}")
        if type(docs) is not dict:
            raise ImportRefused(f"{name} must be an object of documents by id")
        for key in docs:
            if type(key) is not str or not _DOC_ID.fullmatch(key):
                raise ImportRefused(
                    f"{name}: document id {schema.field_name(key)} is not a record id "
                    "(1 to 999999999999, digits only)"
                )
            too_high = schema_rules.id_problem(name, key)
            if too_high:
                raise ImportRefused(too_high)
    _check_versions(tables.get("meta", {}))
    for name in schema.SHAPES:  # a fixed order: the same file gives the same message
        for key, doc in tables.get(name, {}).items():
            problem = schema.problem(name, doc)
            if problem:
                raise ImportRefused(f"{name} #{key}: {problem}")
    for message in _conflicts(tables):
        raise ImportRefused(message)
    for message in schema_rules.problems(tables, rules):
        raise ImportRefused(message)
    return CheckedTables(tables)


def _check_versions(meta: dict[str, Any]) -> None:
    """Each table's schema version: one above this homeops' means a newer homeops wrote it."""
    for key, doc in meta.items():
        problem = schema.problem("meta", doc)
        if problem:
            raise ImportRefused(f"meta #{key}: {problem}")
        if doc["key"] != "schema":
            continue
        for table, version in doc["value"].items():
            if table not in SCHEMA:
                raise ImportRefused(
                    f"meta #{key}: the schema names an unknown table {schema.field_name(table)}"
                )
            if version > SCHEMA[table]:
                raise ImportRefused(
                    f"written by a newer homeops (table {table}, schema version {version}; "
                    f"this homeops reads up to {SCHEMA[table]}): upgrade homeops"
                )


def _unique(docs: dict[str, dict[str, Any]], table: str, what: str, key: Any) -> Iterator[str]:
    seen: dict[Any, str] = {}
    for doc_id, doc in docs.items():
        value = key(doc)
        if value is None:
            continue
        if value in seen:
            yield f"{table} #{doc_id}: {what} is the same as {table} #{seen[value]}'s"
            return
        seen[value] = doc_id


def _conflicts(tables: dict[str, dict[str, dict[str, Any]]]) -> Iterator[str]:
    """Duplicate keys and references to records the export does not hold, first found."""
    clients, missions = tables.get("clients", {}), tables.get("missions", {})
    yield from _unique(clients, "clients", "alias", lambda d: d["alias"])
    yield from _unique(
        tables.get("offers", {}), "offers", "name", lambda d: d["name"].strip().casefold()
    )
    yield from _unique(tables.get("invoices", {}), "invoices", "number", lambda d: d["number"])
    yield from _unique(tables.get("meta", {}), "meta", "key", lambda d: d["key"])
    yield from _unique(
        tables.get("calendar", {}),
        "calendar",
        "day off",
        lambda d: d["day"] if d["kind"] == "off" else None,
    )
    yield from _unique(
        tables.get("pins", {}), "pins", "mission and day", lambda d: (d["mission_id"], d["day"])
    )
    yield from _unique(tables.get("cases", {}), "cases", "mission", lambda d: d["mission_id"])
    yield from _unique(tables.get("documents", {}), "documents", "path", lambda d: d["path"])
    aliases = {doc["alias"] for doc in clients.values()}
    for table in ("missions", "invoices", "retainers", "documents"):
        for doc_id, doc in tables.get(table, {}).items():
            if doc["client_alias"] and doc["client_alias"] not in aliases:
                yield (
                    f"{table} #{doc_id}: client_alias names no client of the export "
                    "(add the client to the clients table)"
                )
                return
    mission_ids = {int(key) for key in missions}
    for table in ("invoices", "ledger", "timelog", "ai_use", "pins", "cases", "documents"):
        for doc_id, doc in tables.get(table, {}).items():
            mission = doc.get("mission_id")
            if mission is not None and mission not in mission_ids:
                yield f"{table} #{doc_id}: mission_id {mission} names no mission of the export"
                return
    numbers = {doc["number"] for doc in tables.get("invoices", {}).values()}
    for doc_id, doc in tables.get("documents", {}).items():
        number = doc.get("invoice_number")
        if number is not None and number not in numbers:
            yield f"documents #{doc_id}: invoice_number names no invoice of the export"
            return
    retainer_ids = {int(key) for key in tables.get("retainers", {})}
    for table in ("invoices", "timelog"):
        for doc_id, doc in tables.get(table, {}).items():
            retainer = doc.get("retainer_id")
            if retainer is not None and retainer not in retainer_ids:
                yield f"{table} #{doc_id}: retainer_id {retainer} names no retainer of the export"
                return
