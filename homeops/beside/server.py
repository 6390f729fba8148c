"""The console's side: serve the commands typed beside it while its vault is unlocked.

Started when the vault opens, closed when it locks or the console quits (or hangs up); the
socket file goes with it. Each connection is read in a thread of its own, with bounds and a
deadline, then the commands run one at a time, holding the vault's writer: the console's
own changes wait meanwhile (and say so). Nothing about a peer or a command is logged.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from homeops.beside import frames, place, served, streams
from homeops.beside.client import ENV_KEYS
from homeops.services import Business

REQUEST_SECONDS = 5.0  # a whole request, from connecting: a slow peer is dropped
REPLY_SECONDS = 30.0  # for the peer to take the reply
READERS = 8  # connections read at once; more are told "busy" (the client tries again)
BACKLOG = 64  # connections queued before one is read
SWEEP_MAX = 256  # stale sockets looked at when serving starts
SWEEP_YOUNG_SECONDS = 10.0
# Words, characters each: only the request's size (frames.REQUEST_MAX) bounds them, so every
# argument the command line accepts (notes of 20,000 characters) is served, and the command
# line itself refuses what is too long, with its usual line.
_ARGS_MAX, _ARG_MAX = 4096, frames.REQUEST_MAX
BUSY = {"busy": True}  # nothing was read: the client tries again
READY = {"ready": True}  # the client sends its request only then: a stopped console never
# gets a command it cannot answer
TAKEN = {"taken": True}  # the request was read: sent before it waits for its turn
REFUSED_SHAPE = (
    "homeops: the command could not be handed to the open console (too long, or not "
    "understood); nothing was recorded\n"
)
OPEN_SCREEN = (
    "homeops: the console has a screen open (a form, a mission, help): close it and run "
    "the command again; nothing was recorded\n"
)
_COLUMNS_MAX = 10_000


def checked(message: Mapping[str, Any]) -> dict[str, Any] | None:
    """The request, if it has the protocol's shape and bounds; None otherwise."""
    argv, cwd, env = message.get("argv"), message.get("cwd"), message.get("env")
    if message.get("v") != frames.VERSION:
        return None
    if not (isinstance(argv, list) and len(argv) <= _ARGS_MAX):
        return None
    if not all(isinstance(a, str) and len(a) <= _ARG_MAX for a in argv):
        return None
    if not (isinstance(cwd, str) and os.path.isabs(cwd) and len(cwd) <= _ARG_MAX):
        return None
    if not (isinstance(env, dict) and set(env) <= set(ENV_KEYS)):
        return None
    if not all(isinstance(v, str) and len(v) <= _ARG_MAX for v in env.values()):
        return None
    columns = message.get("columns")
    if not (isinstance(columns, int) and 0 <= columns <= _COLUMNS_MAX):
        return None
    ttys = message.get("stdout_tty"), message.get("stderr_tty")
    if not all(isinstance(t, bool) for t in ttys):
        return None
    return {
        "argv": argv,
        "cwd": cwd,
        "env": env,
        "columns": columns,
        "stdout_tty": ttys[0],
        "stderr_tty": ttys[1],
    }


class BesideServer:
    """Serves the commands typed beside the console for ``business`` (the vault at
    ``vault``); ``changed()`` is called (from the serving thread) after a command changed
    the vault."""

    def __init__(
        self,
        business: Business,
        vault: Path,
        *,
        env: Mapping[str, str] | None = None,
        changed: Callable[[], None] = lambda: None,
    ) -> None:
        self.business = business
        self.vault = Path(vault)
        self.path = place.socket_path(self.vault, os.environ if env is None else env)
        self._changed = changed
        # True while a screen or dialog is open above the console's main screen: it may
        # hold a copy of the vault's data a served change would make stale (set by the app).
        self.screen_open: Callable[[], bool] = lambda: False
        self._listener: socket.socket | None = None
        self._inode: tuple[int, int] | None = None
        self._open = False
        self._one_at_a_time = threading.Lock()
        self._readers = threading.BoundedSemaphore(READERS)
        self._accepting: threading.Thread | None = None

    @property
    def serving(self) -> bool:
        return self._open

    def start(self) -> bool:
        """Listen; False (and nothing made) when the socket's folder is not private or a
        read-only session holds the business (another session writes the vault)."""
        if self.business.read_only:
            return False
        if not place.private_folder(os.path.dirname(self.path), create=True):
            return False
        if os.path.lexists(self.path):
            # Ours, left by a console killed -9 (this session holds the vault's lock, so no
            # other console serves it); anything else there is not ours to remove.
            if not place.our_socket(self.path):
                return False
            os.unlink(self.path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(self.path)
            os.chmod(self.path, 0o600)  # the folder (0700) already keeps others out
            info = os.lstat(self.path)
            listener.listen(BACKLOG)
            listener.settimeout(0.2)  # how soon closing is noticed by the accepting thread
        except OSError:
            listener.close()
            return False
        self._inode = (info.st_dev, info.st_ino)
        self._listener = listener
        self._open = True
        streams.install()
        self._accepting = threading.Thread(target=self._accept, name="beside", daemon=True)
        self._accepting.start()
        return True

    def close(self) -> None:
        """Stop serving: the socket file is removed, and a command running finishes first
        (one waiting is told to run itself)."""
        if self._listener is None:
            return
        self._open = False
        with self._one_at_a_time:  # the command running, if any, ends before the vault closes
            pass
        listener, self._listener = self._listener, None
        self._remove_socket()
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread at once
        listener.close()
        if self._accepting is not None and self._accepting is not threading.current_thread():
            self._accepting.join(timeout=1.0)
        streams.uninstall()

    def _remove_socket(self) -> None:
        with contextlib.suppress(OSError):
            info = os.lstat(self.path)
            if (info.st_dev, info.st_ino) == self._inode:  # never another console's socket
                os.unlink(self.path)

    def _accept(self) -> None:
        served.parser()  # built now, not while the first command waits
        self._sweep()
        while self._open:
            listener = self._listener
            if listener is None:
                return
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._readers.acquire(blocking=False):
                with conn, contextlib.suppress(OSError):  # nothing read: the client retries
                    conn.settimeout(0.2)
                    frames.send(conn, BUSY)
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _sweep(self) -> None:
        """Remove the sockets that consoles killed -9 left in our folder (nothing listens on
        them). A socket made in the last seconds is left alone: its console may not be
        listening yet."""
        folder = os.path.dirname(self.path)
        try:
            names = sorted(os.listdir(folder))[:SWEEP_MAX]
        except OSError:
            return
        for name in names:
            path = os.path.join(folder, name)
            if not name.endswith(".sock") or path == self.path or not place.our_socket(path):
                continue
            with contextlib.suppress(OSError):
                if time.time() - os.lstat(path).st_mtime < SWEEP_YOUNG_SECONDS:
                    continue
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            probe.settimeout(0.5)
            try:
                probe.connect(path)
            except ConnectionRefusedError:
                with contextlib.suppress(OSError):
                    os.unlink(path)
            except OSError:
                pass
            finally:
                probe.close()

    def _serve(self, conn: socket.socket) -> None:
        try:
            with conn:
                if frames.peer_uid(conn) not in (None, os.getuid()):
                    return  # another user: not a word
                conn.settimeout(REQUEST_SECONDS)
                frames.send(conn, READY)
                try:
                    request = checked(frames.receive(conn, frames.REQUEST_MAX, REQUEST_SECONDS))
                except frames.TooLong:
                    request = None
                except (OSError, frames.FrameError):
                    return
                conn.settimeout(REPLY_SECONDS)
                if request is None:
                    with contextlib.suppress(OSError):
                        frames.send(conn, served.Reply("", REFUSED_SHAPE, 1).message())
                    return
                try:
                    frames.send(conn, TAKEN)  # the client knows the console is awake
                except OSError:
                    return  # the client gave up waiting: nothing is run
                reply = self._run(request)
                conn.settimeout(REPLY_SECONDS)
                with contextlib.suppress(OSError):
                    frames.send(conn, reply.message())
        except Exception:  # a peer must never take the console down
            return
        finally:
            self._readers.release()

    def _run(self, request: dict[str, Any]) -> served.Reply:
        with self._one_at_a_time:
            if not self._open:
                return served.Reply("", "", 0, fallback=True)
            if self._screen_open():
                return served.Reply("", OPEN_SCREEN, 1)
            before = self._changes()
            with self.business.held():
                reply = served.run(self.business, self.vault, request)
            if self._changes() != before:
                self._changed()
        return reply

    def _screen_open(self) -> bool:
        try:
            return bool(self.screen_open())
        except Exception:  # unsure: refusing loses nothing
            return True

    def _changes(self) -> int:
        try:
            return int(self.business.info()["changes"])
        except Exception:  # a closed or broken file: nothing to compare
            return -1
