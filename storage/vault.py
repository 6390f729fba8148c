"""The vault: one encrypted file, its lock, its backups and its repositories."""

from __future__ import annotations

import contextlib
import copy
import os
import re
import stat
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from homeops.storage import backups, crypto
from homeops.storage.boards import as_whole
from homeops.storage.crypto import KdfParams
from homeops.storage.errors import VaultError, VaultExists, VaultMissing, VaultReadOnly
from homeops.storage.ledger_sums import SUMS, judge
from homeops.storage.lock import SessionLock, check_one_name, real_path
from homeops.storage.mark import mark_path
from homeops.storage.reading import (
    COMPACT_MIN_BYTES,
    Loaded,
    read_vault,
    scan_table,
)
from homeops.storage.repos import (
    SCHEMA,
    ClientRepo,
    MetaRepo,
    MissionRepo,
    OfferRepo,
    migrate,
)
from homeops.storage.repos_documents import DocumentRepo
from homeops.storage.repos_money import (
    LEDGER_TABLE,
    InvoiceRepo,
    LedgerBook,
    PayoutRepo,
    RecurringRepo,
    envelope_totals,
)
from homeops.storage.repos_offers import CaseRepo, OfferTestRepo, ProfileStore
from homeops.storage.repos_privacy import AIUseRepo, EventRepo, EveryTable
from homeops.storage.repos_retainers import RetainerRepo
from homeops.storage.repos_time import CalendarRepo, PinRepo, TimeLogRepo
from homeops.storage.schema_import import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    CheckedTables,
    ImportRules,
    check_tables,
)
from homeops.storage.schema_import import parse_export as _parse_export
from homeops.storage.tinystore import VaultStorage, open_db
from homeops.storage.vaultfile import Tables, VaultFile, write_atomically

__all__ = ["KdfParams", "Vault"]

# Compact when the journal outgrows this share of the snapshot (and at least 256 KiB);
# a partial read loads everything instead by the same rule (reading.journal_is_long).
_COMPACT_MIN_BYTES = COMPACT_MIN_BYTES


def _schema(loaded: Loaded) -> Any:
    """The table versions a loaded vault's ``meta`` records (MetaRepo's ``schema`` key)."""
    found = [d for d in loaded.tables.get("meta", {}).values() if d.get("key") == "schema"]
    return found[0].get("value") if found else None


def _private_dir(folder: Path, warnings: list[str]) -> None:
    """Make ``folder`` (0700); tighten a looser folder of ours, refuse a shared one."""
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        return
    info = folder.stat()
    if not info.st_mode & 0o077:
        return
    if info.st_uid != os.getuid() or info.st_mode & stat.S_ISVTX:
        raise VaultError(
            f"the vault's folder {folder} is shared with other users; "
            "keep the vault in a folder of its own"
        )
    os.chmod(folder, 0o700)
    warnings.append(
        f"tightened permissions of {folder} to 0700 (they were {info.st_mode & 0o777:o})"
    )


def _private_file(path: Path, warnings: list[str]) -> None:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        os.chmod(path, 0o600)
        warnings.append(f"tightened permissions of {path.name} to 0600 (they were {mode:o})")


class Vault:
    """An open, locked vault. Use ``Vault.create`` or ``Vault.open``; close when done.

    Safe to use from several threads: one writer at a time (``long_write``, and every
    change and rewrite), readers never see half a change (storage/tinystore.py)."""

    def __init__(
        self,
        path: Path,
        storage: VaultStorage,
        lock: SessionLock | None,
        warnings: list[str],
    ) -> None:
        self.path = path
        self.warnings = warnings
        self._storage = storage
        self._lock = lock
        self._busy: str | None = None
        if storage.file is not None:  # the file's later warnings (the mark's) land here too
            warnings.extend(w for w in storage.file.warnings if w not in warnings)
            storage.file.warnings = warnings
        self._backup: threading.Thread | None = None
        self._read_info: tuple[crypto.Header, int, int, int, Loaded] | None = None
        self.db = open_db(storage)
        self.meta = MetaRepo(self.db.table("meta"))
        self.clients = ClientRepo(self.db.table("clients"))
        self.missions = MissionRepo(self.db.table("missions"))
        self.ledger = LedgerBook(self.db.table(LEDGER_TABLE))
        self.offers = OfferRepo(self.db.table("offers"))
        self.timelog = TimeLogRepo(self.db.table("timelog"))
        self.calendar = CalendarRepo(self.db.table("calendar"))
        self.pins = PinRepo(self.db.table("pins"))
        self.invoices = InvoiceRepo(self.db.table("invoices"))
        self.payouts = PayoutRepo(self.db.table("payouts"))
        self.recurring = RecurringRepo(self.db.table("recurring"))
        self.ai_use = AIUseRepo(self.db.table("ai_use"))
        self.events = EventRepo(self.db.table("events"))
        self.offer_tests = OfferTestRepo(self.db.table("offer_tests"))  # issue 16
        self.cases = CaseRepo(self.db.table("cases"))
        self.retainers = RetainerRepo(self.db.table("retainers"))  # issue 14 part 4
        self.documents = DocumentRepo(self.db.table("documents"))  # files written (issue 15)
        self.profile = ProfileStore(self.meta)
        self.every_table = EveryTable(self.db)  # what a client's export and erasure scan

    # -- opening -------------------------------------------------------------------------

    @staticmethod
    def exists(path: Path) -> bool:
        return path.is_file()

    @classmethod
    def create(cls, path: Path, passphrase: str, *, kdf: KdfParams | None = None) -> Vault:
        """A new empty vault at ``path`` (refuses to overwrite one), open and locked."""
        warnings: list[str] = []
        path = real_path(path)  # the lock, mark and backups belong to the file, not a link
        _private_dir(path.parent, warnings)
        lock = SessionLock(path)
        lock.acquire()
        try:
            if path.exists():
                raise VaultExists(str(path))
            kdf = kdf or KdfParams.default()
            salt, key = os.urandom(16), os.urandom(crypto.KEY_LEN)
            kek = crypto.derive_kek(crypto.nfc(passphrase), salt, kdf)
            header = crypto.new_header(kek, key, kdf, salt)
            file = VaultFile.create(path, header, key, {})
            vault = cls(path, VaultStorage(file, {}), lock, warnings)
            vault.meta.set("created", date.today().isoformat())
            migrate(vault.meta, vault._tables())
            vault.compact()  # the first state in the snapshot: a cut file is then damage
            return vault
        except BaseException:
            lock.release()
            raise

    @classmethod
    def open(
        cls,
        path: Path,
        passphrase: str,
        *,
        progress: Callable[[float], None] | None = None,
        read_only: bool = False,
        backups_keep: int = 7,
        today: date | None = None,
        accept_copy: bool = False,
        tables: Collection[str] | None = None,
        later: Collection[str] = (),
    ) -> Vault:
        """Authenticate, load and lock the vault. Nothing is written on any error.

        A file behind or beside its high-water mark raises ``VaultRolledBack``, unless
        ``accept_copy`` (``homeops accept-copy``): then the mark is set to this file.

        ``tables``: load only these (and ``meta``); any other raises ``TableNotRead``, and
        the session never rewrites the file (storage/reading.py says when all is loaded).
        ``BOARD_MISSIONS`` instead of ``missions``: a read-only session loads the missions
        on the board only, and the archived ones when first asked for (a read-write one
        loads the whole table).

        ``later`` (every table asked for): these tables are authenticated at the open but
        decoded when first read, written, counted or rewritten (``read_everything``): the
        console's ledger, read after its first frame (storage/reading.py)."""
        path = real_path(path)  # the lock, mark and backups belong to the file, not a link
        if not path.is_file():
            raise VaultMissing(str(path))
        warnings: list[str] = []
        if not read_only:
            check_one_name(path)  # a session through a second name would take another lock
        lock = None if read_only else SessionLock(path)
        if lock:
            lock.acquire()
        try:
            only = None if tables is None else {*tables, "meta"}
            if only is not None and not read_only:  # it may write: the whole table, then
                only = as_whole(only)
            if only is not None and LEDGER_TABLE in only:
                only.add(SUMS)  # its summary follows it in every change
            loaded = read_vault(
                path, passphrase, progress, accept_copy=accept_copy, only=only, later=later
            )
            if loaded.only is not None and not read_only and _schema(loaded) != SCHEMA:
                # an older vault migrates every table, once: read it whole (a second KDF)
                loaded = read_vault(path, passphrase, progress, accept_copy=accept_copy)
            warnings.extend(loaded.notices)
            if read_only:
                storage = VaultStorage(
                    None, loaded.tables, loaded.only, loaded.sums_ok, loaded.cold
                )
                vault = cls(path, storage, None, warnings)
                vault._read_info = (
                    loaded.header,
                    loaded.snapshot_records,
                    loaded.records,
                    loaded.size,
                    loaded,
                )
                return vault
            _private_dir(path.parent, warnings)
            _private_file(path, warnings)
            backups.remove_leftovers(path)
            if accept_copy:  # the mark starts again from this file (now, or at its upgrade)
                mark_path(path).unlink(missing_ok=True)
            file = VaultFile.attach(path, loaded)
            storage = VaultStorage(file, loaded.tables, loaded.only, loaded.sums_ok, loaded.cold)
            vault = cls(path, storage, lock, warnings)
            vault._start_backup(today or date.today(), backups_keep)
            vault._tidy(loaded, passphrase)
            if loaded.only is None:  # (else its schema is the current one: see above)
                migrate(vault.meta, vault._tables())
            return vault
        except BaseException:
            if lock:
                lock.release()
            raise

    def _tidy(self, loaded: Loaded, passphrase: str) -> None:
        """After a read-write open: a key still wrapped under the passphrase as typed is
        wrapped anew under its NFC form, an older format is rewritten in the current one, a
        long journal is compacted. Each can wait: on a full disk the session opens, appends,
        and the next open or close tries again."""
        file = self._file
        outdated = file.outdated
        header = None
        if loaded.legacy_passphrase:
            old = file.header
            kek = crypto.derive_kek(crypto.nfc(passphrase), old.salt, old.kdf)
            header = crypto.new_header(kek, file.key, old.kdf, old.salt)
        long = file.journal_bytes > max(_COMPACT_MIN_BYTES, file.snapshot_bytes)
        if header is None and not outdated and not long:
            return
        try:
            with self.long_write("compacting the vault"):
                self._rewrite(self._storage.tables, header)
        except VaultError as exc:
            what = "keeps its older format" if outdated else "was not compacted"
            self.warnings.append(f"the vault {what} for now ({exc})")

    @staticmethod
    def read_balances(path: Path, passphrase: str, envelopes: Sequence[str]) -> dict[str, int]:
        """Envelope balances read straight from the file, without opening the vault.

        Only the ledger's parts are decrypted and decoded, one at a time, so this takes a
        fraction of an open's time and memory. No lock is taken and nothing is written."""
        path = real_path(path)
        if not path.is_file():
            raise VaultMissing(str(path))
        return envelope_totals(scan_table(path, passphrase, LEDGER_TABLE), envelopes)

    @classmethod
    def restore(cls, backup: Path, path: Path, passphrase: str, *, backups_keep: int = 7) -> Vault:
        """Replace the vault at ``path`` with ``backup`` once every record of it authenticates.

        The vault it replaces is kept in backups/ as ``<name>-before-restore-<time>.hops``.
        """
        path = real_path(path)
        check_one_name(path)  # a session through the other name would write on
        lock = SessionLock(path)
        lock.acquire()
        try:
            read_vault(backup, passphrase, accept_copy=True)  # a backup is an older copy
            data = backup.read_bytes()
            if path.exists():
                folder = backups.backup_dir(path)
                backups.ensure_private_dir(folder)
                stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
                keep = folder / f"{path.stem}-before-restore-{stamp}.hops"
                write_atomically(keep, [path.read_bytes()])
            else:
                _private_dir(path.parent, [])
            write_atomically(path, [data])
        finally:
            lock.release()
        # A deliberate rollback: the high-water mark now follows the restored file.
        return cls.open(path, passphrase, backups_keep=backups_keep, accept_copy=True)

    def _start_backup(self, today: date, keep: int) -> None:
        fd = os.open(self.path, os.O_RDONLY)
        end = self._file.end

        def run() -> None:
            try:
                backups.daily_backup(self.path, fd, end, today, keep, self.warnings)
            except OSError as exc:
                self.warnings.append(f"today's backup failed: {os.strerror(exc.errno or 0)}")
            finally:
                os.close(fd)

        self._backup = threading.Thread(target=run, name="vault-backup", daemon=True)
        self._backup.start()

    # -- state ---------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def read_only(self) -> bool:
        return self._storage.file is None

    @property
    def busy(self) -> str | None:
        """The long write in progress, in words ("erasing a client", "compacting the vault",
        "changing the passphrase", "importing"), or None. Changes from other threads wait
        until it finishes: a console says so rather than block on them."""
        return self._busy

    @contextlib.contextmanager
    def long_write(self, words: str) -> Iterator[None]:
        """Hold the vault for a long write: no other thread changes it meanwhile, and
        ``busy`` says ``words`` (the outermost long write's, when they nest)."""
        with self._storage.writer:
            outer = self._busy
            self._busy = outer or words
            try:
                yield
            finally:
                self._busy = outer

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the writer: no other thread changes the vault meanwhile, while this one's
        changes go through (``busy`` stays None: a command typed beside the console)."""
        with self._storage.writer:
            yield

    @property
    def _file(self) -> VaultFile:
        if self._storage.file is None:
            raise VaultReadOnly()
        return self._storage.file

    def _tables(self) -> dict[str, Any]:
        return {name: self.db.table(name) for name in SCHEMA}

    def info(self) -> dict[str, Any]:
        """The file's format, KDF cost, size and journal length: nothing about the content."""
        if self._storage.file is not None:
            file = self._storage.file
            header, size = file.header, file.end
            snapshot, records = file.snapshot_records, file.records
            changes, torn = file.chain.changes, False  # a torn tail was cut at open
        else:
            assert self._read_info is not None
            header, snapshot, records, size, loaded = self._read_info
            changes, torn = loaded.chain.changes, loaded.torn
        return {
            "format_version": header.version,
            "kdf": {
                "name": "argon2id",
                "memory_kib": header.kdf.memory_kib,
                "iterations": header.kdf.iterations,
                "lanes": header.kdf.lanes,
            },
            "file_bytes": size,
            "snapshot_records": snapshot,
            "journal_records": records,
            "changes": changes,
            "torn_tail": torn,
            "backups": len(backups.backups(self.path)),
        }

    @property
    def partial(self) -> bool:
        """Whether this session loaded some tables only (``open(tables=...)``)."""
        return self._storage.only is not None

    def read_everything(self) -> None:
        """Decode now what the open left to read when first needed (``open``'s ``later``)."""
        self._storage.read_everything()

    def counts(self) -> dict[str, int]:
        """Documents per table, every table the vault holds."""
        self._storage.whole()
        with self._storage.memory:
            return {name: size for name, size in sorted(self._storage.sizes().items())
                    if name != SUMS}  # fmt: skip

    def ledger_sums_problem(self) -> tuple[str, bool]:
        """The ledger's summary judged against the ledger (``ledger_sums.judge``)."""
        self._storage.whole()
        file = self._storage.file
        header = file.header if file is not None else self._read_info[0]  # type: ignore[index]
        with self._storage.memory:
            return judge(self._storage.tables, self._storage.sums_ok, header.file_id)

    def generation(self, table: str) -> int | None:
        """``table``'s change count: bumped by every change kept or rolled back, an import
        and a restore (what a cache of its records is keyed by); None while a change is
        under way, when nothing read may be kept."""
        if self._storage.in_transaction:
            return None
        return self._storage.generation(table)

    # -- changing ------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Several changes as one durable record: all of them are kept, or none."""
        try:
            with self._storage.transaction():
                yield
        finally:
            self.db.clear_all_caches()

    def _rewrite(
        self, tables: Tables, header: crypto.Header | None = None, key: bytes | None = None
    ) -> None:
        """Every whole-file rewrite goes through here: never inside a transaction. Tables
        other than the live ones are new content (an import): a change, checked value by
        value."""
        self._storage.whole()
        with self._storage.writer:
            if self._storage.in_transaction:
                raise VaultError("the vault cannot be rewritten inside a transaction")
            change = tables is not self._storage.tables
            self._storage.rewrite(tables, header, key=key, change=change)

    def compact(self) -> None:
        """Rewrite the file as one snapshot: removed data leaves the file's bytes at once."""
        with self.long_write("compacting the vault"):
            self._rewrite(self._storage.tables)

    def forget_old_copies(self, today: date) -> int:
        """After an erasure: compact, then replace every backup with one fresh copy.

        The erased data leaves the vault file (one snapshot, no journal) and every file of
        backups/ (dated and before-restore copies) at once. Returns how many were deleted.
        """
        with self.long_write("erasing a client"):
            return self._forget_old_copies(today)

    def _forget_old_copies(self, today: date) -> int:
        if self._backup is not None:  # today's backup may still be copying the old bytes
            self._backup.join()
            self._backup = None
        self.compact()
        folder = backups.backup_dir(self.path)
        backups.ensure_private_dir(folder, self.warnings)
        stem = re.escape(self.path.stem)
        copies = re.compile(stem + r"-(\d{4}-\d{2}-\d{2}|before-restore-[0-9T]+)\.hops")
        old = [p for p in folder.iterdir() if copies.fullmatch(p.name)]
        for path in old:
            path.unlink()
        backups.remove_leftovers(self.path)
        fd = os.open(self.path, os.O_RDONLY)
        try:
            backups.copy_prefix(fd, self._file.end, folder / f"{self.path.stem}-{today}.hops")
        finally:
            os.close(fd)
        return len(old)

    def change_passphrase(self, new: str, kdf: KdfParams | None = None) -> None:
        """A new passphrase (NFC), salt and data key: the whole file is sealed anew in one
        atomic rewrite, so the old passphrase with any older copy of the file (a backup, a
        synced copy) opens nothing written after. The rename is the commit point."""
        with self.long_write("changing the passphrase"):
            file = self._file
            kdf = kdf or file.header.kdf
            salt, key = os.urandom(16), os.urandom(crypto.KEY_LEN)
            header = crypto.new_header(
                crypto.derive_kek(crypto.nfc(new), salt, kdf), key, kdf, salt
            )
            self._rewrite(self._storage.tables, header, key)

    def replace_all(self, tables: Tables) -> None:
        """Swap every table's content for ``tables`` in one atomic rewrite (import).

        Tables from ``parse_export`` were checked whole already; any others are checked here
        (``homeops.storage.schema_import``): ``ImportRefused`` before anything is written."""
        if not isinstance(tables, CheckedTables):
            tables = check_tables(tables)
        tables = dict(tables)
        with self.long_write("importing"):  # one writer: no change lands in between
            self._rewrite(tables)
            self._storage.tables = tables
            self.db.clear_all_caches()
            for table in self.db._tables.values():
                table._next_id = None  # ids continue from the imported documents
            migrate(self.meta, self._tables())

    def backup_to(self, out: Path) -> None:
        """An encrypted copy of the vault as it is now (same passphrase), written atomically."""
        with self._storage.writer:  # no rewrite may swap the file while it is copied
            file = self._file
            fd = os.open(self.path, os.O_RDONLY)
            try:
                backups.copy_prefix(fd, file.end, out)
            finally:
                os.close(fd)

    # -- export --------------------------------------------------------------------------

    def export_data(self) -> dict[str, Any]:
        """Everything in the vault as plain JSON-ready data (decrypted: handle with care)."""
        self._storage.whole()
        with self._storage.memory:
            tables = {
                name: {key: copy.deepcopy(docs[key]) for key in sorted(docs, key=int)}
                for name, docs in sorted(self._storage.tables.items())
                if name != SUMS  # derived from the ledger, made again by an import
            }
        return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "tables": tables}

    @staticmethod
    def parse_export(data: bytes | str, rules: ImportRules | None = None) -> CheckedTables:
        """The tables of an export once every document passed the schema, unique keys,
        references and the commands' rules, under the vault's settings (``rules``) when
        given (``homeops.storage.schema_import``); ``ImportRefused`` (one line) otherwise."""
        return _parse_export(data, rules)

    # -- closing -------------------------------------------------------------------------

    def close(self, *, compact: bool = True) -> None:
        """Finish the backup, compact a long journal (unless ``compact`` is False: leaving in
        a hurry, the next open compacts), release the file and the lock."""
        if self._backup is not None:
            self._backup.join()
            self._backup = None
        with self._storage.writer:  # a long write in another thread finishes first
            file = self._storage.file
            if compact and file is not None and not file.broken and not self.partial:
                with contextlib.suppress(VaultError):
                    if file.journal_bytes > max(_COMPACT_MIN_BYTES, file.snapshot_bytes // 4):
                        self.compact()
            self._storage.close()
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
