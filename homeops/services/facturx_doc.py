"""Factur-X (EN 16931 profile): the CII XML of an invoice or credit note, and the PDF/A-3 that
carries it (issue 15).

``cii_xml`` turns ``rules.documents.invoice_data``'s dict (doc_schema.md) into factur-x's
``data_dict`` (keys are EN 16931 business terms, BT-*/BG-*) and lets factur-x build and
XSD-check the XML. ``facturx_pdf`` embeds it as ``factur-x.xml`` with the XMP that says
PDF/A-3 and Factur-X EN 16931; the dates factur-x stamps are pinned to the issue date, so
the same data gives the same bytes.

A sole trader in franchise en base charges no VAT: every line and the one VAT breakdown are
category E, rate 0, with the legal mention as the exemption reason and VATEX-FR-FRANCHISE as
its code; the SIREN stands as the seller's tax registration id (BT-32, which BR-E-02 wants).
A deposit deducted is a line with a negative quantity at a positive price (EN 16931 forbids a
negative item price, BR-27, not a negative line amount), so the grand total is the vault's
amount to the cent. A deposit invoice is a prepayment invoice (386) with no delivery date:
the work is not done. A credit note (381) names the invoice it cancels and its date (BG-3)
and carries no payment means, terms or due date (the money goes the other way). The buyer
is the client business (BT-44, its SIREN as BT-47) with the person as its contact (BT-56).
Each legal mention is a note with its UNTDID 4451 subject code (PMD, PMT, AAB, ...); the
franchise mention is French whatever the page's language (the tax office's wording).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import threading
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

LEVEL = "en16931"
INVOICE = "380"  # UNTDID 1001: commercial invoice
CREDIT_NOTE = "381"  # UNTDID 1001: credit note
DEPOSIT = "386"  # UNTDID 1001: prepayment invoice
SEPA_TRANSFER = "58"  # UNTDID 4461: SEPA credit transfer (EUR to a SEPA IBAN)
TRANSFER = "30"  # UNTDID 4461: credit transfer, any other case
SIREN_SCHEME = "0002"  # ISO 6523 ICD of the French SIREN
SIRET_SCHEME = "0009"  # ISO 6523 ICD of the French SIRET
EXEMPT = "E"  # UNCL 5305: exempt from VAT
FRANCHISE_CODE = "VATEX-FR-FRANCHISE"  # art. 293 B du CGI
EMAIL_SCHEME = "EM"  # electronic address scheme: an e-mail address
FRANCHISE = "TVA non applicable, art. 293 B du CGI"  # BT-120, in French on every page
TAX_NOTE = "TXD"  # UNTDID 4451: tax declaration (the franchise mention)
# UNTDID 4451 subject codes a legal note may carry (BT-21): PMD late-payment penalties, PMT
# the recovery indemnity, AAB payment terms (no discount), ABL legal information (EI),
# REG regulatory information (the operation's category), AAI general (what a credit note
# cancels), TXD tax.
NOTE_CODES = frozenset({"PMD", "PMT", "AAB", "ABL", "REG", "AAI", TAX_NOTE})
# IBAN country prefixes of the SEPA area (EPC list), for the payment means code.
_SEPA = (
    "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL "
    "PT RO SE SI SK SM VA"
)
_POSTCODE_CITY = re.compile(r"^\s*(?P<postcode>[0-9A-Z][0-9A-Z -]{2,9}?)\s+(?P<city>\S.*)$")
_LANGS = {"fr": "fr-FR", "en": "en-GB"}
_CLOCK = threading.Lock()  # the pinned clock patches factur-x's module: one writer at a time


def _amount(cents: int) -> str:
    """Cents as the decimal string EN 16931 wants: -72000 -> "-720.00"."""
    return str(Decimal(cents).scaleb(-2).quantize(Decimal("0.01")))


def _address(lines: list[str], country: str) -> dict[str, str]:
    """factur-x's address keys from 1-4 free lines: a last line "69003 Lyon" gives the
    postcode and city; a last line that is only the country's name is dropped (the country
    code says it); the rest are street lines, the third holding any overflow."""
    rest = [line.strip() for line in lines if line.strip()]
    found: dict[str, str] = {"country_code": country}
    if (
        len(rest) > 1
        and not any(ch.isdigit() for ch in rest[-1])
        and _POSTCODE_CITY.match(rest[-2])
    ):  # "France" under "69002 Lyon": the country, said by its code
        rest = rest[:-1]
    if rest:
        match = _POSTCODE_CITY.match(rest[-1])
        if match and any(ch.isdigit() for ch in match["postcode"]):
            found["postcode"] = match["postcode"].strip()
            found["city"] = match["city"].strip()
            rest = rest[:-1]
    for key, line in zip(("addr_l1", "addr_l2"), rest[:2], strict=False):
        found[key] = line
    if len(rest) > 2:
        found["addr_l3"] = ", ".join(rest[2:])
    return found


def _seller(seller: Mapping[str, Any]) -> dict[str, Any]:
    country = seller.get("country") or "FR"
    party: dict[str, Any] = {
        "name": seller.get("display_name") or seller["name"],
        "legal_info": seller.get("legal_form") or None,
        **_address(list(seller.get("address") or []), country),
    }
    if seller.get("siret"):
        party["identifiers"] = {SIRET_SCHEME: seller["siret"]}
    if seller.get("siren"):
        party["legal_identifier"] = seller["siren"]
        party["legal_identifier_schemeid"] = SIREN_SCHEME
    if seller.get("trade_name"):
        party["biz_name"] = seller["trade_name"]
    if seller.get("vat_number"):
        party["vat_identifier"] = seller["vat_number"]
    elif seller.get("siren"):
        # BR-E-02: an exempt line needs a seller VAT or tax registration id; in franchise
        # there is no VAT number, and the SIREN is how the French tax office knows a business
        party["tax_identifier"] = seller["siren"]
    if seller.get("email"):
        party["einvoicing_addr"] = seller["email"]
        party["einvoicing_addr_schemeid"] = EMAIL_SCHEME
        contact = {"name": seller.get("name"), "email": seller["email"]}
        if seller.get("phone"):
            contact["phone"] = seller["phone"]
        party["contacts"] = [contact]
    return {key: value for key, value in party.items() if value}


def _billed_name(client: Mapping[str, Any]) -> str:
    """The party billed: the client business's legal name when known, else the person."""
    return str(client.get("company") or "").strip() or str(client["name"])


def _buyer(client: Mapping[str, Any], country: str) -> dict[str, Any]:
    """BT-44 the company (else the person), BT-47 its SIREN, BT-56 the person as contact."""
    party: dict[str, Any] = {
        "name": _billed_name(client),
        **_address(list(client.get("address") or []), client.get("country") or country),
    }
    if client.get("siren"):
        party["legal_identifier"] = str(client["siren"])
        party["legal_identifier_schemeid"] = SIREN_SCHEME
    # the data's contact: the person when a company is billed, "" when it only repeats it
    person = str(client.get("name") or "").strip() if client.get("company") else ""
    contact = str(client.get("contact", person) or "").strip()
    if contact and contact != party["name"]:
        party["contacts"] = [{"name": contact}]
    if client.get("email"):
        party["einvoicing_addr"] = client["email"]
        party["einvoicing_addr_schemeid"] = EMAIL_SCHEME
    return party


def _deliver_to(client: Mapping[str, Any], country: str) -> dict[str, Any]:
    """BG-13: the client, where the work goes (its name and billing address)."""
    return {
        "name": _billed_name(client),
        **_address(list(client.get("address") or []), client.get("country") or country),
    }


def _line(number: int, line: Mapping[str, Any], tax: Mapping[str, Any]) -> dict[str, Any]:
    quantity = Decimal(str(line["quantity"]))
    total = int(line["total_cents"])
    if total < 0:  # a deduction: negative quantity, positive price (BR-27)
        quantity = -abs(quantity)
    return {
        "BT-126": str(number),
        "BT-153": line["text"],
        "BT-129": str(quantity),
        "BT-130": line["unit"],
        "BT-146": _amount(abs(int(line["unit_price_cents"]))),
        "BT-131": _amount(total),
        "BT-151": tax["BT-118"],
        "BT-152": tax["BT-119"],
    }


def _tax(data: Mapping[str, Any], net_cents: int) -> dict[str, Any]:
    vat = data.get("vat") or {}
    if vat.get("exempt", True):
        return {
            "BT-116": _amount(net_cents),
            "BT-117": _amount(0),
            "BT-118": EXEMPT,
            "BT-119": "0",
            "BT-120": FRANCHISE,
            "BT-121": FRANCHISE_CODE,
        }
    raise ValueError("Factur-X is written for VAT-exempt invoices only (franchise en base)")


def _dates(data: Mapping[str, Any], country: str) -> dict[str, Any]:
    """BT-72 for a delivery day; a period (``service_period``, a retainer's month or the days
    time was logged; or "start/end") is the invoicing period BT-73/74 instead. A deposit (the
    work not done), a period or no service day: no delivery date, the client as the
    deliver-to party instead (BG-13), as the XSD wants a delivery block and the schematron
    refuses an empty one (PEPPOL-EN16931-R008)."""
    found: dict[str, Any] = {}
    period = data.get("service_period") or {}
    service = str(data.get("service_date") or "")
    if period.get("start") or period.get("end"):
        found["BT-73"], found["BT-74"] = period.get("start"), period.get("end")
        found = {key: str(day) for key, day in found.items() if day}
    elif "/" in service:
        found["BT-73"], found["BT-74"] = service.split("/", 1)
    elif service and not data.get("deposit"):
        found["BT-72"] = service
    if "BT-72" not in found:
        found["BG-13"] = _deliver_to(data["client"], country)
    return found


def _notes(data: Mapping[str, Any]) -> list[dict[str, str]]:
    """BG-1: the franchise mention (TXD, French), then each legal mention with its subject
    code (``legal_notes``), or the ``mentions`` uncoded when the data has no codes."""
    notes = [{"BT-21": TAX_NOTE, "BT-22": FRANCHISE}]
    coded = data.get("legal_notes")
    if coded is None:
        return notes + [{"BT-22": str(text)} for text in data.get("mentions") or []]
    for note in coded:
        code = str(note.get("code") or "")
        if code not in NOTE_CODES:
            raise ValueError(f"unknown subject code {code[:8]!r} for a legal note")
        notes.append({"BT-21": code, "BT-22": str(note["text"])})
    return notes


def _check_final(data: Mapping[str, Any]) -> None:
    """Only an issued document has a Factur-X: a machine reads the XML as the real thing,
    with no DRAFT banner to see."""
    if data.get("draft") or data.get("status") == "draft":
        raise ValueError("a draft invoice has no Factur-X: issue it first")
    if data["kind"] == "invoice" and data.get("status") == "void":
        raise ValueError("a void invoice has no Factur-X: write its credit note instead")
    if data["kind"] == "credit-note" and not data.get("credited"):
        raise ValueError("a credit note must name the invoice it cancels")
    if data["kind"] not in ("invoice", "credit-note"):
        raise ValueError("Factur-X is for invoices and credit notes only")


def data_dict(data: Mapping[str, Any]) -> dict[str, Any]:
    """factur-x's ``data_dict`` (EN 16931 business terms) from the invoice data dict."""
    _check_final(data)
    seller = data["seller"]
    lines = list(data["lines"])
    net = sum(int(line["total_cents"]) for line in lines)
    if net != int(data["total_cents"]):
        raise ValueError("the invoice lines do not add up to its total")
    tax = _tax(data, net)
    credit = data["kind"] == "credit-note"
    country = seller.get("country") or "FR"
    found: dict[str, Any] = {
        "BT-1": data["number"],
        "BT-2": data["issue_date"],
        "BT-3": CREDIT_NOTE if credit else DEPOSIT if data.get("deposit") else INVOICE,
        "BT-5": data.get("currency") or "EUR",
        "BG-1": _notes(data),
        "BG-4": _seller(seller),
        "BG-7": _buyer(data["client"], country),
        "BG-23": [tax],
        "BG-25": [_line(n, line, tax) for n, line in enumerate(lines, start=1)],
        "BT-106": _amount(net),
        "BT-109": _amount(net),
        "BT-110": _amount(0),
        "BT-112": _amount(net),
        "BT-115": _amount(net),
        **_dates(data, country),
    }
    if credit:  # what it cancels; no payment means, terms or due date
        cancelled = {"BT-25": data["credited"]}
        if data.get("credited_date"):
            cancelled["BT-26"] = str(data["credited_date"])
        found["BG-3"] = [cancelled]
    else:
        found.update(_payment(data))
    mission = data.get("mission")
    if mission and mission.get("ref"):
        found["BT-12"] = mission["ref"]  # the contract is the mission's ("M-12")
        found["BT-11"] = mission["ref"]
        found["BT-11-0"] = mission.get("title") or mission["ref"]
    return found


def _payment(data: Mapping[str, Any]) -> dict[str, Any]:
    """An invoice's terms (BT-20), due date (BT-9) and transfer to the seller's IBAN (BG-16)."""
    seller = data["seller"]
    payment = data.get("payment") or {}
    iban = str(payment.get("iban") or seller.get("iban") or "").replace(" ", "")
    found: dict[str, Any] = {}
    if data.get("terms_text"):
        found["BT-20"] = data["terms_text"]
    if data.get("due_date"):
        found["BT-9"] = data["due_date"]
    if iban:
        sepa = iban[:2].upper() in _SEPA.split() and (data.get("currency") or "EUR") == "EUR"
        found["BT-81"] = SEPA_TRANSFER if sepa else TRANSFER
        found["BT-84"] = iban
        found["BT-85"] = seller.get("display_name") or seller.get("name")
        if payment.get("bic") or seller.get("bic"):
            found["BT-86"] = payment.get("bic") or seller.get("bic")
        found["BT-83"] = payment.get("reference") or data["number"]
    return found


def cii_xml(data: Mapping[str, Any]) -> bytes:
    """The EN 16931 CII XML (UTF-8 bytes) of ``data``, checked against the Factur-X XSD.

    ``ValueError`` when the data cannot make one (lines that do not add up to the total, a
    seller with a VAT number)."""
    import facturx  # 0.16 s of imports (lxml, pypdf, requests): only when a document is made

    try:
        xml: bytes = facturx.generate_cii_xml(
            data_dict(data), level=LEVEL, check_xsd=True, check_schematron=False
        )
    except ValueError:
        raise
    except Exception as err:  # factur-x raises a bare Exception when the XSD refuses
        raise ValueError("the Factur-X XML does not pass the EN 16931 XSD") from err
    return xml


@contextlib.contextmanager
def _pinned_clock(day: dt.date) -> Iterator[None]:
    """factur-x stamps "now" into the Info dict, the XMP and the XML's file entry through two
    module functions; they answer ``day`` at midnight UTC while this runs."""
    import facturx.facturx as facturx_pdf_module

    pdf_stamp = facturx_pdf_module._get_pdf_timestamp
    meta_stamp = facturx_pdf_module._get_metadata_timestamp
    moment = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)

    def pinned_pdf(date: dt.datetime | None = None) -> str:
        return str(pdf_stamp(date or moment))

    def pinned_meta() -> str:
        return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")

    with _CLOCK:
        facturx_pdf_module._get_pdf_timestamp = pinned_pdf
        facturx_pdf_module._get_metadata_timestamp = pinned_meta
        try:
            yield
        finally:
            facturx_pdf_module._get_pdf_timestamp = pdf_stamp
            facturx_pdf_module._get_metadata_timestamp = meta_stamp


def facturx_pdf(pdf: bytes, xml: bytes, data: Mapping[str, Any]) -> bytes:
    """``pdf`` (a PDF/A-3b) with ``xml`` embedded as factur-x.xml, XMP saying Factur-X EN 16931,
    title, author (the seller), subject and keywords from ``data``. Same input, same bytes."""
    seller = data["seller"]
    metadata = {
        "author": seller.get("display_name") or seller["name"],
        "title": data["title"],
        "subject": f"Factur-X {data['number']} {data['issue_date']}",
        "keywords": "Factur-X, " + ("credit note" if data["kind"] == "credit-note" else "invoice"),
    }
    import facturx

    # generate_from_binary copies the PDF, with the client's name and address, into a
    # NamedTemporaryFile in /tmp; generate_from_file on a stream keeps it in memory.
    stream = _Rewritten(pdf)
    with _pinned_clock(dt.date.fromisoformat(data["issue_date"])):
        facturx.generate_from_file(
            stream,
            xml,
            flavor="factur-x",
            level=LEVEL,
            check_xsd=True,
            pdf_metadata=metadata,
            lang=_LANGS.get(data.get("lang", "")),
        )
    return stream.getvalue()


class _Rewritten(io.BytesIO):
    """The stream factur-x reads the PDF from and writes the result back to: pypdf writes
    from wherever the read left the position, so the first write starts the file over."""

    def __init__(self, initial: bytes) -> None:
        super().__init__(initial)
        self._fresh = True

    def write(self, data: Any, /) -> int:
        if self._fresh:
            self._fresh = False
            self.seek(0)
            self.truncate()
        return super().write(data)
