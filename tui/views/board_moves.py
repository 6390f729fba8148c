"""The board's keys that move missions: to the next or previous stage (H/L), to stage N
(m then a digit), past a refusal (o: a written reason or a paid revision), and within a
column (J/K). ``BoardView`` is built on this; the moves themselves are the missions
service's (``Board.move``), which writes them before anything is redrawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.reactive import reactive

from homeops.config import Settings
from homeops.rules.missions import Verdict
from homeops.rules.model import Mission
from homeops.services.missions import Board, Moved, MoveRefused, PaidRevisionFee
from homeops.tui.busy import changes
from homeops.tui.keys import shown_key
from homeops.tui.views.base import View
from homeops.tui.views.board_filter import refusal_line

if TYPE_CHECKING:
    from homeops.tui.screens.dialogs import OverrideChoice


class BoardMoves(View):
    """Moving the selected mission; the view on top draws the board and selects cards."""

    refused: reactive[tuple[int, str, Verdict] | None] = reactive(None, init=False)
    """The last refused move that ``o`` may override: (mission id, target stage, verdict)."""

    # What the board view provides.
    board: Board | None
    settings: Settings
    stages: tuple[str, ...]
    today: dt.date
    stage_index: int

    def selected(self) -> Mission | None:
        raise NotImplementedError

    def select(self, mission_id: int) -> None:
        raise NotImplementedError

    def say(self, text: str) -> None:
        raise NotImplementedError

    def refresh_board(self, stages: Sequence[str] | None = None, *, layout: bool = True) -> None:
        raise NotImplementedError

    @changes
    def action_move(self, step: int) -> None:
        index = self.stage_index + step
        if 0 <= index < len(self.stages):
            self.move_to(self.stages[index])
        else:
            self.say(self.edge_line(step))

    def can_move(self, step: int) -> bool:
        """Whether the focused stage has a stage ``step`` away (H/L are offered only then)."""
        return 0 <= self.stage_index + step < len(self.stages)

    def edge_line(self, step: int) -> str:
        """Why H or L did nothing: the card is in the first or the last stage."""
        if step > 0:
            return f"{self.stages[-1]} is the last stage."
        return f"{self.stages[0]} is the first stage."

    def move_to(self, target: str, *, override: str = "") -> None:
        """Move the selected mission to ``target``; a refusal says why in one line."""
        mission = self.selected()
        if mission is None or mission.id is None or self.board is None:
            self.say("No mission selected.")
            return
        source = mission.stage
        try:
            moved = self.board.move(mission.id, target, override=override)
        except MoveRefused as refused:
            verdict = refused.verdict
            self.refused = (mission.id, target, verdict) if verdict.overridable else None
            self.say(refusal_line(verdict, shown_key(self.app, type(self), "board.override")))
            return
        self._after_move(mission.id, source, moved)

    def watch_refused(
        self, was: tuple[int, str, Verdict] | None, now: tuple[int, str, Verdict] | None
    ) -> None:
        if (was is None) != (now is None):
            self.refresh_bindings()  # the footer recomposes: only when `o` comes or goes

    def _after_move(self, mission_id: int, source: str, moved: Moved) -> None:
        self.refused = None
        target = moved.mission.stage
        self.refresh_board([source, target], layout=False)
        self.select(mission_id)
        # What the move spent or passed, as the command line says it (Moved.notes).
        self.say(" ".join([f"Moved to {target}.", *moved.notes(self.settings.money.locale)]))

    @changes
    def action_pick_stage(self) -> None:
        from homeops.tui.screens.dialogs import StagePicker

        mission = self.selected()
        if mission is None:
            self.say("No mission selected.")
            return

        def picked(stage: str | None) -> None:
            if stage is not None and stage != mission.stage:
                self.select(mission.id or 0)
                self.move_to(stage)

        self.app.push_screen(StagePicker(self.stages, mission.stage), picked)

    @changes
    def action_override(self) -> None:
        from homeops.tui.screens.dialogs import OverrideDialog

        if self.refused is None or self.board is None:
            return
        mission_id, target, verdict = self.refused
        if mission_id not in self.board.missions:
            self.refused = None
            return
        mission = self.board.missions[mission_id]

        def chosen(choice: OverrideChoice | None) -> None:
            self.override(mission_id, target, choice)

        self.app.push_screen(
            OverrideDialog(
                mission.title,
                target,
                verdict,
                locale=self.settings.money.locale,
                today=self.today.isoformat(),
            ),
            chosen,
        )

    def override(self, mission_id: int, target: str, choice: OverrideChoice | None) -> None:
        """Carry out the override dialog's choice (None: cancelled, nothing changes)."""
        if choice is None or self.board is None:
            return
        source = self.board.missions[mission_id].stage
        try:
            if choice.scope_change is not None:
                moved = self.board.move_with_paid_revision(mission_id, target, choice.scope_change)
            else:
                moved = self.board.move(mission_id, target, override=choice.reason)
        except MoveRefused as refused:
            self.say(f"Refused: {refused.verdict.reason}")
            return
        except PaidRevisionFee as no_fee:
            self.say(f"Refused: {no_fee}.")
            return
        self._after_move(mission_id, source, moved)

    @changes
    def action_reorder(self, delta: int) -> None:
        mission = self.selected()
        if mission is None or mission.id is None or self.board is None:
            return
        if self.board.reorder(mission.id, delta):
            self.refresh_board([mission.stage])
            self.select(mission.id)
            self.say("")
