"""NO_COLOR (no-color.org): set and not empty, the console sends no colour at all.

Textual's own answer to NO_COLOR turns colours into greys, still sent as 24-bit colour codes.
This filter drops every colour and keeps the attributes (bold, underline, reverse), so what
is selected still shows.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter


def no_color_asked(environ: Mapping[str, str]) -> bool:
    """NO_COLOR set to anything but the empty string (the convention's own words)."""
    return bool(environ.get("NO_COLOR"))


class NoColour(LineFilter):
    """Every segment without its foreground and background colours."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, None if style is None else style.without_color, control)
            for text, style, control in segments
        ]
