"""The naive encrypted TinyDB storage: the design the vault issue measures ours against.

It is what one writes first: TinyDB's ``JSONStorage`` with the whole file encrypted. Every
``read()`` reads, authenticates and parses the whole file (as ``JSONStorage`` does, and TinyDB
reads before every change); every ``write()`` serialises, encrypts and atomically replaces the
whole file (temporary file in the same directory, fsync, ``os.replace``, fsync of the directory).
It is correct and durable, and costs O(size of the vault) per change.

File: ``MAGIC | salt (16) | nonce (12) | AES-256-GCM(json)``, the first 28 bytes bound as
associated data. The key comes from Argon2id once per session.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from tinydb.storages import Storage

MAGIC = b"NAIVE001"
_SALT, _NONCE = 16, 12


class NaiveEncryptedStorage(Storage):
    """Whole-file AES-GCM, atomically replaced on every write. ``TinyDB(path, passphrase,
    storage=NaiveEncryptedStorage)``."""

    def __init__(
        self,
        path: str | Path,
        passphrase: str,
        *,
        memory_kib: int = 64,
        iterations: int = 1,
        lanes: int = 1,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        if self.path.exists() and self.path.stat().st_size:
            with self.path.open("rb") as f:
                head = f.read(len(MAGIC) + _SALT)
            if head[: len(MAGIC)] != MAGIC:
                raise ValueError("not a naive vault")
            salt = head[len(MAGIC) :]
        else:
            salt = os.urandom(_SALT)
        started = time.perf_counter()
        key = Argon2id(
            salt=salt, length=32, iterations=iterations, lanes=lanes, memory_cost=memory_kib
        ).derive(passphrase.encode())
        self.kdf_seconds = time.perf_counter() - started
        self._salt = salt
        self._aead = AESGCM(key)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            blob = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not blob:
            return None
        head = len(MAGIC) + _SALT
        nonce = blob[head : head + _NONCE]
        plain = self._aead.decrypt(nonce, blob[head + _NONCE :], blob[: head + _NONCE])
        data: dict[str, dict[str, Any]] = json.loads(plain)
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        nonce = os.urandom(_NONCE)
        prefix = MAGIC + self._salt + nonce
        blob = prefix + self._aead.encrypt(nonce, json.dumps(data).encode(), prefix)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(blob)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.path)
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def close(self) -> None:
        pass
