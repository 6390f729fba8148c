"""``business.retainers``: one write path for the console and the command line. Refusals
write nothing; each period raises one draft invoice, never two; time past the limit becomes
a proposed scope change; the planner reserves the hours and the forecast expects the money."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, Mission
from homeops.rules.retainers import Retainer
from homeops.services import Business
from homeops.services.errors import ClientErased, NoSuchClient
from homeops.services.fit import FitRequest
from homeops.services.retainers import RetainerRefused
from homeops.storage.vault import KdfParams, Vault

TODAY = dt.date(2026, 12, 7)  # a Monday


@pytest.fixture
def business(tmp_path: Path) -> Iterator[Business]:
    vault = Vault.create(tmp_path / "vault.hops", "retainers test", kdf=KdfParams.fast())
    vault.clients.add(Client("acme"))
    vault.clients.add(Client("gone", status="erased"))
    with Business(vault, Settings()) as business:
        yield business


def support(**changes: object) -> Retainer:
    base = Retainer("acme", "Support", 90000, "FREQ=MONTHLY", "2026-10-01", "2027-03-31",
                    limit_minutes=600)  # fmt: skip
    for name, value in changes.items():
        setattr(base, name, value)
    return base


def _counts(business: Business) -> dict[str, int]:
    return business.counts()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"client_alias": "nobody"}, NoSuchClient),
        ({"client_alias": "gone"}, ClientErased),
        ({"limit_minutes": 0}, RetainerRefused),
        ({"start": "2026-10-02", "rule": "FREQ=MONTHLY;BYMONTHDAY=1"}, RetainerRefused),
    ],
)
def test_a_refused_retainer_writes_nothing(
    business: Business, changes: dict[str, object], error: type[Exception]
) -> None:
    before = _counts(business)
    with pytest.raises(error):
        business.retainers.add(support(**changes))
    assert _counts(business) == before


def test_each_period_raises_one_draft_never_two(business: Business) -> None:
    business.cashbook.new_invoice(Invoice(0, "acme", 50000, "Brochure"))
    retainer = business.retainers.add(support())
    raised = business.retainers.raise_due(TODAY)
    # October, November and December have started: three drafts, numbered after F-0001.
    assert [(i.number, i.period, i.amount_cents, i.kind, i.status) for i in raised] == [
        (2, "2026-10-01", 90000, "retainer", "draft"),
        (3, "2026-11-01", 90000, "retainer", "draft"),
        (4, "2026-12-01", 90000, "retainer", "draft"),
    ]
    assert {i.retainer_id for i in raised} == {retainer.id}
    assert raised[2].description == "Support, 2026-12-01 to 2026-12-31"
    assert business.retainers.raise_due(TODAY) == []
    assert business.retainers.raise_due(TODAY + dt.timedelta(days=3)) == []
    assert len(business.cashbook.invoices()) == 4
    january = business.retainers.raise_due(dt.date(2027, 1, 1))
    assert [i.period for i in january] == ["2027-01-01"]


def test_a_voided_draft_still_counts_for_its_period(business: Business) -> None:
    business.retainers.add(support(start="2026-12-01"))
    (draft,) = business.retainers.raise_due(TODAY)
    business.cashbook.void_invoice(draft)
    assert business.retainers.raise_due(TODAY) == []


def test_an_erased_clients_retainer_raises_nothing(business: Business) -> None:
    business.retainers.add(support())
    business.clients.erase("acme", TODAY)
    assert business.retainers.raise_due(TODAY) == []
    (kept,) = business.retainers.all()
    assert kept.client_alias != "acme"  # the erasure renamed it to the pseudonym


def test_time_within_the_limit_then_refused_then_proposed(business: Business) -> None:
    retainer = business.retainers.add(support())
    assert retainer.id is not None
    done = business.retainers.log_time(retainer.id, 480, TODAY, today=TODAY)
    assert (done.use.minutes, done.use.state, done.proposal) == (480, "near", None)
    before = _counts(business)
    with pytest.raises(RetainerRefused, match="2h left of 10h"):
        business.retainers.log_time(retainer.id, 180, TODAY, today=TODAY)
    assert _counts(business) == before
    done = business.retainers.log_time(retainer.id, 180, TODAY, today=TODAY, propose=True)
    assert done.proposal is not None
    # 1 h over the limit at the implied 90 €/h.
    assert (done.proposal.minutes, done.proposal.amount_cents) == (60, 9000)
    assert (done.use.minutes, done.use.state) == (660, "over")


def test_accepting_a_proposal_bills_it_and_raises_the_limit(business: Business) -> None:
    retainer = business.retainers.add(support(start="2026-12-01"))
    assert retainer.id is not None
    business.retainers.log_time(retainer.id, 690, TODAY, today=TODAY, propose=True)
    extra = business.retainers.decide(retainer.id, 1, True, TODAY)
    assert extra is not None and extra.amount_cents == 13500  # 1h30 at 90 €/h
    numbers = [(i.number, i.amount_cents) for i in business.cashbook.invoices()]
    assert numbers == [(1, 90000), (2, 13500)]  # the period's own invoice first
    (line,) = business.retainers.lines(TODAY)
    assert line.use is not None and (line.use.limit_minutes, line.use.state) == (690, "near")
    with pytest.raises(RetainerRefused, match="already accepted"):
        business.retainers.decide(retainer.id, 1, False, TODAY)


def test_declining_bills_nothing(business: Business) -> None:
    retainer = business.retainers.add(support(start="2026-12-01"))
    assert retainer.id is not None
    business.retainers.log_time(retainer.id, 660, TODAY, today=TODAY, propose=True)
    assert business.retainers.decide(retainer.id, 1, False, TODAY) is None
    assert business.cashbook.invoices() == []
    assert business.retainers.get(retainer.id).proposals[0].status == "declined"


def test_deliverables_past_the_count_are_refused_or_proposed(business: Business) -> None:
    retainer = business.retainers.add(support(limit_minutes=0, limit_deliverables=1))
    assert retainer.id is not None
    use, proposal = business.retainers.deliver(retainer.id, TODAY, today=TODAY)
    assert (use.deliverables, proposal) == (1, None)
    with pytest.raises(RetainerRefused, match="1 of 1 deliverables"):
        business.retainers.deliver(retainer.id, TODAY, today=TODAY)
    use, proposal = business.retainers.deliver(retainer.id, TODAY, today=TODAY, propose=True)
    assert proposal is not None and proposal.amount_cents == 90000
    assert use.state == "over"


def test_time_outside_the_term_is_refused(business: Business) -> None:
    retainer = business.retainers.add(support(start="2027-01-01"))
    assert retainer.id is not None
    with pytest.raises(RetainerRefused, match="outside retainer"):
        business.retainers.log_time(retainer.id, 60, TODAY, today=TODAY)


def test_ending_stops_the_invoices_and_the_reserve(business: Business) -> None:
    retainer = business.retainers.add(support())
    assert retainer.id is not None
    business.retainers.end(retainer.id, dt.date(2026, 11, 30))
    assert [i.period for i in business.retainers.raise_due(TODAY)] == ["2026-10-01", "2026-11-01"]
    assert business.planning.schedule(TODAY).reserved == {}
    with pytest.raises(RetainerRefused, match="already ended"):
        business.retainers.end(retainer.id, TODAY)


def test_the_plan_goes_around_the_reserved_hours(business: Business) -> None:
    business._vault.missions.add(
        Mission("Brochure", "acme", "Plan", fee_cents=90000, effort_minutes=600)
    )
    free = business.planning.schedule(TODAY)
    business.retainers.add(support())
    reserved = business.planning.schedule(TODAY)
    # 600 min over the 19 weekdays of 7..31 Dec: 32 on the first eleven, then 31.
    assert reserved.reserved[TODAY] == 32
    assert free.capacities[TODAY].billable - reserved.capacities[TODAY].billable == 32
    assert reserved.plan.planned(TODAY) == reserved.capacities[TODAY].billable
    # fit sees the same capacity: it plans through the schedule.
    assert business.fit.answer(FitRequest(60), today=TODAY).delivery is not None


def test_the_forecast_expects_the_coming_periods(business: Business) -> None:
    business.retainers.add(support())
    flows = business.retainers.expected(TODAY, dt.date(2027, 2, 28))
    # January and February start after today: each at its start + 30 days of terms.
    assert flows == [
        (dt.date(2027, 1, 31), 90000, "Support (acme), retainer"),
        (dt.date(2027, 3, 3), 90000, "Support (acme), retainer"),
    ]
    outlook = business.cashbook.outlook(TODAY, weeks=12)
    found = [
        (f.date, f.amount_cents)
        for week in outlook.forecast.weeks
        for f in week.flows
        if f.label == "Support (acme), retainer"
    ]
    assert found == [(dt.date(2027, 1, 31), 90000)]  # 3 March is past the 12 weeks


def test_the_demo_retainer(business: Business) -> None:
    from homeops.demo.sample_retainers import add_retainer

    assert add_retainer(business, TODAY) == 6  # the retainer, 2 time entries, 3 drafts
    (line,) = business.retainers.lines(TODAY)
    # From 1 Oct for a year; 2h on Tue 1 Dec and 1h30 on Wed 2 Dec: 3h30 of 8h.
    assert (line.retainer.start, line.retainer.end) == ("2026-10-01", "2027-09-30")
    assert line.use is not None and (line.use.minutes, line.use.state) == (210, "ok")
    periods = [i.period for i in business.cashbook.invoices()]
    assert periods == ["2026-10-01", "2026-11-01", "2026-12-01"]


def test_an_import_keeps_the_retainers_links(business: Business) -> None:
    import json

    from homeops.services.business import parse_import
    from homeops.storage.schema_import import ImportRefused

    retainer = business.retainers.add(support(start="2026-12-01"))
    assert retainer.id is not None
    business.retainers.log_time(retainer.id, 60, TODAY, today=TODAY)
    business.retainers.raise_due(TODAY)
    data = business.export_data()
    tables = parse_import(json.dumps(data))  # the export as it is imports
    assert len(tables["retainers"]) == 1
    data["tables"]["retainers"] = {}
    with pytest.raises(ImportRefused, match="retainer_id 1 names no retainer of the export"):
        parse_import(json.dumps(data))


def test_an_erased_clients_retainer_reserves_and_takes_nothing(business: Business) -> None:
    retainer = business.retainers.add(support())
    assert retainer.id is not None
    assert business.planning.schedule(TODAY).reserved != {}
    business.clients.erase("acme", TODAY)
    assert business.planning.schedule(TODAY).reserved == {}
    with pytest.raises(RetainerRefused, match="client was erased"):
        business.retainers.log_time(retainer.id, 60, TODAY, today=TODAY)
    assert business.retainers.expected(TODAY, dt.date(2027, 3, 31)) == []
