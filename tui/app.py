"""The homeops console: the app object and the factory that builds it."""

from __future__ import annotations

import contextlib
import datetime
import gc
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from rich.text import Text
from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message

from homeops.tui.hangup import HangUpGuard, farewell
from homeops.tui.keys import check_keymap, shown_key, textual_keymap
from homeops.tui.messages import VaultOpened
from homeops.tui.no_color import NoColour, no_color_asked
from homeops.tui.saying import SayingApp
from homeops.tui.terminal_output import compacting
from homeops.tui.text import keep_amounts_whole, pasted
from homeops.tui.type_ahead import KeyHandled, TypeAhead

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.driver import Driver
    from textual.filter import LineFilter

    from homeops.config import Settings
    from homeops.services import Business
    from homeops.services.vault import KdfParams


_now = time.monotonic  # the idle clock; tests replace it

STYLESHEET = Path(__file__).with_name("homeops.tcss")
# Where homeops.tcss's rules for the screens of an open vault start: the unlock and
# create-vault screens need only what comes before (the rest: ~80% of its parsing, ~10 ms).
VAULT_SCREENS = "/* -- main frame"


def stylesheet_parts(text: str) -> tuple[str, str]:
    """homeops.tcss cut at ``VAULT_SCREENS``: (the unlock screen's rules, the rest). The rest
    keeps its line numbers (Textual's errors quote them): blank lines stand for the first."""
    cut = text.find(VAULT_SCREENS)
    if cut < 0:  # the mark edited away: all of it before the first frame, as before
        return text, ""
    return text[:cut], "\n" * text.count("\n", 0, cut) + text[cut:]


class Serving(Protocol):
    """Commands typed beside the console, served while its vault is open."""

    screen_open: Callable[[], bool]
    """True while a screen or dialog is open above the main screen: commands are refused
    then (it may hold a copy of the data a served change would make stale)."""

    def close(self) -> None:
        """Stop serving (the socket goes); a command running finishes first."""


ServeBeside = Callable[["Business", Callable[[], None]], "Serving | None"]
"""Start serving the commands typed beside the console on an open business; the second
argument is called (from another thread) when a served command changed the vault. Given by
the entry point (``homeops.main``): the console never imports the command line."""


class ServedChange(Message):
    """A command typed in another shell changed the vault: the views read it again."""


class HomeopsApp(SayingApp):
    """Unlock (or create) the vault, then the main frame with its views."""

    # No CSS_PATH: homeops.tcss is read in two parts (stylesheet_parts), the second when the
    # vault opens, so the unlock screen's first frame waits for a short stylesheet.
    TITLE = "homeops"
    settings: Settings  # read after the first frame when make_app was given a reader
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
            "ctrl+z",
            "suspend_process",
            "Suspend",
            tooltip="Back to the shell, as terminal programs do; fg brings homeops back",
            show=False,
            priority=True,
            id="app.suspend",
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
        settings: Settings | Callable[[], Settings],
        vault_path: Path,
        *,
        today: datetime.date | None = None,
        kdf: KdfParams | None = None,
        business: Business | None = None,
        hint: str = "",
        idle_seconds: float | None = None,
        show_tracebacks: bool = False,
        serve_beside: ServeBeside | None = None,
        config_path: Path | None = None,
    ) -> None:
        super().__init__()
        first, self._rest_of_stylesheet = stylesheet_parts(STYLESHEET.read_text("utf-8"))
        self.stylesheet.add_source(first, read_from=(str(STYLESHEET), ""), is_default_css=False)
        self.config_path = config_path  # its folder's templates/ override the documents'
        self._serve_beside = serve_beside
        self._serving: Serving | None = None
        keep_amounts_whole()  # a wrapped line never parts an amount from its digits or €
        self.show_tracebacks = show_tracebacks
        self._no_colour = NoColour() if no_color_asked(os.environ) else None
        if self._no_colour is not None:
            self.add_class("-no-colour")  # homeops.tcss: the cursor rows in reverse video
        # binding id -> the user's keys ([keys] in config.toml)
        self.keymap: dict[str, tuple[str, ...]] = {}
        self.idle_seconds = 0.0
        self._idle_given = idle_seconds
        # What stopped the start after the first frame (an interrupt too: exit 130).
        self.start_error: BaseException | None = None
        self._settings_later = settings if callable(settings) else None
        if not callable(settings):  # given: a bad keymap is refused before anything starts
            self._use_settings(settings)
        self._last_input = _now()
        self._resume_view = "board"
        self.vault_path = vault_path
        self.today = today
        self.kdf = kdf
        self.business: Business | None = business
        self.hint = hint
        self._vault_lock = threading.Lock()
        self._vault_released = False
        self._hang_ups = HangUpGuard(self._hang_up)
        self._type_ahead = TypeAhead(self)
        self.suspended = False  # ctrl+z: stopped, the terminal given back to the shell

    def _use_settings(self, settings: Settings) -> None:
        keymap = dict(settings.keys.bindings)
        check_keymap(keymap)
        self.settings, self.keymap = settings, keymap
        self.set_keymap(textual_keymap(keymap))
        minutes = settings.session.auto_lock_minutes
        given = self._idle_given
        self.idle_seconds = float(minutes * 60) if given is None else given
        self.animation_level = "full" if settings.ui.animations else "none"

    def settings_ready(self) -> bool:
        """Read the settings if they are not yet (``make_app`` was given a reader: the
        unlock screen is drawn first, issue 18 point 6): just after the first frame, or
        when a passphrase is submitted before. False when they stopped the start: the app
        exits, and ``start_error`` says why (never open a vault without the settings)."""
        later, self._settings_later = self._settings_later, None
        if later is not None:
            try:
                self._use_settings(later())
                self._type_ahead.keymap_changed()  # a key typed before cached the defaults
                self._lock_after_idle()
            except Exception as error:  # ConfigError, KeymapError: said once the terminal is back
                self.start_error = error
                self.exit(return_code=1)
            except KeyboardInterrupt as interrupt:  # SIGINT while reading: kept in the loop
                self.start_error = interrupt  # ("interrupted" once the terminal is back)
                self.exit(return_code=130)
        return self.start_error is None

    def _lock_after_idle(self) -> None:
        if self.idle_seconds > 0:
            self.set_interval(min(10.0, max(self.idle_seconds / 4, 0.05)), self._lock_when_idle)

    def get_line_filters(self) -> list[LineFilter]:
        from textual.filter import Monochrome, NoColor

        # Textual's NO_COLOR sends greys (and reads an empty NO_COLOR as set): ours instead.
        kept = [f for f in super().get_line_filters() if not isinstance(f, Monochrome | NoColor)]
        return kept if self._no_colour is None else [*kept, self._no_colour]

    def get_driver_class(self) -> type[Driver]:
        # Each frame with the style codes said once per change (a third fewer bytes per
        # frame over SSH, issue 18 point 5): tui/terminal_output.py.
        return compacting(super().get_driver_class())

    def current_date(self) -> datetime.date:
        """The date the console shows: the injected one, else today's."""
        return self.today or datetime.date.today()

    def on_mount(self) -> None:
        self.call_after_refresh(self._first_frame_shown)
        self._hang_ups.start()
        self.app_suspend_signal.subscribe(self, self._suspending, immediate=True)
        self.app_resume_signal.subscribe(self, self._resumed)
        if self._settings_later is None:
            self._lock_after_idle()
        # Import only the screen shown: the unlock screen is drawn before anything else loads.
        if self.business is not None:
            self.push_screen(self._main_screen(self.business))
        elif self.vault_path.is_file():
            from homeops.tui.screens.unlock import UnlockScreen

            self.push_screen(UnlockScreen(self.vault_path, hint=self.hint))
        else:
            from homeops.tui.screens.create_vault import CreateVaultScreen

            self.push_screen(CreateVaultScreen(self.vault_path, kdf=self.kdf))

    def _first_frame_shown(self) -> None:
        if not self.settings_ready():
            return
        # While the passphrase is typed: the board then opens without parsing it.
        self._style_the_vault_screens()
        if not gc.isenabled():  # the entry point kept the GC off for the start-up
            gc.enable()
            # One full pass now, while the passphrase is typed: it also sizes the next ones
            # (frozen instead, the GC ran full passes through the vault's load: Enter ->
            # board at 100,000 documents took ~0.1 s more).
            gc.collect()

    def _main_screen(self, business: Business) -> MainScreen:
        from homeops.tui.screens.main import MainScreen

        # The vault's documents live as long as the session: keep the cyclic GC from walking
        # them on each full collection (a 0.3 s pause at 20,000 missions, on the first move).
        gc.freeze()
        self._style_the_vault_screens()
        self._start_serving(business)
        return MainScreen(business, today=self.current_date(), view=self._resume_view)

    def _style_the_vault_screens(self) -> None:
        """The rest of homeops.tcss, once: parsed alone (the other sources are cached)."""
        rest, self._rest_of_stylesheet = self._rest_of_stylesheet, ""
        if rest:
            where = (str(STYLESHEET), "the screens of an open vault")
            self.stylesheet.add_source(rest, read_from=where, is_default_css=False)
            self.stylesheet.update(self)

    def _start_serving(self, business: Business) -> None:
        if self._serve_beside is not None and self._serving is None:
            self._serving = self._serve_beside(business, self._served_change)
            if self._serving is not None:
                self._serving.screen_open = self._screen_open

    def _screen_open(self) -> bool:
        # Read from the serving thread: push_screen appends to the stack at once.
        from homeops.tui.screens.main import MainScreen

        stack = list(self.screen_stack)
        return not (stack and isinstance(stack[-1], MainScreen))

    def _served_change(self) -> None:
        self.post_message(ServedChange())  # from the serving thread: posting is thread-safe

    @on(ServedChange)
    def _read_again(self, _message: ServedChange) -> None:
        from homeops.tui.screens.main import MainScreen

        stack = list(self.screen_stack)
        mains = [i for i, screen in enumerate(stack) if isinstance(screen, MainScreen)]
        if mains and mains[-1] < len(stack) - 1:
            # Opened while the command ran (it was checked before): its copy of the data is
            # stale, and saving it would undo the served change. Close it, and say so.
            for _ in range(len(stack) - 1 - mains[-1]):
                self.pop_screen()
            self.notify("A command typed beside changed the vault: open the form again.")
        for screen in stack:
            if isinstance(screen, MainScreen) and screen.is_mounted:
                screen.read_again()

    def adopt_business(self, business: Business) -> bool:
        """Make the app the owner of an opened ``business`` (it closes it on exit).

        Safe to call from a worker thread. False when the app has already shut down: the
        caller must then close the vault itself, so that its lock is not kept.
        """
        with self._vault_lock:
            if self._vault_released:
                return False
            self.business = business
            return True

    @on(VaultOpened)
    def _show_main_screen(self, message: VaultOpened) -> None:
        self._last_input = _now()  # idle time counts from the unlock, not before it
        self.switch_screen(self._main_screen(message.business))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "command_palette":
            # The palette only has commands once the vault is open.
            return self.business is not None and getattr(self.screen, "HAS_COMMANDS", False)
        return True

    def action_help_quit(self) -> None:
        """Ctrl+C: which key quits, as the footer shows it (the user's if remapped). Textual's
        own words hold markup, and our toasts never read markup: "[b]ctrl+q[/b]" showed."""
        key = shown_key(self, HomeopsApp, "app.quit")
        if key:
            self.notify(f"Press {key} to quit", title="Do you want to quit?")

    def on_unmount(self) -> None:
        self._hang_ups.stop()
        with self._vault_lock:
            self._vault_released = True
        self._close_vault()

    def _close_vault(self, *, compact: bool = True) -> None:
        from homeops.services.doc_sandbox import stop_all

        stop_all()  # a template override still compiling ends with the session (quit, lock)
        serving, self._serving = self._serving, None
        if serving is not None:  # first: no command typed beside may find the vault closed
            serving.close()
        with self._vault_lock:
            business, self.business = self.business, None
        if business is not None:
            gc.unfreeze()  # locked or closed: the documents may be collected again
            business.close(compact=compact)

    # -- idle auto-lock ---------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.Paste):
            self._last_input = _now()
        if isinstance(event, events.Paste) and not event.is_forwarded:
            # Typed keys never insert a control character; a paste could (and a field echoes
            # what it holds to the terminal): it arrives with its controls made visible.
            event.text = pasted(event.text)
        if self._type_ahead.holds(event):
            return  # typed after a key that moves the focus: it goes where the focus goes
        moves = self._type_ahead.moves_focus(event)
        await super().on_event(event)
        self._type_ahead.handed(event, moves)

    @on(KeyHandled)
    async def _hand_out_typed_ahead(self, message: KeyHandled) -> None:
        await self._type_ahead.marked(message)

    def _lock_when_idle(self) -> None:
        if self.business is not None and _now() - self._last_input >= self.idle_seconds:
            self.lock()

    def lock(self) -> None:
        """Back to the unlock screen: every screen showing vault data goes, the key is dropped.

        Unlocking again returns to the view that was on show.
        """
        from homeops.tui.screens.main import MainScreen
        from homeops.tui.screens.unlock import UnlockScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                self._resume_view = screen.current_view
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._close_vault()
        minutes = round(self.idle_seconds / 60)
        note = f"Locked after {minutes} minute(s) without a key." if minutes else "Locked."
        self.push_screen(UnlockScreen(self.vault_path, hint=self.hint, notice=note))

    # -- hang-ups (tui/hangup.py) -------------------------------------------------------------

    def _hang_up(self, signum: int) -> None:
        # Every change is on disk when it returns; closing now releases the lock at once.
        # The guard's timer ends the process soon even if the terminal never lets us finish,
        # so no compaction now (a large one could outlast it; the next open compacts).
        self._close_vault(compact=False)
        line = farewell(signum)
        if self.suspended:
            # ctrl+z gave the terminal back already, and the shell may own it now: leave
            # without drawing or restoring anything.
            with contextlib.suppress(OSError):
                os.write(2, f"{line}\n".encode() if line else b"")
            os._exit(128 + signum)
        self.exit(return_code=128 + signum, message=Text(line) if line else None)

    # -- ctrl+z -----------------------------------------------------------------------------

    def _suspending(self, _app: App[Any]) -> None:
        self.suspended = True  # published only when the terminal can be given back
        serving, self._serving = self._serving, None
        if serving is not None:  # stopped, it could not answer: commands run themselves
            serving.close()

    def _resumed(self, _app: App[Any]) -> None:
        self.suspended = False
        if self.business is not None and not self.business.read_only:
            self._start_serving(self.business)


if TYPE_CHECKING:
    from homeops.tui.screens.main import MainScreen


def make_app(
    settings: Settings | Callable[[], Settings],
    vault_path: Path,
    *,
    today: datetime.date | None = None,
    kdf: KdfParams | None = None,
    business: Business | None = None,
    hint: str = "",
    idle_seconds: float | None = None,
    show_tracebacks: bool = False,
    serve_beside: ServeBeside | None = None,
    config_path: Path | None = None,
) -> HomeopsApp:
    """Build the console for the vault at ``vault_path``.

    It starts on the create-vault screen when no vault file exists, on the unlock screen
    otherwise, or straight on the main screen when an open ``business`` is given (the app then
    owns it and closes it on exit). ``today`` fixes the date shown (tests, snapshots);
    ``kdf`` sets the key derivation of a vault created here (tests use cheap parameters);
    ``hint`` is one line shown under the passphrase field (the demo prints its passphrase);
    ``idle_seconds`` overrides the auto-lock delay from settings (0: never; tests shorten it).
    ``show_tracebacks`` (``--debug``): a bug ends the console with Textual's full report, its
    local variables included; otherwise with one line that quotes nothing.
    Raises ``keys.KeymapError`` (one line) when ``settings.keys`` names no binding, no key,
    or gives one key to two bindings of one place.
    ``settings`` may be a reader instead, called just after the first frame (or when a
    passphrase is submitted before): what it raises, or the keymap's refusal, then ends the
    app with ``start_error`` set.
    ``serve_beside`` serves the commands typed beside the console while the vault is open.
    ``config_path``: the settings file; ``templates/`` beside it override the documents'.
    """
    return HomeopsApp(
        settings,
        Path(vault_path),
        today=today,
        kdf=kdf,
        business=business,
        hint=hint,
        idle_seconds=idle_seconds,
        show_tracebacks=show_tracebacks,
        serve_beside=serve_beside,
        config_path=config_path,
    )
