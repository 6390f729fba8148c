"""Startup benchmark: ``python -m bench.startup [--runs N] [--quick] [--profile]``.

Times what a user waits for, in a real terminal (tmux, 80x24), against its peer in the same
run (issue 18 point 6: the unlock screen within 1.3x of a bare Textual app; Enter -> board at
100,000 documents within 0.8 s):

* exec -> the unlock screen painted (the pane shows "Passphrase"), for an empty vault and a
  100,000-document one (``--quick``: 10,000);
* Enter on the passphrase -> the board painted (the pane shows the view bar's "1 Board" and
  the board's first column "Brief"), KDF included;
* exec -> a bare Textual app painted: one screen (the app's own) holding one ``Static``, the
  baseline the ratios are against, launched alternately with the others.

Bytecode: every launch uses bytecode caches that exist before the first timed run, as an
installed app's do. The checkout's modules are compiled into their default ``__pycache__``
(``compileall``) before timing, and the launched programs run without
``PYTHONDONTWRITEBYTECODE`` (set in this environment), so no launch compiles a module;
the site-packages (Textual) come compiled with the virtualenv. ``--no-pyc`` keeps the
environment's setting instead (each launch then compiles what has no fresh cache).

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
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import asdict
from pathlib import Path
from types import FrameType
from typing import Any

from bench.harness import COLS, OUT, ROOT, ROWS, BenchError
from bench.startup_cases import (
    BOARD_MARKERS,
    SETTLE_S,
    UNLOCK_MARKERS,
    Case,
    find_tool,
    make_vaults,
    run_bare,
    run_vault,
)
from bench.startup_profile import print_profile, profile
from bench.startup_tmux import Tmux

# Issue 18 point 6's targets: the unlock screen within 1.3x of a bare Textual app, Enter ->
# board at 100,000 documents within 0.8 s.
TARGET_RATIO = 1.3
TARGET_UNLOCK_TO_BOARD_S = 0.8
TARGET_SIZE = 100_000
REFERENCE_BARE_S = 0.16  # the bare-Textual figure on its machine
COMPILED = ("homeops", "tui", "storage", "config", "bench")  # the checkout's packages


# -- report ------------------------------------------------------------------------------------


def fmt_s(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{seconds:.3f} s"


def print_table(cases: list[Case], bare: Case) -> None:
    head = f"{'case':<44} {'median':>9} {'max':>9} {'x bare':>7} {'target':>9} {'':>5}"
    header = f"{head} {'CPU':>8} {'x bare':>7}"
    print(header)
    print("-" * len(header))
    for case in cases:
        verdict = {None: "", True: "PASS", False: "MISS"}[case.verdict(bare.median)]
        cpu = ""
        if case.cpu_samples:
            cpu_ms = f"{case.cpu_median * 1000:.0f} ms"
            cpu = f" {cpu_ms:>8} {case.cpu_median / bare.cpu_median:>6.2f}x"
        print(
            f"{case.label:<44} {fmt_s(case.median):>9} {fmt_s(case.max):>9} "
            f"{case.median / bare.median:>6.2f}x {case.target_text:>9} {verdict:>5}{cpu}"
        )


def tool_version(cmd: Sequence[str]) -> str:
    with suppress(Exception):
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    return "?"


def compile_checkout(python: Path) -> None:
    """Every module of the checkout compiled into its default ``__pycache__``, before timing."""
    folders = [str(ROOT / name) for name in COMPILED if (ROOT / name).is_dir()]
    done = subprocess.run(
        [str(python), "-m", "compileall", "-q", "-j", "0", *folders],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise BenchError(f"compileall failed: {(done.stdout + done.stderr).strip()[-200:]}")


def launch_env(no_pyc: bool) -> dict[str, str]:
    """The launched programs' environment: faulthandler (stacks on a hang) and, unless
    ``no_pyc``, bytecode caches used and kept (PYTHONDONTWRITEBYTECODE emptied)."""
    env = {"PYTHONFAULTHANDLER": "1"}
    return env if no_pyc else env | {"PYTHONDONTWRITEBYTECODE": ""}


def make_cases(size: int) -> tuple[Case, dict[str, Case]]:
    bare = Case("bare_textual", "bare Textual app: exec -> painted", None)
    big = f"{size:,} docs"
    cases = {
        "empty_unlock_screen": Case(
            "empty_unlock_screen", "empty vault: exec -> unlock screen painted", None, TARGET_RATIO
        ),
        "empty_unlock_to_board": Case(
            "empty_unlock_to_board", "empty vault: Enter -> board painted", None
        ),
        "big_unlock_screen": Case(
            "big_unlock_screen", f"{big}: exec -> unlock screen painted", None, TARGET_RATIO
        ),
        "big_unlock_to_board": Case(
            "big_unlock_to_board",
            f"{big}: Enter -> board painted",
            TARGET_UNLOCK_TO_BOARD_S if size == TARGET_SIZE else None,
        ),
    }
    return bare, cases


def measure(runs: int, size: int, poll_s: float, *, no_pyc: bool = False,
            keep: bool = False, with_profile: bool = False) -> dict[str, Any]:  # fmt: skip
    """Make the vaults, then ``runs`` timed launches of each case (after one warm-up),
    alternating bare, empty, big. Everything in one dict (the JSON's content)."""
    env = launch_env(no_pyc)
    tmp = Path(tempfile.mkdtemp(prefix="homeops-startup-"))
    tmux = Tmux(tmp / "tmux.sock", tmp, env)  # the socket goes with the temporary directory
    bare, cases = make_cases(size)
    prof: dict[str, Any] | None = None
    screens: dict[str, str] = {}
    try:
        setup = make_vaults(tmp, size)
        if not no_pyc:
            compile_checkout(setup.python)
        tmux.start()
        for run in range(runs + 1):
            warmup = run == 0
            note = " (warm-up, not counted)" if warmup else ""
            print(f"run {run}/{runs}{note} ...", file=sys.stderr, flush=True)
            elapsed, cpu = run_bare(tmux, setup, poll_s)
            if not warmup:
                bare.samples.append(elapsed)
                bare.cpu_samples.append(cpu)
            for key in ("empty", "big"):
                got = run_vault(tmux, setup, setup.vaults[key], poll_s, screens)
                if not warmup:
                    cases[f"{key}_unlock_screen"].samples.append(got[0])
                    cases[f"{key}_unlock_screen"].cpu_samples.append(got[1])
                    cases[f"{key}_unlock_to_board"].samples.append(got[2])
        if with_profile:
            prof = profile(setup, env)
    finally:
        tmux.close()
        if keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    capture_ms = [s * 1000 for s in tmux.capture_s]
    return {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "tmux": tool_version(["tmux", "-V"]),
            "textual": tool_version(
                [str(find_tool("python")), "-c", "import textual; print(textual.__version__)"]
            ),
        },
        "settings": {
            "runs": runs,
            "warmup_runs": 1,
            "documents": size,
            "terminal": f"{COLS}x{ROWS}",
            "poll_ms": poll_s * 1000,
            "settle_s": SETTLE_S,
            "unlock_markers": list(UNLOCK_MARKERS),
            "board_markers": list(BOARD_MARKERS),
            "environment": env,
            "bytecode": "environment's (--no-pyc)" if no_pyc else "compileall, then kept",
        },
        "timer": {
            "capture_pane_median_ms": statistics.median(capture_ms) if capture_ms else math.nan,
            "capture_pane_p95_ms": sorted(capture_ms)[int(0.95 * (len(capture_ms) - 1))]
            if capture_ms
            else math.nan,
            "note": "each figure may be late by up to one poll interval plus one capture",
        },
        "vault_make_s": setup.make_s,
        "reference_bare_textual_s": REFERENCE_BARE_S,
        "cases": {
            case.key: {
                **{k: v for k, v in asdict(case).items() if k != "key"},
                "median_s": case.median,
                "max_s": case.max,
                "ratio_to_bare": case.median / bare.median,
                "cpu_median_s": case.cpu_median,
                "cpu_ratio_to_bare": case.cpu_median / bare.cpu_median,
                "passed_median": case.verdict(bare.median),
            }
            for case in [bare, *cases.values()]
        },
        "profile": prof,
        "matched_screens": screens,
        "_cases": (bare, list(cases.values())),
    }


def write_json(result: dict[str, Any]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / "startup.json"
    data = {k: v for k, v in result.items() if not k.startswith("_")}
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return out


def targets(quick: bool) -> list[dict[str, Any]]:
    """bench.targets' rows, measured now at 100,000 documents: the unlock screen against the
    bare Textual app (both vaults), and Enter -> board. ``quick``: 5 runs, else 7."""
    runs = 5 if quick else 7
    result = measure(runs, TARGET_SIZE, 0.005)
    write_json(result)
    bare, cases = result["_cases"]
    rows = []
    for case in cases:
        ok = case.verdict(bare.median)
        if ok is None:
            continue
        if case.target_ratio is not None:
            measured = f"{case.median / bare.median:.2f}x ({case.median:.3f} / {bare.median:.3f} s)"
        else:
            measured = f"{case.median:.3f} s (max {case.max:.3f})"
        label = f"start-up: {case.label} (median of {runs}, tmux 80x24)"
        rows.append({"label": label, "measured": measured, "target": case.target_text, "ok": ok})
        if case.cpu_samples:
            cpu = case.cpu_median / bare.cpu_median
            rows.append(
                {
                    "label": "  its process's CPU when that frame was seen / the bare app's",
                    "measured": f"{cpu:.2f}x ({case.cpu_median:.2f} / {bare.cpu_median:.2f} s)",
                    "target": "none (context: load-proof)",
                    "ok": None,
                }
            )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case (default 7)")
    parser.add_argument("--quick", action="store_true", help="10,000 documents, not 100,000")
    parser.add_argument("--profile", action="store_true", help="also show where the time goes")
    parser.add_argument("--poll-ms", type=float, default=5.0, help="capture-pane poll interval")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--no-pyc",
        action="store_true",
        help="bytecode as the environment says (PYTHONDONTWRITEBYTECODE): no compileall, "
        "and every launch compiles the modules without a fresh cache",
    )
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5 (medians of alternating runs)")
    if shutil.which("tmux") is None:
        raise SystemExit("bench.startup: tmux is needed")
    size = 10_000 if args.quick else TARGET_SIZE

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)  # so that the finally blocks clean up

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
    try:
        result = measure(
            args.runs,
            size,
            args.poll_ms / 1000,
            no_pyc=args.no_pyc,
            keep=args.keep,
            with_profile=args.profile,
        )
    except BenchError as error:
        print(f"bench.startup: {error}", file=sys.stderr)
        return 1
    bare, cases = result["_cases"]
    timer = result["timer"]
    print()
    print(
        f"homeops start-up, tmux {COLS}x{ROWS}, {args.runs} runs per case alternating with the "
        f"bare app (+1 warm-up), default KDF, vaults made with the CLI; verdicts on the "
        f"median; load average {result['machine']['load_average'][0]:.2f}"
    )
    print_table([bare, *cases], bare)
    print(
        f"\nTimer: from just before `tmux new-session` (exec) or `send-keys Enter` to the end of "
        f"the first `capture-pane` showing the marker; polled every {args.poll_ms:g} ms, one "
        f"capture takes {timer['capture_pane_median_ms']:.1f} ms (p95 "
        f"{timer['capture_pane_p95_ms']:.1f} ms): each figure may be up to "
        f"~{args.poll_ms + timer['capture_pane_p95_ms']:.0f} ms late, alike for every case.\n"
        f"Enter -> board includes the KDF; the passphrase is typed {SETTLE_S:g} s after the "
        f"unlock screen shows. On {os.cpu_count()} CPUs the poller competes with the app.\n"
        "CPU: the launched process's user + system time read (/proc, 10 ms ticks) just after "
        "its frame was seen: the start-up's cost, less sensitive to the machine's load, plus "
        "what the process did between the frame and the read (from its first frame on, "
        "homeops parses the rest of its stylesheet, makes one full GC pass and loads its use "
        "cases in a thread)."
    )
    if size != TARGET_SIZE:
        print(f"--quick: {size:,} documents; the Enter -> board target is for {TARGET_SIZE:,}.")
    print(
        "Bytecode: "
        + (
            "as the environment says (--no-pyc)"
            if args.no_pyc
            else "the checkout compiled (compileall) into its __pycache__ before timing; the "
            "launches run without PYTHONDONTWRITEBYTECODE"
        )
        + f". The issue's bare-Textual reference on its machine: {REFERENCE_BARE_S:.2f} s."
    )
    if result["profile"] is not None:
        print_profile(result["profile"])
    out = write_json(result)
    print(f"\nwrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
