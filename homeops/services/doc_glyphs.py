"""The characters no font of the documents has (issue 15, review r15a #6).

The PDF is PDF/A-3b: a character none of Typst's shipped fonts has a glyph for cannot be
embedded, so doc_render prints it as "?". The Factur-X XML keeps the text as typed, so the
two halves of one invoice would disagree without a word: ``unprinted_warning`` names the
fields and how many characters of each print as "?", for ``Written.warning``.

The characters are found once, up front, by compiling them alone in a tiny PDF/A document
(a few milliseconds; each answer is kept for the process). Knowing them all before the
document's own compile also spares it a failed compile for each character, and an emoji
sequence joined by U+200D (whose error names only its first character) no longer stops the
document.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from typing import Any

from homeops.rules.text import shown

# A document setting the shipped templates' fonts; the text comes only as sys.inputs.
_PROBE = (
    b'#set text(font: ("Libertinus Serif", "DejaVu Sans Mono"))\n'
    b"#set page(width: auto, height: auto, margin: 1pt)\n"
    b"#sys.inputs.text"
)
# Typst's PDF/A error for text no font has, once per text run in its diagnostic.
_UNDISPLAYABLE = re.compile(r'the text `"(.*?)"` could not be displayed')
_TYPST_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}|\\(.)")
#: Most compiles of one probe (each names every run it could not display).
_ROUNDS = 8
#: Most fields a warning names; the others are counted.
_FIELDS_SAID = 3

_KNOWN: dict[str, bool] = {}  # character -> printable, for this process
_LOCK = threading.Lock()
_compiler: Any = None


def _texts(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every text of the data with its place (``("client", "name")``, ``("lines", "#1",
    "text")``); the words are ours, not data."""
    if isinstance(value, str):
        yield path, shown(value, lines=True)  # as doc_render hands it to Typst
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if not path and key == "words":
                continue
            yield from _texts(item, (*path, str(key)))
    elif isinstance(value, list):
        for number, item in enumerate(value, 1):
            yield from _texts(item, (*path, f"#{number}"))


def quoted_chars(quoted: str) -> set[str]:
    """The non-ASCII characters of a text as Typst quotes it in an error (``\\u{1f600}``,
    ``\\"`` unescaped)."""
    text = _TYPST_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], quoted)
    return {c for c in text if not c.isascii()}


def _named(error: Exception) -> set[str]:
    """The non-ASCII characters of every run Typst says it could not display."""
    said = str(getattr(error, "diagnostic", "") or "") + "\n" + str(error)
    found: set[str] = set()
    for text in _UNDISPLAYABLE.findall(said):
        found |= quoted_chars(text)
    return found


def _probe(chars: set[str]) -> tuple[set[str], bool]:
    """Which of ``chars`` no shipped font has: each alone between spaces, the ones named
    replaced by "?" until the document compiles; and whether it did (else the others are
    not known)."""
    global _compiler
    import typst

    if _compiler is None:
        _compiler = typst.Compiler(font_paths=[], ignore_system_fonts=True)
    missing: set[str] = set()
    ordered = sorted(chars)
    for _ in range(_ROUNDS):
        text = " ".join("?" if c in missing else c for c in ordered)
        try:
            _compiler.compile(input=_PROBE, sys_inputs={"text": text}, format="pdf",
                              pdf_standards="a-3b")  # fmt: skip
        except typst.TypstError as error:
            more = _named(error) - missing
            if not more:
                break  # not a glyph problem: doc_render's own loop tells the rest
            missing |= more
        else:
            return missing, True
    return missing, False


def unprintable(data: Mapping[str, Any]) -> frozenset[str]:
    """The characters of ``data``'s texts that no font of the documents has."""
    chars = {c for _, text in _texts(data) for c in text if not c.isascii()}
    with _LOCK:
        unknown = {c for c in chars if c not in _KNOWN}
        if unknown:
            missing, complete = _probe(unknown)
            for c in unknown if complete else missing:
                _KNOWN[c] = c not in missing
        return frozenset(c for c in chars if not _KNOWN.get(c, True))


def unprinted_warning(data: Mapping[str, Any]) -> str | None:
    """One line naming the fields of ``data`` with characters that print as "?" and how
    many (``client name: 3 characters no font of the documents has print as ?``); None when
    every character prints. A field holding the same text as one already named (the billed
    name that is the client's name) is not named again. No value is quoted."""
    missing = unprintable(data)
    if not missing:
        return None
    counts: list[tuple[str, int]] = []
    seen: set[str] = set()
    for path, text in _texts(data):
        count = sum(1 for c in text if c in missing)
        if count and text not in seen:
            seen.add(text)
            counts.append((" ".join(path).replace("_", " "), count))
    if not counts:
        return None
    said = [f"{name}: {n} character{'s' if n > 1 else ''}" for name, n in counts[:_FIELDS_SAID]]
    if len(counts) > _FIELDS_SAID:
        more = len(counts) - _FIELDS_SAID
        said.append(f"{more} more field{'s' if more > 1 else ''}")
    total = sum(n for _, n in counts)
    verb = "prints" if total == 1 else "print"
    return f"{', '.join(said)} no font of the documents has {verb} as ?"
