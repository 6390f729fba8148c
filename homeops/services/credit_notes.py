"""Credit notes: a void invoice that had been issued is cancelled by a credit note, numbered
in a second series without gaps (``AV-0001``), given in the same change that voids it.

A draft voided never left the house: it gets none. An older vault's void, issued invoice
without a number gets one the first time its credit note is asked for
(``Cashbook.credit_note_for``). Numbers are the highest so far plus one, read inside the
change that assigns them (one writer at a time: the vault's lock and ``transaction``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from homeops.rules import invoice_dates
from homeops.rules import invoices as inv
from homeops.rules.invoices import Invoice
from homeops.services import issued_as, series_dates
from homeops.services.waiting import check_idle

if TYPE_CHECKING:
    from homeops.config import Settings
    from homeops.storage.vault import Vault


class NoCreditNote(ValueError):
    """An invoice that takes no credit note (not void, or voided before it was issued):
    one line, its label only; nothing was written."""


def void(
    vault: Vault,
    invoice: Invoice,
    today: dt.date,
    now: dt.date | None = None,
    settings: Settings | None = None,
    *,
    override: str = "",
) -> Invoice:
    """Void ``invoice``; when it had been issued, with the next credit note made ``today``:
    one durable change. ``InvoiceRefused`` (nothing written) when it cannot be voided: not
    open, a deposit that an invoice not void deducts, or a credit note that ``today`` would
    date after ``now`` (the real today) or out of order (``rules.invoice_dates``; when the
    series' last date is after today, ``override``, a reason, dates it any day up to today,
    kept as an event: ``series_dates``). With ``settings``, an issued invoice without its
    frozen copy (an older one) gets it in the same change (``services.issued_as``)."""
    check_idle(vault)
    if invoice.status in inv.OPEN and invoice.kind == "deposit":
        # Cancelling it would leave the later invoice deducting money never owed (issue 15).
        later = inv.deducted_on(invoice, vault.invoices.list())
        if later is not None:
            raise inv.InvoiceRefused(
                f"{invoice.label} is deducted on {later.label}: void {later.label} first"
            )
    event = None
    if invoice.status in inv.OPEN and invoice.issued:  # its credit note is dated today
        invoices = vault.invoices.list()
        number = inv.next_credit_note(invoices)
        problem = invoice_dates.credit_check(invoice, today, invoices, now or today, number)
        event = series_dates.allowed(problem, inv.credit_label(number), today, now or today,
                                     override)  # fmt: skip
    voided = inv.void(invoice)
    with vault.transaction():
        if inv.wants_credit_note(voided):
            inv.credit(voided, inv.next_credit_note(vault.invoices.list()), today)
            if settings is not None:
                issued_as.freeze(vault, settings, voided)
        vault.invoices.update(voided)
        if event is not None:
            vault.events.add(event)
    return voided


def credit_note_for(
    vault: Vault, number: int, today: dt.date, settings: Settings | None = None
) -> Invoice:
    """Void invoice ``number`` with its credit note number, given now (one change, made
    ``today``) when an older vault voided it without one. ``NotFound``; ``NoCreditNote``
    for an invoice not void or never issued. With ``settings``, its frozen copy is taken in
    the same change when it has none."""
    invoice = vault.invoices.by_number(number)
    if invoice.status != "void":
        raise NoCreditNote(f"{invoice.label} is {invoice.status}, not void: it has no credit note")
    if not invoice.issued:
        raise NoCreditNote(
            f"{invoice.label} was voided as a draft, never issued: it needs no credit note"
        )
    if invoice.credit_note is not None:
        return invoice
    check_idle(vault)
    with vault.transaction():
        invoice = vault.invoices.by_number(number)  # as stored now, inside the change
        if inv.wants_credit_note(invoice):
            inv.credit(invoice, inv.next_credit_note(vault.invoices.list()), today)
            if settings is not None:
                issued_as.freeze(vault, settings, invoice)
            vault.invoices.update(invoice)
    return invoice
