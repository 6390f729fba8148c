"""bench.bandwidth's terminal: a program on the slave side of a pty this process owns."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from bench.bandwidth_anatomy import ANSI, plain
from bench.harness import COLS, ROWS, BenchError

FAILURE_MARKERS = (b"Traceback", b"Wrong passphrase", b"homeops: ")


def _take_controlling_terminal() -> None:
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """A program on the slave side of a pty this process owns, as sshd runs a login."""

    def __init__(
        self, argv: Sequence[str], env: dict[str, str], cwd: Path, size: tuple[int, int]
    ) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
        try:
            self.proc = subprocess.Popen(
                list(argv),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                cwd=cwd,
                start_new_session=True,
                preexec_fn=_take_controlling_terminal,
            )
        finally:
            os.close(slave)
        self.seen = b""  # everything read so far
        self.closed = False

    def _read(self, timeout: float) -> bytes | None:
        """Up to 64 KiB written within ``timeout``; b"" if none; None once the slave is gone."""
        if self.closed:
            return None
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return b""
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: every slave fd is closed (the program ended)
            return None
        if not data:
            return None
        self.seen += data
        return data

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def read_until(self, markers: Sequence[bytes], timeout: float) -> bytes:
        """Read until the text shows every marker; returns what was read meanwhile."""
        got = b""
        deadline = time.monotonic() + timeout
        while True:
            text = ANSI.sub(b"", got)
            if all(marker in text for marker in markers):
                return got
            self._fail_on(text, markers)
            left = deadline - time.monotonic()
            if left <= 0:
                raise BenchError(f"{markers!r} never showed; last text: {plain(got)[-400:]!r}")
            data = self._read(min(left, 0.2))
            if data is None:
                raise BenchError(f"the program ended; last text: {plain(got)[-400:]!r}")
            got += data

    def _fail_on(self, text: bytes, markers: Sequence[bytes]) -> None:
        for failure in FAILURE_MARKERS:
            if failure in text and failure not in markers:
                raise BenchError(f"saw {failure!r}: {ANSI.sub(b'', self.seen)[-600:]!r}")

    def read_quiet(self, quiet: float, bound: float, minimum: float = 0.0) -> tuple[bytes, bool]:
        """Read until nothing came for ``quiet`` s (after at least ``minimum`` s), at most
        ``bound`` s; returns the bytes and whether it went quiet within the bound."""
        got = b""
        started = time.monotonic()
        last = started
        while True:
            now = time.monotonic()
            if now - last >= quiet and now - started >= minimum:
                return got, True
            if now - started >= bound:
                return got, False
            wait = min(quiet - (now - last), bound - (now - started))
            wait = max(wait, minimum - (now - started), 0.01)
            data = self._read(wait)
            if data is None:
                raise BenchError(f"the program ended; last text: {plain(self.seen)[-400:]!r}")
            if data:
                got += data
                last = time.monotonic()

    def close(self) -> None:
        """Hang up (close the master, as a dropped link does), then SIGKILL what is left."""
        if not self.closed:
            self.closed = True
            with suppress(OSError):
                os.close(self.master)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)
        # The program's own children, if any, are in its process group.
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)


@contextmanager
def terminal(argv: Sequence[str], env: dict[str, str], cwd: Path) -> Iterator[Terminal]:
    term = Terminal(argv, env, cwd, (ROWS, COLS))
    try:
        yield term
    finally:
        term.close()


def base_env(home: Path, colorterm: str | None) -> dict[str, str]:
    drop = ("NO_COLOR", "COLUMNS", "LINES", "COLORTERM", "TEXTUAL", "TMUX", "TERM_PROGRAM")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("TEXTUAL_")}
    env.update(TERM="xterm-256color", HOME=str(home), LANG=env.get("LANG", "C.UTF-8"))
    if colorterm:
        env["COLORTERM"] = colorterm
    return env
