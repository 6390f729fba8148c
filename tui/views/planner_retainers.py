"""The Planner's retainers row (issue 14 part 4): the minutes retainers reserve each day, and
``t`` on it logs time on one of them, within its period's limit (``business.retainers``).

Past the limit it asks first (``ProposeDialog``): the time is logged and the part over the
limit proposed to the client as extra work (as ``homeops log --retainer --propose``), or
nothing is logged; extra work is never done silently."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, Static

from homeops.rules.capacity import short_day
from homeops.rules.hours import format_minutes
from homeops.rules.money import format_amount
from homeops.rules.retainers import DAY
from homeops.rules.schedule import Week
from homeops.tui.screens.dialogs import Dialog
from homeops.tui.text import shown
from homeops.tui.views.planner_dialogs import LogTimeDialog, TimeToLog
from homeops.tui.views.planner_rows import cell_text

if TYPE_CHECKING:
    from homeops.tui.views.planner import PlannerView
    from homeops.tui.views.planner_model import PlannerSession

RETAINERS = -2  # the row id of the retainers' reserved time
TITLE = "Retainers"
RETAINER_DETAIL = (
    "Retainers: time logged on them, and from today the hours kept for them; t logs time"
)


def retainer_row(session: PlannerSession, week: Week, width: int) -> list[Text] | None:
    """The row's cells (the minutes reserved each day), or None when no retainer runs that
    week."""
    monday = week.monday
    retainers = session.planning.retainers
    if not any(retainers.running_on(monday + i * DAY) for i in range(7)):
        return None
    cells = [Text(TITLE, style="italic")]
    for day in week.days:  # logged on retainers, then (today on) what they still keep free
        minutes = day.retainer_logged + day.reserved
        cells.append(
            Text(cell_text(minutes).rjust(width - 1) + " ", style="dim" if day.past else "")
        )
    return cells


class ProposeDialog(Dialog[bool]):
    """Time past a retainer's limit: log it and propose the extra to the client, or not."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Log nothing", id="retainer_propose.cancel"),
        Binding("ctrl+s", "save", "Propose", tooltip="Log it and propose the extra",
                id="retainer_propose.save"),
        Binding("y", "save", "Propose", tooltip="Log it and propose the extra",
                id="retainer_propose.yes"),
        Binding("n", "cancel", "Cancel", tooltip="Log nothing", id="retainer_propose.no"),
    ]  # fmt: skip

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel dialog", id="propose-dialog"):
            yield Label("Over the retainer's limit", classes="panel-title")
            yield Static(shown(self.question), id="propose-question", markup=False)
            yield Static("", classes="form-message")
            yield Label("y proposes · n or Esc logs nothing", classes="hint")
            yield self.buttons("Propose")

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        self.dismiss(True)


def log_retainer_time(view: PlannerView, session: PlannerSession, day: dt.date) -> None:
    """Ask for the hours and the retainer, check them against its limit, log them."""
    retainers = session.planning.retainers
    running = retainers.running_on(day)
    if not running:
        view.say(f"No retainer runs on {short_day(day)}.", refused=True)
        return
    choices = tuple(f"#{r.id}" for r in running)
    names = {f"#{r.id}": r.title for r in running}
    what = f"retainer {choices[0]} {names[choices[0]]}" if len(running) == 1 else "a retainer"

    def chosen(text: str | None) -> int | None:
        typed = (text or "").strip().removeprefix("#")
        return int(typed) if f"#{typed}" in names and typed.isdecimal() else None

    def check(minutes: int, choice: str | None) -> str:
        retainer_id = chosen(choice)
        if retainer_id is None:
            return f"choose a retainer: {', '.join(choices)}"
        if retainers.over_limit(retainer_id, minutes, day, today=session.today) is not None:
            return ""  # past the limit: asked next (ProposeDialog)
        return retainers.log_problem(retainer_id, minutes, day, today=session.today)

    def log(retainer_id: int, minutes: int, propose: bool) -> None:
        try:
            logged = retainers.log_time(
                retainer_id, minutes, day, today=session.today, propose=propose
            )
        except (ValueError, LookupError) as exc:  # refused, or the retainer is gone
            view.say(str(exc), refused=True)
            return
        session.replan()
        view.redraw()
        use = logged.use
        near = "; near the limit" if use.state == "near" else ""
        extra = ""
        if logged.proposal is not None:
            extra = (f"; {format_minutes(logged.proposal.minutes)} proposed as extra work "
                     "(the Ledger's Invoices page: a accepts, d declines)")  # fmt: skip
        view.say(
            f"Logged {format_minutes(minutes)} on retainer #{retainer_id}: "
            f"{shown(use.text())} this period{near}{extra}."
        )

    def done(result: TimeToLog | None) -> None:
        retainer_id = chosen(result.category) if result else None
        if result is None or retainer_id is None:
            return
        minutes = result.minutes
        over = retainers.over_limit(retainer_id, minutes, day, today=session.today)
        if over is None:
            log(retainer_id, minutes, False)
            return
        money = retainers.settings.money
        price = format_amount(over.amount_cents, money.currency, money.locale)
        question = (
            f"{format_minutes(minutes)} on retainer #{retainer_id} goes "
            f"{format_minutes(over.minutes)} past this period's limit. Log it and propose the "
            f"{format_minutes(over.minutes)} to the client as extra work, {price}? Nothing "
            "is billed until the client accepts."
        )

        def answered(propose: bool | None) -> None:
            if propose:
                log(retainer_id, minutes, True)
            else:
                view.say("Nothing logged: past the limit, extra work is only proposed.")

        view.app.push_screen(ProposeDialog(question), answered)

    view.app.push_screen(
        LogTimeDialog(what, short_day(day), check, categories=choices, choice="Retainer"), done
    )
