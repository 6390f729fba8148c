"""Money commands: ``income``, ``expense``, ``transfer``, ``entries``, ``reverse``, ``balance``;
``register`` adds the invoice commands (``homeops.cli.invoices``) and the payout, forecast and
recurring-cost commands (``homeops.cli.payouts``) after them.

Every amount is parsed, every date checked, before the vault is opened: bad input changes
nothing. Each change is one durable record, written by the business's cashbook
(``homeops.services.cashbook``): a payment and its split are kept together.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from homeops.cli import invoices, money_args, payouts
from homeops.cli.common import (
    Context,
    Passphrases,
    UserError,
    add_command,
    maybe_id,
    open_business,
    print_json,
    quoted,
    reads,
    user_count,
    user_id,
    user_line,
    vault_passphrase,
)
from homeops.cli.money_args import (
    amount,
    check_shares,
    day,
    envelope,
    invoice_number,
    memo,
    override_reason,
    paid_twice,
    plural,
    print_split,
)
from homeops.cli.tables import Column, print_table
from homeops.rules import invoices as inv
from homeops.rules import ledger
from homeops.rules.text import LINE_MAX, NAME_MAX, shown

if TYPE_CHECKING:
    from homeops.services.errors import NotCovered

# -- recording ---------------------------------------------------------------------------------


@reads("clients", "events", "invoices", "ledger", "ledger_sums", "missions", "payouts", "recurring",
       "retainers")  # fmt: skip
def cmd_income(ctx: Context, phrases: Passphrases) -> int:
    from homeops.services.errors import PaidTwice

    args = ctx.args
    cents = amount(ctx, args.amount)
    paid_on = day(ctx, args.date)
    check_shares(ctx)
    number = invoice_number(args.invoice) if args.invoice else None
    mission_id = maybe_id(args.mission, "--mission")
    text = memo(args.memo)
    override = override_reason(args.override)
    if override and mission_id is None:
        raise UserError("--override is for a payment past a mission's fee: with --mission ID")
    # A payment of nothing named is added to the ledger unread: its summary gives the ids.
    plain = number is None and mission_id is None
    with open_business(ctx, phrases, narrow={"ledger_sums"} if plain else None) as business:
        book = business.cashbook
        if number is not None:
            try:
                invoice = book.invoice(number)
            except LookupError:
                raise UserError(f"no invoice {inv.label(number)}") from None
            if invoice.amount_cents != cents:
                raise UserError(
                    f"{invoice.label} is for {ctx.format_money(invoice.amount_cents)}, not "
                    f"{ctx.format_money(cents)}; record a part payment without --invoice"
                )
            try:
                invoice, entries = book.pay_invoice(number, paid_on=date.fromisoformat(paid_on),
                                                    now=money_args.today(ctx))  # fmt: skip
            except inv.InvoiceRefused as exc:
                raise UserError(str(exc)) from None
            except PaidTwice as exc:
                raise UserError(f"income not recorded: {paid_twice(exc)}") from None
            print(f"{invoice.label} paid: {ctx.format_money(cents)} recorded on {paid_on}")
            print_split(ctx, entries)
            return 0
        most = None
        if mission_id is not None:
            try:
                lead = book.payment_lead(mission_id)
            except LookupError:
                raise UserError(f"no mission with id {mission_id}") from None
            text = memo(text, room=LINE_MAX - len(lead))
            most = LINE_MAX  # a stored title near the bound
        try:
            entries = book.record_income(cents, date=paid_on, memo=text, mission_id=mission_id,
                                         most=most, override=override)  # fmt: skip
        except PaidTwice as exc:
            raise UserError(f"income not recorded: {paid_twice(exc)}") from None
    print(f"income of {ctx.format_money(cents)} recorded on {paid_on}"
          + (" (override kept in the entry)" if override else ""))  # fmt: skip
    print_split(ctx, entries)
    return 0


def cmd_expense(ctx: Context, phrases: Passphrases) -> int:
    from homeops.services.errors import NotCovered

    args = ctx.args
    cents = amount(ctx, args.amount)
    spent_on = day(ctx, args.date)
    drawn_on = envelope(ctx, args.envelope)
    category = user_line(args.category.strip(), "--category", NAME_MAX)
    text = memo(args.memo, room=LINE_MAX - len(category) - 2)  # kept as "category: memo"
    mission_id = maybe_id(args.mission, "--mission")
    override = override_reason(args.override)
    try:
        entry = ledger.expense(
            cents, date=spent_on, category=category, currency=ctx.settings.money.currency,
            envelope=drawn_on, memo=text, mission_id=mission_id,
        )  # fmt: skip
    except ValueError as exc:
        raise UserError(str(exc)) from None
    with open_business(ctx, phrases) as business:
        try:
            business.cashbook.record_expense(entry, override=override)
        except NotCovered as exc:
            raise UserError(f"expense not recorded: {_not_covered(ctx, exc)}") from None
    print(f"expense of {ctx.format_money(cents)} recorded on {spent_on}, drawn on {drawn_on}"
          + (" (override kept in the entry)" if override else ""))  # fmt: skip
    return 0


def _not_covered(ctx: Context, exc: NotCovered) -> str:
    """The numbers and the ways out, as commands: a transfer from the cushion only when the
    cushion holds what is missing."""
    said = (f"{shown(exc.envelope)} holds {ctx.format_money(exc.balance)}, the expense is "
            f"{ctx.format_money(exc.amount)} ({ctx.format_money(exc.missing)} short)")  # fmt: skip
    if exc.from_cushion:
        return (f"{said}; first `homeops transfer {money_args.plain(exc.missing)} --from "
                f"{ledger.CUSHION} --to {shown(exc.envelope)} --reason TEXT`, or add "
                "--override REASON (kept in the entry)")  # fmt: skip
    if exc.envelope != ledger.CUSHION:
        said += f", and the cushion holds only {ctx.format_money(exc.cushion)}"
    return f"{said}: put it off, or add --override REASON (kept in the entry)"


def cmd_transfer(ctx: Context, phrases: Passphrases) -> int:
    from homeops.services.errors import NotCovered

    args = ctx.args
    cents = amount(ctx, args.amount)
    moved_on = day(ctx, args.date)
    source, target = envelope(ctx, args.source), envelope(ctx, args.target)
    if source == target:
        raise UserError("a transfer needs two different envelopes")
    reason = memo(args.reason, "--reason")
    if not reason.strip():
        raise UserError("a transfer needs a reason")
    override = override_reason(args.override)
    with open_business(ctx, phrases) as business:
        try:
            business.cashbook.transfer(cents, date=moved_on, source=source, target=target,
                                       reason=reason, override=override)  # fmt: skip
        except NotCovered as exc:
            raise UserError(
                f"transfer not recorded: {shown(exc.envelope)} holds "
                f"{ctx.format_money(exc.balance)}, the transfer is {ctx.format_money(exc.amount)}"
                f" ({ctx.format_money(exc.missing)} short): move less, or add --override REASON"
                " (kept in the entries)"
            ) from None
    print(f"moved {ctx.format_money(cents)} from {source} to {target} on {moved_on}"
          + (" (override kept in the entries)" if override else ""))  # fmt: skip
    return 0


def _entry_id(text: str) -> int:
    try:
        return user_id(text, "entry")
    except UserError:
        raise UserError(
            f"entry {quoted(text)} is not an entry number (see `homeops entries`)"
        ) from None


def cmd_reverse(ctx: Context, phrases: Passphrases) -> int:
    from homeops.services.errors import NotFound

    args = ctx.args
    entry_id = _entry_id(args.id)
    lead = f"Reversal of #{entry_id}: "  # how the reason is kept
    reason = " ".join(memo(args.reason, "--reason", LINE_MAX - len(lead)).split())
    if not reason:
        raise UserError("a reversal needs a reason: --reason TEXT")
    reversed_on = day(ctx, args.date)
    with open_business(ctx, phrases) as business:
        book = business.cashbook
        try:
            entries = book.reverse(entry_id, reversed_on, reason)
        except NotFound as exc:
            raise UserError(str(exc)) from None
        except ledger.ReversalRefused as exc:
            raise UserError(str(exc)) from None
        totals = book.balances()
    print(f"entry #{entry_id} reversed on {reversed_on}: "
          f"{plural(len(entries), 'entry', 'entries')}")  # fmt: skip
    print_table(
        (Column("id", right=True), Column("envelope"), Column("amount", right=True),
         Column("description", shrink=True)),
        [[str(e.id), e.envelope, ctx.format_money(e.amount_cents), e.description]
         for e in entries],
    )  # fmt: skip
    print("balances after:")
    _print_balances(ctx, totals)
    return 0


def _print_balances(ctx: Context, totals: dict[str, int], total: int | None = None) -> None:
    """Each envelope and its balance through the table printer, so the largest amounts
    line up; with a ``total`` row when given."""
    rows = [[name, ctx.format_money(cents)] for name, cents in totals.items()]
    if total is not None:
        rows.append(["total", ctx.format_money(total)])
    print_table((Column("envelope"), Column("balance", right=True)), rows)


# -- reporting ---------------------------------------------------------------------------------


ENTRIES_SHOWN = 50  # text output; --limit changes it, --json shows every entry unless --limit
ENTRIES_MAX = 10_000_000  # --limit: more than any vault holds


def _entry_filter(ctx: Context) -> ledger.EntryFilter:
    args = ctx.args
    try:
        month = ledger.parse_month(args.month) if args.month is not None else ""
    except ValueError as exc:
        raise UserError(str(exc)) from None
    only = user_line(args.envelope, "--envelope", NAME_MAX) if args.envelope else ""
    mission_id = maybe_id(args.mission, "--mission")
    return ledger.EntryFilter(month=month, envelope=only, mission_id=mission_id)


@reads("ledger")
def cmd_entries(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    wanted = _entry_filter(ctx)
    limit = user_count(args.limit, "--limit", ENTRIES_MAX, 1) if args.limit is not None else None
    with open_business(ctx, phrases, read_only=True) as business:
        book = business.cashbook
        if wanted.envelope:
            known = book.balances()
            if wanted.envelope not in known:
                raise UserError(
                    f"unknown envelope {quoted(wanted.envelope)}; envelopes: {', '.join(known)}"
                )
        rows = book.rows().matching(wanted)
        limit = limit or (None if args.json else ENTRIES_SHOWN)
        listed = rows[:limit]
    if args.json:
        data = [
            {"id": r.id, "date": r.date, "envelope": r.envelope, "amount_cents": r.amount_cents,
             "currency": r.currency, "kind": r.kind, "description": r.description,
             "mission_id": r.mission_id, "group": r.group}
            for r in listed
        ]  # fmt: skip
        print_json(data)
        return 0
    if not listed:
        print("no entries" + (" match" if wanted.active else " yet"))
        return 0
    print_table(
        (Column("id", right=True), Column("date"), Column("envelope"),
         Column("amount", right=True), Column("kind"), Column("description", shrink=True)),
        [[str(r.id), r.date, r.envelope, ctx.format_money(r.amount_cents), r.kind,
          r.description] for r in listed],
    )  # fmt: skip
    more = len(rows) - len(listed)
    if more:
        print(f"… {plural(more, 'more entry', 'more entries')} (--limit N shows more, "
              "--json all)")  # fmt: skip
    return 0


def cmd_balance(ctx: Context, phrases: Passphrases) -> int:
    from homeops.services.vault import read_balances

    money = ctx.settings.money
    # Straight from the file: only the ledger is decoded, and nothing is locked.
    if ctx.lent is not None:  # beside the open console: its ledger, already in memory
        totals = ctx.lent.cashbook.balances()
    else:
        totals = read_balances(
            ctx.vault_path, vault_passphrase(ctx, phrases), list(money.shares_bp)
        )
    total = sum(totals.values())
    if ctx.args.json:
        print_json({"currency": money.currency, "envelopes": totals, "total": total}, indent=None)
        return 0
    _print_balances(ctx, totals, total)
    return 0


# -- parser ------------------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Every money command, in the order of ``homeops --help``."""
    income = add_command(sub, "income", cmd_income, "record a payment received, split at once")
    income.add_argument("amount", metavar="AMOUNT", help="e.g. 1200, 1200.50, '1 200,50'")
    target = income.add_mutually_exclusive_group()
    target.add_argument("--invoice", metavar="N", help="the invoice paid (marks it paid)")
    target.add_argument("--mission", metavar="ID", help="the mission paid for")
    income.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    income.add_argument("--memo", metavar="TEXT")
    income.add_argument("--override", metavar="REASON",
                        help="a mission paid past its fee: why (kept in the entry)")  # fmt: skip

    expense = add_command(sub, "expense", cmd_expense, "record money spent")
    expense.add_argument("amount", metavar="AMOUNT")
    expense.add_argument("--category", required=True, metavar="C", help="e.g. software")
    expense.add_argument("--envelope", default=ledger.COSTS, metavar="E", help="default: costs")
    expense.add_argument("--date", metavar="YYYY-MM-DD")
    expense.add_argument("--memo", metavar="TEXT")
    expense.add_argument("--mission", metavar="ID")
    expense.add_argument("--override", metavar="REASON",
                         help="record it although its envelope lacks the money (kept)")  # fmt: skip

    move = add_command(sub, "transfer", cmd_transfer, "move money between two envelopes")
    move.add_argument("amount", metavar="AMOUNT")
    move.add_argument("--from", dest="source", required=True, metavar="E")
    move.add_argument("--to", dest="target", required=True, metavar="E")
    move.add_argument("--reason", required=True, metavar="TEXT")
    move.add_argument("--date", metavar="YYYY-MM-DD")
    move.add_argument("--override", metavar="REASON",
                      help="move it although the envelope lacks the money (kept)")  # fmt: skip

    entries = add_command(sub, "entries", cmd_entries, "list the ledger's entries, newest first")
    entries.add_argument("--month", metavar="YYYY-MM", help="only this month")
    entries.add_argument("--envelope", metavar="E", help="only this envelope")
    entries.add_argument("--mission", metavar="ID", help="only this mission")
    entries.add_argument("--limit", metavar="N",
                         help=f"at most N (default {ENTRIES_SHOWN}; --json: all)")  # fmt: skip
    entries.add_argument("--json", action="store_true", help="print JSON (cents)")

    reverse = add_command(
        sub, "reverse", cmd_reverse, "correct a mistaken entry: opposite entries for its group"
    )
    reverse.add_argument("id", metavar="ID", help="the entry (see `homeops entries`)")
    reverse.add_argument("--reason", metavar="TEXT", help="why (required; kept in the ledger)")
    reverse.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")

    balance = add_command(sub, "balance", cmd_balance, "the balance of each envelope")
    balance.add_argument("--json", action="store_true", help="print JSON (cents)")

    invoices.register(sub)
    payouts.register(sub)
