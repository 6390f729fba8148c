"""Repositories of issue 16 (offers that learn): offer tests, portfolio cases, the profile.

``offer_tests`` holds counts only (people contacted, replies, meetings), never a person.
``cases`` holds one mini-case per delivered mission (problem, approach, result: free text,
anonymised when shown) and the day the client consented to be named, if they did. The skills
profile and the offers' skill tags are one meta value (``profile``).
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
from typing import Any

from tinydb import Query
from tinydb.table import Table

from homeops.rules.offers import OfferTest
from homeops.storage import schema
from homeops.storage.repos import MetaRepo, NotFound

PROFILE_KEY = "profile"


def _test_doc(test: OfferTest) -> dict[str, Any]:
    return {
        "offer": test.offer,
        "segment": test.segment,
        "start": test.start.isoformat(),
        "days": test.days,
        "contacted": test.contacted,
        "replied": test.replied,
        "met": test.met,
        "ended": test.ended.isoformat() if test.ended else None,
    }


def _test(doc: Any, doc_id: int) -> OfferTest:
    ended = doc.get("ended")
    return OfferTest(
        id=doc_id,
        offer=doc["offer"],
        segment=doc["segment"],
        start=dt.date.fromisoformat(doc["start"]),
        days=doc.get("days", 14),
        contacted=doc.get("contacted", 0),
        replied=doc.get("replied", 0),
        met=doc.get("met", 0),
        ended=dt.date.fromisoformat(ended) if ended else None,
    )


class OfferTestRepo:
    """Offer tests, one document each; counts only."""

    table_name = "offer_tests"

    def __init__(self, table: Table) -> None:
        self._table = table

    def _old(self, test_id: int) -> dict[str, Any]:
        old = self._table._read_table().get(str(test_id))
        if old is None:
            raise NotFound("offer test", test_id)
        return dict(old)

    def add(self, test: OfferTest) -> OfferTest:
        """Store a new test; returns it with its id."""
        doc = _test_doc(test)
        schema.check(self.table_name, doc)
        return dataclasses.replace(test, id=self._table.insert(doc))

    def update(self, test: OfferTest) -> None:
        if test.id is None:
            raise NotFound("offer test", None)
        doc = _test_doc(test)
        schema.check(self.table_name, doc, test.id, self._old(test.id))
        self._table.update(doc, doc_ids=[test.id])

    def get(self, test_id: int) -> OfferTest:
        return _test(self._old(test_id), test_id)

    def list(self) -> builtins.list[OfferTest]:
        return [_test(doc, int(key)) for key, doc in self._table._read_table().items()]

    def count(self) -> int:
        return len(self._table)


@dataclasses.dataclass(frozen=True)
class CaseText:
    """What the freelancer wrote for a mission's mini-case, and the day its client consented
    to be named (None: anonymised)."""

    mission_id: int
    problem: str = ""
    approach: str = ""
    result: str = ""
    consent: str | None = None  # ISO date


class CaseRepo:
    """One document per mission with a case text or a consent (unique ``mission_id``)."""

    table_name = "cases"

    def __init__(self, table: Table) -> None:
        self._table = table

    def list(self) -> builtins.list[CaseText]:
        return [CaseText(**dict(doc)) for doc in self._table._read_table().values()]

    def by_mission(self) -> dict[int, CaseText]:
        return {case.mission_id: case for case in self.list()}

    def put(self, case: CaseText) -> None:
        """Store ``case`` over the mission's stored one, if any."""
        doc = dataclasses.asdict(case)
        found = self._table.get(Query().mission_id == case.mission_id)
        if isinstance(found, dict):
            doc_id = found.doc_id
            schema.check(self.table_name, doc, doc_id, dict(found))
            self._table.update(doc, doc_ids=[doc_id])
        else:
            schema.check(self.table_name, doc)
            self._table.insert(doc)

    def count(self) -> int:
        return len(self._table)


class ProfileStore:
    """The skills profile and the offers' skill tags, one meta value:
    ``{"main": str, "support": [str, str], "tags": {offer name: [skill, ...]}}``."""

    def __init__(self, meta: MetaRepo) -> None:
        self._meta = meta

    def get(self) -> dict[str, Any] | None:
        value = self._meta.get(PROFILE_KEY)
        return value if isinstance(value, dict) else None

    def set(self, value: dict[str, Any]) -> None:
        self._meta.set(PROFILE_KEY, value)
