"""``homeops off``: days off as ranges, one change each, and the list of the coming ones.

The use case is ``business.planning.set_off_range`` (``homeops.services.planning``), shared
with the console's Planner: this module parses what is typed and prints the answers.
"""

from __future__ import annotations

import argparse
import datetime as dt

from homeops.cli.common import (
    Context,
    Passphrases,
    UserError,
    add_command,
    open_business,
    print_json,
    today_of,
    user_line,
)
from homeops.cli.tables import Column, print_table
from homeops.rules.capacity import OFF_RANGE_MAX, OffRange, parse_day_range
from homeops.rules.text import NAME_MAX

OFF_COLUMNS = (Column("days off"), Column("days", right=True), Column("reason", shrink=True))


def cmd_off(ctx: Context, phrases: Passphrases) -> int:
    """``homeops off [FIRST..LAST] [--reason R] [--clear]``; alone, the coming days off."""
    args = ctx.args
    today = today_of(ctx)
    if args.range is None:
        return _list(ctx, phrases, today)
    if args.json:
        raise UserError("--json lists the days off: homeops off --json")
    if args.clear and args.reason is not None:
        raise UserError("--clear takes no --reason")
    try:
        first, last = parse_day_range(user_line(args.range, "the days", 40))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    reason = user_line(args.reason.strip(), "--reason", NAME_MAX) if args.reason else ""
    with open_business(ctx, phrases) as business:
        try:
            changed = business.planning.set_off_range(first, last, not args.clear, reason)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    span = OffRange(first, last)
    state = "back to work" if args.clear else "off"
    if changed == 0:
        print(f"{span.words(today)}: already {state}, nothing changed")
        return 0
    days = f"{span.days} day{'' if span.days == 1 else 's'}"
    print(f"{span.words(today)} ({days}) {state}; {changed} changed, replanned")
    return 0


def _list(ctx: Context, phrases: Passphrases, today: dt.date) -> int:
    args = ctx.args
    if args.clear or args.reason is not None:
        raise UserError("name the days: homeops off 2026-12-24..2027-01-02")
    with open_business(ctx, phrases, read_only=True) as business:
        ranges = business.planning.off_ranges(today)
    if args.json:
        print_json(
            [
                {"first": r.first.isoformat(), "last": r.last.isoformat(), "days": r.days,
                 "reason": r.reason}
                for r in ranges
            ]
        )  # fmt: skip
        return 0
    if not ranges:
        print("no days off ahead; mark some with: homeops off 2026-12-24..2027-01-02")
        return 0
    print_table(OFF_COLUMNS, [[r.words(today), str(r.days), r.reason] for r in ranges])
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    off = add_command(
        sub, "off", cmd_off, "mark days off (a range is one change), or list the coming ones"
    )
    off.add_argument(
        "range", nargs="?", metavar="FIRST..LAST",
        help=f"a day (2026-12-24) or a range (2026-12-24..2027-01-02), at most {OFF_RANGE_MAX} "
        "days",
    )  # fmt: skip
    off.add_argument("--reason", metavar="TEXT", help="why: holidays, sick, a course")
    off.add_argument("--clear", action="store_true", help="back to work on those days")
    off.add_argument("--json", action="store_true", help="list the coming days off as JSON")
