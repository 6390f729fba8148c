"""The CLI beside a real console in a pty (issue 18 point 3), end to end through
``python -m homeops``: a command typed in another shell shows on the console's screen; a
dropped link takes the socket away; a console killed -9 leaves a stale socket, and the
command line then opens the vault itself."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_pty import PASSPHRASE, Console

from homeops.beside import place
from homeops.storage.vault import KdfParams, Vault

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def runtime() -> Iterator[str]:
    folder = tempfile.mkdtemp(prefix="hb")  # short: a socket's path is limited
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    path = tmp_path / "vault.hops"
    Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()).close()
    (tmp_path / "pf").write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def homeops(vault: Path, runtime: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """``homeops ARGV`` typed in another shell (a passphrase file given: the fallback's)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    env.update(XDG_RUNTIME_DIR=runtime, HOME=str(vault.parent))
    command = [sys.executable, "-m", "homeops", *argv, "--vault", str(vault),
               "--config", str(vault.parent / "config.toml"),
               "--passphrase-file", str(vault.parent / "pf")]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)


def wait_for(path: str, present: bool, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while os.path.lexists(path) != present:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def open_console(vault: Path, runtime: str) -> Console:
    console = Console(vault, vault.parent / "config.toml", "xterm-256color",
                      env={"XDG_RUNTIME_DIR": runtime})  # fmt: skip
    console.read_until(b"Passphrase")
    console.type(PASSPHRASE + "\r")
    console.read_until(b"Board")
    return console


def show_ledger(console: Console) -> None:
    # 2 does nothing until the other views are mounted, just after the board's first frame
    for _ in range(10):
        console.type("2")
        try:
            console.read_until(b"Entries", timeout=2.0)
            return
        except AssertionError:
            continue
    raise AssertionError("the Ledger never showed")


def test_a_command_typed_beside_shows_on_the_console_and_a_hang_up_ends_serving(
    vault: Path, runtime: str
) -> None:
    socket_file = place.socket_path(vault, {"XDG_RUNTIME_DIR": runtime})
    console = open_console(vault, runtime)
    try:
        assert wait_for(socket_file, present=True)
        show_ledger(console)
        done = homeops(vault, runtime, "income", "100", "--memo", "typed beside")
        assert (done.returncode, done.stderr) == (0, "")
        assert "income of 100,00" in done.stdout
        console.read_until(b"typed beside")  # the open ledger read the vault again
        refused = homeops(vault, runtime, "passwd")
        assert refused.returncode == 1 and refused.stderr.count("\n") == 1
        console.hang_up()  # waits for the end (10 s at most: a hang guard, not a figure)
    finally:
        console.kill()
    assert console.proc.returncode != 0  # ended by the hang-up, not left running
    assert not os.path.lexists(socket_file)
    with Vault.open(vault, PASSPHRASE, read_only=True) as seen:
        assert len(seen.ledger.rows()) == 4


def test_after_kill_9_the_stale_socket_is_ignored(vault: Path, runtime: str) -> None:
    socket_file = place.socket_path(vault, {"XDG_RUNTIME_DIR": runtime})
    console = open_console(vault, runtime)
    try:
        assert wait_for(socket_file, present=True)
        os.killpg(console.proc.pid, signal.SIGKILL)
        console.proc.wait()
    finally:
        console.kill()
    assert os.path.lexists(socket_file)  # nobody removed it
    done = homeops(vault, runtime, "balance", "--json")  # opened here, with the KDF
    assert done.returncode == 0, done.stderr
    assert '"total": 0' in done.stdout
