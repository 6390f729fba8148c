"""A ledger part that authenticates but does not decode (a writer's fault) in a vault the
console unlocks with the ledger read later (issue 18 point 6, reviewer r3): once the
worker meets it, the console goes back to the unlock screen and says the vault is damaged,
as an unlock that read everything says it; no blank Ledger with a "Not saved" toast, no
session writing on in a damaged file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pilot_helpers import PASSPHRASE, settle

from homeops.storage import jsoncodec
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.unlock import UnlockScreen

AppFactory = Callable[..., HomeopsApp]


def _screen(app: HomeopsApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_an_unreadable_ledger_part_is_said_as_damage_on_the_unlock_screen(
    demo_vault: Any, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    encode = jsoncodec.encode

    def faulty(value: Any, **kwargs: Any) -> bytes:  # the ledger's entries' parts only
        out = encode(value, **kwargs)
        docs = value.values() if isinstance(value, dict) else ()
        if any(isinstance(doc, dict) and "envelope" in doc and "date" in doc for doc in docs):
            return b"{" + out
        return out

    monkeypatch.setattr(jsoncodec, "encode", faulty)
    demo_vault.compact()
    monkeypatch.setattr(jsoncodec, "encode", encode)
    demo_vault.close(compact=False)
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*("space" if c == " " else c for c in PASSPHRASE), "enter")
        for _ in range(3):
            await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.business is None  # closed: its lock released
        said = " ".join(_screen(app).split())
        assert "vault damaged or tampered with: record" in said
        assert not [n for n in app._notifications if n.title == "Not saved"]
