"""The Ledger's pages: how Entries, Invoices, Payouts and Forecast are drawn, and what their
keys do (recording money, invoices, payouts).

``LedgerPages`` is a mixin of ``LedgerView`` (tui/views/ledger.py), which holds the bindings,
the page switching and the filter; the mixin reads the view's state (model, money, settings).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Label, Static

from homeops.config import Settings
from homeops.rules import invoices as inv
from homeops.rules import ledger
from homeops.rules.invoices import Invoice
from homeops.rules.money import parse_amount
from homeops.rules.numbers import format_percent, record_number
from homeops.rules.rule_words import in_words
from homeops.rules.text import NAME_MAX
from homeops.services.errors import PaidTwice
from homeops.services.money_checks import Ways
from homeops.tui.busy import changes
from homeops.tui.text import data, shown
from homeops.tui.views.base import plural
from homeops.tui.views.ledger_bills import BillActions
from homeops.tui.views.ledger_dialogs import Field, LedgerForm, reversal_form
from homeops.tui.views.ledger_model import LedgerModel, parse_envelope
from homeops.tui.views.ledger_payouts import PayoutActions
from homeops.tui.views.ledger_retainers import RetainersSection
from homeops.tui.views.ledger_rows import (
    Money,
    cushion_text,
    entry_header,
    entry_row,
    envelopes_text,
    forecast_text,
    invoice_header,
    invoice_row,
    not_invoiced_text,
    payout_header,
    payout_row,
)
from homeops.tui.widgets.row_list import RowList

if TYPE_CHECKING:
    from homeops.tui.views.base import View as _Host
else:
    _Host = object  # a plain mixin at run time: Textual sees only LedgerView's own bases


class LedgerPages(PayoutActions, BillActions, _Host):
    """The drawing and the actions of the ledger's pages, mixed into ``LedgerView``."""

    drawn_width = 0  # the width the pages were last drawn at: LedgerView.fit_width

    if TYPE_CHECKING:  # LedgerView's state, set in its __init__ and on_mount
        settings: Settings
        today: dt.date
        model: LedgerModel | None
        money: Money
        page: str

        def say(self, text: str, *, refused: bool = False) -> None: ...

    # -- drawing -----------------------------------------------------------------------------

    def _entry(self, row: Any, width: int) -> Text:
        return entry_row(row, width, self.money)

    def _invoice(self, row: Any, width: int) -> Text:
        return invoice_row(row, width, self.money, self.today)

    def _payout(self, row: Any, width: int) -> Text:
        outlook = self.model.outlook if self.model else None
        cushion = outlook.cushion.balance_cents if outlook else 0
        return payout_row(row, width, self.money, cushion)

    @property
    def entries(self) -> RowList:
        return self.query_one("#entries-list", RowList)

    @property
    def invoice_list(self) -> RowList:
        return self.query_one("#invoices-list", RowList)

    def page_width(self) -> int:
        return max(20, self.content_region.width - 1)  # 20 while hidden (no region)

    def redraw(self) -> None:
        """Draw every page from the model."""
        model = self.model
        if model is None:
            return
        width = self.drawn_width = self.page_width()
        self.query_one("#ledger-envelopes", Static).update(
            envelopes_text(model.balances(), self.money)
        )
        self.query_one("#entries-head", Static).update(entry_header(width))
        self.entries.show(model.rows)
        self.query_one("#invoices-head", Static).update(invoice_header(width))
        self.invoice_list.show(model.invoices)
        owed = self.query_one("#invoices-owed", Static)
        owed.display = bool(model.not_invoiced)
        owed.update(not_invoiced_text(model.not_invoiced, width, self.money))
        for section in self.query(RetainersSection):  # under the invoices (issue 14 part 4)
            section.reload(width)
        self.query_one("#payouts-head", Static).update(payout_header(width))
        outlook = model.outlook
        if outlook is None:
            # why there is no outlook: it may quote a stored value
            self.query_one("#payouts-list", RowList).show((), empty=shown(model.outlook_error))
            self.query_one("#payouts-cushion", Static).update("")
            self.query_one("#forecast-chart", Static).update(data(model.outlook_error))
        else:
            self.query_one("#payouts-list", RowList).show(outlook.payouts)
            legend = "\nNow: pay as it is. Expected: once the payments due before it arrive."
            self.query_one("#payouts-cushion", Static).update(
                cushion_text(outlook.cushion, self.money).append(legend, style="dim")
            )
            self.query_one("#forecast-chart", Static).update(
                forecast_text(outlook.forecast, self.money, width)
            )
        self._show_info()

    def _show_info(self) -> None:
        model = self.model
        if model is None:
            return
        if self.page == "entries":
            total = len(model.all_rows)
            info = (
                f"{len(model.rows)} of {plural(total, 'entry', 'entries')}"
                if model.filter.active
                else plural(total, "entry", "entries")
            )
        elif self.page == "invoices":
            open_count = sum(1 for i in model.invoices if i.status in inv.OPEN)
            info = f"{plural(len(model.invoices), 'invoice')}, {open_count} open"
        else:
            payout = self.settings.payout
            info = f"payout {in_words(payout.rule)}, {self.money(payout.amount_cents)}"
        self.query_one("#ledger-info", Label).update(info)

    # -- recording ---------------------------------------------------------------------------

    def _amount(self, text: str) -> int:
        cents = parse_amount(text, self.settings.money.locale)
        if cents <= 0:
            raise ValueError("the amount must be more than zero")
        return cents

    def _mission(self, text: str) -> int | None:
        if not text.strip():
            return None
        mission_id = record_number(text.strip())
        if mission_id is None:
            raise ValueError(f"mission {shown(text.strip()[:20])!r} is not a mission number")
        assert self.model is not None
        self.model.book.mission(mission_id)  # LookupError: no such mission
        return mission_id

    def _form(self, title: str, fields: list[Field], check: Any, done: Any, **kw: Any) -> None:
        if self.model is None or self.model.book.read_only:
            self.say("Read-only session: changes are refused.", refused=True)
            return
        self.app.push_screen(LedgerForm(title, fields, check, **kw), done)

    @changes
    def action_income(self) -> None:
        today = self.today.isoformat()

        def check(values: dict[str, str]) -> tuple[int, str, str, int | None, str]:
            amount, mission = self._amount(values["amount"]), self._mission(values["mission"])
            override = " ".join(values["override"].split())
            if override and mission is None:
                raise ValueError("Override is for a payment past a mission's fee: give its "
                                 "Mission")  # fmt: skip
            if mission is not None:
                self._paid_once(mission, amount, override=override)
            return (amount, ledger.parse_day(values["date"]), values["memo"].strip(),
                    mission, override)  # fmt: skip

        def done(result: tuple[int, str, str, int | None, str] | None) -> None:
            if result is None or self.model is None:
                return
            try:
                entries = self.model.record_income(*result)
            except PaidTwice as exc:  # an invoice changed meanwhile
                self._refuse(f"Not recorded: {exc}.")
                return
            self.redraw()
            split = ", ".join(f"{e.envelope} {self.money(e.amount_cents)}" for e in entries)
            # Two sentences: at 80 columns the line keeps the first whole (all of it in ?).
            self.say(f"Income {self.money(result[0])} recorded. {split[:1].upper()}{split[1:]}.")

        fields = [Field("amount", "Amount", "", "1200 or 1 200,50"), Field("date", "Date", today),
                  Field("memo", "From", "", "client and what for"),
                  Field("mission", "Mission", "", "mission number (optional)"),
                  Field("override", "Override", "", "only if paid past its fee: why",
                        ledger.OVERRIDE_MAX)]  # fmt: skip
        locale = self.settings.money.locale
        shares_bp = self.settings.money.shares_bp.items()
        shares = ", ".join(f"{n} {format_percent(bp, locale)}" for n, bp in shares_bp)
        self._form("Record income", fields, check, done, note=f"Split at once: {shares}.")

    def _paid_once(
        self, mission: int, amount: int, invoice: Invoice | None = None, override: str = ""
    ) -> None:
        """``ValueError`` (the form says it) when the payment would count a mission's money
        twice (through its invoice and without it) or take it past its fee (issue 13)."""
        assert self.model is not None
        try:
            self.model.book.check_paid_once(mission, amount, invoice, override=override)
        except PaidTwice as exc:
            ways = []
            if exc.entry_ids:
                one = f"entry #{exc.entry_id}" if len(exc.entry_ids) == 1 else "one of them"
                ways.append(f"R on {one} reverses it")
            elif exc.due is None:
                ways.append("on the Invoices page (I), p marks it paid")
            if exc.due is not None:
                ways.append("write why in Override")
            raise ValueError(f"{exc} ({'; '.join(ways)})") from None

    @changes
    def action_expense(self) -> None:
        model = self.model
        envelopes = model.envelopes if model else []

        def check(values: dict[str, str]) -> tuple[Any, str]:
            entry = ledger.expense(
                self._amount(values["amount"]), date=ledger.parse_day(values["date"]),
                category=values["category"], currency=self.settings.money.currency,
                envelope=parse_envelope(values["envelope"], envelopes), memo=values["memo"],
            )  # fmt: skip
            override = " ".join(values["override"].split())
            assert self.model is not None
            # Decide before spending: NotCovered (a ValueError) keeps the form open, saying why.
            self.model.book.check_covered(
                entry.envelope, -entry.amount_cents, "the expense", override=override,
                ways=Ways("put it off", "Esc then t moves {short} in from cushion",
                          "write why in Override (kept in the entry)"),
            )  # fmt: skip
            return entry, override

        def done(result: tuple[Any, str] | None) -> None:
            if result is None or self.model is None:
                return
            entry, override = result
            try:
                entry = self.model.record_expense(entry, override)
            except ValueError as exc:  # NotCovered: the envelope changed meanwhile
                self._refuse(f"Not recorded: {exc}.")
                return
            self.redraw()
            kept = " (override kept in the entry)" if override else ""
            self.say(f"Expense of {self.money(-entry.amount_cents)} drawn on "
                     f"{entry.envelope}{kept}.")  # fmt: skip

        fields = [Field("amount", "Amount", "", "e.g. 19,99"),
                  Field("category", "Category", "", "software, insurance, travel…", NAME_MAX),
                  Field("envelope", "Envelope", ledger.COSTS, ", ".join(envelopes)),
                  Field("date", "Date", self.today.isoformat()), Field("memo", "Memo"),
                  Field("override", "Override", "", "only if the envelope lacks it: why",
                        ledger.OVERRIDE_MAX)]  # fmt: skip
        self._form("Record expense", fields, check, done)

    @changes
    def action_transfer(self) -> None:
        model = self.model
        envelopes = model.envelopes if model else []

        def check(values: dict[str, str]) -> tuple[int, str, str, str, str, str]:
            source = parse_envelope(values["source"], envelopes, "from")
            target = parse_envelope(values["target"], envelopes, "to")
            if source == target:
                raise ValueError("a transfer needs two different envelopes")
            if not values["reason"].strip():
                raise ValueError("a transfer needs a reason")
            amount, override = self._amount(values["amount"]), " ".join(values["override"].split())
            assert self.model is not None
            # Decide before moving: NotCovered (a ValueError) keeps the form open, saying why.
            self.model.book.check_covered(
                source, amount, "the transfer", override=override,
                ways=Ways("move less", "", "write why in Override (kept in the entries)"),
            )  # fmt: skip
            return (amount, ledger.parse_day(values["date"]), source, target,
                    values["reason"].strip(), override)  # fmt: skip

        def done(result: tuple[int, str, str, str, str, str] | None) -> None:
            if result is None or self.model is None:
                return
            try:
                self.model.transfer(*result)
            except ValueError as exc:  # NotCovered: the envelope changed meanwhile
                self._refuse(f"Not recorded: {exc}.")
                return
            self.redraw()
            kept = " (override kept in the entries)" if result[5] else ""
            self.say(f"Moved {self.money(result[0])} from {result[2]} to {result[3]}{kept}.")

        names = ", ".join(envelopes)
        fields = [Field("amount", "Amount"), Field("source", "From", "", names),
                  Field("target", "To", "", names), Field("reason", "Reason", "", "why"),
                  Field("date", "Date", self.today.isoformat()),
                  Field("override", "Override", "", "only if From lacks it: why",
                        ledger.OVERRIDE_MAX)]  # fmt: skip
        self._form("Transfer between envelopes", fields, check, done)

    def _refuse(self, text: str) -> None:
        """A change refused: the reason in the message line and as a notification."""
        self.say(text, refused=True)
        self.app.notify(text, title="Not recorded", severity="warning", markup=False)

    @changes
    def action_reverse_entry(self) -> None:
        model, row = self.model, self.entries.selected
        if model is None or row is None:
            self.say("No entry selected.", refused=True)
            return
        if model.book.read_only:
            self.say("Read-only session: changes are refused.", refused=True)
            return
        group, problem = model.reversal_preview(row.id)
        if problem:
            self._refuse(f"Not reversed: {problem}.")
            return

        def done(reason: str | None) -> None:
            if reason is None or self.model is None:
                return
            try:
                entries = self.model.reverse(row.id, reason)
            except ledger.ReversalRefused as exc:
                self._refuse(f"Not reversed: {exc}.")
                return
            self.redraw()
            # The cursor lands on the reversal of the entry that was selected.
            mine = next(e for e in entries if e.description.startswith(f"Reversal of #{row.id}:"))
            index = self.model.rows.index_of(mine.id or 0)
            if index is not None:
                self.entries.cursor = index
            self.say(f"Entry #{row.id} reversed: {plural(len(entries), 'entry', 'entries')} "
                     f"with the opposite amounts, dated {self.today.isoformat()}.")  # fmt: skip

        width = max(len(shown(e.envelope)) for e in group)
        recorded = [f"{shown(e.envelope):<{width}} {self.money(-e.amount_cents):>14}"
                    for e in group]  # fmt: skip
        form = reversal_form(row.id, self.today.isoformat(), recorded)
        self.app.push_screen(form, done)

    # -- invoices ----------------------------------------------------------------------------

    def _selected_invoice(self) -> Invoice | None:
        invoice = self.invoice_list.selected
        if invoice is None:
            self.say("No invoice selected.", refused=True)
        return invoice if isinstance(invoice, Invoice) else None

    def _select_invoice(self, number: int) -> None:
        for index, invoice in enumerate(self.invoice_list.rows):
            if invoice.number == number:
                self.invoice_list.cursor = index

    @changes
    def action_new_invoice(self) -> None:
        def check(values: dict[str, str]) -> Invoice:
            client = values["client"].strip()
            if not client:
                raise ValueError("an invoice needs a client alias")
            amount, mission = self._amount(values["amount"]), self._mission(values["mission"])
            currency = self.settings.money.currency
            invoice = Invoice(0, client, amount, values["what"].strip(), currency, mission)
            if self.model is not None:  # a mission's: at most what is left to bill
                self.model.book.check_bill(invoice)
            return invoice

        def done(invoice: Invoice | None) -> None:
            if invoice is None or self.model is None:
                return
            created = self.model.new_invoice(invoice)
            self.redraw()
            self._select_invoice(created.number)
            self.say(f"{created.label} drafted for {created.client_alias}: s sends it.")

        fields = [Field("client", "Client", "", "alias", NAME_MAX), Field("amount", "Amount"),
                  Field("what", "What"),
                  Field("mission", "Mission", "", "number (optional)")]  # fmt: skip
        self._form("New invoice (draft)", fields, check, done)

    def _invoice_change(self, verb: str) -> None:
        invoice = self._selected_invoice()
        if invoice is None or self.model is None:
            return
        if self.model.book.read_only:
            self.say("Read-only session: changes are refused.", refused=True)
            return
        try:
            changed = (self.model.send_invoice(invoice) if verb == "send"
                       else self.model.void_invoice(invoice))  # fmt: skip
        except inv.InvoiceRefused as exc:
            self.say(f"Refused: {exc}", refused=True)
            return
        self.redraw()
        self._select_invoice(changed.number)
        due = f", due {changed.due}" if verb == "send" else " (it keeps its number)"
        if verb == "void" and changed.credit_note is not None:
            due = f" (it keeps its number), credit note {inv.credit_label(changed.credit_note)}"
        self.say(f"{changed.label} {changed.status}{due}.")

    @changes
    def action_send_invoice(self) -> None:
        self._invoice_change("send")

    @changes
    def action_void_invoice(self) -> None:
        self._invoice_change("void")

    @changes
    def action_pay_invoice(self) -> None:
        invoice = self._selected_invoice()
        if invoice is None:
            return
        if invoice.status not in inv.OPEN:
            self.say(f"Refused: {invoice.label} is {invoice.status}.", refused=True)
            return

        def check(values: dict[str, str]) -> dt.date:
            day = dt.date.fromisoformat(ledger.parse_day(values["date"], "paid on"))
            if invoice.mission_id is not None:
                self._paid_once(invoice.mission_id, invoice.amount_cents, invoice)
            return day

        def done(day: dt.date | None) -> None:
            if day is None or self.model is None:
                return
            try:
                paid, entries = self.model.pay_invoice(invoice.number, day)
            except (inv.InvoiceRefused, PaidTwice) as exc:
                self.say(f"Refused: {exc}", refused=True)
                return
            self.redraw()
            self._select_invoice(paid.number)
            split = ", ".join(f"{e.envelope} {self.money(e.amount_cents)}" for e in entries)
            self.say(f"{paid.label} paid: {split}.")

        note = (f"{invoice.label}, {shown(invoice.client_alias)}, "
                f"{self.money(invoice.amount_cents)}: "
                "the income is recorded and split at once.")  # fmt: skip
        self._form("Mark invoice paid", [Field("date", "Paid on", self.today.isoformat())],
                   check, done, save="Paid", note=note)  # fmt: skip
