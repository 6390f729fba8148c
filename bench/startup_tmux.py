"""bench.startup's terminal: a private tmux server, and polling a pane for markers."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from bench.harness import COLS, OUT, ROOT, ROWS, BenchError

FAILURE_MARKERS = ("Wrong passphrase", "Traceback", "homeops: ")

TIMEOUT_S = 60.0
QUIT_TIMEOUT_S = 10.0


class Tmux:
    """A private tmux server (``tmux -S``) and the sessions this benchmark starts on it."""

    def __init__(self, socket: Path, cwd: Path, env: dict[str, str]) -> None:
        self.socket = socket
        self.cwd = cwd
        self.env = env  # set in every session (tmux new-session -e)
        self.sessions: set[str] = set()
        self.capture_s: list[float] = []
        self._counter = 0
        self._started = False

    def _cmd(self, *args: str) -> list[str]:
        return ["tmux", "-S", str(self.socket), *args]

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._cmd(*args), capture_output=True, text=True, check=check, timeout=30
        )

    def start(self) -> None:
        """Start the server ahead of the runs, so no run pays for the server's start."""
        # exit-empty off: the server stays up between sessions; remain-on-exit: a crash's
        # output stays readable in the pane.
        self.run("start-server", ";", "set-option", "-g", "exit-empty", "off")
        self._started = True
        self.run("set-option", "-g", "remain-on-exit", "on")
        self.run("set-option", "-g", "history-limit", "100")

    def new_session(self, command: Sequence[str]) -> tuple[str, float]:
        """Start ``command`` in a new 80x24 session; returns its name and the start time."""
        self._counter += 1
        name = f"hops-startup-{os.getpid()}-{self._counter}"
        cmd = self._cmd("new-session", "-d", "-s", name, "-x", str(COLS), "-y", str(ROWS))
        cmd += ["-c", str(self.cwd)]
        for key, value in self.env.items():
            cmd += ["-e", f"{key}={value}"]
        cmd += ["--", *command]
        self.sessions.add(name)
        started = time.perf_counter()
        subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=30)
        return name, started

    def capture(self, name: str) -> str:
        before = time.perf_counter()
        out = self.run("capture-pane", "-p", "-t", name, check=False).stdout
        self.capture_s.append(time.perf_counter() - before)
        return out

    def send_keys(self, name: str, *keys: str) -> float:
        """Send keys; returns the time just before the call."""
        started = time.perf_counter()
        self.run("send-keys", "-t", name, *keys)
        return started

    def pane_dead(self, name: str) -> bool:
        proc = self.run("display-message", "-p", "-t", name, "#{pane_dead}", check=False)
        return proc.returncode != 0 or proc.stdout.strip() == "1"

    def pane_cpu_s(self, name: str) -> float:
        """CPU seconds (user + system) the pane's process has used so far, from /proc (in
        clock ticks: 10 ms steps); NaN when it cannot be read."""
        proc = self.run("display-message", "-p", "-t", name, "#{pane_pid}", check=False)
        try:
            stat = Path(f"/proc/{int(proc.stdout.strip())}/stat").read_text()
        except (OSError, ValueError):
            return float("nan")
        fields = stat.rsplit(")", 1)[1].split()  # after the command's name, which may hold spaces
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def dump_stacks(self, name: str) -> str:
        """SIGABRT the pane's process (PYTHONFAULTHANDLER is set): its threads' stacks."""
        proc = self.run("display-message", "-p", "-t", name, "#{pane_pid}", check=False)
        if not proc.stdout.strip().isdigit():
            return ""
        with suppress(OSError):
            os.kill(int(proc.stdout.strip()), signal.SIGABRT)
        time.sleep(1.0)
        return self.run("capture-pane", "-p", "-J", "-t", name, check=False).stdout

    def kill_session(self, name: str) -> None:
        self.run("kill-session", "-t", name, check=False)
        self.sessions.discard(name)

    def close(self) -> None:
        """Kill every session this benchmark started, then its private server."""
        for name in list(self.sessions):
            with suppress(Exception):
                self.kill_session(name)
        if self._started:
            with suppress(Exception):
                self.run("kill-server", check=False)
            self._started = False


def wait_for(
    tmux: Tmux, name: str, markers: Sequence[str], started: float, poll_s: float
) -> tuple[float, str]:
    """Poll the pane until it shows every marker; returns (seconds since ``started``, screen)."""
    screen = ""
    while True:
        screen = tmux.capture(name)
        now = time.perf_counter()
        if all(marker in screen for marker in markers):
            return now - started, screen
        failure = next((m for m in FAILURE_MARKERS if m in screen), None)
        dead = failure is None and tmux.pane_dead(name)
        if failure is not None or dead or now - started > TIMEOUT_S:
            why = f"saw {failure!r}" if failure else "the program ended" if dead else "timed out"
            message = f"waiting for {list(markers)}: {why}; the screen:\n{screen}"
            if not dead and failure is None:
                stacks = tmux.dump_stacks(name)
                hang = OUT / "startup-hang.txt"
                OUT.mkdir(parents=True, exist_ok=True)
                hang.write_text(f"{message}\n--- after SIGABRT (faulthandler) ---\n{stacks}")
                message += f"\n(the app's thread stacks are in {hang.relative_to(ROOT)})"
            raise BenchError(message)
        time.sleep(poll_s)


def quit_app(tmux: Tmux, name: str) -> None:
    """Quit with ctrl+q (so the vault closes cleanly and its lock is free), then kill."""
    try:
        tmux.send_keys(name, "C-q")
        deadline = time.perf_counter() + QUIT_TIMEOUT_S
        while time.perf_counter() < deadline and not tmux.pane_dead(name):
            time.sleep(0.02)
    finally:
        tmux.kill_session(name)
