"""Ledger benchmark: ``python -m bench.ledger [--entries N] [--runs R]``.

With N (100,000) ledger entries in a vault made with the default KDF:

* the Ledger view's draw: from pressing 2 to the entries list's first painted line (headless
  Textual, 80x24), reading the entries from the open vault included;
* ``homeops balance --json`` (a fresh process: start, KDF, then the ledger's parts of the
  snapshot decrypted, decoded and summed one at a time) side by side with
  ``hledger -f export.journal bal`` on the same data exported by ``homeops export --format
  hledger``, each run ``--runs`` times, interleaved; wall time (median) and peak RSS (max).

Prints a table with the issue's targets and ratios measured in this run. The children run
with bytecode cached (``PYTHONDONTWRITEBYTECODE`` dropped, every module compiled once before
any timing), so no run pays for compiling homeops.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.reads import child_env, warm

PASSPHRASE = "bench-ledger-passphrase-42"
TARGET_DRAW_S = 0.5
TARGET_FASTER, TARGET_LEANER = 5, 3  # hledger's time and memory over ours, same run
HLEDGER_REFERENCE = (4.45, 660.0)  # the hledger figures at 100,000 transactions


def make_vault(folder: Path, entries: int) -> Path:
    from homeops.demo.sample import generate
    from homeops.storage.vault import Vault

    data = generate(int(entries * 1.13) + 100, today=dt.date.today())
    ledger = data.ledger[:entries]
    path = folder / "bench.hops"
    with Vault.create(path, PASSPHRASE) as vault:
        with vault.transaction():
            vault.clients.add_many(data.clients)
            vault.missions.add_many(data.missions)
            vault.ledger.add_many(ledger)
        vault.compact()
    return path


def measure_one(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    # A wrapper process per run, so ru_maxrss of its children is this run's peak alone.
    code = (
        "import os,subprocess,sys,time,resource\n"
        "t=time.perf_counter()\n"
        "p=subprocess.run(sys.argv[1:],capture_output=True)\n"
        "e=time.perf_counter()-t\n"
        "r=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024\n"
        "sys.stderr.write(p.stderr.decode()[-300:])\n"
        "print(f'{e} {r} {p.returncode}')\n"
        "sys.stdout.write(p.stdout.decode()[:2000])\n"
    )
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, env=env)
    first, _, rest = done.stdout.decode().partition("\n")
    elapsed, rss, returncode = first.split()
    if returncode != "0":
        raise SystemExit(f"{argv[0]} failed: {done.stderr.decode()}")
    return float(elapsed), float(rss), rest


async def draw_time(path: Path) -> tuple[float, int]:
    from homeops.config import Settings
    from homeops.services import Business
    from homeops.storage.vault import Vault
    from homeops.tui.app import make_app
    from homeops.tui.views.ledger import LedgerView

    vault = Vault.open(path, PASSPHRASE)
    app = make_app(Settings(), path, business=Business(vault, Settings()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("2")
        view = app.screen.query_one(LedgerView)
        while view.model is None or view.entries.painted_at < start:
            await pilot.pause(0.001)
        drawn = view.entries.painted_at - start
        rows = len(view.entries.rows)
    return drawn, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    hledger = shutil.which("hledger")
    folder = Path(tempfile.mkdtemp(prefix="homeops-bench-ledger-"))
    try:
        env = child_env(folder)  # bytecode cached: compiled once here, never in a timed run
        warm(env)
        (folder / "pf").write_text(PASSPHRASE + "\n")
        print(f"making a vault with {args.entries:,} ledger entries…", flush=True)
        path = make_vault(folder, args.entries)
        homeops = [sys.executable, "-m", "homeops", "--vault", str(path),
                   "--passphrase-file", str(folder / "pf")]  # fmt: skip
        journal = folder / "export.journal"
        subprocess.run([*homeops, "export", "--format", "hledger", "--out", str(journal)],
                       check=True, env=env, capture_output=True)  # fmt: skip
        measure_one([*homeops, "balance", "--json"], env)  # untimed: caches what it imports
        draws = [asyncio.run(draw_time(path)) for _ in range(args.runs)]
        ours: list[tuple[float, float]] = []
        theirs: list[tuple[float, float]] = []
        for _ in range(args.runs):
            seconds, rss, _out = measure_one([*homeops, "balance", "--json"], env)
            ours.append((seconds, rss))
            if hledger:
                seconds, rss, _out = measure_one([hledger, "-f", str(journal), "bal"], env)
                theirs.append((seconds, rss))
        draw = statistics.median(d for d, _ in draws)
        print(f"\nLedger, {args.entries:,} entries ({draws[0][1]:,} rows listed), "
              f"{args.runs} runs, medians (RSS: max)")  # fmt: skip
        status = "PASS" if draw <= TARGET_DRAW_S else "MISS"
        print(f"  Ledger view draw (press 2 -> list drawn) {draw:8.3f} s   target "
              f"<= {TARGET_DRAW_S} s  {status}")  # fmt: skip
        our_s = statistics.median(s for s, _ in ours)
        our_mb = max(m for _, m in ours)
        print(f"  homeops balance --json (KDF included)    {our_s:8.3f} s  {our_mb:7.1f} MB")
        if theirs:
            their_s = statistics.median(s for s, _ in theirs)
            their_mb = max(m for _, m in theirs)
            print(
                f"  hledger -f export.journal bal            {their_s:8.3f} s  {their_mb:7.1f} MB"
            )
            faster, leaner = their_s / our_s, their_mb / our_mb
            status = "PASS" if faster >= TARGET_FASTER and leaner >= TARGET_LEANER else "MISS"
            target = f">= {TARGET_FASTER}x time, >= {TARGET_LEANER}x memory"
            print(f"  ratio hledger / homeops                  {faster:8.2f}x  {leaner:7.2f}x   "
                  f"target {target}  {status}")  # fmt: skip
        else:
            print("  hledger not installed: no side-by-side figure (apt-get install hledger)")
        print(f"  (the issue's hledger reference: {HLEDGER_REFERENCE[0]} s, "
              f"{HLEDGER_REFERENCE[1]:.0f} MB)")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
