"""The data of an invoice or a credit note (issue 15): every mention French law wants of a
sole trader on the franchise en base (art. 242 nonies A of annex II to the CGI, L441-9 and
L441-10 of the Code de commerce): the seller's name with "EI", address, SIREN and SIRET;
the client's name and billing address; the number of the gapless series; issue and service
dates; lines with quantity, unit price and total; the VAT exemption; the due date and
terms; the late-payment penalty rate; the 40 € recovery indemnity; no discount for early
payment; the category of the operation (services).

The lines add up to the vault's amount to the cent (checked here). A line that takes
money off is quantity -1 at a positive price (EN 16931 BR-27: no negative item price).
Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from homeops.rules.document_parts import (
    MissingIdentity,
    Seller,
    VatNotSupported,
    check_lang,
    client_dict,
    common,
    day_text,
    decimal_text,
    hours_decimal,
    hours_words,
    money,
    need_client,
    need_seller,
    percent,
    phrase,
)
from homeops.rules.document_words import WORDS
from homeops.rules.hourly import cap_minutes, time_cents
from homeops.rules.invoices import Invoice, InvoiceLine, due_date, label
from homeops.rules.model import Client, Mission

#: What an invoice needs of the seller: the legal identity and where to pay.
INVOICE_NEEDS = ("name", "address", "siren", "siret", "iban")
_DEDUCTED = re.compile(r"Deposit (F-[0-9]{4,})")  # rules.invoices.final_lines' words


def credit_label(number: int) -> str:
    return f"AV-{number:04d}"


def _line(
    text: str, quantity: str, unit: str, price: int, total: int, lang: str, currency: str
) -> dict[str, Any]:
    return {
        "text": text,
        "quantity": quantity,
        "quantity_text": decimal_text(quantity, lang),
        "unit": unit,
        "unit_text": WORDS[lang]["unit_hour" if unit == "HUR" else "unit_one"],
        "unit_price_cents": price,
        "unit_price_text": money(price, lang, currency),
        "total_cents": total,
        "total_text": money(total, lang, currency),
    }


def _one(text: str, cents: int, lang: str, currency: str) -> dict[str, Any]:
    """A line of one unit (C62); an amount taken off is -1 at its positive price."""
    quantity = "-1" if cents < 0 else "1"
    return _line(text, quantity, "C62", abs(cents), cents, lang, currency)


def _time_line(
    line: InvoiceLine, invoice: Invoice, mission: Mission | None, lang: str
) -> dict[str, Any]:
    """Logged time: hours (HUR) at the rate when they make the amount, to a twentieth of an
    hour (0.05 h = 3 min); otherwise (capped, odd minutes) one unit at the amount, the text
    saying the hours and the rate."""
    currency = invoice.currency
    title = mission.title if mission else invoice.description or line.text
    rate = money(line.rate_cents, lang, currency)
    hours = hours_words(line.minutes)
    exact = line.minutes * 100 % 60 == 0
    if exact and time_cents(line.minutes, line.rate_cents) == line.amount_cents:
        text = phrase(lang, "line_time", title=title, hours=hours, rate=rate)
        quantity = hours_decimal(line.minutes)
        return _line(text, quantity, "HUR", line.rate_cents, line.amount_cents, lang, currency)
    if mission is not None and line.amount_cents < time_cents(line.minutes, line.rate_cents):
        cap = hours_words(cap_minutes(mission))
        text = phrase(lang, "line_time_capped", title=title, hours=hours, rate=rate, cap=cap)
    else:
        text = phrase(lang, "line_time", title=title, hours=hours, rate=rate)
    return _one(text, line.amount_cents, lang, currency)


def _text(line: InvoiceLine, invoice: Invoice, mission: Mission | None, lang: str) -> str:
    """A stored line's words in ``lang`` when homeops wrote them (a deposit, a deposit taken
    off); the freelancer's own words as they are."""
    deducted = _DEDUCTED.fullmatch(line.text)
    if deducted and line.amount_cents < 0:
        return phrase(lang, "line_deducted", number=deducted[1])
    if invoice.kind == "deposit" and mission is not None and mission.deposit_bp > 0:
        fee = money(mission.fee_cents, lang, mission.currency)
        return phrase(lang, "line_deposit", share=percent(mission.deposit_bp, lang), money=fee,
                      title=mission.title)  # fmt: skip
    return line.text


def invoice_lines(invoice: Invoice, mission: Mission | None, lang: str) -> list[dict[str, Any]]:
    """The lines of ``invoice`` as printed; none stored: one line, its description."""
    if not invoice.lines:
        text = invoice.description or (mission.title if mission else label(invoice.number))
        return [_one(text, invoice.amount_cents, lang, invoice.currency)]
    lines = []
    for line in invoice.lines:
        if line.minutes > 0 and line.rate_cents > 0:
            lines.append(_time_line(line, invoice, mission, lang))
        else:
            text = _text(line, invoice, mission, lang)
            lines.append(_one(text, line.amount_cents, lang, invoice.currency))
    return lines


def _service_date(invoice: Invoice, mission: Mission | None, issued: dt.date) -> dt.date:
    """The day the service was done: a retainer's period start; a mission's last stage
    move (its delivery, once delivered), never after the issue date; else the issue date
    (a deposit is billed before the work)."""
    if invoice.period:
        return dt.date.fromisoformat(invoice.period)
    if invoice.kind != "deposit" and mission is not None and mission.history:
        return min(issued, dt.date.fromisoformat(mission.history[-1].at[:10]))
    return issued


def _mentions(seller: Seller, lang: str, currency: str) -> list[str]:
    form = (
        phrase(lang, "ei", name=seller.name)
        if seller.legal_form.upper() == "EI"
        else phrase(lang, "legal_form", name=seller.name, form=seller.legal_form)
    )
    return [
        phrase(lang, "penalty", rate=percent(seller.late_penalty_bp, lang)),
        phrase(lang, "indemnity", money=money(seller.recovery_indemnity_cents, lang, currency)),
        phrase(lang, "no_discount"),
        form,
        phrase(lang, "category"),
    ]


def invoice_data(
    invoice: Invoice,
    client: Client,
    mission: Mission | None,
    seller: Seller,
    *,
    lang: str,
    today: dt.date,
    terms_days: int,
) -> dict[str, Any]:
    """The invoice's data; a void invoice with a credit note number: the credit note's
    (kind "credit-note", number ``AV-0001``, ``credited`` the invoice it cancels, amounts
    positive). A draft is dated ``today`` and marked ``draft``. ``terms_days``: the
    invoice's payment terms when it has no due date yet. ``MissingIdentity`` for a seller
    or client field it needs; ``VatNotSupported`` when the seller charges VAT."""
    check_lang(lang)
    if seller.vat_number:
        raise VatNotSupported("VAT invoices are not supported yet (seller.vat_number is set)")
    need_seller(seller, INVOICE_NEEDS)
    need_client(client, ("name", "billing_address"))
    credit_number = getattr(invoice, "credit_note", None) if invoice.status == "void" else None
    issued_on = dt.date.fromisoformat(invoice.issued) if invoice.issued else today
    currency = invoice.currency
    if credit_number is not None:
        kind, number = "credit-note", credit_label(credit_number)
        credited_on = getattr(invoice, "credited_on", None)
        issue = dt.date.fromisoformat(credited_on) if credited_on else today
        due, title = issue, phrase(lang, "credit_title", number=number)
        terms = ""
    else:
        kind, number, issue = "invoice", invoice.label, issued_on
        due = dt.date.fromisoformat(invoice.due) if invoice.due else due_date(issue, terms_days)
        title = phrase(lang, "invoice_title", number=number)
        days = (due - issue).days
        terms = phrase(lang, "terms", days=days) if days > 0 else phrase(lang, "terms_now")
    lines = invoice_lines(invoice, mission, lang)
    total = sum(line["total_cents"] for line in lines)
    if total != invoice.amount_cents:  # the page must say what the vault holds, to the cent
        raise ValueError(
            f"{invoice.label}: its lines add up to {money(total, 'en', currency)}, not its "
            f"amount {money(invoice.amount_cents, 'en', currency)}"
        )
    service = _service_date(invoice, mission, issued_on)
    mentions = _mentions(seller, lang, currency)
    if credit_number is not None:
        mentions.insert(0, phrase(lang, "credits", number=invoice.label,
                                  date=day_text(issued_on.isoformat(), lang)))  # fmt: skip
    data = common(kind, lang, title, today, seller, client_dict(client, email=False))
    data.update(
        number=number,
        credited=invoice.label if credit_number is not None else None,
        status=invoice.status,
        draft=invoice.status == "draft",
        issue_date=issue.isoformat(),
        issue_date_text=day_text(issue.isoformat(), lang),
        service_date=service.isoformat(),
        service_date_text=day_text(service.isoformat(), lang),
        due_date=due.isoformat(),
        due_date_text=day_text(due.isoformat(), lang),
        terms_text=terms,
        currency=currency,
        lines=lines,
        total_cents=total,
        total_text=money(total, lang, currency),
        vat={"exempt": True, "mention": phrase(lang, "no_vat"), "rate_bp": 0},
        mentions=mentions,
        payment={"iban": seller.iban, "bic": seller.bic, "reference": number},
        mission=(
            {"ref": f"M-{mission.id}", "title": mission.title} if mission is not None else None
        ),
    )
    return data


__all__ = ["MissingIdentity", "VatNotSupported", "credit_label", "invoice_data", "invoice_lines"]
