"""Invoice and credit-note data dicts (doc_schema.md's shape) for the Factur-X tests (issue 15).

Hand-written: the totals are the sums a reader makes (12.5 h x 80 EUR = 1 000 EUR, + 400 EUR,
- the 720 EUR deposit = 680 EUR). ``tiny_pdf`` is a one-page PDF/A-3b made by Typst from the
trivial template beside this file, standing in for the invoice renderer's PDF.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import doc_samples

SELLER = doc_samples.SELLER  # the renderers' sample seller
CLIENT: dict[str, Any] = {
    **doc_samples.CLIENT,
    "address": ["4 place Bellecour", "Bâtiment B", "69002 Lyon", "France"],
}  # the renderers' client with a fourth address line (the XML's LineTwo)

MENTIONS = [
    "Pénalités de retard : 12,15 % par an, exigibles dès le lendemain de l'échéance.",
    "Indemnité forfaitaire pour frais de recouvrement : 40 €.",
    "Pas d'escompte pour paiement anticipé.",
    "Camille Martin, entrepreneur individuel (EI).",
    "Catégorie de l'opération : prestation de services.",
]


def line(text: str, quantity: str, unit: str, price: int, total: int) -> dict[str, Any]:
    return {
        "text": text,
        "quantity": quantity,
        "quantity_text": quantity.replace(".", ","),
        "unit": unit,
        "unit_text": "h" if unit == "HUR" else "forfait",
        "unit_price_cents": price,
        "unit_price_text": f"{price / 100:.2f} €",
        "total_cents": total,
        "total_text": f"{total / 100:.2f} €",
    }


def _base(kind: str, number: str, lines: list[dict[str, Any]], total: int) -> dict[str, Any]:
    return {
        "kind": kind,
        "lang": "fr",
        "words": {},
        "title": ("Avoir " if kind == "credit-note" else "Facture ") + number,
        "date": "2026-12-06",
        "date_text": "6 décembre 2026",
        "seller": copy.deepcopy(SELLER),
        "client": copy.deepcopy(CLIENT),
        "number": number,
        "credited": None,
        "status": "sent",
        "draft": False,
        "issue_date": "2026-12-06",
        "issue_date_text": "6 décembre 2026",
        "service_date": "2026-11-30",
        "service_date_text": "30 novembre 2026",
        "due_date": "2027-01-05",
        "due_date_text": "5 janvier 2027",
        "terms_text": "30 jours",
        "currency": "EUR",
        "lines": lines,
        "total_cents": total,
        "total_text": f"{total / 100:.2f} €",
        "vat": {"exempt": True, "mention": "TVA non applicable, art. 293 B du CGI", "rate_bp": 0},
        "mentions": list(MENTIONS),
        "payment": {"iban": SELLER["iban"], "bic": SELLER["bic"], "reference": number},
        "mission": {"ref": "M-12", "title": "Logo refresh"},
    }


def invoice() -> dict[str, Any]:
    """F-0007: 12.5 h at 80 EUR (1 000 EUR), a fixed 400 EUR line, the 720 EUR deposit off."""
    return _base(
        "invoice",
        "F-0007",
        [
            line("Ateliers et retouches (temps passé)", "12.5", "HUR", 8000, 100000),
            line("Guide d'usage", "1", "C62", 40000, 40000),
            # doc_schema.md (CHANGES by d1): quantity -1 at a positive price
            line("Acompte versé (facture F-0005)", "-1", "C62", 72000, -72000),
        ],
        68000,
    )


def credit_note() -> dict[str, Any]:
    """AV-0001 cancels F-0005 (the 720 EUR deposit invoice): amounts positive."""
    data = _base(
        "credit-note",
        "AV-0001",
        [line("Acompte de 30 % — Logo refresh", "1", "C62", 72000, 72000)],
        72000,
    )
    data.update(credited="F-0005", status="void", due_date="2026-12-06", terms_text="")
    return data


def one_line() -> dict[str, Any]:
    """F-0008: one line, 2 h 20 min at 75 EUR (175 EUR), no mission, a one-line address."""
    data = _base("invoice", "F-0008", [line("Conseil", "2.3333", "HUR", 7500, 17500)], 17500)
    data.update(mission=None, service_date=None)
    data["client"]["address"] = ["Rue du Marché 3, 1204 Genève"]
    data["client"]["email"] = ""
    return data


TEMPLATE = Path(__file__).with_name("facturx_page.typ")


@functools.cache
def tiny_pdf() -> bytes:
    """A one-page PDF/A-3b (Typst, fixed timestamp): the page the XML is attached to."""
    import typst  # the test extras' renderer; imported here so listing tests stays fast

    pdf: bytes = typst.compile(str(TEMPLATE), pdf_standards="a-3b", timestamp=1796515200)
    return pdf
