"""Commands that name their tables (``@reads`` in homeops/cli) load only those (issue 18,
point 2). For each such command: its tables read alone hold the very documents a whole read
holds, journal included; the command prints the same with its tables as with all of them;
and a command that names too few fails loudly, in one line, changing nothing."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import Run, one_line_error, private_home, runner

from homeops.cli.app import build_parser
from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.services import Business
from homeops.services.clients import PURGE_PENDING
from homeops.services.reads import BOARD_MISSIONS
from homeops.storage import reading
from homeops.storage import vault as vault_module
from homeops.storage.reading import Loaded, read_vault
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "plum-harbour-lantern-17"

# How each declared command is run here; a command that gains ``@reads`` needs a line.
CASES: dict[str, list[str]] = {
    "cmd_missions": ["missions"],
    "cmd_offers": ["offers"],
    "cmd_plan": ["plan"],
    "cmd_blocks": ["blocks"],
    "cmd_payouts": ["payouts"],
    "cmd_forecast": ["forecast"],
    "cmd_recurring": ["recurring"],
    "cmd_invoices": ["invoices"],
    "cmd_income": ["income", "100", "--memo", "reads test"],
    "cmd_entries": ["entries"],
    "cmd_tests": ["tests"],
    # mend14: mission 24 of the sample is delivered and not invoiced, F-0041 a deposit.
    "cmd_invoice_add": ["invoice", "add", "--mission", "24"],
    "cmd_invoice_show": ["invoice", "show", "41"],
    "cmd_mission_show": ["mission", "show", "24"],
    "cmd_mission_add": ["mission", "add", "Reads test", "--client", "acme-mag", "--fee", "100"],
    "cmd_mission_edit": ["mission", "edit", "24", "--terms", "20"],
    "cmd_doc_list": ["doc", "list"],  # issue 15: the documents written
}


def _commands(parser: argparse.ArgumentParser) -> Iterator[Callable[..., int]]:
    command = parser.get_default("command")
    if command is not None:
        yield command
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _commands(sub)


def declared() -> dict[str, Any]:
    found = {c.__name__: c for c in _commands(build_parser()) if hasattr(c, "reads")}
    assert found, "no command names its tables"
    return found


#: Commands that read the missions on the board only (``BOARD_MISSIONS``). ``payouts`` and
#: ``forecast`` may need an archived one (a draft invoice of an archived mission is due after
#: that mission's terms), and ``mission show`` may be asked for one: the archived missions
#: are read then, in the same session.
BOARD_READERS = {"cmd_missions", "cmd_plan", "cmd_invoices", "cmd_payouts", "cmd_forecast",
                 "cmd_mission_show"}  # fmt: skip
OUTLOOK = ["cmd_payouts", "cmd_forecast"]

# Archived in the snapshot (cold parts): 4 has a draft invoice (F-0043), 5 and 9 time logged
# this week and a sent invoice, 12 and 23 their own invoice paid, 19 a deposit invoice, and
# 23 the void invoice F-0032 with its credit note; then in the journal 3 (paid) is archived
# and 8 brought back.
ARCHIVED = [4, 5, 9, 12, 19, 23]


@pytest.fixture(scope="module")
def sample_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample business with archived missions that have invoices, payments and time
    logged this week, then changes left in the journal over its snapshot."""
    path = tmp_path_factory.mktemp("reads") / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        fill_with_sample(Business(vault, Settings()), None, dt.date.today())
    with Vault.open(path, PASSPHRASE) as vault:
        missions = vault.db.table("missions")
        with vault.transaction():
            missions.update({"archived": True}, doc_ids=ARCHIVED)
            vault.db.table("invoices").update({"mission_id": 23}, doc_ids=[32])
        vault.compact()
        ledger = vault.db.table("ledger")
        with vault.transaction():
            ledger.remove(doc_ids=[min(doc.doc_id for doc in ledger.all())])
            missions.update({"title": "Retitled in the journal"}, doc_ids=[1])
            missions.update({"archived": True}, doc_ids=[3])
            missions.update({"archived": False}, doc_ids=[8])
        vault.close(compact=False)
    return path


@pytest.fixture
def vault_path(sample_vault: Path, tmp_path: Path) -> Path:
    for beside in sample_vault.parent.iterdir():
        if beside.is_file() and beside.name.startswith(sample_vault.name):
            shutil.copy2(beside, tmp_path / beside.name)
    return tmp_path / sample_vault.name


@pytest.fixture
def run(vault_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    return runner(vault_path, private_home(tmp_path, PASSPHRASE), capsys)


def test_every_declared_command_is_run_here() -> None:
    assert set(declared()) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_its_tables_read_alone_hold_what_a_whole_read_holds(name: str, vault_path: Path) -> None:
    tables = declared()[name].reads
    whole = read_vault(vault_path, PASSPHRASE)
    assert whole.records > 0  # the journal is replayed over the snapshot
    part = read_vault(vault_path, PASSPHRASE, only={*tables, "meta"})
    assert part.only == {*tables, "meta"}
    board = BOARD_MISSIONS in part.only and "missions" not in part.only
    assert set(part.tables) <= part.only | ({"missions"} if board else set())
    for table in part.only - {BOARD_MISSIONS}:
        assert part.tables.get(table, {}) == whole.tables.get(table, {}), table
    if board:  # exactly the missions not archived, wherever they were archived
        missions = whole.tables["missions"]
        on_board = {key: doc for key, doc in missions.items() if not doc.get("archived")}
        assert part.tables["missions"] == on_board and len(on_board) < len(missions)
    assert (part.chain, part.records) == (whole.chain, whole.records)


def test_the_commands_that_read_the_board_only_are_these() -> None:
    board = {name for name, command in declared().items() if BOARD_MISSIONS in command.reads}
    assert board == BOARD_READERS


def _reads_spied(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Loaded, dict[str, Any]]]:
    """Every load of the vault from now on, as the session got it, with its missions as
    read (the session may read the archived ones later, in place)."""
    loads: list[tuple[Loaded, dict[str, Any]]] = []

    def spy(*args: Any, **kwargs: Any) -> Loaded:
        loaded = read_vault(*args, **kwargs)
        loads.append((loaded, dict(loaded.tables.get("missions", {}))))
        return loaded

    monkeypatch.setattr(vault_module, "read_vault", spy)
    return loads


@pytest.mark.parametrize("name", sorted(BOARD_READERS))
def test_a_board_reader_reads_the_board_only_and_prints_what_it_prints_with_every_mission(
    name: str, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read on the board alone, it prints what it prints when it reads every table."""
    command = declared()[name]
    loads = _reads_spied(monkeypatch)
    code, board, err = run(*CASES[name])
    assert code == 0, err
    ((load, missions),) = loads
    assert load.only is not None and BOARD_MISSIONS in load.only and "missions" not in load.only
    assert missions and not any(doc.get("archived") for doc in missions.values())
    monkeypatch.delattr(command, "reads")
    code, whole, err = run(*CASES[name])
    assert code == 0, err
    assert any(doc.get("archived") for doc in loads[-1][1].values())
    assert board == whole and board.strip()


@pytest.mark.parametrize("argv", [["missions", "--archived"], ["missions", "--json"],
                                  ["plan", "--json"], ["invoices", "--json"]])  # fmt: skip
def test_their_other_forms_print_the_same_as_with_every_table(
    argv: list[str], run: Run, vault_path: Path, sample_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, partial, err = run(*argv)
    assert code == 0, err
    command = declared()[f"cmd_{argv[0]}"]
    monkeypatch.delattr(command, "reads")
    code, whole, err = run(*argv)
    assert code == 0, err
    assert partial == whole and partial.strip()


def _archived_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tables read whole after their board, from now on (``ColdParts.whole``)."""
    done: list[str] = []
    whole = reading.ColdParts.whole

    def spy(rest: reading.ColdParts) -> dict[str, Any]:
        done.append(rest.name)
        return whole(rest)

    monkeypatch.setattr(reading.ColdParts, "whole", spy)
    return done


@pytest.mark.parametrize("name", OUTLOOK)
@pytest.mark.parametrize("json", [False, True])
def test_the_outlook_reads_the_archived_missions_when_a_draft_needs_one(
    name: str, json: bool, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F-0043, a draft of the archived mission 4, is due after that mission's terms: read on
    the board, the session reads the archived missions then, and prints what a whole read
    prints."""
    argv = [*CASES[name], *(["--json"] if json else [])]
    done = _archived_reads(monkeypatch)
    code, board, err = run(*argv)
    assert code == 0, err
    assert done == ["missions"]
    monkeypatch.delattr(declared()[name], "reads")
    code, whole, err = run(*argv)
    assert code == 0, err
    assert board == whole and board.strip()


@pytest.mark.parametrize(("mission", "archived"), [("24", False), ("4", True)])
def test_mission_show_reads_the_archived_missions_only_for_an_archived_one(
    mission: str, archived: bool, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = _archived_reads(monkeypatch)
    code, board, err = run("mission", "show", mission)
    assert code == 0, err
    assert done == (["missions"] if archived else [])
    monkeypatch.delattr(declared()["cmd_mission_show"], "reads")
    code, whole, err = run("mission", "show", mission)
    assert code == 0, err
    assert board == whole and board.strip()


@pytest.mark.parametrize("name", OUTLOOK)
def test_the_outlook_never_reads_the_archived_missions_when_no_draft_needs_one(
    name: str, run: Run, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Vault.open(vault_path, PASSPHRASE) as vault:
        vault.db.table("invoices").remove(doc_ids=[43])  # F-0043, the draft of mission 4
        vault.close(compact=False)
    done = _archived_reads(monkeypatch)
    code, board, err = run(*CASES[name])
    assert code == 0, err
    assert done == []
    monkeypatch.delattr(declared()[name], "reads")
    code, whole, err = run(*CASES[name])
    assert code == 0, err
    assert board == whole and board.strip()


@pytest.mark.parametrize("name", sorted(CASES))
def test_it_prints_the_same_with_its_tables_as_with_all(
    name: str, run: Run, vault_path: Path, sample_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = declared()[name]
    code, partial, err = run(*CASES[name])
    assert code == 0, err
    for beside in sample_vault.parent.iterdir():  # the vault as it was, for the whole read
        if beside.is_file() and beside.name.startswith(sample_vault.name):
            shutil.copy2(beside, vault_path.parent / beside.name)
    monkeypatch.delattr(command, "reads")
    code, whole, err = run(*CASES[name])
    assert code == 0, err
    assert partial == whole and partial.strip()


def test_a_write_with_some_tables_is_kept_and_the_vault_stays_whole(
    run: Run, vault_path: Path
) -> None:
    before = read_vault(vault_path, PASSPHRASE)
    code, _out, err = run("income", "250", "--memo", "partial write")
    assert code == 0, err
    after = read_vault(vault_path, PASSPHRASE)
    new = set(after.tables["ledger"]) - set(before.tables["ledger"])
    added = [after.tables["ledger"][k] for k in new]
    assert {d["kind"] for d in added} == {"income"}  # one payment, split into the shares
    assert sum(d["amount_cents"] for d in added) == 25_000
    for table, docs in before.tables.items():
        if table not in ("ledger", "ledger_sums"):  # the summary follows its ledger
            assert after.tables.get(table) == docs, table
    assert run("check")[0] == 0


def test_a_command_naming_too_few_tables_fails_loudly_and_changes_nothing(
    run: Run, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(declared()["cmd_income"], "reads", frozenset({"missions"}))
    data = vault_path.read_bytes()
    code, out, err = run("income", "100")
    assert code != 0 and not out
    assert "did not read the" in one_line_error(err)
    assert vault_path.read_bytes() == data


def test_an_erasure_left_pending_is_finished_by_a_command_naming_some_tables(
    run: Run, vault_path: Path
) -> None:
    """Finishing it compacts the file: a session with some tables cannot, so all are read."""
    with Vault.open(vault_path, PASSPHRASE) as vault:
        vault.meta.set(PURGE_PENDING, dt.date.today().isoformat())
        vault.close(compact=False)
    code, _out, err = run("income", "100")
    assert code == 0 and "an earlier erasure is finished" in err
    whole = read_vault(vault_path, PASSPHRASE)
    assert whole.records == 2  # compacted, then the pending mark cleared, then the income
    assert not any(d.get("key") == PURGE_PENDING and d.get("value")
                   for d in whole.tables["meta"].values())  # fmt: skip


def test_a_journal_long_enough_to_compact_is_read_whole(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session will compact it: a session with some tables could not."""
    assert read_vault(vault_path, PASSPHRASE, only={"ledger"}).only == {"ledger"}
    monkeypatch.setattr(reading, "journal_is_long", lambda journal, snapshot: journal > 0)
    assert read_vault(vault_path, PASSPHRASE, only={"ledger"}).only is None
    with Vault.open(vault_path, PASSPHRASE, tables=["ledger"]) as vault:
        assert not vault.partial and len(vault.counts()) > 2
