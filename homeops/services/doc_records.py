"""The record of each document written to a file (issue 15): ``record`` after a write (the
paperwork's use case calls it), ``listed`` for the faces. The same file written again
updates its record instead of piling up copies. An erasure lists and removes a client's
records (``homeops.services.clients``); the files are never deleted by homeops.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from homeops.rules.documents_records import DocumentRecord, RecordRefused, checked
from homeops.services.waiting import check_idle

if TYPE_CHECKING:
    from homeops.storage.vault import Vault

__all__ = ["DocumentRecord", "RecordRefused", "listed", "record"]


def record(
    vault: Vault,
    *,
    kind: str,
    ref: str,
    mission_id: int | None,
    invoice_number: int | None,
    client_alias: str,
    path: Path | str,
    fmt: str,
    lang: str,
    today: dt.date,
) -> int:
    """Record that document ``kind`` ``ref`` was written to ``path`` (made absolute) on
    ``today``: one durable change; the record of a file written before is updated. Returns
    the record's id. ``RecordRefused`` (one line, nothing written) for a field out of
    bounds; ``ChangesWait`` during a long write."""
    check_idle(vault)
    where = os.path.abspath(os.fspath(path))
    new = checked(DocumentRecord(kind, ref, mission_id, invoice_number, client_alias, where,
                                 fmt, lang, today.isoformat()))  # fmt: skip
    with vault.transaction():
        old = vault.documents.by_path(where)
        if old is None:
            return vault.documents.add(new)
        new.id = old.id
        vault.documents.update(new)
    assert new.id is not None
    return new.id


def listed(vault: Vault, client_alias: str | None = None) -> list[DocumentRecord]:
    """The documents written (for ``client_alias`` when given), oldest record first."""
    return vault.documents.list(client_alias)
