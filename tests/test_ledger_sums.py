"""The ledger's summary (issue 18 point 2, storage/ledger_sums.py): kept in the record of
every change of the ledger, whatever made it, it always equals the summary counted afresh
from the entries; a session that reads it instead of the ledger gets the same figures as one
that reads every entry; a summary that cannot stand for its ledger (a vault from before it,
a record of a homeops that keeps none, another file's) is not read; one that disagrees is
named by ``homeops check``. The commands' output: tests/test_cli_reads.py and below."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import one_line_error, private_home, runner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb.table import Document

from homeops.cli.invoices import cmd_invoices
from homeops.cli.payouts import cmd_forecast, cmd_payouts
from homeops.config import Settings
from homeops.config.settings import MoneySettings, PayoutSettings
from homeops.rules import ledger
from homeops.rules.invoices import Invoice, InvoiceRefused
from homeops.rules.model import Client, Mission
from homeops.services.cashbook import Cashbook
from homeops.services.errors import PaidTwice
from homeops.storage import ledger_sums
from homeops.storage.reading import read_vault
from homeops.storage.repos import NotFound
from homeops.storage.tinystore import TableNotRead
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "ledger-sums-passphrase-31"
SHARES = {"taxes": 2500, "costs": 1500, "pay": 5000, "cushion": 1000}
SETTINGS = Settings(
    money=MoneySettings(shares_bp=SHARES, payment_terms_days=14),
    payout=PayoutSettings(rule="FREQ=WEEKLY;BYDAY=FR", amount_cents=60_000),
)
TODAY = dt.date(2026, 12, 6)
DELIVERED = SETTINGS.board.stages[-1]
SUMMARY = {"ledger_sums", "missions", "invoices", "payouts"}  # the ledger's figures only


def _day(offset: int) -> str:
    return (TODAY - dt.timedelta(days=offset)).isoformat()


def _new_vault(path: Path) -> Vault:
    vault = Vault.create(path, PASSPHRASE, kdf=KdfParams.fast())
    vault.clients.add(Client("acme"))
    for number, stage in enumerate((DELIVERED, DELIVERED, SETTINGS.board.stages[0]), start=1):
        vault.missions.add(Mission(f"Guide {number}", "acme", stage, fee_cents=900_000,
                                   deadline=_day(-30)))  # fmt: skip
    return vault


def _ids(vault: Vault) -> list[int]:
    return sorted(int(key) for key in vault.db.table("ledger")._read_table())


def _pick(vault: Vault, index: int) -> int | None:
    ids = _ids(vault)
    return ids[index % len(ids)] if ids else None


def _apply(vault: Vault, path: Path, step: tuple[Any, ...]) -> Vault:
    """One change of the ledger, made as the faces make it (or below them: an undo, an
    erasure's redaction, an import); returns the vault, opened again when the step does."""
    book = Cashbook(vault, SETTINGS)
    kind, cents, offset, pick = step
    day, mission = _day(offset), (pick % 4 or None)  # mission 1-3, or none
    if kind == "income":
        with contextlib.suppress(PaidTwice):  # an invoice of the mission open: refused
            book.record_income(cents, date=day, mission_id=mission, override="property")
    elif kind == "invoice":  # a deposit invoice or the mission's own, paid at once
        invoice = Invoice(0, "acme", cents, "work", mission_id=mission,
                          kind="deposit" if pick % 2 else "")  # fmt: skip
        try:
            made = book.new_invoice(invoice, send_on=TODAY - dt.timedelta(days=offset + 1),
                                    override="property")  # fmt: skip
            book.pay_invoice(made.number, paid_on=TODAY - dt.timedelta(days=offset),
                             override="property")  # fmt: skip
        except (InvoiceRefused, PaidTwice):  # refused: nothing recorded
            pass
    elif kind == "expense":
        entry = ledger.expense(cents, date=day, category="tools", currency="EUR")
        book.record_expense(entry, override="property")
    elif kind == "transfer":
        book.transfer(cents, date=day, source="cushion", target="pay", reason="r",
                      override="property")  # fmt: skip
    elif kind == "payout":
        book.confirm_payout(day, cents, override="property")
    elif kind == "reverse" and (entry_id := _pick(vault, pick)) is not None:
        with contextlib.suppress(ledger.ReversalRefused, NotFound):
            book.reverse(entry_id, _day(0), "property")
    elif kind == "undo" and (entry_id := _pick(vault, pick)) is not None:
        vault.db.table("ledger").remove(doc_ids=[entry_id])  # an entry taken back
    elif kind == "redact" and (entry_id := _pick(vault, pick)) is not None:
        vault.db.table("ledger").update({"description": "redacted"}, doc_ids=[entry_id])
    elif kind == "compact":
        vault.compact()
    elif kind == "import":
        vault.replace_all(Vault.parse_export(json.dumps(vault.export_data())))
    elif kind == "appended":  # a session that read the summary alone adds a payment
        vault.close()
        with Vault.open(path, PASSPHRASE, tables={"ledger_sums"}) as alone:
            assert alone.ledger.summarised
            Cashbook(alone, SETTINGS).record_income(cents, date=day)
        vault = Vault.open(path, PASSPHRASE)
    return vault


KINDS = ["income", "invoice", "expense", "transfer", "payout", "reverse", "undo", "redact",
         "compact", "import", "appended"]  # fmt: skip
STEPS = st.tuples(
    st.sampled_from(KINDS), st.integers(1, 500_000), st.integers(0, 150), st.integers(0, 50)
)


def _figures(vault: Vault) -> dict[str, Any]:
    """Every figure a money command reads from the ledger."""
    book = vault.ledger
    return {
        "totals": book.totals(list(SHARES)),
        "paid": book.paid_missions(),
        "last_payout": book.last_payout_paid(),
        "costs": [book.monthly_costs(TODAY - dt.timedelta(days=d)) for d in (0, 40, 100)],
        "standing": {m: sorted(book.standing_groups(m)) for m in (1, 2, 3)},
    }


def _outlook(vault: Vault) -> Any:
    return Cashbook(vault, SETTINGS).outlook(TODAY, weeks=8)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(STEPS, min_size=1, max_size=10))
def test_the_summary_kept_change_by_change_equals_the_summary_counted_afresh(
    steps: list[tuple[Any, ...]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("sums") / "v.hops"
    vault = _new_vault(path)
    try:
        for step in steps:
            vault = _apply(vault, path, step)
            assert vault.ledger_sums_problem() == ("", False), step
    finally:
        vault.close()
    with Vault.open(path, PASSPHRASE, read_only=True) as whole:
        assert not whole.ledger.summarised
        assert whole.ledger_sums_problem() == ("", False)
        expected, outlook = _figures(whole), _outlook(whole)
        owed = Cashbook(whole, SETTINGS).delivered_not_invoiced(TODAY)
    tables = SUMMARY | {"calendar", "clients", "pins", "recurring", "retainers", "timelog"}
    with Vault.open(path, PASSPHRASE, read_only=True, tables=tables) as alone:
        assert alone.ledger.summarised
        assert _figures(alone) == expected
        assert _outlook(alone) == outlook
        assert Cashbook(alone, SETTINGS).delivered_not_invoiced(TODAY) == owed


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    path = tmp_path / "v.hops"
    with _new_vault(path) as vault:
        book = Cashbook(vault, SETTINGS)
        book.record_income(400_000, date=_day(20), mission_id=1)
        book.record_expense(ledger.expense(12_000, date=_day(10), category="tools",
                                           currency="EUR"))  # fmt: skip
        book.confirm_payout(_day(5), 60_000)
    return path


def test_a_session_with_the_summary_adds_entries_after_the_largest_id_and_reads_none(
    vault_path: Path,
) -> None:
    with Vault.open(vault_path, PASSPHRASE) as vault:
        largest = max(_ids(vault))
        vault.db.table("ledger").remove(doc_ids=[largest])  # its id is not given again
    with Vault.open(vault_path, PASSPHRASE, tables={"ledger_sums"}) as alone:
        entries = Cashbook(alone, SETTINGS).record_income(10_000, date=_day(0))
        assert [e.id for e in entries] == list(range(largest + 1, largest + 5))
        with pytest.raises(TableNotRead):
            alone.ledger.rows()
        with pytest.raises(TableNotRead):
            alone.db.table("ledger").remove(doc_ids=[1])
        with pytest.raises(TableNotRead):
            alone.db.table("ledger").update({"amount_cents": 0})
        with pytest.raises(TableNotRead):  # an id a stored entry may hold
            alone.db.table("ledger").insert(Document({"date": _day(0)}, doc_id=1))
    with Vault.open(vault_path, PASSPHRASE, read_only=True) as whole:
        assert whole.ledger_sums_problem() == ("", False)
        assert whole.ledger.totals(list(SHARES))["taxes"] == 100_000 + 2_500


def _older(path: Path) -> None:
    """A change of the ledger as a homeops without the summary writes it: the entry alone."""
    with Vault.open(path, PASSPHRASE) as vault:
        doc = {"date": _day(1), "description": "older homeops", "amount_cents": 70_000,
               "envelope": "pay", "currency": "EUR", "kind": "income", "mission_id": None,
               "group": ""}  # fmt: skip
        vault._storage.file.append([["ledger", str(max(_ids(vault)) + 1), doc]])  # type: ignore[union-attr]
        vault.close(compact=False)


def test_a_change_written_without_the_summary_makes_readers_read_the_ledger(
    vault_path: Path,
) -> None:
    _older(vault_path)
    part = read_vault(vault_path, PASSPHRASE, only={"ledger_sums", "meta"})
    assert part.only == {"ledger_sums", "meta", "ledger"} and not part.sums_ok
    with Vault.open(vault_path, PASSPHRASE, read_only=True, tables=SUMMARY) as alone:
        assert not alone.ledger.summarised  # the entries, read after all
        assert alone.ledger.totals(list(SHARES))["pay"] == 200_000 - 60_000 + 70_000
    with Vault.open(vault_path, PASSPHRASE, read_only=True) as whole:
        assert whole.ledger_sums_problem() == (ledger_sums.MISSING, False)  # `check`'s notice
    with Vault.open(vault_path, PASSPHRASE, tables={"ledger_sums"}) as again:
        assert not again.ledger.summarised  # reads the ledger, and the next change mends it
        Cashbook(again, SETTINGS).record_income(10_000, date=_day(0))
    with Vault.open(vault_path, PASSPHRASE, read_only=True, tables=SUMMARY) as mended:
        assert mended.ledger.summarised
        assert mended.ledger.totals(list(SHARES))["pay"] == 200_000 - 60_000 + 70_000 + 5_000


def test_a_summary_of_another_file_is_not_read(vault_path: Path, tmp_path: Path) -> None:
    """A rewrite by a homeops that keeps no summary gives the file a new id: the summary it
    copied names the old one."""
    with Vault.open(vault_path, PASSPHRASE) as vault:
        storage = vault._storage
        assert storage.file is not None
        storage.file.rewrite(storage.tables)  # the file's own rewrite: a new id, no new summary
    part = read_vault(vault_path, PASSPHRASE, only={"ledger_sums", "meta"})
    assert "ledger" in part.only and not part.sums_ok  # type: ignore[operator]


def test_a_summary_of_another_layout_is_not_read(vault_path: Path) -> None:
    with Vault.open(vault_path, PASSPHRASE) as vault:
        vault.db.table("ledger_sums").update({"v": 99}, doc_ids=[1])
        vault.close(compact=False)
    part = read_vault(vault_path, PASSPHRASE, only={"ledger_sums", "meta"})
    assert "ledger" in part.only and not part.sums_ok  # type: ignore[operator]


GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize("version", [1, 2, 3])
def test_a_golden_vault_made_before_the_summary_gives_the_same_figures(
    version: int, tmp_path: Path
) -> None:
    path = tmp_path / "v.hops"
    shutil.copy2(GOLDEN / f"vault-v{version}.hops", path)
    passphrase = "golden vault passphrase"  # tests/storage/test_vault_golden.py
    with Vault.open(path, passphrase, read_only=True) as whole:
        expected = _figures(whole)
    with Vault.open(path, passphrase, read_only=True, tables=SUMMARY) as alone:
        assert not alone.ledger.summarised  # no summary: the entries are read
        assert _figures(alone) == expected
    with Vault.open(path, passphrase) as upgraded:  # a read-write open rewrites it: counted
        assert upgraded.ledger_sums_problem() == ("", False) or version == 3
    with Vault.open(path, passphrase, read_only=True, tables=SUMMARY) as alone:
        assert alone.ledger.summarised or version == 3  # v3 waits for its next change
        assert _figures(alone) == expected


def test_a_summary_that_disagrees_is_named_by_check(
    vault_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Vault.open(vault_path, PASSPHRASE) as vault:  # a bug's write: the summary alone
        head = dict(vault.db.table("ledger_sums").get(doc_id=1) or {})
        head["totals"] = {**head["totals"], "pay": [1, 1]}
        vault.db.table("ledger_sums").update(head, doc_ids=[1])
        vault.close(compact=False)
    run = runner(vault_path, private_home(tmp_path, PASSPHRASE), capsys)
    code, out, err = run("check")
    assert code == 1 and not out
    assert "the ledger's summary disagrees with the ledger (the envelopes' balances)" in (
        one_line_error(err))  # fmt: skip
    with Vault.open(vault_path, PASSPHRASE) as vault:
        vault.compact()  # a compaction keeps the summary as it is: still named
        assert vault.ledger_sums_problem()[1]
        vault.change_passphrase(PASSPHRASE, KdfParams.fast())  # the way out the line gives
    assert run("check")[0] == 0


# -- the commands: the same output, text and --json, from the summary as from the ledger --


@pytest.fixture
def sample(vault_path: Path) -> Iterator[Path]:
    """A vault with a deposit invoice paid (its payment is the mission's only one) and an
    open invoice: the summary's payment groups decide what is settled."""
    with Vault.open(vault_path, PASSPHRASE) as vault:
        book = Cashbook(vault, SETTINGS)
        deposit = book.new_invoice(Invoice(0, "acme", 300_000, "deposit", mission_id=2,
                                           kind="deposit"), send_on=TODAY)  # fmt: skip
        book.pay_invoice(deposit.number, paid_on=TODAY)
        book.new_invoice(Invoice(0, "acme", 50_000, "extra"), send_on=TODAY)
    yield vault_path


@pytest.mark.parametrize("argv", [["payouts"], ["payouts", "--json"], ["forecast", "--json"],
                                  ["invoices"], ["invoices", "--json"]])  # fmt: skip
@pytest.mark.parametrize("older", [False, True])
def test_a_command_prints_the_same_from_the_summary_as_from_the_ledger(
    argv: list[str],
    older: bool,
    sample: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if older:
        _older(sample)
    copy = tmp_path / "copy" / "v.hops"
    copy.parent.mkdir()
    shutil.copy2(sample, copy)
    home = private_home(tmp_path, PASSPHRASE)
    code, partial, err = runner(sample, home, capsys)(*argv)
    assert code == 0, err
    commands = {"payouts": cmd_payouts, "forecast": cmd_forecast, "invoices": cmd_invoices}
    monkeypatch.delattr(commands[argv[0]], "reads")  # every table, the ledger's entries too
    code, whole, err = runner(copy, home, capsys)(*argv)
    assert code == 0, err
    assert partial == whole and partial.strip()
