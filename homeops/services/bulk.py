"""Records added in bulk, as one durable change: the demo's sample business, the benchmarks'
large vaults. Each record is checked by the schema as any other; none is a change of the
business (no history, no undo record): the records arrive as they are, like an import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from homeops.rules.capacity import FixedBlock, TimeOff
from homeops.rules.forecast import RecurringCost
from homeops.rules.invoices import Invoice
from homeops.rules.model import AIUse, Client, LedgerEntry, Mission, Offer
from homeops.rules.timelog import TimeEntry
from homeops.storage.vault import Vault


@dataclass(frozen=True)
class NewRecords:
    """Records without ids yet, stored in this order. Clients, missions, AI uses, ledger
    entries, offers, invoices and recurring costs get their ids set (a mission's id is what
    the AI uses and time entries of a later batch refer to)."""

    clients: Sequence[Client] = ()
    missions: Sequence[Mission] = ()
    ai_uses: Sequence[AIUse] = ()
    ledger: Sequence[LedgerEntry] = ()
    offers: Sequence[Offer] = ()
    invoices: Sequence[Invoice] = ()
    recurring: Sequence[RecurringCost] = ()
    time_entries: Sequence[TimeEntry] = ()
    days_off: Sequence[TimeOff] = ()
    blocks: Sequence[FixedBlock] = ()


def add_records(vault: Vault, records: NewRecords) -> None:
    """Store ``records`` in ``vault`` as one durable change (all or nothing)."""
    with vault.transaction():
        vault.clients.add_many(records.clients)
        vault.missions.add_many(records.missions)
        vault.ai_use.add_many(records.ai_uses)
        vault.ledger.add_many(records.ledger)
        vault.offers.add_many(records.offers)
        vault.invoices.add_many(records.invoices)
        vault.recurring.add_many(records.recurring)
        vault.timelog.add_many(records.time_entries)
        for off in records.days_off:
            vault.calendar.set_off(dt.date.fromisoformat(off.day), True, off.reason)
        for block in records.blocks:
            vault.calendar.add_block(block)
