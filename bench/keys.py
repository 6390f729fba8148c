"""The console under key bursts (issue 18 points 4-6): ``python -m bench.keys [--quick]``.

In-process, with a Pilot at 80x24 (headless: the terminal's writing is bench.bandwidth's) on
the demo vault (``homeops demo``'s sample data, the fast test KDF):

* view switch CPU: the process's CPU time (``time.process_time``) from a number key posted
  as the terminal driver posts it until the app is idle again, over the cycle 2 3 4 5 1, after
  one warm-up cycle (each view built and shown once); the median is held to 20 ms, and
  printed beside a bare Textual app's switch between two screens of text with a footer
  (``BareSwitcher``), measured the same way in the same run: the floor;
* switch burst: 200 number keys at 50 a second (one every 20 ms, posted as the driver would,
  without waiting), then the time from the last key until the view of that key is on show
  and the app is idle: the tail the user waits;
* move burst: 500 ``L``/``H`` at 50 a second on one card (so it ends where it began), then
  the time from the last key until every move is in the vault (one history entry each) and
  the board draws the card where the vault has it; and, sampled every 20 ms during the
  burst, the longest time the board showed the card in a stage the vault had left (the
  screen's model against the vault, not the terminal's frames).

``targets(quick)`` gives these with their targets (label, measured, target, ok) and, unless
``quick``, the bytes of bench.bandwidth (point 5) and the start-up ratio of bench.startup
(point 6), read from their last JSON in bench/out/ (run them first: they take minutes).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Footer, Static

from bench.harness import OUT
from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault
from homeops.tui.app import HomeopsApp, make_app
from homeops.tui.screens.main import MainScreen
from homeops.tui.views.board import BoardView

TODAY = dt.date(2026, 11, 30)
PASSPHRASE = "bench keys lantern orchid"
RATE_HZ = 50
TARGET_SWITCH_CPU_MS = 20.0
TARGET_MOVE_TAIL_S = 1.0
TARGET_SWITCH_TAIL_S = 1.0  # not in the issue: the same second as the moves
FRAME_S = 1 / 60  # "more than one frame": Textual draws at most 60 a second

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


async def until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the console did not catch up in time")
        await asyncio.sleep(0.002)


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


def _view_of(key: str) -> str:
    return {"1": "board", "2": "ledger", "3": "planner", "4": "clients", "5": "offers"}[key]


async def switch_burst(path: Path, count: int) -> float:
    """Seconds from the last of ``count`` number keys at RATE_HZ until the app shows its view."""
    app = open_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        await pilot.pause(0.3)
        keys = "2345" * (count // 4)
        for key in keys:
            press(app, key)
            await asyncio.sleep(1 / RATE_HZ)
        last = time.perf_counter()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await until(lambda: screen.current_view == _view_of(keys[-1]))
        await idle(pilot)
        return time.perf_counter() - last


async def move_burst(path: Path, count: int) -> tuple[float, float, int]:
    """(tail seconds, longest seconds the board showed a stage the vault had left, moves)."""
    app = open_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        board = app.screen.query_one(BoardView)
        business = app.business
        assert business is not None
        # The first card of Brief: L to Plan, H back, and so on (no check refuses these).
        mission = board.selected()
        assert mission is not None and mission.id is not None
        stages = board.stages

        def moves_stored() -> int:  # each move is one entry of the mission's history
            return len(business.missions.get(mission.id or 0).history)

        before = moves_stored()

        def shown_stage() -> str | None:
            for stage, column in zip(stages, board.columns, strict=False):
                if any(m.id == mission.id for m in column.cards.cards):
                    return stage
            return None

        def stored_stage() -> str:
            return business.missions.get(mission.id or 0).stage

        worst = 0.0
        behind_since: float | None = None
        for number in range(count):
            press(app, "L" if number % 2 == 0 else "H")
            await asyncio.sleep(1 / RATE_HZ)
            now = time.perf_counter()
            if shown_stage() != stored_stage():
                behind_since = behind_since or now
                worst = max(worst, now - behind_since)
            else:
                behind_since = None
        last = time.perf_counter()

        def caught_up() -> bool:
            return moves_stored() - before >= count and shown_stage() == stored_stage()

        await until(caught_up)
        tail = time.perf_counter() - last
        return tail, worst, moves_stored() - before


def _last_json(name: str) -> dict[str, Any] | None:
    path = OUT / name
    return json.loads(path.read_text()) if path.exists() else None


def _row(label: str, measured: str, target: str, ok: bool) -> Row:
    return {"label": label, "measured": measured, "target": target, "ok": ok}


def bandwidth_rows() -> list[Row]:
    """Point 5, from bench.bandwidth's last run (bench/out/bandwidth.json)."""
    report = _last_json("bandwidth.json")
    if report is None:
        return [_row("bytes per step (bench.bandwidth)", "not measured (run it)", "-", False)]
    rows = []
    for entry in report.get("rows", []):
        target, median = entry.get("target_bytes"), entry.get("homeops_median")
        if target is None or median is None or entry.get("verdict") not in ("PASS", "MISS"):
            continue
        label, measured = f"bytes: {entry['action']}", f"{median / 1024:.1f} KB"
        rows.append(_row(label, measured, f"<= {target / 1024:g} KB", median <= target))
    return rows


def startup_rows() -> list[Row]:
    """Point 6, from bench.startup's last run (bench/out/startup.json)."""
    report = _last_json("startup.json")
    cases = (report or {}).get("cases", {})
    unlock, board = cases.get("big_unlock_screen"), cases.get("big_unlock_to_board")
    if not unlock or not board or unlock.get("ratio_to_bare") is None:
        return [_row("start-up (bench.startup)", "not measured (run it)", "-", False)]
    ratio, enter = unlock["ratio_to_bare"], board["median_s"]
    return [
        _row("unlock screen / bare Textual app", f"{ratio:.2f}x", "<= 1.3x", ratio <= 1.3),
        _row("Enter -> board at 100k", f"{enter:.2f} s", "<= 0.8 s", enter <= 0.8),
    ]


def targets(quick: bool) -> list[Row]:
    """Points 4 (measured now), 5 and 6 (read from their benches' last runs)."""
    cycles, switches, moves = (2, 100, 100) if quick else (5, 200, 500)
    with tempfile.TemporaryDirectory(prefix="homeops-keys-") as folder:
        path = make_vault(Path(folder))
        cpu = asyncio.run(switch_cpu(path, cycles))
        bare = statistics.median(asyncio.run(bare_switch_cpu(cycles * 5)))
        switch_tail = asyncio.run(switch_burst(path, switches))
        move_tail, behind, moved = asyncio.run(move_burst(path, moves))
    median = statistics.median(cpu)
    rows = [
        _row("view switch CPU (median)", f"{median:.0f} ms (max {max(cpu):.0f})",
             f"<= {TARGET_SWITCH_CPU_MS:g} ms", median <= TARGET_SWITCH_CPU_MS),
        _row("  the floor: a bare Textual app's switch", f"{bare:.0f} ms", "none (context)", True),
        _row(f"{switches} view switches at {RATE_HZ}/s: tail", f"{switch_tail:.2f} s",
             f"<= {TARGET_SWITCH_TAIL_S:g} s", switch_tail <= TARGET_SWITCH_TAIL_S),
        _row(f"{moves} moves H/L at {RATE_HZ}/s: tail", f"{move_tail:.2f} s ({moved} moved)",
             f"<= {TARGET_MOVE_TAIL_S:g} s", move_tail <= TARGET_MOVE_TAIL_S and moved == moves),
        _row("board behind the vault (longest)", f"{behind * 1000:.0f} ms",
             f"<= {FRAME_S * 1000:.0f} ms (a frame)", behind <= FRAME_S),
    ]  # fmt: skip
    if not quick:
        rows += bandwidth_rows() + startup_rows()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.keys", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer keys, points 4 only")
    args = parser.parse_args(argv)
    rows = targets(args.quick)
    width = max(len(r["label"]) for r in rows)
    for r in rows:
        verdict = "PASS" if r["ok"] else "MISS"
        print(f"{r['label']:<{width}}  {r['measured']:>22}  {r['target']:<22} {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
