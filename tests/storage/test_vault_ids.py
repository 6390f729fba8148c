"""Record ids stop at ``ID_MAX``: past it, no command could name a record (issue 12 review,
item 3). A table whose largest id is ``ID_MAX`` refuses the next record in one line and
keeps nothing of the change; an import must leave a million ids of room (test_import_hostile).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_helpers import one_line_error
from tinydb import Query
from tinydb.table import Document

from homeops.cli.app import main
from homeops.rules.bounds import ID_MAX
from homeops.storage import ValueNotStorable
from homeops.storage.vault import KdfParams, Vault


def test_the_last_id_is_taken_and_the_next_is_refused_with_nothing_kept(kit: Any) -> None:
    vault = kit.create()
    table = vault.db.table("events")
    table.insert(Document({"at": "2026-11-30", "kind": "last"}, doc_id=ID_MAX - 1))
    assert table.insert({"at": "2026-11-30", "kind": "at the bound"}) == ID_MAX
    state, data = kit.state(vault), kit.path.read_bytes()
    for add in (
        lambda: table.insert({"at": "2026-11-30", "kind": "one too many"}),
        lambda: table.insert_multiple([{"at": "2026-11-30", "kind": "many"}] * 2),
        lambda: table.upsert({"at": "2026-11-30", "kind": "upserted"}, Query().kind == "none"),
    ):
        with pytest.raises(
            ValueNotStorable, match="the events table has no record id left"
        ) as info:
            add()
        assert "\n" not in str(info.value) and str(info.value).startswith("change not saved: ")
    assert kit.state(vault) == state and kit.path.read_bytes() == data
    vault.db.table("other").insert({"n": 1})  # other tables go on
    vault.close()
    assert len(kit.open().db.table("events")) == 2


def test_a_transaction_that_runs_out_of_ids_keeps_none_of_its_changes(kit: Any) -> None:
    vault = kit.create()
    vault.db.table("events").insert(Document({"at": "2026-11-30", "kind": "x"}, doc_id=ID_MAX))
    state = kit.state(vault)
    with pytest.raises(ValueNotStorable), vault.transaction():
        vault.db.table("other").insert({"n": 1})
        vault.db.table("events").insert({"at": "2026-11-30", "kind": "y"})
    assert kit.state(vault) == state


def test_mission_add_after_the_last_id_is_one_line(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The review's repro, through the command line: the next mission would have had id
    1000000000000, which no command takes ("is not an id")."""
    path = Path(env["XDG_DATA_HOME"]) / "homeops" / "vault.hops"
    passphrase = (tmp_path / "pf").read_text().strip()
    with Vault.create(path, passphrase, kdf=KdfParams.fast()) as vault:
        vault.db.table("clients").insert({"alias": "acme", "status": "client"})
        mission = {"title": "Last", "client_alias": "acme", "stage": "Brief"}
        vault.db.table("missions").insert(Document(mission, doc_id=ID_MAX))
    data = path.read_bytes()
    pf = ["--passphrase-file", str(tmp_path / "pf")]
    capsys.readouterr()
    assert main(["mission", "add", "Next", "--client", "acme", *pf], env=env) == 1
    line = one_line_error(capsys.readouterr().err)
    assert "the missions table has no record id left" in line, line
    assert path.read_bytes() == data
    assert main(["mission", "move", str(ID_MAX), "Plan", *pf], env=env) == 0  # still named
