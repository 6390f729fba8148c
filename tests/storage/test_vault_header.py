"""Wrong passphrase, hostile headers and versions: refused cleanly, nothing written."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from homeops.storage import UnsupportedVersion, VaultDamaged, VaultMissing, WrongPassphrase, crypto
from homeops.storage.backups import backup_dir
from homeops.storage.vault import KdfParams, Vault


def _closed_vault(kit: Any) -> bytes:
    vault = kit.create()
    kit.populate(vault)
    vault.close()
    return kit.path.read_bytes()


@pytest.mark.parametrize("read_only", [False, True])
def test_wrong_passphrase_says_so_and_touches_nothing(kit: Any, read_only: bool) -> None:
    data = _closed_vault(kit)
    before = kit.path.stat()
    listing = kit.files_under(kit.path.parent)
    with pytest.raises(WrongPassphrase) as info:
        Vault.open(kit.path, "not the passphrase", read_only=read_only)
    assert str(info.value) == "wrong passphrase"
    after = kit.path.stat()
    assert kit.path.read_bytes() == data
    assert after.st_mtime_ns == before.st_mtime_ns
    assert after.st_size == before.st_size
    assert not backup_dir(kit.path).exists()  # no backup of a session that never opened
    assert [p for p in kit.files_under(kit.path.parent) if p not in listing] in (
        [],
        [kit.path.with_name(kit.path.name + ".lock")],
    )
    # the failed attempt left the lock free, and the right passphrase still works
    vault = kit.open()
    assert vault.clients.by_alias("acme") is not None


def test_missing_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultMissing):
        Vault.open(tmp_path / "nope.hops", "x")
    assert not (tmp_path / "nope.hops").exists()


def _rebuild(data: bytes, header: crypto.Header) -> bytes:
    """``data`` with its header swapped for ``header`` (checksum made right by ``pack``)."""
    _old, end = crypto.parse_header(data)
    return header.pack() + data[end:]


def _reheader(data: bytes, offset: int, value: bytes) -> bytes:
    """Overwrite raw header bytes and recompute the checksum over them."""
    _old, end = crypto.parse_header(data)
    body = bytearray(data[: end - crypto.CHECKSUM_LEN])
    body[offset : offset + len(value)] = value
    return bytes(body) + hashlib.sha256(bytes(body)).digest() + data[end:]


BAD_KDF = {
    "memory above 256 MiB": KdfParams(memory_kib=crypto.MAX_MEMORY_KIB + 1, iterations=1, lanes=1),
    "memory 4 GiB": KdfParams(memory_kib=2**32 - 1, iterations=1, lanes=1),
    "memory below 8 x lanes": KdfParams(memory_kib=63, iterations=1, lanes=8),
    "memory zero": KdfParams(memory_kib=0, iterations=1, lanes=1),
    "iterations zero": KdfParams(memory_kib=64, iterations=0, lanes=1),
    "iterations 11": KdfParams(memory_kib=64, iterations=11, lanes=1),
    "iterations 2**32-1": KdfParams(memory_kib=64, iterations=2**32 - 1, lanes=1),
    "lanes zero": KdfParams(memory_kib=64, iterations=1, lanes=0),
    "lanes 17": KdfParams(memory_kib=1024, iterations=1, lanes=17),
    "lanes 255": KdfParams(memory_kib=8 * 255, iterations=1, lanes=255),
    "work above 1 GiB pass": KdfParams(memory_kib=crypto.MAX_MEMORY_KIB, iterations=5, lanes=4),
}


@pytest.mark.parametrize("kdf", BAD_KDF.values(), ids=BAD_KDF.keys())
def test_kdf_out_of_bounds_is_refused_before_the_kdf_runs(
    kit: Any, tmp_path: Path, kdf: KdfParams, no_kdf: Any
) -> None:
    data = _closed_vault(kit)
    no_kdf()
    header, _ = crypto.parse_header(data)
    hostile = tmp_path / "hostile.hops"
    hostile.write_bytes(_rebuild(data, replace(header, kdf=kdf)))
    for read_only in (True, False):
        with pytest.raises(VaultDamaged):
            Vault.open(hostile, kit.passphrase, read_only=read_only)


@pytest.mark.parametrize("salt_len", [0, 1, 15, 65, 255])
def test_salt_length_out_of_bounds_is_refused_before_the_kdf_runs(
    kit: Any, tmp_path: Path, salt_len: int, no_kdf: Any
) -> None:
    data = _closed_vault(kit)
    no_kdf()
    header, _ = crypto.parse_header(data)
    hostile = tmp_path / "hostile.hops"
    hostile.write_bytes(_rebuild(data, replace(header, salt=os.urandom(salt_len))))
    with pytest.raises(VaultDamaged):
        Vault.open(hostile, kit.passphrase, read_only=True)


def test_unknown_kdf_id_is_damage(kit: Any, tmp_path: Path, no_kdf: Any) -> None:
    data = _closed_vault(kit)
    no_kdf()
    hostile = tmp_path / "hostile.hops"
    hostile.write_bytes(_reheader(data, 10, b"\x07"))  # magic 8, version 2, then the KDF id
    with pytest.raises(VaultDamaged):
        Vault.open(hostile, kit.passphrase, read_only=True)


def test_smallest_legal_cost_opens(tmp_path: Path) -> None:
    """The bounds are not off by one at the bottom: 8 KiB, 1 pass, 1 lane is legal."""
    path = tmp_path / "v" / "vault.hops"
    kdf = KdfParams(memory_kib=8, iterations=1, lanes=1)
    Vault.create(path, "p", kdf=kdf).close()
    with Vault.open(path, "p", read_only=True) as vault:
        assert vault.counts()["meta"] == 2
    assert KdfParams(memory_kib=crypto.MAX_MEMORY_KIB, iterations=4, lanes=16).problem() is None


@pytest.mark.parametrize("version", [crypto.FORMAT_VERSION + 1, crypto.FORMAT_VERSION + 2, 0xFFFF])
def test_newer_version_is_unsupported(kit: Any, tmp_path: Path, version: int, no_kdf: Any) -> None:
    data = _closed_vault(kit)
    no_kdf()
    header, _ = crypto.parse_header(data)
    newer = tmp_path / "newer.hops"
    newer.write_bytes(_rebuild(data, replace(header, version=version)))
    with pytest.raises(UnsupportedVersion, match=str(version)) as info:
        Vault.open(newer, kit.passphrase)
    assert "\n" not in str(info.value)
    assert newer.read_bytes() == _rebuild(data, replace(header, version=version))


def test_version_zero_is_damage_not_unsupported(kit: Any, tmp_path: Path, no_kdf: Any) -> None:
    """No homeops ever wrote version 0: advising an upgrade would send the user astray."""
    data = _closed_vault(kit)
    no_kdf()
    header, _ = crypto.parse_header(data)
    zero = tmp_path / "zero.hops"
    zero.write_bytes(_rebuild(data, replace(header, version=0)))
    with pytest.raises(VaultDamaged):
        Vault.open(zero, kit.passphrase, read_only=True)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"HOMEOPS",
        b"hello, world\n" * 20,
        pytest.param(
            b"HOMEOPS\x00" + b"\x00" * 300,
        ),
        os.urandom(400),
    ],
    ids=["empty", "magic-only", "text", "zeros", "random"],
)
def test_not_a_vault_is_damage(tmp_path: Path, content: bytes, no_kdf: Any) -> None:
    no_kdf()
    path = tmp_path / "junk.hops"
    path.write_bytes(content)
    with pytest.raises(VaultDamaged) as info:
        Vault.open(path, "x")
    assert "\n" not in str(info.value)
    assert path.read_bytes() == content


def test_default_kdf_is_real_argon2id_and_bounded() -> None:
    """The default cost is within bounds and costs real work (the one real-Argon2 test)."""
    kdf = KdfParams.default()
    assert kdf.problem() is None
    assert kdf.memory_kib >= 64 * 1024 and kdf.iterations >= 3
    salt = b"s" * 16
    a = crypto.derive_kek("pass", salt, kdf)
    assert a == crypto.derive_kek("pass", salt, kdf)
    assert a != crypto.derive_kek("pass", b"t" * 16, kdf)
    assert len(a) == crypto.KEY_LEN
