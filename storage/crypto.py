"""Key derivation, key wrapping and record encryption for the vault file.

See storage/FORMAT.md for the byte layout. Everything here is pure: bytes in, bytes out.
"""

from __future__ import annotations

import hashlib
import os
import struct
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from homeops.storage.errors import UnsupportedVersion, VaultDamaged, WrongPassphrase

MAGIC = b"HOMEOPS\x00"
# 1: one snapshot record; 2: split by table; 3: change count; 4: cold parts (FORMAT.md)
FORMAT_VERSION = 4
KDF_ARGON2ID = 1
KEY_LEN = 32
NONCE_LEN = 12
TAG_LEN = 16
FILE_ID_LEN = 16
CHECKSUM_LEN = 32

# Bounds checked before any key derivation runs, so a hostile header cannot hang or
# exhaust the machine: at most 256 MiB, 10 passes, 16 lanes, and 1 GiB·pass in all.
MAX_MEMORY_KIB = 256 * 1024
MAX_ITERATIONS = 10
MAX_LANES = 16
MAX_WORK_KIB = 1024 * 1024
SALT_MIN, SALT_MAX = 16, 64

_FIXED = struct.Struct(
    ">8sHBIIBB"
)  # magic, version, kdf id, memory KiB, iterations, lanes, salt len


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: memory in KiB, passes, lanes."""

    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4

    @classmethod
    def default(cls) -> KdfParams:
        """RFC 9106's second recommended setting: 64 MiB, 3 passes, 4 lanes (~0.1 s here)."""
        return cls()

    @classmethod
    def fast(cls) -> KdfParams:
        """Cheap parameters for tests and benchmarks only: never for a real vault."""
        return cls(memory_kib=64, iterations=1, lanes=1)

    def problem(self) -> str | None:
        """Why these parameters are refused, or None when they are within bounds."""
        if not 1 <= self.lanes <= MAX_LANES:
            return f"KDF lanes {self.lanes} out of bounds"
        if not 1 <= self.iterations <= MAX_ITERATIONS:
            return f"KDF iterations {self.iterations} out of bounds"
        if not 8 * self.lanes <= self.memory_kib <= MAX_MEMORY_KIB:
            return f"KDF memory {self.memory_kib} KiB out of bounds"
        if self.memory_kib * self.iterations > MAX_WORK_KIB:
            return "KDF cost out of bounds"
        return None


@dataclass(frozen=True)
class Header:
    """The vault file's clear-text header. Its bytes are bound to every record as AEAD data."""

    kdf: KdfParams
    salt: bytes
    file_id: bytes
    wrap_nonce: bytes
    wrapped_key: bytes
    version: int = FORMAT_VERSION

    def pack(self) -> bytes:
        body = _FIXED.pack(
            MAGIC,
            self.version,
            KDF_ARGON2ID,
            self.kdf.memory_kib,
            self.kdf.iterations,
            self.kdf.lanes,
            len(self.salt),
        )
        body += self.salt + self.wrap_nonce + self.wrapped_key + self.file_id
        return body + hashlib.sha256(body).digest()

    @property
    def digest(self) -> bytes:
        return hashlib.sha256(self.pack()).digest()

    def wrap_aad(self) -> bytes:
        """What the data key's wrapping authenticates: the KDF fields and the salt.

        The file id is left out so a compaction can give the file a new id without the
        passphrase; the header checksum and the record AAD still cover it."""
        return self.pack()[: _FIXED.size + len(self.salt)]


def parse_header(data: bytes) -> tuple[Header, int]:
    """Parse and bound-check a header; returns it and its length. Runs no KDF.

    The checksum is checked before any field is judged, so a flipped byte (the version's
    too) reads as damage, never as "upgrade homeops". This needs the header's layout up to
    the checksum to be the same in every version: later versions keep it (FORMAT.md)."""
    if len(data) < _FIXED.size:
        raise VaultDamaged("file too short")
    magic, version, kdf_id, memory, iterations, lanes, salt_len = _FIXED.unpack_from(data)
    if magic != MAGIC:
        raise VaultDamaged("not a homeops vault (bad magic)")
    if not SALT_MIN <= salt_len <= SALT_MAX:
        raise VaultDamaged(f"salt length {salt_len} out of bounds")
    end = _FIXED.size + salt_len + FILE_ID_LEN + NONCE_LEN + KEY_LEN + TAG_LEN
    if len(data) < end + CHECKSUM_LEN:
        raise VaultDamaged("header truncated")
    if hashlib.sha256(data[:end]).digest() != data[end : end + CHECKSUM_LEN]:
        raise VaultDamaged("header checksum mismatch")
    if version < 1:
        raise VaultDamaged(f"format version {version} does not exist")
    if version > FORMAT_VERSION:
        raise UnsupportedVersion(version, FORMAT_VERSION)
    if kdf_id != KDF_ARGON2ID:
        raise VaultDamaged(f"unknown KDF id {kdf_id}")
    kdf = KdfParams(memory_kib=memory, iterations=iterations, lanes=lanes)
    problem = kdf.problem()
    if problem:
        raise VaultDamaged(problem)
    pos = _FIXED.size
    salt = data[pos : pos + salt_len]
    pos += salt_len
    wrap_nonce = data[pos : pos + NONCE_LEN]
    pos += NONCE_LEN
    wrapped = data[pos : pos + KEY_LEN + TAG_LEN]
    file_id = data[end - FILE_ID_LEN : end]
    header = Header(kdf, salt, file_id, wrap_nonce, wrapped, version)
    return header, end + CHECKSUM_LEN


def nfc(passphrase: str) -> str:
    """The form every passphrase takes before the KDF: Unicode NFC, so that "é" typed as one
    character or as "e" + a combining accent is the same passphrase."""
    return unicodedata.normalize("NFC", passphrase)


def passphrase_forms(passphrase: str) -> list[str]:
    """What to try, in order: NFC (every vault since format 3), then the passphrase as typed
    and its NFD form (a vault made before, when bytes were compared as typed)."""
    forms = [nfc(passphrase)]
    for form in (passphrase, unicodedata.normalize("NFD", passphrase)):
        if form not in forms:
            forms.append(form)
    return forms


def derive_kek(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
    """The key-encryption key: Argon2id of the passphrase's UTF-8 bytes, as given (callers
    pass ``nfc(passphrase)``, or one of ``passphrase_forms`` when opening)."""
    argon = Argon2id(
        salt=salt,
        length=KEY_LEN,
        iterations=kdf.iterations,
        lanes=kdf.lanes,
        memory_cost=kdf.memory_kib,
    )
    return argon.derive(passphrase.encode("utf-8"))


def new_header(
    kek: bytes, data_key: bytes, kdf: KdfParams, salt: bytes, version: int = FORMAT_VERSION
) -> Header:
    """A header for a fresh file: new file id, the data key wrapped under ``kek``
    (``version``: an older format, for tests that make older files)."""
    draft = Header(kdf, salt, os.urandom(FILE_ID_LEN), b"\0" * NONCE_LEN, b"\0" * 48, version)
    nonce = os.urandom(NONCE_LEN)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, draft.wrap_aad())
    return Header(kdf, salt, draft.file_id, nonce, wrapped, version)


def with_new_file_id(header: Header) -> Header:
    """The same header for a rewritten file: records of the old file no longer fit it.

    The wrapped key is bound to the header's version, so an older file needs a new wrap
    (``new_header`` with its passphrase's kek) to be rewritten in the current format."""
    if header.version != FORMAT_VERSION:
        raise ValueError(f"a version-{header.version} header needs its kek to be upgraded")
    return Header(
        header.kdf, header.salt, os.urandom(FILE_ID_LEN), header.wrap_nonce, header.wrapped_key
    )


def unwrap_key(header: Header, kek: bytes) -> bytes:
    """The data key; the header checksum already passed, so a failure means a wrong passphrase."""
    try:
        return AESGCM(kek).decrypt(header.wrap_nonce, header.wrapped_key, header.wrap_aad())
    except InvalidTag:
        raise WrongPassphrase() from None


def unlock(header: Header, passphrase: str) -> tuple[bytes, bytes, bool]:
    """The data key, the kek that unwrapped it, and whether that took an older form of the
    passphrase than NFC (then a read-write open wraps the key anew under NFC).

    A wrong passphrase with letters that have several forms costs up to three KDF runs."""
    for number, form in enumerate(passphrase_forms(passphrase)):
        kek = derive_kek(form, header.salt, header.kdf)
        try:
            return unwrap_key(header, kek), kek, number > 0
        except WrongPassphrase:
            continue
    raise WrongPassphrase()


def record_aad(header_digest: bytes, index: int) -> bytes:
    """Bind a record to its file (header digest) and its place in it (index)."""
    return header_digest + index.to_bytes(8, "big")


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Nonce + AES-256-GCM ciphertext; a fresh random nonce every call."""
    nonce = os.urandom(NONCE_LEN)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, sealed: bytes, aad: bytes) -> bytes | None:
    """The plaintext, or None when authentication fails."""
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_LEN], sealed[NONCE_LEN:], aad)
    except InvalidTag:
        return None
