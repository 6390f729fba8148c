"""An issued invoice is written as it was issued (issue 15, fix G1): the seller and client
details its page prints are frozen in the change that issues it (send, a draft paid, a
credit note numbered); a client or ``[seller]`` edited later changes none of its bytes;
a client's erasure keeps the frozen copy while the invoice is within its accounting
retention, so it can still be written, and drops it past that."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from seller_fixture import SELLER_SETTINGS

from homeops.config import Settings
from homeops.config.settings import SellerSettings
from homeops.rules import erasure
from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, PersonalField
from homeops.services import Business
from homeops.services.errors import MissingIdentity
from homeops.storage.schema import problem
from homeops.storage.schema_rules import problems as import_problems
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "cobalt-ferry-meadow-31"
TODAY = dt.date(2026, 12, 6)
SELLER = SELLER_SETTINGS
MOVED = dataclasses.replace(
    SELLER, address=("8 quai Perrache", "69002 Lyon"), late_penalty_bp=1500,
    recovery_indemnity_cents=6000, trade_name="Plume Claire",
)  # fmt: skip


def settings(seller: SellerSettings = SELLER) -> Settings:
    return dataclasses.replace(Settings(), seller=seller)


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    """F-0001 sent, F-0002 a draft, F-0003 a draft paid: the client a business."""
    path = tmp_path / "v" / "books.hops"
    path.parent.mkdir()
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        business = Business(vault, settings())
        business.clients.add(Client(
            "atelier-b", name=PersonalField("Bérénice Vasseur", "invoicing"),
            billing_address=PersonalField("Atelier B, 4 rue Neuve, 69001 Lyon", "invoicing"),
            company="Atelier B SARL", siren="732829320",
        ))  # fmt: skip
        book = business.cashbook
        book.new_invoice(Invoice(0, "atelier-b", 90000, "Catalogue texts"), send_on=TODAY)
        book.new_invoice(Invoice(0, "atelier-b", 30000, "Blurbs"))
        book.new_invoice(Invoice(0, "atelier-b", 12000, "Proofreading"))
        book.pay_invoice(3, paid_on=TODAY, now=TODAY)
    return path


def _open(path: Path, seller: SellerSettings = SELLER) -> Business:
    return Business(Vault.open(path, PASSPHRASE), settings(seller))


@pytest.fixture
def business(vault_path: Path) -> Iterator[Business]:
    with _open(vault_path) as opened:
        yield opened


def _bytes(business: Business, number: int, fmt: str) -> bytes:
    return business.paperwork.render_bytes("invoice", str(number), fmt=fmt, lang="fr",
                                           today=TODAY)  # fmt: skip


def test_send_and_a_draft_paid_freeze_what_the_page_prints(business: Business) -> None:
    book = business.cashbook
    sent, draft, paid = book.invoice(1), book.invoice(2), book.invoice(3)
    assert draft.issued_as is None
    for issued in (sent, paid):
        frozen: Any = issued.issued_as
        assert frozen is not None
        assert frozen["client"] == {
            "name": "Bérénice Vasseur", "company": "Atelier B SARL", "siren": "732829320",
            "contact": "Bérénice Vasseur", "address": ["4 rue Neuve", "69001 Lyon"],
        }  # fmt: skip
        assert frozen["seller"]["address"] == ["12 rue des Lilas", "69003 Lyon"]
        assert frozen["late_penalty_bp"] == 1215
        assert frozen["recovery_indemnity_cents"] == 4000
    book.send_invoice(draft, TODAY, now=TODAY)
    assert book.invoice(2).issued_as == book.invoice(1).issued_as


def test_client_and_seller_edited_after_issue_change_no_byte(vault_path: Path) -> None:
    with _open(vault_path) as business:
        before = {(n, f): _bytes(business, n, f) for n in (1, 3) for f in ("md", "facturx")}
        draft_before = _bytes(business, 2, "md")
        client = business.clients.get("atelier-b")
        client.company = "Atelier Bleu SAS"
        client.billing_address = PersonalField("9 place Bellecour, 69002 Lyon", "invoicing")
        business.clients.update(client)
    with _open(vault_path, MOVED) as business:
        after = {(n, f): _bytes(business, n, f) for n in (1, 3) for f in ("md", "facturx")}
        assert after == before
        md = _bytes(business, 1, "md").decode()
        assert "Atelier B SARL" in md and "Atelier Bleu" not in md and "Perrache" not in md
        # a draft is not issued: it prints today's details
        draft = _bytes(business, 2, "md").decode()
        assert draft != draft_before.decode()
        assert "Atelier Bleu SAS" in draft and "8 quai Perrache" in draft
        assert "15\xa0%" in draft and "12,15" not in draft  # today's late penalty rate


def test_a_credit_note_prints_the_invoice_s_frozen_parties(vault_path: Path) -> None:
    with _open(vault_path) as business:
        business.cashbook.void_invoice(business.cashbook.invoice(1), TODAY, now=TODAY)
        before = _bytes(business, 1, "md")
    with _open(vault_path, MOVED) as business:
        after = _bytes(business, 1, "md")
    assert after == before and "AV-0001" in after.decode()


def test_an_older_invoice_prints_today_s_details_and_writing_freezes_nothing(
    business: Business, tmp_path: Path
) -> None:
    book = business.cashbook
    older = book.invoice(1)
    older.issued_as = None  # as an older homeops stored it
    business._vault.invoices.update(older)
    business.paperwork.write("invoice", "1", fmt="md", out=tmp_path, today=TODAY)
    assert book.invoice(1).issued_as is None  # decision: a document's write freezes nothing
    # voiding it numbers its credit note: frozen then, in the same change
    book.void_invoice(book.invoice(1), TODAY, now=TODAY)
    assert book.invoice(1).issued_as is not None


def test_a_seller_field_missing_at_send_is_named_then_filled_from_today(
    vault_path: Path,
) -> None:
    bare = dataclasses.replace(SELLER, siret="")
    with _open(vault_path, bare) as business:
        book = business.cashbook
        sent = book.send_invoice(book.invoice(2), TODAY, now=TODAY)  # send still works
        frozen: Any = sent.issued_as
        assert frozen is not None and frozen["seller"]["siret"] == ""
        with pytest.raises(MissingIdentity, match=r"^seller\.siret is not set"):
            _bytes(business, 2, "md")
    with _open(vault_path) as business:
        md = _bytes(business, 2, "md").decode()  # the siret set since: printed
        assert "73282932000074" in "".join(md.split()).replace("\u202f", "")


def test_erasure_keeps_the_frozen_copy_and_the_invoice_can_be_written(
    business: Business, tmp_path: Path
) -> None:
    done = business.clients.erase("atelier-b", TODAY)
    assert "kept as issued, with the client's details they printed" in done.summary()
    assert business.cashbook.invoice(1).issued_as is not None
    written = business.paperwork.write("invoice", "1", fmt="md", out=tmp_path, today=TODAY)
    text = written.path.read_text()
    assert "Atelier B SARL" in text and "4 rue Neuve" in text
    assert _bytes(business, 1, "facturx").startswith(b"%PDF")  # Factur-X too
    # a draft has no frozen copy: refused as before
    with pytest.raises(MissingIdentity, match="the client was erased"):
        _bytes(business, 2, "md")
    assert "details as issued (kept: issued invoice" in "\n".join(
        erasure.findings_lines(done.findings)
    )
    assert "until its accounting retention ends" in business.clients.register(TODAY)


def test_past_its_retention_the_frozen_copy_is_dropped() -> None:
    client = Client("atelier-b", name=PersonalField("Bérénice Vasseur", "invoicing"), id=1)
    frozen = {"seller": {}, "client": {"name": "Bérénice Vasseur", "address": ["x"]}}
    doc = {"number": 1, "client_alias": "atelier-b", "amount_cents": 100, "status": "paid",
           "issued": "2010-01-04", "issued_as": frozen}  # fmt: skip
    tables = {"invoices": {"1": doc}}
    late = erasure.plan_erasure(tables, client, "erased-1", 10, dt.date(2026, 12, 6))
    assert late.changes["invoices"]["1"]["issued_as"] is None
    assert [(f.fields, f.kept) for f in late.findings] == [(("details as issued",), False)]
    within = erasure.plan_erasure(tables, client, "erased-1", 10, dt.date(2019, 12, 6))
    assert within.changes["invoices"]["1"]["issued_as"] == frozen
    assert within.findings[0].kept_until == dt.date(2020, 1, 4)


def test_the_schema_bounds_the_frozen_copy(business: Business) -> None:
    doc: Any = dict(business._vault.invoices._table.get(doc_id=1) or {})
    assert problem("invoices", doc) is None
    worse = {**doc, "issued_as": {**doc["issued_as"], "late_penalty_bp": 10_001}}
    assert "late_penalty_bp" in str(problem("invoices", worse))
    lines = {**doc["issued_as"]["seller"], "address": ["a", "b", "c", "d", "e"]}
    assert "at most 4" in str(
        problem("invoices", {**doc, "issued_as": {**doc["issued_as"], "seller": lines}})
    )
    control = {**doc["issued_as"]["client"], "name": "Bérénice\nVasseur"}
    assert problem("invoices", {**doc, "issued_as": {**doc["issued_as"], "client": control}})
    stray = {**doc["issued_as"], "lang": "fr"}
    assert "unknown field" in str(problem("invoices", {**doc, "issued_as": stray}))
    draft = {**doc, "status": "draft", "issued": None, "due": None}
    found = list(import_problems({"invoices": {"1": draft}}, None))
    assert any("only an issued invoice keeps issued_as" in line for line in found)
