""" "Can I take this?": one decision on new work, and accepting it in one change.

The answer plans the candidate mission with the others through ``Planning.schedule`` (the
very schedule ``homeops plan`` shows: revision allowance, fixed blocks, days off, response
windows, reserved hours), so the delivery it names is the day the plan gives once the mission
is stored. Beside it: the pay per real hour against the price floor, and the next payouts with
and without the mission. Minutes, cents and basis points throughout.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from homeops.config import Settings
from homeops.rules.capacity import short_day
from homeops.rules.hours import format_minutes
from homeops.rules.invoices import terms_for
from homeops.rules.ledger import CUSHION, PAY
from homeops.rules.model import Client, Mission, Offer, StageMove
from homeops.rules.payouts import PayoutLine
from homeops.rules.planner import allowance_minutes
from homeops.rules.schedule import Schedule
from homeops.services.cashbook import Cashbook, MoneyOutlook
from homeops.services.missions import Board, Missions, draft_mission
from homeops.services.planning import FIT_WEEKS, PLAN_WEEKS, Planning
from homeops.storage.vault import Vault

#: The candidate's id while it is not stored: after every stored id, as it will be once
#: stored (the planner breaks ties on the id).
CANDIDATE_ID = 2**62
#: How many coming payouts the answer weighs.
PAYOUTS = 8
#: The title of a candidate given none (and no offer).
UNTITLED = "New mission"


@dataclasses.dataclass(frozen=True)
class FitRequest:
    """The question: an offer, or effort and fee (or an hourly rate and its cap), with a
    deadline and a client.

    ``effort_minutes`` / ``fee_cents`` / ``deadline`` None take the offer's (its effort, its
    price, today + its lead time); without an offer, an effort is needed."""

    effort_minutes: int | None = None
    fee_cents: int | None = None
    deadline: dt.date | None = None
    client_alias: str = ""
    offer: Offer | None = None
    title: str = ""
    #: Hourly work: its rate, cents an hour; ``fee_cents`` is then its cap in money.
    hourly_rate_cents: int = 0


class AlreadyOpen(ValueError):
    """Accepting again what the board holds open already: the same client and title."""


@dataclasses.dataclass(frozen=True)
class Pushed:
    """A mission the new one makes finish later and after its deadline."""

    mission_id: int
    title: str
    deadline: dt.date
    before: dt.date | None  # its finish without the new one (None: beyond the plan)
    after: dt.date | None  # with it (None: no longer within the plan)

    @property
    def days_late(self) -> int | None:
        """Days after the deadline once the new work is taken (None: beyond the plan)."""
        return None if self.after is None else (self.after - self.deadline).days


@dataclasses.dataclass(frozen=True)
class Cash:
    """The next payouts and the cushion, without and with the mission (cents)."""

    without: tuple[PayoutLine, ...]
    with_it: tuple[PayoutLine, ...]
    cushion_now: int
    lowest_pay_without: int
    lowest_pay_with: int
    lowest_cushion_without: int
    lowest_cushion_with: int

    @staticmethod
    def short(lines: tuple[PayoutLine, ...]) -> list[str]:
        """ISO days of the payouts the expected money does not cover."""
        return [p.date for p in lines if p.pending and not p.covered_expected]

    @property
    def turns_short(self) -> list[str]:
        """Payouts covered without the mission and short with it."""
        before = set(self.short(self.without))
        return [day for day in self.short(self.with_it) if day not in before]


@dataclasses.dataclass(frozen=True)
class Decision:
    """The answer to "can I take this?" (minutes, cents an hour, basis points)."""

    mission: Mission  # the mission accepting stores (id None)
    today: dt.date
    delivery: dt.date | None  # its last planned day; None: no room within the horizon
    weeks: int  # how far the plan looked
    effort: int  # minutes, scope as estimated
    allowance: int  # revision minutes the plan keeps aside
    pushed: tuple[Pushed, ...]
    without_pushing: dt.date | None  # when pushed: the day using only the time left free
    per_hour: int | None  # fee ÷ (effort + allowance), or the hourly rate; cents an hour
    floor: int | None  # the minimum rate, cents an hour; None: cannot tell
    non_billable_bp: int  # the share of an ordinary week's focus time that is not billable
    per_focus_hour: int | None  # ``per_hour`` once that share is counted
    cash: Cash | None  # None: the payout rule never fires
    open_missions: int
    work_left: int  # minutes left on the open missions, allowance included
    billable_until: int  # billable minutes free from today to the delivery (or the horizon)
    money_cents: int = 0  # what it brings in: the fee, or hourly effort × rate within the cap
    fee_given: bool = True  # False: no fee typed nor offer, judged as the 0 € accepting stores

    @property
    def hourly(self) -> bool:
        return self.mission.hourly_rate_cents > 0

    @property
    def cap_minutes(self) -> int:
        """Hourly work: its cap in whole minutes at its rate (0 for a fixed price)."""
        rate = self.mission.hourly_rate_cents
        return self.mission.fee_cents * 60 // rate if rate else 0

    @property
    def over_cap(self) -> bool:
        """Hourly work estimated past its cap: the hours over it would be unpaid."""
        return self.hourly and self.effort > self.cap_minutes

    @property
    def deadline(self) -> dt.date | None:
        return dt.date.fromisoformat(self.mission.deadline) if self.mission.deadline else None

    @property
    def late(self) -> bool:
        deadline = self.deadline
        return self.delivery is None or (deadline is not None and self.delivery > deadline)

    @property
    def underpriced_by(self) -> int:
        """Cents the fee misses to pay the floor for effort + allowance (0: it does not)."""
        if self.per_hour is None or self.floor is None:
            return 0
        # Hourly work bills its effort (revisions are billed time too): the floor over it.
        minutes = self.effort if self.hourly else self.effort + self.allowance
        return max(0, -(-minutes * self.floor // 60) - self.money_cents)

    @property
    def under_floor(self) -> bool:
        return self.per_hour is not None and self.floor is not None and self.per_hour < self.floor

    @property
    def fits(self) -> bool:
        return not (self.late or self.pushed or self.under_floor or self.short or self.over_cap)

    @property
    def short(self) -> list[str]:
        return self.cash.turns_short if self.cash is not None else []

    def reasons(self, money: Callable[[int], str]) -> list[str]:
        """Each reason it does not fit, in words (``money`` formats cents)."""
        out: list[str] = []
        day = self._day
        if self.delivery is None:
            out.append(f"no room for it in the next {self.weeks} weeks")
        elif self.late and self.deadline is not None:
            out.append(f"delivers {day(self.delivery)}, after the deadline {day(self.deadline)}")
        for p in self.pushed:
            late = p.days_late
            how = "beyond the plan" if late is None else f"{late} day{'s' * (late != 1)} late"
            out.append(f"pushes #{p.mission_id} {p.title} {how}")
        if self.over_cap:
            out.append(f"the effort {format_minutes(self.effort)} is over the cap of "
                       f"{format_minutes(self.cap_minutes)}")  # fmt: skip
        if self.under_floor:
            assert self.per_hour is not None and self.floor is not None
            given = "" if self.fee_given else "no fee given: "
            out.append(
                f"{given}{money(self.per_hour)}/h is under the floor of {money(self.floor)}/h"
            )
        for iso in self.short:
            out.append(f"the payout of {day(dt.date.fromisoformat(iso))} turns short")
        return out

    def verdict(self, money: Callable[[int], str]) -> str:
        """One line: ``Fits: delivers Thu 17 Dec, 71,00 €/h, payouts covered`` or
        ``Doesn't fit: …`` with every reason."""
        if not self.fits:
            return "Doesn't fit: " + "; ".join(self.reasons(money))
        assert self.delivery is not None
        rate = f"{money(self.per_hour or 0)}/h" + (" hourly" if self.hourly else "")
        rate += "" if self.fee_given else " (no fee given)"
        if self.cash is None:
            cash = "payouts not checked"
        elif self.cash.short(self.with_it_lines):
            cash = "payouts short already, not because of it"
        else:
            cash = "payouts covered"
        return f"Fits: delivers {self._day(self.delivery)}, {rate}, {cash}"

    @property
    def with_it_lines(self) -> tuple[PayoutLine, ...]:
        return self.cash.with_it if self.cash is not None else ()

    def _day(self, day: dt.date) -> str:
        return short_day(day, self.today)


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class FitDesk:
    """ "Can I take this?" over one open vault (``business.fit``)."""

    def __init__(
        self,
        vault: Vault,
        settings: Settings,
        *,
        planning: Planning,
        missions: Missions,
    ) -> None:
        self._vault = vault
        self.settings = settings
        self._planning = planning
        self._missions = missions

    @property
    def read_only(self) -> bool:
        return self._vault.read_only

    def candidate(self, request: FitRequest, *, today: dt.date, at: dt.datetime) -> Mission:
        """The mission accepting would store (not stored, id None): drafted from the offer or
        blank, with the request's fee, effort, deadline, and the payment terms of the offer,
        else the client, else the settings (``rules.invoices.terms_for``). ``NoSuchClient``
        / ``ClientErased`` for a client the register lacks or has erased; ``ValueError``
        without an effort."""
        self._missions.check_client(request.client_alias)
        offer = request.offer
        title = request.title or (offer.name if offer is not None else UNTITLED)
        mission = draft_mission(
            self.settings,
            title,
            client_alias=request.client_alias,
            offer=offer,
            at=at,
            today=today,
        )
        if request.fee_cents is not None:
            mission.fee_cents = request.fee_cents
        if request.hourly_rate_cents:  # hourly: the fee is its cap
            if offer is not None:
                raise ValueError("a mission from an offer stays fixed-price: no hourly rate")
            mission.hourly_rate_cents = request.hourly_rate_cents
        if request.effort_minutes is not None:
            mission.effort_minutes = request.effort_minutes
        if request.deadline is not None:
            mission.deadline = request.deadline.isoformat()
        if mission.effort_minutes <= 0:
            raise ValueError("the effort must be more than zero")
        client = self._client(request.client_alias)
        default = self.settings.money.payment_terms_days
        mission.terms_days, mission.deposit_bp = terms_for(offer, client, default)
        return mission

    def check(self, request: FitRequest, *, today: dt.date) -> None:
        """Raise at once what ``answer`` refuses before planning anything (``candidate``'s
        refusals): the console checks on its thread, then answers on a worker."""
        self.candidate(request, today=today, at=dt.datetime.combine(today, dt.time(9)).astimezone())

    def answer(
        self, request: FitRequest, *, today: dt.date, at: dt.datetime | None = None
    ) -> Decision:
        """Where the candidate lands in the plan, what it pushes late, what it pays per real
        hour and what it does to the next payouts."""
        at = at or dt.datetime.combine(today, dt.time(9)).astimezone()
        mission = self.candidate(request, today=today, at=at)
        trial_mission = dataclasses.replace(mission, id=CANDIDATE_ID)
        weeks, planning = PLAN_WEEKS, self._planning
        stored = self._stored()  # read once: planned with and without it
        trial = planning.schedule(today, weeks=weeks, extra=[trial_mission], stored=stored)
        if CANDIDATE_ID in trial.plan.unplanned:  # look further than the plan does
            weeks = FIT_WEEKS
            trial = planning.schedule(today, weeks=weeks, extra=[trial_mission], stored=stored)
        base = planning.schedule(today, weeks=weeks, stored=stored)
        plan = trial.plan
        delivery = None if CANDIDATE_ID in plan.unplanned else plan.finish.get(CANDIDATE_ID)
        options = trial.options
        allowance = allowance_minutes(mission, options.allowance_bp)
        # No fee nor offer is judged as the 0 € mission accepting would store (as --fee 0).
        fee_given = request.fee_cents is not None or request.offer is not None
        effort, rate = mission.effort_minutes, mission.hourly_rate_cents
        if rate:  # paid its rate for the effort, the cap its most
            money = min((effort * rate * 2 + 60) // 120, mission.fee_cents)
            per_hour = rate if money * 60 >= effort * rate else _per_hour(money, effort)
        else:
            money, per_hour = mission.fee_cents, _per_hour(mission.fee_cents, effort + allowance)
        rules = options.rules
        focus, billable = rules.week_focus, rules.standard_week_billable()
        share = 10000 - billable * 10000 // focus if focus else 0
        per_focus = None
        if per_hour is not None and focus:
            per_focus = (per_hour * billable * 2 + focus) // (2 * focus)
        pushed = _pushed(base, trial)
        # Its money in the payouts: the forecast counts hourly work at its estimate × rate
        # within the cap (rules.invoices.expected_total), as ``money`` here, and its deposit
        # on the cap, as the deposit invoice accepting drafts.
        paid = trial_mission
        return Decision(
            mission=mission,
            today=today,
            delivery=delivery,
            weeks=weeks,
            effort=mission.effort_minutes,
            allowance=allowance,
            pushed=pushed,
            without_pushing=_leftover_finish(base, mission.effort_minutes + allowance)
            if pushed
            else None,
            per_hour=per_hour,
            floor=options.rate_cents,
            non_billable_bp=share,
            per_focus_hour=per_focus,
            cash=self._cash(today, base, trial, paid, stored),
            open_missions=len(base.plan.work),
            work_left=sum(w.remaining for w in base.plan.work.values()),
            billable_until=sum(
                minutes for d, minutes in plan.capacity.items() if delivery is None or d <= delivery
            ),
            money_cents=money,
            fee_given=fee_given,
        )

    def accept(
        self,
        decision: Decision,
        *,
        board: Board | None = None,
        now: Callable[[], dt.datetime] = _now,
    ) -> Mission:
        """Store the decision's mission, in one change (``Board.add``: the bottom of the first
        column, its terms and deposit, history and undo), its first stage stamped ``now``;
        ``board`` is the console's session (its undo takes it back), else a new one.
        ``MissionRefused`` / ``NoSuchClient`` when it cannot be, ``AlreadyOpen`` when an open
        mission (not delivered) has its client and title: accepted twice; nothing is written
        then."""
        mission = dataclasses.replace(decision.mission, id=None)
        twin = self._open_twin(mission)
        if twin is not None:
            raise AlreadyOpen(f"mission {twin} has this client and title and is still open")
        board = board or self._missions.board(now)
        mission.history = [StageMove(board.now().isoformat(timespec="seconds"), mission.stage)]
        return board.add(mission)

    # -- the parts ---------------------------------------------------------------------------

    def _stored(self) -> list[Mission]:
        """The board's missions, decoded again only once the missions changed (the answers
        of one dialog differ in the request only): 1,000 missions cost more than a plan. The
        planner and the outlooks only read them (``MissionRepo.board_read``)."""
        return self._vault.missions.board_read()

    def _open_twin(self, mission: Mission) -> int | None:
        """The id of an undelivered, unarchived mission of the same client and title."""
        delivered, title = self.settings.board.stages[-1], mission.title.strip().casefold()
        for m in self._vault.missions.board_read():
            if (m.stage != delivered and m.client_alias == mission.client_alias
                    and m.title.strip().casefold() == title):  # fmt: skip
                return m.id
        return None

    def _client(self, alias: str) -> Client | None:
        return self._vault.clients.by_alias(alias) if alias else None

    def _cash(
        self,
        today: dt.date,
        base: Schedule,
        trial: Schedule,
        mission: Mission,
        stored: list[Mission],
    ) -> Cash | None:
        """The payouts as the Payouts view counts them, each mission's money expected at its
        finish + terms: the stored ones at their finish in ``base`` (without) or in ``trial``
        (with: the ones it pushes get paid later), the candidate at its own."""
        finish = _finishes(trial)
        delivery = finish.pop(CANDIDATE_ID, None)
        extra = [(mission, delivery)] if delivery is not None else []
        reads = cast(Vault, _ReadOnce(self._vault, stored))  # the plan's read of the board
        try:
            without, with_it = Cashbook(reads, self.settings).outlooks(
                today, [(_finishes(base), ()), (finish, extra)], payouts=PAYOUTS
            )
        except ValueError:  # a payout rule that never fires: nothing to weigh
            return None
        return Cash(
            without=tuple(without.payouts),
            with_it=tuple(with_it.payouts),
            cushion_now=without.cushion.balance_cents,
            lowest_pay_without=_lowest_pay(without.payouts, without.balances),
            lowest_pay_with=_lowest_pay(with_it.payouts, with_it.balances),
            lowest_cushion_without=_lowest_cushion(without),
            lowest_cushion_with=_lowest_cushion(with_it),
        )


class _ReadOnce:
    """The vault as the two outlooks of one answer read it: each repository read made once,
    then given again as a shallow copy (a caller may change the list or set it gets). Only
    reads go through it: ``Cashbook.outlook`` writes nothing."""

    def __init__(self, vault: Vault, active: list[Mission]) -> None:
        self._vault = vault
        self._repos: dict[str, _RepoReadOnce] = {"missions": _RepoReadOnce(vault.missions)}
        self._repos["missions"].known("active", active)  # the plan's read: the board now

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._vault, name)
        if name.startswith("_") or callable(found) or isinstance(found, str | int | bool):
            return found
        return self._repos.setdefault(name, _RepoReadOnce(found))


class _RepoReadOnce:
    def __init__(self, repo: Any) -> None:
        self._repo = repo
        self._done: dict[tuple[Any, ...], Any] = {}

    def known(self, name: str, result: Any) -> None:
        """``name()`` read already: ``result``."""
        self._done[(name, (), ())] = result

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._repo, name)
        if not callable(found):
            return found

        def once(*args: Any, **kwargs: Any) -> Any:
            key = (name, args, tuple(sorted(kwargs.items())))
            try:
                known = key in self._done
            except TypeError:  # arguments that cannot be a key: read again
                return found(*args, **kwargs)
            if not known:
                self._done[key] = found(*args, **kwargs)
            return copy.copy(self._done[key])

        return once


def _finishes(schedule: Schedule) -> dict[int, dt.date]:
    """The last planned day of each mission the plan finishes (``Planning.finish_dates``)."""
    plan = schedule.plan
    return {m: day for m, day in plan.finish.items() if m not in plan.unplanned}


def _per_hour(fee: int, minutes: int) -> int:
    """Cents an hour, rounded half up."""
    return (fee * 60 * 2 + minutes) // (2 * minutes) if minutes > 0 else 0


def _pushed(base: Schedule, trial: Schedule) -> tuple[Pushed, ...]:
    """The stored missions that finish later with the candidate, and after their deadline."""
    out: list[Pushed] = []
    before_plan, after_plan = base.plan, trial.plan
    for w in before_plan.work.values():
        if w.deadline is None:
            continue
        before = (
            None if w.mission_id in before_plan.unplanned else before_plan.finish.get(w.mission_id)
        )
        after = (
            None if w.mission_id in after_plan.unplanned else after_plan.finish.get(w.mission_id)
        )
        if before is None:
            continue  # beyond the plan already: nothing it can push
        later = after is None or after > before
        late = after is None or after > w.deadline
        if later and late:
            out.append(Pushed(w.mission_id, w.title, w.deadline, before, after))
    out.sort(key=lambda p: (p.deadline, p.mission_id))
    return tuple(out)


def _leftover_finish(base: Schedule, minutes: int) -> dt.date | None:
    """The day ``minutes`` would be done using only what the plan leaves free (the minimum
    block kept, as the planner keeps it)."""
    plan, least = base.plan, base.options.min_block
    for day in plan.days:
        room = plan.capacity[day] - plan.planned(day)
        if room <= 0 or (room < least and minutes > room):
            continue
        minutes -= min(minutes, room)
        if not minutes:
            return day
    return None


def _lowest_pay(lines: list[PayoutLine], balances: dict[str, int]) -> int:
    """The pay envelope's lowest point after the coming payouts (expected money counted)."""
    pending = [p.expected_after_cents for p in lines if p.pending]
    return min(pending) if pending else balances.get(PAY, 0)


def _lowest_cushion(outlook: MoneyOutlook) -> int:
    """The cushion's lowest weekly balance in the forecast."""
    week = outlook.forecast.lowest_of(CUSHION)
    return outlook.cushion.balance_cents if week is None else week.balances.get(CUSHION, 0)
