"""A series no day fits (issue 15, fix G5, review r2a #1 #2): an invoice or credit note after
one dated in the future, or between two out of order (an import, an older vault), is refused
with what is wrong and a real way out (an override with a reason, kept as an event); ``check``
and ``import`` name such dates; a draft marked paid on a day it cannot be issued is told to
be sent first with its issue date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cli_helpers import one_line_error, private_home, runner

from homeops.cli import invoices as cli_invoices
from homeops.cli import money_args
from homeops.config import Settings
from homeops.rules.invoice_dates import (
    DraftNotIssued,
    OutOfOrder,
    credit_check,
    issue_check,
    series_problems,
)
from homeops.rules.invoices import Invoice
from homeops.rules.model import Client
from homeops.services import Business
from homeops.services.series_dates import DATE_OVERRIDE
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "series-stuck-passphrase-5"
TODAY = dt.date(2026, 12, 6)
D = dt.date.fromisoformat
WAIT = (
    "the series cannot go on before that day; wait until then, or date it 2026-12-06 with "
    "an override"
)


def _sent(number: int, day: str, credit: int | None = None, on: str | None = None) -> Invoice:
    status = "void" if credit else "sent"
    return Invoice(number, "acme", 100, status=status, issued=day, due=day, credit_note=credit,
                   credited_on=on)  # fmt: skip


# The attacker's import: AV-0001 of 20 Dec and F-0040 of 10 Dec, imported on 6 Dec.
FUTURE = [_sent(39, "2026-12-01", 1, "2026-12-20"), _sent(40, "2026-12-10"),
          Invoice(41, "acme", 100), _sent(42, "2026-12-01")]  # fmt: skip


# -- the rules -----------------------------------------------------------------------------------


def test_after_a_future_date_no_day_fits_and_the_refusal_says_why() -> None:
    found = issue_check(41, TODAY, FUTURE, TODAY)
    assert found is not None and found.stuck and found.allowed is None
    assert (
        found.text
        == f"F-0041 cannot be dated 2026-12-06: F-0040 is dated 2026-12-10, in the future: {WAIT}"
    )
    assert found.after == "F-0040 2026-12-10"
    # the day the user was sent to before (the 10th) is refused too: after today
    assert issue_check(41, D("2026-12-10"), FUTURE, TODAY, override=True) is not None
    assert issue_check(41, TODAY, FUTURE, TODAY, override=True) is None
    assert issue_check(41, D("2026-11-01"), FUTURE, TODAY, override=True) is None


def test_between_two_out_of_order_no_day_fits() -> None:
    odd = [_sent(1, "2026-12-05"), Invoice(2, "acme", 100), _sent(3, "2026-12-01")]
    found = issue_check(2, D("2026-12-03"), odd, TODAY)
    assert found is not None and found.stuck
    assert found.text == ("F-0002 cannot be dated 2026-12-03: F-0001 (2026-12-05) is dated after "
                          "F-0003 (2026-12-01), out of order: no day fits between them; void it "
                          "and invoice anew, or date it 2026-12-06 with an override")  # fmt: skip
    assert issue_check(2, D("2026-12-03"), odd, TODAY, override=True) is None


def test_an_override_does_not_pass_a_series_some_day_fits() -> None:
    series = [_sent(1, "2026-12-05")]
    found = issue_check(2, D("2026-12-01"), series, TODAY, override=True)
    assert found is not None and not found.stuck and found.allowed == "2026-12-05"


def test_a_credit_note_after_a_future_one() -> None:
    found = credit_check(FUTURE[3], TODAY, FUTURE, TODAY, 2)
    assert found is not None and found.stuck
    assert (
        found.text
        == f"AV-0002 cannot be dated 2026-12-06: AV-0001 is dated 2026-12-20, in the future: {WAIT}"
    )
    # the later of the two floors is named: here the invoice's own date
    future_invoice = credit_check(FUTURE[1], TODAY, FUTURE[1:], TODAY, 1)
    assert future_invoice is not None and future_invoice.text == (
        "AV-0001 cannot be dated 2026-12-06: F-0040 was issued on 2026-12-10, in the future: "
        + WAIT
    )
    assert credit_check(FUTURE[3], TODAY, FUTURE, TODAY, 2, override=True) is None
    assert credit_check(FUTURE[3], D("2026-12-07"), FUTURE, TODAY, 2, override=True) is not None


def test_series_problems_one_line_each() -> None:
    assert list(series_problems(FUTURE, TODAY)) == [
        "F-0040 is dated 2026-12-10, in the future",
        "F-0042 is dated 2026-12-01, before F-0040 (2026-12-10): out of order",
        "AV-0001 is dated 2026-12-20, in the future",
    ]
    assert list(series_problems(FUTURE, D("2026-12-31"))) == [
        "F-0042 is dated 2026-12-01, before F-0040 (2026-12-10): out of order",
    ]


# -- the service ---------------------------------------------------------------------------------


def _vault(path: Path, invoices: list[Invoice]) -> None:
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        vault.clients.add(Client("acme"))
        for invoice in invoices:
            vault.invoices.add(invoice)


def _state(book: object) -> list[tuple[object, ...]]:
    return [(i.number, i.status, i.issued, i.credit_note, i.credited_on)
            for i in book.invoices()]  # type: ignore[attr-defined]  # fmt: skip


def test_the_service_offers_a_way_out_and_keeps_the_reason(tmp_path: Path) -> None:
    _vault(tmp_path / "v.hops", FUTURE)
    with Vault.open(tmp_path / "v.hops", PASSPHRASE) as vault:
        book = Business(vault, Settings()).cashbook
        before = _state(book)
        with pytest.raises(OutOfOrder, match="AV-0001 is dated 2026-12-20, in the future") as exc:
            book.void_invoice(book.invoice(42), TODAY, now=TODAY)
        assert exc.value.stuck
        with pytest.raises(OutOfOrder, match="in the future"):  # an override never dates ahead
            book.send_invoice(book.invoice(41), D("2026-12-11"), now=TODAY, override="clock")
        assert _state(book) == before and vault.events.list() == []
        voided = book.void_invoice(book.invoice(42), TODAY, now=TODAY, override=" clock  wrong ")
        assert (voided.status, voided.credit_note, voided.credited_on) == ("void", 2, "2026-12-06")
        sent = book.send_invoice(book.invoice(41), D("2026-12-05"), now=TODAY, override="clock")
        assert (sent.status, sent.issued) == ("sent", "2026-12-05")
        events = vault.events.of_kind(DATE_OVERRIDE)
        assert [(e.at, e.details) for e in events] == [
            ("2026-12-06", {"dated": "AV-0002", "date": "2026-12-06",
                            "after": "AV-0001 2026-12-20", "reason": "clock wrong"}),
            ("2026-12-06", {"dated": "F-0041", "date": "2026-12-05",
                            "after": "F-0040 2026-12-10", "reason": "clock"}),
        ]  # fmt: skip


def test_a_draft_paid_on_a_day_it_cannot_be_issued_is_sent_first(tmp_path: Path) -> None:
    _vault(tmp_path / "v.hops", [Invoice(46, "acme", 100), _sent(47, "2026-12-05")])
    with Vault.open(tmp_path / "v.hops", PASSPHRASE) as vault:
        book = Business(vault, Settings()).cashbook
        with pytest.raises(DraftNotIssued) as exc:
            book.pay_invoice(46, paid_on=TODAY, now=TODAY)
        assert str(exc.value) == ("F-0046 cannot be dated 2026-12-06: F-0047 was issued on "
                                  "2026-12-05; send it first with its issue date 2026-12-05, "
                                  "then mark it paid")  # fmt: skip
        assert book.invoice(46).status == "draft" and vault.ledger.list() == []


# -- the command line ----------------------------------------------------------------------------


@pytest.fixture
def run_on(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    # The commands' "today" and the default --date (money_args.day) alike: TODAY was the
    # day these tests were written, and they read the same on any later day.
    monkeypatch.setattr(cli_invoices, "today", lambda ctx: TODAY)
    monkeypatch.setattr(money_args, "today", lambda ctx: TODAY)
    home = private_home(tmp_path, PASSPHRASE)

    def make(name: str, invoices: list[Invoice] | None):  # type: ignore[no-untyped-def]
        path = tmp_path / "data" / name
        if invoices is not None:
            _vault(path, invoices)
        return runner(path, home, capsys)

    return make


def test_the_cli_void_and_send_are_never_stuck(run_on) -> None:  # type: ignore[no-untyped-def]
    run = run_on("v.hops", FUTURE)
    before = run("export")[1]
    stuck = ("AV-0002 cannot be dated {}: AV-0001 is dated 2026-12-20, in the future: " + WAIT
             + " (add --override REASON; the reason is kept)")  # fmt: skip
    for argv, day in [([], "2026-12-06"), (["--date", "2026-12-20"], "2026-12-20")]:
        code, out, err = run("invoice", "void", "42", *argv)
        assert (code, out) == (1, "")
        assert one_line_error(err) == "homeops: " + stuck.format(day)
    code, out, err = run("invoice", "paid", "41")
    assert (code, out) == (1, "")
    assert one_line_error(err) == (
        "homeops: F-0041 cannot be dated 2026-12-06: F-0040 is dated 2026-12-10, in the future; "
        "send it first (homeops invoice send 41 --override REASON), then mark it paid"
    )
    code, _, err = run("invoice", "void", "42", "--override", "   ")
    assert code == 1 and "--override needs a reason" in one_line_error(err)
    assert run("export")[1] == before
    code, out, err = run("invoice", "void", "42", "--override", "the export's clock was wrong")
    assert (code, out) == (0, "F-0042 void, credit note AV-0002\n"), err
    code, out, err = run("invoice", "send", "41", "--override", "the export's clock was wrong")
    assert code == 0 and out.startswith("F-0041 sent, due "), err
    events = json.loads(run("export")[1])["tables"]["events"]
    assert sorted(e["details"]["dated"] for e in events.values()) == ["AV-0002", "F-0041"]


def test_the_cli_paid_on_a_draft_names_the_send(run_on) -> None:  # type: ignore[no-untyped-def]
    run = run_on("v.hops", [Invoice(46, "acme", 100), _sent(47, "2026-12-05")])
    code, out, err = run("invoice", "paid", "46")
    assert (code, out) == (1, "")
    assert one_line_error(err) == (
        "homeops: F-0046 cannot be dated 2026-12-06: F-0047 was issued on 2026-12-05; send it "
        "first with its issue date (homeops invoice send 46 --date 2026-12-05), then mark it paid"
    )
    assert run("invoice", "send", "46", "--date", "2026-12-05")[0] == 0
    assert run("invoice", "paid", "46")[0] == 0


def test_check_and_import_name_the_dates_out_of_order(run_on, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    today = dt.date.today()  # check and import read the computer's date
    ahead = (today + dt.timedelta(days=10)).isoformat()
    back = (today - dt.timedelta(days=3)).isoformat()
    run = run_on("v.hops", [_sent(1, ahead), _sent(2, back)])
    lines = [
        f"invoice series: F-0001 is dated {ahead}, in the future",
        f"invoice series: F-0002 is dated {back}, before F-0001 ({ahead}): out of order",
    ]
    code, out, err = run("check")
    assert code == 0 and out.startswith("vault OK")
    assert err.splitlines() == [f"homeops: {line}" for line in lines]
    code, out, err = run("check", "--json")
    assert code == 0 and json.loads(out)["notices"] == lines
    # an import takes them as they were (an older vault must come back), and says so
    (tmp_path / "export.json").write_text(run("export")[1])
    code, out, err = run_on("new.hops", None)("import", str(tmp_path / "export.json"))
    assert code == 0 and out.startswith("imported "), err
    assert err.splitlines() == [f"homeops: {line}" for line in lines]
