"""Format 1 with data in its snapshot, and damage inside the ledger's parts.

The golden v1 file keeps its data in the journal (its snapshot is ``{}``), so a version-1
file is built here byte by byte as FORMAT.md describes it; and the quick balance reader
must refuse a damaged ledger part, never skip it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from homeops.rules.model import LedgerEntry
from homeops.storage import VaultDamaged, crypto, jsoncodec, layout
from homeops.storage.layout import frame
from homeops.storage.reading import read_vault, scan_table
from homeops.storage.vault import KdfParams, Vault

PW = "review passphrase"


def _v1_file(path: Path, tables: dict[str, Any], journal: list[Any]) -> None:
    """A version-1 vault exactly as FORMAT.md's "Version 1" describes it."""
    kdf, salt, key = KdfParams.fast(), os.urandom(16), os.urandom(32)
    kek = crypto.derive_kek(PW, salt, kdf)
    draft = crypto.Header(kdf, salt, os.urandom(16), b"\0" * 12, b"\0" * 48, version=1)
    nonce = os.urandom(12)
    wrapped = AESGCM(kek).encrypt(nonce, key, draft.wrap_aad())
    header = crypto.Header(kdf, salt, draft.file_id, nonce, wrapped, version=1)
    plains = [jsoncodec.encode(tables)] + [jsoncodec.encode(ops) for ops in journal]
    body = b"".join(
        frame(crypto.seal(key, p, crypto.record_aad(header.digest, i)))
        for i, p in enumerate(plains)
    )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(header.pack() + body)


def _entry(cents: int, env: str) -> dict[str, Any]:
    return {"date": "2026-01-02", "description": "d", "amount_cents": cents, "envelope": env}


def test_a_version_1_snapshot_with_data_reads_scans_and_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "v" / "vault.hops"
    snapshot = {
        "ledger": {"1": _entry(100, "a"), "2": _entry(20, "b"), "3": _entry(3, "a")},
        "clients": {"1": {"alias": "acme"}},
    }
    journal = [[["ledger", "2", None]], [["ledger", "4", _entry(4000, "c")]]]
    _v1_file(path, snapshot, journal)
    ledger = {"1": _entry(100, "a"), "3": _entry(3, "a"), "4": _entry(4000, "c")}
    assert read_vault(path, PW).tables["ledger"] == ledger
    scanned: dict[str, Any] = {}
    for part in scan_table(path, PW, "ledger"):
        scanned.update(part)
    assert scanned == ledger
    assert Vault.read_balances(path, PW, []) == {"a": 103, "c": 4000}
    with Vault.open(path, PW) as vault:  # upgrades
        assert vault.info()["format_version"] == crypto.FORMAT_VERSION
        assert vault.db.table("clients").all() == [{"alias": "acme"}]
    assert crypto.parse_header(path.read_bytes())[0].version == crypto.FORMAT_VERSION
    assert read_vault(path, PW).tables["ledger"] == ledger
    assert Vault.read_balances(path, PW, []) == {"a": 103, "c": 4000}


def test_balances_never_skip_a_damaged_ledger_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layout, "PART_DOCS", 2)
    path = tmp_path / "v" / "vault.hops"
    vault = Vault.create(path, PW, kdf=KdfParams.fast())
    vault.ledger.add_many([_entry_model(c) for c in (1, 20, 300, 4000, 50000)])  # 3 parts
    vault.db.table("notes").insert({"n": 1})
    vault.compact()
    vault.close()
    data = path.read_bytes()
    right = Vault.read_balances(path, PW, [])
    pos, starts = crypto.parse_header(data)[1], []
    while pos < len(data):
        starts.append(pos)
        pos += 8 + int.from_bytes(data[pos : pos + 4], "big")
    damaged = figures = 0
    for start in starts[1:]:  # every part (there is no journal); flip a ciphertext byte
        copy = bytearray(data)
        copy[start + 8 + 20] ^= 0x40
        path.write_bytes(bytes(copy))
        try:
            got = Vault.read_balances(path, PW, [])
        except VaultDamaged:
            damaged += 1
            continue
        assert got == right, "other figures from a damaged file"
        figures += 1
    assert damaged == 3 and figures >= 1  # the ledger's three parts; the notes part unread


def _entry_model(cents: int) -> LedgerEntry:
    return LedgerEntry(date="2026-01-02", description="d", amount_cents=cents, envelope="e")
