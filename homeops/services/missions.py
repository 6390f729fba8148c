"""Missions and packaged offers: what the console's board and the command line both call.

Every change of a mission goes through a ``Board`` (``homeops.services.board``): the console
keeps one for its session (with undo), the command line makes one per command, so a mission
added or moved from either lands in the same place (the bottom of its column) with the same
checks and history. Reads return the rules' dataclasses, never documents.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Callable

from homeops.config import Settings
from homeops.rules.missions import Flow, from_offer
from homeops.rules.model import Check, Mission, Offer, ScopeChange, StageMove
from homeops.rules.timelog import logged_by_mission
from homeops.services.board import (
    Board,
    ClientErased,
    DepositInvoiced,
    MissionArchived,
    MissionRefused,
    MissionSummary,
    Moved,
    MoveRefused,
    NoSuchClient,
    PaidRevisionFee,
    check_paid_revision,
    require_client,
)
from homeops.services.invoice_drafts import Acceptance, terms_for
from homeops.services.waiting import check_idle
from homeops.storage.vault import Vault

__all__ = [
    "Board",
    "ClientErased",
    "DepositInvoiced",
    "MissionArchived",
    "MissionRefused",
    "MissionSummary",
    "Missions",
    "MoveRefused",
    "Moved",
    "NoRoundToBuy",
    "NoSuchClient",
    "OfferExists",
    "PaidRevisionFee",
    "check_paid_revision",
    "draft_mission",
    "flow_of",
]


class NoRoundToBuy(ValueError):
    """A paid revision asked for a move that does not need one (not back from the client
    review with the rounds used up): nothing was written."""

    def __init__(self, reason: str) -> None:
        why = f" ({reason})" if reason else ""
        super().__init__(
            "a paid revision buys a round for a move back from the client review once the "
            f"rounds are used up; this move needs none{why}"
        )


class OfferExists(ValueError):
    """An offer's name is taken (any case): nothing was written."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"an offer called {name!r} exists already")


def flow_of(settings: Settings) -> Flow:
    """The delivery flow of ``[board]``: stages, WIP limits and what a limit does."""
    board = settings.board
    return Flow(tuple(board.stages), dict(board.wip_limits), board.wip_mode)


def draft_mission(
    settings: Settings,
    title: str,
    *,
    client_alias: str = "",
    offer: Offer | None = None,
    at: dt.datetime,
    today: dt.date | None = None,
) -> Mission:
    """A new mission in the first stage, not stored yet: blank, or from a packaged offer
    (deadline ``today`` + its lead time). ``at`` stamps its first history entry."""
    stage = settings.board.stages[0]
    if offer is not None:
        return from_offer(
            offer,
            title=title,
            client_alias=client_alias,
            today=today or at.date(),
            stage=stage,
            checklist=settings.board.quality_checklist,
            at=at,
        )
    return Mission(
        title=title,
        client_alias=client_alias,
        stage=stage,
        currency=settings.money.currency,
        checklist=[Check(text) for text in settings.board.quality_checklist],
        history=[StageMove(at.isoformat(timespec="seconds"), stage)],
    )


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class Missions:
    """The missions and offers of one vault, run with ``settings``' delivery flow."""

    def __init__(self, vault: Vault, settings: Settings) -> None:
        self._vault = vault
        self.settings = settings

    @property
    def flow(self) -> Flow:
        return flow_of(self.settings)

    def board(self, now: Callable[[], dt.datetime] = _now) -> Board:
        """A board session, loaded: the active missions by stage, with its own undo.
        ``now`` gives the local time with its zone (the console may fix the day)."""
        board = Board(self._vault, self.flow, now, Acceptance(self._vault, self.settings))
        board.load()
        return board

    # -- reading -------------------------------------------------------------------------

    def list(self, *, archived: bool = False, stage: str | None = None) -> builtins.list[Mission]:
        """Missions in board order (stage, then place in the column); ``archived=True`` the
        archived ones instead; ``stage`` only those in it."""
        order = {name: i for i, name in enumerate(self.flow.stages)}
        missions = [
            m for m in self._vault.missions.list(archived=archived) if stage in (None, m.stage)
        ]
        missions.sort(key=lambda m: (order.get(m.stage, 99), m.position, m.id or 0))
        return missions

    def get(self, mission_id: int) -> Mission:
        """The mission, on the board or archived; ``NotFound`` ("no mission with id N")."""
        return self._vault.missions.get(mission_id)

    def logged(self) -> dict[int, int]:
        """Minutes logged per mission id, all time (an hourly mission's use of its cap)."""
        return logged_by_mission(self._vault.timelog.list())

    def archived(self) -> builtins.list[MissionSummary]:
        """One light line per archived mission, newest first."""
        return self._vault.missions.archived_summaries()

    def terms_for(self, client_alias: str, offer: str = "") -> tuple[int, int]:
        """The payment terms (days) and deposit share (basis points) a new mission of
        ``client_alias`` from offer ``offer`` gets: the offer's, else the client's, else the
        settings' and no deposit. A face typing one of them starts from these."""
        return terms_for(self._vault, self.settings, client_alias, offer)

    def check_client(self, alias: str) -> None:
        """``NoSuchClient`` unless ``alias`` is empty or a client of the register: a mission
        names only clients the register holds (``add`` checks it too)."""
        require_client(self._vault, alias)

    # -- changing, for a face without a board session (the command line) --------------------

    def add(self, mission: Mission, *, now: Callable[[], dt.datetime] = _now) -> Mission:
        """Store a new mission at the bottom of its column (``Board.add``)."""
        return self.board(now).add(mission)

    def move(
        self,
        mission_id: int,
        target: str,
        *,
        override: str = "",
        now: Callable[[], dt.datetime] = _now,
    ) -> Moved:
        """Move the mission to ``target``, at the bottom of its column (``Board.move``).

        ``MoveRefused`` says why a gate stops it, ``NotFound`` / ``MissionArchived`` when it
        is not on the board."""
        return self.board(now).move(mission_id, target, override=override)

    def move_with_paid_revision(
        self,
        mission_id: int,
        target: str,
        change: ScopeChange,
        *,
        now: Callable[[], dt.datetime] = _now,
    ) -> Moved:
        """Record ``change`` (an accepted paid scope change: one more revision round) and
        move, as the console's ``o`` does. Only where the move is refused for want of a
        round: ``NoRoundToBuy`` otherwise, ``PaidRevisionFee`` without a fee above 0, and
        nothing is written."""
        board = self.board(now)
        verdict = board.check(mission_id, target)
        if not verdict.scope_change:
            raise NoRoundToBuy(verdict.reason)
        return board.move_with_paid_revision(mission_id, target, change)

    def add_scope_change(
        self, mission_id: int, change: ScopeChange, *, now: Callable[[], dt.datetime] = _now
    ) -> Mission:
        """Write ``change`` down on the mission (as the console's ``s`` does); accepted, its
        fee delta raises the fee (an hourly mission's cap). ``NotFound`` / ``MissionArchived``
        when the mission is not on the board; nothing is written then."""
        board = self.board(now)
        mission = board.get(mission_id)
        mission.scope_changes.append(change)
        board.save(mission, f"scope change {change.what!r}")
        return mission

    def set_terms(
        self,
        mission_id: int,
        terms_days: int | None,
        deposit_bp: int | None,
        *,
        now: Callable[[], dt.datetime] = _now,
    ) -> Mission:
        """Change a mission's payment terms (days) and/or deposit share (basis points); None
        leaves one as it is. ``DepositInvoiced`` when the share changes while its deposit
        invoice stands, ``NotFound`` / ``MissionArchived`` when it is not on the board;
        nothing is written then."""
        board = self.board(now)
        mission = board.get(mission_id)
        if terms_days is not None:
            mission.terms_days = terms_days
        if deposit_bp is not None:
            mission.deposit_bp = deposit_bp
        board.save(mission, f"terms of {mission.title!r}")
        return mission

    # -- packaged offers -------------------------------------------------------------------

    def offers(self) -> builtins.list[Offer]:
        return self._vault.offers.list()

    def offer_named(self, name: str) -> Offer | None:
        """The offer called ``name`` (any case), or None."""
        return self._vault.offers.by_name(name)

    def add_offer(self, offer: Offer) -> Offer:
        """Store a new offer (sets ``offer.id``); ``OfferExists`` when the name is taken."""
        check_idle(self._vault)
        if self._vault.offers.by_name(offer.name):
            raise OfferExists(offer.name)
        self._vault.offers.add(offer)
        return offer

    def update_offer(self, offer: Offer) -> Offer:
        """Store ``offer`` changed (its payment terms, say); missions made from it before keep
        the terms they were given. ``OfferExists`` when its new name is another's."""
        check_idle(self._vault)
        other = self._vault.offers.by_name(offer.name)
        if other is not None and other.id != offer.id:
            raise OfferExists(offer.name)
        self._vault.offers.update(offer)
        return offer
