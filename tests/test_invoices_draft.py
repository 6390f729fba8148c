"""Issue 14 part 2: a mission's terms and deposit fixed when it is created (offer, else
client, else settings), its deposit invoice drafted in the same change, and its own invoice
drafted from its named lines (``Cashbook.draft_invoice``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.config.settings import MoneySettings
from homeops.rules import invoices as inv
from homeops.rules.invoices import Invoice, InvoiceLine, InvoiceRefused
from homeops.rules.model import Client, Mission, Offer, ScopeChange
from homeops.rules.timelog import TimeEntry
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "correct horse battery staple"
SETTINGS = Settings(money=MoneySettings(payment_terms_days=30))
DAY = dt.date(2026, 11, 16)


@pytest.fixture
def business(tmp_path: Path) -> Iterator[Business]:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as vault:
        vault.clients.add(Client("acme", terms_days=45, deposit_bp=2000))
        vault.clients.add(Client("bravo"))
        vault.offers.add(Offer("Guide", 120_000, 10, terms_days=15, deposit_bp=3000))
        vault.offers.add(Offer("Audit", 50_000, 5, terms_days=20))  # deposit: the client's
        yield Business(vault, SETTINGS)


@pytest.mark.parametrize(
    ("offer", "client", "expected"),
    [
        (Offer("O", 1, 1, terms_days=15, deposit_bp=3000), Client("c", terms_days=45,
                                                                  deposit_bp=2000), (15, 3000)),
        (Offer("O", 1, 1, terms_days=20), Client("c", terms_days=45, deposit_bp=2000), (20, 2000)),
        (Offer("O", 1, 1, deposit_bp=0), Client("c", terms_days=45, deposit_bp=2000), (45, 0)),
        (None, Client("c", terms_days=10), (10, 0)),
        (None, None, (30, 0)),
        (Offer("O", 1, 1), Client("c"), (30, 0)),
    ],
)  # fmt: skip
def test_terms_come_from_the_offer_else_the_client_else_the_settings(
    offer: Offer | None, client: Client | None, expected: tuple[int, int]
) -> None:
    assert inv.terms_for(offer, client, 30) == expected


def test_a_mission_created_with_a_deposit_drafts_its_deposit_invoice_in_the_same_change(
    business: Business,
) -> None:
    added = business.missions.add(Mission("Compost guide", "acme", "Brief", fee_cents=120_000,
                                          offer="Guide"))  # fmt: skip
    assert (added.terms_days, added.deposit_bp) == (15, 3000)  # the offer's
    [deposit] = business.cashbook.invoices()
    assert (deposit.kind, deposit.mission_id, deposit.amount_cents, deposit.status) == (
        "deposit", added.id, 36_000, "draft")  # fmt: skip
    assert deposit.lines == [InvoiceLine("Deposit 30\u00a0% of 1\u202f200,00\u00a0€", 36_000)]
    plain = business.missions.add(Mission("Note", "bravo", "Brief", fee_cents=10_000))
    assert (plain.terms_days, plain.deposit_bp) == (30, 0)  # the settings', no deposit
    assert len(business.cashbook.invoices()) == 1


def test_terms_typed_for_a_mission_are_kept(business: Business) -> None:
    typed = Mission("Rush", "acme", "Brief", fee_cents=10_000, terms_days=7, deposit_bp=0)
    added = business.missions.add(typed)
    assert (added.terms_days, added.deposit_bp) == (7, 0)
    assert business.cashbook.invoices() == []
    assert business.missions.terms_for("acme", "Audit") == (20, 2000)


def _delivered(business: Business, **fields: object) -> Mission:
    mission = Mission("Compost guide", "acme", "Brief", fee_cents=120_000, offer="Guide")
    for name, value in fields.items():
        setattr(mission, name, value)
    added = business.missions.add(mission)
    business._vault.missions.update(  # the board's gates are not what is tested here
        Mission(**{**added.__dict__, "stage": "Delivered"})
    )
    return added


def test_the_mission_invoice_names_the_fee_each_accepted_change_and_the_deposit(
    business: Business,
) -> None:
    changes = [
        ScopeChange("2026-11-02", "Extra chapter", 25_000, accepted=True),
        ScopeChange("2026-11-03", "Maybe a map", 9_000),  # not accepted: not billed
        ScopeChange("2026-11-04", "Shorter intro", -5_000, accepted=True),
    ]
    mission = _delivered(business, scope_changes=changes)
    assert mission.id is not None
    invoice = business.cashbook.draft_invoice(mission.id, DAY)
    assert [(line.text, line.amount_cents) for line in invoice.lines] == [
        ("Compost guide", 120_000),
        ("Extra chapter", 25_000),
        ("Shorter intro", -5_000),
        ("Deposit F-0001", -36_000),
    ]
    assert invoice.amount_cents == 104_000  # 120 000 + 25 000 - 5 000 - 36 000
    assert (invoice.label, invoice.kind, invoice.status) == ("F-0002", "", "draft")
    with pytest.raises(InvoiceRefused, match="has invoice F-0002 already"):
        business.cashbook.draft_invoice(mission.id, DAY)
    business.cashbook.void_invoice(business.cashbook.invoice(2))
    again = business.cashbook.draft_invoice(mission.id, DAY)  # a voided bill bills nothing
    assert (again.label, again.amount_cents) == ("F-0003", 104_000)


def test_a_void_deposit_is_not_taken_off_and_the_invoice_is_due_after_the_missions_terms(
    business: Business,
) -> None:
    mission = _delivered(business)
    assert mission.id is not None
    business.cashbook.void_invoice(business.cashbook.invoice(1))
    invoice = business.cashbook.draft_invoice(mission.id, DAY, send_on=DAY)
    assert [(line.text, line.amount_cents) for line in invoice.lines] == [
        ("Compost guide", 120_000)]  # fmt: skip
    assert invoice.due == "2026-12-01"  # 16 Nov + the offer's 15 days


def test_nothing_left_to_bill_is_refused_in_one_line(business: Business) -> None:
    mission = _delivered(business, fee_cents=0, offer="")
    assert mission.id is not None
    with pytest.raises(InvoiceRefused) as refused:
        business.cashbook.draft_invoice(mission.id, DAY)
    assert "has no fee to bill" in str(refused.value) and "\n" not in str(refused.value)
    assert business.cashbook.invoices() == []


def test_an_hourly_missions_invoice_bills_the_time_logged_never_above_the_cap(
    business: Business,
) -> None:
    hourly = _delivered(business, title="Support", offer="", client_alias="bravo",
                        hourly_rate_cents=6_000, fee_cents=60_000)  # fmt: skip  # cap: 10 h
    assert hourly.id is not None
    business._vault.timelog.add(TimeEntry("2026-11-10", 150, hourly.id))
    business._vault.timelog.add(TimeEntry("2026-11-20", 60, hourly.id))  # after the day drafted
    invoice = business.cashbook.next_invoice_of(hourly.id, DAY)
    assert invoice.amount_cents == 15_000  # 2 h 30 at 60 €
    assert [(line.minutes, line.rate_cents) for line in invoice.lines] == [(150, 6_000)]
    business._vault.timelog.add(TimeEntry("2026-11-11", 600, hourly.id))
    assert business.cashbook.next_invoice_of(hourly.id, DAY).amount_cents == 60_000  # the cap


def test_deposit_invoice_rounds_half_up_to_the_cent() -> None:
    assert inv.deposit_cents(100_001, 2500) == 25_000  # 25 000.25
    assert inv.deposit_cents(100_002, 2500) == 25_001  # 25 000.5
    assert inv.deposit_cents(100_000, 0) == 0
    assert inv.deposit_invoice(Mission("x", "c", "Brief", fee_cents=1_000), "10 €") is None


def test_a_paid_deposit_leaves_the_mission_owed_and_in_the_forecast(business: Business) -> None:
    mission = business.missions.add(Mission("Compost guide", "acme", "Brief", fee_cents=120_000,
                                            offer="Guide", deadline="2026-12-01"))  # fmt: skip
    assert mission.id is not None
    business.cashbook.pay_invoice(1, paid_on=DAY)
    flows = [f for w in business.cashbook.outlook(DAY).forecast.weeks for f in w.flows
             if f.amount_cents > 0]  # fmt: skip
    # Not planned (no estimate): the deadline + the offer's 15 days, less the deposit paid.
    assert [(f.date, f.amount_cents) for f in flows] == [(dt.date(2026, 12, 16), 84_000)]
    business._vault.missions.update(Mission(**{**mission.__dict__, "stage": "Delivered"}))
    [owed] = business.cashbook.delivered_not_invoiced(DAY)
    assert (owed.mission_id, owed.fee_cents) == (mission.id, 84_000)


def test_invoice_kind_survives_the_vault(business: Business) -> None:
    business.missions.add(Mission("Compost guide", "acme", "Brief", fee_cents=120_000,
                                  offer="Guide"))  # fmt: skip
    stored: Invoice = business.cashbook.invoice(1)
    assert stored.kind == "deposit" and stored.lines[0].amount_cents == 36_000
