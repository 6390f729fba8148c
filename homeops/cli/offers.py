"""Offers that learn (issue 16) on the command line: ``homeops test start|log|end``,
``homeops tests``, ``homeops results [--by channel]``, ``homeops cases [--out FILE]``,
``homeops case write|consent``, ``homeops profile``. Every change goes through
``business.offers``; every listing takes ``--json`` and prints through the table printer.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from homeops.cli.common import (
    Context,
    Passphrases,
    UserError,
    add_command,
    maybe_id,
    open_business,
    print_data,
    print_json,
    quoted_path,
    reads,
    user_count,
    user_date,
    user_id,
    user_line,
    user_text,
    write_out,
)
from homeops.cli.tables import Column, print_table
from homeops.rules.hours import format_minutes
from homeops.rules.numbers import format_count, format_percent
from homeops.rules.offers import (
    COUNT_MAX,
    COUNTS,
    DEFAULT_DAYS,
    TEST_DAYS_MAX,
    ChannelResult,
    OfferResult,
    OfferTest,
    Profile,
    days_left,
    rate_bp,
)
from homeops.rules.text import NAME_MAX, shown

if TYPE_CHECKING:
    from homeops.services import Business


def _today() -> date:
    return date.today()


@contextmanager
def _refusals() -> Iterator[None]:
    """A service's refusal (``OffersRefused``, a wait for a long write, a bad line) as the
    user's one line."""
    try:
        yield
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _the_test(business: Business, given: str | None) -> OfferTest:
    """The test ``--test ID`` names, or else the running one."""
    test_id = maybe_id(given, "--test")
    if test_id is not None:
        with _refusals():
            return business.offers.get(test_id)
    running = business.offers.running()
    if running is None:
        raise UserError("no test is running: start one with `homeops test start OFFER`")
    return running


def _rate(value: Any, locale: str) -> str:
    bp = rate_bp(value)
    return "-" if bp is None else format_percent(bp, locale)


def _test_json(business: Business, test: OfferTest, today: date) -> dict[str, Any]:
    found = business.offers.diagnosis(test, today)
    return {
        "id": test.id,
        "offer": test.offer,
        "segment": test.segment,
        "start": test.start.isoformat(),
        "days": test.days,
        "contacted": test.contacted,
        "replied": test.replied,
        "met": test.met,
        "ended": test.ended.isoformat() if test.ended else None,
        "days_left": days_left(test, today),
        "reply_rate_bp": rate_bp(found.reply_rate),
        "meeting_rate_bp": rate_bp(found.meeting_rate),
        "verdict": found.verdict,
        "diagnosis": found.words,
    }


def _say_test(ctx: Context, business: Business, test: OfferTest, today: date) -> None:
    """Two lines: the counts, rates and days left; the diagnosis in words."""
    locale = ctx.settings.money.locale
    found = business.offers.diagnosis(test, today)
    when = (
        f"ended {test.ended.isoformat()}"
        if test.ended
        else f"{days_left(test, today)} of {test.days} days left"
    )
    print(
        f"test {test.id}: {shown(test.offer)} for {shown(test.segment)}: "
        f"{format_count(test.contacted, locale)} contacted, "
        f"{format_count(test.replied, locale)} replied "
        f"({_rate(found.reply_rate, locale)}), {format_count(test.met, locale)} met "
        f"({_rate(found.meeting_rate, locale)} of replies); {when}"
    )
    print(found.words)


# -- offer tests -------------------------------------------------------------------------------


def cmd_test_start(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    offer = user_line(args.offer, "the offer", NAME_MAX)
    segment = user_line(args.segment, "--segment", NAME_MAX)
    days = user_count(args.days, "--days", TEST_DAYS_MAX, 1) if args.days else DEFAULT_DAYS
    today = _today()
    with open_business(ctx, phrases) as business, _refusals():
        test = business.offers.start_test(offer, segment, days=days, today=today)
        _say_test(ctx, business, test, today)
    return 0


def cmd_test_log(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    count = 1
    if args.count is not None:
        text = args.count.strip()
        negative = text.startswith("-")
        count = user_count(text.lstrip("-"), "N", COUNT_MAX, 1) * (-1 if negative else 1)
    today = _today()
    with open_business(ctx, phrases) as business:
        test = _the_test(business, args.test)
        with _refusals():
            test = business.offers.log(test.id or 0, args.kind, count)
        _say_test(ctx, business, test, today)
    return 0


def cmd_test_end(ctx: Context, phrases: Passphrases) -> int:
    today = _today()
    with open_business(ctx, phrases) as business:
        test = _the_test(business, ctx.args.test)
        with _refusals():
            test = business.offers.end_test(test.id or 0, today)
        _say_test(ctx, business, test, today)
    return 0


TEST_COLUMNS = (
    Column("id", right=True),
    Column("offer", shrink=True),
    Column("segment", shrink=True),
    Column("start"),
    Column("left", right=True),
    Column("contacted", right=True),
    Column("replied", right=True),
    Column("met", right=True),
    Column("verdict"),
)


@reads("offer_tests")
def cmd_tests(ctx: Context, phrases: Passphrases) -> int:
    today = _today()
    with open_business(ctx, phrases, read_only=True) as business:
        tests = business.offers.tests()
        if ctx.args.json:
            print_json([_test_json(business, t, today) for t in tests])
            return 0
        if not tests:
            print("no offer test yet: start one with `homeops test start OFFER --segment TEXT`")
            return 0
        locale = ctx.settings.money.locale
        rows = []
        for t in tests:
            found = business.offers.diagnosis(t, today)
            rows.append([
                str(t.id), t.offer, t.segment, t.start.isoformat(),
                "ended" if t.ended else f"{days_left(t, today)}d",
                format_count(t.contacted, locale),
                f"{format_count(t.replied, locale)} ({_rate(found.reply_rate, locale)})",
                f"{format_count(t.met, locale)} ({_rate(found.meeting_rate, locale)})",
                found.verdict,
            ])  # fmt: skip
    print_table(TEST_COLUMNS, rows)
    return 0


# -- results -----------------------------------------------------------------------------------


def _results_columns(first: str) -> tuple[Column, ...]:
    return (
        Column(first, shrink=True),
        Column("won", right=True),
        Column("done", right=True),
        Column("fee", right=True),
        Column("time", right=True),
        Column("per hour", right=True),
        Column("rev", right=True),
        Column("scope", right=True),
        Column("on time", right=True),
        Column("days", right=True),
    )


def _result_row(ctx: Context, name: str, r: OfferResult | ChannelResult) -> list[str]:
    promised = r.promised_days if isinstance(r, OfferResult) else None
    actual = "-" if r.actual_days is None else str(r.actual_days)
    days = f"{actual}/{promised}" if promised is not None else actual
    dated = r.on_time + r.late
    return [
        name,
        str(r.won),
        str(r.delivered),
        ctx.format_money(r.fee_cents),
        format_minutes(r.logged_minutes),
        "-" if r.cents_per_hour is None else ctx.format_money(r.cents_per_hour),
        str(r.revision_rounds),
        str(r.scope_changes),
        f"{r.on_time}/{dated}" if dated else "-",
        days,
    ]


def cmd_results(ctx: Context, phrases: Passphrases) -> int:
    by_channel = ctx.args.by == "channel"
    with open_business(ctx, phrases, read_only=True) as business:
        results: list[OfferResult] | list[ChannelResult] = (
            business.offers.channels() if by_channel else business.offers.results()
        )
    if ctx.args.json:
        print_json([asdict(r) for r in results])
        return 0
    if not results:
        print("no results yet: they come from missions sold under an offer")
        return 0
    rows = [
        _result_row(ctx, r.channel if isinstance(r, ChannelResult) else r.offer, r) for r in results
    ]
    print_table(_results_columns("channel" if by_channel else "offer"), rows)
    print("done: delivered; fee, time and per hour: over the delivered missions;")
    days = "mean lead time" + ("" if by_channel else " / promised")
    print(f"rev: revision rounds used; scope: accepted changes; days: {days}")
    return 0


# -- portfolio ---------------------------------------------------------------------------------


def cmd_cases(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    with open_business(ctx, phrases, read_only=True) as business:
        cases = business.offers.cases()
        text = business.offers.case_markdown(cases)
    if args.json:
        print_json([asdict(c) for c in cases])
        return 0
    if args.out:
        name = f"homeops-cases-{date.today().isoformat()}.md"
        out = write_out(ctx, args.out, text, name)
        named = sum(1 for c in cases if c.client is not None)
        print(
            f"{len(cases)} cases written to {quoted_path(out)} as Markdown "
            f"({named} naming their client with consent, the others anonymised)"
        )
        return 0
    print_data(text)
    return 0


def cmd_case_write(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    mission_id = user_id(args.mission, "mission")
    parts = {
        name: None if getattr(args, name) is None else user_text(getattr(args, name), f"--{name}")
        for name in ("problem", "approach", "result")
    }
    if all(value is None for value in parts.values()):
        raise UserError("say what to write: --problem, --approach and/or --result")
    with open_business(ctx, phrases) as business, _refusals():
        business.offers.write_case(mission_id, **parts)
    print(f"case of mission {mission_id} saved")
    return 0


def cmd_case_consent(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    mission_id = user_id(args.mission, "mission")
    if args.withdraw == bool(args.on):
        raise UserError("give either --on DATE (the day the client agreed) or --withdraw")
    with open_business(ctx, phrases) as business, _refusals():
        if args.withdraw:
            business.offers.withdraw_consent(mission_id)
            print(f"consent withdrawn: the case of mission {mission_id} is anonymised")
        else:
            day = user_date(args.on, "--on")
            business.offers.consent(mission_id, day, today=_today())
            print(f"consent of {day.isoformat()} recorded: the case of mission {mission_id} "
                  "names its client")  # fmt: skip
    return 0


def cmd_profile(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    if (args.main is None) != (args.support is None):
        raise UserError("give both --main DOMAIN and --support SKILL SKILL")
    changing = args.main is not None or args.tag is not None
    with open_business(ctx, phrases, read_only=not changing) as business, _refusals():
        offers = business.offers
        if args.main is not None:
            offers.set_profile(
                Profile(
                    user_line(args.main, "--main", NAME_MAX),
                    (
                        user_line(args.support[0], "--support", NAME_MAX),
                        user_line(args.support[1], "--support", NAME_MAX),
                    ),
                )
            )
        if args.tag is not None:
            offer, *skills = args.tag
            offers.tag_offer(
                user_line(offer, "--tag", NAME_MAX),
                [user_line(s, "--tag", NAME_MAX) for s in skills],
            )
        profile, tags = offers.profile(), offers.offer_skills()
    if args.json:
        print_json({
            "main": profile.main if profile else None,
            "support": list(profile.support) if profile else [],
            "offers": {name: list(skills) for name, skills in tags.items()},
        })  # fmt: skip
        return 0
    if profile is None:
        print("no profile yet: homeops profile --main DOMAIN --support SKILL SKILL")
        return 0
    print(f"main domain: {shown(profile.main)}")
    print(f"support skills: {shown(profile.support[0])}, {shown(profile.support[1])}")
    for name, skills in tags.items():
        print(f"  {shown(name)}: {', '.join(shown(s) for s in skills)}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    test = add_command(sub, "test", None, "run a two-week offer test: start, log, end")
    actions = test.add_subparsers(title="actions", metavar="ACTION", required=True)
    start = add_command(actions, "start", cmd_test_start, "start testing OFFER on a segment")
    start.add_argument("offer", metavar="OFFER", help="a packaged offer's name")
    start.add_argument("--segment", required=True, metavar="TEXT", help="the target segment")
    start.add_argument("--days", metavar="N", help=f"how long (default {DEFAULT_DAYS})")
    log = add_command(actions, "log", cmd_test_log, "count people contacted, replies, meetings")
    log.add_argument("kind", choices=COUNTS)
    log.add_argument("count", nargs="?", metavar="N", help="how many (default 1; -N corrects)")
    log.add_argument("--test", metavar="ID", help="a test other than the running one")
    end = add_command(actions, "end", cmd_test_end, "end the running test (it stays listed)")
    end.add_argument("--test", metavar="ID", help="a test other than the running one")

    tests = add_command(sub, "tests", cmd_tests, "list offer tests, rates and diagnosis")
    tests.add_argument("--json", action="store_true", help="print JSON")

    results = add_command(sub, "results", cmd_results, "what each offer really earned")
    results.add_argument("--by", choices=("offer", "channel"), default="offer")
    results.add_argument("--json", action="store_true", help="print JSON")

    cases = add_command(sub, "cases", cmd_cases, "portfolio mini-cases as Markdown (anonymised)")
    cases.add_argument("--out", metavar="FILE", help="write to FILE (0600) instead of stdout")
    cases.add_argument("--json", action="store_true", help="print JSON")

    case = add_command(sub, "case", None, "write a mission's case, record consent")
    case_actions = case.add_subparsers(title="actions", metavar="ACTION", required=True)
    write = add_command(case_actions, "write", cmd_case_write, "problem, approach, result")
    write.add_argument("mission", metavar="MISSION", help="the mission's id")
    for name in ("problem", "approach", "result"):
        write.add_argument(f"--{name}", metavar="TEXT")
    consent = add_command(
        case_actions, "consent", cmd_case_consent, "the client agreed to be named (or not)"
    )
    consent.add_argument("mission", metavar="MISSION", help="the mission's id")
    consent.add_argument("--on", metavar="YYYY-MM-DD", help="the day the client agreed")
    consent.add_argument("--withdraw", action="store_true", help="anonymise the case again")

    profile = add_command(sub, "profile", cmd_profile, "the skills base; offers tagged with it")
    profile.add_argument("--main", metavar="DOMAIN", help="the one main domain")
    profile.add_argument("--support", nargs=2, metavar="SKILL", help="the two support skills")
    profile.add_argument(
        "--tag", nargs="+", metavar="OFFER SKILL", help="tag OFFER with skills (none: untag)"
    )
    profile.add_argument("--json", action="store_true", help="print JSON")
