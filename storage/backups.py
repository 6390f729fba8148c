"""Rolling encrypted backups beside the vault: one per day of use, the last N kept.

A backup is a byte copy of the vault file as it was at open, so it is encrypted exactly
as the vault is, under the passphrase in force that day.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from homeops.storage.lock import real_path
from homeops.storage.vaultfile import write_atomically


def backup_dir(vault: Path) -> Path:
    return real_path(vault).parent / "backups"  # beside the file, not beside a link to it


def backups(vault: Path) -> list[Path]:
    """This vault's dated backups (not a sibling vault's), oldest first."""
    vault = real_path(vault)
    folder = backup_dir(vault)
    if not folder.is_dir():
        return []
    dated = re.compile(re.escape(vault.stem) + r"-\d{4}-\d{2}-\d{2}\.hops")
    return sorted(p for p in folder.iterdir() if dated.fullmatch(p.name))


def ensure_private_dir(folder: Path, warnings: list[str] | None = None) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    mode = folder.stat().st_mode & 0o777
    if mode & 0o077:
        os.chmod(folder, 0o700)
        if warnings is not None:
            warnings.append(f"tightened permissions of {folder.name}/ to 0700 (they were {mode:o})")


def tighten_files(vault: Path, warnings: list[str]) -> None:
    """Backups are as private as the vault: 0600, saying so when they were not."""
    for path in backups(vault):
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(path, 0o600)
            warnings.append(f"tightened permissions of backups/{path.name} to 0600 (were {mode:o})")


def remove_leftovers(vault: Path) -> None:
    """Temp files of rewrites that a crash interrupted (call only while holding the lock)."""
    for folder in (vault.parent, backup_dir(vault)):
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp"):
                if tmp.name.startswith((f".{vault.name}.", f".{vault.stem}-")):
                    tmp.unlink(missing_ok=True)


def copy_prefix(fd: int, length: int, target: Path) -> None:
    """Write the first ``length`` bytes of the open file ``fd`` to ``target``, atomically.

    Streamed 4 MiB at a time: a copy never holds the whole vault in memory."""

    def chunks() -> Iterator[bytes]:
        offset = 0
        while offset < length:
            chunk = os.pread(fd, min(1 << 22, length - offset), offset)
            if not chunk:
                return
            offset += len(chunk)
            yield chunk

    write_atomically(target, chunks())


def daily_backup(
    vault: Path, fd: int, length: int, today: date, keep: int, warnings: list[str]
) -> Path | None:
    """Today's backup from the open vault ``fd`` unless one exists; prune to ``keep``."""
    folder = backup_dir(vault)
    ensure_private_dir(folder, warnings)
    tighten_files(vault, warnings)
    target = folder / f"{vault.stem}-{today.isoformat()}.hops"
    made = None
    if not target.exists():
        copy_prefix(fd, length, target)
        made = target
    for old in backups(vault)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return made
