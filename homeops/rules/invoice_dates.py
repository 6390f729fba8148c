"""The invoices' dates follow their numbers (issue 15, review r15b #4; CGI art. 242 nonies A:
one chronological, continuous series): each check gives the refusal as one line naming the
date allowed, or None. ``today`` is passed in (no clock here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from homeops.rules.invoices import Invoice, InvoiceRefused, credit_label, label


class OutOfOrder(InvoiceRefused):
    """A date that breaks the series' order or is after today: the message names the date
    allowed (no override: the law wants the order)."""


def issue_problem(
    number: int, day: dt.date, invoices: Iterable[Invoice], today: dt.date
) -> str | None:
    """Why invoice ``number`` cannot be issued on ``day``: after ``today``, before an invoice
    of a lower number was issued, or after one of a higher number was (a draft numbered
    before it)."""
    name, when = label(number), day.isoformat()
    if day > today:
        return f"{name} cannot be dated {when}, after today: date it {today} at the latest"
    issued = [i for i in invoices if i.issued and i.number != number]
    before = max((i for i in issued if i.number < number),
                 key=lambda i: (i.issued or "", i.number), default=None)  # fmt: skip
    if before is not None and before.issued and when < before.issued:
        return (f"{name} cannot be dated {when}: {before.label} was issued on {before.issued}; "
                f"date it {before.issued} or later")  # fmt: skip
    after = min((i for i in issued if i.number > number),
                key=lambda i: (i.issued or "", i.number), default=None)  # fmt: skip
    if after is not None and after.issued and when > after.issued:
        return (f"{name} cannot be dated {when}: {after.label} was issued on {after.issued}; "
                f"date it {after.issued} at the latest, or void it and invoice anew")  # fmt: skip
    return None


def credit_problem(
    invoice: Invoice, day: dt.date, invoices: Iterable[Invoice], today: dt.date, number: int
) -> str | None:
    """Why the credit note ``number`` cancelling issued ``invoice`` cannot be made on ``day``:
    after ``today``, before the invoice's issue date, or before the last credit note's."""
    name, when = credit_label(number), day.isoformat()
    if day > today:
        return f"{name} cannot be dated {when}, after today: date it {today} at the latest"
    if invoice.issued and when < invoice.issued:
        return (f"{name} cannot be dated {when}: {invoice.label} was issued on "
                f"{invoice.issued}; date it {invoice.issued} or later")  # fmt: skip
    last = max((i for i in invoices if i.credit_note is not None and i.credited_on),
               key=lambda i: (i.credited_on or "", i.credit_note or 0), default=None)  # fmt: skip
    if last is not None and last.credited_on and when < last.credited_on:
        assert last.credit_note is not None
        return (f"{name} cannot be dated {when}: {credit_label(last.credit_note)} is dated "
                f"{last.credited_on}; date it {last.credited_on} or later")  # fmt: skip
    return None
