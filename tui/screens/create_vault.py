"""The create-vault screen (first run): a passphrase typed twice, judged before any write."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static
from textual.worker import get_current_worker

from homeops.rules.passphrase import MIN_LENGTH, passphrase_problem
from homeops.tui.messages import VaultOpened
from homeops.tui.text import display_path, shown

if TYPE_CHECKING:
    from homeops.services.vault import KdfParams
    from homeops.tui.app import HomeopsApp


class CreateVaultScreen(Screen[None]):
    """Asks for a new passphrase twice, refuses weak ones with a reason, creates the vault."""

    AUTO_FOCUS = "#new-passphrase"
    # Enter there moves on to the second field: keys typed ahead follow (tui/type_ahead.py).
    ENTER_MOVES_ON = frozenset({"new-passphrase"})

    class Failed(Message):
        """The vault could not be created; ``reason`` is one line, safe to show."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, vault_path: Path, *, kdf: KdfParams | None = None) -> None:
        super().__init__()
        self.vault_path = vault_path
        self.kdf = kdf
        self.creating = False

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="create-panel", classes="panel"):
            yield Label("homeops: a new vault", classes="panel-title")
            yield Static(
                f"Your records will be kept encrypted in {display_path(self.vault_path)}",
                classes="panel-subtitle",
                markup=False,
            )
            yield Label(
                f"Passphrase (at least {MIN_LENGTH} characters; several words work well)",
                classes="field-label",
            )
            yield Input(password=True, id="new-passphrase")
            yield Label("The same passphrase again", classes="field-label")
            yield Input(password=True, id="confirm-passphrase")
            yield Static("", id="create-message", classes="form-message", markup=False)
            yield Static(
                "Write it down: without it, not even you can open this vault.",
                classes="hint",
            )
        yield Footer()

    @property
    def message_text(self) -> str:
        """The inline message shown under the fields ("" when none)."""
        return str(self.query_one("#create-message", Static).content)

    @on(Input.Submitted, "#new-passphrase")
    def _first_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value:
            self.query_one("#confirm-passphrase", Input).focus()
        else:
            self._show_message("Type a passphrase, then press Enter.")

    @on(Input.Submitted, "#confirm-passphrase")
    def _second_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_create()

    def action_create(self) -> None:
        if self.creating:
            return
        first = self.query_one("#new-passphrase", Input)
        second = self.query_one("#confirm-passphrase", Input)
        problem = passphrase_problem(first.value, second.value)
        if problem is not None:
            first.value = ""
            second.value = ""
            first.focus()
            self._show_message(problem)
            return
        app: HomeopsApp = self.app  # type: ignore[assignment]
        if not app.settings_ready():  # the vault is made with the settings: read them first
            return
        passphrase = first.value
        first.value = ""
        second.value = ""
        first.disabled = True
        second.disabled = True
        self.creating = True
        self._show_message("Creating the vault: deriving the key…", error=False)
        self._create_vault(passphrase)

    @work(thread=True, exclusive=True, group="create", exit_on_error=False)
    def _create_vault(self, passphrase: str) -> None:
        from homeops.services import vault
        from homeops.services.errors import VaultError

        settings = self.app.settings  # type: ignore[attr-defined]
        try:
            business = vault.create(self.vault_path, passphrase, settings, kdf=self.kdf)
        except VaultError as error:
            self.post_message(self.Failed(str(error)))
            return
        except OSError as error:
            self.post_message(self.Failed(f"Could not write the vault: {error.strerror or error}"))
            return
        app: HomeopsApp = self.app  # type: ignore[assignment]
        if get_current_worker().is_cancelled or not app.adopt_business(business):
            business.close()
            return
        self.post_message(VaultOpened(business, created=True))

    @on(Failed)
    def _show_failure(self, message: Failed) -> None:
        self.creating = False
        for field in self.query(Input):
            field.disabled = False
        self.query_one("#new-passphrase", Input).focus()
        self._show_message(message.reason)

    def _show_message(self, text: str, *, error: bool = True) -> None:
        message = self.query_one("#create-message", Static)
        message.update(shown(text))  # a reason may quote a path
        message.set_class(bool(text) and error, "-shown")
        message.set_class(bool(text) and not error, "-progress")
