"""The board session reads which missions are billed or paid when a card first asks (issue 18
point 6: Enter -> board at 100,000 documents): making a board walks no payments, and ``to_bill``
answers as it did when the board read them at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.rules.model import Client, LedgerEntry, Mission
from homeops.services import Business, cash_outlook
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "board-billed-lazy-passphrase-6"
SETTINGS = Settings()
DELIVERED = SETTINGS.board.stages[-1]
NOON = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as opened:
        yield opened


def _missions(vault: Vault) -> tuple[Mission, Mission, Mission]:
    """A delivered mission paid without an invoice, one unpaid, one not delivered."""
    vault.clients.add(Client("acme"))
    paid = Mission("Paid", "acme", DELIVERED, fee_cents=50_000)
    unpaid = Mission("Unpaid", "acme", DELIVERED, fee_cents=30_000)
    early = Mission("Early", "acme", SETTINGS.board.stages[0], fee_cents=10_000)
    for mission in (paid, unpaid, early):
        vault.missions.add(mission)
    vault.ledger.add(LedgerEntry("2026-12-01", "Paid", 50_000, "Main", mission_id=paid.id))
    return paid, unpaid, early


def _spy_settled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    settled = cash_outlook.settled

    def counted(*args: object, **kwargs: object) -> set[int]:
        calls.append(1)
        return settled(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cash_outlook, "settled", counted)
    return calls


def test_a_new_board_walks_no_payments_until_a_delivered_card_asks(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    paid, unpaid, early = _missions(vault)
    calls = _spy_settled(monkeypatch)
    board = Business(vault, SETTINGS).missions.board(lambda: NOON)
    assert calls == []  # made and loaded: the payments not looked through
    assert board.to_bill(board.missions[early.id or 0]) is False
    assert calls == []  # not delivered: nothing to read
    assert board.load_billed() is False and calls == []  # never read: left to to_bill
    assert board.to_bill(board.missions[unpaid.id or 0]) is True
    assert board.to_bill(board.missions[paid.id or 0]) is False
    assert calls == [1]  # read once, when first asked


def test_to_bill_answers_as_the_board_read_at_once_did(vault: Vault) -> None:
    _paid, unpaid, _early = _missions(vault)
    board = Business(vault, SETTINGS).missions.board(lambda: NOON)
    asked = {m.title: board.to_bill(m) for m in board.missions.values()}
    assert asked == {"Paid": False, "Unpaid": True, "Early": False}
    # Paid later in the session: read again when asked to (the board's on_show does).
    vault.ledger.add(LedgerEntry("2026-12-02", "Unpaid", 30_000, "Main", mission_id=unpaid.id))
    assert board.load_billed() is True
    assert board.to_bill(board.missions[unpaid.id or 0]) is False
    # A board loaded again reads afresh at the first question.
    board.load()
    assert [m.title for m in board.missions.values() if board.to_bill(m)] == []
