"""The Planner's dialogs: log time on a mission (or a non-billable category) for one day;
reserve a recurring fixed block (or remove one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from homeops.rules.blocks import SHORTCUT, block_rule, rule_words
from homeops.rules.bounds import parse_day
from homeops.rules.capacity import FixedBlock
from homeops.rules.hours import format_minutes, parse_length, parse_minutes
from homeops.rules.numbers import record_number
from homeops.rules.text import NAME_MAX, check_line, line_problem
from homeops.tui.screens.dialogs import Dialog
from homeops.tui.text import shown


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
        choice: str = "Category",  # what the choices are: "Retainer" (issue 14 part 4)
    ) -> None:
        super().__init__()
        self.choice = choice
        self.what = what
        self.day_text = day_text
        self.check = check
        self.hours = hours
        self.categories = categories

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel", id="log-time-dialog"):
            yield Label(f"Log time: {shown(self.what)}", classes="panel-title", markup=False)
            yield Label(self.day_text, classes="panel-subtitle", markup=False)
            yield Label("Hours (2.5, 2.5h or 2h30)", classes="form-label")
            yield Input(self.hours, id="log-hours", compact=True)
            if self.categories:
                yield Label(f"{self.choice}: " + ", ".join(self.categories), classes="form-label")
                yield Input(self.categories[0], id="log-category", compact=True)
            yield Static("", id="log-message", classes="form-message", markup=False)
            yield Label("Enter logs · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#log-hours", Input).focus()

    def say(self, text: str) -> None:
        message = self.query_one("#log-message", Static)
        message.update(shown(text))
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
            problem = line_problem(category, "the category", NAME_MAX)
            if problem:
                self.say(problem)
                return
        problem = self.check(minutes, category)
        if problem:
            self.say(problem)
            return
        self.dismiss(TimeToLog(minutes, category or ""))

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- fixed blocks -----------------------------------------------------------------------------

MAX_LISTED = 5


@dataclass(frozen=True)
class BlockChange:
    """What the fixed-block dialog returns: a block to add, or the id of one to remove."""

    add: FixedBlock | None = None
    remove: int | None = None


def block_line(block: FixedBlock) -> str:
    """``#3 Weekly call · every Tuesday · 1h``."""
    words = rule_words(block.rule, block.start)
    return shown(f"#{block.id} {block.title} · {words} · {format_minutes(block.minutes)}")


class FixedBlockDialog(Dialog[BlockChange | None]):
    """Title, days (``weekly:tue``) or an RRULE, length and first day of a recurring block,
    checked before closing; the blocks already kept are listed, and one can be removed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without changing anything",
                id="fixed_block.cancel"),
        Binding("ctrl+s", "save", "Save", tooltip="Check and save (or remove the block typed)",
                id="fixed_block.save"),
    ]  # fmt: skip

    def __init__(
        self,
        rule: str,
        start: dt.date,
        check: Callable[[FixedBlock], str],
        blocks: Sequence[FixedBlock] = (),
    ) -> None:
        super().__init__()
        self.rule = rule
        self.start = start
        self.check = check
        self.blocks = list(blocks)

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel dialog", id="fixed-block-dialog"):
            yield Label("Fixed block: time that recurs", classes="panel-title")
            with Grid(classes="form-grid"):
                yield Label("Title", classes="form-label")
                yield Input(id="block-title", placeholder="Weekly call with acme-mag", compact=True)
                yield Label("Repeats", classes="form-label")
                yield Input(self.rule, id="block-rule", placeholder=SHORTCUT, compact=True)
                yield Label("Length", classes="form-label")
                yield Input(id="block-minutes", placeholder="90 (minutes), 1h30, 2h", compact=True)
                yield Label("From", classes="form-label")
                yield Input(self.start.isoformat(), id="block-start", compact=True)
            yield Label(f"Repeats: {SHORTCUT}, or an RRULE", classes="hint")
            yield Static(self._listed(), id="block-list", markup=False)
            if self.blocks:
                with Grid(classes="form-grid"):
                    yield Label("Remove #", classes="form-label")
                    yield Input(id="block-remove", placeholder="a number above", compact=True)
            yield Static("", classes="form-message", markup=False)
            yield Label("Enter saves (removes, in Remove #) · Esc cancels", classes="hint")

    def _listed(self) -> str:
        if not self.blocks:
            return "No fixed block yet."
        lines = ["Kept:"] + [block_line(b) for b in self.blocks[:MAX_LISTED]]
        if len(self.blocks) > MAX_LISTED:
            lines.append(f"… {len(self.blocks) - MAX_LISTED} more: `homeops blocks` lists them")
        return "\n".join(lines)

    def on_mount(self) -> None:
        self.query_one("#block-title", Input).focus()

    def value(self, name: str) -> str:
        return self.query_one(f"#block-{name}", Input).value

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "block-remove":
            self.action_remove()
        else:
            self.action_save()

    def build(self) -> FixedBlock:
        """The block the fields describe; ``ValueError`` says what is wrong in one line."""
        title, rule_text = self.value("title").strip(), self.value("rule")
        check_line(title, "the title")
        rule = block_rule(check_line(rule_text, "the rule"))
        length = self.value("minutes").strip()
        try:
            minutes = parse_length(length) if length else 0  # 90 is 1h30, as --minutes
        except ValueError as exc:
            raise ValueError(f"length: {exc}") from None
        first = parse_day(self.value("start"), "from")
        return FixedBlock(title, rule, first.isoformat(), minutes)

    def action_save(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.id == "block-remove":
            self.action_remove()
            return
        try:
            block = self.build()
        except ValueError as exc:
            self.say(str(exc))
            return
        problem = self.check(block)
        if problem:
            self.say(problem)
            return
        self.dismiss(BlockChange(add=block))

    def action_remove(self) -> None:
        typed = self.value("remove").strip().lstrip("#")
        number = record_number(typed)
        if number is None or number not in {b.id for b in self.blocks}:
            self.say(f"no fixed block #{typed[:12] or '?'}: type a number from the list")
            return
        self.dismiss(BlockChange(remove=number))
