"""Vault benchmarks: ``python -m bench [--quick] [--sizes 1000,10000,100000] [--designs ...]``.

For each size and design, a fresh ``bench.worker`` process builds the vault from the same
``homeops.demo.sample`` documents, then another fresh process opens it and times durable changes, so
each peak RSS belongs to one design and one size. Prints one table per size, the ratios of ours
to each peer and to the baseline measured in this run, the issue's targets as PASS/MISS, and
writes everything as JSON to ``bench/out/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.designs import DESIGNS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
ORDER = ("ours", "naive", "peer", "memory")

# The vault issue's targets at 100,000 documents.
TARGET_SIZE = 100_000
TARGET_CHANGE_P95_MS = 10.0
TARGET_OPEN_S = 0.5
TARGET_FILE_RATIO = 1.5
TARGET_RSS_MB = 300.0


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (with 10 samples, p95 is the slowest one)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def fsync_probe(folder: Path, n: int = 100) -> dict[str, float]:
    """What one small durable append costs on this disk: the floor under any durable change."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    probe = folder / "fsync-probe"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    samples: list[float] = []
    try:
        for _ in range(n):
            t0 = time.perf_counter()
            os.write(fd, b"x" * 300)
            os.fdatasync(fd)
            samples.append((time.perf_counter() - t0) * 1000)
    finally:
        os.close(fd)
        probe.unlink()
    return {"p50_ms": percentile(samples, 50), "p95_ms": percentile(samples, 95)}


def run_worker(phase: str, design: str, size: int, seed: int, work: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "bench.worker", phase, "--design", design]
    cmd += ["--size", str(size), "--seed", str(seed), "--work", str(work)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"{design} {phase} at {size}: {tail}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def bench_one(design: str, size: int, seed: int, scratch: Path, keep: bool) -> dict[str, Any]:
    work = scratch / f"{design}-{size}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(mode=0o700, parents=True)
    try:
        if DESIGNS[design].on_disk:
            built = run_worker("build", design, size, seed, work)
            result = run_worker("measure", design, size, seed, work)
            result["build"] = built["build"]
        else:
            result = run_worker("all", design, size, seed, work)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    for kind in ("insert", "update"):
        samples = result.get(f"{kind}_ms", [])
        result[f"{kind}_p50_ms"] = percentile(samples, 50)
        result[f"{kind}_p95_ms"] = percentile(samples, 95)
    if result.get("kdf_s") is not None:
        result["open_without_kdf_s"] = result["open_s"] - result["kdf_s"]
    if result.get("file_bytes"):
        result["file_ratio"] = result["file_bytes"] / result["plain_json_bytes"]
    return result


# -- printing ---------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "-"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _s(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 0.01:
        return f"{value * 1000:.2f} ms"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _mb(kib_or_bytes: float | None, unit: int) -> str:
    return "-" if not kib_or_bytes else f"{kib_or_bytes * unit / 1e6:.1f}"


def print_size(size: int, results: dict[str, dict[str, Any]]) -> None:
    plain = next((r["plain_json_bytes"] for r in results.values() if "plain_json_bytes" in r), 0)
    docs = next((r["documents"] for r in results.values() if "documents" in r), size)
    print(f"\n== {docs:,} documents (plain JSON {plain / 1e6:.1f} MB) ==")
    head = (
        f"{'design':<36} {'reps':>4}  {'insert p50':>10} {'p95':>8}  {'update p50':>10} {'p95':>8}"
        f"  {'open':>8} {'KDF':>7} {'open-KDF':>8}  {'file MB':>7} {'xJSON':>5}  {'RSS MB':>6}"
    )
    print(head)
    print("-" * len(head))
    for name in ORDER:
        if name not in results:
            continue
        r = results[name]
        title = DESIGNS[name].title
        if "error" in r:
            print(f"{title:<36} error: {r['error']}")
            continue
        kdf = r.get("kdf_s")
        rss = r.get("rss_kib") if DESIGNS[name].on_disk else None
        print(
            f"{title:<36} {len(r['insert_ms']):>4}  {_ms(r['insert_p50_ms']):>10} "
            f"{_ms(r['insert_p95_ms']):>8}  {_ms(r['update_p50_ms']):>10} "
            f"{_ms(r['update_p95_ms']):>8}  {_s(r['open_s']):>8} "
            f"{_s(kdf) if kdf is not None else '-':>7} {_s(r.get('open_without_kdf_s')):>8}  "
            f"{_mb(r.get('file_bytes'), 1):>7} "
            f"{(format(r['file_ratio'], '.2f') if 'file_ratio' in r else '-'):>5}  "
            f"{_mb(rss, 1024):>6}"
        )
    print("(times in ms unless marked; p95 is nearest-rank, so with 10 reps it is the slowest)")
    ours = results.get("ours")
    if not ours or "error" in ours:
        return
    for name in ("naive", "peer", "memory"):
        other = results.get(name)
        if not other or "error" in other:
            continue
        parts = []
        for kind in ("insert", "update"):
            for q in ("p50", "p95"):
                mine, theirs = ours[f"{kind}_{q}_ms"], other[f"{kind}_{q}_ms"]
                parts.append(f"{kind} {q} {theirs / mine:.1f}x")
        print(f"{name} time / ours (>1: ours faster): " + ", ".join(parts))


def targets(results: dict[str, Any]) -> list[tuple[str, bool, str]]:
    ours = results.get("ours", {})
    if not ours or "error" in ours:
        return []
    change = max(ours["insert_p95_ms"], ours["update_p95_ms"])
    open_s = ours.get("open_without_kdf_s", ours["open_s"])
    rss_mb = ours["rss_kib"] * 1024 / 1e6
    checks = [
        ("change p95 <= 10 ms", change <= TARGET_CHANGE_P95_MS, f"{change:.2f} ms"),
        ("open without KDF <= 0.5 s", open_s <= TARGET_OPEN_S, f"{open_s:.3f} s"),
        (
            "file <= 1.5x plain JSON",
            ours["file_ratio"] <= TARGET_FILE_RATIO,
            f"{ours['file_ratio']:.2f}x",
        ),
        ("peak RSS <= 300 MB", rss_mb <= TARGET_RSS_MB, f"{rss_mb:.0f} MB"),
    ]
    memory = results.get("memory")
    if memory and "error" not in memory:
        ok = ours["insert_p95_ms"] <= memory["insert_p95_ms"]
        detail = f"{ours['insert_p95_ms']:.2f} ms vs {memory['insert_p95_ms']:.2f} ms"
        checks.append(("insert p95 < stock TinyDB in memory", ok, detail))
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x.replace("_", "")) for x in s.split(",")],
        default=list(DEFAULT_SIZES),
        help="comma-separated document counts (default: 1000,10000,100000)",
    )
    parser.add_argument("--quick", action="store_true", help="1,000 documents only")
    parser.add_argument(
        "--designs",
        type=lambda s: s.split(","),
        default=list(ORDER),
        help=f"comma-separated, among {','.join(ORDER)} (default: all)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scratch", type=Path, default=OUT / "work", help="where vaults go")
    parser.add_argument("--keep", action="store_true", help="keep the vault files")
    args = parser.parse_args(argv)
    sizes: list[int] = [1_000] if args.quick else args.sizes
    unknown = set(args.designs) - set(ORDER)
    if unknown:
        parser.error(f"unknown design(s): {', '.join(sorted(unknown))}")

    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report: dict[str, Any] = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {os.cpu_count()} cpu",
        "seed": args.seed,
        "sizes": {},
        "notes": [],
    }
    notes: list[str] = []
    for name in ORDER:
        if name in args.designs:
            notes += DESIGNS[name]().notes()
    report["notes"] = notes
    print(f"homeops vault bench: sizes {sizes}, designs {args.designs}, seed {args.seed}")
    probe = fsync_probe(args.scratch)
    report["fsync_probe"] = probe
    print(
        f"this disk: 300-byte append + fdatasync p50 {probe['p50_ms']:.2f} ms, "
        f"p95 {probe['p95_ms']:.2f} ms (the floor under every durable change)"
    )
    for size in sizes:
        results: dict[str, dict[str, Any]] = {}
        for name in ORDER:
            if name not in args.designs:
                continue
            t0 = time.perf_counter()
            print(f"  {name} at {size:,}...", end="", flush=True, file=sys.stderr)
            try:
                results[name] = bench_one(name, size, args.seed, args.scratch, args.keep)
            except (RuntimeError, subprocess.TimeoutExpired, ValueError) as exc:
                results[name] = {"error": str(exc)}
            print(f" {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        print_size(size, results)
        checks = targets(results)
        if checks:
            label = (
                "targets" if size == TARGET_SIZE else f"targets (set for 100,000; here {size:,})"
            )
            print(f"{label}:")
            for what, ok, detail in checks:
                print(f"  {'PASS' if ok else 'MISS'}  {what}: {detail}")
        kdf_default = results.get("ours", {}).get("kdf_default_s")
        if kdf_default is not None:
            print(f"KDF at KdfParams.default() (a real vault): {kdf_default * 1000:.0f} ms")
        report["sizes"][str(size)] = {
            "results": results,
            "targets": [{"target": w, "pass": ok, "value": d} for w, ok, d in checks],
        }
    if notes:
        print("\nnotes:")
        for note in notes:
            print(f"  - {note}")
    elapsed = time.perf_counter() - started
    report["elapsed_s"] = elapsed
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = OUT / f"vault-{stamp}.json"
    out.write_text(json.dumps(report, indent=1))
    shutil.copyfile(out, OUT / "vault-latest.json")
    print(f"\nwrote {out.relative_to(ROOT)} (whole run {elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
