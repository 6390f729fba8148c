"""Invoices: one continuous number series with no gaps, due dates from payment terms, statuses.

French law wants invoice numbers in one chronological series without gaps, so an invoice is
never deleted: a mistaken one is voided and keeps its number. Status is stored as draft, sent,
paid or void; overdue is not stored but read from the due date (``status_on``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field

from homeops.rules.model import Client, Mission, Offer
from homeops.rules.numbers import format_percent

STATUSES = ("draft", "sent", "paid", "overdue", "void")
STORED = ("draft", "sent", "paid", "void")
OPEN = ("draft", "sent")


@dataclass
class InvoiceLine:
    """One named line of an invoice. A time line has ``minutes`` at ``rate_cents`` an hour;
    ``amount_cents`` is the line's total (negative for a deposit already invoiced)."""

    text: str
    amount_cents: int
    minutes: int = 0
    rate_cents: int = 0


@dataclass
class Invoice:
    """A bill to a client, for a mission or not. ``amount_cents`` is what the client pays."""

    number: int
    client_alias: str
    amount_cents: int
    description: str = ""
    currency: str = "EUR"
    mission_id: int | None = None
    status: str = "draft"  # draft, sent, paid, void (overdue: see status_on)
    issued: str | None = None  # ISO date; set when sent
    due: str | None = None  # issued + payment terms
    paid_on: str | None = None
    lines: list[InvoiceLine] = field(default_factory=list)  # empty: one line, the description
    kind: str = ""  # "" (the mission's bill), "deposit" or "retainer"
    retainer_id: int | None = None
    period: str | None = None  # a retainer's period start, ISO date
    credit_note: int | None = None  # voided after issue: its number in the AV- series
    credited_on: str | None = None  # ISO date the credit note was made (the void's day)
    # what its page printed of the seller and the client, frozen when it was issued
    # (rules.document_frozen; None: a draft, or issued by an older homeops)
    issued_as: dict[str, object] | None = None
    id: int | None = None

    @property
    def label(self) -> str:
        """The number as printed on the invoice: ``F-0007``."""
        return label(self.number)


def label(number: int) -> str:
    return f"F-{number:04d}"


def credit_label(number: int) -> str:
    """A credit note's number as printed: ``AV-0001`` (a second series without gaps)."""
    return f"AV-{number:04d}"


def next_credit_note(invoices: Iterable[Invoice]) -> int:
    """The number the next credit note takes: one more than the highest so far, from 1."""
    return max((i.credit_note for i in invoices if i.credit_note is not None), default=0) + 1


def wants_credit_note(invoice: Invoice) -> bool:
    """Whether ``invoice`` is void after being issued and has no credit note yet (a draft
    voided never left the house: it gets none)."""
    return invoice.status == "void" and bool(invoice.issued) and invoice.credit_note is None


def credit(invoice: Invoice, number: int, day: dt.date) -> Invoice:
    """Give void, issued ``invoice`` the credit note ``number`` made on ``day``."""
    if not wants_credit_note(invoice):
        raise InvoiceRefused(f"{invoice.label} takes no credit note")
    invoice.credit_note, invoice.credited_on = number, day.isoformat()
    return invoice


def parse_number(text: str) -> int:
    """``7``, ``0007`` or ``F-0007`` -> 7; ``ValueError`` otherwise."""
    shown = text.strip().upper().removeprefix("F-").removeprefix("F")
    # ASCII digits, at most twelve: isdigit() also takes "²" (int() then fails) and "١".
    if not re.fullmatch(r"[0-9]{1,12}", shown) or int(shown) < 1:
        typed = text.strip()
        typed = typed if len(typed) <= 40 else typed[:39] + "…"  # 5,000 digits stay short
        raise ValueError(f"{typed!r} is not an invoice number (e.g. 7 or F-0007)")
    return int(shown)


def next_number(numbers: Iterable[int]) -> int:
    """The number the next invoice takes: one more than the highest so far, from 1."""
    return max(numbers, default=0) + 1


def gaps(numbers: Iterable[int]) -> list[int]:
    """Numbers missing from the series 1..highest (the series is valid when this is empty)."""
    seen = set(numbers)
    return [n for n in range(1, max(seen, default=0) + 1) if n not in seen]


def due_date(issued: dt.date, terms_days: int) -> dt.date:
    """The day payment is due: ``terms_days`` after the issue date."""
    return issued + dt.timedelta(days=terms_days)


def terms_days_of(invoice: Invoice, terms_days: int) -> int:
    """The days ``invoice`` is due after: ``terms_days`` (its mission's or the settings'),
    but 0 for a deposit: the contract starts the work at its payment, so it is due on
    receipt (a 30-day deposit would fall after the delivery it funds)."""
    return 0 if invoice.kind == "deposit" else terms_days


def status_on(invoice: Invoice, today: dt.date) -> str:
    """The status to show: ``overdue`` for a sent invoice whose due date has passed."""
    if invoice.status == "sent" and invoice.due and invoice.due < today.isoformat():
        return "overdue"
    return invoice.status


class InvoiceRefused(ValueError):
    """A change an invoice's status does not allow; the message is one line."""


def send(invoice: Invoice, issued: dt.date, terms_days: int) -> Invoice:
    """Issue a draft: it gets its issue and due dates."""
    if invoice.status != "draft":
        raise InvoiceRefused(f"{invoice.label} is {invoice.status}; only a draft can be sent")
    invoice.status = "sent"
    invoice.issued = issued.isoformat()
    invoice.due = due_date(issued, terms_days).isoformat()
    return invoice


def pay(invoice: Invoice, paid_on: dt.date, terms_days: int) -> Invoice:
    """Mark paid (a draft paid straight away is issued the same day)."""
    if invoice.status not in OPEN:
        raise InvoiceRefused(f"{invoice.label} is {invoice.status}; it cannot be paid")
    if invoice.status == "draft":
        send(invoice, paid_on, terms_days)
    if invoice.issued and paid_on.isoformat() < invoice.issued:
        raise InvoiceRefused(f"{invoice.label} was issued on {invoice.issued}, after {paid_on}")
    invoice.status = "paid"
    invoice.paid_on = paid_on.isoformat()
    return invoice


def unpay(invoice: Invoice) -> Invoice:
    """Its payment was reversed: the invoice is open again (sent, due as before)."""
    if invoice.status != "paid":
        raise InvoiceRefused(f"{invoice.label} is {invoice.status}, not paid")
    invoice.status = "sent"
    invoice.paid_on = None
    return invoice


def void(invoice: Invoice) -> Invoice:
    """Cancel an unpaid invoice; it keeps its number so the series has no gap."""
    if invoice.status not in OPEN:
        raise InvoiceRefused(f"{invoice.label} is {invoice.status}; it cannot be voided")
    invoice.status = "void"
    return invoice


def expected_on(invoice: Invoice, today: dt.date, terms_days: int = 0) -> dt.date | None:
    """When an open invoice's money is expected: its due date (today when overdue); a draft
    not sent, the day it would be due if sent today (``terms_days``: its terms)."""
    if invoice.status not in OPEN:
        return None
    if invoice.due is None:
        return due_date(today, max(terms_days, 0))
    return max(today, dt.date.fromisoformat(invoice.due))


@dataclass(frozen=True)
class NotInvoiced:
    """A delivered mission with a fee that no invoice bills and no payment paid: money owed
    (``fee_cents``: what is left to bill), expected its terms after its delivery
    (``expected_on``, today at the earliest)."""

    mission_id: int
    title: str
    client_alias: str
    fee_cents: int
    delivered_on: str  # ISO date the mission reached the last stage ("" when unknown)
    expected_on: dt.date


def delivered_on(mission: Mission, stage: str) -> str:
    """The day ``mission`` last reached ``stage``, from its history ("" when it does not say)."""
    return next((move.at[:10] for move in reversed(mission.history) if move.stage == stage), "")


def delivered_not_invoiced(
    missions: Iterable[Mission],
    *,
    delivered: str,
    invoiced: Collection[int],
    paid: Collection[int],
    terms_days: int,
    today: dt.date,
    deposits: Mapping[int, int] | None = None,
    time_billed: Mapping[int, int] | None = None,
) -> list[NotInvoiced]:
    """The missions in stage ``delivered`` with a fee, billed by no invoice of ``invoiced``
    (the missions of their own invoices not voided) and paid by no payment (``paid``),
    oldest delivery first, each with what is left to bill (fee and accepted scope changes;
    an hourly mission in ``time_billed``: what its logged time bills within the cap, as its
    own invoice would draft it; less ``deposits``: cents invoiced as deposits per mission),
    expected its own terms (else ``terms_days``) after delivery. One delivered on an
    unknown day: from today."""
    owed = []
    for mission in missions:
        if (mission.stage != delivered or mission.id is None or mission.fee_cents <= 0
                or mission.id in invoiced or mission.id in paid):  # fmt: skip
            continue
        base = (time_billed or {}).get(mission.id, billed_total(mission))
        left = base - (deposits or {}).get(mission.id, 0)
        if left <= 0:
            continue
        day = delivered_on(mission, delivered)
        terms = terms_days if mission.terms_days is None else mission.terms_days
        try:
            due = dt.date.fromisoformat(day) + dt.timedelta(days=terms)
        except (ValueError, OverflowError):  # no history, or past the calendar's end
            due = today
        owed.append(NotInvoiced(mission.id, mission.title, mission.client_alias,
                                left, day, max(due, today)))  # fmt: skip
    return sorted(owed, key=lambda m: (m.delivered_on, m.mission_id))


# -- payment terms, deposits and the mission's own invoice (issue 14) --------------------------


def terms_for(offer: Offer | None, client: Client | None, default_days: int) -> tuple[int, int]:
    """A new mission's payment terms (days) and deposit share (basis points): the offer's,
    else the client's, else ``default_days`` (the settings') and no deposit. Each of the two
    is resolved on its own (an offer may set the days and leave the deposit to the client)."""
    days = next((x.terms_days for x in (offer, client) if x and x.terms_days is not None),
                default_days)  # fmt: skip
    share = next((x.deposit_bp for x in (offer, client) if x and x.deposit_bp is not None), 0)
    return days, share


_SHARE = re.compile(r"([0-9]{1,3})(?:[.,]([0-9]{1,2}))?\s*%?")


def parse_share(text: str) -> int:
    """A deposit share typed as ``30%``, ``30 %``, ``30`` or ``12,5 %`` -> basis points
    (0 to 10 000); ``ValueError`` (one line) otherwise."""
    found = _SHARE.fullmatch(text.strip())
    bp = int(found[1]) * 100 + int((found[2] or "0").ljust(2, "0")) if found else -1
    if not 0 <= bp <= 10_000:
        typed = text.strip()[:20]
        raise ValueError(f"{typed!r} is not a share from 0 to 100 % (e.g. 30%)")
    return bp


def parse_terms(text: str, days_max: int = 3650) -> tuple[int | None, int | None]:
    """Terms typed in one field: ``45`` (days), ``30%`` (deposit share), ``45 30%`` (both)
    -> (days or None, basis points or None); ``ValueError`` (one line) otherwise."""
    days = share = None
    for word in re.sub(r"\s*%", "%", text.replace(",", " ")).split():
        if word.endswith("%"):
            if share is not None:
                raise ValueError("terms: one deposit share at most (e.g. 45 30%)")
            share = parse_share(word)
        elif re.fullmatch(r"[0-9]{1,4}", word) and days is None and int(word) <= days_max:
            days = int(word)
        else:
            raise ValueError(f"terms: {word[:20]!r} is neither days (0 to {days_max}) nor a "
                             "share (30%)")  # fmt: skip
    return days, share


def terms_text(terms_days: int, deposit_bp: int, locale: str = "fr_FR") -> str:
    """``30 days, deposit 30 %`` (``30 days`` without a deposit)."""
    text = f"{terms_days} day{'s' if terms_days != 1 else ''}"
    share = format_percent(deposit_bp, locale, exact=True)
    return text + (f", deposit {share}" if deposit_bp else "")


def deposit_cents(fee_cents: int, deposit_bp: int) -> int:
    """The deposit: ``deposit_bp`` of the fee, rounded half up to the cent (0 for no share)."""
    if fee_cents <= 0 or deposit_bp <= 0:
        return 0
    return (fee_cents * deposit_bp + 5000) // 10000


def billed_total(mission: Mission) -> int:
    """What a fixed-price mission bills in all: its fee and accepted scope changes, cents."""
    return mission.fee_cents + sum(c.fee_delta_cents for c in mission.scope_changes if c.accepted)


def expected_total(mission: Mission) -> int:
    """What an undelivered mission is expected to bill: a fixed price its ``billed_total``;
    hourly work its estimate (accepted scope changes included) × rate, rounded half up to the
    cent, never above its cap — the money ``fit`` counts for it."""
    rate = mission.hourly_rate_cents
    if rate <= 0:
        return billed_total(mission)
    minutes = mission.effort_minutes + sum(
        c.effort_delta_minutes for c in mission.scope_changes if c.accepted
    )
    return min(billed_total(mission), (max(minutes, 0) * rate * 2 + 60) // 120)


def deposit_invoice(mission: Mission, fee_text: str, locale: str = "fr_FR") -> Invoice | None:
    """The draft deposit invoice of a new mission (``fee_text``: its fee as printed), one line
    ``Deposit 30 % of 1 200,00 €``; None when it asks for no deposit."""
    cents = deposit_cents(mission.fee_cents, mission.deposit_bp)
    if not cents:
        return None
    text = f"Deposit {format_percent(mission.deposit_bp, locale, exact=True)} of {fee_text}"
    return Invoice(0, mission.client_alias, cents, text, mission.currency, mission.id,
                   lines=[InvoiceLine(text, cents)], kind="deposit")  # fmt: skip


def is_final(invoice: Invoice) -> bool:
    """Whether ``invoice`` is a mission's own bill standing (not a deposit, not voided)."""
    return invoice.kind == "" and invoice.status != "void" and invoice.mission_id is not None


def deposits_of(mission_id: int, invoices: Iterable[Invoice]) -> list[Invoice]:
    """The deposit invoices of a mission not voided, by number."""
    return sorted((i for i in invoices if i.mission_id == mission_id and i.kind == "deposit"
                   and i.status != "void"), key=lambda i: i.number)  # fmt: skip


def deducted_on(deposit: Invoice, invoices: Iterable[Invoice]) -> Invoice | None:
    """The first invoice not void that takes ``deposit`` off its total (its line ``Deposit
    F-0041``, as ``final_lines`` writes it), or None."""
    text = f"Deposit {deposit.label}"
    for other in sorted(invoices, key=lambda i: i.number):
        if (
            other.number != deposit.number
            and other.status != "void"
            and any(line.amount_cents < 0 and line.text == text for line in other.lines)
        ):
            return other
    return None


def final_lines(
    mission: Mission, deposits: Iterable[Invoice], time_line: InvoiceLine | None = None
) -> list[InvoiceLine]:
    """The named lines of a mission's own invoice: the fee (or, hourly, ``time_line``: the
    logged time, whose cap already holds the scope changes), each accepted scope change, and
    each deposit invoiced, negative (``Deposit F-0003``)."""
    if time_line is not None:
        lines = [time_line]
    else:
        lines = [InvoiceLine(mission.title, mission.fee_cents)]
        lines += [InvoiceLine(c.what, c.fee_delta_cents)
                  for c in mission.scope_changes if c.accepted and c.fee_delta_cents]  # fmt: skip
    lines += [InvoiceLine(f"Deposit {d.label}", -d.amount_cents) for d in deposits]
    return lines


def draft_final(
    mission: Mission, invoices: Iterable[Invoice], time_line: InvoiceLine | None = None
) -> Invoice:
    """The draft of ``mission``'s own invoice from its lines (``final_lines``), its amount
    their sum. ``InvoiceRefused`` when an invoice of the mission bills it already (not
    void) or nothing is left to bill."""
    every = list(invoices)
    billed = next((i for i in every if i.mission_id == mission.id and is_final(i)), None)
    ref = f"mission #{mission.id}"
    if billed is not None:
        raise InvoiceRefused(f"{ref} has invoice {billed.label} already ({billed.status}); "
                             "void it first to bill it again")  # fmt: skip
    lines = final_lines(mission, deposits_of(mission.id or 0, every), time_line)
    total = sum(line.amount_cents for line in lines)
    if time_line is None and billed_total(mission) <= 0:
        raise InvoiceRefused(f"{ref} has no fee to bill")
    if time_line is not None and time_line.amount_cents <= 0:
        raise InvoiceRefused(f"{ref} has no billable time logged to bill")
    if total <= 0:
        raise InvoiceRefused(f"{ref} has nothing left to bill (its deposits cover it)")
    return Invoice(0, mission.client_alias, total, mission.title, mission.currency,
                   mission.id, lines=lines)  # fmt: skip


def left_to_bill(mission: Mission, invoices: Iterable[Invoice]) -> int:
    """What an invoice of ``mission`` may still bill, cents: its fee (hourly: its cap) and
    accepted scope changes, less its deposit invoices and its own invoices not voided."""
    invoiced = sum(i.amount_cents for i in invoices if i.mission_id == mission.id
                   and mission.id is not None and i.kind in ("", "deposit")
                   and i.status != "void")  # fmt: skip
    return billed_total(mission) - invoiced


def check_left_to_bill(mission: Mission, invoices: Iterable[Invoice], cents: int,
                       money: Callable[[int], str]) -> None:  # fmt: skip
    """``InvoiceRefused`` (one line) when an invoice of ``cents`` for ``mission`` would bill
    more than is left (``left_to_bill``)."""
    left = left_to_bill(mission, invoices)
    if cents > left:
        said = f"{money(left)} is left" if left > 0 else "nothing is left"
        raise InvoiceRefused(
            f"mission #{mission.id}: {said} to bill (fee and accepted changes, less its "
            f"deposits and invoices), not {money(cents)}"
        )
