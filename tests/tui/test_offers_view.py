"""The Offers view (issue 16 point 5): each key driven with Pilot, what the vault holds after
it, what the view says; snapshots of every page at 80x24 and of the Tests page at 120x40 on
the demo vault."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_helpers import PASSPHRASE, TODAY, settle
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._footer import FooterKey  # the footer's keys, as tui/widgets/footer.py

from homeops.config import Settings
from homeops.rules.model import Offer
from homeops.rules.offers import ChannelResult, OfferResult, OfferTest
from homeops.services import Business
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views import offers_rows
from homeops.tui.views.ledger_dialogs import LedgerForm
from homeops.tui.views.offers import OffersView
from homeops.tui.widgets.footer import KeyFooter
from homeops.tui.widgets.row_list import RowList
from homeops.tui.widgets.view_bar import ViewBar

AppFactory = Callable[..., HomeopsApp]
NBSP = "\u00a0"


@pytest.fixture
def offers_vault(open_vault: Vault) -> Vault:
    """Two packaged offers and nothing else: every count below is the keys' doing."""
    missions = Business(open_vault, Settings()).missions
    missions.add_offer(Offer("Blog article pack", 90_000, 10))
    missions.add_offer(Offer("Newsletter edition", 32_000, 7))
    return open_vault


def business(vault: Vault) -> Business:
    return Business(vault, Settings())


def view(app: HomeopsApp) -> OffersView:
    return app.screen.query_one(OffersView)


def running_block(app: HomeopsApp) -> str:
    return str(app.screen.query_one("#offers-running", Static).render())


async def show_offers(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press("5", *keys)
    await settle(pilot)


async def start_test(pilot: Pilot[None], offer: str, segment: str, days: str = "") -> None:
    """n, then the form: offer, segment, days (Enter keeps the 14 offered)."""
    await pilot.press("n")
    await pilot.pause()
    await pilot.press(*offer, "enter", *segment, "enter")
    if days:
        await pilot.press("ctrl+u", *days)  # the field offers 14: emptied first
    await pilot.press("enter")
    await settle(pilot)


# -- the view itself ------------------------------------------------------------------------


async def test_key_5_shows_the_offers_view_named_in_the_view_bar(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(ViewBar)
        assert ("offers", "5", "Offers") in bar.views
        await show_offers(pilot)
        assert app.screen.current_view == "offers"  # type: ignore[attr-defined]
        assert "No test running" in running_block(app)
        assert view(app).page == "tests"


async def test_no_running_test_c_r_m_and_e_say_so_and_record_nothing(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        for key in "crme":
            await pilot.press(key)
            await pilot.pause()
            assert view(app).message_text == "No test running: n starts one."
        assert business(offers_vault).offers.tests() == []


# -- Tests page: start, count, end ------------------------------------------------------------


async def test_n_starts_a_test_from_the_offer_number(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        await start_test(pilot, "2", "design agencies")
        [test] = business(offers_vault).offers.tests()
        assert (test.offer, test.segment, test.start, test.days) == (
            "Newsletter edition", "design agencies", TODAY, 14)  # fmt: skip
        assert test.running
        block = running_block(app)
        assert "Running: Newsletter edition → design agencies" in block
        # started today: day 1 of 14, the 14 days from today to 2026-12-13 left
        assert "day 1 of 14 · 14 days left" in block
        assert view(app).message_text.startswith("Test started: Newsletter edition")
        assert len(view(app).test_list.rows) == 1


async def test_n_takes_a_name_start_and_other_days(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        await start_test(pilot, "blog", "B2B SaaS leads", days="21")
        [test] = business(offers_vault).offers.tests()
        assert (test.offer, test.segment, test.days) == ("Blog article pack", "B2B SaaS leads", 21)


@pytest.mark.parametrize(
    ("offer", "segment", "days", "said"),
    [
        ("9", "agencies", "", "offer 9 is not in the list (1 to 2)"),
        ("Podcast", "agencies", "", "no offer is called 'Podcast'"),
        ("", "agencies", "", "a test needs an offer: its number or name"),
        ("1", "", "", "a test needs a target segment (who you contact)"),
        ("1", "agencies", "0", "days must be a whole number from 1 to 366"),
        ("1", "agencies", "two", "days must be a whole number from 1 to 366"),
    ],
)
async def test_a_wrong_start_form_says_why_and_records_nothing(
    offers_vault: Vault,
    app_factory: AppFactory,
    offer: str,
    segment: str,
    days: str,
    said: str,
) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        await start_test(pilot, offer, segment, days)
        form = app.screen
        assert isinstance(form, LedgerForm)
        assert form.message_text == said
        await pilot.press("escape")
        await pilot.pause()
        assert business(offers_vault).offers.tests() == []


async def test_a_second_test_is_refused_while_one_runs(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        await start_test(pilot, "1", "agencies")
        await start_test(pilot, "2", "museums")
        assert view(app).message_text.startswith("Not started: test #")
        assert [t.offer for t in business(offers_vault).offers.tests()] == ["Blog article pack"]


async def test_c_r_m_count_on_the_running_test_and_the_rates_follow(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        await start_test(pilot, "1", "agencies")
        await pilot.press(*"cccc", "r", "m")
        await settle(pilot)
        [test] = business(offers_vault).offers.tests()
        assert (test.contacted, test.replied, test.met) == (4, 1, 1)
        block = running_block(app)
        # 1 reply of 4 contacted: 25 %; 1 meeting of 1 reply: 100 % (fr_FR: a no-break space)
        assert f"Contacted 4 · replied 1 (25{NBSP}% of contacted)" in block
        assert f"met 1 (100{NBSP}% of replies)" in block
        assert "Diagnosis: too early." in block  # fewer than 20 contacted
        assert view(app).message_text == "One meeting counted on Blog article pack: met 1."


async def test_u_takes_back_the_last_counts_made_here(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        await start_test(pilot, "1", "agencies")
        await pilot.press("c", "c", "r", "u")
        await settle(pilot)
        [test] = business(offers_vault).offers.tests()
        assert (test.contacted, test.replied, test.met) == (2, 0, 0)
        assert view(app).message_text == "One reply taken back on Blog article pack: replied 0."
        await pilot.press("u", "u")
        await settle(pilot)
        [test] = business(offers_vault).offers.tests()
        assert (test.contacted, test.replied, test.met) == (0, 0, 0)
        await pilot.press("u")  # nothing left that was counted here
        await pilot.pause()
        assert view(app).message_text.startswith("Nothing to take back")
        [test] = business(offers_vault).offers.tests()
        assert test.contacted == 0


async def test_u_never_takes_back_counts_made_elsewhere(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    offers = business(offers_vault).offers
    test = offers.start_test("Blog article pack", "agencies", today=TODAY)
    assert test.id is not None
    offers.log(test.id, "contacted", 3)
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert view(app).message_text.startswith("Nothing to take back")
        assert business(offers_vault).offers.tests()[0].contacted == 3


async def test_a_reply_before_any_contact_is_refused(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        await start_test(pilot, "1", "agencies")
        await pilot.press("r")
        await pilot.pause()
        assert view(app).message_text.startswith("Not counted: test #")
        assert "more replies than people contacted" in view(app).message_text
        [test] = business(offers_vault).offers.tests()
        assert (test.contacted, test.replied, test.met) == (0, 0, 0)


async def test_the_diagnosis_in_words_on_a_test_counted_elsewhere(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    """Counts logged by the command line show when the view is shown: 40 contacted, 2
    replies (5 %, under the 10 % default): low replies."""
    offers = business(offers_vault).offers
    test = offers.start_test("Blog article pack", "agencies", today=TODAY - dt.timedelta(days=3))
    assert test.id is not None
    offers.log(test.id, "contacted", 40)
    offers.log(test.id, "replied", 2)
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        block = running_block(app)
        # started 2026-11-27, 14 days: the last day is 2026-12-10, 11 days left with today
        assert "Started 2026-11-27 · day 4 of 14 · 11 days left" in block
        assert f"replied 2 (5{NBSP}% of contacted)" in block
        assert "met 0 (0" in block
        assert "Diagnosis: low replies. Few replies: the offer is badly worded or aims at" in block


async def test_e_twice_ends_the_running_test(offers_vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        await start_test(pilot, "1", "agencies")
        await pilot.press("e")
        await pilot.pause()
        assert view(app).message_text.startswith("Press e again to end the test of Blog")
        assert business(offers_vault).offers.tests()[0].running
        await pilot.press("e")
        await settle(pilot)
        [test] = business(offers_vault).offers.tests()
        assert test.ended == TODAY
        assert "No test running" in running_block(app)
        assert view(app).message_text == (
            "Test of Blog article pack ended on 2026-11-30. Diagnosis: too early."
        )
        row = view(app).test_list.writer(test, 77).plain
        assert "ended" in row and "too early" in row


async def test_another_key_between_the_two_e_ends_nothing(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        await start_test(pilot, "1", "agencies")
        await pilot.press("e", "c", "e")
        await settle(pilot)
        [test] = business(offers_vault).offers.tests()
        assert test.running and test.contacted == 1
        assert view(app).message_text.startswith("Press e again")


async def test_past_tests_stay_below_the_running_one(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    offers = business(offers_vault).offers
    old = offers.start_test("Newsletter edition", "museums", today=dt.date(2026, 11, 2))
    assert old.id is not None
    offers.log(old.id, "contacted", 25)
    offers.log(old.id, "replied", 5)
    offers.log(old.id, "met", 2)
    offers.end_test(old.id, dt.date(2026, 11, 15))
    offers.start_test("Blog article pack", "agencies", today=TODAY)
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(120, 40)) as pilot:
        await show_offers(pilot)
        rows = view(app).test_list
        assert [t.offer for t in rows.rows] == ["Blog article pack", "Newsletter edition"]
        past = rows.writer(rows.rows[1], 117).plain
        # 5 of 25 replied: 20 %; 2 of 5 met: 40 %: healthy with the default thresholds
        assert "2026-11-02" in past and "ended" in past
        assert f"20{NBSP}%" in past and f"40{NBSP}%" in past and past.endswith("healthy")
        await pilot.press("j")
        assert rows.cursor == 1
        await pilot.press("k")
        assert rows.cursor == 0
        assert str(view(app).query_one("#offers-info").render()) == "2 tests, 1 running"


# -- pages ----------------------------------------------------------------------------------


async def test_page_keys_and_the_keys_of_another_page_do_nothing(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        await start_test(pilot, "1", "agencies")
        await pilot.press("R")
        await pilot.pause()
        assert view(app).page == "results"
        await pilot.press("c", "n", "e")
        await pilot.pause()
        assert app.screen.query_one(OffersView)  # no form opened
        [test] = business(offers_vault).offers.tests()
        assert test.running and test.contacted == 0
        await pilot.press("C")
        await pilot.pause()
        assert view(app).page == "cases"
        await pilot.press("T")
        await pilot.pause()
        assert view(app).page == "tests"


async def test_results_page_lists_each_offer(offers_vault: Vault, app_factory: AppFactory) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot, "R")
        text = str(view(app).query_one("#offers-results", Static).render())
        assert "Blog article pack" in text and "Newsletter edition" in text
        # no mission sold yet: nothing won, the lead times promised and none taken
        assert "10→– d" in text and "7→– d" in text
        assert "No client has a source yet." in text
        assert str(view(app).query_one("#offers-info").render()) == "2 offers"


async def test_x_writes_the_cases_as_markdown_through_the_service(
    demo_vault: Vault, app_factory: AppFactory, tmp_path: Path
) -> None:
    out = tmp_path / "portfolio.md"
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot, "C")
        await pilot.press("x")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LedgerForm)
        await pilot.press("ctrl+u", *str(out), "enter")
        await settle(pilot)
        offers = business(demo_vault).offers
        cases = offers.cases()
        assert out.read_text(encoding="utf-8") == offers.case_markdown(cases)
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert view(app).message_text.startswith(f"{len(cases)} case")
        assert str(out) in view(app).message_text


async def test_x_into_a_folder_is_refused_in_the_form(
    demo_vault: Vault, app_factory: AppFactory, tmp_path: Path
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot, "C")
        await pilot.press("x", "ctrl+u", *str(tmp_path), "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LedgerForm)
        assert form.message_text.endswith("is a folder: give a file name")


async def test_cases_page_names_no_client_without_consent(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    aliases = [c.alias for c in business(demo_vault).clients.list()]
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot, "C")
        text = str(view(app).query_one("#offers-cases", Static).render())
        cases = business(demo_vault).offers.cases()
        assert cases and f"#{cases[0].mission_id} " in text
        for case in cases:
            if case.client is None:
                assert f"#{case.mission_id} " in text
        if all(case.client is None for case in cases):
            assert not any(alias in text for alias in aliases)


async def test_a_records_a_consent_then_withdraws_it(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    offers = business(demo_vault).offers
    case = next(c for c in offers.cases() if c.client is None)
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot, "C")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, LedgerForm)
        await pilot.press(*str(case.mission_id), "enter", "enter")  # the day offered: today
        await settle(pilot)
        named = next(c for c in offers.cases() if c.mission_id == case.mission_id)
        assert named.client is not None
        assert offers.case_text(case.mission_id).consent == TODAY.isoformat()
        assert view(app).message_text == (
            f"Consent of 2026-11-30 recorded for mission #{case.mission_id}: "
            "its case names the client."
        )
        text = str(view(app).query_one("#offers-cases", Static).render())
        assert f"client: {named.client} (consent recorded)" in text
        await pilot.press("a", *str(case.mission_id), "enter", "ctrl+u", "enter")
        await settle(pilot)
        again = next(c for c in offers.cases() if c.mission_id == case.mission_id)
        assert again.client is None
        assert offers.case_text(case.mission_id).consent is None
        assert view(app).message_text.startswith(
            f"Consent withdrawn for mission #{case.mission_id}"
        )


@pytest.mark.parametrize(
    ("mission", "day", "said"),
    [
        ("", "", "give the mission's number (#9 or 9), as the cases show it"),
        ("9999", "", "no mission #9999"),
        ("{first}", "2026-12-01", "a consent is recorded once given: the day is in the future"),
        ("{first}", "30/11/2026", "agreed on '30/11/2026' is not a date: write YYYY-MM-DD"),
    ],
)
async def test_a_wrong_consent_form_says_why_and_records_nothing(
    demo_vault: Vault, app_factory: AppFactory, mission: str, day: str, said: str
) -> None:
    offers = business(demo_vault).offers
    first = offers.cases()[0].mission_id
    before = offers.case_text(first).consent
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot, "C")
        await pilot.press("a", *mission.format(first=first), "enter", "ctrl+u", *day, "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LedgerForm)
        assert form.message_text == said
        assert offers.case_text(first).consent == before


async def test_a_read_only_session_refuses_every_change_in_one_line(
    closed_vault: Path, app_factory: AppFactory
) -> None:
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        offers = business(vault).offers
        business(vault).missions.add_offer(Offer("Blog article pack", 90_000, 10))
        offers.start_test("Blog article pack", "agencies", today=TODAY)
    read_only = Vault.open(closed_vault, PASSPHRASE, read_only=True)
    app = app_factory(vault=read_only)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        for key in ("c", "n", "e", "u", "C", "a"):
            await pilot.press(key)
            await pilot.pause()
            if key == "C":
                continue
            assert not isinstance(app.screen, LedgerForm)  # no form opened
            if key != "u":  # u: nothing was counted here
                assert view(app).message_text == "Read-only session: changes are refused."
    with Vault.open(closed_vault, PASSPHRASE, read_only=True) as after:
        [test] = business(after).offers.tests()
        assert test.running and test.contacted == 0


# -- the keys on show -----------------------------------------------------------------------


async def test_footer_at_80_columns_keeps_the_test_keys_help_and_quit(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        footer = app.screen.query_one(KeyFooter)
        await pilot.pause()
        assert footer.dropped == ["Take back"]  # the last declared goes first; in the help
        shown = [key.description for key in footer.query(FooterKey) if key.display]
        for description in ("Contact", "Reply", "Meeting", "New test", "End", "Help", "Quit"):
            assert description in shown


async def test_help_and_palette_list_the_offers_keys(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    from homeops.tui.commands import MainCommands
    from homeops.tui.screens.help import help_sections

    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_offers(pilot)
        sections = {s.title: s for s in help_sections(app.screen)}
        offers = sections["Offers view"]
        keys = {row.description: row.keys for row in offers.rows}
        assert keys["Contact"] == ("c",) and keys["End"] == ("e",)
        assert keys["Export"] == ("x",) and keys["Consent"] == ("a",)  # other pages' keys too
        provider = MainCommands(app.screen)
        names = [name for name, _help, _run in provider._commands()]
        assert "Offers" in names and "Offers: New test" in names
        assert "Offers: Export" not in names  # the Cases page's key, not on the Tests page


async def test_bad_text_in_the_vault_is_shown_as_data(
    offers_vault: Vault, app_factory: AppFactory
) -> None:
    """A segment typed elsewhere with markup: shown literally, never read as markup."""
    business(offers_vault).offers.start_test("Blog article pack", "[bold]agencies[/]", today=TODAY)
    app = app_factory(vault=offers_vault)
    async with app.run_test(size=(120, 40)) as pilot:
        await show_offers(pilot)
        assert "[bold]agencies[/]" in running_block(app)
        rows: RowList = view(app).test_list
        assert "[bold]agencies[/]" in rows.writer(rows.rows[0], 117).plain


# -- rows, as drawn -------------------------------------------------------------------------


def test_an_offer_row_at_80_columns_from_hand_computed_figures() -> None:
    # 950,00 € over 1h30 logged: 633,33 € an hour; 2 of 3 on time; promised 10 days, took 12
    result = OfferResult("Blog article pack", 4, 3, 95_000, 90, 63_333, 2, 1, 2, 1, 10, 12)
    row = offers_rows.result_row(result.offer, result, 77, "EUR", "fr_FR").plain
    assert cell_len(row) == 77
    assert f"633,33{NBSP}€" in row
    assert row.split() == ["Blog", "article", "pack", "4", "3", "633,33", "€", "2", "1", "2/3",
                           "10→12", "d"]  # fmt: skip


def test_a_channel_row_says_the_days_taken_only() -> None:
    channel = ChannelResult("referral", 7, 3, 0, 0, None, 0, 0, 0, 0, 21)
    row = offers_rows.result_row(channel.channel, channel, 77, "EUR", "fr_FR").plain
    assert row.split() == ["referral", "7", "3", "–", "0", "0", "–", "21", "d"]


def test_a_long_name_keeps_whole_words_in_its_column() -> None:
    test = OfferTest(1, "Newsletter edition", "Cooperatives and associations",
                     TODAY, 14, 22, 6, 1)  # fmt: skip
    row = offers_rows.test_row(test, None, 9, 77, "fr_FR").plain
    # 77 cells: offer and segment share 34, 17 each (the last a blank): whole words, then …
    assert row == "Newsletter…      Cooperatives…    9 left    22     6    1 "


# -- snapshots on the demo vault --------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "size"),
    [
        pytest.param("T", (80, 24), id="tests-80x24"),
        pytest.param("R", (80, 24), id="results-80x24"),
        pytest.param("C", (80, 24), id="cases-80x24"),
        pytest.param("T", (120, 40), id="tests-120x40"),
    ],
)
def test_snapshot(
    snap_compare: Callable[..., bool],
    demo_vault: Vault,
    app_factory: AppFactory,
    page: str,
    size: tuple[int, int],
) -> None:
    async def show(pilot: Pilot[None]) -> None:
        await pilot.press("5", page)
        await settle(pilot)

    assert snap_compare(app_factory(vault=demo_vault), terminal_size=size, run_before=show)
