"""Record one use of an AI tool on a mission, in a few keys.

The dialog opens with sensible defaults (today, the tool used last time, draft, nothing
personal, human review yes, client informed no): Enter saves at once; Tab moves between the
rows and left/right changes a choice. It returns an ``AIUse`` or None; the caller stores it.
No prompt text is asked for or kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Static

from homeops.rules.bounds import parse_day
from homeops.rules.model import AI_SHARED, AI_TASKS, AIUse
from homeops.rules.privacy import ai_use_problems, ai_use_warning
from homeops.rules.text import NAME_MAX, check_line
from homeops.tui.screens.dialogs import Dialog
from homeops.tui.text import data, shown
from homeops.tui.widgets.choice import ChoiceRow

YES_NO = ("yes", "no")


class AIUseDialog(Dialog[AIUse | None]):
    """Tool, task, what was shared, human review, client informed; Enter saves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="ai_use.cancel"),
        Binding("enter", "save", "Save", tooltip="Check and save the record", priority=True,
                id="ai_use.save"),
        Binding("ctrl+s", "save", "Save", tooltip="Check and save the record", show=False,
                id="ai_use.save_ctrl_s"),
    ]  # fmt: skip

    def __init__(
        self, mission_id: int, *, today: dt.date, title: str = "", last: AIUse | None = None
    ) -> None:
        super().__init__()
        self.mission_id = mission_id
        self.today = today
        self.mission_title = title
        self.last = last

    def compose(self) -> ComposeResult:
        last = self.last
        with Vertical(classes="panel dialog", id="ai-use-dialog"):
            yield Label("AI use on this mission", classes="panel-title")
            if self.mission_title:
                yield Label(shown(self.mission_title), classes="panel-subtitle", markup=False)
            with Grid(id="ai-use-grid"):
                yield Label("Date", classes="form-label")
                yield Input(self.today.isoformat(), id="ai-date", compact=True)
                yield Label("Tool and model", classes="form-label")
                yield Input(shown(last.tool) if last else "", placeholder="e.g. ChatGPT (GPT-4o)",
                            id="ai-tool", compact=True)  # fmt: skip
                yield Label("Task", classes="form-label")
                yield ChoiceRow(AI_TASKS, last.task if last else "draft", id="ai-task")
                yield Label("Shared", classes="form-label")
                yield ChoiceRow(AI_SHARED, AI_SHARED[0], id="ai-shared")
                yield Label("Human review", classes="form-label")
                yield ChoiceRow(YES_NO, "yes", id="ai-review")
                yield Label("Client informed", classes="form-label")
                yield ChoiceRow(YES_NO, "no", id="ai-informed")
            yield Static("", id="ai-use-warning")
            yield Static("", classes="form-message")
            yield Label(
                "Enter saves · Tab next · ←/→ change · Esc cancels · no prompt text is kept",
                classes="hint",
            )

    def on_mount(self) -> None:
        tool = self.query_one("#ai-tool", Input)
        # With a tool known from last time, the choices come first: Tab is rarely needed.
        (self.query_one("#ai-task", ChoiceRow) if tool.value else tool).focus()

    def choice(self, row_id: str) -> str:
        return self.query_one(f"#{row_id}", ChoiceRow).value

    def build(self) -> AIUse:
        return AIUse(
            date=self.query_one("#ai-date", Input).value.strip(),
            mission_id=self.mission_id,
            tool=self.query_one("#ai-tool", Input).value.strip(),
            task=self.choice("ai-task"),
            shared=self.choice("ai-shared"),
            human_review=self.choice("ai-review") == "yes",
            client_informed=self.choice("ai-informed") == "yes",
        )

    @on(ChoiceRow.Changed)
    def _changed(self) -> None:
        warning = ai_use_warning(self.build())
        self.query_one("#ai-use-warning", Static).update(
            Text(f"! {warning}: tell the client, or share less", style="bold") if warning else ""
        )

    def action_save(self) -> None:
        record = self.build()
        try:
            check_line(record.tool, "the tool", NAME_MAX)
            parse_day(record.date)
        except ValueError as exc:
            self.say(str(exc))
            return
        problems = ai_use_problems(record)
        if problems:
            self.say(problems[0])
            return
        self.dismiss(record)


def ai_use_table(records: Sequence[AIUse]) -> Table | Text:
    """The mission view's list of AI uses: one row each, warnings marked with ``!``."""
    if not records:
        return Text("(none recorded; a adds one)", style="dim")
    table = Table.grid(padding=(0, 2))
    for r in records:
        warning = ai_use_warning(r)
        table.add_row(
            data(r.date),
            data(r.tool),
            data(r.task),
            data(r.shared, style="bold" if warning else ""),
            f"review {'yes' if r.human_review else 'no'}",
            f"informed {'yes' if r.client_informed else 'no'}" + ("  !" if warning else ""),
        )
    return table
