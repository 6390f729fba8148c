"""The designs the vault benchmark compares, behind one small interface.

A ``Design`` builds a vault file holding a ``SampleData`` (``build``), then, in a fresh process,
opens it (``open``) and makes durable changes through the returned ``Session``. Adding a design
means adding a class here and a line in ``DESIGNS``.

- ``ours``: ``homeops.storage.vault.Vault`` (in-memory tables, encrypted append-only journal).
- ``naive``: ``bench.naive.NaiveEncryptedStorage`` (whole file AES-GCM, atomic replace per write).
- ``peer``: ``tinydb_encrypted_jsonstorage.EncryptedJSONStorage`` 0.1.2, used as its README shows.
- ``memory``: stock TinyDB on ``MemoryStorage``: no disk, no crypto; the baseline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from homeops.demo.sample import SampleData
from homeops.rules.model import LedgerEntry, Mission

PASSPHRASE = "correct horse battery staple, bench only"


def to_doc(record: Any) -> dict[str, Any]:
    """A record as the document TinyDB stores (the id is the document's key, not a field)."""
    doc = dataclasses.asdict(record)
    doc.pop("id", None)
    return doc


def tinydb_tables(data: SampleData) -> dict[str, dict[str, dict[str, Any]]]:
    """The data in TinyDB's on-disk shape: ``{table: {"1": doc, ...}}``, ids from 1 in order."""
    return {
        name: {str(i): to_doc(r) for i, r in enumerate(records, start=1)}
        for name, records in (
            ("clients", data.clients),
            ("missions", data.missions),
            ("ledger", data.ledger),
        )
    }


class Session(Protocol):
    def insert_ledger(self, entry: LedgerEntry) -> None: ...

    def update_mission(self, mission: Mission) -> None: ...

    def close(self) -> None: ...


@dataclass
class Opened:
    session: Session
    kdf_seconds: float | None  # the key derivation alone, when the design has one
    open_seconds: float | None = None  # the open alone, when the design has more to do after


class Design(ABC):
    name: str = ""
    title: str = ""
    on_disk: bool = True

    def reps(self, size: int) -> int:
        """Timed repetitions of each change at ``size`` documents."""
        return 50 if size <= 1_000 else 20 if size <= 10_000 else 10

    @abstractmethod
    def build(self, path: Path, data: SampleData) -> None:
        """Write a vault at ``path`` holding ``data`` (missions get ids 1..n in order)."""

    @abstractmethod
    def open(self, path: Path) -> Opened:
        """Open the vault at ``path`` with every document loaded or readable."""

    def notes(self) -> list[str]:
        return []


# -- ours ---------------------------------------------------------------------------------


class _OursSession:
    def __init__(self, vault: Any) -> None:
        self.vault = vault

    def insert_ledger(self, entry: LedgerEntry) -> None:
        self.vault.ledger.add(entry)

    def update_mission(self, mission: Mission) -> None:
        self.vault.missions.update(mission)

    def close(self) -> None:
        self.vault.close()


class Ours(Design):
    name = "ours"
    title = "ours (storage.vault)"

    def reps(self, size: int) -> int:
        return 100 if size <= 10_000 else 50

    def build(self, path: Path, data: SampleData) -> None:
        from homeops.storage.vault import KdfParams, Vault

        vault = Vault.create(path, PASSPHRASE, kdf=KdfParams.fast())
        try:
            with vault.transaction():
                vault.clients.add_many(data.clients)
                vault.missions.add_many(data.missions)
                vault.ledger.add_many(data.ledger)
            vault.compact()  # a vault as it is after compaction: one snapshot, no journal
        finally:
            vault.close()

    def open(self, path: Path) -> Opened:
        from homeops.storage import crypto
        from homeops.storage.vault import Vault

        started = time.perf_counter()
        vault = Vault.open(path, PASSPHRASE, today=dt.date.today())
        open_seconds = time.perf_counter() - started
        backup = getattr(vault, "_backup", None)
        if backup is not None:  # the daily backup copies the file in a thread: let it finish
            backup.join()  # (after the open's figure: it runs beside the session, not in it)
        with path.open("rb") as stream:  # the header only, not a second read of the file
            header, _ = crypto.parse_header(stream.read(512))
        started = time.perf_counter()
        crypto.derive_kek(PASSPHRASE, header.salt, header.kdf)
        return Opened(_OursSession(vault), time.perf_counter() - started, open_seconds)

    def notes(self) -> list[str]:
        return [
            "ours: built with KdfParams.fast(); open time includes that KDF, the 'open-KDF' "
            "column subtracts it; the KDF at KdfParams.default() is measured separately",
            "ours: the vault is compacted after the bulk load; 'open' is Vault.open alone: the "
            "daily backup thread it starts is joined after (not counted), before the changes",
            "every design: the first change after opening is timed with the others (no warm-up)",
        ]


# -- TinyDB-based designs -----------------------------------------------------------------


class _TinySession:
    def __init__(self, db: Any) -> None:
        self.db = db
        self.ledger = db.table("ledger")
        self.missions = db.table("missions")

    def insert_ledger(self, entry: LedgerEntry) -> None:
        self.ledger.insert(to_doc(entry))

    def update_mission(self, mission: Mission) -> None:
        assert mission.id is not None
        self.missions.update(to_doc(mission), doc_ids=[mission.id])

    def close(self) -> None:
        self.db.close()


def _touch_all(db: Any) -> None:
    """Make TinyDB read the storage once (the open: read, decrypt, parse)."""
    len(db.table("ledger"))


class Naive(Design):
    name = "naive"
    title = "naive (whole-file AES-GCM)"

    def _db(self, path: Path) -> Any:
        from tinydb import TinyDB

        from bench.naive import NaiveEncryptedStorage

        return TinyDB(path, PASSPHRASE, storage=NaiveEncryptedStorage)

    def build(self, path: Path, data: SampleData) -> None:
        db = self._db(path)
        db.storage.write(tinydb_tables(data))
        db.close()

    def open(self, path: Path) -> Opened:
        db = self._db(path)
        _touch_all(db)
        return Opened(_TinySession(db), db.storage.kdf_seconds)

    def notes(self) -> list[str]:
        return ["naive: Argon2id with the same cheap parameters as ours (64 KiB, 1 pass, 1 lane)"]


class Peer(Design):
    name = "peer"
    title = "peer (tinydb-encrypted-jsonstorage)"

    def _db(self, path: Path) -> Any:
        from tinydb import TinyDB
        from tinydb_encrypted_jsonstorage import EncryptedJSONStorage

        return TinyDB(encryption_key=PASSPHRASE, path=str(path), storage=EncryptedJSONStorage)

    def build(self, path: Path, data: SampleData) -> None:
        db = self._db(path)
        db.storage.write(tinydb_tables(data))
        db.close()

    def open(self, path: Path) -> Opened:
        db = self._db(path)
        _touch_all(db)
        return Opened(_TinySession(db), None)

    def notes(self) -> list[str]:
        return ["peer: key = SHA-256(passphrase), no KDF; AES-CBC without authentication"]


class Memory(Design):
    name = "memory"
    title = "baseline: TinyDB MemoryStorage"
    on_disk = False

    def reps(self, size: int) -> int:
        return 100 if size <= 10_000 else 50

    def __init__(self) -> None:
        self._tables: dict[str, Any] = {}

    def build(self, path: Path, data: SampleData) -> None:
        self._tables = tinydb_tables(data)

    def open(self, path: Path) -> Opened:
        from tinydb import TinyDB
        from tinydb.storages import MemoryStorage

        db = TinyDB(storage=MemoryStorage)
        db.storage.write(self._tables)
        _touch_all(db)
        return Opened(_TinySession(db), None)


DESIGNS: dict[str, type[Design]] = {d.name: d for d in (Ours, Naive, Peer, Memory)}
