"""The Ledger view's small forms: income, expense, transfer, invoice, paid date, hold reason,
reversal reason; and the ways out of a payout the pay envelope does not cover.

A form checks what was typed with the function it is given and shows what is wrong in one
line; it returns only a valid result (``dismiss``), or None when cancelled. Nothing reaches
the vault before it is valid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from homeops.rules.ledger import OVERRIDE_MAX
from homeops.rules.text import LINE_MAX, line_problem
from homeops.tui.screens.dialogs import Dialog
from homeops.tui.text import data


@dataclass(frozen=True)
class Field:
    """One line of a form: ``name`` is the key of the values the check receives."""

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    most: int = LINE_MAX  # characters (``homeops.rules.text``: NAME_MAX for a name, a category)


Check = Callable[[dict[str, str]], Any]


class LedgerForm(Dialog[Any]):
    """A titled form of one-line fields; ctrl+s or Enter on the last field saves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", tooltip="Close without saving", id="ledger.form.cancel"
        ),
        Binding("ctrl+s", "save", "Save", tooltip="Check and save", id="ledger.form.save"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        check: Check,
        *,
        save: str = "Save",
        note: str = "",
    ) -> None:
        super().__init__(classes="ledger-form")
        self.form_title = title
        self.fields = tuple(fields)
        self.check = check
        self.save_label = save
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="ledger-form", classes="panel dialog"):
            yield Label(self.form_title, classes="panel-title")
            if self.note:
                yield Static(data(self.note, lines=True), classes="hint", markup=False)
            with Grid(classes="form-grid"):
                for field in self.fields:
                    yield Label(field.label, classes="form-label")
                    yield Input(
                        field.value,
                        placeholder=field.placeholder,
                        id=f"form-{field.name}",
                        compact=True,
                    )
            yield Static("", classes="form-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.save_label, id="form-save", variant="primary", compact=True)
                yield Button("Cancel", id="form-cancel", compact=True)

    def values(self) -> dict[str, str]:
        return {f.name: self.query_one(f"#form-{f.name}", Input).value for f in self.fields}

    def action_save(self) -> None:
        values = self.values()
        for field in self.fields:  # every field is one line of plain text
            problem = line_problem(values[field.name], field.label, field.most)
            if problem:
                self.say(problem)
                return
        try:
            result = self.check(values)
        except ValueError as exc:
            self.say(str(exc))
            return
        except LookupError as exc:  # KeyError quotes its message
            self.say(str(exc.args[0]) if exc.args else str(exc))
            return
        self.dismiss(result)

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        names = [f"form-{f.name}" for f in self.fields]
        index = names.index(event.input.id or "")
        if index == len(names) - 1:
            self.action_save()
        else:
            self.query_one(f"#{names[index + 1]}", Input).focus()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


def reversal_reason(values: dict[str, str]) -> str:
    """The reason typed in a reversal form, on one line; ``ValueError`` when there is none."""
    reason = " ".join(values["reason"].split())
    if not reason:
        raise ValueError("a reversal needs a reason (it is kept in the ledger)")
    return reason


def reversal_form(entry_id: int, day: str, recorded: Sequence[str]) -> LedgerForm:
    """Ask why entry ``entry_id`` is reversed; ``recorded`` says what each new entry will be
    (``taxes  -425,00 €``), one per entry of the group. Enter saves, Esc cancels."""
    count = len(recorded)
    what = f"entry #{entry_id}" if count == 1 else f"the {count} entries of #{entry_id}'s group"
    lines = "\n".join(f"  {text}" for text in recorded)
    note = f"Records on {day} the opposite of {what} (nothing is deleted):\n{lines}"
    field = Field("reason", "Reason", "", "why: kept in the ledger")
    return LedgerForm(f"Reverse entry #{entry_id}", [field], reversal_reason, save="Reverse",
                      note=note)  # fmt: skip


#: The ways out of a payout the pay envelope does not cover, as the dialog offers them.
HOLD, TRANSFER, OVERRIDE = "hold", "transfer", "override"


class NotCoveredDialog(Dialog[tuple[str, str] | None]):
    """A payout the pay envelope does not cover: the refusal (the numbers, from the cashbook)
    and the ways out, each with a reason kept with the decision: hold it, transfer what is
    missing from the cushion then pay it (offered when the cushion holds it), or pay anyway
    (override). Enter in the reason holds it, the safe way; Tab reaches the other buttons."""

    DEFAULT_CSS = """
    #not-covered { width: 76; max-width: 100%; }
    NotCoveredDialog .dialog-buttons Button { min-width: 6; margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close: nothing is recorded",
                id="ledger.not_covered.cancel"),
    ]  # fmt: skip

    def __init__(self, title: str, message: str, transfer: str = "") -> None:
        """``transfer``: the button's words (``Transfer 100,00 € from cushion``), or "" when
        the cushion cannot cover what is missing."""
        super().__init__(classes="ledger-form")
        self.form_title = title
        self.message = message
        self.ways = [(HOLD, "Hold it")]
        self.ways += [(TRANSFER, transfer)] if transfer else []
        self.ways += [(OVERRIDE, "Pay anyway")]

    def compose(self) -> ComposeResult:
        with Vertical(id="not-covered", classes="panel dialog"):
            yield Label(self.form_title, classes="panel-title")
            yield Static(data(self.message, lines=True), classes="hint", markup=False)
            with Grid(classes="form-grid"):
                yield Label("Reason", classes="form-label")
                yield Input(placeholder="why: kept with the decision", id="form-reason",
                            compact=True)  # fmt: skip
            yield Static("", classes="form-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for key, words in self.ways:
                    yield Button(words, id=f"way-{key}", compact=True,
                                 variant="primary" if key == HOLD else "default")  # fmt: skip
                yield Button("Cancel", id="form-cancel", compact=True)

    def choose(self, way: str) -> None:
        """Dismiss with (``way``, the reason), once a reason is written."""
        typed = self.query_one("#form-reason", Input).value
        problem = line_problem(typed, "Reason", OVERRIDE_MAX)  # it may go in an entry
        if problem:
            self.say(problem)
            return
        reason = " ".join(typed.split())
        if not reason:
            self.say("Write why first: the reason is kept with the decision.")
            self.query_one("#form-reason", Input).focus()
            return
        self.dismiss((way, reason))

    def action_save(self) -> None:
        self.choose(HOLD)

    @on(Input.Submitted, "#form-reason")
    def _reason_submitted(self) -> None:
        self.choose(HOLD)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        name = event.button.id or ""
        if name == "form-cancel":
            self.action_cancel()
        elif name.startswith("way-"):
            self.choose(name.removeprefix("way-"))
