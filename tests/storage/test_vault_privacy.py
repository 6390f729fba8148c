"""Privacy on disk: no plaintext anywhere under the vault's folder, fresh ciphertext every
time, private modes on every file and folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from homeops.storage import VaultWriteError, crypto
from homeops.storage.backups import backup_dir
from homeops.storage.lock import lock_path
from homeops.storage.vault import KdfParams, Vault

CANARY = "Canary-Q7w9-Ünïcödé-✓-4f2c81"


def _variants() -> list[bytes]:
    forms = {CANARY, CANARY.lower(), CANARY.upper(), "Canary-Q7w9"}
    out = []
    for form in forms:
        out += [form.encode("utf-8"), form.encode("utf-16-le"), form.encode("utf-16-be")]
    return out


def _assert_no_canary(folder: Path) -> int:
    files = [p for p in folder.rglob("*") if p.is_file()]
    for path in files:
        data = path.read_bytes()
        for needle in _variants():
            assert needle not in data, f"plaintext in {path.relative_to(folder)}"
    return len(files)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_canary_never_reaches_the_disk(kit: Any, forked: Any, day: Any) -> None:
    vault = kit.create()
    kit.populate(vault)
    vault.clients.add(kit.client("canary-client", CANARY))
    vault.missions.add(kit.mission(CANARY))
    vault.db.table("free").insert({CANARY: [CANARY, {"k": CANARY}]})
    _assert_no_canary(kit.path.parent)  # while open: the journal
    vault.close()
    _assert_no_canary(kit.path.parent)  # after close

    vault = kit.open(today=day(0))  # makes a backup
    c = vault.clients.by_alias("canary-client")
    assert c is not None and c.notes == CANARY
    c.notes = CANARY + " updated"
    vault.clients.update(c)
    vault.compact()
    _assert_no_canary(kit.path.parent)  # after compaction
    vault.change_passphrase("another passphrase")
    vault.change_passphrase(kit.passphrase)
    vault.close()
    kit.open(today=day(1)).close()  # a second backup
    assert len(list(backup_dir(kit.path).iterdir())) == 2
    _assert_no_canary(kit.path.parent)

    def session(ack: Any) -> None:
        v = Vault.open(kit.path, kit.passphrase, today=day(2))
        n = 0
        while True:
            n += 1
            v.db.table("free").insert({"n": n, "text": CANARY * 3})
            ack(n)
            if n % 3 == 0:
                v.compact()

    for kill_after in (1, 4, 7, 10):
        acks, _ = forked.run(session, kill_after=kill_after)
        assert acks
        _assert_no_canary(kit.path.parent)  # after a SIGKILLed session (temp leftovers too)

    with Vault.open(kit.path, kit.passphrase, read_only=True) as v:
        assert CANARY in str(v.export_data())  # the canary really is in there
    assert _assert_no_canary(kit.path.parent) >= 4


def test_same_data_twice_gives_different_ciphertext(kit: Any, tmp_path: Path) -> None:
    a_path, b_path = tmp_path / "a" / "vault.hops", tmp_path / "b" / "vault.hops"
    for path in (a_path, b_path):
        with Vault.create(path, "same passphrase", kdf=KdfParams.fast()) as vault:
            vault.db.table("t").insert({"same": "document"})
            vault.db.table("t").update({"same": "document"}, doc_ids=[1])  # same again
    a, b = a_path.read_bytes(), b_path.read_bytes()
    assert a != b and len(a) == len(b)
    ha, hb = crypto.parse_header(a)[0], crypto.parse_header(b)[0]
    assert ha.salt != hb.salt and ha.file_id != hb.file_id and ha.wrapped_key != hb.wrapped_key
    frames = kit.frames(a)
    records_a = [a[s:e] for s, e in frames]
    records_b = [b[s:e] for s, e in kit.frames(b)]
    for ra, rb in zip(records_a, records_b, strict=True):
        assert ra != rb
    # within one file the two identical operations were sealed differently, nonces all fresh
    last, before_last = records_a[-1], records_a[-2]
    assert len(last) == len(before_last) and last != before_last
    nonces = [r[8 : 8 + crypto.NONCE_LEN] for r in records_a + records_b]
    assert len(set(nonces)) == len(nonces)


def test_compacting_the_same_data_twice_gives_different_bytes(kit: Any) -> None:
    vault = kit.create()
    kit.populate(vault)
    vault.compact()
    first = kit.path.read_bytes()
    vault.compact()
    second = kit.path.read_bytes()
    assert first != second and len(first) == len(second)


def test_new_vault_files_are_private(kit: Any, day: Any) -> None:
    old = os.umask(0)  # even with a permissive umask
    try:
        vault = kit.create()
        vault.close()
        vault = kit.open(today=day(0))
    finally:
        os.umask(old)
    assert _mode(kit.path.parent) == 0o700
    assert _mode(kit.path) == 0o600
    assert _mode(lock_path(kit.path)) == 0o600
    assert _mode(backup_dir(kit.path)) == 0o700
    backups = list(backup_dir(kit.path).iterdir())
    assert backups and all(_mode(p) == 0o600 for p in backups)
    vault.change_passphrase("new one")
    assert _mode(kit.path) == 0o600
    vault.close()
    assert not vault.warnings


def test_loose_folder_and_vault_are_tightened_with_a_warning(kit: Any, day: Any) -> None:
    kit.path.parent.mkdir(mode=0o755)
    os.chmod(kit.path.parent, 0o755)
    vault = kit.create()
    assert _mode(kit.path.parent) == 0o700
    assert any("0700" in w and "755" in w for w in vault.warnings), vault.warnings
    vault.close()
    os.chmod(kit.path.parent, 0o755)
    os.chmod(kit.path, 0o644)
    os.chmod(lock_path(kit.path), 0o644)
    vault = kit.open(today=day(0))
    assert _mode(kit.path.parent) == 0o700
    assert _mode(kit.path) == 0o600
    assert _mode(lock_path(kit.path)) == 0o600
    text = " ".join(vault.warnings)
    assert "0600" in text and "644" in text and kit.path.name in text
    assert all("\n" not in w for w in vault.warnings)


def test_loose_backups_are_tightened(kit: Any, day: Any) -> None:
    """Every file beside the vault is 0600, backups included (FORMAT.md, 'Beside the vault')."""
    kit.create().close()
    kit.open(today=day(0)).close()
    folder = backup_dir(kit.path)
    os.chmod(folder, 0o755)
    for p in folder.iterdir():
        os.chmod(p, 0o644)
    kit.open(today=day(1)).close()
    assert _mode(folder) == 0o700
    assert {p.name: _mode(p) for p in folder.iterdir()} == {p.name: 0o600 for p in folder.iterdir()}


def test_no_temp_file_after_a_failed_rewrite(kit: Any, faults: Any) -> None:
    import errno

    vault = kit.create()
    kit.populate(vault)
    for name in ("write", "replace"):
        faults.fail(name, errno.ENOSPC)
        with pytest.raises(VaultWriteError):
            vault.compact()
        with pytest.raises(VaultWriteError):
            vault.change_passphrase("x")
        faults.clear()
    assert not [p for p in kit.files_under(kit.path.parent) if p.suffix == ".tmp"]
