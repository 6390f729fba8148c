"""Issue 14 follow-up (mend14, point 1): undoing a mission's creation takes back the deposit
invoice drafted in the same change, without leaving a gap in the number series."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.config.settings import MoneySettings
from homeops.rules.model import Client, Mission
from homeops.services import Business
from homeops.services.board import Board, UndoRefused
from homeops.storage.vault import KdfParams, Vault

SETTINGS = Settings(money=MoneySettings(payment_terms_days=30))
NOON = dt.datetime(2026, 11, 16, 12, tzinfo=dt.UTC)


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "v.hops", "correct horse battery staple",
                      kdf=KdfParams.fast()) as vault:  # fmt: skip
        vault.clients.add(Client("acme", terms_days=45, deposit_bp=2000))
        yield vault


@pytest.fixture
def business(vault: Vault) -> Business:
    return Business(vault, SETTINGS)


def _board(business: Business) -> Board:
    return business.missions.board(lambda: NOON)


def _guide(title: str = "Guide") -> Mission:
    return Mission(title, "acme", "Brief", fee_cents=100_000)  # 20 % deposit: 200,00


def test_undo_of_an_add_removes_its_draft_deposit_when_it_holds_the_last_number(
    business: Business,
) -> None:
    board = _board(business)
    added = board.add(_guide())
    assert [i.number for i in business.cashbook.invoices()] == [1]
    step = board.undo()
    assert step is not None and step.label == "add 'Guide'"
    assert business.cashbook.invoices() == []  # F-0001 free again: no gap
    assert added.id not in board.missions
    board.redo()  # drafted again, with the next number (1 again)
    [deposit] = business.cashbook.invoices()
    assert (deposit.number, deposit.mission_id, deposit.amount_cents) == (1, added.id, 20_000)
    board.undo()
    assert business.cashbook.invoices() == []


def test_undo_voids_the_deposit_when_a_later_invoice_took_the_next_number(
    business: Business, vault: Vault
) -> None:
    board = _board(business)
    first = board.add(_guide("First"))
    board.undo()  # nothing left
    first = board.add(_guide("First"))
    other = _board(business).add(_guide("Other"))  # F-0002, another session
    board.undo()  # First's F-0001 is not the last: voided, keeps its number
    by_number = {i.number: i for i in business.cashbook.invoices()}
    assert sorted(by_number) == [1, 2]
    assert (by_number[1].status, by_number[1].mission_id) == ("void", None)
    assert (by_number[2].status, by_number[2].mission_id) == ("draft", other.id)
    assert first.id not in {m.id for m in vault.missions.list()}
    board.redo()  # a new draft, F-0003
    assert [(i.number, i.status, i.mission_id) for i in business.cashbook.invoices()] == [
        (1, "void", None), (2, "draft", other.id), (3, "draft", first.id)]  # fmt: skip


def test_undo_refuses_when_the_deposit_is_paid_and_writes_nothing(
    business: Business, vault: Vault
) -> None:
    board = _board(business)
    added = board.add(_guide())
    [deposit] = vault.invoices.list()
    deposit.status, deposit.issued, deposit.due, deposit.paid_on = (
        "paid", "2026-11-16", "2026-12-31", "2026-11-17")  # fmt: skip
    vault.invoices.update(deposit)
    with pytest.raises(UndoRefused, match=r"^F-0001, the deposit of this mission, is paid"):
        board.undo()
    assert added.id in board.missions
    assert vault.missions.get(added.id or 0).title == "Guide"
    assert vault.invoices.list()[0].status == "paid"
    assert board.history.can_undo  # still there to undo once the payment is reversed
