"""The Clients view: who the freelancer works for, and how long their data is kept."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.widgets import Label, Static

from config import Settings
from tui.views.base import View, plural


class ClientsView(View):
    """Clients and prospects by alias, with the privacy rules that apply to them."""

    view_id = "clients"
    title = "Clients"
    key = "4"

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        privacy = self.settings.privacy
        yield Label("Clients", classes="view-title")
        yield Static("", id="clients-state", classes="view-state")
        yield Static(
            "Clients are known everywhere by a short alias; their few personal details stay "
            "here, encrypted. After a relationship ends they are kept "
            f"{plural(privacy.client_retention_years, 'year')} (prospects "
            f"{plural(privacy.prospect_retention_years, 'year')}, accounting records "
            f"{plural(privacy.accounting_retention_years, 'year')}).",
            classes="view-facts",
            markup=False,
        )
        yield Static(
            "To see sample clients, quit and run [b]homeops demo[/b].",
            id="clients-note",
            classes="view-note",
        )

    def show_counts(self, counts: Mapping[str, int]) -> None:
        clients = counts.get("clients", 0)
        text = (
            f"[b]{plural(clients, 'client')} in this vault.[/b] Listing them here is not built yet."
            if clients
            else "[b]No clients yet.[/b] Adding clients is not built yet."
        )
        self.query_one("#clients-state", Static).update(text)
        self.query_one("#clients-note").display = not clients
