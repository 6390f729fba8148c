"""bench.startup's cases: the vaults it makes with the CLI, and one timed launch of each."""

from __future__ import annotations

import math
import os
import secrets
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import ROOT, BenchError
from bench.startup_tmux import Tmux, quit_app, wait_for

UNLOCK_MARKERS = ("Passphrase",)
# The view bar and the board's first stage are only on the main screen.
BOARD_MARKERS = ("1 Board", "Brief")
BARE_MARKER = "bare textual baseline ready"

SETTLE_S = 0.3  # pause between the unlock screen and typing, as a user would

BARE_APP = f'''\
from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("{BARE_MARKER}")


if __name__ == "__main__":
    Bare().run()
'''


@dataclass
class Case:
    """One case's samples (seconds) and its target: ``target_s`` (its median at most that)
    or ``target_ratio`` (its median at most that times the bare app's), or neither."""

    key: str
    label: str
    target_s: float | None
    target_ratio: float | None = None
    samples: list[float] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)  # the process's CPU seconds, then

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def max(self) -> float:
        return max(self.samples) if self.samples else math.nan

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_samples) if self.cpu_samples else math.nan

    @property
    def target_text(self) -> str:
        if self.target_ratio is not None:
            return f"<= {self.target_ratio:g}x"
        return "-" if self.target_s is None else f"<= {self.target_s:g} s"

    def verdict(self, bare_median: float) -> bool | None:
        """PASS (True) or MISS (False) on the median; None: no target."""
        if self.target_ratio is not None:
            return self.median <= self.target_ratio * bare_median
        return None if self.target_s is None else self.median <= self.target_s


@dataclass
class Setup:
    tmp: Path
    homeops: Path
    python: Path
    config: Path
    passphrase: str
    bare_script: Path
    vaults: dict[str, Path]
    sizes: dict[str, int]
    make_s: dict[str, float]


def console_cmd(setup: Setup, vault: Path) -> list[str]:
    return [str(setup.homeops), "--vault", str(vault), "--config", str(setup.config)]


def run_bare(tmux: Tmux, setup: Setup, poll_s: float) -> tuple[float, float]:
    """One launch of the bare app: (exec -> painted, its CPU seconds by then)."""
    name, started = tmux.new_session([str(setup.python), str(setup.bare_script)])
    try:
        elapsed, _ = wait_for(tmux, name, [BARE_MARKER], started, poll_s)
        cpu = tmux.pane_cpu_s(name)
    finally:
        quit_app(tmux, name)
    return elapsed, cpu


def run_vault(
    tmux: Tmux, setup: Setup, vault: Path, poll_s: float, screens: dict[str, str]
) -> tuple[float, float, float]:
    """Launch on ``vault``; returns (exec -> unlock screen, its CPU seconds by then,
    Enter -> board).

    ``screens`` gets the first capture that matched each marker set, for checking.
    """
    name, started = tmux.new_session(console_cmd(setup, vault))
    try:
        unlock_s, screen = wait_for(tmux, name, UNLOCK_MARKERS, started, poll_s)
        unlock_cpu = tmux.pane_cpu_s(name)
        screens.setdefault(f"{vault.parent.name}_unlock", screen)
        time.sleep(SETTLE_S)
        # Type the passphrase (not timed), then time from the Enter key.
        tmux.send_keys(name, "-l", setup.passphrase)
        time.sleep(0.05)
        sent = tmux.send_keys(name, "Enter")
        board_s, screen = wait_for(tmux, name, BOARD_MARKERS, sent, poll_s)
        screens.setdefault(f"{vault.parent.name}_board", screen)
    finally:
        quit_app(tmux, name)
    return unlock_s, unlock_cpu, board_s


# -- setting up --------------------------------------------------------------------------------


def find_tool(name: str) -> Path:
    for folder in (Path(sys.executable).parent, ROOT / ".venv" / "bin"):
        if (folder / name).exists():
            return folder / name
    raise SystemExit(f"bench.startup: cannot find {name!r} beside {sys.executable}")


def make_vaults(tmp: Path, size: int) -> Setup:
    homeops = find_tool("homeops")
    python = find_tool("python")
    config = tmp / "config.toml"
    # Random, so that the passphrase checks accept it; letters, digits and '-' only, so
    # that send-keys types it as it is.
    passphrase = f"bench-{secrets.token_hex(6)}-startup-{secrets.token_hex(4)}"
    phrase_file = tmp / "passphrase.txt"
    fd = os.open(phrase_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(passphrase + "\n")
    vaults = {"empty": tmp / "empty" / "vault.hops", "big": tmp / "big" / "vault.hops"}
    for vault in vaults.values():
        vault.parent.mkdir(mode=0o700)
    common = ["--config", str(config), "--passphrase-file", str(phrase_file)]
    commands = {
        "empty": [str(homeops), "init", "--vault", str(vaults["empty"]), *common],
        "big": [str(homeops), "demo", "--size", str(size), "--out", str(vaults["big"])],
    }
    commands["big"] += ["--no-console", *common]
    make_s: dict[str, float] = {}
    for key, cmd in commands.items():
        print(f"making the {key} vault (homeops {cmd[1]}) ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp, timeout=1800)
        make_s[key] = time.perf_counter() - started
        if proc.returncode != 0 or not vaults[key].is_file():
            tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            raise BenchError(f"making the {key} vault failed: {tail}")
    bare_script = tmp / "bare_textual.py"
    bare_script.write_text(BARE_APP, encoding="utf-8")
    return Setup(
        tmp=tmp,
        homeops=homeops,
        python=python,
        config=config,
        passphrase=passphrase,
        bare_script=bare_script,
        vaults=vaults,
        sizes={"empty": 0, "big": size},
        make_s=make_s,
    )
