"""Startup benchmark: ``python -m bench.startup [--runs N] [--quick] [--profile]``.

Times what a user waits for, in a real terminal (tmux, 80x24):

* launch -> the unlock screen is drawn (the pane shows "Passphrase"), for an empty vault and a
  100,000-document one (``--quick``: 10,000);
* Enter on the passphrase -> the board is drawn (the pane shows the view bar's "1 Board" and the
  board's first column "Brief"), KDF included;
* a bare Textual app (one ``Static``) -> its first draw, the baseline the ratios are against.

The vaults are made in a temporary directory with the real CLI (``homeops init`` and
``homeops demo --size N``) and the CLI's default KDF parameters; the settings file is in the
same directory, so the user's files are never touched. Each case is launched ``--runs`` times
(after one untimed warm-up run per case, which also absorbs the vault's first-open-of-the-day
backup), interleaved so that drift on the machine hits every case alike. Each run has its own
tmux session on a private tmux server (``tmux -S``), killed afterwards even on error.

Timing is by polling ``tmux capture-pane`` every ``--poll-ms`` (5 ms): a figure is the time
from just before the ``tmux new-session`` / ``tmux send-keys`` call to the end of the first
capture that shows the marker, so it over-states the truth by up to one poll interval plus one
``capture-pane`` call (measured and printed). Prints a table (median, max, target, PASS/MISS,
ratio to the bare Textual app) and writes everything as JSON to ``bench/out/startup.json``.
``--profile`` adds where the time goes: ``-X importtime`` for the modules loaded before each
screen and a breakdown of the unlock (KDF, vault load, main-screen imports).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
COLS, ROWS = 80, 24

# The targets (issue 3, "Performance"), in seconds.
TARGET_UNLOCK_SCREEN_S = 0.30
TARGET_UNLOCK_TO_BOARD_S = 1.0
TARGET_SIZE = 100_000
REFERENCE_BARE_S = 0.16  # the bare-Textual figure on its machine

UNLOCK_MARKERS = ("Passphrase",)
# The view bar and the board's first stage are only on the main screen.
BOARD_MARKERS = ("1 Board", "Brief")
BARE_MARKER = "bare textual baseline ready"
FAILURE_MARKERS = ("Wrong passphrase", "Traceback", "homeops: ")

TIMEOUT_S = 60.0
SETTLE_S = 0.3  # pause between the unlock screen and typing, as a user would
QUIT_TIMEOUT_S = 10.0

BARE_APP = f'''\
from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("{BARE_MARKER}")


if __name__ == "__main__":
    Bare().run()
'''


class BenchError(RuntimeError):
    """A run could not be measured; the message says why (with the screen when useful)."""


# -- tmux --------------------------------------------------------------------------------------


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


# -- cases -------------------------------------------------------------------------------------


@dataclass
class Case:
    key: str
    label: str
    target_s: float | None
    target_note: str = ""
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def max(self) -> float:
        return max(self.samples) if self.samples else math.nan

    @property
    def passed(self) -> bool | None:
        """The verdict, on the median (the max is shown, and judged in the JSON)."""
        return None if self.target_s is None else self.median <= self.target_s

    @property
    def max_passed(self) -> bool | None:
        return None if self.target_s is None else self.max <= self.target_s


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


def run_bare(tmux: Tmux, setup: Setup, poll_s: float) -> float:
    name, started = tmux.new_session([str(setup.python), str(setup.bare_script)])
    try:
        elapsed, _ = wait_for(tmux, name, [BARE_MARKER], started, poll_s)
    finally:
        quit_app(tmux, name)
    return elapsed


def run_vault(
    tmux: Tmux, setup: Setup, vault: Path, poll_s: float, screens: dict[str, str]
) -> tuple[float, float]:
    """Launch on ``vault``; returns (launch -> unlock screen, Enter -> board).

    ``screens`` gets the first capture that matched each marker set, for checking.
    """
    name, started = tmux.new_session(console_cmd(setup, vault))
    try:
        unlock_s, screen = wait_for(tmux, name, UNLOCK_MARKERS, started, poll_s)
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
    return unlock_s, board_s


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


# -- profiling ---------------------------------------------------------------------------------

# What is imported before the unlock screen can draw (the CLI, the app, the screens that
# on_mount imports), and what the unlock then imports to draw the board.
BEFORE_UNLOCK = "import homeops.main, homeops.tui.app, homeops.storage.vault"
BEFORE_UNLOCK += ", homeops.tui.screens.unlock, homeops.tui.screens.create_vault"
BEFORE_BOARD = "import homeops.tui.screens.main"

_IMPORTTIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def import_profile(
    python: Path, env: dict[str, str], statement: str, preload: str = ""
) -> dict[str, Any]:
    """``-X importtime`` of ``statement`` (after ``preload``): total and heaviest modules."""
    code = f"{preload}\nimport sys\nsys.stderr.write('--- measure ---\\n')\n{statement}"
    proc = subprocess.run(
        [str(python), "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=120,
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    lines = proc.stderr.split("--- measure ---\n", 1)[-1].splitlines()
    rows: list[tuple[str, int, int, int]] = []  # module, self us, cumulative us, depth
    for line in lines:
        match = _IMPORTTIME.match(line)
        if match:
            depth = len(match.group(3)) // 2
            rows.append((match.group(4), int(match.group(1)), int(match.group(2)), depth))
    total_us = sum(cumulative for _, _, cumulative, depth in rows if depth == 0)
    by_self = sorted(rows, key=lambda row: row[1], reverse=True)[:12]
    packages: dict[str, int] = {}
    for module, self_us, _, _ in rows:
        top = module.split(".")[0]
        packages[top] = packages.get(top, 0) + self_us
    return {
        "statement": statement,
        "total_ms": total_us / 1000,
        "modules": len(rows),
        "by_package_ms": {
            pkg: us / 1000 for pkg, us in sorted(packages.items(), key=lambda kv: -kv[1])[:12]
        },
        "heaviest_self_ms": {module: self_us / 1000 for module, self_us, _, _ in by_self},
        "heaviest_cumulative_ms": {
            module: cumulative / 1000
            for module, _, cumulative, _ in sorted(rows, key=lambda row: -row[2])
            if module.split(".")[0] in {"tui", "storage", "homeops", "config"}
        },
    }


# The app has these loaded when Enter is pressed; time what the unlock does after that.
UNLOCK_BREAKDOWN = f"""\
import json, sys, time
from pathlib import Path
{BEFORE_UNLOCK}
from homeops.storage.crypto import KdfParams, derive_kek
from homeops.storage.vault import Vault
path, phrase = Path(sys.argv[1]), sys.argv[2]
out = {{}}
t = time.perf_counter()
derive_kek(phrase, b"0123456789abcdef", KdfParams.default())
out["kdf_alone_s"] = time.perf_counter() - t
t = time.perf_counter()
vault = Vault.open(path, phrase)
out["vault_open_with_kdf_s"] = time.perf_counter() - t
t = time.perf_counter()
counts = vault.counts()
out["counts_s"] = time.perf_counter() - t
vault.close()
t = time.perf_counter()
import homeops.tui.screens.main
out["import_main_screen_s"] = time.perf_counter() - t
print(json.dumps(out))
"""


def unlock_breakdown(setup: Setup, env: dict[str, str], vault: Path) -> dict[str, Any]:
    """Time the unlock's parts in one process (internal APIs: best effort)."""
    proc = subprocess.run(
        [str(setup.python), "-c", UNLOCK_BREAKDOWN, str(vault), setup.passphrase],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=300,
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def profile(setup: Setup, env: dict[str, str]) -> dict[str, Any]:
    """Run after the timed runs, with their environment (so a bytecode cache is warm)."""
    print("profiling ...", file=sys.stderr, flush=True)
    py = setup.python
    return {
        "imports_textual_app_only": import_profile(py, env, "import textual.app"),
        "imports_before_unlock": import_profile(py, env, BEFORE_UNLOCK),
        "imports_before_board": import_profile(py, env, BEFORE_BOARD, BEFORE_UNLOCK),
        "unlock_breakdown": {
            key: unlock_breakdown(setup, env, setup.vaults[key]) for key in ("empty", "big")
        },
    }


def print_profile(prof: dict[str, Any]) -> None:
    print("\nWhere the time goes (-X importtime, one cold-ish process each; ms):")
    for key in ("imports_textual_app_only", "imports_before_unlock", "imports_before_board"):
        info = prof[key]
        if "error" in info:
            print(f"  {key}: failed: {info['error']}")
            continue
        print(f"  {key}: {info['total_ms']:.0f} ms, {info['modules']} modules")
        packages = ", ".join(f"{k} {v:.0f}" for k, v in list(info["by_package_ms"].items())[:8])
        print(f"    by package (self time): {packages}")
        ours = list(info["heaviest_cumulative_ms"].items())[:6]
        if ours:
            print("    ours, cumulative: " + ", ".join(f"{k} {v:.0f}" for k, v in ours))
    for key, info in prof["unlock_breakdown"].items():
        if "error" in info:
            print(f"  unlock parts ({key}): failed: {info['error']}")
            continue
        parts = ", ".join(f"{k.removesuffix('_s')} {v * 1000:.0f}" for k, v in info.items())
        print(f"  unlock parts ({key}, ms): {parts}")


# -- report ------------------------------------------------------------------------------------


def fmt_s(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{seconds:.3f} s"


def print_table(cases: list[Case], bare: Case) -> None:
    header = f"{'case':<38} {'median':>9} {'max':>9} {'target':>9} {'':>5} {'x bare':>7}"
    print(header)
    print("-" * len(header))
    for case in cases:
        target = "-" if case.target_s is None else f"{case.target_s:.2f} s"
        verdict = {None: "", True: "PASS", False: "MISS"}[case.passed]
        ratio = case.median / bare.median if bare.samples else math.nan
        print(
            f"{case.label:<38} {fmt_s(case.median):>9} {fmt_s(case.max):>9} "
            f"{target:>9} {verdict:>5} {ratio:>6.2f}x"
        )


def tool_version(cmd: Sequence[str]) -> str:
    with suppress(Exception):
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    return "?"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument("--quick", action="store_true", help="10,000 documents, not 100,000")
    parser.add_argument("--profile", action="store_true", help="also show where the time goes")
    parser.add_argument("--poll-ms", type=float, default=5.0, help="capture-pane poll interval")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--no-pyc",
        action="store_true",
        help="no bytecode cache for the launched programs if the environment says so "
        "(PYTHONDONTWRITEBYTECODE): every launch compiles the uncached modules",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if shutil.which("tmux") is None:
        raise SystemExit("bench.startup: tmux is needed")
    size = 10_000 if args.quick else TARGET_SIZE
    poll_s = args.poll_ms / 1000

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)  # so that the finally blocks below clean up

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)

    tmp = Path(tempfile.mkdtemp(prefix="homeops-startup-"))
    # The launched programs' environment: faulthandler (stacks on a hang), and, unless
    # --no-pyc, a bytecode cache in the temporary directory, as an installed app has one (this
    # checkout may run with PYTHONDONTWRITEBYTECODE, which recompiles our modules every launch).
    env = {"PYTHONFAULTHANDLER": "1"}
    if not args.no_pyc:
        env |= {"PYTHONPYCACHEPREFIX": str(tmp / "pycache"), "PYTHONDONTWRITEBYTECODE": ""}
    tmux = Tmux(tmp / "tmux.sock", tmp, env)  # the socket goes with the temporary directory
    big_note = "" if size == TARGET_SIZE else f" (target is for {TARGET_SIZE:,})"
    bare = Case("bare_textual", "bare Textual app -> first draw", None)
    cases = {
        "empty_unlock_screen": Case(
            "empty_unlock_screen", "empty: launch -> unlock screen", TARGET_UNLOCK_SCREEN_S
        ),
        "empty_unlock_to_board": Case(
            "empty_unlock_to_board", "empty: Enter -> board", TARGET_UNLOCK_TO_BOARD_S
        ),
        "big_unlock_screen": Case(
            "big_unlock_screen", f"{size:,} docs: launch -> unlock screen", TARGET_UNLOCK_SCREEN_S
        ),
        "big_unlock_to_board": Case(
            "big_unlock_to_board",
            f"{size:,} docs: Enter -> board",
            TARGET_UNLOCK_TO_BOARD_S,
            big_note.strip(),
        ),
    }
    prof: dict[str, Any] | None = None
    screens: dict[str, str] = {}
    try:
        setup = make_vaults(tmp, size)
        tmux.start()
        total = args.runs + 1
        for run in range(total):
            warmup = run == 0
            print(
                f"run {run}/{args.runs}{' (warm-up, not counted)' if warmup else ''} ...",
                file=sys.stderr,
                flush=True,
            )
            steps: list[tuple[str, Callable[[], None]]] = []

            def bare_step(warmup: bool = warmup) -> None:
                elapsed = run_bare(tmux, setup, poll_s)
                if not warmup:
                    bare.samples.append(elapsed)

            steps.append(("bare", bare_step))
            for key in ("empty", "big"):

                def vault_step(key: str = key, warmup: bool = warmup) -> None:
                    unlock_s, board_s = run_vault(tmux, setup, setup.vaults[key], poll_s, screens)
                    if not warmup:
                        cases[f"{key}_unlock_screen"].samples.append(unlock_s)
                        cases[f"{key}_unlock_to_board"].samples.append(board_s)

                steps.append((key, vault_step))
            for _, step in steps:
                step()
        if args.profile:
            prof = profile(setup, env)
    except BenchError as error:
        print(f"bench.startup: {error}", file=sys.stderr)
        return 1
    finally:
        tmux.close()
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    capture_ms = [s * 1000 for s in tmux.capture_s]
    capture_median = statistics.median(capture_ms) if capture_ms else math.nan
    capture_p95 = sorted(capture_ms)[int(0.95 * (len(capture_ms) - 1))] if capture_ms else math.nan
    all_cases = [bare, *cases.values()]
    print()
    print(
        f"homeops startup, tmux {COLS}x{ROWS}, {args.runs} runs per case "
        f"(+1 warm-up), default KDF, vaults made with the CLI; PASS/MISS on the median"
    )
    print_table(all_cases, bare)
    print(
        f"\nTimer: polls `tmux capture-pane` every {args.poll_ms:g} ms; one capture takes "
        f"{capture_median:.1f} ms (p95 {capture_p95:.1f} ms), so each figure may be up to "
        f"~{args.poll_ms + capture_p95:.0f} ms late,\nand includes tmux's own start of the "
        f"process / delivery of the keys. Enter -> board includes the KDF; the passphrase is "
        f"typed {SETTLE_S:g} s after the unlock screen shows. On {os.cpu_count()} CPUs the "
        f"poller competes with the app for CPU."
    )
    if big_note:
        print(f"--quick: {size:,} documents; the unlock-to-board target is for {TARGET_SIZE:,}.")
    print(
        "Bytecode: "
        + (
            "as the environment says (--no-pyc)"
            if args.no_pyc
            else "cached in the temporary directory (PYTHONPYCACHEPREFIX), warmed by the warm-up"
        )
        + f". The issue's bare-Textual reference on its machine: {REFERENCE_BARE_S:.2f} s."
    )
    if prof is not None:
        print_profile(prof)

    OUT.mkdir(parents=True, exist_ok=True)
    result = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "tmux": tool_version(["tmux", "-V"]),
            "textual": tool_version(
                [str(find_tool("python")), "-c", "import textual; print(textual.__version__)"]
            ),
        },
        "settings": {
            "runs": args.runs,
            "warmup_runs": 1,
            "quick": args.quick,
            "documents": size,
            "terminal": f"{COLS}x{ROWS}",
            "poll_ms": args.poll_ms,
            "settle_s": SETTLE_S,
            "unlock_markers": list(UNLOCK_MARKERS),
            "board_markers": list(BOARD_MARKERS),
            "environment": env,
        },
        "timer": {
            "capture_pane_median_ms": capture_median,
            "capture_pane_p95_ms": capture_p95,
            "note": "each figure may be late by up to one poll interval plus one capture",
        },
        "vault_make_s": setup.make_s,
        "reference_bare_textual_s": REFERENCE_BARE_S,
        "cases": {
            case.key: {
                **{k: v for k, v in asdict(case).items() if k != "key"},
                "median_s": case.median,
                "max_s": case.max,
                "passed_median": case.passed,
                "passed_max": case.max_passed,
                "ratio_to_bare": case.median / bare.median if bare.samples else None,
            }
            for case in all_cases
        },
        "profile": prof,
        "matched_screens": screens,
    }
    out = OUT / "startup.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
