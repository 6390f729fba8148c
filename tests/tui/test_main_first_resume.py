"""The main screen's first resume does not style the whole screen again (issue 18 point 6:
Enter -> board at 100,000 documents): every node was styled as it was mounted, with the
stylesheet of then. Styled again afterwards, no node's CSS changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pilot_helpers import PASSPHRASE, settle
from textual.dom import DOMNode

from homeops.tui.app import HomeopsApp
from homeops.tui.screens.main import MainScreen

AppFactory = Callable[..., HomeopsApp]


def _css(app: HomeopsApp) -> dict[str, Any]:
    """Each node's rules from the stylesheet (its place in the tree, the rules)."""
    screen = app.screen

    def place(node: DOMNode) -> str:
        return "/".join(f"{type(n).__name__}#{n.id}" for n in reversed(node.ancestors_with_self))

    return {place(node): node.styles.base.get_rules() for node in screen.walk_children()}


async def test_the_board_unlocked_is_styled_as_a_full_restyle_would(
    closed_vault: Path, app_factory: AppFactory
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*("space" if c == " " else c for c in PASSPHRASE), "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen._resumed  # the first resume came, and did not style again
        first = _css(app)
        screen.update_node_styles(animate=False)  # what Textual's first resume did
        await settle(pilot)
        assert _css(app) == first
        # A later resume (a dialog closed) still styles the screen again.
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and _css(app) == first
