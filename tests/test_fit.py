""" "Can I take this?" (``business.fit``, issue 14 part 1): the delivery as the plan places
it, what it pushes late, pay per real hour, the payouts with and without it, accepting it.

Settings without response windows: an ordinary day has 240 focus minutes − 25 % = 180
billable (Friday 180 − 45 = 135), a week 855 of 1 140 focus minutes. TODAY is a Monday.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homeops.config import Settings
from homeops.config.settings import CapacitySettings
from homeops.rules.model import Client, Mission, Offer
from homeops.services import Business
from homeops.services.errors import NoSuchClient
from homeops.services.fit import Cash, FitRequest
from homeops.storage.vault import KdfParams, Vault

TODAY = dt.date(2026, 11, 30)  # a Monday
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
SETTINGS = Settings(capacity=CapacitySettings(response_windows=()))


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def money(cents: int) -> str:
    return f"{cents / 100:.2f}"


def brochure() -> Mission:
    # 300 minutes, no revision round (no allowance): Mon 180 + Tue 120.
    return Mission("Brochure", "acme", "First draft", fee_cents=90000,
                   deadline=day(3).isoformat(), effort_minutes=300, revision_limit=0)  # fmt: skip


@pytest.fixture
def business(tmp_path: Path) -> Iterator[Business]:
    vault = Vault.create(tmp_path / "vault.hops", "fit test passphrase", kdf=KdfParams.fast())
    vault.clients.add(Client("acme", terms_days=15, deposit_bp=3000))
    vault.missions.add(brochure())
    with Business(vault, SETTINGS) as business:
        yield business


def test_the_delivery_counts_the_revision_allowance_as_the_plan_does(business: Business) -> None:
    # 540 min + 10 % allowance = 594: after Brochure, Tue 60 + Wed 180 + Thu 180 + Fri 135
    # = 555 are free this week, 39 more on Monday 7 Dec (without the allowance: Fri 4 Dec).
    decision = business.fit.answer(FitRequest(540, 80000), today=TODAY)
    assert decision.allowance == 54
    assert decision.delivery == day(7)
    mission = business.fit.accept(decision, now=lambda: NOW)
    assert mission.id == 2
    assert business.planning.schedule(TODAY).plan.finish[2] == day(7)


def test_pay_per_real_hour_floor_and_non_billable_share(business: Business) -> None:
    decision = business.fit.answer(FitRequest(600, 90000), today=TODAY)
    # 90 000 ÷ (600 + 60) min × 60 = 8 181.8 → 8 182 cents an hour.
    assert decision.per_hour == 8182
    # The floor: 600 € a week is 2 600 € a month; half of income is pay: 5 200 € over
    # 855 min × 52 / 12 = 3 705 min (61.75 h): 8 421.05 cents an hour, rounded up.
    assert decision.floor == 8422
    assert decision.under_floor
    # 855 of 1 140 focus minutes are billable: 25 % is not; 8 182 × 0.75 = 6 136.5 → 6 137.
    assert decision.non_billable_bp == 2500
    assert decision.per_focus_hour == 6137
    assert decision.verdict(money).startswith("Doesn't fit: 81.82/h is under the floor of ")
    fair = business.fit.answer(FitRequest(600, 100000), today=TODAY)
    assert fair.per_hour == 9091 and not fair.under_floor  # 100 000 × 60 / 660 = 9 090.9


def test_a_rush_job_names_what_it_pushes_late_and_by_how_much(business: Business) -> None:
    # Due Tuesday, it goes first: 660 min = Mon 180, Tue 180, Wed 180, Thu 120: late itself;
    # Brochure (due Thu) gets Thu 60, Fri 135, Mon 105: Mon 7 Dec, 4 days late.
    decision = business.fit.answer(FitRequest(600, 200000, deadline=day(1)), today=TODAY)
    assert decision.delivery == day(3) and decision.late
    [pushed] = decision.pushed
    assert (pushed.mission_id, pushed.before, pushed.after, pushed.days_late) == (
        1, day(1), day(7), 4
    )  # fmt: skip
    # Only the time Brochure leaves: Tue 60 + Wed-Fri 495 = 555, then 105 on Mon 7 Dec.
    assert decision.without_pushing == day(7)
    verdict = decision.verdict(money)
    assert verdict == (
        "Doesn't fit: delivers Thu 3 Dec, after the deadline Tue 1 Dec; "
        "pushes #1 Brochure 4 days late"
    )


def test_an_offer_gives_price_effort_rounds_lead_time_and_the_clients_terms(
    business: Business,
) -> None:
    offer = business.missions.add_offer(
        Offer("Web page", 45000, lead_time_days=10, revision_rounds=0, effort_minutes=300)
    )
    decision = business.fit.answer(
        FitRequest(client_alias="acme", offer=offer), today=TODAY, at=NOW
    )
    m = decision.mission
    assert (m.title, m.offer, m.fee_cents, m.effort_minutes, m.revision_limit) == (
        "Web page", "Web page", 45000, 300, 0
    )  # fmt: skip
    assert m.deadline == day(10).isoformat()
    assert (m.terms_days, m.deposit_bp) == (15, 3000)  # the client's: the offer sets none
    assert [c.text for c in m.checklist] == list(SETTINGS.board.quality_checklist)
    # No revision round, no allowance: 300 min after Brochure = Tue 60, Wed 180, Thu 60.
    assert decision.allowance == 0 and decision.delivery == day(3)
    assert decision.per_hour == 9000  # 45 000 × 60 / 300


def test_the_payouts_with_and_without_the_mission(business: Business) -> None:
    # An empty pay envelope: every Friday's 600 € is short either way. Brochure's 900 €
    # come at its finish (Tue 1 Dec) + 30 days = Thu 31 Dec. With the mission, the 30 %
    # deposit (30 000) comes today, due on receipt (Tue 1 Dec; fix G3: it was today + 15
    # days), and the rest (70 000) at the finish (Mon 7 Dec) + 15 = Tue 22 Dec; pay takes
    # half of each: the first Friday is 150 € less short (−600 + 150), the rest as before.
    decision = business.fit.answer(FitRequest(600, 100000, client_alias="acme"), today=TODAY)
    cash = decision.cash
    assert cash is not None
    assert [p.date for p in cash.with_it] == [
        day(n).isoformat() for n in (4, 11, 18, 25, 32, 39, 46, 53)
    ]
    without = [p.expected_after_cents for p in cash.without]
    with_it = [p.expected_after_cents for p in cash.with_it]
    assert without == [-60000, -120000, -180000, -240000, -255000, -315000, -375000, -435000]
    assert with_it == [-45000, -105000, -165000, -190000, -205000, -265000, -325000, -385000]
    assert (cash.lowest_pay_without, cash.lowest_pay_with) == (-435000, -385000)
    assert cash.turns_short == []  # short already, not because of it
    assert decision.verdict(money).endswith("payouts short already, not because of it")


def test_a_payout_turns_short_when_it_delays_anothers_money(business: Business) -> None:
    # 5 200 € received: pay takes half, 2 600 €. Brochure (900 €, the settings' 30 days)
    # finishes Tue 1 Dec: its 450 € of pay on Thu 31 Dec cover Fri 1 Jan (200 + 450 − 600).
    business.cashbook.record_income(520000, date=day(0).isoformat())
    decision = business.fit.answer(FitRequest(600, 200000, deadline=day(1)), today=TODAY)
    cash = decision.cash
    assert cash is not None
    assert Cash.short(cash.without) == [day(n).isoformat() for n in (39, 46, 53)]
    # The rush job pushes Brochure to Mon 7 Dec: its money to Wed 6 Jan, after that payout.
    assert cash.turns_short == [day(32).isoformat()]
    assert "the payout of Fri 1 Jan 2027 turns short" in decision.reasons(money)
    assert cash.cushion_now == 52000


def test_an_unknown_client_or_no_effort_is_refused(business: Business) -> None:
    with pytest.raises(NoSuchClient):
        business.fit.answer(FitRequest(60, client_alias="nobody"), today=TODAY)
    with pytest.raises(ValueError, match="effort"):
        business.fit.answer(FitRequest(None, 1000), today=TODAY)
    assert len(business.missions.list()) == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    effort=st.integers(30, 60 * 60),
    rounds=st.integers(0, 3),
    due=st.one_of(st.none(), st.integers(0, 60)),
    fee=st.integers(0, 10**7),
    others=st.lists(
        st.tuples(
            st.integers(30, 40 * 60),
            st.one_of(st.none(), st.integers(-3, 40)),
            st.integers(0, 10**6),
        ),
        max_size=6,
    ),
)
def test_accepting_stores_a_mission_the_plan_delivers_on_the_day_said(
    effort: int,
    rounds: int,
    due: int | None,
    fee: int,
    others: list[tuple[int, int | None, int]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        vault = Vault.create(Path(tmp) / "v.hops", "fit property test", kdf=KdfParams.fast())
        for i, (minutes, offset, cents) in enumerate(others):
            when = day(offset).isoformat() if offset is not None else None
            vault.missions.add(Mission(f"m{i}", "", "Plan", fee_cents=cents, deadline=when,
                                       effort_minutes=minutes))  # fmt: skip
        with Business(vault, SETTINGS) as business:
            offer = Offer("Offer", fee, 14, revision_rounds=rounds, effort_minutes=effort)
            wanted = day(due) if due is not None else None
            decision = business.fit.answer(FitRequest(deadline=wanted, offer=offer), today=TODAY)
            stored = business.fit.accept(decision, now=lambda: NOW)
            plan = business.planning.schedule(TODAY).plan
            assert stored.id is not None
            if decision.delivery is not None and decision.weeks == 12:
                assert plan.finish[stored.id] == decision.delivery
            # What it pushes is what the plan now says of the others.
            for p in decision.pushed:
                assert plan.finish.get(p.mission_id) == p.after or p.after is None


def test_the_candidate_is_not_stored_by_answering(business: Business) -> None:
    business.fit.answer(FitRequest(60, 1000), today=TODAY)
    assert [m.title for m in business.missions.list()] == ["Brochure"]
    decision = business.fit.answer(FitRequest(60, 1000, title="Flyer"), today=TODAY)
    assert dataclasses.replace(decision.mission).id is None
