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
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
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

# The targets (issue 3, "Performance"), in seconds.
TARGET_UNLOCK_SCREEN_S = 0.30
TARGET_UNLOCK_TO_BOARD_S = 1.0
TARGET_SIZE = 100_000
REFERENCE_BARE_S = 0.16  # the bare-Textual figure on its machine


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
