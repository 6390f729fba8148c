"""Retainer commands (issue 14 part 4): ``retainer add|list|end|deliver|accept|decline`` and
the time of ``log --retainer``. The use cases are ``business.retainers``; this module parses
what is typed and prints the answers.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from typing import Any

from homeops.cli.common import (
    Context,
    Passphrases,
    UserError,
    add_command,
    known_client,
    open_business,
    print_json,
    user_amount,
    user_count,
    user_date,
    user_id,
    user_line,
    user_minutes,
)
from homeops.cli.tables import Column, print_table
from homeops.rules.hours import format_minutes
from homeops.rules.offers import COUNT_MAX
from homeops.rules.retainers import Proposal, Retainer, Use, rule_of
from homeops.rules.rule_words import in_words
from homeops.rules.text import NAME_MAX, shown
from homeops.services.retainers import RetainerLine, RetainerRefused

LIST_COLUMNS = (
    Column("ID", right=True), Column("Client"), Column("Title", shrink=True),
    Column("Price", right=True), Column("This period"), Column("Next invoice"), Column("Status"),
)  # fmt: skip


def _today(ctx: Context) -> dt.date:
    return dt.date.today()


def period_rule(text: str) -> str:
    """``monthly`` -> ``FREQ=MONTHLY``; an RRULE as typed (upper case)."""
    return rule_of(user_line(text.strip(), "--every"))


def _use_json(use: Use | None) -> dict[str, Any] | None:
    if use is None:
        return None
    return {
        "period_start": use.period.start.isoformat(),
        "period_end": use.period.end.isoformat(),
        "minutes": use.minutes,
        "limit_minutes": use.limit_minutes,
        "deliverables": use.deliverables,
        "limit_deliverables": use.limit_deliverables,
        "state": use.state,
    }


def _line_json(line: RetainerLine) -> dict[str, Any]:
    retainer = dataclasses.asdict(line.retainer)
    return {
        **retainer,
        "every": in_words(line.retainer.rule),
        "status": line.status,
        "client_erased": line.client_erased,
        "use": _use_json(line.use),
        "next_invoice": line.next_invoice.isoformat() if line.next_invoice else None,
        "rate_cents": line.rate_cents,
        "warning": line.warning,
    }


def _state(line: RetainerLine) -> str:
    if line.status != "active":
        return line.status_text
    return line.warning or "ok"


def _proposal_text(ctx: Context, retainer_id: int, number: int, proposal: Proposal) -> str:
    parts = [format_minutes(proposal.minutes)] if proposal.minutes else []
    if proposal.deliverables:
        parts.append(f"{proposal.deliverables} deliverable(s)")
    money = ctx.format_money(proposal.amount_cents)
    return (
        f"proposal {number} on retainer #{retainer_id}: {' and '.join(parts)} over the limit "
        f"of the period from {proposal.period}, {money}; {proposal.status}"
    )


# -- commands --------------------------------------------------------------------------------


def cmd_retainer_add(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    today = _today(ctx)
    alias = user_line(args.client.strip(), "the client", NAME_MAX)
    title = user_line(args.title.strip(), "the title")
    price = user_amount(ctx, args.price, "--price", positive=True)
    rule = period_rule(args.every)
    minutes = 0
    if args.hours is not None:
        minutes = user_minutes(args.hours, "--hours")
    deliverables = (
        user_count(args.deliverables, "--deliverables", COUNT_MAX)
        if args.deliverables is not None
        else 0
    )
    if not minutes and not deliverables:
        raise UserError("a retainer needs a limit: --hours and/or --deliverables per period")
    start = user_date(args.start, "--start") if args.start else today
    until = user_date(args.until, "--until")
    retainer = Retainer(
        alias, title, price, rule, start.isoformat(), until.isoformat(),
        limit_minutes=minutes, limit_deliverables=deliverables,
    )  # fmt: skip
    with open_business(ctx, phrases) as business:
        known_client(business.cashbook.check_client, alias)
        try:
            retainer = business.retainers.add(retainer, today=today)
        except RetainerRefused as exc:
            raise UserError(str(exc)) from None
        warning = business.retainers.capacity(retainer, today)[1]
        raised = business.retainers.raise_due(today)
    limits = []
    if minutes:
        limits.append(format_minutes(minutes))
    if deliverables:
        limits.append(f"{deliverables} deliverable(s)")
    print(
        f"retainer #{retainer.id}: {shown(title)} for {alias}, {ctx.format_money(price)} "
        f"{in_words(rule)} for at most {' and '.join(limits)}, {start} to {until}"
    )
    for invoice in raised:
        print(f"draft invoice {invoice.label}: period from {invoice.period}")
    if warning:
        print(warning)
    return 0


def cmd_retainer_list(ctx: Context, phrases: Passphrases) -> int:
    today = _today(ctx)
    with open_business(ctx, phrases) as business:
        raised = business.retainers.raise_due(today)  # each period started: its draft
        lines = business.retainers.lines(today)
    if ctx.args.json:
        print_json(
            {
                "retainers": [_line_json(line) for line in lines],
                "raised": [i.label for i in raised],
            }
        )
        return 0
    for invoice in raised:
        print(f"draft invoice {invoice.label}: retainer #{invoice.retainer_id}, "
              f"period from {invoice.period}")  # fmt: skip
    if not lines:
        print("no retainers (homeops retainer add CLIENT TITLE --price … --hours …)")
        return 0
    rows = []
    for line in lines:
        r = line.retainer
        rows.append([
            f"#{r.id}", r.client_alias, r.title, ctx.format_money(r.price_cents),
            line.use.text() if line.use else "-",
            line.next_invoice.isoformat() if line.next_invoice else "-", _state(line),
        ])  # fmt: skip
    print_table(LIST_COLUMNS, rows)
    for line in lines:
        for number, proposal in enumerate(line.retainer.proposals, 1):
            if proposal.status == "proposed":
                assert line.retainer.id is not None
                print(_proposal_text(ctx, line.retainer.id, number, proposal))
    return 0


def cmd_retainer_end(ctx: Context, phrases: Passphrases) -> int:
    retainer_id = user_id(ctx.args.id, "retainer")
    on = user_date(ctx.args.on, "--on") if ctx.args.on else _today(ctx)
    with open_business(ctx, phrases) as business:
        try:
            ended = business.retainers.end(retainer_id, on)
        except LookupError:
            raise UserError(f"no retainer with id {retainer_id}") from None
        except RetainerRefused as exc:
            raise UserError(str(exc)) from None
    print(f"retainer #{retainer_id} ends on {on}: no period starts after it")
    for invoice in ended.voided:
        print(f"voided draft invoice {invoice.label}: period from {invoice.period}")
    for invoice in ended.kept:
        print(f"left invoice {invoice.label} ({invoice.status}): period from {invoice.period}, "
              "after the end; a credit note is yours to make")  # fmt: skip
    return 0


def cmd_retainer_deliver(ctx: Context, phrases: Passphrases) -> int:
    retainer_id = user_id(ctx.args.id, "retainer")
    today = _today(ctx)
    day = user_date(ctx.args.date, "--date") if ctx.args.date else today
    with open_business(ctx, phrases) as business:
        try:
            use, proposal = business.retainers.deliver(
                retainer_id, day, today=today, propose=ctx.args.propose
            )
        except LookupError:
            raise UserError(f"no retainer with id {retainer_id}") from None
        except RetainerRefused as exc:
            raise UserError(str(exc)) from None
        number = len(business.retainers.get(retainer_id).proposals)
    print(f"delivered on retainer #{retainer_id} on {day}: {use.text()} this period")
    if proposal is not None:
        print(_proposal_text(ctx, retainer_id, number, proposal))
    return 0


def _decide(ctx: Context, phrases: Passphrases, accept: bool) -> int:
    retainer_id = user_id(ctx.args.id, "retainer")
    number = user_count(ctx.args.number, "the proposal", COUNT_MAX, 1)
    with open_business(ctx, phrases) as business:
        try:
            invoice = business.retainers.decide(retainer_id, number, accept, _today(ctx))
        except LookupError:
            raise UserError(f"no retainer with id {retainer_id}") from None
        except RetainerRefused as exc:
            raise UserError(str(exc)) from None
    if invoice is not None:
        print(f"proposal {number} accepted: draft invoice {invoice.label}, "
              f"{ctx.format_money(invoice.amount_cents)}")  # fmt: skip
    else:
        word = "accepted" if accept else "declined: the time stays logged, unbilled"
        print(f"proposal {number} {word}")
    return 0


def cmd_retainer_accept(ctx: Context, phrases: Passphrases) -> int:
    return _decide(ctx, phrases, True)


def cmd_retainer_decline(ctx: Context, phrases: Passphrases) -> int:
    return _decide(ctx, phrases, False)


def log_retainer(ctx: Context, phrases: Passphrases, minutes: int, day: dt.date, note: str) -> int:
    """``homeops log 2h --retainer ID [--propose]``: time within the period's limit, or
    refused past it unless proposed."""
    retainer_id = user_id(ctx.args.retainer, "--retainer")
    with open_business(ctx, phrases) as business:
        try:
            done = business.retainers.log_time(
                retainer_id, minutes, day, today=_today(ctx), note=note,
                propose=ctx.args.propose,
            )  # fmt: skip
        except LookupError:
            raise UserError(f"no retainer with id {retainer_id}") from None
        except RetainerRefused as exc:
            raise UserError(str(exc)) from None
        number = len(business.retainers.get(retainer_id).proposals)
    print(f"logged {format_minutes(minutes)} on retainer #{retainer_id} on {day}: "
          f"{done.use.text()} this period")  # fmt: skip
    if done.proposal is not None:
        print(_proposal_text(ctx, retainer_id, number, done.proposal))
        print(f"  accept: homeops retainer accept {retainer_id} {number}")
    elif done.use.state == "near":
        print("warning: near the limit (80 % or more of this period's hours)")
    return 0


# -- parser ----------------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    retainer = add_command(sub, "retainer", None, "recurring work with clear limits")
    actions = retainer.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = add_command(actions, "add", cmd_retainer_add, "a recurring package for a client")
    add.add_argument("client", metavar="CLIENT", help="the client's alias")
    add.add_argument("title", metavar="TITLE", help="what it covers: 'Monthly support'")
    add.add_argument("--price", required=True, metavar="AMOUNT", help="the price per period")
    add.add_argument(
        "--every", required=True, metavar="PERIOD",
        help="weekly, monthly, quarterly, yearly or an RRULE (FREQ=MONTHLY;BYMONTHDAY=1)",
    )  # fmt: skip
    add.add_argument("--hours", metavar="HOURS", help="hours per period: 10, 2h30")
    add.add_argument("--deliverables", metavar="N", help="deliverables per period")
    add.add_argument("--start", metavar="YYYY-MM-DD", help="the first period's day (today)")
    add.add_argument("--until", required=True, metavar="YYYY-MM-DD", help="the term's last day")

    listing = add_command(
        actions, "list", cmd_retainer_list, "retainers, this period's use, next invoice"
    )
    listing.add_argument("--json", action="store_true", help="print JSON")

    end = add_command(actions, "end", cmd_retainer_end, "end a retainer early")
    end.add_argument("id", metavar="ID", help="its id (homeops retainer list)")
    end.add_argument("--on", metavar="YYYY-MM-DD", help="its last day (default: today)")

    deliver = add_command(actions, "deliver", cmd_retainer_deliver, "count one deliverable")
    deliver.add_argument("id", metavar="ID", help="its id")
    deliver.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    deliver.add_argument(
        "--propose", action="store_true", help="past the limit: propose it as extra work"
    )
    for name, command, words in (
        ("accept", cmd_retainer_accept, "accept a proposal: a draft invoice for the extra"),
        ("decline", cmd_retainer_decline, "decline a proposal: the extra is not billed"),
    ):
        decide = add_command(actions, name, command, words)
        decide.add_argument("id", metavar="ID", help="the retainer's id")
        decide.add_argument("number", metavar="N", help="the proposal's number (retainer list)")
