"""Sessions: idle auto-lock, a second console beside a first one, hang-ups, NO_COLOR."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pilot_helpers import PASSPHRASE, TODAY, no_blink, settle
from textual.widgets import Static

from homeops.rules.model import Client, Mission, StageMove
from homeops.services import Business
from homeops.storage import VaultReadOnly
from homeops.storage.lock import probe
from homeops.storage.vault import KdfParams, Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.main import MainScreen
from homeops.tui.screens.unlock import UnlockScreen

ROOT = Path(__file__).resolve().parents[2]
SECRET_TITLE = "Quarterly report for Zephyrine"


def all_text(app: HomeopsApp) -> str:
    """Every piece of text any widget on any screen holds right now."""
    parts = []
    for screen in app.screen_stack:
        for widget in screen.query("*"):
            if isinstance(widget, Static):
                parts.append(str(widget.content))
            parts.append(str(getattr(widget, "value", "")))
    return "\n".join(parts)


async def unlock(pilot: object, app: HomeopsApp) -> None:
    await pilot.click("#passphrase")  # type: ignore[attr-defined]
    await pilot.press(*PASSPHRASE, "enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


class Clock:
    """The app's idle clock, moved by hand so the test does not race a loaded machine."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr("homeops.tui.app._now", fake)
    return fake


async def test_idle_auto_lock_drops_the_data_and_unlocking_returns_to_the_same_view(
    closed_vault: Path, app_factory: Callable[..., HomeopsApp], clock: Clock
) -> None:
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        vault.missions.add(Mission(SECRET_TITLE, "zephyr", "Brief"))
        vault.clients.add(Client("zephyr", notes="Zephyrine's notes"))
    app = app_factory(idle_seconds=0.4)  # checked every 0.1 s of real time
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("2")
        assert app.screen.current_view == "ledger"
        clock.now += 0.3
        await pilot.pause(0.3)
        assert isinstance(app.screen, MainScreen)  # not idle long enough yet
        clock.now += 0.2
        await pilot.pause(0.3)
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert not any(isinstance(s, MainScreen) for s in app.screen_stack)
        assert app.business is None and probe(closed_vault) is None
        assert "Zephyrine" not in all_text(app)
        assert "Locked" in all_text(app)
        await unlock(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.current_view == "ledger"


async def test_keys_keep_the_session_open(
    closed_vault: Path, app_factory: Callable[..., HomeopsApp], clock: Clock
) -> None:
    app = app_factory(idle_seconds=0.4)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        for view in "12341234":
            clock.now += 0.3  # each key comes before the idle time is up
            await pilot.press(view)
            await pilot.pause(0.15)
        assert isinstance(app.screen, MainScreen)


HOLDER = """
import sys, signal
from pathlib import Path
from homeops.config import Settings
from homeops.storage.vault import Vault
from homeops.services import Business
from homeops.tui.app import make_app
vault = Vault.open(Path(sys.argv[1]), sys.argv[2])
app = make_app(Settings(), Path(sys.argv[1]), business=Business(vault, Settings()), idle_seconds=0)
print("ready", flush=True)
app.run(headless=True)
sys.exit(app.return_code or 0)
"""


@pytest.fixture
def first_console(closed_vault: Path) -> Iterator[subprocess.Popen[str]]:
    """Another homeops console holding the vault, in its own process."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(closed_vault), PASSPHRASE],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    deadline = time.monotonic() + 10
    while probe(closed_vault) is None and time.monotonic() < deadline:
        time.sleep(0.02)
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()


async def test_second_console_names_the_holder_and_opens_read_only(
    closed_vault: Path,
    app_factory: Callable[..., HomeopsApp],
    first_console: subprocess.Popen[str],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        held = str(app.screen.query_one("#unlock-held", Static).content)
        assert f"pid {first_console.pid}" in held
        assert os.uname().nodename in held
        await pilot.press("ctrl+o")
        await unlock(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.business is not None and app.business.read_only
        assert app.screen.query_one("#read-only-banner")
        with pytest.raises(VaultReadOnly):
            app.business.missions.add(Mission("Not allowed", "", "Brief"))
    assert first_console.poll() is None  # the first session was left alone


async def test_asking_the_other_session_to_close_ends_it_cleanly_then_opens_read_write(
    closed_vault: Path,
    app_factory: Callable[..., HomeopsApp],
    first_console: subprocess.Popen[str],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        started = time.monotonic()
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert first_console.wait(timeout=5) == 128 + signal.SIGTERM
        assert time.monotonic() - started < 3
        assert "closed" in str(app.screen.query_one("#unlock-held", Static).content)
        await unlock(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.business is not None and not app.business.read_only
        app.business.missions.add(Mission("Allowed now", "", "Brief"))


def catches(pid: int, signum: int, timeout: float = 10.0) -> bool:
    """Wait until process ``pid`` has a handler for ``signum`` (Linux: /proc)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("SigCgt:") and int(line.split()[1], 16) >> (signum - 1) & 1:
                return True
        time.sleep(0.02)
    return False


async def test_asking_a_suspended_session_to_close_wakes_it_to_close(
    closed_vault: Path,
    app_factory: Callable[..., HomeopsApp],
    first_console: subprocess.Popen[str],
) -> None:
    # ctrl+z left the first console stopped: a SIGTERM alone would wait for its `fg`.
    assert catches(first_console.pid, signal.SIGTERM), "the first console never started"
    os.kill(first_console.pid, signal.SIGSTOP)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        assert first_console.wait(timeout=5) == 128 + signal.SIGTERM
        await settle(pilot)
        assert "closed" in str(app.screen.query_one("#unlock-held", Static).content)
        assert "did not close" not in str(app.screen.query_one("#unlock-message", Static).content)


def test_no_color_unlock_screen(
    snap_compare: Callable[..., bool],
    closed_vault: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from homeops.config import Settings
    from homeops.tui.app import make_app

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(Settings(), closed_vault, today=TODAY, kdf=KdfParams.fast())
    assert snap_compare(app, terminal_size=(80, 24), run_before=no_blink)


def test_no_color_main_screen(
    snap_compare: Callable[..., bool],
    closed_vault: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from homeops.config import Settings
    from homeops.tui.app import make_app

    monkeypatch.setenv("NO_COLOR", "1")
    vault = Vault.open(closed_vault, PASSPHRASE)
    app = make_app(Settings(), closed_vault, today=TODAY, business=Business(vault, Settings()))
    assert snap_compare(app, terminal_size=(80, 24))


def _seeded(path: Path) -> None:
    with Vault.open(path, PASSPHRASE) as vault:
        vault.missions.add(
            Mission("Spring newsletter", "acme", "Brief", history=[StageMove(AT, "Brief")])
        )


AT = "2026-11-20T09:00:00"


async def test_a_refused_change_says_why_and_the_session_goes_on(
    closed_vault: Path, app_factory: Callable[..., HomeopsApp]
) -> None:
    _seeded(closed_vault)
    read_only = Vault.open(closed_vault, PASSPHRASE, read_only=True)
    app = app_factory(vault=read_only)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()
        assert any("read-only" in n.message for n in app._notifications)
        await pilot.press("2")  # still answering keys
        assert isinstance(app.screen, MainScreen) and app.screen.current_view == "ledger"
    with Vault.open(closed_vault, PASSPHRASE, read_only=True) as after:
        assert after.missions.list()[0].stage == "Brief"


async def test_a_full_disk_loses_nothing_and_the_session_goes_on(
    closed_vault: Path, app_factory: Callable[..., HomeopsApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    _seeded(closed_vault)
    vault = Vault.open(closed_vault, PASSPHRASE)
    app = app_factory(vault=vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        def full(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "fdatasync", full)
        await pilot.press("L")
        await pilot.pause()
        monkeypatch.undo()
        assert any("No space left" in n.message for n in app._notifications)
        assert vault.missions.list()[0].stage == "Brief"  # memory agrees with the disk
        await pilot.press("L")  # the disk has room again: the same key works
        await pilot.pause()
        assert vault.missions.list()[0].stage == "Plan"
    with Vault.open(closed_vault, PASSPHRASE, read_only=True) as after:
        assert after.missions.list()[0].stage == "Plan"
