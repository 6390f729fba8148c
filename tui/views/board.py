"""The Board view: one column per configured stage, the missions as cards.

Every change goes through the board session of the missions service (``Board``, in
``homeops.services.board``), which writes it to the vault before the cards are redrawn.
The view draws: the bar with the filter (``FilterBar``), the columns (``StageColumn``) and
the archive (``ArchiveList``). Columns draw only the cards in view; at 80 columns the
focused stage and its neighbours are shown, wider terminals show more stages, all of them
from about 150 columns with the default six.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input

from homeops.config import Settings
from homeops.rules.model import Mission
from homeops.services.missions import Board, Missions
from homeops.tui.busy import changes
from homeops.tui.keys import shown_key
from homeops.tui.text import shown
from homeops.tui.views.base import plural
from homeops.tui.views.board_archive import ArchiveList
from homeops.tui.views.board_bar import BoardMessage, FilterBar
from homeops.tui.views.board_column import BoardColumns, CardList, StageColumn
from homeops.tui.views.board_forms import BoardForms
from homeops.tui.views.board_keys import BOARD_BINDINGS
from homeops.tui.widgets.card import AI_LEGEND, LEGEND

if TYPE_CHECKING:
    from homeops.services.ai_use import AIUseLog
    from homeops.services.cashbook import Cashbook
    from homeops.services.clients import Clients
    from homeops.services.fit import FitDesk
    from homeops.tui.screens.documents import PaperworkOf

# What the keys do while the archived list is on show (the list has the arrows itself).
ARCHIVE_ACTIONS = frozenset({"toggle_archived", "filter", "undo", "redo", "cursor"})
# The keys that act on the highlighted card: none of them is offered without one.
CARD_ACTIONS = frozenset({"move", "pick_stage", "open", "edit", "archive", "reorder", "documents"})
EMPTY_HINT = "{key} adds a mission"

EMPTY_BOARD = "No missions yet: press {key} to add one, blank or from an offer."


class FilterInput(Input):
    """The filter line; Esc clears it and gives the keys back to the board."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter", tooltip="Show every mission again",
                id="board.filter.clear"),
    ]  # fmt: skip

    class Cleared(Message):
        """Esc in the field: it is empty now, and the board takes the keys back."""

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Cleared())


class BoardView(BoardForms):
    """Missions by stage, left to right; the keys of the terminal kanban tools."""

    view_id = "board"
    title = "Board"
    key = "1"

    BINDINGS: ClassVar[list[BindingType]] = BOARD_BINDINGS

    filter_text: reactive[str] = reactive("", init=False)
    show_archived: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        settings: Settings,
        *,
        today: dt.date,
        missions: Missions,
        clients: Clients,
        ai_use: AIUseLog,
        fit: FitDesk | None = None,
        cashbook: Cashbook | None = None,
        paperwork: PaperworkOf | None = None,
    ) -> None:
        super().__init__()
        self.cashbook = cashbook  # the mission screen's i drafts the mission's invoice
        self.paperwork = paperwork  # D writes a mission's contract or onboarding form
        self.settings = settings
        self.stages = tuple(settings.board.stages)
        self.today = today
        self.missions = missions
        self.clients = clients
        self.ai_use = ai_use
        self.fit = fit  # "can I take this?" (f, and ctrl+f in the new-mission form)
        self.board: Board | None = None
        # The mission the user last chose (a cursor key, a click, a move): after a filter,
        # a move, an archive or an undo the cursor is put back on it, never left on a place.
        self.chosen: int | None = None
        # (no mission on the board, no card highlighted, H can move, L can move) as the
        # footer last showed them.
        self._card_keys: tuple[bool, ...] | None = None
        # The view's parts: the bar (info and filter), the columns, the archive, the message.
        self.bar = FilterBar(FilterInput, id="board-bar")
        self.grid = BoardColumns(
            self.stages,
            today=today,
            locale=settings.money.locale,
            wip_limits=settings.board.wip_limits,
            id="board-columns",
        )
        self.archive = ArchiveList(id="archive-list")
        self.message = BoardMessage(id="board-message")
        # The stages out of view that the first frame left undrawn (``load_missions``):
        # drawn just after it, or before anything could show or reach them.
        self._late: tuple[str, ...] = ()

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from (self.bar, self.grid, self.archive, self.message)

    @property
    def columns(self) -> list[StageColumn]:
        return self.grid.columns

    @property
    def stage_index(self) -> int:
        """The focused stage (0 the first)."""
        return self.grid.stage_index

    @stage_index.setter
    def stage_index(self, index: int) -> None:
        self.grid.stage_index = index

    def on_mount(self) -> None:
        self.archive.display = False
        self.load_missions(first_frame=True)

    def on_show(self) -> None:
        # Time logged on the planner meanwhile: hourly work's cards show their new use.
        # Invoices drafted on the Ledger meanwhile: delivered cards lose their "to bill".
        if self.board is not None:
            before = self.board.logged
            self.board.load_logged()
            billed = self.board.load_billed()
            if self.board.logged != before or billed:
                self.refresh_board()

    def load_missions(self, *, first_frame: bool = False) -> None:
        """Read the active missions and draw them: a new board session, so the undo history
        starts empty (after an erasure, old aliases must not come back with an undo).

        ``first_frame``: the stages in view are drawn now, the others just after the frame
        (the last stage's "to bill" marks walk the whole ledger's payments: at 100,000
        documents, ~50 ms of Enter -> board, issue 18 point 6)."""
        self.board = self.missions.board(self.now)
        self._late = ()
        if not first_frame:
            self.refresh_board()
            return
        visible = self._visible_range()
        self.refresh_board([stage for i, stage in enumerate(self.stages) if i in visible])
        self._late = tuple(stage for i, stage in enumerate(self.stages) if i not in visible)
        if self._late:
            self.call_after_refresh(self._draw_late)

    def _draw_late(self) -> None:
        """Draw the stages the first frame left out (once; a no-op after)."""
        late, self._late = self._late, ()
        if late and self.board is not None:
            self.grid.show(self.board, self.words, self.now(), late)

    def now(self) -> dt.datetime:
        """Local time with its zone; noon of the injected day when the date is fixed (tests)."""
        fixed = getattr(self.app, "today", None)
        if isinstance(fixed, dt.date):
            return dt.datetime.combine(fixed, dt.time(12)).astimezone()
        return dt.datetime.now().astimezone()

    def show_counts(self, counts: Mapping[str, int]) -> None:
        # The board reads its missions itself (Board.load); counts change nothing here.
        return

    def on_resize(self) -> None:
        self._layout_columns()

    def _visible_range(self) -> range:
        return self.grid.in_view(self.content_region.width or self.app.size.width)

    def _layout_columns(self) -> None:
        self._draw_late()  # a stage may come into view
        self.grid.lay_out(self._visible_range())
        self._update_counts()
        self._offer_card_keys()

    def _offer_card_keys(self) -> None:
        """Show the keys that act on a card only when there is one (``check_action``); the
        footer is recomposed only when that changes, not on every key."""
        empty = self.board is not None and not self.board.missions
        state = (empty, self.grid.selected() is None, self.can_move(-1), self.can_move(1))
        if state != self._card_keys:
            self._card_keys = state
            key = shown_key(self.app, BoardView, "board.new")
            self.columns[0].cards.show_hint(EMPTY_HINT.format(key=key) if empty else "")
            self.refresh_bindings()

    # -- drawing -------------------------------------------------------------------------

    @property
    def words(self) -> list[str]:
        return self.filter_text.casefold().split()

    def refresh_board(self, stages: Sequence[str] | None = None, *, layout: bool = True) -> None:
        """Redraw the columns of ``stages`` (all when None) and the counts.

        ``layout=False``: the caller lays the columns out itself (``select`` does).
        """
        if self.board is None:
            return
        self._draw_late()
        self.grid.show(self.board, self.words, self.now(), stages)
        self._follow_choice()
        if layout:
            self._layout_columns()
        if not self.message_text:
            self._show_default_message()

    def _update_counts(self) -> None:
        if self.board is None:
            return
        totals = {stage: len(ids) for stage, ids in self.board.columns.items()}
        self.grid.show_counts(self._visible_range(), totals)
        total = len(self.board.missions)
        if self.show_archived:
            info = f"Archived: {len(self.archive.rows)} shown · r restores · A shows the board"
        elif self.words:
            words = shown(self.filter_text.strip())
            info = f"Filter: {words} · {self.grid.shown()} of {plural(total, 'mission')}"
        else:
            info = f"{plural(total, 'mission')} on the board"
        self.bar.show_info(info)

    @property
    def message_text(self) -> str:
        """What the line under the board says the last key did ("" for the default line)."""
        return self.message.text

    def say(self, text: str) -> None:
        """One line under the board: what the last key did, or why it did not."""
        if self.message.say(text) and not text:
            self._show_default_message()

    def _show_default_message(self) -> None:
        empty = self.board is not None and not self.board.missions and not self.show_archived
        legend = LEGEND
        if self.board is not None and self.board.ai_warned & set(self.board.missions):
            legend = AI_LEGEND  # what needs doing comes before the key to the marks
        line = EMPTY_BOARD.format(key=shown_key(self.app, BoardView, "board.new")) if empty else ""
        self.message.show_default(line or legend)

    # -- selection -----------------------------------------------------------------------

    @property
    def focused_column(self) -> StageColumn:
        return self.grid.focused

    def _remember(self) -> None:
        """The highlighted card is the user's choice from now on."""
        mission = self.grid.selected()
        self.chosen = mission.id if mission is not None else None

    def _follow_choice(self) -> None:
        """Put the cursor on the chosen mission where it is drawn. When the filter hides it,
        on the first card that matches (the focused stage's, else the first stage's with
        any), the choice kept for when the filter changes. When it is gone (archived, an
        undone add), the card that took its place is the choice."""
        self._draw_late()  # the choice may be in a stage not drawn yet
        board, chosen = self.board, self.chosen
        if board is not None and chosen is not None and chosen in board.missions:
            stage = board.stage_of(chosen)
            if any(m.id == chosen for m in self.columns[self.stages.index(stage)].cards.cards):
                self.grid.put_cursor(stage, chosen)
                return
            if self.words:
                self._first_match()
                return
        if self.words and not self.focused_column.cards.cards:
            self._first_match()
        self._remember()

    def _first_match(self) -> None:
        column = self.focused_column
        if not column.cards.cards:
            column = next((c for c in self.columns if c.cards.cards), column)
            self.stage_index = self.columns.index(column)
        column.cards.cursor = 0
        column.cards.scroll_to_cursor()

    def selected(self) -> Mission | None:
        """The mission under the cursor, or None (empty column, archived list shown)."""
        return None if self.show_archived else self.grid.selected()

    def select(self, mission_id: int) -> None:
        """Put the cursor on ``mission_id`` (its stage gets the focus)."""
        assert self.board is not None
        if mission_id not in self.board.missions:
            return
        self._draw_late()
        self.grid.put_cursor(self.board.stage_of(mission_id), mission_id)
        self._remember()
        self._layout_columns()

    def action_focus_stage(self, delta: int) -> None:
        self._draw_late()  # the stage focused next may not be drawn yet
        self.stage_index = min(max(0, self.stage_index + delta), len(self.stages) - 1)
        self._remember()
        self._layout_columns()

    def action_cursor(self, delta: int) -> None:
        if self.show_archived:  # the list has the arrows; j/k and the page keys come here
            archive = self.archive
            if archive.rows:
                here = archive.highlighted or 0
                archive.highlighted = min(max(0, here + delta), len(archive.rows) - 1)
            return
        self.grid.step_cursor(delta)
        self._remember()

    @on(CardList.Clicked)
    def _card_clicked(self, event: CardList.Clicked) -> None:
        self.stage_index = self.stages.index(event.card_list.stage)
        event.card_list.cursor = event.index
        self._remember()
        self._layout_columns()
        self.focus()

    def on_key(self, event: events.Key) -> None:
        # A key for a card, pressed with none highlighted, or H/L at the first/last stage, is
        # disabled (check_action): it still says why it did nothing.
        if self.app.focused is not self or self.show_archived:
            return
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.node is not self or active.enabled:
            return
        action, _, arguments = active.binding.action.partition("(")
        if self.grid.selected() is None:
            if action in CARD_ACTIONS:
                self.say("No mission selected.")
        elif action == "move":
            self.say(self.edge_line(int(arguments.rstrip(")"))))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None, not False: a disabled key stays listed in the help, dimmed in the footer.
        if action == "restore":
            return True if self.show_archived else None
        if action == "override":
            return True if self.refused is not None and not self.show_archived else None
        if action == "clear_filter":
            return True if self.filter_text else None
        if action in CARD_ACTIONS and not self.show_archived and self.grid.selected() is None:
            # No card to act on (an empty board, stage or filter): not in the footer
            # (homeops.tcss) nor the palette, still in the help.
            return None
        if self.show_archived and action not in ARCHIVE_ACTIONS:
            return None
        step = parameters[0] if parameters else 0
        if action == "move" and isinstance(step, int) and not self.can_move(step):
            return None  # H on the first stage, L on the last: nowhere to go
        return True

    # -- filter ----------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.bar.open()

    def close_filter(self) -> None:
        """The filter field gives the keys back (hidden when empty)."""
        self.bar.close()
        self.focus()

    def action_clear_filter(self) -> None:
        self._remember()  # the card found with the filter stays highlighted without it
        self.bar.clear()
        self.filter_text = ""
        self.close_filter()

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        if not event.text.strip():
            self._remember()
        self.filter_text = event.text

    @on(FilterBar.Closed)
    def _filter_done(self) -> None:
        self._remember()  # Enter: the card the filter found is the choice
        self.close_filter()

    @on(FilterInput.Cleared)
    def _filter_closed(self) -> None:
        self.close_filter()

    def watch_filter_text(self) -> None:
        if self.show_archived:
            self._fill_archive()
        else:
            self.refresh_board()
        self.refresh_bindings()

    # -- archive ---------------------------------------------------------------------------

    @changes
    def action_archive(self) -> None:
        mission = self.selected()
        if mission is None or mission.id is None or self.board is None:
            return
        self.board.archive(mission.id)
        self.refresh_board([mission.stage])  # the card below takes its place, and the cursor
        self.say(f"Archived: {mission.title} (u brings it back; A lists the archive)")

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived

    def watch_show_archived(self, shown: bool) -> None:
        self.grid.display = not shown
        archive = self.archive
        archive.display = shown
        if shown:
            self._fill_archive()
            archive.focus()
        else:
            self.refresh_board()
            self.focus()
        self.say("")
        self.refresh_bindings()

    def _fill_archive(self) -> None:
        if self.board is None:
            return
        self.archive.show(self.board.archived(), self.words)
        self._update_counts()

    @changes
    def action_restore(self) -> None:
        archive = self.archive
        row = archive.highlighted_row()
        if self.board is None or row is None:
            return
        restored = self.board.restore(row.id)
        highlighted = archive.highlighted or 0
        self._fill_archive()
        archive.keep_highlight(highlighted)
        self.say(f"Restored to {restored.stage}: {restored.title}")

    # -- undo ------------------------------------------------------------------------------

    @changes
    def action_undo(self) -> None:
        self._history("undo")

    @changes
    def action_redo(self) -> None:
        self._history("redo")

    def _history(self, which: str) -> None:
        if self.board is None:
            return
        step = self.board.undo() if which == "undo" else self.board.redo()
        if step is None:
            self.say(f"Nothing to {which}.")
            return
        if self.show_archived:
            self._fill_archive()
        else:
            self.refresh_board()
        states = step.before if which == "undo" else step.after
        for mission_id in states:
            self.select(mission_id)
        self.refused = None
        self.refresh_bindings()
        self.say(f"{'Undone' if which == 'undo' else 'Redone'}: {step.label}")
