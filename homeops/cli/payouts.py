"""Payout and forecast commands: ``payouts``, ``payout confirm|hold|release``, ``forecast``,
and the recurring costs the forecast counts (``recurring [add]``).

The schedule and the forecast are computed by the cashbook (``homeops.services.cashbook``)
from the settings in effect; a payout rule that never fires is one line naming the key. A
payout the pay envelope does not cover is refused by the cashbook (``NotCovered``), with the
numbers; this face adds the ways out as commands.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from homeops.cli.common import (
    Context,
    Passphrases,
    UserError,
    add_command,
    open_business,
    print_json,
    reads,
    user_count,
    user_line,
)
from homeops.cli.money_args import (
    amount,
    check_shares,
    day,
    envelope,
    memo,
    override_reason,
    plain,
    today,
)
from homeops.cli.tables import Column, print_table
from homeops.rules import ledger
from homeops.rules.forecast import RecurringCost, bar
from homeops.rules.payouts import PayoutLine, RuleNeverFires, occurrences, payout_note
from homeops.rules.rule_words import in_words
from homeops.rules.text import shown
from homeops.services.reads import BOARD_MISSIONS

if TYPE_CHECKING:
    from homeops.services.cashbook import Cashbook, MoneyOutlook


def compute_outlook(
    ctx: Context, book: Cashbook, weeks: int = 12, payouts: int = 12, until: date | None = None
) -> MoneyOutlook:
    """The payout schedule and forecast for the settings in effect; one-line errors."""
    check_shares(ctx)
    try:
        return book.outlook(today(ctx), payouts=payouts, weeks=weeks, until=until)
    except RuleNeverFires as exc:
        raise UserError(f"payout.rule: {exc}") from None


WEEKS_MAX = 520  # --weeks of payouts and forecast: ten years


def _weeks(ctx: Context) -> int:
    return user_count(ctx.args.weeks, "--weeks", WEEKS_MAX, 1)


def next_payout(view: MoneyOutlook) -> PayoutLine:
    """The first payout still to pay (the held ones wait for ``payout release``)."""
    return next(line for line in view.payouts if line.pending)


#: What the money outlook reads (payouts and forecast): the ledger's figures (its summary,
#: "ledger_sums", not its entries: issue 18) and invoices, the plan's finish dates (the
#: missions on the board, time, calendar, pins, retainers, clients), the payout calendar.
#: A draft invoice of an archived mission is due after that mission's terms: asked for, the
#: archived missions are read then (storage/board_table.py).
OUTLOOK_TABLES = ("calendar", "clients", "invoices", "ledger_sums", BOARD_MISSIONS, "payouts",
                  "pins", "recurring", "retainers", "timelog")  # fmt: skip


@reads(*OUTLOOK_TABLES)
def cmd_payouts(ctx: Context, phrases: Passphrases) -> int:
    weeks = _weeks(ctx)
    until = today(ctx) + timedelta(weeks=weeks)  # the payouts due in the next N weeks
    with open_business(ctx, phrases, read_only=True) as business:
        view = compute_outlook(ctx, business.cashbook, until=until)
    cushion = view.cushion
    payout = ctx.settings.payout
    words = f"{in_words(payout.rule)}, {ctx.format_money(payout.amount_cents)}"
    if ctx.args.json:
        data = {
            "currency": ctx.settings.money.currency,
            "rule": payout.rule,
            "rule_in_words": words,
            "pay_balance": view.balances.get(ledger.PAY, 0),
            "cushion": {**asdict(cushion), "under_target": cushion.under_target},
            "payouts": [
                {**asdict(line), "note": payout_note(line, cushion.balance_cents,
                                                     ctx.format_money)}
                for line in view.payouts
            ],
        }  # fmt: skip
        print_json(data)
        return 0
    print(f"payout {words}")
    rows = []
    for line in view.payouts:
        now = "held" if line.held else "covered" if line.covered else "SHORT"
        later = "" if line.held else "covered" if line.covered_expected else "SHORT"
        # the console's words (--json has the whole sentences)
        notes = [payout_note(line, cushion.balance_cents, ctx.format_money, brief=True)]
        notes += ["due"] if line.due else []
        notes += ["hold suggested"] if line.hold else []
        rows.append([line.date, ctx.format_money(line.pay_after_cents), now, later,
                     "; ".join(n for n in notes if n)])  # fmt: skip
    if rows:  # each payout's amount is the rule's, above; the note (a hold's reason is
        # data) is the one column shortened to fit the terminal
        print_table(
            (Column("date"), Column("pay after", right=True), Column("now"),
             Column("expected"), Column("note", shrink=True)),
            rows,
        )  # fmt: skip
        print("now: the pay envelope as it is; expected: once the payments expected before")
        print("the payout arrive (the forecast's view)")
    else:
        print(f"no payout due in the next {weeks} week{'s' if weeks > 1 else ''}")
    print(
        f"cushion {ctx.format_money(cushion.balance_cents)} of a "
        f"{ctx.format_money(cushion.target_cents)} target ({cushion.target_months} months of "
        "costs + pay)"
    )
    if cushion.under_target:
        print("the cushion is under its target: holding the next payout is suggested")
    return 0


def cmd_payout_confirm(ctx: Context, phrases: Passphrases) -> int:
    from homeops.services.errors import NotCovered

    now = today(ctx)
    override = override_reason(ctx.args.override)
    with open_business(ctx, phrases) as business:
        book = business.cashbook
        line = next_payout(compute_outlook(ctx, book, payouts=1))
        if line.date > now.isoformat() and not ctx.args.early:
            raise UserError(f"the next payout is on {line.date}; pass --early to pay it today")
        try:
            book.confirm_payout(line.date, line.amount_cents, override=override,
                                paid_on=min(line.date, now.isoformat()))  # fmt: skip
        except NotCovered as exc:
            early = " --early" if ctx.args.early else ""
            # A transfer is suggested only when the cushion holds what is missing.
            move = (f"`homeops transfer {plain(exc.missing)} --from {ledger.CUSHION} --to "
                    f"{exc.envelope} --reason TEXT` then confirm, " if exc.from_cushion
                    else "")  # fmt: skip
            raise UserError(
                f"payout not recorded: {exc}: `homeops payout hold --reason TEXT`, {move}or "
                f"`homeops payout confirm{early} --override REASON`"
            ) from None
    kept = " (override kept in the entry)" if override else ""
    print(f"payout of {line.date} recorded: {ctx.format_money(line.amount_cents)} from pay{kept}")
    return 0


def cmd_payout_hold(ctx: Context, phrases: Passphrases) -> int:
    reason = memo(ctx.args.reason, "--reason")
    if not reason.strip():
        raise UserError("holding a payout needs a reason")
    with open_business(ctx, phrases) as business:
        book = business.cashbook
        line = next_payout(compute_outlook(ctx, book, payouts=1))
        book.hold_payout(line.date, line.amount_cents, reason)
    print(f"payout of {line.date} held: the money stays in pay "
          f"(`homeops payout release {line.date}` brings it back)")  # fmt: skip
    return 0


def cmd_payout_release(ctx: Context, phrases: Passphrases) -> int:
    from homeops.services.errors import ReleaseRefused

    held_on = day(ctx, ctx.args.date, "DATE")
    with open_business(ctx, phrases) as business:
        try:
            business.cashbook.release_payout(held_on, today(ctx))
        except ReleaseRefused as exc:
            raise UserError(f"not released: {exc}") from None
    print(f"payout of {held_on} released: it is due again (`homeops payouts` shows it)")
    return 0


@reads(*OUTLOOK_TABLES)
def cmd_forecast(ctx: Context, phrases: Passphrases) -> int:
    weeks = _weeks(ctx)
    with open_business(ctx, phrases, read_only=True) as business:
        view = compute_outlook(ctx, business.cashbook, weeks=weeks)
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


@reads("recurring")
def cmd_recurring(ctx: Context, phrases: Passphrases) -> int:
    with open_business(ctx, phrases, read_only=True) as business:
        costs = business.cashbook.recurring_costs()
    if ctx.args.json:
        print_json([asdict(c) for c in costs])
        return 0
    if not costs:
        print("no recurring costs")
        return 0
    print_table(
        (Column("id", right=True), Column("recurring cost", shrink=True),
         Column("amount", right=True), Column("envelope"), Column("when", shrink=True)),
        [[str(c.id), c.description, ctx.format_money(c.amount_cents), c.envelope,
          in_words(c.rule)] for c in costs],
    )  # fmt: skip
    return 0


def cmd_recurring_add(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    description = user_line(args.description.strip(), "the description")
    cents = amount(ctx, args.amount)
    start = day(ctx, args.start, "--start")
    drawn_on = envelope(ctx, args.envelope)
    rule = user_line(args.rule, "--rule")
    try:
        occurrences(rule, date.fromisoformat(start), 1)
    except ValueError as exc:
        raise UserError(str(exc).replace("payout rule", "rule")) from None
    if not description:
        raise UserError("a recurring cost needs a description")
    cost = RecurringCost(description, cents, rule, start, drawn_on, ctx.settings.money.currency)
    with open_business(ctx, phrases) as business:
        business.cashbook.add_recurring(cost)
    print(f"recurring cost {cost.id} added: {shown(cost.description)}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    payouts = add_command(sub, "payouts", cmd_payouts, "the coming payouts: covered or short")
    payouts.add_argument(
        "--weeks",
        default="12",
        metavar="N",
        help="the payouts due in the next N weeks, held ones included (12, at most 520)",
    )
    payouts.add_argument("--json", action="store_true", help="print JSON")
    payout = add_command(sub, "payout", None, "confirm or hold the next payout")
    pay_actions = payout.add_subparsers(title="actions", metavar="ACTION", required=True)
    confirm = add_command(pay_actions, "confirm", cmd_payout_confirm, "record the next payout")
    confirm.add_argument("--early", action="store_true", help="pay it today, before its date")
    confirm.add_argument(
        "--override",
        metavar="REASON",
        help="pay it although pay lacks the money (the reason is kept)",
    )
    hold = add_command(pay_actions, "hold", cmd_payout_hold, "skip the next payout")
    hold.add_argument("--reason", required=True, metavar="TEXT")
    release = add_command(
        pay_actions,
        "release",
        cmd_payout_release,
        "drop the hold on a held payout: it is due again",
    )
    release.add_argument("date", metavar="DATE", help="the held payout's date (YYYY-MM-DD)")

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
