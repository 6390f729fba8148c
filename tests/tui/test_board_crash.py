"""kill -9 right after a move shows on the board: the move is in the vault on reopening."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from board_data import fill
from pilot_helpers import PASSPHRASE

from homeops.storage.vault import KdfParams, Vault

ROOT = Path(__file__).resolve().parents[2]

# The console in its own process, driven by a Pilot there: press L, wait until the card is
# drawn in its new column, say so, then wait to be killed.
CONSOLE = """
import asyncio, datetime, sys, time
from pathlib import Path
from homeops.config import Settings
from homeops.storage.vault import Vault
from homeops.services import Business
from homeops.tui.app import make_app
from homeops.tui.views.board import BoardView

async def main() -> None:
    path, passphrase = Path(sys.argv[1]), sys.argv[2]
    vault = Vault.open(path, passphrase)
    app = make_app(Settings(), path, business=Business(vault, Settings()),
                   today=datetime.date(2026, 11, 30), idle_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        board = app.screen.query_one(BoardView)
        plan = board.columns[1].cards
        drawn = plan.painted_at
        await pilot.press("L")
        while not (plan.painted_at > drawn and any(
                m.title == "Feature: urban bees" for m in plan.cards)):
            await asyncio.sleep(0.001)
        print("SHOWN", flush=True)
        time.sleep(60)  # blocks the loop: nothing more can be written

asyncio.run(main())
"""


def test_kill_9_right_after_a_move_keeps_it(vault_path: Path) -> None:
    with Vault.create(vault_path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        ids = fill(vault)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", CONSOLE, str(vault_path), PASSPHRASE],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "SHOWN"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        mission = reopened.missions.get(ids["bees"])
        assert mission.stage == "Plan"
        assert mission.history[-1].stage == "Plan"
