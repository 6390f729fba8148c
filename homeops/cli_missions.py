"""Mission and offer commands: ``missions``, ``mission add|move``, ``offers``, ``offer add``."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import datetime

from homeops.cli_common import (
    Context,
    Passphrases,
    UserError,
    add_command,
    open_vault,
    user_amount,
    user_date,
    user_minutes,
)
from homeops.hours import format_minutes
from homeops.missions import Flow, MoveRefused, from_offer, validate
from homeops.model import Check, Mission, Offer, StageMove
from homeops.money import format_amount


def flow_of(ctx: Context) -> Flow:
    board = ctx.settings.board
    return Flow(tuple(board.stages), dict(board.wip_limits), board.wip_mode)


def _stage(flow: Flow, name: str) -> str:
    stage = flow.find(name)
    if stage is None:
        raise UserError(f"unknown stage {name!r}; stages: {', '.join(flow.stages)}")
    return stage


def cmd_missions(ctx: Context, phrases: Passphrases) -> int:
    flow = flow_of(ctx)
    stage = _stage(flow, ctx.args.stage) if ctx.args.stage else None
    with open_vault(ctx, phrases, read_only=True) as vault:
        missions = vault.missions.list(archived=ctx.args.archived)
    order = {name: i for i, name in enumerate(flow.stages)}
    missions = [m for m in missions if stage is None or m.stage == stage]
    missions.sort(key=lambda m: (order.get(m.stage, 99), m.position, m.id or 0))
    if ctx.args.json:
        print(json.dumps([asdict(m) for m in missions], indent=2, ensure_ascii=False))
        return 0
    money = ctx.settings.money
    for m in missions:
        fee = format_amount(m.fee_cents, m.currency, money.locale)
        print(
            f"{m.id:>5}  {m.stage:<14} {m.title[:34]:<34} {m.client_alias[:12]:<12} "
            f"{m.deadline or '-':<10} {fee:>12}"
        )
    if not missions:
        print("no missions" + (f" in {stage}" if stage else ""))
    return 0


def cmd_mission_add(ctx: Context, phrases: Passphrases) -> int:
    args, flow = ctx.args, flow_of(ctx)
    now = datetime.now().astimezone()
    stage = flow.stages[0]
    with open_vault(ctx, phrases) as vault:
        if args.offer:
            offer = vault.offers.by_name(args.offer)
            if offer is None:
                known = ", ".join(o.name for o in vault.offers.list()) or "none yet"
                raise UserError(f"no offer called {args.offer!r} (offers: {known})")
            mission = from_offer(
                offer,
                title=args.title,
                client_alias=args.client or "",
                today=now.date(),
                stage=stage,
                checklist=ctx.settings.board.quality_checklist,
                at=now,
            )
        else:
            mission = Mission(
                title=args.title,
                client_alias=args.client or "",
                stage=stage,
                checklist=[Check(t) for t in ctx.settings.board.quality_checklist],
                currency=ctx.settings.money.currency,
                history=[StageMove(now.isoformat(timespec="seconds"), stage)],
            )
        if args.fee is not None:
            mission.fee_cents = user_amount(ctx, args.fee, "fee")
        if args.deadline is not None:
            mission.deadline = user_date(args.deadline, "deadline").isoformat()
        if args.effort is not None:
            mission.effort_minutes = user_minutes(args.effort, "effort")
        problem = validate(mission, flow)
        if problem:
            raise UserError(problem)
        vault.missions.add(mission)
    print(f"mission {mission.id} added to {stage}: {mission.title}")
    return 0


def cmd_mission_move(ctx: Context, phrases: Passphrases) -> int:
    args, flow = ctx.args, flow_of(ctx)
    target = _stage(flow, args.stage)
    with open_vault(ctx, phrases) as vault:
        try:
            moved = vault.missions.move(
                args.id, target, flow, at=datetime.now().astimezone(), override=args.override or ""
            )
        except LookupError as exc:
            raise UserError(str(exc).strip("'\"")) from None
        except MoveRefused as refused:
            hint = "" if not refused.verdict.overridable else " (--override REASON)"
            raise UserError(f"move refused: {refused.verdict.reason}{hint}") from None
    note = f" ({moved.history[-1].reason})" if moved.history[-1].reason else ""
    print(f"mission {moved.id} moved to {moved.stage}{note}")
    return 0


def cmd_offers(ctx: Context, phrases: Passphrases) -> int:
    with open_vault(ctx, phrases, read_only=True) as vault:
        offers = vault.offers.list()
    if ctx.args.json:
        print(json.dumps([asdict(o) for o in offers], indent=2, ensure_ascii=False))
        return 0
    locale = ctx.settings.money.locale
    for o in offers:
        price = format_amount(o.price_cents, o.currency, locale)
        effort = format_minutes(o.effort_minutes) if o.effort_minutes else "-"
        print(
            f"{o.id:>3}  {o.name[:30]:<30} {price:>12}  {o.lead_time_days:>3} days  "
            f"{effort:>6}  {o.revision_rounds} revision(s)"
        )
    if not offers:
        print("no offers yet: add one with `homeops offer add NAME --price P --lead-days N`")
    return 0


def cmd_offer_add(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    if not args.name.strip():
        raise UserError("an offer needs a name")
    if args.lead_days < 0 or args.revisions < 0:
        raise UserError("lead time and revision rounds cannot be negative")
    offer = Offer(
        name=args.name.strip(),
        price_cents=user_amount(ctx, args.price, "price"),
        lead_time_days=args.lead_days,
        deliverables=list(args.deliverable or []),
        acceptance_criteria=list(args.criterion or []),
        revision_rounds=args.revisions,
        effort_minutes=user_minutes(args.effort, "effort") if args.effort else 0,
        currency=ctx.settings.money.currency,
    )
    with open_vault(ctx, phrases) as vault:
        if vault.offers.by_name(offer.name):
            raise UserError(f"an offer called {offer.name!r} exists already")
        vault.offers.add(offer)
    print(f"offer {offer.id} added: {offer.name}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    missions = add_command(sub, "missions", cmd_missions, "list the missions on the board")
    missions.add_argument("--stage", metavar="S", help="only the missions in stage S")
    missions.add_argument("--archived", action="store_true", help="the archived missions")
    missions.add_argument("--json", action="store_true", help="print JSON")

    mission = add_command(sub, "mission", None, "add a mission or move it to another stage")
    actions = mission.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = add_command(actions, "add", cmd_mission_add, "add a mission in the first stage")
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--client", metavar="ALIAS", help="the client's alias")
    add.add_argument("--offer", metavar="NAME", help="pre-fill from a packaged offer")
    add.add_argument("--fee", metavar="AMOUNT", help="fixed price, e.g. 1200.00 or '1 200,50'")
    add.add_argument("--deadline", metavar="YYYY-MM-DD")
    add.add_argument("--effort", metavar="HOURS", help="estimate: 6, 6h, 2h30")
    mv = add_command(actions, "move", cmd_mission_move, "move a mission to another stage")
    mv.add_argument("id", type=int, metavar="ID")
    mv.add_argument("stage", metavar="STAGE")
    mv.add_argument("--override", metavar="REASON", help="move past a gate, with a reason")

    offers = add_command(sub, "offers", cmd_offers, "list the packaged offers")
    offers.add_argument("--json", action="store_true", help="print JSON")
    offer = add_command(sub, "offer", None, "add a packaged offer")
    offer_actions = offer.add_subparsers(title="actions", metavar="ACTION", required=True)
    new = add_command(offer_actions, "add", cmd_offer_add, "add a packaged offer")
    new.add_argument("name", metavar="NAME")
    new.add_argument("--price", required=True, metavar="AMOUNT")
    new.add_argument("--lead-days", required=True, type=int, metavar="N")
    new.add_argument("--deliverable", action="append", metavar="TEXT")
    new.add_argument("--criterion", action="append", metavar="TEXT")
    new.add_argument("--revisions", type=int, default=2, metavar="N")
    new.add_argument("--effort", metavar="HOURS")
