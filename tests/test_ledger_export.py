"""Exports: CSV and an hledger journal whose balances match ``homeops balance``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from homeops.demo.sample import generate
from homeops.rules import ledger_export
from homeops.rules.ledger import balances
from homeops.rules.model import LedgerEntry

TODAY = dt.date(2026, 11, 30)
HLEDGER = shutil.which("hledger")


def _entries(size: int | None) -> list[LedgerEntry]:
    entries = generate(size, today=TODAY).ledger
    for number, entry in enumerate(entries, start=1):
        entry.id = number
    return entries


def test_decimal_is_exact_from_cents() -> None:
    assert [ledger_export.decimal(c) for c in (0, 5, -5, 120050, -60000)] == [
        "0.00", "0.05", "-0.05", "1200.50", "-600.00"]  # fmt: skip


def test_csv_has_one_line_per_entry_and_exact_amounts() -> None:
    entries = _entries(None)
    rows = list(csv.DictReader(io.StringIO(ledger_export.to_csv(entries))))
    assert len(rows) == len(entries)
    total = sum(int(r["amount"].replace(".", "")) for r in rows)
    assert total == sum(e.amount_cents for e in entries)


def test_every_journal_transaction_balances() -> None:
    journal = ledger_export.to_hledger(_entries(2000))
    for block in journal.strip().split("\n\n")[1:]:
        amounts = [line.split()[-2] for line in block.splitlines()[2:]]
        assert sum(int(a.replace(".", "")) for a in amounts) == 0, block


def _hledger_balances(journal: Path) -> dict[str, int]:
    assert HLEDGER is not None
    out = subprocess.run(
        [HLEDGER, "-f", str(journal), "bal", "assets:envelopes", "--flat", "-N", "-O", "csv"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    found: dict[str, int] = {}
    for row in list(csv.reader(io.StringIO(out)))[1:]:
        account, amount = row[0], row[1]
        number = amount.replace("EUR", "").strip().replace(",", "")
        found[account.removeprefix("assets:envelopes:")] = int(number.replace(".", ""))
    return found


@pytest.mark.skipif(HLEDGER is None, reason="hledger is not installed (apt-get install hledger)")
@pytest.mark.parametrize("size", [None, 5000])
def test_hledger_balances_match_homeops_account_by_account(
    size: int | None, tmp_path: Path
) -> None:
    entries = _entries(size)
    journal = tmp_path / "export.journal"
    journal.write_text(ledger_export.to_hledger(entries), encoding="utf-8")
    ours = {name: cents for name, cents in balances(entries).items() if cents}
    assert _hledger_balances(journal) == ours
