"""The board's missions decoded straight from the table's memory (issue 18 point 2,
``MissionRepo._from_doc`` no longer copies each nested entry first): a record equals the one
a whole copy gives, shares nothing with the vault, and the board's read leaves the
collector as it found it."""

from __future__ import annotations

import copy
import gc
from pathlib import Path

from homeops.rules.model import Check, Mission, ScopeChange, StageMove
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "mission-decode-passphrase-7"


def _mission(mission_id: int | None = 1) -> Mission:
    return Mission(
        "Site", "acme", "Delivered", fee_cents=120_000, deadline="2026-12-01",
        deliverables=["pages", "logo"], assumptions=["copy given"],
        acceptance_criteria=[Check("loads fast", True), Check("accessible")],
        checklist=[Check("spelling", True)],
        scope_changes=[ScopeChange("2026-11-02", "a page more", 20_000, 60, accepted=True)],
        history=[StageMove("2026-10-01T09:00:00", "Brief"),
                 StageMove("2026-11-20T17:30:00", "Delivered", "override: paid")],
        terms_days=14, deposit_bp=3000, id=mission_id,
    )  # fmt: skip


def test_a_board_record_is_the_whole_copy_s_and_shares_nothing(tmp_path: Path) -> None:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as vault:
        mission_id = vault.missions.add(_mission(None))
        table = vault.missions._table
        stored = copy.deepcopy(table._read_table()[str(mission_id)])
        (board,) = vault.missions.board_read()
        (listed,) = vault.missions.list()
        assert board == listed == vault.missions.get(mission_id) == _mission()
        # Change every list and nested record of the records read: the vault keeps its own.
        for record in (board, listed):
            record.deliverables.append("x")
            record.assumptions.clear()
            record.history[0].stage = "changed"
            record.history.append(StageMove("2027-01-01T00:00:00", "Plan"))
            record.checklist[0].done = False
            record.acceptance_criteria.pop()
            record.scope_changes[0].accepted = False
        assert table._read_table()[str(mission_id)] == stored
        assert vault.missions.get(mission_id) == _mission()
        assert vault.missions.active() == [_mission()]


def test_an_older_check_written_as_text_is_decoded_as_before(tmp_path: Path) -> None:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as vault:
        mission_id = vault.missions.add(_mission(None))
        old_form = ["spelling", {"text": "links", "done": True}]  # as stored long ago
        vault.missions._table.update({"checklist": old_form}, doc_ids=[mission_id])
        (record,) = vault.missions.list()
        assert record.checklist == [Check("spelling"), Check("links", True)]
        assert record == vault.missions.get(mission_id)


def test_the_board_read_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as vault:
        vault.missions.add(_mission(None))
        was = gc.isenabled()
        try:
            for enabled in (True, False):
                (gc.enable if enabled else gc.disable)()
                vault.missions._kept = None  # decoded again, not the kept list
                assert vault.missions.board_read() == [_mission()]
                assert gc.isenabled() is enabled
        finally:
            (gc.enable if was else gc.disable)()
