"""The use cases: each change of the business written once, for every face.

``homeops.services.vault`` opens a vault and gives a ``Business``; its attributes group the
use cases (missions, cashbook, planning, clients). The console (``homeops.tui``) and the
command line (``homeops.cli``) call these and the rules, never the storage floor.

``Business`` loads on first use (PEP 562): importing a light module of this package
(``errors``) does not load every use case and the storage, so the console draws its unlock
screen before any of them loads (issue 18 point 6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from homeops.services.business import Business

__all__ = ["Business"]


def __getattr__(name: str) -> Any:
    if name == "Business":
        from homeops.services.business import Business

        return Business
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
