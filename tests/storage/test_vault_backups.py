"""Rolling backups (one per day of use, the last N kept, restorable) and the JSON export /
import round trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from homeops.storage import VaultError, WrongPassphrase
from homeops.storage.backups import backup_dir, backups
from homeops.storage.vault import KdfParams, Vault


def _names(kit: Any) -> list[str]:
    return [p.name for p in backups(kit.path)]


def test_one_backup_per_day_of_use_holding_the_state_at_open(kit: Any, day: Any) -> None:
    vault = kit.create()
    vault.clients.add(kit.client("day0"))
    s0 = kit.state(vault)
    vault.close()
    assert not backup_dir(kit.path).exists()  # creating is not a day of use yet

    vault = kit.open(today=day(0))
    vault.clients.add(kit.client("day0-later"))
    s1 = kit.state(vault)
    vault.close()
    kit.open(today=day(0)).close()  # same day: no second backup
    assert _names(kit) == ["vault-2026-02-01.hops"]

    vault = kit.open(today=day(3))
    vault.clients.add(kit.client("day3"))
    vault.close()
    assert _names(kit) == ["vault-2026-02-01.hops", "vault-2026-02-04.hops"]
    first, second = backups(kit.path)
    assert kit.disk(first) == s0  # a backup is the vault as it was at that day's open
    assert kit.disk(second) == s1
    with pytest.raises(WrongPassphrase):
        kit.disk(first, "wrong")


@pytest.mark.parametrize("keep", [1, 3, 7])
def test_keeps_the_last_n(kit: Any, day: Any, keep: int) -> None:
    kit.create().close()
    for n in range(10):
        vault = kit.open(today=day(n), backups_keep=keep)
        vault.db.table("days").insert({"n": n})
        vault.close()
    expected = [f"vault-{day(n).isoformat()}.hops" for n in range(10 - keep, 10)]
    assert _names(kit) == expected
    for n, path in zip(range(10 - keep, 10), backups(kit.path), strict=True):
        assert len(kit.disk(path)["tables"].get("days", {})) == n


def test_default_keeps_seven(kit: Any, day: Any) -> None:
    kit.create().close()
    for n in range(9):
        kit.open(today=day(n)).close()
    assert len(_names(kit)) == 7


def test_backups_keep_the_passphrase_of_their_day(kit: Any, day: Any) -> None:
    kit.create().close()
    vault = kit.open(today=day(0))
    vault.change_passphrase("second")
    vault.close()
    kit.open(passphrase="second", today=day(1)).close()
    first, second = backups(kit.path)
    kit.disk(first, kit.passphrase)
    kit.disk(second, "second")
    with pytest.raises(WrongPassphrase):
        kit.disk(first, "second")


def test_backup_to_and_restore(kit: Any, tmp_path: Path, day: Any) -> None:
    vault = kit.create()
    kit.populate(vault)
    saved = kit.state(vault)
    out = tmp_path / "elsewhere" / "copy.hops"
    out.parent.mkdir()
    vault.backup_to(out)
    vault.clients.remove(1)
    changed = kit.state(vault)
    vault.close()
    assert kit.disk(out) == saved
    restored = Vault.restore(out, kit.path, kit.passphrase, backups_keep=7)
    try:
        assert kit.state(restored) == saved
        restored.db.table("t").insert({"after": "restore"})
    finally:
        restored.close()
    before = [p for p in backup_dir(kit.path).iterdir() if "before-restore" in p.name]
    assert len(before) == 1 and kit.disk(before[0]) == changed  # the replaced vault is kept
    assert len(kit.disk()["tables"]["t"]) == 1


def test_restore_with_wrong_passphrase_or_damaged_backup_changes_nothing(
    kit: Any, tmp_path: Path
) -> None:
    vault = kit.create()
    kit.populate(vault)
    out = tmp_path / "copy.hops"
    vault.backup_to(out)
    vault.close()
    current = kit.path.read_bytes()
    with pytest.raises(WrongPassphrase):
        Vault.restore(out, kit.path, "wrong")
    damaged = tmp_path / "damaged.hops"
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 1
    damaged.write_bytes(bytes(data) + b"\x01" * 9)
    with pytest.raises(VaultError):
        Vault.restore(damaged, kit.path, kit.passphrase)
    assert kit.path.read_bytes() == current
    kit.open().close()


# -- export / import ----------------------------------------------------------------------------


def test_export_import_export_is_identical(kit: Any, tmp_path: Path) -> None:
    vault = kit.create()
    kit.populate(vault)
    vault.meta.set("custom", {"ü": ["☃", {"n": None}], "b": True})
    vault.clients.add_many([kit.client("gone"), kit.client("kept")])
    vault.clients.remove(3)  # ids with a gap (an import refuses unknown tables and clients)
    text = json.dumps(vault.export_data(), ensure_ascii=False, indent=2)
    vault.close()

    other = Vault.create(tmp_path / "other" / "vault.hops", "other pass", kdf=KdfParams.fast())
    try:
        other.replace_all(Vault.parse_export(text))
        assert json.dumps(other.export_data(), ensure_ascii=False, indent=2) == text
    finally:
        other.close()
    again = Vault.open(tmp_path / "other" / "vault.hops", "other pass", read_only=True)
    assert json.dumps(again.export_data(), ensure_ascii=False, indent=2) == text


def test_after_import_new_records_get_fresh_ids(kit: Any, tmp_path: Path) -> None:
    """Every table's id counter follows the imported data, meta included."""
    source = kit.create(tmp_path / "source" / "vault.hops")
    kit.populate(source)
    source.meta.set("currency", "EUR")
    source.meta.set("region", "FR")
    text = json.dumps(source.export_data())
    source.close()

    target = kit.create()
    target.clients.add(kit.client("gets-overwritten"))
    target.replace_all(Vault.parse_export(text))
    new_id = target.clients.add(kit.client("new"))
    assert new_id == max(int(k) for k in json.loads(text)["tables"]["clients"]) + 1
    target.meta.set("added-after-import", 1)
    assert target.meta.get("region") == "FR"
    assert target.meta.get("added-after-import") == 1
    state = kit.state(target)
    target.close()
    assert kit.disk() == state


MALFORMED = {
    "not json": "{",
    "a list": "[]",
    "no marker": json.dumps({"tables": {}}),
    "other format": json.dumps({"format": "tinydb", "version": 1, "tables": {}}),
    "newer version": json.dumps({"format": "homeops-export", "version": 2, "tables": {}}),
    "tables a list": json.dumps({"format": "homeops-export", "version": 1, "tables": []}),
    "table a list": json.dumps({"format": "homeops-export", "version": 1, "tables": {"t": []}}),
    "doc not a dict": json.dumps(
        {"format": "homeops-export", "version": 1, "tables": {"t": {"1": "secret text"}}}
    ),
    "id not a number": json.dumps(
        {"format": "homeops-export", "version": 1, "tables": {"t": {"abc": {}}}}
    ),
    "id superscript digit": json.dumps(
        {"format": "homeops-export", "version": 1, "tables": {"t": {"²": {}}}}
    ),
    "id fullwidth digit": json.dumps(
        {"format": "homeops-export", "version": 1, "tables": {"t": {"１": {}}}}
    ),
    "id with leading zero": json.dumps(
        {"format": "homeops-export", "version": 1, "tables": {"t": {"1": {}, "01": {}}}}
    ),
}


@pytest.mark.parametrize(
    "text",
    [pytest.param(t, id=name) for name, t in MALFORMED.items()],
)
def test_malformed_export_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(VaultError) as info:
        Vault.parse_export(text)
    message = str(info.value)
    assert "\n" not in message and "secret text" not in message
