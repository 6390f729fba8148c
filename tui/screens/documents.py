"""A mission's or an invoice's documents (issue 15): the dialog that lists what can be written
and what was, and the worker that writes the chosen one.

The dialog (``D`` on a mission, on a board card, on the Ledger's Invoices page) offers the
document, the format and the language, lists the files already written for it and where new
ones go; Enter returns the choice. ``write_document`` then writes it in a thread worker (a
PDF's first compile takes ~50-100 ms: never on the UI thread) through ``Business.paperwork``,
and says what happened in one line: the path written, or why nothing was. A read-only session
writes nothing: each document written is recorded in the vault (so that a client's erasure
lists the files), and that record is a change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from homeops.config.settings import DOCUMENT_LANGS
from homeops.rules import invoices as inv
from homeops.tui.screens.dialogs import Dialog
from homeops.tui.text import display_path, shown
from homeops.tui.widgets.choice import ChoiceRow

if TYPE_CHECKING:
    from homeops.rules.documents_records import DocumentRecord
    from homeops.rules.invoices import Invoice
    from homeops.rules.model import Mission
    from homeops.services.documents import Paperwork, Written

PaperworkOf = Callable[[], "Paperwork"]
"""``Business.paperwork`` asked for when first needed: the renderers load on first use."""

Say = Callable[[str, bool], object]
"""Where the one-line outcome goes: (text, refused)."""

KIND_WORDS = {"contract": "Contract", "onboarding": "Onboarding form", "invoice": "Invoice",
              "credit-note": "Credit note"}  # fmt: skip
FORMATS = {"PDF": "pdf", "Factur-X": "facturx", "Markdown": "md"}
FORMAT_WORDS = {code: words for words, code in FORMATS.items()}
LISTED = 5  # the files listed in the dialog, newest first; `homeops doc list` has them all
READ_ONLY = "Read-only session: no document is written (each one is recorded in the vault)."
ERASED = "The client was erased: nothing can be written."


@dataclass(frozen=True)
class DocumentAsk:
    """The document chosen: ``kind`` (contract, onboarding, invoice) of ``ref`` (the mission
    id "12", or the invoice "F-0007"), format ``fmt`` (pdf, md, facturx) and ``lang``."""

    kind: str
    ref: str
    fmt: str
    lang: str


@dataclass(frozen=True)
class DocumentChoices:
    """What the dialog offers: ``kinds`` as (kind, words) pairs, the formats' words, the
    default language, the files written before, the folder new ones go to."""

    title: str  # "M-12 Logo refresh" / "F-0007, acme" (vault text: shown when drawn)
    ref: str
    kinds: tuple[tuple[str, str], ...]
    formats: tuple[str, ...]
    lang: str
    written: tuple[DocumentRecord, ...]
    folder: Path
    read_only: bool = False
    refused: str = ""  # why nothing can be written (an erased client), said on opening


class DocumentsDialog(Dialog[DocumentAsk | None]):
    """Document, format, language; the files written before. Enter writes, Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", tooltip="Close without writing",
                id="documents.cancel"),
        # Not a priority key: a ←/→ typed just before it changes the choice first.
        Binding("enter", "save", "Write", tooltip="Write the chosen document to its file",
                id="documents.write"),
    ]  # fmt: skip

    def __init__(self, choices: DocumentChoices) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        c = self.choices
        with Vertical(classes="panel dialog", id="documents-dialog"):
            yield Label("Documents", classes="panel-title")
            yield Label(shown(c.title), classes="panel-subtitle", markup=False)
            with Grid(id="documents-grid"):
                yield Label("Document", classes="form-label")
                if len(c.kinds) > 1:
                    yield ChoiceRow([words for _, words in c.kinds], id="documents-kind")
                else:
                    yield Label(c.kinds[0][1], id="documents-kind", markup=False)
                yield Label("Format", classes="form-label")
                yield ChoiceRow(c.formats, id="documents-format")
                yield Label("Language", classes="form-label")
                yield ChoiceRow(DOCUMENT_LANGS, c.lang, id="documents-lang")
            yield Static(written_text(c.written, c.folder), id="documents-written")
            yield Static("", classes="form-message")
            closes_only = c.read_only or bool(c.refused)
            hint = (
                "Esc closes" if closes_only else "Enter writes · Tab next · ←/→ change · Esc closes"
            )
            yield Label(hint, classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query(ChoiceRow).first().focus()
        if self.choices.refused:
            self.say(self.choices.refused)
        elif self.choices.read_only:
            self.say(READ_ONLY)

    def chosen(self) -> DocumentAsk:
        c = self.choices
        kind = c.kinds[0][0]
        if len(c.kinds) > 1:
            kind = c.kinds[self.query_one("#documents-kind", ChoiceRow).index][0]
        fmt = FORMATS[self.query_one("#documents-format", ChoiceRow).value]
        lang = self.query_one("#documents-lang", ChoiceRow).value
        return DocumentAsk(kind, c.ref, fmt, lang)

    def action_save(self) -> None:
        if self.choices.refused:
            self.say(self.choices.refused)
            return
        if self.choices.read_only:
            self.say(READ_ONLY)
            return
        self.dismiss(self.chosen())


def written_text(records: Sequence[DocumentRecord], folder: Path) -> Text:
    """The files written before, newest first (at most ``LISTED``), and where new ones go."""
    text = Text("Written before\n", style="bold")
    # the day, then the record's id: several files written on one day, the latest first
    newest = sorted(records, key=lambda r: (r.date, r.id or 0), reverse=True)
    for r in newest[:LISTED]:  # the file's name says which document it is
        fmt = FORMAT_WORDS.get(r.fmt, shown(r.fmt))
        text.append(f"  {shown(r.date)}  {fmt:<8} {shown(r.lang)}  ")
        text.append(f"{display_path(Path(r.path))}\n")
    if not newest:
        text.append("  (nothing yet)\n", style="dim")
    elif len(newest) > LISTED:
        text.append(f"  and {len(newest) - LISTED} more: homeops doc list\n", style="dim")
    text.append(f"New files go to {display_path(folder)}", style="dim")
    return text


def mission_choices(
    paperwork: Paperwork, mission: Mission, *, lang: str, read_only: bool
) -> DocumentChoices:
    """What a mission's dialog offers: its documents in PDF or Markdown, and its files."""
    assert mission.id is not None
    kinds = tuple((k, KIND_WORDS[k]) for k in paperwork.kinds_for_mission(mission.id))
    written = tuple(r for r in paperwork.listed(mission.client_alias)
                    if r.mission_id == mission.id and r.kind in dict(kinds))  # fmt: skip
    title = f"M-{mission.id} {mission.title}"
    refused = ERASED if paperwork.mission_client_erased(mission.id) else ""
    return DocumentChoices(title, str(mission.id), kinds, ("PDF", "Markdown"), lang, written,
                           paperwork.default_folder(), read_only, refused)  # fmt: skip


def invoice_choices(
    paperwork: Paperwork, invoice: Invoice, *, lang: str, read_only: bool
) -> DocumentChoices:
    """What an invoice's dialog offers: the invoice (a void one that was issued: its credit
    note; a draft: with its DRAFT banner) in PDF, Factur-X or Markdown, and its files."""
    words = f"Invoice {invoice.label}"
    if invoice.status == "draft":
        words += " (draft: DRAFT banner)"
    elif invoice.status == "void" and invoice.issued:
        note = inv.credit_label(invoice.credit_note) if invoice.credit_note else "numbered now"
        words = f"Credit note {note} for {invoice.label}"
    elif invoice.status == "void":
        words += " (void)"
    written = tuple(r for r in paperwork.listed(invoice.client_alias)
                    if r.invoice_number == invoice.number)  # fmt: skip
    title = f"{invoice.label} · {invoice.client_alias} · {invoice.description}"
    return DocumentChoices(title, invoice.label, (("invoice", words),), tuple(FORMATS), lang,
                           written, paperwork.default_folder(), read_only)  # fmt: skip


_PAGES = re.compile(r"runs to (\d+) pages")
_UNPRINTED = "no font of the documents has"
_COUNTED = re.compile(r": (\d+) characters?\b")


def warning_gist(warning: str) -> str:
    """``Written.warning`` in a few words (``1 character prints as ?``, ``it runs to 2
    pages``): what the line under the view can show whole at 80 columns."""
    said: list[str] = []
    if pages := _PAGES.search(warning):
        said.append(f"it runs to {pages[1]} pages")
    if _UNPRINTED in warning:
        part = warning[: warning.index(_UNPRINTED)]
        total = sum(int(n) for n in _COUNTED.findall(part))
        if total and "more field" not in part:  # every field named: the count is whole
            s, verb = ("", "prints") if total == 1 else ("s", "print")
            said.append(f"{total} character{s} {verb} as ?")
        else:
            said.append("characters print as ?")
    if "could not be synced" in warning:
        said.append("the folder was not synced")
    return "; ".join(said) or "a warning"


def written_words(written: Written) -> str:
    """``Contract written: ~/documents/M-12-contract-fr.pdf``. With a warning, its gist comes
    first, as the line cuts at the view's width (``Contract written ! it runs to 2 pages —
    ? for details.``): the path and the whole warning follow, in the help's last messages."""
    kind = KIND_WORDS.get(written.kind, written.kind.capitalize())
    if written.kind in ("invoice", "credit-note"):
        kind = f"{kind} {written.ref}"
    if written.fmt == "facturx":
        kind = f"Factur-X {kind[0].lower()}{kind[1:]}"
    path = display_path(written.path)
    if not written.warning:
        return f"{kind} written: {path}"
    gist = warning_gist(written.warning)
    return f"{kind} written ! {gist} — ? for details. File: {path} ({written.warning})"


def written_outcome(
    papers: Paperwork, ask: DocumentAsk, today: dt.date
) -> tuple[str, bool, Written | None]:
    """Write ``ask`` (on a worker thread): (the line to say, refused, what was written)."""
    from homeops.rules.documents_records import RecordRefused
    from homeops.services.errors import (
        ChangesWait,
        DocumentNotWritten,
        DocumentRefused,
        MissingIdentity,
        TemplateError,
        VaultError,
    )

    try:
        written = papers.write(ask.kind, ask.ref, fmt=ask.fmt, lang=ask.lang, today=today)
    except DocumentNotWritten as exc:  # the path and the reason only, never the disk's details
        return f"Not written: cannot write {display_path(exc.path)}: {exc.reason}", True, None
    except (DocumentRefused, MissingIdentity, TemplateError, RecordRefused, VaultError) as exc:
        return f"Not written: {exc}", True, None
    except ChangesWait as wait:
        return str(wait), True, None
    except Exception as exc:  # a bug: its kind only (its message may quote the vault)
        return (f"Not written: unexpected error ({type(exc).__name__}); `homeops --debug doc` "
                "shows where", True, None)  # fmt: skip
    return written_words(written), False, written


def open_documents(
    host: Widget,
    paperwork: PaperworkOf,
    choose: Callable[[Paperwork], DocumentChoices],
    *,
    today: dt.date,
    say: Say,
    done: Callable[[Written], None] | None = None,
) -> None:
    """Open the dialog with what ``choose`` offers; the document chosen is written
    (``write_document``). A mission gone meanwhile is said in one line."""
    from homeops.services.errors import DocumentRefused

    papers = paperwork()  # on the UI thread: the worker gets the object, not the question
    try:
        choices = choose(papers)
    except DocumentRefused as exc:
        say(f"Not written: {exc}", True)
        return

    def chosen(ask: DocumentAsk | None) -> None:
        if ask is not None:
            write_document(host, papers, ask, today=today, say=say, done=done)

    host.app.push_screen(DocumentsDialog(choices), chosen)


def write_document(
    host: Widget,
    papers: Paperwork,
    ask: DocumentAsk,
    *,
    today: dt.date,
    say: Say,
    done: Callable[[Written], None] | None = None,
) -> None:
    """Write ``ask`` in a thread worker of the app (it outlives ``host``'s screen), then say
    the outcome through ``say`` while ``host`` is on show, else as a toast; ``done`` runs on
    the UI thread after a document was written (a credit note numbered: redraw)."""
    app = host.app
    what = KIND_WORDS.get(ask.kind, ask.kind).lower()
    say(f"Writing the {what}…", False)

    def finish(line: str, refused: bool, written: Written | None) -> None:
        if written is not None and done is not None:
            done(written)
        if host.is_attached:
            say(line, refused)
        else:
            app.notify(line, severity="error" if refused else "information")

    def run() -> None:
        line, refused, written = written_outcome(papers, ask, today)
        app.call_from_thread(finish, line, refused, written)

    app.run_worker(run, thread=True, group="documents", name="write a document")
