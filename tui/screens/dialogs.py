"""Small modal dialogs of the board and the mission view.

Each one returns what the user typed (``dismiss``) or None when cancelled; the caller makes
the change. A dialog checks its own input and shows what is wrong in one line, so nothing
reaches the vault before it is valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from config import Settings
from homeops.hours import format_minutes, parse_minutes
from homeops.missions import Flow, Verdict, from_offer, validate
from homeops.model import Check, Mission, Offer, ScopeChange, StageMove
from homeops.money import parse_amount


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
        """Show ``text`` (one line) as what is wrong; empty clears it."""
        self.message_text = text
        message = self.query_one(".form-message", Static)
        message.update(text)
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
    raw = text.strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        raise ValueError(f"deadline {raw!r} is not a date (YYYY-MM-DD)") from None


# -- new and edit ---------------------------------------------------------------------------


class MissionForm(Dialog[Any]):
    """New mission (blank or from an offer) or edit of its main fields."""

    BINDINGS: ClassVar[list[BindingType]] = _close_bindings("mission_form")

    FIELDS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("title", "Title", "what the client gets"),
        ("client", "Client", "alias, e.g. acme-mag"),
        ("fee", "Fee", "1200 or 1 200,50"),
        ("deadline", "Deadline", "YYYY-MM-DD"),
        ("effort", "Effort", "hours: 6, 6h, 2h30"),
    )

    def __init__(
        self,
        settings: Settings,
        flow: Flow,
        *,
        today: dt.date,
        now: dt.datetime,
        mission: Mission | None = None,
        offers: Sequence[Offer] = (),
    ) -> None:
        super().__init__()
        self.settings = settings
        self.flow = flow
        self.today = today
        self.now = now
        self.mission = mission
        self.offers = list(offers)
        self.offer: Offer | None = None

    def compose(self) -> ComposeResult:
        editing = self.mission is not None
        with Vertical(classes="panel dialog", id="mission-form"):
            yield Label(
                f"Edit mission {self.mission.id}" if self.mission else "New mission",
                classes="panel-title",
            )
            with Grid(classes="form-grid"):
                if not editing and self.offers:
                    yield Label("Offer", classes="form-label")
                    yield Select(
                        [(offer.name, index) for index, offer in enumerate(self.offers)],
                        prompt="blank mission",
                        id="form-offer",
                        compact=True,
                    )
                for name, label, placeholder in self.FIELDS:
                    yield Label(label, classes="form-label")
                    yield Input(
                        self._initial(name),
                        placeholder=placeholder,
                        id=f"form-{name}",
                        compact=True,
                    )
            yield Static("", classes="form-message")
            yield Label("Enter saves · Esc cancels · Tab next field", classes="hint")
            yield self.buttons()

    def on_mount(self) -> None:
        self.query_one("#form-title", Input).focus()

    def _initial(self, name: str) -> str:
        mission = self.mission
        if mission is None:
            return ""
        locale = self.settings.money.locale
        return {
            "title": mission.title,
            "client": mission.client_alias,
            "fee": _plain_amount(mission.fee_cents, locale) if mission.fee_cents else "",
            "deadline": mission.deadline or "",
            "effort": format_minutes(mission.effort_minutes) if mission.effort_minutes else "",
        }[name]

    def value(self, name: str) -> str:
        return self.query_one(f"#form-{name}", Input).value

    @on(Select.Changed, "#form-offer")
    def _offer_chosen(self, event: Select.Changed) -> None:
        index = event.value
        self.offer = self.offers[index] if isinstance(index, int) else None
        if self.offer is None:
            return
        offer, locale = self.offer, self.settings.money.locale
        deadline = self.today + dt.timedelta(days=offer.lead_time_days)
        title = self.query_one("#form-title", Input)
        if not title.value.strip():
            title.value = offer.name
        self.query_one("#form-fee", Input).value = _plain_amount(offer.price_cents, locale)
        self.query_one("#form-deadline", Input).value = deadline.isoformat()
        effort = format_minutes(offer.effort_minutes) if offer.effort_minutes else ""
        self.query_one("#form-effort", Input).value = effort

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def build(self) -> Mission:
        """The mission the fields describe; ``ValueError`` says what is wrong in one line."""
        locale = self.settings.money.locale
        fee = parse_fee(self.value("fee"), locale)
        deadline = parse_deadline(self.value("deadline"))
        effort = parse_effort(self.value("effort"))
        title, client = self.value("title").strip(), self.value("client").strip()
        if self.mission is not None:
            mission = Mission(**{**vars(self.mission)})
        elif self.offer is not None:
            mission = from_offer(
                self.offer,
                title=title,
                client_alias=client,
                today=self.today,
                stage=self.flow.stages[0],
                checklist=self.settings.board.quality_checklist,
                at=self.now,
            )
        else:
            mission = Mission(
                title=title,
                client_alias=client,
                stage=self.flow.stages[0],
                currency=self.settings.money.currency,
                checklist=[Check(text) for text in self.settings.board.quality_checklist],
                history=[StageMove(self.now.isoformat(timespec="seconds"), self.flow.stages[0])],
            )
        mission.title, mission.client_alias = title, client
        mission.fee_cents, mission.deadline, mission.effort_minutes = fee, deadline, effort
        problem = validate(mission, self.flow)
        if problem:
            raise ValueError(problem)
        return mission

    def action_save(self) -> None:
        try:
            mission = self.build()
        except ValueError as exc:
            self.say(str(exc))
            return
        self.dismiss(mission)


def _plain_amount(cents: int, locale: str) -> str:
    """An amount as typed back into a field: ``1200`` or ``1200,50`` (no grouping)."""
    whole, part = divmod(cents, 100)
    if not part:
        return str(whole)
    return f"{whole}{',' if locale == 'fr_FR' else '.'}{part:02d}"


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
            yield Label(f"Move to {self.target} refused", classes="panel-title")
            yield Static(self.verdict.reason, classes="dialog-reason", markup=False)
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
        self.dismiss(OverrideChoice(reason=reason))

    @on(Button.Pressed, "#dialog-scope")
    def action_scope(self) -> None:
        what = self.query_one("#scope-what", Input).value.strip()
        if not what:
            self.say("say what the paid scope change is")
            return
        try:
            fee = parse_fee(self.query_one("#scope-fee", Input).value, self.locale)
        except ValueError as exc:
            self.say(str(exc))
            return
        change = ScopeChange(self.today, what, fee, accepted=True, paid_revision=True)
        self.dismiss(OverrideChoice(scope_change=change))


# -- scope change ---------------------------------------------------------------------------


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
            yield Checkbox("Accepted by the client", id="scope-accepted", compact=True)
            yield Checkbox("Paid revision (one more round)", id="scope-paid", compact=True)
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


class StagePicker(ModalScreen[str | None]):
    """``m`` then a digit: the stages with their numbers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *[_pick_binding(number) for number in range(1, 10)],
        Binding("escape", "cancel", "Cancel", tooltip="Keep the mission where it is",
                id="stage_picker.cancel"),
    ]  # fmt: skip

    def __init__(self, stages: Sequence[str], current: str) -> None:
        super().__init__()
        self.stages = tuple(stages)
        self.current = current

    def compose(self) -> ComposeResult:
        lines = "\n".join(
            f"[b]{number}[/b]  {stage}" + ("  [dim](here)[/dim]" if stage == self.current else "")
            for number, stage in enumerate(self.stages, start=1)
        )
        with Vertical(classes="panel dialog", id="stage-picker"):
            yield Label("Move to stage…", classes="panel-title")
            yield Static(lines)
            yield Label("A digit moves · Esc cancels", classes="hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick" and parameters:
            return int(str(parameters[0])) <= len(self.stages)
        return True

    def action_pick(self, number: int) -> None:
        self.dismiss(self.stages[number - 1])

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- long text ------------------------------------------------------------------------------


class TextDialog(Dialog[Any]):
    """Edit one or more long texts (notes, or the brief's lists one item per line)."""

    BINDINGS: ClassVar[list[BindingType]] = _close_bindings("text")

    def __init__(self, title: str, fields: Sequence[tuple[str, str]]) -> None:
        """``fields`` holds (label, text) pairs, one TextArea each."""
        super().__init__()
        self.dialog_title = title
        self.fields = list(fields)

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
        self.dismiss([area.text for area in self.query(TextArea)])
