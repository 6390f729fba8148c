"""The money repositories: the ledger's fast reads (``LedgerBook``), invoices, payout decisions
and recurring costs. Typed reads and writes of documents only: the money use cases (a payment
and its split, an invoice paid, a payout confirmed, a reversal) are ``homeops.services.cashbook``.

Reads for the Ledger view go straight to the table's memory (``LedgerRow``): 100,000 entries
must list and sum in a fraction of a second, without TinyDB's per-document copies.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, overload

from homeops.rules import invoices as inv
from homeops.rules import ledger
from homeops.rules.forecast import RecurringCost
from homeops.rules.invoices import Invoice, InvoiceLine
from homeops.rules.ledger import EntryFilter
from homeops.rules.model import LedgerEntry
from homeops.rules.payouts import PayoutDecision
from homeops.storage import ledger_sums
from homeops.storage.repos import LedgerRepo, NotFound, _Repo, table_generation


class InvoiceRepo(_Repo[Any]):
    table_name, what = "invoices", "invoice"

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> Invoice:
        lines = [InvoiceLine(**line) for line in doc.get("lines", ())]
        return Invoice(**{**doc, "lines": lines}, id=doc_id)

    def list(self) -> builtins.list[Invoice]:
        """Every invoice, by number."""
        return sorted((self._load(doc) for doc in self._table.all()), key=lambda i: i.number)

    def numbers(self) -> builtins.list[int]:
        return [doc["number"] for doc in self._table._read_table().values()]

    def by_number(self, number: int) -> Invoice:
        for key, doc in self._table._read_table().items():
            if doc["number"] == number:
                return self._from_doc(dict(doc), int(key))
        raise NotFound("invoice", inv.label(number))


class PayoutRepo(_Repo[Any]):
    table_name, what = "payouts", "payout"

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> PayoutDecision:
        return PayoutDecision(**doc, id=doc_id)

    def last_date(self) -> str | None:
        return max((doc["date"] for doc in self._table._read_table().values()), default=None)

    def decisions(self) -> builtins.list[PayoutDecision]:
        """Every decision, in the order taken. A document an older homeops stored without a
        status or amount reads as paid, of 0 cents: a report never fails on it."""
        return [
            PayoutDecision(str(doc.get("date", "")), str(doc.get("status", "paid")),
                           doc.get("amount_cents", 0), str(doc.get("reason", "")), int(key))
            for key, doc in sorted(self._table._read_table().items(), key=lambda kv: int(kv[0]))
        ]  # fmt: skip

    def forget(self, day: str) -> None:
        """Drop the decision on the payout of ``day`` (its payment was reversed)."""
        self._table.remove(lambda doc: doc["date"] == day and doc["status"] == "paid")


class RecurringRepo(_Repo[Any]):
    table_name, what = "recurring", "recurring cost"

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> RecurringCost:
        return RecurringCost(**doc, id=doc_id)


class LedgerRow(NamedTuple):
    """One ledger entry as the Ledger view lists it."""

    id: int
    date: str
    description: str
    amount_cents: int
    envelope: str
    kind: str
    mission_id: int | None
    currency: str
    group: str = ""


class LedgerRows(Sequence[LedgerRow]):
    """Ledger rows in a fixed order, decoded on access (the Ledger view shows a page)."""

    def __init__(self, keys: builtins.list[str], docs: dict[str, Any]) -> None:
        self._keys, self._docs = keys, docs

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> LedgerRow: ...
    @overload
    def __getitem__(self, index: slice) -> builtins.list[LedgerRow]: ...

    def __getitem__(self, index: int | slice) -> LedgerRow | builtins.list[LedgerRow]:
        if isinstance(index, slice):
            return [self._row(key) for key in self._keys[index]]
        return self._row(self._keys[index])

    def _row(self, key: str) -> LedgerRow:
        doc = self._docs[key]
        return LedgerRow(int(key), doc["date"], doc["description"], doc["amount_cents"],
                         doc["envelope"], ledger_sums.kind_of(doc), doc.get("mission_id"),
                         doc.get("currency", "EUR"), doc.get("group", ""))  # fmt: skip

    def index_of(self, entry_id: int) -> int | None:
        """Where entry ``entry_id`` is in this order (None when it is not shown)."""
        try:
            return self._keys.index(str(entry_id))
        except ValueError:
            return None

    def matching(self, wanted: EntryFilter) -> LedgerRows:
        """The rows ``wanted`` matches (``EntryFilter.matches``), in the same order; these
        rows themselves when it asks for nothing."""
        if not wanted.active:
            return self
        docs = self._docs
        return LedgerRows(
            [k for k in self._keys
             if wanted.matches(docs[k]["date"], docs[k]["description"], docs[k]["envelope"],
                               docs[k].get("mission_id"))],
            docs,
        )  # fmt: skip


LEDGER_TABLE = "ledger"


def _entry(key: str, doc: Mapping[str, Any]) -> LedgerEntry:
    return LedgerEntry(**{k: v for k, v in doc.items() if k != "id"}, id=int(key))


def envelope_totals(
    parts: Iterable[Mapping[str, Any]],
    envelopes: Sequence[str] = (),
    summed: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """Cents per envelope over ledger documents given in parts (``{doc id: document}``),
    added to ``summed`` (totals counted already): configured envelopes first (even at 0),
    then any other in use, by name."""
    totals = dict.fromkeys(envelopes, 0)
    for name, cents in (summed or {}).items():
        totals[name] = totals.get(name, 0) + cents
    for part in parts:
        for doc in part.values():
            name = doc["envelope"]
            totals[name] = totals.get(name, 0) + doc["amount_cents"]
    return ledger.order_envelopes(totals, envelopes)  # the same order whatever was read first


class LedgerFigures(NamedTuple):
    """What one pass over the whole ledger gives: kept until the ledger changes."""

    totals: dict[str, int]  # cents per envelope in use
    paid: frozenset[int]  # missions whose income nets above zero
    last_payout: str | None  # the last payout paid and not reversed
    income: dict[int, int]  # net income per mission (what ``paid`` is read from)

    @classmethod
    def of(cls, totals: dict[str, int], last: str | None, income: dict[int, int]) -> LedgerFigures:
        """The figures, ``paid`` read from ``income``."""
        return cls(totals, frozenset(m for m, c in income.items() if c > 0), last, income)


def ledger_figures(
    docs: Iterable[Mapping[str, Any]], start: LedgerFigures | None = None
) -> LedgerFigures:
    """``LedgerFigures`` of ledger documents, in one pass; ``start``: the figures of the
    entries before these (none of these reverses a payout of those)."""
    totals: dict[str, int] = dict(start.totals) if start else {}
    income: dict[int, int] = dict(start.income) if start else {}
    payouts: builtins.list[Mapping[str, Any]] = []
    for doc in docs:
        name, cents = doc["envelope"], doc["amount_cents"]
        totals[name] = totals.get(name, 0) + cents
        kind = ledger_sums.kind_of(doc)  # none: income, as the summary counts it
        if kind == "income":
            mission = doc.get("mission_id")
            if mission:
                income[mission] = income.get(mission, 0) + cents
        elif kind == "payout":
            payouts.append(doc)
    undone = {d.get("group", "") for d in payouts if ledger.is_reversal(d.get("group", ""))}
    last = max(
        (d["date"] for d in payouts
         if not ledger.is_reversal(d.get("group", ""))
         and ledger.REVERSAL + d.get("group", "") not in undone),
        default=None,
    )  # fmt: skip
    if start is not None and start.last_payout is not None:
        last = max(last or "", start.last_payout)
    return LedgerFigures.of(totals, last, income)


class LedgerBook(LedgerRepo):
    """The ledger table: ``LedgerRepo``'s records, and reads of a large ledger straight from
    the table's memory (no per-document copy).

    The whole-ledger figures (balances, paid missions, last payout, the recent entries) are
    kept with the table's generation, which every committed change, rollback, import and
    restore bumps (``VaultStorage.generation``): read again only once the ledger changed, so
    the Ledger view, the payouts and ``fit`` each cost one dictionary look-up at 100,000
    entries. Inside a transaction (a change half made) they are always counted afresh."""

    _figures: tuple[int, LedgerFigures] | None = None
    _recent: tuple[int, str, builtins.list[str]] | None = None

    @property
    def summarised(self) -> bool:
        """Whether this session read the ledger's summary instead of its entries (a command
        that needs only its figures, ``storage/ledger_sums.py``): the figures, the monthly
        costs and the standing payments are read from it; an entry cannot be (``TableNotRead``)."""
        storage = getattr(self._table, "_storage", None)
        summarised = getattr(storage, "summarised", None)
        return bool(summarised and summarised(self._table.name))

    _sums_kept: tuple[int, ledger_sums.Figures] | None = None

    def _sums(self) -> ledger_sums.Figures:
        """The summary's figures, read once per change of the ledger."""
        generation, kept = self._generation(), self._sums_kept
        if generation is not None and kept is not None and kept[0] == generation:
            return kept[1]
        sums: dict[str, Any] = self._table._storage.ledger_sums()  # type: ignore[attr-defined]
        figures = ledger_sums.figures(sums)
        if generation is not None:
            self._sums_kept = (generation, figures)
        return figures

    def _docs(self) -> dict[str, Any]:
        docs: dict[str, Any] = self._table._read_table()
        return docs

    def _generation(self) -> int | None:
        """The ledger's change count, None when it cannot be trusted (a change under way,
        or a storage that keeps none)."""
        return table_generation(self._table)

    def figures(self) -> LedgerFigures:
        """Balances, paid missions and last payout of the whole ledger (``ledger_figures``),
        counted once per change of the ledger. Treat as read-only: copy before changing."""
        generation, kept = self._generation(), self._figures
        if generation is not None and kept is not None and kept[0] == generation:
            return kept[1]
        if self.summarised:
            sums = self._sums()
            figures = LedgerFigures.of(sums.totals, sums.last_payout, sums.income)
        else:
            figures = ledger_figures(self._docs().values())  # read after the generation
        if generation is not None:
            self._figures = (generation, figures)
        return figures

    def totals(self, envelopes: Sequence[str] = ()) -> dict[str, int]:
        """Cents per envelope, ``envelopes`` first (even at 0), then any other in use."""
        return envelope_totals([], envelopes, self.figures().totals)

    def add(self, record: LedgerEntry) -> int:
        before = self._generation()
        doc_id = super().add(record)
        self._follow(before, [doc_id])
        return doc_id

    def add_many(self, records: Iterable[LedgerEntry]) -> builtins.list[int]:
        before = self._generation()
        ids = super().add_many(records)
        self._follow(before, ids)
        return ids

    def _follow(self, before: int | None, ids: builtins.list[int]) -> None:
        """Carry the kept figures over entries just added in a change of their own (the
        only change since ``before``: the generation moved by one), without a new pass. A
        payout reversed, or any doubt, leaves them to be counted again."""
        figures, recent, after = self._figures, self._recent, self._generation()
        if before is None or after != before + 1 or self.summarised:
            return
        docs = self._docs()
        added = [(str(i), docs[str(i)]) for i in ids if str(i) in docs]
        if len(added) != len(ids) or any(
            ledger_sums.kind_of(doc) == "payout" and ledger.is_reversal(doc.get("group", ""))
            for _key, doc in added
        ):
            return
        if figures is not None and figures[0] == before:
            self._figures = (after, ledger_figures([doc for _key, doc in added], figures[1]))
        if recent is not None and recent[0] == before:
            since = recent[1]
            later = [key for key, doc in added if doc["date"] > since]
            self._recent = (after, since, recent[2] + later)

    def rows(self) -> LedgerRows:
        """Every entry, newest first: by date, then the last recorded first within a day, so
        the entry just recorded leads (issue 13). The entries written together (a split, a
        transfer's two legs) stay together in the order recorded (a split reads as
        configured). Rows are decoded only when looked at: 100,000 cost one sort."""
        docs = self._docs()
        newest: dict[tuple[str, str], int] = {}  # (date, group) -> its last entry's id
        for key, doc in docs.items():
            group = doc.get("group", "")
            if group:
                at = (doc["date"], group)
                newest[at] = max(newest.get(at, 0), int(key))
        order = sorted(
            (
                (doc["date"], newest.get((doc["date"], doc.get("group", "")), 0) or int(key),
                 -int(key), key)
                for key, doc in docs.items()
            ),
            reverse=True,
        )  # fmt: skip
        return LedgerRows([key for *_order, key in order], docs)

    def entries(self) -> builtins.list[LedgerEntry]:
        """Every entry as a record, oldest first (exports)."""
        entries = [_entry(key, doc) for key, doc in self._docs().items()]
        entries.sort(key=lambda e: (e.date, e.id or 0))
        return entries

    def entries_since(self, day: dt.date) -> builtins.list[LedgerEntry]:
        """The entries dated after ``day`` (which ones is kept until the ledger changes)."""
        generation, kept = self._generation(), self._recent
        since, docs = day.isoformat(), self._docs()  # read after the generation: never newer
        if generation is not None and kept is not None and kept[:2] == (generation, since):
            keys = kept[2]
        else:
            keys = [key for key, doc in docs.items() if doc["date"] > since]
            if generation is not None:
                self._recent = (generation, since, keys)
        return [_entry(key, docs[key]) for key in keys]

    def monthly_costs(self, today: dt.date, months: int = 3) -> int:
        """Average cents spent per month on expenses over the ``months`` before ``today``
        (``rules.ledger.monthly_costs``)."""
        if self.summarised:
            return ledger.monthly_costs_by_day(self._sums().expenses, today, months)
        since = today - dt.timedelta(days=30 * months + 2)
        return ledger.monthly_costs(self.entries_since(since), today, months)

    def standing_groups(self, mission_id: int) -> builtins.list[str]:
        """The group keys of mission ``mission_id``'s payments that no reversal cancels
        (``rules.ledger.standing_payments``: ``#id`` for an entry recorded alone)."""
        if not self.summarised:
            paid = ledger.standing_payments(self.of_mission(mission_id))
            return [p.group or f"#{p.entry_id}" for p in paid]
        return ledger_sums.standing(self._sums().missions.get(mission_id))

    def of_mission(self, mission_id: int) -> builtins.list[LedgerEntry]:
        """The entries recorded for mission ``mission_id`` (reversals included), by id."""
        mine = [(int(key), doc) for key, doc in self._docs().items()
                if doc.get("mission_id") == mission_id]  # fmt: skip
        return [_entry(str(key), doc) for key, doc in sorted(mine, key=lambda kv: kv[0])]

    def paid_missions(self) -> set[int]:
        """Missions that brought income (a reversed payment nets out: not paid)."""
        return set(self.figures().paid)

    def last_payout_paid(self) -> str | None:
        """The date of the last payout entry that was not reversed (a reversed payout is due
        again)."""
        return self.figures().last_payout

    def with_group(
        self, entry_id: int
    ) -> tuple[LedgerEntry, builtins.list[LedgerEntry], builtins.list[LedgerEntry]]:
        """Entry ``entry_id``, the entries stored under its group, and every reversal stored
        (what a reversal is checked against); ``NotFound`` for an unknown id."""
        docs = self._docs()
        doc = docs.get(str(entry_id))
        if doc is None:
            raise NotFound("ledger entry", entry_id)
        entry = _entry(str(entry_id), doc)
        group, reversals = [], []
        for key, other in docs.items():  # one pass, decoding only what is needed
            name = other.get("group", "")
            if entry.group and name == entry.group:
                group.append(_entry(key, other))
            elif ledger.is_reversal(name):
                reversals.append(_entry(key, other))
        return entry, group, reversals
