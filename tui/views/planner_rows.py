"""How the Planner draws a cell and a day's load bar: plain functions, no widgets."""

from __future__ import annotations

from rich.text import Text

from homeops.rules.hours import format_minutes
from homeops.rules.schedule import WeekDay

DAY_WIDTH = 7
BAR_WIDTH = 6


def cell_text(minutes: int) -> str:
    return format_minutes(minutes) if minutes else "·"


def load_bar(day: WeekDay, scale: int) -> Text:
    """``███▒░`` scaled on ``scale`` minutes: booked, billable still free, the rest of focus."""
    cap = day.capacity
    if cap.off:
        return Text("off".center(BAR_WIDTH), style="dim italic")
    if not cap.focus or not scale:
        return Text("·".rjust(BAR_WIDTH - 1).ljust(BAR_WIDTH), style="dim")

    def width(minutes: int) -> int:
        return min(BAR_WIDTH, round(minutes * BAR_WIDTH / scale))

    booked = width(min(day.booked, cap.billable))
    free = max(0, width(cap.billable) - booked)
    rest = max(0, width(cap.focus) - booked - free)
    over = day.booked > cap.billable
    text = Text()
    text.append("█" * booked, style="bold red" if over else "bold")
    text.append("▒" * free, style="")
    text.append("░" * rest, style="dim")
    text.pad_right(BAR_WIDTH - text.cell_len)
    return text


def hours_text(minutes: int) -> str:
    return format_minutes(minutes) if minutes else ""
