"""Damage is named, never passed off as "vault OK" (issue 12, item 4 and the decoder's half
of item 5).

- A torn write (a record cut short, zeros where a record would start, or a last record
  whose end is zeros from a 512-byte boundary on: blocks that never reached the disk) was
  never acknowledged: it is dropped with a notice, and ``check`` says so.
- A whole record that fails authentication is damage, even the last one (it was
  acknowledged); a cut inside the snapshot is damage; a flipped version byte is damage.
- A record holding a number the decoder cannot hold exactly (beyond 64 bits, NaN or
  Infinity) is damage: before, such a number came back as an inexact float. A fraction is
  damage in a file of format 1 or 2, whose encoders could write one (storage/jsoncodec.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import one_line_error

from homeops.cli.app import main
from homeops.storage import UnsupportedVersion, VaultDamaged, crypto, jsoncodec, layout
from homeops.storage.mark import mark_path
from homeops.storage.reading import read_vault
from homeops.storage.vault import Vault
from homeops.storage.vaultfile import VaultFile

BLOCK = 512
GOLDEN_V2 = Path(__file__).resolve().parent.parent / "golden" / "vault-v2.hops"
GOLDEN_PASSPHRASE = "golden vault passphrase"
GOOD = "orange-kettle-mountain-42"  # tests/conftest.py's passphrase file


def _cli(env: dict[str, str], *argv: str) -> int:
    return main([*argv, "--passphrase-file", str(Path(env["HOME"]) / "pf")], env=env)


def _cli_vault(env: dict[str, str]) -> Path:
    return Path(env["XDG_DATA_HOME"]) / "homeops" / "vault.hops"


def _as_found(path: Path, data: bytes) -> None:
    """``path`` holds ``data`` and no high-water mark (these tests are about the file)."""
    path.write_bytes(data)
    mark_path(path).unlink(missing_ok=True)


# -- the last record ---------------------------------------------------------------------


def _with_changes(kit: Any) -> bytes:
    vault = kit.create()
    kit.populate(vault)
    vault.db.table("t").insert({"last": "acknowledged"})
    vault.close()
    return bytes(kit.path.read_bytes())


def test_a_flipped_byte_in_the_last_record_is_damage_and_check_says_so(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: the last change vanished and check said "every record authenticated"."""
    assert _cli(env, "init") == 0
    assert _cli(env, "income", "12", "--memo", "stamps") == 0
    path = _cli_vault(env)
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x01
    path.write_bytes(bytes(data))
    capsys.readouterr()
    assert _cli(env, "check") == 1
    line = one_line_error(capsys.readouterr().err)
    assert "damaged" in line and "fails authentication" in line
    assert path.read_bytes() == bytes(data)


def test_a_small_vault_cut_at_byte_200_is_damage(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "vault OK (0 documents)". A new vault's first state is in its snapshot."""
    assert _cli(env, "init") == 0
    path = _cli_vault(env)
    _as_found(path, path.read_bytes()[:200])
    capsys.readouterr()
    assert _cli(env, "check") == 1
    assert "damaged" in one_line_error(capsys.readouterr().err)


def test_every_cut_of_a_new_vault_is_damage(kit: Any) -> None:
    kit.create().close()
    data = kit.path.read_bytes()
    for length in range(crypto.parse_header(data)[1], len(data)):
        _as_found(kit.path, data[:length])
        with pytest.raises(VaultDamaged):
            Vault.open(kit.path, kit.passphrase, read_only=True)


def test_a_torn_last_write_opens_with_a_notice_and_check_reports_it(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(env, "init") == 0
    assert _cli(env, "income", "12", "--memo", "stamps") == 0
    path = _cli_vault(env)
    torn = path.read_bytes() + layout.frame(bytes(200))[:90]  # a record cut short
    path.write_bytes(torn)
    capsys.readouterr()
    assert _cli(env, "check") == 0
    out, err = capsys.readouterr()
    assert "every whole record authenticated" in out and "cut short" in out
    assert "cut short" in one_line_error(err)
    assert path.read_bytes() == torn  # check writes nothing
    assert _cli(env, "check", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["file"]["torn_tail"] is True and report["notices"]
    backup = Path(env["HOME"]) / "copy.hops"
    assert _cli(env, "backup", "--out", str(backup)) == 0  # a read-write session cuts it
    assert len(path.read_bytes()) < len(torn)
    capsys.readouterr()
    assert _cli(env, "check") == 0
    out, err = capsys.readouterr()
    assert "every record authenticated" in out and err == ""


def test_blocks_that_never_reached_the_disk_are_a_torn_tail(kit: Any) -> None:
    """The file grew, the last blocks of the write were never written: zeros from a block
    boundary to the end. The next change takes the torn record's place."""
    data = _with_changes(kit)
    vault = kit.open()
    state = kit.state(vault)
    vault.db.table("big").insert({"text": "x" * 3 * BLOCK})  # crosses a block boundary
    vault.close()
    grown = kit.path.read_bytes()
    boundary = -(-(len(data) + 8 + 40) // BLOCK) * BLOCK
    assert boundary < len(grown)
    _as_found(kit.path, grown[:boundary] + bytes(len(grown) - boundary))
    with Vault.open(kit.path, kit.passphrase) as vault:
        assert kit.nonempty(kit.state(vault)) == kit.nonempty(state)
        assert any("cut short" in w for w in vault.warnings)
        vault.db.table("after").insert({"ok": True})
    with Vault.open(kit.path, kit.passphrase, read_only=True) as vault:
        assert vault.db.table("after").all() == [{"ok": True}]
        assert not vault.warnings


def test_zeros_that_do_not_start_at_a_block_boundary_are_damage(kit: Any) -> None:
    """Authentication failed, and the zeros cannot be blocks a disk left unwritten."""
    _with_changes(kit)
    vault = kit.open()
    size = 0
    while kit.path.stat().st_size % BLOCK < 40:  # end the file well inside a block
        vault.db.table("pad").insert({"x": "p" * size})
        size += 7
    vault.close()
    data = bytearray(kit.path.read_bytes())
    start = len(data) - 20  # the last 20 bytes, all in the last block, not from its start
    data[start - 1] |= 0x80
    data[start:] = bytes(20)
    _as_found(kit.path, bytes(data))
    with pytest.raises(VaultDamaged, match="fails authentication"):
        Vault.open(kit.path, kit.passphrase, read_only=True)


def test_a_cut_inside_the_snapshot_is_damage(kit: Any) -> None:
    data = _with_changes(kit)
    vault = kit.open()
    vault.compact()
    vault.close()
    data = kit.path.read_bytes()
    head = crypto.parse_header(data)[1]
    for length in range(head, len(data), 13):
        _as_found(kit.path, data[:length])
        with pytest.raises(VaultDamaged):
            read_vault(kit.path, kit.passphrase)


# -- the header's version ---------------------------------------------------------------


@pytest.mark.parametrize("bit", range(16))
def test_a_flipped_version_bit_is_damage_not_upgrade_homeops(
    kit: Any, tmp_path: Path, bit: int, no_kdf: Any
) -> None:
    """The version is judged only once the header's checksum holds."""
    kit.create().close()
    data = bytearray(kit.path.read_bytes())
    data[8 + bit // 8] ^= 1 << (bit % 8)
    flipped = tmp_path / "flipped.hops"
    flipped.write_bytes(bytes(data))
    no_kdf()
    with pytest.raises(VaultDamaged, match="checksum"):
        Vault.open(flipped, kit.passphrase, read_only=True)
    with pytest.raises(VaultDamaged):
        Vault.read_balances(flipped, kit.passphrase, [])


def test_a_newer_version_with_a_whole_header_still_says_upgrade(
    kit: Any, tmp_path: Path, no_kdf: Any
) -> None:
    kit.create().close()
    data = kit.path.read_bytes()
    header, end = crypto.parse_header(data)
    newer = crypto.Header(
        header.kdf,
        header.salt,
        header.file_id,
        header.wrap_nonce,
        header.wrapped_key,
        crypto.FORMAT_VERSION + 1,
    )
    path = tmp_path / "newer.hops"
    path.write_bytes(newer.pack() + data[end:])
    no_kdf()
    with pytest.raises(UnsupportedVersion, match="upgrade homeops"):
        Vault.open(path, kit.passphrase, read_only=True)


# -- numbers the decoder cannot hold exactly ------------------------------------------------

BAD_NUMBERS = {
    "2**64": b"18446744073709551616",
    "2**63": b"9223372036854775808",
    "-(2**63)-1": b"-9223372036854775809",
    "a 50-digit integer": b"1" * 50,
    "a 25-digit fraction": b"1234567890123456789012345.5",
    "1e400": b"1e400",
    "NaN": b"NaN",
    "Infinity": b"Infinity",
    "-Infinity": b"-Infinity",
}
FRACTIONS = {"a fraction": b"1.5", "an exponent": b"1e3", "2**64 as a float": b"1.8e+19"}


def _in_places(number: bytes) -> list[bytes]:
    return [number, b'{"amount_cents":' + number + b"}", b"[1, " + number + b"]"]


@pytest.mark.parametrize("number", BAD_NUMBERS.values(), ids=BAD_NUMBERS.keys())
def test_the_decoder_refuses_a_number_it_cannot_hold_exactly(number: bytes) -> None:
    for text in _in_places(number):
        with pytest.raises(ValueError):
            jsoncodec.decode(text)


@pytest.mark.parametrize("number", FRACTIONS.values(), ids=FRACTIONS.keys())
def test_fractions_are_refused_where_older_encoders_could_write_them(number: bytes) -> None:
    for text in _in_places(number):
        with pytest.raises(ValueError):
            jsoncodec.decode(text, fractions=True)
    with pytest.raises(ValueError):  # and whenever the strict parse runs
        jsoncodec.decode(b"[1234567890123456789, " + number + b"]")
    assert jsoncodec.decode(b"[1, " + number + b"]") == json.loads(b"[1, " + number + b"]")


@pytest.mark.parametrize(
    "text",
    [
        b'{"i":9223372036854775807,"j":-9223372036854775808}',  # the bounds themselves
        b'{"iban":"FR7630006000011234567890189","v":"1.5e3","at":"10:30.5"}',
        b'{"note":"ratio:1.5, ref [12345678901234567890123]"}',  # looks like numbers, is text
        b"[ 1 ,\n 2 ]",
    ],
)
def test_the_decoder_keeps_what_only_looks_like_a_bad_number(text: bytes) -> None:
    import json as stdlib

    assert jsoncodec.decode(text) == stdlib.loads(text)


def _write_raw_change(vault: Vault, doc_json: bytes) -> None:
    """Append a journal record holding ``doc_json`` as an old encoder (with its json.dumps
    fallback) or a forger with the key could: sealed and framed like any change."""
    file = vault._storage.file
    assert isinstance(file, VaultFile)
    plain = b'[["ledger","9",' + doc_json + b"]]"
    original = jsoncodec.encode

    def encode(obj: object, *, checked: bool = False) -> bytes:
        return plain

    try:
        jsoncodec.encode = encode
        file.append([])
    finally:
        jsoncodec.encode = original


@pytest.mark.parametrize("number", BAD_NUMBERS.values(), ids=BAD_NUMBERS.keys())
def test_a_stored_number_beyond_what_the_vault_holds_is_damage(kit: Any, number: bytes) -> None:
    """Before: 2**64 cents was stored by the fallback encoder and read back as a float."""
    vault = kit.create()
    kit.populate(vault)
    _write_raw_change(vault, b'{"date":"2026-01-02","amount_cents":' + number + b"}")
    vault._storage.file.close()  # leave as a crash would: no compaction
    vault._lock.release()
    for read in (
        lambda: Vault.open(kit.path, kit.passphrase, read_only=True),
        lambda: Vault.open(kit.path, kit.passphrase),
        lambda: Vault.read_balances(kit.path, kit.passphrase, []),
    ):
        with pytest.raises(VaultDamaged, match="unreadable") as info:
            read()
        assert "\n" not in str(info.value) and number.decode() not in str(info.value)


def test_a_bad_number_in_a_snapshot_part_is_damage_too(kit: Any) -> None:
    vault = kit.create()
    kit.populate(vault)
    vault._storage.tables["ledger"]["1"]["amount_cents"] = 2**63  # memory, behind its back
    vault.compact()  # the snapshot trusts memory (checked on its way in): this was not
    vault.close()
    with pytest.raises(VaultDamaged, match="unreadable"):
        Vault.open(kit.path, kit.passphrase, read_only=True)


@pytest.mark.parametrize(
    "doc",
    [b'{"amount_cents":1.8446744073709552e+19}', b'{"amount_cents":18446744073709551616}'],
    ids=["float", "integer"],
)
def test_what_an_older_homeops_stored_for_2_64_cents_is_damage(tmp_path: Path, doc: bytes) -> None:
    """Its fallback encoder wrote 18446744073709551616; orjson read it back as the float
    1.8446744073709552e19, which its next compaction wrote. A version-2 file holding either
    is refused, and stays as it is."""
    path = tmp_path / "v" / "vault.hops"
    path.parent.mkdir(mode=0o700)
    data = GOLDEN_V2.read_bytes()
    header, pos = crypto.parse_header(data)
    key = crypto.unlock(header, GOLDEN_PASSPHRASE)[0]
    records = 0
    while pos < len(data):
        pos += 8 + int.from_bytes(data[pos : pos + 4], "big")
        records += 1
    plain = b'[["ledger","9",' + doc + b"]]"
    sealed = crypto.seal(key, plain, crypto.record_aad(header.digest, records))
    path.write_bytes(data + layout.frame(sealed))
    for read in (
        lambda: read_vault(path, GOLDEN_PASSPHRASE),
        lambda: Vault.open(path, GOLDEN_PASSPHRASE),
        lambda: Vault.read_balances(path, GOLDEN_PASSPHRASE, []),
    ):
        with pytest.raises(VaultDamaged, match=f"record {records} is unreadable"):
            read()
    assert path.read_bytes() == data + layout.frame(sealed)
