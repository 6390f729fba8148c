"""What the entry point (``homeops.main``) hands the command line: the console, and the demo's
sample business. The faces never import each other, and the demo data sits above the
services, so the command line names here what it needs and the entry point provides it.

``homeops`` with no command and ``homeops demo`` open the console; ``homeops keys`` lists its
key bindings; ``homeops demo`` fills a vault with the sample business.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from homeops.config import Settings
    from homeops.services import Business

Keymap = Mapping[str, Sequence[str]]
"""Binding id -> the keys it uses instead of its default (``settings.keys.bindings``)."""


class KeysRefused(ValueError):
    """The ``[keys]`` table names no binding, no key, or gives one key twice in one place.

    ``str()`` is one line without the file name (the command line adds it)."""


class KeyRow(Protocol):
    """One binding as ``homeops keys`` lists it."""

    @property
    def id(self) -> str: ...
    @property
    def where(self) -> str: ...  # a key of ``KeyTable.groups``
    @property
    def default(self) -> str: ...  # "L" or "L,shift+right", as [keys] writes them
    @property
    def current(self) -> str: ...  # the key(s) in effect
    @property
    def changed(self) -> bool: ...  # given in [keys]
    @property
    def description(self) -> str: ...


@dataclass(frozen=True)
class KeyTable:
    """Every binding of the console under a keymap, and what is wrong with the keymap."""

    groups: Mapping[str, str]  # where bindings apply -> in words, in listing order
    rows: Sequence[KeyRow]
    problem: str | None  # one line (without the file name), or None when the keymap is good


class Console(Protocol):
    """The full-screen console, started by the command line. Textual loads only when one of
    these is called: the scripted commands never need it."""

    def run(
        self,
        settings: Settings,
        vault_path: Path,
        *,
        hint: str = "",
        config_path: Path | None = None,
    ) -> int:
        """Open the console on the vault at ``vault_path`` until the user leaves; its exit
        status. ``KeysRefused`` before anything is drawn when ``settings.keys`` is wrong.
        ``config_path``: the settings file, whose folder's ``templates/`` override the
        documents' templates (issue 15), as for the commands."""
        ...

    def key_table(self, keymap: Keymap) -> KeyTable:
        """Every key binding, its default key and the key in effect under ``keymap``."""
        ...


class SampleFill(Protocol):
    """Fill the empty vault of ``business`` with the sample business (``size`` None) or about
    ``size`` documents, dated around ``today``; returns the number of records."""

    def __call__(self, business: Business, size: int | None, today: date) -> int: ...

    def settings(self) -> Settings:
        """The settings the demo runs with: the defaults and a fictional seller (issue 15)."""
        ...
