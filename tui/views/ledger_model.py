"""The Ledger view's state: what it shows of the cashbook, and the filter.

Every read and every change goes through the cashbook (``homeops.services.cashbook``), which
writes each change as one durable record (and refuses it during a long write); widgets render
what this gives them, and the view redraws once the change is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from homeops.config import Settings
from homeops.config.settings import MoneySettings
from homeops.rules.invoices import Invoice, NotInvoiced
from homeops.rules.ledger import EntryFilter
from homeops.rules.model import LedgerEntry
from homeops.rules.payouts import PayoutLine
from homeops.services.cashbook import Cashbook, LedgerRows, MoneyOutlook


class LedgerModel:
    """The ledger of one open business, as of ``today``."""

    def __init__(self, book: Cashbook, today: dt.date) -> None:
        self.book = book
        self.today = today
        self.all_rows = LedgerRows([], {})
        self.rows = self.all_rows
        self.filter = EntryFilter()
        self.invoices: list[Invoice] = []
        self.invoices_stamp: tuple[int | None, ...] = ()
        self.not_invoiced: list[NotInvoiced] = []  # delivered missions no invoice asks for
        self.outlook: MoneyOutlook | None = None
        self.outlook_error = ""

    @property
    def settings(self) -> Settings:
        return self.book.settings

    @property
    def money(self) -> MoneySettings:
        return self.book.money

    @property
    def envelopes(self) -> list[str]:
        return self.book.envelopes

    # -- loading -----------------------------------------------------------------------------

    def load(self, *, outlook: bool | None = None) -> None:
        """Read what the view shows. The payouts and forecast (``outlook``) are computed when
        asked, or again when they were before."""
        self.all_rows = self.book.rows()
        self.apply_filter(self.filter)
        self.load_invoices()
        if outlook or (outlook is None and (self.outlook is not None or self.outlook_error)):
            self.load_outlook()

    def load_invoices(self) -> None:
        """The invoices and the missions delivered, not invoiced; ``stale`` says when they
        changed since (the view reads them again on show)."""
        self.invoices_stamp = self.book.invoices_stamp()
        self.invoices = self.book.invoices()
        self.not_invoiced = self.book.delivered_not_invoiced(self.today)

    @property
    def stale(self) -> bool:
        """Whether the vault changed what the invoices page shows since it was read."""
        stamp = self.book.invoices_stamp()
        return None in stamp or stamp != self.invoices_stamp

    def load_outlook(self) -> None:
        try:
            self.outlook = self.book.outlook(self.today)
            self.outlook_error = ""
        except ValueError as exc:
            self.outlook, self.outlook_error = None, str(exc)

    def balances(self) -> dict[str, int]:
        return self.book.balances()

    def apply_filter(self, wanted: EntryFilter) -> None:
        """Show only the rows ``wanted`` matches (a client also matches its missions)."""
        self.filter = self.book.with_missions(wanted)
        self.rows = self.all_rows.matching(self.filter)

    # -- changes: the cashbook records, then the view reads again ------------------------------

    def record_income(
        self, amount: int, day: str, memo: str, mission_id: int | None, override: str = ""
    ) -> list[LedgerEntry]:
        entries = self.book.record_income(amount, date=day, memo=memo, mission_id=mission_id,
                                          override=override)  # fmt: skip
        self.load()
        return entries

    def reversal_preview(self, entry_id: int) -> tuple[list[LedgerEntry], str]:
        """The entries a reversal today would cancel, and why it cannot be made ("" if it can)."""
        return self.book.reversal_preview(entry_id, self.today.isoformat())

    def reverse(self, entry_id: int, reason: str) -> list[LedgerEntry]:
        """Reverse the group of ``entry_id`` today; ``ReversalRefused`` records nothing."""
        entries = self.book.reverse(entry_id, self.today.isoformat(), reason)
        self.load()
        return entries

    def record_expense(self, entry: LedgerEntry, override: str = "") -> LedgerEntry:
        """Record ``entry``; ``NotCovered`` (nothing recorded) when its envelope lacks the
        money and no ``override`` reason is given."""
        recorded = self.book.record_expense(entry, override=override)
        self.load()
        return recorded

    def transfer(
        self, amount: int, day: str, source: str, target: str, reason: str, override: str = ""
    ) -> None:
        """Move ``amount`` cents; ``NotCovered`` (nothing recorded) when ``source`` lacks it
        and no ``override`` reason is given."""
        self.book.transfer(amount, date=day, source=source, target=target, reason=reason,
                           override=override)  # fmt: skip
        self.load()

    def new_invoice(self, invoice: Invoice) -> Invoice:
        created = self.book.new_invoice(invoice)
        self.load()
        return created

    def draft_invoice(self, mission_id: int) -> Invoice:
        """Draft and store the mission's own invoice from its lines; ``InvoiceRefused``."""
        drafted = self.book.draft_invoice(mission_id, self.today)
        self.load()
        return drafted

    def send_invoice(self, invoice: Invoice) -> Invoice:
        sent = self.book.send_invoice(invoice, self.today, now=self.today)
        self.load()
        return sent

    def void_invoice(self, invoice: Invoice) -> Invoice:
        voided = self.book.void_invoice(invoice, self.today, now=self.today)
        self.load()
        return voided

    def pay_invoice(self, number: int, day: dt.date) -> tuple[Invoice, list[LedgerEntry]]:
        paid = self.book.pay_invoice(number, paid_on=day, now=self.today)
        self.load()
        return paid

    def next_payout(self) -> PayoutLine | None:
        """The first payout still to pay (held ones wait for a release), if any is shown."""
        lines = self.outlook.payouts if self.outlook is not None else []
        return next((line for line in lines if line.pending), None)

    def confirm_payout(self, override: str = "") -> str:
        """Record the next payout (on its date, or today when paid early); its date.
        ``NotCovered`` (nothing recorded) when pay lacks it and no ``override`` is given."""
        line = self.next_payout()
        assert line is not None
        paid_on = min(line.date, self.today.isoformat())
        self.book.confirm_payout(line.date, line.amount_cents, paid_on=paid_on,
                                 override=override)  # fmt: skip
        self.load()
        return line.date

    def hold_payout(self, reason: str) -> str:
        line = self.next_payout()
        assert line is not None
        self.book.hold_payout(line.date, line.amount_cents, reason)
        self.load()
        return line.date

    def release_payout(self, day: str) -> None:
        """Drop the hold on the payout of ``day``; ``ReleaseRefused`` records nothing."""
        self.book.release_payout(day, self.today)
        self.load()


def parse_envelope(text: str, envelopes: Sequence[str], what: str = "envelope") -> str:
    """An envelope name as typed (any case, a unique prefix); ``ValueError``: one line."""
    wanted = text.strip().casefold()
    if not wanted:
        raise ValueError(f"{what}: write one of {', '.join(envelopes)}")
    exact = [e for e in envelopes if e.casefold() == wanted]
    found = exact or [e for e in envelopes if e.casefold().startswith(wanted)]
    if len(found) != 1:
        raise ValueError(f"{what} {text.strip()!r}: write one of {', '.join(envelopes)}")
    return found[0]
