"""Business money in envelopes: income split at once, expenses, transfers, reversals,
balances, filters.

Amounts are integer cents (signed: money in is positive), shares are basis points, dates ISO
strings. Every function here builds ``LedgerEntry`` records or reads them; storing them is the
vault's job (``storage/repos_money.py``), one atomic change per call.

Entries are never edited or deleted: a mistake is corrected by a reversal, new entries with
the opposite amounts of the mistaken group, so the record of what happened stays whole.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from homeops.rules import bounds
from homeops.rules.model import LedgerEntry
from homeops.rules.money import split_cents
from homeops.rules.text import LINE_MAX, quoted

KINDS = ("income", "expense", "transfer", "payout")
COSTS = "costs"
PAY = "pay"
CUSHION = "cushion"
REVERSAL = "rv-"  # the group of a reversal is this prefix + the key of the group it reverses
#: Characters an override's reason may hold: with a one-line description it fits an entry.
OVERRIDE_MAX = LINE_MAX - 20


def parse_day(text: str, what: str = "date") -> str:
    """``YYYY-MM-DD`` that exists on the calendar, as an ISO string; ``ValueError`` otherwise.

    The rules are ``bounds.parse_day``'s: ASCII digits, 1970-2099, no compact forms."""
    return bounds.parse_day(text, what).isoformat()


def parse_month(text: str) -> str:
    """``YYYY-MM`` (a real month) as typed; ``ValueError`` with one line otherwise."""
    typed = text.strip()
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", typed):  # \d also takes "２"
        raise ValueError(f"month {quoted(typed)} is not a month (write YYYY-MM)")
    return typed


def shares_problem(shares_bp: Mapping[str, int]) -> str:
    """Why these shares cannot split income ("" when they can): basis points adding to 10,000."""
    if not shares_bp:
        return "no envelopes: set [money] shares in config.toml"
    if any(bp < 0 for bp in shares_bp.values()):
        return "a share cannot be negative"
    total = sum(shares_bp.values())
    if total != 10000:
        return f"the shares add up to {total / 100:g} %; they must add up to 100 %"
    return ""


def split_income(
    amount_cents: int,
    shares_bp: Mapping[str, int],
    *,
    date: str,
    description: str,
    currency: str,
    group: str,
    mission_id: int | None = None,
) -> list[LedgerEntry]:
    """One payment received, as one entry per envelope (largest-remainder split, exact).

    The entries share ``group``; they are to be stored together as one change.
    """
    if amount_cents <= 0:
        raise ValueError("an income must be more than zero")
    problem = shares_problem(shares_bp)
    if problem:
        raise ValueError(problem)
    parts = split_cents(amount_cents, dict(shares_bp))
    return [
        LedgerEntry(date, description, part, envelope, currency, "income", mission_id, group)
        for envelope, part in parts.items()
    ]


def expense(
    amount_cents: int,
    *,
    date: str,
    category: str,
    currency: str,
    envelope: str = COSTS,
    memo: str = "",
    mission_id: int | None = None,
) -> LedgerEntry:
    """Money spent (``amount_cents`` > 0) drawn on ``envelope``; the category leads the text."""
    if amount_cents <= 0:
        raise ValueError("an expense must be more than zero")
    category = category.strip()
    if not category:
        raise ValueError("an expense needs a category (e.g. software, insurance)")
    description = f"{category}: {memo.strip()}" if memo.strip() else category
    return LedgerEntry(date, description, -amount_cents, envelope, currency, "expense", mission_id)


def expense_category(description: str) -> str:
    """The category an expense was recorded under, read back from its description
    (``expense`` writes ``category`` or ``category: memo``, and an override adds
    `` (override: reason)``): the text before the first ``": "``, without the override."""
    return description.split(" (override: ", 1)[0].split(": ", 1)[0].strip()


def with_override(description: str, reason: str) -> str:
    """``description`` with the written reason a refusal was overridden with, kept in the
    entry for good: ``software: laptop (override: replaced the broken one)``."""
    return f"{description} (override: {' '.join(reason.split())})"


def transfer(
    amount_cents: int,
    *,
    date: str,
    source: str,
    target: str,
    reason: str,
    currency: str,
    group: str,
) -> list[LedgerEntry]:
    """Move money between two envelopes; the written reason is required."""
    if amount_cents <= 0:
        raise ValueError("a transfer must be more than zero")
    if source == target:
        raise ValueError("a transfer needs two different envelopes")
    if not reason.strip():
        raise ValueError("a transfer needs a reason")
    text = f"Transfer {source} → {target}: {reason.strip()}"
    return [
        LedgerEntry(date, text, -amount_cents, source, currency, "transfer", None, group),
        LedgerEntry(date, text, amount_cents, target, currency, "transfer", None, group),
    ]


class ReversalRefused(ValueError):
    """A reversal that cannot be made; the message is the one line the user sees."""


def group_key(entry: LedgerEntry) -> str:
    """What names ``entry``'s group: its ``group``, or ``#id`` for an entry stored alone."""
    return entry.group or f"#{entry.id}"


def is_reversal(group: str) -> bool:
    """Whether entries of ``group`` reverse another group."""
    return group.startswith(REVERSAL)


def reversal_group(entry: LedgerEntry) -> str:
    """The group the reversal of ``entry``'s group gets: it names the group it reverses."""
    return REVERSAL + group_key(entry)


def group_entries(entry: LedgerEntry, stored: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """``entry`` and the entries of ``stored`` in its group, by id (others are left out)."""
    key = group_key(entry)
    members = {e.id: e for e in stored if group_key(e) == key}
    members.setdefault(entry.id, entry)
    return sorted(members.values(), key=lambda e: e.id or 0)


def reversal_problem(
    entry: LedgerEntry,
    group: Iterable[LedgerEntry],
    reversals: Iterable[LedgerEntry],
    *,
    date: str,
) -> str:
    """Why ``entry``'s group cannot be reversed on ``date`` ("" when it can).

    ``group`` holds the stored entries of its group, ``reversals`` the reversal entries
    already stored: a reversal is not reversed, a group is reversed once, and a reversal is
    not dated before what it reverses.
    """
    if entry.id is None:
        return "only a stored entry can be reversed"
    label = f"entry #{entry.id}"
    if is_reversal(entry.group):
        return f"{label} is itself a reversal; record the right entry instead"
    target = reversal_group(entry)
    done = next((e for e in reversals if e.group == target), None)
    if done is not None:
        return f"{label} was already reversed on {done.date} (#{done.id})"
    latest = max(e.date for e in group_entries(entry, group))
    if date < latest:
        return f"a reversal cannot be dated before the entry it reverses ({latest})"
    return ""


def reverse(
    entry: LedgerEntry,
    group: Iterable[LedgerEntry],
    reversals: Iterable[LedgerEntry],
    *,
    date: str,
    reason: str,
) -> list[LedgerEntry]:
    """The entries that cancel ``entry`` and every entry of its group, dated ``date``.

    Same envelopes, currencies, kinds and missions, the opposite cents, and one new group
    that names the reversed one (``rv-`` + its key): each envelope returns exactly to where
    it was. The kind is kept so that whatever sums by kind (costs per month, the journal's
    income and expense accounts) nets out too. ``ReversalRefused`` (one line) when
    ``reversal_problem`` says why not, or the reason is missing.
    """
    members = group_entries(entry, group)
    problem = reversal_problem(entry, members, reversals, date=date)
    if problem:
        raise ReversalRefused(problem)
    why = " ".join(reason.split())
    if not why:
        raise ReversalRefused("a reversal needs a reason")
    target = reversal_group(entry)
    return [
        LedgerEntry(
            date=date,
            description=f"Reversal of #{e.id}: {why}",
            amount_cents=-e.amount_cents,
            envelope=e.envelope,
            currency=e.currency,
            kind=e.kind,
            mission_id=e.mission_id,
            group=target,
        )
        for e in members
    ]


@dataclass(frozen=True)
class Payment:
    """A payment received and still standing (not reversed): its group's first entry, its
    date, its whole amount (cents) and its group."""

    entry_id: int
    date: str
    amount_cents: int
    group: str


def standing_payments(entries: Iterable[LedgerEntry]) -> list[Payment]:
    """The payments among ``entries`` (a mission's, say) that no reversal cancels, in the
    order recorded: each income group once, with its whole amount."""
    groups: dict[str, list[LedgerEntry]] = {}
    reversed_keys = set()
    for entry in entries:
        if is_reversal(entry.group):
            reversed_keys.add(entry.group.removeprefix(REVERSAL))
        elif entry.kind == "income" and entry.id is not None:
            groups.setdefault(group_key(entry), []).append(entry)
    payments = [
        Payment(min(e.id or 0 for e in members), members[0].date,
                sum(e.amount_cents for e in members), members[0].group)
        for key, members in groups.items()
        if key not in reversed_keys
    ]  # fmt: skip
    return sorted((p for p in payments if p.amount_cents > 0), key=lambda p: p.entry_id)


def balances(entries: Iterable[LedgerEntry], envelopes: Sequence[str] = ()) -> dict[str, int]:
    """Cents per envelope: the configured ones first (even at 0), then any other in use."""
    totals = dict.fromkeys(envelopes, 0)
    for entry in entries:
        totals[entry.envelope] = totals.get(entry.envelope, 0) + entry.amount_cents
    return totals


def order_envelopes(totals: Mapping[str, int], envelopes: Sequence[str]) -> dict[str, int]:
    """``totals`` with the configured envelopes first, in config order, then the others."""
    ordered = {name: totals.get(name, 0) for name in envelopes}
    ordered.update({name: cents for name, cents in sorted(totals.items()) if name not in ordered})
    return ordered


@dataclass(frozen=True)
class EntryFilter:
    """What the Ledger view shows: every field set must match (empty fields match anything).

    ``month`` is ``YYYY-MM``; ``mission_ids`` are the missions of the chosen client (the caller
    resolves the alias); ``words`` must all appear in the description (any case).
    """

    month: str = ""
    envelope: str = ""
    client: str = ""
    mission_id: int | None = None
    mission_ids: frozenset[int] = frozenset()
    words: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(
            self.month or self.envelope or self.client or self.mission_id is not None or self.words
        )

    def matches(self, date: str, description: str, envelope: str, mission_id: int | None) -> bool:
        if self.month and not date.startswith(self.month):
            return False
        if self.envelope and envelope != self.envelope:
            return False
        if self.mission_id is not None and mission_id != self.mission_id:
            return False
        text = description.casefold()
        if self.client and mission_id not in self.mission_ids and self.client not in text:
            return False
        return all(word in text for word in self.words)


def parse_filter(text: str) -> EntryFilter:
    """``month:2026-11 env:costs client:acme mission:12 words…`` -> an ``EntryFilter``.

    ``ValueError`` with one line for a month or mission that cannot be.
    """
    month, envelope, client, mission = "", "", "", None
    words: list[str] = []
    for word in text.casefold().split():
        key, _, value = word.partition(":")
        if key == "month" and value:
            month = parse_month(value)
        elif key in ("env", "envelope") and value:
            envelope = value
        elif key == "client" and value:
            client = value
        elif key == "mission" and value:
            if not value.isdigit():
                raise ValueError(f"mission {value!r} is not a mission number")
            mission = int(value)
        else:
            words.append(word)
    return EntryFilter(month, envelope, client, mission, frozenset(), tuple(words))


def months_of_need(monthly_need_cents: int, cushion_cents: int) -> float:
    """How many months of costs + pay the cushion holds (0 when nothing is needed)."""
    if monthly_need_cents <= 0:
        return 0.0
    return cushion_cents / monthly_need_cents


def monthly_costs(entries: Iterable[LedgerEntry], today: dt.date, months: int = 3) -> int:
    """Average cents spent per month on expenses over the ``months`` before ``today``."""
    days: dict[str, int] = {}
    for e in entries:
        if e.kind == "expense":
            days[e.date] = days.get(e.date, 0) + e.amount_cents
    return monthly_costs_by_day(days, today, months)


def monthly_costs_by_day(expenses: Mapping[str, int], today: dt.date, months: int = 3) -> int:
    """``monthly_costs`` of the cents spent each day (negative: ``{ISO day: cents}``)."""
    since = (today - dt.timedelta(days=30 * months)).isoformat()
    end = today.isoformat()
    spent = -sum(cents for day, cents in expenses.items() if since < day <= end)
    return spent // months
