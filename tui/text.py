"""How the console words paths and dates, and how it shows text from the vault.

Text from the vault is data: it reaches a widget only through ``shown``
(``homeops.rules.text``), which makes every control character visible, and as a ``Text`` object
or a markup-free widget, so ``[bold]`` or ``[@click=app.quit]`` in a title shows literally.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from rich.cells import cell_len, split_graphemes
from rich.console import Console
from rich.text import Text

from homeops.rules.text import shown

__all__ = [
    "data",
    "display_date",
    "display_path",
    "fit_cells",
    "fit_sentences",
    "fit_text",
    "graphemes",
    "pasted",
    "shown",
]


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


# -- laying text out in terminal cells ------------------------------------------------------

_REGIONAL = range(0x1F1E6, 0x1F200)  # two of them make one flag
_MODIFIERS = range(0x1F3FB, 0x1F400)  # skin tones: part of the emoji before them


def graphemes(text: str) -> list[tuple[str, int]]:
    """``text`` as (what the eye sees as one character, its width in cells): a flag's two
    letters, a ZWJ family or an accent with its letter are never parted."""
    spans, _ = split_graphemes(text)
    clusters: list[tuple[str, int]] = []
    pair_open = False  # the last cluster is the first half of a flag
    for start, end, cells in spans:
        piece = text[start:end]
        first = ord(piece[0])
        joins = clusters and (first in _MODIFIERS or (pair_open and first in _REGIONAL))
        if joins:
            before, width = clusters[-1]
            clusters[-1] = (before + piece, max(width, cells, 2))
            pair_open = False
        else:
            clusters.append((piece, cells))
            pair_open = first in _REGIONAL and end - start == 1
    return clusters


def fit_cells(text: str, width: int, *, right: bool = False) -> str:
    """``text`` in exactly ``width`` cells: cut with ``…`` between two graphemes when it is
    longer, padded with blanks (on the left when ``right``) when shorter."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        kept, used = [], 0
        for cluster, cells in graphemes(text):
            if used + cells > width - 1:
                break
            kept.append(cluster)
            used += cells
        text = "".join(kept) + "…"
    gap = " " * max(0, width - cell_len(text))
    return gap + text if right else text + gap


def fit_text(text: Text, width: int) -> Text:
    """``text`` (styles kept) in exactly ``width`` cells, cut like ``fit_cells``: Rich's own
    ``truncate`` may part a flag's two letters."""
    if text.cell_len > width:
        end, used = 0, 0
        for cluster, cells in graphemes(text.plain):
            if used + cells > width - 1:
                break
            end += len(cluster)
            used += cells
        style = text.get_style_at_offset(Console(), end) if end < len(text) else text.style
        text = text[:end]
        text.append("…", style=style)
    text.truncate(width, pad=True)  # pads only: it fits now
    return text


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
_ASIDE = re.compile(r"\s*\([^()]*\)")


def fit_sentences(text: str, width: int) -> str:
    """The first whole sentences of ``text`` that fit in ``width`` cells.

    A message line is one line: rather than cut a word, it keeps what fits of the sentences;
    a first sentence too long alone loses its asides in brackets, then its last words
    (``…``). The whole message stays readable in the help (``?``).
    """
    if cell_len(text) <= width:
        return text
    sentences = _SENTENCE_END.split(text)
    kept = ""
    for sentence in sentences:
        longer = f"{kept} {sentence}" if kept else sentence
        if cell_len(longer) > width:
            break
        kept = longer
    if kept:
        return kept
    first = _ASIDE.sub("", sentences[0]).rstrip()
    if first and first[-1] not in ".!?":
        first += "."
    if cell_len(first) <= width:
        return first
    words, line = first.split(" "), ""
    for word in words:
        longer = f"{line} {word}" if line else word
        if cell_len(longer) > width - 1:
            break
        line = longer
    return (line.rstrip(",;:") + "…") if line else fit_cells(first, width)


#: Blanks that join (an amount's thousands, its currency): a line never breaks there.
NO_BREAK = "\u00a0\u202f\u2007\u2060"


def keep_amounts_whole() -> None:
    """Make the word wrap break lines at ordinary blanks only.

    Amounts are written with no-break spaces (``1 700,00 €``), but the wrap Textual uses
    (Rich's ``divide_line``) takes any Unicode blank for a place to break, and split
    ``total -1`` from ``700,00 €``. One pattern of ``rich._wrap``, pinned by
    tests/tui/test_narrow_screens.py.
    """
    from rich import _wrap

    blank = rf"[^\S{NO_BREAK}]"
    _wrap.re_word = re.compile(rf"{blank}*(?:\S|[{NO_BREAK}])+{blank}*")
