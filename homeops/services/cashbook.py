"""The cashbook: every money change of the business, written once for the console and the
command line, and the reads the Ledger view and the money commands show.

Each change is one durable record of the vault, all or nothing (a payment and its split, an
invoice paid with its income, a payout confirmed with its decision, a reversal with the
invoice it reopens), and none starts during a long write (``check_idle``). Amounts are cents;
the envelopes, their shares, the currency, the payment terms and the payout rule are the
settings the business runs with.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
import secrets
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from homeops.config import Settings
from homeops.config.settings import MoneySettings
from homeops.rules import invoice_dates, ledger, planner
from homeops.rules import invoices as inv
from homeops.rules.forecast import RecurringCost
from homeops.rules.invoices import Invoice
from homeops.rules.ledger import EntryFilter
from homeops.rules.model import LedgerEntry, Mission
from homeops.rules.money import format_amount
from homeops.rules.payouts import PayoutDecision
from homeops.rules.text import LINE_MAX, shown
from homeops.services import cash_outlook, credit_notes, invoice_drafts, issued_as, series_dates
from homeops.services.board import require_client
from homeops.services.cash_outlook import FinishDates, MoneyOutlook
from homeops.services.money_checks import (
    EXPENSE_WAYS,
    INVOICE_GROUP,
    PAYOUT_WAYS,
    TRANSFER_WAYS,
    Ways,
    check_covered,
    check_paid_once,
)
from homeops.services.payouts import release
from homeops.services.waiting import check_idle
from homeops.storage.repos import NotFound
from homeops.storage.repos_money import LedgerRow, LedgerRows
from homeops.storage.schema import COMPOSED_MAX

if TYPE_CHECKING:
    from homeops.storage.repos_privacy import Event
    from homeops.storage.vault import Vault

__all__ = ["Cashbook", "LedgerRow", "LedgerRows", "MoneyOutlook"]

_PAYOUT_GROUP = re.compile(r"po-(\d{4}-\d{2}-\d{2})(?:-[0-9a-f]+)?")  # a payout confirmed


def _lead(alias: str) -> str:
    return f"Payment from {alias}: "


class Cashbook:
    """The business's money: the ledger's envelopes, invoices, payouts and recurring costs."""

    def __init__(
        self, vault: Vault, settings: Settings, *, finish_dates: FinishDates | None = None
    ) -> None:
        self._vault = vault
        self.settings = settings
        # The planner's last day per mission (``Planning.finish_dates``): the forecast's dates.
        self._finish_dates = finish_dates

    @property
    def money(self) -> MoneySettings:
        return self.settings.money

    @property
    def envelopes(self) -> list[str]:
        """The configured envelopes, in the order of their shares."""
        return list(self.settings.money.shares_bp)

    @property
    def read_only(self) -> bool:
        """Whether changes are refused (another session holds the vault)."""
        return self._vault.read_only

    # -- reads -------------------------------------------------------------------------------

    def balances(self) -> dict[str, int]:
        """Cents per envelope, the configured ones first (even at 0), then any other in use."""
        return self._vault.ledger.totals(self.envelopes)

    def rows(self) -> LedgerRows:
        """Every entry, newest first, decoded only when looked at (100,000 cost one sort)."""
        return self._vault.ledger.rows()

    def with_missions(self, wanted: EntryFilter) -> EntryFilter:
        """``wanted`` ready to match rows (``LedgerRows.matching``): a client also matches
        the entries of its missions, live and archived."""
        if not wanted.client:
            return wanted
        missions = self._vault.missions
        ids = frozenset(
            m.id
            for m in missions.list() + missions.list(archived=True)
            if m.id is not None and wanted.client in m.client_alias.casefold()
        )
        return EntryFilter(wanted.month, wanted.envelope, wanted.client, wanted.mission_id,
                           ids, wanted.words)  # fmt: skip

    def entries(self) -> list[LedgerEntry]:
        """Every entry as a record, oldest first (exports)."""
        return self._vault.ledger.entries()

    def paid_missions(self) -> set[int]:
        """Missions that brought income (a reversed payment nets out: not paid)."""
        return self._vault.ledger.paid_missions()

    def last_payout(self) -> str | None:
        """The date of the last payout paid or held; a reversed payout does not count: it is
        due again. (The schedule runs from the last one paid: ``services.payouts.calendar``.)"""
        paid = self._vault.ledger.last_payout_paid()
        decided = self._vault.payouts.last_date()
        return max((d for d in (paid, decided) if d), default=None)

    def invoices(self) -> list[Invoice]:
        """Every invoice, by number."""
        return self._vault.invoices.list()

    def deposit_of(self, mission_id: int | None) -> Invoice | None:
        """The first deposit invoice of a mission not voided (the one drafted with it), or None."""
        if mission_id is None:
            return None
        return next(iter(inv.deposits_of(mission_id, self.invoices())), None)

    def delivered_not_invoiced(self, today: dt.date) -> list[inv.NotInvoiced]:
        """The missions on the board delivered with a fee that no invoice bills and nothing
        paid, oldest delivery first (an archived mission is taken as settled)."""
        invoices, active = self.invoices(), self._vault.missions.board_read()
        billed, delivered = cash_outlook.billed(invoices), self.settings.board.stages[-1]
        if not any(m.stage == delivered and m.fee_cents > 0 and m.id not in billed
                   for m in active):  # fmt: skip
            return []  # the common case: no look through every payment
        return self._not_invoiced(today, billed, cash_outlook.settled(self._vault, invoices),
                                  active)  # fmt: skip

    def invoices_stamp(self) -> tuple[int | None, ...]:
        """What ``invoices`` and ``delivered_not_invoiced`` are read from, as change counts:
        equal stamps, equal answers (None during a change: read again)."""
        tables = ("missions", "invoices", "ledger", "timelog")  # timelog: hourly work's time
        return tuple(self._vault.generation(t) for t in tables)

    def _not_invoiced(
        self,
        today: dt.date,
        invoiced: Collection[int | None],
        paid: Collection[int],
        active: list[Mission] | None = None,
    ) -> list[inv.NotInvoiced]:
        deposits: dict[int, int] = {}
        for i in self._vault.invoices.list():
            if i.kind == "deposit" and i.status != "void" and i.mission_id is not None:
                deposits[i.mission_id] = deposits.get(i.mission_id, 0) + i.amount_cents
        missions = self._vault.missions.board_read() if active is None else active
        delivered, billed = self.settings.board.stages[-1], {i for i in invoiced if i is not None}
        # hourly: the time logged within the cap, what ``invoice add --mission`` drafts
        unbilled = [m for m in missions if m.id not in billed and m.id not in paid]
        return inv.delivered_not_invoiced(
            missions, delivered=delivered, invoiced=billed, paid=paid,
            terms_days=self.money.payment_terms_days, today=today, deposits=deposits,
            time_billed=invoice_drafts.time_billed(self._vault, unbilled, delivered, today),
        )  # fmt: skip

    def terms_of(self, invoice: Invoice) -> int:
        """The payment terms (days) ``invoice`` is due after: its mission's, else the
        settings'; a deposit's: 0 (due on receipt)."""
        days = self.money.payment_terms_days
        if invoice.mission_id is not None:
            with contextlib.suppress(NotFound):
                own = self.mission(invoice.mission_id).terms_days
                days = own if own is not None else days
        return inv.terms_days_of(invoice, days)

    def next_invoice_of(self, mission_id: int, today: dt.date) -> Invoice:
        """The draft of the mission's own invoice, not stored: the fee (hourly: the time
        logged up to ``today`` at its rate, capped), each accepted scope change, less each
        deposit invoiced, each line named. ``NotFound``; ``InvoiceRefused`` (one line) when
        it is billed already (not void) or nothing is left to bill."""
        return invoice_drafts.draft_final(self._vault, self.settings, self.mission(mission_id),
                                          today)  # fmt: skip

    def draft_invoice(
        self, mission_id: int, today: dt.date, *, send_on: dt.date | None = None
    ) -> Invoice:
        """Draft the mission's own invoice (``next_invoice_of``) and store it under the next
        number, issued on ``send_on`` or a draft: one change; refused as there."""
        check_idle(self._vault)
        return self.new_invoice(self.next_invoice_of(mission_id, today), send_on=send_on,
                                now=today)  # fmt: skip

    def invoice(self, number: int) -> Invoice:
        """Invoice ``number``; ``NotFound`` (a ``LookupError``) when there is none."""
        return self._vault.invoices.by_number(number)

    def recurring_costs(self) -> list[RecurringCost]:
        return self._vault.recurring.list()

    def mission(self, mission_id: int) -> Mission:
        """The mission a payment or an invoice is for; ``NotFound`` when there is none."""
        return self._vault.missions.get(mission_id)

    def client_known(self, alias: str) -> bool:
        return self._vault.clients.by_alias(alias) is not None

    def check_client(self, alias: str) -> None:
        """``NoSuchClient`` for an alias the register lacks, ``ClientErased`` for an erased
        client: an invoice is new work, for a client of the register."""
        require_client(self._vault, alias)

    def payment_lead(self, mission_id: int) -> str:
        """How the description of a payment for a mission starts (``Payment from acme: ``);
        ``NotFound`` for an unknown mission."""
        return _lead(self.mission(mission_id).client_alias)

    def reversal_preview(self, entry_id: int, day: str) -> tuple[list[LedgerEntry], str]:
        """The entries a reversal of ``entry_id`` on ``day`` would cancel, and why it cannot
        be made ("" when it can). ``NotFound`` for an unknown id."""
        entry, group, reversals = self._vault.ledger.with_group(entry_id)
        group = ledger.group_entries(entry, group)
        return group, ledger.reversal_problem(entry, group, reversals, date=day)

    def outlook(
        self,
        today: dt.date,
        *,
        payouts: int = 12,
        weeks: int = 12,
        until: dt.date | None = None,
        extra: Sequence[tuple[Mission, dt.date]] = (),
    ) -> MoneyOutlook:
        """The coming ``payouts`` (or, ``until`` given, every payout before that day, held ones
        included) and the forecast of ``weeks`` weeks from ``today``. Undelivered missions are
        expected at the planner's finish date + their terms (``services.cash_outlook``);
        each of ``extra`` is a mission NOT stored with its planned finish day, counted as a
        stored one would be (its deposit at today + terms, the rest at finish + terms).
        ``ValueError`` (``RuleNeverFires``) for a payout rule that never fires."""
        return cash_outlook.outlook(
            self._vault, self.settings, today, payouts=payouts, weeks=weeks, until=until,
            extra=extra, finish_dates=self._finish_dates,
            not_invoiced=lambda billed, paid: self._not_invoiced(today, billed, paid),
        )  # fmt: skip

    def outlooks(
        self,
        today: dt.date,
        plans: Sequence[tuple[Mapping[int, dt.date], Sequence[tuple[Mission, dt.date]]]],
        *,
        payouts: int = 12,
        weeks: int = 12,
    ) -> list[MoneyOutlook]:
        """One ``outlook`` per plan of ``plans`` (the planner's finish day per mission, and
        missions not stored with theirs, as ``extra``), what they share counted once:
        ``fit`` weighs the payouts with and without a mission. ``ValueError`` as there."""
        base = cash_outlook.shared(
            self._vault, self.settings, today, payouts=payouts, weeks=weeks,
            not_invoiced=lambda billed, paid: self._not_invoiced(today, billed, paid),
        )  # fmt: skip
        return [cash_outlook.with_finishes(base, self.settings, finishes, extra)
                for finishes, extra in plans]  # fmt: skip

    # -- changes: each one durable record ------------------------------------------------------

    def record_income(
        self,
        amount_cents: int,
        *,
        date: str,
        memo: str = "",
        mission_id: int | None = None,
        most: int | None = None,
        override: str = "",
    ) -> list[LedgerEntry]:
        """A payment received, split into the envelopes at once: one atomic change.

        Described by ``memo`` ("Payment received" when empty); paid for a mission, as
        ``Payment from <alias>: <memo or the mission's title>``, cut to ``most`` characters
        when given. ``NotFound`` for an unknown mission; ``PaidTwice`` (nothing recorded)
        when the mission's invoice counts this money already or it would take the mission
        past its fee (``check_paid_once``), unless ``override`` gives a reason (a real
        overpayment), kept in the entries."""
        check_idle(self._vault)
        override = " ".join(override.split())
        description = memo or "Payment received"
        if mission_id is not None:
            mission = self.mission(mission_id)
            description = (_lead(mission.client_alias) + (memo or mission.title))[:most]
            self.check_paid_once(mission_id, amount_cents, override=override)
        if override:
            description = ledger.with_override(description, override)[:COMPOSED_MAX]
        group = f"in-{date}-{secrets.token_hex(4)}"
        entries = ledger.split_income(
            amount_cents, self.money.shares_bp, date=date, description=description,
            currency=self.money.currency, group=group, mission_id=mission_id,
        )  # fmt: skip
        self._vault.ledger.add_many(entries)
        return entries

    def format_money(self, cents: int) -> str:
        return format_amount(cents, self.money.currency, self.money.locale)

    def check_paid_once(
        self,
        mission_id: int,
        amount_cents: int,
        invoice: Invoice | None = None,
        *,
        override: str = "",
    ) -> None:
        """``PaidTwice`` when a payment for a mission would count its money twice or take
        it past its fee (``homeops.services.money_checks.check_paid_once``)."""
        try:
            fee = planner.fee_cents(self.mission(mission_id))
        except NotFound:
            fee = 0  # an invoice imported for a mission the file lacked
        check_paid_once(
            self._vault, mission_id, fee, amount_cents, invoice, override=override,
            money=self.format_money,
        )  # fmt: skip

    def check_covered(
        self,
        envelope: str,
        amount_cents: int,
        what: str,
        *,
        override: str = "",
        ways: Ways = EXPENSE_WAYS,
    ) -> None:
        """``NotCovered`` (nothing recorded) when drawing ``amount_cents`` from ``envelope``
        would take it below zero and no ``override`` reason is given ("decide before
        spending"): ``homeops.services.money_checks.check_covered``."""
        check_covered(
            self.balances(), envelope, amount_cents, what, override=override, ways=ways,
            money=self.format_money,
        )  # fmt: skip

    def record_expense(self, entry: LedgerEntry, *, override: str = "") -> LedgerEntry:
        """An expense made by ``homeops.rules.ledger.expense`` (the faces check what was
        typed with it), as one change. ``NotCovered`` (nothing recorded) when its envelope
        does not hold it, unless ``override`` gives a reason, kept in the entry."""
        check_idle(self._vault)
        self.check_covered(entry.envelope, -entry.amount_cents, "the expense", override=override)
        if override.strip():
            entry = dataclasses.replace(
                entry, description=ledger.with_override(entry.description, override)
            )
        self._vault.ledger.add_many([entry])
        return entry

    def transfer(
        self,
        amount_cents: int,
        *,
        date: str,
        source: str,
        target: str,
        reason: str,
        override: str = "",
    ) -> list[LedgerEntry]:
        """Move ``amount_cents`` from envelope ``source`` to ``target``: two legs, one change.
        ``NotCovered`` (nothing recorded) when ``source`` does not hold it, unless
        ``override`` gives a reason, kept in both legs."""
        check_idle(self._vault)
        override = " ".join(override.split())
        self.check_covered(source, amount_cents, "the transfer", override=override,
                           ways=TRANSFER_WAYS)  # fmt: skip
        group = f"tr-{date}-{secrets.token_hex(4)}"
        entries = ledger.transfer(
            amount_cents, date=date, source=source, target=target, reason=reason,
            currency=self.money.currency, group=group,
        )  # fmt: skip
        if override:
            entries = [dataclasses.replace(e, description=ledger.with_override(
                e.description, override)[:COMPOSED_MAX]) for e in entries]  # fmt: skip
        self._vault.ledger.add_many(entries)
        return entries

    def reverse(self, entry_id: int, day: str, reason: str) -> list[LedgerEntry]:
        """Cancel entry ``entry_id`` and the rest of its group with opposite entries dated
        ``day`` (``homeops.rules.ledger.reverse``), as one atomic change; the new entries.
        An invoice's payment reversed reopens the invoice; a payout reversed is due again.

        ``NotFound`` for an unknown id; ``ReversalRefused`` (nothing recorded) otherwise."""
        check_idle(self._vault)
        entry, group, reversals = self._vault.ledger.with_group(entry_id)
        group = ledger.group_entries(entry, group)
        entries = ledger.reverse(entry, group, reversals, date=day, reason=reason)
        paid = INVOICE_GROUP.fullmatch(entry.group)
        payout = _PAYOUT_GROUP.fullmatch(entry.group)
        with self._vault.transaction():
            self._vault.ledger.add_many(entries)
            if paid:  # the invoice's payment is undone: it is open again
                self._reopen_invoice(int(paid[1]))
            if payout:  # the payout is undone: it is due again
                self._vault.payouts.forget(payout[1])
        return entries

    def _reopen_invoice(self, number: int) -> None:
        try:
            invoice = self._vault.invoices.by_number(number)
        except NotFound:
            return  # an entry imported without its invoice: nothing to reopen
        if invoice.status == "paid":
            self._vault.invoices.update(inv.unpay(invoice))

    def new_invoice(
        self,
        invoice: Invoice,
        *,
        send_on: dt.date | None = None,
        override: str = "",
        now: dt.date | None = None,
    ) -> Invoice:
        """Store ``invoice`` under the next number of the series, issued on ``send_on`` (with
        the payment terms) or a draft. ``InvoiceRefused`` (nothing recorded) when it bills a
        mission past what is left to bill (``rules.invoices.left_to_bill``), unless
        ``override`` gives a reason, kept in its description; or when ``send_on`` is after
        ``now`` (today; None: the computer's) or before the last invoice's issue date."""
        check_idle(self._vault)
        if send_on is not None:
            number = inv.next_number(self._vault.invoices.numbers())
            self.check_issue_date(number, send_on, now)
        if override.strip() and invoice.mission_id is not None:
            described = ledger.with_override(invoice.description, override)
            invoice.description = described[:LINE_MAX]
        elif not override.strip():
            self.check_bill(invoice)
        if send_on is not None:
            inv.send(invoice, send_on, self.terms_of(invoice))
            issued_as.freeze(self._vault, self.settings, invoice)  # as issued, same change
        with self._vault.transaction():
            invoice.number = inv.next_number(self._vault.invoices.numbers())
            invoice.id = None
            self._vault.invoices.add(invoice)
        return invoice

    def check_bill(self, invoice: Invoice) -> None:
        """``InvoiceRefused`` (one line) when new ``invoice``, a mission's own, bills more
        than is left to bill of it (``rules.invoices.left_to_bill``)."""
        if invoice.mission_id is None or invoice.kind != "":
            return
        with contextlib.suppress(NotFound):  # imported without its mission: billed as typed
            inv.check_left_to_bill(self.mission(invoice.mission_id), self._vault.invoices.list(),
                                   invoice.amount_cents, self.format_money)  # fmt: skip

    def check_issue_date(
        self, number: int, day: dt.date, now: dt.date | None = None, *, override: str = ""
    ) -> Event | None:
        """``OutOfOrder`` (one line naming the date allowed) when invoice ``number`` cannot
        be issued on ``day``: the series is chronological and never dated after ``now``
        (today; None: the computer's) (``rules.invoice_dates``). When no day fits (a date
        in the future or out of order before it), ``override`` (a reason) dates it any day
        up to today: the event to record is returned (``series_dates``)."""
        now = now or dt.date.today()
        problem = invoice_dates.issue_check(number, day, self._vault.invoices.list(), now)
        return series_dates.allowed(problem, inv.label(number), day, now, override)

    def send_invoice(
        self, invoice: Invoice, day: dt.date, *, now: dt.date | None = None, override: str = ""
    ) -> Invoice:
        """Issue draft ``invoice`` on ``day``: due after the payment terms. ``InvoiceRefused``
        (nothing recorded) when it is not a draft, or the day breaks the series' order
        (``check_issue_date``; ``override``: the reason when no day fits, kept as an event)."""
        check_idle(self._vault)
        event = None
        if invoice.status == "draft":
            event = self.check_issue_date(invoice.number, day, now, override=override)
        sent = issued_as.freeze(self._vault, self.settings,
                                inv.send(invoice, day, self.terms_of(invoice)))  # fmt: skip
        with self._vault.transaction():
            self._vault.invoices.update(sent)
            if event is not None:
                self._vault.events.add(event)
        return sent

    def void_invoice(
        self,
        invoice: Invoice,
        today: dt.date | None = None,
        *,
        now: dt.date | None = None,
        override: str = "",
    ) -> Invoice:
        """Cancel unpaid ``invoice`` (it keeps its number); one that was issued gets the
        next credit note (``AV-0001``) made ``today`` in the same change (issue 15).
        ``InvoiceRefused`` otherwise, or when that day is after ``now`` (None: the
        computer's date), before the invoice's issue date or the last credit note's (when
        that date is after today, ``override``, a reason, dates it any day up to today)."""
        now = now or dt.date.today()
        return credit_notes.void(self._vault, invoice, today or now, now, self.settings,
                                 override=override)  # fmt: skip

    def credit_note_for(self, number: int, today: dt.date) -> Invoice:
        """Void invoice ``number`` with its credit note number (given now, made ``today``,
        when an older vault voided it without one). ``NotFound``; ``NoCreditNote``."""
        return credit_notes.credit_note_for(self._vault, number, today, self.settings)

    def pay_invoice(
        self, number: int, *, paid_on: dt.date, override: str = "", now: dt.date | None = None
    ) -> tuple[Invoice, list[LedgerEntry]]:
        """Mark invoice ``number`` paid and record its income and split: one atomic change.
        ``NotFound``; ``InvoiceRefused`` when it is not open; ``PaidTwice`` (nothing
        recorded) when a payment recorded without it counts this money already, or when it
        would take its mission past its fee (deposits paid included) and no ``override``
        reason is given (kept in the entries)."""
        check_idle(self._vault)
        money = self.money
        invoice = self._vault.invoices.by_number(number)
        if invoice.status == "draft":  # paid straight away: issued that day
            problem = invoice_dates.issue_check(number, paid_on, self._vault.invoices.list(),
                                                now or dt.date.today())  # fmt: skip
            if problem:  # the day is the issue's, not the payment's (review r2a #2)
                raise invoice_dates.DraftNotIssued(problem)
        draft = invoice.status == "draft"
        invoice = inv.pay(invoice, paid_on, self.terms_of(invoice))
        if draft:  # paid straight away: issued now, as it is now (older sent ones: as they are)
            issued_as.freeze(self._vault, self.settings, invoice)
        if invoice.mission_id is not None:
            self.check_paid_once(invoice.mission_id, invoice.amount_cents, invoice,
                                 override=override)  # fmt: skip
        description = f"Payment of {invoice.label} from {invoice.client_alias}"
        if invoice.description:
            description += f": {invoice.description}"
        if override.strip():
            description = ledger.with_override(description, override)
        # An invoice stored before the text rules may hold controls: the entry shows them.
        description = shown(description)[:COMPOSED_MAX]
        entries = ledger.split_income(
            invoice.amount_cents, money.shares_bp, date=paid_on.isoformat(),
            description=description, currency=invoice.currency,
            group=f"inv-{invoice.number}-{secrets.token_hex(4)}",  # paid again after a reversal
            mission_id=invoice.mission_id,
        )  # fmt: skip
        with self._vault.transaction():
            self._vault.invoices.update(invoice)
            self._vault.ledger.add_many(entries)
        return invoice, entries

    def confirm_payout(
        self,
        day: str,
        amount_cents: int,
        *,
        paid_on: str | None = None,
        envelope: str = ledger.PAY,
        override: str = "",
    ) -> LedgerEntry:
        """Pay yourself the payout scheduled on ``day`` (paid on ``paid_on``, default ``day``):
        the pay envelope is drawn and the decision kept, as one change. ``NotCovered``
        (nothing recorded) when the envelope does not hold it, unless ``override`` gives a
        reason, kept in the entry and the decision."""
        check_idle(self._vault)
        override = " ".join(override.split())
        self.check_covered(envelope, amount_cents, f"the payout of {day}", override=override,
                           ways=PAYOUT_WAYS)  # fmt: skip
        description = "Payout to myself"
        if override:
            description = ledger.with_override(description, override)
        entry = LedgerEntry(
            paid_on or day, description, -amount_cents, envelope, self.money.currency,
            "payout", None, f"po-{day}-{secrets.token_hex(4)}",  # confirmed again after a reversal
        )  # fmt: skip
        with self._vault.transaction():
            self._vault.ledger.add(entry)
            self._vault.payouts.add(PayoutDecision(day, "paid", amount_cents, override))
        return entry

    def hold_payout(self, day: str, amount_cents: int, reason: str) -> PayoutDecision:
        """Skip the payout of ``day`` (the money stays in the pay envelope); the reason is kept."""
        check_idle(self._vault)
        if not reason.strip():
            raise ValueError("holding a payout needs a reason")
        decision = PayoutDecision(day, "held", amount_cents, reason.strip())
        self._vault.payouts.add(decision)
        return decision

    def release_payout(self, day: str, today: dt.date) -> PayoutDecision:
        """Release the payout of ``day`` held back: it is due again (the hold is dropped).
        ``ReleaseRefused`` (nothing recorded) when it is not held since the last one paid."""
        check_idle(self._vault)
        return release(self._vault, day, today)

    def add_recurring(self, cost: RecurringCost) -> RecurringCost:
        """A cost on a calendar (an RRULE), which the forecast counts."""
        check_idle(self._vault)
        self._vault.recurring.add(cost)
        return cost
