"""bench.bandwidth's reading of the bytes: the escape sequences, and what an update is made
of and where on the 80x24 screen it wrote (replayed on a grid)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rich.cells import get_character_cell_size

from bench.harness import COLS, ROWS

TOKEN = re.compile(
    rb"(?P<csi>\x1b\[[0-?]*[ -/]*[@-~])"
    rb"|(?P<osc>\x1b\][^\x07\x1b]*(?:\x07|\x1b\\))"
    rb"|(?P<str>\x1b[P^_][^\x1b]*\x1b\\)"
    rb"|(?P<esc>\x1b[ -/]*[0-~])"
    rb"|(?P<ctl>[\x00-\x1a\x1c-\x1f\x7f])"
    rb"|(?P<text>[^\x00-\x1f\x7f]+)"
    rb"|(?P<lone>\x1b)"
)
ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]")


def plain(data: bytes) -> str:
    """The text in ``data`` without escape sequences (for markers)."""
    return ANSI.sub(b"", data).decode("utf-8", "replace")


@dataclass
class Anatomy:
    """What an update is made of, and where on the screen it wrote."""

    total: int = 0
    cursor: int = 0  # bytes of cursor positioning (CUP, CUU/CUD/CUF/CUB, CHA, VPA, \r \n)
    sgr: int = 0  # bytes of colour / style codes
    text: int = 0  # bytes of printed text (UTF-8)
    other: int = 0  # other escapes: modes, synchronized output, erases, OSC...
    cursor_moves: int = 0
    sgr_codes: int = 0
    frames: int = 0  # synchronized-output frames (ESC[?2026h)
    erases: int = 0  # ESC[K / ESC[J
    rows: int = 0  # screen rows written to
    cells: int = 0  # screen cells written to (printed or erased), out of COLS * ROWS
    damage: list[str] = field(default_factory=list)  # one string per row, '#' = written
    row_bytes: list[int] = field(default_factory=list)  # bytes sent while on each row


def anatomy(data: bytes, cols: int = COLS, rows: int = ROWS) -> Anatomy:
    """Take ``data`` apart and replay its cursor moves and text on a ``cols`` x ``rows`` grid."""
    result = Anatomy(total=len(data))
    grid = [[False] * cols for _ in range(rows)]
    row_bytes = [0] * rows
    x = y = 0

    def mark(row: int, start: int, end: int) -> None:
        if 0 <= row < rows:
            for col in range(max(0, start), min(cols, end)):
                grid[row][col] = True

    for match in TOKEN.finditer(data):
        kind = match.lastgroup
        chunk = match.group()
        row_bytes[y] += len(chunk)  # a cursor move counts for the row it leaves
        if kind == "csi":
            final = chr(chunk[-1])
            params = chunk[2:-1].decode("ascii", "replace")
            private = params.startswith(("?", ">", "<", "="))
            nums = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
            first = nums[0] if nums and nums[0] else 1
            if final == "m" and not private:
                result.sgr += len(chunk)
                result.sgr_codes += 1
            elif final in "HfABCDGd" and not private:
                result.cursor += len(chunk)
                result.cursor_moves += 1
                if final in "Hf":
                    y = (nums[0] if nums and nums[0] else 1) - 1
                    x = (nums[1] if len(nums) > 1 and nums[1] else 1) - 1
                elif final == "A":
                    y -= first
                elif final == "B":
                    y += first
                elif final == "C":
                    x += first
                elif final == "D":
                    x -= first
                elif final == "G":
                    x = first - 1
                else:
                    y = first - 1
                x, y = max(0, min(cols - 1, x)), max(0, min(rows - 1, y))
            else:
                result.other += len(chunk)
                if params == "?2026" and final == "h":
                    result.frames += 1
                if final in "KJ" and not private:
                    result.erases += 1
                    mode = nums[0] if nums else 0
                    if final == "K":
                        mark(y, x if mode == 0 else 0, cols if mode != 1 else x + 1)
                    elif mode == 2:
                        for row in range(rows):
                            mark(row, 0, cols)
        elif kind == "ctl":
            if chunk == b"\r":
                result.cursor += 1
                x = 0
            elif chunk == b"\n":
                result.cursor += 1
                y = min(rows - 1, y + 1)
            elif chunk == b"\b":
                result.cursor += 1
                x = max(0, x - 1)
            else:
                result.other += len(chunk)
        elif kind == "text":
            result.text += len(chunk)
            for char in chunk.decode("utf-8", "replace"):
                width = get_character_cell_size(char)
                mark(y, x, x + width)
                x = min(cols - 1, x + width) if x + width < cols else cols - 1
        else:
            result.other += len(chunk)
    result.rows = sum(any(row) for row in grid)
    result.cells = sum(sum(row) for row in grid)
    result.damage = ["".join("#" if cell else "." for cell in row) for row in grid]
    result.row_bytes = row_bytes
    return result
