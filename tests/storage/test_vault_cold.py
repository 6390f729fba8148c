"""Format 4: archived missions in parts of their own ("cold"), and sessions that read the
missions on the board only (``BOARD_MISSIONS``), decoding those parts only when something
asks for an archived mission, then answering as a whole read."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from homeops.storage import VaultDamaged, VaultRolledBack, crypto, jsoncodec, layout, reading
from homeops.storage.boards import BOARD_MISSIONS
from homeops.storage.errors import VaultReadOnly
from homeops.storage.layout import PART_DOCS, Chain, snapshot_plaintexts
from homeops.storage.reading import read_vault
from homeops.storage.repos_privacy import EveryTable
from homeops.storage.tracked import TableNotRead
from homeops.storage.vault import KdfParams, Vault


def _mission(n: int, archived: bool | None) -> dict[str, Any]:
    doc: dict[str, Any] = {"title": f"m{n}", "stage": "Brief", "client_alias": ""}
    if archived is not None:
        doc["archived"] = archived
    return doc


def _missions(archived: int, board: int) -> dict[str, Any]:
    """``archived`` archived missions and ``board`` others, interleaved by id."""
    docs: dict[str, Any] = {}
    flags = [True] * archived + [False, None] * (board // 2) + [False] * (board % 2)
    order = sorted(range(len(flags)), key=lambda i: (i * 7919) % max(1, len(flags)))
    for n, i in enumerate(order, start=1):
        docs[str(n)] = _mission(n, flags[i])
    return docs


def _decoded(tables: dict[str, Any], version: int = crypto.FORMAT_VERSION) -> list[Any]:
    return [jsoncodec.decode(p) for p in snapshot_plaintexts(tables, Chain.new(), version=version)]


@pytest.mark.parametrize("archived", [0, 1, PART_DOCS, PART_DOCS + 1])
def test_archived_missions_are_written_first_in_parts_of_their_own(archived: int) -> None:
    missions = _missions(archived, 5)
    tables = {"clients": {"1": {"alias": "acme"}}, "missions": missions}
    index, *parts = _decoded(tables)
    cold = -(-archived // PART_DOCS)
    assert index["cold"] == [["missions", cold]]
    assert index["tables"] == [["clients", 1], ["missions", cold + 1]]
    assert parts[0] == tables["clients"]
    mission_parts = parts[1:]
    for part in mission_parts[:cold]:  # archived only, never mixed with the board
        assert part and all(doc.get("archived") is True for doc in part.values())
    for part in mission_parts[cold:]:
        assert part and not any(doc.get("archived") for doc in part.values())
    assert {k: v for part in mission_parts for k, v in part.items()} == missions
    assert sum(map(len, mission_parts)) == len(missions)


def test_a_vault_without_missions_has_no_cold_parts() -> None:
    index, *_parts = _decoded({"clients": {}})
    assert index["cold"] == []
    index, *_parts = _decoded({"missions": {}})
    assert index["cold"] == [["missions", 0]]


def write_file(path: Path, passphrase: str, plains: list[bytes], version: int) -> None:
    """A vault file of ``version`` holding the records ``plains`` (no mark beside it)."""
    kdf, salt, key = KdfParams.fast(), os.urandom(16), os.urandom(crypto.KEY_LEN)
    kek = crypto.derive_kek(crypto.nfc(passphrase), salt, kdf)
    header = crypto.new_header(kek, key, kdf, salt, version)
    records = b"".join(
        layout.frame(crypto.seal(key, plain, crypto.record_aad(header.digest, i)))
        for i, plain in enumerate(plains)
    )
    path.parent.mkdir(mode=0o700, exist_ok=True)
    path.write_bytes(header.pack() + records)
    path.chmod(0o600)


def _as_version_3(kit: Any) -> dict[str, Any]:
    """Rewrite the kit's vault as format 3 (its chain kept, so its mark still fits)."""
    loaded = read_vault(kit.path, kit.passphrase)
    plains = snapshot_plaintexts(loaded.tables, loaded.chain, version=3)
    write_file(kit.path, kit.passphrase, list(plains), 3)
    return loaded.tables


def _archive(vault: Vault, mission_id: int, archived: bool = True) -> None:
    vault.db.table("missions").update({"archived": archived}, doc_ids=[mission_id])


def test_a_version_3_file_reads_the_same_and_a_read_write_open_upgrades_it(
    kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layout, "PART_DOCS", 2)
    vault = kit.create()
    for n in range(1, 8):
        vault.missions.add(kit.mission(f"m{n}"))
    for mission_id in (2, 3, 5):
        _archive(vault, mission_id)
    vault.close()
    tables = _as_version_3(kit)
    assert crypto.parse_header(kit.path.read_bytes())[0].version == 3
    with Vault.open(kit.path, kit.passphrase, read_only=True) as old:
        assert old._storage.tables == tables
        assert [m.id for m in old.missions.list(archived=True)] == [2, 3, 5]
    with Vault.open(kit.path, kit.passphrase, read_only=True, tables=[BOARD_MISSIONS]) as old:
        assert [m.id for m in old.missions.list()] == [1, 4, 6, 7]  # read whole: older file
    kit.open().close()
    assert crypto.parse_header(kit.path.read_bytes())[0].version == crypto.FORMAT_VERSION
    upgraded = read_vault(kit.path, kit.passphrase).tables
    assert upgraded.pop("ledger_sums")["1"]["file"] != tables.pop("ledger_sums")["1"]["file"]
    assert upgraded == tables  # (the summary names its new file)
    index = jsoncodec.decode(_index_plain(kit))
    assert index["cold"] == [["missions", 2]]  # 3 archived, 2 a part
    with Vault.open(kit.path, kit.passphrase, read_only=True, tables=[BOARD_MISSIONS]) as new:
        assert [m.id for m in new.missions.list()] == [1, 4, 6, 7]
        assert new.warnings == []  # its mark came along


def _index_plain(kit: Any) -> bytes:
    loaded = read_vault(kit.path, kit.passphrase)
    data = kit.path.read_bytes()
    start, end = kit.frames(data)[0]
    sealed = data[start + 8 : end]
    plain = crypto.open_sealed(loaded.key, sealed, crypto.record_aad(loaded.header.digest, 0))
    assert plain is not None
    return plain


READS = {
    "get an archived mission": lambda v: v.missions.get(2),
    "list the archived missions": lambda v: v.missions.list(archived=True),
    "archived summaries": lambda v: v.missions.archived_summaries(),
    "count": lambda v: v.missions.count(),
    "next id": lambda v: v.db.table("missions")._get_next_id(),
    "search": lambda v: v.db.table("missions").search(lambda doc: True),
    "get by query": lambda v: v.db.table("missions").get(lambda doc: doc["title"] > "O"),
    "get by ids": lambda v: v.db.table("missions").get(doc_ids=[1, 2]),
    "contains by query": lambda v: v.db.table("missions").contains(lambda doc: True),
    "all": lambda v: v.db.table("missions").all(),
    "len": lambda v: len(v.db.table("missions")),
    "iterate": lambda v: list(v.db.table("missions")),
}
GUARDED = {
    **READS,
    "get a mission that is not there": lambda v: v.missions.get(99),
    "add": lambda v: v.db.table("missions").insert({"title": "x"}),
    "update": lambda v: v.db.table("missions").update({"title": "x"}, doc_ids=[1]),
    "remove": lambda v: v.db.table("missions").remove(doc_ids=[1]),
}


def _answer(access: Any, vault: Vault) -> Any:
    """What ``access`` gives (TinyDB documents with their ids), or the error it raises."""
    try:
        found = access(vault)
    except Exception as exc:  # (the answer compared is the error's kind)
        return type(exc).__name__
    if isinstance(found, list):
        return [_plain(item) for item in found]
    return _plain(found)


def _plain(found: Any) -> Any:
    return (found.doc_id, dict(found)) if hasattr(found, "doc_id") else found


# Steps on the missions: add one (archived or not), archive, bring back, delete, compact.
_step = st.one_of(
    st.tuples(st.just("add"), st.booleans()),
    st.tuples(st.sampled_from(["archive", "unarchive", "delete"]), st.integers(1, 8)),
    st.tuples(st.just("compact")),
)


def _apply(vault: Vault, step: tuple[Any, ...]) -> None:
    table = vault.db.table("missions")
    if step[0] == "add":
        table.insert(_mission(0, True) if step[1] else _mission(0, None))
    elif step[0] == "compact":
        vault.compact()
    elif table.contains(doc_id=step[1]):
        if step[0] == "delete":
            table.remove(doc_ids=[step[1]])
        else:
            _archive(vault, step[1], step[0] == "archive")


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    before=st.lists(st.booleans(), max_size=9),
    steps=st.lists(_step, max_size=12),
    part_docs=st.integers(1, 3),
    access=st.sampled_from(sorted(READS)),
)
@example(before=[True, True, False], steps=[("unarchive", 1), ("archive", 3)], part_docs=1,
         access="all")  # fmt: skip
@example(before=[True, False], steps=[("delete", 1), ("add", True), ("add", False)],
         part_docs=1, access="all")  # fmt: skip
def test_the_board_read_is_the_whole_read_without_the_archived_missions_until_asked(
    kit: Any,
    monkeypatch: pytest.MonkeyPatch,
    before: list[bool],
    steps: list[tuple[Any, ...]],
    part_docs: int,
    access: str,
) -> None:
    """Random changes in the journal over cold parts; then the board alone, and after any
    access that needs the archived missions, the very table a whole read holds."""
    monkeypatch.setattr(layout, "PART_DOCS", part_docs)
    if kit.path.exists():
        kit.path.unlink()
    vault = kit.create()
    try:
        for archived in before:
            vault.db.table("missions").insert(_mission(0, archived))
        vault.compact()  # the snapshot holds cold parts; the steps go to the journal
        for step in steps:
            _apply(vault, step)
    finally:
        vault.close(compact=False)
    with Vault.open(kit.path, kit.passphrase, read_only=True) as whole:
        board = {k: d for k, d in whole._storage.tables.get("missions", {}).items()
                 if not d.get("archived")}  # fmt: skip
        listed = whole.missions.list()
        by_stage = whole.missions.count_in("Brief")
        answer = _answer(READS[access], whole)
        every = list(whole._storage.tables.get("missions", {}).items())
    with Vault.open(kit.path, kit.passphrase, read_only=True, tables=[BOARD_MISSIONS]) as part:
        assert part._storage.only == {BOARD_MISSIONS, "meta"}
        assert part._storage.tables.get("missions", {}) == board
        assert part.missions.list() == listed
        for mission in listed:
            assert part.missions.get(mission.id or 0) == mission
        assert part.missions.count_in("Brief") == by_stage
        assert part._storage.archived_reads == 0
        assert _answer(READS[access], part) == answer
        assert part.missions.count() == len(every)  # (if the access did not need them)
        assert part._storage.archived_reads == 1
        assert list(part._storage.tables.get("missions", {}).items()) == every  # in order too
        assert part.missions.list() == listed


def _decoded_records(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The index of every record decoded from now on."""
    seen: list[int] = []
    decode = reading._decode

    def spy(plain: bytes, index: int, version: int) -> Any:
        seen.append(index)
        return decode(plain, index, version)

    monkeypatch.setattr(reading, "_decode", spy)
    return seen


def test_the_board_read_decodes_the_cold_parts_only_when_an_archived_mission_is_asked_for(
    kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layout, "PART_DOCS", 1)
    vault = kit.create()
    for archived in (True, True, False):
        vault.db.table("missions").insert(_mission(0, archived))
    vault.compact()
    vault.close()
    index = jsoncodec.decode(_index_plain(kit))
    tables = [name for name, parts in index["tables"] for _ in range(parts)]
    first = tables.index("missions") + 1  # record 0 is the index
    assert index["cold"] == [["missions", 2]]
    decoded = _decoded_records(monkeypatch)
    with Vault.open(kit.path, kit.passphrase, read_only=True, tables=[BOARD_MISSIONS]) as part:
        assert [m.title for m in part.missions.list()] == ["m0"]  # (the board's one)
        assert part.missions.get(3).title == "m0"
        # Only the last cold part, checked once (a count too big would hide a board part).
        assert first + 2 in decoded and first not in decoded and decoded.count(first + 1) == 1
        assert part._storage.archived_reads == 0
        assert [m.id for m in part.missions.list(archived=True)] == [1, 2]
        assert decoded.count(first) == 1 and decoded.count(first + 1) == 2
        assert part._storage.archived_reads == 1
        assert part.missions.count() == 3
        assert part._storage.archived_reads == 1  # once


def test_the_board_read_authenticates_the_cold_parts(
    kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept undecoded, they are authenticated at the read: damage shows there, not later."""
    monkeypatch.setattr(layout, "PART_DOCS", 1)
    vault = kit.create()
    for archived in (True, False):
        vault.db.table("missions").insert(_mission(0, archived))
    vault.compact()
    vault.close()
    data = kit.path.read_bytes()
    index = jsoncodec.decode(_index_plain(kit))
    tables = [name for name, parts in index["tables"] for _ in range(parts)]
    _start, end = kit.frames(data)[tables.index("missions") + 1]  # the cold part
    kit.path.write_bytes(data[: end - 1] + bytes([data[end - 1] ^ 1]) + data[end:])
    with pytest.raises(VaultDamaged, match="fails authentication"):
        read_vault(kit.path, kit.passphrase, only={BOARD_MISSIONS})


@pytest.fixture
def sessions(kit: Any) -> Any:
    """A vault with one mission on the board and one archived, a journal over its snapshot;
    then a session that reads the board only, and one that reads every mission."""
    vault = kit.create()
    vault.missions.add(kit.mission("On the board"))
    archived = kit.mission("Archived")
    archived.archived = True
    vault.missions.add(archived)
    vault.compact()
    vault.missions.add(kit.mission("Added in the journal"))
    vault.db.table("missions").update({"title": "Retitled in the journal"}, doc_ids=[2])
    vault.close(compact=False)
    board = Vault.open(kit.path, kit.passphrase, read_only=True, tables=[BOARD_MISSIONS])
    whole = Vault.open(kit.path, kit.passphrase, read_only=True)
    yield board, whole
    board.close()
    whole.close()


@pytest.mark.parametrize("what", sorted(GUARDED))
def test_what_needs_the_archived_missions_answers_in_a_board_session_as_a_whole_read(
    sessions: tuple[Vault, Vault], what: str
) -> None:
    board, whole = sessions
    assert [m.title for m in board.missions.list()] == ["On the board", "Added in the journal"]
    assert board.missions.get(1).title == "On the board"
    assert board._storage.archived_reads == 0  # the board alone so far
    assert _answer(GUARDED[what], board) == _answer(GUARDED[what], whole)
    assert board._storage.archived_reads == 1
    assert list(board._storage.tables["missions"].items()) == list(
        whole._storage.tables["missions"].items()
    )
    assert board.missions.list() == whole.missions.list()


@pytest.mark.parametrize("what", ["add", "update", "remove"])
def test_a_board_session_still_refuses_to_write(sessions: tuple[Vault, Vault], what: str) -> None:
    with pytest.raises(VaultReadOnly):
        GUARDED[what](sessions[0])


def test_a_table_not_read_at_all_is_still_refused(kit: Any) -> None:
    kit.create().close()
    part = Vault.open(kit.path, kit.passphrase, read_only=True, tables=[BOARD_MISSIONS])
    with part, pytest.raises(TableNotRead, match="clients"):
        part.db.table("clients").all()


def test_a_read_write_session_asking_for_the_board_reads_every_mission(kit: Any) -> None:
    vault = kit.create()
    archived = kit.mission("Archived")
    archived.archived = True
    vault.missions.add(archived)
    vault.close()
    with Vault.open(kit.path, kit.passphrase, tables=[BOARD_MISSIONS]) as session:
        assert [m.title for m in session.missions.list(archived=True)] == ["Archived"]
        assert session.missions.add(kit.mission("New")) == 2


def _hostile(kit: Any, index: dict[str, Any], missions: dict[str, Any]) -> None:
    plains = [json.dumps(index).encode()]  # (the vault's encoder refuses a fraction)
    plains += [jsoncodec.encode({k: v}) for k, v in missions.items()]
    write_file(kit.path, kit.passphrase, plains, crypto.FORMAT_VERSION)


def _index(cold: Any, parts: int = 2) -> dict[str, Any]:
    chain = Chain.new()
    assert chain.mark_key is not None
    return {"tables": [["missions", parts]], "changes": 0, "tip": chain.tip.hex(),
            "mark_key": chain.mark_key.hex(), "cold": cold}  # fmt: skip


TWO = {"1": _mission(1, True), "2": _mission(2, False)}
HOSTILE = {
    "too big": _index([["missions", 3]]),
    "negative": _index([["missions", -1]]),
    "text": _index([["missions", "1"]]),
    "fraction": _index([["missions", 1.0]]),
    "true": _index([["missions", True]]),
    "unknown table": _index([["ledger", 0]]),
    "a table not in the file": {**_index([["missions", 0]]), "tables": [["ledger", 2]]},
    "twice": _index([["missions", 1], ["missions", 1]]),
    "not a list": _index({"missions": 1}),
    "short entry": _index([["missions"]]),
    "missing": {k: v for k, v in _index([]).items() if k != "cold"},
    "a board mission in a cold part": _index([["missions", 2]]),
}


@pytest.mark.parametrize("board", [False, True], ids=["whole", "board"])
@pytest.mark.parametrize("what", sorted(HOSTILE))
def test_a_hostile_cold_index_is_damage(kit: Any, what: str, board: bool) -> None:
    """On a board read too: a count too big never hides a board mission in silence."""
    _hostile(kit, HOSTILE[what], TWO)
    with pytest.raises(VaultDamaged):
        read_vault(kit.path, kit.passphrase, only={BOARD_MISSIONS} if board else None)


def test_a_damaged_cold_part_met_later_says_so_each_time_it_is_asked_for(kit: Any) -> None:
    """A board mission inside the cold parts (not the last one, checked at the read) is
    damage when the archived missions are read, and again at the next ask."""
    three = {"1": _mission(1, True), "2": _mission(2, False), "3": _mission(3, True)}
    _hostile(kit, _index([["missions", 3]], parts=3), three)
    with Vault.open(kit.path, kit.passphrase, read_only=True, tables=[BOARD_MISSIONS]) as part:
        for _ in range(2):
            with pytest.raises(VaultDamaged):
                part.missions.list(archived=True)


def test_a_sound_cold_index_reads(kit: Any) -> None:
    """The control for the hostile ones: the same file with a true index opens."""
    _hostile(kit, _index([["missions", 1]]), TWO)
    assert read_vault(kit.path, kit.passphrase).tables["missions"] == TWO
    board = read_vault(kit.path, kit.passphrase, only={BOARD_MISSIONS})
    assert board.tables["missions"] == {"2": TWO["2"]}


def test_a_version_3_index_holding_cold_is_damage(kit: Any) -> None:
    plains = [jsoncodec.encode(_index([["missions", 1]]))]
    plains += [jsoncodec.encode({k: v}) for k, v in TWO.items()]
    write_file(kit.path, kit.passphrase, plains, 3)
    with pytest.raises(VaultDamaged):
        read_vault(kit.path, kit.passphrase)


def test_a_version_3_file_not_upgraded_yet_keeps_its_mark_following_its_changes(
    kit: Any, faults: Any
) -> None:
    """A full disk stops the upgrade: the session appends to the version-3 file, and its
    mark still follows, so a copy that lost that change is still told apart."""
    vault = kit.create()
    vault.missions.add(kit.mission("m1"))
    vault.close()
    _as_version_3(kit)
    upgrade = str(kit.path)  # the upgrade's rename, not the mark's
    faults.fail("replace", errno.ENOSPC, when=lambda _src, dst, *_a: str(dst) == upgrade)
    vault = kit.open()
    assert any("older format" in w for w in vault.warnings)
    before = kit.path.read_bytes()
    vault.missions.add(kit.mission("m2"))
    vault.close()
    faults.clear()
    assert crypto.parse_header(kit.path.read_bytes())[0].version == 3
    kit.path.write_bytes(before)  # the change cut off, as an older copy would be
    with pytest.raises(VaultRolledBack):
        read_vault(kit.path, kit.passphrase)


def test_the_golden_version_4_vault_keeps_its_archived_mission_cold() -> None:
    golden = Path(__file__).resolve().parent.parent / "golden" / "vault-v4.hops"
    whole = read_vault(golden, "golden vault passphrase").tables["missions"]
    board = read_vault(golden, "golden vault passphrase", only={BOARD_MISSIONS})
    assert [k for k, doc in whole.items() if doc.get("archived")] == ["2"]
    assert board.tables["missions"] == {"1": whole["1"]}


def test_every_table_of_a_board_session_holds_the_archived_missions_too(kit: Any) -> None:
    """The privacy scans (export, findings, erasure) read each table's memory directly:
    in a session that read the board only, the archived missions are read first."""
    vault = kit.create()
    for archived in (True, False):
        vault.db.table("missions").insert(_mission(0, archived))
    vault.compact()
    vault.close()
    with Vault.open(kit.path, kit.passphrase, read_only=True, tables=[BOARD_MISSIONS]) as part:
        assert sorted(EveryTable(part.db).documents()["missions"]) == ["1", "2"]
