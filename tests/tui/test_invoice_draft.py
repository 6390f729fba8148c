"""Issue 14 part 2 in the console: b on the Ledger's Invoices page bills a delivered mission
(its invoice drafted from named lines, selected, its lines said); the mission screen's key
does the same for its mission; refusals are one line and record nothing."""

from __future__ import annotations

from collections.abc import Callable

from pilot_helpers import settle
from textual.widgets import Static

from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, Mission, ScopeChange, StageMove
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.ledger import LedgerView
from homeops.tui.views.ledger_dialogs import LedgerForm
from homeops.tui.widgets.status_line import MessageLine

AppFactory = Callable[..., HomeopsApp]


def _plain(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def _delivered(vault: Vault) -> Mission:
    vault.clients.add(Client("maison-verte"))
    mission = Mission("Menu translation", "maison-verte", "Delivered", fee_cents=25_000,
                      scope_changes=[ScopeChange("2026-11-20", "Wine list", 4_000,
                                                 accepted=True)],
                      history=[StageMove("2026-11-25T10:00:00", "Delivered")])  # fmt: skip
    vault.missions.add(mission)
    return mission


async def test_b_on_the_invoices_page_drafts_the_delivered_missions_invoice(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    mission = _delivered(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "I", "b")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LedgerForm)
        assert f"#{mission.id} Menu translation (maison-verte), 290,00 €" in _plain(form.note)
        await pilot.press("enter")  # the oldest mission owed is offered: Enter drafts it
        await settle(pilot)
        [invoice] = open_vault.invoices.list()
        assert (invoice.mission_id, invoice.amount_cents, invoice.status) == (
            mission.id, 29_000, "draft")  # fmt: skip
        assert [(line.text, line.amount_cents) for line in invoice.lines] == [
            ("Menu translation", 25_000), ("Wine list", 4_000)]  # fmt: skip
        view = app.screen.query_one(LedgerView)
        assert view.invoice_list.selected == invoice
        said = _plain(view.query_one("#ledger-message", MessageLine).text)
        assert "F-0001 drafted, 290,00 €: Menu translation 250,00 €; Wine list 40,00 €" in said
        assert view.model is not None and view.model.not_invoiced == []
        await pilot.press("b", "ctrl+u", *f"{mission.id}", "enter")  # billed already
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LedgerForm)  # the form says why and stays open
        said = _plain(str(form.query_one(".form-message", Static).render()))
        assert f"mission #{mission.id} has invoice F-0001 already (draft)" in said
        assert len(open_vault.invoices.list()) == 1


async def test_a_mission_number_that_is_no_mission_keeps_the_form_open(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    _delivered(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "I", "b", "ctrl+u", "#", "9", "9", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LedgerForm)
        assert open_vault.invoices.list() == []


async def test_the_mission_screen_shows_the_terms_and_i_drafts_its_invoice(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    from textual.widgets import Static

    from homeops.tui.screens.mission import MissionScreen
    from homeops.tui.views.board import BoardView

    mission = _delivered(open_vault)
    mission.terms_days, mission.deposit_bp = 20, 3000
    open_vault.missions.update(mission)
    assert mission.id is not None
    deposit = Invoice(1, "maison-verte", 7_500, mission_id=mission.id, kind="deposit",
                      status="paid")  # fmt: skip
    open_vault.invoices.add(deposit)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one(BoardView).select(mission.id)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MissionScreen)
        facts = _plain(str(screen.query_one("#mission-facts", Static).render()))
        assert "Terms 20 days, deposit 30 %" in facts
        await pilot.press("i")
        await settle(pilot)
        drafted = open_vault.invoices.by_number(2)
        assert [(line.text, line.amount_cents) for line in drafted.lines] == [
            ("Menu translation", 25_000),
            ("Wine list", 4_000),
            ("Deposit F-0001", -7_500),
        ]
        assert drafted.amount_cents == 21_500  # 250 + 40 - 75 €
        said = _plain(screen.message_text)
        assert said.startswith("F-0002 drafted, 215,00 €: Menu translation 250,00 €;")
        await pilot.press("i")  # billed already: one line, nothing more recorded
        await settle(pilot)
        assert "has invoice F-0002 already" in screen.message_text
        assert len(open_vault.invoices.list()) == 2


async def test_the_ledger_shows_an_invoice_drafted_on_the_mission_screen_on_its_next_show(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    from homeops.tui.views.board import BoardView

    mission = _delivered(open_vault)
    assert mission.id is not None
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "I")  # the Ledger read once: the mission is owed
        await settle(pilot)
        view = app.screen.query_one(LedgerView)
        assert view.model is not None and len(view.model.not_invoiced) == 1
        await pilot.press("1")
        await settle(pilot)
        app.screen.query_one(BoardView).select(mission.id)
        await pilot.press("enter", "i", "escape", "2")
        await settle(pilot)
        assert [i.label for i in view.invoice_list.rows] == ["F-0001"]
        assert view.model.not_invoiced == []


async def test_the_new_mission_form_takes_terms_and_drafts_the_deposit(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    from homeops.tui.screens.mission_form import MissionForm
    from homeops.tui.views.board import BoardView

    open_vault.clients.add(Client("acme", terms_days=45))
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Guide", "tab", *"acme", "tab", *"1000")
        await pilot.press("tab", "tab", "tab", "tab", *"30 %", "enter")  # the client's 45 days
        await settle(pilot)
        [mission] = open_vault.missions.list()
        assert (mission.terms_days, mission.deposit_bp) == (45, 3000)
        [deposit] = open_vault.invoices.list()
        assert (deposit.kind, deposit.amount_cents, deposit.mission_id) == (
            "deposit", 30_000, mission.id)  # fmt: skip
        said = app.screen.query_one(BoardView).query_one("#board-message", Static)
        assert "Added to Brief: Guide; deposit invoice F-0001 drafted" in str(said.render())
        await pilot.press("n", *"Other", "tab", *"acme", "tab", "tab", "tab", "tab", "tab",
                          *"soon", "enter")  # fmt: skip
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MissionForm)  # refused in the form, nothing stored
        message = _plain(str(form.query_one(".form-message", Static).render()))
        assert "terms: 'soon' is neither days" in message
        assert len(open_vault.missions.list()) == 1


def test_a_delivered_card_not_invoiced_says_to_bill_first() -> None:
    import datetime as dt

    from homeops.tui.widgets.card import card_lines

    mission = Mission("Menu", "maison-verte", "Delivered", fee_cents=25_000,
                      history=[StageMove("2026-11-25T10:00:00", "Delivered")])  # fmt: skip
    now = dt.datetime(2026, 11, 30, 12, 0)
    marked = card_lines(mission, 30, today=now.date(), now=now, locale="fr_FR", finished=True,
                        to_bill=True)[2]  # fmt: skip
    # The gutter, no deadline mark, the date; then "to bill" first of the facts: 30 cells.
    assert marked.plain == "  no date      to bill R0/2 5d"
    assert any("yellow" in str(span.style) for span in marked.spans)  # it stands out
    plain = card_lines(mission, 30, today=now.date(), now=now, locale="fr_FR", finished=True)[2]
    assert "to bill" not in plain.plain


async def test_the_board_marks_a_delivered_mission_to_bill_until_it_is_invoiced(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    from homeops.tui.views.board import BoardView
    from homeops.tui.views.board_column import BoardColumns

    mission = _delivered(open_vault)
    assert mission.id is not None
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        delivered = app.screen.query_one(BoardColumns).columns[-1].cards
        assert delivered._marks(delivered.cards[0])[2] is True
        await pilot.press("2", "I", "b", "enter", "1")  # billed on the Ledger
        await settle(pilot)
        assert open_vault.invoices.by_number(1).mission_id == mission.id
        assert delivered._marks(delivered.cards[0])[2] is False
        assert app.screen.query_one(BoardView).board is not None
