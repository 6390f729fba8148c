"""The documents written to files and the client's rights (issue 15, part d4): an erasure
lists the files outside the vault to delete (never deletes them) and removes the client's
records; an access request lists them; the record of processing (Art. 30) names them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import Run, private_home, runner

from homeops.config import Settings
from homeops.rules import privacy
from homeops.rules.documents_records import files_lines
from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, Mission, PersonalField
from homeops.services import Business, doc_records
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "documents-privacy-passphrase"
DAY = dt.date(2026, 12, 6)
NAME = "Zéphyrine Quillard"


def _fill(vault: Vault, folder: Path) -> dict[str, Path]:
    """acme (Zéphyrine Quillard) with a contract, an invoice and its credit note written;
    bravo with one invoice; the files exist, as the paperwork writes them."""
    with vault.transaction():
        vault.clients.add(Client("acme", name=PersonalField(NAME, "contract")))
        vault.clients.add(Client("bravo"))
        vault.missions.add(Mission("Logo refresh", "acme", "Brief"))
        vault.invoices.add(Invoice(1, "acme", 10_000, status="void", issued="2026-11-01",
                                   due="2026-12-01", credit_note=1,
                                   credited_on="2026-11-10"))  # fmt: skip
        vault.invoices.add(Invoice(2, "bravo", 5_000, status="sent", issued="2026-11-02",
                                   due="2026-12-02"))  # fmt: skip
    files = {
        "contract": folder / "Quillard contract.pdf",  # the user's name for it: the client's
        "invoice": folder / "F-0001-fr.pdf",
        "credit": folder / "AV-0001-fr.pdf",
        "bravo": folder / "F-0002-fr.pdf",
    }
    made = (("contract", "1", 1, None, "acme", "contract"),
            ("invoice", "F-0001", None, 1, "acme", "invoice"),
            # recorded without the alias: found by its invoice
            ("credit-note", "AV-0001", None, 1, "", "credit"),
            ("invoice", "F-0002", None, 2, "bravo", "bravo"))  # fmt: skip
    for kind, ref, mission, number, alias, key in made:
        files[key].parent.mkdir(parents=True, exist_ok=True)
        files[key].write_bytes(b"%PDF-")
        doc_records.record(vault, kind=kind, ref=ref, mission_id=mission, invoice_number=number,
                           client_alias=alias, path=files[key], fmt="pdf", lang="fr",
                           today=DAY)  # fmt: skip
    return files


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as opened:
        yield opened


def test_files_lines_say_what_to_delete_and_that_homeops_leaves_them() -> None:
    assert files_lines([], 10) == []
    assert files_lines(["/b/F-0001.pdf", "/a/x\x1b.pdf", "/b/F-0001.pdf"], 10) == [
        "Files outside the vault to delete (2):",
        "  /a/x\\x1b.pdf",
        "  /b/F-0001.pdf",
        "  homeops does not delete them: delete them yourself,",
        "  but keep invoices and credit notes 10 years (accounting duty).",
    ]


def test_erasure_lists_the_files_removes_the_records_and_keeps_the_files(
    vault: Vault, tmp_path: Path
) -> None:
    files = _fill(vault, tmp_path / "documents")
    business = Business(vault, Settings())
    theirs = sorted(str(files[k]) for k in ("contract", "invoice", "credit"))
    assert business.clients.document_files("acme") == theirs
    done = business.clients.erase("acme", DAY)
    assert list(done.files) == theirs
    assert [r.ref for r in doc_records.listed(vault)] == ["F-0002"]  # bravo's stays
    assert all(path.exists() for path in files.values())  # the user's files: left alone
    exported = json.dumps(vault.export_data(), ensure_ascii=False)
    assert "Quillard" not in exported and str(files["invoice"]) not in exported
    (event,) = vault.events.of_kind("erasure")
    assert event.details["document_records_removed"] == 3
    assert str(tmp_path) not in json.dumps(event.details)


def test_an_access_request_lists_the_files(vault: Vault, tmp_path: Path) -> None:
    files = _fill(vault, tmp_path / "documents")
    data = Business(vault, Settings()).clients.export("acme", DAY)
    assert data["files"] == sorted(str(files[k]) for k in ("contract", "invoice", "credit"))
    assert [r["ref"] for r in data["records"]["documents"]] == ["1", "F-0001"]  # by alias
    bravo = Business(vault, Settings()).clients.export("bravo", DAY)
    assert bravo["files"] == [str(files["bravo"])]


def test_the_register_names_the_documents_and_their_retention(vault: Vault, tmp_path: Path) -> None:
    _fill(vault, tmp_path / "documents")
    text = Business(vault, Settings()).clients.register(DAY)
    assert "## Documents written (outputs of the processing)" in text
    assert "readable by the owner only (0600), in the documents folder" in text
    for row in (
        "| Contracts | 1 | 3 years after the end of the relationship |",
        "| Onboarding forms | 0 | 3 years after the end of the relationship |",
        "| Invoices | 2 | 10 years (legal accounting retention) |",
        "| Credit notes | 1 | 10 years (legal accounting retention) |",
    ):
        assert row in text.splitlines()
    assert str(tmp_path) not in text and "Quillard" not in text


def test_the_register_of_a_vault_without_documents_says_none_were_written() -> None:
    facts = privacy.RegisterFacts(
        privacy.RetentionYears(3, 5, 10), privacy.Security(64, 3, 4, 7, 15), [], today=DAY
    )
    lines = privacy.register_markdown(facts).splitlines()
    assert "| Invoices | 0 | 10 years (legal accounting retention) |" in lines
    assert "| Contracts | 0 | 5 years after the end of the relationship |" in lines


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def run_with_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[Run, dict[str, Path]]:
    path = tmp_path / "cli.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as made:
        files = _fill(made, tmp_path / "documents")
    return runner(path, private_home(tmp_path, PASSPHRASE), capsys), files


def test_client_erase_lists_the_files_before_and_after(
    run_with_files: tuple[Run, dict[str, Path]],
) -> None:
    run, files = run_with_files
    code, out, err = run("client", "erase", "acme", "--dry-run")
    assert code == 0 and err == ""
    lines = out.splitlines()
    at = lines.index("Files outside the vault to delete (3):")
    assert lines[at + 1 : at + 4] == [f"  {files[k]}" for k in ("credit", "invoice", "contract")]
    assert "homeops does not delete them" in lines[at + 4]
    assert lines[at + 5] == "  but keep invoices and credit notes 10 years (accounting duty)."
    code, out, _ = run("client", "erase", "acme", "--dry-run", "--json")
    removed = [f for f in json.loads(out) if f["table"] == "documents"]
    assert [f["file"] for f in removed] == [str(files[k]) for k in ("credit", "invoice",
                                                                    "contract")]  # fmt: skip
    code, out, err = run("client", "erase", "acme", "--yes")
    assert code == 0, err
    assert f"  {files['contract']}" in out.splitlines() and "the alias is now erased-" in out
    assert all(path.exists() for path in files.values())
    code, out, _ = run("client", "erase", "bravo", "--dry-run")
    assert f"  {files['bravo']}" in out.splitlines()
    assert str(files["invoice"]) not in out


def test_client_export_lists_the_files(
    run_with_files: tuple[Run, dict[str, Path]], tmp_path: Path
) -> None:
    run, files = run_with_files
    code, out, err = run("client", "export", "bravo", "--out", str(tmp_path / "bravo.json"))
    assert code == 0, err
    assert out.splitlines()[1:] == [
        "files outside the vault written for the client (1, listed in the export too):",
        f"  {files['bravo']}",
    ]
    data = json.loads((tmp_path / "bravo.json").read_text(encoding="utf-8"))
    assert data["files"] == [str(files["bravo"])]
