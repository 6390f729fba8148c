"""The mission view (Enter on a card): brief, checklists, scope changes, history, notes.

Every toggle and edit is written through the board session (``Board.save``, in the missions
service) at once, so it is in the vault as soon as it shows, and ``u`` on the board can undo
it. Uses of AI tools go to the AI-use log (``Business.ai_use``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from homeops.config import Settings
from homeops.rules import hourly
from homeops.rules import invoices as inv
from homeops.rules.hours import format_minutes
from homeops.rules.missions import add_paid_revision, time_per_stage
from homeops.rules.model import AIUse, Check, Mission, ScopeChange
from homeops.rules.money import format_amount
from homeops.rules.privacy import ai_use_warning
from homeops.rules.text import check_lines, check_text
from homeops.services.missions import Board
from homeops.tui.busy import changes
from homeops.tui.screens.ai_use import AIUseDialog, ai_use_table
from homeops.tui.text import data, shown
from homeops.tui.widgets.card import deadline_state
from homeops.tui.widgets.footer import KeyFooter
from homeops.tui.widgets.status_line import MessageLine

if TYPE_CHECKING:
    from homeops.services.ai_use import AIUseLog
    from homeops.services.cashbook import Cashbook
    from homeops.services.clients import Clients
    from homeops.tui.screens.documents import PaperworkOf


def _b(key: str, action: str, description: str, tooltip: str, name: str, *,
       show: bool = True) -> Binding:  # fmt: skip
    return Binding(key, action, description, show=show, tooltip=tooltip, id=f"mission.{name}")


def duration(delta: dt.timedelta) -> str:
    """``3d 4h``, ``5h``, ``12m``: time spent in a stage."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    return f"{hours}h" if hours else f"{mins}m"


class CheckList(OptionList):
    """Checklist lines as ``[x] text`` / ``[ ] text``: readable without colour too."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick", tooltip="Tick or untick the highlighted line",
                id="mission.toggle"),
    ]  # fmt: skip

    class Toggled(Message):
        """The line at ``index`` was ticked or unticked by the user."""

        def __init__(self, check_list: CheckList, index: int) -> None:
            super().__init__()
            self.check_list = check_list
            self.index = index

    def show(self, checks: list[Check]) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(Option(data(f"[{'x' if c.done else ' '}] {c.text}")) for c in checks)
        if checks:
            self.highlighted = min(highlighted or 0, len(checks) - 1)

    @changes
    def action_tick(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Toggled(self, self.highlighted))


def cap_text(use: hourly.CapUse, currency: str, locale: str) -> str:
    """``cap 20 h (1 200,00 €), 16 h logged (80 %) ! near the cap``."""
    cap = format_amount(use.cap_cents, currency, locale)
    text = f"cap {hourly.hours_text(use.cap_minutes)} ({cap}), "
    text += f"{hourly.hours_text(use.logged)} logged ({use.share_bp // 100} %)"
    if use.over:
        return text + " ! cap used up: a scope change raises it"
    return text + (" ! near the cap" if use.near else "")


class MissionScreen(Screen[None]):
    """One mission in full. Space toggles a checklist item or an acceptance criterion."""

    HELP_TITLE: ClassVar[str] = "Mission screen"  # the help's heading for these keys
    BINDINGS: ClassVar[list[BindingType]] = [
        _b("escape", "close", "Back", "Back to the board", "close"),
        _b("q", "close", "Back", "Back to the board", "close_q", show=False),
        _b("e", "edit", "Edit", "Edit title, client, fee, deadline and effort", "edit"),
        _b("b", "edit_brief", "Brief", "Edit deliverables, acceptance criteria, assumptions",
           "brief"),
        _b("s", "scope", "Scope change", "Write down a change of scope with its price", "scope"),
        _b("a", "ai_use", "AI use", "Record a use of an AI tool on this mission", "ai_use"),
        _b("t", "notes", "Notes", "Edit the notes in a text area", "notes"),
        _b("i", "invoice", "Invoice", "Draft this mission's invoice: fee, scope changes, less "
           "deposits", "invoice", show=False),
        _b("D", "documents", "Documents", "Write the contract or the onboarding form (PDF or "
           "Markdown); lists the files written", "documents"),
        # After the others, as on the main screen; the footer drops it last (LAST_TO_GO).
        _b("question_mark", "help", "Help", "List the keys of the mission screen", "help"),
        _b("f1", "help", "Help", "List the keys of the mission screen", "help_f1", show=False),
        _b("E", "notes_editor", "Notes in $EDITOR", "Edit the notes in your $EDITOR", "editor",
           show=False),
        _b("u", "undo", "Undo", "Undo the last change (this session)", "undo", show=False),
        _b("ctrl+r", "redo", "Redo", "Redo what was undone", "redo", show=False),
    ]  # fmt: skip

    def __init__(
        self,
        board: Board,
        mission_id: int,
        settings: Settings,
        *,
        today: dt.date,
        clients: Clients,
        ai_use: AIUseLog,
        cashbook: Cashbook | None = None,
        paperwork: PaperworkOf | None = None,
    ) -> None:
        super().__init__()
        self.cashbook = cashbook  # i drafts the mission's invoice (issue 14)
        self.paperwork = paperwork  # D writes its contract or onboarding form (issue 15)
        self.board = board
        self.mission_id = mission_id
        self.settings = settings
        self.today = today
        self.clients = clients
        self.ai_use = ai_use
        self.message_text = ""

    @property
    def mission(self) -> Mission:
        return self.board.missions[self.mission_id]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="mission-body"):
            yield Static("", id="mission-head")
            yield Static("", id="mission-facts")
            yield Label(
                "Quality checklist  (space ticks, tab next list)", classes="mission-section"
            )
            yield CheckList(id="mission-checklist", compact=True)
            yield Label("Acceptance criteria  (space ticks)", classes="mission-section")
            yield CheckList(id="mission-acceptance", compact=True)
            yield Label("Brief  (b edits)", classes="mission-section")
            yield Static("", id="mission-brief")
            yield Label("Scope changes  (s adds)", classes="mission-section")
            yield Static("", id="mission-scope")
            yield Label("AI use  (a adds)", classes="mission-section")
            yield Static("", id="mission-ai")
            yield Label("History", classes="mission-section")
            yield Static("", id="mission-history")
            yield Label("Notes  (t edits)", classes="mission-section")
            yield Static("", id="mission-notes", markup=False)
        yield MessageLine(id="mission-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_mission()
        self.query_one("#mission-checklist", CheckList).focus(scroll_visible=False)

    # -- drawing -------------------------------------------------------------------------

    def show_mission(self) -> None:
        if self.mission_id not in self.board.missions:
            self.dismiss(None)  # undone away, or archived
            return
        m = self.mission
        locale = self.settings.money.locale
        head = data(m.title, style="bold")
        head.append(shown(f"   #{m.id} · {m.stage} · {m.client_alias or 'no client'}"), style="dim")
        self.query_one("#mission-head", Static).update(head)

        delivered = m.stage == self.settings.board.stages[-1]  # handed over: not overdue
        state = "" if delivered else deadline_state(m.deadline, self.today)
        due = shown(m.deadline or "none")
        if state == "overdue" and m.deadline:
            late = (self.today - dt.date.fromisoformat(m.deadline)).days
            due += f" ! overdue by {late} day{'s' if late != 1 else ''}"
        elif state == "soon":
            due += " * due this week"
        fee = format_amount(m.fee_cents, m.currency, locale)
        if hourly.is_hourly(m):  # hourly work: the cap, and the time logged against it
            fee = f"{format_amount(m.hourly_rate_cents, m.currency, locale)}/h, " + cap_text(
                hourly.use(m, self.board.logged.get(self.mission_id, 0)), m.currency, locale
            )
        facts = [
            f"Fee {fee}",
            f"Deadline {due}",
            f"Effort {format_minutes(m.effort_minutes) if m.effort_minutes else '-'}",
            f"Revisions {m.revisions_used}/{m.revision_limit}",
        ]
        if m.offer:
            facts.append(f"Offer {shown(m.offer)}")
        terms = self.settings.money.payment_terms_days if m.terms_days is None else m.terms_days
        facts.append(f"Terms {inv.terms_text(terms, m.deposit_bp, locale)}")
        words = self.clients.feedback_words(m.client_alias)  # the client's rules (issue 14)
        about = "  ·  ".join(facts) + (f"\nFeedback: {words}" if words else "")
        self.query_one("#mission-facts", Static).update(data(about, lines=True))

        brief = Text()
        for title, items in (("Deliverables", m.deliverables), ("Assumptions", m.assumptions)):
            brief.append(f"{title}\n", style="bold")
            for item in items or ["(none written down)"]:
                brief.append(f"  • {shown(item)}\n")
        brief.rstrip()
        self.query_one("#mission-brief", Static).update(brief)

        self.query_one("#mission-acceptance", CheckList).show(m.acceptance_criteria)
        self.query_one("#mission-checklist", CheckList).show(m.checklist)
        self.query_one("#mission-scope", Static).update(self._scope_table(m))
        self.query_one("#mission-history", Static).update(self._history_table(m))
        self.query_one("#mission-notes", Static).update(data(m.notes or "(no notes)", lines=True))
        uses = self.ai_use.for_mission(self.mission_id)
        self.query_one("#mission-ai", Static).update(ai_use_table(uses))

    def _scope_table(self, m: Mission) -> Table | Text:
        if not m.scope_changes:
            return Text("(none)", style="dim")
        table = Table.grid(padding=(0, 2))
        locale = self.settings.money.locale
        for change in m.scope_changes:
            status = "accepted" if change.accepted else "not accepted"
            if change.paid_revision:
                status += ", paid revision"
            table.add_row(
                data(change.date),
                data(change.what),
                format_amount(change.fee_delta_cents, m.currency, locale),
                format_minutes(change.effort_delta_minutes),
                status,
            )
        return table

    def _history_table(self, m: Mission) -> Table:
        now = self._now()
        table = Table.grid(padding=(0, 2))
        for move in m.history:
            when = move.at.replace("T", " ")[:16]
            table.add_row(data(when), data(move.stage), data(move.reason))
        spent = time_per_stage(m, now)
        summary = "  ·  ".join(f"{stage} {duration(delta)}" for stage, delta in spent.items())
        summary = shown(summary)  # a stage of an older vault's mission may be any text
        table.add_row("", "", "")
        table.add_row(Text("Time per stage", style="bold"), "", Text(summary))
        return table

    def _now(self) -> dt.datetime:
        return self.board.now()

    @changes
    def action_ai_use(self) -> None:
        """Record a use of an AI tool: a few keys, defaults from the last record."""
        last = self.ai_use.last()

        def done(record: AIUse | None) -> None:
            if record is None:
                return
            self.ai_use.record(record)
            self.board.ai_warned = self.ai_use.warned_missions()
            self.show_mission()
            warning = ai_use_warning(record)
            self.say(f"AI use recorded. ! {warning}" if warning else "AI use recorded.")

        dialog = AIUseDialog(self.mission_id, today=self.today, title=self.mission.title, last=last)
        self.app.push_screen(dialog, done)

    def say(self, text: str, *, refused: bool = False) -> None:
        """One line under the mission: what the last key did (it may quote the vault)."""
        self.message_text = text
        self.query_one("#mission-message", MessageLine).say(text, refused=refused)

    # -- changing --------------------------------------------------------------------------

    def _save(self, mission: Mission, label: str) -> None:
        self.board.save(mission, label)
        self.show_mission()

    @on(CheckList.Toggled)
    def _toggled(self, event: CheckList.Toggled) -> None:
        mission = self.board.get(self.mission_id)
        checks = (
            mission.checklist
            if event.check_list.id == "mission-checklist"
            else mission.acceptance_criteria
        )
        check = checks[event.index]
        check.done = not check.done
        state = "ticked" if check.done else "unticked"
        self._save(mission, f"{state} {check.text!r}")
        self.say(f"{check.text}: {state}.")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        """The help, as on the main screen: this screen's keys and its last messages."""
        from homeops.tui.screens.help import HelpScreen, help_sections

        said = self.query_one("#mission-message", MessageLine).said
        self.app.push_screen(HelpScreen(help_sections(self), heading=self.HELP_TITLE, said=said))

    @changes
    def action_edit(self) -> None:
        from homeops.tui.screens.mission_form import MissionForm

        def done(result: Mission | None) -> None:
            if result is not None:
                self._save(result, f"edit {result.title!r}")
                self.say("Saved.")

        mission = self.board.get(self.mission_id)
        form = MissionForm.on_board(
            self.board, self.settings, self.clients, today=self.today, mission=mission
        )
        self.app.push_screen(form, done)

    @changes
    def action_edit_brief(self) -> None:
        from homeops.tui.screens.dialogs import TextDialog

        m = self.mission
        names = ("deliverables", "acceptance criteria", "assumptions")
        lists = (m.deliverables, [c.text for c in m.acceptance_criteria], m.assumptions)
        fields = [
            (f"{name.capitalize()}, one per line", "\n".join(shown(item) for item in items))
            for name, items in zip(names, lists, strict=True)
        ]

        def check(texts: list[str]) -> None:
            for name, text in zip(names, texts, strict=True):
                check_lines(_lines(text), f"the {name}")

        def done(texts: list[str] | None) -> None:
            if texts is None:
                return
            mission = self.board.get(self.mission_id)
            deliverables, criteria, assumptions = (_lines(text) for text in texts)
            mission.deliverables, mission.assumptions = deliverables, assumptions
            was = {shown(c.text): c.done for c in mission.acceptance_criteria}
            mission.acceptance_criteria = [Check(t, was.get(t, False)) for t in criteria]
            self._save(mission, "edit the brief")
            self.say("Brief saved.")

        self.app.push_screen(TextDialog("Brief", fields, check), done)

    @changes
    def action_scope(self) -> None:
        from homeops.tui.screens.dialogs import ScopeChangeDialog

        def done(change: ScopeChange | None) -> None:
            if change is None:
                return
            mission = self.board.get(self.mission_id)
            if change.accepted and change.paid_revision:
                mission = add_paid_revision(mission)
            mission.scope_changes.append(change)
            self._save(mission, f"scope change {change.what!r}")
            self.say("Scope change recorded.")

        dialog = ScopeChangeDialog(locale=self.settings.money.locale, today=self.today.isoformat())
        self.app.push_screen(dialog, done)

    def _set_notes(self, text: str) -> None:
        try:
            text = check_text(text.rstrip("\n"), "the notes")
        except ValueError as exc:
            self.say(f"Notes not saved: {exc}")
            return
        mission = self.board.get(self.mission_id)
        mission.notes = text
        self._save(mission, "edit the notes")
        self.say("Notes saved.")

    @changes
    def action_notes(self) -> None:
        from homeops.tui.screens.dialogs import TextDialog

        def done(texts: list[str] | None) -> None:
            if texts is not None:
                self._set_notes(texts[0])

        notes = shown(self.mission.notes, lines=True)
        dialog = TextDialog("Notes", [("Notes (AI use, contacts' wishes, decisions…)", notes)],
                            lambda texts: check_text(texts[0], "the notes"))  # fmt: skip
        self.app.push_screen(dialog, done)

    @changes
    def action_notes_editor(self) -> None:
        """Edit the notes in ``$VISUAL``/``$EDITOR``, in a memory-backed private file."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if not editor:
            self.say("Set $EDITOR to edit notes in your editor; t edits them here.")
            return
        if not runtime or not Path(runtime).is_dir():
            # The notes are plaintext in the file: only a per-user, memory-backed folder will do.
            self.say("$EDITOR needs XDG_RUNTIME_DIR (private, in memory); t edits notes here.")
            return
        fd, name = tempfile.mkstemp(prefix="homeops-notes-", suffix=".txt", dir=runtime)
        path = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(shown(self.mission.notes, lines=True))
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), str(path)], check=False)
            text = path.read_text(encoding="utf-8")
        finally:
            with contextlib.suppress(OSError):
                path.write_bytes(b"\0" * max(1, path.stat().st_size))
                path.unlink()
        self._set_notes(text)

    @changes
    def action_invoice(self) -> None:
        """Draft the mission's own invoice from its lines and say them (the Ledger's
        Invoices page sends it)."""
        if self.cashbook is None:
            return
        if self.cashbook.read_only:
            self.say("Read-only session: changes are refused.")
            return
        try:
            drafted = self.cashbook.draft_invoice(self.mission_id, self.today)
        except inv.InvoiceRefused as exc:
            self.say(f"Refused: {exc}")
            return
        self.board.load_billed()  # its card is no longer "to bill"
        money = self.cashbook.format_money
        lines = "; ".join(f"{shown(line.text)} {money(line.amount_cents)}"
                          for line in drafted.lines)  # fmt: skip
        self.say(f"{drafted.label} drafted, {money(drafted.amount_cents)}: {lines}. "
                 "The Ledger's Invoices page (2, I) sends it.")  # fmt: skip

    @changes
    def action_documents(self) -> None:
        """The mission's contract and onboarding form: the dialog, then a worker writes."""
        from homeops.tui.screens.documents import mission_choices, open_documents

        if self.paperwork is None:
            return
        mission, lang = self.mission, self.settings.documents.lang
        read_only = self.clients.read_only
        open_documents(
            self, self.paperwork,
            lambda papers: mission_choices(papers, mission, lang=lang, read_only=read_only),
            today=self.today, say=lambda text, refused: self.say(text, refused=refused),
        )  # fmt: skip

    @changes
    def action_undo(self) -> None:
        step = self.board.undo()
        self.say(f"Undone: {step.label}" if step else "Nothing to undo.")
        self.show_mission()

    @changes
    def action_redo(self) -> None:
        step = self.board.redo()
        self.say(f"Redone: {step.label}" if step else "Nothing to redo.")
        self.show_mission()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
