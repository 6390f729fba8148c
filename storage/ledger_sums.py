"""The ledger's summary: what the money commands need from 100,000 entries, kept small.

The table ``ledger_sums`` (storage/FORMAT.md) holds, as a handful of documents: the ledger's
count, largest id and cents per envelope (the head), each mission's income and payment
groups, the expenses of each day (one document a month) and the payouts (one a year). It
is derived data, never content: written in the same journal record as every change of the
ledger (``VaultStorage``), renamed to the new file at a compaction (counted afresh by the
other whole-file rewrites), and bound to its file
by the head's ``file`` (the file id): a reader trusts it only when the head names this file
and every journal record that changes the ledger changes the head too (``Checker``), else it
reads the ledger itself. Exports leave it out; ``homeops check`` recomputes it.

Every figure is kept as ``[cents, entries]`` (or a count), so that removing an entry takes
back exactly what adding it gave, and an entry's key disappears with its last entry: the
documents kept change by change equal the documents computed afresh (tests/test_ledger_sums.py).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

SUMS = "ledger_sums"
LEDGER = "ledger"
HEAD = "1"  # the head's document id
REVERSAL = "rv-"  # homeops.rules.ledger.REVERSAL (storage does not import the rules' words)
VERSION = 1  # the summary's own layout: a head of another is not read
MISSION_BUCKET = 64  # missions per document: a payment rewrites one small document
KIND = "income"  # an entry's kind when it names none (the schema: optional; LedgerEntry.kind)

Docs = dict[str, dict[str, Any]]


def kind_of(doc: Mapping[str, Any]) -> str:
    """A stored ledger entry's kind: ``KIND`` when it names none, for every reader (the
    summary, ``repos_money.ledger_figures``, the records) alike."""
    kind: str = doc.get("kind", KIND)
    return kind


def _bucket_keys(doc_id: str, doc: Mapping[str, Any]) -> list[str]:
    """The documents of the summary an entry counts in (besides the head)."""
    keys = []
    kind, group = kind_of(doc), doc.get("group", "")
    mission = doc.get("mission_id")
    if mission and (kind == "income" or group.startswith(REVERSAL)):
        keys.append(f"m:{mission // MISSION_BUCKET}")
    if kind == "expense":
        keys.append(f"e:{doc['date'][:7]}")
    if kind == "payout":
        keys.append(f"p:{doc['date'][:4]}")
    return keys


def _add(pair: dict[str, Any], name: str, cents: int, sign: int) -> None:
    """``pair[name]`` += [cents, 1] (or -= with ``sign`` -1); gone with its last entry."""
    was = pair.get(name, [0, 0])
    now = [was[0] + sign * cents, was[1] + sign]
    if now[1]:
        pair[name] = now
    else:
        pair.pop(name, None)


def _count(counts: dict[str, int], name: str, sign: int) -> None:
    n = counts.get(name, 0) + sign
    if n:
        counts[name] = n
    else:
        counts.pop(name, None)


def _nested(parent: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = parent.setdefault(name, {})
    return found


def _prune(parent: dict[str, Any], name: str) -> None:
    if not parent.get(name):
        parent.pop(name, None)


def _count_in(
    key: str, body: dict[str, Any], doc_id: str, doc: Mapping[str, Any], sign: int
) -> None:
    """Add (``sign`` 1) or take back (-1) entry ``doc`` in summary document ``key``."""
    cents, kind, group = doc["amount_cents"], kind_of(doc), doc.get("group", "")
    if key == "head":
        body["count"] += sign
        _add(body["totals"], doc["envelope"], cents, sign)
    elif key.startswith("m:"):
        missions = body["missions"]
        mission = _nested(missions, str(doc["mission_id"]))
        if kind == "income":
            _add(mission, "net", cents, sign)
        if group.startswith(REVERSAL):
            _count(_nested(mission, "rv"), group.removeprefix(REVERSAL), sign)
            _prune(mission, "rv")
        elif kind == "income":
            groups = _nested(mission, "groups")
            name = group or f"#{doc_id}"  # rules.ledger.group_key
            _add(groups, name, cents, sign)
            _prune(mission, "groups")
        _prune(missions, str(doc["mission_id"]))
    elif key.startswith("e:"):
        _add(body["days"], doc["date"], cents, sign)
    elif key.startswith("p:"):
        if group.startswith(REVERSAL):
            _count(body["undone"], group, sign)
        else:
            dates = _nested(body["paid"], group)
            _count(dates, doc["date"], sign)
            _prune(body["paid"], group)


def _empty(key: str) -> dict[str, Any]:
    if key == "head":
        return {"key": key, "v": VERSION, "file": "", "count": 0, "max_id": 0, "totals": {}}
    if key.startswith("m:"):
        return {"key": key, "missions": {}}
    if key.startswith("e:"):
        return {"key": key, "days": {}}
    return {"key": key, "paid": {}, "undone": {}}


def _is_empty(body: dict[str, Any]) -> bool:
    key = body["key"]
    if key.startswith("m:"):
        return not body["missions"]
    if key.startswith("e:"):
        return not body["days"]
    if key.startswith("p:"):
        return not body["paid"] and not body["undone"]
    return False


def compute(ledger: Mapping[str, Mapping[str, Any]], file_id: bytes, max_id: int = 0) -> Docs:
    """The summary of the whole ledger (``{doc id: document}``), for the file ``file_id``;
    ``max_id``: the largest id the table ever held, when more than the largest it holds."""
    bodies: dict[str, dict[str, Any]] = {"head": _empty("head")}
    for doc_id, doc in ledger.items():
        for key in ["head", *_bucket_keys(doc_id, doc)]:
            body = bodies.get(key)
            if body is None:
                body = bodies[key] = _empty(key)
            _count_in(key, body, doc_id, doc, 1)
    head = bodies["head"]
    head["file"] = file_id.hex()
    head["fresh"] = True  # counted from every entry: it stands whatever came before
    head["max_id"] = max(max_id, max(map(int, ledger), default=0))
    rest = sorted(k for k in bodies if k != "head")
    docs = {HEAD: head}
    for number, key in enumerate(rest, start=2):
        docs[str(number)] = bodies[key]
    return docs


def changed(
    sums: Mapping[str, Mapping[str, Any]],
    entries: Iterable[tuple[str, Mapping[str, Any] | None, Mapping[str, Any] | None]],
    file_id: bytes,
) -> dict[str, dict[str, Any] | None]:
    """The summary documents that change when each ``(doc id, before, after)`` of the ledger
    changes (None: absent), as ``{summary doc id: new document, or None to remove}``: the
    head always (a record that changes the ledger changes the head: ``Checker``)."""
    ids = {doc["key"]: doc_id for doc_id, doc in sums.items()}
    top = max(map(int, sums), default=0)
    out: dict[str, dict[str, Any] | None] = {}
    bodies: dict[str, dict[str, Any]] = {}

    def body(key: str) -> dict[str, Any]:
        nonlocal top
        if key not in bodies:
            doc_id = ids.get(key)
            if doc_id is None:
                top += 1
                doc_id = ids[key] = str(top)
            found = sums.get(doc_id)
            bodies[key] = copy.deepcopy(dict(found)) if found is not None else _empty(key)
        return bodies[key]

    head = body("head")
    head["file"] = file_id.hex()
    head.pop("fresh", None)
    for doc_id, before, after in entries:
        if before is not None:
            for key in ["head", *_bucket_keys(doc_id, before)]:
                _count_in(key, body(key), doc_id, before, -1)
        if after is not None:
            for key in ["head", *_bucket_keys(doc_id, after)]:
                _count_in(key, body(key), doc_id, after, 1)
            head["max_id"] = max(head["max_id"], int(doc_id))
    for key, new in bodies.items():
        out[ids[key]] = None if _is_empty(new) else new
    return out


_HEAD_WORDS = {
    "file": "the file it names",
    "count": "the count of entries",
    "max_id": "the largest id",
    "totals": "the envelopes' balances",
}


def same(stored: Mapping[str, Mapping[str, Any]], fresh: Mapping[str, Mapping[str, Any]]) -> str:
    """What differs between a stored summary and one computed afresh ("" when nothing),
    as the figure's name: never an amount or a description."""
    kept = {doc.get("key") if isinstance(doc, dict) else None: doc for doc in stored.values()}
    made = {doc["key"]: doc for doc in fresh.values()}
    head, new = kept.get("head"), made["head"]
    if head is None:
        return "the summary has no head"
    for field in ("file", "count", "max_id", "totals"):
        # the largest id may stay above the largest held: a removed id is not reused
        kept_max = field == "max_id" and type(head.get(field)) is int and head[field] >= new[field]
        if head.get(field) != new[field] and not kept_max:
            return _HEAD_WORDS[field]
    for key in sorted(kept.keys() | made.keys(), key=str):
        if key != "head" and kept.get(key) != made.get(key):
            return _part(key)
    return ""


_PARTS = (
    (re.compile(r"m:([0-9]{1,9})"), "the income of missions"),
    (re.compile(r"e:([0-9]{4}-[0-9]{2})"), "the expenses of"),
    (re.compile(r"p:([0-9]{4})"), "the payouts of"),
)


def _part(key: Any) -> str:
    """The words for the summary document ``key``: its missions, month or year; a key of
    no known form is not repeated (it may be anything a bug wrote)."""
    for pattern, words in _PARTS:
        found = pattern.fullmatch(key) if isinstance(key, str) else None
        if found and words.endswith("missions"):
            first = int(found[1]) * MISSION_BUCKET
            return f"{words} {first or 1} to {first + MISSION_BUCKET - 1}"
        if found:
            return f"{words} {found[1]}"
    return "a part of unknown name"


class Figures(NamedTuple):
    """What the money commands read from the summary."""

    totals: dict[str, int]  # cents per envelope in use
    income: dict[int, int]  # net income per mission (kind income)
    last_payout: str | None  # the last payout paid and not reversed
    expenses: dict[str, int]  # cents spent per day (kind expense, negative)
    missions: dict[int, Mapping[str, Any]]  # per mission: its part of the summary (``standing``)


def figures(sums: Mapping[str, Mapping[str, Any]]) -> Figures:
    """The figures of a summary (trusted: ``Checker`` said so)."""
    head: Mapping[str, Any] = {}
    income: dict[int, int] = {}
    expenses: dict[str, int] = {}
    missions: dict[int, Mapping[str, Any]] = {}
    paid: dict[str, set[str]] = {}
    undone: set[str] = set()
    for doc in sums.values():
        key = doc["key"]
        if key == "head":
            head = doc
        elif key.startswith("m:"):
            for mission, found in doc["missions"].items():
                number = int(mission)
                missions[number] = found
                if "net" in found:
                    income[number] = found["net"][0]
        elif key.startswith("e:"):
            expenses.update({day: pair[0] for day, pair in doc["days"].items()})
        elif key.startswith("p:"):
            for group, dates in doc["paid"].items():
                paid.setdefault(group, set()).update(dates)
            undone.update(doc["undone"])
    last = max((d for group, dates in paid.items() if REVERSAL + group not in undone
                for d in dates), default=None)  # fmt: skip
    totals = {name: pair[0] for name, pair in head.get("totals", {}).items()}
    return Figures(totals, income, last, expenses, missions)


def standing(found: Mapping[str, Any] | None) -> list[str]:
    """The group keys of a mission's payments no reversal cancels, whose amount is above
    zero (``rules.ledger.standing_payments``), from its part of the summary."""
    if not found:
        return []
    undone = found.get("rv", {})
    groups = found.get("groups", {})
    return sorted(name for name, pair in groups.items() if name not in undone and pair[0] > 0)


class Checker:
    """Whether the summary read from a file may stand for its ledger: its head names this
    file, and every journal record that changes the ledger changes the head too (a record
    written by a homeops that keeps no summary does not). Fed as the file is read."""

    def __init__(self, file_id: bytes) -> None:
        self._file = file_id.hex()
        self.ok = True

    def _names_this_file(self, head: Any) -> bool:
        """Whether ``head`` is a summary's head of this file and this layout."""
        return (
            isinstance(head, dict)
            and head.get("key") == "head"
            and head.get("file") == self._file
            and head.get("v") == VERSION
        )

    def snapshot(self, sums: Mapping[str, Mapping[str, Any]] | None) -> None:
        if not self._names_this_file((sums or {}).get(HEAD)):
            self.ok = False

    def record(self, ops: list[Any]) -> None:
        ledger = head = fresh = False
        for name, doc_id, doc in ops:
            if name == LEDGER:
                ledger = True
            elif name == SUMS:
                if doc_id is None or (doc_id == HEAD and not self._names_this_file(doc)):
                    self.ok = False
                elif doc_id == HEAD:
                    head, fresh = True, doc.get("fresh") is True
        if ledger and not head:
            self.ok = False
        elif fresh and self.ok is False and head:
            self.ok = True  # counted afresh from the whole ledger by this record's change


MISSING = (
    "the ledger's summary is missing or older than the ledger (written by an older homeops): "
    "commands read the whole ledger until its next change"
)


def judge(
    tables: Mapping[str, Mapping[str, Any]], sums_ok: bool, file_id: bytes
) -> tuple[str, bool]:
    """What ``homeops check`` says of the summary of a vault read whole: ``("", False)`` when
    it stands for the ledger, ``(notice, False)`` when it is not read (``MISSING``), and
    ``(problem, True)`` when commands read it but it disagrees with the ledger counted
    afresh, naming the figure."""
    if not sums_ok:
        return MISSING, False
    stored = tables.get(SUMS, {})
    differs = same(stored, compute(tables.get(LEDGER, {}), file_id))
    if not differs:
        return "", False
    return (
        f"the ledger's summary disagrees with the ledger ({differs}): the money commands "
        "would misread it; a change of passphrase (`homeops passwd`) computes it afresh",
        True,
    )
