"""``Business.paperwork`` (issue 15): what can be written for a mission, where a document
goes, what a read-only session and a failed record leave behind, the credit note of an
older vault's void invoice, and the same data giving the same bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.config.settings import DocumentSettings, SellerSettings
from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, Mission, PersonalField
from homeops.services import Business, doc_records
from homeops.services.errors import DocumentRefused, MissingIdentity, VaultReadOnly
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "cobalt-ferry-meadow-31"
TODAY = dt.date(2026, 12, 6)
SELLER = SellerSettings(
    name="Camille Martin",
    address=("12 rue des Lilas", "69003 Lyon"),
    siren="732829320",
    siret="73282932000074",
    email="camille@example.org",
    iban="FR7630006000011234567890189",
)


def settings(**documents: str) -> Settings:
    return dataclasses.replace(Settings(), seller=SELLER, documents=DocumentSettings(**documents))


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    path = tmp_path / "v" / "books.hops"
    path.parent.mkdir()
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        business = Business(vault, settings())
        business.clients.add(Client(
            "lune", name=PersonalField("Éditions de la Lune", "contract"),
            billing_address=PersonalField("3 rue du Port, 13002 Marseille", "invoicing"),
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
