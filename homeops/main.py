"""The entry point (``homeops``, ``python -m homeops``): wires a face to the rest.

The command line (``homeops.cli``) reads the config and runs a command; it gets from here the
console (``homeops.tui``) and the demo's sample business (``homeops.demo``), which it may not
import itself: the faces never import each other. Textual loads only when the console opens
or lists its keys, never for a scripted command, and never before the command line has
checked that there is a terminal to draw on.

A command typed while a console holds the vault is first offered to that console
(``homeops.beside``), before anything heavy is imported: it runs in the console's unlocked
session, with no second passphrase or KDF.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from homeops.cli.wiring import Keymap, KeyTable
    from homeops.config import Settings
    from homeops.services import Business
    from homeops.tui.app import Serving


def serve_beside(
    settings: Settings, vault_path: Path
) -> Callable[[Business, Callable[[], None]], Serving | None] | None:
    """What the console starts when its vault opens, to serve the commands typed beside it
    (``[cli] beside_console``; None when it is off)."""
    if not settings.cli.beside_console:
        return None

    def start(business: Business, changed: Callable[[], None]) -> Serving | None:
        from homeops.beside.server import BesideServer

        server = BesideServer(business, vault_path, changed=changed)
        return server if server.start() else None

    return start


def serve_beside_later(
    settings: Callable[[], Settings], vault_path: Path
) -> Callable[[Business, Callable[[], None]], Serving | None]:
    """``serve_beside`` for settings read after the first frame: asked when the vault opens."""

    def start(business: Business, changed: Callable[[], None]) -> Serving | None:
        serve = serve_beside(settings(), vault_path)
        return None if serve is None else serve(business, changed)

    return start


def _refused(error: Exception) -> Exception:
    """The command line's error for a keymap the console refused (loaded only then: the
    console draws its first frame without the command line)."""
    from homeops.cli.wiring import KeysRefused

    return KeysRefused(str(error))


class TextualConsole:
    """The console of ``homeops.tui``, as the command line starts it."""

    def run(
        self,
        settings: Settings,
        vault_path: Path,
        *,
        hint: str = "",
        config_path: Path | None = None,
    ) -> int:
        return self._launch(settings, vault_path, serve_beside(settings, vault_path),
                            hint=hint, config_path=config_path)  # fmt: skip

    def open(self, settings: Callable[[], Settings], vault_path: Path, config_path: Path) -> int:
        """``homeops`` alone (``homeops.cli.start``): the unlock screen is drawn before
        ``settings()`` reads the settings file; what stops the start then is raised here,
        once the terminal is restored."""
        serve = serve_beside_later(settings, vault_path)
        return self._launch(settings, vault_path, serve, config_path=config_path)

    def _launch(
        self,
        settings: Settings | Callable[[], Settings],
        vault_path: Path,
        serve: Callable[[Business, Callable[[], None]], Serving | None] | None,
        *,
        hint: str = "",
        config_path: Path | None = None,
    ) -> int:
        from homeops.tui.app import make_app
        from homeops.tui.keys import KeymapError

        # No collection from here to the first frame (the app turns it back on): before
        # it, ~120 collections walked the start-up's objects (which live all session) for
        # 60-100 ms of a 400 ms start.
        gc.disable()
        try:
            app = make_app(
                settings, vault_path, hint=hint, serve_beside=serve, config_path=config_path
            )
            app.run(mouse=False)  # keyboard only: no mouse tracking asked of the terminal
        except KeymapError as exc:  # settings given: their keymap is checked at once
            raise _refused(exc) from None
        finally:
            gc.enable()  # if the app ended before its first frame
        if isinstance(app.start_error, KeymapError):  # settings read after the first frame
            raise _refused(app.start_error) from None
        if app.start_error is not None:
            raise app.start_error
        return app.return_code or 0

    def key_table(self, keymap: Keymap) -> KeyTable:
        from homeops.cli.wiring import KeyTable
        from homeops.tui.keys import GROUPS, KeymapError, check_keymap, rows

        try:
            check_keymap(keymap)
        except KeymapError as exc:
            problem: str | None = str(exc)
        else:
            problem = None
        return KeyTable(GROUPS, rows(keymap), problem)


def fill_with_sample(business: Business, size: int | None, today: dt.date) -> int:
    """The demo's sample business (``homeops.demo.fill``), loaded only for ``homeops demo``."""
    from homeops.demo.fill import fill_with_sample as fill
    from homeops.demo.sample_retainers import add_retainer

    added = fill(business, size, today)
    return added + (add_retainer(business, today) if size is None else 0)  # issue 14 part 4


class DemoSample:
    """``homeops demo``'s sample business and the settings it runs with (a fictional seller,
    so that its documents can be written)."""

    def __call__(self, business: Business, size: int | None, today: dt.date) -> int:
        return fill_with_sample(business, size, today)

    def settings(self) -> Settings:
        from homeops.demo.sample_seller import demo_settings

        return demo_settings()


def main(argv: Sequence[str] | None = None, env: dict[str, str] | None = None) -> int:
    """Run ``homeops`` with ``argv`` (the process's by default); the exit status."""
    gc.disable()  # the imports make objects that live on: ~20 collections walked them
    try:
        from homeops.beside.client import beside
        from homeops.cli.start import start_console

        words = list(sys.argv[1:] if argv is None else argv)
        served = beside(words, os.environ if env is None else env)
        if served is not None:
            return served
    finally:
        gc.enable()  # a command runs with it (the console turns it off to its first frame)
    # The console alone: its unlock screen is drawn before the settings are read, and before
    # the command line loads (issue 18 point 6).
    started = start_console(words, os.environ if env is None else env, TextualConsole())
    if started is not None:
        return started
    gc.disable()
    try:
        from homeops.cli import app as cli
    finally:
        gc.enable()
    return cli.main(argv, env, console=TextualConsole(), sample=DemoSample())
