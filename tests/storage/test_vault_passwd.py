"""Passphrase change: the old one stops working, the new one works, and a failure or a crash
at any step of the rewrite leaves exactly one working passphrase and the data intact."""

from __future__ import annotations

import errno
import os
import signal
import stat
from collections.abc import Callable
from typing import Any

import pytest

from homeops.storage import VaultDamaged, VaultWriteError, WrongPassphrase, crypto
from homeops.storage.vault import KdfParams, Vault

NEW = "a brand new passphrase ✓"


def _setup(kit: Any) -> dict[str, Any]:
    vault = kit.create()
    kit.populate(vault)
    vault.db.table("t").insert({"x": 1})
    state = kit.state(vault)
    vault.close()
    return state


def _which_opens(kit: Any, state: dict[str, Any]) -> str:
    """'old' or 'new': exactly one must open, to the intact data."""
    opened = []
    for name, phrase in (("old", kit.passphrase), ("new", NEW)):
        try:
            got = kit.disk(passphrase=phrase)
        except WrongPassphrase:
            continue
        assert got == state, f"data changed when opened with the {name} passphrase"
        opened.append(name)
    assert len(opened) == 1, f"working passphrases: {opened}"
    return opened[0]


def test_change_passphrase(kit: Any, day: Any) -> None:
    state = _setup(kit)
    vault = kit.open(today=day(0))
    salt = vault._storage.file.header.salt
    vault.change_passphrase(NEW)
    assert vault._storage.file.header.salt != salt
    with pytest.raises(WrongPassphrase):
        kit.disk(passphrase=kit.passphrase)
    assert kit.disk(passphrase=NEW) == state
    vault.db.table("t").insert({"x": 2})  # the session goes on, on the new file
    state = kit.state(vault)
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(kit.path, kit.passphrase)
    assert kit.state(kit.open(passphrase=NEW)) == state


def test_change_passphrase_with_new_kdf_cost(kit: Any) -> None:
    state = _setup(kit)
    vault = kit.open()
    cost = KdfParams(memory_kib=128, iterations=2, lanes=2)
    vault.change_passphrase(NEW, kdf=cost)
    vault.close()
    data = kit.path.read_bytes()
    assert crypto.parse_header(data)[0].kdf == cost
    assert kit.disk(passphrase=NEW) == state


def _is_dir(fd: int) -> bool:
    return stat.S_ISDIR(os.fstat(fd).st_mode)


STEPS: dict[str, tuple[str, Callable[..., bool]]] = {
    "temp write": ("write", lambda *a: True),
    "temp fsync": ("fsync", lambda fd: not _is_dir(fd)),
    "rename": ("replace", lambda *a: True),
    "directory fsync": ("fsync", _is_dir),
}


@pytest.mark.parametrize(
    "step",
    STEPS,
)
def test_failure_at_each_step_leaves_the_passphrase_the_caller_was_told(
    kit: Any, faults: Any, step: str
) -> None:
    """After 'change not saved' the old passphrase works; after success the new one does.
    Either way the session goes on writing to the file that is the vault."""
    state = _setup(kit)
    vault = kit.open()
    name, when = STEPS[step]
    faults.fail(name, errno.EIO, when=when)
    try:
        vault.change_passphrase(NEW)
        told = "new"
    except VaultWriteError as exc:
        assert "\n" not in str(exc)
        told = "old"
    faults.clear()
    assert _which_opens(kit, state) == told
    assert not [p for p in kit.files_under(kit.path.parent) if p.suffix == ".tmp"]
    vault.db.table("t").insert({"x": "after"})
    vault.close()
    phrase = NEW if told == "new" else kit.passphrase
    assert len(kit.disk(passphrase=phrase)["tables"]["t"]) == 2


CRASH_POINTS: dict[str, tuple[str, Callable[..., bool], bool, str]] = {
    # os function, which of its calls, crash before (True) or after the real call, survivor
    "before the temp file is written": ("write", lambda *a: True, True, "old"),
    "after the temp file is written": ("fsync", lambda fd: not _is_dir(fd), True, "old"),
    "after the temp fsync": ("fsync", lambda fd: not _is_dir(fd), False, "old"),
    "before the rename": ("replace", lambda *a: True, True, "old"),
    "after the rename": ("replace", lambda *a: True, False, "new"),
    "after the directory fsync": ("fsync", _is_dir, False, "new"),
}


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_crash_at_each_step_leaves_exactly_one_working_passphrase(
    kit: Any, forked: Any, point: str
) -> None:
    state = _setup(kit)
    name, when, before, survivor = CRASH_POINTS[point]

    def session(ack: Any) -> None:
        vault = Vault.open(kit.path, kit.passphrase)
        if vault._backup is not None:
            vault._backup.join()
        real = getattr(os, name)

        def crash(*args: Any) -> Any:
            if not when(*args):
                return real(*args)
            if before:
                os.kill(os.getpid(), signal.SIGKILL)
            result = real(*args)
            os.kill(os.getpid(), signal.SIGKILL)
            return result

        setattr(os, name, crash)
        vault.change_passphrase(NEW)
        ack(1)  # never reached: the crash comes first

    acks, status = forked.run(session, kill_after=1)
    assert os.WIFSIGNALED(status) and not acks, "the crash point was never reached"
    assert _which_opens(kit, state) == survivor
    kit.open(passphrase=NEW if survivor == "new" else kit.passphrase).close()  # lock is free


def _keys_and_records(data: bytes, passphrase: str) -> tuple[bytes, crypto.Header, list[bytes]]:
    """The data key the passphrase unwraps, the header, and every record's sealed bytes."""
    header, pos = crypto.parse_header(data)
    key = crypto.unlock(header, passphrase)[0]
    sealed = []
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        sealed.append(data[pos + 8 : pos + 8 + length])
        pos += 8 + length
    return key, header, sealed


def test_a_new_passphrase_comes_with_a_new_data_key(kit: Any, day: Any) -> None:
    """The old passphrase with an old copy of the file (a backup, a synced copy) must not
    open what is written after the change: before, passwd only re-wrapped the same key."""
    _setup(kit)
    old_copy = kit.path.read_bytes()
    old_key, _old_header, _ = _keys_and_records(old_copy, kit.passphrase)
    vault = kit.open(today=day(0))
    vault.change_passphrase(NEW)
    vault.clients.add(kit.client("written-after", "after the change"))
    vault.close()
    data = kit.path.read_bytes()
    new_key, header, sealed = _keys_and_records(data, NEW)
    assert new_key != old_key
    digest = header.digest
    assert all(  # the new passphrase opens every record...
        crypto.open_sealed(new_key, s, crypto.record_aad(digest, i)) is not None
        for i, s in enumerate(sealed)
    )
    assert not any(  # ...the old key none of them
        crypto.open_sealed(old_key, s, crypto.record_aad(digest, i)) is not None
        for i, s in enumerate(sealed)
    )
    # the old header (whose wrapped key the old passphrase opens) put back over the new
    # records: nothing opens, and it says "damaged", not data
    old_head_end = crypto.parse_header(old_copy)[1]
    spliced = kit.path.with_name("spliced.hops")
    spliced.write_bytes(old_copy[:old_head_end] + data[crypto.parse_header(data)[1] :])
    with pytest.raises(VaultDamaged):
        Vault.open(spliced, kit.passphrase, read_only=True)
    # the day's backup, made before the change, keeps the old passphrase and the old key
    (backup,) = (kit.path.parent / "backups").iterdir()
    assert _keys_and_records(backup.read_bytes(), kit.passphrase)[0] == old_key
    with pytest.raises(WrongPassphrase):
        kit.disk(backup, passphrase=NEW)


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_a_crash_leaves_the_old_key_with_the_old_passphrase_or_a_new_one_with_the_new(
    kit: Any, forked: Any, point: str
) -> None:
    """The rename is the commit point: key and passphrase change together, or not at all."""
    _setup(kit)
    old_key = _keys_and_records(kit.path.read_bytes(), kit.passphrase)[0]
    name, when, before, survivor = CRASH_POINTS[point]

    def session(ack: Any) -> None:
        vault = Vault.open(kit.path, kit.passphrase)
        if vault._backup is not None:
            vault._backup.join()
        real = getattr(os, name)

        def crash(*args: Any) -> Any:
            if when(*args) and before:
                os.kill(os.getpid(), signal.SIGKILL)
            result = real(*args)
            if when(*args):
                os.kill(os.getpid(), signal.SIGKILL)
            return result

        setattr(os, name, crash)
        vault.change_passphrase(NEW)

    forked.run(session, kill_after=1)
    phrase = NEW if survivor == "new" else kit.passphrase
    key = _keys_and_records(kit.path.read_bytes(), phrase)[0]
    assert (key == old_key) == (survivor == "old")
