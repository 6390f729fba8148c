"""Where a document or an export may be written (issue 15, review r15a #1 #3 #4 #5 #11 #12).

- ``protected_paths`` / ``refuse_protected``: a file given with ``--out`` is never the vault,
  its high-water mark, its lock, a file under its backups folder or the settings file (the
  same file by ``os.path.samefile`` when it exists, by its real path when it does not):
  writing there would destroy the vault or the settings.
- ``target``: ``~`` expanded, a folder (an existing one, or any path ending in "/", made
  0700 when missing) gets the document's own name, and the folder's symbolic links are
  resolved, so one real file has one record whatever path reached it.
- ``sweep_temps``: the ``.NAME.PID.tmp`` a killed write left beside NAME, removed by the
  next write to that folder.

Every OS error is ``CannotWrite``: "cannot write PATH: reason", one line.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from homeops.rules.text import quoted
from homeops.storage.backups import backup_dir
from homeops.storage.lock import lock_path
from homeops.storage.mark import mark_path

if TYPE_CHECKING:
    from homeops.rules.documents_records import DocumentRecord
    from homeops.storage.vault import Vault


class CannotWrite(OSError):
    """The path cannot be written (no permission, not a folder...): "cannot write PATH:
    reason", the path and the OS's reason only."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path, self.reason = path, reason


class PathRefused(ValueError):
    """``--out`` names a file homeops must never replace: "refused: --out is the vault file
    (PATH)"; nothing is touched."""


@dataclass(frozen=True)
class Protected:
    """A file homeops itself keeps (``folder``: everything under it), and its words."""

    path: Path
    what: str
    folder: bool = False


def protected_paths(
    vault: Path, config: Path | None, passphrase_file: str | Path | None = None
) -> tuple[Protected, ...]:
    """The vault file, its mark, its lock, its backups folder, the settings file and the
    ``--passphrase-file`` when it is a regular file ("-" is standard input)."""
    found = [
        Protected(Path(vault), "the vault file"),
        Protected(mark_path(vault), "the vault's high-water mark"),
        Protected(lock_path(vault), "the vault's lock file"),
        Protected(backup_dir(vault), "in the vault's backups folder", folder=True),
    ]
    if config is not None:
        found.append(Protected(Path(config), "the settings file"))
    if passphrase_file is not None and os.fspath(passphrase_file) != "-":
        given = expanded(passphrase_file)
        if given.is_file():  # a pipe (<(...), /dev/stdin) is no file to destroy
            found.append(Protected(given, "the passphrase file"))
    return tuple(found)


def _real(path: Path) -> str:
    return os.path.realpath(os.path.expanduser(os.fspath(path)))


def _same(path: Path, kept: Protected) -> bool:
    real, theirs = _real(path), _real(kept.path)
    if kept.folder:
        return real == theirs or real.startswith(theirs.rstrip(os.sep) + os.sep)
    try:
        if os.path.samefile(path, kept.path):  # a hard link or a symbolic link to it
            return True
    except OSError:  # one of the two does not exist: the real paths decide
        pass
    return real == theirs


def refuse_protected(path: Path, protected: Iterable[Protected], flag: str = "--out") -> None:
    """``PathRefused`` when ``path`` is (or would replace) a file in ``protected``."""
    for kept in protected:
        if _same(path, kept):
            what = kept.what if kept.what.startswith("in ") else f"is {kept.what}"
            raise PathRefused(f"refused: {flag} {what} ({path})")


def refuse_for(path: Path, vault: Path | None, config: Path | None, flag: str) -> None:
    """``refuse_protected`` for a face that may not know the vault's path (None: nothing
    to compare with)."""
    if vault is not None:
        refuse_protected(path, protected_paths(vault, config), flag)


def expanded(path: Path | str) -> Path:
    """``~`` and ``~user`` expanded (``--out=~/x.pdf`` is given to us unexpanded)."""
    return Path(os.path.expanduser(os.fspath(path)))


def folder_of(out_dir: str, config: Path | None, vault: Path) -> Path:
    """``[documents] out_dir`` as a folder: ``~`` expanded; relative to the settings file's
    folder (where it was written), or the vault's when the settings file is unknown; the
    default ``documents/`` beside the vault when not set."""
    if not out_dir:
        return Path(vault).absolute().parent / "documents"
    folder = expanded(out_dir)
    if folder.is_absolute():
        return folder
    base = Path(config).absolute().parent if config is not None else Path(vault).absolute().parent
    return base / folder


def make_private_folder(folder: Path) -> None:
    """``folder`` made (0700 whatever the umask) when missing; ``CannotWrite`` if it cannot."""
    try:
        if not folder.is_dir():
            folder.mkdir(mode=0o700, parents=True)
            os.chmod(folder, 0o700)
    except OSError as exc:
        raise CannotWrite(folder, exc.strerror or "cannot make the folder") from None


def target(out: Path | str | None, name: str, default: Path) -> Path:
    """The real file a document named ``name`` goes to. ``out`` None: ``default`` (made
    0700). ``out`` an existing folder or ending in "/": the name inside it (a missing one
    made 0700). Else ``out`` is the file. The folder's symbolic links are resolved (one real
    file, one record); a link in the last place is replaced by the file, as before."""
    if out is None:
        folder, file_name = expanded(default), name
        make_private_folder(folder)
    else:
        given = os.fspath(out)
        path = expanded(given)
        slash = given.endswith(("/", os.sep))
        try:
            is_dir = path.is_dir()
        except OSError as exc:  # a folder on the way we may not look into
            raise CannotWrite(path, exc.strerror or "cannot look at it") from None
        if slash and not is_dir and os.path.lexists(path):
            raise PathRefused(f"{quoted(given.rstrip('/' + os.sep), tail=True)} is a file, "
                              "not a folder")  # fmt: skip
        if slash or is_dir:
            folder, file_name = path, name
            if slash:
                make_private_folder(folder)
        else:
            folder, file_name = path.parent, path.name
    try:
        real_folder = Path(os.path.realpath(folder))
    except OSError as exc:
        raise CannotWrite(folder, exc.strerror or "cannot resolve the folder") from None
    return real_folder / file_name


def out_path(given: str | Path, name: str) -> Path:
    """A file given with ``--out`` (or typed in the console): ``target`` without a default
    folder. ``name`` is what a folder (``DIR/``, an existing one) gets inside it."""
    return target(given, name, Path())


def sweep_temps(path: Path, before: float | None = None) -> int:
    """Remove the ``.NAME.PID.tmp`` files a killed write of ``path`` left beside it: ours
    (same owner), older than ``before`` (default now), their process gone. Returns how many;
    errors are ignored (a temp left is a leftover, not a failure of this write)."""
    limit = time.time() if before is None else before
    prefix, uid = f".{path.name}.", os.getuid()
    try:
        names = os.listdir(path.parent)
    except OSError:
        return 0
    removed = 0
    for entry in names:
        middle = entry[len(prefix) : -len(".tmp")]
        if not (entry.startswith(prefix) and entry.endswith(".tmp") and middle.isdigit()):
            continue
        leftover = path.parent / entry
        try:
            info = os.lstat(leftover)
            if (
                not stat.S_ISREG(info.st_mode)
                or info.st_uid != uid
                or info.st_mtime >= limit
                or _alive(int(middle))
            ):
                continue
            leftover.unlink()
            removed += 1
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    """A process other than this one with ``pid`` runs (its temp file may be in use)."""
    if pid == os.getpid():
        return False  # ours, from a write that did not finish: never in use now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def unrecord(vault: Vault, path: str, before: DocumentRecord | None) -> None:
    """Undo the record made before a write that failed: removed, or ``before`` put back (the
    file written earlier at that path is still there)."""
    with vault.transaction():
        now = vault.documents.by_path(path)
        if now is None or now.id is None:
            return
        if before is None:
            vault.documents.remove(now.id)
        else:
            vault.documents.update(before)
