"""`homeops import` of hostile exports: one line on stderr, exit 1, the vault untouched.

Each case starts from a valid export of a sample vault and breaks one thing (issue 12, item 6:
a string amount, a float, ±10^30, a missing title, an unknown field, duplicate invoice
numbers or client aliases, a 10 MB memo, schema version 999, a 5,000-digit id, nesting
100,000 deep, a 50,000-digit number, a lone surrogate, and more). The vault's bytes and its
`homeops export` are compared before and after.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import one_line_error

from homeops.cli.app import main
from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.rules.bounds import ID_MAX
from homeops.services import Business
from homeops.services.business import import_rules
from homeops.storage import schema_import
from homeops.storage.schema_rules import IMPORT_ID_MAX
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "orange-kettle-mountain-42"
TODAY = dt.date(2026, 11, 30)
Export = dict[str, Any]
Case = Callable[[Export], "Export | bytes | str"]


def _sample_export() -> Export:
    path = Path(__import__("tempfile").mkdtemp()) / "sample.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        fill_with_sample(Business(vault, Settings()), None, TODAY)
        data: Export = json.loads(json.dumps(vault.export_data()))
    return data


SAMPLE = _sample_export()


def first(data: Export, table: str) -> dict[str, Any]:
    """The first document of ``table`` in ``data``."""
    docs: dict[str, Any] = data["tables"][table]
    return docs[min(docs, key=int)]


def doc_with(data: Export, table: str, **fields: Any) -> Export:
    first(data, table).update(fields)
    return data


def without(data: Export, table: str, field: str) -> Export:
    del first(data, table)[field]
    return data


def as_text(data: Export) -> str:
    return json.dumps(data, ensure_ascii=False)


def replaced(data: Export, old: str, new: str) -> str:
    """The export as JSON text with ``old`` (which must occur) written as ``new``."""
    text = as_text(data)
    assert old in text
    return text.replace(old, new, 1)


def duplicate(data: Export, table: str, field: str) -> Export:
    docs = data["tables"][table]
    a, b = sorted(docs, key=int)[:2]
    docs[b][field] = docs[a][field]
    return data


def new_doc(data: Export, table: str, doc: dict[str, Any]) -> Export:
    docs = data["tables"].setdefault(table, {})
    docs[str(max((int(k) for k in docs), default=0) + 1)] = doc
    return data


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"k": value}
    return value


def schema_meta(data: Export) -> dict[str, Any]:
    return next(d for d in data["tables"]["meta"].values() if d["key"] == "schema")


def _pin_twice(data: Export) -> Export:
    mission = int(min(data["tables"]["missions"], key=int))
    pin = {"mission_id": mission, "day": "2026-11-30", "minutes": 60}
    return new_doc(new_doc(data, "pins", pin), "pins", dict(pin))


def _key_twice(data: Export) -> str:
    text = as_text(data)
    return text.replace('"ledger": {', '"ledger": {"1": {}, ', 1)


def _newer_schema(data: Export) -> Export:
    schema_meta(data)["value"]["missions"] = 999
    return data


def _schema_of_unknown_table(data: Export) -> Export:
    schema_meta(data)["value"]["spells"] = 1
    return data


def with_id(data: Export, table: str, doc_id: int) -> Export:
    """The first document of ``table`` stored again under ``doc_id``."""
    data["tables"][table][str(doc_id)] = dict(first(data, table))
    return data


def _a_day_of_minutes(data: Export) -> Export:
    """One minute more than the 16 h a day the command line takes, a minute at a time (the
    review imported 1.3 million of them)."""
    for _ in range(16 * 60 + 1):
        new_doc(data, "timelog", {"day": "2026-11-02", "minutes": 1, "category": "admin"})
    return data


ESC_OSC52 = "\x1b]52;c;SGVsbG8=\x1b\\"

# name -> (how the export is broken, what the one line says)
CASES: dict[str, tuple[Case, str]] = {
    # the file
    "not JSON": (lambda d: "{not json", "invalid JSON at line 1"),
    "a JSON list": (lambda d: "[]", "missing format marker"),
    "empty file": (lambda d: b"", "invalid JSON"),
    "invalid UTF-8": (
        lambda d: as_text(d).encode().replace(b'"Brief"', b'"\xffBrief"', 1),
        "not valid UTF-8",
    ),
    "nesting 100,000 deep": (lambda d: "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "a key twice in one object": (_key_twice, "appears twice"),
    "a field twice in a document": (
        lambda d: replaced(d, '"title": ', '"title": "x", "title": '),
        "'title' appears twice",
    ),
    # the envelope
    "no format marker": (lambda d: {"version": 1, "tables": d["tables"]}, "format marker"),
    "another format": (lambda d: {**d, "format": "tinydb"}, "format marker"),
    "export version 2": (lambda d: {**d, "version": 2}, "export version 2 is not supported"),
    "export version 1.5": (lambda d: {**d, "version": 1.5}, "export version ? is not supported"),
    "an unknown key beside the tables": (lambda d: {**d, "extra": 1}, "unknown key 'extra'"),
    "tables a list": (lambda d: {**d, "tables": []}, "tables are malformed"),
    "an unknown table": (
        lambda d: {**d, "tables": {**d["tables"], "spells": {}}},
        "unknown table 'spells'",
    ),
    "a table that is a list": (
        lambda d: {**d, "tables": {**d["tables"], "offers": []}},
        "offers must be an object",
    ),
    "a document that is text": (
        lambda d: new_doc(d, "offers", "secret"),  # type: ignore[arg-type]
        "must be an object, not text",
    ),
    "an id that is a word": (
        lambda d: replaced(d, '"missions": {"1"', '"missions": {"one"'),
        "document id 'one' is not a record id",
    ),
    "an id with a leading zero": (
        lambda d: replaced(d, '"missions": {"1"', '"missions": {"01"'),
        "is not a record id",
    ),
    "a 5,000-digit id": (
        lambda d: replaced(d, '"missions": {"1"', '"missions": {"' + "7" * 5000 + '"'),
        "is not a record id",
    ),
    "a full-width digit id": (
        lambda d: replaced(d, '"missions": {"1"', '"missions": {"１"'),
        "is not a record id",
    ),
    # types and bounds
    "a string amount": (
        lambda d: doc_with(d, "ledger", amount_cents="1200"),
        "amount_cents must be a whole number of cents, not text",
    ),
    "a float amount": (
        lambda d: doc_with(d, "ledger", amount_cents=12.5),
        "not a number with a fraction",
    ),
    "an amount of +10^30": (
        lambda d: replaced(d, '"fee_cents": ', '"fee_cents": 1' + "0" * 30 + ', "x": '),
        "fee_cents must be",
    ),
    "an amount of -10^30": (
        lambda d: doc_with(d, "ledger", amount_cents=-(10**30)),
        "a number too long to hold",
    ),
    "an amount just past the bound": (
        lambda d: doc_with(d, "ledger", amount_cents=10**11),
        "amount_cents is too large",
    ),
    "a 50,000-digit number": (
        lambda d: replaced(d, '"price_cents": ', '"price_cents": ' + "9" * 50_000 + ', "y": '),
        "a number too long to hold",
    ),
    "NaN": (
        lambda d: replaced(d, '"effort_minutes": ', '"effort_minutes": NaN, "z": '),
        "not NaN or Infinity",
    ),
    "Infinity": (
        lambda d: replaced(d, '"revision_limit": ', '"revision_limit": -Infinity, "z": '),
        "not NaN or Infinity",
    ),
    "true for a whole number": (
        lambda d: doc_with(d, "missions", fee_cents=True),
        "fee_cents must be a whole number of cents, not true or false",
    ),
    "a negative fee": (lambda d: doc_with(d, "missions", fee_cents=-1), "cannot be negative"),
    "minutes past 10,000 h": (
        lambda d: doc_with(d, "timelog", minutes=10_000 * 60 + 1),
        "minutes must be between 0 and 600,000",
    ),
    "a mission id of 0": (
        lambda d: doc_with(d, "ai_use", mission_id=0),
        "mission_id must be between 1",
    ),
    # required and unknown fields
    "a missing title": (lambda d: without(d, "missions", "title"), "title is missing"),
    "an empty title": (lambda d: doc_with(d, "missions", title="  "), "title is empty"),
    "an unknown field": (
        lambda d: doc_with(d, "missions", priority=1),
        "unknown field 'priority'",
    ),
    "a missing amount": (
        lambda d: without(d, "ledger", "amount_cents"),
        "amount_cents is missing",
    ),
    # text
    "an escape in a title": (
        lambda d: doc_with(d, "missions", title="Logo" + ESC_OSC52),
        "title cannot hold an escape",
    ),
    "a newline in a title": (
        lambda d: doc_with(d, "missions", title="a\nb"),
        "title cannot hold a line break",
    ),
    "a bidi override in an offer name": (
        lambda d: doc_with(d, "offers", name="x\u202egpj.exe"),
        "name cannot hold the control character",
    ),
    "a C1 control in a memo": (
        lambda d: doc_with(d, "ledger", description="a\x9b2J"),
        "description cannot hold",
    ),
    "a lone surrogate in a memo": (
        lambda d: replaced(d, '"description": "', '"description": "\\ud800'),
        "a lone surrogate",
    ),
    "a lone surrogate in a key": (
        lambda d: replaced(d, '"title": ', '"\\udc80": 1, "title": '),
        "unknown field '\\udc80'",
    ),
    "a 10 MB memo": (
        lambda d: doc_with(d, "ledger", description="m" * 10_000_000),
        "description is 10,000,000 characters long",
    ),
    "notes past 20,000 characters": (
        lambda d: doc_with(d, "clients", notes="n" * 20_001),
        "notes is 20,001 characters long",
    ),
    "101 deliverables": (
        lambda d: doc_with(d, "missions", deliverables=["d"] * 101),
        "deliverables has 101 items",
    ),
    "an escape in a history reason": (
        lambda d: doc_with(
            d,
            "missions",
            history=[{"at": "2026-11-02T10:00:00", "stage": "Brief", "reason": "\x1b[2J"}],
        ),
        "history[0].reason cannot hold an escape",
    ),
    # dates, enumerations, rules
    "a deadline of 9999-12-31": (
        lambda d: doc_with(d, "missions", deadline="9999-12-31"),
        "deadline 9999-12-31 is out of range",
    ),
    "a compact date": (
        lambda d: doc_with(d, "ledger", date="20261231"),
        "date is not a date (YYYY-MM-DD)",
    ),
    "a week date": (lambda d: doc_with(d, "ledger", date="2026-W49-1"), "date is not a date"),
    "a day that does not exist": (
        lambda d: doc_with(d, "invoices", issued="2026-02-30"),
        "issued names a day that does not exist",
    ),
    "a bad time stamp": (
        lambda d: doc_with(d, "missions", history=[{"at": "yesterday", "stage": "Brief"}]),
        "history[0].at is not a time stamp",
    ),
    "an unknown ledger kind": (
        lambda d: doc_with(d, "ledger", kind="gift"),
        "kind must be one of: income, expense",
    ),
    "an unknown invoice status": (
        lambda d: doc_with(d, "invoices", status="overdue"),
        "status must be one of: draft, sent, paid, void",
    ),
    "an unknown AI task": (
        lambda d: doc_with(d, "ai_use", task="jailbreak"),
        "task must be one of",
    ),
    "a currency that is a word": (
        lambda d: doc_with(d, "ledger", currency="euro"),
        "currency must be a 3-letter currency code",
    ),
    "a rule every second": (
        lambda d: doc_with(d, "recurring", rule="FREQ=SECONDLY"),
        "rule is not an RRULE that comes back by the day at most",
    ),
    "a rule that never comes back": (
        lambda d: doc_with(d, "recurring", rule="FREQ=WEEKLY;INTERVAL=0"),
        "rule is not an RRULE",
    ),
    "details nested too deep": (
        lambda d: new_doc(d, "events", {"at": "2026-11-30", "kind": "x", "details": nested(6)}),
        "nested too deeply",
    ),
    "a meta setting without its value": (
        lambda d: without(d, "meta", "value"),
        "meta #1: value is missing",
    ),
    # schema version
    "schema version 999": (_newer_schema, "written by a newer homeops"),
    "a schema for an unknown table": (_schema_of_unknown_table, "unknown table 'spells'"),
    # unique keys
    "duplicate invoice numbers": (
        lambda d: duplicate(d, "invoices", "number"),
        "number is the same as invoices #",
    ),
    "duplicate client aliases": (
        lambda d: duplicate(d, "clients", "alias"),
        "alias is the same as clients #",
    ),
    "duplicate offer names": (
        lambda d: duplicate(d, "offers", "name"),
        "name is the same as offers #",
    ),
    "a pin twice": (_pin_twice, "mission and day is the same"),
    # references
    "a mission of no client": (
        lambda d: doc_with(d, "missions", client_alias="delta"),
        "client_alias names no client",
    ),
    "an invoice of no mission": (
        lambda d: doc_with(d, "invoices", mission_id=999_999),
        "mission_id 999999 names no mission",
    ),
    "a ledger entry of no mission": (
        lambda d: doc_with(d, "ledger", mission_id=999_999),
        "names no mission",
    ),
    "time logged on no mission": (
        lambda d: doc_with(d, "timelog", mission_id=999_999),
        "names no mission",
    ),
    "AI use on no mission": (
        lambda d: doc_with(d, "ai_use", mission_id=999_999),
        "names no mission",
    ),
    # ids that leave room for the records added after (issue 12 review, item 3)
    "a mission id of 999999999999": (
        lambda d: with_id(d, "missions", ID_MAX),
        "missions: document id 999999999999 leaves no room",
    ),
    "a ledger id just past the room left": (
        lambda d: with_id(d, "ledger", IMPORT_ID_MAX + 1),
        f"ledger: document id {IMPORT_ID_MAX + 1} leaves no room for the records added after",
    ),
    "a mission placed at the end of the ids": (
        lambda d: doc_with(d, "missions", position=ID_MAX),
        "position leaves no room",
    ),
    # the rules the commands apply (item 4)
    "a client alias that is no pseudonym": (
        lambda d: new_doc(d, "clients", {"alias": "Acme Mag"}),
        "the alias must be 1-40 lower-case letters",
    ),
    "a client alias that is an e-mail address": (
        lambda d: new_doc(d, "clients", {"alias": "jo@example.org"}),
        "the alias must be",
    ),
    "an e-mail that is no e-mail address": (
        lambda d: new_doc(
            d, "clients", {"alias": "jo", "email": {"value": "jo at home", "purpose": "invoicing"}}
        ),
        "E-mail does not look like an e-mail address",
    ),
    "an invoice number breaking the series": (
        lambda d: doc_with(d, "invoices", number=999),
        "invoices #1: number F-0999 leaves a gap in the series (F-0001 is missing)",
    ),
    "an invoice numbered past the others": (
        lambda d: new_doc(d, "invoices", {**first(d, "invoices"), "number": 999}),
        "number F-0999 leaves a gap in the series (F-0044 is missing)",
    ),
    "a paid invoice without its payment date": (
        lambda d: doc_with(d, "invoices", status="paid", paid_on=None),
        "a paid invoice needs its paid_on date",
    ),
    "a sent invoice without its issue date": (
        lambda d: doc_with(d, "invoices", status="sent", issued=None, paid_on=None),
        "a sent invoice needs its issued date",
    ),
    "a sent invoice without its due date": (
        lambda d: doc_with(d, "invoices", status="sent", due=None, paid_on=None),
        "a sent invoice needs its due date",
    ),
    "an invoice paid before it was issued": (
        lambda d: doc_with(d, "invoices", status="paid", paid_on="2001-01-01"),
        "paid_on is before the issue date",
    ),
    "961 one-minute time logs on one day": (_a_day_of_minutes, "more than 16h logged on"),
    "time logged for zero minutes": (
        lambda d: doc_with(d, "timelog", minutes=0),
        "minutes must be more than zero",
    ),
    # the settings the vault is used with (item 4: `homeops import` passes them)
    "a stage that is not configured": (
        lambda d: doc_with(d, "missions", stage="Review"),
        "missions #1: stage 'Review' is not among those configured ([board] stages",
    ),
    "an envelope that is not configured": (
        lambda d: doc_with(d, "ledger", envelope="bogus"),
        "envelope 'bogus' is not among those configured ([money] shares",
    ),
    "a recurring cost in an envelope that is not configured": (
        lambda d: doc_with(d, "recurring", envelope="bogus"),
        "recurring #1: envelope 'bogus' is not among",
    ),
    "a currency that is not the vault's": (
        lambda d: doc_with(d, "ledger", currency="USD"),
        "currency USD is not the vault's (EUR, [money] currency",
    ),
    "an offer in another currency": (
        lambda d: doc_with(d, "offers", currency="USD"),
        "offers #1: currency USD is not the vault's",
    ),
    "a time category that is not configured": (
        lambda d: doc_with(d, "timelog", category="golf"),
        "category 'golf' is not among those configured",
    ),
}


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as opened:
        fill_with_sample(Business(opened, Settings()), None, TODAY)
    return path


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    (tmp_path / "pf").write_text(PASSPHRASE + "\n")
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "XDG_DATA_HOME": str(tmp_path / "data")}  # fmt: skip

    def call(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)
        out, err = capsys.readouterr()
        return code, out, err

    return call


def _write(tmp_path: Path, made: Export | bytes | str) -> Path:
    out = tmp_path / "hostile.json"
    if isinstance(made, bytes):
        out.write_bytes(made)
    elif isinstance(made, str):
        out.write_text(made, encoding="utf-8", errors="surrogatepass")
    else:
        out.write_text(as_text(made), encoding="utf-8", errors="surrogatepass")
    return out


def test_there_are_at_least_39_hostile_cases() -> None:
    assert len(CASES) >= 39


def test_the_untouched_sample_export_imports(
    vault: Path, cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    """The cases below fail because of what each one breaks, not because of the sample."""
    code, out, err = cli("import", str(_write(tmp_path, copy.deepcopy(SAMPLE))), "--replace",
                         "--vault", str(vault))  # fmt: skip
    assert code == 0, err
    assert "imported" in out


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_import_is_one_line_and_changes_nothing(
    case: str, vault: Path, cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    breaks, message = CASES[case]
    hostile = _write(tmp_path, breaks(copy.deepcopy(SAMPLE)))
    code, before, _ = cli("export", "--vault", str(vault))
    assert code == 0
    raw = vault.read_bytes()
    code, out, err = cli("import", str(hostile), "--replace", "--vault", str(vault))
    assert code == 1 and out == ""
    line = one_line_error(err)
    assert line.startswith("homeops: nothing imported: ") and message in line, line
    assert len(line) < 400
    assert vault.read_bytes() == raw
    assert cli("export", "--vault", str(vault))[1] == before


def test_a_refused_import_creates_no_vault(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    target = tmp_path / "new" / "v.hops"
    hostile = _write(tmp_path, doc_with(copy.deepcopy(SAMPLE), "ledger", amount_cents=1.5))
    code, _, err = cli("import", str(hostile), "--vault", str(target))
    assert code == 1 and "amount_cents" in one_line_error(err)
    assert not target.exists()


def test_a_file_past_the_size_bound_is_refused_before_it_is_read_whole(
    vault: Path,
    cli: Callable[..., tuple[int, str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(schema_import, "IMPORT_MAX_BYTES", 1024)
    big = _write(tmp_path, copy.deepcopy(SAMPLE))
    assert big.stat().st_size > 1024
    raw = vault.read_bytes()
    code, _, err = cli("import", str(big), "--replace", "--vault", str(vault))
    assert code == 1
    assert "larger than" in one_line_error(err)
    assert vault.read_bytes() == raw


def test_the_last_document_is_checked_too(
    vault: Path, cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    """All or nothing: a bad document after thousands of good ones still stops the import."""
    data = copy.deepcopy(SAMPLE)
    entry = first(data, "ledger")
    for _ in range(5000):
        new_doc(data, "ledger", dict(entry))
    new_doc(data, "ledger", {**entry, "description": ESC_OSC52})
    raw = vault.read_bytes()
    code, _, err = cli("import", str(_write(tmp_path, data)), "--replace", "--vault", str(vault))
    assert code == 1 and "ledger #" in one_line_error(err)
    assert vault.read_bytes() == raw


def _rules(**changed: Any) -> schema_import.ImportRules:
    return dataclasses.replace(import_rules(Settings()), **changed)


def test_the_settings_are_checked_when_given_and_only_then() -> None:
    """``homeops import`` passes the settings it runs with; a caller without settings gets
    every other check (tests, the demo's own data)."""
    tables = doc_with(copy.deepcopy(SAMPLE), "ledger", envelope="bogus")["tables"]
    schema_import.check_tables(copy.deepcopy(tables))
    with pytest.raises(schema_import.ImportRefused, match="envelope 'bogus' is not among"):
        schema_import.check_tables(tables, _rules())
    renamed = _rules(envelopes=("taxes", "costs", "pay", "cushion", "bogus"))
    schema_import.check_tables(tables, renamed)  # the fix the message gives: configure it


def test_a_record_without_a_currency_is_in_euros() -> None:
    """Records load a missing currency as EUR (the records' default): in a USD vault they
    would be shown as euros, so the import says so."""
    offer = {k: v for k, v in first(SAMPLE, "offers").items() if k != "currency"}
    tables = {"offers": {"1": offer}}
    schema_import.check_tables(copy.deepcopy(tables), _rules())
    with pytest.raises(schema_import.ImportRefused, match=r"offers #1: currency missing, so EUR"):
        schema_import.check_tables(tables, _rules(currency="USD"))
