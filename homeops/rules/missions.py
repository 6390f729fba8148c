"""The delivery flow's rules: which stage moves a mission may make, and what they cost.

Pure functions over ``homeops.rules.model`` records. The stages come from config; the rules
attach to roles by position: the second-to-last stage is the client review, the last one
is delivery (with the default stages: Client review, Delivered).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from homeops.rules.hourly import CAP_RULE
from homeops.rules.model import Check, Mission, Offer, StageMove

WARN, BLOCK = "warn", "block"


@dataclass(frozen=True)
class Flow:
    """The configured stages and WIP limits (``wip_mode`` is ``warn`` or ``block``)."""

    stages: tuple[str, ...]
    wip_limits: dict[str, int] = field(default_factory=dict)
    wip_mode: str = WARN

    @property
    def review(self) -> str:
        return self.stages[-2]

    @property
    def delivered(self) -> str:
        return self.stages[-1]

    def index(self, stage: str) -> int:
        return self.stages.index(stage)

    def find(self, name: str) -> str | None:
        """The stage ``name`` means, or None (unknown, blank, or fits several): any case,
        spaces, hyphens and underscores alike (``quality-check``), the start of one stage's
        name only (``qual``, ``client``), or a whole word of one only (``review``, ``draft``)."""
        found = self.matches(name)
        return found[0] if len(found) == 1 else None

    def matches(self, name: str) -> list[str]:
        """The stages ``name`` could mean (``find``), in board order: the one it names whole,
        else every one it starts or names whole words of; none for a blank name."""
        wanted = _stage_key(name)
        if not wanted:
            return []
        exact = [s for s in self.stages if _stage_key(s) == wanted]
        return exact[:1] or [
            s
            for s in self.stages
            if _stage_key(s).startswith(wanted) or f" {wanted} " in f" {_stage_key(s)} "
        ]


def _stage_key(name: str) -> str:
    """A stage name as compared: case folded, every run of spaces, hyphens and underscores
    one space (``Quality_check``, ``quality-check`` and ``QUALITY  CHECK`` are one stage)."""
    return " ".join(name.replace("-", " ").replace("_", " ").casefold().split())


@dataclass(frozen=True)
class Verdict:
    """What a move would do. ``allowed`` false: ``reason`` says why in one line."""

    allowed: bool
    reason: str = ""
    overridable: bool = True  # an override with a written reason lets it through
    scope_change: bool = False  # past the revision limit: a paid revision also lets it through
    uses_revision: bool = False
    warning: str = ""  # allowed, but worth saying (a WIP limit passed in warn mode)


def check_move(mission: Mission, target: str, flow: Flow, in_target: int) -> Verdict:
    """Whether ``mission`` may move to ``target``; ``in_target`` missions are already there."""
    if target not in flow.stages:
        return Verdict(False, f"unknown stage {target!r}; stages: {', '.join(flow.stages)}", False)
    if target == mission.stage:
        return Verdict(False, f"already in {target}", False)
    here, there = flow.index(mission.stage), flow.index(target)
    problems: list[str] = []
    if here < flow.index(flow.review) <= there:
        open_items = [c.text for c in mission.checklist if not c.done]
        if open_items:
            problems.append(f"{len(open_items)} quality-checklist item(s) not ticked")
    if there == flow.index(flow.delivered):
        unmet = [c.text for c in mission.acceptance_criteria if not c.done]
        if unmet:
            problems.append(f"{len(unmet)} acceptance criterion/criteria not met")
    revision = mission.stage == flow.review and there < here
    warning = ""
    limit = flow.wip_limits.get(target)
    if limit is not None and in_target >= limit:
        wip = f"{target} already has {in_target} mission(s) (WIP limit {limit})"
        if flow.wip_mode == BLOCK:
            problems.append(wip)
        else:
            warning = wip
    if revision and mission.revisions_used >= mission.revision_limit:
        used = f"{mission.revisions_used}/{mission.revision_limit}"
        reason = f"revision rounds used up ({used}): record a paid scope change or override"
        return Verdict(False, "; ".join([*problems, reason]), scope_change=True)
    if problems:
        return Verdict(False, "; ".join(problems) + ": override with a reason to move anyway")
    return Verdict(True, uses_revision=revision, warning=warning)


class MoveRefused(ValueError):
    def __init__(self, verdict: Verdict) -> None:
        self.verdict = verdict
        super().__init__(verdict.reason)


def move(
    mission: Mission,
    target: str,
    flow: Flow,
    *,
    at: datetime,
    in_target: int = 0,
    override: str = "",
) -> Mission:
    """A copy of ``mission`` in ``target`` with the move in its history.

    A refused move raises ``MoveRefused`` unless ``override`` gives a written reason (and the
    refusal is overridable). Moving back from the client review uses one revision round.
    """
    verdict = check_move(mission, target, flow, in_target)
    reason = ""
    if not verdict.allowed:
        if not verdict.overridable or not override.strip():
            raise MoveRefused(verdict)
        reason = f"override: {override.strip()} ({verdict.reason.split(':')[0]})"
    moved = copy.deepcopy(mission)
    revision = mission.stage == flow.review and flow.index(target) < flow.index(mission.stage)
    if revision:
        moved.revisions_used += 1
        reason = reason or f"revision round {moved.revisions_used}/{moved.revision_limit}"
    moved.stage = target
    moved.history.append(
        StageMove(at=at.isoformat(timespec="seconds"), stage=target, reason=reason)
    )
    return moved


def add_paid_revision(mission: Mission) -> Mission:
    """A copy with one more revision round, bought by an accepted paid scope change."""
    bought = copy.deepcopy(mission)
    bought.revision_limit += 1
    return bought


def entered_stage_at(mission: Mission) -> datetime | None:
    """When the mission entered its current stage, from the history (not the last edit)."""
    for entry in reversed(mission.history):
        if entry.stage == mission.stage:
            return datetime.fromisoformat(entry.at)
    return None


def days_in_stage(mission: Mission, now: datetime) -> int:
    """Whole days since the mission entered its stage (0 when the history does not say)."""
    since = entered_stage_at(mission)
    if since is None:
        return 0
    if since.tzinfo is None and now.tzinfo is not None:
        now = now.replace(tzinfo=None)
    return max(0, (now - since).days)


def time_per_stage(mission: Mission, now: datetime) -> dict[str, timedelta]:
    """Total time spent in each stage, summed over every visit, from the history."""
    totals: dict[str, timedelta] = {}
    moves = [(datetime.fromisoformat(m.at), m.stage) for m in mission.history]
    if not moves:  # an imported mission may come without its history
        return totals
    for (start, stage), (end, _next) in zip(moves, [*moves[1:], (now, "")], strict=True):
        if start.tzinfo is None and end.tzinfo is not None:
            end = end.replace(tzinfo=None)
        totals[stage] = totals.get(stage, timedelta()) + max(end - start, timedelta())
    return totals


def from_offer(
    offer: Offer,
    *,
    title: str,
    client_alias: str,
    today: date,
    stage: str,
    checklist: Sequence[str],
    at: datetime,
) -> Mission:
    """A new mission pre-filled from a packaged offer; deadline = today + lead time."""
    return Mission(
        title=title,
        client_alias=client_alias,
        stage=stage,
        fee_cents=offer.price_cents,
        currency=offer.currency,
        offer=offer.name,
        deadline=(today + timedelta(days=offer.lead_time_days)).isoformat(),
        effort_minutes=offer.effort_minutes,
        deliverables=list(offer.deliverables),
        acceptance_criteria=[Check(text) for text in offer.acceptance_criteria],
        checklist=[Check(text) for text in checklist],
        revision_limit=offer.revision_rounds,
        history=[StageMove(at=at.isoformat(timespec="seconds"), stage=stage)],
    )


def validate(mission: Mission, flow: Flow) -> str | None:
    """Why ``mission`` cannot be saved (one line), or None."""
    if not mission.title.strip():
        return "a mission needs a title"
    if mission.stage not in flow.stages:
        return f"unknown stage {mission.stage!r}; stages: {', '.join(flow.stages)}"
    if mission.fee_cents < 0:
        return "the fee cannot be negative"
    if mission.hourly_rate_cents < 0:
        return "the hourly rate cannot be negative"
    if mission.hourly_rate_cents > 0 and mission.fee_cents <= 0:
        return CAP_RULE  # the seed's rule: hourly work only with a capped budget
    if mission.effort_minutes < 0:
        return "the effort estimate cannot be negative"
    if mission.revision_limit < 0:
        return "the revision limit cannot be negative"
    if mission.deadline is not None:
        try:
            date.fromisoformat(mission.deadline)
        except ValueError:
            return f"deadline {mission.deadline!r} is not a date (YYYY-MM-DD)"
    return None
