"""What the money commands (``homeops.cli.money``, ``.invoices``, ``.payouts``) read from the
command line, checked before the vault is opened so that bad input changes nothing: amounts,
dates, envelopes, memos, invoice numbers; and the one line that shows a split."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from homeops.cli.common import Context, UserError, quoted, user_amount, user_date, user_line
from homeops.rules import invoices as inv
from homeops.rules import ledger
from homeops.rules.model import LedgerEntry
from homeops.rules.text import LINE_MAX, shown

if TYPE_CHECKING:
    from homeops.services.errors import PaidTwice


def today(ctx: Context) -> date:
    return date.today()


def amount(ctx: Context, text: str, what: str = "amount") -> int:
    """Cents, more than zero."""
    return user_amount(ctx, text, what, positive=True)


def day(ctx: Context, text: str | None, what: str = "--date") -> str:
    """An ISO date as typed, or today's."""
    if text is None:
        return today(ctx).isoformat()
    return user_date(text, what).isoformat()


def check_shares(ctx: Context) -> None:
    """The configured income shares (basis points) add up, or one line naming the key."""
    problem = ledger.shares_problem(dict(ctx.settings.money.shares_bp))
    if problem:
        raise UserError(f"money.shares: {problem}")


def envelope(ctx: Context, name: str, what: str = "envelope") -> str:
    known = list(ctx.settings.money.shares_bp)
    if name not in known:
        raise UserError(f"unknown {what} {quoted(name)}; envelopes: {', '.join(known)}")
    return name


def invoice_number(text: str) -> int:
    try:
        return inv.parse_number(text)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def memo(text: str | None, what: str = "--memo", room: int = LINE_MAX) -> str:
    """A memo or reason: one line; ``room`` is what is left beside the text it is put in."""
    return user_line(text, what, room) if text else ""


def paid_twice(exc: PaidTwice) -> str:
    """The refusal of money counted twice or past a mission's fee, with the commands that
    are the ways out."""
    entry = exc.entry_id if len(exc.entry_ids) == 1 else "ID"
    reverse = f"`homeops reverse {entry} --reason TEXT`"
    if exc.due is not None:  # past the fee: a real overpayment may be overridden
        return f"{exc} ({reverse + ', or ' if exc.entry_ids else ''}add --override REASON)"
    if exc.entry_id is None:
        return f"{exc} (`homeops invoice paid {exc.invoice}`)"
    return f"{exc} ({reverse})"


def plain(cents: int) -> str:
    """Cents as an amount to type back into a command: ``92500`` -> ``925.00``."""
    whole, part = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{whole}.{part:02d}"


def plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def print_split(ctx: Context, entries: Sequence[LedgerEntry]) -> None:
    print("  " + ", ".join(f"{shown(e.envelope)} {ctx.format_money(e.amount_cents)}"
                           for e in entries))  # fmt: skip


def override_reason(text: str | None) -> str:
    """``--override REASON``: one line, not blank when given ("" when not given)."""
    if text is None:
        return ""
    reason = " ".join(user_line(text, "--override", ledger.OVERRIDE_MAX).split())
    if not reason:
        raise UserError("--override needs a reason (it is kept in the entry)")
    return reason
