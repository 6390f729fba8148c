"""The entry point (``homeops``, ``python -m homeops``): wires a face to the rest.

The command line (``homeops.cli``) reads the config and runs a command; it gets from here the
console (``homeops.tui``) and the demo's sample business (``homeops.demo``), which it may not
import itself: the faces never import each other. Textual loads only when the console opens
or lists its keys, never for a scripted command, and never before the command line has
checked that there is a terminal to draw on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from homeops.cli import app as cli
from homeops.cli.wiring import Keymap, KeysRefused, KeyTable
from homeops.config import Settings
from homeops.services import Business


class TextualConsole:
    """The console of ``homeops.tui``, as the command line starts it."""

    def run(self, settings: Settings, vault_path: Path, *, hint: str = "") -> int:
        from homeops.tui.app import make_app
        from homeops.tui.keys import KeymapError

        try:
            app = make_app(settings, vault_path, hint=hint)
        except KeymapError as exc:
            raise KeysRefused(str(exc)) from None
        app.run(mouse=False)  # keyboard only: no mouse tracking asked of the terminal
        return app.return_code or 0

    def key_table(self, keymap: Keymap) -> KeyTable:
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


def main(argv: Sequence[str] | None = None, env: dict[str, str] | None = None) -> int:
    """Run ``homeops`` with ``argv`` (the process's by default); the exit status."""
    return cli.main(argv, env, console=TextualConsole(), sample=fill_with_sample)
