"""The cashbook use cases (``homeops.services.cashbook``): the one write path of every money
change, for the console and the command line. Reversals have their own file
(tests/test_ledger_vault.py); the faces' tests (tests/test_cli_money.py,
tests/tui/test_ledger_view.py) drive these through a Business."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from homeops.config import Settings
from homeops.config.settings import MoneySettings, PayoutSettings
from homeops.rules import ledger
from homeops.rules.forecast import RecurringCost
from homeops.rules.invoices import Invoice, InvoiceRefused
from homeops.rules.ledger import EntryFilter
from homeops.rules.model import Client, Mission
from homeops.services import Business
from homeops.services.cashbook import Cashbook
from homeops.services.errors import NotFound
from homeops.services.waiting import ChangesWait
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "correct horse battery staple"
SHARES = {"taxes": 3000, "pay": 7000}
SETTINGS = Settings(money=MoneySettings(currency="CHF", shares_bp=SHARES, payment_terms_days=14))
DAY = dt.date(2026, 11, 20)


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as opened:
        opened.clients.add(Client("acme"))
        opened.missions.add(Mission("Guide: compost", "acme", "Brief", fee_cents=90_000))
        opened.missions.add(Mission("Old guide", "acme-mag", "Delivered", archived=True))
        yield opened


@pytest.fixture
def book(vault: Vault) -> Cashbook:
    return Cashbook(vault, SETTINGS)


def contents(vault: Vault) -> dict[str, list[dict[str, Any]]]:
    return {name: [dict(doc) for doc in vault.db.table(name).all()] for name in vault.db.tables()}


def test_the_business_holds_one_cashbook_on_its_settings(vault: Vault) -> None:
    business = Business(vault, SETTINGS)
    assert isinstance(business.cashbook, Cashbook)
    assert business.cashbook.settings is SETTINGS and business.cashbook.envelopes == [
        "taxes",
        "pay",
    ]


def test_income_is_split_with_the_settings_and_described_once(book: Cashbook) -> None:
    plain = book.record_income(10_000, date="2026-11-20")
    assert [(e.envelope, e.amount_cents, e.currency) for e in plain] == [
        ("taxes", 3000, "CHF"), ("pay", 7000, "CHF")]  # fmt: skip
    assert {e.description for e in plain} == {"Payment received"}
    assert len({e.group for e in plain}) == 1 and plain[0].group.startswith("in-2026-11-20-")
    titled = book.record_income(100, date="2026-11-20", mission_id=1)
    assert {e.description for e in titled} == {"Payment from acme: Guide: compost"}
    assert {e.mission_id for e in titled} == {1}
    memo = book.record_income(100, date="2026-11-20", memo="deposit", mission_id=1, most=20)
    assert {e.description for e in memo} == {"Payment from acme: d"}  # cut where asked
    assert book.payment_lead(1) == "Payment from acme: "
    assert book.balances() == {"taxes": 3060, "pay": 7140}


def test_an_unknown_mission_is_not_found_and_nothing_is_recorded(
    book: Cashbook, vault: Vault
) -> None:
    before = contents(vault)
    with pytest.raises(NotFound):
        book.record_income(100, date="2026-11-20", mission_id=99)
    with pytest.raises(LookupError):
        book.mission(99)
    assert contents(vault) == before


def test_invoices_are_numbered_sent_paid_and_voided_with_the_settings(book: Cashbook) -> None:
    first = book.new_invoice(Invoice(0, "acme", 50_000, "guide"), send_on=DAY)
    assert (first.number, first.status, first.issued, first.due) == (
        1, "sent", "2026-11-20", "2026-12-04")  # fmt: skip
    draft = book.new_invoice(Invoice(0, "acme", 20_000))
    assert (draft.number, draft.status) == (2, "draft")
    sent = book.send_invoice(draft, DAY + dt.timedelta(days=1))
    assert (sent.status, sent.due) == ("sent", "2026-12-05")
    paid, entries = book.pay_invoice(1, paid_on=DAY)
    assert paid.status == "paid" and [e.amount_cents for e in entries] == [15_000, 35_000]
    assert entries[0].description == "Payment of F-0001 from acme: guide"
    with pytest.raises(InvoiceRefused):
        book.void_invoice(book.invoice(1))
    assert book.void_invoice(book.invoice(2)).status == "void"
    assert [i.status for i in book.invoices()] == ["paid", "void"]
    with pytest.raises(NotFound):
        book.invoice(3)
    assert book.client_known("acme") and not book.client_known("nobody")


def test_expenses_transfers_payouts_and_recurring_costs(book: Cashbook) -> None:
    book.record_income(100_000, date="2026-11-01")
    book.record_expense(ledger.expense(1999, date="2026-11-02", category="software",
                                       currency="CHF", envelope="pay"))  # fmt: skip
    legs = book.transfer(1000, date="2026-11-03", source="pay", target="taxes", reason="VAT")
    assert [e.currency for e in legs] == ["CHF", "CHF"]
    payout = book.confirm_payout("2026-11-06", 60_000, paid_on="2026-11-05")
    assert (payout.date, payout.currency, payout.amount_cents) == ("2026-11-05", "CHF", -60_000)
    held = book.hold_payout("2026-11-13", 60_000, "  cushion low ")
    assert (held.status, held.reason) == ("held", "cushion low")
    with pytest.raises(ValueError, match="reason"):
        book.hold_payout("2026-11-20", 60_000, " ")
    assert book.last_payout() == "2026-11-13"
    assert book.balances() == {"taxes": 31_000, "pay": 70_000 - 1999 - 1000 - 60_000}
    cost = book.add_recurring(RecurringCost("Backup", 500, "FREQ=MONTHLY", "2026-11-01", "pay"))
    assert cost.id is not None and book.recurring_costs() == [cost]
    assert [e.date for e in book.entries()] == sorted(e.date for e in book.entries())


def test_a_client_filter_also_matches_the_entries_of_its_missions(book: Cashbook) -> None:
    book.record_income(100, date="2026-11-01", mission_id=2)  # the archived mission's
    book.record_income(100, date="2026-11-02", memo="from someone else")
    wanted = book.with_missions(ledger.parse_filter("client:acme-mag"))
    assert wanted.mission_ids == frozenset({2})
    assert {r.mission_id for r in book.rows().matching(wanted)} == {2}
    assert len(book.rows().matching(EntryFilter())) == 4  # nothing asked: every row
    assert len(book.rows().matching(ledger.parse_filter("month:2026-11 env:pay"))) == 2


def test_the_outlook_follows_the_settings(vault: Vault) -> None:
    weekly = Settings(payout=PayoutSettings(rule="FREQ=WEEKLY;BYDAY=FR", amount_cents=30_000))
    book = Cashbook(vault, weekly)
    book.record_income(200_000, date="2026-11-01")
    view = book.outlook(DAY, payouts=3, weeks=4)
    assert [line.date for line in view.payouts] == ["2026-11-20", "2026-11-27", "2026-12-04"]
    assert {line.amount_cents for line in view.payouts} == {30_000}
    assert len(view.forecast.weeks) == 4 and view.balances == book.balances()
    never = Cashbook(
        vault, Settings(payout=PayoutSettings(rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"))
    )
    with pytest.raises(ValueError):
        never.outlook(DAY)


CHANGES: dict[str, Callable[[Cashbook], object]] = {
    "income": lambda b: b.record_income(100, date="2026-11-20"),
    "expense": lambda b: b.record_expense(
        ledger.expense(50, date="2026-11-20", category="x", currency="CHF", envelope="pay")
    ),
    "transfer": lambda b: b.transfer(  # pay holds 70: covered
        50, date="2026-11-20", source="pay", target="taxes", reason="r"
    ),
    "reverse": lambda b: b.reverse(1, "2026-11-20", "typo"),
    "new invoice": lambda b: b.new_invoice(Invoice(0, "acme", 100)),
    "send invoice": lambda b: b.send_invoice(b.invoice(1), DAY),
    "void invoice": lambda b: b.void_invoice(b.invoice(1)),
    "pay invoice": lambda b: b.pay_invoice(1, paid_on=DAY),
    "confirm payout": lambda b: b.confirm_payout("2026-11-20", 70),  # what pay holds
    "hold payout": lambda b: b.hold_payout("2026-11-20", 100, "r"),
    "recurring": lambda b: b.add_recurring(
        RecurringCost("x", 100, "FREQ=MONTHLY", "2026-11-01", "pay")
    ),
}


@pytest.mark.parametrize("name", CHANGES)
def test_no_change_starts_during_a_long_write(name: str, book: Cashbook, vault: Vault) -> None:
    book.record_income(100, date="2026-11-01")
    book.new_invoice(Invoice(0, "acme", 100))
    before = contents(vault)
    with vault.long_write("erasing a client"), pytest.raises(ChangesWait, match="erasing"):
        CHANGES[name](book)
    assert contents(vault) == before
    CHANGES[name](book)  # once it ends, the same change is recorded
    assert contents(vault) != before


# -- issue 13: decide before spending, money counted once ------------------------------------


def test_an_expense_its_envelope_does_not_hold_is_refused_with_the_numbers(
    book: Cashbook, vault: Vault
) -> None:
    from homeops.services.errors import NotCovered

    book.record_income(10_000, date="2026-11-01")  # pay 70,00
    before = contents(vault)
    spend = ledger.expense(9_000, date="2026-11-02", category="laptop", currency="CHF",
                           envelope="pay")  # fmt: skip
    with pytest.raises(NotCovered) as refused:
        book.record_expense(spend)
    assert (refused.value.envelope, refused.value.balance, refused.value.amount) == (
        "pay", 7_000, 9_000,
    )  # fmt: skip
    assert refused.value.missing == 2_000
    text = str(refused.value).replace("\u202f", " ").replace("\u00a0", " ")
    assert "pay holds 70,00 CHF" in text and "20,00 CHF short" in text and "override" in text
    assert contents(vault) == before  # nothing recorded
    with pytest.raises(NotCovered):
        book.record_expense(spend, override="   ")  # a reason, not blanks
    kept = book.record_expense(spend, override="the old one broke")
    assert kept.description == "laptop (override: the old one broke)"
    assert book.balances()["pay"] == -2_000
    book.record_expense(  # exactly what it holds is covered
        ledger.expense(3_000, date="2026-11-02", category="x", currency="CHF", envelope="taxes")
    )
    assert book.balances()["taxes"] == 0


def test_entries_run_newest_first_within_a_day_and_a_split_stays_in_order(
    book: Cashbook,
) -> None:
    """Issue 13 point 5: within a day the entries ran oldest first, so the entry just
    recorded hid below --limit."""
    book.record_income(10_000, date="2026-11-03")
    book.record_income(10_000, date="2026-11-02")
    book.record_expense(ledger.expense(100, date="2026-11-02", category="stamps",
                                       currency="CHF", envelope="pay"))  # fmt: skip
    book.transfer(50, date="2026-11-02", source="pay", target="taxes", reason="r")
    listed = [(r.date, r.kind, r.envelope) for r in book.rows()]
    assert listed[:7] == [
        ("2026-11-03", "income", "taxes"), ("2026-11-03", "income", "pay"),
        ("2026-11-02", "transfer", "pay"), ("2026-11-02", "transfer", "taxes"),
        ("2026-11-02", "expense", "pay"),
        ("2026-11-02", "income", "taxes"), ("2026-11-02", "income", "pay"),
    ]  # fmt: skip


def test_a_mission_paid_without_its_invoice_is_not_paid_again_by_it(
    book: Cashbook, vault: Vault
) -> None:
    """Issue 13 point 4: `income --mission 1` then `invoice paid` counted the money twice."""
    from homeops.services.errors import PaidTwice

    first = book.record_income(90_000, date="2026-11-02", mission_id=1)  # the whole fee
    invoice = book.new_invoice(Invoice(0, "acme", 90_000, mission_id=1), send_on=DAY)
    before = contents(vault)
    with pytest.raises(PaidTwice) as refused:
        book.pay_invoice(invoice.number, paid_on=DAY)
    assert (refused.value.mission_id, refused.value.entry_id) == (1, first[0].id)
    assert f"entry #{first[0].id} on 2026-11-02" in str(refused.value)
    assert f"reverse #{first[0].id}" in str(refused.value)
    assert contents(vault) == before and book.invoice(invoice.number).status == "sent"
    book.reverse(first[0].id or 0, "2026-11-21", "it was the invoice's money")
    paid, _ = book.pay_invoice(invoice.number, paid_on=dt.date(2026, 11, 21))  # counted once
    assert paid.status == "paid"


def test_income_for_a_mission_with_an_invoice_points_to_the_invoice(
    book: Cashbook, vault: Vault
) -> None:
    from homeops.services.errors import PaidTwice

    invoice = book.new_invoice(Invoice(0, "acme", 90_000, mission_id=1), send_on=DAY)
    before = contents(vault)
    with pytest.raises(PaidTwice) as refused:  # open: its payment is the invoice's
        book.record_income(90_000, date="2026-11-21", mission_id=1)
    assert (refused.value.invoice, refused.value.entry_id) == ("F-0001", None)
    assert "marking F-0001 paid" in str(refused.value) and contents(vault) == before
    _, entries = book.pay_invoice(invoice.number, paid_on=DAY)
    with pytest.raises(PaidTwice) as refused:  # paid: the money is in already
        book.record_income(90_000, date="2026-11-21", mission_id=1)
    assert refused.value.entry_id == entries[0].id and refused.value.invoice == "F-0001"
    assert "paid by invoice already" in str(refused.value)
    book.record_income(50_000, date="2026-11-21")  # the same money without the mission: fine


def test_a_deposit_and_the_invoice_for_the_balance_stay_within_the_fee(book: Cashbook) -> None:
    book.record_income(30_000, date="2026-11-02", mission_id=1)  # fee 900,00: a deposit
    book.record_income(10_000, date="2026-11-03", mission_id=1)  # and a second instalment
    balance = book.new_invoice(Invoice(0, "acme", 50_000, mission_id=1), send_on=DAY)
    assert book.pay_invoice(balance.number, paid_on=DAY)[0].status == "paid"  # 900,00 in all
    ledger_rules = ledger.standing_payments(book.entries())
    assert [p.amount_cents for p in ledger_rules] == [30_000, 10_000, 50_000]


def test_a_delivered_mission_without_an_invoice_stays_in_the_forecast(
    book: Cashbook, vault: Vault
) -> None:
    """Issue 13 point 6: delivered and never invoiced, its money vanished from the forecast."""
    from homeops.rules.model import StageMove

    delivered = Mission("Guide: seeds", "acme", "Delivered", fee_cents=70_000,
                        deadline="2026-11-30",
                        history=[StageMove("2026-11-10T09:00:00", "Brief"),
                                 StageMove("2026-11-18T16:30:00", "Delivered")])  # fmt: skip
    vault.missions.add(delivered)
    vault.missions.add(Mission("Free sample", "acme", "Delivered"))  # no fee: nothing owed
    owed = book.delivered_not_invoiced(DAY)
    assert [(m.mission_id, m.fee_cents, m.delivered_on) for m in owed] == [
        (delivered.id, 70_000, "2026-11-18")]  # fmt: skip
    assert owed[0].expected_on == dt.date(2026, 12, 2)  # delivery + 14 days of terms
    week = next(w for w in book.outlook(DAY, weeks=4).forecast.weeks
                if w.start <= dt.date(2026, 12, 2) <= w.end)  # fmt: skip
    assert week.money_in == 70_000
    assert any("Guide: seeds" in f.label and f.amount_cents == 70_000 for f in week.flows)
    invoice = book.new_invoice(Invoice(0, "acme", 70_000, mission_id=delivered.id), send_on=DAY)
    assert book.delivered_not_invoiced(DAY) == []  # the invoice counts it now, once
    flows = [f for w in book.outlook(DAY, weeks=4).forecast.weeks for f in w.flows]
    assert sum(f.amount_cents for f in flows if f.amount_cents > 0) == 70_000
    book.void_invoice(invoice)
    assert len(book.delivered_not_invoiced(DAY)) == 1  # a void invoice bills nothing


# -- issue 13 review: transfers checked, the cushion offered only when it holds enough -------

CUSHIONED = Settings(money=MoneySettings(
    currency="CHF", shares_bp={"taxes": 3000, "pay": 5000, "cushion": 2000},
    payment_terms_days=14,
))  # fmt: skip


def _said(refused: pytest.ExceptionInfo[Exception]) -> str:
    return str(refused.value).replace("\u202f", " ").replace("\u00a0", " ")


def test_a_transfer_larger_than_its_source_is_refused_unless_overridden(
    book: Cashbook, vault: Vault
) -> None:
    """Review 1: `transfer 14642.30 --from cushion` emptied the cushion and below."""
    from homeops.services.errors import NotCovered

    book.record_income(10_000, date="2026-11-01")  # taxes 30,00, pay 70,00
    before = contents(vault)
    with pytest.raises(NotCovered) as refused:
        book.transfer(8_000, date="2026-11-02", source="pay", target="taxes", reason="VAT")
    assert (refused.value.envelope, refused.value.balance, refused.value.amount) == (
        "pay", 7_000, 8_000)  # fmt: skip
    said = _said(refused)
    assert "pay holds 70,00 CHF and the transfer is 80,00 CHF, 10,00 CHF short" in said
    assert "move less, or override with a reason" in said and "transfer 10" not in said
    assert contents(vault) == before  # nothing recorded
    with pytest.raises(NotCovered):
        book.transfer(8_000, date="2026-11-02", source="pay", target="taxes", reason="VAT",
                      override="  ")  # fmt: skip
    legs = book.transfer(8_000, date="2026-11-02", source="pay", target="taxes", reason="VAT",
                         override=" rent   is due ")  # fmt: skip
    assert {e.description for e in legs} == {"Transfer pay → taxes: VAT (override: rent is due)"}
    assert book.balances() == {"taxes": 11_000, "pay": -1_000}
    book.transfer(11_000, date="2026-11-03", source="taxes", target="pay", reason="back")
    assert book.balances() == {"taxes": 0, "pay": 10_000}  # exactly what it holds is covered


def test_refusals_offer_the_cushion_only_when_it_holds_what_is_missing(vault: Vault) -> None:
    """Review 1: refusals suggested moving 92 505,24 € from a cushion holding 14 642,30 €."""
    from homeops.services.errors import NotCovered

    book = Cashbook(vault, CUSHIONED)
    book.record_income(10_000, date="2026-11-01")  # taxes 30, pay 50, cushion 20
    spend = ledger.expense(6_000, date="2026-11-02", category="x", currency="CHF",
                           envelope="pay")  # fmt: skip
    with pytest.raises(NotCovered) as refused:  # 10,00 short, the cushion holds 20,00
        book.record_expense(spend)
    assert refused.value.from_cushion and refused.value.cushion == 2_000
    assert "put it off, transfer 10,00 CHF from cushion first (with a reason), or override" in (
        _said(refused))  # fmt: skip
    more = dataclasses.replace(spend, amount_cents=-8_000)
    with pytest.raises(NotCovered) as refused:  # 30,00 short: the cushion cannot
        book.record_expense(more)
    said = _said(refused)
    assert not refused.value.from_cushion and "from cushion" not in said
    assert "30,00 CHF short, and the cushion holds only 20,00 CHF: put it off, or override" in (
        said)  # fmt: skip
    with pytest.raises(NotCovered) as refused:
        book.confirm_payout("2026-11-06", 8_000)
    assert "the cushion holds only 20,00 CHF: hold it, or override" in _said(refused)
    with pytest.raises(NotCovered) as refused:
        book.confirm_payout("2026-11-06", 6_000)
    assert "hold it, transfer 10,00 CHF from cushion first" in _said(refused)
    with pytest.raises(NotCovered) as refused:  # the cushion itself, drawn by a transfer
        book.transfer(3_000, date="2026-11-02", source="cushion", target="pay", reason="r")
    assert not refused.value.from_cushion
    assert _said(refused).endswith("10,00 CHF short: move less, or override with a reason "
                                   "(kept in the entry)")  # fmt: skip
    book.transfer(2_000, date="2026-11-02", source="cushion", target="taxes", reason="r")
    with pytest.raises(NotCovered) as refused:  # the cushion emptied: no transfer offered
        book.confirm_payout("2026-11-06", 6_000)
    assert "the cushion holds only 0,00 CHF: hold it, or override" in _said(refused)
    assert book.balances()["cushion"] == 0


# -- issue 13 review: a mission's money stops at its fee ----------------------------------------


def test_income_for_a_mission_past_its_fee_is_refused_with_every_payment_and_what_is_due(
    book: Cashbook, vault: Vault
) -> None:
    """Review 3: `income 300/550/850 --mission 17` recorded 1 700 € against an 850 € fee."""
    from homeops.services.errors import PaidTwice

    deposit = book.record_income(30_000, date="2026-11-02", mission_id=1)  # fee 900,00
    second = book.record_income(50_000, date="2026-11-03", mission_id=1)
    before = contents(vault)
    with pytest.raises(PaidTwice) as refused:
        book.record_income(30_000, date="2026-11-04", mission_id=1)
    ids = (deposit[0].id, second[0].id)
    assert refused.value.entry_ids == ids and refused.value.entry_id == ids[0]
    assert refused.value.due == 10_000
    said = _said(refused)
    assert (f"mission #1 was paid without an invoice already: entries #{ids[0]} on 2026-11-02 "
            f"(300,00 CHF), #{ids[1]} on 2026-11-03 (500,00 CHF), 800,00 CHF of its "
            "900,00 CHF fee, and this 300,00 CHF would take it past the fee (100,00 CHF "
            "still due)") in said  # fmt: skip
    assert "reverse it first, or override with a reason" in said
    assert contents(vault) == before  # nothing recorded
    book.record_income(10_000, date="2026-11-04", mission_id=1)  # exactly the fee
    with pytest.raises(PaidTwice) as refused:
        book.record_income(1, date="2026-11-05", mission_id=1)
    assert refused.value.due == 0 and "(0,00 CHF still due)" in _said(refused)
    tip = book.record_income(5_000, date="2026-11-05", mission_id=1, override=" a  rush tip ")
    assert {e.description for e in tip} == {
        "Payment from acme: Guide: compost (override: a rush tip)"}  # fmt: skip


def test_the_fee_a_mission_may_receive_counts_its_accepted_scope_changes(
    book: Cashbook, vault: Vault
) -> None:
    from homeops.rules.model import ScopeChange
    from homeops.services.errors import PaidTwice

    mission = vault.missions.get(1)
    mission.scope_changes = [
        ScopeChange("2026-11-05", "two more pages", fee_delta_cents=20_000, accepted=True),
        ScopeChange("2026-11-06", "a third page", fee_delta_cents=10_000),  # only proposed
    ]
    vault.missions.update(mission)
    book.record_income(110_000, date="2026-11-07", mission_id=1)  # 900,00 + 200,00
    with pytest.raises(PaidTwice) as refused:
        book.record_income(10_000, date="2026-11-08", mission_id=1)
    assert "1 100,00 CHF fee" in _said(refused)


def test_invoice_paid_over_payments_without_it_names_every_one(
    book: Cashbook, vault: Vault
) -> None:
    """Review 3: the `invoice paid` refusal named only the first earlier entry."""
    from homeops.services.errors import PaidTwice

    first = book.record_income(30_000, date="2026-11-02", mission_id=1)
    then = book.record_income(50_000, date="2026-11-03", mission_id=1)
    invoice = book.new_invoice(Invoice(0, "acme", 90_000, mission_id=1), send_on=DAY)
    with pytest.raises(PaidTwice) as refused:
        book.pay_invoice(invoice.number, paid_on=DAY)
    assert refused.value.entry_ids == (first[0].id, then[0].id) and refused.value.due is None
    said = _said(refused)
    assert f"entries #{first[0].id} on 2026-11-02 (300,00 CHF), #{then[0].id} on " in said
    assert "F-0001 would count it twice; if one of them was this payment" in said
    assert "override" not in said and book.invoice(invoice.number).status == "sent"
