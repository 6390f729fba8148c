"""Screens at 80 columns (issue 13 points 13, 14, 15 and 20): amounts never split across
lines, messages shortened to whole sentences, footers that keep ``?`` and ``^q``, rows laid
out in terminal cells, unambiguous card dates, and messages that belong to their view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pilot_helpers import TODAY, settle
from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets._footer import FooterKey

from homeops.rules.forecast import Forecast, ForecastWeek
from homeops.rules.model import Mission, StageMove
from homeops.services.cashbook import LedgerRow
from homeops.storage.vault import Vault
from homeops.tui import text as tui_text
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.help import HelpScreen
from homeops.tui.screens.mission import MissionScreen
from homeops.tui.text import fit_cells, fit_sentences, fit_text, graphemes
from homeops.tui.views.board import BoardView
from homeops.tui.views.ledger import LedgerView
from homeops.tui.views.ledger_rows import Money, entry_row, forecast_text
from homeops.tui.widgets import status_line
from homeops.tui.widgets.card import card_lines, short_date
from homeops.tui.widgets.footer import LAST_TO_GO, KeyFooter
from homeops.tui.widgets.status_line import MESSAGE_SECONDS, MessageLine, StatusLine

AppFactory = Callable[..., HomeopsApp]
FLAG = "\U0001f1eb\U0001f1f7"  # the French flag: two regional letters, one picture
FAMILY = "\U0001f469\u200d\U0001f4bb"  # woman technologist: a ZWJ sequence


# -- 13: amounts are never split, messages keep whole sentences -------------------------------


def test_a_wrapped_line_never_parts_an_amount() -> None:
    # Textual breaks at any Unicode blank, the no-break ones of an amount too: the console
    # makes it break at plain blanks only (a seam on rich._wrap, checked here).
    line = "taxes 16\u202f393,28\u00a0€ · pay 2\u202f186,50\u00a0€ · total -1\u202f700,00\u00a0€"
    tui_text.keep_amounts_whole()
    for width in range(12, len(line)):
        rows = [row.plain for row in Content(line).wrap(width)]
        for amount in ("16\u202f393,28\u00a0€", "2\u202f186,50\u00a0€", "-1\u202f700,00\u00a0€"):
            assert any(amount in row for row in rows), (width, rows)


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Moved to Plan.", 40, "Moved to Plan."),
        (
            "Moved to First draft. Warning: First draft holds 4 of 3 (WIP limit).",
            40,
            "Moved to First draft.",
        ),
        ("One. Two. Three and more words.", 9, "One. Two."),
        (
            "Archived: Spring issue feature (u brings it back; A lists the archive)",
            40,
            "Archived: Spring issue feature.",
        ),
        ("Refused: a very long reason without any full stop at all", 20, "Refused: a very…"),
    ],
)
def test_a_message_too_long_keeps_its_first_whole_sentences(
    text: str, width: int, expected: str
) -> None:
    assert fit_sentences(text, width) == expected
    assert cell_len(fit_sentences(text, width)) <= width


async def test_the_board_line_shows_whole_sentences_and_the_help_the_whole_message(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen.query_one(BoardView)
        said = (
            "Moved to First draft: Spring issue feature on urban gardens. Warning: First "
            "draft holds 4 missions (WIP limit 3)."
        )
        board.say(said)
        await pilot.pause()
        line = str(board.query_one("#board-message", MessageLine).render())
        assert line == "Moved to First draft: Spring issue feature on urban gardens."
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert said in str(app.screen.query_one("#help-said").render())


async def test_every_footer_at_80_columns_keeps_help_and_quit_whole(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=demo_vault)

    async def check(where: str, *, help_key: bool = True) -> None:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        palettes = footer.query_children(".-command-palette")  # none on the mission screen
        edge = palettes.first().region.x if palettes else footer.region.right
        keys = [k for k in footer.query_children(FooterKey) if k not in palettes]
        shown = [k for k in keys if k.display and k.styles.display != "none"]
        actions = {k.action for k in shown}
        assert "app.quit" in actions or "quit" in actions, where
        if help_key:
            assert "help" in actions, where
        for key in shown:  # each whole, left of the palette key: nothing cut at the edge
            assert key.region.width == key.render().cell_len, (where, key.description)
            assert key.region.right <= edge, (where, key.description)
        dropped = [k for k in keys if not k.display]
        assert all(k.action not in LAST_TO_GO for k in dropped), where

    async with app.run_test(size=(80, 24)) as pilot:
        await check("board")
        for page in "EIPF":
            await pilot.press("2", page)
            await check(f"ledger {page}")
        await pilot.press("3")
        await check("planner")
        await pilot.press("4")
        await check("clients")
        await pilot.press("1", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MissionScreen)
        await check("mission", help_key=False)  # its keys: esc goes back, ^q quits


async def test_the_status_line_drops_its_last_facts_whole() -> None:
    class OneLine(App[None]):
        def compose(self) -> ComposeResult:
            yield StatusLine(id="status-line")

    app = OneLine()
    async with app.run_test(size=(70, 3)) as pilot:
        status = app.query_one(StatusLine)
        status.vault_name = "studio"
        status.day = "Wednesday 2026-12-30"
        status.capacity_left = "2h30 billable left today"
        await pilot.pause()
        assert str(status.render()) == (
            "Vault: studio  ·  Wednesday 2026-12-30  ·  2h30 billable left today"
        )
        status.busy = "erasing a client"  # named first: the facts after it make room
        await pilot.pause()
        assert str(status.render()) == "Erasing a client… changes wait  ·  Vault: studio"


# -- 20: a message belongs to the view where it was said -------------------------------------


async def test_a_message_goes_with_its_view_and_its_ledger_page(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "P")
        await settle(pilot)
        ledger = app.screen.query_one(LedgerView)
        line = ledger.query_one("#ledger-message", MessageLine)
        ledger.say("Payout of 2026-12-11 held: holiday.")
        await pilot.pause()
        assert line.text
        await pilot.press("I")  # another page of the ledger
        await pilot.pause()
        assert line.text == "" and str(line.render()) == ""

        board = app.screen.query_one(BoardView)
        board.say("Moved to Plan.")
        await pilot.press("2", "1")  # away and back
        await settle(pilot)
        assert board.message_text == ""
        assert str(board.message.render()) == board.message.default  # the key to the marks


async def test_a_message_expires(
    demo_vault: Vault, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(status_line, "_now", lambda: clock[0])
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen.query_one(BoardView)
        board.say("Moved to Plan.")
        clock[0] += MESSAGE_SECONDS - 1
        board.message.expire()
        assert board.message_text == "Moved to Plan."  # still fresh
        clock[0] += 1
        board.message.expire()
        assert board.message_text == ""
        assert board.message.said[-1] == "Moved to Plan."  # the help still has it


# -- 14: rows are laid out in cells ----------------------------------------------------------


@pytest.mark.parametrize("width", range(1, 12))
def test_cutting_never_parts_a_grapheme(width: int) -> None:
    text = f"a{FLAG}漢{FAMILY}e\u0301{FLAG}b"
    clusters = {cluster for cluster, _ in graphemes(text)}
    assert {FLAG, FAMILY, "e\u0301", "漢"} <= clusters
    cut = fit_cells(text, width)
    assert cell_len(cut) == width
    kept = cut.rstrip(" ").removesuffix("…")
    assert text.startswith(kept)
    assert kept == "".join(c for c, _ in graphemes(kept))  # every grapheme whole
    assert not kept.endswith("\U0001f1eb") and not kept.endswith("\u200d")
    styled = fit_text(Text(text, style="bold"), width)
    assert styled.cell_len == width and styled.plain.rstrip(" ").removesuffix("…") == kept


@pytest.mark.parametrize(
    "memo", ["Office rent", "東京の翻訳会社から入金", f"Payment {FLAG}{FLAG}{FLAG} with {FAMILY}"]
)
@pytest.mark.parametrize("width", [60, 80, 120])
def test_entry_columns_stay_put_whatever_the_memo(memo: str, width: int) -> None:
    money = Money("EUR", "fr_FR")
    row = LedgerRow(7, "2026-11-27", memo, -60000, "pay", "expense", 12, "EUR")
    plain = entry_row(row, width, money).plain
    reference = entry_row(row._replace(description="Rent"), width, money).plain
    assert cell_len(plain) == cell_len(reference)
    amount = "-600,00\u00a0€"
    assert cell_len(plain[: plain.index(amount)]) == cell_len(reference[: reference.index(amount)])


def test_forecast_sparklines_line_up_whatever_the_envelope_names() -> None:
    names = ["taxes", "税金", f"{FLAG}pay", "cushion-for-bad-months"]
    week = ForecastWeek(1, TODAY, TODAY + dt.timedelta(days=6), dict.fromkeys(names, 100), 0, 0)
    chart = forecast_text(Forecast((week,), dict.fromkeys(names, 100)), Money("EUR", "fr_FR"), 80)
    rows = [row for row in chart.plain.splitlines() if "lowest" in row and "(W1)" in row]
    assert len(rows) == len(names)
    assert len({cell_len(row[: row.index("▄")]) for row in rows}) == 1  # one column


def test_a_card_with_a_wide_title_keeps_its_width() -> None:
    mission = Mission(
        f"東京の翻訳: {FLAG} パンフレット一式",
        "東京-client",
        "Plan",
        fee_cents=90000,
        deadline="2026-12-18",
        history=[StageMove("2026-11-27T09:00:00", "Plan")],
    )
    now = dt.datetime(2026, 11, 30, 12, 0)
    for width in (18, 24, 25, 40):
        lines = card_lines(mission, width, today=TODAY, now=now, locale="fr_FR")
        assert [line.cell_len for line in lines] == [width] * 4
        assert lines[1].plain.rstrip().endswith("900\u00a0€")


# -- 15: dates that cannot be misread ---------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [("2026-12-05", "05 Dec"), ("2027-01-05", "05 Jan 2027"), ("2025-11-27", "27 Nov 2025")],
)
def test_a_card_date_in_another_year_shows_the_year_in_full(deadline: str, expected: str) -> None:
    assert short_date(deadline, TODAY) == expected
