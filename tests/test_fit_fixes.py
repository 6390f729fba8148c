""" "Can I take this?" after the review of issue 14 (fitfix): an hourly candidate is paid its
rate within its cap and accepting stores it hourly (point 1); accepting an open mission twice
is refused (point 12); no fee is judged as the 0 € mission accepting would store, as --fee 0
is (point 15).

Settings without response windows (tests/test_fit.py): the floor is 8 422 cents an hour;
Brochure (300 min, 900 €, paid 30 days after its finish) is the one stored mission.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.config.settings import CapacitySettings
from homeops.rules.model import Client, Mission
from homeops.services import Business
from homeops.services.fit import AlreadyOpen, FitRequest
from homeops.storage.vault import KdfParams, Vault

TODAY = dt.date(2026, 11, 30)  # a Monday
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
SETTINGS = Settings(capacity=CapacitySettings(response_windows=()))


def money(cents: int) -> str:
    return f"{cents / 100:.2f}"


@pytest.fixture
def business(tmp_path: Path) -> Iterator[Business]:
    vault = Vault.create(tmp_path / "vault.hops", "fitfix test passphrase", kdf=KdfParams.fast())
    vault.clients.add(Client("acme", terms_days=15, deposit_bp=3000))
    vault.missions.add(
        Mission("Brochure", "acme", "First draft", fee_cents=90000,
                deadline=(TODAY + dt.timedelta(days=3)).isoformat(), effort_minutes=300,
                revision_limit=0)
    )  # fmt: skip
    with Business(vault, SETTINGS) as business:
        yield business


def hourly(effort: int, rate: int, cap: int, title: str = "Support") -> FitRequest:
    return FitRequest(effort, cap, None, "acme", None, title, hourly_rate_cents=rate)


def test_an_hourly_candidate_is_paid_its_rate_and_brings_effort_times_rate(
    business: Business,
) -> None:
    # 5 h at 90 €/h, cap 10 h (900 €): paid 90 €/h (over the 84,22 floor), brings 450 €.
    decision = business.fit.answer(hourly(300, 9000, 90000), today=TODAY)
    assert decision.per_hour == 9000 and not decision.under_floor
    assert decision.money_cents == 45000 and decision.cap_minutes == 600
    assert decision.underpriced_by == 0
    assert "90.00/h hourly" in decision.verdict(money)
    assert decision.cash is not None
    # By the last payout (Fri 22 Jan) all its money is counted: 450 €, not the 900 € cap,
    # and pay takes half of it (tests/test_fit.py): 225 € more in the pay envelope.
    last_with, last_without = decision.cash.with_it[-1], decision.cash.without[-1]
    assert last_with.expected_after_cents - last_without.expected_after_cents == 22500


def test_an_hourly_candidate_over_its_cap_does_not_fit(business: Business) -> None:
    # 12 h at 90 €/h with a 10 h cap: 900 € for 12 h = 75 €/h, and 2 h unpaid.
    decision = business.fit.answer(hourly(720, 9000, 90000), today=TODAY)
    assert decision.money_cents == 90000 and decision.per_hour == 7500
    assert decision.over_cap and not decision.fits
    reasons = decision.reasons(money)
    assert "the effort 12h is over the cap of 10h" in reasons
    assert "75.00/h is under the floor of 84.22/h" in reasons


def test_accepting_an_hourly_candidate_stores_it_hourly_with_its_cap(business: Business) -> None:
    decision = business.fit.answer(hourly(300, 6000, 60000), today=TODAY)
    stored = business.fit.accept(decision, now=lambda: NOW)
    assert (stored.hourly_rate_cents, stored.fee_cents, stored.effort_minutes) == (6000, 60000, 300)


def test_accepting_an_open_mission_twice_is_refused(business: Business) -> None:
    request = FitRequest(60, 1000, client_alias="acme", title="Flyer")
    business.fit.accept(business.fit.answer(request, today=TODAY), now=lambda: NOW)
    again = business.fit.answer(request, today=TODAY)
    with pytest.raises(AlreadyOpen, match="mission 2 has this client and title"):
        business.fit.accept(again, now=lambda: NOW)
    other = FitRequest(60, 1000, client_alias="acme", title="Flyer 2")
    business.fit.accept(business.fit.answer(other, today=TODAY), now=lambda: NOW)
    assert sorted(m.title for m in business.missions.list()) == ["Brochure", "Flyer", "Flyer 2"]


def test_no_fee_is_judged_as_a_fee_of_zero(business: Business) -> None:
    unpriced = business.fit.answer(FitRequest(120), today=TODAY)
    free = business.fit.answer(FitRequest(120, 0), today=TODAY)
    for decision in (unpriced, free):
        assert decision.per_hour == 0 and decision.under_floor and not decision.fits
    assert unpriced.verdict(money).startswith(
        "Doesn't fit: no fee given: 0.00/h is under the floor of 84.22/h"
    )
    assert free.verdict(money).startswith("Doesn't fit: 0.00/h is under the floor of 84.22/h")
