"""Faults: a write, sync or rename that fails is a clear error, and memory agrees with disk.

After every injected failure: ``VaultWriteError`` with a one-line message, memory equals the
last committed state, the file reopens to that same state, no temp file is left, and once
the fault is gone the same session keeps working and its later changes last.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from typing import Any

import pytest
from tinydb import Query

from homeops.storage import VaultWriteError
from homeops.storage.vault import Vault

CANARY = "fault-canary-5d1e"


def _changes(kit: Any) -> dict[str, Callable[[Vault], Any]]:
    """One of each kind of change, each touching what ``_setup`` stored."""

    def transaction(v: Vault) -> None:
        with v.transaction():
            v.clients.add(kit.client("in-tx"))
            v.ledger.add(kit.entry(7))
            v.db.table("t").remove(doc_ids=[1])

    return {
        "insert": lambda v: v.db.table("t").insert({"i": 9, "note": CANARY}),
        "insert_multiple": lambda v: v.db.table("t").insert_multiple([{"i": 7}, {"i": 8}]),
        "update_cond": lambda v: v.db.table("t").update({"i": 0}, Query().i >= 1),
        "update_callable": lambda v: v.db.table("t").update(
            lambda d: d["tags"].append(CANARY), doc_ids=[1]
        ),
        "remove": lambda v: v.db.table("t").remove(Query().i == 2),
        "truncate": lambda v: v.db.table("t").truncate(),
        "upsert": lambda v: v.db.table("t").upsert({"i": 5}, Query().i == 5),
        "repo_update": lambda v: v.clients.update(_renamed(v.clients.get(1), CANARY)),
        "repo_remove": lambda v: v.clients.remove(1),
        "add_many": lambda v: v.ledger.add_many([kit.entry(1), kit.entry(2)]),
        "meta_set": lambda v: v.meta.set("currency", "CHF"),
        "transaction": transaction,
    }


def _renamed(client: Any, notes: str) -> Any:
    client.notes = notes
    return client


def _setup(kit: Any) -> Vault:
    vault = kit.create()
    vault.clients.add(kit.client("acme", "first"))
    vault.db.table("t").insert_multiple([{"i": 1, "tags": ["a"]}, {"i": 2, "tags": []}])
    return vault


def _assert_clean_failure(kit: Any, vault: Vault, committed: dict[str, Any], exc: Any) -> None:
    message = str(exc.value)
    assert "\n" not in message and message.startswith("change not saved")
    assert CANARY not in message
    assert kit.nonempty(vault.export_data()) == committed
    assert kit.disk() == committed  # a second reader sees the same as memory
    assert not [p for p in kit.files_under(kit.path.parent) if p.name.endswith(".tmp")]


def _assert_keeps_working(kit: Any, vault: Vault) -> None:
    vault.db.table("later").insert({"after": "fault"})
    committed = kit.state(vault)
    vault.close()
    reopened = kit.open()
    assert kit.state(reopened) == committed
    assert len(reopened.db.table("later")) == 1


FAULTS: dict[str, Callable[[Any], None]] = {
    "pwrite ENOSPC": lambda f: f.fail("pwrite", errno.ENOSPC),
    "pwrite EIO": lambda f: f.fail("pwrite", errno.EIO),
    "pwrite half then ENOSPC": lambda f: f.partial_pwrite(errno.ENOSPC),
    "fdatasync EIO": lambda f: f.fail("fdatasync", errno.EIO),
    "fdatasync ENOSPC": lambda f: f.fail("fdatasync", errno.ENOSPC),
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
@pytest.mark.parametrize("change", list(_changes(None)))
def test_failed_append_rolls_back_and_the_vault_keeps_working(
    kit: Any, faults: Any, fault: Callable[[Any], None], change: str
) -> None:
    vault = _setup(kit)
    committed = kit.state(vault)
    size = kit.path.stat().st_size
    fault(faults)
    with pytest.raises(VaultWriteError) as exc:
        _changes(kit)[change](vault)
    faults.clear()
    assert kit.path.stat().st_size == size, "the failed record was not cut back"
    _assert_clean_failure(kit, vault, committed, exc)
    # the same change works once the fault is gone
    _changes(kit)[change](vault)
    assert kit.state(vault) == kit.disk()
    _assert_keeps_working(kit, vault)


def test_failed_append_message_names_the_cause(kit: Any, faults: Any) -> None:
    vault = _setup(kit)
    faults.fail("pwrite", errno.ENOSPC)
    with pytest.raises(VaultWriteError, match="No space left on device"):
        vault.clients.add(kit.client("x"))


def test_cut_back_fails_after_partial_write_session_refuses_changes(kit: Any, faults: Any) -> None:
    """The documented 'broken' case: even the cut-back fails. Further changes are refused
    clearly, and the file still opens to the last committed state."""
    vault = _setup(kit)
    committed = kit.state(vault)
    faults.partial_pwrite(errno.ENOSPC)
    faults.fail("ftruncate", errno.EIO)
    with pytest.raises(VaultWriteError):
        vault.clients.add(kit.client("lost"))
    faults.clear()
    with pytest.raises(VaultWriteError, match="restart") as exc:
        vault.clients.add(kit.client("refused"))
    assert "\n" not in str(exc.value)
    assert kit.nonempty(vault.export_data()) == committed
    vault.close()  # closing a broken session neither raises nor writes
    assert kit.disk() == committed
    reopened = kit.open()
    assert kit.state(reopened) == committed
    reopened.clients.add(kit.client("fine again"))


def test_cut_back_fails_after_full_write_reopen_has_no_unsaved_change(
    kit: Any, faults: Any
) -> None:
    """The record was written whole but its sync failed and it could not be cut back: the
    caller was told "change not saved", so a reopen must not show that change."""
    vault = _setup(kit)
    committed = kit.state(vault)
    faults.fail("fdatasync", errno.EIO)
    faults.fail("ftruncate", errno.EIO)
    with pytest.raises(VaultWriteError):
        vault.clients.add(kit.client("told-not-saved"))
    faults.clear()
    with pytest.raises(VaultWriteError, match="restart"):
        vault.clients.add(kit.client("refused"))
    vault.close()
    assert kit.disk() == committed


# -- whole-file rewrites: compaction, drop_table, import -----------------------------------


def _file_fsync(fd: int) -> bool:
    import stat

    return not stat.S_ISDIR(os.fstat(fd).st_mode)


def _dir_fsync(fd: int) -> bool:
    return not _file_fsync(fd)


REWRITE_FAULTS: dict[str, Callable[[Any], None]] = {
    "temp write ENOSPC": lambda f: f.fail("write", errno.ENOSPC),
    "temp write ENOSPC after some bytes": lambda f: f.fail("write", errno.ENOSPC, after=1),
    "temp fsync EIO": lambda f: f.fail("fsync", errno.EIO, when=_file_fsync),
    "rename EIO": lambda f: f.fail("replace", errno.EIO),
    "rename EXDEV": lambda f: f.fail("replace", errno.EXDEV),
    "directory fsync EIO": lambda f: f.fail("fsync", errno.EIO, when=_dir_fsync),
}


def _rewrite_params() -> list[Any]:
    return [pytest.param(f, id=name) for name, f in REWRITE_FAULTS.items()]


def _rewrite_under_fault(
    kit: Any, faults: Any, fault: Callable[[Any], None], rewrite: Callable[[Vault], Any]
) -> None:
    vault = _setup(kit)
    committed = kit.state(vault)
    fault(faults)
    if fault is REWRITE_FAULTS["directory fsync EIO"]:
        # The rename already happened: the new file is the vault. Raising or not is the
        # writer's choice, but the session must now be on that file, so memory agrees
        # with the disk and later changes land in the vault.
        try:
            rewrite(vault)
        except VaultWriteError as exc:
            assert "\n" not in str(exc)
        faults.clear()
        assert kit.nonempty(vault.export_data()) == kit.disk()
    else:
        with pytest.raises(VaultWriteError) as refused:
            rewrite(vault)
        faults.clear()
        _assert_clean_failure(kit, vault, committed, refused)
    _assert_keeps_working(kit, vault)


@pytest.mark.parametrize("fault", _rewrite_params())
def test_failed_compaction_keeps_the_session_and_the_file_consistent(
    kit: Any, faults: Any, fault: Callable[[Any], None]
) -> None:
    _rewrite_under_fault(kit, faults, fault, lambda v: v.compact())


@pytest.mark.parametrize("fault", _rewrite_params())
def test_failed_import_keeps_the_session_and_the_file_consistent(
    kit: Any, faults: Any, fault: Callable[[Any], None]
) -> None:
    def rewrite(v: Vault) -> None:
        imported = kit.state(v)["tables"]
        imported.pop("t")  # an import takes the known tables only
        imported["clients"]["1"]["notes"] = "imported"
        v.replace_all(imported)

    _rewrite_under_fault(kit, faults, fault, rewrite)


@pytest.mark.parametrize(
    "fault",
    [REWRITE_FAULTS["rename EIO"], REWRITE_FAULTS["temp write ENOSPC"]],
    ids=["rename EIO", "temp write ENOSPC"],
)
def test_failed_drop_table_keeps_the_table_in_memory(
    kit: Any, faults: Any, fault: Callable[[Any], None]
) -> None:
    """TinyDB's drop_table deletes the table from the live dict before asking the storage to
    write; when the write fails, memory has lost a table the disk still has."""
    vault = _setup(kit)
    committed = kit.state(vault)
    fault(faults)
    with pytest.raises(VaultWriteError) as exc:
        vault.db.drop_table("t")
    faults.clear()
    _assert_clean_failure(kit, vault, committed, exc)


def test_failed_write_leaves_no_plaintext_and_no_temp(kit: Any, faults: Any) -> None:
    vault = _setup(kit)
    vault.clients.add(kit.client("secret", CANARY))
    faults.fail("fsync", errno.EIO, when=_file_fsync)
    with pytest.raises(VaultWriteError):
        vault.compact()
    faults.clear()
    names = [p.name for p in kit.files_under(kit.path.parent)]
    assert not [n for n in names if n.endswith(".tmp")], names
    for p in kit.files_under(kit.path.parent):
        assert CANARY.encode() not in p.read_bytes()
