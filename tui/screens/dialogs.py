"""Small modal dialogs of the board and the mission view.

Each one returns what the user typed (``dismiss``) or None when cancelled; the caller makes
the change. A dialog checks its own input and shows what is wrong in one line, so nothing
reaches the vault before it is valid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from homeops.rules.bounds import parse_day
from homeops.rules.hours import parse_minutes
from homeops.rules.missions import Verdict
from homeops.rules.model import ScopeChange
from homeops.rules.money import parse_amount
from homeops.rules.text import check_line, line_problem
from homeops.services.missions import PaidRevisionFee, check_paid_revision
from homeops.tui.text import data, shown


def _close_bindings(prefix: str) -> list[BindingType]:
    return [
        Binding(
            "escape", "cancel", "Cancel", tooltip="Close without saving", id=f"{prefix}.cancel"
        ),
        Binding("ctrl+s", "save", "Save", tooltip="Check and save", id=f"{prefix}.save"),
    ]


Result = TypeVar("Result")


class Dialog(ModalScreen[Result]):
    """What the dialogs share: a panel, a one-line message, Esc and ctrl+s."""

    message_text = ""

    def say(self, text: str) -> None:
        """Show ``text`` (one line) as what is wrong; empty clears it. It may quote what was
        typed or stored: shown, never read as markup."""
        self.message_text = text
        message = self.query_one(".form-message", Static)
        message.update(data(text))
        message.set_class(bool(text), "-shown")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        raise NotImplementedError

    @on(Button.Pressed, "#dialog-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#dialog-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @staticmethod
    def buttons(save: str = "Save") -> Horizontal:
        return Horizontal(
            Button(save, id="dialog-save", variant="primary", compact=True),
            Button("Cancel", id="dialog-cancel", compact=True),
            classes="dialog-buttons",
        )


# -- parsing what people type ---------------------------------------------------------------


def parse_fee(text: str, locale: str, what: str = "fee", *, signed: bool = False) -> int:
    """Cents typed as people write them; empty is 0. ``ValueError``: one line."""
    if not text.strip():
        return 0
    try:
        cents = parse_amount(text, locale)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None
    if cents < 0 and not signed:
        raise ValueError(f"the {what} cannot be negative")
    return cents


def parse_effort(text: str, what: str = "effort", *, signed: bool = False) -> int:
    """Minutes from ``6``, ``6h``, ``2h30``; empty is 0."""
    raw = text.strip()
    if not raw:
        return 0
    sign = 1
    if raw[0] in "-−":
        if not signed:
            raise ValueError(f"the {what} estimate cannot be negative")
        sign, raw = -1, raw[1:]
    try:
        return sign * parse_minutes(raw)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None


def parse_deadline(text: str) -> str | None:
    """``YYYY-MM-DD`` in 1970-2099 (``homeops.rules.bounds.parse_day``); empty is no deadline."""
    if not text.strip():
        return None
    return parse_day(text, "deadline").isoformat()


# -- a refused move -------------------------------------------------------------------------


@dataclass(frozen=True)
class OverrideChoice:
    """Move anyway with a written ``reason``, or buy a revision with ``scope_change``."""

    reason: str = ""
    scope_change: ScopeChange | None = None


class OverrideDialog(Dialog[Any]):
    """Why a move was refused, and the way through: a written reason or a paid revision."""

    BINDINGS: ClassVar[list[BindingType]] = _close_bindings("override")

    def __init__(self, title: str, target: str, verdict: Verdict, *, locale: str, today: str):
        super().__init__()
        self.mission_title = title
        self.target = target
        self.verdict = verdict
        self.locale = locale
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel dialog", id="override-dialog"):
            yield Label(f"Move to {self.target} refused", classes="panel-title", markup=False)
            yield Static(data(self.verdict.reason), classes="dialog-reason", markup=False)
            yield Label("Written reason (kept in the history)", classes="form-label")
            yield Input(id="override-reason", placeholder="why it moves anyway", compact=True)
            if self.verdict.scope_change:
                yield Label("Or record a paid scope change: what changes", classes="form-label")
                yield Input(id="scope-what", placeholder="e.g. third round of edits", compact=True)
                yield Label("Its fee", classes="form-label")
                yield Input(id="scope-fee", placeholder="e.g. 150", compact=True)
            yield Static("", classes="form-message")
            yield Label("Enter confirms the field it is in · Esc cancels", classes="hint")
            buttons = self.buttons("Move anyway")
            if self.verdict.scope_change:
                buttons.compose_add_child(
                    Button("Paid revision", id="dialog-scope", variant="success", compact=True)
                )
            yield buttons

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id in ("scope-what", "scope-fee"):
            self.action_scope()
        else:
            self.action_save()

    def action_save(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.id in ("scope-what", "scope-fee"):
            self.action_scope()
            return
        reason = self.query_one("#override-reason", Input).value.strip()
        if not reason:
            self.say("write the reason for the override: it is kept in the history")
            return
        problem = line_problem(reason, "the reason")
        if problem:
            self.say(problem)
            return
        self.dismiss(OverrideChoice(reason=reason))

    @on(Button.Pressed, "#dialog-scope")
    def action_scope(self) -> None:
        what = self.query_one("#scope-what", Input).value.strip()
        if not what:
            self.say("say what the paid scope change is")
            return
        try:
            check_line(what, "what changes")
            fee = parse_fee(self.query_one("#scope-fee", Input).value, self.locale)
        except ValueError as exc:
            self.say(str(exc))
            return
        change = ScopeChange(self.today, what, fee, accepted=True, paid_revision=True)
        try:
            check_paid_revision(change)  # the service's rule, said before the dialog closes
        except PaidRevisionFee as no_fee:
            self.say(str(no_fee))
            return
        self.dismiss(OverrideChoice(scope_change=change))


# -- scope change ---------------------------------------------------------------------------


class TickBox(Checkbox):
    """A checkbox that reads without colour: ``▐X▌`` ticked, ``▐ ▌`` not. Textual's shows X
    in both and tells them apart by colour alone: in tmux both looked ticked."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "X" if self.value else " "


class ScopeChangeDialog(Dialog[Any]):
    """Write down a change of scope with its price before doing the work."""

    BINDINGS: ClassVar[list[BindingType]] = _close_bindings("scope")

    def __init__(self, *, locale: str, today: str) -> None:
        super().__init__()
        self.locale = locale
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel dialog", id="scope-dialog"):
            yield Label("New scope change", classes="panel-title")
            with Grid(classes="form-grid"):
                yield Label("What", classes="form-label")
                yield Input(id="scope-what", placeholder="what changes", compact=True)
                yield Label("Fee delta", classes="form-label")
                yield Input(id="scope-fee", placeholder="150 or -50", compact=True)
                yield Label("Effort delta", classes="form-label")
                yield Input(id="scope-effort", placeholder="2h or -1h", compact=True)
            yield TickBox("Accepted by the client", id="scope-accepted", compact=True)
            yield TickBox("Paid revision (one more round)", id="scope-paid", compact=True)
            yield Static("", classes="form-message")
            yield Label("Enter saves · Esc cancels", classes="hint")
            yield self.buttons()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        what = self.query_one("#scope-what", Input).value.strip()
        try:
            if not what:
                raise ValueError("say what changes")
            check_line(what, "what changes")
            fee = parse_fee(
                self.query_one("#scope-fee", Input).value, self.locale, "fee delta", signed=True
            )
            effort = parse_effort(
                self.query_one("#scope-effort", Input).value, "effort delta", signed=True
            )
        except ValueError as exc:
            self.say(str(exc))
            return
        self.dismiss(
            ScopeChange(
                self.today,
                what,
                fee,
                effort,
                accepted=self.query_one("#scope-accepted", Checkbox).value,
                paid_revision=self.query_one("#scope-paid", Checkbox).value,
            )
        )


# -- move to stage N ------------------------------------------------------------------------


def _pick_binding(number: int) -> Binding:
    return Binding(
        str(number),
        f"pick({number})",
        f"Stage {number}",
        tooltip=f"Move the mission to stage {number}",
        id=f"stage_picker.{number}",
    )


PICK_HINT = "A digit moves · Esc cancels"


class StagePicker(ModalScreen[str | None]):
    """``m`` then a digit: the stages with their numbers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *[_pick_binding(number) for number in range(1, 10)],
        # 0 names no stage: answered (never ignored), not listed in the help.
        Binding("0", "pick(0)", "No stage 0", show=False, tooltip="Says the stages are 1 to N",
                id="stage_picker.0"),
        Binding("escape", "cancel", "Cancel", tooltip="Keep the mission where it is",
                id="stage_picker.cancel"),
    ]  # fmt: skip

    def __init__(self, stages: Sequence[str], current: str) -> None:
        super().__init__()
        self.stages = tuple(stages)
        self.current = current

    def compose(self) -> ComposeResult:
        lines = "\n".join(
            f"[b]{number}[/b]  {escape(shown(stage))}"
            + ("  [dim](here)[/dim]" if stage == self.current else "")
            for number, stage in enumerate(self.stages, start=1)
        )
        with Vertical(classes="panel dialog", id="stage-picker"):
            yield Label("Move to stage…", classes="panel-title")
            yield Static(lines)
            yield Label(PICK_HINT, id="stage-picker-hint", classes="hint", markup=False)

    def action_pick(self, number: int) -> None:
        # A digit past the stages, or the stage it is in, is said here: never ignored.
        if not 1 <= number <= len(self.stages):
            self._hint(f"No stage {number}: 1 to {len(self.stages)}, or Esc.")
        elif self.stages[number - 1] == self.current:
            self._hint(f"Already in {shown(self.current)}: another digit, or Esc.")
        else:
            self.dismiss(self.stages[number - 1])

    def _hint(self, text: str) -> None:
        self.query_one("#stage-picker-hint", Label).update(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- long text ------------------------------------------------------------------------------


class TextDialog(Dialog[Any]):
    """Edit one or more long texts (notes, or the brief's lists one item per line)."""

    BINDINGS: ClassVar[list[BindingType]] = _close_bindings("text")

    def __init__(
        self,
        title: str,
        fields: Sequence[tuple[str, str]],
        check: Callable[[list[str]], object] | None = None,
    ) -> None:
        """``fields`` holds (label, text) pairs, one TextArea each (the text shown as it is:
        the caller makes stored text visible first, ``homeops.tui.text.shown``). ``check`` raises
        ``ValueError`` (one line) for texts that cannot be saved: the dialog stays open."""
        super().__init__()
        self.dialog_title = title
        self.fields = list(fields)
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel dialog", id="text-dialog"):
            yield Label(self.dialog_title, classes="panel-title")
            for index, (label, text) in enumerate(self.fields):
                yield Label(label, classes="form-label")
                yield TextArea(text, id=f"text-{index}", classes="dialog-text", compact=True)
            yield Static("", classes="form-message")
            yield Label("ctrl+s saves · Esc cancels", classes="hint")
            yield self.buttons()

    def action_save(self) -> None:
        texts = [area.text for area in self.query(TextArea)]
        if self.check is not None:
            try:
                self.check(texts)
            except ValueError as exc:
                self.say(str(exc))
                return
        self.dismiss(texts)
