"""Every error a face may meet, from the floors below, under one roof: the faces import
these from here and never reach into storage. Each message is one line without content.

Light on purpose: the errors defined beside their use cases (and in the storage's schema
and repositories) load when first named (PEP 562 ``__getattr__``, the ``_BESIDE`` table),
so importing this module loads neither the use cases nor TinyDB: the console's start-up
and the command line's parser name these without paying for them (issue 18 point 6), and
no use case that imports this module imports itself back through it."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:  # what _BESIDE loads on first use, for the type checker
    from homeops.rules.documents import MissingIdentity
    from homeops.services.ai_use import AIUseRefused
    from homeops.services.board import ClientErased, NoSuchClient
    from homeops.services.clients import (
        AliasTaken,
        AlreadyErased,
        ClientRefused,
        ErasedNotPurged,
        UnknownClient,
    )
    from homeops.services.credit_notes import NoCreditNote
    from homeops.services.doc_render import TemplateError
    from homeops.services.documents import DocumentNotWritten, DocumentRefused
    from homeops.services.payouts import ReleaseRefused
    from homeops.storage.repos import NotFound
    from homeops.storage.schema import Invalid
    from homeops.storage.schema_import import ImportRefused

# name -> the module that defines it (loaded with the first use of the name)
_BESIDE = {
    "AIUseRefused": "homeops.services.ai_use",
    "ClientErased": "homeops.services.board",
    "NoSuchClient": "homeops.services.board",
    "AliasTaken": "homeops.services.clients",
    "AlreadyErased": "homeops.services.clients",
    "ClientRefused": "homeops.services.clients",
    "ErasedNotPurged": "homeops.services.clients",
    "UnknownClient": "homeops.services.clients",
    "NoCreditNote": "homeops.services.credit_notes",
    "DocumentNotWritten": "homeops.services.documents",  # issue 15: writing a document
    "DocumentRefused": "homeops.services.documents",
    "MissingIdentity": "homeops.rules.documents",
    "TemplateError": "homeops.services.doc_render",
    "ReleaseRefused": "homeops.services.payouts",
    "NotFound": "homeops.storage.repos",
    "Invalid": "homeops.storage.schema",
    "ImportRefused": "homeops.storage.schema_import",
}


def __getattr__(name: str) -> Any:
    where = _BESIDE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    found = getattr(importlib.import_module(where), name)
    globals()[name] = found  # once: later uses are plain lookups
    return found


class NotCovered(ValueError):
    """A draw (an expense, a payout, a transfer) larger than what its envelope holds: nothing
    recorded.

    ``envelope`` and its ``balance`` now, the ``amount`` asked (both cents), so a face can
    offer the ways out; the message (one line, numbers and ways out, no personal data) is
    written once by the use case that refuses."""

    def __init__(
        self,
        envelope: str,
        balance: int,
        amount: int,
        message: str,
        *,
        cushion: int = 0,
        from_cushion: bool = False,
    ) -> None:
        super().__init__(message)
        self.envelope = envelope
        self.balance = balance
        self.amount = amount
        self.cushion = cushion  # cents the cushion holds
        # A face offers the transfer from the cushion only when it holds what is missing.
        self.from_cushion = from_cushion

    @property
    def missing(self) -> int:
        """Cents the envelope lacks: what a transfer into it must bring."""
        return self.amount - self.balance  # an envelope below zero needs its debt too


class PaidTwice(ValueError):
    """A payment for mission ``mission_id`` that its invoice and a payment recorded without
    it would count twice, or that would take it past its fee: nothing recorded.

    ``invoice`` is the label of the invoice concerned (``F-0012``); ``entry_id`` the first
    entry of the payment already recorded (None when the invoice is still open: its payment
    is to be recorded by marking it paid; or when nothing was paid yet and ``due`` says it);
    ``entry_ids`` every payment already recorded that it counts against. ``due``: the cents
    still due on the mission's fee when the payment, recorded without an invoice, would take
    the mission past its fee (a real overpayment may then be overridden with a reason), None
    otherwise."""

    def __init__(
        self,
        mission_id: int,
        invoice: str,
        entry_id: int | None,
        message: str,
        *,
        entry_ids: tuple[int, ...] = (),
        due: int | None = None,
    ) -> None:
        super().__init__(message)
        self.mission_id = mission_id
        self.invoice = invoice
        self.entry_id = entry_id
        self.entry_ids = entry_ids or ((entry_id,) if entry_id is not None else ())
        self.due = due


__all__ = [
    "AIUseRefused",
    "AliasTaken",
    "AlreadyErased",
    "ChangesWait",
    "ClientErased",
    "ClientRefused",
    "DocumentNotWritten",
    "DocumentRefused",
    "ErasedNotPurged",
    "ImportRefused",
    "Invalid",
    "LockHolder",
    "MissingIdentity",
    "NoCreditNote",
    "NoSuchClient",
    "NotCovered",
    "NotFound",
    "PaidTwice",
    "ReleaseRefused",
    "TemplateError",
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
