"""The Clients view: list with purposes and retention, add with the rules in sight, erase
with confirmation, the register; snapshots at 80x24."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pilot_helpers import PASSPHRASE, TODAY, no_blink, settle
from textual.pilot import Pilot
from textual.widgets import Input, Static

from homeops.rules.model import Client, LedgerEntry, Mission, PersonalField
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.clients import ClientsView
from homeops.tui.views.clients_dialogs import ClientForm, EraseDialog, RegisterScreen

AppFactory = Callable[..., HomeopsApp]
EMAIL = "unique.tui-canary@person.example"


def fill(vault: Vault) -> None:
    with vault.transaction():
        vault.clients.add(
            Client(
                "acme-mag",
                first_contact="2025-01-10",
                last_contact="2026-11-20",
                name=PersonalField("Claire Martin", "contract"),
                email=PersonalField(EMAIL, "contract"),
                billing_address=PersonalField("12 rue des Lilas, Lyon", "invoicing"),
            )
        )
        vault.clients.add(
            Client(
                "galerie-sud",
                "prospect",
                "2023-01-02",
                "2023-02-01",
                lawful_basis="legitimate interest",
                email=PersonalField("expo@galerie.example", "prospecting"),
            )
        )
        vault.clients.add(
            Client("old-client", relationship_ended="2025-06-30", notes="Call 06 12 34 56 78")
        )
        vault.missions.add(Mission("Feature: urban bees", "acme-mag", "Brief"))


def view_of(app: HomeopsApp) -> ClientsView:
    return app.screen.query_one(ClientsView)


async def test_list_shows_purpose_and_retention(open_vault: Vault, app_factory: AppFactory) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        view = view_of(app)
        assert [c.alias for c in view.clients] == ["acme-mag", "galerie-sud", "old-client"]
        await pilot.press("f")
        table = view.query_one("#clients-table")
        assert table.row_count == 1  # type: ignore[attr-defined]
        assert view.selected().alias == "galerie-sud"  # type: ignore[union-attr]
        await pilot.press("f")
        assert table.row_count == 3  # type: ignore[attr-defined]


async def test_add_a_client_with_purposes(open_vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "n")
        assert isinstance(app.screen, ClientForm)
        await pilot.press(*"Bad Alias", "enter")
        assert "the alias must be" in app.screen.message_text
        app.screen.query_one("#client-alias").value = ""  # type: ignore[attr-defined]
        await pilot.press(*"nordlys", *["tab"] * 5, *"ingrid@nordlys.example")
        await pilot.press("tab", "right")  # e-mail kept for invoicing instead of the contract
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ClientForm)
        client = open_vault.clients.by_alias("nordlys")
        assert client is not None and client.email == PersonalField(
            "ingrid@nordlys.example", "invoicing"
        )
        assert view_of(app).message_text == "Client added."


async def test_notes_warning_shows_in_the_form(open_vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "n")
        app.screen.query_one("#client-notes").value = "mail jo@x.example"  # type: ignore[attr-defined]
        await pilot.pause()
        warning = str(app.screen.query_one("#client-notes-warning").render())
        assert "e-mail address" in warning and "jo@x" not in warning


async def test_erase_from_the_view_with_confirmation(
    open_vault: Vault, app_factory: AppFactory, vault_path: Path
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        view = view_of(app)
        assert view.selected().alias == "acme-mag"  # type: ignore[union-attr]
        await pilot.press("D")
        await settle(pilot)  # the findings are looked for in a worker first
        assert isinstance(app.screen, EraseDialog)
        await pilot.press(*"acme", "enter")  # not the whole alias: refused, nothing erased
        assert isinstance(app.screen, EraseDialog)
        assert "does not match" in app.screen.message_text
        await pilot.press("escape")
        assert open_vault.clients.by_alias("acme-mag") is not None
        await pilot.press("D")
        await settle(pilot)
        await pilot.press(*"acme-mag", "enter")
        await settle(pilot)
        assert open_vault.clients.by_alias("acme-mag") is None
        assert "backups purged at once" in view.message_text
        assert EMAIL not in view.message_text
        erased = [c for c in view.clients if c.status == "erased"]
        assert len(erased) == 1 and erased[0].email is None
        assert open_vault.missions.list()[0].client_alias == erased[0].alias
        await pilot.press("D")  # erasing twice: a clear line, no dialog
        assert not isinstance(app.screen, EraseDialog)
        assert "already erased" in view.message_text
    with Vault.open(vault_path, PASSPHRASE, read_only=True) as reopened:
        assert EMAIL not in json.dumps(reopened.export_data())


async def test_the_erase_dialog_shows_the_findings_first(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    with open_vault.transaction():
        open_vault.missions.add(Mission("Interview with Claire Martin", "galerie-sud", "Brief"))
        invoices = open_vault.db.table("invoices")
        invoices.insert({"number": 1, "client_alias": "acme-mag", "amount_cents": 100,
                         "description": "Martin feature", "status": "sent",
                         "issued": "2026-10-01", "due": "2026-10-31"})  # fmt: skip
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "D")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EraseDialog)
        shown = str(dialog.query_one("#erase-findings-text", Static).render())
        assert "  missions: #2 title" in shown.splitlines()
        assert "F-0001 description (kept: issued invoice, legal obligation (accounting " in shown
        assert "until 2036-10-01" in shown
        assert "Martin" not in shown and "Claire" not in shown and EMAIL not in shown
        alias_field = dialog.query_one("#erase-alias", Input)
        assert alias_field.has_focus and alias_field.region.bottom <= 24  # on screen at 80x24
        await pilot.press(*"acme-mag", "enter")
        await settle(pilot)
        view = view_of(app)
        assert "1 of them redacted" in view.message_text  # #1 holds only the alias
        assert "1 issued invoice kept as issued" in view.message_text
        titles = {m.id: m.title for m in open_vault.missions.list()}
        assert titles[2] == "Interview with [erased]"
        assert open_vault.db.table("invoices").get(doc_id=1)["description"] == "Martin feature"  # type: ignore[index]


async def test_register_from_the_view(open_vault: Vault, app_factory: AppFactory) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "r")
        assert isinstance(app.screen, RegisterScreen)
        assert "Due for review today: 1" in app.screen.markdown
        assert EMAIL not in app.screen.markdown
        await pilot.press("escape")
        assert not isinstance(app.screen, RegisterScreen)


def test_snapshot_clients_view(
    snap_compare: Callable[..., bool], open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    assert snap_compare(app_factory(vault=open_vault), terminal_size=(80, 24), press=["4"])


def test_snapshot_register(
    snap_compare: Callable[..., bool], open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    assert snap_compare(app_factory(vault=open_vault), terminal_size=(80, 24), press=["4", "r"])


def test_snapshot_client_form(
    snap_compare: Callable[..., bool], open_vault: Vault, app_factory: AppFactory
) -> None:
    async def open_form(pilot: Pilot[None]) -> None:
        await pilot.press("4", "n")
        await no_blink(pilot)

    assert snap_compare(app_factory(vault=open_vault), terminal_size=(80, 24),
                        run_before=open_form)  # fmt: skip


def test_snapshot_erase_dialog(
    snap_compare: Callable[..., bool], open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    with open_vault.transaction():
        for n in range(3):
            open_vault.missions.add(Mission(f"Portrait {n} of Claire Martin", "old-client", "Plan"))
        for n in range(5):
            open_vault.ledger.add(LedgerEntry("2026-11-02", f"Paid by Martin ({n})", 100, "pay"))
        invoices = open_vault.db.table("invoices")
        for number, status in enumerate(("paid", "sent", "draft"), start=1):
            invoices.insert({"number": number, "client_alias": "acme-mag", "amount_cents": 100,
                             "description": "Claire's feature", "status": status,
                             "issued": None if status == "draft" else "2026-10-01"})  # fmt: skip

    async def open_dialog(pilot: Pilot[None]) -> None:
        await pilot.press("4", "D")
        await settle(pilot)
        await no_blink(pilot)

    assert snap_compare(app_factory(vault=open_vault), terminal_size=(80, 24),
                        run_before=open_dialog)  # fmt: skip


assert TODAY.isoformat() == "2026-11-30"


async def test_j_and_k_move_through_the_clients_as_the_arrows_do(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        view = view_of(app)
        assert view.selected().alias == "acme-mag"  # type: ignore[union-attr]
        await pilot.press("j", "j")
        assert view.selected().alias == "old-client"  # type: ignore[union-attr]
        await pilot.press("j")  # the last row: stays
        assert view.selected().alias == "old-client"  # type: ignore[union-attr]
        await pilot.press("k")
        assert view.selected().alias == "galerie-sud"  # type: ignore[union-attr]
        await pilot.press("up")
        assert view.selected().alias == "acme-mag"  # type: ignore[union-attr]
