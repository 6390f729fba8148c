"""bench.bandwidth's runs: the actions, one console (homeops or kanban-tui) measured end to
end, and the set-up (the demo vault, the peer's venv)."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.bandwidth_anatomy import Anatomy, anatomy, plain
from bench.bandwidth_pty import Terminal, terminal
from bench.harness import ROOT, BenchError

PASSPHRASE = "plum orchid tuesday lantern"

# The targets (issue 8, "Performance"), in bytes.
TARGET_MOVE_BYTES = 4 * 1024
TARGET_STEP_BYTES = 1 * 1024
TARGET_SWITCH_BYTES = 8 * 1024  # issue 18 point 5: a view switch

START_TIMEOUT_S = 60.0
PEER_SETTLE_S = 6.5  # kanban-tui's start-up toast goes away after Textual's 5 s timeout
IDLE_S = 2.0

KEYS: dict[str, bytes] = {
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "enter": b"\r",
    "escape": b"\x1b",
}


@dataclass
class Sample:
    """One action in one run."""

    action: str
    size: int
    settled: bool
    note: str = ""
    anatomy: Anatomy | None = None
    raw: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class Action:
    name: str  # the row in the table
    keys: bytes
    target: int | None  # bytes, or None: context only
    expect: Callable[[str], str] | None = None  # text -> a note if not as expected, else ""


def measure(term: Terminal, action: Action, quiet: float, bound: float) -> Sample:
    term.send(action.keys)
    data, settled = term.read_quiet(quiet, bound)
    note = action.expect(plain(data)) if action.expect else ""
    if not data and not note:
        note = "wrote nothing: the key changed nothing on screen"
    return Sample(action.name, len(data), settled, note, anatomy(data), data)


def _moved(text: str) -> str:
    if "Refused" in text:
        return "refused: " + text[text.index("Refused") :][:80]
    return "" if "Moved" in text else "no 'Moved' in the update"


# From the first card of the first stage: two steps down, one up, the next column and back,
# then the selected card (the second of the first stage) to the next stage and back.
HOMEOPS_BOARD = (
    Action("board step j", b"j", TARGET_STEP_BYTES),
    Action("board step down", KEYS["down"], TARGET_STEP_BYTES),
    Action("board step k", b"k", TARGET_STEP_BYTES),
    Action("board next column l", b"l", TARGET_STEP_BYTES),
    Action("board previous column h", b"h", TARGET_STEP_BYTES),
    Action("move L (next stage)", b"L", TARGET_MOVE_BYTES, _moved),
    Action("move H (back)", b"H", TARGET_MOVE_BYTES, _moved),
)
LEDGER_SWITCH = Action("view switch 2 (Ledger)", b"2", TARGET_SWITCH_BYTES)
LEDGER_STEPS = (
    Action("ledger step j", b"j", TARGET_STEP_BYTES),
    Action("ledger step down", KEYS["down"], TARGET_STEP_BYTES),
)
# The Offers view's Tests page (issue 16): a step down the list of tests and back up.
OFFERS_SWITCH = Action("view switch 5 (Offers)", b"5", TARGET_SWITCH_BYTES)
OFFERS_STEPS = (
    Action("offers step j", b"j", TARGET_STEP_BYTES),
    Action("offers step k", b"k", TARGET_STEP_BYTES),
)
# Issue 18 point 5: the Planner's cursor (a mission down, a day right) and the Clients list,
# then back to the Board: each switch and each step against its target.
LATER_STEPS = (
    Action("view switch 3 (Planner)", b"3", TARGET_SWITCH_BYTES),
    Action("planner step j (mission)", b"j", TARGET_STEP_BYTES),
    Action("planner step l (day)", b"l", TARGET_STEP_BYTES),
    Action("view switch 4 (Clients)", b"4", TARGET_SWITCH_BYTES),
    Action("clients step j", b"j", TARGET_STEP_BYTES),
    Action("clients step k", b"k", TARGET_STEP_BYTES),
    Action("view switch 1 (Board)", b"1", TARGET_SWITCH_BYTES),
)
# Ledger texts that say there is nothing to step through (reported with the figures).
LEDGER_EMPTY = ("not built yet", "No money recorded yet")

PEER_ACTIONS = tuple(Action(a.name, a.keys, a.target) for a in HOMEOPS_BOARD)


def run_homeops(
    tree: Path, vault: Path, config: Path, env: dict[str, str], quiet: float, bound: float
) -> tuple[list[Sample], str]:
    """One console (its code from ``tree``): unlock, the board's actions, the Ledger, the
    Offers view.
    Returns the samples and the Ledger's state line."""
    argv = [sys.executable, "-m", "homeops", "--vault", str(vault), "--config", str(config)]
    samples: list[Sample] = []
    with terminal(argv, env, tree) as term:
        term.read_until([b"Passphrase"], START_TIMEOUT_S)
        term.read_quiet(quiet, bound)
        term.send(PASSPHRASE.encode() + b"\r")
        drawn = term.read_until([b"Board", b"Brief"], START_TIMEOUT_S)
        rest, settled = term.read_quiet(quiet, bound)
        first = drawn + rest
        samples.append(
            Sample("first draw of the board", len(first), settled, "", anatomy(first), first)
        )
        idle, _ = term.read_quiet(IDLE_S, IDLE_S, minimum=IDLE_S)
        samples.append(Sample(f"idle {IDLE_S:g} s", len(idle), True, "", anatomy(idle)))
        for action in HOMEOPS_BOARD:
            samples.append(measure(term, action, quiet, bound))
        switch = measure(term, LEDGER_SWITCH, quiet, bound)
        samples.append(switch)
        words = plain(switch.raw).split()
        ledger_text = next(
            (f"{a} {b}" for a, b in itertools.pairwise(words) if b == "entries"),
            next((m for m in LEDGER_EMPTY if m in " ".join(words)), ""),
        )
        for action in LEDGER_STEPS:
            sample = measure(term, action, quiet, bound)
            if sample.size == 0:  # no cursor moved: an empty state, not a figure
                sample.note = "empty state: the Ledger has no list to step through"
            samples.append(sample)
        samples.append(measure(term, OFFERS_SWITCH, quiet, bound))
        for action in OFFERS_STEPS:
            sample = measure(term, action, quiet, bound)
            if sample.size == 0:  # fewer than two tests: no cursor moved
                sample.note = "empty state: the Offers view has fewer than two tests"
            samples.append(sample)
        for action in LATER_STEPS:
            samples.append(measure(term, action, quiet, bound))
    return samples, ledger_text


def run_peer(
    ktui: Path, work: Path, run: int, env: dict[str, str], quiet: float, bound: float
) -> list[Sample]:
    """One ``ktui demo`` with its own HOME and XDG directories under ``work``."""
    home = work / f"kt-home-{run}"
    for sub in ("config", "data", "cache", "state"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    env = dict(env, HOME=str(home))
    env.update(
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
    )
    samples: list[Sample] = []
    with terminal([str(ktui), "demo"], env, home) as term:
        drawn = term.read_until([b"Ready", b"Doing", b"Done"], START_TIMEOUT_S)
        rest, settled = term.read_quiet(quiet, PEER_SETTLE_S + bound, minimum=PEER_SETTLE_S)
        first = drawn + rest
        note = "includes its start-up toast and the toast going away"
        samples.append(
            Sample("first draw of the board", len(first), settled, note, anatomy(first), first)
        )
        idle, _ = term.read_quiet(IDLE_S, IDLE_S, minimum=IDLE_S)
        samples.append(Sample(f"idle {IDLE_S:g} s", len(idle), True, "", anatomy(idle)))
        for action in PEER_ACTIONS:
            samples.append(measure(term, action, quiet, bound))
    return samples


# -- set-up ----------------------------------------------------------------------------------------


def make_vault(work: Path, env: dict[str, str]) -> tuple[Path, Path]:
    secret = work / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    secret.chmod(0o600)
    vault, config = work / "v.hops", work / "c.toml"
    homeops = Path(sys.executable).parent / "homeops"
    cmd = [str(homeops), "demo", "--out", str(vault), "--no-console"]
    cmd += ["--passphrase-file", str(secret), "--config", str(config)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise BenchError(f"homeops demo failed: {(proc.stderr or proc.stdout).strip()[-400:]}")
    return vault, config


def peer_venv(work: Path, reuse: Path | None) -> tuple[Path | None, str]:
    """The ``ktui`` of kanban-tui in a throw-away venv; (None, why) if it cannot be had."""
    if reuse is not None:
        ktui = reuse / "bin" / "ktui"
        return (ktui, "reused") if ktui.exists() else (None, f"no {ktui}")
    python = shutil.which("python3.11") or shutil.which("python3")
    if python is None:
        return None, "no python3.11 on PATH"
    venv = work / "kt-venv"
    steps = [
        [python, "-m", "venv", str(venv)],
        [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", "kanban-tui"],
    ]
    for step in steps:
        try:
            proc = subprocess.run(step, capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            return None, f"{' '.join(step[:3])} timed out"
        if proc.returncode != 0:
            errors = [line for line in proc.stderr.splitlines() if "ERROR" in line]
            why = (errors or proc.stderr.strip().splitlines() or ["no output"])[-1]
            return None, f"{' '.join(step[:3])} failed: {why}"
    return venv / "bin" / "ktui", "installed"


def package_version(python: Path, name: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({name!r}))"
    proc = subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=60)
    return proc.stdout.strip() or "?"
