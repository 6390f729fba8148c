"""Leaving cleanly when the terminal goes away (a dropped SSH link) or we are told to stop.

SIGHUP reaches only the session leader, and a console started through ``make run`` is not
one: when the link drops, ``make`` may outlive the terminal while the console keeps running,
its writes failing and its event loop stuck. So besides the signals, a thread checks the
terminal every second (a hung-up terminal answers EIO) and raises SIGHUP itself.

The handler is a plain ``signal.signal`` one, not the event loop's: it runs on the main
thread even when the loop is blocked, starts a timer that ends the process within
``EXIT_AFTER`` seconds whatever happens, and asks the loop to close the vault and exit
cleanly first. Every change is already on disk, and the kernel frees the vault's lock
when the process ends.

A console suspended with ctrl+z is stopped: a stop signal waits until it is continued
(another session's ctrl+t sends SIGCONT after SIGTERM, a shell that exits sends SIGHUP then
SIGCONT). Once told to stop it must not take the terminal back: the shell may own it, and
touching it from the background would stop the process again before it could leave.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import termios
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

EXIT_AFTER = 1.5  # seconds
SIGNALS = (signal.SIGHUP, signal.SIGTERM)
_CHECK_EVERY = 1.0  # seconds between terminal checks
# Terminal signals that would stop a process touching its terminal from the background.
_BACKGROUND_STOPS = (signal.SIGTTOU, signal.SIGTTIN)


def farewell(signum: int) -> str:
    """The line a console leaves with when told to stop (none for a hang-up: no one reads it)."""
    if signum == signal.SIGTERM:
        return "homeops: closed on request (another session's ctrl+t, or SIGTERM); all saved"
    return ""


class HangUpGuard:
    """Call ``leave(signum)`` on the event loop when the terminal hangs up or a stop signal
    comes, and end the process ``EXIT_AFTER`` seconds later regardless."""

    def __init__(self, leave: Callable[[int], None]) -> None:
        self._leave = leave
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous: dict[int, Any] = {}
        self._stopped = threading.Event()
        self._fired = False

    def start(self) -> None:
        """Install the handlers (main thread only: elsewhere, as under some test runners,
        nothing is installed) and watch the terminal if there is one."""
        if threading.current_thread() is not threading.main_thread():
            return
        self._loop = asyncio.get_running_loop()
        for signum in SIGNALS:
            self._previous[signum] = signal.signal(signum, self._signalled)
        fd = _terminal_fd()
        if fd is not None:
            watcher = threading.Thread(
                target=self._watch, args=(fd,), name="terminal-watch", daemon=True
            )
            watcher.start()

    def stop(self) -> None:
        self._stopped.set()
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()

    def _signalled(self, signum: int, _frame: FrameType | None) -> None:
        if self._fired:
            return
        self._fired = True
        # Leaving from now on: a SIGCONT must not resume the full screen (Textual's handler
        # would), and the terminal is touched only to give it back.
        signal.signal(signal.SIGCONT, signal.SIG_DFL)
        for stop in _BACKGROUND_STOPS:
            signal.signal(stop, signal.SIG_IGN)
        timer = threading.Timer(EXIT_AFTER, os._exit, args=(128 + signum,))
        timer.daemon = True
        timer.start()
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._leave, signum)

    def _watch(self, fd: int) -> None:
        while not self._stopped.wait(_CHECK_EVERY):
            try:
                termios.tcgetattr(fd)
            except (termios.error, OSError):
                if not self._stopped.is_set():
                    os.kill(os.getpid(), signal.SIGHUP)
                return


def _terminal_fd() -> int | None:
    stream = sys.__stdin__
    try:
        fd = stream.fileno() if stream is not None else -1
    except (OSError, ValueError):
        return None
    return fd if fd >= 0 and os.isatty(fd) else None
