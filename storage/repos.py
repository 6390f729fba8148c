"""Typed repositories: the only way the console and the CLI reach vault data.

Each returns and takes the dataclasses of ``homeops.rules.model``; nobody outside storage/ sees
a TinyDB document. Documents are copied on the way out so callers cannot change the
vault's memory behind its back.
"""

from __future__ import annotations

import builtins
import copy
import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, Generic, NamedTuple, TypeVar

from tinydb import Query
from tinydb.table import Document, Table

from homeops.rules.model import (
    PERSONAL_FIELDS,
    Check,
    Client,
    LedgerEntry,
    Mission,
    Offer,
    PersonalField,
    ScopeChange,
    StageMove,
)
from homeops.storage import schema
from homeops.storage.reading import gc_paused

Record = TypeVar("Record", Client, Mission, LedgerEntry, Offer)

# Bump a table's version when its documents change shape, and add a step to _MIGRATIONS.
SCHEMA = {
    "clients": 1,
    "missions": 1,
    "ledger": 1,
    "offers": 1,
    "invoices": 1,
    "payouts": 1,
    "recurring": 1,
    "timelog": 1,
    "calendar": 1,
    "pins": 1,
    "ai_use": 1,
    "offer_tests": 1,
    "cases": 1,
    "events": 1,
    "retainers": 1,
    "documents": 1,
}


class NotFound(LookupError):
    def __init__(self, what: str, key: object) -> None:
        super().__init__(f"no {what} with id {key}")


def to_doc(record: Any) -> dict[str, Any]:
    doc = dataclasses.asdict(record)
    doc.pop("id", None)
    return doc


class _Repo(Generic[Record]):
    table_name = ""
    what = ""

    def __init__(self, table: Table) -> None:
        self._table = table

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> Record:
        raise NotImplementedError

    def _load(self, doc: Any) -> Record:
        return self._from_doc(copy.deepcopy(dict(doc)), doc.doc_id)

    def _checked(self, record: Record, doc_id: int | None = None) -> dict[str, Any]:
        """``record`` as a document, once the schema accepts it over what is stored under
        ``doc_id`` (``schema.Invalid`` otherwise: nothing is written)."""
        doc = to_doc(record)
        old = schema.ABSENT if doc_id is None else self._table._read_table().get(str(doc_id))
        schema.check(self.table_name, doc, doc_id, schema.ABSENT if old is None else old)
        return doc

    def add(self, record: Record) -> int:
        """Store a new record; returns its id and sets ``record.id``."""
        record.id = self._table.insert(self._checked(record))
        return record.id

    def add_many(self, records: Iterable[Record]) -> list[int]:
        """Store several records as one durable change (all of them are checked first)."""
        items = list(records)
        ids = self._table.insert_multiple([self._checked(r) for r in items])
        for record, doc_id in zip(items, ids, strict=True):
            record.id = doc_id
        return list(ids)

    def get(self, record_id: int) -> Record:
        doc = self._table.get(doc_id=record_id)
        if doc is None:
            raise NotFound(self.what, record_id)
        return self._load(doc)

    def list(self) -> list[Record]:
        return [self._load(doc) for doc in self._table.all()]

    def update(self, record: Record) -> None:
        if record.id is None or not self._table.contains(doc_id=record.id):
            raise NotFound(self.what, record.id)
        self._table.update(self._checked(record, record.id), doc_ids=[record.id])

    def remove(self, record_id: int) -> None:
        if not self._table.remove(doc_ids=[record_id]):
            raise NotFound(self.what, record_id)

    def count(self) -> int:
        return len(self._table)


class ClientRepo(_Repo[Client]):
    table_name, what = "clients", "client"

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> Client:
        # Personal fields are optional and came later: older documents simply lack them.
        for name in PERSONAL_FIELDS:
            value = doc.get(name)
            doc[name] = PersonalField(**value) if isinstance(value, dict) else None
        return Client(**doc, id=doc_id)

    def by_alias(self, alias: str) -> Client | None:
        found = self._table.get(Query().alias == alias)
        return self._load(found) if isinstance(found, dict) else None

    def aliases(self) -> set[str]:
        """Every alias in use, erased clients' pseudonyms included."""
        return {doc["alias"] for doc in self._table._read_table().values()}


def _check(item: Any) -> Check:
    return Check(**item) if isinstance(item, dict) else Check(str(item))


class MissionRepo(_Repo[Mission]):
    table_name, what = "missions", "mission"

    def _from_doc(self, doc: Mapping[str, Any], doc_id: int) -> Mission:
        """``doc`` is only read, never kept: its nested records are built anew and its other
        lists copied, so a document of the table's memory may be passed as it is (the board's
        read decodes 1,000 missions: copying each nested entry first was a tenth of it)."""
        fields: dict[str, Any] = {
            key: _copy_list(value) if isinstance(value, list) else value
            for key, value in doc.items()
            if key not in _NESTED
        }
        fields["history"] = [StageMove(**entry) for entry in doc.get("history", [])]
        fields["acceptance_criteria"] = [_check(c) for c in doc.get("acceptance_criteria", [])]
        fields["checklist"] = [_check(c) for c in doc.get("checklist", [])]
        fields["scope_changes"] = [ScopeChange(**c) for c in doc.get("scope_changes", [])]
        return Mission(**fields, id=doc_id)

    _kept: tuple[int, builtins.list[Mission]] | None = None  # (generation, the board's)

    def _archived_read(self) -> None:
        """In a session that read the board only (``BOARD_MISSIONS``), read the archived
        missions now, before what needs them: never an empty list where there are some."""
        read = getattr(getattr(self._table, "_storage", None), "archived_read", None)
        if read is not None:  # (a plain TinyDB storage reads every document)
            read(self.table_name)

    def list(self, *, archived: bool = False) -> list[Mission]:
        """Missions on the board; ``archived=True`` gives the archived ones instead. Decoded
        straight from the table's memory (no TinyDB copy of each document of the table)."""
        if archived:
            self._archived_read()
        # Filter before decoding: archived missions pile up over the years.
        return [
            self._from_doc(doc, int(key))
            for key, doc in self._table._read_table().items()
            if bool(doc.get("archived")) == archived
        ]

    def count_in(self, stage: str) -> int:
        """Active (not archived) missions in ``stage``."""
        return sum(
            1
            for doc in self._table._read_table().values()
            if doc["stage"] == stage and not doc.get("archived")
        )

    # -- the board's methods: cheap at 1,000 active and 20,000 archived missions ------------

    def active(self) -> builtins.list[Mission]:
        """The missions on the board (``list()``): the archived ones are never decoded."""
        return self.list()

    def board_read(self) -> builtins.list[Mission]:
        """The missions on the board to READ, shared by every service of this vault (the
        outlooks, the schedule, ``fit``): decoded once per change of the table, then kept
        with its generation, which every change kept or rolled back, an import and a restore
        bump; never kept during a change. Never change these records (``active()`` gives
        records of one's own); the list is a copy."""
        generation, kept = table_generation(self._table), self._kept
        if generation is not None and kept is not None and kept[0] == generation:
            return builtins.list(kept[1])
        # Kept records, long-lived by nature: straight to the oldest generation, as the
        # vault's read does (1,000 missions made ~30 young collections walk them: ~5 ms).
        with gc_paused():
            missions = self.active()  # read after the generation: never older than its stamp
        if generation is not None:
            self._kept = (generation, missions)
        return builtins.list(missions)

    def archived_summaries(self) -> builtins.list[MissionSummary]:
        """One light line per archived mission (no nested lists decoded), newest id first."""
        self._archived_read()
        rows = [
            MissionSummary(
                int(key),
                doc.get("title", ""),
                doc.get("client_alias", ""),
                doc.get("stage", ""),
                doc.get("deadline"),
            )
            for key, doc in self._table._read_table().items()
            if doc.get("archived")
        ]
        rows.sort(key=lambda row: -row.id)
        return rows

    def put(self, mission: Mission) -> None:
        """Write ``mission`` exactly as given under its id, re-creating it if it was removed.

        Undo and redo use it to bring back a previous state, including a removed mission.
        """
        if mission.id is None:
            raise NotFound(self.what, None)
        doc = self._checked(mission, mission.id)
        if self._table.contains(doc_id=mission.id):
            self._table.update(doc, doc_ids=[mission.id])
        else:
            self._table.insert(Document(doc, doc_id=mission.id))


class MissionSummary(NamedTuple):
    """An archived mission as the archive list shows it."""

    id: int
    title: str
    client_alias: str
    stage: str
    deadline: str | None


def table_generation(table: Table) -> int | None:
    """``table``'s change count, None when it cannot be trusted (a change under way, or a
    storage that keeps none): what a cache of its records is keyed by."""
    storage = getattr(table, "_storage", None)
    generation = getattr(storage, "generation", None)
    if generation is None or getattr(storage, "in_transaction", True):
        return None
    count: int = generation(table.name)
    return count


#: A mission's lists of records, which ``MissionRepo._from_doc`` builds anew from the document.
_NESTED = frozenset(("history", "acceptance_criteria", "checklist", "scope_changes"))


def _copy_list(value: builtins.list[Any]) -> builtins.list[Any]:
    """A list of a stored document, copied with its dict items: the record never shares them."""
    return [dict(item) if isinstance(item, dict) else item for item in value]


class OfferRepo(_Repo[Offer]):
    table_name, what = "offers", "offer"

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> Offer:
        return Offer(**doc, id=doc_id)

    def by_name(self, name: str) -> Offer | None:
        """The offer called ``name`` (any case), or None."""
        wanted = name.strip().casefold()
        return next((o for o in self.list() if o.name.casefold() == wanted), None)


class LedgerRepo(_Repo[LedgerEntry]):
    table_name, what = "ledger", "ledger entry"

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> LedgerEntry:
        return LedgerEntry(**doc, id=doc_id)

    def balances(self) -> dict[str, int]:
        """Cents per envelope, summed over every entry."""
        totals: dict[str, int] = {}
        for doc in self._table.all():
            totals[doc["envelope"]] = totals.get(doc["envelope"], 0) + doc["amount_cents"]
        return totals


class MetaRepo:
    """Small named settings kept in the vault (schema versions, created date, …)."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def get(self, key: str, default: Any = None) -> Any:
        found = self._table.get(Query().key == key)
        return copy.deepcopy(found["value"]) if isinstance(found, dict) else default

    def set(self, key: str, value: Any) -> None:
        found = self._table.get(Query().key == key)
        doc = {"key": key, "value": value}
        if isinstance(found, Document):
            schema.check("meta", doc, found.doc_id, dict(found))
        else:
            schema.check("meta", doc)
        self._table.upsert(doc, Query().key == key)


def migrate(meta: MetaRepo, tables: dict[str, Table]) -> None:
    """Bring every table up to ``SCHEMA``; a vault from an older homeops opens in a newer one."""
    versions: dict[str, int] = meta.get("schema", {}) or {}
    for name, target in SCHEMA.items():
        # (a table's length only when its version is not recorded: a table read later
        # is not read for it)
        current = versions[name] if name in versions else (1 if len(tables[name]) else target)
        for step in range(current, target):
            _MIGRATIONS[(name, step)](tables[name])
    if versions != SCHEMA:
        meta.set("schema", dict(SCHEMA))


_MIGRATIONS: dict[tuple[str, int], Any] = {}
