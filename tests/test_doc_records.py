"""The vault's record of the documents written to files (issue 15, part d4): the table
``documents`` (schema, repository, old vaults, export and import) and the service
``homeops.services.doc_records`` (``record``: one change, the same file written again
updates its record; ``listed``)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from homeops.rules.documents_records import DocumentRecord, RecordRefused, kinds_count
from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, Mission
from homeops.services import doc_records
from homeops.services.errors import ChangesWait, ImportRefused, Invalid
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "documents-record-passphrase"
DAY = dt.date(2026, 12, 6)
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as opened:
        with opened.transaction():
            opened.clients.add(Client("acme"))
            opened.clients.add(Client("bravo"))
            opened.missions.add(Mission("Logo refresh", "acme", "Brief"))
            opened.invoices.add(Invoice(1, "acme", 10_000, status="sent", issued="2026-12-01",
                                        due="2026-12-31"))  # fmt: skip
        yield opened


def _contract(vault: Vault, where: Path | str, **changed: Any) -> int:
    fields: dict[str, Any] = {
        "kind": "contract", "ref": "1", "mission_id": 1, "invoice_number": None,
        "client_alias": "acme", "path": where, "fmt": "pdf", "lang": "fr", "today": DAY,
    }  # fmt: skip
    return doc_records.record(vault, **{**fields, **changed})


def test_a_record_is_one_change_and_lists(vault: Vault, tmp_path: Path) -> None:
    changes = vault.info()["journal_records"]
    record_id = _contract(vault, tmp_path / "M-1-contract-fr.pdf")
    assert vault.info()["journal_records"] == changes + 1
    path = str(tmp_path / "M-1-contract-fr.pdf")
    expected = DocumentRecord("contract", "1", 1, None, "acme", path, "pdf", "fr", "2026-12-06")
    expected.id = record_id
    assert doc_records.listed(vault) == [expected]
    invoice_id = doc_records.record(
        vault, kind="invoice", ref="F-0001", mission_id=None, invoice_number=1,
        client_alias="bravo", path=tmp_path / "F-0001-facturx.pdf", fmt="facturx", lang="en",
        today=DAY,
    )  # fmt: skip
    assert [r.id for r in doc_records.listed(vault)] == [record_id, invoice_id]
    assert [r.ref for r in doc_records.listed(vault, "bravo")] == ["F-0001"]
    assert doc_records.listed(vault, "nobody") == []
    assert kinds_count(doc_records.listed(vault)) == {
        "contract": 1, "onboarding": 0, "invoice": 1, "credit-note": 0}  # fmt: skip


def test_the_same_file_written_again_updates_its_record(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _contract(vault, tmp_path / "M-1.pdf")
    monkeypatch.chdir(tmp_path)
    again = _contract(vault, "./sub/../M-1.pdf", lang="en", today=dt.date(2026, 12, 8))
    assert again == first
    (only,) = doc_records.listed(vault)
    assert (only.path, only.lang, only.date) == (str(tmp_path / "M-1.pdf"), "en", "2026-12-08")
    other = _contract(vault, "M-1-en.pdf")  # relative: made absolute, another file
    assert other != first
    assert doc_records.listed(vault)[1].path == str(tmp_path / "M-1-en.pdf")


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"path": "/tmp/a\x1b[31m.pdf"}, "the document's path cannot hold an escape"),
        ({"path": "/tmp/a\nb.pdf"}, "the document's path cannot hold a line break"),
        ({"path": "/" + "a" * 4096}, "the document's path is 4,097 characters long; at most 4,096"),
        (
            {"kind": "letter"},
            "a document's kind must be one of: contract, onboarding, invoice, credit-note",
        ),
        ({"fmt": "docx"}, "a document's fmt must be one of: md, pdf, facturx"),
        ({"lang": "de"}, "a document's lang must be one of: fr, en"),
        ({"ref": ""}, None),  # refused by the schema: empty
        ({"ref": "x" * 121}, "the document's reference is 121 characters long; at most 120"),
    ],
)
def test_a_record_out_of_bounds_is_refused_in_one_line_and_writes_nothing(
    vault: Vault, changed: dict[str, Any], message: str | None
) -> None:
    before = vault.export_data()
    with pytest.raises((RecordRefused, Invalid)) as refused:
        _contract(vault, "/tmp/x.pdf", **changed)
    text = str(refused.value)
    assert "\n" not in text and "\x1b" not in text and "aaaa" not in text
    if message:
        assert text.startswith(message)
    assert vault.export_data() == before


def test_the_schema_checks_what_the_repository_writes(vault: Vault) -> None:
    bad = DocumentRecord("contract", "1", 1, None, "acme", "relative.pdf", "pdf", "fr",
                         "6 Dec")  # fmt: skip
    with pytest.raises(Invalid) as refused:
        vault.documents.add(bad)
    assert str(refused.value) == "documents: date is not a date (YYYY-MM-DD)"


def test_a_record_waits_during_a_long_write(vault: Vault) -> None:
    with vault.long_write("erasing a client"), pytest.raises(ChangesWait):
        _contract(vault, "/tmp/x.pdf")
    assert doc_records.listed(vault) == []


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_older_vault_opens_with_the_table_empty(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.hops"
    shutil.copy(GOLDEN / f"vault-v{version}.hops", path)
    with Vault.open(path, "golden vault passphrase", today=DAY) as old:
        assert "documents" not in old.export_data()["tables"]
        assert doc_records.listed(old) == []
        assert old.meta.get("schema")["documents"] == 1
        doc_records.record(old, kind="onboarding", ref="1", mission_id=None,
                           invoice_number=None, client_alias="", path="/tmp/o.md", fmt="md",
                           lang="en", today=DAY)  # fmt: skip
    with Vault.open(path, "golden vault passphrase", read_only=True) as again:
        assert [r.path for r in doc_records.listed(again)] == ["/tmp/o.md"]


# -- export and import -------------------------------------------------------------------------


def _export(vault: Vault, tmp_path: Path) -> dict[str, Any]:
    _contract(vault, tmp_path / "M-1-contract-fr.pdf")
    doc_records.record(vault, kind="invoice", ref="F-0001", mission_id=None, invoice_number=1,
                       client_alias="acme", path=tmp_path / "F-0001-fr.pdf", fmt="pdf",
                       lang="fr", today=DAY)  # fmt: skip
    data: dict[str, Any] = json.loads(json.dumps(vault.export_data()))
    return data


def test_the_export_holds_the_records_and_imports_back(vault: Vault, tmp_path: Path) -> None:
    data = _export(vault, tmp_path)
    assert data["tables"]["documents"]["2"] == {
        "kind": "invoice", "ref": "F-0001", "mission_id": None, "invoice_number": 1,
        "client_alias": "acme", "path": str(tmp_path / "F-0001-fr.pdf"), "fmt": "pdf",
        "lang": "fr", "date": "2026-12-06",
    }  # fmt: skip
    tables = Vault.parse_export(json.dumps(data))
    with Vault.create(tmp_path / "copy.hops", PASSPHRASE, kdf=KdfParams.fast()) as copy:
        copy.replace_all(tables)
        assert doc_records.listed(copy) == doc_records.listed(vault)


@pytest.mark.parametrize(
    ("key", "fields", "message"),
    [
        (
            "1",
            {"client_alias": "ghost"},
            "documents #1: client_alias names no client of the export",
        ),
        ("1", {"mission_id": 9}, "documents #1: mission_id 9 names no mission of the export"),
        ("2", {"invoice_number": 7}, "documents #2: invoice_number names no invoice of the export"),
        ("2", {"path": "PATH1"}, "documents #2: path is the same as documents #1's"),
        ("2", {"fmt": "docx"}, "documents #2: fmt must be one of"),
        ("2", {"path": "/a\u202eb.pdf"}, "documents #2: path cannot hold"),
        ("2", {"size": 12}, "documents #2: unknown field 'size'"),
    ],
)
def test_an_import_checks_the_records(
    vault: Vault, tmp_path: Path, key: str, fields: dict[str, Any], message: str
) -> None:
    data = _export(vault, tmp_path)
    docs = data["tables"]["documents"]
    if fields.get("path") == "PATH1":
        fields = {"path": docs["1"]["path"]}
    docs[key].update(fields)
    with pytest.raises(ImportRefused) as refused:
        Vault.parse_export(json.dumps(data))
    assert message in str(refused.value)
    assert "\u202e" not in str(refused.value) and str(tmp_path) not in str(refused.value)
