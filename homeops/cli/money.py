"""Money commands: ``income``, ``expense``, ``transfer``, ``entries``, ``reverse``, ``balance``,
``invoices``, ``invoice add|send|paid|void``, ``payouts``, ``payout confirm|hold``,
``forecast``, ``recurring [add]``.

Every amount is parsed, every date checked, before the vault is opened: bad input changes
nothing. Each change is one durable record (a payment and its split are kept together).
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from homeops.cli.common import (
    Context,
    Passphrases,
    UserError,
    add_command,
    maybe_id,
    open_vault,
    print_json,
    quoted,
    user_amount,
    user_count,
    user_date,
    user_id,
    user_line,
    vault_passphrase,
)
from homeops.rules import invoices as inv
from homeops.rules import ledger
from homeops.rules.forecast import RecurringCost, bar
from homeops.rules.payouts import RuleNeverFires, occurrences
from homeops.rules.text import LINE_MAX, NAME_MAX, shown

if TYPE_CHECKING:
    from homeops.storage.repos_money import MoneyOutlook
    from homeops.storage.vault import Vault


def _today(ctx: Context) -> date:
    return date.today()


def _amount(ctx: Context, text: str, what: str = "amount") -> int:
    return user_amount(ctx, text, what, positive=True)


def _day(ctx: Context, text: str | None, what: str = "--date") -> str:
    if text is None:
        return _today(ctx).isoformat()
    return user_date(text, what).isoformat()


def _shares(ctx: Context) -> dict[str, int]:
    shares = dict(ctx.settings.money.shares_bp)
    problem = ledger.shares_problem(shares)
    if problem:
        raise UserError(f"money.shares: {problem}")
    return shares


def _envelope(ctx: Context, name: str, what: str = "envelope") -> str:
    known = list(ctx.settings.money.shares_bp)
    if name not in known:
        raise UserError(f"unknown {what} {quoted(name)}; envelopes: {', '.join(known)}")
    return name


def _invoice_number(text: str) -> int:
    try:
        return inv.parse_number(text)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _memo(text: str | None, what: str = "--memo", room: int = LINE_MAX) -> str:
    """A memo or reason: one line; ``room`` is what is left beside the text it is put in."""
    return user_line(text, what, room) if text else ""


def _print_split(ctx: Context, entries: list[Any]) -> None:
    print("  " + ", ".join(f"{shown(e.envelope)} {ctx.format_money(e.amount_cents)}"
                           for e in entries))  # fmt: skip


# -- recording ---------------------------------------------------------------------------------


def cmd_income(ctx: Context, phrases: Passphrases) -> int:
    args, money = ctx.args, ctx.settings.money
    amount = _amount(ctx, args.amount)
    day = _day(ctx, args.date)
    shares = _shares(ctx)
    number = _invoice_number(args.invoice) if args.invoice else None
    mission_id = maybe_id(args.mission, "--mission")
    memo = _memo(args.memo)
    with open_vault(ctx, phrases) as vault:
        if number is not None:
            try:
                invoice = vault.invoices.by_number(number)
            except LookupError:
                raise UserError(f"no invoice {inv.label(number)}") from None
            if invoice.amount_cents != amount:
                raise UserError(
                    f"{invoice.label} is for {ctx.format_money(invoice.amount_cents)}, not "
                    f"{ctx.format_money(amount)}; record a part payment without --invoice"
                )
            try:
                invoice, entries = vault.cashbook.pay_invoice(
                    number, paid_on=date.fromisoformat(day),
                    terms_days=money.payment_terms_days, shares_bp=shares,
                )  # fmt: skip
            except inv.InvoiceRefused as exc:
                raise UserError(str(exc)) from None
            print(f"{invoice.label} paid: {ctx.format_money(amount)} recorded on {day}")
            _print_split(ctx, entries)
            return 0
        description = memo or "Payment received"
        if mission_id is not None:
            try:
                mission = vault.missions.get(mission_id)
            except LookupError:
                raise UserError(f"no mission with id {mission_id}") from None
            lead = f"Payment from {mission.client_alias}: "
            description = lead + (_memo(memo, room=LINE_MAX - len(lead)) or mission.title)
            description = description[:LINE_MAX]  # a stored title near the bound
        entries = vault.cashbook.record_income(
            amount, shares, date=day, description=description, currency=money.currency,
            mission_id=mission_id,
        )  # fmt: skip
    print(f"income of {ctx.format_money(amount)} recorded on {day}")
    _print_split(ctx, entries)
    return 0


def cmd_expense(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    amount = _amount(ctx, args.amount)
    day = _day(ctx, args.date)
    envelope = _envelope(ctx, args.envelope)
    category = user_line(args.category.strip(), "--category", NAME_MAX)
    memo = _memo(args.memo, room=LINE_MAX - len(category) - 2)  # kept as "category: memo"
    mission_id = maybe_id(args.mission, "--mission")
    try:
        entry = ledger.expense(
            amount, date=day, category=category, currency=ctx.settings.money.currency,
            envelope=envelope, memo=memo, mission_id=mission_id,
        )  # fmt: skip
    except ValueError as exc:
        raise UserError(str(exc)) from None
    with open_vault(ctx, phrases) as vault:
        vault.cashbook.record([entry])
    print(f"expense of {ctx.format_money(amount)} recorded on {day}, drawn on {envelope}")
    return 0


def cmd_transfer(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    amount = _amount(ctx, args.amount)
    day = _day(ctx, args.date)
    source, target = _envelope(ctx, args.source), _envelope(ctx, args.target)
    if source == target:
        raise UserError("a transfer needs two different envelopes")
    reason = _memo(args.reason, "--reason")
    if not reason.strip():
        raise UserError("a transfer needs a reason")
    with open_vault(ctx, phrases) as vault:
        vault.cashbook.transfer(
            amount, date=day, source=source, target=target, reason=reason,
            currency=ctx.settings.money.currency,
        )  # fmt: skip
    print(f"moved {ctx.format_money(amount)} from {source} to {target} on {day}")
    return 0


def plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _entry_id(text: str) -> int:
    try:
        return user_id(text, "entry")
    except UserError:
        raise UserError(
            f"entry {quoted(text)} is not an entry number (see `homeops entries`)"
        ) from None


def cmd_reverse(ctx: Context, phrases: Passphrases) -> int:
    from homeops.storage.repos import NotFound

    args = ctx.args
    entry_id = _entry_id(args.id)
    lead = f"Reversal of #{entry_id}: "  # how the reason is kept
    reason = " ".join(_memo(args.reason, "--reason", LINE_MAX - len(lead)).split())
    if not reason:
        raise UserError("a reversal needs a reason: --reason TEXT")
    day = _day(ctx, args.date)
    with open_vault(ctx, phrases) as vault:
        try:
            entries = vault.cashbook.reverse(entry_id, day, reason)
        except NotFound as exc:
            raise UserError(str(exc)) from None
        except ledger.ReversalRefused as exc:
            raise UserError(str(exc)) from None
        totals = vault.cashbook.balances(list(ctx.settings.money.shares_bp))
    print(f"entry #{entry_id} reversed on {day}: {plural(len(entries), 'entry', 'entries')}")
    for e in entries:
        print(f"{e.id:>7}  {shown(e.envelope)[:10]:<10} {ctx.format_money(e.amount_cents):>16}  "
              f"{shown(e.description)}")  # fmt: skip
    print("balances after:")
    for name, cents in totals.items():
        print(f"  {shown(name):<12} {ctx.format_money(cents):>16}")
    return 0


# -- reporting ---------------------------------------------------------------------------------


ENTRIES_SHOWN = 50  # text output; --limit changes it, --json shows every entry unless --limit
ENTRIES_MAX = 10_000_000  # --limit: more than any vault holds


def _entry_filter(ctx: Context) -> ledger.EntryFilter:
    args = ctx.args
    try:
        month = ledger.parse_month(args.month) if args.month is not None else ""
    except ValueError as exc:
        raise UserError(str(exc)) from None
    envelope = user_line(args.envelope, "--envelope", NAME_MAX) if args.envelope else ""
    mission_id = maybe_id(args.mission, "--mission")
    return ledger.EntryFilter(month=month, envelope=envelope, mission_id=mission_id)


def cmd_entries(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    wanted = _entry_filter(ctx)
    limit = user_count(args.limit, "--limit", ENTRIES_MAX, 1) if args.limit is not None else None
    with open_vault(ctx, phrases, read_only=True) as vault:
        book = vault.cashbook
        if wanted.envelope:
            known = book.balances(list(ctx.settings.money.shares_bp))
            if wanted.envelope not in known:
                raise UserError(
                    f"unknown envelope {quoted(wanted.envelope)}; envelopes: {', '.join(known)}"
                )
        rows = book.rows()
        if wanted.active:
            rows = rows.where(
                lambda d: wanted.matches(
                    d["date"], d["description"], d["envelope"], d.get("mission_id")
                )
            )
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
    print(f"{'id':>7}  {'date':<10}  {'envelope':<10} {'amount':>16}  {'kind':<8}  description")
    for r in listed:
        text = shown(r.description)
        text = text if len(text) <= 40 else text[:39] + "…"
        amount = ctx.format_money(r.amount_cents)
        print(f"{r.id:>7}  {shown(r.date)[:10]:<10}  {shown(r.envelope)[:10]:<10} {amount:>16}  "
              f"{shown(r.kind)[:8]:<8}  {text}")  # fmt: skip
    more = len(rows) - len(listed)
    if more:
        print(f"… {plural(more, 'more entry', 'more entries')} (--limit N shows more, "
              "--json all)")  # fmt: skip
    return 0


def cmd_balance(ctx: Context, phrases: Passphrases) -> int:
    from homeops.storage.vault import Vault

    money = ctx.settings.money
    # Straight from the file: only the ledger is decoded, and nothing is locked.
    totals = Vault.read_balances(
        ctx.vault_path, vault_passphrase(ctx, phrases), list(money.shares_bp)
    )
    total = sum(totals.values())
    if ctx.args.json:
        print_json({"currency": money.currency, "envelopes": totals, "total": total}, indent=None)
        return 0
    for name, cents in totals.items():
        print(f"{shown(name):<12} {ctx.format_money(cents):>16}")
    print(f"{'total':<12} {ctx.format_money(total):>16}")
    return 0


def _invoice_json(invoice: inv.Invoice, today: date) -> dict[str, Any]:
    return {
        **asdict(invoice),
        "label": invoice.label,
        "shown_status": inv.status_on(invoice, today),
    }


def cmd_invoices(ctx: Context, phrases: Passphrases) -> int:
    today = _today(ctx)
    with open_vault(ctx, phrases, read_only=True) as vault:
        invoices = vault.invoices.list()
    if ctx.args.status:
        invoices = [i for i in invoices if inv.status_on(i, today) == ctx.args.status]
    if ctx.args.json:
        print_json([_invoice_json(i, today) for i in invoices])
        return 0
    for i in invoices:
        print(
            f"{i.label}  {shown(inv.status_on(i, today)):<8} {shown(i.client_alias)[:14]:<14} "
            f"{shown(i.issued or '-')[:10]:<10} {shown(i.due or '-')[:10]:<10} "
            f"{ctx.format_money(i.amount_cents):>14}  {shown(i.description)[:30]}"
        )
    if not invoices:
        print("no invoices" + (f" {ctx.args.status}" if ctx.args.status else ""))
    return 0


def cmd_invoice_add(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    amount = _amount(ctx, args.amount, "--amount")
    alias = user_line(args.client.strip(), "--client", NAME_MAX)
    if not alias:
        raise UserError("an invoice needs a client alias")
    mission_id = maybe_id(args.mission, "--mission")
    invoice = inv.Invoice(
        0, alias, amount, _memo(args.description, "--description"), ctx.settings.money.currency,
        mission_id,
    )  # fmt: skip
    send_on = _day(ctx, args.date) if args.send else None
    with open_vault(ctx, phrases) as vault:
        if vault.clients.by_alias(alias) is None:
            raise UserError(f"no client {alias}: add it first with `homeops client add {alias}`")
        if mission_id is not None:
            try:
                vault.missions.get(mission_id)
            except LookupError:
                raise UserError(f"no mission with id {mission_id}") from None
        if send_on is not None:
            inv.send(invoice, date.fromisoformat(send_on), ctx.settings.money.payment_terms_days)
        vault.cashbook.new_invoice(invoice)
    print(
        f"{invoice.label} {invoice.status} for {shown(invoice.client_alias)}: "
        f"{ctx.format_money(amount)}"
    )
    return 0


def _change_invoice(ctx: Context, phrases: Passphrases, action: str) -> int:
    number = _invoice_number(ctx.args.number)
    day = date.fromisoformat(_day(ctx, getattr(ctx.args, "date", None)))  # checked by _day
    money = ctx.settings.money
    shares = _shares(ctx)
    with open_vault(ctx, phrases) as vault:
        try:
            invoice = vault.invoices.by_number(number)
        except LookupError:
            raise UserError(f"no invoice {inv.label(number)}") from None
        try:
            if action == "paid":
                invoice, _entries = vault.cashbook.pay_invoice(
                    number, paid_on=day, terms_days=money.payment_terms_days, shares_bp=shares
                )
            else:
                changed = (
                    inv.send(invoice, day, money.payment_terms_days)
                    if action == "send"
                    else inv.void(invoice)
                )
                vault.cashbook.change_invoice(changed)
        except inv.InvoiceRefused as exc:
            raise UserError(str(exc)) from None
    extra = f", due {invoice.due}" if action == "send" else ""
    print(f"{invoice.label} {invoice.status}{extra}")
    return 0


def cmd_invoice_send(ctx: Context, phrases: Passphrases) -> int:
    return _change_invoice(ctx, phrases, "send")


def cmd_invoice_paid(ctx: Context, phrases: Passphrases) -> int:
    return _change_invoice(ctx, phrases, "paid")


def cmd_invoice_void(ctx: Context, phrases: Passphrases) -> int:
    return _change_invoice(ctx, phrases, "void")


def compute_outlook(ctx: Context, vault: Vault, weeks: int = 12, payouts: int = 12) -> MoneyOutlook:
    """The payout schedule and forecast for the settings in effect; one-line errors."""
    from homeops.storage.repos_money import outlook

    settings = ctx.settings
    try:
        return outlook(
            vault, shares_bp=_shares(ctx), rule=settings.payout.rule,
            payout_cents=settings.payout.amount_cents,
            target_months=settings.money.cushion_target_months,
            terms_days=settings.money.payment_terms_days,
            delivered_stage=settings.board.stages[-1], today=_today(ctx), payouts=payouts,
            weeks=weeks,
        )  # fmt: skip
    except RuleNeverFires as exc:
        raise UserError(f"payout.rule: {exc}") from None


WEEKS_MAX = 520  # --weeks of payouts and forecast: ten years


def _weeks(ctx: Context) -> int:
    return user_count(ctx.args.weeks, "--weeks", WEEKS_MAX, 1)


def cmd_payouts(ctx: Context, phrases: Passphrases) -> int:
    count = _weeks(ctx)
    with open_vault(ctx, phrases, read_only=True) as vault:
        view = compute_outlook(ctx, vault, payouts=count)
    cushion = view.cushion
    if ctx.args.json:
        data = {
            "currency": ctx.settings.money.currency,
            "pay_balance": view.balances.get(ledger.PAY, 0),
            "cushion": {**asdict(cushion), "under_target": cushion.under_target},
            "payouts": [asdict(line) for line in view.payouts],
        }
        print_json(data)
        return 0
    for line in view.payouts:
        state = "covered" if line.covered else "SHORT"
        flags = (" due" if line.due else "") + (" hold?" if line.hold else "")
        print(
            f"{line.date}  {ctx.format_money(line.amount_cents):>12}  pay after "
            f"{ctx.format_money(line.pay_after_cents):>14}  {state}{flags}"
        )
    print(
        f"cushion {ctx.format_money(cushion.balance_cents)} of a "
        f"{ctx.format_money(cushion.target_cents)} target ({cushion.target_months} months of "
        f"costs + pay)" + (": holding the next payout is suggested" if cushion.under_target else "")
    )
    return 0


def cmd_payout_confirm(ctx: Context, phrases: Passphrases) -> int:
    today = _today(ctx)
    with open_vault(ctx, phrases) as vault:
        view = compute_outlook(ctx, vault, payouts=1)
        line = view.payouts[0]
        if line.date > today.isoformat() and not ctx.args.early:
            raise UserError(f"the next payout is on {line.date}; pass --early to pay it today")
        day = min(line.date, today.isoformat())
        vault.cashbook.confirm_payout(
            line.date, line.amount_cents, currency=ctx.settings.money.currency, paid_on=day
        )
    print(f"payout of {line.date} recorded: {ctx.format_money(line.amount_cents)} from pay")
    return 0


def cmd_payout_hold(ctx: Context, phrases: Passphrases) -> int:
    reason = _memo(ctx.args.reason, "--reason")
    if not reason.strip():
        raise UserError("holding a payout needs a reason")
    with open_vault(ctx, phrases) as vault:
        line = compute_outlook(ctx, vault, payouts=1).payouts[0]
        vault.cashbook.hold_payout(line.date, line.amount_cents, reason)
    print(f"payout of {line.date} held: the money stays in pay")
    return 0


def cmd_forecast(ctx: Context, phrases: Passphrases) -> int:
    weeks = _weeks(ctx)
    with open_vault(ctx, phrases, read_only=True) as vault:
        view = compute_outlook(ctx, vault, weeks=weeks)
    weekly = view.forecast
    lowest = weekly.lowest
    if ctx.args.json:
        data = {
            "currency": ctx.settings.money.currency,
            "start": weekly.start_balances,
            "weeks": [
                {"week": w.number, "start": w.start.isoformat(), "end": w.end.isoformat(),
                 "balances": w.balances, "total": w.total, "in": w.money_in,
                 "out": w.money_out}
                for w in weekly.weeks
            ],
            "lowest": None if lowest is None else {"week": lowest.number, "total": lowest.total,
                                                   "end": lowest.end.isoformat()},
        }  # fmt: skip
        print_json(data)
        return 0
    scale = max((abs(w.total) for w in weekly.weeks), default=0)
    for w in weekly.weeks:
        mark = "  ◀ lowest" if lowest is not None and w.number == lowest.number else ""
        sign = "-" if w.total < 0 else " "
        print(f"W{w.number:<2} {w.end.isoformat()} {ctx.format_money(w.total):>14} "
              f"{sign}{bar(w.total, scale, 30):<30}{mark}")  # fmt: skip
    if lowest is not None:
        print(f"lowest: {ctx.format_money(lowest.total)} in week {lowest.number} "
              f"(ending {lowest.end.isoformat()})")  # fmt: skip
    return 0


def cmd_recurring(ctx: Context, phrases: Passphrases) -> int:
    with open_vault(ctx, phrases, read_only=True) as vault:
        costs = vault.recurring.list()
    if ctx.args.json:
        print_json([asdict(c) for c in costs])
        return 0
    for c in costs:
        amount = ctx.format_money(c.amount_cents)
        print(f"{c.id:>3}  {shown(c.description)[:30]:<30} {amount:>12}  "
              f"{shown(c.envelope):<8} {shown(c.rule)}")  # fmt: skip
    if not costs:
        print("no recurring costs")
    return 0


def cmd_recurring_add(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    description = user_line(args.description.strip(), "the description")
    amount = _amount(ctx, args.amount)
    start = _day(ctx, args.start, "--start")
    envelope = _envelope(ctx, args.envelope)
    rule = user_line(args.rule, "--rule")
    try:
        occurrences(rule, date.fromisoformat(start), 1)
    except ValueError as exc:
        raise UserError(str(exc).replace("payout rule", "rule")) from None
    if not description:
        raise UserError("a recurring cost needs a description")
    cost = RecurringCost(description, amount, rule, start, envelope,
                         ctx.settings.money.currency)  # fmt: skip
    with open_vault(ctx, phrases) as vault:
        vault.recurring.add(cost)
    print(f"recurring cost {cost.id} added: {shown(cost.description)}")
    return 0


# -- parser ------------------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    income = add_command(sub, "income", cmd_income, "record a payment received, split at once")
    income.add_argument("amount", metavar="AMOUNT", help="e.g. 1200, 1200.50, '1 200,50'")
    target = income.add_mutually_exclusive_group()
    target.add_argument("--invoice", metavar="N", help="the invoice paid (marks it paid)")
    target.add_argument("--mission", metavar="ID", help="the mission paid for")
    income.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    income.add_argument("--memo", metavar="TEXT")

    expense = add_command(sub, "expense", cmd_expense, "record money spent")
    expense.add_argument("amount", metavar="AMOUNT")
    expense.add_argument("--category", required=True, metavar="C", help="e.g. software")
    expense.add_argument("--envelope", default=ledger.COSTS, metavar="E", help="default: costs")
    expense.add_argument("--date", metavar="YYYY-MM-DD")
    expense.add_argument("--memo", metavar="TEXT")
    expense.add_argument("--mission", metavar="ID")

    move = add_command(sub, "transfer", cmd_transfer, "move money between two envelopes")
    move.add_argument("amount", metavar="AMOUNT")
    move.add_argument("--from", dest="source", required=True, metavar="E")
    move.add_argument("--to", dest="target", required=True, metavar="E")
    move.add_argument("--reason", required=True, metavar="TEXT")
    move.add_argument("--date", metavar="YYYY-MM-DD")

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

    invoices = add_command(sub, "invoices", cmd_invoices, "list the invoices")
    invoices.add_argument("--json", action="store_true", help="print JSON")
    invoices.add_argument("--status", choices=inv.STATUSES)
    invoice = add_command(sub, "invoice", None, "add, send, mark paid or void an invoice")
    actions = invoice.add_subparsers(title="actions", metavar="ACTION", required=True)
    new = add_command(actions, "add", cmd_invoice_add, "a new invoice, next number in the series")
    new.add_argument("--client", required=True, metavar="ALIAS")
    new.add_argument("--amount", required=True, metavar="AMOUNT")
    new.add_argument("--mission", metavar="ID")
    new.add_argument("--description", metavar="TEXT")
    new.add_argument("--send", action="store_true", help="issue it now (not a draft)")
    new.add_argument("--date", metavar="YYYY-MM-DD", help="issue date with --send")
    for name, func, text in (
        ("send", cmd_invoice_send, "issue a draft: sets issue and due dates"),
        ("paid", cmd_invoice_paid, "mark paid: records the income and its split"),
        ("void", cmd_invoice_void, "cancel an unpaid invoice (it keeps its number)"),
    ):
        action = add_command(actions, name, func, text)
        action.add_argument("number", metavar="N")
        if name != "void":
            action.add_argument("--date", metavar="YYYY-MM-DD")

    payouts = add_command(sub, "payouts", cmd_payouts, "the next payouts: covered or short")
    payouts.add_argument("--weeks", default="12", metavar="N", help="how many (12, at most 520)")
    payouts.add_argument("--json", action="store_true", help="print JSON")
    payout = add_command(sub, "payout", None, "confirm or hold the next payout")
    pay_actions = payout.add_subparsers(title="actions", metavar="ACTION", required=True)
    confirm = add_command(pay_actions, "confirm", cmd_payout_confirm, "record the next payout")
    confirm.add_argument("--early", action="store_true", help="pay it today, before its date")
    hold = add_command(pay_actions, "hold", cmd_payout_hold, "skip the next payout")
    hold.add_argument("--reason", required=True, metavar="TEXT")

    fc = add_command(sub, "forecast", cmd_forecast, "balances week by week, the lowest point")
    fc.add_argument("--weeks", default="12", metavar="N", help="how many (12, at most 520)")
    fc.add_argument("--json", action="store_true", help="print JSON")

    recurring = add_command(sub, "recurring", cmd_recurring, "list or add recurring costs")
    recurring.add_argument("--json", action="store_true", help="print JSON")
    rec_actions = recurring.add_subparsers(title="actions", metavar="ACTION")
    rec_add = add_command(rec_actions, "add", cmd_recurring_add, "a cost on a calendar")
    rec_add.add_argument("description", metavar="TEXT")
    rec_add.add_argument("amount", metavar="AMOUNT")
    rec_add.add_argument("--rule", required=True, metavar="RRULE", help="e.g. FREQ=MONTHLY")
    rec_add.add_argument("--start", metavar="YYYY-MM-DD", help="the first date (today)")
    rec_add.add_argument("--envelope", default=ledger.COSTS, metavar="E")
