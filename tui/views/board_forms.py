"""The board's keys that open a mission (Enter), add one (n) or edit one (e): the mission
screen and the mission form, over the board session. ``BoardView`` is built on this."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeops.rules.model import Mission
from homeops.tui.busy import changes
from homeops.tui.views.board_moves import BoardMoves

if TYPE_CHECKING:
    from homeops.services.ai_use import AIUseLog
    from homeops.services.clients import Clients
    from homeops.services.missions import Missions


class BoardForms(BoardMoves):
    """Opening, adding and editing the selected mission; the moves are ``BoardMoves``'."""

    # What the board view provides.
    missions: Missions
    clients: Clients
    ai_use: AIUseLog

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
        )
        self.app.push_screen(screen, back)

    def _form(self, mission: Mission | None) -> None:
        from homeops.tui.screens.mission_form import MissionForm

        assert self.board is not None
        board = self.board
        offers = self.missions.offers() if mission is None else []

        def done(result: Mission | None) -> None:
            if result is None:
                return
            if mission is None:
                added = board.add(result)
                self.refresh_board([added.stage])
                assert added.id is not None
                self.select(added.id)
                self.say(f"Added to {added.stage}: {added.title}")
            else:
                board.save(result, f"edit {result.title!r}")
                self.refresh_board([result.stage])
                self.say("Saved.")

        form = MissionForm.on_board(
            board, self.settings, self.clients, today=self.today, mission=mission, offers=offers
        )
        self.app.push_screen(form, done)

    @changes
    def action_new(self) -> None:
        if self.board is not None:
            self._form(None)

    @changes
    def action_edit(self) -> None:
        mission = self.selected()
        if mission is not None and mission.id is not None and self.board is not None:
            self._form(self.board.get(mission.id))
