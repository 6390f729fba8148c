"""A second session is refused at once, naming the holder; a killed holder frees the vault."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from homeops.storage import VaultError, VaultLocked
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


# -- other names for the vault file ------------------------------------------------------------


def _beside(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("what", ["the file", "its folder"])
def test_a_symbolic_link_reaches_the_same_lock_mark_and_backups(
    kit: Any, tmp_path: Path, what: str
) -> None:
    """Through a link, the vault is the file it points to: the open session's lock refuses a
    second one, and nothing (lock, mark, backups, a tightened mode) lands beside the link."""
    vault = kit.create()
    vault.db.table("t").insert({"by": "session a"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    if what == "the file":
        made = link = elsewhere / "link.hops"
        link.symlink_to(kit.path)
    else:
        made = elsewhere / "dir"
        made.symlink_to(kit.path.parent)
        link = made / kit.path.name
    before = _beside(elsewhere)
    with pytest.raises(VaultLocked):
        Vault.open(link, kit.passphrase)
    vault.db.table("t").insert({"by": "session a, later"})
    vault.close()
    assert _beside(elsewhere) == before
    assert elsewhere.stat().st_mode & 0o777 == 0o755
    with Vault.open(link, kit.passphrase) as through_link:  # free now: opens the file itself
        assert through_link.path == kit.path
        through_link.db.table("t").insert({"by": "through the link"})
    assert _beside(elsewhere) == before and made.is_symlink()  # the link stays a link
    assert len(list((kit.path.parent / "backups").iterdir())) == 1  # the day's, by the file
    assert sorted(p.name for p in kit.path.parent.iterdir() if not p.is_dir()) == [
        "vault.hops", "vault.hops.lock", "vault.hops.mark"
    ]  # fmt: skip
    assert [d["by"] for d in kit.open().db.table("t").all()] == [
        "session a", "session a, later", "through the link"
    ]  # fmt: skip


def test_a_hard_link_is_refused_whichever_session_came_first(kit: Any, tmp_path: Path) -> None:
    """Both names are the file: a second name would take a second lock. A read-write session
    refuses a vault file with two names, in one line, and writes nothing; read-only ones
    (``check``, ``balance``) still read it."""
    vault = kit.create()
    vault.db.table("t").insert({"by": "session a"})
    other = tmp_path / "elsewhere" / "link.hops"
    other.parent.mkdir()
    os.link(kit.path, other)
    with pytest.raises(VaultError, match="another name") as info:
        Vault.open(other, kit.passphrase)
    assert "\n" not in str(info.value) and str(kit.path) not in str(info.value)
    assert _beside(other.parent) == ["link.hops"]
    vault.db.table("t").insert({"by": "session a, later"})
    vault.close()
    with pytest.raises(VaultError, match="another name"):
        Vault.open(kit.path, kit.passphrase)  # by its first name too, once both exist
    with pytest.raises(VaultError, match="another name"):
        Vault.restore(other, kit.path, kit.passphrase)
    with Vault.open(other, kit.passphrase, read_only=True) as seen:
        assert len(seen.db.table("t")) == 2
    other.unlink()
    assert [d["by"] for d in kit.open().db.table("t").all()] == ["session a", "session a, later"]


def test_a_link_planted_as_the_lock_file_is_not_followed(kit: Any, tmp_path: Path) -> None:
    """Taking the lock truncates the lock file: through a planted link it would empty any
    file the user can write."""
    kit.create().close()
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n")
    lock = kit.path.with_name(kit.path.name + ".lock")
    lock.unlink()
    lock.symlink_to(victim)
    with pytest.raises(OSError):
        Vault.open(kit.path, kit.passphrase)
    assert victim.read_text() == "keep me\n"
