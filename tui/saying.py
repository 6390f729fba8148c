"""What the console says when a change is refused or must wait, when a bug ends it, and in
its toasts: the part of the app that turns errors into one line.

Apart from tui/app.py (which starts, locks and closes the console) so that each stays small
enough to read at once; ``HomeopsApp`` is built on ``SayingApp``. Nothing here loads before
the first frame beyond what the app did: the services' errors load with the first key or
error (issue 18 point 6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App

from homeops.tui.text import shown

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.notifications import SeverityLevel

    from homeops.services import Business


def unexpected_error(error: BaseException) -> str:
    """One line for a bug: its kind, never its message (it may quote the vault)."""
    return f"homeops: unexpected error ({type(error).__name__}); --debug shows where"


class SayingApp(App[None]):
    """The console's refusals, waits, bug reports and toasts (``HomeopsApp`` sets the rest)."""

    business: Business | None
    show_tracebacks: bool
    closing = False  # exit() was called: the screens are being taken down

    # A change the vault refused (a read-only session, a full disk, a failing write) was
    # rolled back and nothing is lost: say why in one line and keep the session going. Key
    # actions are caught where they run; message handlers and callbacks reach
    # _handle_exception, after Textual has stopped only the handler that raised.

    async def _dispatch_action(self, namespace: DOMNode, action_name: str, params: Any) -> bool:
        # Here and below, the services load with the first key or error, not before the
        # unlock screen is drawn (issue 18 point 6).
        from homeops.services.errors import VaultError
        from homeops.tui.busy import ChangesWait, is_change, wait_message

        if is_change(getattr(namespace, f"action_{action_name}", None)):
            waiting = wait_message(self.business)
            if waiting:  # the long write would hold this one (and the screen) back
                self.changes_wait(waiting)
                return True
        try:
            return await super()._dispatch_action(namespace, action_name, params)
        except VaultError as error:
            self._not_saved(error)
            return True
        except ChangesWait as wait:
            self.changes_wait(str(wait))
            return True

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.closing = True
        super().exit(*args, **kwargs)

    def _handle_exception(self, error: Exception) -> None:
        from textual.css.query import NoMatches

        from homeops.services.errors import VaultError
        from homeops.tui.busy import ChangesWait

        if isinstance(error, VaultError):
            self._not_saved(error)
            return
        if isinstance(error, ChangesWait):
            self.changes_wait(str(error))
            return
        if self.closing and isinstance(error, NoMatches):
            return  # a late handler asked for a widget the shutdown had already removed
        super()._handle_exception(error)  # the app exits; the vault is closed on unmount
        if not self.show_tracebacks:
            # Textual's report shows the frames' local variables: decrypted data. Say it in
            # one line instead; --debug shows the traceback.
            self._exit_renderables[:] = [Text(unexpected_error(error))]

    def changes_wait(self, text: str) -> None:
        """A change not started during a long write: the line under the view (or the
        dialog) on show says so, and the status line names the long write."""
        from homeops.tui.screens.main import MainScreen

        screen = self.screen
        for main in self.screen_stack:
            if isinstance(main, MainScreen):
                main.show_busy()
        target = screen.view_widget if isinstance(screen, MainScreen) else screen
        say = getattr(target, "say", None)
        if callable(say):
            say(text)
        else:
            self.notify(text, title="Not recorded", severity="warning")

    def _not_saved(self, error: Exception) -> None:
        self.notify(str(error), title="Not saved", severity="error", timeout=8)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast. Its words may quote the vault: shown, never read as markup here."""
        super().notify(
            shown(message), title=shown(title), severity=severity, timeout=timeout, markup=False
        )
