"""Key bindings as a setting: every binding id of the console, where it applies, and the user's
``[keys]`` checked against them before the console starts.

config/ checks only the shape of ``[keys]`` (it imports no Textual); this module knows the
bindings. Textual's keymap (``App.set_keymap``) does the remapping: a binding given new keys
loses its default key, and the footer and the help show the new ones.

"The same place" is what one help screen lists together, since those keys are live at once:
a view with the widgets in it, the main screen and the app-wide keys; the mission screen, a
dialog or the help with the widgets in it and the app-wide keys. Two bindings there that do
different things may not share a key; bindings that do the same thing may.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, format_key, key_to_character
from textual.screen import Screen
from textual.widgets import Input

Keymap = Mapping[str, Sequence[str]]
"""Binding id -> the keys it uses instead of its default (``settings.keys.bindings``)."""

GROUPS: dict[str, str] = {
    "app": "everywhere",
    "main": "the main screen, whichever view is on show",
    "views": "scrolling a view (the Board, Ledger, Planner and Offers have their own)",
    "board": "the Board view and its filter",
    "mission": "an open mission",
    "ledger": "the Ledger view and its filter",
    "planner": "the Planner view",
    "clients": "the Clients view",
    "offers": "the Offers view",
    "dialogs": "forms and dialogs",
    "help": "the help",
    "unlock": "the unlock screen",
}
"""Where bindings apply, in the order ``homeops keys`` lists them."""

_MODULE_GROUPS = {
    "homeops.tui.app": "app",
    "homeops.tui.screens.main": "main",
    "homeops.tui.views.base": "views",
    "homeops.tui.views.board": "board",
    "homeops.tui.screens.mission": "mission",
    "homeops.tui.views.ledger": "ledger",
    "homeops.tui.views.planner": "planner",
    "homeops.tui.views.clients": "clients",
    "homeops.tui.views.offers": "offers",
    "homeops.tui.screens.help": "help",
    "homeops.tui.screens.unlock": "unlock",
    "homeops.tui.screens.create_vault": "unlock",
}
"""Module -> group; modules not named here hold forms and dialogs (and their widgets)."""

_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_KEY_NAMES = frozenset(key.value.rpartition("+")[2] for key in Keys) | {
    "slash", "backslash", "at", "minus", "plus", "underscore", "comma", "space",
}  # fmt: skip
_EXAMPLES = "n, N, ctrl+n, shift+right, f5, escape, question_mark"


class KeymapError(ValueError):
    """The ``[keys]`` table names no binding, no key, or gives one key twice in one place.

    ``str()`` is one line without the file name (the caller adds it, as for config errors).
    """


@dataclass(frozen=True)
class KeyBinding:
    """One binding id of the console and its default key(s)."""

    id: str
    where: str  # a key of GROUPS
    keys: tuple[str, ...]  # the default keys, as Textual names them ("L", "question_mark")
    description: str
    tooltip: str


@dataclass(frozen=True)
class KeyRow:
    """A binding as ``homeops keys`` shows it: its default key and the one in effect."""

    id: str
    where: str
    default: str  # "L" or "L,shift+right", as the config file writes keys
    current: str
    changed: bool
    description: str


# -- the bindings that exist ------------------------------------------------------------------


@cache
def _owners() -> tuple[type[DOMNode], ...]:
    """Every class of tui/ that declares BINDINGS, module by module, in source order."""
    import homeops.tui

    owners: list[type[DOMNode]] = []
    for info in pkgutil.walk_packages(homeops.tui.__path__, "homeops.tui."):
        module = importlib.import_module(info.name)
        owners += [
            obj
            for obj in vars(module).values()
            if isinstance(obj, type)
            and issubclass(obj, DOMNode)
            and obj.__module__ == info.name
            and "BINDINGS" in obj.__dict__
        ]
    return tuple(owners)


def _group(owner: type[DOMNode]) -> str:
    return _MODULE_GROUPS.get(owner.__module__, "dialogs")


@cache
def catalogue() -> tuple[KeyBinding, ...]:
    """Every binding of the console that has an id, grouped as GROUPS orders them."""
    found: dict[str, KeyBinding] = {}
    for owner in _owners():
        for binding in Binding.make_bindings(owner.__dict__["BINDINGS"]):
            if binding.id is None:
                continue
            known = found.get(binding.id)
            keys = (*known.keys, binding.key) if known else (binding.key,)
            found[binding.id] = KeyBinding(
                binding.id, _group(owner), keys, binding.description, binding.tooltip
            )
    order = list(GROUPS)
    return tuple(sorted(found.values(), key=lambda b: order.index(b.where)))


def _written(key: str) -> str:
    """A key as it is shortest to write in ``[keys]``: ``question_mark`` -> ``?``."""
    char = format_key(key)
    if len(char) == 1 and char not in ", " and char != key and _normalized([char]) == [key]:
        return char
    return key


def rows(keymap: Keymap) -> list[KeyRow]:
    """Every binding with its default key and the key in effect under ``keymap``, written the
    way ``[keys]`` takes them."""
    table = []
    for binding in catalogue():
        default = ",".join(_written(key) for key in binding.keys)
        current = ",".join(keymap[binding.id]) if binding.id in keymap else default
        changed = binding.id in keymap
        table.append(
            KeyRow(binding.id, binding.where, default, current, changed, binding.description)
        )
    return table


# -- checking the user's keymap ---------------------------------------------------------------


def _normalized(keys: Sequence[str]) -> list[str]:
    """Keys as Textual names them in its bindings (``?`` -> ``question_mark``)."""
    return [binding.key for binding in Binding.make_bindings([Binding(",".join(keys), "")])]


def _is_key(key: str) -> bool:
    """``n``, ``N``, ``?``, ``ctrl+n``, ``shift+right``, ``question_mark``: a key Textual sends."""
    if len(key) == 1:
        return True
    modifiers, _, name = key.rpartition("+")
    if modifiers and not set(modifiers.split("+")) <= _MODIFIERS:
        return False
    if len(name) == 1:  # terminals send Shift+n as "N", and ctrl with a capital not at all
        return "shift" not in modifiers.split("+") and not (modifiers and name.isupper())
    # Textual's key names are lower case ("escape", "f5"); only a single letter has a case
    return name == name.lower() and (name in _KEY_NAMES or key_to_character(name) is not None)


@dataclass(frozen=True)
class _Place:
    """Bindings live at the same time; ``name`` says where, in a message."""

    name: str
    owners: tuple[type[DOMNode], ...]


def _words(owner: type[DOMNode]) -> str:
    """``AIUseDialog`` -> ``AI use dialog``."""
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|$)|[A-Z][a-z]*", owner.__name__)
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)


@cache
def _priority_ids() -> frozenset[str]:
    """The bindings that fire even while a text field has the focus."""
    return frozenset(
        binding.id
        for owner in _owners()
        for binding in Binding.make_bindings(owner.__dict__["BINDINGS"])
        if binding.priority and binding.id
    )


@cache
def _places() -> tuple[_Place, ...]:
    from homeops.tui.app import HomeopsApp
    from homeops.tui.screens.main import MainScreen
    from homeops.tui.views.base import View

    owners = _owners()
    places = []
    for owner in owners:
        if owner is MainScreen or not issubclass(owner, View | Screen) or owner is View:
            continue
        module = vars(sys.modules[owner.__module__]).values()
        # the widgets with bindings that this view or screen is built from (filters, lists)
        inside = tuple(w for w in owners if w in module and not issubclass(w, View | Screen | App))
        if issubclass(owner, View):
            name = f"on the {owner.title} view"
            places.append(_Place(name, (*inside, owner, MainScreen, HomeopsApp)))
        else:  # a dialog: a text field has the focus, and its own keys come first
            where = f"in the {_words(owner)}"
            places.append(_Place(where, (Input, *inside, owner, HomeopsApp)))
    return tuple(places)


def _target(owner: type[DOMNode], action: str) -> tuple[str, str]:
    """What a binding does: ``quit`` on the app and ``app.quit`` on a screen are one thing."""
    if action.startswith("app."):
        return "app", action.removeprefix("app.")
    return ("app" if issubclass(owner, App) else owner.__qualname__), action


def _clash(place: _Place, keymap: Mapping[str, list[str]]) -> tuple[str, str, str] | None:
    """The first key two bindings of ``place`` that do different things now share, if the
    user's keymap made it so: (the id the user remapped, the other id, the key)."""
    held: dict[str, tuple[str, tuple[str, str]]] = {}  # key -> (binding id, target)
    for owner in place.owners:  # innermost first, as Textual looks for a key
        # what a node of this class has, base classes merged: Textual's own (private) merge
        for bindings in owner._merge_bindings().key_to_bindings.values():
            for binding in bindings:
                if binding.id is None and owner is not Input:
                    continue
                name = binding.id or f"the text field's {binding.action.replace('_', ' ')}"
                target = _target(owner, binding.action)
                keys = keymap.get(binding.id, [binding.key]) if binding.id else [binding.key]
                for key in keys:
                    other = held.setdefault(key, (name, target))
                    if other[1] == target or (binding.priority and other[1][0] == "Input"):
                        continue  # the same thing; or a priority key, which beats the field's
                    if binding.id in keymap:
                        return name, other[0], key
                    if other[0] in keymap:
                        return other[0], name, key
    return None


def check_keymap(keymap: Keymap) -> None:
    """Raise ``KeymapError`` (one line) unless every id of ``keymap`` names a binding, every
    key is one Textual knows, and no two bindings of one place do different things on one key.
    """
    if not keymap:
        return
    known = {binding.id for binding in catalogue()}
    for binding_id in keymap:
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, known, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            raise KeymapError(
                f'keys."{binding_id}" is not a key binding{hint}; `homeops keys` lists them'
            )
    for binding_id, keys in keymap.items():
        for key in keys:
            if not _is_key(key):
                modifiers, _, name = key.rpartition("+")
                capital = len(name) == 1 and set(modifiers.split("+")) <= _MODIFIERS
                hint = f" (write {name.upper()} for Shift+{name.lower()})" if capital else ""
                raise KeymapError(
                    f'keys."{binding_id}" = "{",".join(keys)}": {key} is not a key{hint}; '
                    f"keys look like {_EXAMPLES}"
                )
    normalized = {binding_id: _normalized(keys) for binding_id, keys in keymap.items()}
    everywhere = _priority_ids()
    for binding_id, keys in normalized.items():
        typed = [key for key in keys if (key_to_character(key) or "\x00").isprintable()]
        if binding_id in everywhere and typed:
            raise KeymapError(
                f'keys."{binding_id}" = "{",".join(keymap[binding_id])}": {_written(typed[0])} '
                "is typed in text fields, and this key works even there; give it a ctrl or F key"
            )
    for place in _places():
        clash = _clash(place, normalized)
        if clash:
            mine, theirs, key = clash
            raise KeymapError(
                f'keys."{mine}" = "{",".join(keymap[mine])}": {key} is also "{theirs}" '
                f"{place.name}; give one of them another key"
            )


def textual_keymap(keymap: Keymap) -> dict[str, str]:
    """``keymap`` as ``App.set_keymap`` takes it: binding id -> ``"L,shift+right"``."""
    return {binding_id: ",".join(keys) for binding_id, keys in keymap.items()}


# -- showing keys in text --------------------------------------------------------------------


def current_keys(app: App[Any], owner: type[DOMNode], binding_id: str) -> tuple[str, ...]:
    """The keys of ``binding_id`` (declared on ``owner``) now: the user's, else the default."""
    keymap: Keymap = getattr(app, "keymap", {})
    if binding_id in keymap:
        return tuple(keymap[binding_id])
    return tuple(
        binding.key
        for binding in Binding.make_bindings(owner.__dict__["BINDINGS"])
        if binding.id == binding_id
    )


def shown_key(app: App[Any], owner: type[DOMNode], binding_id: str) -> str:
    """The first key of ``binding_id`` as the footer shows it (``?``, ``^q``, ``esc``)."""
    keys = current_keys(app, owner, binding_id)
    return app.get_key_display(Binding(_normalized(keys[:1])[0], "")) if keys else ""
