"""Bandwidth benchmark: ``python -m bench.bandwidth [--runs N] [--no-peer] [--map]``.

Counts the bytes the console writes to the terminal at 80x24 for what a user does all day over
SSH (issue 8, "Bandwidth" and "Performance"): one card move (``L``, then ``H`` back), one cursor
step on the board (``j``, ``down``), focusing the next column (``l``), and one cursor step on
the Ledger (after ``2``; a step that writes nothing is reported as an empty state, not as a
figure), and one step down and back up the Offers view's list of tests (after ``5``, issue
16). The full first draw of the board (Enter on the passphrase until the board is drawn and
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
import json
import os
import platform
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from types import FrameType
from typing import Any

from bench.bandwidth_pty import base_env
from bench.bandwidth_report import (
    Row,
    collect,
    nearest_median,
    print_anatomy,
    print_maps,
    print_table,
)
from bench.bandwidth_runs import (
    HOMEOPS_BOARD,
    LATER_STEPS,
    LEDGER_STEPS,
    LEDGER_SWITCH,
    OFFERS_STEPS,
    OFFERS_SWITCH,
    TARGET_MOVE_BYTES,
    TARGET_STEP_BYTES,
    Sample,
    make_vault,
    package_version,
    peer_venv,
    run_homeops,
    run_peer,
)
from bench.harness import COLS, OUT, ROOT, ROWS, BenchError

QUIET_S = 0.5  # an update is over when the console has written nothing for this long
BOUND_S = 5.0  # ... or after this long, whatever it still writes


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
    actions = (
        *HOMEOPS_BOARD, LEDGER_SWITCH, *LEDGER_STEPS, OFFERS_SWITCH, *OFFERS_STEPS, *LATER_STEPS
    )  # fmt: skip
    targets = {a.name: a.target for a in actions}
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
