"""What a terminal shows after the bytes a console wrote (for the pty tests): the console
writes only the cells that change (tui/terminal_output.ScreenMemory), so a text on screen
need not be in the bytes in one piece. Reads cursor moves, line feeds, returns and text;
other escapes paint nothing here."""

from __future__ import annotations

import codecs
import re

_TOKEN = re.compile(
    r"\x1b\[([0-9]*);([0-9]*)H|\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[ -/]*[0-~]|([\n\r])|[\x00-\x1f\x7f]"
)


class Screen:
    def __init__(self, rows: int, columns: int) -> None:
        self.rows, self.columns = rows, columns
        self.grid = [[" "] * columns for _ in range(rows)]
        self.row = self.column = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._rest = ""

    def feed(self, data: bytes) -> None:
        text = self._rest + self._decoder.decode(data)
        cut = text.rfind("\x1b")  # an escape cut in two waits for its end
        if cut >= 0 and cut > len(text) - 64 and not _TOKEN.match(text, cut):
            text, self._rest = text[:cut], text[cut:]
        else:
            self._rest = ""
        position = 0
        for match in _TOKEN.finditer(text):
            self._put(text[position : match.start()])
            position = match.end()
            if match.group(1) is not None:
                self.row = min(int(match.group(1) or 1), self.rows) - 1
                self.column = min(int(match.group(2) or 1), self.columns) - 1
            elif match.group(3) == "\n":
                if self.row == self.rows - 1:
                    self.grid = [*self.grid[1:], [" "] * self.columns]
                self.row = min(self.row + 1, self.rows - 1)
            elif match.group(3) == "\r":
                self.column = 0
        self._put(text[position:])

    def _put(self, text: str) -> None:
        for char in text:
            if self.column < self.columns:
                self.grid[self.row][self.column] = char
            self.column += 1

    def text(self) -> str:
        return "\n".join("".join(row) for row in self.grid)
