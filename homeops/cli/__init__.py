"""The command line: one face of homeops, beside the console (``homeops.tui``)."""

# Loaded on first use: ``homeops`` alone starts the console through ``homeops.cli.start``,
# whose unlock screen is drawn before the commands load (issue 18 point 6).
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from homeops.cli.app import build_parser, main

__all__ = ["build_parser", "main"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from homeops.cli import app

    return getattr(app, name)
