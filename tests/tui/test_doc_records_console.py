"""The console's side of issue 15 part d4: voiding an issued invoice on the Invoices page
gives its credit note (AV-0001, shown beside it), and the erase dialog lists the files
outside the vault written for the client (keys a user presses, at 80x24)."""

from __future__ import annotations

from collections.abc import Callable

from pilot_helpers import TODAY, settle
from textual.widgets import Static

from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, PersonalField
from homeops.services import doc_records
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.clients import ClientsView
from homeops.tui.views.clients_dialogs import EraseDialog
from homeops.tui.views.ledger import LedgerView
from homeops.tui.views.ledger_rows import Money, invoice_row
from homeops.tui.widgets.row_list import RowList

AppFactory = Callable[..., HomeopsApp]


_money = Money("EUR", "fr_FR")


def test_a_void_invoice_with_a_credit_note_shows_it_beside_its_text() -> None:
    void = Invoice(3, "acme", 10_000, "Guide", status="void", issued="2026-11-01",
                   credit_note=1, credited_on="2026-11-05")  # fmt: skip
    row = invoice_row(void, 80, _money, TODAY).plain
    assert row.startswith("F-0003  void") and "AV-0001 Guide" in row
    draft = Invoice(4, "acme", 10_000, "Guide", status="void")
    assert "AV-" not in invoice_row(draft, 80, _money, TODAY).plain


async def test_voiding_an_issued_invoice_on_the_invoices_page_gives_its_credit_note(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    with open_vault.transaction():
        open_vault.clients.add(Client("acme"))
        open_vault.invoices.add(Invoice(1, "acme", 10_000, "Guide", status="sent",
                                        issued="2026-11-01", due="2026-12-01"))  # fmt: skip
        open_vault.invoices.add(Invoice(2, "acme", 5_000, "Draft"))
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "I")
        await settle(pilot)
        invoices = app.screen.query_one("#invoices-list", RowList)
        invoices.cursor = next(i for i, row in enumerate(invoices.rows) if row.number == 1)
        await pilot.press("v")
        await settle(pilot)
        voided = open_vault.invoices.by_number(1)
        assert (voided.credit_note, voided.credited_on) == (1, TODAY.isoformat())
        view = app.screen.query_one(LedgerView)
        assert "F-0001 void (it keeps its number), credit note AV-0001." in view.message_text
        invoices.cursor = next(i for i, row in enumerate(invoices.rows) if row.number == 2)
        await pilot.press("v")
        await settle(pilot)
        assert open_vault.invoices.by_number(2).credit_note is None  # a draft gets none
        assert "credit note" not in view.message_text


async def test_the_erase_dialog_lists_the_files_to_delete(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    with open_vault.transaction():
        open_vault.clients.add(Client("acme", name=PersonalField("Zoé Quillard", "contract")))
    doc_records.record(open_vault, kind="contract", ref="1", mission_id=None,
                       invoice_number=None, client_alias="acme",
                       path="/home/me/documents/M-1-contract-fr.pdf", fmt="pdf", lang="fr",
                       today=TODAY)  # fmt: skip
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "D")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EraseDialog)
        lines = str(dialog.query_one("#erase-findings-text", Static).render()).splitlines()
        at = lines.index("Files outside the vault to delete (1):")
        assert lines[at + 1] == "  /home/me/documents/M-1-contract-fr.pdf"
        assert "homeops does not delete them" in lines[at + 2]
        await pilot.press(*"acme", "enter")
        await settle(pilot)
        assert doc_records.listed(open_vault) == []
        message = app.screen.query_one(ClientsView).message_text
        assert "1 file outside the vault to delete." in message
        assert "Quillard" not in message and "/home/me" not in message
