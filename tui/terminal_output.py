"""Fewer bytes to the terminal for the same screen (issue 18 point 5: a slow SSH link).

Textual writes every run of text as ``ESC[<style>m text ESC[0m``: each run sets its whole
style and resets it, even when the next run has the same style or differs by one colour.
Half of a view switch's bytes were these codes. ``compact_sgr`` rewrites a frame so that the
terminal's style changes only where the text's style changes, and only by what changes: the
same characters reach the same cells in the same style (tests/tui/test_terminal_output.py
replays both). Cursor moves need no style, so a reset before one waits for the next text.
What it does not know (a code it cannot read, a link, any other escape) it passes on as is,
after setting the style the text so far expects. ``ScreenMemory`` then leaves out the cells
the terminal already shows as the frame paints them (tests/tui/test_bytes_screen.py).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from rich.cells import cell_len

if TYPE_CHECKING:
    from textual.driver import Driver

# One SGR (style) sequence, or a cursor move to row;column, or any other escape or control.
_TOKEN = re.compile(
    r"\x1b\[([0-9;]*)m"  # 1: SGR parameters
    r"|(\x1b\[[0-9]*;[0-9]*H)"  # 2: cursor position
    r"|(\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b.?|[\x00-\x1f\x7f])"  # 3
)

_ON = {"1": "bold", "2": "dim", "3": "italic", "4": "underline", "5": "blink", "7": "reverse",
       "8": "conceal", "9": "strike", "53": "overline"}  # fmt: skip
_OFF = {"22": ("bold", "dim"), "23": ("italic",), "24": ("underline",), "25": ("blink",),
        "27": ("reverse",), "28": ("conceal",), "29": ("strike",), "55": ("overline",)}  # fmt: skip
_OFF_CODE = {flag: code for code, flags in _OFF.items() for flag in flags}
_COLOUR = {"38": "fg", "48": "bg", "58": "ul"}
_DEFAULT = {"39": "fg", "49": "bg", "59": "ul"}

Style = dict[str, str]  # flag -> "" or fg/bg/ul -> its parameters ("38;5;74")


def _apply(style: Style, params: str) -> Style | None:
    """The style after ``ESC[params m`` from ``style``; None if a parameter is not known."""
    codes = params.split(";") if params else ["0"]
    new = dict(style)
    at = 0
    while at < len(codes):
        code = codes[at]
        if code in ("0", ""):
            new = {}
        elif code in _ON:
            new[_ON[code]] = ""
        elif code in _OFF:
            for flag in _OFF[code]:
                new.pop(flag, None)
        elif code in _DEFAULT:
            new.pop(_DEFAULT[code], None)
        elif code.isdigit() and (30 <= int(code) <= 37 or 90 <= int(code) <= 97):
            new["fg"] = code
        elif code.isdigit() and (40 <= int(code) <= 47 or 100 <= int(code) <= 107):
            new["bg"] = code
        elif code in _COLOUR and at + 1 < len(codes) and codes[at + 1] in ("5", "2"):
            size = 3 if codes[at + 1] == "5" else 5
            if at + size > len(codes) or not all(c.isdigit() for c in codes[at + 1 : at + size]):
                return None
            new[_COLOUR[code]] = ";".join(codes[at : at + size])
            at += size - 1
        else:
            return None
        at += 1
    return new


def _codes(style: Style) -> list[str]:
    flags = [code for code, flag in _ON.items() if flag in style]
    return flags + [style[key] for key in ("fg", "bg", "ul") if key in style]


def _change(have: Style, want: Style) -> str:
    """The shortest SGR sequence that takes the terminal from ``have`` to ``want``."""
    if not want:
        return "\x1b[0m"
    full = "\x1b[" + ";".join(["0", *_codes(want)]) + "m"
    off = {_OFF_CODE[flag] for flag in have if flag in _OFF_CODE and flag not in want}
    codes = sorted(off)
    for flag, code in ((flag, code) for code, flag in _ON.items()):
        if flag in want and (flag not in have or ("22" in off and flag in ("bold", "dim"))):
            codes.append(code)
    for key, default in (("fg", "39"), ("bg", "49"), ("ul", "59")):
        if want.get(key) != have.get(key):
            codes.append(want.get(key, default))
    delta = "\x1b[" + ";".join(codes) + "m"
    return delta if len(delta) < len(full) else full


def compact_sgr(data: str) -> str:
    """``data`` with the same effect on the screen and fewer style codes."""
    if "\x1b[0m" not in data:
        return data  # not a frame of styled text (a mode switch, a bell...): as it is
    out: list[str] = []
    have: Style | None = {}  # the terminal's style, as far as this frame knows (None: unknown)
    want: Style | None = {}  # the style the text expects next
    # Textual starts each frame from the default style (a frame ends with ESC[0m).
    position = 0

    def settle() -> None:
        nonlocal have
        if want is not None and have != want:
            out.append(_change(have or {}, want) if have is not None else _full(want))
            have = dict(want)

    for match in _TOKEN.finditer(data):
        text = data[position : match.start()]
        if text:
            settle()
            out.append(text)
        position = match.end()
        params, move, other = match.group(1), match.group(2), match.group(3)
        if params is not None:
            after = _apply(want, params) if want is not None else None
            if after is None and want is None and (not params or params.split(";")[0] == "0"):
                after = _apply({}, params)
            if after is None:  # not understood: say it as it was, from a known state
                settle()
                out.append(match.group(0))
                have = want = None
            else:
                want = after
        elif move is not None:
            out.append(move)  # a cursor move paints nothing: the style can wait
        else:
            settle()
            out.append(other)
            if other.startswith("\x1b[") and other.endswith("m"):  # a style it cannot read
                have = want = None
    rest = data[position:]
    if rest:
        settle()
        out.append(rest)
    settle()
    return "".join(out)


def _full(style: Style) -> str:
    return "\x1b[" + ";".join(["0", *_codes(style)]) + "m"


@functools.cache
def compacting(driver: type[Driver]) -> type[Driver]:
    """``driver`` writing each frame through ``compact_sgr`` (the app's own driver class)."""

    class Compacting(driver):  # type: ignore[valid-type,misc]
        _screen_memory: ScreenMemory | None = None

        def write(self, data: str) -> None:
            memory = self._screen_memory
            if memory is None:
                memory = self._screen_memory = ScreenMemory()
            size = getattr(self._app, "size", None)
            if size != memory.size:  # a new size: the terminal may have moved or cut text
                memory.forget()
                memory.size = size
            super().write(memory.skip_known(data))

    Compacting.__name__ = Compacting.__qualname__ = f"Compacting{driver.__name__}"
    return Compacting


# -- cells the terminal shows already -------------------------------------------------------

_NEUTRAL = frozenset({"\x1b[?25l", "\x1b[?25h", "\x1b[?2026h", "\x1b[?2026l"})  # paint nothing
_MOVE = re.compile(r"\x1b\[([0-9]*);([0-9]*)H")
Cell = tuple[str, tuple[tuple[str, str], ...]]  # the character and its style


class _Unknown(Exception):
    """A frame this module cannot follow cell by cell: it goes out as Textual wrote it."""


_NOT_ONE_CELL = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Mn", "Mc", "Me"})


def _one_cell(char: str) -> bool:
    if char.isascii():
        return char.isprintable()
    return unicodedata.category(char) not in _NOT_ONE_CELL and cell_len(char) == 1


class ScreenMemory:
    """What the terminal shows, cell by cell, as far as the frames written say.

    A view switch repaints every cell, yet the header, the footer, borders and blank areas
    are often the same before and after: ``skip_known`` leaves out the cells that already
    show that character in that style, and moves the cursor over them. Anything it cannot
    follow (a line feed, a wide character, a link, a mode switch, a new size) makes it
    forget the screen: that frame goes out whole and the next ones start from it.
    """

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], Cell] = {}
        self.cursor: tuple[int, int] | None = None  # where the terminal's cursor is
        self.size: object = None

    def forget(self) -> None:
        self.cells = {}
        self.cursor = None

    def skip_known(self, data: str) -> str:
        """``data`` without the cells the terminal shows already, style codes compacted."""
        try:
            out, cells, cursor = self._follow(data)
        except _Unknown:
            self.forget()
            return compact_sgr(data)
        self.cells.update(cells)
        self.cursor = cursor
        return compact_sgr(out)

    def _follow(self, data: str) -> tuple[str, dict[tuple[int, int], Cell], tuple[int, int] | None]:
        out: list[str] = []
        written: dict[tuple[int, int], Cell] = {}
        want: Style = {}  # the style Textual's text has at this point
        said: Style = {}  # the style the output has at this point
        at = self.cursor  # the terminal's cursor after the output so far
        where: tuple[int, int] | None = None  # Textual's cursor at this point
        position = 0

        def place() -> None:  # the terminal's cursor where Textual's is
            nonlocal at
            if where is not None and at != where:
                out.append(f"\x1b[{where[0] + 1};{where[1] + 1}H")
                at = where

        data += "\x1b[0m"  # the text after the last escape is followed by one
        for match in _TOKEN.finditer(data):
            text = data[position : match.start()]
            position = match.end()
            for char in text:
                if where is None or not _one_cell(char):
                    raise _Unknown
                cell = (char, tuple(sorted(want.items())))
                if self.cells.get(where) != cell or written.get(where, cell) != cell:
                    place()
                    if said != want:
                        out.append(_full(want) if want else "\x1b[0m")
                        said = dict(want)
                    out.append(char)
                    written[where] = cell
                    at = (where[0], where[1] + 1)
                where = (where[0], where[1] + 1)
            params, move, other = match.group(1), match.group(2), match.group(3)
            if params is not None:
                after = _apply(want, params)
                if after is None:
                    raise _Unknown
                want = after
            elif move is not None:
                found = _MOVE.fullmatch(move)
                assert found is not None
                where = (int(found.group(1) or 1) - 1, int(found.group(2) or 1) - 1)
            elif other in _NEUTRAL or other.startswith("\x1b]22;"):  # or a pointer shape
                place()
                out.append(other)
            elif other == "\n" and self._line_feed_moves_only(data, match.end(), where):
                pass  # Textual's line feed between lines, then a move: it paints nothing
            else:
                raise _Unknown
        place()
        if said:
            out.append("\x1b[0m")
        return "".join(out), written, at

    def _line_feed_moves_only(self, data: str, after: int, where: tuple[int, int] | None) -> bool:
        # A line feed on the bottom row scrolls the screen: only above it, and followed by
        # a move, is it nothing.
        height = getattr(self.size, "height", 0)
        return where is not None and where[0] + 1 < height and bool(_MOVE.match(data, after))
