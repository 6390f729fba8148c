"""The ledger's whole-ledger figures kept between changes (issue 14 part 1: ``fit`` fast at
100,000 entries): after any mix of payments, expenses, transfers, payouts, reversals, invoices
paid, failed writes, transactions rolled back and an import, the kept balances, paid missions,
last payout and recent entries equal a fresh count of the entries."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from homeops.config import Settings
from homeops.config.settings import MoneySettings
from homeops.rules import ledger
from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, LedgerEntry, Mission
from homeops.services.cashbook import Cashbook
from homeops.storage import VaultWriteError
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "correct horse battery staple"
SHARES = {"taxes": 2500, "costs": 1500, "pay": 5000, "cushion": 1000}
SETTINGS = Settings(money=MoneySettings(shares_bp=SHARES))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "v.hops"


@pytest.fixture
def vault(path: Path) -> Iterator[Vault]:
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as opened:
        opened.clients.add(Client("acme"))
        for title in ("Logo", "Site", "Brochure"):
            opened.missions.add(Mission(title, "acme", "Brief", fee_cents=500_000))
        yield opened


def _fresh(entries: list[LedgerEntry]) -> tuple[dict[str, int], set[int], str | None]:
    """Balances, paid missions and last payout counted here, entry by entry."""
    totals: dict[str, int] = dict.fromkeys(SHARES, 0)
    income: dict[int, int] = {}
    for e in entries:
        totals[e.envelope] = totals.get(e.envelope, 0) + e.amount_cents
        if e.kind == "income" and e.mission_id:
            income[e.mission_id] = income.get(e.mission_id, 0) + e.amount_cents
    reversed_groups = {e.group.removeprefix(ledger.REVERSAL) for e in entries
                       if ledger.is_reversal(e.group)}  # fmt: skip
    payouts = [e.date for e in entries if e.kind == "payout"
               and not ledger.is_reversal(e.group) and e.group not in reversed_groups]  # fmt: skip
    return totals, {m for m, c in income.items() if c > 0}, max(payouts, default=None)


def _check(vault: Vault) -> None:
    book = vault.ledger
    book.totals(list(SHARES))  # read (and kept) before the comparison reads again
    entries = book.entries()
    totals, paid, last = _fresh(entries)
    assert book.totals(list(SHARES)) == totals
    assert book.paid_missions() == paid
    assert book.last_payout_paid() == last
    since = dt.date(2026, 11, 10)
    assert sorted(e.id or 0 for e in book.entries_since(since)) == sorted(
        e.id or 0 for e in entries if e.date > since.isoformat()
    )


def _full(*args: Any) -> int:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_the_figures_follow_every_change(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    book = Cashbook(vault, SETTINGS)
    _check(vault)  # empty
    income = book.record_income(120_000, date="2026-11-12", mission_id=1)
    _check(vault)
    assert vault.ledger.paid_missions() == {1}
    assert vault.ledger.totals(list(SHARES))["pay"] == 60_000  # 50 % of 1,200.00
    book.record_expense(ledger.expense(2_000, date="2026-11-13", category="office",
                                       envelope="costs", currency="EUR"))  # fmt: skip
    _check(vault)
    book.transfer(5_000, date="2026-11-14", source="taxes", target="cushion", reason="buffer")
    _check(vault)
    payout = book.confirm_payout("2026-11-20", 30_000)
    _check(vault)
    assert vault.ledger.last_payout_paid() == "2026-11-20"
    book.reverse(payout.id or 0, "2026-11-21", "wrong account")
    _check(vault)
    assert vault.ledger.last_payout_paid() is None  # due again
    book.reverse(income[0].id or 0, "2026-11-22", "bounced")
    _check(vault)
    assert vault.ledger.paid_missions() == set()  # the payment nets out
    number = book.new_invoice(Invoice(0, "acme", 90_000, mission_id=2)).number
    book.pay_invoice(number, paid_on=dt.date(2026, 11, 25))
    _check(vault)
    assert vault.ledger.paid_missions() == {2}
    before = vault.ledger.totals(list(SHARES))
    with monkeypatch.context() as patch:  # the disk is full: nothing kept, nothing counted
        patch.setattr(os, "pwrite", _full)
        with pytest.raises(VaultWriteError):
            book.record_income(70_000, date="2026-11-26", mission_id=3)
    _check(vault)
    assert vault.ledger.totals(list(SHARES)) == before
    with pytest.raises(RuntimeError), vault.transaction():  # a change given up half way
        vault.ledger.add_many(ledger.split_income(
            80_000, SHARES, date="2026-11-27", description="Half", currency="EUR",
            group="in-2026-11-27-00000000", mission_id=3,
        ))  # fmt: skip
        _check(vault)  # inside the change: the entry just added counts already
        assert vault.ledger.paid_missions() == {2, 3}
        raise RuntimeError("given up")
    _check(vault)
    assert vault.ledger.paid_missions() == {2}


def test_an_import_replaces_the_figures(vault: Vault, path: Path, tmp_path: Path) -> None:
    book = Cashbook(vault, SETTINGS)
    book.record_income(100_000, date="2026-11-12", mission_id=1)
    book.confirm_payout("2026-11-20", 10_000)
    exported = vault.export_data()
    book.record_income(50_000, date="2026-11-15", mission_id=2)
    _check(vault)
    assert vault.ledger.paid_missions() == {1, 2}
    vault.replace_all(Vault.parse_export(json.dumps(exported)))
    _check(vault)
    assert vault.ledger.paid_missions() == {1}
    assert vault.ledger.totals(list(SHARES))["pay"] == 50_000 - 10_000
    # and opened again from the file: counted from what was stored
    vault.close()
    with Vault.open(path, PASSPHRASE) as reopened:
        _check(reopened)
        assert reopened.ledger.paid_missions() == {1}


def test_a_random_mix_of_changes_keeps_the_figures_true(vault: Vault) -> None:
    book, rng = Cashbook(vault, SETTINGS), random.Random(14)
    for step in range(40):
        day = (dt.date(2026, 11, 1) + dt.timedelta(days=step % 28)).isoformat()
        entries = book.entries()
        choice = rng.randrange(5)
        if choice == 0 or not entries:
            book.record_income(rng.randrange(1, 9) * 10_000, date=day,
                               mission_id=rng.choice([None, 1, 2, 3]), override="test")  # fmt: skip
        elif choice == 1:
            book.confirm_payout(day, rng.randrange(1, 5) * 1_000, override="test")
        elif choice == 2:
            book.transfer(1_000, date=day, source="taxes", target="pay", reason="move",
                          override="test")  # fmt: skip
        else:
            target = rng.choice([e for e in entries if not ledger.is_reversal(e.group)])
            with contextlib.suppress(ledger.ReversalRefused):  # reversed already: refused
                book.reverse(target.id or 0, day, "undo it")
        _check(vault)


def test_a_payment_recorded_carries_the_figures_over_without_a_new_pass(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    from homeops.storage import repos_money

    book = Cashbook(vault, SETTINGS)
    book.record_income(100_000, date="2026-11-12", mission_id=1)
    vault.ledger.totals()
    vault.ledger.entries_since(dt.date(2026, 11, 10))
    passes: list[int] = []
    real = repos_money.ledger_figures

    def counted(docs: Any, start: Any = None) -> Any:
        passes.append(0 if start is not None else 1)  # 1: a pass over the whole ledger
        return real(docs, start)

    monkeypatch.setattr(repos_money, "ledger_figures", counted)
    book.record_income(40_000, date="2026-11-14", mission_id=2)
    book.transfer(1_000, date="2026-11-15", source="taxes", target="cushion", reason="move")
    # 1,000.00 + 400.00 at 50 %, 1,000.00 + 400.00 at 10 % + 10.00 moved in
    assert vault.ledger.totals()["pay"] == 70_000 and vault.ledger.totals()["cushion"] == 15_000
    assert vault.ledger.paid_missions() == {1, 2}
    assert len(vault.ledger.entries_since(dt.date(2026, 11, 10))) == 4 + 4 + 2
    assert passes == [0, 0]  # carried over twice, never counted again
    _check(vault)
