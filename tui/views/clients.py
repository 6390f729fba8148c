"""The Clients view: who the freelancer works for, what is kept about them, for what, and
until when; add and edit, export (right of access), erasure, and the record of processing.

The view reads and writes through the clients' use cases (``homeops.services.clients``,
given by the main screen); erasure and export run in a thread worker and report back here.
An erasure is posted up (``ClientErased``): the board shows the pseudonym from then on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, Static

from homeops.rules import erasure, privacy
from homeops.rules.documents_records import files_lines
from homeops.rules.model import PERSONAL_FIELDS, Client
from homeops.services.clients import Clients
from homeops.tui.busy import changes
from homeops.tui.text import data, shown
from homeops.tui.views.base import View, plural
from homeops.tui.widgets.status_line import MessageLine


def _b(key: str, action: str, description: str, tooltip: str, name: str) -> Binding:
    return Binding(key, action, description, tooltip=tooltip, id=f"clients.{name}")


class ClientsView(View):
    """Clients and prospects by alias, with the privacy rules that apply to them."""

    view_id = "clients"
    title = "Clients"
    key = "4"

    BINDINGS: ClassVar[list[BindingType]] = [
        _b("n", "add", "New", "Add a client or prospect", "add"),
        _b("e", "edit", "Edit", "Edit the selected client", "edit"),
        _b("x", "export", "Export", "Export everything held about the client (JSON)", "export"),
        _b("D", "erase", "Erase", "Erase the client's personal data (asks first)", "erase"),
        _b("r", "register", "Register", "The record of processing (GDPR Art. 30)", "register"),
        _b("f", "toggle_due", "Due only", "Show only clients due for review, or all", "due"),
        # The table has the arrows; j/k as on the board (not in the footer: it is full).
        Binding("k", "cursor(-1)", "Up", show=False, tooltip="Select the client above",
                id="clients.up"),
        Binding("j", "cursor(1)", "Down", show=False, tooltip="Select the client below",
                id="clients.down"),
    ]  # fmt: skip

    due_only: reactive[bool] = reactive(False, init=False)

    @dataclass
    class ClientErased(Message):
        """A client's personal data was erased: other views show ``pseudonym`` from now on."""

        pseudonym: str

    def __init__(self, register: Clients, *, today: dt.date) -> None:
        """``register``: the clients' use cases (``Business.clients``); ``today``: the date
        retention is judged on and changes are dated with."""
        super().__init__()
        self.register = register
        self.years = register.years
        self.today = today
        self.clients: list[Client] = []
        self._read: tuple[int | None, ...] = ()  # the vault's stamp when last read
        self.message_text = ""
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Static("", id="clients-state", markup=False)
        table: DataTable[str | Text] = DataTable(
            id="clients-table", cursor_type="row", zebra_stripes=False
        )
        yield table
        yield Static("", id="clients-detail")
        yield MessageLine(one_line=False, id="clients-message")

    def on_mount(self) -> None:
        table = self.query_one("#clients-table", DataTable)
        table.add_columns("Alias", "Status", "Purposes", "Retention")
        self.reload()

    def on_focus(self) -> None:
        # The view takes the focus when shown; the keys belong to its list.
        self.take_focus()

    def take_focus(self) -> None:
        # Straight to the list: the focus through the view restyles both twice (issue 18).
        self.query_one("#clients-table", DataTable).focus()

    def show_counts(self, counts: Mapping[str, int]) -> None:
        # The view reads its clients itself (reload); the counts change nothing here.
        return

    # -- drawing -------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Read the clients again and redraw; keep (or move to) the client ``select``."""
        current = self.selected()
        keep = select if select is not None else (current.id if current else None)
        self._read = self.register.read_stamp()  # before reading: never newer than the data
        self.clients = self.register.list()
        listed = [c for c in self.clients if not self.due_only or self._status(c).due_for_review]
        table = self.query_one("#clients-table", DataTable)
        table.clear()
        for client in listed:
            status = self._status(client)
            purposes = sorted({f.purpose for f in client.personal_fields().values()})
            table.add_row(  # Text cells: a str cell would be read as markup
                data(client.alias),
                data(client.status),
                data(", ".join(purposes) or "-"),
                Text(status.label(), style="bold" if status.due_for_review else ""),
                key=str(client.id),
            )
        for row, client in enumerate(listed):
            if client.id == keep:
                table.move_cursor(row=row)
        self._show_state()
        self.show_detail()

    def _status(self, client: Client) -> privacy.Retention:
        return privacy.retention(client, self.years, self.today)

    def _show_state(self) -> None:
        live = [c for c in self.clients if c.status != "erased"]
        due = sum(1 for c in live if self._status(c).due_for_review)
        y = self.years
        if not self.clients:
            text = (
                "No clients yet: n adds one. Only an alias, and name, e-mail, phone, billing "
                "address if needed, each with its purpose."
            )
        else:
            text = (
                f"{plural(len(live), 'client')} · {due} due for review · kept: {y.client} y "
                f"after the end (prospects {y.prospect} y)"
                + (" · due only (f: all)" if self.due_only else "")
            )
        self.query_one("#clients-state", Static).update(text)

    def selected(self) -> Client | None:
        table = self.query_one("#clients-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((c for c in self.clients if str(c.id) == key), None)

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        client = self.selected()
        detail = self.query_one("#clients-detail", Static)
        if client is None:
            detail.update("")
            return
        status = self._status(client)
        text = Text()  # every value from the vault through shown: controls made visible
        text.append(shown(client.alias), style="bold")
        text.append(shown(f" · {client.status} · basis: {client.lawful_basis} · "))
        since = f" since {status.until}" if status.due_for_review and status.until else ""
        text.append(status.label() + since, style="bold" if status.due_for_review else "")
        accounting = privacy.accounting_until(client, self.years)
        if accounting:
            text.append(f" · accounts until {accounting}")
        text.append("\n")
        for name in PERSONAL_FIELDS:
            value = getattr(client, name)
            label = privacy.FIELD_LABELS[name]
            if value is None:
                text.append(f"  {label:<16}-\n", style="dim")
            else:
                text.append(f"  {label:<16}{shown(value.value)}  ")
                text.append(f"[{shown(value.purpose)}]\n", style="italic")
        if client.company or client.siren:  # the business billed (issue 15)
            siren = f" · SIREN {client.siren}" if client.siren else ""
            text.append(shown(f"  Company         {client.company or '-'}{siren}") + "\n")
        text.append(
            shown(
                f"  Contacts        first {client.first_contact or '-'} · last "
                f"{client.last_contact or '-'} · ended {client.relationship_ended or '-'}"
            )
        )
        if client.notes:
            text.append(f"\n  Notes           {shown(client.notes, lines=True)}")
        for warning in privacy.notes_warnings(client.notes):
            text.append(f"\n  ! {warning}", style="bold")
        detail.update(text)

    def say(self, text: str) -> None:
        self.message_text = text
        self.query_one("#clients-message", MessageLine).say(text)

    def watch_due_only(self) -> None:
        self.reload()

    # -- actions -------------------------------------------------------------------------

    def _writable(self) -> bool:
        if self.busy:
            return False
        if self.register.read_only:
            self.say("Read-only session: changes are refused.")
            return False
        return True

    def action_toggle_due(self) -> None:
        self.due_only = not self.due_only

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#clients-table", DataTable)
        if table.row_count:
            table.move_cursor(row=min(max(0, table.cursor_row + delta), table.row_count - 1))

    def on_show(self) -> None:
        # A client may have been added from the mission form (or beside the console) while
        # another view was on show; nothing changed: the table is neither read nor rebuilt.
        stamp = self.register.read_stamp()
        if self.is_mounted and (None in stamp or stamp != self._read):
            self.reload()

    @changes
    def action_add(self) -> None:
        self._open_form(None)

    @changes
    def action_edit(self) -> None:
        client = self.selected()
        if client is None:
            self.say("No client selected.")
        elif client.status == "erased":
            self.say("This client's personal data is erased; there is nothing to edit.")
        else:
            self._open_form(client)

    def _open_form(self, client: Client | None) -> None:
        from homeops.tui.views.clients_dialogs import ClientForm

        if not self._writable():
            return
        register = self.register

        def done(result: object) -> None:
            if not isinstance(result, Client):
                return
            if result.id is None:  # ChangesWait during a long write: the app says so
                register.add(result)
                self.say("Client added.")
            else:
                register.update(result)
                self.say("Client saved.")
            self.reload(select=result.id)

        taken = frozenset(register.aliases())
        self.app.push_screen(ClientForm(today=self.today, client=client, taken=taken), done)

    def action_export(self) -> None:
        from homeops.tui.views.clients_dialogs import ExportDialog

        client = self.selected()
        if client is None:
            self.say("No client selected.")
            return
        default = f"~/homeops-export-{shown(client.alias)}-{self.today.isoformat()}.json"

        def done(result: object) -> None:
            if isinstance(result, str):
                self.say("Exporting…")
                self._export(client.alias, result)

        self.app.push_screen(ExportDialog(default), done)

    @work(thread=True, exclusive=True, group="clients")
    def _export(self, alias: str, where: str) -> None:
        from homeops.services.clients import write_export
        from homeops.services.doc_files import PathRefused, refuse_for
        from homeops.services.errors import UnknownClient

        out = Path(where).expanduser()
        app = self.app
        try:
            data = self.register.export(alias, self.today)
            if out.is_dir():
                raise IsADirectoryError(21, "it is a folder")
            refuse_for(out, getattr(app, "vault_path", None), getattr(app, "config_path", None),
                       "the export")  # never over the vault or the settings  # fmt: skip
            write_export(out, data)
        except (UnknownClient, PathRefused) as exc:
            self.app.call_from_thread(self.say, f"Not exported: {exc}.")
        except OSError as exc:
            reason = exc.strerror or "write failed"
            self.app.call_from_thread(self.say, f"Not exported: cannot write {out}: {reason}.")
        else:
            count = sum(len(r) for r in data["records"].values())
            files = len(data["files"])
            beside = f"; it lists {files} files outside the vault" if files else ""
            self.app.call_from_thread(
                self.say, f"Exported with {count} linked records to {out} (decrypted){beside}."
            )

    @changes
    def action_erase(self) -> None:
        client = self.selected()
        if client is None:
            self.say("No client selected.")
            return
        if client.status == "erased":
            self.say("This client's personal data is already erased.")
            return
        if not self._writable():
            return
        self.busy = True
        self.say("Looking for the client in every record…")
        self._find(client.alias)

    @work(thread=True, exclusive=True, group="clients")
    def _find(self, alias: str) -> None:
        """What erasing ``alias`` would redact and keep (a scan of every record: a worker)."""
        from homeops.services.errors import AlreadyErased, UnknownClient, VaultError

        try:
            findings = self.register.findings(alias)
            files = self.register.document_files(alias)
        except (UnknownClient, AlreadyErased, VaultError) as exc:
            self.app.call_from_thread(self._erased, f"Not erased: {exc}.", None)
        else:
            self.app.call_from_thread(self._confirm_erase, alias, findings, files)

    def _confirm_erase(
        self, alias: str, findings: tuple[erasure.Finding, ...], files: list[str]
    ) -> None:
        """The findings in the dialog; the alias typed back erases."""
        from homeops.tui.views.clients_dialogs import EraseDialog

        self.busy = False
        self.say("")

        def done(result: object) -> None:
            if result is True:
                self.busy = True
                self.say("Erasing, compacting the vault, replacing the backups…")
                self._erase(alias)

        lines = erasure.findings_lines(findings) + files_lines(files, self.years.accounting)
        self.app.push_screen(EraseDialog(alias, self.years.accounting, lines), done)

    @work(thread=True, exclusive=True, group="clients")
    def _erase(self, alias: str) -> None:
        from homeops.services.errors import (
            AlreadyErased,
            ErasedNotPurged,
            UnknownClient,
            VaultError,
        )

        try:
            done = self.register.erase(alias, self.today)
        except ErasedNotPurged as exc:  # recorded; the old copies go at the next start
            self.app.call_from_thread(self._erased, f"Erased, but {exc}.", exc.pseudonym)
        except (UnknownClient, AlreadyErased, VaultError) as exc:
            self.app.call_from_thread(self._erased, f"Not erased: {exc}.", None)
        else:
            count = len(done.files)
            files = f" {plural(count, 'file')} outside the vault to delete." if count else ""
            self.app.call_from_thread(self._erased, done.summary() + files, done.pseudonym)

    def _erased(self, message: str, pseudonym: str | None) -> None:
        self.busy = False
        self.reload()
        self.say(message)
        if pseudonym is not None:
            self.post_message(self.ClientErased(pseudonym))

    def action_register(self) -> None:
        from homeops.tui.views.clients_dialogs import RegisterScreen

        # The record quotes the vault (an AI tool's name): its controls are shown visibly.
        markdown = shown(self.register.register(self.today), lines=True)
        self.app.push_screen(RegisterScreen(markdown))
