"""The sample-data generator: deterministic, honest about size, and internally coherent; and
the demo's fill, which stores it through the services."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeops.config import PrivacySettings, Settings
from homeops.demo import sample_privacy
from homeops.demo.fill import fill_with_sample
from homeops.demo.sample import ENVELOPE_SHARES_BP, STAGES, SampleData, generate, split_cents
from homeops.demo.sample_time import generate_time
from homeops.rules import privacy
from homeops.rules.model import Client, LedgerEntry, Mission
from homeops.services import Business
from homeops.services.fit import FitRequest
from homeops.storage.vault import KdfParams, Vault

TODAY = dt.date(2026, 5, 13)  # a Wednesday
DEFAULT_STAGES = ("Brief", "Plan", "First draft", "Quality check", "Client review", "Delivered")


def _records(data: SampleData) -> list[Client | Mission | LedgerEntry]:
    return [*data.clients, *data.missions, *data.ledger]


def _dump(data: SampleData) -> list[dict[str, object]]:
    return [asdict(r) for r in _records(data)]


@pytest.mark.parametrize("size", [None, 0, 1, 7, 1000])
def test_deterministic_for_a_seed(size: int | None) -> None:
    assert _dump(generate(size, seed=3, today=TODAY)) == _dump(generate(size, seed=3, today=TODAY))


def test_seed_changes_the_data() -> None:
    assert _dump(generate(500, seed=1, today=TODAY)) != _dump(generate(500, seed=2, today=TODAY))


@pytest.mark.parametrize("size", [0, 1, 2, 3, 10, 99, 1000, 12345])
def test_size_is_honoured(size: int) -> None:
    data = generate(size, today=TODAY)
    assert abs(len(data) - size) <= max(2, size // 100)
    if size >= 1000:
        assert len(data.ledger) > len(data.missions) > len(data.clients) > 0


def test_negative_size_is_refused() -> None:
    with pytest.raises(ValueError):
        generate(-1, today=TODAY)


def test_demo_is_a_small_realistic_business() -> None:
    data = generate(today=TODAY)
    assert 4 <= len(data.clients) <= 8
    assert {c.status for c in data.clients} == {"client", "prospect"}
    assert 20 <= len(data.missions) <= 30
    assert 150 <= len(data.ledger) <= 400  # a year: payments, expenses, 52 payouts
    assert {m.stage for m in data.missions} == set(DEFAULT_STAGES)
    open_missions = [m for m in data.missions if m.stage != "Delivered" and m.deadline]
    deadlines = [dt.date.fromisoformat(m.deadline) for m in open_missions if m.deadline]
    assert any(d < TODAY for d in deadlines), "some missions are overdue"
    assert any(TODAY <= d <= TODAY + dt.timedelta(days=6 - TODAY.weekday()) for d in deadlines)
    kinds = {e.kind for e in data.ledger}
    assert {"income", "expense", "payout"} <= kinds
    payouts = [e for e in data.ledger if e.kind == "payout"]
    assert all(dt.date.fromisoformat(e.date).weekday() == 4 for e in payouts)
    assert all(e.envelope == "pay" and e.amount_cents < 0 for e in payouts)
    assert all(
        e.envelope == "costs" and e.amount_cents < 0 for e in data.ledger if e.kind == "expense"
    )
    pay = sum(e.amount_cents for e in data.ledger if e.envelope == "pay")
    assert pay >= 0, "the payouts so far were covered"


@pytest.mark.parametrize("size", [None, 1000])
def test_references_and_privacy(size: int | None) -> None:
    data = generate(size, today=TODAY)
    aliases = [c.alias for c in data.clients]
    assert len(aliases) == len(set(aliases))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a) for a in aliases)
    assert {m.client_alias for m in data.missions} <= set(aliases)
    for entry in data.ledger:
        assert entry.mission_id is None or 1 <= entry.mission_id <= len(data.missions)
    texts = [c.notes for c in data.clients] + [m.notes for m in data.missions]
    texts += [e.description for e in data.ledger]
    for text in texts:
        assert "@" not in text
        assert not re.search(r"\d{2}[ .]?\d{2}[ .]?\d{2}[ .]?\d{2}[ .]?\d{2}", text)
    for record in _records(data):
        assert record.id is None


@pytest.mark.parametrize("size", [None, 2000])
def test_split_groups_add_up(size: int | None) -> None:
    data = generate(size, today=TODAY)
    groups: dict[str, list[int]] = defaultdict(list)
    envelopes: dict[str, list[str]] = defaultdict(list)
    for entry in data.ledger:
        assert isinstance(entry.amount_cents, int)
        dt.date.fromisoformat(entry.date)
        assert dt.date.fromisoformat(entry.date) <= TODAY
        if entry.kind == "income":
            assert entry.group
            groups[entry.group].append(entry.amount_cents)
            envelopes[entry.group].append(entry.envelope)
    assert groups
    for group, parts in groups.items():
        assert envelopes[group] == list(ENVELOPE_SHARES_BP), group
        total = sum(parts)
        assert parts == list(split_cents(total, ENVELOPE_SHARES_BP).values()), group


@given(st.integers(-(10**12), 10**12))
def test_split_is_exact_and_fair(total: int) -> None:
    parts = split_cents(total, ENVELOPE_SHARES_BP)
    assert sum(parts.values()) == total
    for name, bp in ENVELOPE_SHARES_BP.items():
        assert abs(parts[name] * 10000 - total * bp) < 10000


def test_split_examples() -> None:
    assert split_cents(1, ENVELOPE_SHARES_BP) == {"taxes": 0, "costs": 0, "pay": 1, "cushion": 0}
    assert split_cents(3, {"a": 3333, "b": 3333, "c": 3334}) == {"a": 1, "b": 1, "c": 1}
    assert split_cents(100001, ENVELOPE_SHARES_BP) == {
        "taxes": 25000,
        "costs": 15000,
        "pay": 50001,
        "cushion": 10000,
    }
    with pytest.raises(ValueError):
        split_cents(100, {"a": 5000})


def _check_mission(m: Mission) -> None:
    assert m.stage in DEFAULT_STAGES
    assert m.history, m.title
    assert m.history[0].stage == "Brief"
    assert m.history[-1].stage == m.stage
    moments = [dt.datetime.fromisoformat(h.at) for h in m.history]
    assert moments == sorted(moments)
    assert all(
        h.at == t.isoformat(timespec="seconds") for h, t in zip(m.history, moments, strict=True)
    )
    assert moments[-1].date() <= TODAY
    backs = 0
    for before, after in zip(m.history, m.history[1:], strict=False):
        step = STAGES.index(after.stage) - STAGES.index(before.stage)
        if step < 0:
            backs += 1
            assert after.reason, "a move back says why"
        else:
            assert step == 1, (before.stage, after.stage)
    assert backs == m.revisions_used <= m.revision_limit
    assert m.deadline is not None
    assert dt.date.fromisoformat(m.deadline) >= moments[0].date()
    if m.stage == "Delivered":
        assert moments[-1].date() <= dt.date.fromisoformat(m.deadline)
    assert m.fee_cents >= 0 and m.effort_minutes >= 0
    assert m.effort_minutes or m.stage == "Brief", "estimated once past the brief"
    assert m.deliverables and m.acceptance_criteria and m.assumptions


@pytest.mark.parametrize("size", [None, 3000])
def test_stages_and_mission_dates_are_coherent(size: int | None) -> None:
    assert STAGES == DEFAULT_STAGES
    data = generate(size, seed=11, today=TODAY)
    for mission in data.missions:
        _check_mission(mission)


def test_large_sizes_are_fast_enough_to_generate() -> None:
    # Not a timing assertion: only that 100,000 documents come out, with nested lists.
    data = generate(100_000, today=TODAY)
    assert abs(len(data) - 100_000) <= 1000
    assert sum(len(m.history) for m in data.missions) > len(data.missions)


# -- the demo's business stored through the services ---------------------------------------------


@pytest.mark.parametrize("size", [None, 1000])
def test_the_fill_stores_every_generated_record_through_the_services(
    size: int | None, tmp_path: Path
) -> None:
    vault = Vault.create(tmp_path / "demo.hops", "orange-kettle-mountain-42", kdf=KdfParams.fast())
    with Business(vault, Settings()) as business:
        count = fill_with_sample(business, size, TODAY)
        counts = business.counts()
        changes = business.info()["changes"]
        missions = set(range(1, counts["missions"] + 1))  # ids in order, archived ones too
        uses = vault.ai_use.list()
        logged = vault.timelog.list()
    data = generate(size, today=TODAY)
    assert counts["missions"] == len(data.missions)
    assert counts["ledger"] == len(data.ledger)
    assert counts["clients"] == len(data.clients) + 1  # and a prospect past its retention
    # The count leaves the AI-use records out (as it always has): the rest is all there.
    assert count + counts["ai_use"] == sum(n for name, n in counts.items() if name != "meta")
    assert changes == 3  # the new vault, the fill as one change, the compaction
    assert uses and all(use.mission_id in missions for use in uses)
    assert all(e.mission_id is None or e.mission_id in missions for e in logged)
    assert bool(logged) == (size is None)  # four weeks of time log for the small business


def test_the_past_retention_prospect_follows_the_settings_default() -> None:
    clients = generate(today=TODAY).clients
    sample_privacy.dress_clients(clients, TODAY)
    past = next(c for c in clients if c.alias == "galerie-sud")
    years = PrivacySettings()
    rule_years = privacy.RetentionYears(
        years.prospect_retention_years,
        years.client_retention_years,
        years.accounting_retention_years,
    )
    assert privacy.retention(past, rule_years, TODAY).due_for_review


# -- the demo's business is busy but healthy (issue 13 point 22) ---------------------------------


def _demo_business(tmp_path: Path, today: dt.date) -> Business:
    vault = Vault.create(tmp_path / f"{today}.hops", "orange-kettle-mountain-42",
                         kdf=KdfParams.fast())  # fmt: skip
    business = Business(vault, Settings())
    fill_with_sample(business, None, today)
    return business


# Every day of one week, and a Wednesday in another season: the load does not depend on it.
HEALTH_DAYS = [dt.date(2026, 11, 30) + dt.timedelta(days=n) for n in range(7)] + [TODAY]


@pytest.mark.parametrize("today", HEALTH_DAYS, ids=[f"{d:%a}-{d}" for d in HEALTH_DAYS])
def test_the_demo_is_busy_but_healthy(tmp_path: Path, today: dt.date) -> None:
    with _demo_business(tmp_path, today) as business:
        planning = business.planning
        schedule = planning.schedule(today)
        fit = business.fit.answer(FitRequest(5 * 60), today=today)
    plan = schedule.plan
    # Busy: work left on several missions, more than a week of billable time; healthy: less
    # than the next two weeks can hold (a newcomer sees a plan that works).
    left = sum(w.remaining for w in plan.work.values())
    two_weeks = sum(plan.capacity[d] for d in plan.days if d < today + dt.timedelta(days=14))
    one_week = sum(plan.capacity[d] for d in plan.days if d < today + dt.timedelta(days=7))
    assert len(plan.work) >= 6
    assert one_week < left < two_weeks
    # A few warnings that teach (an overdue mission, a deadline too close), not dozens.
    assert 2 <= len(plan.warnings) <= 4, plan.warnings
    assert any("agree a new date with the client" in w for w in plan.warnings)
    assert any("move the deadline, cut scope or raise the price" in w for w in plan.warnings)
    # `homeops fit 5h` answers within about two weeks, and pushes nothing late (5h, not 10h,
    # since the response windows came off the focus hours: an ordinary week holds 8h15).
    # Its revision allowance counts too (5h30 planned): 17 days from a Friday.
    assert fit.delivery is not None
    assert (fit.delivery - today).days <= 17, fit.delivery
    assert not fit.pushed
    # Briefs not estimated yet are named, not planned: a lesson too, and only a few.
    assert 1 <= len(schedule.unestimated) <= 3
    assert {m.stage for m in schedule.unestimated} == {"Brief"}


@pytest.mark.parametrize("today", [dt.date(2026, 12, 6), dt.date(2027, 3, 3)])
def test_the_demo_logs_the_whole_time_of_its_delivered_missions(today: dt.date) -> None:
    """Results per offer divide fees by logged hours: a demo that logged a fraction of the
    work would show 3 400 € an hour. Every delivered mission has at least its estimate
    logged, before its delivery, and no working day holds more billable time than a day has."""
    data = generate(None, today=today)
    for number, mission in enumerate(data.missions, start=1):
        mission.id = number
    time = generate_time(data.missions, today=today)
    logged: dict[int, int] = defaultdict(int)
    per_day: dict[str, int] = defaultdict(int)
    for entry in time.entries:
        if entry.mission_id is not None:
            logged[entry.mission_id] += entry.minutes
            per_day[entry.day] += entry.minutes
    delivered = [
        m for m in data.missions if m.stage == "Delivered" and m.effort_minutes and not m.archived
    ]
    assert delivered
    for mission in delivered:
        assert mission.id is not None
        assert logged[mission.id] >= mission.effort_minutes, mission.title
        last = max(e.day for e in time.entries if e.mission_id == mission.id)
        assert last < mission.history[-1].at[:10]
    assert max(per_day.values()) <= 210
