"""The console under key bursts (issue 18 points 4-6): ``python -m bench.keys [--quick]``.

In-process, with a Pilot at 80x24 (headless: the terminal's writing is bench.bandwidth's) on
the demo vault (``homeops demo``'s sample data, the fast test KDF):

* view switch CPU: the process's CPU time (``time.process_time``) from a number key posted
  as the terminal driver posts it until the app is idle again, over the cycle 2 3 4 5 1, after
  one warm-up cycle (each view built and shown once); the median is held to 20 ms, and
  printed beside a bare Textual app's switch between two screens of text with a footer
  (``BareSwitcher``), measured the same way in the same run: the floor;
* switch and move bursts, on a real terminal (bench.keys_term: the console in a private tmux
  at 80x24, keys sent by ``tmux send-keys`` from outside the app, paced at 50 a second by
  the clock whatever the app is doing): 200 number keys ending on ``1``, then 500 ``L``/``H``
  on the selected card (so it ends where it began); each figure is the time from the last
  key sent until the screen last changed (polled every 20 ms, quiet for 1 s), and it counts
  only if that final screen is the one the last key leads to, as drawn calmly before the
  burst, and (moves) every move is in the vault (read through the CLI beside the console).
  The sending rate achieved is printed in the label.

There is no "board behind the vault" row any more: the in-process one compared the board's
lists with the vault, both changed in the same handler, so it was 0 by construction and saw
no frame; the move tail above is what the terminal shows.

``targets(quick)`` gives these with their targets (label, measured, target, ok) and, unless
``quick``, the bytes of bench.bandwidth (point 5) from its last JSON in bench/out/: not
measured in this run, so those rows carry the file's time and no verdict (ok None); run that
bench for its verdicts. (Point 6, the start-up, is measured by bench.startup's own rows in
bench.targets; ``python -m bench.keys`` still shows its last JSON's figures, as context.)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Footer, Static

from bench import keys_term
from bench.harness import OUT
from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault
from homeops.tui.app import HomeopsApp, make_app

TODAY = dt.date(2026, 11, 30)
PASSPHRASE = "bench keys lantern orchid"
TARGET_SWITCH_CPU_MS = 20.0
TARGET_MOVE_TAIL_S = 1.0
TARGET_SWITCH_TAIL_S = 1.0  # not in the issue: the same second as the moves

Row = dict[str, Any]


def make_vault(folder: Path) -> Path:
    path = folder / "keys.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        fill_with_sample(Business(vault, Settings()), None, TODAY)
    return path


def open_app(path: Path) -> HomeopsApp:
    business = Business(Vault.open(path, PASSPHRASE), Settings())
    return make_app(business.settings, path, today=TODAY, business=business, idle_seconds=0)


def press(app: App[Any], key: str) -> None:
    """What the terminal driver posts for a key (Pilot.press waits ~100 ms of its own)."""
    app.post_message(events.Key(key, key))


async def idle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.pause()


async def switch_cpu(path: Path, cycles: int) -> list[float]:
    """CPU milliseconds of each view switch, after a warm-up cycle."""
    app = open_app(path)
    spent: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        await pilot.pause(0.3)  # the other views are built after the first frame
        for cycle in range(cycles + 1):
            for key in "23451":
                start = time.process_time()
                press(app, key)
                await idle(pilot)
                if cycle:
                    spent.append((time.process_time() - start) * 1000)
    return spent


class _Shown(VerticalScroll, can_focus=True):
    """A view of the bare app: a focusable scroll of lines, as homeops' views are."""


class BareSwitcher(App[None]):
    """The floor: a bare Textual app that switches between two full screens of text lines
    with a footer, as the main screen does (no data, no vault, no own widgets)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "show('a')", "A"),
        Binding("2", "show('b')", "B"),
    ]

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="a"):
            for view in "ab":
                with _Shown(id=view):
                    for line in range(22):
                        yield Static(f"{view} line {line} " + "x" * 60)
        yield Footer()

    def action_show(self, view: str) -> None:
        self.query_one(ContentSwitcher).current = view
        self.query_one(f"#{view}").focus()


async def bare_switch_cpu(switches: int) -> list[float]:
    """CPU milliseconds of each switch of the bare app, measured as switch_cpu does."""
    app = BareSwitcher()
    spent: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        for number in range(switches + 4):
            start = time.process_time()
            press(app, "2" if number % 2 == 0 else "1")
            await pilot.pause()
            await pilot.pause()
            if number >= 4:
                spent.append((time.process_time() - start) * 1000)
    return spent


def _last_json(name: str) -> tuple[dict[str, Any], str] | None:
    """A bench's last report and the file's time (UTC), or None."""
    path = OUT / name
    if not path.exists():
        return None
    when = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).strftime("%Y-%m-%d %H:%M")
    return json.loads(path.read_text()), f"{name} of {when} UTC"


def _row(label: str, measured: str, target: str, ok: bool | None) -> Row:
    """ok: True PASS, False MISS, None no verdict (context, or not measured in this run)."""
    return {"label": label, "measured": measured, "target": target, "ok": ok}


def _not_this_run(rows: list[Row], source: str) -> list[Row]:
    """Rows read from a file: their figure and its source, never a verdict of this run."""
    return [r | {"measured": f"{r['measured']} [{source}]", "ok": None} for r in rows]


def bandwidth_rows() -> list[Row]:
    """Point 5, from bench.bandwidth's last run (bench/out/bandwidth.json): no verdict."""
    found = _last_json("bandwidth.json")
    if found is None:
        return [_row("bytes per step (bench.bandwidth)", "not measured in this run", "-", None)]
    report, source = found
    rows = []
    for entry in report.get("rows", []):
        target, median = entry.get("target_bytes"), entry.get("homeops_median")
        if target is None or median is None or entry.get("verdict") not in ("PASS", "MISS"):
            continue
        label, measured = f"bytes: {entry['action']}", f"{median / 1024:.1f} KB"
        rows.append(_row(label, measured, f"<= {target / 1024:g} KB", median <= target))
    return _not_this_run(rows, f"not measured in this run: {source}")


def startup_rows() -> list[Row]:
    """Point 6, from bench.startup's last run (bench/out/startup.json): no verdict."""
    found = _last_json("startup.json")
    cases = (found[0] if found else {}).get("cases", {})
    unlock, board = cases.get("big_unlock_screen"), cases.get("big_unlock_to_board")
    if not found or not unlock or not board or unlock.get("ratio_to_bare") is None:
        return [_row("start-up (bench.startup)", "not measured in this run", "-", None)]
    ratio, enter = unlock["ratio_to_bare"], board["median_s"]
    rows = [
        _row("unlock screen / bare Textual app", f"{ratio:.2f}x", "<= 1.3x", ratio <= 1.3),
        _row("Enter -> board at 100k", f"{enter:.2f} s", "<= 0.8 s", enter <= 0.8),
    ]
    return _not_this_run(rows, f"not measured in this run: {found[1]}")


def burst_rows(switches: int, moves: int) -> list[Row]:
    """The bursts on a real terminal (bench.keys_term), one burst of each."""
    got = keys_term.bursts(switches, moves)
    switch_rate = got["switches"] / max(got["switch_send_s"], 1e-9)
    move_rate = got["moves"] / max(got["move_send_s"], 1e-9)
    switch_tail, move_tail = got["switch_tail_s"], got["move_tail_s"]
    never = f" (final screen not reached in {keys_term.BOUND_S:g} s)"
    switch_end = "" if got["switch_end_ok"] else never
    move_end = "" if got["move_end_ok"] else never
    stored = got["moves_stored"]
    return [
        _row(f"{got['switches']} view switches sent at {switch_rate:.0f}/s (terminal, one burst): "
             "last key -> screen final", f"{switch_tail:.2f} s{switch_end}",
             f"<= {TARGET_SWITCH_TAIL_S:g} s",
             switch_tail <= TARGET_SWITCH_TAIL_S and got["switch_end_ok"]),
        _row(f"{got['moves']} moves H/L sent at {move_rate:.0f}/s (terminal, one burst): "
             "last key -> screen final", f"{move_tail:.2f} s{move_end}",
             f"<= {TARGET_MOVE_TAIL_S:g} s",
             move_tail <= TARGET_MOVE_TAIL_S and got["move_end_ok"]),
        _row("  those moves in the vault (served export, polled every 0.5 s)",
             f"{stored} of {got['moves']}, seen {got['stored_s']:.1f} s after the last key",
             f"all {got['moves']}", stored == got["moves"]),
    ]  # fmt: skip


def targets(quick: bool) -> list[Row]:
    """Point 4 measured now; 5 (unless quick) read from its bench's last run, without a
    verdict."""
    cycles, switches, moves = (2, 100, 100) if quick else (5, 200, 500)
    with tempfile.TemporaryDirectory(prefix="homeops-keys-") as folder:
        path = make_vault(Path(folder))
        cpu = asyncio.run(switch_cpu(path, cycles))
        bare = statistics.median(asyncio.run(bare_switch_cpu(cycles * 5)))
    median = statistics.median(cpu)
    rows = [
        _row("view switch CPU (median)", f"{median:.0f} ms (max {max(cpu):.0f})",
             f"<= {TARGET_SWITCH_CPU_MS:g} ms", median <= TARGET_SWITCH_CPU_MS),
        _row("  the floor: a bare Textual app's switch", f"{bare:.0f} ms", "none (context)", None),
        *burst_rows(switches, moves),
    ]  # fmt: skip
    if not quick:  # (start-up: bench.startup's own rows in bench.targets, measured there)
        rows += bandwidth_rows()
    return rows


def verdict(ok: bool | None) -> str:
    return "context" if ok is None else "PASS" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.keys", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer keys, points 4 only")
    args = parser.parse_args(argv)
    rows = targets(args.quick) + ([] if args.quick else startup_rows())
    width = max(len(r["label"]) for r in rows)
    for r in rows:
        print(f"{r['label']:<{width}}  {r['measured']:>22}  {r['target']:<22} {verdict(r['ok'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
