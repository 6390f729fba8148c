"""Credit notes (issue 15, part d4): a void invoice that had been issued is cancelled by a
credit note numbered in a second series without gaps (AV-0001), given in the same change
that voids it; a draft voided gets none; an older vault's void, issued invoice gets its
number when first asked for (``Cashbook.credit_note_for``). The CLI and the import."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import Run, one_line_error, private_home, runner

from homeops.config import Settings
from homeops.rules import invoices as inv
from homeops.rules.invoices import Invoice, InvoiceRefused
from homeops.rules.model import Client
from homeops.services import Business
from homeops.services.errors import ImportRefused, NoCreditNote, NotFound
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "credit-note-passphrase-7"
DAY = dt.date(2026, 12, 6)


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as opened:
        opened.clients.add(Client("acme"))
        yield opened


@pytest.fixture
def business(vault: Vault) -> Business:
    return Business(vault, Settings())


def _issued(business: Business, cents: int = 10_000, day: dt.date = DAY) -> Invoice:
    return business.cashbook.new_invoice(Invoice(0, "acme", cents, "Guide"), send_on=day)


def _draft(business: Business) -> Invoice:
    return business.cashbook.new_invoice(Invoice(0, "acme", 5_000, "Draft"))


def test_labels_and_next_number() -> None:
    assert inv.credit_label(1) == "AV-0001"
    assert inv.credit_label(12345) == "AV-12345"
    voided = [Invoice(1, "a", 1, status="void", issued="2026-01-01", credit_note=3),
              Invoice(2, "a", 1, status="void", issued="2026-01-01", credit_note=1),
              Invoice(3, "a", 1)]  # fmt: skip
    assert inv.next_credit_note(voided) == 4
    assert inv.next_credit_note([]) == 1


def test_voiding_issued_invoices_numbers_their_credit_notes_without_gaps(
    business: Business, vault: Vault
) -> None:
    book = business.cashbook
    first, draft, second, third = _issued(business), _draft(business), _issued(business), \
        _issued(business)  # fmt: skip
    changes = vault.info()["journal_records"]
    voided = book.void_invoice(book.invoice(second.number), DAY)
    assert (voided.status, voided.credit_note, voided.credited_on) == ("void", 1, "2026-12-06")
    assert vault.info()["journal_records"] == changes + 1  # one change: void and number
    assert book.void_invoice(book.invoice(draft.number), DAY).credit_note is None  # a draft
    later = dt.date(2026, 12, 9)  # now=: a credit note is never dated after today (issue 15)
    assert book.void_invoice(book.invoice(first.number), later, now=later).credit_note == 2
    assert book.void_invoice(book.invoice(third.number), later, now=later).credit_note == 3
    stored = {i.label: (i.credit_note, i.credited_on) for i in book.invoices()}
    assert stored == {
        "F-0001": (2, "2026-12-09"),
        "F-0002": (None, None),
        "F-0003": (1, "2026-12-06"),
        "F-0004": (3, "2026-12-09"),
    }


def test_a_paid_invoice_cannot_be_voided_and_takes_no_number(business: Business) -> None:
    book = business.cashbook
    paid = _issued(business)
    book.pay_invoice(paid.number, paid_on=DAY)
    with pytest.raises(InvoiceRefused):
        book.void_invoice(book.invoice(paid.number), DAY)
    assert book.invoice(paid.number).credit_note is None
    assert inv.next_credit_note(book.invoices()) == 1


def test_an_older_vaults_void_issued_invoice_gets_its_number_once(
    business: Business, vault: Vault
) -> None:
    # Voided by an older homeops: void and issued, no credit note.
    vault.invoices.add(Invoice(1, "acme", 8_000, status="void", issued="2026-10-01",
                               due="2026-10-31"))  # fmt: skip
    _issued(business)  # F-0002
    book = business.cashbook
    book.void_invoice(book.invoice(2), DAY)  # AV-0001 goes to F-0002
    changes = vault.info()["journal_records"]
    old = book.credit_note_for(1, dt.date(2026, 12, 7))
    assert (old.credit_note, old.credited_on) == (2, "2026-12-07")
    assert vault.info()["journal_records"] == changes + 1
    again = book.credit_note_for(1, dt.date(2026, 12, 20))  # asked again: the same, no change
    assert (again.credit_note, again.credited_on) == (2, "2026-12-07")
    assert vault.info()["journal_records"] == changes + 1
    assert book.credit_note_for(2, DAY).credit_note == 1


def test_credit_note_for_refuses_what_takes_none(business: Business, vault: Vault) -> None:
    book = business.cashbook
    sent, draft = _issued(business), _draft(business)
    book.void_invoice(book.invoice(draft.number), DAY)
    before = vault.export_data()
    with pytest.raises(NoCreditNote) as not_void:
        book.credit_note_for(sent.number, DAY)
    assert str(not_void.value) == "F-0001 is sent, not void: it has no credit note"
    with pytest.raises(NoCreditNote) as never_issued:
        book.credit_note_for(draft.number, DAY)
    assert str(never_issued.value) == (
        "F-0002 was voided as a draft, never issued: it needs no credit note"
    )
    assert isinstance(never_issued.value, ValueError)
    with pytest.raises(NotFound):
        book.credit_note_for(9, DAY)
    assert vault.export_data() == before


def test_the_console_model_voids_with_its_day(business: Business) -> None:
    # The Ledger's model passes its today (tui/views/ledger_model.py): the same service.
    sent = _issued(business)
    day = dt.date(2027, 1, 2)
    voided = business.cashbook.void_invoice(sent, day, now=day)  # its today: never later
    assert voided.credited_on == "2027-01-02"


# -- the import --------------------------------------------------------------------------------


def _export_with_credit_notes(business: Business, vault: Vault) -> dict[str, object]:
    book = business.cashbook
    for _ in range(3):
        _issued(business)
    book.void_invoice(book.invoice(1), DAY)
    book.void_invoice(book.invoice(3), DAY)
    data: dict[str, object] = json.loads(json.dumps(vault.export_data()))
    return data


def test_an_export_with_credit_notes_imports(business: Business, vault: Vault) -> None:
    data = _export_with_credit_notes(business, vault)
    tables = Vault.parse_export(json.dumps(data))
    assert {d.get("credit_note") for d in tables["invoices"].values()} == {1, 2, None}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"3": {"credit_note": 3}},
            "invoices #3: credit note AV-0003 leaves a gap in the series "
            "(AV-0002 is missing): credit notes run from AV-0001 without gaps",
        ),
        ({"3": {"credit_note": 1}}, "credit_note is the same as invoices #1's"),
        (
            {"2": {"credit_note": 3, "credited_on": "2026-12-06"}},
            "invoices #2: only a void invoice that was issued has a credit_note",
        ),
        ({"3": {"credited_on": None}}, "invoices #3: a credit note needs its credited_on date"),
        ({"2": {"credited_on": "2026-12-06"}}, "invoices #2: credited_on without a credit_note"),
        ({"3": {"credited_on": "2026-01-01"}}, "invoices #3: credited_on is before the issue date"),
    ],
)
def test_an_import_checks_the_credit_note_series(
    business: Business, vault: Vault, change: dict[str, dict[str, object]], message: str
) -> None:
    data = _export_with_credit_notes(business, vault)
    invoices = data["tables"]["invoices"]  # type: ignore[index]
    for key, fields in change.items():
        invoices[key].update(fields)
    with pytest.raises(ImportRefused) as refused:
        Vault.parse_export(json.dumps(data))
    assert message in str(refused.value)


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    path = tmp_path / "cli.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as made:
        made.clients.add(Client("acme"))
    return runner(path, private_home(tmp_path, PASSPHRASE), capsys)


def test_the_cli_voids_with_a_credit_note_and_shows_it(run: Run) -> None:
    for argv in (("invoice", "add", "--client", "acme", "--amount", "100", "--send",
                  "--date", "2026-11-02", "--description", "Guide"),
                 ("invoice", "add", "--client", "acme", "--amount", "50",
                  "--description", "Draft")):  # fmt: skip
        assert run(*argv)[0] == 0
    code, out, err = run("invoice", "void", "F-0001", "--date", "2026-12-06")
    assert code == 0, err
    assert out == "F-0001 void, credit note AV-0001\n"
    code, out, _ = run("invoice", "void", "2", "--date", "2026-12-06")
    assert out == "F-0002 void\n"  # a draft: no credit note

    code, out, _ = run("invoice", "show", "F-0001")
    assert "issued 2026-11-02" in out and "credit note AV-0001 of 2026-12-06" in out
    code, out, _ = run("invoice", "show", "F-0001", "--json")
    shown = json.loads(out)
    assert (shown["credit_note"], shown["credited_on"], shown["credit_label"]) == (
        1, "2026-12-06", "AV-0001")  # fmt: skip
    code, out, _ = run("invoice", "show", "F-0002", "--json")
    assert json.loads(out)["credit_label"] is None

    code, out, _ = run("invoices")
    rows = {line.split()[0]: line for line in out.splitlines()[1:] if line.strip()}
    assert "AV-0001 Guide" in rows["F-0001"]
    assert "AV-" not in rows["F-0002"]
    code, out, _ = run("invoices", "--json")
    labels = {i["label"]: i["credit_label"] for i in json.loads(out)["invoices"]}
    assert labels == {"F-0001": "AV-0001", "F-0002": None}


def test_the_cli_refuses_voiding_a_void_invoice_in_one_line(run: Run) -> None:
    run("invoice", "add", "--client", "acme", "--amount", "100", "--send")
    run("invoice", "void", "1")
    code, _, err = run("invoice", "void", "1")
    assert code == 1 and one_line_error(err) == "homeops: F-0001 is void; it cannot be voided"
