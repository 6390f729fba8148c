"""The board's missions decoded once per change of the table and shared by every service
(issue 18 point 2: ``MissionRepo.board_read``): never stale after a write, a rolled-back
change or a change under way, never changed by the services that read them, and built once
per command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import private_home, runner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homeops.config import Settings
from homeops.rules.model import Client, Mission
from homeops.services import Business
from homeops.storage.repos import MissionRepo
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "board-read-cache-passphrase-3"
SETTINGS = Settings()
STAGES = SETTINGS.board.stages
DELIVERED = STAGES[-1]
TODAY = dt.date(2026, 12, 7)

# One write: (kind, a mission index, a stage index, a fee in cents).
WRITES = st.tuples(
    st.sampled_from(["add", "stage", "fee", "archive", "unarchive", "remove", "put",
                     "add_many", "rolled_back", "inside", "import"]),
    st.integers(0, 5), st.integers(0, len(STAGES) - 1), st.integers(0, 500_000),
)  # fmt: skip


def _fresh(vault: Vault) -> list[Mission]:
    return vault.missions.active()  # decoded again from the table, no cache


def _write(vault: Vault, kind: str, index: int, stage: int, fee: int) -> None:
    repo = vault.missions
    board = _fresh(vault)
    mission = board[index % len(board)] if board else None
    if kind == "add" or mission is None:
        repo.add(Mission(f"m{fee}", "acme", STAGES[stage], fee_cents=fee, effort_minutes=60))
    elif kind == "stage":
        mission.stage = STAGES[stage]
        repo.update(mission)
    elif kind == "fee":
        mission.fee_cents = fee
        repo.update(mission)
    elif kind == "archive":
        mission.archived = True
        repo.update(mission)
    elif kind == "unarchive":
        archived = repo.list(archived=True)
        if archived:
            archived[0].archived = False
            repo.update(archived[0])
    elif kind == "remove":
        repo.remove(mission.id or 0)
    elif kind == "put":  # undo's way: the record as it was, under its id
        mission.title = f"put {fee}"
        repo.put(mission)
    elif kind == "add_many":
        two = [Mission("a", "acme", DELIVERED, fee_cents=fee), Mission("b", "acme", STAGES[0])]
        repo.add_many(two)
    elif kind == "rolled_back":  # a change that fails is rolled back: nothing kept
        with pytest.raises(RuntimeError), vault.transaction():
            mission.fee_cents = fee + 1
            repo.update(mission)
            assert repo.board_read() == _fresh(vault)  # mid-change: what memory holds
            raise RuntimeError("rolled back")
    elif kind == "import":  # every table swapped at once (import, restore)
        tables = json.loads(json.dumps(vault._storage.tables))
        tables["missions"][str(mission.id)]["title"] = f"imported {fee}"
        vault.replace_all(tables)
    else:  # read inside a change, then change again within it
        with vault.transaction():
            repo.board_read()
            mission.notes = f"inside {fee}"
            repo.update(mission)
            assert repo.board_read() == _fresh(vault)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(writes=st.lists(WRITES, min_size=1, max_size=12))
def test_board_read_is_never_stale_after_a_write(tmp_path: Path, writes: list[Any]) -> None:
    path = tmp_path / "v.hops"
    path.unlink(missing_ok=True)
    for extra in tmp_path.glob("v.hops*"):
        extra.unlink()
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        vault.clients.add(Client("acme"))
        for kind, index, stage, fee in writes:
            vault.missions.board_read()  # kept before the write
            _write(vault, kind, index, stage, fee)
            assert vault.missions.board_read() == _fresh(vault)


def test_board_read_is_kept_until_the_table_changes(tmp_path: Path) -> None:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as vault:
        vault.missions.add(Mission("Guide", "acme", DELIVERED, fee_cents=90_000))
        first = vault.missions.board_read()
        again = vault.missions.board_read()
        assert again == first and again[0] is first[0]  # the same record, not decoded again
        again.clear()  # the list is the caller's own
        assert len(vault.missions.board_read()) == 1
        vault.clients.add(Client("acme"))  # another table: still kept
        assert vault.missions.board_read()[0] is first[0]
        vault.missions.add(Mission("Leaflet", "acme", STAGES[0], fee_cents=10_000))
        titles = [m.title for m in vault.missions.board_read()]
        assert titles == ["Guide", "Leaflet"]


def _fill(vault: Vault) -> None:
    vault.clients.add(Client("acme"))
    vault.missions.add(Mission("Guide", "acme", DELIVERED, fee_cents=90_000))  # not invoiced
    vault.missions.add(Mission("Leaflet", "acme", STAGES[1], fee_cents=40_000,
                               effort_minutes=600, deadline="2026-12-20"))  # fmt: skip
    vault.missions.add(Mission("Old", "acme", DELIVERED, fee_cents=1_000, archived=True))


def test_the_services_that_read_the_board_never_change_its_records(tmp_path: Path) -> None:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as vault:
        _fill(vault)
        business = Business(vault, SETTINGS)
        business.planning.schedule(TODAY)
        business.cashbook.delivered_not_invoiced(TODAY)
        business.cashbook.outlook(TODAY)
        assert vault.missions.board_read() == _fresh(vault)


@pytest.mark.parametrize("command", ["payouts", "plan", "missions"])
def test_a_command_builds_the_board_once(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    path = tmp_path / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        _fill(vault)
    run = runner(path, private_home(tmp_path, PASSPHRASE), capsys)
    built: list[int] = []
    decode = MissionRepo._from_doc

    def counted(self: MissionRepo, doc: dict[str, Any], doc_id: int) -> Mission:
        built.append(doc_id)
        return decode(self, doc, doc_id)

    monkeypatch.setattr(MissionRepo, "_from_doc", counted)
    code, _out, err = run(command)
    assert code == 0, err
    assert sorted(built) == [1, 2]  # the two on the board, once each; never the archived one
