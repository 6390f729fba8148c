"""The Payouts page with the keys (issue 13 points 1, 2 and 3): `c` on a payout the pay envelope
does not cover opens the refusal with the ways out (hold, transfer from the cushion, pay
anyway with a reason) and records nothing until one is chosen; a held payout stays on the
page with its reason and `r` releases it; the header says the rule in words and every short
row says what would cover it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pilot_helpers import settle
from textual.pilot import Pilot
from textual.widgets import Button, Input

from homeops.config import Settings
from homeops.services import Business
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.ledger import LedgerView
from homeops.tui.views.ledger_dialogs import LedgerForm, NotCoveredDialog
from homeops.tui.widgets.row_list import RowList

AppFactory = Callable[..., HomeopsApp]
FRIDAY = "2026-12-04"  # the first payout after TODAY (Monday 2026-11-30)


def ledger_view(app: HomeopsApp) -> LedgerView:
    return app.screen.query_one(LedgerView)


def payout_rows(app: HomeopsApp) -> list[str]:
    """The Payouts page's rows as drawn at the console's width."""
    rows = app.screen.query_one("#payouts-list", RowList)
    width = rows.scrollable_content_region.width
    return [rows.writer(row, width).plain for row in rows.rows]


async def open_payouts(pilot: Pilot[None]) -> LedgerView:
    await pilot.press("2", "P")
    await settle(pilot)
    return ledger_view(pilot.app)  # type: ignore[arg-type]


async def confirm_early(pilot: Pilot[None]) -> None:
    await pilot.press("c", "c")  # the payout is on Friday: twice pays it today
    await pilot.pause()


def pay(vault: Vault) -> int:
    return vault.ledger.totals().get("pay", 0)


async def test_c_on_a_short_payout_is_refused_with_the_ways_out_and_records_nothing(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_payouts(pilot)
        await confirm_early(pilot)
        dialog = app.screen
        assert isinstance(dialog, NotCoveredDialog)
        text = str(dialog.query_one(".hint").render())
        assert "pay holds 0,00" in text and "600,00" in text and "override" in text
        # the cushion is empty: no transfer is offered
        assert [key for key, _words in dialog.ways] == ["hold", "override"]
        assert pay(open_vault) == 0 and len(open_vault.ledger.rows()) == 0
        await pilot.press("enter")  # no reason yet: nothing chosen
        await pilot.pause()
        assert isinstance(app.screen, NotCoveredDialog)
        assert "Write why first" in dialog.message_text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NotCoveredDialog)
        assert len(open_vault.ledger.rows()) == 0 and open_vault.payouts.count() == 0
        assert "not recorded" in view.message_text


async def test_holding_from_the_refusal_keeps_the_payout_on_the_page_and_r_releases_it(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_payouts(pilot)
        await confirm_early(pilot)
        await pilot.press(*"waiting for acme", "enter")  # Enter holds it: the safe way
        await settle(pilot)
        assert not isinstance(app.screen, NotCoveredDialog)
        assert len(open_vault.ledger.rows()) == 0  # nothing paid
        first = payout_rows(app)[0]
        assert first.startswith(FRIDAY) and "held" in first and "waiting for acme" in first
        assert "r releases it" in view.message_text
        await pilot.press("j", "r")  # the row below is not held: r says so
        await pilot.pause()
        assert "Select a held payout" in view.message_text
        assert open_vault.payouts.count() == 1
        await pilot.press("k", "r")
        await settle(pilot)
        assert open_vault.payouts.count() == 0
        assert "released" in view.message_text
        first = payout_rows(app)[0]
        assert first.startswith(FRIDAY) and "held" not in first and "SHORT" in first


async def test_h_holds_the_next_payout_and_it_stays_listed(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_payouts(pilot)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, LedgerForm)
        await pilot.press(*"cushion low", "enter")
        await settle(pilot)
        rows = payout_rows(app)
        assert "held: cushion low" in rows[0] and rows[0].startswith(FRIDAY)
        assert len(rows) == 13  # the twelve to pay, and the held one
        await pilot.press("h")  # the next hold is the next payout still to pay
        await pilot.pause()
        assert "2026-12-11" in str(app.screen.query_one(".panel-title").render())


async def test_paying_anyway_keeps_the_reason_in_the_entry(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_payouts(pilot)
        await confirm_early(pilot)
        await pilot.press(*"rent is due")
        app.screen.query_one("#way-override", Button).press()
        await settle(pilot)
        assert pay(open_vault) == -60_000
        (entry,) = open_vault.ledger.entries()
        assert entry.description == "Payout to myself (override: rent is due)"
        assert "reason is kept" in view.message_text


async def test_moving_what_is_missing_from_the_cushion_pays_it(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    business = Business(open_vault, Settings())
    business.cashbook.record_income(100_000, date="2026-11-30")  # pay 500, cushion 100
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_payouts(pilot)
        await confirm_early(pilot)
        dialog = app.screen
        assert isinstance(dialog, NotCoveredDialog)
        assert ("transfer", "Move 100,00\xa0€ from cushion") in dialog.ways
        await pilot.press(*"pay before the holidays")
        dialog.query_one("#way-transfer", Button).press()
        await settle(pilot)
        totals = open_vault.ledger.totals()
        assert (totals["pay"], totals["cushion"]) == (0, 0)
        kinds = sorted(e.kind for e in open_vault.ledger.entries())
        assert kinds.count("transfer") == 2 and kinds.count("payout") == 1
        assert f"Payout of {FRIDAY} recorded" in view.message_text


async def test_the_page_says_the_rule_in_words_and_what_would_cover_each_short_row(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_payouts(pilot)
        info = str(app.screen.query_one("#ledger-info").render())
        assert info.startswith("payout every Friday, 600,00") and "FREQ" not in info
        rows = payout_rows(app)
        short = [row for row in rows if " SHORT " in row[:40]]
        assert short, "the demo has payouts pay does not cover now"
        for row in short:
            assert "covered once payments arrive" in row or "short:" in row


def test_a_row_offers_c_only_when_pay_covers_it_and_keeps_whole_notes() -> None:
    from homeops.rules.payouts import PayoutLine
    from homeops.tui.views.ledger_rows import Money, payout_row

    money = Money("EUR", "fr_FR")
    short = PayoutLine("2026-11-27", 60_000, -10_000, False, True, True, -10_000, False)
    covered = PayoutLine("2026-11-27", 60_000, 10_000, True, True, False, 10_000, True)
    row = payout_row(short, 78, money, 0).plain
    assert "c confirms" not in row and "100,00\xa0€ short: hold it" in row
    assert "hold sugg" not in row  # a note that does not fit whole is left out, not cut
    assert "due: c confirms" in payout_row(covered, 78, money).plain
    wide = payout_row(short, 160, money, 50_000).plain
    assert "short: cushion or hold, due, hold suggested" in wide


def test_snapshot_not_covered_dialog(
    snap_compare: Callable[..., bool], open_vault: Vault, app_factory: AppFactory
) -> None:
    """The refusal at 80x24: the numbers, the reason, every way out on one line."""
    Business(open_vault, Settings()).cashbook.record_income(100_000, date="2026-11-30")

    async def refuse(pilot: Pilot[None]) -> None:
        await open_payouts(pilot)
        await confirm_early(pilot)
        await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False

    app = app_factory(vault=open_vault)
    assert snap_compare(app, terminal_size=(80, 24), run_before=refuse)


async def test_the_palette_offers_release_only_while_a_payout_is_held(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_payouts(pilot)
        assert view.check_action("release_payout", ()) is None
        await pilot.press("h", *"slow month", "enter")
        await settle(pilot)
        assert view.check_action("release_payout", ()) is True
        await pilot.press("r")
        await settle(pilot)
        assert view.check_action("release_payout", ()) is None


# -- c twice in a row pays early, for the same payout only (issue 13 review point 2) ------------


def paid_with_enough_pay(vault: Vault) -> Vault:
    Business(vault, Settings()).cashbook.record_income(400_000, date="2026-11-30")
    return vault


def paid(vault: Vault) -> list[str]:
    """The scheduled dates of the payouts paid."""
    return [d.date for d in vault.payouts.decisions() if d.status == "paid"]


async def test_c_after_a_hold_of_the_armed_payout_arms_the_next_one_and_pays_nothing(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=paid_with_enough_pay(open_vault))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_payouts(pilot)
        await pilot.press("c")  # armed for Friday
        await pilot.pause()
        assert f"{FRIDAY}: press c again" in view.message_text
        await pilot.press("h", *"slow month", "enter")  # holds Friday's
        await settle(pilot)
        await pilot.press("c")  # the next payout is another one: it asks again
        await settle(pilot)
        assert not paid(open_vault)
        assert "2026-12-11: press c again" in view.message_text
        await pilot.press("c")
        await settle(pilot)
        assert paid(open_vault) == ["2026-12-11"]


async def test_c_after_a_hold_and_its_release_asks_again(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=paid_with_enough_pay(open_vault))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_payouts(pilot)
        await pilot.press("c", "h", *"slow month", "enter")
        await settle(pilot)
        await pilot.press("r")  # the held row is selected: released, due again
        await settle(pilot)
        assert "released" in view.message_text
        await pilot.press("c")
        await settle(pilot)
        assert not paid(open_vault)
        assert f"{FRIDAY}: press c again" in view.message_text


@pytest.mark.parametrize("between", [("j",), ("z",), ("question_mark", "escape")])
async def test_any_key_or_dialog_between_the_two_c_disarms(
    open_vault: Vault, app_factory: AppFactory, between: tuple[str, ...]
) -> None:
    app = app_factory(vault=paid_with_enough_pay(open_vault))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_payouts(pilot)
        await pilot.press("c", *between)
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert not paid(open_vault)
        assert f"{FRIDAY}: press c again" in view.message_text


async def test_the_arming_goes_with_its_message(open_vault: Vault, app_factory: AppFactory) -> None:
    from homeops.tui.widgets.status_line import MessageLine

    app = app_factory(vault=paid_with_enough_pay(open_vault))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_payouts(pilot)
        await pilot.press("c")
        await pilot.pause()
        view.query_one("#ledger-message", MessageLine).clear()  # what expire() does
        await pilot.press("c")
        await settle(pilot)
        assert not paid(open_vault)
        await pilot.press("c")  # twice in a row, message on show: paid today
        await settle(pilot)
        assert paid(open_vault) == [FRIDAY]
        assert f"Payout of {FRIDAY} recorded" in view.message_text


# -- every key answers (issue 13 review point 10, the Ledger) -----------------------------------


async def test_r_with_nothing_held_and_u_on_the_ledger_answer(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_payouts(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert view.message_text == "Nothing held."
        assert open_vault.payouts.count() == 0
        await pilot.press("E", "u")
        await pilot.pause()
        assert view.message_text.startswith("No undo in the Ledger: R reverses an entry")
