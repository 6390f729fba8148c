"""Paperwork: the contract, the onboarding form and the invoices (credit notes) written from
the vault's data, as Markdown, PDF or Factur-X (issue 15).

Everything a user can get wrong is found before a byte is written: the records read, the
seller's identity checked, the document rendered whole. Then the file is written privately
(0600, ``write_private``) and the write recorded in the vault (``documents``), so that a
client's erasure can list the files outside the vault to delete. Same data, same bytes: the
PDF's timestamp is the document's own date at 00:00 UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homeops.config import Settings
from homeops.config.files import write_private
from homeops.rules import documents as docs
from homeops.rules import invoices as inv
from homeops.rules.document_parts import is_erased
from homeops.rules.documents_records import FORMATS
from homeops.rules.model import Client, Mission
from homeops.services import credit_notes, doc_files, doc_records
from homeops.services.doc_glyphs import unprinted_warning
from homeops.services.doc_render import (
    TEMPLATES,
    TemplateError,
    overflow_warning,
    render_markdown,
    render_pdf,
)
from homeops.services.doc_sandbox import UPGRADED, upgraded_since_start
from homeops.services.issued_as import seller_of
from homeops.services.waiting import ChangesWait, check_idle
from homeops.storage.errors import VaultError, VaultReadOnly
from homeops.storage.repos import NotFound
from homeops.storage.vault import Vault

MISSION_KINDS = ("contract", "onboarding")


class DocumentRefused(ValueError):
    """A document that cannot be written as asked (no such mission or invoice, a draft asked
    as Factur-X, a void invoice never issued): one line, nothing written or recorded."""


class DocumentNotWritten(OSError):
    """The file could not be written (a full disk, no permission, a device or a pipe at the
    path): one line naming the path only; nothing recorded, nothing left behind."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path, self.reason = path, reason


@dataclass(frozen=True)
class Written:
    """A document written: its kind (``contract``, ``onboarding``, ``invoice``,
    ``credit-note``), reference (``M-12``, ``F-0007``, ``AV-0001``), file, format and language;
    ``warning``: one line when the document was written but needs a look (a contract that
    runs past its one page) or the folder could not be synced after the write."""

    kind: str
    ref: str
    path: Path
    fmt: str
    lang: str
    warning: str | None = None


@dataclass(frozen=True)
class _Paper:
    """A document rendered, not yet written."""

    kind: str
    ref: str  # M-12, F-0007, AV-0001
    name: str  # the default file name
    body: bytes
    mission_id: int | None
    invoice_number: int | None
    client_alias: str
    warning: str | None = None  # written anyway, but worth a look (a contract on 2 pages)


def midnight_utc(day: str) -> int:
    """Seconds since the epoch at 00:00 UTC of the ISO ``day``: the PDF's fixed timestamp."""
    start = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), tzinfo=dt.UTC)
    return int(start.timestamp())


class Paperwork:
    """The documents of one vault: what can be written for a mission, writing one, and the
    list of what was written."""

    def __init__(self, vault: Vault, settings: Settings) -> None:
        self._vault = vault
        self.settings = settings
        # The config folder's "templates/", whose files override the shipped templates; set
        # by the face that knows where the settings file is (``use_templates_of``).
        self.templates: Path | None = None
        self.config_file: Path | None = None  # never written over; out_dir is relative to it
        self.passphrase_file: str | None = None  # --passphrase-file: never written over either

    def use_templates_of(self, config_file: Path) -> None:
        """Templates in ``templates/`` beside the settings file override the shipped ones."""
        self.templates = config_file.parent / "templates"
        self.config_file = config_file

    # -- reads ---------------------------------------------------------------------------

    def kinds_for_mission(self, mission_id: int) -> list[str]:
        """The documents a mission has: ``["contract", "onboarding"]``; ``DocumentRefused``
        when there is no such mission."""
        self._mission(mission_id)
        return list(MISSION_KINDS)

    def mission_client_erased(self, mission_id: int) -> bool:
        """Whether the mission's client was erased: none of its documents can be written
        (the console says so when its dialog opens, not only on Enter)."""
        client = self._vault.clients.by_alias(self._mission(mission_id).client_alias)
        return client is not None and is_erased(client)

    def listed(self, client_alias: str | None = None) -> list[doc_records.DocumentRecord]:
        """The documents written, every client's or ``client_alias``'s, oldest first.
        ``UnknownClient`` for an alias neither the register nor any record knows (a typo
        must not read as "no documents")."""
        found = doc_records.listed(self._vault, client_alias)
        unknown = client_alias is not None and not found
        if unknown and self._vault.clients.by_alias(str(client_alias)) is None:
            from homeops.services.clients import UnknownClient

            raise UnknownClient()
        return found

    def default_folder(self) -> Path:
        """``[documents] out_dir``, else ``documents/`` beside the vault."""
        out_dir = self.settings.documents.out_dir
        return doc_files.folder_of(out_dir, self.config_file, self._vault.path)

    # -- rendering -----------------------------------------------------------------------

    def render_bytes(
        self, kind: str, ref: str, *, fmt: str, lang: str | None, today: dt.date
    ) -> bytes:
        """The document as it would be written, without a file or a record. A void invoice
        whose credit note has no number yet is refused here (writing it numbers it)."""
        return self._render(kind, ref, fmt, self._lang(lang), today, number_credit=False).body

    def write(
        self,
        kind: str,
        ref: str,
        *,
        fmt: str = "pdf",
        lang: str | None = None,
        out: Path | str | None = None,
        today: dt.date,
    ) -> Written:
        """Render the document, write it privately and record it; returns what was written.

        ``kind``: contract or onboarding (``ref`` the mission id, "12") or invoice (``ref``
        "F-0007" or "7"; a void invoice that was issued writes its credit note); ``fmt``: md,
        pdf or facturx (invoices, not drafts). ``out``: the file, or a folder to write in;
        default ``default_folder()`` and the document's own name (``M-12-contract-fr.pdf``).
        Refused in a read-only session: the record is a change of the vault, and a document
        left out of it would be missed by a client's erasure."""
        if self._vault.read_only:
            raise VaultReadOnly()
        check_idle(self._vault)
        chosen = self._lang(lang)
        paper = self._render(kind, ref, fmt, chosen, today, number_credit=True)
        path = self._target(out, paper.name)
        try:
            doc_files.refuse_protected(
                path,
                doc_files.protected_paths(self._vault.path, self.config_file, self.passphrase_file),
            )
        except doc_files.PathRefused as exc:
            raise DocumentRefused(str(exc)) from None
        # recorded BEFORE the file exists: a write killed at any point leaves a record (an
        # erasure lists a file that may be missing), never a file no record lists
        before = self._vault.documents.by_path(str(path))
        doc_records.record(
            self._vault,
            kind=paper.kind,
            ref=paper.ref,
            mission_id=paper.mission_id,
            invoice_number=paper.invoice_number,
            client_alias=paper.client_alias,
            path=path,
            fmt=fmt,
            lang=chosen,
            today=today,
        )
        try:
            doc_files.sweep_temps(path)
            synced = write_private(path, [paper.body])
        except BaseException as exc:  # no file written: its record goes back to what it was
            doc_files.unrecord(self._vault, str(path), before)
            if isinstance(exc, OSError):
                raise DocumentNotWritten(path, exc.strerror or "write failed") from None
            raise
        warning = "; ".join(w for w in (paper.warning, synced) if w) or None
        return Written(paper.kind, paper.ref, path, fmt, chosen, warning)

    # -- the parts -----------------------------------------------------------------------

    def _lang(self, lang: str | None) -> str:
        chosen = lang or self.settings.documents.lang
        if chosen not in docs.LANGS:
            raise DocumentRefused(f"unknown language {chosen!r}: {' or '.join(docs.LANGS)}")
        return chosen

    def _mission(self, mission_id: int) -> Mission:
        try:
            return self._vault.missions.get(mission_id)
        except NotFound:
            raise DocumentRefused(f"no mission with id {mission_id}") from None

    def _client(self, alias: str) -> Client:
        client = self._vault.clients.by_alias(alias)
        if client is None:  # a record naming a client the register lacks (an old import)
            raise DocumentRefused(f"no client {alias} in the register")
        return client

    def _render(
        self, kind: str, ref: str, fmt: str, lang: str, today: dt.date, *, number_credit: bool
    ) -> _Paper:
        if fmt not in FORMATS:
            raise DocumentRefused(f"unknown format {fmt!r}: md, pdf or facturx")
        try:
            if kind in MISSION_KINDS:
                if fmt == "facturx":
                    raise DocumentRefused("Factur-X is for invoices: use --format md or pdf")
                return self._mission_paper(kind, ref, fmt, lang, today)
            if kind == "invoice":
                return self._invoice_paper(ref, fmt, lang, today, number_credit=number_credit)
        except TemplateError as exc:  # a shipped template newer than the code running it
            if str(exc).startswith(str(TEMPLATES)) and upgraded_since_start(TEMPLATES):
                raise TemplateError(UPGRADED) from None
            raise
        except (docs.MissingIdentity, DocumentRefused, ChangesWait, VaultError):
            raise  # each face names these already
        except ValueError as exc:  # a builder's refusal (data that makes no document): one line
            raise DocumentRefused(str(exc).splitlines()[0] if str(exc) else "refused") from None
        raise DocumentRefused(f"unknown document {kind!r}: contract, onboarding or invoice")

    def _mission_paper(self, kind: str, ref: str, fmt: str, lang: str, today: dt.date) -> _Paper:
        number = ref.strip().removeprefix("#").upper().removeprefix("M-")
        if not number.isascii() or not number.isdigit() or len(number) > 12:
            raise DocumentRefused(f"{ref[:40]!r} is not a mission id (e.g. 12)")
        mission = self._mission(int(number))
        client = self._client(mission.client_alias)
        seller = seller_of(self.settings)
        windows = tuple(
            (f"{w.start:%H:%M}", f"{w.end:%H:%M}") for w in self.settings.capacity.response_windows
        )
        data: dict[str, Any]
        if kind == "contract":
            data = docs.contract_data(
                mission, client, seller, lang=lang, today=today,
                terms_days=self._terms_of(mission),
                ai_uses=self._vault.ai_use.for_mission(int(number)),
                ai_statement=self.settings.documents.ai_statement,
                revision_allowance_bp=self.settings.capacity.revision_allowance_bp,
                deposit_invoiced=self._deposit_invoiced(mission),
                response_windows=windows,
            )  # fmt: skip
        else:
            data = docs.onboarding_data(mission, client, seller, lang=lang, today=today,
                                        response_windows=windows)  # fmt: skip
        mref = f"M-{mission.id}"
        body, warning = self._body(kind, data, fmt)
        return _Paper(kind, mref, file_name(mref, kind, fmt, lang), body, mission.id, None,
                      mission.client_alias, warning)  # fmt: skip

    def _deposit_invoiced(self, mission: Mission) -> tuple[str, int] | None:
        """The mission's deposit invoice once issued (its number, amount), for the contract."""
        found = inv.deposits_of(mission.id or 0, self._vault.invoices.list())
        deposit = found[0] if found else None
        if deposit is None or not deposit.issued:
            return None
        return deposit.label, deposit.amount_cents

    def _worked(self, invoice: inv.Invoice, today: dt.date) -> tuple[str, str] | None:
        """The first and last day of the time an invoice bills (its mission's time entries up
        to its issue day), when it bills time; None otherwise."""
        if invoice.mission_id is None or not any(line.minutes > 0 for line in invoice.lines):
            return None
        until = invoice.issued or today.isoformat()
        days = sorted(
            entry.day
            for entry in self._vault.timelog.list()
            if entry.mission_id == invoice.mission_id and entry.day <= until
        )
        return (days[0], days[-1]) if days else None

    def _invoice_paper(
        self, ref: str, fmt: str, lang: str, today: dt.date, *, number_credit: bool
    ) -> _Paper:
        try:
            number = inv.parse_number(ref)
        except ValueError as exc:
            raise DocumentRefused(str(exc)) from None
        try:
            invoice = self._vault.invoices.by_number(number)
        except NotFound:
            raise DocumentRefused(f"no invoice {inv.label(number)}") from None
        label = invoice.label
        if invoice.status == "void":
            if not invoice.issued:
                raise DocumentRefused(
                    f"{label} was voided as a draft: it was never issued, so there is "
                    "nothing to write or credit"
                )
            if invoice.credit_note is None:
                if not number_credit:
                    raise DocumentRefused(f"{label}'s credit note has no number yet: write it")
                invoice = credit_notes.credit_note_for(self._vault, number, today, self.settings)
        elif invoice.status == "draft" and fmt == "facturx":
            raise DocumentRefused(
                f"{label} is a draft: send it first (homeops invoice send {label})"
            )
        client = self._client(invoice.client_alias)
        mission = None
        if invoice.mission_id is not None:
            try:
                mission = self._vault.missions.get(invoice.mission_id)
            except NotFound:
                mission = None  # the invoice stands on its own lines
        data = docs.invoice_data(
            invoice, client, mission, seller_of(self.settings), lang=lang, today=today,
            terms_days=self._terms_of(mission),
            worked=self._worked(invoice, today),
        )  # fmt: skip
        kind, shown_ref = str(data["kind"]), str(data["number"])
        body, warning = self._body(kind, data, fmt)
        return _Paper(kind, shown_ref, file_name(shown_ref, None, fmt, lang), body,
                      invoice.mission_id, number, invoice.client_alias, warning)  # fmt: skip

    def _terms_of(self, mission: Mission | None) -> int:
        if mission is not None and mission.terms_days is not None:
            return mission.terms_days
        return self.settings.money.payment_terms_days

    def _body(self, kind: str, data: Mapping[str, Any], fmt: str) -> tuple[bytes, str | None]:
        """The document's bytes, and a warning when its page runs long."""
        folder = self._override_dir()
        if fmt == "md":
            return render_markdown(kind, data, override_dir=folder).encode("utf-8"), None
        stamp = midnight_utc(str(data.get("issue_date") or data["date"]))
        pdf = render_pdf(kind, data, override_dir=folder, timestamp=stamp)
        # a page past one, characters printed as "?" (the Factur-X XML keeps them)
        said = (overflow_warning(kind, data, pdf), unprinted_warning(data))
        warning = "; ".join(w for w in said if w) or None
        if fmt == "pdf":
            return pdf, warning
        from homeops.services.facturx_doc import cii_xml, facturx_pdf

        try:
            xml = cii_xml(data)
        except ValueError as exc:  # one line, no data: what keeps it from being Factur-X
            raise DocumentRefused(f"{data['number']}: {exc}") from None
        return facturx_pdf(pdf, xml, data), warning

    def _override_dir(self) -> Path | None:
        folder = self.templates
        return folder if folder is not None and folder.is_dir() else None

    def _target(self, out: Path | str | None, name: str) -> Path:
        try:  # ~ expanded, a folder (or "DIR/") gets the name, the folder's real path
            return doc_files.target(out, name, self.default_folder())
        except doc_files.CannotWrite as exc:
            raise DocumentNotWritten(exc.path, exc.reason) from None
        except doc_files.PathRefused as exc:  # "DIR/" naming a file
            raise DocumentRefused(str(exc)) from None


def _ext(fmt: str) -> str:
    return "md" if fmt == "md" else "pdf"


def file_name(ref: str, kind: str | None, fmt: str, lang: str) -> str:
    """A document's default file name, its language always in it (the French and the English
    of one document never overwrite each other): ``M-12-contract-fr.pdf``, ``F-0007-en.md``,
    ``F-0007-facturx-fr.pdf``, ``AV-0001-fr.pdf``."""
    parts = [ref, *([kind] if kind else []), *(["facturx"] if fmt == "facturx" else []), lang]
    return "-".join(parts) + "." + _ext(fmt)
