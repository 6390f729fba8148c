"""A copy that went another way is refused even once it was compacted past the mark.

The high-water mark (``<vault>.mark``) compares the file's chain with the mark's only from
the file's snapshot on: a copy that went another way and was then compacted (an erasure
compacts at once) used to start after the mark and pass as "vault OK". Every rewrite now
syncs the mark at the vault's count before it renames its snapshot over the file, so in one
lineage the snapshot is never newer than the mark, and a newer one is another lineage;
only an import's one change may be one ahead of a mark a power cut left behind.

The crash tests replay what a power cut at each step of a rewrite could leave: the vault
file as it was or as it became at the rename (its commit point), beside the mark as last
synced (its in-place updates lost) or as last written.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import one_line_error

from homeops.cli.app import main
from homeops.storage import VaultRolledBack, VaultWriteError, WrongPassphrase, mark
from homeops.storage.mark import mark_path
from homeops.storage.vault import Vault

NEW_PASSPHRASE = "a new passphrase, long enough"


def _changes(vault: Vault, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        vault.db.table("t").insert({"i": i})


def _items(vault: Vault) -> list[int]:
    """The test's items, and -1 for the document an import brings (``IMPORTED``)."""
    return sorted(
        [d["i"] for d in vault.db.table("t").all()] + [-1] * len(vault.db.table("events"))
    )


IMPORTED = {"events": {"1": {"at": "2026-01-01", "kind": "imported"}}}


def _all_refuse(kit: Any, match: str) -> None:
    """Every way of reading the vault refuses in one line, and nothing is written."""
    before = kit.path.read_bytes(), mark_path(kit.path).read_bytes()
    for read in (
        lambda: Vault.open(kit.path, kit.passphrase),
        lambda: Vault.open(kit.path, kit.passphrase, read_only=True),
        lambda: Vault.read_balances(kit.path, kit.passphrase, []),
    ):
        with pytest.raises(VaultRolledBack, match=match) as info:
            read()
        assert "\n" not in str(info.value) and "homeops accept-copy" in str(info.value)
    assert (kit.path.read_bytes(), mark_path(kit.path).read_bytes()) == before


def _fork_compacted_past_the_mark(kit: Any) -> tuple[bytes, int]:
    """A copy taken at 2 changes, 2 more on the vault (its mark), then the copy goes on
    with 3 changes of its own and compacts: its snapshot is newer than the vault's mark."""
    vault = kit.create()
    _changes(vault, 2)
    vault.close()
    fork = kit.path.with_name("fork.hops")
    shutil.copyfile(kit.path, fork)
    vault = kit.open()
    _changes(vault, 2, start=2)
    marked = vault.info()["changes"]
    vault.close()
    vault = kit.open(fork)
    _changes(vault, 3, start=10)
    vault.compact()
    assert vault.info()["changes"] > marked  # the snapshot starts after the mark
    vault.close()
    return fork.read_bytes(), marked


def test_a_copy_that_went_another_way_and_was_compacted_is_refused(kit: Any) -> None:
    forked, marked = _fork_compacted_past_the_mark(kit)
    kit.path.write_bytes(forked)
    _all_refuse(kit, f"differs from its high-water mark at change {marked}: this copy went")
    with Vault.open(kit.path, kit.passphrase, accept_copy=True) as kept:  # said explicitly
        assert _items(kept) == [0, 1, 10, 11, 12]


@pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost
def test_the_review_s_repro_through_the_command_line(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """2 missions; copy; 2 more on the vault; on the copy a client, a mission, an erasure
    (which compacts); the copy put back: `check` used to say "vault OK"."""

    def cli(*argv: str) -> int:
        return main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)

    assert cli("init") == 0
    vault = Path(env["XDG_DATA_HOME"]) / "homeops" / "vault.hops"
    assert cli("client", "add", "acme") == 0
    for title in ("One", "Two"):
        assert cli("mission", "add", title, "--client", "acme") == 0
    fork = tmp_path / "fork.hops"
    shutil.copyfile(vault, fork)
    for title in ("Three", "Four"):
        assert cli("mission", "add", title, "--client", "acme") == 0
    assert cli("client", "add", "tmp", "--vault", str(fork)) == 0
    assert cli("mission", "add", "Forked", "--client", "acme", "--vault", str(fork)) == 0
    assert cli("client", "erase", "tmp", "--yes", "--vault", str(fork)) == 0
    shutil.copyfile(fork, vault)
    capsys.readouterr()
    for argv in (["check"], ["missions"], ["mission", "add", "Five", "--client", "acme"]):
        assert cli(*argv) == 1, argv
        line = one_line_error(capsys.readouterr().err)
        assert "this copy went another way" in line and "homeops accept-copy" in line, argv


def test_a_compaction_in_the_same_lineage_still_opens(kit: Any) -> None:
    """The usual life of a vault: changes, compactions, a passphrase change, closes."""
    vault = kit.create()
    _changes(vault, 3)
    vault.compact()
    _changes(vault, 2, start=3)
    vault.change_passphrase(NEW_PASSPHRASE)
    _changes(vault, 1, start=5)
    vault.compact()
    vault.close()
    with Vault.open(kit.path, NEW_PASSPHRASE, read_only=True) as seen:
        assert _items(seen) == [0, 1, 2, 3, 4, 5]


def test_an_import_one_change_ahead_of_its_mark_opens_but_not_another_lineage_s(
    kit: Any,
) -> None:
    """A power cut can lose the mark's update after an import's rename: the mark is then at
    the very state the import replaced, which the file's id and tip prove. A copy that
    went another way and then imported is one ahead too, but from another state."""
    vault = kit.create()
    _changes(vault, 2)
    vault.close()
    common, common_mark = kit.path.read_bytes(), mark_path(kit.path).read_bytes()
    vault = kit.open()
    before_import = mark_path(kit.path).read_bytes()
    vault.replace_all(IMPORTED)
    vault.close()
    kit.path.with_name("imported.hops").write_bytes(kit.path.read_bytes())
    mark_path(kit.path).write_bytes(before_import)  # the mark's update lost
    with Vault.open(kit.path, kit.passphrase, read_only=True) as seen:
        assert _items(seen) == [-1]
    # another lineage: the same count before its import, another change at that count
    kit.path.write_bytes(common)
    mark_path(kit.path).write_bytes(common_mark)
    vault = kit.open()
    _changes(vault, 1, start=20)
    vault.close()
    main_mark = mark_path(kit.path).read_bytes()
    kit.path.write_bytes(common)
    Vault.open(kit.path, kit.passphrase, accept_copy=True).close()
    vault = kit.open()
    _changes(vault, 1, start=30)  # the other side: as many changes, then an import
    vault.replace_all(IMPORTED)
    vault.close()
    mark_path(kit.path).write_bytes(main_mark)
    _all_refuse(kit, "this copy went another way")


def test_a_reader_that_read_the_mark_just_before_a_compaction_is_not_fooled(
    kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check`` beside an open console whose compaction lands between the reader's read of
    the mark and of the file: the snapshot is newer than the mark it read; the mark read
    again says where the vault is."""
    vault = kit.create()
    _changes(vault, 1)
    real = mark.read_raw
    calls: list[Path] = []

    def then_changes_and_a_compaction(path: Path) -> bytes | None:
        raw = real(path)
        if not calls:
            _changes(vault, 2, start=50)
            vault.compact()
        calls.append(path)
        return raw

    monkeypatch.setattr(mark, "read_raw", then_changes_and_a_compaction)
    with Vault.open(kit.path, kit.passphrase, read_only=True) as seen:
        assert _items(seen) == [0, 50, 51]
    assert len(calls) == 2  # read again, once


# -- a crash at each step of a rewrite ---------------------------------------------------------


class PowerCuts:
    """Records what a power cut during a rewrite could leave on disk.

    The vault file's appends are synced before a change returns, so the file is as it is,
    except at the rename (the commit point): just before it, the old file; just after,
    the new one. The mark's in-place updates are not synced: a power cut may lose them,
    leaving the mark as last synced (its reset is a synced rename; ``fdatasync`` on it)."""

    def __init__(self, vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.vault, self.mark = vault, mark_path(vault)
        self.synced: bytes | None = self._mark()
        self.states: list[tuple[str, bytes, bytes | None, bytes | None]] = []
        real_replace, real_fdatasync = os.replace, os.fdatasync

        def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if Path(dst) == self.vault:
                self.record("before the rename")
            real_replace(src, dst, *args, **kwargs)
            if Path(dst) == self.mark:
                self.synced = self._mark()
            if Path(dst) == self.vault:
                self.record("after the rename")

        def fdatasync(fd: int) -> None:
            real_fdatasync(fd)
            if self.mark.exists() and os.fstat(fd).st_ino == self.mark.stat().st_ino:
                self.synced = self._mark()
                self.record("the mark synced")

        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(os, "fdatasync", fdatasync)

    def _mark(self) -> bytes | None:
        return self.mark.read_bytes() if self.mark.exists() else None

    def record(self, step: str) -> None:
        self.states.append((step, self.vault.read_bytes(), self.synced, self._mark()))

    def left(self) -> Iterator[tuple[str, bytes, bytes | None]]:
        """Each (step, vault bytes, mark bytes) a power cut could leave."""
        for step, data, synced, written in self.states:
            yield f"{step}, mark as synced", data, synced
            yield f"{step}, mark as written", data, written

    def put_back(self, data: bytes, mark_bytes: bytes | None) -> None:
        self.vault.write_bytes(data)
        if mark_bytes is None:
            self.mark.unlink(missing_ok=True)
        else:
            self.mark.write_bytes(mark_bytes)


def _opened_after_each_cut(
    kit: Any, cuts: PowerCuts, passphrases: tuple[str, ...]
) -> Iterator[tuple[str, list[int]]]:
    """What each possible leftover opens to (read-only, then read-write), by step."""
    assert cuts.states, "the rewrite renamed nothing"
    for step, data, mark_bytes in list(cuts.left()):
        for read_only in (True, False):
            cuts.put_back(data, mark_bytes)
            for phrase in passphrases:
                try:
                    with Vault.open(kit.path, phrase, read_only=read_only) as seen:
                        yield step, _items(seen)
                    break
                except WrongPassphrase:
                    continue
            else:
                pytest.fail(f"{step}: no passphrase opens the vault")


Rewrite = Callable[[Vault], None]
REWRITES: dict[str, tuple[Rewrite, tuple[str, ...]]] = {
    "compaction": (lambda v: v.compact(), ()),
    "passphrase change": (lambda v: v.change_passphrase(NEW_PASSPHRASE), (NEW_PASSPHRASE,)),
}


@pytest.mark.parametrize("rewrite", list(REWRITES))
def test_a_crash_at_each_step_of_a_rewrite_opens_with_every_acknowledged_change(
    kit: Any, monkeypatch: pytest.MonkeyPatch, rewrite: str
) -> None:
    vault = kit.create()
    _changes(vault, 2)
    vault.close()
    vault = kit.open()  # the mark is synced here; the changes below only write it
    cuts = PowerCuts(kit.path, monkeypatch)
    _changes(vault, 3, start=2)
    run, phrases = REWRITES[rewrite]
    run(vault)
    vault.close(compact=False)
    monkeypatch.undo()
    steps = [step for step, _data, _synced, _written in cuts.states]
    assert steps.index("the mark synced") < steps.index("before the rename")
    for step, items in _opened_after_each_cut(kit, cuts, (kit.passphrase, *phrases)):
        assert items == [0, 1, 2, 3, 4], step


def test_a_crash_at_each_step_of_an_import_opens_one_side_or_the_other(
    kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = kit.create()
    _changes(vault, 2)
    vault.close()
    vault = kit.open()
    cuts = PowerCuts(kit.path, monkeypatch)
    _changes(vault, 1, start=2)
    vault.replace_all(IMPORTED)
    vault.close(compact=False)
    monkeypatch.undo()
    for step, items in _opened_after_each_cut(kit, cuts, (kit.passphrase,)):
        assert items in ([0, 1, 2], [-1]), step


def test_a_mark_that_cannot_be_synced_stops_the_rewrite_before_its_rename(
    kit: Any, faults: Any
) -> None:
    """The rewrite waits (a compaction can) rather than leave a snapshot newer than the
    mark; the file is as it was and the session goes on."""
    vault = kit.create()
    _changes(vault, 2)
    before = kit.path.read_bytes()
    mark_file = mark_path(kit.path)
    faults.fail(
        "fdatasync",
        errno.EIO,
        when=lambda fd: os.fstat(fd).st_ino == mark_file.stat().st_ino,
    )
    with pytest.raises(VaultWriteError, match="high-water mark could not be written"):
        vault.compact()
    faults.clear()
    assert kit.path.read_bytes() == before
    _changes(vault, 1, start=2)  # the session still appends
    vault.compact()  # and compacts once the mark can be written again
    vault.close()
    assert _items(kit.open()) == [0, 1, 2]
