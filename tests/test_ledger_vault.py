"""Reversals against a real vault (``homeops.services.cashbook.Cashbook.reverse``): the whole
group in one durable change, nothing at all when the write fails or the reversal is refused."""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from homeops.config import Settings
from homeops.config.settings import MoneySettings
from homeops.rules import ledger
from homeops.rules.model import LedgerEntry
from homeops.services.cashbook import Cashbook
from homeops.storage import VaultWriteError
from homeops.storage.repos import NotFound
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "correct horse battery staple"
SHARES = {"taxes": 2500, "costs": 1500, "pay": 5000, "cushion": 1000}
ENVELOPES = list(SHARES)
SETTINGS = Settings(money=MoneySettings(shares_bp=SHARES))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "v.hops"


@pytest.fixture
def vault(path: Path) -> Iterator[Vault]:
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as opened:
        Cashbook(opened, SETTINGS).record_income(400000, date="2026-10-01", memo="Opening")
        # a mission's payment as a vault keeps it (the mission itself is not needed here)
        opened.ledger.add_many(ledger.split_income(
            120050, SHARES, date="2026-11-20", description="Payment from acme", currency="EUR",
            group="in-2026-11-20-0a1b2c3d", mission_id=4,
        ))  # fmt: skip
        yield opened


@pytest.fixture
def book(vault: Vault) -> Cashbook:
    return Cashbook(vault, SETTINGS)


def _ids(vault: Vault) -> list[int]:
    return sorted(e.id or 0 for e in vault.ledger.entries())


def _disk(path: Path) -> list[LedgerEntry]:
    with Vault.open(path, PASSPHRASE, read_only=True) as reader:
        return reader.ledger.entries()


def test_reverse_records_the_whole_group_at_once_and_the_balances_return(
    book: Cashbook, vault: Vault, path: Path
) -> None:
    opening = book.balances()
    paid = [e for e in book.entries() if e.description == "Payment from acme"]
    new = book.reverse(paid[2].id or 0, "2026-11-30", "paid twice")
    assert len(new) == 4 and all(e.id is not None for e in new)
    assert {e.group for e in new} == {"rv-" + paid[0].group}
    for envelope, part in zip(ENVELOPES, [e.amount_cents for e in paid], strict=True):
        opening[envelope] -= part
    assert book.balances() == opening
    assert book.paid_missions() == set()  # the mission's payment nets out
    on_disk = _disk(path)
    assert [e for e in on_disk if ledger.is_reversal(e.group)] == new


def test_an_unknown_entry_is_not_found_and_nothing_is_recorded(
    book: Cashbook, vault: Vault, path: Path
) -> None:
    ids = _ids(vault)
    with pytest.raises(NotFound, match="no ledger entry with id 999"):
        book.reverse(999, "2026-11-30", "typo")
    assert _ids(vault) == ids


def test_a_refused_reversal_records_nothing(book: Cashbook, vault: Vault, path: Path) -> None:
    entry = book.entries()[-1]
    book.reverse(entry.id or 0, "2026-11-30", "typo")
    ids, size = _ids(vault), path.stat().st_size
    for entry_id in (entry.id or 0, ids[-1]):  # already reversed; itself a reversal
        with pytest.raises(ledger.ReversalRefused):
            book.reverse(entry_id, "2026-11-30", "again")
    with pytest.raises(ledger.ReversalRefused, match="reason"):
        book.reverse(ids[0], "2026-11-30", "  ")
    assert _ids(vault) == ids and path.stat().st_size == size
    group, problem = book.reversal_preview(entry.id or 0, "2026-11-30")
    assert len(group) == 4 and "already reversed" in problem
    assert book.reversal_preview(ids[0], "2026-11-30") == (
        [e for e in book.entries() if e.group == book.entries()[0].group],
        "",
    )


def test_a_failed_write_keeps_no_part_of_the_reversal(
    book: Cashbook, vault: Vault, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = book.entries()
    balances = book.balances()
    target = before[-1].id or 0

    def full(*args: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "pwrite", full)
        with pytest.raises(VaultWriteError):
            book.reverse(target, "2026-11-30", "paid twice")
    assert book.entries() == before  # memory rolled back: no half group
    assert book.balances() == balances
    assert _disk(path) == before
    # Nothing was kept, so the same reversal is not "already reversed" once the disk is back.
    assert len(book.reverse(target, "2026-11-30", "paid twice")) == 4


def test_a_write_failing_after_one_record_leaves_the_group_whole(
    book: Cashbook, vault: Vault, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the four entries written as four records, the disk would fill after the first."""
    real, calls = os.pwrite, []

    def fills_up(fd: int, data: Any, offset: int) -> int:
        if os.fstat(fd).st_ino != path.stat().st_ino:  # the high-water mark beside it
            return real(fd, data, offset)
        calls.append(len(data))
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data, offset)

    target = book.entries()[-1].id or 0
    with monkeypatch.context() as patch:
        patch.setattr(os, "pwrite", fills_up)
        new = book.reverse(target, "2026-11-30", "paid twice")
    assert len(calls) == 1 and len(new) == 4
    assert [e for e in _disk(path) if ledger.is_reversal(e.group)] == new


def test_a_reversed_payout_is_due_again_and_can_be_confirmed_and_reversed_again(
    book: Cashbook, vault: Vault
) -> None:
    book.confirm_payout("2026-11-20", 60000)
    before = book.balances()
    payout = book.confirm_payout("2026-11-27", 60000)
    assert book.last_payout() == "2026-11-27"
    book.reverse(payout.id or 0, "2026-11-30", "paid from the wrong account")
    # the schedule goes back to the payout before: the 27th is due again, not skipped
    assert book.last_payout() == "2026-11-20"
    assert [d.date for d in vault.payouts.list()] == ["2026-11-20"]
    assert book.balances() == before
    again = book.confirm_payout("2026-11-27", 60000)
    assert again.group != payout.group
    book.reverse(again.id or 0, "2026-11-30", "still the wrong account")
    assert book.last_payout() == "2026-11-20" and book.balances() == before


def test_reversing_an_invoice_payment_reopens_the_invoice_and_it_can_be_paid_again(
    book: Cashbook, vault: Vault, path: Path
) -> None:
    from homeops.rules.invoices import Invoice

    before = book.balances()
    number = book.new_invoice(Invoice(0, "acme", 90_000)).number
    day = dt.date(2026, 11, 25)
    _invoice, entries = book.pay_invoice(number, paid_on=day)
    book.reverse(entries[0].id or 0, "2026-11-26", "the bank returned it")
    reopened = vault.invoices.by_number(number)
    assert (reopened.status, reopened.paid_on) == ("sent", None)
    assert reopened.due == "2026-12-25"  # due as it was
    assert book.balances() == before
    # paid again, then that payment reversed too: a new group each time
    _invoice, again = book.pay_invoice(number, paid_on=day)
    assert again[0].group != entries[0].group
    book.reverse(again[1].id or 0, "2026-11-27", "wrong invoice")
    assert book.balances() == before
    with Vault.open(path, PASSPHRASE, read_only=True) as reader:
        assert reader.invoices.by_number(number).status == "sent"
