"""Shared fixtures for the vault's acceptance tests.

Every vault here uses ``KdfParams.fast()``; real Argon2 costs only where a test is about them.
Helpers are handed out through fixtures (``kit``, ``faults``, ``forked``) so that test modules
never import this file.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import os
import signal
import stat
import struct
import sys
import traceback
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from homeops.rules.model import Check, Client, LedgerEntry, Mission, StageMove
from homeops.storage import crypto
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "correct horse battery staple"
_ACK = struct.Struct(">I")


class VaultKit:
    """Create, open and inspect vaults; every vault it opens is closed at teardown."""

    passphrase = PASSPHRASE

    def __init__(self, path: Path) -> None:
        self.path = path
        self._open: list[Vault] = []

    # -- opening -----------------------------------------------------------------------

    def create(self, path: Path | None = None, passphrase: str | None = None) -> Vault:
        vault = Vault.create(path or self.path, passphrase or self.passphrase, kdf=KdfParams.fast())
        self._open.append(vault)
        return vault

    def open(self, path: Path | None = None, passphrase: str | None = None, **kwargs: Any) -> Vault:
        """A read-write session; waits for the open-time backup so no thread races a test."""
        vault = Vault.open(path or self.path, passphrase or self.passphrase, **kwargs)
        self._open.append(vault)
        if vault._backup is not None:
            vault._backup.join()
        return vault

    def disk(self, path: Path | None = None, passphrase: str | None = None) -> dict[str, Any]:
        """What the file says, through a read-only session (no lock, no writes)."""
        vault = Vault.open(path or self.path, passphrase or self.passphrase, read_only=True)
        try:
            return vault.export_data()
        finally:
            vault.close()

    @staticmethod
    def state(vault: Vault) -> dict[str, Any]:
        """A detached copy of ``export_data()`` (which hands out the live documents)."""
        return copy.deepcopy(vault.export_data())

    @staticmethod
    def nonempty(export: dict[str, Any]) -> dict[str, Any]:
        """An export without its empty tables: memory can hold empty tables that were never
        journalled (see test_write_that_changes_nothing_leaves_memory_and_disk_alike)."""
        return {**export, "tables": {n: d for n, d in export["tables"].items() if d}}

    def close_all(self) -> None:
        for vault in self._open:
            with contextlib.suppress(Exception):
                vault.close()
        self._open.clear()

    # -- sample records ----------------------------------------------------------------

    @staticmethod
    def client(alias: str = "acme", notes: str = "") -> Client:
        return Client(alias=alias, status="client", first_contact="2026-01-05", notes=notes)

    @staticmethod
    def mission(title: str = "Logo refresh", alias: str = "acme") -> Mission:
        return Mission(
            title=title,
            client_alias=alias,
            stage="doing",
            fee_cents=120_000,
            deadline="2026-03-01",
            deliverables=["draft", "final"],
            acceptance_criteria=[Check("fits on a card")],
            history=[StageMove(at="2026-01-10T09:00:00", stage="doing", reason="signed")],
        )

    @staticmethod
    def entry(amount: int = 50_000, description: str = "deposit") -> LedgerEntry:
        return LedgerEntry(
            date="2026-01-12", description=description, amount_cents=amount, envelope="taxes"
        )

    def populate(self, vault: Vault) -> None:
        vault.clients.add(self.client("acme", "pays late"))
        vault.clients.add(self.client("bucher-sohne", "Bücher & Söhne ☕ prefers mornings"))
        vault.missions.add(self.mission("Logo refresh"))
        vault.missions.add(self.mission("Site audit für Bücher & Söhne", "bucher-sohne"))
        vault.ledger.add_many([self.entry(50_000), self.entry(-1_250, "stamps")])

    # -- inspecting ------------------------------------------------------------------------

    @staticmethod
    def files_under(folder: Path) -> list[Path]:
        return sorted(p for p in folder.rglob("*") if p.is_file())

    @staticmethod
    def frames(data: bytes) -> list[tuple[int, int]]:
        """(start, end) of every record after the header, by their length prefixes."""
        _header, pos = crypto.parse_header(data)
        out = []
        while pos + 8 <= len(data):
            (length,) = struct.unpack_from(">I", data, pos)
            end = pos + 8 + length
            if end > len(data):
                break
            out.append((pos, end))
            pos = end
        return out


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    """The vault's folder; not created, so ``Vault.create`` makes it (0700)."""
    return tmp_path / "homeops"


@pytest.fixture
def vault_path(vault_dir: Path) -> Path:
    return vault_dir / "vault.hops"


@pytest.fixture
def kit(vault_path: Path) -> Iterator[VaultKit]:
    k = VaultKit(vault_path)
    yield k
    k.close_all()


@pytest.fixture
def no_kdf(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call the returned function to make any later key derivation fail the test."""

    def refuse(*_args: object, **_kwargs: object) -> bytes:
        pytest.fail("the KDF ran on a header that should have been refused first")

    def arm() -> None:
        monkeypatch.setattr(crypto, "derive_kek", refuse)

    return arm


# -- fault injection -------------------------------------------------------------------------


def is_dir_fd(fd: int) -> bool:
    return stat.S_ISDIR(os.fstat(fd).st_mode)


class Faults:
    """Make ``os`` functions fail on demand (only while a test is inside ``active``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.mp = monkeypatch
        self.real: dict[str, Callable[..., Any]] = {}
        self.calls: dict[str, int] = {}

    def fail(
        self,
        name: str,
        err: int = errno.EIO,
        when: Callable[..., bool] = lambda *a: True,
        after: int = 0,
    ) -> None:
        """``os.<name>`` raises ``err`` on calls matching ``when``, after ``after`` such calls."""
        real = self.real.setdefault(name, getattr(os, name))
        self.calls[name] = 0

        def fake(*args: Any, **kwargs: Any) -> Any:
            if when(*args):
                self.calls[name] += 1
                if self.calls[name] > after:
                    raise OSError(err, os.strerror(err))
            return real(*args, **kwargs)

        self.mp.setattr(os, name, fake)

    def partial_pwrite(self, err: int = errno.ENOSPC) -> None:
        """The first pwrite writes half its bytes, every later one fails with ``err``."""
        real = self.real.setdefault("pwrite", os.pwrite)
        state = {"n": 0}

        def fake(fd: int, data: Any, offset: int) -> int:
            state["n"] += 1
            if state["n"] == 1:
                return real(fd, bytes(data)[: max(1, len(data) // 2)], offset)
            raise OSError(err, os.strerror(err))

        self.mp.setattr(os, "pwrite", fake)

    def clear(self) -> None:
        for name, real in self.real.items():
            self.mp.setattr(os, name, real)


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[Faults]:
    f = Faults(monkeypatch)
    yield f
    f.clear()


# -- forked sessions that get SIGKILLed ----------------------------------------------------


class Forked:
    """Run ``body(ack)`` in a forked child; the parent reads acks and SIGKILLs it.

    ``ack(n)`` writes ``n`` to a pipe; every number the child wrote before it died is
    returned, including those the parent had not read yet when it killed.
    """

    def run(
        self,
        body: Callable[[Callable[[int], None]], None],
        kill_after: int,
        spin: float = 0.0,
    ) -> tuple[list[int], int]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: never return into pytest
            code = 1
            try:
                os.close(read_end)

                def ack(n: int) -> None:
                    os.write(write_end, _ACK.pack(n))

                body(ack)
                code = 0
            except BaseException:
                traceback.print_exc()
                sys.stderr.flush()
            finally:
                os._exit(code)
        os.close(write_end)
        acks: list[int] = []
        buf = b""
        try:
            while len(acks) < kill_after:
                chunk = os.read(read_end, 4096)
                if not chunk:
                    break  # the child ended by itself
                buf += chunk
                while len(buf) >= 4:
                    acks.append(_ACK.unpack(buf[:4])[0])
                    buf = buf[4:]
            if spin:
                deadline = _now() + spin
                while _now() < deadline:  # a random moment, not a synchronisation
                    pass
            os.kill(pid, signal.SIGKILL)
        finally:
            _, status = os.waitpid(pid, 0)
            while chunk := os.read(read_end, 4096):
                buf += chunk
            os.close(read_end)
        while len(buf) >= 4:
            acks.append(_ACK.unpack(buf[:4])[0])
            buf = buf[4:]
        return acks, status


def _now() -> float:
    import time

    return time.perf_counter()


@pytest.fixture
def forked() -> Forked:
    if not hasattr(os, "fork"):
        pytest.skip("needs os.fork")
    return Forked()


@pytest.fixture
def day() -> Callable[[int], date]:
    """Day ``n`` of a fixed calendar, for the backups' ``today=``."""
    from datetime import timedelta

    return lambda n: date(2026, 2, 1) + timedelta(days=n)
