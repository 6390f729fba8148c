"""A second session is refused at once, naming the holder; a killed holder frees the vault."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from typing import Any

import pytest

from homeops.storage import VaultLocked
from homeops.storage.vault import Vault

HOLDER = """
import sys, time
from pathlib import Path
from homeops.storage.vault import Vault
vault = Vault.open(Path(sys.argv[1]), sys.stdin.readline().rstrip("\\n"))
vault.db.table("held").insert({"by": "holder"})
print("ready", flush=True)
time.sleep(600)
"""


@pytest.fixture
def holder(kit: Any) -> Any:
    kit.create().close()
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(kit.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=os.getcwd(),
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write(kit.passphrase + "\n")
    proc.stdin.flush()
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    line = proc.stdout.readline() if ready else ""
    if line.strip() != "ready":
        proc.kill()
        pytest.fail(f"holder did not start: {proc.stderr.read() if proc.stderr else ''}")
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def test_second_process_is_refused_at_once_with_the_holder_named(kit: Any, holder: Any) -> None:
    started = time.monotonic()
    with pytest.raises(VaultLocked) as info:
        Vault.open(kit.path, kit.passphrase)
    assert time.monotonic() - started < 2, "refused at once, not after waiting"
    message = str(info.value)
    assert f"pid {holder.pid}" in message
    assert socket.gethostname() in message
    assert "since" in message and "\n" not in message
    assert info.value.holder is not None and info.value.holder.pid == holder.pid
    # a wrong passphrase gets the same answer: the lock comes before any key work
    with pytest.raises(VaultLocked):
        Vault.open(kit.path, "wrong")
    # creating over it is refused too, and nothing is written
    before = kit.path.read_bytes()
    with pytest.raises(VaultLocked):
        Vault.create(kit.path, "other")
    assert kit.path.read_bytes() == before


def test_read_only_session_beside_the_holder_sees_its_changes(kit: Any, holder: Any) -> None:
    with Vault.open(kit.path, kit.passphrase, read_only=True) as vault:
        assert [dict(d) for d in vault.db.table("held").all()] == [{"by": "holder"}]


def test_after_the_holder_is_killed_the_next_open_works(kit: Any, holder: Any) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    vault = kit.open()
    assert len(vault.db.table("held")) == 1  # the holder's acknowledged change is there
    vault.db.table("held").insert({"by": "us"})
    with pytest.raises(VaultLocked, match=f"pid {os.getpid()}"):
        Vault.open(kit.path, kit.passphrase)  # and now we hold it


def test_same_process_cannot_open_twice_and_close_releases(kit: Any) -> None:
    vault = kit.create()
    with pytest.raises(VaultLocked):
        Vault.open(kit.path, kit.passphrase)
    vault.close()
    kit.open().close()
    kit.open().close()
