"""Every error a face may meet, from the floors below, under one roof: the faces import
these from here and never reach into storage. Each message is one line without content."""

from homeops.services.ai_use import AIUseRefused
from homeops.services.board import ClientErased, NoSuchClient
from homeops.services.clients import (
    AliasTaken,
    AlreadyErased,
    ClientRefused,
    ErasedNotPurged,
    UnknownClient,
)
from homeops.services.waiting import ChangesWait
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
from homeops.storage.repos import NotFound
from homeops.storage.schema import Invalid
from homeops.storage.schema_import import ImportRefused

__all__ = [
    "AIUseRefused",
    "AliasTaken",
    "AlreadyErased",
    "ChangesWait",
    "ClientErased",
    "ClientRefused",
    "ErasedNotPurged",
    "ImportRefused",
    "Invalid",
    "LockHolder",
    "NoSuchClient",
    "NotFound",
    "UnknownClient",
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
