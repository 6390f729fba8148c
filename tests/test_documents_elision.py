"""French elision before a name (issue 15, review 2 #4): "À l’attention d’Ingrid Holm", not
"de Ingrid Holm"; "de" stays before a consonant, a name's h ("de Hugo") and a "y" a vowel
follows ("de Yann"). English is unchanged ("Attention Ingrid Holm")."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from homeops.demo.sample_seller import demo_settings
from homeops.rules.document_parts import elides
from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, PersonalField
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("name", "elided"),
    [
        ("Ingrid Holm", True), ("Atelier B SARL", True), ("Émile Roux", True),
        ("Œuvres SA", True), ("  ursula", True), ("Yves Tanguy", True), ("Ysé", True),
        ("Claire Martin", False), ("Hugo Blanc", False), ("Yann Le Gall", False),
        ("Yolande", False), ("3 Suisses", False), ("", False),
    ],
)  # fmt: skip
def test_which_names_elide(name: str, elided: bool) -> None:
    assert elides(name) is elided


@pytest.fixture
def business(tmp_path: Path) -> Iterator[Business]:
    vault = Vault.create(tmp_path / "vault.hops", "elision test", kdf=KdfParams.fast())
    yield Business(vault, demo_settings())
    vault.close()


def _invoice_of(business: Business, contact: str) -> str:
    """An issued invoice of a company whose contact is ``contact``; its label."""
    alias = re.sub(r"[^a-z]", "", contact.lower())[:12]
    business.clients.add(Client(
        alias, name=PersonalField(contact, "invoicing"), company="Nordlys Studio SAS",
        billing_address=PersonalField("4 quai Rambaud, 69002 Lyon", "invoicing"),
    ))  # fmt: skip
    invoice = business.cashbook.new_invoice(Invoice(0, alias, 50_000, "Texts"), send_on=TODAY)
    return invoice.label


def _pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize(
    ("contact", "fr"),
    [
        ("Ingrid Holm", "À l’attention d’Ingrid Holm"),
        ("Émile Roux", "À l’attention d’Émile Roux"),
        ("Claire Martin", "À l’attention de Claire Martin"),
        ("Hugo Blanc", "À l’attention de Hugo Blanc"),
    ],
)
def test_the_invoice_elides_in_french_only(business: Business, contact: str, fr: str) -> None:
    label = _invoice_of(business, contact)
    papers = business.paperwork
    md = papers.render_bytes("invoice", label, fmt="md", lang="fr", today=TODAY).decode()
    assert fr in md
    assert fr in _pdf_text(papers.render_bytes("invoice", label, fmt="pdf", lang="fr",
                                               today=TODAY))  # fmt: skip
    en = papers.render_bytes("invoice", label, fmt="md", lang="en", today=TODAY).decode()
    assert f"Attention {contact}" in en
