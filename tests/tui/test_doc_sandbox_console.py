"""A template override that loops, in the console (issue 15, review r15a #2): quitting or
locking while it compiles ends its child process at once (``ps`` finds none after), and the
console is never held by it."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from pilot_helpers import settle
from test_documents_console import SELLER, fill
from textual.pilot import Pilot

from homeops.services import doc_sandbox
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp

AppFactory = Callable[..., HomeopsApp]
LOOP = (
    "#let d = json(bytes(sys.inputs.data))\n#let n = 0\n"
    "#for i in range(100000) { for j in range(100000) { n += 1 } }\n"
)


def children() -> set[int]:
    """The pids of this process's live children (what ``ps --ppid`` lists)."""
    me, found = os.getpid(), set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me and fields[0] != "Z":
                found.add(int(entry))
    return found


def looping_override(tmp_path: Path) -> Path:
    config = tmp_path / "cfg" / "config.toml"
    (config.parent / "templates").mkdir(parents=True)
    (config.parent / "templates" / "contract.typ").write_text(LOOP)
    return config


async def start_writing(pilot: Pilot[None]) -> None:
    await pilot.press("enter", "D")  # the mission's screen, its documents
    await settle(pilot)
    await pilot.press("enter")  # the contract, PDF: the override compiles in a child
    deadline = time.monotonic() + 10
    while not doc_sandbox._LIVE and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert doc_sandbox._LIVE, "the override's child did not start"


async def test_quitting_while_an_override_loops_ends_its_child(
    open_vault: Vault, app_factory: AppFactory, tmp_path: Path
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault, settings=SELLER, config_path=looping_override(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_writing(pilot)
        started = time.monotonic()
        await pilot.press("ctrl+q")
    while (doc_sandbox._LIVE or children()) and time.monotonic() - started < 5:
        time.sleep(0.05)  # the worker thread sees its child killed, and returns
    assert not doc_sandbox._LIVE and children() == set()
    assert time.monotonic() - started < 5  # not the 20 s limit: killed when the console quit
    assert open_vault.documents.list(None) == []


async def test_locking_while_an_override_loops_ends_its_child(
    open_vault: Vault, app_factory: AppFactory, tmp_path: Path
) -> None:
    fill(open_vault)
    app = app_factory(vault=open_vault, settings=SELLER, config_path=looping_override(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_writing(pilot)
        app.lock()
        await settle(pilot)
        deadline = time.monotonic() + 3
        while (doc_sandbox._LIVE or children()) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert not doc_sandbox._LIVE and children() == set()


async def test_a_client_export_over_the_vault_is_refused(
    open_vault: Vault, app_factory: AppFactory, vault_path: Path
) -> None:
    """The console's export (x on the Clients view) never replaces the vault (r15a #1)."""
    from homeops.tui.views.clients import ClientsView

    fill(open_vault)
    before = vault_path.read_bytes()
    app = app_factory(vault=open_vault, settings=SELLER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "x")
        await settle(pilot)
        field = app.screen.query_one("#export-path")
        field.value = str(vault_path)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ClientsView)
        assert view.message_text == (
            f"Not exported: refused: the export is the vault file ({vault_path})."
        )
    assert vault_path.read_bytes()[:4] == before[:4]
