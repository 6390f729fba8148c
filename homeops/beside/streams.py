"""Standard streams per thread: a served command prints into its own capture, the console's
threads keep theirs.

The command line prints with ``print()`` to ``sys.stdout``; the console's process has one
``sys.stdout`` for all its threads. While a server runs, ``sys.stdin``, ``sys.stdout`` and
``sys.stderr`` are routers: in a thread serving a command they lead to that command's
captures (standard input reads as empty, never the console's terminal), everywhere else to
what was there before.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from homeops.cli.common import Shown
from homeops.rules.text import shown

_local = threading.local()
_servers = 0  # servers running: the routers stay while one does
_guard = threading.Lock()


class Capture(io.StringIO):
    """What a served command prints, as the asking terminal would take it."""

    def __init__(self, *, tty: bool, columns: int) -> None:
        super().__init__()
        self.tty = tty
        self.columns = columns

    def isatty(self) -> bool:
        return self.tty


class _Out(Shown):
    """``sys.stdout`` or ``sys.stderr``: a ``Shown`` stream, in a served thread as in the
    command line (``homeops.cli.common.exact`` reaches the capture under it)."""

    def __init__(self, usual: TextIO, key: str) -> None:
        io.TextIOBase.__init__(self)
        self.usual = usual
        self._key = key

    def _mine(self) -> Capture | None:
        mine: Capture | None = getattr(_local, self._key, None)
        return mine

    @property  # Shown's plain attribute, here chosen per thread
    def inner(self) -> TextIO:
        return self._mine() or self.usual

    @inner.setter
    def inner(self, _stream: TextIO) -> None:
        return

    @property
    def columns(self) -> int:
        mine = self._mine()
        return mine.columns if mine is not None else 0

    def write(self, text: str) -> int:
        mine = self._mine()
        if mine is None:
            return self.usual.write(text)
        mine.write(shown(text, lines=True))
        return len(text)

    def flush(self) -> None:
        if self._mine() is None:
            self.usual.flush()

    def isatty(self) -> bool:
        return (self._mine() or self.usual).isatty()

    def fileno(self) -> int:
        return (self._mine() or self.usual).fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8" if self._mine() is not None else self.usual.encoding


class _In(io.TextIOBase):
    """``sys.stdin``: empty and no terminal in a served thread (no prompt can wait there)."""

    def __init__(self, usual: TextIO) -> None:
        super().__init__()
        self.usual = usual

    def _served(self) -> bool:
        return getattr(_local, "out", None) is not None

    def read(self, size: int | None = -1) -> str:
        return "" if self._served() else self.usual.read(-1 if size is None else size)

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return "" if self._served() else self.usual.readline(-1 if size is None else size)

    def isatty(self) -> bool:
        return False if self._served() else self.usual.isatty()

    def fileno(self) -> int:
        if self._served():
            raise io.UnsupportedOperation("a served command has no standard input")
        return self.usual.fileno()

    def readable(self) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:
        return getattr(self.usual, name)


def _wrap() -> None:
    if not isinstance(sys.stdin, _In):
        sys.stdin = _In(sys.stdin)
    if not isinstance(sys.stdout, _Out):
        sys.stdout = _Out(sys.stdout, "out")
    if not isinstance(sys.stderr, _Out):
        sys.stderr = _Out(sys.stderr, "err")


def install() -> None:
    """Put the routers in place (once, however many servers run; ``uninstall`` as often)."""
    global _servers
    with _guard:
        _servers += 1
        _wrap()


def ensure() -> None:
    """Route again if something replaced the streams since (a test harness, a suspended
    console's own redirection): the routers then lead to what is there now."""
    with _guard:
        if _servers:
            _wrap()


def uninstall() -> None:
    global _servers
    with _guard:
        _servers = max(0, _servers - 1)
        if _servers:
            return
        # Only our own routers are taken away: whatever replaced them since stays.
        if isinstance(sys.stdin, _In):
            sys.stdin = sys.stdin.usual
        if isinstance(sys.stdout, _Out):
            sys.stdout = sys.stdout.usual
        if isinstance(sys.stderr, _Out):
            sys.stderr = sys.stderr.usual


@contextmanager
def captured(out: Capture, err: Capture) -> Iterator[None]:
    """In this thread, the standard streams lead to ``out`` and ``err`` (and empty input)."""
    _local.out, _local.err = out, err
    try:
        yield
    finally:
        _local.out = _local.err = None
