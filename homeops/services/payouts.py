"""The payout calendar of an open vault: where the schedule starts, which payouts are held,
and releasing a hold. The cashbook (``homeops.services.cashbook``) confirms and holds payouts
and builds the outlook with these; the faces call the cashbook.

The schedule runs from the day after the last payout paid (a reversed one is not paid: it is
due again). The payouts held since then stay in it, marked held with their reason, until they
are released (due again) or a later payout is paid (they are history then: the decision and
its reason stay in the vault).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from homeops.rules.bounds import DATE_MAX
from homeops.rules.payouts import PayoutDecision, occurrences

if TYPE_CHECKING:
    from homeops.storage.vault import Vault

HELD, PAID = "held", "paid"


class ReleaseRefused(ValueError):
    """A payout that cannot be released: one line, nothing recorded."""


class Calendar(NamedTuple):
    """Where the payout schedule stands: it starts on ``start``, its rule's intervals count
    from ``anchor``; ``held`` maps the ISO date of each payout held since the last one paid
    (``last_paid``) to its reason."""

    anchor: dt.date
    start: dt.date
    held: dict[str, str]
    last_paid: str | None

    def dates(self, rule: str, pending: int) -> list[dt.date]:
        """The ``pending`` next payouts to pay, with the held ones among them, by date.
        ``RuleNeverFires`` (a ``ValueError``) for a rule that never fires."""
        found = occurrences(rule, self.start, max(pending, 1) + len(self.held), self.anchor)
        held = {dt.date.fromisoformat(day) for day in self.held}
        to_pay = [day for day in found if day not in held][: max(pending, 0)]
        return sorted(held.union(to_pay))

    def due_before(self, rule: str, end: dt.date) -> list[dt.date]:
        """Every payout to pay or held that falls before ``end``, by date. ``RuleNeverFires``
        (a ``ValueError``) for a rule that never fires."""
        days = (end - self.start).days
        if days <= 0:
            return []
        found = occurrences(rule, self.start, days, self.anchor)  # at most one a day
        held = {dt.date.fromisoformat(day) for day in self.held}
        return sorted(day for day in held.union(found) if day < end)


def last_paid(vault: Vault) -> str | None:
    """The date of the last payout paid and not reversed (its scheduled date when it was paid
    early), or None."""
    in_ledger = vault.ledger.last_payout_paid()
    decided = [d.date for d in vault.payouts.decisions() if d.status == PAID]
    return max([*decided, *([in_ledger] if in_ledger else [])], default=None)


def calendar(vault: Vault, today: dt.date) -> Calendar:
    """The payout calendar as of ``today``."""
    paid = last_paid(vault)
    held = {d.date: d.reason for d in vault.payouts.decisions()
            if d.status == HELD and (paid is None or d.date > paid)}  # fmt: skip
    if paid is not None:
        # A payout decided beyond the bounds (an older vault) counts as one on the last day.
        anchor = min(dt.date.fromisoformat(paid), DATE_MAX)
        return Calendar(anchor, anchor + dt.timedelta(days=1), held, paid)
    if held:
        first = min(dt.date.fromisoformat(day) for day in held)
        anchor = min(first, today, DATE_MAX)
        return Calendar(anchor, anchor, held, None)
    return Calendar(today, today, held, None)


def release(vault: Vault, day: str, today: dt.date) -> PayoutDecision:
    """Drop the hold on the payout of ``day`` (ISO): it is due again. ``ReleaseRefused`` when
    it is not held, or was held before the last payout paid (history)."""
    state = calendar(vault, today)
    if day not in state.held:
        earlier = [d for d in vault.payouts.decisions() if d.status == HELD and d.date == day]
        if earlier and state.last_paid:
            raise ReleaseRefused(
                f"the payout of {day} was held before the last payout paid "
                f"({state.last_paid}): it stays in the history"
            )
        held = ", ".join(sorted(state.held)) or "none"
        raise ReleaseRefused(f"the payout of {day} is not held (held now: {held})")
    with vault.transaction():
        decisions = [d for d in vault.payouts.decisions() if d.status == HELD and d.date == day]
        for decision in decisions:
            vault.payouts.remove(decision.id or 0)
    return decisions[-1]
