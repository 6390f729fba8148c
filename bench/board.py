"""Board benchmark: ``python -m bench.board [--active N] [--archived N] [--runs N] [--moves N]``.

A vault with 1,000 active and 20,000 archived missions (issue 4, "Performance"). Times, with a
Pilot in-process at 80x24 (headless, so no terminal I/O is counted):

* unlock -> board drawn: from the moment the unlock flow hands the opened vault to the app
  (``VaultOpened``, what the unlock screen posts) to the first card line drawn by the board;
* key -> move on screen and on disk: from the ``L``/``H`` key event posted (as the terminal
  driver posts it; ``Pilot.press`` adds ~100 ms of its own waiting) to the moment the
  target column has drawn the card *and* the vault file has grown by the move's journal record
  (written with fsync before the board redraws).

Each figure is printed next to its target and next to the naive baseline measured in the same
run on the same vault: decoding every mission with ``MissionRepo.list()`` (what a board that
re-reads the vault would pay) and a move that counts the target stage by scanning the whole
table (what the command line's ``MissionRepo.move`` did before issue 17). The KDF is the fast
test setting: the unlock's KDF cost is bench.startup's.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

from textual import events

from homeops.config import Settings
from homeops.demo.sample import generate
from homeops.rules.missions import Flow
from homeops.rules.missions import move as move_mission
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault
from homeops.tui.app import make_app
from homeops.tui.messages import VaultOpened
from homeops.tui.screens.unlock import UnlockScreen
from homeops.tui.views.board import BoardView
from homeops.tui.views.board_column import CardList

TODAY = dt.date(2026, 11, 30)
PASSPHRASE = "bench board lantern orchid"
TARGET_DRAW_S = 0.5
TARGET_MOVE_S = 0.050


def make_vault(path: Path, active: int, archived: int) -> None:
    """``active`` missions on the board and ``archived`` ones in the archive."""
    templates = generate(max(10, (active + 1) * 10), today=TODAY).missions
    missions = []
    for number in range(active + archived):
        mission = copy.deepcopy(templates[number % len(templates)])
        mission.archived = number >= active
        if not mission.archived and mission.stage == "Delivered":
            mission.stage = "Plan"  # keep the active ones spread over the working stages
        missions.append(mission)
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        with vault.transaction():
            vault.missions.add_many(missions)
        vault.compact()


async def _until(condition: object, timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():  # type: ignore[operator]
        if time.perf_counter() > deadline:
            raise TimeoutError("the board did not draw in time")
        await asyncio.sleep(0)


async def one_run(path: Path, moves: int) -> tuple[float, list[float]]:
    """(unlock -> board drawn, [key -> move on screen and disk, ...]) in seconds."""
    app = make_app(Settings(), path, today=TODAY, idle_seconds=0)
    async with app.run_test(size=(80, 24)):
        await _until(lambda: isinstance(app.screen, UnlockScreen))
        business = Business(Vault.open(path, PASSPHRASE), app.settings)
        app.adopt_business(business)
        start = time.perf_counter()
        app.post_message(VaultOpened(business))
        await _until(lambda: bool(app.screen.query(CardList)))
        board = app.screen.query_one(BoardView)
        first = board.columns[0].cards
        await _until(lambda: first.painted_at > start and bool(first.cards))
        drawn = first.painted_at - start

        timings = []
        for number in range(moves):
            key = "L" if number % 2 == 0 else "H"
            mission = board.selected()
            assert mission is not None
            target = board.columns[board.stage_index + (1 if key == "L" else -1)].cards
            size = os.stat(path).st_size
            pressed = time.perf_counter()
            app.post_message(events.Key(key, key))  # what the terminal driver posts

            def shown(
                column: CardList = target,
                mission_id: int | None = mission.id,
                pressed: float = pressed,
                size: int = size,
            ) -> bool:
                return (
                    column.painted_at > pressed
                    and any(m.id == mission_id for m in column.cards)
                    and os.stat(path).st_size > size
                )

            await _until(shown)
            timings.append(time.perf_counter() - pressed)
    return drawn, timings


def baseline(path: Path) -> tuple[float, float]:
    """The naive way on the same vault: decode everything; move with a full-table count."""
    settings = Settings().board
    flow = Flow(settings.stages, dict(settings.wip_limits), settings.wip_mode)
    with Vault.open(path, PASSPHRASE) as vault:
        start = time.perf_counter()
        missions = vault.missions.list()
        load = time.perf_counter() - start
        mission = next(m for m in missions if m.stage == "Brief")
        start = time.perf_counter()
        # The naive move: a full-table count of the target stage, then the whole mission.
        current = vault.missions.get(mission.id or 0)
        in_target = vault.missions.count_in("Plan")
        at = dt.datetime.now().astimezone()
        vault.missions.update(move_mission(current, "Plan", flow, at=at, in_target=in_target))
        move = time.perf_counter() - start
    return load, move


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--active", type=int, default=1000)
    parser.add_argument("--archived", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--moves", type=int, default=40)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="homeops-bench-") as folder:
        path = Path(folder) / "board.hops"
        start = time.perf_counter()
        make_vault(path, args.active, args.archived)
        made = time.perf_counter() - start
        print(f"vault: {args.active} active + {args.archived} archived missions, "
              f"{path.stat().st_size / 1e6:.1f} MB, made in {made:.1f} s")  # fmt: skip
        draws: list[float] = []
        moves: list[float] = []
        for _ in range(args.runs):
            drawn, timings = asyncio.run(one_run(path, args.moves))
            draws.append(drawn)
            moves.extend(timings)
        naive_load, naive_move = baseline(path)

    def row(name: str, values: list[float], target: float, naive: float, naive_name: str) -> str:
        median, worst = statistics.median(values), max(values)
        p95 = sorted(values)[max(0, round(len(values) * 0.95) - 1)]
        verdict = "PASS" if p95 <= target else "MISS"  # on p95; the max is printed too
        return (
            f"{name:<32} {median * 1000:7.1f} {p95 * 1000:7.1f} {worst * 1000:7.1f} "
            f"{target * 1000:7.0f}  {verdict}"
            f"   {naive_name} {naive * 1000:.1f} ms (x{naive / median:.1f})"
        )

    print(f"{'figure (ms)':<32} {'median':>7} {'p95':>7} {'max':>7} {'target':>7}")
    print(row("unlock -> board drawn", draws, TARGET_DRAW_S, naive_load,
              "naive: decode all missions"))  # fmt: skip
    print(row("key -> move on screen and disk", moves, TARGET_MOVE_S, naive_move,
              "naive: table-scan move alone"))  # fmt: skip
    print(f"({len(draws)} draws, {len(moves)} moves; Pilot in-process, 80x24, fsync per move)")


if __name__ == "__main__":
    main()
