"""The Planner view: one week as days × missions, on real capacity.

Past days show the time logged, today and later the plan. Under the missions, each day's
capacity: booked (logged + planned), billable and focus minutes, and a bar of the three. ``t``
logs time on the focused cell, ``o`` marks the focused day off (or back to work) and replans at
once, ``p`` pins the focused cell's hours, ``b`` reserves a recurring fixed block (a weekly
call, a course) or removes one, ``[``/``]`` change the week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, Static

from homeops.rules.blocks import rule_words, weekly_rule
from homeops.rules.capacity import short_day, week_label, week_start
from homeops.rules.hours import format_minutes
from homeops.rules.money import format_amount
from homeops.rules.planner import allowance_minutes, estimate_minutes, fee_cents
from homeops.rules.schedule import Week, WeekDay
from homeops.rules.timelog import effective_rate_cents
from homeops.tui.busy import changes
from homeops.tui.text import shown
from homeops.tui.views.base import View
from homeops.tui.views.planner_dialogs import (
    BlockChange,
    FixedBlockDialog,
    LogTimeDialog,
    TimeToLog,
)
from homeops.tui.views.planner_off import DaysOffActions
from homeops.tui.views.planner_retainers import (
    RETAINER_DETAIL,
    RETAINERS,
    log_retainer_time,
    retainer_row,
)
from homeops.tui.views.planner_rows import DAY_WIDTH, cell_text, hours_text, load_bar
from homeops.tui.widgets.status_line import MessageLine
from homeops.tui.widgets.week_grid import WeekGrid

if TYPE_CHECKING:
    from homeops.services.planning import Planning
    from homeops.tui.views.planner_model import PlannerSession

NON_BILLABLE = -1  # the row of non-billable time
FOOTER_ROWS = ("Booked", "Billable", "Focus", "Load")
MAX_WARNINGS = 3


def _b(
    key: str, action: str, description: str, tooltip: str, name: str, show: bool = False
) -> Binding:
    return Binding(key, action, description, tooltip=tooltip, show=show, id=f"planner.{name}")


class PlannerView(DaysOffActions, View):
    """This week's days × missions with hours, the capacity of each day, and the warnings."""

    view_id = "planner"
    title = "Planner"
    key = "3"

    BINDINGS: ClassVar[list[BindingType]] = [
        _b("pageup", "page_up", "Page up", "Scroll the view up a page", "page_up"),
        _b("pagedown", "page_down", "Page down", "Scroll the view down a page", "page_down"),
        _b("home", "scroll_home", "Top", "Scroll to the top of the view", "top"),
        _b("end", "scroll_end", "Bottom", "Scroll to the warnings and facts", "bottom"),
        *(
            _b(key, action, description, tooltip, f"{name}_{key}")
            for keys, action, description, tooltip, name in (
                ("up k", "cursor(-1, 0)", "Up", "Focus the mission above", "up"),
                ("down j", "cursor(1, 0)", "Down", "Focus the mission below", "down"),
                ("left h", "cursor(0, -1)", "Previous day", "Focus the day before", "left"),
                ("right l", "cursor(0, 1)", "Next day", "Focus the day after", "right"),
            )
            for key in keys.split()
        ),
        _b("t", "log_time", "Log time", "Log time spent on the focused mission and day", "log",
           show=True),
        _b("o", "toggle_off", "Day off", "Mark the focused day off, or back to work; replans",
           "day_off", show=True),
        _b("O", "off_range", "Days off", "Mark a range of days off (or back to work) in one "
           "change: from, to, reason", "days_off"),
        _b("p", "pin", "Pin", "Keep the focused cell's hours where they are (again: unpin)",
           "pin", show=True),
        _b("left_square_bracket", "week(-1)", "Previous week", "Show the week before", "prev",
           show=True),
        _b("right_square_bracket", "week(1)", "Next week", "Show the week after", "next",
           show=True),
        _b("w", "this_week", "This week", "Back to the current week", "this_week"),
        _b("b", "fixed_block", "Fixed block",
           "Reserve time that recurs (a weekly call, a course) on the focused day's weekday; "
           "or remove a block", "block"),
    ]  # fmt: skip

    class CapacityChanged(Message):
        """The billable time left today changed: ``text`` is for the status line."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    monday: reactive[dt.date] = reactive(dt.date(2026, 11, 30), init=False)

    def __init__(self, planning: Planning, today: dt.date) -> None:
        super().__init__()
        self.planning = planning
        self.settings = planning.settings
        self.today = today
        self.session: PlannerSession | None = None
        self._read: tuple[object, ...] = ()  # the vault's stamp and the size when last drawn
        self.week: Week | None = None
        self.row_ids: list[int] = []  # mission id (or NON_BILLABLE) per table row
        self.message_text = ""

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Label("", id="planner-title", markup=False)
        yield WeekGrid(id="planner-grid")  # the view keeps the focus; its keys move the cursor
        # The detail right under the grid, in a fixed height: a cursor step that changes its
        # text repaints it alone (issue 18 point 5); the message is docked at the bottom, so
        # what `t` did shows at 80x24 whatever the warnings' length.
        yield Static("", id="planner-detail", markup=False)
        yield Static("", id="planner-warnings", markup=False)
        yield Static("", id="planner-facts", markup=False)
        yield MessageLine(one_line=False, id="planner-message")

    def on_mount(self) -> None:
        self.start()

    def start(self) -> None:
        """Plan the open missions from ``today`` and show this week."""
        from homeops.tui.views.planner_model import PlannerSession

        self.set_reactive(PlannerView.monday, week_start(self.today))
        self._read = ()  # drawn before it was on show (no width yet): drawn again when shown
        try:
            self.session = PlannerSession(self.planning, self.today)
        except ValueError as exc:
            self._unplanned(exc)
            return
        self.redraw()

    def _unplanned(self, error: ValueError) -> None:
        """A record an older version stored unreadable (a deadline that is no date): the
        view says so in one line, the console goes on."""
        self.session = None
        box = self.query_one("#planner-warnings", Static)
        box.update(shown(f"⚠ No plan: {error}. Correct the mission on the Board (e edits it)."))
        box.set_class(True, "-warning")

    def on_show(self) -> None:
        # The board may have changed missions while another view was on show.
        if self.session is None:
            self.start()  # the plan failed before: a record may have been corrected since
            return
        # (the title's width follows the terminal's, which may have changed meanwhile too)
        stamp = (*self.planning.read_stamp(), self.app.size)
        if None not in stamp and stamp == self._read:
            return  # nothing the plan reads has changed: neither planned nor drawn again
        self._read = stamp
        try:
            self.session.replan()
        except ValueError as exc:
            self._unplanned(exc)
            return
        self.redraw()

    def show_counts(self, counts: Mapping[str, int]) -> None:
        return  # the planner reads its records itself

    def watch_monday(self) -> None:
        self.redraw()

    # -- drawing -------------------------------------------------------------------------

    def redraw(self) -> None:
        """Draw the week of ``monday`` from the session's schedule."""
        session = self.session
        if session is None:
            return
        schedule = session.schedule
        week = schedule.week(self.monday)
        self.week = week
        self._fill_table(self.query_one(WeekGrid), week)
        self._draw_title(week)
        self._draw_detail()
        self._draw_warnings()
        self._draw_facts()
        self.post_message(self.CapacityChanged(session.left_today_text()))

    def _title_width(self) -> int:
        width = self.size.width or 76
        return max(14, min(40, width - 4 - DAY_WIDTH * 7))

    def _day_label(self, day: WeekDay) -> Text:
        label = Text(f"{day.day:%a} {day.day.day}".rjust(DAY_WIDTH))
        if day.day == self.today:
            label.stylize("bold reverse")
        elif day.capacity.off:
            label.stylize("dim strike")
        return label

    def _fill_table(self, grid: WeekGrid, week: Week) -> None:
        title_width = self._title_width()
        header = [Text("Mission")] + [self._day_label(day) for day in week.days]
        rows: list[list[Text]] = []
        self.row_ids = []
        for row in week.rows:
            name = shown(f"#{row.mission_id} {row.title}")
            cells = [Text(name, style="bold red" if row.late else "")]
            for i, day in enumerate(week.days):
                mark = "*" if row.pinned[i] else " "
                text = Text(cell_text(row.minutes[i]).rjust(DAY_WIDTH - 1) + mark)
                if row.pinned[i]:
                    text.stylize("bold")
                elif day.past:
                    text.stylize("dim")
                cells.append(text)
            rows.append(cells)
            self.row_ids.append(row.mission_id)
        rows.append(
            [Text("Non-billable (logged)", style="italic")]
            + [
                Text(cell_text(d.non_billable).rjust(DAY_WIDTH - 1) + " ", style="dim")
                for d in week.days
            ]
        )
        self.row_ids.append(NON_BILLABLE)
        reserved = retainer_row(self.session, week, DAY_WIDTH) if self.session else None
        if reserved is not None:  # retainers' hours, kept off the missions (issue 14 part 4)
            rows.append(reserved)
            self.row_ids.append(RETAINERS)
        scale = max((d.capacity.focus for d in week.days), default=0)
        footer: dict[str, list[Text]] = {
            "Booked": [self._num(d.booked, over=d.booked > d.capacity.billable) for d in week.days],
            "Billable": [self._num(d.capacity.billable) for d in week.days],
            "Focus": [self._num(d.capacity.focus) for d in week.days],
            "Load": [load_bar(d, scale) for d in week.days],
        }
        for name in FOOTER_ROWS:
            rows.append([Text(name, style="bold"), *footer[name]])
        widths = [title_width] + [DAY_WIDTH] * 7
        grid.set_data(widths, header, rows, cursor_rows=len(self.row_ids))

    @staticmethod
    def _num(minutes: int, *, over: bool = False) -> Text:
        return Text(cell_text(minutes).rjust(DAY_WIDTH - 1) + " ", style="bold red" if over else "")

    def _draw_title(self, week: Week) -> None:
        end = week.monday + dt.timedelta(days=6)
        when = "this week" if week.monday == week_start(self.today) else "  [ ] weeks  w back"
        self.query_one("#planner-title", Label).update(
            f"Week {week_label(week.monday)} · {short_day(week.monday)} – {short_day(end)} · {when}"
        )

    def focused(self) -> tuple[int | None, dt.date | None]:
        """(mission id or NON_BILLABLE, day) of the cursor; None where it is not on a cell."""
        if self.week is None:
            return None, None
        row, column = self.query_one(WeekGrid).cursor
        mission = self.row_ids[row] if 0 <= row < len(self.row_ids) else None
        day = self.week.days[column - 1].day if 1 <= column <= 7 else None
        return mission, day

    def _draw_detail(self) -> None:
        # Its text only when it changes: a day step keeps the mission's (issue 18 point 5).
        detail = self.query_one("#planner-detail", Static)
        mission_id, _day = self.focused()
        session = self.session
        if session is None or mission_id is None:
            _show_detail(detail, "No mission this week: [ and ] show other weeks.")
            return
        if mission_id == NON_BILLABLE:
            _show_detail(
                detail, "Non-billable time: t logs admin, communication, learning, revisions…"
            )
            return
        if mission_id == RETAINERS:
            _show_detail(detail, RETAINER_DETAIL)
            return
        schedule = session.schedule
        mission = schedule.missions.get(mission_id)
        if mission is None:
            _show_detail(detail, "")
            return
        money = self.settings.money

        def amount(cents: int) -> str:
            return format_amount(cents, money.currency, money.locale)

        estimate = estimate_minutes(mission)
        logged = schedule.logged.get(mission_id, 0)
        parts = [
            shown(f"#{mission_id} {mission.title}"),
            f"estimate {format_minutes(estimate)}"
            + (
                f" + {format_minutes(allowance)} revisions"
                if (allowance := allowance_minutes(mission, schedule.options.allowance_bp))
                else ""
            ),
            f"logged {format_minutes(logged)}" if logged else "nothing logged",
            f"{format_minutes(schedule.remaining(mission_id))} left",
        ]
        if mission.deadline:
            due = dt.date.fromisoformat(mission.deadline)
            finish = schedule.plan.finish.get(mission_id)
            late = mission_id in schedule.plan.late
            parts.append(f"due {short_day(due, self.today)}" + (" — LATE" if late else ""))
            if finish is not None:
                parts.append(f"done {short_day(finish, self.today)}")
        fee = fee_cents(mission)
        rate = effective_rate_cents(fee, logged)
        parts.append(f"fee {amount(fee)}" + (f", {amount(rate)}/h so far" if rate else ""))
        check = schedule.price_check(mission)
        if check is not None and check.underpriced:
            parts.append(f"under-priced: needs {amount(check.floor)} at {amount(check.rate)}/h")
        _show_detail(detail, " · ".join(parts))

    def _draw_warnings(self) -> None:
        box = self.query_one("#planner-warnings", Static)
        session = self.session
        warnings = session.schedule.plan.warnings if session is not None else []
        if session is not None and not session.schedule.plan.work and not warnings:
            box.update(
                "Nothing to plan: no open mission has an estimate left. Give missions an effort "
                "on the Board and they are planned here."
            )
            box.set_class(False, "-warning")
            return
        if not warnings:
            box.update("✓ Every deadline fits.")
            box.set_class(False, "-warning")
            return
        lines = [f"⚠ {shown(line)}" for line in warnings[:MAX_WARNINGS]]
        if len(warnings) > MAX_WARNINGS:
            lines.append(f"  … {len(warnings) - MAX_WARNINGS} more: `homeops plan` lists them all")
        box.update("\n".join(lines))
        box.set_class(True, "-warning")

    def _draw_facts(self) -> None:
        session = self.session
        if session is None:
            return
        schedule = session.schedule
        capacity = self.settings.capacity
        windows = " and ".join(str(w) for w in capacity.response_windows) or "none"
        share = schedule.share(schedule.options.rules.reserve_bp)
        share_text = share.text(self.settings.money.locale)
        taken = schedule.options.rules.windows
        if taken:
            windows += f" ({format_minutes(taken)} off the focus hours)"
        facts = [f"Response windows each working day: {windows}.", f"{share_text}."]
        rate = schedule.options.rate_cents
        if rate is not None:
            money = self.settings.money
            facts.append(
                f"Minimum rate: {format_amount(rate, money.currency, money.locale)} "
                "per billable hour."
            )
        self.query_one("#planner-facts", Static).update(" ".join(facts))

    def say(self, text: str, *, refused: bool = False) -> None:
        self.message_text = text
        self.query_one("#planner-message", MessageLine).say(text, refused=refused)

    # -- actions -------------------------------------------------------------------------

    def action_cursor(self, rows: int, columns: int) -> None:
        grid = self.query_one(WeekGrid)
        if not self.row_ids:
            return
        row, column = grid.cursor
        row = min(max(0, row + rows), len(self.row_ids) - 1)
        grid.cursor = (row, min(max(1, column + columns), 7))
        self._draw_detail()

    def on_week_grid_cell_clicked(self) -> None:
        self.focus()
        self._draw_detail()

    def action_week(self, delta: int) -> None:
        self.monday = self.monday + dt.timedelta(weeks=delta)

    def action_this_week(self) -> None:
        self.monday = week_start(self.today)

    @changes
    def action_log_time(self) -> None:
        session = self.session
        mission_id, day = self.focused()
        if session is None or mission_id is None or day is None:
            self.say("Nothing to log on here: focus a mission and a day.", refused=True)
            return
        if day > self.today:
            self.say(f"{short_day(day)} is still ahead: log time once it is spent.", refused=True)
            return
        if mission_id == RETAINERS:
            log_retainer_time(self, session, day)
            return
        if mission_id == NON_BILLABLE:
            what, hours, cats = "non-billable", "", session.categories
        else:
            mission = session.schedule.missions[mission_id]
            planned = session.schedule.plan.minutes(day, mission_id) if day == self.today else 0
            what, hours, cats = f"#{mission_id} {mission.title}", hours_text(planned), ()

        def check(minutes: int, category: str | None) -> str:
            target = None if mission_id == NON_BILLABLE else mission_id
            return session.log_problem(minutes, day, category, target)

        def done(result: TimeToLog | None) -> None:
            if result is None:
                return
            target = None if mission_id == NON_BILLABLE else mission_id
            try:
                warnings = session.log(
                    result.minutes, day, mission_id=target, category=result.category
                )
            except (ValueError, LookupError) as exc:  # refused, or the mission is gone
                self.say(str(exc), refused=True)
                return
            self.redraw()
            logged = f"Logged {format_minutes(result.minutes)} on {short_day(day)}; replanned."
            self.say(" ".join([logged, *(f"{w[:1].upper()}{w[1:]}." for w in warnings)]))

        self.app.push_screen(
            LogTimeDialog(what, short_day(day), check, hours=hours, categories=cats), done
        )

    @changes
    def action_toggle_off(self) -> None:
        session = self.session
        _mission, day = self.focused()
        if session is None or day is None:
            return
        if session.read_only:
            self.say("Read-only session: days off cannot change.", refused=True)
            return
        off = not session.schedule.capacity(day).off
        session.set_off(day, off)
        self.redraw()
        state = "off" if off else "a working day again"
        self.say(f"{short_day(day)} is {state}; replanned.")

    @changes
    def action_fixed_block(self) -> None:
        session = self.session
        if session is None:
            return
        if session.read_only:
            self.say("Read-only session: fixed blocks cannot change.", refused=True)
            return
        _mission, day = self.focused()
        day = day or self.today
        # a block typed while looking at a later week starts that week, not today
        start = max(self.today, week_start(day))

        def done(change: BlockChange | None) -> None:
            if change is None:
                return
            try:
                if change.remove is not None:
                    gone = session.remove_block(change.remove)
                    self.redraw()
                    self.say(f"Fixed block #{change.remove} {gone.title} removed; replanned.")
                elif change.add is not None:
                    block = change.add
                    session.add_block(block)
                    self.redraw()
                    words = rule_words(block.rule, block.start)
                    self.say(
                        f"{block.title}: {format_minutes(block.minutes)} {words}, kept free; "
                        "replanned."
                    )
            except (ValueError, LookupError) as exc:
                self.say(str(exc), refused=True)

        self.app.push_screen(
            FixedBlockDialog(
                weekly_rule([day.weekday()]), start, session.block_problem, session.blocks()
            ),
            done,
        )

    @changes
    def action_pin(self) -> None:
        session = self.session
        mission_id, day = self.focused()
        if session is None or mission_id in (None, NON_BILLABLE, RETAINERS) or day is None:
            self.say("Pins hold a mission's hours on a day: focus one.", refused=True)
            return
        assert mission_id is not None
        if session.read_only:
            self.say("Read-only session: pins cannot change.", refused=True)
            return
        if day < self.today:
            self.say("That day is past: nothing to pin.", refused=True)
            return
        plan = session.schedule.plan
        if (day, mission_id) in plan.pinned:
            session.pin(mission_id, day, 0)
            self.redraw()
            self.say(f"Unpinned {short_day(day)}; replanned.")
            return
        minutes = plan.minutes(day, mission_id)
        if not minutes:
            self.say("Nothing planned there to pin.", refused=True)
            return
        session.pin(mission_id, day, minutes)
        self.redraw()
        self.say(f"Pinned {format_minutes(minutes)} on {short_day(day)} (marked *).")


def _show_detail(detail: Static, text: str) -> None:
    """The detail's new text, repainted alone: its height is fixed (homeops.tcss), so
    nothing under it moves and the view need not be laid out again (issue 18 point 5)."""
    if detail.content != text:
        detail.update(text, layout=False)
