"""The payout use cases (issue 13 points 1 and 3): a payout the pay envelope does not cover is
refused with the numbers (or overridden with a reason kept in the entry), a held payout stays
in the schedule with its reason and can be released; the outlook shows each payout both ways
(point 2). The faces' tests: tests/test_cli_payouts.py, tests/tui/test_ledger_payouts.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from homeops.config import Settings
from homeops.config.settings import MoneySettings, PayoutSettings
from homeops.rules.invoices import Invoice
from homeops.rules.model import Client
from homeops.services.cashbook import Cashbook
from homeops.services.errors import NotCovered, ReleaseRefused
from homeops.storage.vault import KdfParams, Vault

SHARES = {"taxes": 2500, "costs": 1500, "pay": 5000, "cushion": 1000}
SETTINGS = Settings(
    money=MoneySettings(shares_bp=SHARES, payment_terms_days=14),
    payout=PayoutSettings(rule="FREQ=WEEKLY;BYDAY=FR", amount_cents=60_000),
)
TODAY = dt.date(2026, 12, 6)  # a Sunday: the next payout is Friday 2026-12-11


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "v.hops", "correct horse battery staple",
                      kdf=KdfParams.fast()) as opened:  # fmt: skip
        opened.clients.add(Client("acme"))
        yield opened


@pytest.fixture
def book(vault: Vault) -> Cashbook:
    return Cashbook(vault, SETTINGS)


def contents(vault: Vault) -> dict[str, list[dict[str, Any]]]:
    return {name: [dict(doc) for doc in vault.db.table(name).all()] for name in vault.db.tables()}


def test_a_payout_pay_does_not_cover_is_refused_with_the_numbers(
    book: Cashbook, vault: Vault
) -> None:
    book.record_income(100_000, date="2026-12-01")  # pay 500,00, cushion 100,00
    before = contents(vault)
    with pytest.raises(NotCovered) as refused:
        book.confirm_payout("2026-12-11", 60_000, paid_on="2026-12-06")
    assert (refused.value.envelope, refused.value.balance, refused.value.amount) == (
        "pay", 50_000, 60_000)  # fmt: skip
    assert refused.value.missing == 10_000
    message = str(refused.value)
    assert "pay holds 500,00" in message and "600,00" in message and "100,00" in message
    assert all(way in message for way in ("hold it", "cushion", "override with a reason"))
    assert "\n" not in message
    assert contents(vault) == before  # nothing recorded


def test_an_override_pays_it_and_keeps_the_reason_in_the_entry(book: Cashbook) -> None:
    entry = book.confirm_payout("2026-12-11", 60_000, paid_on="2026-12-06",
                                override="  rent   is due ")  # fmt: skip
    assert entry.description == "Payout to myself (override: rent is due)"
    assert book.balances()["pay"] == -60_000
    assert [(d.status, d.reason) for d in book._vault.payouts.list()] == [("paid", "rent is due")]
    with pytest.raises(NotCovered) as refused:  # pay at -600,00: the debt is short too
        book.confirm_payout("2026-12-18", 60_000)
    assert refused.value.missing == 120_000 and "1\u202f200,00" in str(refused.value)
    book.transfer(120_000, date="2026-12-06", source="cushion", target="pay", reason="r",
                  override="the cushion is empty too")  # fmt: skip
    assert book.balances()["pay"] == 60_000  # what was missing covers it exactly
    book.record_income(400_000, date="2026-12-06")  # pay 2 600,00: covered, no override
    assert book.confirm_payout("2026-12-18", 60_000).description == "Payout to myself"


def test_a_held_payout_stays_in_the_schedule_and_can_be_released(book: Cashbook) -> None:
    book.record_income(400_000, date="2026-12-01")  # pay 2 000,00
    first = book.outlook(TODAY, payouts=3).payouts
    assert [x.date for x in first] == ["2026-12-11", "2026-12-18", "2026-12-25"]
    book.hold_payout("2026-12-11", 60_000, "cushion under target")
    held = book.outlook(TODAY, payouts=3).payouts
    assert [(x.date, x.held, x.reason) for x in held] == [
        ("2026-12-11", True, "cushion under target"), ("2026-12-18", False, ""),
        ("2026-12-25", False, ""), ("2027-01-01", False, "")]  # fmt: skip
    assert held[0].pay_after_cents == 200_000 and held[1].pay_after_cents == 140_000
    # the forecast does not count the held payout
    weekly = book.outlook(TODAY, payouts=3, weeks=2).forecast
    assert weekly.weeks[0].balances["pay"] == 200_000
    released = book.release_payout("2026-12-11", TODAY)
    assert (released.date, released.reason) == ("2026-12-11", "cushion under target")
    again = book.outlook(TODAY, payouts=3).payouts
    assert [(x.date, x.held) for x in again] == [
        ("2026-12-11", False), ("2026-12-18", False), ("2026-12-25", False)]  # fmt: skip
    with pytest.raises(ReleaseRefused, match=r"2026-12-11 is not held \(held now: none\)"):
        book.release_payout("2026-12-11", TODAY)


def test_the_next_payout_to_pay_skips_a_held_one_and_a_later_payment_ends_the_hold(
    book: Cashbook, vault: Vault
) -> None:
    book.record_income(400_000, date="2026-12-01")
    book.hold_payout("2026-12-11", 60_000, "slow month")
    pending = next(x for x in book.outlook(TODAY).payouts if x.pending)
    assert pending.date == "2026-12-18"
    book.confirm_payout(pending.date, 60_000, paid_on="2026-12-06")
    lines = book.outlook(TODAY, payouts=2).payouts
    assert [(x.date, x.held) for x in lines] == [("2026-12-25", False), ("2027-01-01", False)]
    before = contents(vault)
    with pytest.raises(ReleaseRefused, match="held before the last payout paid"):
        book.release_payout("2026-12-11", TODAY)
    with pytest.raises(ReleaseRefused, match="not held"):
        book.release_payout("2026-12-25", TODAY)
    assert contents(vault) == before


def test_each_payout_is_seen_now_and_once_the_expected_payments_arrive(book: Cashbook) -> None:
    book.record_income(100_000, date="2026-12-01")  # pay 500,00
    # an invoice sent today is due in 14 days: its pay share (1 000,00) before the 25th
    book.new_invoice(Invoice(0, "acme", 200_000, "guide"), send_on=TODAY)
    lines = book.outlook(TODAY, payouts=4).payouts
    assert [x.date for x in lines] == ["2026-12-11", "2026-12-18", "2026-12-25", "2027-01-01"]
    assert [x.covered for x in lines] == [False, False, False, False]
    assert [x.expected_after_cents for x in lines] == [-10_000, -70_000, -30_000, -90_000]
    assert [x.covered_expected for x in lines] == [False, False, False, False]
    book.new_invoice(Invoice(0, "acme", 400_000, "book"), send_on=TODAY)
    lines = book.outlook(TODAY, payouts=4).payouts
    assert [x.covered_expected for x in lines] == [False, False, True, True]


def test_until_gives_the_payouts_before_a_day_held_ones_included(book: Cashbook) -> None:
    """Issue 13 review point 16: the payouts of the next three weeks stay the three Fridays
    however many of them are held (``payouts --weeks 3``)."""
    until = TODAY + dt.timedelta(weeks=3)
    fridays = ["2026-12-11", "2026-12-18", "2026-12-25"]
    assert [x.date for x in book.outlook(TODAY, until=until).payouts] == fridays
    book.hold_payout("2026-12-11", 60_000, "slow month")
    book.hold_payout("2026-12-18", 60_000, "slow month")
    lines = book.outlook(TODAY, until=until).payouts
    assert [(x.date, x.held) for x in lines] == [
        ("2026-12-11", True), ("2026-12-18", True), ("2026-12-25", False)]  # fmt: skip
    assert book.outlook(TODAY, until=TODAY).payouts == []
