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


# -- issue 13 point 7: one account per expense category --------------------------------------

CATEGORIES = {  # as typed -> the account part it becomes
    "software": "software",
    "Software": "software",  # one account whatever the case
    "Office supplies": "office supplies",
    "travel:train": "travel-train",  # a colon would open a sub-account
    "a  b;\tc": "a b, c",  # a double space or a tab would end the name, ';' start a comment
    "café ☕": "café ☕",
    "(misc)": "(misc)",
    "esc\x1b[2J": "esc\\x1b[2j",  # stored by an older homeops: shown as text
}


def _expenses() -> list[LedgerEntry]:
    from homeops.rules import ledger

    entries = ledger.split_income(1_000_000, {"costs": 5000, "pay": 5000}, date="2026-11-01",
                                  description="Payment", currency="EUR", group="in-1")  # fmt: skip
    for number, category in enumerate(CATEGORIES, start=1):
        entries.append(ledger.expense(100 * number, date="2026-11-02", category=category,
                                      currency="EUR", memo="a memo: with a colon"))  # fmt: skip
    laptop = ledger.expense(90_000, date="2026-11-03", category="hardware", currency="EUR",
                            envelope="pay")  # fmt: skip
    laptop.description = ledger.with_override(laptop.description, "the old one: broken")
    entries.append(laptop)
    for number, entry in enumerate(entries, start=1):
        entry.id = number
    mistaken = ledger.expense(5_000, date="2026-11-04", category="lunch", currency="EUR")
    mistaken.id = len(entries) + 1
    entries.append(mistaken)
    undone = ledger.reverse(mistaken, [mistaken], [], date="2026-11-05", reason="personal")
    for number, entry in enumerate(undone, start=len(entries) + 1):
        entry.id = number
    return entries + undone


def _expected_by_account() -> dict[str, int]:
    wanted: dict[str, int] = {}
    for number, category in enumerate(CATEGORIES, start=1):
        account = f"expenses:costs:{CATEGORIES[category]}"
        wanted[account] = wanted.get(account, 0) + 100 * number
    wanted["expenses:pay:hardware"] = 90_000
    return wanted


def test_each_expense_category_is_its_own_account() -> None:
    journal = ledger_export.to_hledger(_expenses())
    for account in _expected_by_account():
        assert f"    {account}  " in journal or f"    {account:<40}  " in journal, account
    assert "expenses:costs  " not in journal and "expenses:costs:lunch" in journal
    blocks = [b for b in journal.split("\n\n") if "expenses:costs:lunch" in b]
    assert len(blocks) == 2  # the expense and its reversal, on the same account
    assert "; kind: expense" in blocks[1] and "Reversal of" in blocks[1]


def test_category_account_names() -> None:
    for typed, part in CATEGORIES.items():
        assert ledger_export.category_account("costs", typed) == f"expenses:costs:{part}"
    assert ledger_export.category_account("my costs", "  ") == "expenses:my costs:unnamed"


def _hledger_csv(journal: Path, *query: str) -> dict[str, int]:
    assert HLEDGER is not None
    out = subprocess.run(
        [HLEDGER, "-f", str(journal), "bal", *query, "--flat", "-N", "-O", "csv"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    found: dict[str, int] = {}
    for account, amount in list(csv.reader(io.StringIO(out)))[1:]:
        number = amount.replace("EUR", "").strip().replace(",", "")
        found[account] = int(number.replace(".", ""))
    return found


@pytest.mark.skipif(HLEDGER is None, reason="hledger is not installed (apt-get install hledger)")
def test_hledger_shows_the_spending_by_category(tmp_path: Path) -> None:
    entries = _expenses()
    journal = tmp_path / "export.journal"
    journal.write_text(ledger_export.to_hledger(entries), encoding="utf-8")
    assert _hledger_csv(journal, "expenses") == _expected_by_account()  # lunch nets to 0
    ours = {f"assets:envelopes:{name}": cents for name, cents in balances(entries).items()}
    assert _hledger_csv(journal, "assets") == ours
    assert HLEDGER is not None
    subprocess.run([HLEDGER, "-f", str(journal), "check"], capture_output=True, check=True)
