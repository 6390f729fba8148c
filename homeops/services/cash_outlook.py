"""The money ahead: the coming payouts and the weekly forecast, from the vault at once.

Undelivered missions are expected at the planner's finish date plus their own payment terms
(``rules.forecast.mission_flows``, one rule for stored missions and for the ones ``fit``
only weighs); a mission the plan cannot finish in its horizon (or does not plan: no estimate,
no work left) is expected at its deadline plus terms, and not at all without a deadline.
Deposit invoices count on their own, as the open invoices or the money they brought.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from homeops.config import Settings
from homeops.rules import invoices as inv
from homeops.rules import ledger
from homeops.rules import payouts as pay
from homeops.rules.forecast import Flow, Forecast, expected_flows, forecast, mission_flows
from homeops.rules.invoices import Invoice
from homeops.rules.model import Mission
from homeops.rules.payouts import CushionState, PayoutLine
from homeops.services.money_checks import INVOICE_GROUP
from homeops.services.payouts import calendar as payout_calendar

if TYPE_CHECKING:
    from homeops.storage.vault import Vault

FinishDates = Callable[[dt.date], Mapping[int, dt.date]]


class MoneyOutlook(NamedTuple):
    """What the Payouts and Forecast views (and CLI) show, computed from the vault at once."""

    balances: dict[str, int]
    payouts: list[PayoutLine]
    cushion: CushionState
    forecast: Forecast


def settled(vault: Vault, invoices: Sequence[Invoice]) -> set[int]:
    """Missions paid other than by their deposit alone: their money is in (a payment
    reversed does not count)."""
    deposits = {i.number for i in invoices if i.kind == "deposit"}
    paid = vault.ledger.paid_missions()
    # Few missions have a deposit: look at the payments of those only.
    with_deposit = {i.mission_id for i in invoices if i.kind == "deposit" and i.mission_id}
    for mission_id in with_deposit & paid:
        numbers = [INVOICE_GROUP.fullmatch(g) for g in vault.ledger.standing_groups(mission_id)]
        if all(n is not None and int(n[1]) in deposits for n in numbers):
            paid.discard(mission_id)
    return paid


def billed(invoices: Sequence[Invoice]) -> set[int]:
    """Missions with their own invoice standing (a deposit invoice does not bill the rest)."""
    return {i.mission_id for i in invoices if i.mission_id is not None and inv.is_final(i)}


def expected_of(
    mission: Mission,
    finish: dt.date | None,
    deposits: Collection[Invoice] | None,
    *,
    default_terms: int,
    today: dt.date,
    end: dt.date,
) -> list[Flow]:
    """The flows of one undelivered mission: ``deposits`` its deposit invoices (None for a
    mission not stored, whose deposit is still to invoice); ``finish`` None: its deadline."""
    terms = mission.terms_days if mission.terms_days is not None else default_terms
    if finish is None and mission.deadline:
        finish = dt.date.fromisoformat(mission.deadline)
    return mission_flows(
        f"{mission.title} ({mission.client_alias})", inv.expected_total(mission), finish=finish,
        terms_days=terms, today=today, end=end, deposit_bp=mission.deposit_bp,
        deposit_base_cents=mission.fee_cents,
        deposits_cents=None if deposits is None else sum(d.amount_cents for d in deposits),
    )  # fmt: skip


def draft_terms(vault: Vault, invoice: Invoice, default_terms: int) -> int:
    """The terms a draft would be due after if sent today: its mission's, else the
    settings' (what ``Cashbook.terms_of`` gives when it is sent); 0 for an invoice sent."""
    if invoice.status != "draft" or invoice.due is not None or invoice.kind == "deposit":
        return 0  # a deposit is due on receipt
    if invoice.mission_id is not None:
        try:
            days = vault.missions.get(invoice.mission_id).terms_days
        except LookupError:  # an invoice imported without its mission
            days = None
        if days is not None:
            return days
    return default_terms


class Shared(NamedTuple):
    """What every outlook of one day shares, whatever the missions' finish dates: read once
    when ``fit`` weighs the payouts with and without a mission (``outlooks``)."""

    today: dt.date
    weeks: int
    reach_end: dt.date  # the last day the expected money is counted to
    balances: dict[str, int]
    dates: list[dt.date]  # the payouts weighed
    cushion: CushionState
    invoices: list[Invoice]
    waiting: list[Mission]  # undelivered missions whose money is still to come
    expected: list[Flow]  # open invoices, money owed, retainers, recurring costs
    payout_flows: list[Flow]
    held: Mapping[str, str]  # ISO day -> why it is held


def shared(
    vault: Vault,
    settings: Settings,
    today: dt.date,
    *,
    payouts: int = 12,
    weeks: int = 12,
    until: dt.date | None = None,
    not_invoiced: Callable[[set[int], set[int]], list[inv.NotInvoiced]],
) -> Shared:
    """The part of ``outlook`` the finish dates do not change."""
    from homeops.services.retainers import Retainers  # it imports the board: not at the top

    shares_bp, rule = settings.money.shares_bp, settings.payout.rule
    payout_cents = settings.payout.amount_cents
    terms_days = settings.money.payment_terms_days
    balances = vault.ledger.totals(list(shares_bp))
    calendar = payout_calendar(vault, today)
    anchor, start = calendar.anchor, calendar.start
    dates = calendar.dates(rule, payouts) if until is None else calendar.due_before(rule, until)
    per_month = pay.per_month(rule, start, anchor)
    costs = vault.ledger.monthly_costs(today)
    cushion = pay.cushion_state(
        balances.get(ledger.CUSHION, 0), payout_cents=payout_cents,
        payouts_per_month=per_month, monthly_costs_cents=costs,
        target_months=settings.money.cushion_target_months,
    )  # fmt: skip
    invoices = vault.invoices.list()
    invoiced, paid_missions = billed(invoices), settled(vault, invoices)
    open_invoices = [
        (inv.expected_on(i, today, draft_terms(vault, i, terms_days)) or today,
         i.amount_cents, f"{i.label} {i.client_alias}")
        for i in invoices
        if i.status in inv.OPEN
    ]  # fmt: skip
    # Delivered and never invoiced is still money owed: expected after the terms.
    open_invoices += [
        (m.expected_on, m.fee_cents, f"{m.title} ({m.client_alias}), not invoiced")
        for m in not_invoiced(invoiced, paid_missions)
    ]
    horizon = today + dt.timedelta(days=7 * weeks)
    payout_dates = calendar.dates(rule, 7 * weeks + 1)
    # The payouts' expected view reaches their last date; the forecast stops at its weeks.
    reach = max(weeks, (dates[-1] - today).days // 7 + 1) if dates else weeks
    end = today + dt.timedelta(days=7 * reach - 1)
    open_invoices += Retainers(vault, settings).expected(today, end)  # their coming periods
    delivered = settings.board.stages[-1]
    waiting = [m for m in vault.missions.board_read()
               if m.stage != delivered and m.id not in invoiced and m.id not in paid_missions
               and inv.billed_total(m) > 0]  # fmt: skip
    expected = expected_flows(
        open_invoices=open_invoices, missions=(), recurring=vault.recurring.list(),
        payouts=(), today=today, weeks=reach, terms_days=terms_days,
    )  # fmt: skip
    payout_flows = expected_flows(
        open_invoices=(), missions=(), recurring=(), today=today, weeks=weeks,
        payouts=[(d, payout_cents) for d in payout_dates
                 if d < horizon and d.isoformat() not in calendar.held],
        terms_days=terms_days,
    )  # fmt: skip
    return Shared(today, weeks, end, balances, dates, cushion, invoices, waiting, expected,
                  payout_flows, calendar.held)  # fmt: skip


def with_finishes(
    base: Shared,
    settings: Settings,
    finishes: Mapping[int, dt.date],
    extra: Sequence[tuple[Mission, dt.date]] = (),
) -> MoneyOutlook:
    """``outlook`` from its shared part: each waiting mission's money at its finish in
    ``finishes`` (absent: its deadline) + terms, and each of ``extra`` (not stored) too."""
    shares_bp, terms_days = settings.money.shares_bp, settings.money.payment_terms_days
    today, end = base.today, base.reach_end
    expected = list(base.expected)
    for mission in base.waiting:
        finish = finishes.get(mission.id) if mission.id is not None else None
        expected += expected_of(mission, finish, inv.deposits_of(mission.id or 0, base.invoices),
                                default_terms=terms_days, today=today, end=end)  # fmt: skip
    for mission, finish in extra:
        expected += expected_of(mission, finish, None, default_terms=terms_days, today=today,
                                end=end)  # fmt: skip
    lines = pay.schedule(
        base.dates, amount_cents=settings.payout.amount_cents,
        pay_balance_cents=base.balances.get(ledger.PAY, 0), cushion=base.cushion, today=today,
        held=base.held, expected=pay.pay_changes(expected, shares_bp, ledger.PAY),
    )  # fmt: skip
    weekly = forecast(base.balances, shares_bp, expected + base.payout_flows, today=today,
                      weeks=base.weeks)  # fmt: skip
    return MoneyOutlook(dict(base.balances), lines, base.cushion, weekly)


def outlook(
    vault: Vault,
    settings: Settings,
    today: dt.date,
    *,
    payouts: int = 12,
    weeks: int = 12,
    until: dt.date | None = None,
    extra: Sequence[tuple[Mission, dt.date]] = (),
    finish_dates: FinishDates | None = None,
    not_invoiced: Callable[[set[int], set[int]], list[inv.NotInvoiced]],
) -> MoneyOutlook:
    """``Cashbook.outlook``: see there."""
    base = shared(vault, settings, today, payouts=payouts, weeks=weeks, until=until,
                  not_invoiced=not_invoiced)  # fmt: skip
    finishes: Mapping[int, dt.date] = {}
    if base.waiting and finish_dates is not None:
        try:
            finishes = finish_dates(today)
        except ValueError:  # a record the planner cannot read: the deadlines, as before
            finishes = {}
    return with_finishes(base, settings, finishes, extra)
