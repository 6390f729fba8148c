"""bench.startup --profile: where the time goes (``-X importtime``, the unlock's parts)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.harness import ROOT
from bench.startup_cases import Setup

# What is imported before the unlock screen can draw (the entry point, the command line's
# console path, the app, the screen that on_mount imports; tests/test_startup_imports.py
# says what may not be), and what the unlock then imports to draw the board.
BEFORE_UNLOCK = (
    "import homeops.main, homeops.cli.start, homeops.tui.app, homeops.tui.screens.unlock"
)
BEFORE_BOARD = "import homeops.tui.screens.main"

_IMPORTTIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def import_profile(
    python: Path, env: dict[str, str], statement: str, preload: str = ""
) -> dict[str, Any]:
    """``-X importtime`` of ``statement`` (after ``preload``): total and heaviest modules."""
    code = f"{preload}\nimport sys\nsys.stderr.write('--- measure ---\\n')\n{statement}"
    proc = subprocess.run(
        [str(python), "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=120,
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    lines = proc.stderr.split("--- measure ---\n", 1)[-1].splitlines()
    rows: list[tuple[str, int, int, int]] = []  # module, self us, cumulative us, depth
    for line in lines:
        match = _IMPORTTIME.match(line)
        if match:
            depth = len(match.group(3)) // 2
            rows.append((match.group(4), int(match.group(1)), int(match.group(2)), depth))
    total_us = sum(cumulative for _, _, cumulative, depth in rows if depth == 0)
    by_self = sorted(rows, key=lambda row: row[1], reverse=True)[:12]
    packages: dict[str, int] = {}
    for module, self_us, _, _ in rows:
        top = module.split(".")[0]
        packages[top] = packages.get(top, 0) + self_us
    return {
        "statement": statement,
        "total_ms": total_us / 1000,
        "modules": len(rows),
        "by_package_ms": {
            pkg: us / 1000 for pkg, us in sorted(packages.items(), key=lambda kv: -kv[1])[:12]
        },
        "heaviest_self_ms": {module: self_us / 1000 for module, self_us, _, _ in by_self},
        "heaviest_cumulative_ms": {
            module: cumulative / 1000
            for module, _, cumulative, _ in sorted(rows, key=lambda row: -row[2])
            if module.split(".")[0] in {"tui", "storage", "homeops", "config"}
        },
    }


# The app has these loaded when Enter is pressed; time what the unlock does after that.
UNLOCK_BREAKDOWN = f"""\
import json, sys, time
from pathlib import Path
{BEFORE_UNLOCK}
from homeops.storage.crypto import KdfParams, derive_kek
from homeops.storage.vault import Vault
path, phrase = Path(sys.argv[1]), sys.argv[2]
out = {{}}
t = time.perf_counter()
derive_kek(phrase, b"0123456789abcdef", KdfParams.default())
out["kdf_alone_s"] = time.perf_counter() - t
t = time.perf_counter()
vault = Vault.open(path, phrase)
out["vault_open_with_kdf_s"] = time.perf_counter() - t
t = time.perf_counter()
counts = vault.counts()
out["counts_s"] = time.perf_counter() - t
vault.close()
t = time.perf_counter()
import homeops.tui.screens.main
out["import_main_screen_s"] = time.perf_counter() - t
print(json.dumps(out))
"""


def unlock_breakdown(setup: Setup, env: dict[str, str], vault: Path) -> dict[str, Any]:
    """Time the unlock's parts in one process (internal APIs: best effort)."""
    proc = subprocess.run(
        [str(setup.python), "-c", UNLOCK_BREAKDOWN, str(vault), setup.passphrase],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=300,
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def profile(setup: Setup, env: dict[str, str]) -> dict[str, Any]:
    """Run after the timed runs, with their environment (so a bytecode cache is warm)."""
    print("profiling ...", file=sys.stderr, flush=True)
    py = setup.python
    return {
        "imports_textual_app_only": import_profile(py, env, "import textual.app"),
        "imports_before_unlock": import_profile(py, env, BEFORE_UNLOCK),
        "imports_before_board": import_profile(py, env, BEFORE_BOARD, BEFORE_UNLOCK),
        "unlock_breakdown": {
            key: unlock_breakdown(setup, env, setup.vaults[key]) for key in ("empty", "big")
        },
    }


def print_profile(prof: dict[str, Any]) -> None:
    print("\nWhere the time goes (-X importtime, one cold-ish process each; ms):")
    for key in ("imports_textual_app_only", "imports_before_unlock", "imports_before_board"):
        info = prof[key]
        if "error" in info:
            print(f"  {key}: failed: {info['error']}")
            continue
        print(f"  {key}: {info['total_ms']:.0f} ms, {info['modules']} modules")
        packages = ", ".join(f"{k} {v:.0f}" for k, v in list(info["by_package_ms"].items())[:8])
        print(f"    by package (self time): {packages}")
        ours = list(info["heaviest_cumulative_ms"].items())[:6]
        if ours:
            print("    ours, cumulative: " + ", ".join(f"{k} {v:.0f}" for k, v in ours))
    for key, info in prof["unlock_breakdown"].items():
        if "error" in info:
            print(f"  unlock parts ({key}): failed: {info['error']}")
            continue
        parts = ", ".join(f"{k.removesuffix('_s')} {v * 1000:.0f}" for k, v in info.items())
        print(f"  unlock parts ({key}, ms): {parts}")
