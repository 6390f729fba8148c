"""bench.keys' bursts on a real terminal (issue 18 point 4): the console runs in a private
tmux server at 80x24 on a demo vault (``homeops demo --out``); keys are sent with ``tmux
send-keys`` from this process, paced at 50 a second by the wall clock, whatever the console
is doing (as a user's terminal sends them). After the last key the pane is polled (every
20 ms) until it shows the screen the last key leads to, as drawn calmly before the burst
(the reference), and has not changed for a second (at most BOUND_S); the tail is the time
from the last key sent to the last change of the screen. The moves are also counted in the vault,
through the CLI beside the console.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bandwidth_pty import base_env
from bench.bandwidth_runs import PASSPHRASE, make_vault
from bench.harness import ROOT, BenchError
from bench.startup_tmux import Tmux, quit_app, wait_for

RATE_HZ = 50
POLL_S = 0.02
QUIET_S = 1.0
BOUND_S = 180.0


def settle(
    tmux: Tmux, name: str, since: float, expect: str | None = None
) -> tuple[float, str, bool]:
    """Poll until the screen has not changed for QUIET_S and (if given) is ``expect``, at most
    BOUND_S after ``since``: (last change - since, the screen, whether it got there). The
    first capture counts as a change: the figure is never below one capture."""
    screen, changed = None, time.perf_counter()
    while True:
        now = time.perf_counter()
        there = expect is None or screen == expect
        if (now - changed >= QUIET_S and there) or now - since > BOUND_S:
            return max(0.0, changed - since), screen or "", there
        capture = tmux.capture(name)
        if capture != screen:
            screen, changed = capture, time.perf_counter()
        time.sleep(POLL_S)


def paced(tmux: Tmux, name: str, keys: list[str]) -> tuple[float, float]:
    """Send ``keys`` at RATE_HZ by the clock; (time of the last key, seconds sending took)."""
    start = time.perf_counter()
    for number, key in enumerate(keys):
        wait = start + number / RATE_HZ - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        tmux.run("send-keys", "-t", name, key)
    last = time.perf_counter()
    return last, last - start


class Console:
    """The console in tmux, and the CLI beside it (same HOME, runtime folder and vault)."""

    def __init__(self, work: Path) -> None:
        home, run = work / "home", work / "run"
        home.mkdir()
        run.mkdir(mode=0o700)
        self.env = base_env(home, None) | {"XDG_RUNTIME_DIR": str(run)}
        self.vault, self.config = make_vault(work, self.env)
        self.base = [sys.executable, "-m", "homeops", "--vault", str(self.vault)]
        self.base += ["--config", str(self.config)]
        self.tmux = Tmux(work / "tmux.sock", ROOT, self.env)

    def cli(self, *args: str) -> str:
        """A command served by the console (so without --config, which it refuses)."""
        proc = subprocess.run(
            [*self.base[:5], *args], env=self.env, cwd=ROOT, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip
        if proc.returncode != 0:
            raise BenchError(f"homeops {' '.join(args)}: {proc.stderr.strip()[-300:]}")
        return proc.stdout

    def history_entries(self) -> int:
        """Every mission's history entries, as the vault has them (asked again while the
        console is too busy to answer)."""
        deadline = time.perf_counter() + BOUND_S
        while True:
            try:
                out = self.cli("export", "--format", "json")
                break
            except BenchError as exc:
                if "does not answer" not in str(exc) or time.perf_counter() > deadline:
                    raise
                time.sleep(0.5)
        missions = json.loads(out)["tables"]["missions"]
        return sum(len(m.get("history", [])) for m in missions.values())

    def stored_since(self, before: int, count: int, since: float) -> tuple[int, float]:
        """(moves stored, seconds after ``since`` when all were), polling the vault."""
        while True:
            stored = self.history_entries() - before
            if stored >= count or time.perf_counter() - since > BOUND_S:
                return stored, time.perf_counter() - since
            time.sleep(0.5)


def bursts(switches: int, moves: int) -> dict[str, Any]:
    """Both bursts on one console: the figures, the sending rates and the end-state checks."""
    with tempfile.TemporaryDirectory(prefix="homeops-keys-term-") as folder:
        console = Console(Path(folder))
        tmux = console.tmux
        tmux.start()
        try:
            name, started = tmux.new_session(console.base)
            wait_for(tmux, name, ["Passphrase"], started, POLL_S)
            tmux.run("send-keys", "-t", name, "-l", PASSPHRASE)
            tmux.run("send-keys", "-t", name, "Enter")
            wait_for(tmux, name, ["Brief"], time.perf_counter(), POLL_S)
            settle(tmux, name, time.perf_counter())
            reference = {}
            for key in "23451":  # each view drawn calmly: what the burst must end on
                tmux.run("send-keys", "-t", name, key)
                reference[key] = settle(tmux, name, time.perf_counter())[1]
            keys = [*"2345" * (switches // 4), "1"]
            last, took = paced(tmux, name, keys)
            switch_tail, _, switch_ok = settle(tmux, name, last, reference["1"])
            got: dict[str, Any] = {
                "switches": len(keys), "switch_send_s": took, "switch_tail_s": switch_tail,
                "switch_end_ok": switch_ok,
            }  # fmt: skip
            # One card (the first of Brief, selected): L then H calmly gives the reference.
            for key in "LH":
                tmux.run("send-keys", "-t", name, key)
                moved_ref = settle(tmux, name, time.perf_counter())[1]
            before = console.history_entries()
            last, took = paced(tmux, name, ["L", "H"] * (moves // 2))
            move_tail, screen, move_ok = settle(tmux, name, last, moved_ref)
            stored, stored_s = console.stored_since(before, moves // 2 * 2, last)
            got |= {
                "moves": moves // 2 * 2, "move_send_s": took, "move_tail_s": move_tail,
                "moves_stored": stored, "move_end_ok": move_ok, "stored_s": stored_s,
            }  # fmt: skip
            if os.environ.get("HOMEOPS_BENCH_SHOW"):
                print(screen, file=sys.stderr)
            quit_app(tmux, name)
        finally:
            tmux.close()
    return got


if __name__ == "__main__":
    print(bursts(int(sys.argv[1]), int(sys.argv[2])))
