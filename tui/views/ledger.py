"""The Ledger view: entries and envelope balances, with Invoices, Payouts and Forecast pages.

Keys: E I P F switch pages; i income, x expense, t transfer anywhere; / filters the entries
(``month:2026-11 env:costs client:acme mission:12`` and words), R reverses one (with its
group); n b s p v D on invoices (D writes its documents; A e a d on its retainers: add, end,
accept, decline); c h r on payouts (confirm, hold, release). The entries list draws only the
rows in view (``RowList``), so 100,000 entries scroll like ten. Data is read on first show,
not at start-up: the board comes up as fast.

This module is the frame: bindings, page switching and the filter. What each page draws and
what its keys do are in ``LedgerPages`` (tui/views/ledger_pages.py), mixed into ``LedgerView``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, Input, Label, Static

from homeops.config import Settings
from homeops.rules import ledger
from homeops.services.cashbook import Cashbook
from homeops.services.retainers import Retainers
from homeops.tui.views.base import View
from homeops.tui.views.ledger_documents import DocumentActions
from homeops.tui.views.ledger_model import LedgerModel
from homeops.tui.views.ledger_pages import LedgerPages
from homeops.tui.views.ledger_retainers import RetainerActions, RetainersSection
from homeops.tui.views.ledger_rows import Money
from homeops.tui.widgets.row_list import RowList
from homeops.tui.widgets.status_line import MessageLine

if TYPE_CHECKING:
    from homeops.tui.screens.documents import PaperworkOf

PAGES = (("entries", "E", "Entries"), ("invoices", "I", "Invoices"),
         ("payouts", "P", "Payouts"), ("forecast", "F", "Forecast"))  # fmt: skip
PAGE_ACTIONS = {
    "reverse_entry": "entries", "new_invoice": "invoices", "bill_mission": "invoices",
    "send_invoice": "invoices",
    "pay_invoice": "invoices", "void_invoice": "invoices", "confirm_payout": "payouts",
    "hold_payout": "payouts", "release_payout": "payouts", "end_retainer": "invoices",
    "add_retainer": "invoices", "accept_proposal": "invoices", "decline_proposal": "invoices",
    "invoice_documents": "invoices",
}  # fmt: skip


def _b(key: str, action: str, description: str, tooltip: str, name: str, *, show: bool = False
       ) -> Binding:  # fmt: skip
    return Binding(key, action, description, show=show, tooltip=tooltip, id=f"ledger.{name}")


class LedgerFilter(Input):
    """The entries filter; Enter applies it, Esc clears it (``Cleared``, to the view)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter", tooltip="Show every entry again",
                id="ledger.filter.clear"),
    ]  # fmt: skip

    class Cleared(Message):
        """The filter was emptied with Esc: every entry shows again."""

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Cleared())


class LedgerView(DocumentActions, RetainerActions, LedgerPages, View):
    """Business money: what came in, what went out, the envelopes, what comes next."""

    view_id = "ledger"
    title = "Ledger"
    key = "2"

    BINDINGS: ClassVar[list[BindingType]] = [
        _b("E", "page('entries')", "Entries", "The ledger's entries", "page.entries"),
        _b(
            "I",
            "page('invoices')",
            "Invoices",
            "The invoices, numbered without gaps",
            "page.invoices",
        ),
        _b(
            "P",
            "page('payouts')",
            "Payouts",
            "The next 12 payouts: covered or short",
            "page.payouts",
        ),
        _b(
            "F",
            "page('forecast')",
            "Forecast",
            "Balances week by week for 12 weeks",
            "page.forecast",
        ),
        _b(
            "slash",
            "filter",
            "Filter",
            "month:YYYY-MM env:NAME client:ALIAS mission:N words",
            "filter",
            show=True,
        ),
        _b("escape", "clear_filter", "Clear filter", "Show every entry again", "clear_filter"),
        _b(
            "R",
            "reverse_entry",
            "Reverse",
            "Correct the selected entry: opposite entries for its whole group, with a reason",
            "reverse",
        ),
        _b(
            "n",
            "new_invoice",
            "New invoice",
            "A draft invoice, next number",
            "invoice.new",
            show=True,
        ),
        _b(
            "b",
            "bill_mission",
            "Bill mission",
            "Draft a delivered mission's invoice: fee, scope changes, less deposits",
            "invoice.bill",
        ),
        _b(
            "s",
            "send_invoice",
            "Send",
            "Issue the draft: issue and due dates",
            "invoice.send",
            show=True,
        ),
        _b(
            "p",
            "pay_invoice",
            "Paid",
            "Mark paid: records the income and its split",
            "invoice.paid",
            show=True,
        ),
        _b(
            "v",
            "void_invoice",
            "Void",
            "Cancel an unpaid invoice; it keeps its number",
            "invoice.void",
        ),
        _b(
            "D",
            "invoice_documents",
            "Documents",
            "Write the invoice as PDF, Factur-X or Markdown (a void one: its credit note)",
            "invoice.documents",
            show=True,
        ),
        _b(
            "A",
            "add_retainer",
            "Add retainer",
            "A recurring package for a client: price, limit per period, term",
            "retainer.add",
        ),
        _b(
            "e",
            "end_retainer",
            "End retainer",
            "End a retainer: later drafts voided",
            "retainer.end",
        ),
        _b(
            "a",
            "accept_proposal",
            "Accept extra",
            "Accept a retainer's proposed extra work: its draft invoice",
            "retainer.accept",
        ),
        _b(
            "d",
            "decline_proposal",
            "Decline extra",
            "Decline a retainer's proposed extra work: not billed",
            "retainer.decline",
        ),
        _b(
            "c",
            "confirm_payout",
            "Confirm payout",
            "Record the next payout from pay",
            "payout.confirm",
            show=True,
        ),
        _b(
            "h",
            "hold_payout",
            "Hold payout",
            "Skip the next payout, with a reason",
            "payout.hold",
            show=True,
        ),
        _b(
            "r",
            "release_payout",
            "Release payout",
            "Drop the hold on the selected held payout: it is due again",
            "payout.release",
        ),
        # after the page's own keys: at 80 columns the footer drops the last ones first
        _b(
            "i", "income", "Income", "Record a payment received, split at once", "income", show=True
        ),
        _b(
            "x",
            "expense",
            "Expense",
            "Record money spent (from costs or another envelope)",
            "expense",
            show=True,
        ),
        _b(
            "t",
            "transfer",
            "Transfer",
            "Move money between envelopes, with a reason",
            "transfer",
            show=True,
        ),
        _b("up", "cursor(-1)", "Up", "Select the row above", "up"),
        _b("k", "cursor(-1)", "Up", "Select the row above", "up.2"),
        _b("down", "cursor(1)", "Down", "Select the row below", "down"),
        _b("j", "cursor(1)", "Down", "Select the row below", "down.2"),
        _b("pageup", "cursor(-15)", "Page up", "Fifteen rows up", "page_up"),
        _b("pagedown", "cursor(15)", "Page down", "Fifteen rows down", "page_down"),
        _b("home", "cursor(-100000000)", "First", "The first row", "top"),
        _b("end", "cursor(100000000)", "Last", "The last row", "bottom"),
    ]

    page: reactive[str] = reactive("entries", init=False)
    """The page on show: entries, invoices, payouts or forecast."""

    def __init__(
        self,
        settings: Settings,
        book: Cashbook,
        today: dt.date,
        retainers: Retainers | None = None,
        paperwork: PaperworkOf | None = None,
    ) -> None:
        super().__init__()
        self.paperwork = paperwork  # D writes the selected invoice (issue 15)
        self.settings = settings
        self.today = today
        self.model: LedgerModel | None = None
        self._book = book  # the business's cashbook, given by the main screen
        self._retainers = retainers  # listed under the invoices (issue 14 part 4)
        self.money = Money(settings.money.currency, settings.money.locale)
        self.message_text = ""
        self._early: tuple[str, int, int, str] | None = None  # c pressed once: ledger_payouts
        self.keys_pressed = 0

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="ledger-bar"):
            yield Static("", id="ledger-tabs")
            yield Label("", id="ledger-info", markup=False)
        yield Static("", id="ledger-envelopes")
        yield LedgerFilter(placeholder="month:2026-11 env:costs client:alias mission:12 words",
                           id="ledger-filter", compact=True)  # fmt: skip
        with ContentSwitcher(initial="entries", id="ledger-pages"):
            with Vertical(id="entries", classes="ledger-page"):
                yield Static("", id="entries-head", classes="list-head")
                yield RowList(
                    self._entry,
                    id="entries-list",
                    empty="No money recorded yet: i records a payment, x an expense.",
                )
            with Vertical(id="invoices", classes="ledger-page"):
                yield Static("", id="invoices-head", classes="list-head")
                yield RowList(
                    self._invoice,
                    id="invoices-list",
                    empty="No invoices yet: n makes a draft with the next number.",
                )
                yield Static("", id="invoices-owed")
                if self._retainers is not None:
                    yield RetainersSection(self._retainers, self.today, self.money)
            with Vertical(id="payouts", classes="ledger-page"):
                yield Static("", id="payouts-head", classes="list-head")
                yield RowList(self._payout, id="payouts-list")
                yield Static("", id="payouts-cushion")
            with VerticalScroll(id="forecast", classes="ledger-page"):
                yield Static("", id="forecast-chart")
        yield MessageLine(id="ledger-message")

    def on_mount(self) -> None:
        self.query_one("#ledger-filter").display = False
        self._show_tabs()

    def on_show(self) -> None:
        if self.model is None:
            self.attach(self._book)
        elif self.model.stale:  # a mission delivered or billed on another view meanwhile
            before = (self.model.invoices, self.model.not_invoiced)
            self.model.load_invoices()
            if (self.model.invoices, self.model.not_invoiced) != before:
                self.redraw()
        self.fit_width()

    def on_resize(self) -> None:
        self.fit_width()

    def fit_width(self) -> None:
        # Headers and chart are cut to the width they were drawn at: drawn while hidden (a
        # command typed beside) or before a resize, they would stay at that width.
        if self.model is not None and self.drawn_width != self.page_width():
            self.redraw()

    def on_hide(self) -> None:
        self._early = None

    def on_key(self, event: events.Key) -> None:
        # Before the bindings: counted so that c pressed twice pays early only twice in a row.
        self.keys_pressed += 1
        answer = self.answer_key(event.key) if self.has_focus else ""  # not while filtering
        if answer:  # a key with nothing to do here still answers
            event.stop()
            self.say(answer)

    def attach(self, book: Cashbook) -> None:
        """Read the ledger of ``book`` and draw it."""
        self.model = LedgerModel(book, self.today)
        self.model.load(outlook=self.page in ("payouts", "forecast"))
        self.redraw()

    def show_counts(self, counts: Mapping[str, int]) -> None:
        return  # the view reads its data itself on first show

    # -- tabs and message line ---------------------------------------------------------------

    def _show_tabs(self) -> None:
        text = Text()
        for page, key, title in PAGES:
            style = "bold reverse" if page == self.page else ""
            text.append(f" {key} {title} ", style=style)
        self.query_one("#ledger-tabs", Static).update(text)

    def say(self, text: str, *, refused: bool = False) -> None:
        """One line under the lists: what the last key did, or why it did not."""
        self.message_text = text
        self.query_one("#ledger-message", MessageLine).say(text, refused=refused)

    # -- pages and cursor --------------------------------------------------------------------

    def watch_page(self, page: str) -> None:
        model = self.model
        if page in ("payouts", "forecast") and model and model.outlook is None:
            model.load_outlook()  # the first time only: the entries page does not need it
            self.redraw()
        self.query_one("#ledger-pages", ContentSwitcher).current = page
        self.say("")  # a message belongs to the page where it was said
        self._early = None
        self._show_tabs()
        self._show_info()
        self.refresh_bindings()

    def action_page(self, page: str) -> None:
        self.page = page

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None, not False: a key of another page stays in the help (disabled), and the
        # footer hides it while the ledger is on show (see homeops.tcss).
        wanted = PAGE_ACTIONS.get(action)
        if wanted is not None and wanted != self.page:
            return None
        if action in ("filter", "clear_filter") and self.page != "entries":
            return None
        if action == "release_payout" and not self.held_payouts():
            return None  # nothing to release: the palette does not offer it
        if action in ("add_retainer", "end_retainer", "accept_proposal", "decline_proposal") and (
            self._retainers is None
        ):
            return None
        return True

    def held_payouts(self) -> bool:
        """Whether the Payouts page lists a held payout (r can release it)."""
        outlook = self.model.outlook if self.model else None
        return outlook is not None and any(line.held for line in outlook.payouts)

    def action_cursor(self, delta: int) -> None:
        pages = {"entries": "#entries-list", "invoices": "#invoices-list",
                 "payouts": "#payouts-list"}  # fmt: skip
        if self.page in pages:
            self.query_one(pages[self.page], RowList).move(delta)
        else:
            scroller = self.query_one("#forecast", VerticalScroll)
            scroller.scroll_to(y=scroller.scroll_y + delta, animate=False)

    @on(RowList.Clicked)
    def _clicked(self, event: RowList.Clicked) -> None:
        event.row_list.cursor = event.index

    # -- filter ------------------------------------------------------------------------------

    def action_filter(self) -> None:
        field = self.query_one("#ledger-filter", LedgerFilter)
        field.display = True
        field.focus()

    def close_filter(self, *, apply: bool) -> None:
        field = self.query_one("#ledger-filter", LedgerFilter)
        if apply:
            self.apply_filter(field.value)
        field.display = bool(field.value)
        self.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#ledger-filter", LedgerFilter)
        field.value = ""
        self.close_filter(apply=True)

    @on(Input.Submitted, "#ledger-filter")
    @on(LedgerFilter.Cleared)
    def _filter_submitted(self) -> None:
        self.close_filter(apply=True)

    def apply_filter(self, text: str) -> bool:
        """Show the entries ``text`` matches; False (and why, in the message line) if invalid."""
        if self.model is None:
            return False
        try:
            wanted = ledger.parse_filter(text)
        except ValueError as exc:
            self.say(f"Filter: {exc}", refused=True)
            return False
        self.model.apply_filter(wanted)
        self.entries.cursor = 0
        self.entries.show(self.model.rows, empty="No entry matches the filter (Esc clears it).")
        self._show_info()
        self.say("")
        return True
