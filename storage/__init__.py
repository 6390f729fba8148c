"""The encrypted vault: file format, crypto, TinyDB storage, session lock and repositories.

Public API (everything else in this package is an implementation detail):

    vault = Vault.create(path, passphrase, kdf=KdfParams.default())  # new file, locked
    vault = Vault.open(path, passphrase, progress=None)              # existing file, locked
    vault.clients / vault.missions / vault.ledger / vault.meta       # typed repositories
    with vault.transaction(): ...                                    # several changes, one commit
    vault.change_passphrase(new)                                     # new passphrase and data key
    with vault.long_write("words"): ...                              # hold it; vault.busy says so
    vault.counts() -> {table: n}
    vault.close()                                                    # also a context manager

Errors are subclasses of ``VaultError`` with one-line, content-free messages.
"""

from homeops.storage.errors import (
    LockHolder,
    UnsupportedVersion,
    ValueNotStorable,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultLocked,
    VaultMissing,
    VaultReadOnly,
    VaultRolledBack,
    VaultWriteError,
    WrongPassphrase,
)

__all__ = [
    "LockHolder",
    "UnsupportedVersion",
    "ValueNotStorable",
    "VaultDamaged",
    "VaultError",
    "VaultExists",
    "VaultLocked",
    "VaultMissing",
    "VaultReadOnly",
    "VaultRolledBack",
    "VaultWriteError",
    "WrongPassphrase",
]
