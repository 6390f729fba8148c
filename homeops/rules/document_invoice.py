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

from dateutil.relativedelta import relativedelta

from homeops.rules.document_frozen import client_as_issued, seller_as_issued
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
    need_purposes,
    need_seller,
    percent,
    phrase,
)
from homeops.rules.document_words import WORDS, date_words, period_words
from homeops.rules.hourly import cap_minutes, time_cents
from homeops.rules.invoices import (
    Invoice,
    InvoiceLine,
    credit_label,
    due_date,
    label,
    terms_days_of,
)
from homeops.rules.model import Client, Mission

#: What an invoice needs of the seller: the legal identity and where to pay.
INVOICE_NEEDS = ("name", "address", "siren", "siret", "iban")
_DEDUCTED = re.compile(r"Deposit (F-[0-9]{4,})")  # rules.invoices.final_lines' words
# services.retainers.invoice_text's words: "Newsletter, 2026-12-01 to 2026-12-31"
_RETAINER = re.compile(r"(?P<title>.+), (?P<start>\d{4}-\d\d-\d\d) to (?P<end>\d{4}-\d\d-\d\d)")


def _line(
    text: str,
    quantity: str,
    unit: str,
    price: int,
    total: int,
    lang: str,
    currency: str,
    word: str = "",
) -> dict[str, Any]:
    return {
        "text": text,
        "quantity": quantity,
        "quantity_text": decimal_text(quantity, lang),
        "unit": unit,
        "unit_text": WORDS[lang][word or ("unit_hour" if unit == "HUR" else "unit_one")],
        "unit_price_cents": price,
        "unit_price_text": money(price, lang, currency),
        "total_cents": total,
        "total_text": money(total, lang, currency),
    }


def _one(text: str, cents: int, lang: str, currency: str, word: str = "") -> dict[str, Any]:
    """A line of one unit (C62); an amount taken off is -1 at its positive price. ``word``:
    the unit's word when not a flat fee (time billed as one service)."""
    quantity = "-1" if cents < 0 else "1"
    return _line(text, quantity, "C62", abs(cents), cents, lang, currency, word)


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
    return _one(text, line.amount_cents, lang, currency, "unit_service")


def _text(line: InvoiceLine, invoice: Invoice, mission: Mission | None, lang: str) -> str:
    """A stored line's words in ``lang`` when homeops wrote them (a deposit, a deposit taken
    off); the freelancer's own words as they are."""
    deducted = _DEDUCTED.fullmatch(line.text)
    if deducted and line.amount_cents < 0:
        return phrase(lang, "line_deducted", number=deducted[1])
    retainer = _RETAINER.fullmatch(line.text) if invoice.kind == "retainer" else None
    if retainer:
        start, end = (dt.date.fromisoformat(retainer[k]) for k in ("start", "end"))
        period = period_words(start, end, lang)
        return phrase(lang, "line_retainer", title=retainer["title"], period=period)
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


def _service(
    invoice: Invoice, mission: Mission | None, issued: dt.date, worked: tuple[str, str] | None
) -> tuple[dt.date, dt.date] | None:
    """When the service was done, as (first day, last day): a retainer's period; time
    billed: the first and last day logged (``worked``); a mission's last stage move (its
    delivery, once delivered), never after the issue date; else the issue date. A deposit:
    None (billed before the work)."""
    if invoice.kind == "deposit":
        return None
    if invoice.period:
        start = dt.date.fromisoformat(invoice.period)
        ends = [_RETAINER.fullmatch(line.text) for line in invoice.lines]
        found = next((m["end"] for m in ends if m), None)
        end = dt.date.fromisoformat(found) if found else start + relativedelta(months=1, days=-1)
        return start, max(start, end)
    if worked is not None:
        first, last = sorted(dt.date.fromisoformat(day) for day in worked)
        return first, last
    if mission is not None and mission.history:
        day = min(issued, dt.date.fromisoformat(mission.history[-1].at[:10]))
        return day, day
    return issued, issued


def _service_dict(service: tuple[dt.date, dt.date] | None, lang: str) -> dict[str, Any]:
    if service is None:
        return {"service_date": None, "service_date_text": None, "service_period": None}
    start, end = service
    if start == end:
        return {
            "service_date": start.isoformat(),
            "service_date_text": date_words(start, lang),
            "service_period": None,
        }
    return {
        "service_date": start.isoformat(),
        "service_date_text": period_words(start, end, lang),
        "service_period": {"start": start.isoformat(), "end": end.isoformat()},
    }


def _legal_notes(
    seller: Seller, lang: str, currency: str, *, credit: bool, business: bool = True
) -> list[dict[str, str]]:
    """The legal lines under the page, each with its UNTDID 4451 subject code (Factur-X's
    notes); a credit note is not paid late or early: only who sells and what was sold. A
    private person (not ``business``) owes no L441-10 penalties, no 40 € indemnity (B2B
    only) and needs no discount line: late, they owe interest at the legal rate after a
    formal notice (art. 1231-6 of the Civil Code)."""
    form = (
        phrase(lang, "ei", name=seller.name)
        if seller.legal_form.upper() == "EI"
        else phrase(lang, "legal_form", name=seller.name, form=seller.legal_form)
    )
    notes = [("ABL", form), ("REG", phrase(lang, "category"))]
    if not credit and not business:
        notes.insert(0, ("PMD", phrase(lang, "penalty_consumer")))
    elif not credit:
        late = percent(seller.late_penalty_bp, lang)
        indemnity = money(seller.recovery_indemnity_cents, lang, currency)
        notes[:0] = [
            ("PMD", phrase(lang, "penalty", rate=late)),
            ("PMT", phrase(lang, "indemnity", money=indemnity)),
            ("AAB", phrase(lang, "no_discount")),
        ]
    return [{"code": code, "text": text} for code, text in notes]


def _due_text(due: dt.date | None, issue: dt.date, lang: str) -> str | None:
    """``4 décembre 2026``; due the day it is issued (a deposit): ``à réception (…)``."""
    if due is None:
        return None
    text = date_words(due, lang)
    return phrase(lang, "due_on_receipt", date=text) if due == issue else text


def invoice_data(
    invoice: Invoice,
    client: Client,
    mission: Mission | None,
    seller: Seller,
    *,
    lang: str,
    today: dt.date,
    terms_days: int,
    worked: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """The invoice's data; a void invoice with a credit note number: the credit note's
    (kind "credit-note", number ``AV-0001``, ``credited`` the invoice it cancels and
    ``credited_date`` its issue date, amounts positive, no due date). A draft is dated
    ``today`` and marked ``draft``; a deposit invoice is titled so, ``deposit`` true, with no
    service date (the work is not done). ``terms_days``: the invoice's payment terms when it
    has no due date yet; ``worked``: the first and last day of the time it bills (ISO), its
    service period. ``MissingIdentity`` for a seller or client field it needs;
    ``VatNotSupported`` when the seller charges VAT."""
    check_lang(lang)
    frozen = invoice.issued_as  # as issued (rules.document_frozen); None: today's details
    seller = seller_as_issued(frozen, seller)
    if seller.vat_number:
        raise VatNotSupported("VAT invoices are not supported yet (seller.vat_number is set)")
    need_seller(seller, INVOICE_NEEDS)
    billed = client_as_issued(frozen, client.alias)  # kept through an erasure, by law
    if billed is None:
        need_client(client, ("name", "billing_address"))
        need_purposes(client, ("name", "billing_address"))
        billed = client_dict(client, email=False)
    credit_number = getattr(invoice, "credit_note", None) if invoice.status == "void" else None
    issued_on = dt.date.fromisoformat(invoice.issued) if invoice.issued else today
    currency = invoice.currency
    credit = credit_number is not None
    due: dt.date | None
    if credit_number is not None:
        kind, number = "credit-note", credit_label(credit_number)
        credited_on = getattr(invoice, "credited_on", None)
        issue = dt.date.fromisoformat(credited_on) if credited_on else today
        due, title = None, phrase(lang, "credit_title", number=number)
        terms = ""
    else:
        kind, number, issue = "invoice", invoice.label, issued_on
        days = terms_days_of(invoice, terms_days)  # a deposit: on receipt
        due = dt.date.fromisoformat(invoice.due) if invoice.due else due_date(issue, days)
        titled = "deposit_title" if invoice.kind == "deposit" else "invoice_title"
        title = phrase(lang, titled, number=number)
        days = (due - issue).days
        terms = phrase(lang, "terms", days=days) if days > 0 else phrase(lang, "terms_now")
    lines = invoice_lines(invoice, mission, lang)
    total = sum(line["total_cents"] for line in lines)
    if total != invoice.amount_cents:  # the page must say what the vault holds, to the cent
        raise ValueError(
            f"{invoice.label}: its lines add up to {money(total, 'en', currency)}, not its "
            f"amount {money(invoice.amount_cents, 'en', currency)}"
        )
    service = _service(invoice, mission, issued_on, worked)
    business = bool(billed.get("company") or billed.get("siren"))  # as billed (is_business)
    notes = _legal_notes(seller, lang, currency, credit=credit, business=business)
    if credit:
        cancels = phrase(lang, "credits", number=invoice.label,
                         date=day_text(issued_on.isoformat(), lang))  # fmt: skip
        notes.insert(0, {"code": "AAI", "text": cancels})
    data = common(kind, lang, title, today, seller, billed)
    if service is not None and service[0] != service[1]:
        data["words"]["service_date"] = WORDS[lang]["service_period"]
    data.update(
        number=number,
        credited=invoice.label if credit else None,
        credited_date=issued_on.isoformat() if credit else None,
        deposit=invoice.kind == "deposit" and not credit,
        status=invoice.status,
        draft=invoice.status == "draft",
        issue_date=issue.isoformat(),
        issue_date_text=day_text(issue.isoformat(), lang),
        **_service_dict(service, lang),
        due_date=due.isoformat() if due else None,
        due_date_text=_due_text(due, issue, lang),
        terms_text=terms,
        currency=currency,
        lines=lines,
        total_cents=total,
        total_text=money(total, lang, currency),
        vat={"exempt": True, "mention": phrase(lang, "no_vat"), "rate_bp": 0},
        mentions=[note["text"] for note in notes],
        legal_notes=notes,
        payment={"iban": seller.iban, "bic": seller.bic, "reference": number},
        mission=(
            {"ref": f"M-{mission.id}", "title": mission.title} if mission is not None else None
        ),
    )
    return data


__all__ = ["MissingIdentity", "VatNotSupported", "credit_label", "invoice_data", "invoice_lines"]
