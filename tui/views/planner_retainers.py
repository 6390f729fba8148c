"""The Planner's retainers row (issue 14 part 4): the minutes retainers reserve each day, and
``t`` on it logs time on one of them, within its period's limit (``business.retainers``).

Past the limit the console refuses, as ``homeops log --retainer`` does without ``--propose``:
extra work is proposed from the command line, never done silently."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text

from homeops.rules.capacity import short_day
from homeops.rules.hours import format_minutes
from homeops.rules.retainers import DAY
from homeops.rules.schedule import Week
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
        return retainers.log_problem(retainer_id, minutes, day, today=session.today)

    def done(result: TimeToLog | None) -> None:
        retainer_id = chosen(result.category) if result else None
        if result is None or retainer_id is None:
            return
        try:
            logged = retainers.log_time(retainer_id, result.minutes, day, today=session.today)
        except (ValueError, LookupError) as exc:  # refused, or the retainer is gone
            view.say(str(exc), refused=True)
            return
        session.replan()
        view.redraw()
        use = logged.use
        near = "; near the limit" if use.state == "near" else ""
        view.say(
            f"Logged {format_minutes(result.minutes)} on retainer #{retainer_id}: "
            f"{shown(use.text())} this period{near}."
        )

    view.app.push_screen(
        LogTimeDialog(what, short_day(day), check, categories=choices, choice="Retainer"), done
    )
