"""The main screen's top-level views: Board, Ledger, Planner, Clients."""

from tui.views.base import View
from tui.views.board import BoardView
from tui.views.clients import ClientsView
from tui.views.ledger import LedgerView
from tui.views.planner import PlannerView

__all__ = ["BoardView", "ClientsView", "LedgerView", "PlannerView", "View"]
