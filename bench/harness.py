"""What the terminal benchmarks (``bench.startup``, ``bench.bandwidth``) share: where the
checkout and the results are, the terminal's size, and the error a run raises."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
COLS, ROWS = 80, 24


class BenchError(RuntimeError):
    """A run could not be measured; the message says why (with the screen when useful)."""
