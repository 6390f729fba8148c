""" "Can I take this?": the answer for the mission the new-mission form describes — the
verdict, the delivery as the plan will place it, what it pushes late, pay per real hour, the
next payouts without and with it. ``a`` accepts: the board's ``accept`` stores the mission
and the screen stays up saying so, so a second ``a`` lands here, never on the board behind
(Esc or Enter then closes it and the form); Esc before that goes back to the form without
writing anything.

The answer is ``business.fit`` (``homeops.services.fit``): this screen only shows it. Given a
callable, it computes the answer on a worker thread (a large vault takes a noticeable moment:
the console never freezes), says "Thinking…" meanwhile and shows it on the UI thread; ``a``
pressed before the answer is there accepts it once it is, Esc leaves at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from homeops.rules.capacity import short_day
from homeops.rules.hours import format_minutes
from homeops.rules.numbers import format_percent
from homeops.services.fit import Decision
from homeops.tui.text import data

Money = Callable[[int], str]
#: What the screen shows while the answer is computed.
THINKING = "Thinking…"


class FitScreen(ModalScreen[Decision | None]):
    """Shows one ``Decision`` (given, or computed by ``answer`` on a worker thread);
    dismisses with it on accept, with None on Esc."""

    class Answered(Message):
        """The worker's answer, handled on the UI thread."""

        def __init__(self, decision: Decision | None, problem: str = "") -> None:
            super().__init__()
            self.decision, self.problem = decision, problem

    AUTO_FOCUS = "#fit-body"  # arrows scroll the answer when the terminal is short
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept", tooltip="Take it: add the mission to the board",
                id="fit.accept"),
        Binding("escape", "leave", "Back", tooltip="Back to the form, nothing written",
                id="fit.leave"),
        Binding("enter", "close", "Close", show=False, tooltip="Once accepted: close",
                id="fit.close"),
    ]  # fmt: skip

    def __init__(
        self,
        decision: Decision | Callable[[], Decision],
        money: Money,
        locale: str,
        *,
        read_only: bool,
        accept: Callable[[Decision], str] | None = None,
    ) -> None:
        super().__init__()
        given = isinstance(decision, Decision)
        self.decision: Decision | None = decision if isinstance(decision, Decision) else None
        self._answer = None if given else decision
        self.money = money
        self.locale = locale
        self.read_only = read_only
        self._accept_when_answered = False
        # Given, ``a`` stores through it and the screen stays up saying so: a second ``a``
        # (a key repeated, a burst) lands here, never on the board behind.
        self._store = accept
        self.accepted: Decision | None = None

    def compose(self) -> ComposeResult:
        d = self.decision
        with Vertical(classes="panel dialog", id="fit-panel"):
            yield Label("Can I take this?", classes="panel-title")
            verdict = data(d.verdict(self.money)) if d is not None else THINKING
            yield Static(verdict, id="fit-verdict", classes=self._kind())
            with VerticalScroll(id="fit-body"):
                yield Static(self._figures() if d is not None else "", id="fit-figures")
            yield Static("", classes="form-message")
            accept = "a accepts · " if not self.read_only else "read-only: nothing can be added · "
            yield Label(f"{accept}Esc goes back to the form", classes="hint", id="fit-hint")

    def on_mount(self) -> None:
        if self._answer is not None:
            self._think(self._answer)

    @work(thread=True, exclusive=True, group="fit", exit_on_error=False)
    def _think(self, answer: Callable[[], Decision]) -> None:
        try:
            decision = answer()
        except (ValueError, LookupError) as exc:  # a record the planner cannot read
            self.post_message(self.Answered(None, f"No answer: {exc}"))
            return
        self.post_message(self.Answered(decision))

    @on(Answered)
    def _answered(self, message: Answered) -> None:
        if message.decision is None:
            self._answer, self._accept_when_answered = None, False  # nothing to accept
            self._say("")
            self.query_one("#fit-verdict", Static).update(data(message.problem))
            self.query_one("#fit-verdict", Static).set_class(True, "-doesnt")
            return
        self.decision = message.decision
        verdict = self.query_one("#fit-verdict", Static)
        verdict.update(data(self.decision.verdict(self.money)))
        verdict.set_class(self.decision.fits, "-fits")
        verdict.set_class(not self.decision.fits, "-doesnt")
        self.query_one("#fit-figures", Static).update(self._figures())
        self._say("")
        if self._accept_when_answered:  # a pressed while it thought: not lost
            self.action_accept()

    def _kind(self) -> str:
        if self.decision is None:
            return ""
        return "-fits" if self.decision.fits else "-doesnt"

    def _figures(self) -> Text:
        assert self.decision is not None
        d, money, today = self.decision, self.money, self.decision.today
        out = Text()

        def row(label: str, text: str | Text) -> None:
            out.append(f"{label:<10}", style="dim")
            out.append(text if isinstance(text, Text) else data(text))
            out.append("\n")

        planned = format_minutes(d.effort + d.allowance)
        due = f", due {short_day(d.deadline, today)}" if d.deadline else ""
        if d.delivery is None:
            row("Delivery", f"no room in the next {d.weeks} weeks{due}")
        else:
            row("Delivery", f"{short_day(d.delivery, today)}{due}")
        row("Planned", f"{planned} ({format_minutes(d.effort)} + "
                       f"{format_minutes(d.allowance)} revisions), among {d.open_missions} "
                       "open")  # fmt: skip
        if not d.pushed:
            row("Pushes", "nothing late")
        for p in d.pushed:
            late = "beyond the plan" if p.days_late is None else f"{p.days_late}d late"
            row("Pushes", f"#{p.mission_id} {p.title} ({late})")
        floor = f" · floor {money(d.floor)}/h" if d.floor is not None else ""
        given = "" if d.fee_given else " (no fee given)"
        row("Pay", f"{money(d.per_hour or 0)}/h per real hour{given}{floor}")
        if d.hourly:
            row("", f"hourly: {money(d.money_cents)} for {format_minutes(d.effort)}, cap "
                    f"{format_minutes(d.cap_minutes)} ({money(d.mission.fee_cents)})")  # fmt: skip
        if d.per_hour is not None and d.per_focus_hour is not None:
            share = format_percent(d.non_billable_bp, self.locale)
            row("", f"{money(d.per_focus_hour)}/h per focus hour ({share} not billable)")
        cash = d.cash
        if cash is None:
            row("Payouts", "not checked (the payout rule never fires)")
            return out
        row("Payouts", "pay after each, without → with it")
        before = {p.date: p.expected_after_cents for p in cash.without}
        for payout in cash.with_it:
            day = short_day(dt.date.fromisoformat(payout.date), today)
            was = before.get(payout.date)
            out.append(f"  {day:<16}{money(was) if was is not None else '-':>14} → ")
            short = not payout.covered_expected
            out.append(f"{money(payout.expected_after_cents):>14}", style="bold" if short else "")
            out.append("  short\n" if short else "\n")
        row("Lowest", f"pay {money(cash.lowest_pay_without)} → {money(cash.lowest_pay_with)}")
        row("", f"cushion {money(cash.lowest_cushion_without)} → "
                f"{money(cash.lowest_cushion_with)}")  # fmt: skip
        out.rstrip()
        return out

    def action_accept(self) -> None:
        if self.accepted is not None:
            self._say("Accepted already: Esc or Enter closes (u on the board undoes)")
            return
        if self.read_only:
            self._say("Read-only session: nothing can be added")
            return
        if self.decision is None:
            if self._answer is not None and not self._accept_when_answered:
                self._accept_when_answered = True
                self._say("Accepting once the answer is there (Esc: back, nothing written)")
            return
        if self._store is None:
            self.dismiss(self.decision)
            return
        try:
            said = self._store(self.decision)
        except (ValueError, LookupError) as exc:  # refused: nothing written, one line
            self._say(f"Not added: {exc}")
            return
        self.accepted = self.decision
        self._say(f"{said} (u on the board undoes)")
        self.query_one("#fit-hint", Label).update("Esc or Enter closes")

    def action_leave(self) -> None:
        self.dismiss(self.accepted)  # accepted: the form closes too

    def action_close(self) -> None:
        if self.accepted is not None:
            self.dismiss(self.accepted)

    def _say(self, text: str) -> None:
        message = self.query_one(".form-message", Static)
        message.update(data(text))
        message.set_class(bool(text), "-shown")
