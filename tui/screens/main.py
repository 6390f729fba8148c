"""The main frame: the view bar, one view at a time, the status line and the footer."""

from __future__ import annotations

import contextlib
import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static

from homeops.services.errors import VaultDamaged, VaultError
from homeops.tui.commands import MainCommands
from homeops.tui.keys import shown_key
from homeops.tui.text import display_date
from homeops.tui.views import BoardView, ClientsView, LedgerView, OffersView, PlannerView, View
from homeops.tui.widgets.footer import KeyFooter
from homeops.tui.widgets.status_line import MessageLine, StatusLine
from homeops.tui.widgets.view_bar import ViewBar

if TYPE_CHECKING:
    from homeops.services import Business
    from homeops.services.documents import Paperwork

#: How often the status line looks for a long write in progress (a cheap attribute read).
BUSY_POLL_SECONDS = 0.5

#: The views whose footer leaves out the keys that do nothing now (a card's keys with no card).
HIDE_DISABLED_KEYS = frozenset({"board", "ledger", "offers"})


def _view_binding(key: str, view_id: str, title: str) -> Binding:
    return Binding(
        key,
        f"show_view('{view_id}')",
        title,
        tooltip=f"Show the {title} view",
        show=False,  # the view bar already shows the number keys
        id=f"main.view.{view_id}",
    )


class MainScreen(Screen[None]):
    """Board, Ledger, Planner, Clients and Offers, switched with 1-5 or the command palette."""

    COMMANDS: ClassVar = {MainCommands}
    HAS_COMMANDS: ClassVar[bool] = True  # the app offers the palette on this screen
    BINDINGS: ClassVar[list[BindingType]] = [
        _view_binding("1", "board", "Board"),
        _view_binding("2", "ledger", "Ledger"),
        _view_binding("3", "planner", "Planner"),
        _view_binding("4", "clients", "Clients"),
        _view_binding("5", "offers", "Offers"),
        Binding("question_mark", "help", "Help", tooltip="List the keys", id="main.help"),
        Binding("f1", "help", "Help", tooltip="List the keys", show=False, id="main.help_f1"),
        Binding(
            "q",
            "app.quit",
            "Quit",
            tooltip="Close the vault and leave",
            show=False,  # the footer already shows ctrl+q
            id="main.quit",
        ),
    ]

    current_view: reactive[str] = reactive("board", init=False)
    """The id of the view on show: board, ledger, planner, clients or offers."""

    def __init__(self, business: Business, *, today: datetime.date, view: str = "board") -> None:
        super().__init__()
        self.set_reactive(MainScreen.current_view, view)
        self.business = business
        self._resumed = False  # shown once: Textual's first ScreenResume came
        settings = self.settings = business.settings
        if not business.read_only:  # each retainer period started: its draft (issue 14 part 4)
            with contextlib.suppress(ValueError, VaultError):  # the console opens all the same
                business.retainers.raise_due(today)
        self.today = today
        self.views: tuple[View, ...] = (
            BoardView(
                settings,
                today=today,
                missions=business.missions,
                clients=business.clients,
                ai_use=business.ai_use,
                fit=business.fit,
                cashbook=business.cashbook,
                paperwork=self.paperwork,  # D: documents (issue 15)
            ),
            LedgerView(
                settings,
                business.cashbook,
                today,
                business.retainers,
                paperwork=self.paperwork,
            ),
            PlannerView(business.planning, today),
            ClientsView(business.clients, today=today),
            OffersView(business.offers, settings, today=today, read_only=business.read_only),
        )

    def paperwork(self) -> Paperwork:
        """The business's documents, made on first use (the renderers load then, never at
        start-up), with the templates beside the settings file, as the commands use them."""
        papers = self.business.paperwork
        config = getattr(self.app, "config_path", None)
        if config is not None and papers.templates is None:
            papers.use_templates_of(config)
        return papers

    def compose(self) -> ComposeResult:
        # the keys in effect: [keys] in config.toml may have given a view another key
        keys = [shown_key(self.app, MainScreen, f"main.view.{v.view_id}") for v in self.views]
        tabs = [(view.view_id, key, view.title) for view, key in zip(self.views, keys, strict=True)]
        yield ViewBar(tabs, id="view-bar")
        if self.business.read_only:
            yield Static(
                "Read-only session: another session holds this vault; changes are refused.",
                id="read-only-banner",
            )
        # Only the view on show is built now; the others come after the first frame, so
        # unlocking draws the board without waiting for the ledger, planner and clients.
        with ContentSwitcher(initial=self.current_view, id="views"):
            yield from (view for view in self.views if view.view_id == self.current_view)
        yield StatusLine(id="status-line")
        yield KeyFooter()

    def on_mount(self) -> None:
        status = self.query_one(StatusLine)
        status.vault_name = self.business.name
        status.day = display_date(self.today)
        self.query_one(ViewBar).current = self.current_view
        self._mark_footer(self.current_view)
        self.refresh_counts()
        self.view_widget.take_focus()
        self.call_after_refresh(self._mount_other_views)
        # A long write runs in a worker (an erasure): the status line says so while it runs.
        self.set_interval(BUSY_POLL_SECONDS, self.show_busy)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Called before Screen's own handler (Textual calls each class's, subclass first).
        # The first resume follows the screen's mount at once: every node was styled as it
        # was mounted, with the stylesheet of now (the app adds the vault screens' rules
        # before this screen is made). Textual would style the whole screen again: ~35 ms of
        # Enter -> board (issue 18 point 6). A later resume (a dialog closed) still does.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def show_busy(self) -> None:
        """Name the long write in progress in the status line, or nothing."""
        busy = self.business.busy or ""
        status = self.query_one(StatusLine)
        if status.busy != busy:
            status.busy = busy

    async def _mount_other_views(self) -> None:
        if getattr(self.app, "closing", False):
            return  # quit (or a hang-up) came before the first frame was even drawn
        later = [view for view in self.views if not view.is_mounted]
        for view in later:
            view.display = False
        await self.query_one(ContentSwitcher).mount_all(later)
        self.refresh_counts()
        # The unlock left the ledger's entries undecoded (services.vault's ledger_later):
        # decode them now, beside the UI, so the Ledger's first showing does not wait.
        self.run_worker(self._read_everything, thread=True, exit_on_error=False)

    def _read_everything(self) -> None:
        try:
            self.business.read_everything()
        except VaultDamaged as damage:  # a part that authenticated but does not decode
            self.post_message(self.Damaged(self.business, str(damage)))  # (never waits)
        except VaultError:
            pass  # said where it is next read

    class Damaged(Message):
        """The worker found the vault damaged where the unlock left it unread."""

        def __init__(self, business: Business, reason: str) -> None:
            super().__init__()
            self.business = business
            self.reason = reason

    @on(Damaged)
    def _damaged(self, message: Damaged) -> None:
        """What an unlock that read everything says of a damaged ledger: back to the unlock
        screen, the vault closed, the damage said there (not a blank Ledger and a "Not
        saved" toast, while changes went on landing in a damaged file)."""
        from homeops.tui.screens.unlock import UnlockScreen

        if getattr(self.app, "business", None) is not message.business:
            return  # locked or closed meanwhile
        self.app.lock()  # type: ignore[attr-defined]
        unlock = self.app.screen_stack[-1]
        if isinstance(unlock, UnlockScreen):
            unlock.notice = message.reason

    @property
    def view_widget(self) -> View:
        """The view on show."""
        return self.query_one(f"#{self.current_view}", View)

    def refresh_counts(self) -> None:
        """Give every view the vault's record counts (table name -> number)."""
        counts = self.business.counts()
        for view in self.views:
            if view.is_mounted:
                view.show_counts(counts)

    def watch_current_view(self, current: str) -> None:
        for line in self.query(MessageLine):  # a message belongs to the view that said it
            line.clear()
        self.query_one(ContentSwitcher).current = current
        self.query_one(ViewBar).current = current
        self._mark_footer(current)
        self.view_widget.take_focus()

    def _mark_footer(self, current: str) -> None:
        # The Board, Ledger and Offers keep the keys that do nothing now out of the footer
        # (they stay in the help). Said to the footer, not as a class on the screen or the
        # footer: a class restyles every widget under it (a third of a view switch, issue 18).
        footer = self.query_one(KeyFooter)
        hide = current in HIDE_DISABLED_KEYS
        if footer.hide_disabled != hide:
            footer.hide_disabled = hide
            self.refresh_bindings()  # the footer draws its keys again

    def action_show_view(self, view_id: str) -> None:
        """Show the view with this id (board, ledger, planner, clients, offers)."""
        if any(view.view_id == view_id and view.is_mounted for view in self.views):
            self.current_view = view_id

    def on_planner_view_capacity_changed(self, message: PlannerView.CapacityChanged) -> None:
        """The planner says how much billable time is left today: show it in the status line."""
        self.query_one(StatusLine).capacity_left = message.text

    def on_clients_view_client_erased(self, message: ClientsView.ClientErased) -> None:
        """The board shows the pseudonym, and its undo history (old aliases) is dropped."""
        for board in self.query(BoardView):
            board.load_missions()

    def read_again(self) -> None:
        """A command typed in another shell changed the vault (``homeops`` beside the open
        console): every view built reads it again; the planner, clients and offers read it
        anyway when next shown."""
        self.refresh_counts()
        for board in self.query(BoardView):
            board.load_missions()
        for ledger in self.query(LedgerView):
            if ledger.model is not None:
                ledger.model.load()
                ledger.redraw()
        view = self.view_widget
        if isinstance(view, PlannerView | ClientsView | OffersView) and view.is_mounted:
            view.on_show()

    def action_help(self) -> None:
        """Open the help screen for the view on show."""
        from homeops.tui.screens.help import HelpScreen, help_sections

        view = self.view_widget
        said = [line for message in view.query(MessageLine) for line in message.said]
        self.app.push_screen(HelpScreen(help_sections(self), title=view.title, said=said))
