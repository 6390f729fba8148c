"""The Invoices page refuses to void a deposit that a later invoice deducts (issue 15, review
r15b #1): the service's one line, nothing changed; voiding the later invoice first works."""

from __future__ import annotations

from collections.abc import Callable

from pilot_helpers import TODAY, settle

from homeops.config import Settings
from homeops.rules.invoices import Invoice, InvoiceLine
from homeops.rules.model import Client, Mission
from homeops.services import Business
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.ledger import LedgerView
from homeops.tui.widgets.row_list import RowList

AppFactory = Callable[..., HomeopsApp]
REFUSED = "F-0001 is deducted on F-0002: void F-0002 first"


def deposit_and_final(vault: Vault) -> None:
    """F-0001 the deposit of mission 1 (162,00 €), F-0002 its own invoice deducting it."""
    with vault.transaction():
        vault.clients.add(Client("acme"))
        vault.missions.add(Mission("Brochure", "acme", "Delivered", fee_cents=54_000,
                                   deposit_bp=3_000))  # fmt: skip
    book = Business(vault, Settings()).cashbook
    book.new_invoice(Invoice(0, "acme", 16_200, "Deposit", mission_id=1, kind="deposit",
                             lines=[InvoiceLine("Deposit", 16_200)]), send_on=TODAY)  # fmt: skip
    assert book.draft_invoice(1, TODAY, send_on=TODAY).amount_cents == 37_800


async def test_void_on_the_invoices_page_is_refused_then_allowed(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    deposit_and_final(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "I")
        await settle(pilot)
        invoices = app.screen.query_one("#invoices-list", RowList)
        view = app.screen.query_one(LedgerView)
        numbers = [row.number for row in invoices.rows]
        # the cursor on F-0001 with the arrows, as a user would
        await pilot.press(*["up"] * len(numbers))
        await pilot.press(*["down"] * numbers.index(1))
        await pilot.press("v")
        await settle(pilot)
        assert view.message_text == f"Refused: {REFUSED}"
        assert open_vault.invoices.by_number(1).status == "sent"
        await pilot.press(*["up"] * len(numbers), *["down"] * numbers.index(2), "v")
        await settle(pilot)
        assert open_vault.invoices.by_number(2).status == "void"
        index = [row.number for row in invoices.rows].index(1)
        await pilot.press(*["up"] * len(numbers), *["down"] * index, "v")
        await settle(pilot)
        assert open_vault.invoices.by_number(1).credit_note == 2
        assert "F-0001 void (it keeps its number), credit note AV-0002." in view.message_text
