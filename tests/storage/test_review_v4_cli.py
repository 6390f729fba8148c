"""Review (issue 18): every form of the commands that read the missions on the board only
prints what it prints when it reads every table, on the vault of tests/test_cli_reads.py
(archived missions with invoices, a deposit, a credit note, time logged this week, and
archive/unarchive left in the journal)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import Run, private_home, runner
from test_cli_reads import PASSPHRASE, declared, sample_vault, vault_path  # noqa: F401 (fixtures)

FORMS = [
    ["missions", "--stage", "Brief"],
    ["missions", "--stage", "Delivered", "--json"],
    ["missions", "--archived", "--json"],
    *[["invoices", "--status", s] for s in ("open", "draft", "sent", "paid", "overdue", "void")],
    *[["invoices", "--status", s, "--json"] for s in ("open", "paid", "void")],
    ["plan", "--week", "2020-W01"],
    ["plan", "--week", "2099-W01", "--json"],
    ["mission", "show", "5"],  # archived in the snapshot, time logged this week
    ["mission", "show", "3", "--json"],  # archived in the journal
    ["mission", "show", "8"],  # brought back in the journal
    ["payouts"],
    ["payouts", "--json"],
    ["forecast", "--weeks", "30"],
    ["forecast", "--json"],
]


@pytest.fixture
def run(vault_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:  # noqa: F811
    return runner(vault_path, private_home(tmp_path, PASSPHRASE), capsys)


@pytest.mark.parametrize("argv", FORMS, ids=" ".join)
def test_it_prints_the_same_on_the_board_as_with_every_table(
    argv: list[str],
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, partial, err = run(*argv)
    command = declared()["cmd_" + "_".join(argv[:2] if argv[0] == "mission" else argv[:1])]
    monkeypatch.delattr(command, "reads")
    code2, whole, err2 = run(*argv)
    assert (code, partial, err) == (code2, whole, err2)
    assert code == 0 and partial.strip(), err


def test_a_mission_that_is_not_there_is_the_same_one_line_either_way(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    partial = run("mission", "show", "999")
    monkeypatch.delattr(declared()["cmd_mission_show"], "reads")
    assert run("mission", "show", "999") == partial
    assert partial[0] == 1 and "999" in partial[2] and len(partial[2].splitlines()) == 1
