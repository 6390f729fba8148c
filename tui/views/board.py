"""The Board view: one column per configured stage, the missions as cards.

The view owns the board's repository calls through ``Board`` (tui/views/board_model.py):
every change is written to the vault before the cards are redrawn. Columns draw only the
cards in view; at 80 columns the focused stage and its neighbours are shown, wider
terminals show more stages, all of them from about 150 columns with the default six.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from homeops.config import Settings
from homeops.rules.missions import Flow, MoveRefused, Verdict
from homeops.rules.model import Mission
from homeops.storage.repos import MissionSummary
from homeops.tui.busy import changes
from homeops.tui.keys import shown_key
from homeops.tui.text import data, shown
from homeops.tui.views.base import View, plural
from homeops.tui.views.board_column import CardList, StageColumn
from homeops.tui.views.board_filter import matches, refusal_line, summary_matches
from homeops.tui.views.board_model import Board
from homeops.tui.widgets.card import AI_LEGEND, LEGEND

if TYPE_CHECKING:
    from homeops.storage.vault import Vault
    from homeops.tui.screens.dialogs import OverrideChoice

#: Narrowest useful column (cells): 3 stages at 80 columns, all 6 from about 150.
MIN_COLUMN_WIDTH = 25

EMPTY_BOARD = "No missions yet: press {key} to add one, blank or from an offer."


def _b(
    keys: str,
    action: str,
    description: str,
    tooltip: str,
    name: str,
    *,
    show: bool = False,
) -> list[Binding]:
    """One binding per key (help and keymaps see each), ids ``board.NAME``, ``board.NAME.2``…"""
    return [
        Binding(
            key,
            action,
            description,
            show=show and number == 0,
            tooltip=tooltip,
            id=f"board.{name}" + (f".{number + 1}" if number else ""),
        )
        for number, key in enumerate(keys.split(","))
    ]


class FilterInput(Input):
    """The filter line; Esc clears it and gives the keys back to the board."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter", tooltip="Show every mission again",
                id="board.filter.clear"),
    ]  # fmt: skip

    def action_clear(self) -> None:
        self.value = ""
        board = self.screen.query_one(BoardView)
        board.close_filter()


class BoardView(View):
    """Missions by stage, left to right; the keys of the terminal kanban tools."""

    view_id = "board"
    title = "Board"
    key = "1"

    BINDINGS: ClassVar[list[BindingType]] = [binding for group in (
        _b("left,h", "focus_stage(-1)", "Previous stage", "Select the stage on the left", "left"),
        _b("right,l", "focus_stage(1)", "Next stage", "Select the stage on the right", "right"),
        _b("up,k", "cursor(-1)", "Card above", "Select the card above", "up"),
        _b("down,j", "cursor(1)", "Card below", "Select the card below", "down"),
        _b("pageup", "cursor(-5)", "Five cards up", "Select five cards up", "page_up"),
        _b("pagedown", "cursor(5)", "Five cards down", "Select five cards down", "page_down"),
        _b("home", "cursor(-100000)", "First card", "Select the first card", "top"),
        _b("end", "cursor(100000)", "Last card", "Select the last card", "bottom"),
        _b("H,shift+left", "move(-1)", "Move left", "Move the mission to the previous stage",
           "move_left"),
        _b("L,shift+right", "move(1)", "Move right", "Move the mission to the next stage",
           "move_right", show=True),
        _b("K", "reorder(-1)", "Move up", "Move the card up in its column", "reorder_up"),
        _b("J", "reorder(1)", "Move down", "Move the card down in its column", "reorder_down"),
        _b("m", "pick_stage", "Move to stage…", "Then a digit: move the mission to stage N",
           "move_to"),
        _b("o", "override", "Override", "Move anyway: give the written reason (or pay a revision)",
           "override"),
        _b("enter", "open", "Open", "Open the mission: brief, checklist, scope, history", "open",
           show=True),
        _b("n", "new", "New", "New mission, blank or from an offer", "new", show=True),
        _b("e", "edit", "Edit", "Edit the mission's title, client, fee, deadline, effort", "edit"),
        _b("slash", "filter", "Filter", "Filter by text, client:alias or overdue", "filter",
           show=True),
        _b("escape", "clear_filter", "Clear filter", "Show every mission again", "clear_filter"),
        _b("a", "archive", "Archive", "Archive the mission (u brings it back)", "archive"),
        _b("A", "toggle_archived", "Archived", "Show the archived missions, or the board again",
           "archived"),
        _b("r", "restore", "Restore", "Put the archived mission back on the board", "restore"),
        _b("u", "undo", "Undo", "Undo the last change (this session)", "undo", show=True),
        _b("ctrl+r", "redo", "Redo", "Redo what was undone", "redo"),
    ) for binding in group]  # fmt: skip

    filter_text: reactive[str] = reactive("", init=False)
    show_archived: reactive[bool] = reactive(False, init=False)

    def __init__(self, stages: Sequence[str]) -> None:
        super().__init__()
        self.stages = tuple(stages)
        self.stage_index = 0
        self.board: Board | None = None
        self.settings = Settings()
        self.today = dt.date.today()
        self.refused: tuple[int, str, Verdict] | None = None
        self.message_text = ""
        self._archive_rows: list[MissionSummary] = []

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="board-bar"):
            yield Label("", id="board-info", markup=False)
        with Horizontal(id="board-columns"):
            for number, stage in enumerate(self.stages, start=1):
                yield StageColumn(
                    number,
                    stage,
                    today=self.today,
                    locale=self.settings.money.locale,
                    wip_limit=self.settings.board.wip_limits.get(stage),
                )
        yield OptionList(id="archive-list", compact=True)
        yield Static("", id="board-message", markup=False)

    @property
    def columns(self) -> list[StageColumn]:
        return list(self.query(StageColumn))

    def on_mount(self) -> None:
        from homeops.tui.screens.main import MainScreen

        self.query_one("#archive-list").display = False
        screen = self.screen
        if isinstance(screen, MainScreen):
            self.attach(screen.vault, screen.settings, screen.today)

    def attach(self, vault: Vault, settings: Settings, today: dt.date) -> None:
        """Load the active missions of ``vault`` and draw them."""
        board_settings = settings.board
        self.settings, self.today = settings, today
        flow = Flow(self.stages, dict(board_settings.wip_limits), board_settings.wip_mode)
        self.board = Board(vault, flow, self.now)
        # The vault's documents live as long as the session: keep the cyclic GC from walking
        # them on each full collection (a 0.3 s pause at 20,000 missions, on the first move).
        gc.freeze()
        self.board.load()
        for column in self.columns:
            column.cards.today = today
            column.cards.locale = settings.money.locale
            column.wip_limit = board_settings.wip_limits.get(column.stage)
            column.cards.finished = column.stage == flow.delivered
        self.refresh_board()

    def on_unmount(self) -> None:
        gc.unfreeze()  # locked or closed: the documents may be collected again

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
        count = len(self.stages)
        width = self.content_region.width or self.app.size.width
        many = max(1, min(count, width // MIN_COLUMN_WIDTH))
        first = min(max(0, self.stage_index - many // 2), count - many)
        return range(first, first + many)

    def _layout_columns(self) -> None:
        visible = self._visible_range()
        for index, column in enumerate(self.columns):
            column.display = index in visible
            # Not :last-of-type, which Textual does not re-evaluate when columns show or hide.
            column.set_class(index == visible.stop - 1, "-last-shown")
            column.set_focused(index == self.stage_index)
        self._update_counts()

    # -- drawing -------------------------------------------------------------------------

    @property
    def words(self) -> list[str]:
        return self.filter_text.casefold().split()

    def _cards(self, stage: str) -> list[Mission]:
        assert self.board is not None
        cards = self.board.column(stage)
        words = self.words
        return [m for m in cards if matches(m, words, self.today)] if words else cards

    def refresh_board(self, stages: Sequence[str] | None = None, *, layout: bool = True) -> None:
        """Redraw the columns of ``stages`` (all when None) and the counts.

        ``layout=False``: the caller lays the columns out itself (``select`` does).
        """
        if self.board is None:
            return
        now = self.now()
        for column in self.columns:
            if stages is None or column.stage in stages:
                column.cards.ai_warned = self.board.ai_warned
                column.cards.show(self._cards(column.stage), now)
        if layout:
            self._layout_columns()
        if not self.message_text:
            self._show_default_message()

    def _update_counts(self) -> None:
        if self.board is None:
            return
        visible = self._visible_range()
        for index, column in enumerate(self.columns):
            column.show_count(
                len(column.cards.cards),
                len(self.board.columns[column.stage]),
                more_left=index == visible.start and index > 0,
                more_right=index == visible.stop - 1 and index < len(self.stages) - 1,
            )
        total = len(self.board.missions)
        if self.show_archived:
            info = f"Archived: {len(self._archive_rows)} shown · r restores · A shows the board"
        elif self.words:
            count = sum(len(column.cards.cards) for column in self.columns)
            words = shown(self.filter_text.strip())
            info = f"Filter: {words} · {count} of {plural(total, 'mission')}"
        else:
            info = f"{plural(total, 'mission')} on the board"
        label = self.query_one("#board-info", Label)
        if str(label.content) != info:
            label.update(info, layout=False)

    def say(self, text: str) -> None:
        """One line under the board: what the last key did, or why it did not."""
        if text and text == self.message_text:
            return
        self.message_text = text
        message = self.query_one("#board-message", Static)
        message.update(shown(text), layout=False)  # one line, always; may quote a title
        message.set_class(text.startswith("Refused"), "-refused")
        if not text:
            self._show_default_message()

    def _show_default_message(self) -> None:
        empty = self.board is not None and not self.board.missions and not self.show_archived
        message = self.query_one("#board-message", Static)
        legend = LEGEND
        if self.board is not None and self.board.ai_warned & set(self.board.missions):
            legend = AI_LEGEND  # what needs doing comes before the key to the marks
        text = (
            EMPTY_BOARD.format(key=shown_key(self.app, BoardView, "board.new")) if empty else legend
        )
        if str(message.content) != text:  # an update repaints the line even when unchanged
            message.update(text, layout=False)
        message.set_class(False, "-refused")

    # -- selection -----------------------------------------------------------------------

    @property
    def focused_column(self) -> StageColumn:
        return self.columns[self.stage_index]

    def selected(self) -> Mission | None:
        """The mission under the cursor, or None (empty column, archived list shown)."""
        if self.show_archived:
            return None
        cards = self.focused_column.cards
        return cards.cards[cards.cursor] if cards.cards else None

    def select(self, mission_id: int) -> None:
        """Put the cursor on ``mission_id`` (its stage gets the focus)."""
        assert self.board is not None
        if mission_id not in self.board.missions:
            return
        stage = self.board.stage_of(mission_id)
        self.stage_index = self.stages.index(stage)
        cards = self.focused_column.cards
        for index, mission in enumerate(cards.cards):
            if mission.id == mission_id:
                cards.cursor = index
        self._layout_columns()

    def action_focus_stage(self, delta: int) -> None:
        self.stage_index = min(max(0, self.stage_index + delta), len(self.stages) - 1)
        self._layout_columns()

    def action_cursor(self, delta: int) -> None:
        cards = self.focused_column.cards
        if cards.cards:
            cards.cursor = min(max(0, cards.cursor + delta), len(cards.cards) - 1)

    @on(CardList.Clicked)
    def _card_clicked(self, event: CardList.Clicked) -> None:
        self.stage_index = self.stages.index(event.card_list.stage)
        event.card_list.cursor = event.index
        self._layout_columns()
        self.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None, not False: a disabled key stays listed in the help, dimmed in the footer.
        if action == "restore":
            return True if self.show_archived else None
        if action == "override":
            return True if self.refused is not None and not self.show_archived else None
        if action == "clear_filter":
            return True if self.filter_text else None
        if self.show_archived and action not in ("toggle_archived", "filter", "undo", "redo"):
            return None
        return True

    # -- moving --------------------------------------------------------------------------

    @changes
    def action_move(self, step: int) -> None:
        index = self.stage_index + step
        if 0 <= index < len(self.stages):
            self.move_to(self.stages[index])

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
            was = self.refused
            self.refused = (mission.id, target, verdict) if verdict.overridable else None
            self.say(refusal_line(verdict, shown_key(self.app, BoardView, "board.override")))
            if (was is None) != (self.refused is None):
                self.refresh_bindings()
            return
        self._after_move(mission.id, source, target, moved.warning)

    def _after_move(self, mission_id: int, source: str, target: str, warning: str) -> None:
        if self.refused is not None:
            self.refused = None
            self.refresh_bindings()  # the footer recomposes: only when `o` goes away
        self.refresh_board([source, target], layout=False)
        self.select(mission_id)
        text = f"Moved to {target}."
        self.say(f"{text} Warning: {warning}." if warning else text)

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
        self._after_move(mission_id, source, target, moved.warning)

    @changes
    def action_reorder(self, delta: int) -> None:
        mission = self.selected()
        if mission is None or mission.id is None or self.board is None:
            return
        if self.board.reorder(mission.id, delta):
            self.refresh_board([mission.stage])
            self.select(mission.id)
            self.say("")

    # -- opening, adding, editing ----------------------------------------------------------

    def action_open(self) -> None:
        from homeops.tui.screens.mission import MissionScreen

        mission = self.selected()
        if mission is None or mission.id is None or self.board is None:
            return
        mission_id = mission.id

        def back(_result: object) -> None:
            self.refresh_board()
            self.select(mission_id)

        self.app.push_screen(
            MissionScreen(self.board, mission_id, self.settings, today=self.today), back
        )

    def _form(self, mission: Mission | None) -> None:
        from homeops.tui.screens.mission_form import MissionForm, client_adder

        assert self.board is not None
        board = self.board
        offers = board.vault.offers.list() if mission is None else []

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

        form = MissionForm(
            self.settings,
            board.flow,
            today=self.today,
            now=self.now(),
            mission=mission,
            offers=offers,
            clients=board.vault.clients.aliases(),
            add_client=client_adder(board.vault),
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

    # -- filter ----------------------------------------------------------------------------

    def action_filter(self) -> None:
        # Mounted on first use: the board opens without any text field.
        found = self.query("#board-filter")
        if found:
            field = found.first(FilterInput)
        else:
            field = FilterInput(
                placeholder="words, client:alias, overdue", id="board-filter", compact=True
            )
            self.query_one("#board-bar").mount(field)
        field.display = True
        field.focus()

    def close_filter(self) -> None:
        for field in self.query("#board-filter").results(FilterInput):
            field.display = bool(field.value)
        self.focus()

    def action_clear_filter(self) -> None:
        for field in self.query("#board-filter").results(FilterInput):
            field.value = ""
        self.filter_text = ""
        self.close_filter()

    @on(Input.Changed, "#board-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value

    @on(Input.Submitted, "#board-filter")
    def _filter_submitted(self) -> None:
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
        cursor = self.focused_column.cards.cursor
        self.board.archive(mission.id)
        self.refresh_board([mission.stage])
        self.focused_column.cards.cursor = max(
            0, min(cursor, len(self.focused_column.cards.cards) - 1)
        )
        self.say(f"Archived: {mission.title} (u brings it back; A lists the archive)")

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived

    def watch_show_archived(self, shown: bool) -> None:
        self.query_one("#board-columns").display = not shown
        archive = self.query_one("#archive-list", OptionList)
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
        words = self.words
        rows = self.board.archived()
        if words:
            rows = [row for row in rows if summary_matches(row, words)]
        self._archive_rows = rows
        archive = self.query_one("#archive-list", OptionList)
        archive.clear_options()
        archive.add_options(
            Option(data(f"{r.title}  ·  {r.client_alias or '-'}  ·  {r.stage}"), id=str(r.id))
            for r in rows
        )
        if rows:
            archive.highlighted = 0
        self._update_counts()

    @changes
    def action_restore(self) -> None:
        archive = self.query_one("#archive-list", OptionList)
        if self.board is None or archive.highlighted is None or not self._archive_rows:
            return
        row = self._archive_rows[archive.highlighted]
        restored = self.board.restore(row.id)
        highlighted = archive.highlighted
        self._fill_archive()
        if self._archive_rows:
            archive.highlighted = min(highlighted, len(self._archive_rows) - 1)
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
