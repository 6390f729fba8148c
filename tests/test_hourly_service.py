"""Hourly work with a capped budget through the services (issue 14 part 3): the cap refuses
billable time past it (nothing written), warns from 80 %, an accepted scope change raises it,
and non-billable time never meets it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.rules.hourly import CAP_RULE
from homeops.rules.model import Mission, ScopeChange
from homeops.services import Business
from homeops.services.missions import MissionRefused
from homeops.storage.vault import KdfParams, Vault

TODAY = dt.date(2026, 11, 30)  # a Monday


def day(offset: int) -> dt.date:
    return TODAY - dt.timedelta(days=offset)


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    vault = Vault.create(tmp_path / "vault.hops", "hourly service test", kdf=KdfParams.fast())
    # 60 €/h capped at 600 €: 10 h.
    vault.missions.add(
        Mission(
            "Audit", "", "First draft", fee_cents=60000, hourly_rate_cents=6000, effort_minutes=600
        )
    )
    yield vault
    vault.close()


@pytest.fixture
def business(vault: Vault) -> Business:
    return Business(vault, Settings())


def test_a_warning_from_80_percent_of_the_cap(business: Business) -> None:
    planning = business.planning
    first = planning.log_time(7 * 60, day(2), today=TODAY, mission_id=1)
    assert first.warning == ""  # 7 h of 10 h: 70 %
    second = planning.log_time(60, day(1), today=TODAY, mission_id=1)
    assert second.warning == "80 % of the cap used: 8 h of 10 h"


def test_time_past_the_cap_is_refused_and_nothing_is_written(
    business: Business, vault: Vault
) -> None:
    planning = business.planning
    planning.log_time(9 * 60, day(3), today=TODAY, mission_id=1)
    with pytest.raises(ValueError, match="past the cap") as refused:
        planning.log_time(61, day(1), today=TODAY, mission_id=1)  # 10 h 01
    assert "scope add 1" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert [e.minutes for e in vault.timelog.list()] == [540]
    exactly = planning.log_time(60, day(1), today=TODAY, mission_id=1)  # 10 h: allowed
    assert exactly.warning == "100 % of the cap used: 10 h of 10 h"
    with pytest.raises(ValueError, match="0 h left"):
        planning.log_time(1, day(0), today=TODAY, mission_id=1)
    assert sum(e.minutes for e in vault.timelog.list()) == 600


def test_non_billable_time_never_meets_the_cap(business: Business, vault: Vault) -> None:
    planning = business.planning
    planning.log_time(10 * 60, day(3), today=TODAY, mission_id=1)  # the cap, used up
    other = planning.log_time(5 * 60, day(2), today=TODAY, category="admin")
    assert other.warning == ""
    assert len(vault.timelog.list()) == 2


def test_an_accepted_scope_change_raises_the_cap(business: Business, vault: Vault) -> None:
    planning, missions = business.planning, business.missions
    planning.log_time(10 * 60, day(3), today=TODAY, mission_id=1)
    # Not accepted yet: the cap stays at 10 h.
    missions.add_scope_change(1, ScopeChange(TODAY.isoformat(), "second site", 12000))
    with pytest.raises(ValueError, match="past the cap"):
        planning.log_time(60, day(1), today=TODAY, mission_id=1)
    # +120 € accepted at 60 €/h: 2 h more, 12 h in all.
    changed = missions.add_scope_change(
        1, ScopeChange(TODAY.isoformat(), "second site", 12000, accepted=True)
    )
    assert changed.fee_cents == 60000  # the budget stays; the accepted change adds to it
    logged = planning.log_time(2 * 60, day(1), today=TODAY, mission_id=1)
    assert logged.warning == "100 % of the cap used: 12 h of 12 h"
    assert vault.missions.get(1).scope_changes[-1].accepted


def test_hourly_work_without_a_cap_is_refused(business: Business, vault: Vault) -> None:
    stage = business.missions.flow.stages[0]
    with pytest.raises(MissionRefused, match="needs a cap") as refused:
        business.missions.add(Mission("Support", "", stage, hourly_rate_cents=5000))
    assert str(refused.value) == CAP_RULE
    assert len(vault.missions.list()) == 1
