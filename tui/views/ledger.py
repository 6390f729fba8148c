"""The Ledger view: business money and the payout calendar. Until payments can be recorded
it shows the split and the payout the settings describe."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.widgets import Label, Static

from config import Settings
from tui.views.base import View, plural

WEEKDAYS = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
            "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}  # fmt: skip


def money(cents: int, currency: str) -> str:
    """``60000, "EUR"`` -> ``600.00 EUR``."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole:,}.{part:02d} {currency}".replace(",", " ")


def describe_rule(rule: str) -> str:
    """A weekly RRULE in words (``every Friday``); other rules as written."""
    parts = dict(item.split("=", 1) for item in rule.upper().split(";") if "=" in item)
    days = [WEEKDAYS.get(day) for day in parts.get("BYDAY", "").split(",")]
    if set(parts) == {"FREQ", "BYDAY"} and parts["FREQ"] == "WEEKLY" and all(days):
        return "every " + " and ".join(day for day in days if day)
    return f"on the calendar {rule}"


def percent(basis_points: int) -> str:
    """``2500`` -> ``25 %``; ``1250`` -> ``12.5 %``."""
    whole, rest = divmod(basis_points, 100)
    return f"{whole} %" if not rest else f"{basis_points / 100:g} %"


class LedgerView(View):
    """Payments, their split into envelopes, and payouts."""

    view_id = "ledger"
    title = "Ledger"
    key = "2"

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        money_settings = self.settings.money
        shares = ", ".join(f"{name} {percent(bp)}" for name, bp in money_settings.shares_bp.items())
        payout = self.settings.payout
        yield Label("Ledger", classes="view-title")
        yield Static("", id="ledger-state", classes="view-state")
        yield Static(
            f"Each payment you record will be split at once into your shares: {shares}.\n"
            f"You pay yourself {money(payout.amount_cents, money_settings.currency)} "
            f"{describe_rule(payout.rule)}.",
            classes="view-facts",
            markup=False,
        )
        yield Static(
            "Shares and payout come from your config.toml; [b]homeops config[/b] shows the "
            "values in use and where the file is.",
            classes="view-note",
        )

    def show_counts(self, counts: Mapping[str, int]) -> None:
        entries = counts.get("ledger", 0)
        text = (
            f"[b]{plural(entries, 'ledger entry', 'ledger entries')} in this vault.[/b] "
            "Listing them here is not built yet."
            if entries
            else "[b]No money recorded yet.[/b] Recording payments is not built yet."
        )
        self.query_one("#ledger-state", Static).update(text)
