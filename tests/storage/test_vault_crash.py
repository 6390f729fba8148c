"""Crash: SIGKILL at random moments never loses an acknowledged change or leaves half of one.

A forked child opens the vault and commits numbered records, each in a transaction that also
moves a counter, and acknowledges each commit on a pipe once it has returned; now and then it
compacts. The parent kills it at a seeded random moment, 120 times on the same vault, and
after each kill checks the file: every acknowledged record is there, every record is whole
(its payload is derived from its number), the counter agrees with the records, and the lock
is free again.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
from pathlib import Path
from typing import Any

from tinydb import Query

from homeops.storage.vault import Vault

ITERATIONS = 120


def payload(n: int) -> str:
    """Derivable from ``n`` alone; varies in size so records straddle pages differently."""
    return hashlib.sha256(str(n).encode()).hexdigest() * (1 + n % 7)


def _commit_forever(path: Path, passphrase: str, compact_rate: float, seed: int) -> Any:
    def body(ack: Any) -> None:
        rng = random.Random(seed)
        vault = Vault.open(path, passphrase)
        records = vault.db.table("records")
        counter = vault.db.table("counter")
        n = max((doc["n"] for doc in records.all()), default=0)
        while True:
            n += 1
            with vault.transaction():
                records.insert({"n": n, "payload": payload(n)})
                counter.upsert({"name": "last", "n": n}, Query().name == "last")
            ack(n)
            if rng.random() < compact_rate:
                vault.compact()

    return body


def _check(vault: Vault, acked: set[int]) -> int:
    docs = vault.db.table("records").all()
    numbers = [doc["n"] for doc in docs]
    for doc in docs:
        assert set(doc) == {"n", "payload"}, f"malformed record {doc.doc_id}"
        assert doc["payload"] == payload(doc["n"]), f"half record {doc['n']}"
    assert len(numbers) == len(set(numbers)), "a record was applied twice"
    assert numbers == list(range(1, len(numbers) + 1)), "a committed record went missing"
    missing = acked - set(numbers)
    assert not missing, f"acknowledged records lost: {sorted(missing)[:5]}"
    last = vault.db.table("counter").all()
    if numbers:
        assert [dict(d) for d in last] == [{"name": "last", "n": numbers[-1]}], "torn transaction"
    else:
        assert last == []
    return len(numbers)


def test_sigkill_at_random_moments_loses_no_acknowledged_record(kit: Any, forked: Any) -> None:
    vault = kit.create()
    vault.close()
    rng = random.Random(20261130)
    acked: set[int] = set()
    kills_with_acks = 0
    for i in range(ITERATIONS):
        compact_rate = rng.choice([0.0, 0.1, 0.5])
        kill_after = rng.choice([0, 0, 1, 2, 3, 5, 8, 13])
        spin = rng.choice([0.0, 0.0, rng.uniform(0, 0.003)])
        body = _commit_forever(kit.path, kit.passphrase, compact_rate, seed=i)
        got, status = forked.run(body, kill_after=kill_after, spin=spin)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
            f"iteration {i}: the child stopped by itself (see its traceback above)"
        )
        acked.update(got)
        kills_with_acks += bool(got)
        if i % 2:
            # a read-only look (no lock, no cut-back), then prove the lock is free
            with Vault.open(kit.path, kit.passphrase, read_only=True) as seen:
                count = _check(seen, acked)
            Vault.open(kit.path, kit.passphrase).close()
        else:
            # a full session: takes the lock (so it is free), cuts a torn tail, may compact
            with Vault.open(kit.path, kit.passphrase) as seen:
                count = _check(seen, acked)
        assert count >= len(acked)
    assert kills_with_acks > ITERATIONS // 2
    assert len(acked) > ITERATIONS
    leftovers = [p.name for p in kit.files_under(kit.path.parent) if p.suffix == ".tmp"]
    # temp files of killed rewrites may remain; they must never be taken for the vault
    assert kit.path.name not in leftovers
