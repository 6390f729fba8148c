"""The Ledger view's data: every call to the money repositories goes through here.

Widgets render what this gives them; each change is written to the vault (one durable record)
before anything is redrawn, and none starts during a long write (``homeops.tui.busy.check_idle``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from homeops.config import Settings
from homeops.config.settings import MoneySettings
from homeops.rules import invoices as inv
from homeops.rules.invoices import Invoice
from homeops.rules.ledger import EntryFilter
from homeops.rules.model import LedgerEntry
from homeops.storage.repos_money import LedgerRows, MoneyOutlook, outlook
from homeops.tui.busy import check_idle

if TYPE_CHECKING:
    from homeops.storage.vault import Vault


class LedgerModel:
    """The ledger of one open vault, as of ``today``."""

    def __init__(self, vault: Vault, settings: Settings, today: dt.date) -> None:
        self.vault = vault
        self.settings = settings
        self.today = today
        self.all_rows = LedgerRows([], {})
        self.rows = self.all_rows
        self.filter = EntryFilter()
        self.invoices: list[Invoice] = []
        self.outlook: MoneyOutlook | None = None
        self.outlook_error = ""

    @property
    def money(self) -> MoneySettings:
        return self.settings.money

    @property
    def envelopes(self) -> list[str]:
        return list(self.settings.money.shares_bp)

    # -- loading -----------------------------------------------------------------------------

    def load(self, *, outlook: bool | None = None) -> None:
        """Read what the view shows from the vault. The payouts and forecast (``outlook``) are
        computed when asked, or again when they were before."""
        self.all_rows = self.vault.cashbook.rows()
        self.apply_filter(self.filter)
        self.invoices = self.vault.invoices.list()
        if outlook or (outlook is None and (self.outlook is not None or self.outlook_error)):
            self.load_outlook()

    def load_outlook(self) -> None:
        settings = self.settings
        try:
            self.outlook = outlook(
                self.vault, shares_bp=settings.money.shares_bp, rule=settings.payout.rule,
                payout_cents=settings.payout.amount_cents,
                target_months=settings.money.cushion_target_months,
                terms_days=settings.money.payment_terms_days,
                delivered_stage=settings.board.stages[-1], today=self.today,
            )  # fmt: skip
            self.outlook_error = ""
        except ValueError as exc:
            self.outlook, self.outlook_error = None, str(exc)

    def balances(self) -> dict[str, int]:
        return self.vault.cashbook.balances(self.envelopes)

    def apply_filter(self, wanted: EntryFilter) -> None:
        """Show only the rows ``wanted`` matches (a client also matches its missions)."""
        if wanted.client:
            ids = frozenset(
                m.id
                for m in self.vault.missions.list() + self.vault.missions.list(archived=True)
                if m.id is not None and wanted.client in m.client_alias.casefold()
            )
            wanted = EntryFilter(wanted.month, wanted.envelope, wanted.client,
                                 wanted.mission_id, ids, wanted.words)  # fmt: skip
        self.filter = wanted
        if not wanted.active:
            self.rows = self.all_rows
            return
        self.rows = self.all_rows.where(
            lambda d: wanted.matches(
                d["date"], d["description"], d["envelope"], d.get("mission_id")
            )
        )

    # -- changes -----------------------------------------------------------------------------

    def record_income(
        self, amount: int, day: str, memo: str, mission_id: int | None
    ) -> list[LedgerEntry]:
        check_idle(self.vault)
        description = memo or "Payment received"
        if mission_id is not None:
            mission = self.vault.missions.get(mission_id)
            description = f"Payment from {mission.client_alias}: {memo or mission.title}"
        entries = self.vault.cashbook.record_income(
            amount, self.money.shares_bp, date=day, description=description,
            currency=self.money.currency, mission_id=mission_id,
        )  # fmt: skip
        self.load()
        return entries

    def reversal_preview(self, entry_id: int) -> tuple[list[LedgerEntry], str]:
        """The entries a reversal today would cancel, and why it cannot be made ("" if it can)."""
        return self.vault.cashbook.reversal_preview(entry_id, self.today.isoformat())

    def reverse(self, entry_id: int, reason: str) -> list[LedgerEntry]:
        """Reverse the group of ``entry_id`` today; ``ReversalRefused`` records nothing."""
        check_idle(self.vault)
        entries = self.vault.cashbook.reverse(entry_id, self.today.isoformat(), reason)
        self.load()
        return entries

    def record_expense(self, entry: LedgerEntry) -> None:
        check_idle(self.vault)
        self.vault.cashbook.record([entry])
        self.load()

    def transfer(self, amount: int, day: str, source: str, target: str, reason: str) -> None:
        check_idle(self.vault)
        self.vault.cashbook.transfer(
            amount, date=day, source=source, target=target, reason=reason,
            currency=self.money.currency,
        )  # fmt: skip
        self.load()

    def new_invoice(self, invoice: Invoice) -> Invoice:
        check_idle(self.vault)
        created = self.vault.cashbook.new_invoice(invoice)
        self.load()
        return created

    def send_invoice(self, invoice: Invoice) -> Invoice:
        check_idle(self.vault)
        sent = inv.send(invoice, self.today, self.money.payment_terms_days)
        self.vault.cashbook.change_invoice(sent)
        self.load()
        return sent

    def void_invoice(self, invoice: Invoice) -> Invoice:
        check_idle(self.vault)
        voided = inv.void(invoice)
        self.vault.cashbook.change_invoice(voided)
        self.load()
        return voided

    def pay_invoice(self, number: int, day: dt.date) -> tuple[Invoice, list[LedgerEntry]]:
        check_idle(self.vault)
        paid = self.vault.cashbook.pay_invoice(
            number, paid_on=day, terms_days=self.money.payment_terms_days,
            shares_bp=self.money.shares_bp,
        )  # fmt: skip
        self.load()
        return paid

    def confirm_payout(self) -> str:
        """Record the next payout (on its date, or today when paid early); its date."""
        check_idle(self.vault)
        assert self.outlook is not None and self.outlook.payouts
        line = self.outlook.payouts[0]
        paid_on = min(line.date, self.today.isoformat())
        self.vault.cashbook.confirm_payout(
            line.date, line.amount_cents, currency=self.money.currency, paid_on=paid_on
        )
        self.load()
        return line.date

    def hold_payout(self, reason: str) -> str:
        check_idle(self.vault)
        assert self.outlook is not None and self.outlook.payouts
        line = self.outlook.payouts[0]
        self.vault.cashbook.hold_payout(line.date, line.amount_cents, reason)
        self.load()
        return line.date


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
