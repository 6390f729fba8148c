"""Markdown documents: ``string.Template`` files filled with escaped values (issue 15).

Every value from the data is escaped here so that it reads as literal text in any Markdown
viewer: a title "# x", "[a](javascript:..)", "<script>" or "| a |" shows as typed. The lists
and tables are built here too, so a template holds only ``$placeholders`` and fixed text.
Placeholders: every word as ``$w_<key>``, every scalar of the dict as ``$key`` or
``$parent_key`` (``$seller_siret``, ``$mission_ref``), every list of texts as bullet lines
(``$deliverables``), an address as lines (``$client_address``), and the built pieces listed
in ``_built``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any

from homeops.rules.text import shown


class MarkdownTemplateError(ValueError):
    """The template text is broken (unknown placeholder, bad ``$``): one line, no data."""


# Characters Markdown (CommonMark + GFM) can read as markup anywhere in a line; a backslash
# makes each literal. '&' starts an entity, '~' strikethrough, '|' a table cell, '$' math
# (MathJax/KaTeX viewers, GitHub), '@' an e-mail autolink (markdown-it's linkify).
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&$@])")
# Bare URLs GFM (and markdown-it's linkify) turn into links: a backslash in "https\://",
# "www\." or "/\/" (schema-relative) keeps them text. GitHub's cmark-gfm still finds an
# e-mail address after its escapes are read (a mailto: link to the address as written).
_AUTOLINK = re.compile(r"(?i)(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}):(?=//)|\b(mailto|xmpp):")
_WWW = re.compile(r"(?i)\b(www)\.")
_SLASHES = re.compile(r"(?<![:/\\])//")
# A line starting "1. " or "1) " is a numbered list item; "-", "+", "=" start a bullet, a
# thematic break or a setext underline.
_LEADING_NUMBER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escaped(value: Any, *, leading: bool = True) -> str:
    """``value`` as literal Markdown text on one line: control characters made visible
    (``shown``), markup characters backslashed, surrounding spaces dropped (four leading
    spaces would start a code block). ``leading=False`` for a table cell, where a line's
    leading markers mean nothing."""
    text = shown(str(value)).strip()
    text = _INLINE.sub(r"\\\1", text)
    text = _AUTOLINK.sub(lambda m: f"{m[1] or m[2]}\\:", text)
    text = _SLASHES.sub(r"/\\/", _WWW.sub(r"\1\\.", text))
    if not leading:
        return text
    number = _LEADING_NUMBER.match(text)
    if number:
        return f"{number[1]}\\{number[2]}{text[number.end() :]}"
    if text[:1] in "-+=":
        return "\\" + text
    return text


def paragraph(value: Any) -> str:
    """A text that may hold line breaks (the AI-use statement from the settings): each line
    escaped, kept as a line."""
    return "  \n".join(escaped(line) for line in str(value).split("\n"))


# The values written as paragraphs; every other value is one line (a newline shows as \n).
_PARAGRAPHS = frozenset({"scope_change_text", "ai_statement"})


def bullets(values: list[Any]) -> str:
    """A bullet line for each value; an empty list gives one dash bullet."""
    return "\n".join(f"- {escaped(v)}" for v in values) if values else "- —"


def address_lines(values: list[Any]) -> str:
    """Lines kept as lines (a Markdown hard break after each but the last)."""
    return "  \n".join(escaped(v) for v in values)


def _cell(value: Any) -> str:
    return escaped(value, leading=False) or " "


def table(header: list[str], rows: list[list[Any]], right: set[int]) -> str:
    """A GFM table; columns in ``right`` aligned right (the figures)."""
    rule = ["---:" if i in right else "---" for i in range(len(header))]
    lines = [header, rule, *([_cell(v) for v in row] for row in rows)]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def _flat(data: Mapping[str, Any], prefix: str, out: dict[str, str]) -> None:
    for key, value in data.items():
        name = prefix + re.sub(r"\W", "_", str(key))
        if isinstance(value, Mapping):
            _flat(value, name + "_", out)
        elif isinstance(value, list):
            if all(isinstance(v, str) for v in value):
                out[name] = address_lines(value) if key == "address" else bullets(value)
        elif isinstance(value, bool):
            continue
        elif key in _PARAGRAPHS:
            out[name] = paragraph(value)
        elif value is not None:
            out[name] = escaped(value)


def _filled(value: Any, fallback: str) -> str:
    return escaped(value) if value not in (None, "") else escaped(fallback)


def _built(data: Mapping[str, Any]) -> dict[str, str]:
    """The pieces a template cannot write with plain placeholders."""
    words = data["words"]
    colon = "\u202f:" if data.get("lang") == "fr" else ":"
    seller = data.get("seller") or {}
    trade = seller.get("trade_name") or ""
    built = {
        "colon": colon,
        "seller_trade_name_suffix": f" — {escaped(trade)}" if trade else "",
        "seller_vat_line": (
            f"  \n{escaped(words['vat_number'])} {escaped(seller['vat_number'])}"
            if seller.get("vat_number")
            else ""
        ),
    }
    client = data.get("client") or {}
    built["client_email_line"] = f"  \n{escaped(client['email'])}" if client.get("email") else ""
    built.update(_parties(data, words, colon))
    if "deadline" in data:
        built["deadline_shown"] = _filled(data.get("deadline_text"), words["to_be_agreed"])
    hourly = data.get("hourly")
    if "fee_text" in data:
        built["fee_shown"] = escaped(data["fee_text"])
        if hourly:
            built["fee_shown"] = (
                f"{escaped(hourly['rate_text'])} / h ({escaped(words['hourly'])}), "
                f"{escaped(words['cap'])} {escaped(hourly['cap_text'])}"
            )
    payment = data.get("payment") or {}
    if "deposit_text" in payment:  # the terms say the deposit: an override's old placeholder
        built["deposit_line"] = ""
    if data.get("kind") == "contract":
        built.update(_contract_terms(data, words, colon))
    if "lines" in data:
        header = [words[k] for k in ("line_text", "quantity", "unit", "unit_price", "line_total")]
        rows = [
            [
                ln["text"],
                ln["quantity_text"],
                ln["unit_text"],
                ln["unit_price_text"],
                ln["total_text"],
            ]
            for ln in data["lines"]
        ]
        built["lines_table"] = table([escaped(h) for h in header], rows, {1, 3, 4})
        credit = data.get("kind") == "credit-note"
        built["total_label"] = escaped(words["credit_total" if credit else "total"])
        built["client_heading"] = escaped(words["credited_to" if credit else "bill_to"])
        dates = [("number", data.get("number")), ("issue_date", data.get("issue_date_text")),
                 ("service_date", data.get("service_date_text"))]  # fmt: skip
        if not credit:
            dates.append(("due_date", data.get("due_date_text")))
        built["invoice_dates"] = "\n".join(
            f"- {escaped(words[key])}{colon} {escaped(value)}" for key, value in dates if value
        )
        for key in ("service_date_text", "due_date_text"):  # an override may still name them
            built.setdefault(key, escaped(data.get(key) or ""))
        credited = data.get("credited")
        built["credited_line"] = (
            f"**{escaped(words['cancels'])} {escaped(credited)}**\n\n" if credited else ""
        )
        built["draft_banner"] = (
            f"> **{escaped(words['draft_note'])}**\n\n" if data.get("draft") else ""
        )
        mission = data.get("mission")
        built["mission_line"] = (
            f"{escaped(words['mission'])}{colon} {escaped(mission['ref'])} — "
            f"{escaped(mission['title'])}\n\n"
            if mission
            else ""
        )
        bic = (
            f"  \n{escaped(words['bic'])}{colon} {escaped(payment['bic'])}"
            if payment.get("bic")
            else ""
        )
        # a credit note is paid back, not paid: no bank block
        built["payment_block"] = (
            ""
            if credit
            else f"## {escaped(words['bank'])}\n\n"
            f"{escaped(words['iban'])}{colon} {escaped(payment.get('iban', ''))}{bic}  \n"
            f"{escaped(words['reference'])}{colon} {escaped(payment.get('reference', ''))}  \n"
            f"{escaped(words['due_date'])}{colon} {escaped(data.get('due_date_text') or '')}\n"
        )
    if "needs" in data:
        built["needs_form"] = "\n\n".join(
            f"## {escaped(need['heading'])}\n\n"
            + "\n".join(
                f"- [ ] {escaped(item)}\n\n  ______________________________"
                for item in need["items"]
            )
            for need in data["needs"]
        )
    return built


def _parties(data: Mapping[str, Any], words: Mapping[str, str], colon: str) -> dict[str, str]:
    """The billed party: a company under its legal name (SIREN, "à l'attention de" or
    "représentée par" its contact), else the person."""
    client = data.get("client") or {}
    billed = client.get("billed_name") or client.get("name", "")
    lines = [f"**{escaped(billed)}**"]
    if client.get("siren"):
        lines.append(f"{escaped(words['siren'])} {escaped(client['siren'])}")
    lines += [escaped(line) for line in client.get("address") or []]
    if client.get("contact"):
        said = "represented_by" if data.get("kind") == "contract" else "attention"
        space = "" if words[said].endswith("\u2019") else " "  # "À l’attention d’Ingrid"
        lines.append(f"{escaped(words[said])}{space}{escaped(client['contact'])}")
    if client.get("email") and data.get("kind") in ("contract", "onboarding"):
        lines.append(escaped(client["email"]))
    return {"client_party": "  \n".join(lines), "client_billed": escaped(billed)}


def _contract_terms(
    data: Mapping[str, Any], words: Mapping[str, str], colon: str
) -> dict[str, str]:
    """The contract's rows built from several values: accepted changes, feedback, rights."""
    semi = "\u202f; " if data.get("lang") == "fr" else "; "
    changes = [c.get("text", "") for c in data.get("changes") or []]
    feedback = data.get("feedback") or {}
    said = [
        f"{escaped(words['channel'])}{colon} {escaped(feedback.get('channel', ''))}.",
        f"{escaped(words['response_window'])}{colon} "
        f"{escaped(feedback.get('response_window', ''))}.",
    ]
    if feedback.get("client_window"):
        said.append(
            f"{escaped(words['client_window'])}{colon} {escaped(feedback['client_window'])}."
        )
    if feedback.get("return_text"):
        said.append(escaped(feedback["return_text"]))
    return {
        "changes_line": (
            f"- **{escaped(words['changes'])}**{colon} {semi.join(escaped(c) for c in changes)}\n"
            if changes
            else ""
        ),
        "feedback_shown": " ".join(said),
        "rights_shown": escaped(data.get("rights_text", "")),
        "cancellation_shown": escaped(data.get("cancellation_text", "")),
    }


def mapping_of(data: Mapping[str, Any]) -> dict[str, str]:
    """Every placeholder's text for ``data`` (already escaped)."""
    out: dict[str, str] = {}
    _flat({k: v for k, v in data.items() if k != "words"}, "", out)
    _flat(data.get("words") or {}, "w_", out)
    out.update(_built(data))
    return out


def _line_of(source: str, start: int) -> int:
    return source.count("\n", 0, start) + 1


def markdown_of(source: str, data: Mapping[str, Any]) -> str:
    """``source`` (a ``string.Template``) filled from ``data``, in one pass."""
    template = string.Template(source)
    values = mapping_of(data)
    for found in template.pattern.finditer(source):
        if found["invalid"] is not None:
            raise MarkdownTemplateError(
                f"line {_line_of(source, found.start())}: a '$' not followed by a placeholder "
                "name (write $$ for a dollar sign)"
            )
        name = found["named"] or found["braced"]
        if name is not None and name not in values:
            line = _line_of(source, found.start())
            raise MarkdownTemplateError(f"line {line}: unknown placeholder ${name}")
    return template.substitute(values)
