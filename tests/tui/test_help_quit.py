"""Ctrl+C says which key quits, in plain words.

Textual's own answer to Ctrl+C is a toast with markup ("Press [b]ctrl+q[/b] to quit the
app"); the console's toasts never read markup (their words may quote the vault), so the
brackets showed. The console says it itself, with the quit key as the footer shows it.
"""

from __future__ import annotations

from pilot_helpers import TODAY
from textual.widgets._toast import Toast  # not exported; what a notification draws

from homeops.config import KeySettings, Settings
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault
from homeops.tui.app import HomeopsApp, make_app


def console(vault: Vault, settings: Settings) -> HomeopsApp:
    business = Business(vault, settings)
    return make_app(settings, vault.path, today=TODAY, kdf=KdfParams.fast(), business=business)


async def toasts_after_ctrl_c(app: HomeopsApp) -> list[str]:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        return [str(toast.render()) for toast in app.screen.query(Toast)]


async def test_ctrl_c_says_the_quit_key_as_the_footer_shows_it_without_markup(
    open_vault: Vault,
) -> None:
    [toast] = await toasts_after_ctrl_c(console(open_vault, Settings()))
    assert "Press ^q to quit" in toast
    assert "[" not in toast and "ctrl+q" not in toast


async def test_ctrl_c_names_the_users_quit_key(open_vault: Vault) -> None:
    settings = Settings(keys=KeySettings({"app.quit": ("ctrl+w",)}))
    [toast] = await toasts_after_ctrl_c(console(open_vault, settings))
    assert "Press ^w to quit" in toast
    assert "^q" not in toast
