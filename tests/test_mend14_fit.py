"""mend14 point 5: the old ``Planning.fit`` is gone; what its service test checked is asked of
``business.fit`` here (the one "can I take this?" both faces call): a small job with a
deadline meets it, a fee of 1 € is under the minimum rate, no fee is judged as a fee of 0,
and a job no year of capacity holds has no delivery."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.rules.model import Mission
from homeops.services import Business
from homeops.services.fit import FitRequest
from homeops.services.planning import FIT_WEEKS, PLAN_WEEKS
from homeops.storage.vault import KdfParams, Vault

TODAY = dt.date(2026, 11, 30)  # a Monday


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


@pytest.fixture
def business(tmp_path: Path) -> Iterator[Business]:
    vault = Vault.create(tmp_path / "vault.hops", "mend14 fit test", kdf=KdfParams.fast())
    vault.missions.add(
        Mission("Brochure", "", "First draft", fee_cents=90000, deadline=day(3).isoformat(),
                effort_minutes=300, revision_limit=0)
    )  # fmt: skip
    with Business(vault, Settings()) as business:
        yield business


def test_a_small_job_meets_its_deadline_and_a_low_fee_is_under_the_floor(
    business: Business,
) -> None:
    answer = business.fit.answer(FitRequest(120, 100, deadline=day(14)), today=TODAY)
    assert answer.weeks == PLAN_WEEKS
    assert answer.delivery is not None and answer.delivery <= day(14) and not answer.late
    assert not answer.pushed
    assert answer.floor is not None and answer.under_floor
    unpriced = business.fit.answer(FitRequest(120), today=TODAY)
    # No fee is judged as the 0 € mission accepting would store, as --fee 0 (fitfix point 15).
    assert unpriced.per_hour == 0 and unpriced.under_floor and not unpriced.fee_given


def test_a_job_no_year_holds_has_no_delivery(business: Business) -> None:
    answer = business.fit.answer(FitRequest(10_000 * 60, 100_000_00), today=TODAY)
    assert answer.weeks == FIT_WEEKS  # it looked a whole year ahead
    assert answer.delivery is None and answer.late
