"""Privacy in the vault: AI-use records, the events history, and every table as raw
documents (``EveryTable``), which a client's export and erasure scan and rewrite.

Export and erasure (``homeops.services.clients``) work on every table of the vault, not a
fixed list: a record belongs to a client when its ``client_alias`` is the client's alias or
when it points (``mission_id``, ``invoice_id``, …) at a record that does
(``homeops.rules.privacy.linked_ids``). Tables added by later versions are covered without a
change here.
"""

from __future__ import annotations

import builtins
import dataclasses
from collections.abc import Mapping
from typing import Any

from tinydb import TinyDB

from homeops.rules import privacy
from homeops.rules.model import AIUse
from homeops.storage.ledger_sums import SUMS
from homeops.storage.repos import _Repo


class AIUseRepo(_Repo[Any]):
    table_name, what = "ai_use", "AI-use record"

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> AIUse:
        return AIUse(**doc, id=doc_id)

    def for_mission(self, mission_id: int) -> builtins.list[AIUse]:
        """The mission's AI-use records, oldest first."""
        found = [
            self._from_doc(dict(doc), int(key))
            for key, doc in self._table._read_table().items()
            if doc.get("mission_id") == mission_id
        ]
        return sorted(found, key=lambda r: (r.date, r.id or 0))

    def warned_missions(self) -> set[int]:
        """Missions with personal or confidential data sent to an AI tool, client not told."""
        return {
            doc["mission_id"]
            for key, doc in self._table._read_table().items()
            if privacy.ai_use_warning(self._from_doc(dict(doc), int(key)))
        }


@dataclasses.dataclass
class Event:
    """One line of the append-only history: what happened, never the erased data."""

    at: str  # ISO date
    kind: str  # "erasure", …
    details: dict[str, Any] = dataclasses.field(default_factory=dict)
    id: int | None = None


class EventRepo(_Repo[Any]):
    table_name, what = "events", "event"

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> Event:
        return Event(**doc, id=doc_id)

    def of_kind(self, kind: str) -> builtins.list[Event]:
        return [e for e in self.list() if e.kind == kind]


class EveryTable:
    """Every table of the vault as raw documents, tables added by later versions included:
    what a client's export and erasure scan (``homeops.rules.privacy.linked_ids``,
    ``homeops.rules.erasure.plan_erasure``) and where an erasure writes its redactions."""

    def __init__(self, db: TinyDB) -> None:
        self._db = db

    def documents(self) -> dict[str, dict[str, Any]]:
        """Every table's documents by id (str). Each table is copied (one C-level copy,
        cheap), so a record added meanwhile by another thread cannot break a scan in a
        worker; the documents themselves are the stored ones: copy before changing them.
        The ledger's summary is left out: derived figures, no one's data (the storage keeps
        it with every change of the ledger)."""
        db = self._db
        whole = getattr(db.storage, "archived_read", None)  # a table read as its board only
        if whole is not None:  # is read whole first
            for name in db.tables():
                whole(name)
        return {name: dict(db.table(name)._read_table()) for name in sorted(db.tables())
                if name != SUMS}  # fmt: skip

    def update(self, changes: Mapping[str, Mapping[str, dict[str, Any]]]) -> None:
        """Write ``changes`` (table -> id -> the document's new fields) over what is stored."""
        for name, docs in changes.items():
            table = self._db.table(name)
            for key, doc in docs.items():
                table.update(doc, doc_ids=[int(key)])
