"""``Business.paperwork`` (issue 15): what can be written for a mission, where a document
goes, what a read-only session and a failed record leave behind, the credit note of an
older vault's void invoice, and the same data giving the same bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import stat
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from seller_fixture import SELLER_SETTINGS, settings

from homeops.rules.invoices import Invoice, InvoiceLine
from homeops.rules.model import Client, Mission, PersonalField
from homeops.services import Business, doc_records
from homeops.services.errors import DocumentRefused, MissingIdentity, VaultReadOnly
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "cobalt-ferry-meadow-31"
TODAY = dt.date(2026, 12, 6)
SETTLE = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
DELIVERY = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/"
SELLER = SELLER_SETTINGS


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    path = tmp_path / "v" / "books.hops"
    path.parent.mkdir()
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        business = Business(vault, settings())
        business.clients.add(Client(
            "lune", name=PersonalField("Éditions de la Lune", "contract"),
            billing_address=PersonalField("3 rue du Port, 13002 Marseille", "invoicing"),
            siren="111111118",  # a business: a private person gets no contract (fix G3)
        ))  # fmt: skip
        business.missions.add(Mission("Catalogue texts", "lune", "Brief", fee_cents=90000,
                                      deliverables=["12 book blurbs"]))  # fmt: skip
        book = business.cashbook
        book.new_invoice(Invoice(0, "lune", 90000, "Catalogue texts"), send_on=TODAY)
        book.new_invoice(Invoice(0, "lune", 30000, "Blurbs, second batch"), send_on=TODAY)
    return path


@pytest.fixture
def business(vault_path: Path) -> Iterator[Business]:
    with Business(Vault.open(vault_path, PASSPHRASE), settings()) as opened:
        yield opened


def test_a_mission_has_a_contract_and_an_onboarding_form(business: Business) -> None:
    assert business.paperwork.kinds_for_mission(1) == ["contract", "onboarding"]
    with pytest.raises(DocumentRefused, match=r"^no mission with id 7$"):
        business.paperwork.kinds_for_mission(7)


def test_the_default_folder_is_made_private_beside_the_vault(
    business: Business, vault_path: Path
) -> None:
    written = business.paperwork.write("contract", "1", today=TODAY)
    folder = vault_path.parent / "documents"
    assert written.path == folder / "M-1-contract-fr.pdf"
    assert (written.kind, written.ref, written.fmt, written.lang) == (
        "contract",
        "M-1",
        "pdf",
        "fr",
    )
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(written.path.stat().st_mode) == 0o600
    [record] = business.paperwork.listed("lune")
    assert (record.kind, record.ref, record.mission_id, record.path) == (
        "contract", "M-1", 1, str(written.path))  # fmt: skip


def test_the_settings_choose_the_folder_and_the_language(vault_path: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "papers"
    with Business(Vault.open(vault_path, PASSPHRASE),
                  settings(out_dir=str(chosen), lang="en")) as business:  # fmt: skip
        written = business.paperwork.write("invoice", "F-0002", fmt="md", today=TODAY)
    assert written.path == chosen / "F-0002-en.md"
    assert "Blurbs, second batch" in written.path.read_text()


def test_a_folder_given_as_out_is_written_in(business: Business, tmp_path: Path) -> None:
    written = business.paperwork.write("onboarding", "1", fmt="md", lang="en", out=tmp_path,
                                       today=TODAY)  # fmt: skip
    assert written.path == tmp_path / "M-1-onboarding-en.md"


def test_a_read_only_session_writes_no_document(vault_path: Path, tmp_path: Path) -> None:
    """Writing the file would change nothing in the vault, but its record would: refused,
    since a document left out of the records would be missed by a client's erasure."""
    with Business(Vault.open(vault_path, PASSPHRASE, read_only=True), settings()) as business:
        with pytest.raises(VaultReadOnly):
            business.paperwork.write("contract", "1", out=tmp_path, today=TODAY)
        assert list(tmp_path.iterdir()) == [vault_path.parent]
        # a look without a file is not a change: it is allowed
        assert business.paperwork.render_bytes("contract", "1", fmt="md", lang="fr",
                                               today=TODAY).startswith(b"#")  # fmt: skip


def test_render_bytes_are_the_file_s_bytes_and_record_nothing(
    business: Business, tmp_path: Path
) -> None:
    paper = business.paperwork
    first = paper.render_bytes("invoice", "1", fmt="facturx", lang="fr", today=TODAY)
    again = paper.render_bytes("invoice", "1", fmt="facturx", lang="fr", today=TODAY)
    assert first == again and first.startswith(b"%PDF-")
    assert paper.listed() == []
    # another day changes nothing on an issued invoice: its date is its issue date
    later = paper.write("invoice", "1", fmt="facturx", out=tmp_path,
                        today=TODAY + dt.timedelta(days=3))  # fmt: skip
    assert later.path.read_bytes() == first


def test_a_failed_record_takes_the_file_back(
    business: Business, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise doc_records.RecordRefused("a document's path must be absolute")

    monkeypatch.setattr(doc_records, "record", refuse)
    with pytest.raises(doc_records.RecordRefused):
        business.paperwork.write("invoice", "1", out=tmp_path, today=TODAY)
    assert list(tmp_path.iterdir()) == [tmp_path / "v"]


def test_an_older_vault_s_void_invoice_gets_its_credit_note_when_written(
    business: Business, tmp_path: Path
) -> None:
    book = business.cashbook
    voided = book.void_invoice(book.invoice(2), TODAY)
    assert voided.credit_note == 1
    # as an older vault stored it: void, issued, no credit note number
    voided.credit_note, voided.credited_on = None, None
    business._vault.invoices.update(voided)
    with pytest.raises(DocumentRefused, match="credit note has no number yet"):
        business.paperwork.render_bytes("invoice", "2", fmt="pdf", lang="fr", today=TODAY)
    written = business.paperwork.write("invoice", "2", out=tmp_path, today=TODAY)
    assert (written.kind, written.ref) == ("credit-note", "AV-0001")
    assert written.path == tmp_path / "AV-0001-fr.pdf"
    assert book.invoice(2).credit_note == 1


def test_a_missing_seller_field_writes_nothing(vault_path: Path, tmp_path: Path) -> None:
    bare = dataclasses.replace(settings(), seller=dataclasses.replace(SELLER, iban=""))
    with Business(Vault.open(vault_path, PASSPHRASE), bare) as business:
        older = business.cashbook.invoice(1)  # issued by an older homeops: today's [seller]
        older.issued_as = None  # (an issued invoice prints its own: tests/test_issued_as.py)
        business._vault.invoices.update(older)
        with pytest.raises(MissingIdentity, match=r"seller\.iban"):
            business.paperwork.write("invoice", "1", out=tmp_path, today=TODAY)
        assert business.paperwork.listed() == []
    assert sorted(os.listdir(tmp_path)) == ["v"]


@pytest.mark.parametrize(
    ("kind", "ref", "fmt", "message"),
    [
        ("contract", "1", "facturx", "Factur-X is for invoices"),
        ("invoice", "F-12", "pdf", "no invoice F-0012"),
        ("invoice", "twelve", "pdf", "not an invoice number"),
        ("contract", "x1", "pdf", "not a mission id"),
        ("letter", "1", "pdf", "unknown document"),
        ("contract", "1", "docx", "unknown format"),
    ],
)
def test_what_cannot_be_written_is_refused_in_one_line(
    business: Business, tmp_path: Path, kind: str, ref: str, fmt: str, message: str
) -> None:
    with pytest.raises(DocumentRefused, match=message) as refused:
        business.paperwork.write(kind, ref, fmt=fmt, out=tmp_path, today=TODAY)
    assert "\n" not in str(refused.value)
    assert business.paperwork.listed() == []


# -- issue 15's fixes (FB): file names, warnings, what the builders are given --------------


def _xml(pdf: bytes) -> bytes:
    from pypdf import PdfReader

    [xml] = PdfReader(io.BytesIO(pdf)).attachments["factur-x.xml"]
    return bytes(xml)


def _find(xml: bytes, path: str) -> list[str]:
    from facturx_check import NS

    return [str(node.text) for node in ET.fromstring(xml).iterfind(path, NS)]


def test_every_default_name_carries_the_language(business: Business, vault_path: Path) -> None:
    paper, folder = business.paperwork, vault_path.parent / "documents"
    names = [
        paper.write("invoice", "1", fmt="facturx", lang="fr", today=TODAY).path.name,
        paper.write("invoice", "1", fmt="facturx", lang="en", today=TODAY).path.name,
        paper.write("invoice", "1", fmt="md", lang="en", today=TODAY).path.name,
        paper.write("contract", "1", fmt="md", lang="en", today=TODAY).path.name,
    ]
    assert names == ["F-0001-facturx-fr.pdf", "F-0001-facturx-en.pdf", "F-0001-en.md",
                     "M-1-contract-en.md"]  # fmt: skip
    assert sorted(os.listdir(folder)) == sorted(names)  # the French one is still there


def test_a_contract_past_one_page_is_written_with_a_warning(
    business: Business, tmp_path: Path
) -> None:
    long = business.missions.add(Mission(
        "Annual report", "lune", "Brief", fee_cents=240000,
        deliverables=[f"Chapter {n}: text, captions, checked figures" for n in range(1, 41)],
    ))  # fmt: skip
    written = business.paperwork.write("contract", str(long.id), out=tmp_path, today=TODAY)
    assert written.path.is_file()
    assert written.warning is not None and f"M-{long.id}: the contract runs to" in written.warning
    assert "\n" not in written.warning
    one_page = business.paperwork.write("contract", "1", out=tmp_path, today=TODAY)
    assert one_page.warning is None
    as_md = business.paperwork.write("contract", str(long.id), fmt="md", out=tmp_path,
                                     today=TODAY)  # fmt: skip
    assert as_md.warning is None  # Markdown has no pages


def test_a_contract_the_builder_refuses_is_one_line_and_leaves_nothing(
    business: Business, tmp_path: Path
) -> None:
    bare = business.missions.add(Mission("Untitled brief", "lune", "Brief", fee_cents=50000))
    with pytest.raises((DocumentRefused, MissingIdentity), match="no deliverables") as refused:
        business.paperwork.write("contract", str(bare.id), out=tmp_path, today=TODAY)
    assert "\n" not in str(refused.value)
    assert business.paperwork.listed() == [] and sorted(os.listdir(tmp_path)) == ["v"]


def test_the_contract_names_the_deposit_invoiced_and_the_deposit_is_386(
    business: Business, tmp_path: Path
) -> None:
    logo = business.missions.add(Mission(
        "Logo", "lune", "Brief", fee_cents=60000, deliverables=["A logo"], terms_days=30,
        deposit_bp=3000,
    ))  # fmt: skip
    book = business.cashbook
    deposit = book.deposit_of(logo.id)
    assert deposit is not None and deposit.amount_cents == 18000  # 30 % of 600,00 €
    text = business.paperwork.render_bytes("contract", str(logo.id), fmt="md", lang="fr",
                                           today=TODAY).decode()  # fmt: skip
    assert deposit.label not in text  # a draft deposit is not "invoiced" yet
    book.send_invoice(deposit, TODAY)
    text = business.paperwork.render_bytes("contract", str(logo.id), fmt="md", lang="fr",
                                           today=TODAY).decode()  # fmt: skip
    assert deposit.label in text and "180,00" in text
    xml = _xml(business.paperwork.render_bytes("invoice", deposit.label, fmt="facturx",
                                               lang="fr", today=TODAY))  # fmt: skip
    assert _find(xml, "rsm:ExchangedDocument/ram:TypeCode") == ["386"]
    assert _find(xml, DELIVERY + "ram:ActualDeliverySupplyChainEvent") == []


def test_the_response_windows_of_the_settings_are_printed(business: Business) -> None:
    text = business.paperwork.render_bytes("onboarding", "1", fmt="md", lang="en",
                                           today=TODAY).decode()  # fmt: skip
    windows = business.paperwork.settings.capacity.response_windows
    assert windows  # the settings' defaults
    for window in windows:
        assert f"{window.start:%H:%M}" in text and f"{window.end:%H:%M}" in text


def test_time_billed_gives_its_first_and_last_day_as_the_service_period(
    business: Business,
) -> None:
    hours = business.missions.add(
        Mission("Workshops", "lune", "Brief", fee_cents=100000, hourly_rate_cents=6000,
                deliverables=["Notes"])
    )  # fmt: skip
    for day, minutes in (("2026-12-04", 120), ("2026-12-01", 60), ("2026-12-02", 90)):
        business.planning.log_time(minutes, dt.date.fromisoformat(day), today=TODAY,
                                   mission_id=hours.id)  # fmt: skip
    line = InvoiceLine("Workshops, 4 h 30", 27000, minutes=270, rate_cents=6000)
    billed = business.cashbook.new_invoice(
        Invoice(0, "lune", 27000, "Workshops", mission_id=hours.id, lines=[line]), send_on=TODAY
    )
    xml = _xml(business.paperwork.render_bytes("invoice", billed.label, fmt="facturx",
                                               lang="fr", today=TODAY))  # fmt: skip
    period = SETTLE + "ram:BillingSpecifiedPeriod/"
    assert _find(xml, period + "ram:StartDateTime/udt:DateTimeString") == ["20261201"]
    assert _find(xml, period + "ram:EndDateTime/udt:DateTimeString") == ["20261204"]


def test_a_credit_note_names_the_cancelled_invoice_s_date_and_no_payment(
    business: Business,
) -> None:
    book = business.cashbook
    book.void_invoice(book.invoice(2), TODAY)
    xml = _xml(business.paperwork.render_bytes("invoice", "2", fmt="facturx", lang="fr",
                                               today=TODAY))  # fmt: skip
    assert _find(xml, "rsm:ExchangedDocument/ram:TypeCode") == ["381"]
    cancelled = SETTLE + "ram:InvoiceReferencedDocument/"
    assert _find(xml, cancelled + "ram:IssuerAssignedID") == ["F-0002"]
    assert _find(xml, cancelled + "ram:FormattedIssueDateTime/qdt:DateTimeString") == [
        "20261206"  # F-0002 was sent on TODAY
    ]
    assert _find(xml, SETTLE + "ram:SpecifiedTradeSettlementPaymentMeans") == []
    assert _find(xml, SETTLE + "ram:SpecifiedTradePaymentTerms") == []


# -- issue 15's fixes (FE): characters no font has, an erased client ------------------------

BUYER = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty/"


def test_characters_printed_as_question_marks_are_a_warning_naming_the_field(
    business: Business, tmp_path: Path
) -> None:
    # review r15a #6: the PDF prints "?" for them, the Factur-X XML keeps them
    business.clients.add(Client(
        "licorne", name=PersonalField("🦄 漢字 ሰላም", "invoicing"),
        billing_address=PersonalField("1 rue Neuve, 69001 Lyon", "invoicing"),
    ))  # fmt: skip
    business.cashbook.new_invoice(Invoice(0, "licorne", 5000, "Slogan"), send_on=TODAY)
    said = "client name: 6 characters no font of the documents has print as ?"
    paper = business.paperwork
    for fmt in ("pdf", "facturx"):
        written = paper.write("invoice", "3", fmt=fmt, out=tmp_path, today=TODAY)
        assert written.warning == said
    xml = _xml((tmp_path / "F-0003-facturx-fr.pdf").read_bytes())
    assert _find(xml, BUYER + "ram:Name") == ["🦄 漢字 ሰላም"]
    as_md = paper.write("invoice", "3", fmt="md", out=tmp_path, today=TODAY)
    assert as_md.warning is None and "🦄 漢字 ሰላም" in as_md.path.read_text()
    assert paper.write("invoice", "1", out=tmp_path, today=TODAY).warning is None


def test_an_erased_client_s_invoice_is_refused_in_one_line(
    business: Business, tmp_path: Path
) -> None:
    # review r15a #15: no advice to type the erased name again. An issued invoice keeps
    # what it printed (fix G1, tests/test_issued_as.py): one without it is refused.
    older = business.cashbook.invoice(1)
    older.issued_as = None  # as an older homeops issued it
    business._vault.invoices.update(older)
    business.clients.erase("lune", TODAY)
    erased = "the client was erased: its documents can no longer be written"
    for kind, ref in (("invoice", "1"), ("contract", "1"), ("onboarding", "1")):
        with pytest.raises(MissingIdentity) as refused:
            business.paperwork.write(kind, ref, out=tmp_path, today=TODAY)
        assert str(refused.value) == erased
    assert business.paperwork.listed() == [] and sorted(os.listdir(tmp_path)) == ["v"]
