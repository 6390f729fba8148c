"""The unlock screen: one masked passphrase field; the key is derived in a thread worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, ProgressBar, Static
from textual.worker import get_current_worker

from homeops.tui.keys import current_keys
from homeops.tui.messages import VaultOpened
from homeops.tui.text import display_path, shown

if TYPE_CHECKING:
    from homeops.services.errors import LockHolder
    from homeops.tui.app import HomeopsApp


PROGRESS_STEP = 10  # percent: the bar moves in tenths (a message per step, issue 18 point 6)


def _load_what_unlocking_needs() -> None:
    """The use cases (0.1-0.2 s) and the main screen: loaded before they are needed."""
    import homeops.services.vault  # used by the opening worker
    import homeops.tui.screens.main  # noqa: F401 - used once the vault is open


class UnlockScreen(Screen[None]):
    """Asks for the passphrase of an existing vault and opens it.

    When another session holds the vault, it says who and offers: open read-only, ask that
    session to close (same user on the same host), or quit.
    """

    AUTO_FOCUS = "#passphrase"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+o",
            "read_only",
            "Open read-only",
            tooltip="Open this vault read-only while the other session keeps it",
            id="unlock.read_only",
        ),
        Binding(
            "ctrl+t",
            "ask_to_close",
            "Ask it to close",
            tooltip="Ask the other homeops session to close cleanly, then open the vault",
            id="unlock.ask_to_close",
        ),
        # Enter typed before the console took the terminal arrives as a newline (the
        # terminal still translated it): it unlocks too, as it would at a shell's prompt.
        Binding("ctrl+j", "unlock", "Unlock", show=False, id="unlock.newline"),
    ]

    class Held(Message):
        """Another session holds the vault (posted by the opening thread or the probe)."""

        def __init__(self, holder: LockHolder) -> None:
            super().__init__()
            self.holder = holder

    class Released(Message):
        """The other session closed after being asked to."""

    class Progress(Message):
        """How far the vault has opened, 0.0 to 1.0 (posted from the opening thread)."""

        def __init__(self, fraction: float) -> None:
            super().__init__()
            self.fraction = fraction

    class Failed(Message):
        """The vault did not open; ``reason`` is one line, safe to show."""

        def __init__(self, reason: str, *, wrong_passphrase: bool = False) -> None:
            super().__init__()
            self.reason = reason
            self.wrong_passphrase = wrong_passphrase

    def __init__(self, vault_path: Path, *, hint: str = "", notice: str = "") -> None:
        super().__init__()
        self.vault_path = vault_path
        self.hint = hint
        self.notice = notice
        self.opening = False
        self.read_only = False
        self.holder: LockHolder | None = None

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="unlock-panel", classes="panel"):
            yield Label("homeops", classes="panel-title")
            yield Static(
                f"Vault {display_path(self.vault_path)}", classes="panel-subtitle", markup=False
            )
            yield Label("Passphrase", classes="field-label")
            yield Input(
                password=True,
                placeholder="type your passphrase, then Enter",
                id="passphrase",
            )
            yield Static("", id="unlock-message", classes="form-message", markup=False)
            yield Static(self.notice, id="unlock-held", markup=False)
            with Vertical(id="unlock-progress"):
                yield Static("Opening the vault: deriving the key…", id="unlock-progress-label")
                yield ProgressBar(total=100, show_eta=False, id="unlock-progress-bar")
            if self.hint:
                yield Static(self.hint, id="unlock-hint", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#unlock-progress").display = False
        self.query_one("#unlock-held").display = bool(self.notice)
        # Asked once the screen is laid out (a lock probe, nothing heavy: the frame is not
        # on the terminal yet, and waits for this thread). What opening the vault and
        # showing it need loads in another thread while the passphrase is typed, so the
        # first frame waits for neither (issue 18 point 6).
        self.call_after_refresh(self._ask_who_holds)

    def _ask_who_holds(self) -> None:
        from homeops.services.sessions import who_holds

        holder = who_holds(self.vault_path)
        if holder is not None:
            self.post_message(self.Held(holder))
        self._load_meanwhile()

    @work(thread=True, group="load", exit_on_error=False)
    def _load_meanwhile(self) -> None:
        _load_what_unlocking_needs()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("read_only", "ask_to_close"):
            return self.holder is not None and not self.opening
        return True

    @on(Held)
    def _show_holder(self, message: Held) -> None:
        from homeops.services.sessions import can_ask_to_close

        self.holder = message.holder
        self.opening = False
        self.query_one("#unlock-progress").display = False
        self.query_one("#passphrase", Input).disabled = False
        from homeops.tui.app import HomeopsApp

        def key(owner: type[DOMNode], binding_id: str) -> str:  # as written, [keys] applied
            return current_keys(self.app, owner, binding_id)[0]

        can_ask = can_ask_to_close(message.holder)
        choices = f"{key(UnlockScreen, 'unlock.read_only')}: open read-only"
        choices += (
            f", {key(UnlockScreen, 'unlock.ask_to_close')}: ask it to close"
            if can_ask
            else " (close it on its host to write)"
        )
        held = self.query_one("#unlock-held", Static)
        held.update(
            f"This vault is open in another session: {shown(message.holder.describe())}.\n"
            f"{choices}, {key(HomeopsApp, 'app.quit')}: quit."
        )
        held.display = True
        self.refresh_bindings()

    def action_read_only(self) -> None:
        self.read_only = True
        held = self.query_one("#unlock-held", Static)
        held.update("Read-only: you can look, not change. Type the passphrase, then Enter.")
        self.holder = None
        self.refresh_bindings()
        self.query_one("#passphrase", Input).focus()

    def action_ask_to_close(self) -> None:
        from homeops.services.sessions import can_ask_to_close

        holder = self.holder
        if holder is None:
            return
        if not can_ask_to_close(holder):
            self._show_message("That session runs as another user or on another host.")
            return
        self.query_one("#unlock-held", Static).update(f"Asking pid {holder.pid} to close…")
        self._ask_to_close(holder)

    @work(thread=True, exclusive=True, group="ask", exit_on_error=False)
    def _ask_to_close(self, holder: LockHolder) -> None:
        import time

        from homeops.services.sessions import ask_to_close, who_holds

        try:
            ask_to_close(holder)  # a suspended (ctrl+z) session is woken up to close too
        except PermissionError:
            self.app.call_from_thread(self._show_message, "Not allowed to signal that session.")
            return
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if who_holds(self.vault_path) is None:
                self.post_message(self.Released())
                return
            time.sleep(0.05)
        self.app.call_from_thread(
            self._show_message,
            "The other session did not close; close it there, or open read-only.",
        )

    @on(Released)
    def _released(self) -> None:
        self.holder = None
        self.read_only = False
        held = self.query_one("#unlock-held", Static)
        held.update("The other session closed. Type the passphrase, then Enter.")
        self.refresh_bindings()
        self.query_one("#passphrase", Input).focus()

    @property
    def message_text(self) -> str:
        """The inline message shown under the field ("" when none)."""
        return str(self.query_one("#unlock-message", Static).content)

    @on(Input.Submitted, "#passphrase")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_unlock()

    def action_unlock(self) -> None:
        field = self.query_one("#passphrase", Input)
        if self.opening:
            return
        if not field.value:
            self._show_message("Type your passphrase, then press Enter.")
            return
        app: HomeopsApp = self.app  # type: ignore[assignment]
        if not app.settings_ready():  # Enter before they were read: read now (or exit)
            return
        passphrase = field.value
        # The passphrase leaves the widget at once; the worker holds the only copy.
        field.value = ""
        field.disabled = True
        self.opening = True
        self._show_message("")
        self.query_one("#unlock-progress-bar", ProgressBar).update(progress=0)
        self.query_one("#unlock-progress").display = True
        self._open_vault(passphrase)
        # The key derivation (Argon2id, ~0.2 s) leaves the interpreter free: meanwhile this
        # thread loads the main screen and its views, which the board would wait for.
        self.call_after_refresh(_load_what_unlocking_needs)  # (if Enter came first)

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False)
    def _open_vault(self, passphrase: str) -> None:
        from homeops.services.errors import VaultError, VaultLocked, WrongPassphrase
        from homeops.services.vault import open_business

        last_step = -1

        def progress(fraction: float) -> None:
            nonlocal last_step
            # Each message wakes this screen to redraw its bar, in the interpreter the
            # decoding needs: at most one per PROGRESS_STEP, however often called.
            step = int(max(0.0, min(1.0, fraction)) * 100) // PROGRESS_STEP
            if step != last_step:
                last_step = step
                self.post_message(self.Progress(step * PROGRESS_STEP / 100))

        settings = self.app.settings  # type: ignore[attr-defined]
        try:
            business = open_business(
                self.vault_path,
                passphrase,
                settings,
                progress=progress,
                read_only=self.read_only,
                ledger_later=True,  # decoded after the board's first frame (MainScreen)
            )
        except VaultLocked as locked:
            if locked.holder is not None:
                self.post_message(self.Held(locked.holder))
            self.post_message(self.Failed(str(locked)))
            return
        except WrongPassphrase:
            self.post_message(self.Failed("Wrong passphrase; try again.", wrong_passphrase=True))
            return
        except VaultError as error:
            self.post_message(self.Failed(str(error)))
            return
        except OSError as error:
            self.post_message(self.Failed(f"Could not read the vault: {error.strerror or error}"))
            return
        app: HomeopsApp = self.app  # type: ignore[assignment]
        if get_current_worker().is_cancelled or not app.adopt_business(business):
            business.close()
            return
        self.post_message(VaultOpened(business))

    @on(Progress)
    def _show_progress(self, message: Progress) -> None:
        self.query_one("#unlock-progress-bar", ProgressBar).update(
            progress=round(message.fraction * 100)
        )

    @on(Failed)
    def _show_failure(self, message: Failed) -> None:
        self.opening = False
        self.query_one("#unlock-progress").display = False
        field = self.query_one("#passphrase", Input)
        field.disabled = False
        field.value = ""
        field.focus()
        self._show_message(message.reason)

    def _show_message(self, text: str) -> None:
        message = self.query_one("#unlock-message", Static)
        message.update(shown(text))  # a reason may quote a path
        message.set_class(bool(text), "-shown")
