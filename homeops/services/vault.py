"""Opening and closing the business's vault: create, unlock, read-only, restore, who holds it.

The faces call these and get a ``Business`` back; they never see the vault's lock, file or
reader. A passphrase goes straight to the vault's KDF and is never kept here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date
from pathlib import Path

from homeops.config import Settings
from homeops.services.business import Business
from homeops.services.clients import PURGE_PENDING, finish_purge
from homeops.services.sessions import ask_to_close, can_ask_to_close, who_holds
from homeops.storage.crypto import KdfParams
from homeops.storage.errors import LockHolder, VaultRolledBack
from homeops.storage.repos_money import LEDGER_TABLE
from homeops.storage.vault import Vault

__all__ = [
    "KdfParams",
    "LockHolder",
    "ask_to_close",
    "can_ask_to_close",
    "create",
    "exists",
    "judge_copy",
    "open_business",
    "read_balances",
    "restore",
    "who_holds",
]


def exists(path: Path) -> bool:
    return Vault.exists(path)


def create(
    path: Path, passphrase: str, settings: Settings, *, kdf: KdfParams | None = None
) -> Business:
    """A new empty vault at ``path`` (never over an existing one), open and locked."""
    return Business(Vault.create(path, passphrase, kdf=kdf), settings)


def open_business(
    path: Path,
    passphrase: str,
    settings: Settings,
    *,
    progress: Callable[[float], None] | None = None,
    read_only: bool = False,
    accept_copy: bool = False,
    today: date | None = None,
    tables: Collection[str] | None = None,
    ledger_later: bool = False,
) -> Business:
    """Unlock the vault at ``path``: authenticated, loaded and locked (unless read-only).

    ``tables``: load only these (a command that names what it reads); any other table
    raises ``TableNotRead``. An erasure left pending needs every table: then all are read.

    ``ledger_later``: the ledger's entries (most of a vault's documents) are decoded when
    first needed or when ``Business.read_everything`` asks (the console: after its first
    frame), not before the business opens.

    ``accept_copy`` keeps a file that is behind its high-water mark (``homeops accept-copy``).
    An erasure whose compaction or backups' replacement a full disk stopped is finished here
    (``services.clients.finish_purge``), with a notice in ``warnings``.
    """
    vault = Vault.open(
        path,
        passphrase,
        progress=progress,
        read_only=read_only,
        backups_keep=settings.backups.keep,
        today=today,
        accept_copy=accept_copy,
        tables=tables,
        later=(LEDGER_TABLE,) if ledger_later and tables is None else (),
    )
    if vault.partial and not read_only and vault.meta.get(PURGE_PENDING):
        vault.close(compact=False)
        return open_business(
            path, passphrase, settings, progress=progress, accept_copy=accept_copy, today=today
        )
    if not read_only:
        notice = finish_purge(vault, today or date.today())
        if notice:
            vault.warnings.append(notice)
    return Business(vault, settings)


def judge_copy(path: Path, passphrase: str) -> VaultRolledBack | None:
    """Why the vault at ``path`` is behind or beside its high-water mark (the refusal, with
    its counts: what ``accept_copy`` would give up), or None when it is not. Read-only: no
    lock is taken, nothing is written."""
    try:
        Vault.open(path, passphrase, read_only=True).close()
    except VaultRolledBack as refused:
        return refused
    return None


def restore(backup: Path, path: Path, passphrase: str, settings: Settings) -> Business:
    """Replace the vault at ``path`` with ``backup`` once all of it authenticates."""
    return Business(
        Vault.restore(backup, path, passphrase, backups_keep=settings.backups.keep), settings
    )


def read_balances(path: Path, passphrase: str, envelopes: Sequence[str]) -> dict[str, int]:
    """Envelope balances (cents) read from the ledger's part of the file alone, unlocked."""
    return Vault.read_balances(path, passphrase, envelopes)
