"""The Planner view: the week's real capacity. Until missions can be planned it shows the
capacity the settings describe."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.widgets import Label, Static

from config import Settings
from tui.views.base import View
from tui.views.ledger import percent

DAY_NAMES = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri",
             "sat": "Sat", "sun": "Sun"}  # fmt: skip


def hours(minutes: int) -> str:
    """``240`` -> ``4h``; ``150`` -> ``2h30``; ``0`` -> ``-``."""
    if not minutes:
        return "-"
    whole, rest = divmod(minutes, 60)
    return f"{whole}h{rest:02d}" if rest else f"{whole}h"


class PlannerView(View):
    """Focus hours per day, response windows, and the missions planned into them."""

    view_id = "planner"
    title = "Planner"
    key = "3"

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        capacity = self.settings.capacity
        week = "  ".join(
            f"{DAY_NAMES.get(day, day)} {hours(minutes)}"
            for day, minutes in capacity.focus_minutes.items()
        )
        total = sum(capacity.focus_minutes.values())
        windows = ", ".join(str(window) for window in capacity.response_windows) or "none"
        yield Label("Planner", classes="view-title")
        yield Static(
            "[b]No week planned yet.[/b] Planning missions into the week is not built yet.",
            id="planner-state",
            classes="view-state",
        )
        yield Static(
            f"Your focus time: {week} ({hours(total)} a week).\n"
            f"{percent(capacity.non_billable_bp)} of it stays free for admin, communication "
            f"and learning. Response windows: {windows}.",
            classes="view-facts",
            markup=False,
        )
        yield Static(
            "These figures come from your config.toml; [b]homeops config[/b] shows the values "
            "in use and where the file is.",
            classes="view-note",
        )

    def show_counts(self, counts: Mapping[str, int]) -> None:
        # Nothing to count until the planner exists; the capacity above is all there is.
        return
