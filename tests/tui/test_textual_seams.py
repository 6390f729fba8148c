"""The private Textual methods the console overrides, pinned (issue 17).

pyproject.toml pins Textual to one minor release. When an upgrade renames or reshapes one
of these methods, the override would silently stop being called (a refused change would
crash the console instead of saying "Not saved"): this test fails first, and says which.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App
from textual.scroll_view import ScrollView

from homeops.tui.saying import SayingApp
from homeops.tui.views.board_column import CardList

# (Textual's class, the method, its parameters, our class that overrides it, what it is for)
SEAMS: list[tuple[type[Any], str, list[str], type[Any], str]] = [
    (App, "_dispatch_action", ["self", "namespace", "action_name", "params"], SayingApp,
     "a refused change is one line (Not saved), and changes wait during a long write"),
    (App, "_handle_exception", ["self", "error"], SayingApp,
     "a refused change from a message handler is one line, not a crash"),
    (ScrollView, "_size_updated", ["self", "size", "virtual_size", "container_size", "layout"],
     CardList, "a board column redraws its scrollbar only when its size changed"),
]  # fmt: skip


@pytest.mark.parametrize(("base", "name", "parameters", "ours", "why"), SEAMS)
def test_each_private_textual_method_we_override_is_still_there(
    base: type[Any], name: str, parameters: list[str], ours: type[Any], why: str
) -> None:
    theirs: Callable[..., Any] | None = getattr(base, name, None)
    assert theirs is not None, (
        f"Textual no longer has {base.__name__}.{name}: {ours.__name__} overrides it so that "
        f"{why}. Re-check the override against the new Textual before moving the pin."
    )
    found = list(inspect.signature(theirs).parameters)
    assert found == parameters, (
        f"{base.__name__}.{name} now takes {found}, not {parameters}: {ours.__name__}'s "
        f"override ({why}) must follow it."
    )
    assert name in vars(ours), f"{ours.__name__} no longer overrides {name}: drop it from SEAMS"
    assert issubclass(ours, base)


def test_the_exit_report_a_bug_leaves_is_still_a_list_we_can_replace() -> None:
    """SayingApp._handle_exception replaces Textual's report of a bug (which shows local
    variables: decrypted data) with one line, in ``App._exit_renderables``."""
    app = App[None]()
    assert isinstance(getattr(app, "_exit_renderables", None), list), (
        "Textual no longer keeps App._exit_renderables: a bug in the console would print its "
        "local variables again; re-check SayingApp._handle_exception"
    )
