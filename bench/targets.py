"""Every target of issue 18 (and issue 14's fit) in one table: ``python -m bench.targets
[--quick]``, the last step of ``make bench``.

Prints ``label | measured | target | verdict``: PASS/MISS for a figure measured in this run;
"context" (no verdict) for a figure given for comparison only and for one read from an
earlier run's file (marked "not measured in this run" with the file and its time). The vault
and CLI-read rows are measured here (``bench.worker``, ``bench.reads``); the others come from
the benchmarks that own them, each exposing ``targets(quick: bool) -> list[dict]`` with the
keys label, measured, target, ok: ``bench.fit`` (issue 14), ``bench.beside`` (the CLI beside
an open console), ``bench.keys`` (the console under key bursts), ``bench.startup`` (the
unlock screen against a bare Textual app, Enter -> board at 100,000 documents, measured in
the same run; 5 alternating runs with --quick, 7 without). A module that is missing or
fails prints a MISS row saying it was not measured. ``--quick``: one run of each CLI command
instead of three (the 100,000-document vault is built either way), fewer keys, no rows from
earlier runs; the CLI rows say how many runs each figure is, and a footnote says that the
--quick figures are single samples.
``bench.documents`` (issue 15) gives context rows: one invoice written as Markdown, PDF
and Factur-X, first call and warm.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.harness import OUT

Row = dict[str, Any]  # label, measured (text), target (text), ok (bool, None: no verdict)
SIZE = 100_000
CHANGE_P95_MS = 10.0
OTHERS = ("fit", "beside", "keys", "startup", "documents")  # bench.<name>.targets(quick)


def row(label: str, measured: str, target: str, ok: bool | None) -> Row:
    return {"label": label, "measured": measured, "target": target, "ok": ok}


def verdict(ok: bool | None) -> str:
    """PASS or MISS for a figure of this run; a row without one (ok None) is context."""
    return "context" if ok is None else "PASS" if ok else "MISS"


def vault_rows(quick: bool) -> list[Row]:
    """Point 1: durable changes at 100,000 documents, the first after opening counted."""
    from bench.__main__ import bench_one, percentile

    scratch = OUT / "targets-work"
    try:
        got = bench_one("ours", SIZE, 7, scratch, keep=False)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    changes = got["insert_ms"] + got["update_ms"]
    first, p95 = got["insert_ms"][0], percentile(changes, 95)
    return [
        row("first change after opening, 100k", f"{first:.2f} ms", "<= 10 ms", first <= 10),
        row(
            f"change p95 (first counted, {len(changes)} changes), 100k",
            f"{p95:.2f} ms",
            "<= 10 ms",
            p95 <= CHANGE_P95_MS,
        ),
    ]


def read_rows(quick: bool) -> list[Row]:
    """Point 2: each CLI command at 100,000 documents within 1.3x of 1,000, time and RSS."""
    from bench import reads

    runs = 1 if quick else 3
    got = reads.run([1_000, SIZE], list(reads.COMMANDS), runs)
    rows: list[Row] = []
    sampled, peak = ("1 run", "1 run") if runs == 1 else (f"median of {runs}", f"max of {runs}")
    for command in reads.COMMANDS:
        name = command.split()[0]
        (s1, m1), (s2, m2) = got[(command, 1_000)], got[(command, SIZE)]
        target = f"<= {reads.TARGET_RATIO}x"
        rows.append(
            row(
                f"`{name}` time 100k / 1k ({sampled})",
                f"{s2 / s1:.2f}x ({s2:.2f} / {s1:.2f} s)",
                target,
                s2 / s1 <= reads.TARGET_RATIO,
            )
        )
        rows.append(
            row(
                f"`{name}` peak RSS 100k / 1k ({peak})",
                f"{m2 / m1:.2f}x ({m2:.0f} / {m1:.0f} MB)",
                target,
                m2 / m1 <= reads.TARGET_RATIO,
            )
        )
    return rows


def other_rows(name: str, quick: bool) -> list[Row]:
    try:
        module = importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"bench.{name}":
            raise  # a module it needs: _safely says which
        return [row(f"bench.{name}", f"not measured (no bench/{name}.py)", "-", False)]
    measure: Callable[[bool], list[Row]] | None = getattr(module, "targets", None)
    if measure is None:
        return [row(f"bench.{name}", "not measured (it has no targets())", "-", False)]
    return list(measure(quick))


def _safely(what: str, rows: Callable[[], list[Row]]) -> list[Row]:
    """A benchmark that breaks is a MISS row with its reason, never the end of the table."""
    try:
        return rows()
    except Exception as exc:  # any failure is reported, and the rest goes on
        reason = str(exc).strip().splitlines()[-1:] or [type(exc).__name__]
        return [row(what, f"not measured ({reason[0][:60]})", "-", False)]


def print_table(rows: list[Row]) -> None:
    cells = [
        (str(r["label"]), str(r["measured"]), str(r["target"]), verdict(r["ok"])) for r in rows
    ]
    heads = ("label", "measured", "target", "")
    widths = [max(len(c[i]) for c in [heads, *cells]) for i in range(4)]
    for line in [heads, *cells]:
        print(" | ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.targets", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run of each CLI command")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows: list[Row] = []
    for what, measure in (
        ("vault changes", lambda: vault_rows(args.quick)),
        ("CLI reads", lambda: read_rows(args.quick)),
        *((f"bench.{n}", lambda n=n: other_rows(n, args.quick)) for n in OTHERS),
    ):
        print(f"  measuring {what}...", file=sys.stderr, flush=True)
        rows += _safely(what, measure)
    took = time.perf_counter() - started
    print(f"\nissue 18 targets (and issue 14's fit), this run ({took:.0f} s)")
    print_table(rows)
    if args.quick:
        print("--quick: the CLI rows (1 run) and the key bursts (one burst) are single samples;")
        print("bench.beside's ratios are medians of 3 runs (7 without --quick); the vault and")
        print("fit rows are measured as without --quick.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
