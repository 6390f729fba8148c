"""Repositories of the planner: the time log, the calendar (days off, fixed blocks) and pins.

Each returns the dataclasses of ``homeops.rules.timelog``, ``homeops.rules.capacity`` and
``homeops.rules.planner``; nobody outside storage/ sees a TinyDB document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from tinydb import Query
from tinydb.table import Table

from homeops.rules.capacity import FixedBlock, TimeOff
from homeops.rules.planner import Pin
from homeops.rules.timelog import TimeEntry
from homeops.storage import schema


def _doc(record: Any) -> dict[str, Any]:
    doc = dataclasses.asdict(record)
    doc.pop("id", None)
    return doc


def _checked(table: str, doc: dict[str, Any], old: Any = None) -> dict[str, Any]:
    """``doc`` once the schema accepts it over ``old`` (a stored document, or None)."""
    doc_id = old.doc_id if old is not None else None
    schema.check(table, doc, doc_id, dict(old) if old is not None else schema.ABSENT)
    return doc


class TimeLogRepo:
    """Time spent, one document per entry."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def add(self, entry: TimeEntry) -> TimeEntry:
        """Store ``entry``; returns it with its id."""
        doc_id = self._table.insert(_checked("timelog", _doc(entry)))
        return dataclasses.replace(entry, id=doc_id)

    def add_many(self, entries: Iterable[TimeEntry]) -> list[int]:
        docs = [_checked("timelog", _doc(e)) for e in entries]
        return list(self._table.insert_multiple(docs))

    def list(self) -> list[TimeEntry]:
        return [
            TimeEntry(**dict(doc), id=int(key)) for key, doc in self._table._read_table().items()
        ]

    def remove(self, entry_id: int) -> None:
        self._table.remove(doc_ids=[entry_id])

    def count(self) -> int:
        return len(self._table)


class CalendarRepo:
    """Days off and recurring fixed blocks (``kind`` "off" or "block")."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def days_off(self) -> list[TimeOff]:
        return [
            TimeOff(doc["day"], doc.get("reason", ""), id=int(key))
            for key, doc in self._table._read_table().items()
            if doc.get("kind") == "off"
        ]

    def is_off(self, day: dt.date) -> bool:
        return any(off.day == day.isoformat() for off in self.days_off())

    def set_off(self, day: dt.date, off: bool, reason: str = "") -> None:
        """Mark ``day`` off (or back to work); nothing changes when it already is."""
        where = (Query().kind == "off") & (Query().day == day.isoformat())
        if off and not self._table.contains(where):
            doc = {"kind": "off", "day": day.isoformat(), "reason": reason}
            self._table.insert(_checked("calendar", doc))
        elif not off:
            self._table.remove(where)

    def blocks(self) -> list[FixedBlock]:
        return [
            FixedBlock(doc["title"], doc["rule"], doc["start"], doc["minutes"], id=int(key))
            for key, doc in self._table._read_table().items()
            if doc.get("kind") == "block"
        ]

    def add_block(self, block: FixedBlock) -> int:
        return int(self._table.insert(_checked("calendar", {"kind": "block", **_doc(block)})))

    def remove_block(self, block_id: int) -> FixedBlock:
        """Remove the fixed block ``block_id`` and return it; ``LookupError`` if there is none
        (a day off's id is not a block's)."""
        block = next((b for b in self.blocks() if b.id == block_id), None)
        if block is None:
            raise LookupError(f"no fixed block with id {block_id}")
        self._table.remove(doc_ids=[block_id])
        return block

    def remove(self, record_id: int) -> None:
        self._table.remove(doc_ids=[record_id])


class PinRepo:
    """Allocations fixed by hand: one per mission and day."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def list(self) -> list[Pin]:
        return [Pin(**dict(doc), id=int(key)) for key, doc in self._table._read_table().items()]

    def set(self, mission_id: int, day: dt.date, minutes: int) -> None:
        """Pin ``minutes`` of the mission on ``day``; 0 unpins."""
        where = (Query().mission_id == mission_id) & (Query().day == day.isoformat())
        if minutes <= 0:
            self._table.remove(where)
        else:
            doc = {"mission_id": mission_id, "day": day.isoformat(), "minutes": minutes}
            self._table.upsert(_checked("pins", doc, self._table.get(where)), where)
