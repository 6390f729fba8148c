"""The Invoices page's b: bill a delivered mission (issue 14 part 2).

A one-field form offers the oldest mission delivered and not invoiced (any mission number may
be typed instead); saving drafts its own invoice from its named lines (the fee or the time
logged, accepted scope changes, less its deposits: ``Cashbook.draft_invoice``), selects it
and says its lines. ``BillActions`` is a mixin of ``LedgerPages``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from homeops.rules import invoices as inv
from homeops.rules.invoices import Invoice
from homeops.rules.numbers import record_number
from homeops.tui.busy import changes
from homeops.tui.text import shown
from homeops.tui.views.ledger_dialogs import Field

if TYPE_CHECKING:
    from homeops.tui.views.base import View as _Host
    from homeops.tui.views.ledger_model import LedgerModel
    from homeops.tui.views.ledger_rows import Money
else:
    _Host = object  # a plain mixin at run time

OWED_NOTED = 3  # missions the form's note names


def lines_said(invoice: Invoice, money: Money) -> str:
    """``Compost guide 1 000,00 €; Deposit F-0003 -300,00 €``: an invoice's lines in a line."""
    return "; ".join(f"{shown(line.text)} {money(line.amount_cents)}" for line in invoice.lines)


class BillActions(_Host):
    """What b does on the Invoices page, mixed into ``LedgerPages``."""

    if TYPE_CHECKING:  # LedgerView's state and LedgerPages' helpers
        today: dt.date
        model: LedgerModel | None
        money: Money

        def say(self, text: str, *, refused: bool = False) -> None: ...
        def redraw(self) -> None: ...
        def _select_invoice(self, number: int) -> None: ...
        def _form(self, title: str, fields: list[Field], check: Any, done: Any,
                  **kw: Any) -> None: ...  # fmt: skip

    @changes
    def action_bill_mission(self) -> None:
        model = self.model
        if model is None:
            return
        owed = model.not_invoiced
        first = f"#{owed[0].mission_id}" if owed else ""
        noted = [f"#{m.mission_id} {shown(m.title)} ({shown(m.client_alias)}), "
                 f"{self.money(m.fee_cents)}" for m in owed[:OWED_NOTED]]  # fmt: skip
        more = len(owed) - len(noted)
        note = ("Delivered, not invoiced: " + "; ".join(noted) + (f"; {more} more" if more > 0
                else "") if owed else "No delivered mission waits for its invoice")  # fmt: skip
        note += ". The draft bills the fee, accepted scope changes, less deposits."

        def check(values: dict[str, str]) -> Invoice:
            typed = values["mission"].strip()
            mission_id = record_number(typed)
            if mission_id is None:
                raise ValueError(f"{shown(typed[:20])!r} is not a mission number")
            assert self.model is not None
            try:
                return self.model.book.next_invoice_of(mission_id, self.today)
            except LookupError:
                raise ValueError(f"no mission with id {mission_id}") from None

        def done(draft: Invoice | None) -> None:
            if draft is None or self.model is None or draft.mission_id is None:
                return
            try:
                created = self.model.draft_invoice(draft.mission_id)
            except inv.InvoiceRefused as exc:
                self.say(f"Refused: {exc}", refused=True)
                return
            self.redraw()
            self._select_invoice(created.number)
            self.say(f"{created.label} drafted, {self.money(created.amount_cents)}: "
                     f"{lines_said(created, self.money)}. s sends it.")  # fmt: skip

        fields = [Field("mission", "Mission", first, "number, e.g. #12")]
        self._form("Bill a mission (draft invoice)", fields, check, done, save="Draft", note=note)
