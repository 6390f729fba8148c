"""Text is data in the console (issue 12, items 1 and 5): every form refuses a control
character, an over-long field and an out-of-range date in one line naming the field, and
records nothing; what the vault holds shows literally (no markup, no escapes); a paste
arrives with its controls made visible.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from board_data import fill
from pilot_helpers import TODAY, settle
from textual import events
from textual.widgets import Input, TextArea

from homeops.config import Settings
from homeops.rules.model import AIUse, Client, Mission, PersonalField, StageMove
from homeops.services.cashbook import Cashbook
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.dialogs import Dialog
from homeops.tui.views.board import BoardView

AppFactory = Callable[..., HomeopsApp]
ESCAPE = "\x1b]0;PWNED\x07"  # sets the window title when written raw


def contents(vault: Vault) -> dict[str, list[dict[str, Any]]]:
    """Every document of every table: what "records nothing" compares."""
    return {name: [dict(doc) for doc in vault.db.table(name).all()] for name in vault.db.tables()}


def _filled(vault: Vault) -> dict[str, int]:
    ids = fill(vault)
    Cashbook(vault, Settings()).record_income(100_000, date=TODAY.isoformat(), memo="Payment")
    return ids


@dataclass(frozen=True)
class Case:
    """Open a form with ``keys``, type ``values`` (by widget id), save: ``refused`` shows."""

    keys: tuple[str, ...]
    values: dict[str, str]
    refused: str
    before: Callable[[BoardView, dict[str, int]], None] | None = field(default=None)


def _case_study(board: BoardView, ids: dict[str, int]) -> None:
    board.select(ids["case"])  # two checklist items unticked: moving it on is refused


CASES = {
    # the board's mission form
    "title escape": Case(("n",), {"form-title": f"Guide{ESCAPE}"},
                         "the title cannot hold an escape"),
    "title bidi": Case(("n",), {"form-title": "Guide\u202e"}, "the title cannot hold the control"),
    "title too long": Case(("n",), {"form-title": "x" * 301}, "the title is 301 characters long"),
    "client C1": Case(("n",), {"form-title": "Guide", "form-client": "acme\x9b"},
                      "the client cannot hold the control character \\x9b"),
    "compact deadline": Case(("n",), {"form-title": "Guide", "form-deadline": "20261231"},
                             "deadline '20261231' is not a date: write YYYY-MM-DD"),
    "week deadline": Case(("n",), {"form-title": "Guide", "form-deadline": "2026-W49-1"},
                          "deadline '2026-W49-1' is not a date: write YYYY-MM-DD"),
    "far deadline": Case(("n",), {"form-title": "Guide", "form-deadline": "9999-12-31"},
                         "deadline 9999-12-31 is out of range"),
    "huge fee": Case(("n",), {"form-title": "Guide", "form-fee": "99999999999999"}, "fee"),
    "override reason": Case(("L", "o"), {"override-reason": f"why{ESCAPE}"},
                            "the reason cannot hold an escape", _case_study),
    # the mission view's dialogs
    "notes": Case(("enter", "t"), {"text-0": "first\n\x1b[2J"}, "the notes cannot hold an escape"),
    "brief": Case(("enter", "b"), {"text-0": "Article\nPhotos\x07"},
                  "the deliverables cannot hold the control character \\x07"),
    "scope change": Case(("enter", "s"), {"scope-what": "more\x1b"},
                         "what changes cannot hold an escape"),
    "AI tool": Case(("enter", "a"), {"ai-tool": f"GPT{ESCAPE}"}, "the tool cannot hold an escape"),
    "AI date": Case(("enter", "a"), {"ai-tool": "GPT", "ai-date": "20261130"},
                    "date '20261130' is not a date"),
    # the ledger's forms
    "income memo": Case(("2", "i"), {"form-amount": "10", "form-memo": f"acme{ESCAPE}"},
                        "From cannot hold an escape"),
    "income date": Case(("2", "i"), {"form-amount": "10", "form-date": "20261130"},
                        "date '20261130' is not a date"),
    "expense category": Case(("2", "x"), {"form-amount": "10", "form-category": "soft\x07"},
                             "Category cannot hold the control character \\x07"),
    "long category": Case(("2", "x"), {"form-amount": "10", "form-category": "c" * 121},
                          "Category is 121 characters long; at most 120"),
    "transfer reason": Case(("2", "t"), {"form-amount": "10", "form-source": "pay",
                                         "form-target": "costs", "form-reason": "r\x1b[2J"},
                            "Reason cannot hold an escape"),
    "invoice": Case(("2", "I", "n"), {"form-client": "acme-mag", "form-amount": "10",
                                      "form-what": "w\x9b"}, "What cannot hold the control"),
    "reversal reason": Case(("2", "R"), {"form-reason": f"typo{ESCAPE}"},
                            "Reason cannot hold an escape"),
    "hold reason": Case(("2", "P", "h"), {"form-reason": "r\u2028"}, "Reason cannot hold"),
    # the planner's fixed block
    "block title": Case(("3", "b"), {"block-title": f"Call{ESCAPE}", "block-minutes": "1h"},
                        "the title cannot hold an escape"),
    "block start": Case(("3", "b"), {"block-title": "Call", "block-minutes": "1h",
                                     "block-start": "20261201"},
                        "from '20261201' is not a date: write YYYY-MM-DD"),
    # the client form
    "client name": Case(("4", "n"), {"client-alias": "delta", "client-name": f"Jo{ESCAPE}"},
                        "Name cannot hold an escape"),
    "client notes": Case(("4", "n"), {"client-alias": "delta", "client-notes": "n\x07"},
                         "the notes cannot hold the control character \\x07"),
    "client contact": Case(("4", "n"), {"client-alias": "delta", "client-first": "2026-11-31"},
                           "first contact 2026-11-31 is not a date that exists"),
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
async def test_a_form_refuses_in_one_line_and_records_nothing(
    name: str, open_vault: Vault, app_factory: AppFactory
) -> None:
    case = CASES[name]
    ids = _filled(open_vault)
    before = contents(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        if case.before is not None:
            case.before(app.screen.query_one(BoardView), ids)
        for key in case.keys:
            await pilot.press(key)
            await settle(pilot)
        form = app.screen
        assert isinstance(form, Dialog), f"no form open after {case.keys}"
        for widget_id, value in case.values.items():
            widget = form.query_one(f"#{widget_id}")
            if isinstance(widget, TextArea):
                widget.text = value
            else:
                assert isinstance(widget, Input)
                widget.value = value  # as a paste from an older version could have set it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form, "the form closed"
        assert case.refused in form.message_text
        assert "\n" not in form.message_text and "\x1b" not in form.message_text
    assert contents(open_vault) == before


# -- what the vault holds shows literally ----------------------------------------------------

MARKUP = "[@click=app.quit]q[/] [bold]b[/bold]"


def screen_text(app: HomeopsApp) -> str:
    """The text of the screen as drawn (from the SVG screenshot)."""
    svg = app.export_screenshot()
    text = "\n".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    return html.unescape(text).replace("\xa0", " ")


async def test_markup_and_escapes_in_the_vault_show_as_text(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    """A title, a client's fields and an AI tool holding markup and escapes: shown as text,
    never read as markup (a click on it does not quit) nor written raw."""
    open_vault.clients.add(Client("acme-mag", name=PersonalField(MARKUP, "contract")))
    # stored as an older homeops could have: straight into the table, past today's checks
    doc = {"title": MARKUP + ESCAPE, "client_alias": "acme-mag", "stage": "Brief",
           "notes": "line one\n" + MARKUP, "history": [{"at": "2026-11-02T09:00:00",
           "stage": "Brief", "reason": MARKUP}]}  # fmt: skip
    mission_id = open_vault.db.table("missions").insert(doc)
    open_vault.ai_use.add(AIUse(TODAY.isoformat(), mission_id, MARKUP, "draft"))
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        board = app.screen.query_one(BoardView)
        assert "[@click=app.quit]q[/]" in screen_text(app)  # the card, cut to its width
        await pilot.press("enter")  # the mission: title, history, AI use, notes
        await settle(pilot)
        drawn = screen_text(app)
        assert MARKUP in drawn and "\\x1b]0;PWNED\\x07" in drawn
        assert drawn.count(MARKUP) >= 4  # head, history reason, AI tool, notes
        assert "\x1b" not in drawn
        await pilot.press("escape", "4")  # the clients: the table and the details
        await settle(pilot)
        assert MARKUP in screen_text(app)
        assert app.is_running and board.is_mounted


async def test_a_paste_arrives_with_its_controls_visible(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    """A paste is the one way a key press can put a control character in a field: a field
    echoes it to the terminal, so it arrives visible (a one-line field still takes the first
    line, a text area every line)."""
    fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        title = app.screen.query_one("#form-title", Input)
        assert title.has_focus
        app.post_message(events.Paste(f"Guide{ESCAPE}\r\nsecond line"))
        await settle(pilot)
        assert title.value == "Guide\\x1b]0;PWNED\\x07"
        await pilot.press("escape", "enter", "t")
        await settle(pilot)
        area = app.screen.query_one(TextArea)
        area.focus()
        await pilot.pause()
        app.post_message(events.Paste("one\ttab\r\ntwo\x9b"))
        await settle(pilot)
        assert area.text.endswith("one\ttab\ntwo\\x9b")


async def test_an_edit_prefills_stored_controls_visibly(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    """A field prefilled for editing never carries a raw control: what is stored shows as
    visible text, and saving stores that text (editing a bad field mends it)."""
    open_vault.clients.add(Client("acme-mag"))
    mission_id = open_vault.db.table("missions").insert(
        {"title": f"Guide{ESCAPE}", "client_alias": "acme-mag", "stage": "Brief",
         "history": [{"at": "2026-11-02T09:00:00", "stage": "Brief"}]}
    )  # fmt: skip
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#form-title", Input).value == "Guide\\x1b]0;PWNED\\x07"
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = open_vault.missions.get(mission_id)
    assert stored.title == "Guide\\x1b]0;PWNED\\x07"
    assert isinstance(stored, Mission) and stored.history[0] == StageMove(
        "2026-11-02T09:00:00", "Brief"
    )


async def test_a_deadline_stored_as_no_date_leaves_the_console_running(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    """An older version could store a deadline that is no date: the planner (built at
    unlock) says it cannot plan, in one line, instead of ending the session; once the
    mission is corrected on the board, the planner plans again."""
    open_vault.clients.add(Client("acme-mag"))
    mission_id = open_vault.db.table("missions").insert(
        {"title": "Guide", "client_alias": "acme-mag", "stage": "Brief", "effort_minutes": 120,
         "deadline": f"soon{ESCAPE}", "history": [{"at": "2026-11-02T09:00:00", "stage": "Brief"}]}
    )  # fmt: skip
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        warning = str(app.screen.query_one("#planner-warnings").render())
        assert warning.startswith("⚠ No plan: ") and "\x1b" not in warning
        await pilot.press("1", "e")
        await settle(pilot)
        app.screen.query_one("#form-deadline", Input).value = "2026-12-04"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert "No plan" not in str(app.screen.query_one("#planner-warnings").render())
        assert app.is_running
    assert open_vault.missions.get(mission_id).deadline == "2026-12-04"
