"""How the console words paths and dates."""

from __future__ import annotations

import datetime
from pathlib import Path


def display_path(path: Path) -> str:
    """``path`` with the home directory written ``~``, as people read it in a terminal."""
    try:
        return "~/" + str(path.expanduser().resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(path)


def display_date(day: datetime.date) -> str:
    """Weekday and ISO date, e.g. ``Monday 2026-11-30`` (English weekday names)."""
    weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    return f"{weekdays[day.weekday()]} {day.isoformat()}"
