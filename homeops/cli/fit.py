"""``homeops fit``: "can I take this?" — the delivery as ``plan`` will place it, the pay per
real hour, the next payouts with and without the mission, one verdict; ``--accept`` stores it.

The answer is ``business.fit`` (``homeops.services.fit``), shared with the console: this module
parses what is typed and prints the answer.
"""

from __future__ import annotations

import argparse
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
    today_of,
    user_amount,
    user_date,
    user_line,
    user_minutes,
)
from homeops.cli.missions import _hourly as hourly_terms
from homeops.cli.missions import _offer as find_offer
from homeops.rules import hourly
from homeops.rules.capacity import short_day
from homeops.rules.hours import format_minutes
from homeops.rules.money import format_amount
from homeops.rules.numbers import format_percent
from homeops.rules.payouts import PayoutLine
from homeops.rules.text import NAME_MAX, shown
from homeops.services.fit import AlreadyOpen, Decision, FitRequest
from homeops.services.missions import MissionRefused


def _request(ctx: Context) -> tuple[FitRequest, str]:
    """What was typed, checked before the vault opens; the offer's name apart."""
    args = ctx.args
    offer_name = user_line(args.offer, "--offer", NAME_MAX) if args.offer else ""
    if args.effort is None and not offer_name:
        raise UserError("give the effort (12h, 2h30) or --offer NAME")
    effort = None
    if args.effort is not None:
        effort = user_minutes(args.effort, "effort")
        if effort <= 0:
            raise UserError("the effort must be more than zero")
    fee = user_amount(ctx, args.fee, "--fee") if args.fee is not None else None
    deadline = user_date(args.deadline, "--deadline") if args.deadline else None
    alias = user_line(args.client.strip(), "--client", NAME_MAX) if args.client else ""
    title = user_line(args.title.strip(), "--title") if args.title else ""
    rate, cap = hourly_terms(ctx, offer_name, fee)  # hourly: the fee is its cap
    request = FitRequest(effort, cap if rate else fee, deadline, alias, None, title, rate)
    return request, offer_name


def cmd_fit(ctx: Context, phrases: Passphrases) -> int:
    args, settings = ctx.args, ctx.settings
    today = today_of(ctx)
    request, offer_name = _request(ctx)
    with open_business(ctx, phrases, read_only=not args.accept) as business:
        if offer_name:
            offer = find_offer(business.missions, offer_name)
            request = FitRequest(
                request.effort_minutes,
                request.fee_cents,
                request.deadline,
                request.client_alias,
                offer,
                request.title,
                request.hourly_rate_cents,
            )
        known_client(business.missions.check_client, request.client_alias)
        try:
            decision = business.fit.answer(request, today=today)
        except ValueError as exc:  # an offer without an effort estimate
            raise UserError(f"{exc}: give it, e.g. homeops fit 12h --offer NAME") from None
        accepted = deposit = None
        if args.accept:
            try:
                accepted = business.fit.accept(decision)
            except AlreadyOpen as twin:  # accepted twice: the way out named
                raise UserError(f"not added: {twin} (another --title adds a second)") from None
            except MissionRefused as refused:
                raise UserError(str(refused)) from None
            made = accepted.id
            deposit = business.cashbook.deposit_of(made)
    money = settings.money

    def fmt(cents: int) -> str:
        return format_amount(cents, money.currency, money.locale)

    if args.json:
        out = decision_json(decision, fmt)
        out["accepted_id"] = accepted.id if accepted is not None else None
        out["deposit_invoice"] = (
            None
            if deposit is None
            else {"label": deposit.label, "amount_cents": deposit.amount_cents}
        )
        print_json(out)
        return 0 if decision.delivery is not None else 1
    for line in decision_text(decision, fmt, money.locale):
        print(line)
    if accepted is not None:
        print(f"accepted: mission {accepted.id} added to {accepted.stage}: {shown(accepted.title)}")
        if deposit is not None:
            print(f"deposit invoice {deposit.label} drafted: {fmt(deposit.amount_cents)}")
    elif decision.delivery is not None:
        print("to take it: the same command with --accept")
    return 0 if decision.delivery is not None else 1


# -- the answer in words and in JSON ---------------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _payouts_json(lines: tuple[PayoutLine, ...]) -> list[dict[str, Any]]:
    return [
        {
            "date": p.date,
            "amount_cents": p.amount_cents,
            "pay_after_cents": p.expected_after_cents,
            "covered": p.covered_expected,
            "held": p.held,
        }
        for p in lines
    ]


def decision_json(d: Decision, fmt: Any) -> dict[str, Any]:
    """Every figure of the answer: cents, minutes, basis points, ISO dates."""
    m = d.mission
    cash = d.cash
    return {
        "verdict": d.verdict(fmt),
        "fits": d.fits,
        "reasons": d.reasons(fmt),
        "mission": {
            "title": m.title,
            "client": m.client_alias,
            "offer": m.offer,
            "fee_cents": m.fee_cents,
            "hourly_rate_cents": m.hourly_rate_cents,
            "cap_minutes": d.cap_minutes if d.hourly else None,
            "effort_minutes": m.effort_minutes,
            "revision_rounds": m.revision_limit,
            "deadline": m.deadline,
            "terms_days": m.terms_days,
            "deposit_bp": m.deposit_bp,
        },
        "delivery": _iso(d.delivery),
        "meets_deadline": not d.late,
        "allowance_minutes": d.allowance,
        "pushes_late": [
            {
                "id": p.mission_id,
                "title": p.title,
                "deadline": p.deadline.isoformat(),
                "finish_without": _iso(p.before),
                "new_finish": _iso(p.after),
                "days_late": p.days_late,
            }
            for p in d.pushed
        ],
        "without_pushing": _iso(d.without_pushing),
        "money_cents": d.money_cents,
        "per_hour_cents": d.per_hour,
        "fee_given": d.fee_given,
        "floor_cents": d.floor,
        "underpriced_by_cents": d.underpriced_by,
        "non_billable_bp": d.non_billable_bp,
        "per_focus_hour_cents": d.per_focus_hour,
        "cash": None
        if cash is None
        else {
            "payouts_without": _payouts_json(cash.without),
            "payouts_with": _payouts_json(cash.with_it),
            "cushion_cents": cash.cushion_now,
            "lowest_pay_without_cents": cash.lowest_pay_without,
            "lowest_pay_with_cents": cash.lowest_pay_with,
            "lowest_cushion_without_cents": cash.lowest_cushion_without,
            "lowest_cushion_with_cents": cash.lowest_cushion_with,
            "turns_short": cash.turns_short,
        },
        "based_on": {
            "open_missions": d.open_missions,
            "work_left_minutes": d.work_left,
            "billable_minutes_until_delivery": d.billable_until,
            "weeks": d.weeks,
        },
    }


def decision_text(d: Decision, fmt: Any, locale: str) -> list[str]:
    """The answer as ``homeops fit`` prints it: the verdict first, then its figures."""
    m, today = d.mission, d.today
    lines = [shown(d.verdict(fmt))]
    work = format_minutes(d.effort)
    if d.delivery is None:
        lines.append(f"{work} of new work does not fit in the next {d.weeks} weeks.")
    else:
        verb = "would be done by" if d.late else "fits by"
        lines.append(f"{work} of new work {verb} {d.delivery:%A} {d.delivery.isoformat()}.")
    missions = f"{d.open_missions} open mission{'s' * (d.open_missions != 1)}"
    order = "first" if d.deadline is None else "by deadline, yours included"
    until = "until then" if d.delivery is not None else f"in {d.weeks} weeks"
    lines.append(
        f"Based on: {format_minutes(d.work_left)} of work left on {missions}, planned {order}, "
        f"and {format_minutes(d.billable_until)} of billable time {until} (focus hours less "
        "the non-billable share, response windows, fixed blocks and days off)."
    )
    due = f", due {short_day(d.deadline, today)}" if d.deadline is not None else ""
    lines.append(
        f"Planned: {format_minutes(d.effort + d.allowance)} ({work} + "
        f"{format_minutes(d.allowance)} revision allowance){due}, as `homeops plan` will "
        "place it."
    )
    for p in d.pushed:
        late = p.days_late
        now = "beyond the plan" if p.after is None else f"{short_day(p.after, today)}, {late}d late"
        lines.append(
            f"Pushes late: #{p.mission_id} {shown(p.title)} (due "
            f"{short_day(p.deadline, today)}, now {now})"
        )
    if d.pushed:
        safe = d.without_pushing
        lines.append(
            "Without pushing anything: "
            + (short_day(safe, today) if safe else f"not within {d.weeks} weeks")
        )
    floor = f"the floor is {fmt(d.floor)}/h" if d.floor is not None else "no floor"
    per_hour = fmt(d.per_hour or 0)
    if d.hourly:
        cap = hourly.hours_text(d.cap_minutes)
        lines.append(
            f"Pay: {per_hour} per real hour, hourly at {fmt(m.hourly_rate_cents)}/h: "
            f"{fmt(d.money_cents)} for {format_minutes(d.effort)} (cap {cap}, "
            f"{fmt(m.fee_cents)}); {floor}"
        )
    else:
        given = "" if d.fee_given else " — no fee given (--fee AMOUNT, or --offer NAME)"
        lines.append(
            f"Pay: {per_hour} per real hour ({fmt(m.fee_cents)} ÷ "
            f"{format_minutes(d.effort + d.allowance)}){given}; {floor}"
        )
    if d.per_hour is not None and d.per_focus_hour is not None:
        share = format_percent(d.non_billable_bp, locale)
        lines.append(
            f"     {fmt(d.per_focus_hour)} per focus hour once the week's {share} "
            "non-billable time is counted"
        )
    lines += _cash_text(d, fmt, today)
    return lines


def _cash_text(d: Decision, fmt: Any, today: dt.date) -> list[str]:
    cash = d.cash
    if cash is None:
        return ["Payouts: not checked (the payout rule never fires)"]
    lines = [f"Next {len(cash.with_it)} payouts: pay envelope after each, without / with it"]
    before = {p.date: p for p in cash.without}
    for p in cash.with_it:
        old = before.get(p.date)
        day = short_day(dt.date.fromisoformat(p.date), today)
        was = fmt(old.expected_after_cents) if old is not None else "-"
        flag = "" if p.covered_expected else "  short"
        lines.append(
            f"  {day:<16}{fmt(p.amount_cents):>11}{was:>14}{fmt(p.expected_after_cents):>14}{flag}"
        )
    lines.append(
        f"Lowest pay: {fmt(cash.lowest_pay_without)} without, {fmt(cash.lowest_pay_with)} "
        f"with; lowest cushion: {fmt(cash.lowest_cushion_without)} without, "
        f"{fmt(cash.lowest_cushion_with)} with (now {fmt(cash.cushion_now)})"
    )
    return lines


# -- parser ----------------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fit = add_command(
        sub, "fit", cmd_fit, "can I take this? delivery, pay per real hour, payouts, verdict"
    )
    fit.add_argument(
        "effort", metavar="EFFORT", nargs="?", help="hours of work: 12, 12h, 2h30 (or --offer)"
    )
    fit.add_argument("--offer", metavar="NAME", help="a packaged offer: price, effort, lead time")
    fit.add_argument("--fee", metavar="AMOUNT", help="the price offered (default: the offer's)")
    fit.add_argument("--hourly", metavar="RATE", help="hourly work at RATE an hour (needs --cap)")
    fit.add_argument("--cap", metavar="20h|AMOUNT", help="hourly work's cap: hours or money")
    fit.add_argument("--deadline", metavar="YYYY-MM-DD", help="when the client wants it")
    fit.add_argument("--client", metavar="ALIAS", help="whose work it is (their payment terms)")
    fit.add_argument("--title", metavar="T", help="the mission's title (default: the offer's)")
    fit.add_argument("--accept", action="store_true", help="take it: store the mission")
    fit.add_argument("--json", action="store_true", help="print JSON")
