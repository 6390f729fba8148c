"""The board's keys that open a mission (Enter), add one (n) or edit one (e): the mission
screen and the mission form, over the board session. ``BoardView`` is built on this."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from homeops.rules.model import Mission, Offer
from homeops.rules.money import format_amount
from homeops.services.fit import Decision, FitDesk, FitRequest
from homeops.tui.busy import changes
from homeops.tui.views.board_moves import BoardMoves

if TYPE_CHECKING:
    from homeops.services.ai_use import AIUseLog
    from homeops.services.cashbook import Cashbook
    from homeops.services.clients import Clients
    from homeops.services.missions import Missions
    from homeops.tui.screens.documents import PaperworkOf
    from homeops.tui.screens.fit import FitScreen
    from homeops.tui.views.board_bar import BoardMessage


class BoardForms(BoardMoves):
    """Opening, adding and editing the selected mission; the moves are ``BoardMoves``'."""

    # What the board view provides.
    missions: Missions
    clients: Clients
    ai_use: AIUseLog
    fit: FitDesk | None
    cashbook: Cashbook | None  # the mission screen's i drafts the invoice (issue 14)
    paperwork: PaperworkOf | None  # D: the mission's contract, onboarding form (issue 15)
    message: BoardMessage

    def action_open(self) -> None:
        from homeops.tui.screens.mission import MissionScreen

        mission = self.selected()
        if mission is None or mission.id is None or self.board is None:
            return
        mission_id = mission.id

        def back(_result: object) -> None:
            self.refresh_board()
            self.select(mission_id)

        screen = MissionScreen(
            self.board,
            mission_id,
            self.settings,
            today=self.today,
            clients=self.clients,
            ai_use=self.ai_use,
            cashbook=self.cashbook,
            paperwork=self.paperwork,
        )
        self.app.push_screen(screen, back)

    @changes
    def action_documents(self) -> None:
        """The selected mission's contract and onboarding form, as on its screen (D)."""
        from homeops.tui.screens.documents import mission_choices, open_documents

        mission = self.selected()
        if mission is None or mission.id is None or self.paperwork is None:
            return
        lang, read_only = self.settings.documents.lang, self.clients.read_only
        open_documents(
            self, self.paperwork,
            lambda papers: mission_choices(papers, mission, lang=lang, read_only=read_only),
            today=self.today, say=lambda text, refused: self.message.say(text, refused=refused),
        )  # fmt: skip

    def _form(self, mission: Mission | None, *, asking: bool = False) -> None:
        from homeops.tui.screens.mission_form import MissionForm

        assert self.board is not None
        board = self.board
        offers = self.missions.offers() if mission is None else []

        def done(result: Mission | Decision | None) -> None:
            if result is None:
                return
            if isinstance(result, Decision):  # accepted on its screen already
                return
            if mission is None:
                added = board.add(result)
                self.refresh_board([added.stage])
                assert added.id is not None
                self.select(added.id)
                self.say(f"Added to {added.stage}: {added.title}{self._deposit_words(added)}")
            else:
                board.save(result, f"edit {result.title!r}")
                self.refresh_board([result.stage])
                self.say("Saved.")

        form = MissionForm.on_board(
            board, self.settings, self.clients, today=self.today, mission=mission, offers=offers,
            ask=self._fit_screen if self.fit is not None else None, asking=asking,
        )  # fmt: skip
        self.app.push_screen(form, done)

    @changes
    def action_new(self) -> None:
        if self.board is not None:
            self._form(None)

    def action_fit(self) -> None:
        """Can I take this? The new-mission form, where Enter asks (``FitScreen``)."""
        if self.board is not None and self.fit is not None:
            self._form(None, asking=True)

    def _fit_screen(self, mission: Mission, offer: Offer | None) -> FitScreen:
        from homeops.tui.screens.fit import FitScreen

        assert self.fit is not None
        deadline = dt.date.fromisoformat(mission.deadline) if mission.deadline else None
        request = FitRequest(
            mission.effort_minutes, mission.fee_cents, deadline, mission.client_alias, offer,
            mission.title, mission.hourly_rate_cents,  # hourly: the fee is its cap
        )  # fmt: skip
        fit, today, money = self.fit, self.today, self.settings.money
        fit.check(request, today=today)  # refused in the form at once; answered on a worker

        def fmt(cents: int) -> str:
            return format_amount(cents, money.currency, money.locale)

        return FitScreen(lambda: fit.answer(request, today=today), fmt, money.locale,
                         read_only=fit.read_only, accept=self._accept_fit)  # fmt: skip

    def _deposit_words(self, added: Mission) -> str:
        """ "; deposit invoice F-0007 drafted" when one was drafted with the mission, or ""."""
        if not added.deposit_bp or self.cashbook is None:
            return ""
        found = self.cashbook.deposit_of(added.id)
        return f"; deposit invoice {found.label} drafted" if found else ""

    def _accept_fit(self, decision: Decision) -> str:
        """Store the answer's mission while its screen stays up (a second a finds it there,
        never the board); what was done, in words. ``ValueError`` / ``LookupError``: not."""
        assert self.fit is not None and self.board is not None
        added = self.fit.accept(decision, board=self.board)
        self.refresh_board([added.stage])
        assert added.id is not None
        self.select(added.id)
        said = f"Accepted, added to {added.stage}: {added.title}{self._deposit_words(added)}"
        self.say(said)
        return said

    @changes
    def action_edit(self) -> None:
        mission = self.selected()
        if mission is not None and mission.id is not None and self.board is not None:
            self._form(self.board.get(mission.id))
