"""The board's first frame draws the stages in view; the others (the last stage's "to bill"
walks the whole ledger's payments) are drawn just after it, or before a key reaches them
(issue 18 point 6: Enter -> board at 100,000 documents)."""

from __future__ import annotations

from collections.abc import Callable

from pilot_helpers import settle

from homeops.rules.model import Client, LedgerEntry, Mission, StageMove
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.board import BoardView
from homeops.tui.views.board_column import BoardColumns

AppFactory = Callable[..., HomeopsApp]
DONE = [StageMove("2026-11-25T10:00:00", "Delivered")]


def _fill(vault: Vault) -> dict[str, int]:
    """A mission in the first stage, and two delivered: one paid without an invoice."""
    vault.clients.add(Client("maison-verte"))
    ids = {
        title: vault.missions.add(Mission(title, "maison-verte", stage, fee_cents=fee,
                                          history=DONE if stage == "Delivered" else []))
        for title, stage, fee in (("Brief one", "Brief", 10_000), ("Paid", "Delivered", 50_000),
                                  ("Unpaid", "Delivered", 30_000))
    }  # fmt: skip
    vault.ledger.add(LedgerEntry("2026-11-28", "Paid", 50_000, "Main", mission_id=ids["Paid"]))
    return ids


def _drawn(app: HomeopsApp) -> dict[str, list[tuple[str, bool]]]:
    """Each stage's cards as drawn: (title, marked to bill)."""
    columns = app.screen.query_one(BoardColumns).columns
    return {
        column.stage: [(m.title, column.cards._marks(m)[2]) for m in column.cards.cards]
        for column in columns
    }


WHOLE = {
    "Brief": [("Brief one", False)],
    "Plan": [],
    "First draft": [],
    "Client review": [],
    "Quality check": [],
    "Delivered": [("Paid", False), ("Unpaid", True)],
}


async def test_the_stages_out_of_view_are_drawn_after_the_first_frame(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    _fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _drawn(app) == WHOLE
        board = app.screen.query_one(BoardView)
        assert board.filter_text == "" and board.stage_index == 0


async def test_keys_that_reach_an_undrawn_stage_find_it_drawn(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    ids = _fill(open_vault)
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(BoardView)
        columns = app.screen.query_one(BoardColumns).columns
        # A mission delivered meanwhile, then a board read as at the first frame: the
        # stages in view drawn, the others (still the old cards) not yet.
        open_vault.missions.add(Mission("Late", "maison-verte", "Delivered", fee_cents=20_000,
                                        history=DONE))  # fmt: skip
        whole = {**WHOLE, "Delivered": [*WHOLE["Delivered"], ("Late", True)]}
        view.load_missions(first_frame=True)
        assert [m.title for m in columns[-1].cards.cards] == ["Paid", "Unpaid"]
        for _ in range(5):  # l five times, before the rest is drawn: the last stage
            view.action_focus_stage(1)
        assert view.stage_index == 5 and columns[-1].display
        assert _drawn(app) == whole
        assert view.selected() is not None and view.selected().title == "Paid"  # type: ignore[union-attr]
        # A choice in a stage not drawn yet (the mission screen, a search) is found there.
        view.action_focus_stage(-5)
        later = open_vault.missions.add(Mission("Later", "maison-verte", "Delivered",
                                                fee_cents=20_000, history=DONE))  # fmt: skip
        whole["Delivered"].append(("Later", True))
        view.load_missions(first_frame=True)
        view.select(later)
        assert view.stage_index == 5 and view.selected().title == "Later"  # type: ignore[union-attr]
        view.select(ids["Paid"])
        assert view.selected().title == "Paid"  # type: ignore[union-attr]
        await pilot.press("h", "h", "h", "h", "h")
        await settle(pilot)
        assert view.stage_index == 0 and _drawn(app) == whole
