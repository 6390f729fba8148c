"""Bandwidth benchmark: ``python -m bench.bandwidth [--runs N] [--no-peer] [--map]``.

Counts the bytes the console writes to the terminal at 80x24 for what a user does all day over
SSH (issue 8, "Bandwidth" and "Performance"): one card move (``L``, then ``H`` back), one cursor
step on the board (``j``, ``down``), focusing the next column (``l``), and one cursor step on
the Ledger (after ``2``; a step that writes nothing is reported as an empty state, not as a
figure). The full first draw of the board (Enter on the passphrase until the board is drawn and
quiet) is reported for context, and so are the bytes written while idle.

How: a vault is made in a temporary directory with the real CLI (``homeops demo --out``, about
25 missions on the board); the console runs on the slave side of a pseudo-terminal owned by this
process (``pty.openpty``, TIOCSWINSZ 24x80, a new session with the pty as its controlling
terminal, TERM=xterm-256color, no COLORTERM: what an SSH login usually has), as sshd would run
it. The passphrase is typed, the board drawn, and then for each action the key is sent and
everything the console writes is read until it has been quiet for ``--quiet`` seconds (0.5 s),
bounded by ``--bound`` (5 s). Each run is a fresh console on the same vault (the move and its
move back leave it as it was); figures are medians over ``--runs`` (5).

For each figure the bytes are also taken apart (cursor moves, SGR colour codes, text, other
escapes) and replayed on a 80x24 grid: "rows" is how many screen rows the update wrote to and
"cells" how many cells, out of 1,920; ``--map`` prints the damage map of each action (``#`` for
a cell written).

The peer is kanban-tui (PyPI): a throw-away venv is made in the same temporary directory
(``python3.11 -m venv``, ``pip install kanban-tui``; ``--peer-venv`` reuses one) and
``ktui demo`` runs in the same harness with HOME and the XDG config/data directories in the
temporary directory, so no real file is touched. Its keys are the same: ``L``/``H`` move the
focused task to the next/previous column, ``j``/``down`` step the cursor, ``l`` the next column.
Its start-up toast is let to expire before measuring.

Prints a table (action, homeops median bytes, rows, cells, target, PASS/MISS, kanban-tui median
bytes, ratio) and writes everything as JSON to ``bench/out/bandwidth.json``. Every process
started here is ended (SIGHUP by closing the pty, then SIGKILL to its process group) and the
temporary directory removed, also on error or Ctrl+C.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import itertools
import json
import os
import platform
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from rich.cells import get_character_cell_size

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
COLS, ROWS = 80, 24
PASSPHRASE = "plum orchid tuesday lantern"

# The targets (issue 8, "Performance"), in bytes.
TARGET_MOVE_BYTES = 4 * 1024
TARGET_STEP_BYTES = 1 * 1024

QUIET_S = 0.5  # an update is over when the console has written nothing for this long
BOUND_S = 5.0  # ... or after this long, whatever it still writes
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

FAILURE_MARKERS = (b"Traceback", b"Wrong passphrase", b"homeops: ")


class BenchError(RuntimeError):
    """A run could not be measured; the message says why."""


# -- the escape sequences ------------------------------------------------------------------------

TOKEN = re.compile(
    rb"(?P<csi>\x1b\[[0-?]*[ -/]*[@-~])"
    rb"|(?P<osc>\x1b\][^\x07\x1b]*(?:\x07|\x1b\\))"
    rb"|(?P<str>\x1b[P^_][^\x1b]*\x1b\\)"
    rb"|(?P<esc>\x1b[ -/]*[0-~])"
    rb"|(?P<ctl>[\x00-\x1a\x1c-\x1f\x7f])"
    rb"|(?P<text>[^\x00-\x1f\x7f]+)"
    rb"|(?P<lone>\x1b)"
)
ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]")


def plain(data: bytes) -> str:
    """The text in ``data`` without escape sequences (for markers)."""
    return ANSI.sub(b"", data).decode("utf-8", "replace")


@dataclass
class Anatomy:
    """What an update is made of, and where on the screen it wrote."""

    total: int = 0
    cursor: int = 0  # bytes of cursor positioning (CUP, CUU/CUD/CUF/CUB, CHA, VPA, \r \n)
    sgr: int = 0  # bytes of colour / style codes
    text: int = 0  # bytes of printed text (UTF-8)
    other: int = 0  # other escapes: modes, synchronized output, erases, OSC...
    cursor_moves: int = 0
    sgr_codes: int = 0
    frames: int = 0  # synchronized-output frames (ESC[?2026h)
    erases: int = 0  # ESC[K / ESC[J
    rows: int = 0  # screen rows written to
    cells: int = 0  # screen cells written to (printed or erased), out of COLS * ROWS
    damage: list[str] = field(default_factory=list)  # one string per row, '#' = written
    row_bytes: list[int] = field(default_factory=list)  # bytes sent while on each row


def anatomy(data: bytes, cols: int = COLS, rows: int = ROWS) -> Anatomy:
    """Take ``data`` apart and replay its cursor moves and text on a ``cols`` x ``rows`` grid."""
    result = Anatomy(total=len(data))
    grid = [[False] * cols for _ in range(rows)]
    row_bytes = [0] * rows
    x = y = 0

    def mark(row: int, start: int, end: int) -> None:
        if 0 <= row < rows:
            for col in range(max(0, start), min(cols, end)):
                grid[row][col] = True

    for match in TOKEN.finditer(data):
        kind = match.lastgroup
        chunk = match.group()
        row_bytes[y] += len(chunk)  # a cursor move counts for the row it leaves
        if kind == "csi":
            final = chr(chunk[-1])
            params = chunk[2:-1].decode("ascii", "replace")
            private = params.startswith(("?", ">", "<", "="))
            nums = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
            first = nums[0] if nums and nums[0] else 1
            if final == "m" and not private:
                result.sgr += len(chunk)
                result.sgr_codes += 1
            elif final in "HfABCDGd" and not private:
                result.cursor += len(chunk)
                result.cursor_moves += 1
                if final in "Hf":
                    y = (nums[0] if nums and nums[0] else 1) - 1
                    x = (nums[1] if len(nums) > 1 and nums[1] else 1) - 1
                elif final == "A":
                    y -= first
                elif final == "B":
                    y += first
                elif final == "C":
                    x += first
                elif final == "D":
                    x -= first
                elif final == "G":
                    x = first - 1
                else:
                    y = first - 1
                x, y = max(0, min(cols - 1, x)), max(0, min(rows - 1, y))
            else:
                result.other += len(chunk)
                if params == "?2026" and final == "h":
                    result.frames += 1
                if final in "KJ" and not private:
                    result.erases += 1
                    mode = nums[0] if nums else 0
                    if final == "K":
                        mark(y, x if mode == 0 else 0, cols if mode != 1 else x + 1)
                    elif mode == 2:
                        for row in range(rows):
                            mark(row, 0, cols)
        elif kind == "ctl":
            if chunk == b"\r":
                result.cursor += 1
                x = 0
            elif chunk == b"\n":
                result.cursor += 1
                y = min(rows - 1, y + 1)
            elif chunk == b"\b":
                result.cursor += 1
                x = max(0, x - 1)
            else:
                result.other += len(chunk)
        elif kind == "text":
            result.text += len(chunk)
            for char in chunk.decode("utf-8", "replace"):
                width = get_character_cell_size(char)
                mark(y, x, x + width)
                x = min(cols - 1, x + width) if x + width < cols else cols - 1
        else:
            result.other += len(chunk)
    result.rows = sum(any(row) for row in grid)
    result.cells = sum(sum(row) for row in grid)
    result.damage = ["".join("#" if cell else "." for cell in row) for row in grid]
    result.row_bytes = row_bytes
    return result


# -- the pseudo-terminal -------------------------------------------------------------------------


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


# -- one run ---------------------------------------------------------------------------------------


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
LEDGER_SWITCH = Action("view switch 2 (Ledger)", b"2", None)
LEDGER_STEPS = (
    Action("ledger step j", b"j", TARGET_STEP_BYTES),
    Action("ledger step down", KEYS["down"], TARGET_STEP_BYTES),
)
# Ledger texts that say there is nothing to step through (reported with the figures).
LEDGER_EMPTY = ("not built yet", "No money recorded yet")

PEER_ACTIONS = tuple(Action(a.name, a.keys, a.target) for a in HOMEOPS_BOARD)


def run_homeops(
    tree: Path, vault: Path, config: Path, env: dict[str, str], quiet: float, bound: float
) -> tuple[list[Sample], str]:
    """One console (its code from ``tree``): unlock, the board's actions, the Ledger.
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


# -- the report ------------------------------------------------------------------------------------


@dataclass
class Row:
    action: str
    target: int | None
    ours: list[int] = field(default_factory=list)
    peer: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unsettled: int = 0
    anatomy: Anatomy | None = None  # of the run nearest the median
    peer_anatomy: Anatomy | None = None
    empty: bool = False

    @property
    def median(self) -> float | None:
        return statistics.median(self.ours) if self.ours else None

    @property
    def peer_median(self) -> float | None:
        return statistics.median(self.peer) if self.peer else None

    @property
    def verdict(self) -> str:
        if self.empty:
            return "EMPTY"
        if self.target is None or self.median is None:
            return ""
        return "PASS" if self.median <= self.target else "MISS"


def collect(
    rows: dict[str, Row], samples: list[Sample], peer: bool, targets: dict[str, int | None]
) -> None:
    for sample in samples:
        row = rows.setdefault(sample.action, Row(sample.action, targets.get(sample.action)))
        (row.peer if peer else row.ours).append(sample.size)
        note = ("kanban-tui: " if peer else "") + sample.note if sample.note else ""
        if note and note not in row.notes:
            row.notes.append(note)
        if not sample.settled:
            row.unsettled += 1
        if not peer and sample.note.startswith("empty state"):
            row.empty = True


def nearest_median(samples: list[Sample]) -> Sample:
    mid = statistics.median(s.size for s in samples)
    return min(samples, key=lambda s: abs(s.size - mid))


def fmt_bytes(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value < 10_000 else f"{value / 1024:,.1f} K"


def fmt_target(target: int | None) -> str:
    return "-" if target is None else f"<= {target // 1024} KB"


def print_table(rows: list[Row], peer_ok: bool) -> None:
    head = (
        f"{'action':<28} {'homeops B':>10} {'rows':>4} {'cells':>5} {'target':>9} {'':>5}"
        f"  {'kanban-tui B':>12} {'ratio':>6}"
    )
    print(head)
    print("-" * len(head))
    for row in rows:
        ours, theirs = row.median, row.peer_median
        shown = fmt_bytes(ours)
        if row.empty:
            shown = f"({fmt_bytes(ours)})"
        anat = row.anatomy
        ratio = "-"
        if ours and theirs and not row.empty:
            ratio = f"{ours / theirs:.2f}x"
        peer = fmt_bytes(theirs) if peer_ok else "skipped"
        print(
            f"{row.action:<28} {shown:>10} {anat.rows if anat else '-':>4} "
            f"{anat.cells if anat else '-':>5} {fmt_target(row.target):>9} {row.verdict:>5}  "
            f"{peer:>12} {ratio:>6}"
        )
    print(
        "(medians; rows/cells: what the update wrote to on the 24x80 grid, of 24 rows and "
        "1,920 cells; ratio = homeops / kanban-tui; EMPTY: nothing to step through, no figure)"
    )


def print_anatomy(rows: list[Row]) -> None:
    print("\nwhat the homeops bytes are (the run nearest the median):")
    head = (
        f"{'action':<28} {'bytes':>6} {'text':>6} {'SGR':>6} {'#SGR':>5} {'cursor':>6} "
        f"{'#moves':>6} {'other':>5} {'frames':>6}"
    )
    print(head)
    for row in rows:
        a = row.anatomy
        if a is None or not a.total:
            continue
        print(
            f"{row.action:<28} {a.total:>6} {a.text:>6} {a.sgr:>6} {a.sgr_codes:>5} "
            f"{a.cursor:>6} {a.cursor_moves:>6} {a.other:>5} {a.frames:>6}"
        )


def print_maps(rows: list[Row]) -> None:
    for row in rows:
        for who, anat in (("homeops", row.anatomy), ("kanban-tui", row.peer_anatomy)):
            if anat is None or not anat.total:
                continue
            print(
                f"\n{who}: {row.action} — {anat.total:,} bytes, {anat.rows} rows, "
                f"{anat.cells} cells"
            )
            for line, size in zip(anat.damage, anat.row_bytes, strict=True):
                print(f"  |{line}| {size or ''}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bandwidth",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--runs", type=int, default=5, help="consoles per program (default 5)")
    parser.add_argument("--quiet", type=float, default=QUIET_S, help="seconds of silence")
    parser.add_argument("--bound", type=float, default=BOUND_S, help="longest wait per action")
    parser.add_argument("--no-peer", action="store_true", help="skip kanban-tui")
    parser.add_argument("--peer-venv", type=Path, help="reuse a venv that has kanban-tui")
    parser.add_argument("--colorterm", help="set COLORTERM (e.g. truecolor); default unset")
    parser.add_argument("--map", action="store_true", help="print each action's damage map")
    parser.add_argument("--dump", action="store_true", help="keep raw bytes in bench/out/")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--tree",
        type=Path,
        default=ROOT,
        help="run the console from this source tree (its homeops/, tui/...), e.g. a copy with a "
        "change to compare; default: this one",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)

    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="hops-bandwidth-"))
    work.chmod(0o700)
    started = time.perf_counter()
    report: dict[str, Any] = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {os.cpu_count()} cpu",
        "terminal": f"{COLS}x{ROWS} TERM=xterm-256color COLORTERM={args.colorterm or '(unset)'}",
        "textual": package_version(Path(sys.executable), "textual"),
        "runs": args.runs,
        "tree": str(args.tree),
        "quiet_s": args.quiet,
        "bound_s": args.bound,
        "targets": {"move_bytes": TARGET_MOVE_BYTES, "cursor_step_bytes": TARGET_STEP_BYTES},
    }
    rows: dict[str, Row] = {}
    targets = {a.name: a.target for a in (*HOMEOPS_BOARD, LEDGER_SWITCH, *LEDGER_STEPS)}
    ours_by_action: dict[str, list[Sample]] = {}
    peer_by_action: dict[str, list[Sample]] = {}
    peer_ok = False
    try:
        env = base_env(work, args.colorterm)
        vault, config = make_vault(work, env)
        print(
            f"homeops bandwidth bench: {args.runs} runs, {report['terminal']}, "
            f"quiet {args.quiet:g} s, bound {args.bound:g} s"
        )
        ledger_text = ""
        for run in range(args.runs):
            print(f"  homeops run {run + 1}/{args.runs}...", file=sys.stderr, flush=True)
            # A fresh copy each run: every run starts from the same board.
            copy = work / f"run-{run}.hops"
            shutil.copyfile(vault, copy)
            samples, ledger_text = run_homeops(args.tree, copy, config, env, args.quiet, args.bound)
            collect(rows, samples, False, targets)
            for s in samples:
                ours_by_action.setdefault(s.action, []).append(s)
        report["ledger_text"] = ledger_text.strip()[-300:]

        if args.no_peer:
            report["peer"] = {"skipped": "--no-peer"}
        else:
            print("  kanban-tui: venv + pip install...", file=sys.stderr, flush=True)
            ktui, how = peer_venv(work, args.peer_venv)
            if ktui is None:
                print(f"kanban-tui skipped: {how}")
                report["peer"] = {"skipped": how}
            else:
                version = package_version(ktui.parent / "python", "kanban-tui")
                textual = package_version(ktui.parent / "python", "textual")
                report["peer"] = {
                    "name": "kanban-tui",
                    "version": version,
                    "venv": how,
                    "textual": textual,
                }
                try:
                    for run in range(args.runs):
                        print(
                            f"  kanban-tui run {run + 1}/{args.runs}...",
                            file=sys.stderr,
                            flush=True,
                        )
                        samples = run_peer(ktui, work, run, env, args.quiet, args.bound)
                        collect(rows, samples, True, targets)
                        for s in samples:
                            peer_by_action.setdefault(s.action, []).append(s)
                    peer_ok = True
                except BenchError as exc:
                    print(f"kanban-tui not measured: {exc}")
                    report["peer"]["error"] = str(exc)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    for name, samples in ours_by_action.items():
        rows[name].anatomy = nearest_median(samples).anatomy
    for name, samples in peer_by_action.items():
        if name in rows:
            rows[name].peer_anatomy = nearest_median(samples).anatomy
    ordered = list(rows.values())
    print()
    print_table(ordered, peer_ok)
    notes = [f"{row.action}: {note}" for row in ordered for note in row.notes]
    notes += [
        f"{row.action}: {row.unsettled} run(s) still writing at the bound"
        for row in ordered
        if row.unsettled
    ]
    if report.get("ledger_text"):
        notes.append(f"the Ledger showed: {' '.join(report['ledger_text'].split())[:160]!r}")
    if "peer" in report and "version" in report["peer"]:
        peer = report["peer"]
        notes.append(f"kanban-tui {peer['version']} (Textual {peer['textual']}), `ktui demo`")
    if notes:
        print("\nnotes:")
        for note in notes:
            print(f"  - {note}")
    print_anatomy(ordered)
    if args.map:
        print_maps(ordered)

    checks = [row for row in ordered if row.verdict in ("PASS", "MISS")]
    report["rows"] = [
        {
            "action": row.action,
            "target_bytes": row.target,
            "verdict": row.verdict,
            "homeops_bytes": row.ours,
            "homeops_median": row.median,
            "kanban_tui_bytes": row.peer,
            "kanban_tui_median": row.peer_median,
            "ratio": (row.median / row.peer_median)
            if row.median and row.peer_median and not row.empty
            else None,
            "notes": row.notes,
            "unsettled_runs": row.unsettled,
            "homeops_anatomy": asdict(row.anatomy) if row.anatomy else None,
            "kanban_tui_anatomy": asdict(row.peer_anatomy) if row.peer_anatomy else None,
        }
        for row in ordered
    ]
    report["notes"] = notes
    report["elapsed_s"] = time.perf_counter() - started
    if args.dump:
        dump = OUT / "bandwidth-raw"
        dump.mkdir(exist_ok=True)
        for who, by_action in (("homeops", ours_by_action), ("kanban-tui", peer_by_action)):
            for name, samples in by_action.items():
                slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
                for run, sample in enumerate(samples, 1):
                    (dump / f"{who}-{slug}-{run}.bin").write_bytes(sample.raw)
    out = OUT / "bandwidth.json"
    out.write_text(json.dumps(report, indent=1))
    missed = [row.action for row in checks if row.verdict == "MISS"]
    print(
        f"\ntargets: {len(checks) - len(missed)}/{len(checks)} PASS"
        + (f" (MISS: {', '.join(missed)})" if missed else "")
    )
    print(f"wrote {out.relative_to(ROOT)} (whole run {report['elapsed_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
