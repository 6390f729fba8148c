"""Mission and offer commands: ``missions``, ``mission add|move``, ``offers``, ``offer add``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime

from homeops.cli.common import (
    Context,
    Passphrases,
    UserError,
    add_command,
    known_client,
    open_business,
    print_json,
    quoted,
    reads,
    user_amount,
    user_count,
    user_date,
    user_id,
    user_line,
    user_lines,
    user_minutes,
)
from homeops.cli.mission_terms import cmd_mission_edit
from homeops.cli.tables import Column, print_table
from homeops.cli.terms_args import add_terms_options, typed_terms
from homeops.rules import hourly
from homeops.rules.bounds import DAYS_MAX, ROUNDS_MAX
from homeops.rules.hours import format_minutes
from homeops.rules.invoices import terms_text
from homeops.rules.missions import Flow
from homeops.rules.model import Mission, Offer, ScopeChange
from homeops.rules.money import format_amount
from homeops.rules.numbers import format_percent, record_number
from homeops.rules.text import NAME_MAX, shown
from homeops.services.errors import NotFound
from homeops.services.missions import (
    MissionArchived,
    MissionRefused,
    Missions,
    MoveRefused,
    NoRoundToBuy,
    OfferExists,
    PaidRevisionFee,
    draft_mission,
    flow_of,
)
from homeops.services.reads import BOARD_MISSIONS


def _stage(flow: Flow, name: str) -> str:
    found = flow.matches(name)
    if len(found) == 1:
        return found[0]
    what = f"could be {' or '.join(found)}" if found else "is no stage"
    raise UserError(f"{quoted(name)} {what}; stages: {', '.join(flow.stages)}")


def _offer(missions: Missions, typed: str) -> Offer:
    """The offer ``typed`` names: its name (any case), or its id as ``homeops offers``
    prints it (``6`` or ``#6``)."""
    named = missions.offer_named(typed)
    if named is not None:
        return named
    offers = missions.offers()
    number = record_number(typed)
    by_id = next((o for o in offers if number is not None and o.id == number), None)
    if by_id is not None:
        return by_id
    known = ", ".join(f"{o.id} {shown(o.name)}" for o in offers) or "none yet"
    what = "with id" if number is not None else "called"
    raise UserError(f"no offer {what} {quoted(typed)} (offers: {known})")


# The board's missions alone unless --archived: the archived ones are never decoded.
@reads(BOARD_MISSIONS, "missions", "timelog")
def cmd_missions(ctx: Context, phrases: Passphrases) -> int:
    flow = flow_of(ctx.settings)
    # ``is not None``: an empty --stage "" is refused like a blank one, not read as no filter.
    stage = _stage(flow, ctx.args.stage) if ctx.args.stage is not None else None
    missions_read = "missions" if ctx.args.archived else BOARD_MISSIONS
    with open_business(ctx, phrases, read_only=True, narrow={missions_read, "timelog"}) as business:
        missions = business.missions.list(archived=ctx.args.archived, stage=stage)
        logged = business.missions.logged()
    if ctx.args.json:
        print_json([_mission_json(m, logged.get(m.id or 0, 0)) for m in missions])
        return 0
    if not missions:
        print("no missions" + (f" in {stage}" if stage else ""))
        return 0
    locale = ctx.settings.money.locale
    # Hourly work shows its use of the cap (12h30/20h) in one more column.
    hours = any(hourly.is_hourly(m) for m in missions)
    print_table(
        MISSION_COLUMNS + ((Column("hours/cap", right=True),) if hours else ()),
        [
            [str(m.id), m.stage, m.title, m.client_alias or "-", m.deadline or "-",
             format_amount(m.fee_cents, m.currency, locale)]
            + ([_cap_use(m, logged.get(m.id or 0, 0))] if hours else [])
            for m in missions
        ],
    )  # fmt: skip
    return 0


# The board alone: an archived mission asked for reads the rest then (storage/board_table.py).
@reads("clients", BOARD_MISSIONS, "timelog")
def cmd_mission_show(ctx: Context, phrases: Passphrases) -> int:
    """One mission: its facts and, for hourly work, the time logged against the cap."""
    mission_id = user_id(ctx.args.id, "mission")
    with open_business(ctx, phrases, read_only=True) as business:
        try:
            mission = business.missions.get(mission_id)
        except NotFound as exc:
            raise UserError(str(exc)) from None
        logged = business.missions.logged().get(mission_id, 0)
        feedback = business.clients.feedback_words(mission.client_alias)  # issue 14 part 5
    if ctx.args.json:
        print_json({**_mission_json(mission, logged), "feedback": feedback})
        return 0
    locale, m = ctx.settings.money.locale, mission
    print(f"mission {m.id}: {shown(m.title)}")
    print(f"stage {m.stage} · client {shown(m.client_alias) or '-'} · deadline {m.deadline or '-'}")
    if hourly.is_hourly(m):
        use = hourly.use(m, logged)
        rate = format_amount(m.hourly_rate_cents, m.currency, locale)
        cap = format_amount(use.cap_cents, m.currency, locale)
        billed = format_amount(use.billed_cents, m.currency, locale)
        print(f"hourly {rate}/h · cap {hourly.hours_text(use.cap_minutes)} ({cap})")
        print(f"logged {hourly.hours_text(logged)} ({use.share_bp // 100} % of the cap) · "
              f"billed so far {billed}" + (" · cap used up" if use.over else ""))  # fmt: skip
    else:
        fee = format_amount(m.fee_cents, m.currency, locale)
        print(f"fee {fee} · logged {format_minutes(logged)}")
    terms = ctx.settings.money.payment_terms_days if m.terms_days is None else m.terms_days
    print(f"terms {terms_text(terms, m.deposit_bp, locale)}")
    effort = format_minutes(m.effort_minutes) if m.effort_minutes else "-"
    print(f"effort {effort} · revisions {m.revisions_used}/{m.revision_limit}")
    if feedback:  # how the client sends feedback and when they are answered
        print(f"feedback: {shown(feedback)}")
    for change in m.scope_changes:
        state = "accepted" if change.accepted else "not accepted"
        delta = format_amount(change.fee_delta_cents, m.currency, locale)
        print(f"scope change {change.date}: {shown(change.what)} ({delta}, {state})")
    return 0


def _cap_use(mission: Mission, logged: int) -> str:
    """``12h30/20h`` (``!`` from 80 % of the cap) for hourly work, ``-`` for a fixed price."""
    if not hourly.is_hourly(mission):
        return "-"
    use = hourly.use(mission, logged)
    return use.short() + ("!" if use.near else "")


def _mission_json(mission: Mission, logged: int) -> dict[str, object]:
    """The mission's fields, the minutes logged on it, and for hourly work its cap in minutes
    and cents and what the time logged bills (None for a fixed price)."""
    use = hourly.use(mission, logged) if hourly.is_hourly(mission) else None
    return {
        **asdict(mission),
        "logged_minutes": logged,
        "cap_minutes": use.cap_minutes if use else None,
        "cap_cents": use.cap_cents if use else None,
        "billed_cents": use.billed_cents if use else None,
    }


MISSION_COLUMNS = (
    Column("id", right=True),
    Column("stage"),
    Column("title", shrink=True),
    Column("client"),
    Column("deadline"),
    Column("fee", right=True),
)
OFFER_COLUMNS = (
    Column("id", right=True),
    Column("offer", shrink=True),
    Column("price", right=True),
    Column("lead time", right=True),
    Column("effort", right=True),
    Column("revisions", right=True),
)


# Its board session reads the AI uses, invoices and payments too (the cards' marks).
@reads("ai_use", "clients", "invoices", "ledger", "missions", "offers", "timelog")
def cmd_mission_add(ctx: Context, phrases: Passphrases) -> int:
    args, now = ctx.args, datetime.now().astimezone()
    # Every value is checked before the vault opens: a refusal names the option and records
    # nothing.
    title = user_line(args.title, "the title")
    alias = user_line(args.client.strip(), "--client", NAME_MAX) if args.client else ""
    offer_name = user_line(args.offer, "--offer", NAME_MAX) if args.offer else ""
    fee = user_amount(ctx, args.fee, "--fee") if args.fee is not None else None
    deadline = user_date(args.deadline, "--deadline") if args.deadline is not None else None
    effort = user_minutes(args.effort, "--effort") if args.effort is not None else None
    rate, cap = _hourly(ctx, offer_name, fee)
    days, share = typed_terms(args)
    with open_business(ctx, phrases) as business:
        missions = business.missions
        known_client(missions.check_client, alias)
        offer = _offer(missions, offer_name) if offer_name else None
        mission = draft_mission(ctx.settings, title, client_alias=alias, offer=offer, at=now)
        if fee is not None:
            mission.fee_cents = fee
        if deadline is not None:
            mission.deadline = deadline.isoformat()
        if effort is not None:
            mission.effort_minutes = effort
        if rate:
            mission.hourly_rate_cents, mission.fee_cents = rate, cap
        if days is not None or share is not None:  # typed: they override the resolved ones
            terms = missions.terms_for(alias, offer.name if offer else "")
            mission.terms_days = terms[0] if days is None else days
            mission.deposit_bp = terms[1] if share is None else share
        try:
            added = missions.add(mission)
        except MissionRefused as refused:
            raise UserError(str(refused)) from None
        deposit = business.cashbook.deposit_of(added.id)
    print(f"mission {added.id} added to {added.stage}: {shown(added.title)}")
    locale = ctx.settings.money.locale
    print(f"terms {terms_text(added.terms_days or 0, added.deposit_bp, locale)}"
          + (f"; deposit invoice {deposit.label} drafted: {ctx.format_money(deposit.amount_cents)}"
             if deposit else ""))  # fmt: skip
    if hourly.is_hourly(added):
        per_hour = format_amount(added.hourly_rate_cents, added.currency, ctx.settings.money.locale)
        print(f"hourly at {per_hour}/h, cap {hourly.hours_text(hourly.cap_minutes(added))}")
    return 0


def _hourly(ctx: Context, offer_name: str, fee: int | None) -> tuple[int, int]:
    """``--hourly RATE --cap 20h|AMOUNT``: the rate and the cap in cents, or (0, 0)."""
    args = ctx.args
    if args.hourly is None:
        if args.cap is not None:
            raise UserError("--cap is the budget of hourly work: give --hourly RATE too")
        return 0, 0
    if offer_name:
        raise UserError("--hourly: a mission from an offer stays fixed-price")
    if fee is not None:
        raise UserError("--fee is a fixed price: hourly work takes --hourly RATE --cap")
    rate = user_amount(ctx, args.hourly, "--hourly", positive=True)
    if args.cap is None:
        raise UserError(hourly.CAP_RULE)
    try:
        cap = hourly.parse_cap(args.cap, rate, ctx.settings.money.locale)
    except ValueError as exc:
        raise UserError(f"--cap: {exc}") from None
    if cap <= 0:
        raise UserError(hourly.CAP_RULE)
    return rate, cap


def cmd_mission_move(ctx: Context, phrases: Passphrases) -> int:
    args, flow = ctx.args, flow_of(ctx.settings)
    mission_id = user_id(args.id, "mission")
    target = _stage(flow, args.stage)
    override = user_line(args.override, "--override") if args.override else ""
    paid = _paid_revision(ctx) if args.paid_revision is not None or args.fee else None
    if paid is not None and override:
        raise UserError("--paid-revision or --override, not both")
    with open_business(ctx, phrases) as business:
        missions = business.missions
        try:
            # The bottom of the target column, as on the console's board (one write path).
            if paid is not None:
                result = missions.move_with_paid_revision(mission_id, target, paid)
            else:
                result = missions.move(mission_id, target, override=override)
        except (NotFound, MissionArchived, NoRoundToBuy, PaidRevisionFee) as exc:
            raise UserError(str(exc)) from None
        except MoveRefused as refused:
            verdict = refused.verdict
            hint = "" if not verdict.overridable else " (--override REASON)"
            if verdict.scope_change and paid is None:
                hint = " (--paid-revision WHAT --fee AMOUNT, or --override REASON)"
            raise UserError(f"move refused: {verdict.reason}{hint}") from None
    moved, reason = result.mission, result.mission.history[-1].reason
    note = f" ({shown(reason)})" if reason.startswith("override") else ""
    # What the move spent or passed (a revision round, the WIP limit), as the console says it.
    notes = result.notes(ctx.settings.money.locale)
    print(" ".join([f"mission {moved.id} moved to {moved.stage}{note}.", *notes]))
    return 0


def _paid_revision(ctx: Context) -> ScopeChange:
    """The accepted paid scope change of ``--paid-revision WHAT --fee AMOUNT``, dated today."""
    args = ctx.args
    if args.paid_revision is None or not args.fee:
        raise UserError("a paid revision needs both --paid-revision WHAT and --fee AMOUNT")
    what = user_line(args.paid_revision.strip(), "--paid-revision")
    if not what:
        raise UserError("--paid-revision: say what the paid scope change is")
    fee = user_amount(ctx, args.fee, "--fee")
    today = datetime.now().astimezone().date().isoformat()
    return ScopeChange(today, what, fee, accepted=True, paid_revision=True)


def cmd_scope_add(ctx: Context, phrases: Passphrases) -> int:
    """``scope add MISSION WHAT --fee +AMOUNT [--effort +2h] [--accepted]``."""
    args = ctx.args
    mission_id = user_id(args.id, "mission")
    what = user_line(args.what.strip(), "what changes")
    if not what:
        raise UserError("say what the scope change is")
    fee = _signed(args.fee, lambda text: user_amount(ctx, text, "--fee"))
    effort = _signed(args.effort, lambda text: user_minutes(text, "--effort"))
    today = datetime.now().astimezone().date().isoformat()
    change = ScopeChange(today, what, fee, effort, accepted=args.accepted)
    with open_business(ctx, phrases) as business:
        try:
            mission = business.missions.add_scope_change(mission_id, change)
        except (NotFound, MissionArchived) as exc:
            raise UserError(str(exc)) from None
    state = "accepted" if change.accepted else "not accepted yet (only an accepted one counts)"
    print(f"scope change on mission {mission.id}, {state}: {shown(what)}")
    if change.accepted and hourly.is_hourly(mission):
        cap = hourly.cap_minutes(mission)
        locale = ctx.settings.money.locale
        money = format_amount(hourly.cap_cents(mission), mission.currency, locale)
        print(f"the cap is now {hourly.hours_text(cap)} ({money})")
    return 0


def _signed(text: str | None, parse: Callable[[str], int]) -> int:
    """A delta typed ``+300``, ``300`` or ``-50`` (0 when not given)."""
    if text is None:
        return 0
    raw = text.strip()
    if raw[:1] in ("-", "\u2212"):
        return -parse(raw[1:])
    return parse(raw.removeprefix("+"))


@reads("offers")
def cmd_offers(ctx: Context, phrases: Passphrases) -> int:
    with open_business(ctx, phrases, read_only=True) as business:
        offers = business.missions.offers()
    if ctx.args.json:
        print_json([asdict(o) for o in offers])
        return 0
    if not offers:
        print("no offers yet: add one with `homeops offer add NAME --price P --lead-days N`")
        return 0
    locale = ctx.settings.money.locale
    print_table(
        OFFER_COLUMNS,
        [
            [str(o.id), o.name, format_amount(o.price_cents, o.currency, locale),
             f"{o.lead_time_days} day{'' if o.lead_time_days == 1 else 's'}",
             format_minutes(o.effort_minutes) if o.effort_minutes else "-",
             str(o.revision_rounds)]
            for o in offers
        ],
    )  # fmt: skip
    return 0


def cmd_offer_add(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    name = user_line(args.name.strip(), "the name", NAME_MAX)
    if not name:
        raise UserError("an offer needs a name")
    offer = Offer(
        name=name,
        price_cents=user_amount(ctx, args.price, "--price"),
        lead_time_days=user_count(args.lead_days, "--lead-days", DAYS_MAX),
        deliverables=user_lines(args.deliverable or [], "--deliverable"),
        acceptance_criteria=user_lines(args.criterion or [], "--criterion"),
        revision_rounds=user_count(args.revisions, "--revisions", ROUNDS_MAX),
        effort_minutes=user_minutes(args.effort, "--effort") if args.effort else 0,
        currency=ctx.settings.money.currency,
    )
    offer.terms_days, offer.deposit_bp = typed_terms(args)
    with open_business(ctx, phrases) as business:
        try:
            business.missions.add_offer(offer)
        except OfferExists:
            raise UserError(f"an offer called {quoted(offer.name)} exists already") from None
    print(f"offer {offer.id} added: {shown(offer.name)}")
    return 0


def cmd_offer_edit(ctx: Context, phrases: Passphrases) -> int:
    """Change an offer's payment terms or deposit share (``default``: left to the client)."""
    args = ctx.args
    if args.terms is None and args.deposit is None:
        raise UserError("offer edit: give --terms DAYS and/or --deposit SHARE")
    days, share = typed_terms(args)
    with open_business(ctx, phrases) as business:
        missions = business.missions
        offer = _offer(missions, user_line(args.offer.strip(), "the offer", NAME_MAX))
        if args.terms is not None:
            offer.terms_days = days
        if args.deposit is not None:
            offer.deposit_bp = share
        missions.update_offer(offer)
    said = [f"terms {'default' if offer.terms_days is None else f'{offer.terms_days} days'}",
            "deposit " + ("default" if offer.deposit_bp is None else
                          format_percent(offer.deposit_bp, ctx.settings.money.locale,
                                         exact=True))]  # fmt: skip
    print(f"offer {offer.id} {shown(offer.name)}: {', '.join(said)}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    missions = add_command(sub, "missions", cmd_missions, "list the missions on the board")
    missions.add_argument("--stage", metavar="S", help="only the missions in stage S")
    missions.add_argument("--archived", action="store_true", help="the archived missions")
    missions.add_argument("--json", action="store_true", help="print JSON")

    mission = add_command(sub, "mission", None, "add, show, edit or move a mission")
    actions = mission.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = add_command(actions, "add", cmd_mission_add, "add a mission in the first stage")
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--client", metavar="ALIAS", help="the client's alias")
    add.add_argument("--offer", metavar="NAME", help="pre-fill from a packaged offer")
    add.add_argument("--fee", metavar="AMOUNT", help="fixed price, e.g. 1200.00 or '1 200,50'")
    add.add_argument("--deadline", metavar="YYYY-MM-DD")
    add.add_argument("--effort", metavar="HOURS", help="estimate: 6, 6h, 2h30")
    add.add_argument("--hourly", metavar="RATE", help="hourly work at RATE an hour (needs --cap)")
    add.add_argument("--cap", metavar="20h|AMOUNT", help="hourly work's cap: hours or money")
    add_terms_options(add)
    show = add_command(actions, "show", cmd_mission_show, "one mission (hourly: use vs cap)")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    edit_terms = add_command(actions, "edit", cmd_mission_edit, "change a mission's payment terms")
    edit_terms.add_argument("id", metavar="ID")
    add_terms_options(edit_terms)
    mv = add_command(actions, "move", cmd_mission_move, "move a mission to another stage")
    mv.add_argument("id", metavar="ID")
    mv.add_argument("stage", metavar="STAGE")
    mv.add_argument("--override", metavar="REASON", help="move past a gate, with a reason")
    mv.add_argument(
        "--paid-revision",
        metavar="WHAT",
        help="rounds used up: record a paid scope change (one more round) and move",
    )
    mv.add_argument("--fee", metavar="AMOUNT", help="the paid revision's fee, e.g. 150")

    scope = add_command(sub, "scope", None, "write down a change of scope with its price")
    scope_actions = scope.add_subparsers(title="actions", metavar="ACTION", required=True)
    change = add_command(scope_actions, "add", cmd_scope_add, "add a scope change to a mission")
    change.add_argument("id", metavar="MISSION")
    change.add_argument("what", metavar="WHAT", help="what changes")
    change.add_argument("--fee", metavar="+AMOUNT", help="fee delta, e.g. +300 or -50")
    change.add_argument("--effort", metavar="+HOURS", help="effort delta, e.g. +2h (optional)")
    change.add_argument(
        "--accepted", action="store_true", help="the client agreed: it counts (raises a cap)"
    )

    offers = add_command(sub, "offers", cmd_offers, "list the packaged offers")
    offers.add_argument("--json", action="store_true", help="print JSON")
    offer = add_command(sub, "offer", None, "add a packaged offer or change its terms")
    offer_actions = offer.add_subparsers(title="actions", metavar="ACTION", required=True)
    new = add_command(offer_actions, "add", cmd_offer_add, "add a packaged offer")
    new.add_argument("name", metavar="NAME")
    new.add_argument("--price", required=True, metavar="AMOUNT")
    new.add_argument("--lead-days", required=True, metavar="N", help=f"0 to {DAYS_MAX:,}")
    new.add_argument("--deliverable", action="append", metavar="TEXT")
    new.add_argument("--criterion", action="append", metavar="TEXT")
    new.add_argument("--revisions", default="2", metavar="N", help=f"0 to {ROUNDS_MAX} (2)")
    new.add_argument("--effort", metavar="HOURS")
    add_terms_options(new, clearable=True)
    edit = add_command(offer_actions, "edit", cmd_offer_edit, "change an offer's payment terms")
    edit.add_argument("offer", metavar="OFFER", help="its name or id")
    add_terms_options(edit, clearable=True)
