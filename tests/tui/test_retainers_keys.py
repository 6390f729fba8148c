"""Issue 14 review (retainfix 18): the Ledger's Invoices page ends a retainer (e: the later
periods' drafts voided) and accepts (a) or declines (d) a proposal, with the keys a user
presses; today is Monday 30 Nov."""

from __future__ import annotations

from collections.abc import Callable

from pilot_helpers import settle
from textual.widgets import Input

from homeops.rules.model import Client
from homeops.rules.retainers import Proposal, Retainer
from homeops.rules.timelog import TimeEntry
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.ledger import LedgerView
from homeops.tui.views.ledger_dialogs import LedgerForm

AppFactory = Callable[..., HomeopsApp]


def add_retainer(vault: Vault, *, proposal: bool = False) -> None:
    """10 h a month from 1 Oct (drafts for October and November raised on opening)."""
    vault.clients.add(Client("acme"))
    support = Retainer("acme", "Support", 90000, "FREQ=MONTHLY", "2026-10-01", "2027-01-31",
                       limit_minutes=600)  # fmt: skip
    if proposal:  # 1 h over November's limit: 90 € at the implied rate
        support.proposals = [Proposal("2026-11-01", "2026-11-27", 60, 0, 9000)]
    vault.retainers.add(support)
    vault.timelog.add(TimeEntry("2026-11-27", 660, retainer_id=1))


async def test_e_ends_the_retainer_and_voids_the_later_draft(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    add_retainer(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "I", "e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LedgerForm)
        assert form.query_one("#form-retainer", Input).value == "#1"
        await pilot.press("enter", *["backspace"] * 10, *"2026-10-31", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, LedgerForm)
        status = {i.period: (i.label, i.status) for i in open_vault.invoices.list()}
        assert status == {"2026-10-01": ("F-0001", "draft"), "2026-11-01": ("F-0002", "void")}
        assert open_vault.retainers.get(1).ended == "2026-10-31"
        view = app.screen.query_one(LedgerView)
        assert view.message_text == "Retainer #1 ends on 2026-10-31; voided F-0002."


async def test_a_accepts_and_d_declines_a_proposal(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    add_retainer(open_vault, proposal=True)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "I", "d", "escape")  # d opens, Esc cancels: nothing changes
        await settle(pilot)
        assert open_vault.retainers.get(1).proposals[0].status == "proposed"
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.query_one("#form-proposal", Input).value == "#1 1"
        await pilot.press("enter")
        await settle(pilot)
        assert open_vault.retainers.get(1).proposals[0].status == "accepted"
        extra = max(open_vault.invoices.list(), key=lambda i: i.number)
        assert (extra.label, extra.amount_cents) == ("F-0003", 9000)
        view = app.screen.query_one(LedgerView)
        assert view.message_text == "Proposal 1 accepted: draft invoice F-0003, 90,00\u00a0€."
        await pilot.press("d")
        await settle(pilot)
        assert view.message_text == "No proposal waits for an answer."


async def test_shift_a_adds_a_retainer_checked_in_the_form(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    open_vault.clients.add(Client("acme"))
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "I", "A")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LedgerForm)
        # client, title, price; monthly as offered; 500 h: more than a month's billable time
        await pilot.press(*"acme", "enter", *"Support", "enter", *"600", "enter", "enter")
        await pilot.press(*"500h", "enter", "enter", "enter")
        await settle(pilot)
        assert app.screen is form and "is more than the" in form.message_text
        assert open_vault.retainers.list() == []  # nothing written
        await pilot.press("shift+tab", "shift+tab")  # back to Limit
        await pilot.press(*["backspace"] * 4, *"4h + 2", "enter", "enter", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, LedgerForm)
        (kept,) = open_vault.retainers.list()
        # monthly from today (Monday 30 Nov) for a year, 4 h a period
        assert (kept.rule, kept.start, kept.end, kept.limit_minutes, kept.price_cents) == (
            "FREQ=MONTHLY", "2026-11-30", "2027-11-29", 240, 60000)  # fmt: skip
        assert kept.limit_deliverables == 2
        (draft,) = open_vault.invoices.list()
        assert (draft.kind, draft.period, draft.amount_cents) == ("retainer", "2026-11-30", 60000)
        view = app.screen.query_one(LedgerView)
        assert view.message_text == "Retainer #1 added; draft F-0001."
