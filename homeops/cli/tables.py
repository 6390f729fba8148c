"""The command line's listings: a header row, columns sized to their content in terminal
cells, titles shortened at their end, every cell through ``shown``.

The console measures with Rich, as Rich draws (``homeops.tui.text``); the command line does
not load Rich (its start-up stays short), so it measures here with ``unicodedata``.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from homeops.rules.text import shown


@dataclass(frozen=True)
class Column:
    """One column of a listing: its header, right-aligned (numbers, money) or not, and
    whether it may be shortened at its end (a title, a description) when the table is wider
    than the terminal. Aliases, dates and amounts are never shortened."""

    header: str
    right: bool = False
    shrink: bool = False


SHRINK_LEAST = 10  # cells: a shortened column keeps at least this much of its text
_GAP = "  "


def _char_cells(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0  # accents, joiners, variation selectors: drawn on the cell before
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes: a CJK character or an emoji takes two."""
    if text.isascii():
        return len(text)
    return sum(_char_cells(char) for char in text)


def _regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"  # half of a flag


def shorten(text: str, most: int) -> str:
    """``text`` in at most ``most`` cells: cut at its end with "…" if it is longer, never
    through a wide character, a flag or a letter's accent."""
    if cells(text) <= most:
        return text
    kept, used = [], 0
    for char in text:
        width = _char_cells(char)
        if used + width > most - 1:
            break
        kept.append(char)
        used += width
    flags = 0
    for char in reversed(kept):
        if not _regional(char):
            break
        flags += 1
    if flags % 2:  # half a flag left at the end: drop it
        kept.pop()
    while kept and unicodedata.category(kept[-1]) == "Cf":  # a joiner with nothing after it
        kept.pop()
    return "".join(kept).rstrip() + "…"


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - cells(text))
    return space + text if right else text + space


def table_lines(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """A header row, then ``rows``, each column as wide as its widest cell (in terminal
    cells); when the whole is wider than ``width``, the shrinkable columns are shortened,
    the widest first, down to ``SHRINK_LEAST``. Every cell goes through ``shown``."""
    table = [[shown(c.header) for c in columns]] + [[shown(v) for v in row] for row in rows]
    widths = [max(cells(row[i]) for row in table) for i in range(len(columns))]
    over = sum(widths) + len(_GAP) * (len(columns) - 1) - width
    while over > 0:
        shrinkable = [i for i, c in enumerate(columns) if c.shrink and widths[i] > SHRINK_LEAST]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        others = [widths[i] for i in shrinkable if i != widest]
        step = min(over, widths[widest] - max([SHRINK_LEAST, *others]) or 1)
        widths[widest] -= step
        over -= step
    lines = []
    for row in table:
        cut = [
            shorten(v, w) if c.shrink else v for v, w, c in zip(row, widths, columns, strict=True)
        ]
        padded = [_pad(t, w, c.right) for t, w, c in zip(cut, widths, columns, strict=True)]
        lines.append(_GAP.join(padded).rstrip())
    return lines


def print_table(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> None:
    """Every listing of the command line prints through here (``table_lines``), fitted to
    the terminal it is printed on, or to 80 columns when the output is not a terminal."""
    for line in table_lines(columns, rows, _output_width()):
        print(line)


def _output_width() -> int:
    # Standard output itself, not shutil's guess from the process's first stdout: a pipe or
    # a test's capture gets the same 80 columns wherever it runs.
    out = sys.stdout
    asked = getattr(out, "columns", 0)  # a command served beside the console: its terminal's
    if isinstance(asked, int) and asked > 0:
        return max(40, asked)
    if out.isatty():
        try:
            return max(40, os.get_terminal_size(out.fileno()).columns)
        except (OSError, ValueError):
            pass
    return 80
