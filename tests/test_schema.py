"""One schema for every table (storage/schema.py): what the repositories write is checked, one
line names the table, the id and the field, nothing is written; documents stored before the
rules still read, move and get fixed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.rules.bounds import AMOUNT_MAX_CENTS, MINUTES_MAX
from homeops.rules.capacity import FixedBlock
from homeops.rules.model import Check, Client, LedgerEntry, Mission, StageMove
from homeops.rules.text import LINE_MAX, LIST_MAX, NAME_MAX
from homeops.rules.timelog import TimeEntry
from homeops.services import Business
from homeops.storage import VaultError, schema
from homeops.storage.repos import SCHEMA
from homeops.storage.schema_import import ImportRefused, check_tables
from homeops.storage.vault import KdfParams, Vault

GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 30)
AT = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def vault(tmp_path: Path) -> Any:
    opened = Vault.create(tmp_path / "v" / "v.hops", "schema test passphrase", kdf=KdfParams.fast())
    yield opened
    opened.close()


def mission(**fields: Any) -> Mission:
    base = Mission(title="Logo", client_alias="acme", stage="Brief",
                   history=[StageMove(at="2026-11-02T10:00:00", stage="Brief")])  # fmt: skip
    return dataclasses.replace(base, **fields)


def test_every_table_has_a_shape() -> None:
    assert set(schema.SHAPES) == set(SCHEMA) | {"meta"}


def test_the_sample_data_and_the_golden_exports_pass(vault: Vault) -> None:
    fill_with_sample(Business(vault, Settings()), None, TODAY)
    check_tables(json.loads(json.dumps(vault.export_data()))["tables"])
    for golden in sorted(GOLDEN.glob("expected-v*.json")):  # documents of older shapes
        tables = json.loads(golden.read_text(encoding="utf-8"))["tables"]
        # Their client was stored through the repository, before aliases were pseudonyms:
        # an import holds it to the alias rule, which is all that stops it.
        with pytest.raises(ImportRefused, match="clients #1: the alias must be 1-40 lower"):
            check_tables(tables)
        text = json.dumps(tables, ensure_ascii=False).replace("Atelier Ünïcode", "atelier-unicode")
        check_tables(json.loads(text))


def test_invalid_is_one_of_the_errors_every_face_reports_in_one_line() -> None:
    # cli.main reports VaultError; the console's app reports VaultError as "Not saved";
    # forms catch ValueError.
    assert issubclass(schema.Invalid, VaultError) and issubclass(schema.Invalid, ValueError)


PROBLEMS: list[tuple[str, dict[str, Any], str]] = [
    ("missions", {"title": "a\x1b]0;x\x07"}, "title cannot hold an escape"),
    ("missions", {"title": " "}, "title is empty"),
    ("missions", {"fee_cents": True}, "fee_cents must be a whole number of cents, not true"),
    ("missions", {"fee_cents": 1.0}, "not a number with a fraction"),
    ("missions", {"fee_cents": AMOUNT_MAX_CENTS + 1}, "fee_cents is too large"),
    ("missions", {"deadline": "2100-01-01"}, "deadline 2100-01-01 is out of range"),
    ("missions", {"deadline": "20261231"}, "deadline is not a date (YYYY-MM-DD)"),
    ("missions", {"deliverables": ["x"] * (LIST_MAX + 1)}, "deliverables has 101 items"),
    ("missions", {"checklist": [{"text": "ok", "done": "yes"}]}, "checklist[0].done must be"),
    ("missions", {"history": [{"at": "2026-11-02", "stage": "B"}]}, "history[0].at is not a"),
    ("missions", {"notes": "\x00"}, "notes cannot hold the control character \\x00"),
    ("missions", {"priority": 1}, "unknown field 'priority'"),
    ("ledger", {"kind": "gift"}, "kind must be one of"),
    ("ledger", {"currency": "eur"}, "currency must be a 3-letter currency code"),
    ("ledger", {"description": "x" * (2 * LINE_MAX + 1)}, "description is 601 characters"),
    ("clients", {"name": {"value": "A", "purpose": "marketing"}}, "name.purpose must be one of"),
    ("clients", {"email": {"value": " ", "purpose": "contract"}}, "email.value is empty"),
    ("clients", {"alias": "a" * (NAME_MAX + 1)}, "alias is 121 characters long"),
    ("timelog", {"minutes": MINUTES_MAX + 1}, "minutes must be between 0 and 600,000"),
    ("calendar", {"rule": "FREQ=MINUTELY"}, "rule is not an RRULE that comes back"),
    ("ai_use", {"shared": "everything"}, "shared must be one of"),
    ("meta", {"value": 0.5}, "value cannot be a number with a fraction"),
    ("meta", {"key": "created", "value": "yesterday"}, "value is not a date"),
    ("events", {"details": {"k": {"k": {"k": {"k": {"k": 1}}}}}}, "is nested too deeply"),
]

VALID: dict[str, dict[str, Any]] = {
    "missions": {"title": "Logo", "client_alias": "acme", "stage": "Brief"},
    "ledger": {"date": "2026-11-30", "description": "d", "amount_cents": 1, "envelope": "pay"},
    "clients": {"alias": "acme"},
    "timelog": {"day": "2026-11-30", "minutes": 60},
    "calendar": {
        "kind": "block",
        "title": "Call",
        "rule": "FREQ=WEEKLY;BYDAY=TU",
        "start": "2026-11-30",
        "minutes": 60,
    },
    "ai_use": {"date": "2026-11-30", "mission_id": 1, "tool": "T", "task": "edit"},
    "meta": {"key": "k", "value": 1},
    "events": {"at": "2026-11-30", "kind": "erasure"},
}


@pytest.mark.parametrize(("table", "change", "message"), PROBLEMS)
def test_each_problem_is_named_in_one_line(
    table: str, change: dict[str, Any], message: str
) -> None:
    assert schema.problem(table, VALID[table]) is None
    found = schema.problem(table, {**VALID[table], **change})
    assert found is not None and message in found, found
    assert "\n" not in found and "\x1b" not in found


def test_values_at_the_bounds_pass() -> None:
    doc = {**VALID["missions"], "title": "t" * LINE_MAX, "fee_cents": AMOUNT_MAX_CENTS,
           "deadline": "2099-12-31", "deliverables": ["d"] * LIST_MAX,
           "effort_minutes": MINUTES_MAX, "notes": "line one\n\tline two",
           "history": [{"at": "2026-11-30T10:00:00+01:00", "stage": "Brief", "reason": ""}],
           "acceptance_criteria": ["older plain text", {"text": "x", "done": True}]}  # fmt: skip
    assert schema.problem("missions", doc) is None


# -- the repositories --------------------------------------------------------------------------


def test_an_add_is_refused_in_one_line_and_writes_nothing(vault: Vault) -> None:
    size = vault.path.stat().st_size
    with pytest.raises(schema.Invalid) as refused:
        vault.missions.add(mission(title="x\x1b[2J"))
    assert str(refused.value) == (
        "missions: title cannot hold an escape: keep it to one line of plain text"
    )
    assert vault.missions.count() == 0 and vault.path.stat().st_size == size


def test_add_many_is_all_or_nothing(vault: Vault) -> None:
    good = LedgerEntry("2026-11-30", "fine", 100, "pay")
    bad = LedgerEntry("2026-11-30", "too much", 10**20, "pay")
    with pytest.raises(schema.Invalid, match="amount_cents is too large"):
        vault.ledger.add_many([good, bad])
    assert vault.ledger.count() == 0


def test_a_refused_write_inside_a_transaction_rolls_the_whole_change_back(vault: Vault) -> None:
    with pytest.raises(schema.Invalid), vault.transaction():
        vault.clients.add(Client("acme"))
        vault.missions.add(mission(deadline="9999-12-31"))
    assert vault.clients.count() == 0 and vault.missions.count() == 0


def test_an_update_names_the_id(vault: Vault) -> None:
    stored = mission()
    vault.missions.add(stored)
    stored.fee_cents = -5
    with pytest.raises(schema.Invalid) as refused:
        vault.missions.update(stored)
    assert str(refused.value) == f"missions #{stored.id}: fee_cents cannot be negative"
    assert vault.missions.get(stored.id or 0).fee_cents == 0


def test_the_other_repositories_check_too(vault: Vault) -> None:
    with pytest.raises(schema.Invalid, match="calendar: rule"):
        vault.calendar.add_block(FixedBlock("Call", "FREQ=SECONDLY", "2026-11-30", 30))
    with pytest.raises(schema.Invalid, match="calendar: reason cannot hold an escape"):
        vault.calendar.set_off(TODAY, True, "\x1b]52;c;x\x07")
    with pytest.raises(schema.Invalid, match="pins: minutes must be between"):
        vault.pins.set(1, TODAY, MINUTES_MAX + 1)
    with pytest.raises(schema.Invalid, match="timelog: note cannot hold a line break"):
        vault.timelog.add(TimeEntry("2026-11-30", 30, category="admin", note="a\nb"))
    with pytest.raises(schema.Invalid, match="meta: value cannot be a number with a fraction"):
        vault.meta.set("rate", 0.5)
    assert vault.calendar.blocks() == [] and vault.calendar.days_off() == []
    assert vault.pins.list() == [] and vault.timelog.count() == 0
    assert vault.meta.get("rate") is None


def test_true_is_not_written_over_a_whole_number(vault: Vault) -> None:
    stored = mission(revision_limit=1)
    vault.missions.add(stored)
    stored.revision_limit = True  # equal to 1, not the same
    with pytest.raises(schema.Invalid, match="revision_limit must be a whole number"):
        vault.missions.update(stored)


# -- documents stored before the rules -------------------------------------------------------


HOSTILE = "Logo \x1b]0;PWNED\x07"


def _legacy(vault: Vault) -> int:
    """A mission as an older homeops stored it: hostile text, unchecked, in several fields."""
    doc = dataclasses.asdict(mission(title=HOSTILE, checklist=[Check("\x1b[2J")]))
    doc.pop("id")
    doc["history"][0]["reason"] = "\x1b[?1049l"
    return int(vault.db.table("missions").insert(doc))


def test_a_stored_bad_document_still_reads_moves_and_archives(vault: Vault) -> None:
    mission_id = _legacy(vault)
    missions = Business(vault, Settings()).missions  # the one write path of a move
    moved = missions.move(mission_id, "Plan", now=lambda: AT).mission
    assert moved.title == HOSTILE and len(moved.history) == 2  # the untouched title passes
    ticked = vault.missions.get(mission_id)
    ticked.checklist[0].done = True  # the stored text is kept as it is
    ticked.archived = True
    vault.missions.put(ticked)
    assert vault.missions.get(mission_id).archived


def test_a_stored_bad_field_is_fixed_by_editing_it_and_cannot_get_worse(vault: Vault) -> None:
    mission_id = _legacy(vault)
    edited = vault.missions.get(mission_id)
    edited.title = HOSTILE + "!"  # a changed value must be valid
    with pytest.raises(schema.Invalid, match=f"missions #{mission_id}: title cannot hold"):
        vault.missions.update(edited)
    edited.title = "Logo"
    vault.missions.update(edited)
    assert vault.missions.get(mission_id).title == "Logo"


def test_a_new_history_entry_is_checked_though_older_ones_are_not(vault: Vault) -> None:
    mission_id = _legacy(vault)
    moved = vault.missions.get(mission_id)
    moved.history.append(StageMove(at="2026-11-30T10:00:00", stage="Plan", reason="\x1b[2J"))
    with pytest.raises(schema.Invalid, match=r"history\[1\]\.reason cannot hold an escape"):
        vault.missions.update(moved)


def test_replace_all_checks_tables_that_did_not_come_from_parse_export(vault: Vault) -> None:
    tables = {"missions": {"1": {**VALID["missions"], "client_alias": ""}},
              "ledger": {"1": {**VALID["ledger"], "amount_cents": 0.5}}}  # fmt: skip
    with pytest.raises(ImportRefused, match="ledger #1: amount_cents"):
        vault.replace_all(tables)
    assert vault.missions.count() == 0


def test_opening_and_reading_never_run_the_schema(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checks are on writes only: open time does not grow with them."""
    fill_with_sample(Business(vault, Settings()), None, TODAY)
    path = vault.path
    vault.close()

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the schema ran on a read")

    monkeypatch.setattr(schema, "check", refuse)
    monkeypatch.setattr(schema, "problem", refuse)
    with Vault.open(path, "schema test passphrase") as reopened:
        assert reopened.missions.active() and reopened.missions.archived_summaries() is not None
        assert reopened.ledger.rows() and reopened.clients.list()


def test_a_repository_refusal_reaches_the_command_line_as_one_line(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second wall: a rule the command line does not check itself still stops the write."""
    from cli_helpers import one_line_error

    from homeops.cli.app import main

    pf = ["--passphrase-file", str(tmp_path / "pf")]
    assert main(["init", *pf], env=env) == 0
    capsys.readouterr()
    code = main(["recurring", "add", "Backup", "10", "--rule", "FREQ=MINUTELY", *pf], env=env)
    line = one_line_error(capsys.readouterr().err)
    assert code == 1 and line.startswith("homeops: recurring: rule is not an RRULE")
    assert main(["recurring", "--json", *pf], env=env) == 0
    assert json.loads(capsys.readouterr().out) == []  # nothing was recorded


def test_an_invoice_stored_with_hostile_text_can_still_be_paid(vault: Vault) -> None:
    """Its payment's ledger entries are new documents: they get the text shown, not raw."""
    from homeops.config import Settings
    from homeops.config.settings import MoneySettings
    from homeops.rules.invoices import Invoice
    from homeops.services.cashbook import Cashbook

    shares = {"taxes": 2500, "pay": 7500}
    book = Cashbook(vault, Settings(money=MoneySettings(shares_bp=shares)))
    vault.clients.add(Client("acme"))
    book.new_invoice(Invoice(0, "acme", 120_000, status="sent"))
    vault.db.table("invoices").update({"description": "x" * 290 + "\x1b]52;c;eA==\x07"})
    invoice, entries = book.pay_invoice(1, paid_on=TODAY)
    assert invoice.status == "paid" and sum(e.amount_cents for e in entries) == 120_000
    assert all("\x1b" not in e.description and "\\x1b" in e.description for e in entries)
