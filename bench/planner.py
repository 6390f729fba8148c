"""Planner benchmark: ``python -m bench.planner``.

200 open missions over a 12-week horizon (with a time log, days off, a fixed block and pins):
the plan's computation time, and the Planner view's redraw after a change (a day marked off),
each next to its budget (50 ms and 100 ms), as the median of several runs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from homeops.config import Settings
from homeops.rules.capacity import FixedBlock, TimeOff
from homeops.rules.model import Mission
from homeops.rules.planner import Pin
from homeops.rules.schedule import build_schedule
from homeops.rules.timelog import TimeEntry
from homeops.services.planning import plan_options

TODAY = dt.date(2026, 11, 30)
MISSIONS = 200
WEEKS = 12
RUNS = 15
PLAN_BUDGET_MS = 50.0
REDRAW_BUDGET_MS = 100.0


def records(rng: random.Random) -> tuple[list[Mission], list[TimeEntry], list[TimeOff],
                                          list[FixedBlock], list[Pin]]:  # fmt: skip
    missions = []
    for i in range(1, MISSIONS + 1):
        due = TODAY + dt.timedelta(days=rng.randrange(-5, WEEKS * 7))
        missions.append(
            Mission(f"Mission {i}", f"client-{i % 17}", rng.choice(["Brief", "Plan", "Draft"]),
                    fee_cents=rng.randrange(20000, 300000), deadline=due.isoformat(),
                    effort_minutes=rng.randrange(2, 40) * 30, id=i)
        )  # fmt: skip
    entries = [
        TimeEntry((TODAY - dt.timedelta(days=rng.randrange(1, 28))).isoformat(), 60, mission_id=i)
        for i in range(1, MISSIONS + 1, 3)
    ]
    off = [TimeOff((TODAY + dt.timedelta(days=10)).isoformat())]
    blocks = [FixedBlock("Weekly call", "FREQ=WEEKLY;BYDAY=TU", "2026-11-01", 60)]
    pins = [Pin(i, (TODAY + dt.timedelta(days=i % 20)).isoformat(), 60) for i in range(1, 21)]
    return missions, entries, off, blocks, pins


def bench_plan() -> float:
    data = records(random.Random(5))
    options = plan_options(Settings(), weeks=WEEKS)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        build_schedule(*data, today=TODAY, options=options)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def bench_redraw() -> tuple[float, float]:
    from homeops.services import Business
    from homeops.storage.vault import KdfParams, Vault
    from homeops.tui.app import make_app
    from homeops.tui.views.planner import PlannerView

    missions, entries, _off, blocks, pins = records(random.Random(5))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.hops"
        vault = Vault.create(path, "bench passphrase for the planner", kdf=KdfParams.fast())
        with vault.transaction():
            for m in missions:
                m.id = None
            vault.missions.add_many(missions)
            vault.timelog.add_many(entries)
            vault.calendar.add_block(blocks[0])
            for pin in pins:
                vault.pins.set(pin.mission_id, dt.date.fromisoformat(pin.day), pin.minutes)
        app = make_app(Settings(), path, today=TODAY, business=Business(vault, Settings()))
        times = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("3")
            await pilot.pause()
            view = app.screen.query_one(PlannerView)
            baseline = []
            for i in range(RUNS):
                start = time.perf_counter()
                await pilot.press("right" if i % 2 else "left")  # a cursor move: the floor
                await pilot.pause()
                baseline.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                await pilot.press("o")  # a day off (or back to work): write, replan, redraw
                await pilot.pause()
                times.append((time.perf_counter() - start) * 1000)
            assert view.session is not None
    return statistics.median(times), statistics.median(baseline)


def main() -> None:
    plan_ms = bench_plan()
    redraw_ms, floor_ms = asyncio.run(bench_redraw())
    print(f"planner: {MISSIONS} open missions, {WEEKS}-week horizon, median of {RUNS} runs")
    print(f"  plan computation        {plan_ms:7.1f} ms   budget {PLAN_BUDGET_MS:5.0f} ms   "
          f"ratio {plan_ms / PLAN_BUDGET_MS:.2f}")  # fmt: skip
    print(f"  redraw after a change   {redraw_ms:7.1f} ms   budget {REDRAW_BUDGET_MS:5.0f} ms   "
          f"ratio {redraw_ms / REDRAW_BUDGET_MS:.2f}")  # fmt: skip
    net = redraw_ms - floor_ms
    print(f"    of which the test driver's floor (a cursor move, key to idle) {floor_ms:.1f} ms; "
          f"net {net:.1f} ms, ratio {net / REDRAW_BUDGET_MS:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
