"""One design at one size, in a process of its own: ``python -m bench.worker PHASE ...``.

``build`` generates the sample documents, writes the vault and a ``plan.json`` (the exact
changes to time, the same for every design); ``measure`` opens that vault in a fresh process,
times the changes and reports its peak RSS; ``all`` does both in one process (the in-memory
baseline, which has no file to hand over). Each prints one JSON object on its last stdout line.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import datetime as dt
import gc
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from bench.designs import DESIGNS, Design, tinydb_tables
from homeops.demo.sample import STAGES, SampleData, generate
from homeops.rules.model import LedgerEntry, Mission, StageMove

# Untimed changes of each kind before the timed ones: none, so the first change after
# opening (which once walked the whole table for its id) counts like any other (issue 18).
WARMUP = 0


def peak_rss_kib() -> int:
    """This process's peak resident set size (VmHWM), in KiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def make_plan(data: SampleData, n: int, today: dt.date) -> dict[str, Any]:
    """``n`` new ledger entries and ``n`` mission updates, derived from the sample itself."""
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    at = dt.datetime.combine(today, dt.time(11, 0))
    for i in range(n):
        entry = data.ledger[(i * 7919) % len(data.ledger)]
        inserts.append(
            dataclasses.asdict(
                dataclasses.replace(entry, id=None, date=today.isoformat(), group="")
            )
        )
        if not data.missions:
            continue
        index = (i * 104729) % len(data.missions)
        mission = copy.deepcopy(data.missions[index])
        mission.id = index + 1
        stage = STAGES.index(mission.stage)
        if stage + 1 < len(STAGES):
            mission.stage = STAGES[stage + 1]
            moment = (at + dt.timedelta(minutes=i)).isoformat(timespec="seconds")
            mission.history.append(StageMove(at=moment, stage=mission.stage))
        else:
            mission.archived = True
        updates.append(dataclasses.asdict(mission))
    return {"inserts": inserts, "updates": updates}


def _mission(doc: dict[str, Any]) -> Mission:
    history = [StageMove(**move) for move in doc.pop("history")]
    return Mission(**doc, history=history)


def build(design: Design, size: int, seed: int, work: Path) -> dict[str, Any]:
    today = dt.date.today()
    started = time.perf_counter()
    data = generate(size, seed=seed, today=today)
    generated = time.perf_counter() - started
    plain = len(json.dumps(tinydb_tables(data)).encode())
    plan = make_plan(data, WARMUP + design.reps(size), today)
    plan["plain_json_bytes"] = plain
    plan["documents"] = len(data)
    (work / "plan.json").write_text(json.dumps(plan))
    started = time.perf_counter()
    design.build(work / "vault.db", data)
    result: dict[str, Any] = {
        "generate_s": generated,
        "build_s": time.perf_counter() - started,
        "documents": len(data),
        "plain_json_bytes": plain,
    }
    if design.on_disk:
        result["file_bytes"] = (work / "vault.db").stat().st_size
        result["build_rss_kib"] = peak_rss_kib()
    return result


def _ms(samples: list[int]) -> list[float]:
    return [ns / 1e6 for ns in samples]


def measure(design: Design, size: int, work: Path) -> dict[str, Any]:
    plan = json.loads((work / "plan.json").read_text())
    inserts = [LedgerEntry(**doc) for doc in plan["inserts"]]
    updates = [_mission(doc) for doc in plan["updates"]]
    path = work / "vault.db"
    gc.collect()
    started = time.perf_counter()
    opened = design.open(path)
    open_s = time.perf_counter() - started
    if opened.open_seconds is not None:  # what the design timed itself: the open alone
        open_s = opened.open_seconds
    session = opened.session
    file_before = path.stat().st_size if design.on_disk else None

    insert_ns: list[int] = []
    update_ns: list[int] = []
    for i, entry in enumerate(inserts):
        t0 = time.perf_counter_ns()
        session.insert_ledger(entry)
        t1 = time.perf_counter_ns()
        if i >= WARMUP:
            insert_ns.append(t1 - t0)
    for i, mission in enumerate(updates):
        t0 = time.perf_counter_ns()
        session.update_mission(mission)
        t1 = time.perf_counter_ns()
        if i >= WARMUP:
            update_ns.append(t1 - t0)
    rss = peak_rss_kib()
    started = time.perf_counter()
    session.close()
    close_s = time.perf_counter() - started
    result: dict[str, Any] = {
        "open_s": open_s,
        "kdf_s": opened.kdf_seconds,
        "insert_ms": _ms(insert_ns),
        "update_ms": _ms(update_ns),
        "rss_kib": rss,
        "close_s": close_s,
        "documents": plan["documents"],
        "plain_json_bytes": plan["plain_json_bytes"],
    }
    if design.on_disk:
        result["file_bytes"] = file_before
        result["file_bytes_after_changes"] = path.stat().st_size
    if design.name == "ours":
        result["kdf_default_s"] = _default_kdf_seconds()
    return result


def _default_kdf_seconds() -> float:
    """Argon2id at the parameters a real vault gets (measured after the RSS was read)."""
    import os

    from homeops.storage import crypto
    from homeops.storage.crypto import KdfParams

    started = time.perf_counter()
    crypto.derive_kek("passphrase", os.urandom(16), KdfParams.default())
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("phase", choices=["build", "measure", "all"])
    parser.add_argument("--design", choices=sorted(DESIGNS), required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args(argv)
    design = DESIGNS[args.design]()
    result: dict[str, Any] = {"design": design.name, "size": args.size, "phase": args.phase}
    result["reps"] = design.reps(args.size)
    result["warmup"] = WARMUP
    if args.phase in ("build", "all"):
        result["build"] = build(design, args.size, args.seed, args.work)
    if args.phase in ("measure", "all"):
        result.update(measure(design, args.size, args.work))
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
