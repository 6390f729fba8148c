"""Rollback: a vault file behind or beside its high-water mark is named, never opened as if
nothing happened (issue 12, item 4).

The mark (``<vault>.mark``) says how many changes were committed and the digest chaining
them, authenticated with a key inside the encrypted snapshot. An older copy put back, a cut
file, a copy that went another way: each is refused in one line with the numbers and what
to do; ``homeops accept-copy`` and ``homeops restore`` are the deliberate ways back.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import one_line_error

from homeops.cli.app import main
from homeops.storage import VaultRolledBack, mark
from homeops.storage.mark import mark_path
from homeops.storage.reading import read_vault
from homeops.storage.vault import Vault

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost

GOLDEN_V2 = Path(__file__).resolve().parent.parent / "golden" / "vault-v2.hops"


def _cli(env: dict[str, str], *argv: str) -> int:
    return main([*argv, "--passphrase-file", str(Path(env["HOME"]) / "pf")], env=env)


def _changes(vault: Vault, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        vault.db.table("t").insert({"i": i})


def _opens(kit: Any, **kwargs: Any) -> dict[str, Any]:
    with Vault.open(kit.path, kit.passphrase, **kwargs) as vault:
        return dict(kit.state(vault))


def _all_refuse(kit: Any, match: str) -> None:
    """Every way of reading the vault refuses, and nothing is written."""
    before = kit.path.read_bytes(), mark_path(kit.path).read_bytes()
    for read in (
        lambda: Vault.open(kit.path, kit.passphrase),
        lambda: Vault.open(kit.path, kit.passphrase, read_only=True),
        lambda: Vault.read_balances(kit.path, kit.passphrase, []),
    ):
        with pytest.raises(VaultRolledBack, match=match) as info:
            read()
        message = str(info.value)
        assert "\n" not in message and "homeops accept-copy" in message
    assert (kit.path.read_bytes(), mark_path(kit.path).read_bytes()) == before


def test_an_older_copy_put_back_is_refused_with_the_numbers(kit: Any) -> None:
    vault = kit.create()
    _changes(vault, 2)
    vault.close()
    older = kit.path.read_bytes()
    vault = kit.open()
    counted = vault.info()["changes"]
    _changes(vault, 3, start=2)
    vault.compact()  # a compaction keeps the count
    assert vault.info()["changes"] == counted + 3
    vault.close()
    kit.path.write_bytes(older)
    _all_refuse(kit, f"holds {counted} changes but its high-water mark says {counted + 3}")


def test_a_cut_that_drops_an_acknowledged_change_is_refused(kit: Any) -> None:
    """Without the mark, a cut inside the journal reads as a torn write (the last state)."""
    vault = kit.create()
    _changes(vault, 3)
    n = vault.info()["changes"]
    vault.close()
    data = kit.path.read_bytes()
    kit.path.write_bytes(data[:-1])
    _all_refuse(kit, f"holds {n - 1} changes but its high-water mark says {n}")


def test_a_copy_that_went_another_way_is_refused(kit: Any) -> None:
    """Same count, another history: a sync conflict's other side."""
    vault = kit.create()
    _changes(vault, 2)
    vault.close()
    common = kit.path.read_bytes()
    vault = kit.open()
    _changes(vault, 2, start=10)  # one side
    vault.close()
    one_side = kit.path.read_bytes()
    kit.path.write_bytes(common)
    Vault.open(kit.path, kit.passphrase, accept_copy=True).close()
    vault = kit.open()
    _changes(vault, 2, start=20)  # the other side, as many changes
    n = vault.info()["changes"]
    vault.close()
    kit.path.write_bytes(one_side)
    _all_refuse(kit, f"holds {n} changes but differs from its high-water mark at change {n}")
    vault = kit.open(accept_copy=True)  # the side to keep, said explicitly
    assert [d["i"] for d in vault.db.table("t").all()] == [0, 1, 10, 11]


def test_a_copy_further_along_on_another_branch_is_refused(kit: Any) -> None:
    vault = kit.create()
    _changes(vault, 2)
    mark_at = vault.info()["changes"]
    vault.close()
    common, common_mark = kit.path.read_bytes(), mark_path(kit.path).read_bytes()
    vault = kit.open()
    _changes(vault, 1, start=10)
    vault.close()
    saved_mark = mark_path(kit.path).read_bytes()  # says mark_at + 1, tip of this branch
    kit.path.write_bytes(common)
    mark_path(kit.path).write_bytes(common_mark)
    vault = kit.open()
    _changes(vault, 3, start=20)  # another branch, further along
    vault.close()
    mark_path(kit.path).write_bytes(saved_mark)
    _all_refuse(kit, f"differs from its high-water mark at change {mark_at + 1}")


def test_a_mark_that_lags_is_fine_and_catches_up(kit: Any) -> None:
    """A power cut can lose the last updates of the mark (it is not synced per change):
    a file ahead of its mark, on the same chain, opens."""
    vault = kit.create()
    _changes(vault, 2)
    vault.close()
    lagging = mark_path(kit.path).read_bytes()
    vault = kit.open()
    _changes(vault, 4, start=2)
    state = kit.state(vault)
    vault.close()
    mark_path(kit.path).write_bytes(lagging)
    assert _opens(kit, read_only=True) == state
    assert _opens(kit) == state
    assert mark_path(kit.path).read_bytes() != lagging  # the session set it to the file


def test_a_torn_slot_leaves_the_other(kit: Any) -> None:
    vault = kit.create()
    _changes(vault, 3)
    vault.close()
    raw = bytearray(mark_path(kit.path).read_bytes())
    changes = read_vault(kit.path, kit.passphrase).chain.changes
    raw[(changes % 2) * mark.SLOT_LEN + 20] ^= 0xFF  # the newest change's slot, torn
    mark_path(kit.path).write_bytes(bytes(raw))
    assert _opens(kit, read_only=True)  # the other slot, one change behind: the file is ahead


@pytest.mark.parametrize("how", ["random bytes", "both slots flipped", "another vault's"])
def test_a_mark_this_vault_did_not_write_is_refused(kit: Any, tmp_path: Path, how: str) -> None:
    vault = kit.create()
    _changes(vault, 1)
    vault.close()
    path = mark_path(kit.path)
    if how == "random bytes":
        path.write_bytes(bytes(range(2 * mark.SLOT_LEN)))
    elif how == "both slots flipped":
        raw = bytearray(path.read_bytes())
        raw[40] ^= 1
        raw[mark.SLOT_LEN + 40] ^= 1
        path.write_bytes(bytes(raw))
    else:
        other = tmp_path / "other" / "vault.hops"
        kit.create(other).close()
        shutil.copyfile(mark_path(other), path)
    _all_refuse(kit, "not written for this vault file")


def test_an_older_format_put_back_over_a_marked_vault_is_refused(kit: Any) -> None:
    kit.create().close()
    shutil.copyfile(GOLDEN_V2, kit.path)
    with pytest.raises(VaultRolledBack, match="format 2, older than the mark"):
        Vault.open(kit.path, "golden vault passphrase", read_only=True)


def test_an_older_format_without_a_mark_is_upgraded_and_gets_one(tmp_path: Path) -> None:
    path = tmp_path / "v" / "vault.hops"
    path.parent.mkdir(mode=0o700)
    shutil.copyfile(GOLDEN_V2, path)
    with Vault.open(path, "golden vault passphrase") as vault:
        assert not [w for w in vault.warnings if "mark" in w]
        changes = vault.info()["changes"]
    assert mark_path(path).stat().st_mode & 0o777 == 0o600
    raw = mark_path(path).read_bytes()
    key = read_vault(path, "golden vault passphrase").chain.mark_key
    assert key is not None
    found = mark.parse(raw, key)
    assert found is not None and found.changes == changes


def test_a_missing_mark_is_a_notice_once_then_made_again(kit: Any) -> None:
    vault = kit.create()
    _changes(vault, 2)
    vault.close()
    mark_path(kit.path).unlink()
    with Vault.open(kit.path, kit.passphrase, read_only=True) as seen:
        assert [w for w in seen.warnings if "no high-water mark" in w]
    assert not mark_path(kit.path).exists()  # a reader writes nothing
    vault = kit.open()
    assert [w for w in vault.warnings if "no high-water mark" in w]
    vault.close()
    assert mark_path(kit.path).exists()
    vault = kit.open()
    assert not [w for w in vault.warnings if "mark" in w]


def test_a_passphrase_change_keeps_the_mark_and_an_older_copy_is_still_behind(kit: Any) -> None:
    vault = kit.create()
    _changes(vault, 2)
    vault.close()
    older = kit.path.read_bytes()
    vault = kit.open()
    vault.change_passphrase("a new passphrase")
    _changes(vault, 1, start=5)
    vault.close()
    kit.path.write_bytes(older)  # under the old passphrase and the old data key
    with pytest.raises(VaultRolledBack, match="high-water mark says"):
        Vault.open(kit.path, kit.passphrase, read_only=True)


def test_a_reader_beside_a_writing_session_never_sees_a_false_rollback(
    kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check`` beside an open console: the mark is read first, so a change landing
    between the two reads can only put the file ahead of the mark."""
    vault = kit.create()
    _changes(vault, 1)
    real = mark.read_raw

    def then_a_change(path: Path) -> bytes | None:
        raw = real(path)
        _changes(vault, 1, start=99)  # the console commits right after the mark was read
        return raw

    monkeypatch.setattr(mark, "read_raw", then_a_change)
    with Vault.open(kit.path, kit.passphrase, read_only=True) as seen:
        assert {d["i"] for d in seen.db.table("t").all()} == {0, 99}


def test_a_daily_backup_opened_directly_is_a_notice_not_an_error(kit: Any, day: Any) -> None:
    vault = kit.create()
    _changes(vault, 1)
    vault.close()
    kit.open(today=day(0)).close()
    (backup,) = (kit.path.parent / "backups").iterdir()
    with Vault.open(backup, kit.passphrase, read_only=True) as seen:
        assert [w for w in seen.warnings if "no high-water mark" in w]


# -- the commands --------------------------------------------------------------------------


def _older_copy_put_back(env: dict[str, str]) -> Path:
    assert _cli(env, "init") == 0
    path = Path(env["XDG_DATA_HOME"]) / "homeops" / "vault.hops"
    older = path.read_bytes()
    assert _cli(env, "income", "12", "--memo", "stamps") == 0
    assert _cli(env, "income", "3", "--memo", "stamps") == 0
    path.write_bytes(older)
    return path


def test_check_and_every_command_report_an_older_copy_in_one_line(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _older_copy_put_back(env)
    capsys.readouterr()
    for argv in (["check"], ["balance"], ["entries"], ["expense", "1", "--category", "x"]):
        assert _cli(env, *argv) == 1, argv
        line = one_line_error(capsys.readouterr().err)
        assert "its high-water mark says" in line and "homeops accept-copy" in line, argv


def test_accept_copy_keeps_this_copy_and_then_it_opens(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = _older_copy_put_back(env)
    before = path.read_bytes()
    capsys.readouterr()
    assert _cli(env, "accept-copy", "--yes") == 0  # no terminal here to ask on
    assert "kept" in capsys.readouterr().out
    assert path.read_bytes() == before  # the file itself is kept as it is
    assert _cli(env, "check") == 0
    assert _cli(env, "entries", "--json") == 0
    assert _cli(env, "income", "5", "--memo", "later") == 0


def test_accept_copy_still_refuses_damage_and_a_wrong_passphrase(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = _older_copy_put_back(env)
    capsys.readouterr()
    assert main(["accept-copy", "--passphrase-file", str(Path(env["HOME"]) / "bad")], env=env) == 1
    assert one_line_error(capsys.readouterr().err) == "homeops: wrong passphrase"
    data = bytearray(path.read_bytes())
    data[-3] ^= 1
    path.write_bytes(bytes(data))
    assert _cli(env, "accept-copy") == 1
    assert "damaged" in one_line_error(capsys.readouterr().err)


def test_restore_is_a_deliberate_rollback_and_resets_the_mark(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(env, "init") == 0
    saved = tmp_path / "saved.hops"
    assert _cli(env, "backup", "--out", str(saved)) == 0
    assert _cli(env, "income", "12", "--memo", "stamps") == 0
    assert _cli(env, "income", "13", "--memo", "stamps") == 0
    assert _cli(env, "restore", str(saved)) == 0  # two acknowledged changes fewer
    capsys.readouterr()
    assert _cli(env, "check", "--json") == 0
    report = json.loads(capsys.readouterr().out)  # the restored state, without a refusal
    assert "ledger" not in report["documents"] and not report["notices"]
    assert _cli(env, "income", "1", "--memo", "after") == 0
    assert _cli(env, "check") == 0
