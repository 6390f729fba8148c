"""Documents rendered from their data dict: Typst templates to PDF/A-3b or PNG, and
``string.Template`` Markdown templates (issue 15; the shape of the dict: doc_schema.md).

The data reaches a Typst template ONLY as ``sys.inputs.data``, a JSON string the template
parses: nothing from the vault is pasted into template source, so a title such as
``#panic()`` is printed as written. Typst gets its shipped fonts only (no system fonts), so
the same data and timestamp give the same bytes on every machine.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import typst

from homeops.rules.text import shown
from homeops.services import doc_sandbox
from homeops.services.doc_glyphs import quoted_chars, unprintable
from homeops.services.doc_markdown import MarkdownTemplateError, markdown_of
from homeops.services.doc_words import DEFAULT_WORDS

#: The shipped templates (package data).
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Each document kind's template name: a credit note is rendered by the invoice's template.
_TEMPLATE_NAMES = {
    "contract": "contract",
    "onboarding": "onboarding",
    "invoice": "invoice",
    "credit-note": "invoice",
}
_FORMATS = ("typ", "md")
# Where Typst's diagnostic places the first error: " ┌─ path:line:column".
_WHERE = re.compile(r"┌─ [^\n]*?:(\d+):\d+")
#: Longest error line quoted from Typst, in characters.
_ERROR_MAX = 160


class TemplateError(ValueError):
    """A template cannot be rendered (a broken override): one line naming the file."""


def template_path(kind: str, fmt: str, override_dir: Path | None) -> Path:
    """``override_dir/<kind>.<fmt>`` if that file exists, else the shipped template.

    ``fmt`` is ``"typ"`` (PDF and PNG) or ``"md"``.
    """
    if kind not in _TEMPLATE_NAMES:
        raise ValueError(f"unknown document kind {kind!r}")
    if fmt not in _FORMATS:
        raise ValueError(f"unknown template format {fmt!r}: typ or md")
    name = f"{_TEMPLATE_NAMES[kind]}.{fmt}"
    if override_dir is not None and (override_dir / name).is_file():
        return override_dir / name
    return TEMPLATES / name


def with_words(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` with every template word: the dict's own words first, the defaults after."""
    lang = data.get("lang", "en")
    defaults = DEFAULT_WORDS.get(lang, DEFAULT_WORDS["en"])
    return {**data, "words": {**defaults, **(data.get("words") or {})}}


# One compiler per template folder, kept for the process: a later render reuses its parsed
# fonts and sources. Typst's compiler is not documented thread-safe, hence the lock.
_COMPILERS: dict[Path, typst.Compiler] = {}
_LOCK = threading.Lock()


def _compiler(root: Path) -> typst.Compiler:
    compiler = _COMPILERS.get(root)
    if compiler is None:
        compiler = typst.Compiler(root=str(root), font_paths=[], ignore_system_fonts=True)
        _COMPILERS[root] = compiler
    return compiler


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _first_line(error: typst.TypstError, data: Mapping[str, Any]) -> str:
    """Typst's first error line with every data string cut out (an override's ``panic`` may
    quote the data), visible and bounded."""
    text = str(getattr(error, "message", "") or error).strip()
    line = text.splitlines()[0] if text else "the template does not compile"
    for value in sorted(set(_strings(data)), key=len, reverse=True):
        if len(value) >= 3 and value in line:
            line = line.replace(value, "…")
    line = shown(line)
    line = line if len(line) <= _ERROR_MAX else line[: _ERROR_MAX - 1] + "…"
    where = _WHERE.search(str(getattr(error, "diagnostic", "")))
    return f"line {where[1]}: {line}" if where else line


def _visible(value: Any, missing: frozenset[str] = frozenset()) -> Any:
    """``value`` with control characters shown as text (``\\x1b``) and the characters no
    shipped font has replaced by "?" (PDF/A refuses a glyph it cannot embed)."""
    if isinstance(value, str):
        text = shown(value, lines=True)
        return "".join("?" if c in missing else c for c in text) if missing else text
    if isinstance(value, Mapping):
        return {k: _visible(v, missing) for k, v in value.items()}
    if isinstance(value, list):
        return [_visible(v, missing) for v in value]
    return value


# Typst's PDF/A error for a character none of the fonts has: its text in a Typst string.
_UNDISPLAYABLE = re.compile(r'the text `"(.*)"` could not be displayed')
#: Most rounds of replacing undisplayable characters before giving up.
_DISPLAY_ROUNDS = 12


def _undisplayable(error: typst.TypstError) -> set[str]:
    found = _UNDISPLAYABLE.search(str(getattr(error, "message", "") or error))
    if found is None:
        return set()
    return quoted_chars(found[1])


def _compile(
    kind: str,
    data: Mapping[str, Any],
    override_dir: Path | None,
    *,
    png_ppi: int = 0,
    timestamp: int = 0,
) -> bytes:
    """The PDF/A-3b (or, with ``png_ppi``, the first page as PNG, drawn from the same
    data: a character PDF/A finds no glyph for is "?" in both)."""
    path = template_path(kind, "typ", override_dir)
    if path.parent != TEMPLATES and not doc_sandbox.in_child():  # untrusted: a child process
        try:
            return doc_sandbox.compile_override(
                kind, data, path, png_ppi=png_ppi, timestamp=timestamp
            )
        except doc_sandbox.SandboxError as error:
            raise TemplateError(str(error)) from None
    full = with_words(data)
    missing: set[str] = set(unprintable(full))  # known up front: one compile, not one a glyph
    out: Any = None
    with _LOCK:
        compiler = _compiler(path.parent)
        for _ in range(_DISPLAY_ROUNDS):
            inputs = {"data": json.dumps(_visible(full, frozenset(missing)), ensure_ascii=False)}
            try:
                out = compiler.compile(
                    input=str(path), sys_inputs=inputs, root=str(path.parent), format="pdf",
                    pdf_standards="a-3b", timestamp=timestamp,
                )  # fmt: skip
                if png_ppi:
                    out = compiler.compile(
                        input=str(path), sys_inputs=inputs, root=str(path.parent),
                        format="png", ppi=png_ppi,
                    )  # fmt: skip
                break
            except typst.TypstError as error:
                more = _undisplayable(error) - missing
                if not more:
                    raise TemplateError(f"{path}: {_first_line(error, full)}") from None
                missing |= more
        else:
            raise TemplateError(f"{path}: too many characters no font can display")
    if isinstance(out, list):  # PNG of a document of several pages: one image a page
        out = out[0]
    if not isinstance(out, bytes):
        raise TemplateError(f"{path}: Typst gave no output")
    return out


def render_pdf(
    kind: str, data: Mapping[str, Any], *, override_dir: Path | None = None, timestamp: int
) -> bytes:
    """The document as PDF/A-3b; ``timestamp`` (Unix seconds) is its creation date, so the
    same data and timestamp give the same bytes."""
    return _compile(kind, data, override_dir, timestamp=timestamp)


def render_png(
    kind: str, data: Mapping[str, Any], *, override_dir: Path | None = None, ppi: int = 110
) -> bytes:
    """The document's first page as a PNG, ``ppi`` pixels per inch."""
    return _compile(kind, data, override_dir, png_ppi=ppi)


def render_markdown(kind: str, data: Mapping[str, Any], *, override_dir: Path | None = None) -> str:
    """The document as Markdown: every value escaped as literal text, lists and tables built
    here. A broken override (unknown ``$name``, a lone ``$``) is a TemplateError."""
    path = template_path(kind, "md", override_dir)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = "not UTF-8" if isinstance(error, UnicodeDecodeError) else "cannot be read"
        raise TemplateError(f"{path}: {reason}") from None
    try:
        return markdown_of(source, with_words(data))
    except MarkdownTemplateError as error:
        raise TemplateError(f"{path}: {error}") from None


# The page tree's dictionary in a PDF Typst writes (no object streams): "/Type/Pages/Count 1".
_PAGES = re.compile(rb"<<(?:(?!>>).)*?/Type\s*/Pages\b(?:(?!>>).)*?>>", re.S)
_COUNT = re.compile(rb"/Count\s+(\d+)")


def page_count(pdf: bytes) -> int:
    """The pages of a PDF ``render_pdf`` made (its page tree's /Count); 0 if not found."""
    tree = _PAGES.search(pdf)
    count = _COUNT.search(tree[0]) if tree else None
    return int(count[1]) if count else 0


def overflow_warning(kind: str, data: Mapping[str, Any], pdf: bytes) -> str | None:
    """A contract is one page (the client reads and signs it whole): one line when it runs
    longer, naming the mission and what to shorten; None otherwise."""
    pages = page_count(pdf)
    if kind != "contract" or pages <= 1:
        return None
    ref = (data.get("mission") or {}).get("ref", "the mission")
    return (
        f"{ref}: the contract runs to {pages} pages: shorten its deliverables, criteria or "
        "assumptions to keep it on one"
    )
