"""What review r15b asked of the templates (issue 15): the billed company with its SIREN and
contact, the credit note's client box without a due date, a deposit invoice without a service
date, Markdown without literal entities or mixed headings, and the contract's page count."""

from __future__ import annotations

from typing import Any

import pytest
from doc_samples import sample
from test_doc_render import STAMP, pdf_text, squash

from homeops.services.doc_render import overflow_warning, page_count, render_markdown, render_pdf

COMPANY = {
    "alias": "northwind",
    "name": "Jane Roe",
    "company": "Northwind Traders SAS",
    "siren": "552100554",
    "contact": "Jane Roe",
    "billed_name": "Northwind Traders SAS",
    "address": ["4 place Bellecour", "69002 Lyon"],
    "email": "",
}


def _with_company(kind: str, lang: str) -> dict[str, Any]:
    data = sample(kind, lang)
    data["client"] = dict(COMPANY, email="jane@northwind.example" if kind == "contract" else "")
    return data


@pytest.mark.parametrize(
    ("kind", "lang", "said"),
    [
        ("invoice", "fr", "À l’attention de Jane Roe"),
        ("invoice", "en", "Attention Jane Roe"),
        ("contract", "fr", "représentée par Jane Roe"),
        ("contract", "en", "represented by Jane Roe"),
    ],
)
def test_the_company_is_the_party_and_the_person_its_contact(
    kind: str, lang: str, said: str
) -> None:
    data = _with_company(kind, lang)
    _, text = pdf_text(render_pdf(kind, data, timestamp=STAMP))
    markdown = render_markdown(kind, data)
    for page in (text, squash(markdown)):
        assert squash("Northwind Traders SAS") in page
        assert squash("SIREN 552100554") in page
        assert squash(said) in page


@pytest.mark.parametrize(("lang", "box"), [("fr", "CLIENT"), ("en", "CREDITED TO")])
def test_a_credit_note_has_a_client_box_and_no_due_date(lang: str, box: str) -> None:
    data = sample("credit-note", lang)
    data.update(due_date=None, due_date_text=None, credited_date="2026-11-02")
    _, text = pdf_text(render_pdf("credit-note", data, timestamp=STAMP))
    assert squash(box) in text and squash(data["words"]["bill_to"].upper()) not in text
    assert squash(data["words"]["due_date"]) not in text
    markdown = render_markdown("credit-note", data)
    assert data["words"]["due_date"] not in markdown
    assert f"## {data['words']['credited_to']}\n" in markdown


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_deposit_invoice_prints_no_service_date(lang: str) -> None:
    data = sample("invoice", lang)
    data.update(service_date=None, service_date_text=None, deposit=True)
    _, text = pdf_text(render_pdf("invoice", data, timestamp=STAMP))
    assert squash(data["words"]["service_date"]) not in text
    assert data["words"]["service_date"] not in render_markdown("invoice", data)


def test_markdown_has_no_entity_and_one_heading_level_under_the_title() -> None:
    for kind in ("contract", "onboarding", "invoice"):
        markdown = render_markdown(kind, sample(kind, "fr"))
        assert "&nbsp;" not in markdown
        assert "\n### " not in markdown


def test_a_contract_of_two_pages_gets_a_warning() -> None:
    data = sample("contract", "en")
    one = render_pdf("contract", data, timestamp=STAMP)
    assert page_count(one) == 1 and overflow_warning("contract", data, one) is None
    data["deliverables"] = [f"Deliverable number {n} with a longer description" for n in range(60)]
    two = render_pdf("contract", data, timestamp=STAMP)
    pages, _ = pdf_text(two)
    assert page_count(two) == pages >= 2
    assert overflow_warning("contract", data, two) == (
        f"M-12: the contract runs to {pages} pages: shorten its deliverables, criteria or "
        "assumptions to keep it on one"
    )
    assert overflow_warning("invoice", data, two) is None  # an invoice may run on
