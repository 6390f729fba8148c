"""Tamper: no damaged file ever opens as wrong data.

A small vault (a snapshot and a few journal records) is damaged in every way a single fault
can: a bit flipped at every offset, a byte overwritten at every offset, a cut at every
length, bytes appended. Each copy either opens to exactly one of the states that were
committed, or fails with ``VaultDamaged``; never another error, never other data. A flipped
bit is always damage, in the last record too; only a record cut short (or ending in zeros
from a block boundary: blocks that never reached the disk) is a torn tail.

These copies have no high-water mark beside them (each is a file as found): what the mark
adds, refusing a cut that dropped acknowledged changes, is tested in test_vault_rollback.py.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from homeops.rules.model import Client, LedgerEntry
from homeops.storage import UnsupportedVersion, VaultDamaged, crypto
from homeops.storage.mark import mark_path
from homeops.storage.vault import KdfParams, Vault

PASS = "tamper passphrase"

BLOCK = 512  # storage/reading.py: a torn write leaves whole blocks unwritten (zeros)


def _frames(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of every record, read from the length prefixes (see FORMAT.md)."""
    pos = crypto.parse_header(data)[1]
    out = []
    while pos + 8 <= len(data):
        end = pos + 8 + int.from_bytes(data[pos : pos + 4], "big")
        out.append((pos, end))
        pos = end
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, list[str], list[int]]:
    """The vault's bytes, the committed states (as JSON) and where each record ends."""
    path = tmp_path_factory.mktemp("tamper") / "v" / "vault.hops"
    vault = Vault.create(path, PASS, kdf=KdfParams.fast())
    vault.clients.add(Client(alias="acme", notes="n"))
    vault.compact()  # the snapshot holds data; what follows is journal
    states = [json.dumps(vault.export_data(), sort_keys=True)]
    t = vault.db.table("t")
    t.insert({"i": 1})
    states.append(json.dumps(vault.export_data(), sort_keys=True))
    t.update({"i": 2}, doc_ids=[1])
    states.append(json.dumps(vault.export_data(), sort_keys=True))
    vault.ledger.add(LedgerEntry(date="2026-01-01", description="d", amount_cents=5, envelope="e"))
    states.append(json.dumps(vault.export_data(), sort_keys=True))
    t.remove(doc_ids=[1])
    states.append(json.dumps(vault.export_data(), sort_keys=True))
    snapshot_records = vault.info()["snapshot_records"]
    vault.close()
    data = path.read_bytes()
    # ends[0] is the end of the whole snapshot (its index and parts), then one per change
    ends = [end for _start, end in _frames(data)][snapshot_records - 1 :]
    assert snapshot_records >= 3, "an index and a part per non-empty table"
    assert len(ends) == len(states), "one snapshot and one record per committed change"
    assert ends[-1] == len(data)
    return data, states, ends


class Opener:
    def __init__(self, folder: Path) -> None:
        self.path = folder / "copy.hops"

    def path_with(self, data: bytes) -> Path:
        """The copy's path, holding ``data`` as found: with no high-water mark beside it."""
        self.path.write_bytes(data)
        mark_path(self.path).unlink(missing_ok=True)
        return self.path

    def __call__(self, data: bytes, read_only: bool = True) -> str:
        """The opened state as JSON, or 'damaged' / 'unsupported'; anything else propagates."""
        self.path_with(data)
        try:
            vault = Vault.open(self.path, PASS, read_only=read_only)
        except VaultDamaged as exc:
            assert "\n" not in str(exc)
            return "damaged"
        except UnsupportedVersion:
            return "unsupported"
        try:
            return json.dumps(vault.export_data(), sort_keys=True)
        finally:
            vault.close()


@pytest.fixture
def opener(tmp_path: Path) -> Opener:
    return Opener(tmp_path)


def _judge(got: str, copy: bytes, offset: int, states: list[str], where: str) -> str:
    """Check one outcome; returns 'state' or 'damaged'."""
    # A flipped version byte fails the header checksum, which is checked first: damage,
    # never "upgrade homeops" (test_vault_header.py has the version cases).
    assert got != "unsupported", where
    if got == "damaged":
        return got
    assert got in states, f"{where}: opened to data that was never committed"
    return "state"


def _state_at(ends: list[int], states: list[str], length: int) -> str:
    """The committed state a file cut to ``length`` must show (after the last whole record)."""
    whole = [i for i, end in enumerate(ends) if end <= length]
    return states[whole[-1]] if whole else "damaged"


def _unwritten_blocks(copy: bytes, ends: list[int]) -> bool:
    """Whether the last record ends in zeros from a 512-byte boundary of the file on."""
    zeros = len(copy) - len(copy.rstrip(b"\0"))
    first_zero = len(copy) - zeros
    return zeros > 0 and -(-first_zero // BLOCK) * BLOCK < len(copy) and first_zero > ends[-2]


def test_every_single_bit_flip_is_damage(built: Any, opener: Opener) -> None:
    """In the header, the snapshot, the journal and its last record alike: a whole record
    that fails authentication is damage (it was acknowledged once), never a torn tail."""
    data, states, ends = built
    assert len(data) > 600 and len(ends) >= 5
    for offset in range(len(data)):
        for bit in range(8):
            copy = bytearray(data)
            copy[offset] ^= 1 << bit
            got = opener(bytes(copy))
            where = f"bit {bit} of byte {offset}"
            if _unwritten_blocks(bytes(copy), ends):  # the flip made the last block zeros
                assert got in ("damaged", states[-2]), where
            else:
                assert got == "damaged", where


def test_every_byte_overwrite_opens_a_committed_state_or_is_damage(
    built: Any, opener: Opener
) -> None:
    data, states, _ends = built
    rng = random.Random(99)
    for offset in range(len(data)):
        copy = bytearray(data)
        copy[offset] = (copy[offset] + 1 + rng.randrange(255)) % 256  # always a different byte
        _judge(opener(bytes(copy)), bytes(copy), offset, states, f"byte {offset}")


def test_every_truncation_opens_the_last_whole_record_or_is_damage(
    built: Any, opener: Opener
) -> None:
    """A cut inside the journal is a torn tail: the state after the last whole record opens."""
    data, states, ends = built
    for length in range(len(data)):
        expected = _state_at(ends, states, length)
        assert opener(data[:length]) == expected, f"cut at {length}"


def test_truncated_vault_opened_read_write_is_cut_back_and_keeps_working(
    built: Any, opener: Opener
) -> None:
    data, states, ends = built
    for length in range(ends[0], len(data), 7):
        expected = _state_at(ends, states, length)
        assert opener(data[:length], read_only=False) == expected
        assert opener.path.stat().st_size == max(e for e in ends if e <= length)
        with Vault.open(opener.path, PASS) as vault:
            vault.db.table("after").insert({"ok": True})
        with Vault.open(opener.path, PASS, read_only=True) as vault:
            assert len(vault.db.table("after")) == 1


@pytest.mark.parametrize("count", [1, 3, 7, 8, 9, 16, 100, 4096])
def test_appended_zeros_are_a_torn_tail(built: Any, opener: Opener, count: int) -> None:
    data, states, _ends = built
    assert opener(data + b"\0" * count) == states[-1]
    assert opener(data + b"\0" * count, read_only=False) == states[-1]
    assert opener.path.read_bytes() == data  # cut back at open


def test_appended_random_bytes_open_the_last_state_or_are_damage(
    built: Any, opener: Opener
) -> None:
    data, states, _ends = built
    rng = random.Random(7)
    for count in [*range(1, 40), 64, 100, 1000]:
        for _ in range(3):
            got = opener(data + rng.randbytes(count))
            assert got in ("damaged", states[-1]), f"{count} random bytes"


def test_replayed_or_reordered_records_never_apply(built: Any, opener: Opener) -> None:
    data, states, ends = built
    starts = [crypto.parse_header(data)[1], *ends[:-1]]
    last = data[starts[-1] : ends[-1]]
    # the last record appended again: it may not apply twice
    assert opener(data + last) in ("damaged", states[-1])
    # two journal records swapped
    a = data[starts[1] : ends[1]]
    b = data[starts[2] : ends[2]]
    swapped = data[: starts[1]] + b + a + data[ends[2] :]
    assert opener(swapped) in ("damaged", states[0])
    # a record dropped from the middle
    dropped = data[: starts[2]] + data[ends[2] :]
    assert opener(dropped) in ("damaged", states[1])


def test_damaged_vault_is_never_written_by_a_read_write_open(built: Any, opener: Opener) -> None:
    """Not even the lock or a backup may leave an empty database over a damaged file."""
    data, _states, ends = built
    rng = random.Random(5)
    header_end = crypto.parse_header(data)[1]
    for offset in rng.sample(range(0, ends[-2]), 40):  # not in the last record (torn tail)
        copy = bytearray(data)
        copy[offset] ^= 0x10
        assert opener(bytes(copy), read_only=False) == "damaged"
        assert opener.path.read_bytes() == bytes(copy), f"offset {offset} (header {header_end})"
    backups = opener.path.parent / "backups"
    assert not backups.exists() or not any(backups.iterdir())


def test_records_from_another_vault_with_the_same_key_do_not_fit(
    built: Any, opener: Opener, tmp_path: Path
) -> None:
    """After compaction the file id changes: an old journal record spliced on is rejected."""
    data, states, ends = built
    path = tmp_path / "other" / "vault.hops"
    path.parent.mkdir(mode=0o700)
    path.write_bytes(data)
    with Vault.open(path, PASS) as vault:
        vault.compact()
    compacted = path.read_bytes()
    starts = [crypto.parse_header(data)[1], *ends[:-1]]
    old_record = data[starts[1] : ends[1]]
    assert opener(compacted + old_record) in ("damaged", states[-1])
    assert opener(compacted + old_record + old_record) == "damaged"
    assert os.path.getsize(path) == len(compacted)


def test_snapshot_parts_cannot_be_swapped_dropped_or_repeated(built: Any, opener: Opener) -> None:
    data, _states, ends = built
    frames = [f for f in _frames(data) if f[1] <= ends[0]]  # the index, then the parts
    assert len(frames) >= 3
    (a0, a1), (b0, b1) = frames[-2], frames[-1]
    rest = data[ends[0] :]
    assert opener(data[:a0] + data[b0:b1] + data[a0:a1] + rest) == "damaged"
    assert opener(data[:a0] + data[b0:b1] + rest) == "damaged"
    assert opener(data[:b1] + data[b0:b1] + rest) == "damaged"
    assert opener(data[: frames[0][1]] + rest) == "damaged"  # the index without its parts


def test_reading_balances_alone_sees_a_committed_state_or_damage(
    built: Any, opener: Opener
) -> None:
    """The quick path of ``homeops balance`` reads only the ledger's parts and the journal:
    a fault it reads is damage, never other figures; a fault elsewhere leaves them right."""
    data, states, _ends = built
    committed = [{"e": 5} if json.loads(state)["tables"].get("ledger") else {} for state in states]
    seen: dict[str, int] = {}
    for offset in range(len(data)):
        copy = bytearray(data)
        copy[offset] ^= 1 << (offset % 8)
        opener.path.write_bytes(bytes(copy))
        try:
            got = Vault.read_balances(opener.path, PASS, [])
        except VaultDamaged as exc:
            assert "\n" not in str(exc)
            seen["damaged"] = seen.get("damaged", 0) + 1
            continue
        except UnsupportedVersion:
            pytest.fail(f"byte {offset}: a flip read as a newer version, not damage")
        assert got in committed, f"byte {offset}"
        seen["figures"] = seen.get("figures", 0) + 1
    assert seen["damaged"] > 0 and seen["figures"] > 0


@pytest.mark.parametrize("offset", [-1, -17, -30], ids=["tag", "ciphertext", "nonce"])
def test_a_flipped_byte_in_the_last_record_is_damage_not_a_torn_tail(
    built: Any, opener: Opener, offset: int
) -> None:
    """The last change was acknowledged: losing it silently is what the old reader did."""
    data, _states, _ends = built
    copy = bytearray(data)
    copy[offset] ^= 0x01
    for read_only in (True, False):
        assert opener(bytes(copy), read_only=read_only) == "damaged"
        assert opener.path.read_bytes() == bytes(copy)  # nothing cut, nothing written
