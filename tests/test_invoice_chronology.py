"""Invoice and credit-note dates follow their numbers and never pass today (issue 15, review
r15b #4; CGI art. 242 nonies A): the rules' one-line refusals naming the date allowed, the
service (nothing written), the CLI, and the demo's own series."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import one_line_error, private_home, runner

from homeops.cli import invoices as cli_invoices
from homeops.config import Settings
from homeops.demo.sample import generate
from homeops.rules.invoice_dates import OutOfOrder, credit_check, issue_check
from homeops.rules.invoices import Invoice
from homeops.rules.model import Client
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "chronology-passphrase-5"
TODAY = dt.date(2026, 12, 6)
D = dt.date.fromisoformat


def issue_problem(number: int, day: dt.date, invoices: list[Invoice], today: dt.date) -> str | None:
    """``issue_check``'s refusal as one line, or None."""
    found = issue_check(number, day, invoices, today)
    return found.text if found else None


def credit_problem(
    invoice: Invoice, day: dt.date, invoices: list[Invoice], today: dt.date, number: int
) -> str | None:
    """``credit_check``'s refusal as one line, or None."""
    found = credit_check(invoice, day, invoices, today, number)
    return found.text if found else None


def _issued(
    number: int,
    day: str,
    status: str = "sent",
    credit: int | None = None,
    credited_on: str | None = None,
) -> Invoice:
    return Invoice(number, "a", 100, status=status, issued=day, due=day, credit_note=credit,
                   credited_on=credited_on)  # fmt: skip


SERIES = [_issued(1, "2026-12-01"), _issued(2, "2026-12-05"), Invoice(3, "a", 100),
          _issued(4, "2026-12-05")]  # fmt: skip


@pytest.mark.parametrize(
    ("number", "day", "expected"),
    [
        (5, "2026-12-05", None),  # the same day as the last: fine
        (5, "2026-12-06", None),  # today
        (5, "2026-12-07", "F-0005 cannot be dated 2026-12-07, after today: date it 2026-12-06 "
                          "at the latest"),
        (5, "2026-01-01", "F-0005 cannot be dated 2026-01-01: F-0004 was issued on 2026-12-05; "
                          "date it 2026-12-05 or later"),
        # the draft F-0003 between F-0002 (5 Dec) and F-0004 (5 Dec): only the 5th
        (3, "2026-12-05", None),
        (3, "2026-12-04", "F-0003 cannot be dated 2026-12-04: F-0002 was issued on 2026-12-05; "
                          "date it 2026-12-05 or later"),
        (3, "2026-12-06", "F-0003 cannot be dated 2026-12-06: F-0004 was issued on 2026-12-05; "
                          "date it 2026-12-05 at the latest, or void it and invoice anew"),
    ],
)  # fmt: skip
def test_an_invoice_date(number: int, day: str, expected: str | None) -> None:
    assert issue_problem(number, D(day), SERIES, TODAY) == expected


def test_the_lower_numbers_latest_date_counts_not_the_last_number() -> None:
    # An older vault's series out of order: the latest date of any lower number is the floor.
    odd = [_issued(1, "2026-12-03"), _issued(2, "2026-12-01")]
    assert issue_problem(3, D("2026-12-02"), odd, TODAY) == (
        "F-0003 cannot be dated 2026-12-02: F-0001 was issued on 2026-12-03; date it 2026-12-03 "
        "or later"
    )


CREDITED = [_issued(1, "2026-11-20", "void", 1, "2026-12-02"),
            _issued(2, "2026-12-01"), _issued(3, "2026-11-25")]  # fmt: skip


@pytest.mark.parametrize(
    ("number", "day", "expected"),
    [
        (2, "2026-12-02", None),
        (2, "2026-12-06", None),
        (2, "2026-12-07", "AV-0002 cannot be dated 2026-12-07, after today: date it 2026-12-06 "
                          "at the latest"),
        (2, "2026-11-30", "AV-0002 cannot be dated 2026-11-30: F-0002 was issued on 2026-12-01; "
                          "date it 2026-12-01 or later"),
        # F-0003 issued 25 Nov, but AV-0001 is dated 2 Dec: not before it
        (3, "2026-12-01", "AV-0002 cannot be dated 2026-12-01: AV-0001 is dated 2026-12-02; "
                          "date it 2026-12-02 or later"),
    ],
)  # fmt: skip
def test_a_credit_note_date(number: int, day: str, expected: str | None) -> None:
    invoice = next(i for i in CREDITED if i.number == number)
    assert credit_problem(invoice, D(day), CREDITED, TODAY, 2) == expected


# -- the service ---------------------------------------------------------------------------------


@pytest.fixture
def business(tmp_path: Path) -> Iterator[Business]:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as vault:
        vault.clients.add(Client("acme"))
        yield Business(vault, Settings())


def test_the_service_refuses_and_records_nothing(business: Business) -> None:
    book = business.cashbook
    book.new_invoice(Invoice(0, "acme", 1_000, "Guide"), send_on=D("2026-12-05"), now=TODAY)
    draft = book.new_invoice(Invoice(0, "acme", 2_000, "Draft"))
    before = [(i.number, i.status, i.issued) for i in book.invoices()]
    with pytest.raises(OutOfOrder, match="F-0003 cannot be dated 2026-01-01: F-0001 was"):
        book.new_invoice(Invoice(0, "acme", 1_000, "Late"), send_on=D("2026-01-01"), now=TODAY)
    with pytest.raises(OutOfOrder, match="after today: date it 2026-12-06 at the latest"):
        book.new_invoice(Invoice(0, "acme", 1_000, "Soon"), send_on=D("2026-12-07"), now=TODAY)
    with pytest.raises(OutOfOrder, match="F-0002 cannot be dated 2026-12-04"):
        book.send_invoice(draft, D("2026-12-04"), now=TODAY)
    with pytest.raises(OutOfOrder, match="F-0002 cannot be dated 2026-12-04"):
        book.pay_invoice(2, paid_on=D("2026-12-04"), now=TODAY)  # paid at once: issued then
    with pytest.raises(OutOfOrder, match="AV-0001 cannot be dated 2026-12-04: F-0001 was"):
        book.void_invoice(book.invoice(1), D("2026-12-04"), now=TODAY)
    with pytest.raises(OutOfOrder, match="AV-0001 cannot be dated 2026-12-07, after today"):
        book.void_invoice(book.invoice(1), D("2026-12-07"), now=TODAY)
    assert [(i.number, i.status, i.issued) for i in book.invoices()] == before
    assert book.void_invoice(book.invoice(2), D("2026-11-01"), now=TODAY).credit_note is None
    assert book.void_invoice(book.invoice(1), D("2026-12-06"), now=TODAY).credit_note == 1


# -- the command line ----------------------------------------------------------------------------


def test_the_cli_names_the_date_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_invoices, "today", lambda ctx: TODAY)
    path = tmp_path / "data" / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        vault.clients.add(Client("acme"))
    run = runner(path, private_home(tmp_path, PASSPHRASE), capsys)
    code, _, err = run("invoice", "add", "--client", "acme", "--amount", "10", "--send",
                       "--date", "2026-12-05")  # fmt: skip
    assert code == 0, err
    before = run("export")[1]
    for argv, message in [
        (["invoice", "add", "--client", "acme", "--amount", "10", "--send", "--date",
          "2026-01-01"], "F-0002 cannot be dated 2026-01-01: F-0001 was issued on 2026-12-05; "
                         "date it 2026-12-05 or later"),
        (["invoice", "void", "1", "--date", "2026-12-07"],
         "AV-0001 cannot be dated 2026-12-07, after today: date it 2026-12-06 at the latest"),
        (["invoice", "void", "1", "--date", "2026-11-01"],
         "AV-0001 cannot be dated 2026-11-01: F-0001 was issued on 2026-12-05; date it "
         "2026-12-05 or later"),
    ]:  # fmt: skip
        code, out, err = run(*argv)
        assert (code, out) == (1, "")
        assert one_line_error(err) == f"homeops: {message}"  # no "--override" offered
    assert run("export")[1] == before


# -- the demo ------------------------------------------------------------------------------------


@pytest.mark.parametrize("today", [dt.date(2026, 12, 6), dt.date(2027, 3, 3)])
def test_the_demo_series_is_chronological(today: dt.date) -> None:
    invoices = sorted(generate(None, today=today).invoices, key=lambda i: i.number)
    issued = [i.issued for i in invoices if i.issued]
    assert issued == sorted(issued) and issued[-1] <= today.isoformat()
    credits = sorted((i.credit_note, i.credited_on or "", i.issued or "")
                     for i in invoices if i.credit_note)  # fmt: skip
    assert credits and [c[1] for c in credits] == sorted(c[1] for c in credits)
    assert all(issued_on <= on <= today.isoformat() for _, on, issued_on in credits)
