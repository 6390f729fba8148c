"""Planner commands: ``plan``, ``log``, fixed blocks; and the iCalendar export (``fit``
lives in ``homeops.cli.fit``).

The planner's use cases are ``business.planning`` (``homeops.services.planning``), shared
with the console: this module parses what is typed and prints the answers.
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
    maybe_id,
    open_business,
    print_data,
    print_json,
    reads,
    today_of,
    user_date,
    user_id,
    user_line,
    user_minutes,
    write_out,
)
from homeops.cli.fit import register as register_fit
from homeops.cli.retainers import log_retainer
from homeops.cli.tables import Column, print_table
from homeops.config import Settings
from homeops.rules import hourly
from homeops.rules.blocks import (
    SHORTCUT,
    block_rule,
    idle_note,
    next_day,
    rule_words,
)
from homeops.rules.bounds import DATE_MAX, DATE_MIN
from homeops.rules.capacity import (
    FixedBlock,
    Rules,
    parse_week,
    short_day,
    week_label,
    week_start,
)
from homeops.rules.hours import format_minutes
from homeops.rules.money import format_amount
from homeops.rules.retainers import DAY, reserved_in
from homeops.rules.schedule import Schedule, Week
from homeops.rules.text import NAME_MAX, shown
from homeops.rules.timelog import CATEGORIES
from homeops.services.planning import block_problem
from homeops.services.reads import BOARD_MISSIONS

# -- input -----------------------------------------------------------------------------------


def _money(settings: Settings) -> Any:
    money = settings.money
    return lambda cents: format_amount(cents, money.currency, money.locale)


# -- plan ------------------------------------------------------------------------------------


def _week_json(week: Week, schedule: Schedule) -> dict[str, Any]:
    return {
        "week": week_label(week.monday),
        "days": [
            {
                "date": d.day.isoformat(),
                "focus_minutes": d.capacity.focus,
                "blocks_minutes": d.capacity.blocks,
                "reserve_minutes": d.capacity.reserve,
                "windows_minutes": d.capacity.windows,
                "billable_minutes": d.capacity.billable,
                "off": d.capacity.off,
                "logged_minutes": d.logged,
                "planned_minutes": d.planned,
                "non_billable_minutes": d.non_billable,
                "retainer_logged_minutes": d.retainer_logged,
                "retainer_reserved_minutes": d.reserved,
            }
            for d in week.days
        ],
        "missions": [
            {
                "id": r.mission_id,
                "title": r.title,
                "deadline": r.deadline.isoformat() if r.deadline else None,
                "minutes": list(r.minutes),
                "logged_minutes": list(r.logged),
                "pinned": list(r.pinned),
                "late": r.late,
                "remaining_minutes": schedule.remaining(r.mission_id),
            }
            for r in week.rows
        ],
    }


def _cell(minutes: int) -> str:
    return format_minutes(minutes) if minutes else "·"


def week_text(week: Week, windows: str) -> list[str]:
    """The week as a plain-text table (``homeops plan``)."""
    head = [f"{d.day:%a} {d.day.day}" + ("*" if d.capacity.off else "") for d in week.days]
    width = 7
    lines = [f"{'':<28}" + "".join(h.rjust(width) for h in head)]
    for row in week.rows:
        label = f"#{row.mission_id} {shown(row.title)}"
        label = label if len(label) <= 27 else label[:26] + "…"
        flag = "!" if row.late else " "
        lines.append(f"{label:<27}{flag}" + "".join(_cell(m).rjust(width) for m in row.minutes))
    retained = [d.retainer_logged + d.reserved for d in week.days]
    if any(retained):  # retainers: time logged on them, then the hours they keep free
        cells = "".join(_cell(v).rjust(width) for v in retained)
        lines.append(f"{'Retainers (logged, kept)':<28}{cells}")
    for name, values in (
        ("Booked (logged + planned)", [d.booked for d in week.days]),
        ("Billable capacity", [d.capacity.billable for d in week.days]),
        ("Focus", [d.capacity.focus for d in week.days]),
    ):
        lines.append(f"{name:<28}" + "".join(_cell(v).rjust(width) for v in values))
    if any(d.capacity.off for d in week.days):
        lines.append("* day off")
    lines.append(f"Response windows each working day: {windows}")
    return lines


# The plan is of the board's missions (time logged on archived ones counts by the time log).
@reads("calendar", "clients", BOARD_MISSIONS, "pins", "retainers", "timelog")
def cmd_plan(ctx: Context, phrases: Passphrases) -> int:
    settings = ctx.settings
    today = today_of(ctx)
    try:
        monday = parse_week(ctx.args.week) if ctx.args.week else week_start(today)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if not DATE_MIN <= monday <= DATE_MAX:
        raise UserError(f"--week {ctx.args.week.strip()} is out of range: {DATE_MIN} to {DATE_MAX}")
    with open_business(ctx, phrases, read_only=True) as business:
        weeks = max(12, (monday - today).days // 7 + 2)
        schedule = business.planning.schedule(today, weeks=weeks)
    week = schedule.week(monday)
    money = _money(settings)
    rules = schedule.options.rules
    share = schedule.share(rules.reserve_bp)
    under = schedule.underpriced()
    if ctx.args.json:
        out = _week_json(week, schedule)
        out["warnings"] = schedule.plan.warnings
        out["underpriced"] = [
            {"id": m.id, "title": m.title, "fee_cents": c.fee, "floor_cents": c.floor}
            for m, c in under
        ]
        out["minimum_rate_cents"] = schedule.options.rate_cents
        out["non_billable"] = {"real_bp": share.real_bp, "configured_bp": share.configured_bp}
        out["left_today_minutes"] = schedule.left_today()
        out["reserved_minutes"] = reserved_in(schedule.reserved, monday, monday + 6 * DAY)
        out["not_reserved"] = [
            {"retainer": rid, "period_start": start.isoformat(), "minutes": minutes}
            for rid, start, minutes in schedule.reserve_short
        ]
        print_json(out)
        return 0
    end = monday + dt.timedelta(days=6)
    print(f"Week {week_label(monday)} · {short_day(monday)} – {short_day(end)}")
    windows = ", ".join(str(w) for w in settings.capacity.response_windows) or "none"
    if rules.windows:
        windows += f" ({format_minutes(rules.windows)} off the focus hours)"
    for line in week_text(week, windows):
        print(line)
    warnings = schedule.plan.warnings
    print("Warnings:" if warnings else "No warnings: every deadline fits.")
    for line in warnings:
        print(f"  {shown(line)}")
    if schedule.unestimated:
        names = ", ".join(f"#{m.id}" for m in schedule.unestimated)
        print(f"Not planned (no estimate): {names}")
    if schedule.options.rate_cents is not None:
        print(f"Minimum rate per billable hour: {money(schedule.options.rate_cents)}")
    for mission, check in under:
        print(
            f"  #{mission.id} {shown(mission.title)}: {format_minutes(check.effort)} at "
            f"{money(check.rate)}/h needs {money(check.floor)}, the fee is {money(check.fee)}"
        )
    reserved = reserved_in(schedule.reserved, monday, monday + 6 * DAY)
    if reserved:  # retainers' hours, kept off the missions' plan (issue 14 part 4)
        print(f"Reserved for retainers this week: {format_minutes(reserved)}")
    for retainer_id, start, minutes in schedule.reserve_short:  # said, never lost silently
        print(
            f"  not reserved: {format_minutes(minutes)} of retainer #{retainer_id}'s period "
            f"from {start.isoformat()}: no billable time left on its days"
        )
    print(share.text(settings.money.locale))
    return 0


# -- log -------------------------------------------------------------------------------------


def cmd_log(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    today = today_of(ctx)
    minutes = user_minutes(args.hours, "hours")
    day = user_date(args.date, "--date") if args.date else today
    category = None
    if args.category is not None:
        category = user_line(args.category.strip().casefold(), "--category", NAME_MAX)
    mission_id = maybe_id(args.mission, "--mission")
    note = user_line(args.note, "--note") if args.note else ""
    if args.retainer is not None:  # within its period's limit (homeops.cli.retainers)
        return log_retainer(ctx, phrases, minutes, day, note)
    with open_business(ctx, phrases) as business:
        planning = business.planning
        try:
            logged = planning.log_time(
                minutes, day, today=today, mission_id=mission_id, category=category, note=note
            )
        except LookupError:
            raise UserError(f"no mission with id {mission_id}") from None
        except ValueError as exc:
            raise UserError(str(exc)) from None
        what = (
            f"#{mission_id} {shown(logged.mission_title)}" if mission_id is not None else category
        )
        left = ""
        mission = business.missions.get(mission_id) if mission_id is not None else None
        if mission is not None and hourly.is_hourly(mission):  # the cap is what is left
            use = hourly.use(mission, business.missions.logged().get(mission_id or 0, 0))
            left = f" ({format_minutes(max(0, use.cap_minutes - use.logged))} of the cap left)"
        elif mission_id is not None:
            schedule = planning.schedule(today)
            left = f" ({format_minutes(schedule.remaining(mission_id))} left)"
    print(f"logged {format_minutes(minutes)} on {what} on {day.isoformat()}{left}")
    for warning in logged.warnings:  # gentle: the time is logged all the same
        print(f"warning: {shown(warning)}")
    return 0


# -- fixed blocks ----------------------------------------------------------------------------


def cmd_block_add(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    title = user_line(args.title.strip(), "the title")
    if args.minutes.strip().startswith(("-", "−")):
        raise UserError("a fixed block's length must be more than zero")
    minutes = user_minutes(args.minutes, "--minutes", bare_minutes=True)
    today = today_of(ctx)
    start = user_date(args.start, "--start") if args.start else today
    try:
        rule = block_rule(user_line(args.rule, "--rule"))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    block = FixedBlock(title, rule, start.isoformat(), minutes)
    problem = block_problem(block, ctx.settings)  # before the passphrase is asked
    if problem:
        raise UserError(problem)
    with open_business(ctx, phrases) as business:
        try:
            block_id = business.planning.add_block(block)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    upcoming = next_day(block, today)  # from the start, or from today if it is past
    when = ""
    if upcoming is not None:
        when = f" ({'first' if start >= today else 'next'}: {short_day(upcoming, today)})"
    print(
        f"fixed block {block_id} added: {shown(block.title)}, {rule_words(rule, block.start)}, "
        f"{format_minutes(minutes)}{when}"
    )
    note = idle_note(block, Rules.from_config(ctx.settings.capacity))
    if note:
        print(f"note: {note}")
    return 0


@reads("calendar")
def cmd_blocks(ctx: Context, phrases: Passphrases) -> int:
    today = today_of(ctx)
    with open_business(ctx, phrases, read_only=True) as business:
        blocks = business.planning.blocks()
    rows = [(b, rule_words(b.rule, b.start), next_day(b, today)) for b in blocks]
    if ctx.args.json:
        out = [
            {"id": b.id, "title": b.title, "when": when, "rule": b.rule, "start": b.start,
             "minutes": b.minutes, "next": nxt.isoformat() if nxt else None}
            for b, when, nxt in rows
        ]  # fmt: skip
        print_json(out)
        return 0
    if not rows:
        print(
            "no fixed blocks; add one with: homeops block add TITLE --rule weekly:tue --minutes 1h"
        )
        return 0
    print_table(
        BLOCK_COLUMNS,
        [
            [str(b.id), b.title, format_minutes(b.minutes), short_day(nxt, today) if nxt
             else "-", when]
            for b, when, nxt in rows
        ],
    )  # fmt: skip
    return 0


BLOCK_COLUMNS = (
    Column("id", right=True),
    Column("fixed block", shrink=True),
    Column("length", right=True),
    Column("next"),
    Column("when", shrink=True),
)


def cmd_block_remove(ctx: Context, phrases: Passphrases) -> int:
    block_id = user_id(ctx.args.id, "block")
    with open_business(ctx, phrases) as business:
        try:
            block = business.planning.remove_block(block_id)
        except LookupError as exc:
            raise UserError(str(exc)) from None
    print(f"fixed block {block_id} removed: {shown(block.title)}")
    return 0


# -- export ----------------------------------------------------------------------------------


def export_ics(ctx: Context, phrases: Passphrases) -> int:
    """``homeops export --format ics``: the next weeks' plan, deadlines and payouts."""
    today = today_of(ctx)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with open_business(ctx, phrases, read_only=True) as business:
        data = business.planning.calendar(today, stamp=stamp)
    if ctx.args.out:
        out = write_out(ctx, ctx.args.out, data, f"homeops-calendar-{today.isoformat()}.ics")
        print(f"calendar written to {out} (mission titles inside: keep it private)")
    else:
        print_data(data.decode("utf-8"))
    return 0


# -- parser ----------------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    plan = add_command(sub, "plan", cmd_plan, "the week's plan on real capacity, with warnings")
    plan.add_argument(
        "--week", metavar="YYYY-Www", help="an ISO week, e.g. 2026-W49 (default: this)"
    )
    plan.add_argument("--json", action="store_true", help="print JSON")

    log = add_command(sub, "log", cmd_log, "log time spent on a mission or a non-billable category")
    log.add_argument("hours", metavar="HOURS", help="2.5, 2.5h or 2h30")
    target = log.add_mutually_exclusive_group(required=True)
    target.add_argument("--mission", metavar="ID", help="the mission worked on")
    target.add_argument(
        "--category", metavar="C", help="non-billable: " + ", ".join(CATEGORIES) + ", …"
    )
    target.add_argument("--retainer", metavar="ID", help="the retainer worked on")
    log.add_argument(
        "--propose", action="store_true", help="--retainer: time past its limit is proposed"
    )
    log.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    log.add_argument("--note", metavar="TEXT", help="what was done")

    register_fit(sub)  # homeops.cli.fit: "can I take this?"

    blocks = add_command(sub, "blocks", cmd_blocks, "list the fixed blocks (calls, courses…)")
    blocks.add_argument("--json", action="store_true", help="print JSON")
    block = add_command(sub, "block", None, "reserve or remove a recurring fixed block")
    actions = block.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = add_command(
        actions, "add", cmd_block_add, "reserve time that recurs: a weekly call, a course"
    )
    add.add_argument("title", metavar="TITLE", help="what it is: 'Weekly call with acme-mag'")
    add.add_argument(
        "--rule",
        required=True,
        metavar="RULE",
        help=f"{SHORTCUT}, or an RFC 5545 RRULE: FREQ=WEEKLY;INTERVAL=2;BYDAY=FR, "
        "FREQ=MONTHLY;BYDAY=1MO",
    )
    add.add_argument(
        "--minutes",
        required=True,
        metavar="DURATION",
        help="the length: 90 (a bare number is minutes), 90m, 1h30, 2h",
    )
    add.add_argument("--start", metavar="YYYY-MM-DD", help="the first day it may fall on (today)")
    remove = add_command(actions, "remove", cmd_block_remove, "remove a fixed block")
    remove.add_argument("id", metavar="ID", help="its id (homeops blocks)")
