"""The homeops console: the app object and the factory that builds it."""

from __future__ import annotations

import datetime
import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType

from tui.messages import VaultOpened

if TYPE_CHECKING:
    from textual.command import Provider

    from config import Settings
    from storage.vault import KdfParams, Vault


class HomeopsApp(App[None]):
    """Unlock (or create) the vault, then the main frame with its views."""

    CSS_PATH = "homeops.tcss"
    TITLE = "homeops"
    # Commands come from the main screen's provider; none before the vault is open.
    COMMANDS: ClassVar[set[type[Provider] | object]] = set()  # type: ignore[assignment]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            tooltip="Close the vault and leave homeops",
            priority=True,
            id="app.quit",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            tooltip="Search the commands: views, help, quit",
            show=False,  # the footer shows the palette key on its right
            priority=True,
            id="app.commands",
        ),
        Binding(
            "ctrl+c",
            "help_quit",
            "How to quit",
            tooltip="Says which key quits",
            show=False,
            system=True,
            id="app.help_quit",
        ),
    ]

    def __init__(
        self,
        settings: Settings,
        vault_path: Path,
        *,
        today: datetime.date | None = None,
        kdf: KdfParams | None = None,
        vault: Vault | None = None,
        hint: str = "",
    ) -> None:
        super().__init__()
        self.settings = settings
        self.vault_path = vault_path
        self.today = today
        self.kdf = kdf
        self.vault: Vault | None = vault
        self.hint = hint
        self._vault_lock = threading.Lock()
        self._vault_released = False
        self.animation_level = "full" if settings.ui.animations else "none"

    def current_date(self) -> datetime.date:
        """The date the console shows: the injected one, else today's."""
        return self.today or datetime.date.today()

    def on_mount(self) -> None:
        # Import only the screen shown: the unlock screen is drawn before anything else loads.
        if self.vault is not None:
            self.push_screen(self._main_screen(self.vault))
        elif self.vault_path.is_file():
            from tui.screens.unlock import UnlockScreen

            self.push_screen(UnlockScreen(self.vault_path, hint=self.hint))
        else:
            from tui.screens.create_vault import CreateVaultScreen

            self.push_screen(CreateVaultScreen(self.vault_path, kdf=self.kdf))

    def _main_screen(self, vault: Vault) -> MainScreen:
        from tui.screens.main import MainScreen

        return MainScreen(vault, self.settings, today=self.current_date())

    def adopt_vault(self, vault: Vault) -> bool:
        """Make the app the owner of an opened ``vault`` (it closes it on exit).

        Safe to call from a worker thread. False when the app has already shut down: the
        caller must then close the vault itself, so that its lock is not kept.
        """
        with self._vault_lock:
            if self._vault_released:
                return False
            self.vault = vault
            return True

    @on(VaultOpened)
    def _show_main_screen(self, message: VaultOpened) -> None:
        self.switch_screen(self._main_screen(message.vault))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "command_palette":
            # The palette only has commands once the vault is open.
            return self.vault is not None and getattr(self.screen, "HAS_COMMANDS", False)
        return True

    def on_unmount(self) -> None:
        with self._vault_lock:
            self._vault_released = True
            vault, self.vault = self.vault, None
        if vault is not None:
            vault.close()


if TYPE_CHECKING:
    from tui.screens.main import MainScreen


def make_app(
    settings: Settings,
    vault_path: Path,
    *,
    today: datetime.date | None = None,
    kdf: KdfParams | None = None,
    vault: Vault | None = None,
    hint: str = "",
) -> HomeopsApp:
    """Build the console for the vault at ``vault_path``.

    It starts on the create-vault screen when no vault file exists, on the unlock screen
    otherwise, or straight on the main screen when an open ``vault`` is given (the app then
    owns it and closes it on exit). ``today`` fixes the date shown (tests, snapshots);
    ``kdf`` sets the key derivation of a vault created here (tests use cheap parameters);
    ``hint`` is one line shown under the passphrase field (the demo prints its passphrase).
    """
    return HomeopsApp(settings, Path(vault_path), today=today, kdf=kdf, vault=vault, hint=hint)
