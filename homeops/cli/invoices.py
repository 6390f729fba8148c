"""Invoice commands: ``invoices`` (the list) and ``invoice add|show|send|paid|void``.

Numbers come without gaps from the series; an invoice marked paid records its income and
split in the same durable change (``homeops.services.cashbook``).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from homeops.cli.common import (
    Context,
    Passphrases,
    UserError,
    add_command,
    known_client,
    maybe_id,
    open_business,
    print_json,
    reads,
    user_line,
)
from homeops.cli.money_args import (
    amount,
    check_shares,
    day,
    invoice_number,
    memo,
    override_reason,
    paid_twice,
    today,
)
from homeops.cli.tables import Column, print_table
from homeops.rules import invoices as inv
from homeops.rules.invoice_dates import DateProblem, DraftNotIssued, OutOfOrder, series_problems
from homeops.rules.text import NAME_MAX, shown
from homeops.services.reads import BOARD_MISSIONS

if TYPE_CHECKING:
    from homeops.services import Business


def _invoice_json(invoice: inv.Invoice, on: date) -> dict[str, Any]:
    return {
        **asdict(invoice),
        "label": invoice.label,
        "shown_status": inv.status_on(invoice, on),
        "credit_label": _credit(invoice) or None,
    }


def _credit(invoice: inv.Invoice) -> str:
    """``AV-0001`` beside a void invoice that has its credit note, else ""."""
    return inv.credit_label(invoice.credit_note) if invoice.credit_note is not None else ""


# ledger_sums: the ledger's figures; timelog: what a delivered hourly mission's time bills;
# the board's missions: the invoices carry their own terms, the money owed is the board's.
@reads("clients", "invoices", "ledger_sums", BOARD_MISSIONS, "retainers", "timelog")
def cmd_invoices(ctx: Context, phrases: Passphrases) -> int:
    now = today(ctx)
    with open_business(ctx, phrases, read_only=True) as business:
        invoices = business.cashbook.invoices()
        # Not invoices, but money to ask for: listed with the whole list (issue 13).
        owed = [] if ctx.args.status else business.cashbook.delivered_not_invoiced(now)
    wanted = ctx.args.status
    if wanted == OPEN:  # the console's "open": drafts and sent ones, overdue included
        invoices = [i for i in invoices if i.status in inv.OPEN]
    elif wanted:
        invoices = [i for i in invoices if inv.status_on(i, now) == wanted]
    if ctx.args.json:  # what the text lists: the invoices, then the money to ask for
        print_json({
            "invoices": [_invoice_json(i, now) for i in invoices],
            "delivered_not_invoiced": [
                {"mission_id": m.mission_id, "title": m.title, "client_alias": m.client_alias,
                 "amount_cents": m.fee_cents, "delivered_on": m.delivered_on or None,
                 "expected_on": m.expected_on.isoformat()}
                for m in owed
            ],
        })  # fmt: skip
        return 0
    if not invoices:
        print("no invoices" + (f" {wanted}" if wanted else ""))
    else:
        print_table(
            INVOICE_COLUMNS,
            [
                [i.label, inv.status_on(i, now), i.client_alias, i.due or "-",
                 ctx.format_money(i.amount_cents),
                 " ".join(filter(None, (_credit(i), i.description)))]
                for i in invoices
            ],
        )  # fmt: skip
    if owed:
        total = ctx.format_money(sum(m.fee_cents for m in owed))
        print(f"\ndelivered, not invoiced: {len(owed)} mission{'s' if len(owed) != 1 else ''}, "
              f"{total} (invoice add --mission ID)")  # fmt: skip
        print_table(
            OWED_COLUMNS,
            [[f"#{m.mission_id}", m.client_alias, m.delivered_on or "-",
              m.expected_on.isoformat(), ctx.format_money(m.fee_cents), m.title]
             for m in owed],
        )  # fmt: skip
    return 0


OPEN = "open"
# No issue date: at 80 columns it would leave the description ten cells (--json has it).
INVOICE_COLUMNS = (
    Column("invoice"),
    Column("status"),
    Column("client"),
    Column("due"),
    Column("amount", right=True),
    Column("description", shrink=True),
)


OWED_COLUMNS = (
    Column("mission"),
    Column("client"),
    Column("delivered"),
    Column("expected"),
    Column("fee", right=True),
    Column("title", shrink=True),
)


@reads("clients", "invoices", "missions", "timelog")
def cmd_invoice_add(ctx: Context, phrases: Passphrases) -> int:
    """A new invoice; with ``--mission`` and no ``--amount`` it is drafted from the mission's
    lines (``Cashbook.next_invoice_of``), an amount typed is billed as typed."""
    args = ctx.args
    cents = amount(ctx, args.amount, "--amount") if args.amount is not None else None
    alias = user_line(args.client.strip(), "--client", NAME_MAX) if args.client else ""
    mission_id = maybe_id(args.mission, "--mission")
    if cents is None and mission_id is None:
        raise UserError("an invoice needs --amount, or --mission ID to draft it from the mission")
    if not alias and mission_id is None:
        raise UserError("an invoice needs a client alias")
    text = memo(args.description, "--description")
    send_on = date.fromisoformat(day(ctx, args.date)) if args.send else None
    reason = override_reason(args.override)
    if reason and cents is None:
        raise UserError("--override goes with --amount (a drafted invoice bills what is left)")
    with open_business(ctx, phrases) as business:
        book = business.cashbook
        if mission_id is not None:
            try:
                mission = book.mission(mission_id)
            except LookupError:
                raise UserError(f"no mission with id {mission_id}") from None
            alias = alias or mission.client_alias
        known_client(book.check_client, alias)
        if cents is None:
            assert mission_id is not None
            try:
                invoice = book.next_invoice_of(mission_id, today(ctx))
            except inv.InvoiceRefused as exc:
                raise UserError(str(exc)) from None
            invoice.client_alias, invoice.description = alias, text or invoice.description
        else:
            invoice = inv.Invoice(0, alias, cents, text, ctx.settings.money.currency, mission_id)
        try:
            book.new_invoice(invoice, send_on=send_on, override=reason, now=today(ctx))
        except OutOfOrder as exc:  # the series' order: no override
            raise UserError(str(exc)) from None
        except inv.InvoiceRefused as exc:
            raise UserError(f"{exc} (or add --override REASON)") from None
    print(
        f"{invoice.label} {invoice.status} for {shown(invoice.client_alias)}: "
        f"{ctx.format_money(invoice.amount_cents)}"
        + (f", due {invoice.due}" if invoice.due else "")
    )
    if invoice.lines:
        _print_lines(ctx, invoice)
    return 0


LINE_COLUMNS = (Column("line", shrink=True), Column("amount", right=True))


def _print_lines(ctx: Context, invoice: inv.Invoice) -> None:
    lines = invoice.lines or [inv.InvoiceLine(invoice.description or "-", invoice.amount_cents)]
    print_table(LINE_COLUMNS, [[line.text, ctx.format_money(line.amount_cents)]
                               for line in lines])  # fmt: skip


@reads("invoices")
def cmd_invoice_show(ctx: Context, phrases: Passphrases) -> int:
    number = invoice_number(ctx.args.number)
    now = today(ctx)
    with open_business(ctx, phrases, read_only=True) as business:
        try:
            invoice = business.cashbook.invoice(number)
        except LookupError:
            raise UserError(f"no invoice {inv.label(number)}") from None
    if ctx.args.json:
        print_json(_invoice_json(invoice, now))
        return 0
    kind = {"deposit": "deposit ", "retainer": "retainer "}.get(invoice.kind, "")
    money = ctx.format_money(invoice.amount_cents)
    print(
        f"{invoice.label} {kind}invoice, {inv.status_on(invoice, now)}, "
        f"for {shown(invoice.client_alias)}: {money}"
    )
    facts = [
        f"mission #{invoice.mission_id}" if invoice.mission_id is not None else "",
        f"issued {invoice.issued}" if invoice.issued else "",
        f"due {invoice.due}" if invoice.due else "",
        f"paid {invoice.paid_on}" if invoice.paid_on else "",
        f"credit note {_credit(invoice)} of {invoice.credited_on or '?'}"
        if _credit(invoice)
        else "",
    ]
    if any(facts):
        print(", ".join(f for f in facts if f))
    if invoice.description and invoice.lines:
        print(shown(invoice.description))
    _print_lines(ctx, invoice)
    return 0


def _change_invoice(ctx: Context, phrases: Passphrases, action: str) -> int:
    from homeops.services.errors import PaidTwice

    number = invoice_number(ctx.args.number)
    on = date.fromisoformat(day(ctx, getattr(ctx.args, "date", None)))  # checked by day()
    check_shares(ctx)
    reason = override_reason(ctx.args.override)  # every action has --override
    with open_business(ctx, phrases) as business:
        book = business.cashbook
        try:
            invoice = book.invoice(number)
        except LookupError:
            raise UserError(f"no invoice {inv.label(number)}") from None
        try:
            if action == "paid":
                invoice, _entries = book.pay_invoice(number, paid_on=on, override=reason,
                                                     now=today(ctx))  # fmt: skip
            elif action == "send":
                invoice = book.send_invoice(invoice, on, now=today(ctx), override=reason)
            else:
                invoice = book.void_invoice(invoice, on, now=today(ctx), override=reason)
        except DraftNotIssued as exc:  # the day given is the payment's (review r2a #2)
            raise UserError(_send_first(number, exc.problem)) from None
        except OutOfOrder as exc:
            way = " (add --override REASON; the reason is kept)" if exc.stuck else ""
            raise UserError(f"{exc}{way}") from None
        except inv.InvoiceRefused as exc:
            raise UserError(str(exc)) from None
        except PaidTwice as exc:
            raise UserError(f"{inv.label(number)} not paid: {paid_twice(exc)}") from None
    extra = f", due {invoice.due}" if action == "send" else ""
    if invoice.credit_note is not None and action == "void":
        extra = f", credit note {inv.credit_label(invoice.credit_note)}"
    print(f"{invoice.label} {invoice.status}{extra}")
    return 0


def _send_first(number: int, problem: DateProblem) -> str:
    """A draft marked paid on a day it cannot be issued: send it first, then pay it."""
    if problem.allowed:
        send = f"with its issue date (homeops invoice send {number} --date {problem.allowed})"
    else:  # no day fits: only an override sends it
        send = f"(homeops invoice send {number} --override REASON)"
    return f"{problem.why}; send it first {send}, then mark it paid"


def series_notices(business: Business, on: date) -> list[str]:
    """The invoice and credit-note series' dates in the future or out of order, one notice a
    line on stderr (``check``, ``import``: numbers and dates only); the lines printed."""
    lines = [f"invoice series: {line}"
             for line in series_problems(business.cashbook.invoices(), on)]  # fmt: skip
    for line in lines:
        print(f"homeops: {line}", file=sys.stderr)
    return lines


def cmd_invoice_send(ctx: Context, phrases: Passphrases) -> int:
    return _change_invoice(ctx, phrases, "send")


def cmd_invoice_paid(ctx: Context, phrases: Passphrases) -> int:
    return _change_invoice(ctx, phrases, "paid")


def cmd_invoice_void(ctx: Context, phrases: Passphrases) -> int:
    return _change_invoice(ctx, phrases, "void")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    invoices = add_command(sub, "invoices", cmd_invoices, "list the invoices")
    invoices.add_argument("--json", action="store_true", help="print JSON")
    invoices.add_argument(
        "--status",
        choices=(OPEN, *inv.STATUSES),
        help="open: every invoice not yet paid nor void (drafts, sent and overdue ones)",
    )
    invoice = add_command(sub, "invoice", None, "add, send, mark paid or void an invoice")
    actions = invoice.add_subparsers(title="actions", metavar="ACTION", required=True)
    new = add_command(actions, "add", cmd_invoice_add, "a new invoice, next number in the series")
    new.add_argument("--client", metavar="ALIAS", help="whom to bill (default: the mission's)")
    new.add_argument("--amount", metavar="AMOUNT", help="default with --mission: drafted from it")
    new.add_argument("--mission", metavar="ID", help="bill this mission: fee, changes, deposits")
    new.add_argument("--description", metavar="TEXT")
    new.add_argument("--send", action="store_true", help="issue it now (not a draft)")
    new.add_argument("--date", metavar="YYYY-MM-DD", help="issue date with --send")
    new.add_argument(
        "--override",
        metavar="REASON",
        help="with --mission: bill more than is left to bill (the reason is kept)",
    )
    show = add_command(actions, "show", cmd_invoice_show, "one invoice and its lines")
    show.add_argument("number", metavar="N")
    show.add_argument("--json", action="store_true", help="print JSON")
    for name, func, text in (
        ("send", cmd_invoice_send, "issue a draft: sets issue and due dates"),
        ("paid", cmd_invoice_paid, "mark paid: records the income and its split"),
        ("void", cmd_invoice_void, "cancel an unpaid invoice (it keeps its number)"),
    ):
        action = add_command(actions, name, func, text)
        action.add_argument("number", metavar="N")
        if name != "void":
            action.add_argument("--date", metavar="YYYY-MM-DD")
        else:  # an issued invoice voided gets its credit note (issue 15)
            action.add_argument(
                "--date", metavar="YYYY-MM-DD", help="the credit note's date (default today)"
            )
        if name != "paid":  # a series no day fits (a date in the future): issue 15, fix G5
            action.add_argument(
                "--override",
                metavar="REASON",
                help="when no day fits the series (one dated in the future): date it anyway "
                "(the reason is kept)",
            )
        if name == "paid":
            action.add_argument(
                "--override",
                metavar="REASON",
                help="a real payment past the mission's fee (reason kept)",
            )
