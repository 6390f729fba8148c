"""Which documents were written, and where: the vault's pointers to files outside it.

A contract, an onboarding form, an invoice or a credit note written to a file holds the
client's personal data outside the vault, so each write is recorded (table ``documents``):
an erasure then lists the files to delete, an access request lists them, and the record of
processing names them. The files themselves are the user's: homeops never deletes them
(an invoice is kept for the accounting duty). Paths are shown to the user, never logged.

No I/O: ``homeops/services/doc_records.py`` writes and reads the records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from homeops.rules.text import NAME_MAX, check_line, shown

KINDS = ("contract", "onboarding", "invoice", "credit-note")
FORMATS = ("md", "pdf", "facturx")
LANGS = ("fr", "en")
#: The longest path recorded (Linux's PATH_MAX), in characters.
PATH_MAX = 4096
#: Kinds the law keeps for the accounting years; the others follow the client's retention.
ACCOUNTING_KINDS = ("invoice", "credit-note")


@dataclass
class DocumentRecord:
    """One document written to a file: its ``kind``, ``ref`` (``"12"`` for mission 12's
    contract, ``F-0007``, ``AV-0001``), the mission and invoice number it comes from, the
    client's alias, the absolute ``path``, format ``fmt`` (md, pdf, facturx), ``lang`` and
    the ISO ``date`` it was (last) written."""

    kind: str
    ref: str
    mission_id: int | None
    invoice_number: int | None
    client_alias: str
    path: str
    fmt: str
    lang: str
    date: str
    id: int | None = None


class RecordRefused(ValueError):
    """A document record that cannot be stored: one line naming the field, never its value."""


def checked(record: DocumentRecord) -> DocumentRecord:
    """``record`` once its fields are within bounds; ``RecordRefused`` (one line) else."""
    for name, value, allowed in (("kind", record.kind, KINDS), ("fmt", record.fmt, FORMATS),
                                 ("lang", record.lang, LANGS)):  # fmt: skip
        if value not in allowed:
            raise RecordRefused(f"a document's {name} must be one of: {', '.join(allowed)}")
    try:
        check_line(record.ref, "the document's reference", NAME_MAX)
        check_line(record.client_alias, "the document's client", NAME_MAX)
        check_line(record.path, "the document's path", PATH_MAX)
    except ValueError as exc:
        raise RecordRefused(str(exc)) from None
    if not record.path.startswith("/"):
        raise RecordRefused("the document's path must be absolute")
    return record


# -- a client's documents -----------------------------------------------------------------


def documents_of(tables: Mapping[str, Mapping[str, Mapping[str, Any]]], alias: str) -> list[str]:
    """Ids (as strings) of the ``documents`` records written for the client ``alias``: its
    alias on the record, or a mission or invoice of the client (the record came first)."""
    missions = {int(k) for k, d in tables.get("missions", {}).items()
                if d.get("client_alias") == alias}  # fmt: skip
    numbers = {d.get("number") for d in tables.get("invoices", {}).values()
               if d.get("client_alias") == alias}  # fmt: skip
    return sorted(
        (
            key
            for key, doc in tables.get("documents", {}).items()
            if doc.get("client_alias") == alias
            or doc.get("mission_id") in missions
            or (doc.get("invoice_number") is not None and doc.get("invoice_number") in numbers)
        ),
        key=int,
    )


def files_lines(paths: Iterable[str], accounting_years: int) -> list[str]:
    """The files outside the vault that hold the client's data, for the user to delete:
    one line each (neutralised), and that homeops leaves them alone. Empty for none."""
    found = sorted(set(paths))
    if not found:
        return []
    return [
        f"Files outside the vault to delete ({len(found)}):",
        *(f"  {shown(path)}" for path in found),
        "  homeops does not delete them: delete them yourself,",
        f"  but keep invoices and credit notes {accounting_years} years (accounting duty).",
    ]


def kinds_count(records: Iterable[DocumentRecord]) -> dict[str, int]:
    """How many documents of each kind were written (every kind, 0 included)."""
    counts = dict.fromkeys(KINDS, 0)
    for record in records:
        if record.kind in counts:
            counts[record.kind] += 1
    return counts


# -- the record of processing (GDPR Art. 30) ----------------------------------------------

_REGISTER_ROWS = (
    ("contract", "Contracts", False),
    ("onboarding", "Onboarding forms", False),
    ("invoice", "Invoices", True),
    ("credit-note", "Credit notes", True),
)


def register_lines(
    counts: Mapping[str, int], client_years: int, accounting_years: int
) -> list[str]:
    """The register's section on the documents written to files (an output of the
    processing), with how many of each kind and how long each is kept; Markdown lines."""
    lines = [
        "## Documents written (outputs of the processing)",
        "",
        "Contracts, onboarding forms, invoices and credit notes made from the vault are "
        "written to files outside it, readable by the owner only (0600), in the documents "
        "folder (by default `documents/` beside the vault) or where the user chose. They "
        "hold the client's name and address. The vault records each file written, so that "
        "an access request lists them and an erasure names the files to delete; homeops "
        "never deletes them itself.",
        "",
        "| Document | Written | Kept |",
        "| --- | --- | --- |",
    ]
    for kind, words, accounting in _REGISTER_ROWS:
        kept = (f"{accounting_years} years (legal accounting retention)" if accounting
                else f"{client_years} years after the end of the relationship")  # fmt: skip
        lines.append(f"| {words} | {counts.get(kind, 0)} | {kept} |")
    return [*lines, ""]
