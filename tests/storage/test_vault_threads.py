"""Threads: one writer at a time inside the process, and readers never see half a change.

The console erases a client in a worker thread while its UI thread keeps reading and may
write. Before the vault held a lock, such a mix lost acknowledged changes or broke the file
("record 45 has a bad length", "Bad file descriptor", "dictionary changed size during
iteration"). Waiting here is on events and joins, never on sleeps.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from tinydb.storages import Storage
from tinydb.table import Table

from homeops.config import Settings
from homeops.rules.model import Client, PersonalField
from homeops.services import Business
from homeops.storage.reading import read_vault
from homeops.storage.tinystore import VaultTable
from homeops.storage.vault import Vault
from homeops.storage.vaultfile import VaultFile

WRITERS = 3
PER_WRITER = 80
CLIENTS = 4
TODAY = date(2026, 3, 2)


def _client(i: int) -> Client:
    return Client(
        alias=f"client{i}",
        first_contact="2026-01-05",
        name=PersonalField(f"Person Number{i}", "contract"),
        email=PersonalField(f"person{i}@example.org", "invoicing"),
    )


class _Crew:
    """Threads that run ``body`` and keep whatever they raise, to assert on afterwards."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self.errors: list[str] = []

    def start(self, body: Callable[[], None], name: str) -> None:
        def run() -> None:
            try:
                body()
            except BaseException:
                self.errors.append(f"{name}: {traceback.format_exc()}")

        thread = threading.Thread(target=run, name=name)
        self.threads.append(thread)
        thread.start()

    def join(self) -> None:
        for thread in self.threads:
            thread.join()


def test_writes_from_several_threads_during_erasure_and_compaction_all_last(kit: Any) -> None:
    vault = kit.create()
    for i in range(CLIENTS):
        vault.clients.add(_client(i))
    stress = vault.db.table("stress")
    acked: list[tuple[int, int, int]] = []  # (writer, n, doc id) once the insert returned
    updated: dict[int, int] = {}  # doc id -> the value its acknowledged update set
    writers_done = threading.Event()
    start = threading.Barrier(WRITERS + 2)
    crew = _Crew()

    def writer(w: int) -> Callable[[], None]:
        def body() -> None:
            start.wait()
            for n in range(PER_WRITER):
                doc_id = stress.insert({"w": w, "n": n})
                acked.append((w, n, doc_id))
                if n % 5 == 4:  # alter one of ours in place: a copy must be what changes
                    stress.update({"seen": n}, doc_ids=[doc_id])
                    updated[doc_id] = n

        return body

    clients = Business(vault, Settings()).clients

    def long_writes() -> None:
        start.wait()
        for i in range(CLIENTS):
            clients.erase(f"client{i}", TODAY)
        while not writers_done.is_set():
            vault.compact()

    def reader() -> None:
        while not writers_done.is_set():
            assert all(set(doc) <= {"w", "n", "seen"} for doc in stress.all())
            assert vault.counts()["clients"] == CLIENTS
            vault.clients.list()
            vault.export_data()

    for w in range(WRITERS):
        crew.start(writer(w), f"writer-{w}")
    crew.start(long_writes, "eraser")
    start.wait()
    crew.start(reader, "reader")
    for thread in crew.threads[:WRITERS]:
        thread.join()
    writers_done.set()
    crew.join()
    assert not crew.errors, "\n".join(crew.errors)
    vault.close()

    # Everything acknowledged is on disk, every record authenticates, the lock is free.
    assert len(acked) == WRITERS * PER_WRITER
    whole = read_vault(kit.path, kit.passphrase)
    assert whole.records >= 0 and not whole.notices
    docs = whole.tables["stress"]
    assert len(docs) == len(acked)
    for w, n, doc_id in acked:
        expected = {"w": w, "n": n} | ({"seen": updated[doc_id]} if doc_id in updated else {})
        assert docs[str(doc_id)] == expected, f"writer {w}'s change {n} (doc {doc_id})"
    with Vault.open(kit.path, kit.passphrase) as again:
        assert {c.status for c in again.clients.list()} == {"erased"}


class _Spy:
    """The vault's writer lock, telling when a given thread starts waiting for it."""

    def __init__(self, lock: Any, watched: Callable[[], bool]) -> None:
        self._lock, self._watched = lock, watched
        self.waiting = threading.Event()

    def __enter__(self) -> None:
        if self._watched():
            self.waiting.set()
        self._lock.__enter__()

    def __exit__(self, *exc: object) -> None:
        self._lock.__exit__(*exc)

    @property
    def mine(self) -> bool:
        return bool(self._lock.mine)


class _HeldRewrite:
    """Once armed, every whole-file rewrite stops (``reached``) until ``release`` is set."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached, self.release = threading.Event(), threading.Event()
        self._mp = monkeypatch

    def arm(self) -> None:
        real = VaultFile.rewrite

        def held(file: VaultFile, *args: Any, **kwargs: Any) -> None:
            self.reached.set()
            self.release.wait()
            real(file, *args, **kwargs)

        self._mp.setattr(VaultFile, "rewrite", held)


@pytest.fixture
def held_rewrite(monkeypatch: pytest.MonkeyPatch) -> Iterator[_HeldRewrite]:
    held = _HeldRewrite(monkeypatch)
    yield held
    held.release.set()  # never leave a thread waiting behind a failed test


def test_a_change_waits_for_an_erasure_and_busy_says_so(
    kit: Any, held_rewrite: _HeldRewrite
) -> None:
    vault = kit.create()
    kit.populate(vault)
    vault.clients.add(_client(1))
    held_rewrite.arm()
    reached, release = held_rewrite.reached, held_rewrite.release
    assert vault.busy is None
    spy = _Spy(vault._storage.writer, lambda: threading.current_thread().name == "ui-write")
    vault._storage.writer = spy
    crew = _Crew()
    done: list[str] = []
    clients = Business(vault, Settings()).clients
    crew.start(lambda: done.append(clients.erase("client1", TODAY).pseudonym), "eraser")
    reached.wait()  # the erasure's change is made; its compaction is under way
    assert vault.busy == "erasing a client"
    crew.start(lambda: done.append(str(vault.db.table("t").insert({"x": 1}))), "ui-write")
    spy.waiting.wait()
    assert done == []  # the change waits: the erasure holds the vault
    # reading goes on meanwhile, and sees the erasure's change whole
    assert vault.clients.by_alias("client1") is None
    assert vault.counts()["clients"] == 3
    release.set()
    crew.join()
    assert not crew.errors, "\n".join(crew.errors)
    assert done[0].startswith("erased-") and done[1] == "1"  # the change came second
    assert vault.busy is None
    state = kit.state(vault)
    vault.close()
    assert kit.disk() == state


@pytest.mark.parametrize(
    ("words", "long_write"),
    [
        ("compacting the vault", lambda v: v.compact()),
        ("changing the passphrase", lambda v: v.change_passphrase("another passphrase")),
        ("importing", lambda v: v.replace_all(v.export_data()["tables"])),
    ],
)
def test_every_long_write_says_what_it_is_while_it_runs(
    kit: Any, held_rewrite: _HeldRewrite, words: str, long_write: Callable[[Vault], None]
) -> None:
    vault = kit.create()
    kit.populate(vault)
    held_rewrite.arm()
    reached, release = held_rewrite.reached, held_rewrite.release
    crew = _Crew()
    crew.start(lambda: long_write(vault), "long")
    reached.wait()
    assert vault.busy == words
    release.set()
    crew.join()
    assert not crew.errors, "\n".join(crew.errors)
    assert vault.busy is None


def test_long_writes_nest_under_the_outermost_words(kit: Any) -> None:
    vault = kit.create()
    with vault.long_write("erasing a client"):
        vault.compact()  # a compaction inside an erasure: still "erasing a client"
        assert vault.busy == "erasing a client"
        vault.db.table("t").insert({"same": "thread"})  # the holder itself may change it
    assert vault.busy is None


def test_closing_waits_for_a_long_write_in_another_thread(
    kit: Any, held_rewrite: _HeldRewrite
) -> None:
    vault = kit.create()
    kit.populate(vault)
    held_rewrite.arm()
    reached, release = held_rewrite.reached, held_rewrite.release
    spy = _Spy(vault._storage.writer, lambda: threading.current_thread().name == "closer")
    vault._storage.writer = spy
    crew = _Crew()
    crew.start(vault.compact, "compactor")
    reached.wait()
    crew.start(vault.close, "closer")
    spy.waiting.wait()
    assert vault._lock is not None and vault._lock.held  # not closed under the compaction
    release.set()
    crew.join()
    assert not crew.errors, "\n".join(crew.errors)
    assert vault._lock is None
    assert kit.disk()["tables"]["clients"]


def test_a_reader_walking_a_table_is_not_broken_by_a_change_in_another_thread(
    kit: Any,
) -> None:
    """The UI thread is halfway through a list when a worker's change lands."""
    vault = kit.create()
    table = vault.db.table("t")
    table.insert_multiple([{"i": i} for i in range(10)])
    walking = iter(table)  # TinyDB's own iteration, as ``all()`` and ``search`` do
    first = next(walking)
    crew = _Crew()
    crew.start(lambda: table.insert_multiple([{"i": i} for i in range(10, 20)]), "worker")
    crew.start(lambda: table.update({"i": -1}, doc_ids=[2]), "worker-2")
    crew.join()
    assert not crew.errors, "\n".join(crew.errors)
    rest = list(walking)  # before the lock, "dictionary changed size during iteration"
    assert [first["i"], *(d["i"] for d in rest)] == list(range(10))  # the table as it was
    assert len(table) == 20 and table.get(doc_id=2) == {"i": -1}  # a new read sees both


def test_a_document_a_reader_holds_is_never_changed_in_place(kit: Any) -> None:
    vault = kit.create()
    table = vault.db.table("t")
    table.insert({"tags": ["a"], "n": 1})
    held = table._read_table()["1"]
    crew = _Crew()
    crew.start(lambda: table.update(lambda d: d["tags"].append("b"), doc_ids=[1]), "worker")
    crew.start(lambda: table.update({"n": 2, "new": True}, doc_ids=[1]), "worker-2")
    crew.join()
    assert not crew.errors, "\n".join(crew.errors)
    assert held == {"tags": ["a"], "n": 1}
    assert table.get(doc_id=1) == {"tags": ["a", "b"], "n": 2, "new": True}


def test_the_tinydb_seam_the_vault_relies_on_is_still_there() -> None:
    """VaultTable overrides private TinyDB methods: if TinyDB renames them, fail here."""
    for name in ("_read_table", "_update_table", "_get_next_id", "clear_cache"):
        assert callable(getattr(Table, name, None)), name
    for name in ("_read_table", "_update_table", "search", "insert", "update", "remove"):
        assert name in vars(VaultTable), name
    assert hasattr(Table(_NoStorage(), "t"), "_query_cache")


class _NoStorage(Storage):
    def read(self) -> None:
        return None

    def write(self, data: dict[str, Any]) -> None:
        raise AssertionError("never written")
