"""The console's documents (issue 15 point 4), with the keys a user presses: ``D`` on a
mission (its screen or its board card) writes the contract or the onboarding form, ``D`` on
the Ledger's Invoices page writes the invoice as PDF or Factur-X (a void one: its credit
note; a draft: a PDF with its banner, never Factur-X). Each file is private (0600) and read
back with pypdf; a refusal is one line and writes nothing; a read-only session writes
nothing (the record of each document is a change of the vault)."""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_helpers import PASSPHRASE, TODAY, settle
from pypdf import PdfReader
from textual import events
from textual.pilot import Pilot
from textual.widgets import Label

from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.demo.sample_seller import demo_settings
from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, Mission, PersonalField
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.keys import rows
from homeops.tui.screens.documents import DocumentsDialog
from homeops.tui.screens.help import HelpScreen
from homeops.tui.screens.mission import MissionScreen
from homeops.tui.views.board import BoardView
from homeops.tui.views.ledger import LedgerView
from homeops.tui.widgets.row_list import RowList

AppFactory = Callable[..., HomeopsApp]
SELLER = demo_settings()  # the demo's fictional seller: every identity number is set
TITLE = "Textes du catalogue de printemps"


def fill(vault: Vault, *, address: bool = True) -> None:
    """A client of the demo's kind, one mission, and invoices F-0001 sent, F-0002 draft,
    F-0003 voided after it was sent (credit note AV-0001), F-0004 void and issued by an
    older version (no credit note number yet)."""
    business = Business(vault, SELLER)
    billing = PersonalField("3 rue du Port, 13002 Marseille", "invoicing") if address else None
    business.clients.add(Client("lune", name=PersonalField("Éditions de la Lune", "contract"),
                                billing_address=billing, siren="111111118"))  # fmt: skip
    # (a SIREN: a business; a private person gets no contract yet, fix G3)
    business.missions.add(Mission(TITLE, "lune", "Brief", fee_cents=90_000,
                                  deliverables=["12 book blurbs"]))  # fmt: skip
    book = business.cashbook
    book.new_invoice(Invoice(0, "lune", 90_000, "Catalogue texts"), send_on=TODAY)
    book.new_invoice(Invoice(0, "lune", 30_000, "Blurbs, second batch"))
    third = book.new_invoice(Invoice(0, "lune", 12_000, "Proofreading"), send_on=TODAY)
    book.void_invoice(third, TODAY)
    vault.invoices.add(Invoice(4, "lune", 5_000, "Old index", status="void",
                               issued="2026-10-01"))  # fmt: skip


def pdf_text(path: Path) -> str:
    """The PDF's words, one space between each (a title may wrap over two lines)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.fixture
def app(open_vault: Vault, app_factory: AppFactory) -> HomeopsApp:
    """The console over ``fill``'s vault, with the demo's seller."""
    fill(open_vault)
    return app_factory(vault=open_vault, settings=SELLER)


async def on_invoice(pilot: Pilot[None], number: int) -> LedgerView:
    await pilot.press("2", "I")
    await settle(pilot)
    invoices = pilot.app.screen.query_one("#invoices-list", RowList)
    invoices.cursor = next(i for i, row in enumerate(invoices.rows) if row.number == number)
    return pilot.app.screen.query_one(LedgerView)


# -- a mission's documents --------------------------------------------------------------------


async def test_d_on_the_mission_screen_writes_its_contract(
    open_vault: Vault, app: HomeopsApp, tmp_path: Path
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "D")
        await settle(pilot)
        assert isinstance(app.screen, DocumentsDialog)
        await pilot.press("enter")  # Contract, PDF, fr: the defaults
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MissionScreen)
        assert screen.message_text == "Contract written: ~/documents/M-1-contract-fr.pdf"
    path = tmp_path / "documents" / "M-1-contract-fr.pdf"
    assert private(path)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = pdf_text(path)
    assert TITLE in text and "Camille Martin EI" in text and "Éditions de la Lune" in text
    [record] = open_vault.documents.list(None)
    assert (record.kind, record.ref, record.path, record.fmt, record.lang) == (
        "contract", "M-1", str(path), "pdf", "fr",
    )  # fmt: skip


async def test_d_on_a_board_card_writes_the_onboarding_form_in_english_markdown(
    app: HomeopsApp, tmp_path: Path
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("D")
        await settle(pilot)
        # Document -> Onboarding form; Tab; Format -> Markdown; Tab; Language -> en
        await pilot.press("right", "tab", "right", "tab", "right", "enter")
        await settle(pilot)
        board = app.screen.query_one(BoardView)
        assert board.message.text == "Onboarding form written: ~/documents/M-1-onboarding-en.md"
    path = tmp_path / "documents" / "M-1-onboarding-en.md"
    assert private(path)
    body = path.read_text(encoding="utf-8")
    assert body.startswith(f"# Onboarding form — {TITLE}\n")


async def test_the_dialog_lists_what_was_written_and_where_new_files_go(
    open_vault: Vault, app: HomeopsApp
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("D", "enter")
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DocumentsDialog)
        listed = str(dialog.query_one("#documents-written").render())
        assert "2026-11-30  PDF      fr  ~/documents/M-1-contract-fr.pdf" in listed
        assert "New files go to ~/documents" in listed
        await pilot.press("escape")  # closes, writes nothing more
        await settle(pilot)
    assert len(open_vault.documents.list(None)) == 1


async def test_templates_beside_the_settings_file_override_the_shipped_ones(
    open_vault: Vault, app_factory: AppFactory, tmp_path: Path
) -> None:
    # As for `homeops doc`: the config folder's templates/ (the console is given the file).
    templates = tmp_path / "config" / "templates"
    templates.mkdir(parents=True)
    (templates / "contract.md").write_text("# Ours: $title\n", encoding="utf-8")
    fill(open_vault)
    app = app_factory(vault=open_vault, settings=SELLER, config_path=templates.parent / "x.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("D", "tab", "right", "enter")  # Contract, Markdown
        await settle(pilot)
    written = tmp_path / "documents" / "M-1-contract-fr.md"
    assert written.read_text(encoding="utf-8") == f"# Ours: Contrat de prestation — {TITLE}\n"


async def test_a_title_with_markup_shows_as_typed(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    mission = open_vault.missions.get(1)
    mission.title = "[@click=app.quit]Logo[/] [b]bold"
    open_vault.missions.update(mission)
    app = app_factory(vault=open_vault, settings=SELLER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("D")
        await settle(pilot)
        subtitle = app.screen.query_one("#documents-dialog .panel-subtitle", Label).render()
        assert str(subtitle) == "M-1 [@click=app.quit]Logo[/] [b]bold"


# -- an invoice's documents ---------------------------------------------------------------


async def test_d_on_an_invoice_writes_its_pdf_then_its_factur_x(
    app: HomeopsApp, tmp_path: Path
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        view = await on_invoice(pilot, 1)
        await pilot.press("D", "enter")
        await settle(pilot)
        assert view.message_text == "Invoice F-0001 written: ~/documents/F-0001-fr.pdf"
        await pilot.press("D", "right", "enter")  # Format: PDF -> Factur-X
        await settle(pilot)
        assert view.message_text == (
            "Factur-X invoice F-0001 written: ~/documents/F-0001-facturx-fr.pdf"
        )
    folder = tmp_path / "documents"
    pdf, facturx = folder / "F-0001-fr.pdf", folder / "F-0001-facturx-fr.pdf"
    assert private(pdf) and private(facturx)
    text = pdf_text(pdf)
    # 900,00 € with the locale's narrow no-break space or a plain one
    assert "F-0001" in text and re.search(r"900,00\s?€", text)
    xml = PdfReader(facturx).attachments["factur-x.xml"][0]
    assert b"F-0001" in xml and b"900.00" in xml


async def test_a_draft_is_written_with_its_banner_and_refused_as_factur_x(
    open_vault: Vault, app: HomeopsApp, tmp_path: Path
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        view = await on_invoice(pilot, 2)
        await pilot.press("D", "right", "enter")
        await settle(pilot)
        assert view.message_text == (
            "Not written: F-0002 is a draft: send it first (homeops invoice send F-0002)"
        )
        assert not (tmp_path / "documents").exists()
        await pilot.press("D", "enter")
        await settle(pilot)
        assert view.message_text == "Invoice F-0002 written: ~/documents/F-0002-fr.pdf"
    text = pdf_text(tmp_path / "documents" / "F-0002-fr.pdf")
    assert "F-0002" in text and re.search(r"BROUILLON|DRAFT", text)
    assert [r.fmt for r in open_vault.documents.list(None)] == ["pdf"]


async def test_a_void_invoice_writes_its_credit_note(
    open_vault: Vault, app: HomeopsApp, tmp_path: Path
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        view = await on_invoice(pilot, 3)
        await pilot.press("D", "enter")
        await settle(pilot)
        assert view.message_text == "Credit note AV-0001 written: ~/documents/AV-0001-fr.pdf"
        text = pdf_text(tmp_path / "documents" / "AV-0001-fr.pdf")
        assert "AV-0001" in text and "F-0003" in text
        # An older void invoice without a number: numbered by the write, and shown so.
        view = await on_invoice(pilot, 4)
        await pilot.press("D")
        await settle(pilot)
        offered = app.screen.query_one("#documents-kind", Label).render()
        assert str(offered) == "Credit note numbered now for F-0004"
        await pilot.press("enter")
        await settle(pilot)
        assert view.message_text == "Credit note AV-0002 written: ~/documents/AV-0002-fr.pdf"
        row = next(r for r in view.invoice_list.rows if r.number == 4)
        assert row.credit_note == 2
    assert open_vault.invoices.by_number(4).credit_note == 2


# -- refusals: one line, nothing written --------------------------------------------------


async def test_a_missing_seller_identity_names_the_setting(
    open_vault: Vault, app_factory: AppFactory, tmp_path: Path
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault, settings=Settings())  # no [seller] at all
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "D", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MissionScreen)
        assert screen.message_text == (
            "Not written: seller.name is not set: add it under [seller] in config.toml"
        )
    assert not (tmp_path / "documents").exists()  # refused before any folder or file
    assert open_vault.documents.list(None) == []


async def test_a_client_without_billing_address_is_one_line(
    open_vault: Vault, app_factory: AppFactory, tmp_path: Path
) -> None:
    fill(open_vault, address=False)
    app = app_factory(vault=open_vault, settings=SELLER)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await on_invoice(pilot, 1)
        await pilot.press("D", "enter")
        await settle(pilot)
        said = view.message_text
    assert said == (
        "Not written: client.billing_address: the client has no billing address: "
        "homeops client edit lune --billing-address ..."
    )
    assert open_vault.documents.list(None) == []


async def test_a_disk_error_names_the_path_only(
    open_vault: Vault, app_factory: AppFactory, tmp_path: Path
) -> None:
    fill(open_vault)
    (tmp_path / "documents").write_text("a file where the folder goes")
    app = app_factory(vault=open_vault, settings=SELLER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "D", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MissionScreen)
        assert screen.message_text == "Not written: cannot write ~/documents: File exists"
    assert open_vault.documents.list(None) == []


async def test_a_read_only_session_lists_but_writes_nothing(
    vault_path: Path, app_factory: AppFactory, tmp_path: Path
) -> None:
    with Vault.create(vault_path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        fill(vault)
    read_only = Vault.open(vault_path, PASSPHRASE, read_only=True)
    app = app_factory(vault=read_only, settings=SELLER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("D")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DocumentsDialog)
        await pilot.press("enter")
        await settle(pilot)
        said = dialog.message_text
        assert app.screen is dialog  # stays open, saying why
        assert said == (
            "Read-only session: no document is written (each one is recorded in the vault)."
        )
    assert not (tmp_path / "documents").exists()


# -- keys typed in one burst, the keymap and the help -------------------------------------


async def test_keys_typed_in_one_burst_write_what_they_chose(
    open_vault: Vault, app_factory: AppFactory, tmp_path: Path
) -> None:
    # Over a slow link "D → ⏎" arrives in one read: the Enter must wait for the dialog and
    # the → must change the format before the Enter writes.
    settings = SELLER
    fill_with_sample(Business(open_vault, settings), None, TODAY)
    issued = next(i for i in open_vault.invoices.list() if i.status == "sent")
    app = app_factory(vault=open_vault, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await on_invoice(pilot, issued.number)
        driver = app._driver
        assert driver is not None
        for key, char in (("D", "D"), ("right", None), ("enter", "\r")):
            driver.send_message(events.Key(key, char))
        await settle(pilot)
        await settle(pilot)
        assert view.message_text.startswith(f"Factur-X invoice {issued.label} written: ")
    assert private(tmp_path / "documents" / f"{issued.label}-facturx-fr.pdf")


def test_the_keymap_lists_the_documents_keys() -> None:
    table = {row.id: (row.where, row.default, row.description) for row in rows({})}
    assert table["mission.documents"] == ("mission", "D", "Documents")
    assert table["board.documents"] == ("board", "D", "Documents")
    assert table["ledger.invoice.documents"] == ("ledger", "D", "Documents")
    assert table["documents.write"] == ("dialogs", "enter", "Write")
    assert table["documents.cancel"] == ("dialogs", "escape", "Close")


async def test_the_help_lists_d_on_a_mission_and_on_the_invoices(app: HomeopsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        for keys in (("enter", "question_mark"), ("escape", "escape", "2", "I", "question_mark")):
            await pilot.press(*keys)
            await settle(pilot)
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            listed = {row.description: row.keys for s in help_screen.sections for row in s.rows}
            assert listed["Documents"] == ("D",)


# -- the picture ----------------------------------------------------------------------------


def test_snapshot_the_documents_dialog(snap_compare: Callable[..., bool], app: HomeopsApp) -> None:
    async def open_dialog(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "D", "enter")  # a contract written first: it is listed
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_dialog)
