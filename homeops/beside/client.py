"""The command line's side: hand a command to the console that holds the vault, if one does.

Called by the entry point before anything heavy is imported (Textual, cryptography, TinyDB):
a command served by the console costs a Python start, this module and a round trip, not a
KDF. ``None`` means "run it yourself": no console serves this vault (none open, locked, the
setting off, killed -9 and its socket stale), or the command is one that never needs it.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any, BinaryIO

from homeops.beside import frames, place

# Commands that never use the open vault, and ``check``, which must authenticate the file
# itself (read-only, it always worked beside the console): run here, as always.
LOCAL = frozenset({"demo", "config", "keys", "init", "check"})
_VALUED = frozenset({"--vault", "--config", "--passphrase-file"})  # global options' values
# What the served command may read of our environment (paths, colours, time zone).
ENV_KEYS = (
    "HOME",
    "HOMEOPS_CONFIG",
    "HOMEOPS_VAULT",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "NO_COLOR",
    "TZ",
)
CONNECT_SECONDS = 2.0
TAKEN_SECONDS = 3.0  # for the console to say it read the command: else it is stopped (ctrl+z)
BUSY_SECONDS = 15.0  # how long to try again while the console reads other commands
REPLY_SECONDS = 300.0  # a long write (an erasure) in the console may hold the command back
LOST = (
    "homeops: the console holding the vault stopped answering; "
    "whether the command was recorded is unknown: look in the console"
)
SILENT = (
    "homeops: the console holding the vault does not answer (suspended with ctrl+z? fg "
    "brings it back); the command was not run"
)
BUSY = (
    "homeops: the console holding the vault is busy with other commands; the command was "
    "not run: run it again"
)
TOO_LONG = (
    "homeops: the command is too long to hand to the open console; nothing was recorded: "
    "close the console (ctrl+q) to run it"
)


def command_and_vault(argv: Sequence[str]) -> tuple[str | None, str | None]:
    """The command's name (None: the console itself) and the ``--vault`` given, if any."""
    command: str | None = None
    vault: str | None = None
    i = 0
    while i < len(argv):
        word = argv[i]
        name, eq, value = word.partition("=")
        if name in _VALUED:
            if not eq:
                i += 1
                value = argv[i] if i < len(argv) else ""
            if name == "--vault":
                vault = value
        elif command is None and not word.startswith("-"):
            command = word
        i += 1
    return command, vault


def vault_path(flag: str | None, env: Mapping[str, str]) -> str:
    """The vault the command line would open: ``homeops.config.paths.resolve_paths``'s rule
    (flag > HOMEOPS_VAULT > XDG_DATA_HOME > ~/.local/share), without importing the config;
    tests/test_beside.py holds the two to the same answers."""
    home = env.get("HOME") or os.path.expanduser("~")

    def expand(text: str) -> str:
        return os.path.join(home, text[2:]) if text == "~" or text.startswith("~/") else text

    if flag:
        return expand(flag)
    if env.get("HOMEOPS_VAULT"):
        return expand(env["HOMEOPS_VAULT"])
    base = env.get("XDG_DATA_HOME", "")
    if not (base and os.path.isabs(base)):
        base = os.path.join(home, ".local/share")
    return os.path.join(base, "homeops", "vault.hops")


def _columns(stream: Any) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns if stream.isatty() else 0
    except (AttributeError, OSError, ValueError):
        return 0


def _tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _write(stream: Any, text: str) -> None:
    if not text:
        return
    buffer: BinaryIO | None = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8", "surrogateescape"))
        buffer.flush()
    else:
        stream.write(text)
        stream.flush()


def _said(line: str) -> int:
    print(line, file=sys.stderr)
    return 1


def beside(argv: Sequence[str], env: Mapping[str, str]) -> int | None:
    """Run ``argv`` in the console that holds its vault; its exit status, or None when no
    console serves it (run the command here)."""
    command, flag = command_and_vault(argv)
    if command is None or command in LOCAL:
        return None
    path = place.socket_path(vault_path(flag, env), env)
    if not place.our_socket(path):
        return None
    request = {
        "v": frames.VERSION,
        "argv": list(argv),
        "cwd": os.getcwd(),
        "env": {key: env[key] for key in ENV_KEYS if key in env},
        "stdout_tty": _tty(sys.stdout),
        "stderr_tty": _tty(sys.stderr),
        "columns": _columns(sys.stdout),
    }
    tries_until = time.monotonic() + BUSY_SECONDS
    while True:
        reply = _ask(path, request)
        if reply is None or not reply.get("busy"):
            break
        if time.monotonic() > tries_until:
            return _said(BUSY)
        time.sleep(0.1)  # the console reads at most a few commands at once
    if reply is None:
        return None
    if isinstance(reply.get("said"), str):
        return _said(reply["said"])
    if reply.get("fallback"):
        return None  # the console closed the vault before running it
    try:
        _write(sys.stdout, str(reply.get("stdout", "")))
        _write(sys.stderr, str(reply.get("stderr", "")))
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:  # a full disk, /dev/full: the same line as without the console
        return _said(f"homeops: cannot write the output: {exc.strerror or 'write failed'}")
    code = reply.get("code", 1)
    return code if isinstance(code, int) else 1


def _ask(path: str, request: dict[str, Any]) -> dict[str, Any] | None:
    """The console's reply; ``{"busy": True}`` when it reads other commands (nothing was
    read), ``{"said": LINE}`` when the command was not run or its fate is unknown; None
    when no console listens (run the command here)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(CONNECT_SECONDS)
        try:
            sock.connect(path)
        except OSError:
            return None  # a stale socket (its console was killed)
        if frames.peer_uid(sock) not in (None, os.getuid()):
            return None
        size = len(json.dumps(request, ensure_ascii=False).encode("utf-8", "surrogateescape"))
        if size > frames.REQUEST_MAX:
            return {"said": TOO_LONG}
        try:  # first the console says it is awake (or busy); only then is the command sent
            first = frames.receive(sock, frames.REPLY_MAX, TAKEN_SECONDS)
            if not first.get("ready"):
                return first if first.get("busy") else {"said": SILENT}
            frames.send(sock, request)
            first = frames.receive(sock, frames.REPLY_MAX, TAKEN_SECONDS)
        except (OSError, frames.FrameError):
            return {"said": SILENT}  # not read (the console is stopped), so not run
        if not first.get("taken"):
            return first  # refused before running
        try:
            return frames.receive(sock, frames.REPLY_MAX, REPLY_SECONDS)
        except (OSError, frames.FrameError):
            return {"said": LOST}
    finally:
        sock.close()
