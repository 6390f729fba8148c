"""Freezing what an issued invoice prints (issue 15): the seller (``[seller]``) and the
client as they are when the invoice is issued (sent, paid as a draft) or its credit note
numbered, kept in ``Invoice.issued_as`` by the change that issues it
(``homeops.rules.document_frozen``). Its documents print that copy ever after."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

from homeops.rules import document_frozen
from homeops.rules.document_parts import Seller
from homeops.rules.invoices import Invoice

if TYPE_CHECKING:
    from homeops.config import Settings
    from homeops.storage.vault import Vault


def seller_of(settings: Settings) -> Seller:
    """The ``[seller]`` settings as the rules' ``Seller`` (missing values stay empty: the
    rules name the first one a document needs)."""
    given = settings.seller
    values = {f.name: getattr(given, f.name) for f in fields(Seller)}
    values["address"] = tuple(values["address"] or ())
    return Seller(**values)


def freeze(vault: Vault, settings: Settings, invoice: Invoice) -> Invoice:
    """``invoice`` (issued) with its frozen copy, taken now when it has none: today's
    ``[seller]`` (whatever is set: a missing field is named when a document is written)
    and its client's record. Changes ``invoice`` in place; the caller stores it."""
    if invoice.issued and invoice.issued_as is None:
        client = vault.clients.by_alias(invoice.client_alias)
        invoice.issued_as = document_frozen.freeze(seller_of(settings), client)
    return invoice
