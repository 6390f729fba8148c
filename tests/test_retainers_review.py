"""Issue 14 review (retainfix): a back-dated retainer is refused rather than filling the
invoice series; ending one voids the later periods' drafts; an erased client's retainer is
listed as ended; a finished term reads ``finished``, not ``over``. Figures by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.rules import retainers as rr
from homeops.rules.model import Client
from homeops.rules.retainers import Retainer
from homeops.services import Business
from homeops.services.retainers import RetainerRefused
from homeops.storage.vault import KdfParams, Vault

TODAY = dt.date(2026, 12, 6)  # a Sunday, the demo's today


@pytest.fixture
def business(tmp_path: Path) -> Iterator[Business]:
    vault = Vault.create(tmp_path / "vault.hops", "retainers review", kdf=KdfParams.fast())
    vault.clients.add(Client("acme"))
    with Business(vault, Settings()) as business:
        yield business


def weekly(start: str, end: str = "2026-12-31", hours: int = 2) -> Retainer:
    return Retainer("acme", "Past", 30000, "FREQ=WEEKLY", start, end, limit_minutes=hours * 60)


def test_a_start_years_back_is_refused_and_writes_nothing(business: Business) -> None:
    before = business.counts()
    # Mon 2 Jan 2017 to Mon 30 Nov 2026: 517 weeks back, 518 periods started by today.
    with pytest.raises(RetainerRefused, match=r"517 periods back \(518 draft invoices"):
        business.retainers.add(weekly("2017-01-02"), today=TODAY)
    assert business.counts() == before
    assert business.cashbook.invoices() == []


def test_a_term_already_over_is_refused(business: Business) -> None:
    with pytest.raises(RetainerRefused, match="the term ended on 2017-03-31"):
        business.retainers.add(weekly("2017-01-02", "2017-03-31"), today=TODAY)


def test_one_period_back_is_kept(business: Business) -> None:
    # Mon 23 Nov: last week's period and this one (30 Nov..6 Dec): two drafts.
    business.retainers.add(weekly("2026-11-23"), today=TODAY)
    assert [i.period for i in business.retainers.raise_due(TODAY)] == [
        "2026-11-23",
        "2026-11-30",
    ]
    with pytest.raises(RetainerRefused, match="on 2026-11-23 or later"):
        business.retainers.add(weekly("2026-11-16"), today=TODAY)


def test_ending_voids_the_later_periods_drafts(business: Business) -> None:
    monthly = Retainer("acme", "Support", 60000, "FREQ=MONTHLY", "2026-11-01", "2027-10-31",
                       limit_minutes=480)  # fmt: skip
    retainer = business.retainers.add(monthly, today=TODAY)
    assert retainer.id is not None
    _nov, dec = business.retainers.raise_due(TODAY)
    ended = business.retainers.end(retainer.id, dt.date(2026, 11, 15))
    assert [i.label for i in ended.voided] == [dec.label] and ended.kept == []
    status = {i.period: i.status for i in business.cashbook.invoices()}
    assert status == {"2026-11-01": "draft", "2026-12-01": "void"}
    assert business.retainers.raise_due(TODAY) == []  # the voided one keeps its period


def test_ending_leaves_a_sent_later_invoice_and_names_it(business: Business) -> None:
    monthly = Retainer("acme", "Support", 60000, "FREQ=MONTHLY", "2026-11-01", "2027-10-31",
                       limit_minutes=480)  # fmt: skip
    retainer = business.retainers.add(monthly, today=TODAY)
    assert retainer.id is not None
    _nov, dec = business.retainers.raise_due(TODAY)
    business.cashbook.send_invoice(dec, TODAY)
    ended = business.retainers.end(retainer.id, dt.date(2026, 11, 30))
    assert ended.voided == [] and [i.label for i in ended.kept] == [dec.label]


def test_an_erased_clients_retainer_is_listed_as_ended(business: Business) -> None:
    business.retainers.add(weekly("2026-11-30"), today=TODAY)
    business.clients.erase("acme", TODAY)
    (line,) = business.retainers.lines(TODAY)
    assert (line.status, line.client_erased, line.status_text) == (
        "ended",
        True,
        "ended (client erased)",
    )
    assert line.use is None and line.next_invoice is None


def test_a_finished_term_is_not_called_over() -> None:
    done = weekly("2026-11-02", "2026-11-29")
    assert rr.status(done, TODAY) == "finished"


def test_retainer_time_is_logged_time_in_the_plan(business: Business) -> None:
    retainer = business.retainers.add(weekly("2026-11-30", hours=6), today=TODAY)
    assert retainer.id is not None
    business.retainers.log_time(retainer.id, 120, dt.date(2026, 12, 1), today=TODAY)
    business.retainers.log_time(retainer.id, 240, TODAY, today=TODAY)
    week = business.planning.schedule(TODAY).week(dt.date(2026, 11, 30))
    tuesday, sunday = week.days[1], week.days[6]
    assert (tuesday.logged, tuesday.retainer_logged, tuesday.booked) == (120, 120, 120)
    assert (sunday.logged, sunday.retainer_logged) == (240, 240)


def test_more_hours_than_the_billable_week_are_refused(business: Business) -> None:
    billable = sum(
        business.planning.schedule(TODAY).capacity(dt.date(2026, 12, 7) + i * rr.DAY).billable
        for i in range(7)
    )
    hours = billable // 60 + 1
    before = business.counts()
    with pytest.raises(RetainerRefused, match=f"{hours}h every week is more than the"):
        business.retainers.add(weekly("2026-12-07", hours=hours), today=TODAY)
    assert business.counts() == before
    problem, warning = business.retainers.capacity(weekly("2026-12-07", hours=2), TODAY)
    assert (problem, warning) == ("", "")
    problem, warning = business.retainers.capacity(
        weekly("2026-12-07", hours=billable // 60), TODAY
    )
    assert problem == "" and "little is left for missions" in warning


def test_a_short_day_passes_its_share_to_the_others() -> None:
    # 3 h over Mon..Fri, but Wednesday has room for 6 minutes only: 180 - 6 = 174 over the
    # four other days, 43.5 each: 44, 44, 43, 43.
    room = {dt.date(2026, 12, 7) + i * rr.DAY: 240 for i in range(5)}
    room[dt.date(2026, 12, 9)] = 6
    kept = rr.reserve(
        [weekly("2026-12-07", "2026-12-13", hours=3)], [], focus=(240,) * 5 + (0, 0),
        off=set(), today=dt.date(2026, 12, 7), last=dt.date(2026, 12, 13), room=room,
    )  # fmt: skip
    assert [kept.by_day[dt.date(2026, 12, d)] for d in (7, 8, 9, 10, 11)] == [44, 44, 6, 43, 43]
    assert kept.short == []
    room = dict.fromkeys(room, 30)  # 150 minutes of room for 180: 30 said, not lost
    kept = rr.reserve(
        [weekly("2026-12-07", "2026-12-13", hours=3)], [], focus=(240,) * 5 + (0, 0),
        off=set(), today=dt.date(2026, 12, 7), last=dt.date(2026, 12, 13), room=room,
    )  # fmt: skip
    assert sum(kept.by_day.values()) == 150
    assert kept.short == [(None, dt.date(2026, 12, 7), 30)]


def test_a_wednesday_block_does_not_lose_reserved_time(business: Business) -> None:
    from homeops.rules.capacity import FixedBlock

    monday = dt.date(2026, 12, 7)
    wednesday = monday + 2 * rr.DAY
    free = business.planning.schedule(monday).capacity(wednesday).billable
    # a block that leaves Wednesday 10 minutes of billable time
    business.planning.add_block(
        FixedBlock("Choir", "FREQ=WEEKLY;BYDAY=WE", "2026-12-02", free - 10)
    )
    business.retainers.add(weekly("2026-12-07", hours=3), today=monday)
    schedule = business.planning.schedule(monday)
    week = [monday + i * rr.DAY for i in range(7)]
    assert sum(schedule.reserved.get(d, 0) for d in week) == 180  # all 3 h kept
    assert schedule.reserved[wednesday] == 10
    assert schedule.reserve_short == []
