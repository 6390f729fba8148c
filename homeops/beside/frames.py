"""The protocol between a command line and the console beside it: length-prefixed JSON.

A frame is a 4-byte big-endian length, then that many bytes of UTF-8 JSON (one object).
Each side bounds what it accepts and gives up at a deadline, so a peer that sends garbage,
a huge length or one byte a minute costs a reader a few seconds at most, never a hang.
Standard library only (the command line's fast path).
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import time
from typing import Any

VERSION = 1
REQUEST_MAX = 256 * 1024  # bytes: an argv, a folder and a few variables
REPLY_MAX = 256 * 1024 * 1024  # bytes: a whole export printed to standard output
_LENGTH = struct.Struct(">I")
_CREDENTIALS = struct.Struct("3i")  # struct ucred: pid, uid, gid


class FrameError(Exception):
    """The peer sent something that is not a frame, too much, or too slowly."""


class TooLong(FrameError):
    """The peer announced a frame longer than accepted (nothing of it was read)."""


def encoded(message: dict[str, Any]) -> bytes:
    data = json.dumps(message, ensure_ascii=False).encode("utf-8", "surrogateescape")
    return _LENGTH.pack(len(data)) + data


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    sock.sendall(encoded(message))


def _read(sock: socket.socket, count: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    left = count
    while left:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FrameError("too slow")
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(min(left, 1 << 20))
        except TimeoutError:
            raise FrameError("too slow") from None
        if not chunk:
            raise FrameError("cut short")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive(sock: socket.socket, most: int, seconds: float) -> dict[str, Any]:
    """One frame of at most ``most`` bytes, whole within ``seconds``; ``FrameError`` if not."""
    deadline = time.monotonic() + seconds
    (length,) = _LENGTH.unpack(_read(sock, _LENGTH.size, deadline))
    if length > most:
        raise TooLong("too long")
    try:
        message = json.loads(_read(sock, length, deadline).decode("utf-8", "surrogateescape"))
    except ValueError:
        raise FrameError("not JSON") from None
    if not isinstance(message, dict):
        raise FrameError("not an object")
    return message


def peer_uid(sock: socket.socket) -> int | None:
    """The user id of the process at the other end (Linux: SO_PEERCRED); None elsewhere."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None or not sys.platform.startswith("linux"):
        return None
    raw = sock.getsockopt(socket.SOL_SOCKET, option, _CREDENTIALS.size)
    return int(_CREDENTIALS.unpack(raw)[1])
