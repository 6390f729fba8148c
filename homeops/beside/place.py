"""Where a vault's socket lives, and the checks that keep it from being planted or hijacked.

Not beside the vault: its folder may be shared, and a Unix socket's path is limited to about
100 bytes. The socket is ``<runtime dir>/homeops/<hash of the vault's real path>.sock``: the
runtime dir is ``$XDG_RUNTIME_DIR`` (the user's own 0700 folder) or ``/tmp``. Our folder in
it must be ours, 0700 and a real folder (lstat: no symbolic link); the socket must be a
socket, ours and not a link. Standard library only: the command line's fast path imports it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping

FOLDER = "homeops"


def folder(env: Mapping[str, str]) -> str:
    """The folder of every vault's socket for this user."""
    base = env.get("XDG_RUNTIME_DIR", "")
    if base and os.path.isabs(base):
        return os.path.join(base, FOLDER)
    return os.path.join("/tmp", f"{FOLDER}-{os.getuid()}")  # checked: ours, 0700


def socket_path(vault: str | os.PathLike[str], env: Mapping[str, str]) -> str:
    """The socket of the vault at ``vault`` (any name of it: the real path is hashed)."""
    import hashlib  # here: it loads OpenSSL, which the console's start does not need

    real = os.path.realpath(vault)
    digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:24]
    return os.path.join(folder(env), f"{digest}.sock")


def private_folder(path: str, *, create: bool) -> bool:
    """Whether ``path`` is a folder of ours that no one else can enter (0700, not a link);
    made first when ``create``."""
    if create:
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
    )


def our_socket(path: str) -> bool:
    """Whether ``path`` is a socket (not a link to one) of ours, in a private folder."""
    if not private_folder(os.path.dirname(path), create=False):
        return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISSOCK(info.st_mode) and info.st_uid == os.getuid()
