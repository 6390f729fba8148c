"""Issue 14 part 2: the forecast expects an undelivered mission's money at the planner's finish
date plus the mission's own terms (not at its deadline), its deposit on its own; the same rule
for missions ``fit`` only weighs (``Cashbook.outlook(extra=...)``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.config.settings import MoneySettings
from homeops.rules.forecast import Flow, mission_flows
from homeops.rules.model import Client, Mission
from homeops.services import Business
from homeops.services.cashbook import Cashbook
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "correct horse battery staple"
SETTINGS = Settings(money=MoneySettings(currency="EUR", shares_bp={"taxes": 3000, "pay": 7000},
                                        payment_terms_days=14))  # fmt: skip
DAY = dt.date(2026, 11, 16)  # a Monday


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as opened:
        opened.clients.add(Client("acme"))
        yield opened


def mission_money(book: Cashbook, extra: Sequence[tuple[Mission, dt.date]] = ()) -> list[Flow]:
    """The money coming in over the 12 weeks' forecast, in the order expected."""
    weeks = book.outlook(DAY, weeks=12, extra=extra).forecast.weeks
    flows = [f for w in weeks for f in w.flows]
    return [f for f in flows if f.amount_cents > 0]


def test_a_mission_not_stored_brings_its_deposit_today_and_the_rest_at_finish(
    vault: Vault,
) -> None:
    book = Cashbook(vault, SETTINGS)
    weighed = Mission("Guide", "acme", "Brief", fee_cents=100_000, terms_days=10,
                      deposit_bp=3000)  # fmt: skip
    flows = mission_money(book, extra=[(weighed, DAY + dt.timedelta(days=20))])
    assert [(f.date, f.amount_cents) for f in flows] == [
        (dt.date(2026, 11, 16), 30_000),  # today: a deposit is due on receipt (fix G3)
        (dt.date(2026, 12, 16), 70_000),  # finish (6 Dec) + 10 days: the rest
    ]
    assert mission_money(book) == []  # nothing stored


def test_a_stored_mission_is_expected_at_the_plans_finish_plus_its_terms(vault: Vault) -> None:
    vault.missions.add(Mission("Guide", "acme", "Plan", fee_cents=50_000, deadline="2027-01-30",
                               terms_days=30))  # fmt: skip
    finish = {"day": dt.date(2026, 11, 20)}
    book = Cashbook(vault, SETTINGS, finish_dates=lambda today: {1: finish["day"]})
    assert [(f.date, f.amount_cents) for f in mission_money(book)] == [
        (dt.date(2026, 12, 20), 50_000)]  # fmt: skip
    finish["day"] = dt.date(2026, 11, 27)  # the plan moves: the money moves
    assert [f.date for f in mission_money(book)] == [dt.date(2026, 12, 27)]
    finish["day"] = dt.date(2027, 6, 1)  # past the forecast: not in it
    assert mission_money(book) == []


def test_a_mission_the_plan_cannot_finish_is_expected_at_its_deadline_plus_terms(
    vault: Vault,
) -> None:
    vault.missions.add(Mission("Guide", "acme", "Plan", fee_cents=50_000, deadline="2026-12-01"))
    vault.missions.add(Mission("Someday", "acme", "Plan", fee_cents=20_000))  # no deadline
    book = Cashbook(vault, SETTINGS, finish_dates=lambda today: {})
    # No terms of its own: the settings' 14 days.
    assert [(f.date, f.amount_cents) for f in mission_money(book)] == [
        (dt.date(2026, 12, 15), 50_000)]  # fmt: skip


def test_the_business_wires_the_planners_finish_dates_into_the_forecast(vault: Vault) -> None:
    business = Business(vault, SETTINGS)
    mission = Mission("Guide", "acme", "Plan", fee_cents=50_000, effort_minutes=60,
                      deadline="2027-01-29", terms_days=7)  # fmt: skip
    vault.missions.add(mission)
    finish = business.planning.finish_dates(DAY)[mission.id or 0]
    assert finish < dt.date(2026, 11, 23)  # an hour of work ends in the first week
    flows = mission_money(business.cashbook)
    assert [(f.date, f.amount_cents) for f in flows] == [(finish + dt.timedelta(days=7), 50_000)]
    business.planning.set_off(finish, True)  # the plan moves off that day: the money follows
    later = business.planning.finish_dates(DAY)[mission.id or 0]
    assert later > finish
    assert [f.date for f in mission_money(business.cashbook)] == [later + dt.timedelta(days=7)]


def test_mission_flows_counts_deposit_invoices_on_their_own() -> None:
    end = DAY + dt.timedelta(days=83)
    flows = mission_flows("Guide", 100_000, finish=DAY, terms_days=30, today=DAY, end=end,
                          deposit_bp=3000, deposits_cents=30_000)  # fmt: skip
    assert [(f.date, f.amount_cents) for f in flows] == [(dt.date(2026, 12, 16), 70_000)]
    nothing_left = mission_flows("Guide", 30_000, finish=DAY, terms_days=30, today=DAY,
                                 end=end, deposits_cents=30_000)  # fmt: skip
    assert nothing_left == []
