"""The board: the active missions by stage, and every change of a mission, written once.

``Board`` is one session's view of the missions (the console keeps one while the board is
on show; the command line makes one per command). Each change is written to the vault
first, as one durable record (durable when the call returns), then placed on the board,
then recorded for undo (200 steps). Per change the work is proportional to the cards in
the columns it touches, never to the vault.
"""

from __future__ import annotations

import builtins
import contextlib
import copy
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeops.rules import invoices as inv
from homeops.rules.missions import (
    Flow,
    MoveRefused,
    Verdict,
    add_paid_revision,
    check_move,
    move,
    validate,
)
from homeops.rules.model import Mission, ScopeChange
from homeops.rules.money import format_amount
from homeops.rules.timelog import logged_by_mission
from homeops.rules.undo import Step, UndoHistory
from homeops.services import cash_outlook
from homeops.services.board_deposits import SessionDeposits, UndoRefused
from homeops.services.waiting import check_idle
from homeops.storage.repos import MissionSummary, NotFound
from homeops.storage.vault import Vault

if TYPE_CHECKING:
    from homeops.services.invoice_drafts import Acceptance

__all__ = [
    "Board",
    "ClientErased",
    "DepositInvoiced",
    "MissionArchived",
    "MissionRefused",
    "MissionSummary",
    "MoveRefused",
    "Moved",
    "NoSuchClient",
    "PaidRevisionFee",
    "UndoRefused",
    "check_paid_revision",
]


class MissionRefused(ValueError):
    """A mission the flow's rules refuse (``homeops.rules.missions.validate``): one line,
    nothing was written."""


class NoSuchClient(LookupError):
    """A new mission names an alias the client register does not hold: personal data lives
    only in the register, so the client is added first. Nothing was written."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        super().__init__(f"no client {alias}")


class ClientErased(ValueError):
    """New work for a client whose personal data was erased: its pseudonym stays on the old
    records for the accounting retention only. Nothing was written."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        super().__init__(
            f"client {alias} is erased: its records stay for accounting only; "
            "new work needs a client of its own"
        )


class MissionArchived(LookupError):
    """The mission is in the archive: only a restore brings it back to the board."""

    def __init__(self, mission_id: int) -> None:
        super().__init__(f"mission {mission_id} is archived")


class PaidRevisionFee(ValueError):
    """A paid revision without a fee above zero: a free round is an override with a
    written reason. Nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "a paid revision needs a fee above 0; for a free round, override with a reason"
        )


class DepositInvoiced(ValueError):
    """A deposit share changed while the mission's deposit invoice stands: the invoice says
    the old share. Nothing was written."""

    def __init__(self, label: str) -> None:
        super().__init__(f"{label} invoices this mission's deposit: void it first to change it")


def check_paid_revision(change: ScopeChange) -> None:
    """``PaidRevisionFee`` unless ``change`` costs something: a round is bought, not given."""
    if change.fee_delta_cents <= 0:
        raise PaidRevisionFee


def require_client(vault: Vault, alias: str) -> None:
    """``NoSuchClient`` unless ``alias`` is empty or a client of the register;
    ``ClientErased`` for an erased one (no new work under a pseudonym)."""
    if not alias:
        return
    client = vault.clients.by_alias(alias)
    if client is None:
        raise NoSuchClient(alias)
    if client.status == "erased":
        raise ClientErased(alias)


@dataclass(frozen=True)
class Moved:
    """A move that went through, and what it did besides moving: both faces say ``notes``.

    ``warning`` is the WIP note of warn mode (as the rules word it); ``round_used`` a
    revision round spent (moved back from the client review); ``paid_revision`` the scope
    change bought with the move (its fee); ``in_target`` the missions now in the target
    stage and ``wip_limit`` its limit, when the move took it past the limit.
    """

    mission: Mission
    warning: str = ""
    round_used: bool = False
    paid_revision: ScopeChange | None = None
    wip_limit: int | None = None
    in_target: int = 0

    @property
    def rounds_left(self) -> int:
        """Revision rounds left after the move (0 when spent, or past the limit)."""
        return max(0, self.mission.revision_limit - self.mission.revisions_used)

    def notes(self, locale: str) -> list[str]:
        """What the move did besides moving, one short sentence each (a line of 80 columns
        holds the move and its rounds): the money and rounds, then the WIP limit
        (``locale`` formats the fee)."""
        mission, notes = self.mission, []
        used, limit = mission.revisions_used, mission.revision_limit
        if self.paid_revision is not None:
            fee = format_amount(self.paid_revision.fee_delta_cents, mission.currency, locale)
            notes.append(f"Paid revision {fee}, round {used} of {limit} used.")
        elif self.round_used and used > limit:
            notes.append(f"Revision round {used}, past the {limit} agreed.")
        elif self.round_used:
            left = self.rounds_left
            notes.append(f"Revision round {used} of {limit} used, {left or 'none'} left.")
        if self.wip_limit is not None:
            notes.append(f"{mission.stage} holds {self.in_target}, WIP limit {self.wip_limit}.")
        return notes


class Board:
    """Active missions in columns, the session's undo history, and every mission write.

    ``now`` gives the local time with its zone (a move's history entry is stamped with it).
    """

    def __init__(
        self,
        vault: Vault,
        flow: Flow,
        now: Callable[[], dt.datetime],
        acceptance: Acceptance | None = None,
    ) -> None:
        self._vault = vault
        self.acceptance = acceptance  # a new mission's terms and deposit invoice (issue 14)
        self.flow = flow
        self.now = now
        self.missions: dict[int, Mission] = {}
        self.columns: dict[str, list[int]] = {stage: [] for stage in flow.stages}
        self.history: UndoHistory[Mission] = UndoHistory()
        self.ai_warned: set[int] = set()  # personal data sent to an AI tool, client not told
        self.logged: dict[int, int] = {}  # minutes logged per mission, while any is hourly
        # Missions with their own invoice standing, or paid: a delivered card without is
        # marked "to bill" (issue 14).
        self.billed: set[int] = set()
        # What logged and billed were read from (change counts, the missions on the board):
        # a view switch with nothing changed reads nothing again (issue 18 point 4).
        self._read_logged: tuple[object, ...] = ()
        self._read_billed: tuple[object, ...] = ()
        # Undoing an add takes its deposit invoice back, redoing it drafts it again.
        self.deposits = SessionDeposits(vault, acceptance)

    # -- reading -------------------------------------------------------------------------

    def load_logged(self) -> None:
        """Read the minutes logged per mission, for hourly work's cards (use vs cap); the
        time log is read only while a mission on the board is hourly."""
        hourly = any(m.hourly_rate_cents > 0 for m in self.missions.values())
        stamp = (self._vault.generation("missions"), self._vault.generation("timelog"), hourly)
        if None not in stamp and stamp == self._read_logged:
            return
        self._read_logged = stamp
        self.logged = logged_by_mission(self._vault.timelog.list()) if hourly else {}

    def load_billed(self) -> bool:
        """Read again which missions are billed (their own invoice not void) or paid, when
        this session read it before; whether it changed. Never read yet, nothing is read now:
        the first ``to_bill`` of a delivered mission with a fee reads it (a command that only
        moves a card, and the board's first frame with the last stage out of view, never walk
        the payments: one pass over the whole ledger, ~50 ms at the 100,000-document demo)."""
        return bool(self._read_billed) and self._read_billed_now()

    def _read_billed_now(self) -> bool:
        """Read which missions are billed or paid; the payments are looked through only
        while a delivered mission with a fee lacks an invoice. Whether it changed."""
        on_board = frozenset((m.id, m.stage, m.fee_cents) for m in self.missions.values())
        stamp = (*(self._vault.generation(t) for t in ("missions", "invoices", "ledger")), on_board)
        if None not in stamp and stamp == self._read_billed:
            return False
        self._read_billed = stamp
        invoices = self._vault.invoices.list()
        billed = cash_outlook.billed(invoices)
        delivered = self.flow.stages[-1]
        if any(m.stage == delivered and m.fee_cents > 0 and m.id not in billed
               for m in self.missions.values()):  # fmt: skip
            billed |= cash_outlook.settled(self._vault, invoices)
        changed, self.billed = billed != self.billed, billed
        return changed

    def to_bill(self, mission: Mission) -> bool:
        """Whether ``mission`` is delivered with a fee, and no invoice bills it nor payment
        paid it."""
        if mission.stage != self.flow.stages[-1] or mission.fee_cents <= 0:
            return False
        if not self._read_billed:  # the first one asked: read now (``load_billed``)
            self._read_billed_now()
        return mission.id not in self.billed

    def load(self) -> None:
        """Read the active missions (archived ones stay on disk)."""
        self.missions = {m.id: m for m in self._vault.missions.active() if m.id is not None}
        self.ai_warned = self._vault.ai_use.warned_missions()
        self.load_logged()
        self._read_billed = ()  # which are billed: read again when first asked (to_bill)
        self.columns = {stage: [] for stage in self.flow.stages}
        stray: list[int] = []
        for mission_id, mission in self.missions.items():
            column = self.columns.get(mission.stage)
            (column if column is not None else stray).append(mission_id)
        # A mission in a stage the settings no longer have shows in the first column.
        self.columns[self.flow.stages[0]].extend(stray)
        for stage in self.columns:
            self._sort(stage)

    def _sort(self, stage: str) -> None:
        self.columns[stage].sort(key=lambda i: (self.missions[i].position, i))

    def column(self, stage: str) -> builtins.list[Mission]:
        """The missions of ``stage`` in board order."""
        return [self.missions[i] for i in self.columns[stage]]

    def stage_of(self, mission_id: int) -> str:
        mission = self.missions[mission_id]
        return mission.stage if mission.stage in self.columns else self.flow.stages[0]

    def get(self, mission_id: int) -> Mission:
        """A copy of the mission as the board holds it (edit the copy, then ``save``)."""
        return copy.deepcopy(self._on_board(mission_id))

    def _on_board(self, mission_id: int) -> Mission:
        """The board's own mission; ``MissionArchived`` or ``NotFound`` when not on it."""
        mission = self.missions.get(mission_id)
        if mission is not None:
            return mission
        if self._vault.missions.get(mission_id).archived:  # NotFound when there is none
            raise MissionArchived(mission_id)
        raise NotFound("mission", mission_id)

    def archived(self) -> builtins.list[MissionSummary]:
        """One line per archived mission, newest first."""
        return self._vault.missions.archived_summaries()

    # -- writing -------------------------------------------------------------------------

    def _write(self, states: Mapping[int, Mission | None]) -> None:
        """Make ``states`` true in the vault (one durable record), then on the board."""
        check_idle(self._vault)  # not during a long write: ChangesWait, nothing written
        repo = self._vault.missions
        deposits = self.deposits.to_take_back(states)  # UndoRefused: nothing written
        with self._vault.transaction():
            self.deposits.write(states, deposits)
            for mission_id, state in states.items():
                if state is not None:
                    repo.put(state)
                else:
                    with contextlib.suppress(NotFound):
                        repo.remove(mission_id)
        self._place(states)

    def _place(self, states: Mapping[int, Mission | None]) -> None:
        """Show ``states`` on the board: only the columns they leave or enter are touched."""
        touched: set[str] = set()
        for mission_id, state in states.items():
            old = self.missions.pop(mission_id, None)
            if old is not None:
                stage = old.stage if old.stage in self.columns else self.flow.stages[0]
                self.columns[stage].remove(mission_id)
                touched.add(stage)
            if state is not None and not state.archived:
                self.missions[mission_id] = copy.deepcopy(state)
                stage = state.stage if state.stage in self.columns else self.flow.stages[0]
                self.columns[stage].append(mission_id)
                touched.add(stage)
        for stage in touched:
            self._sort(stage)

    def _change(self, label: str, before: Iterable[Mission], after: Iterable[Mission]) -> None:
        """Write the ``after`` states and record the step; ``before`` holds the old ones."""
        old: dict[int, Mission | None] = {m.id: m for m in before if m.id is not None}
        new: dict[int, Mission | None] = {m.id: m for m in after if m.id is not None}
        self._write(new)
        self.history.record(label, old, new)

    def _end_position(self, stage: str) -> int:
        column = self.columns[stage]
        return self.missions[column[-1]].position + 1 if column else 0

    def add(self, mission: Mission) -> Mission:
        """Store a new mission at the bottom of its column; returns the stored copy.

        ``MissionRefused`` when the flow's rules refuse it, ``NoSuchClient`` when its client
        is not in the register: nothing is written then.
        """
        check_idle(self._vault)
        require_client(self._vault, mission.client_alias)
        problem = validate(mission, self.flow)
        if problem:
            raise MissionRefused(problem)
        stored = copy.deepcopy(mission)
        stored.id = None
        stored.position = self._end_position(stored.stage)
        if self.acceptance is not None:
            self.acceptance.fix_terms(stored)
        with self._vault.transaction():  # durable with its deposit invoice, all or nothing
            self._vault.missions.add(stored)  # sets stored.id
            self.deposits.draft(stored)
        assert stored.id is not None
        self._place({stored.id: stored})
        self.history.record(f"add {stored.title!r}", {stored.id: None}, {stored.id: stored})
        return copy.deepcopy(stored)

    def check(self, mission_id: int, target: str) -> Verdict:
        """What moving the mission to ``target`` would do, without doing it."""
        mission = self._on_board(mission_id)
        return check_move(mission, target, self.flow, len(self.columns.get(target, ())))

    def move(self, mission_id: int, target: str, *, override: str = "") -> Moved:
        """Move to ``target``, at the bottom of its column (as kanban tools do); raises
        ``MoveRefused`` with the reason, and nothing is written."""
        current = self._on_board(mission_id)
        in_target = len(self.columns.get(target, ()))
        verdict = check_move(current, target, self.flow, in_target)
        moved = move(current, target, self.flow, at=self.now(), in_target=in_target,
                     override=override)  # fmt: skip
        moved.position = self._end_position(target)
        self._change(f"move {current.title!r} to {target}", [current], [moved])
        return self._moved(current, moved, verdict)

    def move_with_paid_revision(self, mission_id: int, target: str, change: ScopeChange) -> Moved:
        """Record an accepted paid scope change (one more revision round), then move;
        ``PaidRevisionFee`` when its fee is not above 0, and nothing is written."""
        check_paid_revision(change)
        current = self._on_board(mission_id)
        bought = add_paid_revision(current)
        bought.scope_changes.append(change)
        in_target = len(self.columns.get(target, ()))
        verdict = check_move(bought, target, self.flow, in_target)
        moved = move(bought, target, self.flow, at=self.now(), in_target=in_target)
        moved.position = self._end_position(target)
        self._change(f"paid revision and move {current.title!r}", [current], [moved])
        return self._moved(current, moved, verdict, paid=change)

    def _moved(
        self, before: Mission, after: Mission, verdict: Verdict, paid: ScopeChange | None = None
    ) -> Moved:
        """What the move from ``before`` to ``after`` did, for the faces to say."""
        in_target = len(self.columns.get(after.stage, ()))
        limit = self.flow.wip_limits.get(after.stage)
        return Moved(
            after,
            verdict.warning,
            round_used=after.revisions_used > before.revisions_used,
            paid_revision=paid,
            wip_limit=limit if limit is not None and in_target > limit else None,
            in_target=in_target,
        )

    def reorder(self, mission_id: int, delta: int) -> bool:
        """Move the card ``delta`` places up (-1) or down (+1) in its column."""
        stage = self.stage_of(mission_id)
        order = list(self.columns[stage])
        here = order.index(mission_id)
        there = here + delta
        if not 0 <= there < len(order):
            return False
        order[here], order[there] = order[there], order[here]
        before, after = [], []
        for position, other in enumerate(order):
            mission = self.missions[other]
            if mission.position != position:
                before.append(mission)
                changed = copy.deepcopy(mission)
                changed.position = position
                after.append(changed)
        self._change(f"reorder {self.missions[mission_id].title!r}", before, after)
        return True

    def archive(self, mission_id: int) -> Mission:
        current = self._on_board(mission_id)
        archived = copy.deepcopy(current)
        archived.archived = True
        self._change(f"archive {current.title!r}", [current], [archived])
        return archived

    def restore(self, mission_id: int) -> Mission:
        """Bring an archived mission back to the bottom of its column."""
        current = self._vault.missions.get(mission_id)
        restored = copy.deepcopy(current)
        restored.archived = False
        if restored.stage not in self.columns:
            restored.stage = self.flow.stages[0]
        restored.position = self._end_position(restored.stage)
        self._change(f"restore {current.title!r}", [current], [restored])
        return restored

    def deposit_invoice(self, mission_id: int) -> str:
        """The label of the deposit invoice of ``mission_id`` not voided, or ""."""
        deposits = inv.deposits_of(mission_id, self._vault.invoices.list())
        return deposits[0].label if deposits else ""

    def save(self, mission: Mission, label: str) -> None:
        """Keep an edited copy (from ``get``) of a mission on the board; ``DepositInvoiced``
        when its deposit share changed while a deposit invoice stands (nothing written)."""
        assert mission.id is not None
        before = self.missions.get(mission.id) or self._vault.missions.get(mission.id)
        if before == mission:
            return
        if before.deposit_bp != mission.deposit_bp:
            invoiced = self.deposit_invoice(mission.id)
            if invoiced:
                raise DepositInvoiced(invoiced)
        self._change(label, [before], [copy.deepcopy(mission)])

    def undo(self) -> Step[Mission] | None:
        return self.history.undo(self._write)

    def redo(self) -> Step[Mission] | None:
        return self.history.redo(self._write)
