"""ScreenMemory (issue 18 point 5): frames without the cells the terminal shows already
leave the terminal with the same screen as the frames Textual wrote. A small terminal model
written here (a grid of cells, the cursor, the style) replays both."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import ColorSystem
from rich.style import Style
from test_terminal_output import style_after
from textual.geometry import Size
from textual.strip import Strip

from homeops.tui.terminal_output import ScreenMemory

ROWS, COLUMNS = 4, 12
ESCAPE = re.compile(
    r"\x1b\[([0-9;]*)m|\x1b\[([0-9]*);([0-9]*)H|(\x1b\[\?[0-9]+[hl]|\x1b\][^\x07]*\x07)|(\n)"
)


class Terminal:
    def __init__(self) -> None:
        self.grid = [[("?", "")] * COLUMNS for _ in range(ROWS)]  # what was there before
        self.row = self.column = 0
        self.style: dict[str, str] = {}

    def feed(self, data: str) -> None:
        position = 0
        for match in ESCAPE.finditer(data + "\x1b[?0h"):
            for char in data[position : match.start()]:
                assert self.column < COLUMNS, "text beyond the right edge"
                self.grid[self.row][self.column] = (char, repr(sorted(self.style.items())))
                self.column += 1
            position = match.end()
            if match.group(1) is not None:
                self.style = style_after(dict(self.style), match.group(1))
            elif match.group(5) is not None:  # a line feed; on the bottom row, a scroll
                if self.row == ROWS - 1:
                    self.grid = [*self.grid[1:], [(" ", "")] * COLUMNS]
                self.row = min(self.row + 1, ROWS - 1)
            elif match.group(4) is None:
                self.row = int(match.group(2) or 1) - 1
                self.column = int(match.group(3) or 1) - 1


def frame(lines: list[tuple[int, int, list[tuple[Style | None, str]]]], cursor: int) -> str:
    """A frame as Textual writes it: a move to each changed run of cells, its styled text,
    then the cursor's place."""
    parts = ["\x1b[?2026h"]
    for index, (row, column, runs) in enumerate(lines):
        if index:  # Textual's LayoutUpdate puts a line feed between its lines
            parts.append("\n")
        parts.append(f"\x1b[{row + 1};{column + 1}H")
        width = COLUMNS - column
        for style, text in runs:
            text, width = text[:width], width - len(text[:width])
            if text:
                parts.append(
                    Strip.render_style(style, text, ColorSystem.EIGHT_BIT) if style else text
                )
    parts.append(f"\x1b[{cursor // COLUMNS + 1};{cursor % COLUMNS + 1}H\x1b[?2026l")
    return "".join(parts)


styles = st.one_of(
    st.none(),
    st.builds(
        Style,
        color=st.sampled_from([None, "red", "color(17)"]),
        bgcolor=st.sampled_from([None, "color(233)", "#ff8800"]),
        bold=st.sampled_from([None, True]),
        reverse=st.sampled_from([None, True]),
    ),
)
runs = st.lists(
    st.tuples(styles, st.sampled_from([" ", "ab", "─", "  x", "é", "\xa0€"])), max_size=6
)
lines = st.lists(st.tuples(st.integers(0, ROWS - 1), st.integers(0, COLUMNS - 1), runs), max_size=6)
frames = st.lists(
    st.one_of(
        st.builds(frame, lines, st.integers(0, ROWS * COLUMNS - 1)),
        st.sampled_from(["\x1b[?25l", "\x1b[?25h", "\x1b]22;default\x07"]),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(frames=frames)
def test_the_terminal_shows_what_textual_meant(frames: list[str]) -> None:
    meant, shown = Terminal(), Terminal()
    memory = ScreenMemory()
    memory.size = Size(COLUMNS, ROWS)
    for data in frames:
        meant.feed(data)
        sent = memory.skip_known(data)
        shown.feed(sent)
        assert len(sent) <= len(data) + 8  # at most one more move
        assert shown.grid == meant.grid
        assert (shown.row, shown.column) == (meant.row, meant.column)


def test_a_frame_painted_twice_sends_only_the_cursor_second_time() -> None:
    memory = ScreenMemory()
    data = frame([(0, 0, [(Style(bgcolor="color(17)"), " Board  Ledger ")])], 5)
    first = "\x1b[?2026h\x1b[1;1H\x1b[48;5;17m Board  Ledg\x1b[1;6H\x1b[?2026l\x1b[0m"
    assert memory.skip_known(data) == first
    assert memory.skip_known(data) == "\x1b[?2026h\x1b[?2026l"


def test_only_the_changed_cells_go_out() -> None:
    memory = ScreenMemory()
    memory.skip_known(frame([(1, 0, [(None, "1 Board")])], 0))
    assert memory.skip_known(frame([(1, 0, [(None, "2 Board")])], 0)) == (
        "\x1b[?2026h\x1b[2;1H2\x1b[1;1H\x1b[?2026l"
    )


def test_what_it_cannot_follow_goes_out_whole_and_is_forgotten() -> None:
    memory = ScreenMemory()
    data = frame([(0, 0, [(None, "ab")])], 0)
    memory.skip_known(data)
    wide = "\x1b[1;1Hab\x1b[2;1H日本"
    assert memory.skip_known(wide) == wide  # a wide character: as Textual wrote it
    assert "ab" in memory.skip_known(data)  # forgotten: painted again
    memory.skip_known("\x1b[?1049h")  # another screen: nothing is known
    assert "ab" in memory.skip_known(data)
