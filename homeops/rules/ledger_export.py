"""The ledger as CSV, JSON-ready rows and an hledger journal, so anyone can check our numbers.

In the journal every envelope is an account under ``assets:envelopes:``; the entries written
together (one payment's split, a transfer's two legs) are one transaction, balanced by an
income, expense, owner-draw or opening-balance account. An expense is booked to its envelope's
account under ``expenses:``, one per category (``expenses:costs:software``), and its reversal
to the same one. ``hledger -f FILE bal assets`` then shows the same balances as ``homeops
balance``, and ``hledger bal expenses`` the spending by category. Amounts are written from
integer cents, never through a float.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from homeops.rules.ledger import REVERSAL, expense_category, group_key, is_reversal
from homeops.rules.model import LedgerEntry
from homeops.rules.text import shown

ENVELOPES = "assets:envelopes"
COUNTER = {
    "income": "income:clients",
    "expense": "expenses",
    "payout": "equity:owner draws",
    "transfer": "equity:opening balances",
}
CSV_FIELDS = ("id", "date", "kind", "envelope", "amount", "currency", "description",
              "mission_id", "group")  # fmt: skip


def decimal(cents: int) -> str:
    """``-123456`` -> ``-1234.56``: exact, from integers."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def account_part(name: str) -> str:
    """A name usable as one part of an hledger account: no colon (it would start a
    sub-account), no run of spaces or tab (it would end the name), no comment mark, no
    control character (shown as text)."""
    spaced = re.sub(r"\s+", " ", name)  # a tab or a new line is a space, then any control shown
    cleaned = re.sub(r" +", " ", shown(spaced).replace(":", "-").replace(";", ",")).strip()
    return cleaned or "unnamed"


def category_account(envelope: str, category: str) -> str:
    """``expenses:costs:software``: the account of an expense drawn on ``envelope`` under
    ``category`` (in lower case, so "Software" and "software" are one account)."""
    return f"{COUNTER['expense']}:{account_part(envelope)}:{account_part(category.lower())}"


def envelope_account(envelope: str) -> str:
    return f"{ENVELOPES}:{account_part(envelope)}"


def _description(text: str) -> str:
    # ';' would start a comment, '|' would split payee and note; a journal line is one line.
    return re.sub(r"\s+", " ", text.replace(";", ",").replace("|", "/")).strip()


def rows(entries: Iterable[LedgerEntry]) -> list[dict[str, Any]]:
    """Each entry as plain JSON-ready data (cents as integers, plus the decimal text)."""
    return [{**asdict(e), "amount": decimal(e.amount_cents)} for e in entries]


def to_csv(entries: Iterable[LedgerEntry]) -> str:
    """One line per entry, oldest first as given; amounts as exact decimals."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for e in entries:
        writer.writerow([e.id if e.id is not None else "", e.date, e.kind, e.envelope,
                         decimal(e.amount_cents), e.currency, e.description,
                         "" if e.mission_id is None else e.mission_id, e.group])  # fmt: skip
    return out.getvalue()


def transactions(entries: Iterable[LedgerEntry]) -> list[list[LedgerEntry]]:
    """Entries grouped into transactions: a shared ``group`` is one, any other entry alone."""
    grouped: dict[object, list[LedgerEntry]] = {}
    for index, entry in enumerate(entries):
        key: object = (entry.group, entry.currency) if entry.group else index
        grouped.setdefault(key, []).append(entry)
    return sorted(grouped.values(), key=lambda t: t[0].date)


def _counter(entry: LedgerEntry, categories: dict[str, str]) -> str:
    """The account that balances ``entry``: its category's for an expense (a reversal
    takes the category of the expense it reverses)."""
    if entry.kind != "expense":
        return COUNTER.get(entry.kind, "equity:other")
    if is_reversal(entry.group):
        category = categories.get(entry.group.removeprefix(REVERSAL), "reversed")
    else:
        category = expense_category(entry.description)
    return category_account(entry.envelope, category)


def to_hledger(entries: Iterable[LedgerEntry], *, title: str = "homeops ledger") -> str:
    """An hledger journal: every envelope an account, every expense category an account,
    every transaction balanced."""
    entries = list(entries)
    categories = {group_key(e): expense_category(e.description) for e in entries
                  if e.kind == "expense" and not is_reversal(e.group)}  # fmt: skip
    lines = [f"; {title}: each envelope is an account under {ENVELOPES}, each expense "
             f"category one under {COUNTER['expense']}:ENVELOPE", ""]  # fmt: skip
    for transaction in transactions(entries):
        first = transaction[0]
        lines.append(f"{first.date} {_description(first.description) or first.kind}")
        lines.append(f"    ; kind: {first.kind}")
        counters: dict[str, int] = {}
        for entry in transaction:
            lines.append(f"    {envelope_account(entry.envelope):<40}  "
                         f"{decimal(entry.amount_cents)} {entry.currency}")  # fmt: skip
            account = _counter(entry, categories)
            counters[account] = counters.get(account, 0) - entry.amount_cents
        for account, cents in counters.items():
            if cents:
                lines.append(f"    {account:<40}  {decimal(cents)} {first.currency}")
        lines.append("")
    return "\n".join(lines)
