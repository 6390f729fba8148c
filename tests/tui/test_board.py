"""The board: moves, gates and overrides, undo/redo, filter, archive, new and edit.

Pilot tests against a real vault in tmp_path; every assertion about a change reads the
vault (and, where it matters, the vault reopened from disk after the app has closed it).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from board_data import fill, state
from pilot_helpers import PASSPHRASE, TODAY
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Select

from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.rules.model import Mission
from homeops.rules.money import format_amount
from homeops.services import Business
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.dialogs import OverrideDialog, StagePicker
from homeops.tui.screens.mission import MissionScreen
from homeops.tui.screens.mission_form import MissionForm
from homeops.tui.views.board import BoardView

AppFactory = Callable[..., HomeopsApp]


def board_of(app: HomeopsApp) -> BoardView:
    return app.screen.query_one(BoardView)


def titles(board: BoardView) -> dict[str, list[str]]:
    """What each column shows, by stage."""
    return {column.stage: [m.title for m in column.cards.cards] for column in board.columns}


async def start(pilot: Pilot[None]) -> BoardView:
    await pilot.pause()
    return board_of(pilot.app)  # type: ignore[arg-type]


@pytest.mark.parametrize(("forward", "back"), [("L", "H"), ("shift+right", "shift+left")])
async def test_moves_are_in_the_vault_and_its_history(
    open_vault: Vault,
    app_factory: AppFactory,
    vault_path: Path,
    forward: str,
    back: str,
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        assert board.selected() is not None and board.selected().id == ids["bees"]  # type: ignore[union-attr]
        await pilot.press(forward)
        assert open_vault.missions.get(ids["bees"]).stage == "Plan"
        assert "Feature: urban bees" in titles(board)["Plan"]
        assert board.focused_column.stage == "Plan"  # the focus follows the card
        await pilot.press(forward)
        await pilot.press(back)
        assert open_vault.missions.get(ids["bees"]).stage == "Plan"
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        mission = reopened.missions.get(ids["bees"])
        assert mission.stage == "Plan"
        assert [move.stage for move in mission.history] == ["Brief", "Plan", "First draft", "Plan"]


async def test_refused_move_says_why_then_override_keeps_the_reason(
    open_vault: Vault, app_factory: AppFactory, vault_path: Path
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        board.select(ids["case"])
        await pilot.press("L")
        assert open_vault.missions.get(ids["case"]).stage == "Quality check"
        assert board.message_text.startswith("Refused: 2 quality-checklist item(s) not ticked")
        assert "\n" not in board.message_text and "o: override" in board.message_text
        await pilot.press("o")
        assert isinstance(app.screen, OverrideDialog)
        await pilot.press("enter")  # no reason: refused again, nothing moves
        assert isinstance(app.screen, OverrideDialog)
        assert "reason" in app.screen.message_text
        await pilot.press(*"client wants an early look", "enter")
        await pilot.pause()
        assert open_vault.missions.get(ids["case"]).stage == "Client review"
        assert board.focused_column.stage == "Client review"
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        last = reopened.missions.get(ids["case"]).history[-1]
        assert last.stage == "Client review"
        assert "client wants an early look" in last.reason


async def test_past_the_revision_limit_a_paid_scope_change_lets_it_through(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        board.select(ids["report"])
        await pilot.press("H")
        assert "revision rounds used up (2/2)" in board.message_text
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, OverrideDialog)
        dialog.query_one("#scope-what", Input).focus()
        await pilot.press(*"third round", "tab", "enter")  # no fee: refused (review point 4)
        await pilot.pause()
        assert app.screen is dialog and "needs a fee above 0" in dialog.message_text
        assert open_vault.missions.get(ids["report"]).scope_changes == []
        await pilot.press(*"150", "enter")
        await pilot.pause()
        mission = open_vault.missions.get(ids["report"])
        assert mission.stage == "Quality check"
        assert (mission.revisions_used, mission.revision_limit) == (3, 3)
        assert [(c.what, c.fee_delta_cents, c.paid_revision) for c in mission.scope_changes] == [
            ("third round", 15000, True)
        ]
        fee = format_amount(15000, "EUR", "fr_FR")
        said = f"Moved to Quality check. Paid revision {fee}, round 3 of 3 used."
        assert board.message_text == said
        assert str(board.message.content) == said  # all of it on one line at 80 columns


async def test_m_then_a_digit_moves_to_that_stage(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("m")
        assert isinstance(app.screen, StagePicker)
        await pilot.press("3")
        await pilot.pause()
        assert open_vault.missions.get(ids["bees"]).stage == "First draft"


async def test_wip_limit_in_warn_mode_moves_and_warns(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    from homeops.rules.model import Mission

    ids = fill(open_vault)
    for number in range(3):
        open_vault.missions.add(Mission(f"Draft {number}", "acme-mag", "First draft"))
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        board.select(ids["news"])
        await pilot.press("L")
        assert open_vault.missions.get(ids["news"]).stage == "First draft"
        assert "WIP limit 3" in board.message_text


async def test_reorder_within_a_column_is_kept(open_vault: Vault, app_factory: AppFactory) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        assert titles(board)["Brief"] == ["Feature: urban bees", "Web page: the team"]
        await pilot.press("J")
        assert titles(board)["Brief"] == ["Web page: the team", "Feature: urban bees"]
        assert board.selected().id == ids["bees"]  # type: ignore[union-attr]
        first, second = (open_vault.missions.get(ids[n]).position for n in ("web", "bees"))
        assert first < second
        await pilot.press("K")
        assert titles(board)["Brief"] == ["Feature: urban bees", "Web page: the team"]


async def test_undo_and_redo_restore_the_exact_states_across_an_archive(
    open_vault: Vault, app_factory: AppFactory, vault_path: Path
) -> None:
    ids = fill(open_vault)
    initial = state(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        await pilot.press("L", "J")  # move bees to Plan, then down in Plan
        board.select(ids["web"])
        await pilot.press("a")  # archive
        assert open_vault.missions.get(ids["web"]).archived
        assert "Web page: the team" not in titles(board)["Brief"]
        changed = state(open_vault)
        assert changed != initial

        for _ in range(3):
            await pilot.press("u")
        assert state(open_vault) == initial
        assert "Web page: the team" in titles(board)["Brief"]
        await pilot.press("u")
        assert board.message_text == "Nothing to undo."

        for _ in range(3):
            await pilot.press("ctrl+r")
        assert state(open_vault) == changed
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        assert state(reopened) == changed


async def test_fifty_steps_undo_back_to_the_start(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    initial = state(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        for _ in range(30):
            await pilot.press("L", "H")
        for _ in range(60):
            await pilot.press("u")
        assert state(open_vault) == initial


async def test_filter_narrows_the_board(open_vault: Vault, app_factory: AppFactory) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(160, 48)) as pilot:
        board = await start(pilot)
        await pilot.press("slash", *"client:acme")
        shown = [t for column in titles(board).values() for t in column]
        assert sorted(shown) == ["Feature: urban bees", "Newsletter: June"]
        await pilot.press("enter")
        assert app.focused is board
        await pilot.press("slash", *(["backspace"] * 11), *"overdue")
        shown = [t for column in titles(board).values() for t in column]
        assert shown == ["Feature: urban bees"]
        await pilot.press("escape")
        shown = [t for column in titles(board).values() for t in column]
        assert len(shown) == 5
        assert app.focused is board


async def test_archived_missions_are_listed_and_restored(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        await pilot.press("a")
        assert open_vault.missions.get(ids["bees"]).archived
        await pilot.press("A")
        archive = board.query_one("#archive-list", OptionList)
        assert archive.display and archive.option_count == 1
        await pilot.press("r")
        assert not open_vault.missions.get(ids["bees"]).archived
        assert archive.option_count == 0
        await pilot.press("A")
        assert "Feature: urban bees" in titles(board)["Brief"]


@pytest.mark.parametrize(
    ("title", "fee", "deadline", "effort", "message"),
    [
        ("", "", "", "", "a mission needs a title"),
        ("Guide", "12x", "", "", "fee"),
        ("Guide", "-50", "", "", "the fee cannot be negative"),
        ("Guide", "", "2026-13-01", "", "is not a date"),
        ("Guide", "", "", "-3h", "cannot be negative"),
        ("Guide", "", "", "soon", "is not a duration"),
    ],
    ids=["empty-title", "bad-fee", "negative-fee", "bad-date", "negative-effort", "bad-effort"],
)
async def test_new_mission_with_bad_input_saves_nothing(
    open_vault: Vault,
    app_factory: AppFactory,
    title: str,
    fee: str,
    deadline: str,
    effort: str,
    message: str,
) -> None:
    fill(open_vault)
    before = state(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, MissionForm)
        for name, text in (("title", title), ("fee", fee), ("deadline", deadline),
                           ("effort", effort)):  # fmt: skip
            form.query_one(f"#form-{name}", Input).value = text
        await pilot.press("enter")
        assert app.screen is form
        assert message in form.message_text
        assert "\n" not in form.message_text
        assert state(open_vault) == before
        await pilot.press("escape")
        assert state(open_vault) == before


async def test_new_mission_blank_and_from_an_offer(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        await pilot.press("n", *"Guide: compost", "tab", *"maison-verte", "tab", *"1 200,50")
        await pilot.press("enter")
        await pilot.pause()
        added = board.selected()
        assert added is not None and added.title == "Guide: compost"
        stored = open_vault.missions.get(added.id or 0)
        assert (stored.stage, stored.client_alias, stored.fee_cents) == (
            "Brief",
            "maison-verte",
            120050,
        )
        assert len(stored.checklist) == 5 and stored.history[0].stage == "Brief"

        await pilot.press("n")
        form = app.screen
        assert isinstance(form, MissionForm)
        form.query_one("#form-offer", Select).value = 0
        await pilot.pause()
        assert form.query_one("#form-title", Input).value == "Feature article"
        await pilot.press("enter")
        await pilot.pause()
        added = board.selected()
        assert added is not None
        stored = open_vault.missions.get(added.id or 0)
        assert (stored.offer, stored.fee_cents, stored.deadline) == (
            "Feature article",
            95000,
            "2026-12-21",
        )
        assert stored.deliverables == ["Article, 2,500 words"] and stored.revision_limit == 1
        assert TODAY.isoformat() < stored.deadline  # type: ignore[operator]


async def test_edit_changes_the_mission(open_vault: Vault, app_factory: AppFactory) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, MissionForm)
        assert form.query_one("#form-fee", Input).value == "950"
        form.query_one("#form-deadline", Input).value = "2026-12-24"
        await pilot.press("enter")
        await pilot.pause()
        mission = open_vault.missions.get(ids["bees"])
        assert (mission.deadline, mission.fee_cents) == ("2026-12-24", 95000)
        await pilot.press("u")
        assert open_vault.missions.get(ids["bees"]).deadline == "2026-11-27"


async def test_cards_mark_deadlines_without_colour(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    from homeops.tui.widgets.card import card_lines

    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        now = board.now()
        assert board.board is not None
        missions = board.board.missions
        lines = {
            name: [line.plain for line in card_lines(
                missions[ids[name]], 24, today=TODAY, now=now, locale="fr_FR"
            )]
            for name in ("bees", "news", "web")
        }  # fmt: skip
        assert lines["bees"][2].startswith(" !27 Nov")
        assert lines["news"][2].startswith(" *03 Dec")
        assert lines["web"][2].startswith("  20 Dec")
        assert "✓0/5" in lines["bees"][2] and "R0/2" in lines["bees"][2]
        assert lines["bees"][2].endswith("28d")  # since 2026-11-02, from the history
        assert all(len(line) == 24 for line in lines["bees"])


# -- the highlighted card is the one keys act on (issue 13 points 8 and 9) -------------------


def screen_text(app: HomeopsApp) -> list[str]:
    """The screen's lines as last painted (the SVG screenshot reuses every line a widget
    painted and did not mark for repaint, as the terminal does)."""
    svg = app.export_screenshot()
    rows: dict[int, list[tuple[float, str]]] = {}
    pattern = r'<text [^>]*x="([\d.]+)"[^>]*clip-path="url\(#[^)]*line-(\d+)\)">([^<]*)</text>'
    for x, line, text in re.findall(pattern, svg):
        rows.setdefault(int(line), []).append((float(x), html.unescape(text)))
    return [
        "".join(t for _, t in sorted(row)).replace("\xa0", " ") for _, row in sorted(rows.items())
    ]


async def repainted(pilot: Pilot[None]) -> list[str]:
    """The screen's lines when every widget paints afresh (what a resize shows)."""
    for widget in pilot.app.screen.walk_children():
        widget.refresh()
    await pilot.pause()
    return screen_text(pilot.app)  # type: ignore[arg-type]


async def test_a_card_found_with_the_filter_stays_highlighted_when_it_is_cleared(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        # The only match is in Client review, off screen at 80 columns: the cursor goes to it.
        await pilot.press("slash", *"annual", "enter")
        assert board.selected() is not None and board.selected().id == ids["report"]  # type: ignore[union-attr]
        assert board.focused_column.stage == "Client review"
        await pilot.press("escape")  # the filter is cleared: the card stays highlighted
        assert board.selected() is not None and board.selected().id == ids["report"]  # type: ignore[union-attr]
        await pilot.press("enter")
        assert isinstance(app.screen, MissionScreen) and app.screen.mission_id == ids["report"]


@pytest.mark.parametrize("clear", [["enter", "escape"], ["escape"]], ids=["enter-esc", "esc"])
async def test_archive_after_clearing_the_filter_archives_the_highlighted_card(
    open_vault: Vault, app_factory: AppFactory, clear: list[str]
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        # "web" is the second card of Brief, the first one the filter shows.
        await pilot.press("slash", *"web", *clear)
        assert board.filter_text == ""
        assert board.selected() is not None and board.selected().id == ids["web"]  # type: ignore[union-attr]
        await pilot.press("a")
        assert open_vault.missions.get(ids["web"]).archived
        assert not open_vault.missions.get(ids["bees"]).archived
        # The card below took its place (here the one above: web was the last).
        assert board.selected() is not None and board.selected().id == ids["bees"]  # type: ignore[union-attr]


async def test_a_filter_that_hides_the_choice_then_shows_it_again_gives_it_back(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        await pilot.press("slash", *"newsl")  # hides bees: the match is highlighted
        assert board.selected() is not None and board.selected().id == ids["news"]  # type: ignore[union-attr]
        await pilot.press(*["backspace"] * 4)  # "n" shows bees again: the choice comes back
        assert board.selected() is not None and board.selected().id == ids["bees"]  # type: ignore[union-attr]
        await pilot.press("backspace")  # no filter: the highlighted card stays
        assert board.selected() is not None and board.selected().id == ids["bees"]  # type: ignore[union-attr]


async def test_a_moved_card_is_highlighted_in_view_and_the_columns_are_painted_as_they_are(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill_with_sample(Business(open_vault, Settings()), None, TODAY)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        await pilot.press("l", "l", "l", "l")  # Client review, off screen at the start
        moved = board.selected()
        assert moved is not None and board.focused_column.stage == "Client review"
        await pilot.press("m", "2")
        await pilot.pause()
        assert board.focused_column.stage == "Plan"
        assert board.selected() == open_vault.missions.get(moved.id or 0)
        plan = board.focused_column.cards
        assert plan.cursor == len(plan.cards) - 1  # the bottom of the column
        drawn = screen_text(app)
        assert any(moved.title[:20] in line for line in drawn)  # scrolled into view
        assert drawn == await repainted(pilot)
        await pilot.press("k")
        await pilot.pause()
        drawn = screen_text(app)
        assert drawn == await repainted(pilot)


async def test_j_and_k_move_through_the_archived_list(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        await pilot.press("a", "a")  # bees, then web: the archive lists web first
        await pilot.press("A")
        archive = board.query_one("#archive-list", OptionList)
        assert archive.highlighted == 0
        await pilot.press("j")
        assert archive.highlighted == 1
        await pilot.press("j")  # the last row: stays
        assert archive.highlighted == 1
        await pilot.press("k")
        assert archive.highlighted == 0
        await pilot.press("j", "r")  # restores the highlighted one
        assert not open_vault.missions.get(ids["bees"]).archived
        assert open_vault.missions.get(ids["web"]).archived


async def test_moving_back_from_the_client_review_says_the_round_it_spent(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    report = open_vault.missions.get(ids["report"])
    report.revisions_used = 1
    open_vault.missions.put(report)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        board.select(ids["report"])
        await pilot.press("H")
        assert open_vault.missions.get(ids["report"]).revisions_used == 2
        said = "Moved to Quality check. Revision round 2 of 2 used, none left."
        assert board.message_text == said
        assert str(board.message.content) == said  # all of it on one line at 80 columns


async def test_the_stage_pickers_hint_is_never_cut(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    # Issue 13 review point 7: "Already in Client review: another" in the 40-cell dialog.
    ids = fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        board.select(ids["report"])
        await pilot.press("m", "5")  # the report is in Client review
        await pilot.pause()
        assert isinstance(app.screen, StagePicker)
        inside = [line.strip().strip("│").strip() for line in screen_text(app)]
        said = " ".join(" ".join(inside).split())
        assert "Already in Client review: another digit, or Esc." in said


async def test_m_then_a_digit_past_the_stages_or_the_same_stage_says_so(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = fill(open_vault)
    before = state(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("m")
        picker = app.screen
        assert isinstance(picker, StagePicker)
        hint = picker.query_one("#stage-picker-hint", Label)
        await pilot.press("9")
        assert app.screen is picker
        assert str(hint.content) == "No stage 9: 1 to 6, or Esc."
        await pilot.press("1")  # bees is in Brief
        assert app.screen is picker
        assert str(hint.content) == "Already in Brief: another digit, or Esc."
        await pilot.press("0")  # review point 7: 0 was ignored
        assert app.screen is picker
        assert str(hint.content) == "No stage 0: 1 to 6, or Esc."
        assert state(open_vault) == before
        await pilot.press("2")
        await pilot.pause()
        assert open_vault.missions.get(ids["bees"]).stage == "Plan"


# -- the empty board (issue 13 point 12) -------------------------------------------------------


def offered(app: HomeopsApp) -> set[str]:
    """The actions the footer and the palette offer now (enabled bindings)."""
    return {a.binding.action for a in app.screen.active_bindings.values() if a.enabled}


async def test_the_empty_board_hints_how_to_add_and_offers_no_move_or_open(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        card_keys = {"move(1)", "move(-1)", "pick_stage", "open", "edit", "archive"}
        assert not card_keys & offered(app)
        assert "new" in offered(app)
        assert any(line.strip() == "n adds a mission" for line in screen_text(app))
        footer = screen_text(app)[-1]
        assert "Move" not in footer and "Open" not in footer and "n New" in footer
        await pilot.press("L")  # disabled, and says why
        assert board.message_text == "No mission selected."
        await pilot.press("question_mark")  # the help still lists them
        assert "Move right" in "\n".join(screen_text(app))
        await pilot.press("escape")
        await pilot.press("n", *"Guide", "enter")
        await pilot.pause()
        assert board.selected() is not None
        assert card_keys - {"move(-1)"} <= offered(app)  # in Brief, H has nowhere to go
        assert not any("adds a mission" in line for line in screen_text(app))
        await pilot.press("l")  # an empty stage: not offered either
        assert not card_keys & offered(app)
        await pilot.press("h", "a")  # the last mission archived: the board is empty again
        assert not card_keys & offered(app)
        assert any(line.strip() == "n adds a mission" for line in screen_text(app))


async def test_h_on_the_first_stage_and_l_on_the_last_say_so_and_are_not_offered(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    # Issue 13 review point 10: they did nothing and said nothing; the footer offered L.
    ids = fill(open_vault)
    open_vault.missions.add(Mission("Done job", "acme-mag", "Delivered"))
    before = state(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        assert board.selected() is not None and board.selected().id == ids["bees"]  # type: ignore[union-attr]
        assert "move(-1)" not in offered(app) and "move(1)" in offered(app)
        await pilot.press("H")
        assert board.message_text == "Brief is the first stage."
        await pilot.press(*"lllll")
        assert board.selected() is not None and board.selected().title == "Done job"  # type: ignore[union-attr]
        assert "move(1)" not in offered(app) and "move(-1)" in offered(app)
        await pilot.pause()
        assert "Move right" not in screen_text(app)[-1]
        await pilot.press("L")
        assert board.message_text == "Delivered is the last stage."
        await pilot.press("shift+right")
        assert board.message_text == "Delivered is the last stage."
        assert state(open_vault) == before


# Every kind of board key, over stages in and out of view at 80 columns.
KEYS = "l l l l m 2 k k L j H J K u u l a A j r A l l L L H u ctrl+r h h h m 6 l l l l l j j a u"


async def test_after_every_key_the_columns_are_the_vault_and_the_screen_is_painted_afresh(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    fill_with_sample(Business(open_vault, Settings()), None, TODAY)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await start(pilot)
        main = app.screen
        for key in KEYS.split():
            await pilot.press(key)
            await pilot.pause()
            if app.screen is not main or board.show_archived:
                continue  # the stage picker, or the archived list, is on show
            in_vault = {stage: [m.title for m in open_vault.missions.active() if m.stage == stage]
                        for stage in board.stages}  # fmt: skip
            drawn = {stage: sorted(titles) for stage, titles in titles(board).items()}
            assert drawn == {stage: sorted(t) for stage, t in in_vault.items()}, key
            assert screen_text(app) == await repainted(pilot), key
