"""CLI reads at scale: ``python -m bench.reads [--sizes 1000,100000] [--commands ...]``.

Each command runs in a fresh process (``python -m homeops ...``) on a demo vault of each size
(``homeops demo --size N``, the default KDF), interleaved, ``--runs`` times; wall time
(median) and that process's peak RSS (max) are printed per size, then the ratio 100k / 1k,
which issue 18 wants within 1.3x. Bytecode is compiled once before timing (the caller's
PYTHONDONTWRITEBYTECODE is dropped for the children), so no run pays for compiling.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import ROOT

PASSPHRASE = "bench-reads-passphrase-42"
COMMANDS = ("missions", "income 100 --memo bench", "plan", "payouts", "invoices")
TARGET_RATIO = 1.3

# A wrapper per run, so ru_maxrss of its children is this run's peak alone.
_WRAPPER = (
    "import subprocess,sys,time,resource\n"
    "t=time.perf_counter()\n"
    "p=subprocess.run(sys.argv[1:],capture_output=True)\n"
    "e=time.perf_counter()-t\n"
    "r=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024\n"
    "sys.stderr.write(p.stderr.decode()[-300:])\n"
    "print(f'{e} {r} {p.returncode}')\n"
)


def child_env(folder: Path) -> dict[str, str]:
    """The environment of every timed child: bytecode may be cached (it is compiled once,
    before any timing, by ``warm``), and no user's config leaks in."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(HOME=str(folder), XDG_CONFIG_HOME=str(folder / "cfg"))
    return env


def warm(env: dict[str, str]) -> None:
    """Compile every module of ours and of the venv once, so no timed run compiles."""
    dirs = [str(ROOT / d) for d in ("homeops", "storage", "config")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "1", *dirs], env=env)
    subprocess.run([sys.executable, "-c", "import homeops.main"], env=env, cwd=ROOT)


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one run of ``argv``."""
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *argv], capture_output=True, env=env, cwd=ROOT
    )
    elapsed, rss, code = done.stdout.decode().split()
    if code != "0":
        raise RuntimeError(f"{' '.join(argv[-3:])} failed: {done.stderr.decode().strip()}")
    return float(elapsed), float(rss)


def make_vault(folder: Path, size: int, env: dict[str, str]) -> Path:
    path = folder / f"v{size}.hops"
    cmd = [sys.executable, "-m", "homeops", "--passphrase-file", str(folder / "pf"), "demo"]
    cmd += ["--no-console", "--size", str(size), "--out", str(path)]
    subprocess.run(cmd, check=True, env=env, capture_output=True, cwd=ROOT)
    return path


def run(
    sizes: list[int], commands: list[str], runs: int
) -> dict[tuple[str, int], tuple[float, float]]:
    """``{(command, size): (median seconds, max MB)}``."""
    folder = Path(tempfile.mkdtemp(prefix="homeops-bench-reads-"))
    try:
        (folder / "pf").write_text(PASSPHRASE + "\n")
        env = child_env(folder)
        warm(env)
        vaults = {size: make_vault(folder, size, env) for size in sizes}
        samples: dict[tuple[str, int], list[tuple[float, float]]] = {}
        for command in commands:  # untimed: every module a command imports is cached
            argv = [sys.executable, "-m", "homeops", "--vault", str(vaults[min(sizes)])]
            measure([*argv, "--passphrase-file", str(folder / "pf"), *command.split()], env)
        for _ in range(runs):
            for command in commands:
                for size in sizes:
                    argv = [sys.executable, "-m", "homeops", "--vault", str(vaults[size])]
                    argv += ["--passphrase-file", str(folder / "pf"), *command.split()]
                    samples.setdefault((command, size), []).append(measure(argv, env))
        return {
            key: (statistics.median(s for s, _ in got), max(m for _, m in got))
            for key, got in samples.items()
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def ratios(
    got: dict[tuple[str, int], tuple[float, float]], command: str, small: int, big: int
) -> tuple[float, float]:
    (s_small, m_small), (s_big, m_big) = got[(command, small)], got[(command, big)]
    return s_big / s_small, m_big / m_small


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reads", description=__doc__)
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    commands = args.commands.split(",")
    got = run(sizes, commands, args.runs)
    small, big = min(sizes), max(sizes)
    print(f"CLI commands, {args.runs} run(s) each, a fresh process each (KDF included)")
    print(f"{'command':<26} " + " ".join(f"{f'{n:,}':>17}" for n in sizes) + "   ratio time, RSS")
    for command in commands:
        cells = " ".join(f"{got[(command, n)][0]:6.3f} s {got[(command, n)][1]:5.0f} MB"
                         for n in sizes)  # fmt: skip
        t, m = ratios(got, command, small, big)
        status = "PASS" if t <= TARGET_RATIO and m <= TARGET_RATIO else "MISS"
        print(f"{command:<26} {cells}   {t:5.2f}x {m:5.2f}x  {status}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
