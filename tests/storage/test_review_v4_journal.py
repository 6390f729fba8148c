"""Review of format 4 (issue 18): after a compaction that wrote archived missions cold, the
journal's other changes (emptying the table, a mission removed and put back under its id,
an import, an erasure), a passphrase change and a backup leave a board read equal to the
whole read without the archived missions; a version-3 copy put back after its upgrade is
an older copy, whatever the session asks for."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.services import Business
from homeops.storage import VaultRolledBack, crypto, jsoncodec, layout
from homeops.storage.boards import BOARD_MISSIONS
from homeops.storage.layout import snapshot_plaintexts
from homeops.storage.reading import read_vault
from homeops.storage.vault import KdfParams, Vault


def _board_is_whole_filtered(path: Path, passphrase: str) -> dict[str, Any]:
    """The whole read's missions, once the board read (raw, then as a session) has given
    exactly those not archived, in the same order."""
    whole = read_vault(path, passphrase).tables.get("missions", {})
    on_board = [(k, d) for k, d in whole.items() if not d.get("archived")]
    part = read_vault(path, passphrase, only={BOARD_MISSIONS})
    assert part.only is not None  # (a format-4 file: the board alone was read)
    assert list(part.tables.get("missions", {}).items()) == on_board
    with Vault.open(path, passphrase, read_only=True, tables=[BOARD_MISSIONS]) as session:
        assert [m.id for m in session.missions.list()] == [int(k) for k, _d in on_board]
    return whole


@pytest.fixture
def seeded(kit: Any, monkeypatch: pytest.MonkeyPatch) -> Vault:
    """Six missions of client acme, 1, 3 and 5 archived, compacted one per part."""
    monkeypatch.setattr(layout, "PART_DOCS", 1)
    vault = kit.create()
    vault.clients.add(kit.client("acme"))
    for n in range(6):
        mission = kit.mission(f"m{n}")
        mission.archived = n % 2 == 0
        vault.missions.add(mission)
    vault.compact()
    assert jsoncodec.decode(_index_plain(kit))["cold"] == [["missions", 3]]
    return vault


def _index_plain(kit: Any) -> bytes:
    loaded = read_vault(kit.path, kit.passphrase)
    data = kit.path.read_bytes()
    start, end = kit.frames(data)[0]
    digest = loaded.header.digest
    plain = crypto.open_sealed(loaded.key, data[start + 8 : end], crypto.record_aad(digest, 0))
    assert plain is not None
    return plain


def test_the_table_emptied_in_the_journal_then_a_mission_added(kit: Any, seeded: Vault) -> None:
    seeded.db.table("missions").truncate()
    assert _board_is_whole_filtered(kit.path, kit.passphrase) == {}
    seeded.missions.add(kit.mission("new"))
    assert len(_board_is_whole_filtered(kit.path, kit.passphrase)) == 1
    seeded.close(compact=False)
    _board_is_whole_filtered(kit.path, kit.passphrase)


def test_a_mission_removed_and_put_back_under_its_id(kit: Any, seeded: Vault) -> None:
    archived = seeded.missions.get(1)
    seeded.missions.remove(1)
    assert "1" not in _board_is_whole_filtered(kit.path, kit.passphrase)
    archived.archived = False  # back on the board: its id now last in the table's order
    seeded.missions.put(archived)
    assert list(_board_is_whole_filtered(kit.path, kit.passphrase))[-1] == "1"
    board = seeded.missions.get(2)
    seeded.missions.remove(2)
    board.archived = True  # put back archived: off the board
    seeded.missions.put(board)
    assert _board_is_whole_filtered(kit.path, kit.passphrase)["2"]["archived"] is True
    seeded.close()
    _board_is_whole_filtered(kit.path, kit.passphrase)


def test_an_import_swapping_archived_and_board_missions(kit: Any, seeded: Vault) -> None:
    tables = json.loads(json.dumps(seeded.export_data()["tables"]))
    for doc in tables["missions"].values():
        doc["archived"] = not doc.get("archived")
    seeded.replace_all(tables)
    whole = _board_is_whole_filtered(kit.path, kit.passphrase)
    assert sorted(k for k, d in whole.items() if not d["archived"]) == ["1", "3", "5"]
    seeded.close()
    _board_is_whole_filtered(kit.path, kit.passphrase)


def test_a_new_passphrase_and_a_backup_are_format_4(
    kit: Any, seeded: Vault, tmp_path: Path
) -> None:
    phrase = "another-long-passphrase-99"
    seeded.change_passphrase(phrase, KdfParams.fast())
    out = tmp_path / "copy.hops"
    seeded.backup_to(out)
    seeded.close()
    for path in (kit.path, out):
        assert crypto.parse_header(path.read_bytes())[0].version == layout.COLD_VERSION
        assert len(_board_is_whole_filtered(path, phrase)) == 6


def test_an_erasure_over_archived_missions(kit: Any) -> None:
    vault = kit.create()
    business = Business(vault, Settings())
    fill_with_sample(business, None, dt.date.today())
    docs = vault.db.table("missions")._read_table()
    alias = next(iter(docs.values()))["client_alias"]
    ids = [int(k) for k, d in docs.items() if d["client_alias"] == alias]
    assert len(ids) > 1
    with vault.transaction():
        vault.db.table("missions").update({"archived": True}, doc_ids=ids[: len(ids) // 2 + 1])
    vault.compact()
    business.clients.erase(alias, dt.date.today())
    whole = _board_is_whole_filtered(kit.path, kit.passphrase)
    assert not any(d["client_alias"] == alias for d in whole.values())
    vault.close()
    _board_is_whole_filtered(kit.path, kit.passphrase)


def test_a_version_3_copy_put_back_after_its_upgrade_is_an_older_copy(
    kit: Any, seeded: Vault
) -> None:
    seeded.close()
    loaded = read_vault(kit.path, kit.passphrase)
    plains = list(snapshot_plaintexts(loaded.tables, loaded.chain, version=3))
    _rewrite(kit, plains, 3)
    old = kit.path.read_bytes()
    upgraded = kit.open()
    upgraded.missions.add(kit.mission("after the upgrade"))
    upgraded.close()
    assert crypto.parse_header(kit.path.read_bytes())[0].version == layout.COLD_VERSION
    kit.path.write_bytes(old)
    for asked in ({}, {"read_only": True}, {"read_only": True, "tables": [BOARD_MISSIONS]}):
        with pytest.raises(VaultRolledBack):
            Vault.open(kit.path, kit.passphrase, **asked).close()


def _rewrite(kit: Any, plains: list[bytes], version: int) -> None:
    """The kit's vault as ``plains`` in ``version``, under a new data key (its mark kept)."""
    kdf, salt = KdfParams.fast(), bytes(16)
    key = bytes(range(crypto.KEY_LEN))
    header = crypto.new_header(
        crypto.derive_kek(kit.passphrase, salt, kdf), key, kdf, salt, version
    )
    records = b"".join(
        layout.frame(crypto.seal(key, plain, crypto.record_aad(header.digest, i)))
        for i, plain in enumerate(plains)
    )
    kit.path.write_bytes(header.pack() + records)
