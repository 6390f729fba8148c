"""The delivery flow's stage rules, table-driven."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from homeops.rules.missions import (
    BLOCK,
    Flow,
    MoveRefused,
    add_paid_revision,
    check_move,
    days_in_stage,
    from_offer,
    move,
    time_per_stage,
    validate,
)
from homeops.rules.model import Check, Mission, Offer, StageMove

STAGES = ("Brief", "Plan", "First draft", "Quality check", "Client review", "Delivered")
FLOW = Flow(STAGES, {"First draft": 3})
AT = datetime(2026, 11, 30, 9, 0, 0)


def mission(stage: str = "Quality check", **changes: object) -> Mission:
    base = Mission(
        title="Annual report",
        client_alias="acme",
        stage=stage,
        checklist=[Check("Facts checked", True), Check("Tone matches the brief", True)],
        acceptance_criteria=[Check("Approved by the editor", True)],
        revision_limit=2,
        history=[StageMove(at="2026-11-20T09:00:00", stage=stage)],
    )
    return replace(base, **changes)  # type: ignore[arg-type]


UNTICKED = [Check("Facts checked", True), Check("Tone matches the brief", False)]
UNMET = [Check("Approved by the editor", False)]


@pytest.mark.parametrize(
    ("case", "start", "target", "changes", "in_target", "allowed", "reason_has"),
    [
        ("forward one stage", "Brief", "Plan", {}, 0, True, ""),
        ("backward before review is free", "Plan", "Brief", {}, 0, True, ""),
        ("review needs the checklist", "Quality check", "Client review",
         {"checklist": UNTICKED}, 0, False, "1 quality-checklist item(s) not ticked"),
        ("review with every item ticked", "Quality check", "Client review", {}, 0, True, ""),
        ("jumping past review still needs the checklist", "First draft", "Delivered",
         {"checklist": UNTICKED}, 0, False, "quality-checklist"),
        ("delivery needs the criteria", "Client review", "Delivered",
         {"acceptance_criteria": UNMET}, 0, False, "1 acceptance criterion/criteria not met"),
        ("delivery with criteria met", "Client review", "Delivered", {}, 0, True, ""),
        ("revision within the limit", "Client review", "First draft",
         {"revisions_used": 1}, 0, True, ""),
        ("revision past the limit", "Client review", "First draft",
         {"revisions_used": 2}, 0, False, "revision rounds used up (2/2)"),
        ("WIP limit in warn mode is allowed", "Plan", "First draft", {}, 3, True, ""),
        ("unknown stage", "Plan", "Done-ish", {}, 0, False, "unknown stage 'Done-ish'"),
        ("same stage", "Plan", "Plan", {}, 0, False, "already in Plan"),
    ],
)  # fmt: skip
def test_stage_rules(
    case: str,
    start: str,
    target: str,
    changes: dict[str, object],
    in_target: int,
    allowed: bool,
    reason_has: str,
) -> None:
    verdict = check_move(mission(start, **changes), target, FLOW, in_target)
    assert verdict.allowed is allowed, case
    assert reason_has in verdict.reason
    assert "\n" not in verdict.reason


def test_wip_limit_warns_in_warn_mode_and_blocks_in_block_mode() -> None:
    warned = check_move(mission("Plan"), "First draft", FLOW, 3)
    assert warned.allowed and "WIP limit 3" in warned.warning
    blocking = Flow(STAGES, {"First draft": 3}, BLOCK)
    refused = check_move(mission("Plan"), "First draft", blocking, 3)
    assert not refused.allowed and refused.overridable and "WIP limit 3" in refused.reason
    assert check_move(mission("Plan"), "First draft", blocking, 2).allowed


def test_refused_move_raises_and_changes_nothing() -> None:
    before = mission(checklist=UNTICKED)
    with pytest.raises(MoveRefused) as refused:
        move(before, "Client review", FLOW, at=AT)
    assert "not ticked" in str(refused.value)
    assert before.stage == "Quality check" and len(before.history) == 1


def test_override_with_a_reason_moves_and_keeps_the_reason_in_history() -> None:
    moved = move(
        mission(checklist=UNTICKED), "Client review", FLOW, at=AT, override="client in a hurry"
    )
    assert moved.stage == "Client review"
    assert moved.history[-1].stage == "Client review"
    assert moved.history[-1].at == "2026-11-30T09:00:00"
    assert "client in a hurry" in moved.history[-1].reason


def test_blank_override_is_no_override() -> None:
    with pytest.raises(MoveRefused):
        move(mission(checklist=UNTICKED), "Client review", FLOW, at=AT, override="   ")


@pytest.mark.parametrize("target", ["Done-ish", "Quality check"])
def test_unknown_or_same_stage_cannot_be_overridden(target: str) -> None:
    with pytest.raises(MoveRefused):
        move(mission(), target, FLOW, at=AT, override="because")


def test_moving_back_from_review_uses_a_revision_round() -> None:
    moved = move(mission("Client review"), "First draft", FLOW, at=AT)
    assert moved.revisions_used == 1
    assert moved.history[-1].reason == "revision round 1/2"


def test_past_the_limit_a_paid_scope_change_or_an_override_lets_it_through() -> None:
    spent = mission("Client review", revisions_used=2)
    verdict = check_move(spent, "First draft", FLOW, 0)
    assert not verdict.allowed and verdict.scope_change
    bought = add_paid_revision(spent)
    assert move(bought, "First draft", FLOW, at=AT).revisions_used == 3
    forced = move(spent, "First draft", FLOW, at=AT, override="goodwill")
    assert forced.revisions_used == 3 and "goodwill" in forced.history[-1].reason


def test_time_in_stage_comes_from_history_not_from_edits() -> None:
    m = mission(
        "First draft",
        history=[
            StageMove("2026-11-01T09:00:00", "Brief"),
            StageMove("2026-11-03T09:00:00", "First draft"),
            StageMove("2026-11-10T09:00:00", "Client review"),
            StageMove("2026-11-12T09:00:00", "First draft"),
        ],
    )
    assert days_in_stage(m, AT) == 18
    spent = time_per_stage(m, AT)
    assert spent["Brief"] == timedelta(days=2)
    assert spent["First draft"] == timedelta(days=7) + (AT - datetime(2026, 11, 12, 9))
    assert spent["Client review"] == timedelta(days=2)


def test_a_mission_without_history_has_spent_no_time_in_any_stage() -> None:
    # an import may bring a mission without its history: the mission screen must still open
    assert time_per_stage(Mission("Imported", "acme", "Brief"), AT) == {}


def test_new_mission_from_offer_prefills_everything() -> None:
    offer = Offer(
        "Blog article",
        price_cents=45000,
        lead_time_days=10,
        deliverables=["1,200-word article"],
        acceptance_criteria=["Published without edits"],
        revision_rounds=1,
        effort_minutes=360,
    )
    m = from_offer(
        offer,
        title="Spring piece",
        client_alias="acme",
        today=date(2026, 11, 30),
        stage="Brief",
        checklist=["Facts checked"],
        at=AT,
    )
    assert (m.fee_cents, m.deadline, m.revision_limit, m.offer) == (
        45000,
        "2026-12-10",
        1,
        "Blog article",
    )
    assert m.deliverables == ["1,200-word article"]
    assert m.acceptance_criteria == [Check("Published without edits")]
    assert m.checklist == [Check("Facts checked")]
    assert m.history == [StageMove("2026-11-30T09:00:00", "Brief")]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"title": "  "}, "a mission needs a title"),
        ({"stage": "Someday"}, "unknown stage 'Someday'"),
        ({"fee_cents": -1}, "fee cannot be negative"),
        ({"effort_minutes": -60}, "effort estimate cannot be negative"),
        ({"deadline": "2026-02-30"}, "is not a date"),
    ],
)
def test_validate_names_the_problem(changes: dict[str, Any], problem: str) -> None:
    found = validate(mission(**changes), FLOW)
    assert found is not None and problem in found
    assert validate(mission(), FLOW) is None
