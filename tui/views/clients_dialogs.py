"""The Clients view's dialogs: add/edit with the minimisation rules in sight, the erasure
confirmation, the export path, and the record of processing.

Each dialog returns what was typed (or True for a confirmation) and None when cancelled; the
view makes the change. Messages never repeat personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Markdown, Static

from homeops.rules import privacy
from homeops.rules.bounds import DAYS_MAX, ROUNDS_MAX, check_count, parse_day
from homeops.rules.feedback import working_rules_problems
from homeops.rules.identity import siren_typed
from homeops.rules.invoices import parse_share
from homeops.rules.model import LAWFUL_BASES, PERSONAL_FIELDS, PURPOSES, Client, PersonalField
from homeops.rules.offers import CHANNELS
from homeops.rules.text import LINE_MAX, NAME_MAX, check_line, check_text
from homeops.tui.screens.dialogs import Dialog
from homeops.tui.text import shown
from homeops.tui.widgets.choice import ChoiceRow

# Two lines at 80 columns: the form's rows below need the third (issue 14's working rules).
MINIMISATION_RULES = (
    "Only these four personal fields exist, each kept for the purpose you tag. "
    "Leave out what the work does not need; no contact details in the notes."
)


#: The source choice that records none.
NO_SOURCE = "no source"


def _share_text(bp: int) -> str:
    """Basis points as typed back into the form: ``3000`` -> ``30%``, ``1234`` -> ``12.34%``."""
    cents = f".{bp % 100:02d}".rstrip("0") if bp % 100 else ""
    return f"{bp // 100}{cents}%"


def _source(choice: str) -> str | None:
    return None if choice == NO_SOURCE else choice


def _bindings(prefix: str, save: str = "Save") -> list[BindingType]:
    return [
        Binding("enter", "save", save, tooltip=f"{save} (from any field or choice)", show=False,
                id=f"{prefix}.save_enter"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without changing anything",
                id=f"{prefix}.cancel"),
        Binding("ctrl+s", "save", save, tooltip=f"{save} (Enter in a field does it too)",
                id=f"{prefix}.save"),
    ]  # fmt: skip


class _Dialog(Dialog):
    """The shared dialog (one-line message, Esc, ctrl+s); Enter in a field saves."""

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()


class ClientForm(_Dialog):
    """New client or prospect, or an edit of one; returns a ``Client`` ready to store."""

    BINDINGS: ClassVar[list[BindingType]] = _bindings("client_form")

    def __init__(
        self,
        *,
        today: dt.date,
        client: Client | None = None,
        taken: frozenset[str] = frozenset(),
        alias: str = "",
    ) -> None:
        """``alias``: the new client's alias, already typed elsewhere (the mission form)."""
        super().__init__()
        self.today = today
        self.client = client
        self.taken = taken
        self.alias = alias

    def compose(self) -> ComposeResult:
        c = self.client
        status = c.status if c else "client"
        with Vertical(classes="panel dialog", id="client-form"):
            # what is stored is shown with its controls made visible (homeops.rules.text.shown)
            yield Label(f"Edit client {shown(c.alias)}" if c else "New client",
                        classes="panel-title", markup=False)  # fmt: skip
            yield Static(MINIMISATION_RULES, id="client-rules", markup=False)
            with Grid(id="client-grid"):
                yield Label("Alias", classes="form-label")
                yield Input(shown(c.alias) if c else self.alias,
                            placeholder="pseudonym, e.g. acme-mag", id="client-alias",
                            compact=True)  # fmt: skip
                yield Static("")
                yield Label("Status · basis", classes="form-label")
                yield ChoiceRow(("client", "prospect"), status, id="client-status")
                yield ChoiceRow(LAWFUL_BASES, c.lawful_basis if c else "contract",
                                id="client-basis")  # fmt: skip
                for name in PERSONAL_FIELDS:
                    value: PersonalField | None = getattr(c, name) if c else None
                    yield Label(privacy.FIELD_LABELS[name], classes="form-label")
                    yield Input(shown(value.value) if value else "", placeholder="(not kept)",
                                id=f"client-{name}", compact=True)  # fmt: skip
                    purpose = value.purpose if value else privacy.default_purpose(name, status)
                    yield ChoiceRow(PURPOSES, purpose, id=f"client-{name}-purpose")
                # the business billed (issue 15): a company identifier, not a personal field
                yield Label("Company · SIREN", classes="form-label")
                yield Input(shown(c.company) if c else "", placeholder="legal name, if a business",
                            id="client-company", compact=True)  # fmt: skip
                yield Input(shown(c.siren) if c else "", placeholder="SIREN, 9 digits",
                            id="client-siren", compact=True)  # fmt: skip
                yield Label("First/last contact", classes="form-label")
                yield Input(
                    shown(c.first_contact or "") if c else self.today.isoformat(),
                    placeholder="YYYY-MM-DD",
                    id="client-first",
                    compact=True,
                )
                yield Input(
                    shown(c.last_contact or "") if c else self.today.isoformat(),
                    placeholder="YYYY-MM-DD",
                    id="client-last",
                    compact=True,
                )
                yield Label("Ended · source", classes="form-label")
                yield Input(
                    shown(c.relationship_ended or "") if c else "",
                    placeholder="YYYY-MM-DD, when it ended",
                    id="client-ended",
                    compact=True,
                )
                # where the client came from: results per acquisition channel (issue 16)
                yield ChoiceRow((NO_SOURCE, *CHANNELS), (c.source if c else None) or NO_SOURCE,
                                id="client-source")  # fmt: skip
                yield from self._working_rules(c)
                yield Label("Notes", classes="form-label")
                yield Input(
                    shown(c.notes, lines=True) if c else "",
                    placeholder="no contact details here",
                    id="client-notes",
                    compact=True,
                )
                yield Static("")
            yield Static("", id="client-notes-warning")
            yield Static("", classes="form-message")
            yield Label("Enter saves · Tab next · ←/→ change a choice · Esc cancels",
                        classes="hint")  # fmt: skip

    def _working_rules(self, c: Client | None) -> ComposeResult:
        """Payment terms, deposit and feedback rules (issue 14): empty terms and deposit
        leave them to the settings."""
        terms = "" if c is None or c.terms_days is None else str(c.terms_days)
        share = "" if c is None or c.deposit_bp is None else _share_text(c.deposit_bp)
        yield Label("Terms · deposit", classes="form-label")
        yield Input(terms, placeholder="days (settings' default)", id="client-terms",
                    compact=True)  # fmt: skip
        yield Input(share, placeholder="deposit, e.g. 30%", id="client-deposit", compact=True)
        yield Label("Feedback · rounds", classes="form-label")
        yield Input(shown(c.feedback_channel) if c else "",
                    placeholder="how, e.g. one email per review", id="client-feedback",
                    compact=True)  # fmt: skip
        yield Input(str(c.feedback_rounds) if c else "1", placeholder="rounds per review",
                    id="client-rounds", compact=True)  # fmt: skip
        yield Label("Answers them", classes="form-label")
        yield Input(shown(c.response_window) if c else "", placeholder="e.g. Mon-Fri 9-10",
                    id="client-window", compact=True)  # fmt: skip
        yield Static("")

    def on_mount(self) -> None:
        self.query_one("#client-alias", Input).focus()
        self._warn_notes()

    def value(self, name: str) -> str:
        return self.query_one(f"#client-{name}", Input).value.strip()

    @on(Input.Changed, "#client-notes")
    def _warn_notes(self) -> None:
        warnings = privacy.notes_warnings(self.query_one("#client-notes", Input).value)
        self.query_one("#client-notes-warning", Static).update(
            "! " + "; ".join(warnings) + ": use the personal fields" if warnings else ""
        )

    @on(ChoiceRow.Changed, "#client-status")
    def _status_changed(self, event: ChoiceRow.Changed) -> None:
        # A prospect's details are for prospecting, a client's for the contract: follow along
        # for the fields still empty.
        for name in PERSONAL_FIELDS:
            if not self.value(name):
                row = self.query_one(f"#client-{name}-purpose", ChoiceRow)
                row.value = privacy.default_purpose(name, event.value)
        basis = self.query_one("#client-basis", ChoiceRow)
        if self.client is None:
            basis.value = "legitimate interest" if event.value == "prospect" else "contract"

    def build(self) -> Client:
        """The client the fields describe; ``ValueError`` says what is wrong in one line."""
        base = self.client
        self._check_fields()
        client = Client(
            alias=self.value("alias"),
            status=self.query_one("#client-status", ChoiceRow).value,
            lawful_basis=self.query_one("#client-basis", ChoiceRow).value,
            first_contact=self.value("first") or None,
            last_contact=self.value("last") or None,
            relationship_ended=self.value("ended") or None,
            notes=self.value("notes"),
            source=_source(self.query_one("#client-source", ChoiceRow).value),
            terms_days=self._count("terms", "payment terms", DAYS_MAX, None),
            deposit_bp=parse_share(self.value("deposit")) if self.value("deposit") else None,
            feedback_channel=self.value("feedback"),
            feedback_rounds=self._count("rounds", "feedback rounds", ROUNDS_MAX, 1) or 1,
            response_window=self.value("window"),
            company=self.value("company"),
            siren=siren_typed(self.value("siren")),
            id=base.id if base else None,
        )
        for name in PERSONAL_FIELDS:
            text = self.value(name)
            purpose = self.query_one(f"#client-{name}-purpose", ChoiceRow).value
            setattr(client, name, PersonalField(text, purpose) if text else None)
        problems = privacy.client_problems(client) + working_rules_problems(client)
        if problems:
            raise ValueError(problems[0])
        if client.alias in self.taken and (base is None or base.alias != client.alias):
            raise ValueError("a client with that alias exists already")
        return client

    def _check_fields(self) -> None:
        """Each field's text and bounds (``rules.text``, ``rules.bounds``): one line."""
        check_line(self.value("alias"), "the alias", NAME_MAX)
        for name in PERSONAL_FIELDS:
            most = NAME_MAX if name == "name" else LINE_MAX
            check_line(self.value(name), privacy.FIELD_LABELS[name], most)
        for name, what in (("first", "first contact"), ("last", "last contact"),
                           ("ended", "relationship end")):  # fmt: skip
            if self.value(name):
                parse_day(self.value(name), what)
        check_text(self.value("notes"), "the notes")
        check_line(self.value("feedback"), "the feedback channel", NAME_MAX)
        check_line(self.value("window"), "the response window", NAME_MAX)
        check_line(self.value("company"), "the company name", NAME_MAX)
        check_line(self.value("siren"), "the SIREN", NAME_MAX)

    def _count(self, name: str, what: str, most: int, empty: int | None) -> int | None:
        """A whole number typed in the field ``name``; ``empty`` when nothing is typed."""
        typed = self.value(name)
        if not typed:
            return empty
        if not (typed.isascii() and typed.isdigit()):
            raise ValueError(f"{what}: {typed[:20]!r} is not a whole number")
        least = 0 if empty is None else 1
        return check_count(int(typed), what, most, least)

    def action_save(self) -> None:
        try:
            client = self.build()
        except ValueError as exc:
            self.say(str(exc))
            return
        self.dismiss(client)


class EraseDialog(_Dialog):
    """Shows what erasing finds (``homeops.rules.erasure.findings_lines``: record ids and fields,
    never the text) and asks for the alias to be typed: erasure cannot be undone."""

    BINDINGS: ClassVar[list[BindingType]] = _bindings("erase", "Erase")

    def __init__(self, alias: str, accounting_years: int, findings: Sequence[str] = ()) -> None:
        super().__init__()
        self.alias = alias
        self.accounting_years = accounting_years
        self.findings = tuple(findings)

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel dialog", id="erase-dialog"):
            yield Label("Erase this client's personal data?", classes="panel-title")
            yield Static(
                "Name, e-mail, phone, billing address and notes of "
                f"{shown(self.alias)} go for good; "
                "the alias becomes a pseudonym, and other records read [erased] where they "
                "name the client, except issued invoices (kept "
                f"{self.accounting_years} years, accounting law). Backups are replaced by one "
                "fresh backup. This cannot be undone.",
                classes="dialog-text-block",
                markup=False,
            )
            with VerticalScroll(id="erase-findings"):
                yield Static("\n".join(self.findings), id="erase-findings-text", markup=False)
            yield Label("Type the alias to confirm:", classes="form-label")
            yield Input(placeholder=shown(self.alias), id="erase-alias", compact=True)
            yield Static("", classes="form-message")
            yield Label("Enter erases · Tab scrolls the findings · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#erase-alias", Input).focus()

    def action_save(self) -> None:
        if self.query_one("#erase-alias", Input).value.strip() != self.alias:
            self.say("the alias typed does not match: nothing erased")
            return
        self.dismiss(True)


class ExportDialog(_Dialog):
    """Where to write one client's export (JSON, decrypted, 0600)."""

    BINDINGS: ClassVar[list[BindingType]] = _bindings("export", "Export")

    def __init__(self, default_path: str) -> None:
        super().__init__()
        self.default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel dialog", id="export-dialog"):
            yield Label("Export everything held about this client", classes="panel-title")
            yield Static(
                "JSON with the personal fields and their purposes, missions, invoices, "
                "ledger entries, time and AI-use records. The file is decrypted: hand it "
                "over, then delete it.",
                classes="dialog-text-block",
            )
            yield Input(self.default_path, id="export-path", compact=True)
            yield Static("", classes="form-message")
            yield Label("Enter writes the file · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def action_save(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self.say("give a file name")
            return
        self.dismiss(path)


class RegisterScreen(ModalScreen[None]):
    """The record of processing (GDPR Art. 30), as ``homeops register`` prints it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", tooltip="Back to the clients", id="register.close"),
        Binding("q", "close", "Back", tooltip="Back to the clients", show=False,
                id="register.close_q"),
    ]  # fmt: skip

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="register-body", classes="panel"):
            yield Markdown(self.markdown, id="register-text")
        yield Label("↑/↓ PgUp/PgDn scroll · Esc back", id="register-hint", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#register-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
