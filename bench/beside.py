"""The command line beside an open console (issue 18 point 3): ``python -m bench.beside
[--quick] [--entries N]``.

In one run, on one vault made with the default KDF and N (10,000) ledger entries:

* ``homeops income 1`` (a write) with the console closed (a fresh process: start, KDF, open,
  write) against the same command beside an open console (served over its socket); target:
  the console-closed time over the beside time >= 3x;
* ``homeops balance`` beside the open console against ``hledger -f export.journal bal`` on
  the same ledger (exported by ``homeops export --format hledger``); target >= 3x.

The console is the real one, headless (Textual's ``run_test`` in a child process that opened
the vault and serves beside it). Each figure is the median wall time of fresh processes,
interleaved. Also printed: what the client path imports (``python -X importtime``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.ledger import PASSPHRASE, make_vault
from bench.reads import ROOT, child_env, measure, warm

TARGET = 3.0
Row = dict[str, Any]


async def _hold(path: Path) -> None:
    """The console, open on ``path`` and serving beside it, until standard input closes."""
    from homeops.config import Settings
    from homeops.main import serve_beside
    from homeops.services import Business
    from homeops.storage.vault import Vault
    from homeops.tui.app import make_app

    settings = Settings()
    business = Business(Vault.open(path, PASSPHRASE), settings)
    app = make_app(settings, path, business=business, serve_beside=serve_beside(settings, path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)


def _socket(path: Path, env: dict[str, str]) -> str:
    from homeops.beside.place import socket_path

    return socket_path(path, env)


def client_import_ms(env: dict[str, str]) -> float:
    """Cumulative import time (ms) of the client path, from ``python -X importtime``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import homeops.beside.client"],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    for line in done.stderr.splitlines():
        if line.rstrip().endswith("| homeops.beside.client"):
            return int(line.split("|")[1]) / 1000
    return float("nan")


def run(entries: int, runs: int) -> list[Row]:
    hledger = shutil.which("hledger")
    folder = Path(tempfile.mkdtemp(prefix="hbb"))  # short: the socket's path is limited
    console: subprocess.Popen[str] | None = None
    try:
        env = child_env(folder)
        env["XDG_RUNTIME_DIR"] = str(folder / "run")
        (folder / "run").mkdir(mode=0o700)
        warm(env)
        (folder / "pf").write_text(PASSPHRASE + "\n")
        print(f"making a vault with {entries:,} ledger entries…", flush=True)
        path = make_vault(folder, entries)
        homeops = [sys.executable, "-m", "homeops", "--vault", str(path),
                   "--passphrase-file", str(folder / "pf")]  # fmt: skip
        journal = folder / "export.journal"
        subprocess.run([*homeops, "export", "--format", "hledger", "--out", str(journal)],
                       check=True, env=env, capture_output=True)  # fmt: skip
        income = [*homeops, "income", "1"]
        closed = [measure(income, env)[0] for _ in range(runs)]
        console = subprocess.Popen(
            [sys.executable, "-m", "bench.beside", "--hold", str(path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT,
        )  # fmt: skip
        assert console.stdout is not None
        if console.stdout.readline().strip() != "ready":
            raise RuntimeError("the headless console did not open")
        deadline = time.monotonic() + 10
        while not os.path.exists(_socket(path, env)) and time.monotonic() < deadline:
            time.sleep(0.05)
        balance = [*homeops, "balance"]
        measure(income, env), measure(balance, env)  # untimed: the first of each
        beside_income: list[float] = []
        beside_balance: list[float] = []
        theirs: list[float] = []
        for _ in range(runs):
            beside_income.append(measure(income, env)[0])
            beside_balance.append(measure(balance, env)[0])
            if hledger:
                theirs.append(measure([hledger, "-f", str(journal), "bal"], env)[0])
        importing = client_import_ms(env)
    finally:
        if console is not None:
            if console.stdin is not None:
                console.stdin.close()
            console.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    kdf_bound, served = statistics.median(closed), statistics.median(beside_income)
    ours = statistics.median(beside_balance)
    print(f"\nThe CLI beside an open console, {entries:,} ledger entries, {runs} runs, medians")
    print(f"  homeops income 1, console closed (KDF)   {kdf_bound:8.3f} s")
    print(f"  homeops income 1, beside the console     {served:8.3f} s")
    print(f"  homeops balance, beside the console      {ours:8.3f} s")
    rows = [_row("income: console closed / beside it", kdf_bound / served)]
    if theirs:
        their = statistics.median(theirs)
        print(f"  hledger -f export.journal bal            {their:8.3f} s")
        rows.append(_row(f"balance {entries // 1000}k: hledger bal / beside", their / ours))
    else:
        rows.append({"label": "balance beside vs hledger bal", "measured": "hledger missing",
                     "target": f">= {TARGET:.0f}x", "ok": False})  # fmt: skip
    print(f"  client path import time (-X importtime)  {importing:8.1f} ms")
    for r in rows:
        print(f"  {r['label']:<40} {r['measured']:>8}   target {r['target']}  "
              f"{'PASS' if r['ok'] else 'MISS'}")  # fmt: skip
    return rows


def _row(label: str, ratio: float) -> Row:
    return {"label": label, "measured": f"{ratio:.1f}x", "target": f">= {TARGET:.0f}x",
            "ok": ratio >= TARGET}  # fmt: skip


def targets(quick: bool) -> list[Row]:
    """The two ratios for ``bench.targets``: label, measured, target, ok."""
    return run(10_000, 3 if quick else 7)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 runs")
    parser.add_argument("--hold", metavar="VAULT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.hold:
        asyncio.run(_hold(Path(args.hold)))
        return
    run(args.entries, 3 if args.quick else args.runs)


if __name__ == "__main__":
    main()
