"""The Planner's dialog: log time on a mission (or a non-billable category) for one day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from homeops.hours import parse_minutes


@dataclass(frozen=True)
class TimeToLog:
    """What the dialog returns: minutes, and the category for non-billable time."""

    minutes: int
    category: str = ""


class LogTimeDialog(ModalScreen[TimeToLog | None]):
    """Hours (``2.5``, ``2h30``) and, for non-billable time, a category; checked before closing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", tooltip="Close without logging", id="log_time.cancel"
        ),
    ]

    def __init__(
        self,
        what: str,
        day_text: str,
        check: Callable[[int, str | None], str],
        *,
        hours: str = "",
        categories: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.what = what
        self.day_text = day_text
        self.check = check
        self.hours = hours
        self.categories = categories

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel", id="log-time-dialog"):
            yield Label(f"Log time: {self.what}", classes="panel-title", markup=False)
            yield Label(self.day_text, classes="panel-subtitle", markup=False)
            yield Label("Hours (2.5, 2.5h or 2h30)", classes="form-label")
            yield Input(self.hours, id="log-hours", compact=True)
            if self.categories:
                yield Label("Category: " + ", ".join(self.categories), classes="form-label")
                yield Input(self.categories[0], id="log-category", compact=True)
            yield Static("", id="log-message", classes="form-message", markup=False)
            yield Label("Enter logs · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#log-hours", Input).focus()

    def say(self, text: str) -> None:
        message = self.query_one("#log-message", Static)
        message.update(text)
        message.set_class(bool(text), "-shown")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_log()

    def action_log(self) -> None:
        try:
            minutes = parse_minutes(self.query_one("#log-hours", Input).value)
        except ValueError as exc:
            self.say(str(exc))
            return
        category: str | None = None
        if self.categories:
            category = self.query_one("#log-category", Input).value.strip().casefold()
        problem = self.check(minutes, category)
        if problem:
            self.say(problem)
            return
        self.dismiss(TimeToLog(minutes, category or ""))

    def action_cancel(self) -> None:
        self.dismiss(None)
