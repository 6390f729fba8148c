"""Rolling encrypted backups beside the vault: one per day of use, the last N kept.

A backup is a byte copy of the vault file as it was at open, so it is encrypted exactly
as the vault is, under the passphrase in force that day.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from storage.vaultfile import write_atomically

_DATED = re.compile(r"-(\d{4}-\d{2}-\d{2})\.hops$")


def backup_dir(vault: Path) -> Path:
    return vault.parent / "backups"


def backups(vault: Path) -> list[Path]:
    """This vault's dated backups, oldest first."""
    folder = backup_dir(vault)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{vault.stem}-*.hops") if _DATED.search(p.name)]
    return sorted(found, key=lambda p: p.name)


def ensure_private_dir(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        os.chmod(folder, 0o700)


def copy_prefix(fd: int, length: int, target: Path) -> None:
    """Write the first ``length`` bytes of the open file ``fd`` to ``target``, atomically."""
    chunks = []
    offset = 0
    while offset < length:
        chunk = os.pread(fd, min(1 << 22, length - offset), offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    write_atomically(target, chunks)


def daily_backup(vault: Path, fd: int, length: int, today: date, keep: int) -> Path | None:
    """Today's backup from the open vault ``fd`` unless one exists; prune to ``keep``."""
    folder = backup_dir(vault)
    ensure_private_dir(folder)
    target = folder / f"{vault.stem}-{today.isoformat()}.hops"
    made = None
    if not target.exists():
        copy_prefix(fd, length, target)
        made = target
    for old in backups(vault)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return made
