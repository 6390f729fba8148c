"""Voiding a deposit that a later invoice deducts is refused (issue 15, review r15b #1): one
line naming both invoices and the way out, nothing written, in the service so that the CLI
and the Invoices page (tests/tui/test_void_deposit_console.py) both refuse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import one_line_error, private_home, runner

from homeops.config import Settings
from homeops.rules import invoices as inv
from homeops.rules.invoices import Invoice, InvoiceLine, InvoiceRefused
from homeops.rules.model import Client, Mission
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "void-deposit-passphrase-3"
DAY = dt.date(2026, 12, 4)
REFUSED = "F-0001 is deducted on F-0002: void F-0002 first"


def deposit_and_final(vault: Vault, *, send_final: bool = True) -> None:
    """Mission 1, 540,00 € with a 30 % deposit: F-0001 the deposit (162,00 €), F-0002 the
    mission's own invoice (540,00 − 162,00 = 378,00 €)."""
    business = Business(vault, Settings())
    with vault.transaction():
        vault.clients.add(Client("acme"))
        vault.missions.add(Mission("Brochure", "acme", "Delivered", fee_cents=54_000,
                                   deposit_bp=3_000))  # fmt: skip
    book = business.cashbook
    book.new_invoice(Invoice(0, "acme", 16_200, "Deposit", mission_id=1, kind="deposit",
                             lines=[InvoiceLine("Deposit", 16_200)]), send_on=DAY)  # fmt: skip
    final = book.draft_invoice(1, DAY, send_on=DAY if send_final else None)
    assert final.amount_cents == 37_800
    assert InvoiceLine("Deposit F-0001", -16_200) in final.lines


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as opened:
        yield opened


def test_deducted_on_finds_the_invoice_not_void_that_takes_it_off() -> None:
    deposit = Invoice(1, "a", 16_200, kind="deposit", status="sent", issued="2026-12-01")
    final = Invoice(2, "a", 37_800, lines=[InvoiceLine("Brochure", 54_000),
                                           InvoiceLine("Deposit F-0001", -16_200)])  # fmt: skip
    other = Invoice(3, "a", 5_000, lines=[InvoiceLine("Deposit F-0011", -1_000)])
    assert inv.deducted_on(deposit, [deposit, other, final]) is final
    final.status = "void"
    assert inv.deducted_on(deposit, [deposit, other, final]) is None
    # a positive line of the same words is not a deduction
    quoted = Invoice(4, "a", 100, lines=[InvoiceLine("Deposit F-0001", 100)])
    assert inv.deducted_on(deposit, [quoted]) is None


@pytest.mark.parametrize("send_final", [True, False], ids=["final-sent", "final-draft"])
def test_the_service_refuses_and_writes_nothing(vault: Vault, send_final: bool) -> None:
    deposit_and_final(vault, send_final=send_final)
    book = Business(vault, Settings()).cashbook
    records = vault.info()["journal_records"]
    with pytest.raises(InvoiceRefused) as refused:
        book.void_invoice(book.invoice(1), DAY)
    assert str(refused.value) == REFUSED
    assert vault.info()["journal_records"] == records
    stored = book.invoice(1)
    assert (stored.status, stored.credit_note) == ("sent", None)


def test_voiding_the_final_first_then_the_deposit_works(vault: Vault) -> None:
    deposit_and_final(vault)
    book = Business(vault, Settings()).cashbook
    assert book.void_invoice(book.invoice(2), DAY).credit_note == 1
    voided = book.void_invoice(book.invoice(1), DAY)
    assert (voided.status, voided.credit_note) == ("void", 2)


def test_the_cli_refuses_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "data" / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        deposit_and_final(vault)
    run = runner(path, private_home(tmp_path, PASSPHRASE), capsys)
    before = run("export")[1]
    code, out, err = run("invoice", "void", "1", "--date", DAY.isoformat())
    assert (code, out) == (1, "")
    assert one_line_error(err) == f"homeops: {REFUSED}"
    assert run("export")[1] == before
    assert run("invoice", "void", "2", "--date", DAY.isoformat())[1] == (
        "F-0002 void, credit note AV-0001\n"
    )
    assert run("invoice", "void", "1", "--date", DAY.isoformat())[1] == (
        "F-0001 void, credit note AV-0002\n"
    )
