"""Retainers' use cases (issue 14 part 4): add, end, time and deliverables within the limit,
work over the limit as a proposed scope change, one draft invoice per period, the money to come.

Decisions: a retainer has a term (``end`` required): that is its clear limit in time. Its
invoices are raised by ``raise_due(today)``, which the console runs when a read-write session
opens and ``homeops retainer list`` and ``homeops invoices`` run first: one draft per period
started up to today, never two (an invoice of the retainer for that period, whatever its
status, counts). Time past a period's limit is refused unless proposed: then it is logged
and the part over the limit becomes a proposal (extra hours × the implied rate), to accept
(a draft invoice for it, and the period's limit grows) or decline (the time stays, unpaid).
Each change is one durable record; nothing is written when it is refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from homeops.config import Settings
from homeops.rules import invoices as inv
from homeops.rules import retainers as rr
from homeops.rules.capacity import Rules, day_capacities
from homeops.rules.hours import format_minutes
from homeops.rules.invoices import Invoice, InvoiceLine
from homeops.rules.retainers import Period, Proposal, Retainer, Use
from homeops.rules.timelog import TimeEntry, log_problem, logged_on
from homeops.services.board import require_client
from homeops.services.waiting import check_idle
from homeops.storage.vault import Vault


class RetainerRefused(ValueError):
    """A retainer change that cannot be made (one line, no personal data): nothing written."""


@dataclasses.dataclass(frozen=True)
class RetainerLine:
    """A retainer as listed: its status today, the use of the period under way (None
    outside the term) and the day of its next invoice (None after the term)."""

    retainer: Retainer
    status: str
    use: Use | None
    next_invoice: dt.date | None
    rate_cents: int | None
    client_erased: bool = False  # then ``status`` is "ended"

    @property
    def status_text(self) -> str:
        """The status in words: ``ended (client erased)`` for an erased client's."""
        return "ended (client erased)" if self.client_erased else self.status

    @property
    def warning(self) -> str:
        """``near the limit`` / ``over the limit`` / ""."""
        state = self.use.state if self.use is not None else "ok"
        return {"near": "near the limit", "over": "over the limit"}.get(state, "")


@dataclasses.dataclass(frozen=True)
class Ended:
    """A retainer just ended, the drafts of its later periods voided, and the later
    invoices already sent or paid (left as they are: a credit note is the user's call)."""

    retainer: Retainer
    voided: list[Invoice]
    kept: list[Invoice]


@dataclasses.dataclass(frozen=True)
class RetainerTime:
    """Time just logged on a retainer, the period's use after it, and the proposal it made
    (None when it stayed within the limit)."""

    entry: TimeEntry
    use: Use
    proposal: Proposal | None = None


def invoice_text(retainer: Retainer, period: Period) -> str:
    return f"{retainer.title}, {period.start.isoformat()} to {period.end.isoformat()}"


class Retainers:
    """The retainers of one open vault (``business.retainers``)."""

    def __init__(self, vault: Vault, settings: Settings) -> None:
        self._vault = vault
        self.settings = settings

    @property
    def read_only(self) -> bool:
        return self._vault.read_only

    # -- reads ---------------------------------------------------------------------------

    def all(self) -> list[Retainer]:
        return self._vault.retainers.list()

    def get(self, retainer_id: int) -> Retainer:
        """``NotFound`` (a ``LookupError``) when there is none."""
        return self._vault.retainers.get(retainer_id)

    def live(self) -> list[Retainer]:
        """The retainers whose client is in the register and not erased: the ones that
        reserve hours, raise invoices and take time (an erasure ends the relationship)."""
        out = []
        for retainer in self.all():
            client = self._vault.clients.by_alias(retainer.client_alias)
            if client is not None and client.status != "erased":
                out.append(retainer)
        return out

    def lines(self, today: dt.date) -> list[RetainerLine]:
        """Every retainer with its status, this period's use and its next invoice."""
        entries = self._vault.timelog.list()
        live = {r.id for r in self.live()}
        out = []
        for retainer in self.all():
            if retainer.id not in live:  # the client's erasure ended it: no use, no invoice
                out.append(RetainerLine(retainer, "ended", None, None, None, client_erased=True))
                continue
            period = rr.period_of(retainer, today)
            coming = rr.coming_periods(retainer, today, retainer.last_day)
            out.append(
                RetainerLine(
                    retainer,
                    rr.status(retainer, today),
                    rr.use(retainer, entries, period) if period is not None else None,
                    coming[0].start if coming else None,
                    rr.rate_cents(retainer),
                )
            )
        return out

    def expected(self, today: dt.date, last: dt.date) -> list[tuple[dt.date, int, str]]:
        """Money to come from the periods starting after ``today`` up to ``last``: each at
        its start plus the client's payment terms (or the settings'), as (day, cents, label)
        for the cashbook's outlook. Periods already started are invoices (drafts) by then."""
        flows = []
        for retainer in self.live():
            client = self._vault.clients.by_alias(retainer.client_alias)
            terms = client.terms_days if client is not None else None
            days = self.settings.money.payment_terms_days if terms is None else terms
            for period in rr.coming_periods(retainer, today, last):
                label = f"{retainer.title} ({retainer.client_alias}), retainer"
                flows.append((period.start + dt.timedelta(days=days), retainer.price_cents, label))
        return flows

    # -- changes -------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise RetainerRefused("read-only session: retainers cannot be changed")
        check_idle(self._vault)

    def add(self, retainer: Retainer, *, today: dt.date | None = None) -> Retainer:
        """Keep a new retainer for a client of the register; ``RetainerRefused`` (or the
        client's ``NoSuchClient``/``ClientErased``) otherwise, nothing written. With
        ``today``: a term already over, or a start more than one period back, is refused
        (each period started raises a draft invoice, whose number is never taken back)."""
        self._writable()
        require_client(self._vault, retainer.client_alias)
        if not retainer.client_alias:
            raise RetainerRefused("a retainer needs a client")
        problem = rr.retainer_problem(retainer)
        if not problem and today is not None:
            problem = rr.start_problem(retainer, today) or self.capacity(retainer, today)[0]
        if problem:
            raise RetainerRefused(problem)
        retainer = dataclasses.replace(
            retainer, currency=self.settings.money.currency, id=None, delivered=[], proposals=[]
        )
        self._vault.retainers.add(retainer)
        return retainer

    def capacity(self, retainer: Retainer, today: dt.date) -> tuple[str, str]:
        """(problem, warning): the retainer's hours against the billable time of its period
        under way (or its first), less what the other running retainers keep there. A
        period's billable time is the focus hours less fixed blocks, reserve and response
        windows, without days off (an ordinary period)."""
        if rr.retainer_problem(retainer):
            return "", ""
        found = rr.periods(retainer, until=max(today, dt.date.fromisoformat(retainer.start)))
        if not found:
            return "", ""
        period = found[-1]
        rules = Rules.from_config(self.settings.capacity)
        days = day_capacities(rules, period.start, period.end, blocks=self._vault.calendar.blocks())
        room = {day: cap.billable for day, cap in days.items()}
        others = [r for r in self.live() if r.id != retainer.id]
        return rr.capacity_check(retainer, others, room, rules.focus, period)

    def end(self, retainer_id: int, on: dt.date) -> Ended:
        """End the retainer on ``on`` (its last day): no period starts after it. The draft
        invoices of periods starting after ``on`` are voided in the same change (they keep
        their numbers); a later period's invoice already sent or paid is left, and named."""
        self._writable()
        retainer = self.get(retainer_id)
        if retainer.ended:
            raise RetainerRefused(f"retainer #{retainer_id} already ended on {retainer.ended}")
        start = dt.date.fromisoformat(retainer.start)
        if not start <= on <= dt.date.fromisoformat(retainer.end):
            raise RetainerRefused(
                f"the end day must be within the term, {retainer.start} to {retainer.end}"
            )
        retainer.ended = on.isoformat()
        later = [
            i
            for i in self._vault.invoices.list()
            if i.retainer_id == retainer_id
            and (i.period or "") > on.isoformat()
            and i.status != "void"
        ]
        voided = [i for i in later if i.status == "draft"]
        with self._vault.transaction():
            self._vault.retainers.update(retainer)
            for invoice in voided:
                self._vault.invoices.update(inv.void(invoice))
        return Ended(retainer, voided, [i for i in later if i.status != "void"])

    def raise_due(self, today: dt.date) -> list[Invoice]:
        """One draft invoice for each period started by ``today`` that has none yet (the
        retainers of erased clients raise nothing); all in one durable change. Read-only
        sessions raise nothing."""
        if self.read_only or self._vault.busy:
            return []
        invoices = self._vault.invoices.list()
        billed = {(i.retainer_id, i.period) for i in invoices if i.retainer_id is not None}
        new: list[Invoice] = []
        for retainer in self.live():
            for period in rr.due_periods(retainer, today):
                if (retainer.id, period.start.isoformat()) in billed:
                    continue
                text = invoice_text(retainer, period)
                new.append(
                    Invoice(
                        0, retainer.client_alias, retainer.price_cents, text,
                        currency=retainer.currency, kind="retainer", retainer_id=retainer.id,
                        period=period.start.isoformat(),
                        lines=[InvoiceLine(text, retainer.price_cents)],
                    )
                )  # fmt: skip
        if new:
            self._store_invoices(new)
        return new

    def _store_invoices(self, new: list[Invoice]) -> None:
        with self._vault.transaction():
            number = inv.next_number(self._vault.invoices.numbers())
            for offset, invoice in enumerate(new):
                invoice.number = number + offset
                self._vault.invoices.add(invoice)

    # -- use against the limit -------------------------------------------------------------

    def _current(self, retainer: Retainer, day: dt.date) -> Period:
        period = rr.period_of(retainer, day)
        if period is None:
            raise RetainerRefused(
                f"{day.isoformat()} is outside retainer #{retainer.id}'s term "
                f"({retainer.start} to {retainer.last_day.isoformat()})"
            )
        return period

    def _time_check(
        self, retainer_id: int, minutes: int, day: dt.date, today: dt.date, propose: bool
    ) -> tuple[Retainer, Period, list[TimeEntry], int]:
        """The retainer, the period of ``day``, the time log and the minutes over the limit;
        ``RetainerRefused`` (or ``NotFound``) when the time cannot be logged."""
        if self.read_only:
            raise RetainerRefused("read-only session: nothing can be logged")
        retainer = self.get(retainer_id)
        if retainer not in self.live():
            raise RetainerRefused(f"retainer #{retainer_id}'s client was erased: it has ended")
        entries = self._vault.timelog.list()
        problem = log_problem(minutes, day, logged_on(entries, day), today=today)
        if problem:
            raise RetainerRefused(problem)
        period = self._current(retainer, day)
        before = rr.use(retainer, entries, period)
        over = 0
        if retainer.limit_minutes:
            over = min(minutes, max(0, before.minutes + minutes - before.limit_minutes))
        if over and not propose:
            raise RetainerRefused(
                f"over the limit: {format_minutes(before.minutes_left)} left of "
                f"{format_minutes(before.limit_minutes)} this period; the "
                f"{format_minutes(over)} over it can only be proposed as a scope change "
                f"(homeops log --retainer {retainer_id} --propose)"
            )
        return retainer, period, entries, over

    def over_limit(
        self, retainer_id: int, minutes: int, day: dt.date, *, today: dt.date
    ) -> Proposal | None:
        """The proposal logging ``minutes`` would make (the part over the period's limit and
        its price), or None: within the limit, or refused for another reason."""
        try:
            retainer, period, _entries, over = self._time_check(
                retainer_id, minutes, day, today, True
            )
        except (RetainerRefused, LookupError):
            return None
        if not over:
            return None
        amount = rr.extra_cents(retainer, over)
        return Proposal(period.start.isoformat(), today.isoformat(), over, 0, amount)

    def log_problem(self, retainer_id: int, minutes: int, day: dt.date, *, today: dt.date) -> str:
        """Why this time cannot be logged on the retainer (past its limit included), or ""."""
        try:
            self._time_check(retainer_id, minutes, day, today, False)
        except (RetainerRefused, LookupError) as exc:
            return str(exc)
        return ""

    def log_time(
        self,
        retainer_id: int,
        minutes: int,
        day: dt.date,
        *,
        today: dt.date,
        note: str = "",
        propose: bool = False,
    ) -> RetainerTime:
        """Log ``minutes`` on the retainer on ``day``. Past the period's limit it is refused
        unless ``propose``: then the time is logged and the part over the limit is proposed
        to the client (``RetainerRefused``, one line, or ``NotFound``: nothing written)."""
        check_idle(self._vault)
        retainer, period, entries, over = self._time_check(
            retainer_id, minutes, day, today, propose
        )
        entry = TimeEntry(day.isoformat(), minutes, note=note, retainer_id=retainer_id)
        proposal = None
        with self._vault.transaction():
            entry = self._vault.timelog.add(entry)
            if over:
                proposal = self._propose(retainer, period, today, minutes=over)
        entries.append(entry)
        return RetainerTime(entry, rr.use(retainer, entries, period), proposal)

    def running_on(self, day: dt.date) -> list[Retainer]:
        """The retainers whose term holds ``day`` (time may be logged on them then)."""
        return [r for r in self.live() if rr.period_of(r, day) is not None]

    def deliver(
        self, retainer_id: int, day: dt.date, *, today: dt.date, propose: bool = False
    ) -> tuple[Use, Proposal | None]:
        """Count one deliverable handed over on ``day``; past the period's count refused
        unless ``propose`` (then it is counted and proposed as extra)."""
        self._writable()
        retainer = self.get(retainer_id)
        if day > today:
            raise RetainerRefused(f"{day.isoformat()} is in the future: count it once delivered")
        if not retainer.limit_deliverables:
            raise RetainerRefused(f"retainer #{retainer_id} has no deliverables limit")
        period = self._current(retainer, day)
        before = rr.use(retainer, (), period)
        over = before.deliverables + 1 > before.limit_deliverables
        if over and not propose:
            raise RetainerRefused(
                f"over the limit: {before.deliverables} of {before.limit_deliverables} "
                "deliverables this period; --propose makes the next one a proposed scope change"
            )
        retainer.delivered = [*retainer.delivered, day.isoformat()]
        proposal = None
        with self._vault.transaction():
            if over:
                proposal = self._propose(retainer, period, today, deliverables=1, store=False)
            self._vault.retainers.update(retainer)
        entries = self._vault.timelog.list()
        return rr.use(retainer, entries, period), proposal

    def _propose(
        self,
        retainer: Retainer,
        period: Period,
        today: dt.date,
        *,
        minutes: int = 0,
        deliverables: int = 0,
        store: bool = True,
    ) -> Proposal:
        proposal = Proposal(
            period.start.isoformat(),
            today.isoformat(),
            minutes,
            deliverables,
            rr.extra_cents(retainer, minutes, deliverables),
        )
        retainer.proposals = [*retainer.proposals, proposal]
        if store:
            self._vault.retainers.update(retainer)
        return proposal

    def decide(self, retainer_id: int, number: int, accept: bool, today: dt.date) -> Invoice | None:
        """Accept (a draft invoice for the extra work; the period's limit grows by it) or
        decline (the time stays logged, unpaid) the retainer's proposal ``number`` (from 1)."""
        self._writable()
        retainer = self.get(retainer_id)
        if not 1 <= number <= len(retainer.proposals):
            raise RetainerRefused(f"retainer #{retainer_id} has no proposal {number}")
        proposal = retainer.proposals[number - 1]
        if proposal.status != "proposed":
            raise RetainerRefused(f"proposal {number} was already {proposal.status}")
        proposal.status = "accepted" if accept else "declined"
        invoice = None
        if accept:
            self.raise_due(today)  # the period's own invoice first: never raised after it
            amount = proposal.amount_cents
            parts = [format_minutes(proposal.minutes)] if proposal.minutes else []
            if proposal.deliverables:
                parts.append(f"{proposal.deliverables} deliverable(s)")
            text = f"{retainer.title}: extra {' and '.join(parts)} (period {proposal.period})"
            invoice = Invoice(
                0, retainer.client_alias, amount, text, currency=retainer.currency,
                kind="retainer", retainer_id=retainer.id, period=proposal.period,
                lines=[InvoiceLine(text, amount, proposal.minutes,
                                   (rr.rate_cents(retainer) or 0) if proposal.minutes else 0)],
            )  # fmt: skip
        with self._vault.transaction():
            self._vault.retainers.update(retainer)
            if invoice is not None and invoice.amount_cents > 0:
                self._store_invoices([invoice])
        return invoice
