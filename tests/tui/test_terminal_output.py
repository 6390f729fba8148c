"""compact_sgr (issue 18 point 5): the same characters reach the same cells in the same
style, with fewer bytes. Each frame is replayed by a small terminal model written here (its
own reading of the style codes), before and after."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import ColorSystem
from rich.style import Style
from textual.strip import Strip

from homeops.tui.terminal_output import compact_sgr

FLAGS = {"1": "bold", "2": "dim", "3": "italic", "4": "underline", "5": "blink",
         "7": "reverse", "8": "conceal", "9": "strike", "53": "overline"}  # fmt: skip
OFF = {"22": ("bold", "dim"), "23": ("italic",), "24": ("underline",), "25": ("blink",),
       "27": ("reverse",), "28": ("conceal",), "29": ("strike",), "55": ("overline",)}  # fmt: skip


def style_after(state: dict[str, str], params: str) -> dict[str, str]:
    codes = params.split(";") if params else ["0"]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c in ("", "0"):
            state = {}
        elif c in FLAGS:
            state[FLAGS[c]] = "on"
        elif c in OFF:
            for flag in OFF[c]:
                state.pop(flag, None)
        elif c in ("39", "49", "59"):
            state.pop({"39": "fg", "49": "bg", "59": "ul"}[c], None)
        elif c in ("38", "48", "58"):
            n = 3 if codes[i + 1] == "5" else 5
            state[{"38": "fg", "48": "bg", "58": "ul"}[c]] = ":".join(codes[i + 1 : i + n])
            i += n - 1
        elif 30 <= int(c) <= 37 or 90 <= int(c) <= 97:
            state["fg"] = "basic:" + c
        elif 40 <= int(c) <= 47 or 100 <= int(c) <= 107:
            state["bg"] = "basic:" + c
        else:
            raise AssertionError(f"the model does not know {c}")
        i += 1
    return state


ESCAPE = re.compile(r"\x1b\[([0-9;]*)m|(\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-9;?]*[A-Za-z])")


def replay(data: str) -> list[tuple[str, str]]:
    """What the terminal does, in order: each character with its style, each other escape."""
    done: list[tuple[str, str]] = []
    state: dict[str, str] = {}
    position = 0
    for match in ESCAPE.finditer(data):
        for char in data[position : match.start()]:
            done.append((char, repr(sorted(state.items()))))
        position = match.end()
        if match.group(1) is not None:
            state = style_after(dict(state), match.group(1))
        else:
            done.append(("escape", match.group(2)))
    for char in data[position:]:
        done.append((char, repr(sorted(state.items()))))
    done.append(("end", repr(sorted(state.items()))))
    return done


def frame(runs: list[tuple[Style | None, str]], moves: list[int]) -> str:
    """A frame as Textual writes it: each run of text rendered by Strip.render_style."""
    parts = []
    for index, (style, text) in enumerate(runs):
        if index in moves:
            parts.append(f"\x1b[{index % 24 + 1};{index % 80 + 1}H")
        rendered = Strip.render_style(style, text, ColorSystem.EIGHT_BIT) if style else text
        parts.append(rendered)
    return "".join(parts)


colours = st.one_of(
    st.none(), st.sampled_from(["red", "bright_blue", "color(17)", "color(233)", "#ff8800"])
)
styles = st.builds(
    Style,
    color=colours,
    bgcolor=colours,
    bold=st.sampled_from([None, True]),
    dim=st.sampled_from([None, True]),
    italic=st.sampled_from([None, True]),
    underline=st.sampled_from([None, True]),
    reverse=st.sampled_from([None, True]),
    strike=st.sampled_from([None, True]),
    link=st.sampled_from([None, "https://example.org"]),
)
runs = st.lists(
    st.tuples(st.one_of(st.none(), styles), st.sampled_from(["a", "  ", "Board", "─", "·\r\n"])),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(runs=runs, moves=st.lists(st.integers(0, 30), max_size=8))
def test_a_compacted_frame_paints_the_same(
    runs: list[tuple[Style | None, str]], moves: list[int]
) -> None:
    data = frame(runs, moves)
    compact = compact_sgr(data)
    assert replay(compact) == replay(data)
    assert len(compact) <= len(data)


def test_runs_of_one_style_set_it_once() -> None:
    blue = Style(color="color(253)", bgcolor="color(17)")
    data = frame([(blue, "1"), (blue, " Board "), (blue, "2")], [])
    assert compact_sgr(data) == "\x1b[38;5;253;48;5;17m1 Board 2\x1b[0m"


def test_a_change_of_one_colour_says_only_that() -> None:
    grey, dim_grey = Style(color="color(253)", bgcolor="color(233)"), Style(bgcolor="color(233)")
    data = frame([(grey, "Mon"), (Style(color="color(246)", bgcolor="color(233)"), "  ·")], [])
    assert compact_sgr(data) == "\x1b[38;5;253;48;5;233mMon\x1b[38;5;246m  ·\x1b[0m"
    data = frame([(grey, "Mon"), (dim_grey, " ")], [])
    assert compact_sgr(data) == "\x1b[38;5;253;48;5;233mMon\x1b[39m \x1b[0m"


def test_a_cursor_move_between_runs_does_not_reset_the_style() -> None:
    blue = Style(bgcolor="color(17)")
    data = "\x1b[48;5;17m \x1b[0m\x1b[1;20H\x1b[48;5;17m \x1b[0m"
    assert data == frame([(blue, " "), (blue, " ")], [1]).replace("\x1b[2;2H", "\x1b[1;20H")
    assert compact_sgr(data) == "\x1b[48;5;17m \x1b[1;20H \x1b[0m"


def test_what_it_cannot_read_goes_through_as_it_was() -> None:
    data = "\x1b[1mA\x1b[0m\x1b[4:3mB\x1b[0m\x1b[?25l"  # a curly underline; cursor hidden
    assert replay_text(compact_sgr(data)) == "AB"
    assert "\x1b[4:3m" in compact_sgr(data) and compact_sgr(data).endswith("\x1b[?25l")
    assert compact_sgr("\x1b[?1049h\x1b[?25l") == "\x1b[?1049h\x1b[?25l"  # no frame: as is


def replay_text(data: str) -> str:
    return re.sub(r"\x1b\[[0-9;:?]*[A-Za-z]", "", data)
