"""Text is data, never instructions: what a text field may hold, and how text is shown.

Two walls (DESIGN.md "Data"):
- at input, ``check_line`` and ``check_text`` refuse what could drive a terminal or fake a
  line: C0 and C1 control characters, DEL, line and paragraph separators, bidi overrides and
  isolates, lone surrogates; one-line fields take none of them, multi-line fields (notes,
  briefs) take newline and tab only. Each field has a length bound.
- at output, ``shown`` turns whatever is stored (a vault written before these checks, an
  import) into visible text: ``ESC`` is shown as the four characters ``\\x1b``.
No I/O here.
"""

from __future__ import annotations

import re

#: Longest one-line field (a title, a memo, a reason, a deliverable), in characters.
LINE_MAX = 300
#: Longest name-like field (a client's name, a category, an AI tool, an offer's name).
NAME_MAX = 120
#: Longest multi-line field (notes, a brief), in characters.
TEXT_MAX = 20_000
#: Most items in a list field (deliverables, criteria, assumptions, checklist).
LIST_MAX = 100

# C0 controls, DEL, C1 controls, line/paragraph separators, bidi embeddings, overrides and
# isolates, and surrogates (a lone one cannot be written as UTF-8).
_OTHERS = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_LINE = re.compile("[\x00-\x1f" + _OTHERS + "]")
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f" + _OTHERS + "]")  # newline and tab pass
_NAMES = {"\n": "a line break", "\t": "a tab", "\r": "a carriage return", "\x1b": "an escape"}
_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _visible(char: str) -> str:
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _described(char: str) -> str:
    if "\ud800" <= char <= "\udfff":
        return "a broken character (a lone surrogate)"
    return _NAMES.get(char, f"the control character {_visible(char)}")


def shown(text: str, *, lines: bool = False) -> str:
    """``text`` safe to write to a terminal: every unsafe character as visible text.

    ``lines=True`` keeps newlines and tabs (a note shown as a block); by default they are
    shown as ``\\n`` and ``\\t`` too, so a one-line field always stays on one line.
    """
    pattern = _UNSAFE_TEXT if lines else _UNSAFE_LINE
    if pattern.search(text) is None:  # the common case: nothing to copy
        return text
    return pattern.sub(lambda m: _visible(m[0]), text)


#: How much of a typed value a message quotes, in characters (a value may be 100 KB).
QUOTE_MAX = 40


def quoted(text: str, most: int = QUOTE_MAX, *, tail: bool = False) -> str:
    """``text`` as a message quotes it: at most ``most`` characters, cut with "…" (``tail``
    keeps the end, as a path's file name is there), ``shown``, in single quotes.

    Never ``repr()``: it would escape again the backslashes ``shown`` writes (``'x\\\\x1b'``)."""
    if len(text) > most:
        text = "…" + text[len(text) - most + 1 :] if tail else text[: most - 1] + "…"
    return f"'{shown(text)}'"


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~])")


def markdown_text(text: str) -> str:
    """``text`` as literal Markdown: every character Markdown could read as syntax (a link,
    a heading, a table cell, HTML) is escaped, and unsafe characters are shown."""
    return _MARKDOWN.sub(r"\\\1", shown(text))


def line_problem(value: str, field: str, most: int = LINE_MAX) -> str | None:
    """Why ``value`` cannot be the one-line field ``field``, as one line; None when it can."""
    found = _UNSAFE_LINE.search(value)
    if found is not None:
        return f"{field} cannot hold {_described(found[0])}: keep it to one line of plain text"
    if len(value) > most:
        return f"{field} is {len(value):,} characters long; at most {most:,}"
    return None


def text_problem(value: str, field: str, most: int = TEXT_MAX) -> str | None:
    """Why ``value`` cannot be the multi-line field ``field``; newlines and tabs are fine."""
    found = _UNSAFE_TEXT.search(value)
    if found is not None:
        return f"{field} cannot hold {_described(found[0])}: only text, line breaks and tabs"
    if len(value) > most:
        return f"{field} is {len(value):,} characters long; at most {most:,}"
    return None


def check_line(value: str, field: str, most: int = LINE_MAX) -> str:
    """``value`` if it may be the one-line field ``field``; ``ValueError`` (one line) if not."""
    problem = line_problem(value, field, most)
    if problem:
        raise ValueError(problem)
    return value


def check_text(value: str, field: str, most: int = TEXT_MAX) -> str:
    """``value`` with ``\\r\\n`` made ``\\n``, if it may be the multi-line field ``field``."""
    value = value.replace("\r\n", "\n")
    problem = text_problem(value, field, most)
    if problem:
        raise ValueError(problem)
    return value


def check_lines(values: list[str], field: str, most: int = LINE_MAX) -> list[str]:
    """A list field (deliverables, criteria): at most ``LIST_MAX`` one-line items."""
    if len(values) > LIST_MAX:
        raise ValueError(f"{field} has {len(values)} items; at most {LIST_MAX}")
    return [check_line(value, field, most) for value in values]
