"""The Ledger view: record income and see the envelopes change, mark an invoice paid, confirm
a payout; snapshots of Ledger, Invoices and Payouts at 80x24 and 160x48."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pilot_helpers import TODAY, settle
from textual.pilot import Pilot
from textual.widgets import Input

from homeops.config import Settings
from homeops.rules import ledger
from homeops.rules.invoices import Invoice
from homeops.rules.money import format_amount
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.ledger import LedgerView
from homeops.tui.views.ledger_dialogs import LedgerForm
from homeops.tui.widgets.row_list import RowList
from homeops.tui.widgets.status_line import MessageLine

AppFactory = Callable[..., HomeopsApp]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


def ledger_view(app: HomeopsApp) -> LedgerView:
    return app.screen.query_one(LedgerView)


async def test_record_income_changes_the_four_envelopes(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        before = demo_vault.ledger.totals()
        rows = len(ledger_view(app).entries.rows)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, LedgerForm)
        # Amount, Date, From, Mission, Override (empty): Enter on the last field saves.
        await pilot.press(*"1000", "enter", "enter", *"acme", "enter", "enter", "enter")
        await settle(pilot)
        after = demo_vault.ledger.totals()
        assert {k: after[k] - before[k] for k in after} == {
            "taxes": 25000, "costs": 15000, "pay": 50000, "cushion": 10000}  # fmt: skip
        view = ledger_view(app)
        assert len(view.entries.rows) == rows + 4

        def eur(cents: int) -> str:
            return format_amount(cents, "EUR", "fr_FR")

        # Short sentences, the line keeps the whole first at 80 columns (review point 9).
        assert view.message_text == (
            f"Income {eur(100000)} recorded. Taxes {eur(25000)}, costs {eur(15000)}, "
            f"pay {eur(50000)}, cushion {eur(10000)}."
        )
        line = view.query_one("#ledger-message", MessageLine)
        assert str(line.content) == f"Income {eur(100000)} recorded."
        assert "taxes" in str(view.query_one("#ledger-envelopes").render())


async def test_bad_amount_is_refused_in_the_form_and_records_nothing(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        count = demo_vault.ledger.count()
        await pilot.press("i", *"1,200", "ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LedgerForm) and "ambiguous" in form.message_text
        await pilot.press("escape")
        await pilot.pause()
        assert demo_vault.ledger.count() == count


async def test_mark_an_invoice_paid(demo_vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "I")
        await settle(pilot)
        invoices: RowList = app.screen.query_one("#invoices-list", RowList)
        index = next(i for i, inv in enumerate(invoices.rows) if inv.status == "sent")
        number = invoices.rows[index].number
        invoices.cursor = index
        total = sum(demo_vault.ledger.totals().values())
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, LedgerForm)
        await pilot.press("enter")
        await settle(pilot)
        paid = demo_vault.invoices.by_number(number)
        assert paid.status == "paid" and paid.paid_on == TODAY.isoformat()
        assert sum(demo_vault.ledger.totals().values()) == total + paid.amount_cents
        assert "paid" in ledger_view(app).message_text


async def test_confirm_a_payout(demo_vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "P")
        await settle(pilot)
        view = ledger_view(app)
        assert view.model is not None and view.model.outlook is not None
        first = view.model.outlook.payouts[0]
        pay = demo_vault.ledger.totals()["pay"]
        await pilot.press("c")
        await pilot.pause()
        if not first.due:
            assert "press c again" in view.message_text
            assert demo_vault.ledger.totals()["pay"] == pay
            await pilot.press("c")
            await pilot.pause()
        assert demo_vault.ledger.totals()["pay"] == pay - first.amount_cents
        assert view.model.outlook.payouts[0].date > first.date
        assert "recorded" in view.message_text


async def test_filter_by_envelope_and_month(demo_vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "slash", *"env:pay month:2026-11", "enter")
        await settle(pilot)
        rows = ledger_view(app).entries.rows
        assert rows and all(r.envelope == "pay" and r.date.startswith("2026-11") for r in rows)
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert len(ledger_view(app).entries.rows) == demo_vault.ledger.count()


async def test_reverse_an_income_puts_the_envelopes_back(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        view = ledger_view(app)
        rows = view.entries.rows
        index = next(i for i, r in enumerate(rows) if r.kind == "income" and r.group)
        picked = rows[index]
        group = [r for r in rows if r.group == picked.group]
        view.entries.cursor = index
        before = demo_vault.ledger.totals()
        count = len(rows)
        await pilot.press("R")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LedgerForm) and form.form_title == f"Reverse entry #{picked.id}"
        await pilot.press("enter")  # no reason yet: refused in the form
        await pilot.pause()
        assert "needs a reason" in form.message_text and demo_vault.ledger.count() == count
        await pilot.press(*"paid twice", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, LedgerForm)
        after = demo_vault.ledger.totals()
        assert {k: before[k] - after[k] for k in after} == {r.envelope: r.amount_cents
                                                            for r in group}  # fmt: skip
        assert len(view.entries.rows) == count + len(group)
        selected = view.entries.selected
        assert selected is not None
        assert selected.description == f"Reversal of #{picked.id}: paid twice"
        assert selected.amount_cents == -picked.amount_cents
        shown = str(view.query_one("#ledger-envelopes").render())
        assert view.money(after["pay"]) in shown and view.money(before["pay"]) not in shown
        assert f"Entry #{picked.id} reversed" in view.message_text

        # The reversal itself cannot be reversed: one line, a notification, nothing recorded.
        await pilot.press("R")
        await pilot.pause()
        assert not isinstance(app.screen, LedgerForm)
        assert "is itself a reversal" in view.message_text
        assert any("is itself a reversal" in n.message for n in app._notifications)
        # Nor the group again, from another of its entries.
        view.entries.cursor = next(
            i for i, r in enumerate(view.entries.rows) if r.group == picked.group and r != picked
        )
        await pilot.press("R")
        await pilot.pause()
        assert not isinstance(app.screen, LedgerForm)
        assert "already reversed" in view.message_text
        assert demo_vault.ledger.totals() == after
        assert demo_vault.ledger.count() == count + len(group)


async def test_escape_cancels_a_reversal(demo_vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        count = demo_vault.ledger.count()
        await pilot.press("R", *"typo", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, LedgerForm)
        assert demo_vault.ledger.count() == count
        await pilot.press("I", "R")  # an Entries key: nothing on the Invoices page
        await pilot.pause()
        assert not isinstance(app.screen, LedgerForm)


def test_every_ledger_binding_has_description_tooltip_and_id() -> None:
    from textual.binding import Binding

    for binding in LedgerView.BINDINGS + LedgerForm.BINDINGS:
        assert isinstance(binding, Binding)
        assert binding.description and binding.tooltip and binding.id, binding
        assert not binding.key.startswith(("alt+", "ctrl+h", "ctrl+j"))
    reverse = [
        b for b in LedgerView.BINDINGS if isinstance(b, Binding) and b.id == "ledger.reverse"
    ]
    assert [(b.key, b.action) for b in reverse] == [("R", "reverse_entry")]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "page", ["E", "I", "P", "F"], ids=["ledger", "invoices", "payouts", "forecast"]
)
def test_snapshot(
    snap_compare: Callable[..., bool],
    demo_vault: Vault,
    app_factory: AppFactory,
    page: str,
    size: tuple[int, int],
) -> None:
    async def show(pilot: Pilot[None]) -> None:
        await pilot.press("2", page)
        await settle(pilot)

    assert snap_compare(app_factory(vault=demo_vault), terminal_size=size, run_before=show)


async def test_an_expense_its_envelope_lacks_is_refused_until_an_override_reason(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    """Issue 13 point 1: `x` took costs below zero without a word."""
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        costs = demo_vault.ledger.totals()["costs"]
        count = demo_vault.ledger.count()
        await pilot.press("x")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LedgerForm)
        form.query_one("#form-amount", Input).value = f"{(costs + 92_500) / 100:.2f}"
        form.query_one("#form-category", Input).value = "laptop"
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = form.message_text.replace("\u202f", " ").replace("\u00a0", " ")
        assert app.screen is form and "costs holds" in said and "925,00 € short" in said
        assert "Override" in said and demo_vault.ledger.count() == count
        form.query_one("#form-override", Input).value = "the old one broke"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LedgerForm)
        assert demo_vault.ledger.totals()["costs"] == -92_500
        assert "override kept" in ledger_view(app).message_text
        newest = ledger_view(app).entries.rows[0]
        assert newest.description == "laptop (override: the old one broke)"


async def test_an_income_recorded_on_a_busy_day_leads_the_entries(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    """Issue 13 point 5: newest first by date only hid it below that day's older entries."""
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        view = ledger_view(app)
        day = view.entries.rows[0].date  # the newest day, which has entries already
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LedgerForm)
        for name, value in (("amount", "10"), ("date", day), ("memo", "just now")):
            form.query_one(f"#form-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        first = view.entries.rows[0]
        assert (first.date, first.description, first.envelope) == (day, "just now", "taxes")


def _sent_for_a_mission(vault: Vault) -> Invoice:
    return next(i for i in vault.invoices.list() if i.status == "sent" and i.mission_id)


async def test_income_for_a_mission_with_an_open_invoice_is_refused_in_the_form(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    """Issue 13 point 4: the income dialog recorded money its open invoice would count too."""
    invoice = _sent_for_a_mission(demo_vault)
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        count = demo_vault.ledger.count()
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LedgerForm)
        form.query_one("#form-amount", Input).value = "100"
        form.query_one("#form-mission", Input).value = str(invoice.mission_id)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and f"has invoice {invoice.label} open" in form.message_text
        assert "p marks it paid" in form.message_text and demo_vault.ledger.count() == count


async def test_an_invoice_whose_mission_was_paid_without_it_is_not_paid_again(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    invoice = _sent_for_a_mission(demo_vault)
    settings = Settings()
    direct = demo_vault.ledger.add_many(ledger.split_income(
        invoice.amount_cents, settings.money.shares_bp, date="2026-11-20",
        description="Payment received", currency="EUR", group="in-2026-11-20-test",
        mission_id=invoice.mission_id,
    ))  # fmt: skip
    first = min(direct)
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "I")
        await settle(pilot)
        invoices: RowList = app.screen.query_one("#invoices-list", RowList)
        invoices.cursor = next(i for i, row in enumerate(invoices.rows)
                               if row.number == invoice.number)  # fmt: skip
        count = demo_vault.ledger.count()
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LedgerForm)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form and f"entry #{first}" in form.message_text
        assert f"R on entry #{first} reverses it" in form.message_text
        assert demo_vault.ledger.count() == count
        assert demo_vault.invoices.by_number(invoice.number).status == "sent"


async def test_the_invoices_page_lists_delivered_missions_not_invoiced(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    """Issue 13 point 6: delivered and never invoiced, the money owed showed nowhere."""
    from textual.widgets import Static

    from homeops.rules.model import Mission, StageMove

    added = Mission("Menu translation", "maison-verte", "Delivered", fee_cents=25_000,
                    history=[StageMove("2026-11-25T10:00:00", "Delivered")])  # fmt: skip
    demo_vault.missions.add(added)
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "I")
        await settle(pilot)
        owed = app.screen.query_one("#invoices-owed", Static)
        shown = str(owed.render()).replace("\u202f", " ").replace("\u00a0", " ")
        # on screen: the sum and the two missions (the demo's speech, issue 14, and this one)
        assert owed.display and owed.region.height == 3
        assert "Delivered, not invoiced: 2 missions, 750,00 €" in shown
        assert f"#{added.id} Menu translation" in " ".join(shown.split())
        assert "delivered 2026-11-25" in shown


# -- issue 13 review: transfers checked, a mission's money stops at its fee ---------------------


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


async def _open_form(pilot: Pilot[None], app: HomeopsApp, key: str) -> LedgerForm:
    await pilot.press("2")
    await settle(pilot)
    await pilot.press(key)
    await pilot.pause()
    form = app.screen
    assert isinstance(form, LedgerForm)
    return form


async def test_a_transfer_its_source_lacks_is_refused_until_an_override_reason(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    """Review 1: `t` 99999 cushion → pay said "Moved 99 999,00 €", cushion -88 001,70 €."""
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_form(pilot, app, "t")
        before, count = demo_vault.ledger.totals(), demo_vault.ledger.count()
        for name, value in (("amount", "99999"), ("source", "cushion"), ("target", "pay"),
                            ("reason", "top up")):  # fmt: skip
            form.query_one(f"#form-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = _plain(form.message_text)
        assert app.screen is form and "cushion holds" in said and "transfer is 99 999,00 €" in said
        assert "move less, or write why in Override" in said
        assert demo_vault.ledger.count() == count and demo_vault.ledger.totals() == before
        form.query_one("#form-override", Input).value = "the bank moved it already"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LedgerForm)
        after = demo_vault.ledger.totals()
        assert after["cushion"] == before["cushion"] - 9_999_900
        assert "override kept in the entries" in ledger_view(app).message_text
        assert ledger_view(app).entries.rows[0].description.endswith(
            "(override: the bank moved it already)")  # fmt: skip


async def test_an_expense_refusal_offers_the_cushion_only_when_it_holds_what_is_missing(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    """Review 1: the refusal suggested a transfer of 92 505,24 € from a 14 642,30 € cushion."""
    totals = demo_vault.ledger.totals()
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_form(pilot, app, "x")
        form.query_one("#form-category", Input).value = "laptop"
        form.query_one("#form-amount", Input).value = f"{(totals['costs'] + 10_000) / 100:.2f}"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Esc then t moves 100,00 € in from cushion" in _plain(form.message_text)
        short = totals["cushion"] + 1
        form.query_one("#form-amount", Input).value = f"{(totals['costs'] + short) / 100:.2f}"
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = _plain(form.message_text)
        assert app.screen is form and "from cushion" not in said
        assert "and the cushion holds only" in said and "put it off, or write why" in said


async def test_income_for_a_mission_past_its_fee_is_refused_in_the_form_until_an_override(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    """Review 3: `i` 850 € on a mission whose fee is 380 € was recorded."""
    from homeops.rules.model import Mission

    mission = Mission("Press release", "maison-verte", "Brief", fee_cents=38_000)
    demo_vault.missions.add(mission)
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_form(pilot, app, "i")
        count = demo_vault.ledger.count()
        form.query_one("#form-amount", Input).value = "850"
        form.query_one("#form-mission", Input).value = str(mission.id)
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = _plain(form.message_text)
        assert app.screen is form and "of its 380,00 € fee" in said
        assert "(380,00 € still due)" in said and "write why in Override" in said
        assert demo_vault.ledger.count() == count
        form.query_one("#form-override", Input).value = "paid twice, refunded next month"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LedgerForm)
        assert demo_vault.ledger.count() == count + 4
        newest = ledger_view(app).entries.rows[0]
        assert newest.description.endswith("(override: paid twice, refunded next month)")
