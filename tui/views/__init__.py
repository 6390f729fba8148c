"""The main screen's top-level views: Board, Ledger, Planner, Clients, Offers."""

from homeops.tui.views.base import View
from homeops.tui.views.board import BoardView
from homeops.tui.views.clients import ClientsView
from homeops.tui.views.ledger import LedgerView
from homeops.tui.views.offers import OffersView
from homeops.tui.views.planner import PlannerView

__all__ = ["BoardView", "ClientsView", "LedgerView", "OffersView", "PlannerView", "View"]
