"""How the console words paths and dates, and how it shows text from the vault.

Text from the vault is data: it reaches a widget only through ``shown``
(``homeops.rules.text``), which makes every control character visible, and as a ``Text`` object
or a markup-free widget, so ``[bold]`` or ``[@click=app.quit]`` in a title shows literally.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from rich.text import Text

from homeops.rules.text import shown

__all__ = ["data", "display_date", "display_path", "pasted", "shown"]


def data(text: str, style: str = "", *, lines: bool = False) -> Text:
    """``text`` from the vault as a ``Text``: controls visible, never read as markup.

    ``lines=True`` keeps line breaks and tabs (notes shown as a block).
    """
    return Text(shown(text, lines=lines), style=style)


def pasted(text: str) -> str:
    """What a paste may put in a field: controls made visible, line breaks and tabs kept
    (a text area takes them; a one-line field takes the first line and refuses a tab)."""
    return shown(text.replace("\r\n", "\n").replace("\r", "\n"), lines=True)


def display_path(path: Path) -> str:
    """``path`` with the home directory written ``~``, as people read it in a terminal (a file
    name may hold any character but ``/``: controls are shown visibly)."""
    try:
        return shown("~/" + str(path.expanduser().resolve().relative_to(Path.home().resolve())))
    except ValueError:
        return shown(str(path))


def display_date(day: datetime.date) -> str:
    """Weekday and ISO date, e.g. ``Monday 2026-11-30`` (English weekday names)."""
    weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    return f"{weekdays[day.weekday()]} {day.isoformat()}"
