"""A session holding the missions on the board reads the archived ones later, once, from
any thread, and a reader that took the board before keeps it whole (storage/board_table.py)."""

from __future__ import annotations

import threading
from typing import Any

from homeops.storage.boards import BOARD_MISSIONS
from homeops.storage.vault import Vault


def _board_session(kit: Any) -> Vault:
    vault = kit.create()
    vault.missions.add(kit.mission("On the board"))
    archived = kit.mission("Archived")
    archived.archived = True
    vault.missions.add(archived)
    vault.close()
    return Vault.open(kit.path, kit.passphrase, read_only=True, tables=[BOARD_MISSIONS])


def test_a_reader_holding_the_board_keeps_it_when_the_archived_missions_are_read(
    kit: Any,
) -> None:
    with _board_session(kit) as session:
        storage = session._storage
        held = storage.table_for_reading("missions")
        generation = storage.generation("missions")
        assert list(held) == ["1"]
        assert [m.title for m in session.missions.list(archived=True)] == ["Archived"]
        assert list(held) == ["1"]  # the board it took, untouched
        assert list(storage.table_for_reading("missions")) == ["1", "2"]
        assert storage.generation("missions") == generation + 1  # caches see the change


def test_threads_asking_together_read_the_archived_missions_once(kit: Any) -> None:
    with _board_session(kit) as session:
        start = threading.Barrier(4)
        counts: list[int] = []

        def ask() -> None:
            start.wait()
            counts.append(session.missions.count())

        threads = [threading.Thread(target=ask) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert counts == [2, 2, 2, 2]
        assert session._storage.archived_reads == 1
