"""The money repositories: invoices, payout decisions, recurring costs, and ``Cashbook``, which
makes every money change (a payment and its split, an invoice paid, a payout confirmed, a
reversal) one durable record of the vault, all or nothing.

Reads for the Ledger view go straight to the table's memory (``LedgerRow``): 100,000 entries
must list and sum in a fraction of a second, without TinyDB's per-document copies.
"""

from __future__ import annotations

import builtins
import datetime as dt
import re
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, overload

from homeops.rules import invoices as inv
from homeops.rules import ledger
from homeops.rules import payouts as pay
from homeops.rules.bounds import DATE_MAX
from homeops.rules.forecast import Forecast, RecurringCost, expected_flows, forecast
from homeops.rules.invoices import Invoice
from homeops.rules.model import LedgerEntry
from homeops.rules.payouts import CushionState, PayoutDecision, PayoutLine, occurrences
from homeops.rules.text import shown
from homeops.storage.repos import NotFound, _Repo
from homeops.storage.schema import COMPOSED_MAX

if TYPE_CHECKING:
    from homeops.storage.vault import Vault


class InvoiceRepo(_Repo[Any]):
    table_name, what = "invoices", "invoice"

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> Invoice:
        return Invoice(**doc, id=doc_id)

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
                         doc["envelope"], doc.get("kind", "income"), doc.get("mission_id"),
                         doc.get("currency", "EUR"), doc.get("group", ""))  # fmt: skip

    def index_of(self, entry_id: int) -> int | None:
        """Where entry ``entry_id`` is in this order (None when it is not shown)."""
        try:
            return self._keys.index(str(entry_id))
        except ValueError:
            return None

    def where(self, keep: Callable[[dict[str, Any]], bool]) -> LedgerRows:
        """The rows whose document ``keep`` accepts, in the same order."""
        return LedgerRows([k for k in self._keys if keep(self._docs[k])], self._docs)


LEDGER_TABLE = "ledger"
_PAYOUT_GROUP = re.compile(r"po-(\d{4}-\d{2}-\d{2})(?:-[0-9a-f]+)?")  # a payout confirmed
_INVOICE_GROUP = re.compile(r"inv-(\d+)(?:-[0-9a-f]+)?")  # an invoice's payment and its split


def _entry(key: str, doc: Mapping[str, Any]) -> LedgerEntry:
    return LedgerEntry(**{k: v for k, v in doc.items() if k != "id"}, id=int(key))


def envelope_totals(
    parts: Iterable[Mapping[str, Any]], envelopes: Sequence[str] = ()
) -> dict[str, int]:
    """Cents per envelope over ledger documents given in parts (``{doc id: document}``):
    configured envelopes first (even at 0), then any other in use, by name."""
    totals = dict.fromkeys(envelopes, 0)
    for part in parts:
        for doc in part.values():
            name = doc["envelope"]
            totals[name] = totals.get(name, 0) + doc["amount_cents"]
    return ledger.order_envelopes(totals, envelopes)  # the same order whatever was read first


class Cashbook:
    """Money changes that must be kept whole, and fast reads of a large ledger."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._ledger = vault.db.table(LEDGER_TABLE)

    # -- reads -------------------------------------------------------------------------------

    def _docs(self) -> dict[str, Any]:
        docs: dict[str, Any] = self._ledger._read_table()
        return docs

    def balances(self, envelopes: Sequence[str] = ()) -> dict[str, int]:
        """Cents per envelope, configured ones first (even at 0)."""
        return envelope_totals([self._docs()], envelopes)

    def rows(self) -> LedgerRows:
        """Every entry, newest first; within a day in the order recorded (a split reads as
        configured). Rows are decoded only when looked at: 100,000 cost one sort."""
        docs = self._docs()
        order = sorted(((doc["date"], -int(key), key) for key, doc in docs.items()), reverse=True)
        return LedgerRows([key for _date, _id, key in order], docs)

    def entries(self) -> builtins.list[LedgerEntry]:
        """Every entry as a record, oldest first (exports)."""
        entries = [_entry(key, doc) for key, doc in self._docs().items()]
        entries.sort(key=lambda e: (e.date, e.id or 0))
        return entries

    def entries_since(self, day: dt.date) -> builtins.list[LedgerEntry]:
        """The entries dated after ``day``."""
        since = day.isoformat()
        return [_entry(key, doc) for key, doc in self._docs().items() if doc["date"] > since]

    def paid_missions(self) -> set[int]:
        """Missions that brought income (a reversed payment nets out: not paid)."""
        income: dict[int, int] = {}
        for doc in self._docs().values():
            mission = doc.get("mission_id")
            if doc.get("kind") == "income" and mission:
                income[mission] = income.get(mission, 0) + doc["amount_cents"]
        return {mission for mission, cents in income.items() if cents > 0}

    def last_payout(self) -> str | None:
        """The date of the last payout paid or held (the schedule continues after it); a
        reversed payout does not count: it is due again."""
        payouts = [d for d in self._docs().values() if d.get("kind") == "payout"]
        undone = {d.get("group", "") for d in payouts if ledger.is_reversal(d.get("group", ""))}
        paid = max(
            (d["date"] for d in payouts
             if not ledger.is_reversal(d.get("group", ""))
             and ledger.REVERSAL + d.get("group", "") not in undone),
            default=None,
        )  # fmt: skip
        decided = self._vault.payouts.last_date()
        return max((d for d in (paid, decided) if d), default=None)

    # -- changes: each one durable record ------------------------------------------------------

    def record_income(
        self,
        amount_cents: int,
        shares_bp: Mapping[str, int],
        *,
        date: str,
        description: str,
        currency: str,
        mission_id: int | None = None,
    ) -> builtins.list[LedgerEntry]:
        """A payment received, split into the envelopes at once: one atomic change."""
        group = f"in-{date}-{secrets.token_hex(4)}"
        entries = ledger.split_income(
            amount_cents, shares_bp, date=date, description=description, currency=currency,
            group=group, mission_id=mission_id,
        )  # fmt: skip
        self._vault.ledger.add_many(entries)
        return entries

    def record(self, entries: builtins.list[LedgerEntry]) -> None:
        """Entries made by ``rules.ledger`` (an expense, a transfer's two legs) as one change."""
        self._vault.ledger.add_many(entries)

    def transfer(
        self, amount_cents: int, *, date: str, source: str, target: str, reason: str, currency: str
    ) -> builtins.list[LedgerEntry]:
        group = f"tr-{date}-{secrets.token_hex(4)}"
        entries = ledger.transfer(
            amount_cents, date=date, source=source, target=target, reason=reason,
            currency=currency, group=group,
        )  # fmt: skip
        self._vault.ledger.add_many(entries)
        return entries

    def _reversal_inputs(
        self, entry_id: int
    ) -> tuple[LedgerEntry, builtins.list[LedgerEntry], builtins.list[LedgerEntry]]:
        """Entry ``entry_id``, its group's entries and the reversals already stored."""
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
        return entry, ledger.group_entries(entry, group), reversals

    def reversal_preview(self, entry_id: int, day: str) -> tuple[builtins.list[LedgerEntry], str]:
        """The entries a reversal of ``entry_id`` on ``day`` would cancel, and why it cannot
        be made ("" when it can). ``NotFound`` for an unknown id."""
        entry, group, reversals = self._reversal_inputs(entry_id)
        return group, ledger.reversal_problem(entry, group, reversals, date=day)

    def reverse(self, entry_id: int, day: str, reason: str) -> builtins.list[LedgerEntry]:
        """Cancel entry ``entry_id`` and the rest of its group with opposite entries dated
        ``day`` (``homeops.rules.ledger.reverse``), as one atomic change; the new entries.

        ``NotFound`` for an unknown id; ``ReversalRefused`` (nothing recorded) otherwise."""
        entry, group, reversals = self._reversal_inputs(entry_id)
        entries = ledger.reverse(entry, group, reversals, date=day, reason=reason)
        paid = _INVOICE_GROUP.fullmatch(entry.group)
        payout = _PAYOUT_GROUP.fullmatch(entry.group)
        with self._vault.transaction():
            self._vault.ledger.add_many(entries)
            if paid:  # the invoice's payment is undone: it is open again
                self._reopen_invoice(int(paid[1]))
            if payout:  # the payout is undone: it is due again
                self._vault.payouts.forget(payout[1])
        return entries

    def _reopen_invoice(self, number: int) -> None:
        try:
            invoice = self._vault.invoices.by_number(number)
        except NotFound:
            return  # an entry imported without its invoice: nothing to reopen
        if invoice.status == "paid":
            self._vault.invoices.update(inv.unpay(invoice))

    def new_invoice(self, invoice: Invoice) -> Invoice:
        """Store ``invoice`` under the next number of the series."""
        with self._vault.transaction():
            invoice.number = inv.next_number(self._vault.invoices.numbers())
            invoice.id = None
            self._vault.invoices.add(invoice)
        return invoice

    def change_invoice(self, invoice: Invoice) -> None:
        self._vault.invoices.update(invoice)

    def pay_invoice(
        self, number: int, *, paid_on: dt.date, terms_days: int, shares_bp: Mapping[str, int]
    ) -> tuple[Invoice, builtins.list[LedgerEntry]]:
        """Mark invoice ``number`` paid and record its income and split: one atomic change."""
        invoice = inv.pay(self._vault.invoices.by_number(number), paid_on, terms_days)
        description = f"Payment of {invoice.label} from {invoice.client_alias}"
        if invoice.description:
            description += f": {invoice.description}"
        # An invoice stored before the text rules may hold controls: the entry shows them.
        description = shown(description)[:COMPOSED_MAX]
        entries = ledger.split_income(
            invoice.amount_cents, shares_bp, date=paid_on.isoformat(), description=description,
            currency=invoice.currency,
            group=f"inv-{invoice.number}-{secrets.token_hex(4)}",  # paid again after a reversal
            mission_id=invoice.mission_id,
        )  # fmt: skip
        with self._vault.transaction():
            self._vault.invoices.update(invoice)
            self._vault.ledger.add_many(entries)
        return invoice, entries

    def confirm_payout(
        self,
        day: str,
        amount_cents: int,
        *,
        currency: str,
        paid_on: str | None = None,
        envelope: str = ledger.PAY,
    ) -> LedgerEntry:
        """Pay yourself the payout scheduled on ``day`` (paid on ``paid_on``, default ``day``):
        the pay envelope is drawn and the decision kept, as one change."""
        entry = LedgerEntry(
            paid_on or day, "Payout to myself", -amount_cents, envelope, currency, "payout",
            None, f"po-{day}-{secrets.token_hex(4)}",  # confirmed again after a reversal
        )  # fmt: skip
        with self._vault.transaction():
            self._vault.ledger.add(entry)
            self._vault.payouts.add(PayoutDecision(day, "paid", amount_cents))
        return entry

    def hold_payout(self, day: str, amount_cents: int, reason: str) -> PayoutDecision:
        """Skip the payout of ``day`` (the money stays in the pay envelope); the reason is kept."""
        if not reason.strip():
            raise ValueError("holding a payout needs a reason")
        decision = PayoutDecision(day, "held", amount_cents, reason.strip())
        self._vault.payouts.add(decision)
        return decision


class MoneyOutlook(NamedTuple):
    """What the Payouts and Forecast views (and CLI) show, computed from the vault at once."""

    balances: dict[str, int]
    payouts: builtins.list[PayoutLine]
    cushion: CushionState
    forecast: Forecast


def outlook(
    vault: Vault,
    *,
    shares_bp: Mapping[str, int],
    rule: str,
    payout_cents: int,
    target_months: int,
    terms_days: int,
    delivered_stage: str,
    today: dt.date,
    payouts: int = 12,
    weeks: int = 12,
) -> MoneyOutlook:
    """The coming payouts and the week-by-week forecast. ``ValueError`` for a rule that never
    fires."""
    book = vault.cashbook
    balances = book.balances(builtins.list(shares_bp))
    last = book.last_payout()
    # A payout decided beyond the bounds (an older vault) counts as one on the last day.
    anchor = min(dt.date.fromisoformat(last), DATE_MAX) if last else today
    start = anchor + dt.timedelta(days=1) if last else today
    dates = occurrences(rule, start, max(payouts, 1), anchor)
    per_month = pay.per_month(rule, start, anchor)
    costs = ledger.monthly_costs(book.entries_since(today - dt.timedelta(days=92)), today)
    cushion = pay.cushion_state(
        balances.get(ledger.CUSHION, 0), payout_cents=payout_cents,
        payouts_per_month=per_month, monthly_costs_cents=costs, target_months=target_months,
    )  # fmt: skip
    lines = pay.schedule(
        dates[:payouts], amount_cents=payout_cents, pay_balance_cents=balances.get(ledger.PAY, 0),
        cushion=cushion, today=today,
    )  # fmt: skip
    invoices = vault.invoices.list()
    invoiced = {i.mission_id for i in invoices if i.mission_id and i.status != "void"}
    paid_missions = book.paid_missions()
    open_invoices = [
        (inv.expected_on(i, today) or today, i.amount_cents, f"{i.label} {i.client_alias}")
        for i in invoices
        if i.status in inv.OPEN
    ]
    missions = [
        (m.deadline, m.fee_cents, f"{m.title} ({m.client_alias})")
        for m in vault.missions.active()
        if m.stage != delivered_stage and m.id not in invoiced and m.id not in paid_missions
    ]
    horizon = today + dt.timedelta(days=7 * weeks)
    payout_dates = occurrences(rule, start, 7 * weeks + 1, anchor)
    flows = expected_flows(
        open_invoices=open_invoices, missions=missions, recurring=vault.recurring.list(),
        payouts=[(d, payout_cents) for d in payout_dates if d < horizon], today=today,
        weeks=weeks, terms_days=terms_days,
    )  # fmt: skip
    weekly = forecast(balances, shares_bp, flows, today=today, weeks=weeks)
    return MoneyOutlook(balances, lines, cushion, weekly)
