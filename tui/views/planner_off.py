"""The Planner's days off as a range (issue 14 part 5): ``O`` opens a dialog with the first
and last day (the focused day in both), a reason, and off or back to work; one change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Static

from homeops.rules.bounds import parse_day
from homeops.rules.capacity import OFF_RANGE_MAX, OffRange
from homeops.rules.text import NAME_MAX, check_line
from homeops.tui.busy import changes
from homeops.tui.screens.dialogs import Dialog
from homeops.tui.widgets.choice import ChoiceRow

if TYPE_CHECKING:
    from homeops.tui.views.base import View as _Host
    from homeops.tui.views.planner_model import PlannerSession
else:
    _Host = object  # a plain mixin at run time: Textual sees only PlannerView's own bases

OFF, BACK = "off", "back to work"


@dataclass(frozen=True)
class DaysOff:
    """What the dialog returns: ``first``..``last`` off (with ``reason``) or back to work."""

    first: dt.date
    last: dt.date
    off: bool
    reason: str = ""


class DaysOffDialog(Dialog[DaysOff | None]):
    """From, to, reason, and off or back to work; checked before closing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without changing anything",
                id="days_off.cancel"),
        Binding("ctrl+s", "save", "Save", tooltip="Check and save", id="days_off.save"),
    ]  # fmt: skip

    def __init__(self, day: dt.date, off: bool, check: Callable[[DaysOff], str]) -> None:
        super().__init__()
        self.day = day
        self.off = off
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel dialog", id="days-off-dialog"):
            yield Label("Days off: a range in one change", classes="panel-title")
            with Grid(classes="form-grid"):
                yield Label("From", classes="form-label")
                yield Input(self.day.isoformat(), id="off-first", compact=True)
                yield Label("To", classes="form-label")
                yield Input(self.day.isoformat(), id="off-last", compact=True)
                yield Label("Reason", classes="form-label")
                yield Input(id="off-reason", placeholder="holidays, a course…", compact=True)
                yield Label("Days are", classes="form-label")
                yield ChoiceRow((OFF, BACK), OFF if self.off else BACK, id="off-state")
            yield Static("", classes="form-message", markup=False)
            yield Label(f"At most {OFF_RANGE_MAX} days · Enter saves · Esc cancels",
                        classes="hint")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#off-last", Input).focus()

    def value(self, name: str) -> str:
        return self.query_one(f"#off-{name}", Input).value.strip()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def build(self) -> DaysOff:
        """The change the fields describe; ``ValueError`` says what is wrong in one line."""
        first = parse_day(self.value("first"), "from")
        last = parse_day(self.value("last"), "to")
        off = self.query_one("#off-state", ChoiceRow).value == OFF
        reason = check_line(self.value("reason"), "the reason", NAME_MAX) if off else ""
        return DaysOff(first, last, off, reason)

    def action_save(self) -> None:
        try:
            change = self.build()
        except ValueError as exc:
            self.say(str(exc))
            return
        problem = self.check(change)
        if problem:
            self.say(problem)
            return
        self.dismiss(change)


class DaysOffActions(_Host):
    """What ``O`` does, mixed into ``PlannerView``."""

    if TYPE_CHECKING:  # PlannerView's state and helpers
        session: PlannerSession | None
        today: dt.date

        def focused(self) -> tuple[int | None, dt.date | None]: ...
        def say(self, text: str, *, refused: bool = False) -> None: ...
        def redraw(self) -> None: ...

    @changes
    def action_off_range(self) -> None:
        session = self.session
        if session is None:
            return
        if session.read_only:
            self.say("Read-only session: days off cannot change.", refused=True)
            return
        day = self.focused()[1] or self.today
        working = not session.schedule.capacity(day).off

        def check(change: DaysOff) -> str:
            return session.planning.off_range_problem(change.first, change.last, change.reason)

        def done(change: DaysOff | None) -> None:
            if change is None:
                return
            try:
                changed = session.set_off_range(
                    change.first, change.last, change.off, change.reason
                )
            except ValueError as exc:
                self.say(str(exc), refused=True)
                return
            self.redraw()
            span = OffRange(change.first, change.last).words(self.today)
            one = change.first == change.last
            working = "a working day" if one else "working days"
            if not changed:
                self.say(f"{span}: already {'off' if change.off else working}, nothing changed.")
                return
            state = "off" if change.off else f"{working} again"
            self.say(f"{span} {'is' if one else 'are'} {state}; replanned.")

        self.app.push_screen(DaysOffDialog(day, working, check), done)
