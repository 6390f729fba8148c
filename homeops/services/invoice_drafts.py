"""A mission's money from acceptance to its invoice: the payment terms and deposit fixed when
it is created, the deposit invoice drafted in the same change, and the draft of its own
invoice from its lines (issue 14 part 2). Called by the board's ``add`` and the cashbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from homeops.config import Settings
from homeops.rules import hourly
from homeops.rules import invoices as inv
from homeops.rules.invoices import Invoice
from homeops.rules.model import Mission
from homeops.rules.money import format_amount

if TYPE_CHECKING:
    from homeops.storage.vault import Vault


def terms_for(vault: Vault, settings: Settings, client_alias: str, offer: str) -> tuple[int, int]:
    """The terms (days) and deposit share (basis points) a new mission of ``client_alias``
    from offer ``offer`` (a name, or "") gets: ``rules.invoices.terms_for``."""
    return inv.terms_for(
        vault.offers.by_name(offer) if offer else None,
        vault.clients.by_alias(client_alias) if client_alias else None,
        settings.money.payment_terms_days,
    )


class Acceptance:
    """What a mission gets when it is created: its terms, and its deposit invoice."""

    def __init__(self, vault: Vault, settings: Settings) -> None:
        self._vault = vault
        self.settings = settings

    def terms_for(self, client_alias: str, offer: str) -> tuple[int, int]:
        """The terms and deposit share a new mission would get (``terms_for``)."""
        return terms_for(self._vault, self.settings, client_alias, offer)

    def fix_terms(self, mission: Mission) -> None:
        """Resolve the terms and deposit of a new ``mission`` left open (``terms_days`` None):
        the offer's, else the client's, else the settings' and no deposit. A mission whose
        terms were typed keeps them (and its deposit)."""
        if mission.terms_days is None:
            mission.terms_days, mission.deposit_bp = terms_for(
                self._vault, self.settings, mission.client_alias, mission.offer
            )

    def draft_deposit(self, mission: Mission) -> Invoice | None:
        """Store the draft deposit invoice of ``mission`` just stored (call it inside the
        transaction that adds the mission); None when it asks for no deposit."""
        money = self.settings.money
        fee = format_amount(mission.fee_cents, mission.currency, money.locale)
        deposit = inv.deposit_invoice(mission, fee, money.locale)
        if deposit is not None:
            deposit.number = inv.next_number(self._vault.invoices.numbers())
            self._vault.invoices.add(deposit)
        return deposit


def logged_minutes(vault: Vault, mission_id: int, today: dt.date) -> int:
    """Minutes logged on ``mission_id`` up to ``today``."""
    until = today.isoformat()
    return sum(e.minutes for e in vault.timelog.list()
               if e.mission_id == mission_id and e.day <= until)  # fmt: skip


def time_billed(vault: Vault, missions: Iterable[Mission], delivered: str,
                today: dt.date) -> dict[int, int]:  # fmt: skip
    """What the time logged up to ``today`` bills (cents, within the cap) for each hourly
    mission of ``missions`` in stage ``delivered``: its own invoice's time line. The time log
    is read only when there is one."""
    hourly_missions = {m.id: m for m in missions if m.id is not None
                       and m.stage == delivered and hourly.is_hourly(m)}  # fmt: skip
    if not hourly_missions:
        return {}
    until, minutes = today.isoformat(), dict.fromkeys(hourly_missions, 0)
    for entry in vault.timelog.list():
        if entry.mission_id in minutes and entry.day <= until:
            minutes[entry.mission_id] += entry.minutes
    return {key: hourly.billed_cents(m, minutes[key]) for key, m in hourly_missions.items()}


def draft_final(vault: Vault, settings: Settings, mission: Mission, today: dt.date) -> Invoice:
    """The draft of ``mission``'s own invoice, not stored: its fee (hourly: the time logged
    up to ``today`` at its rate, never above the cap), each accepted scope change, less each
    deposit invoiced. ``InvoiceRefused`` (one line) when it is billed already, nothing is
    left to bill, or it is hourly and not delivered yet."""
    time_line = None
    if hourly.is_hourly(mission) and mission.stage != settings.board.stages[-1]:
        # Its own invoice closes it: time logged after it would never be billed.
        raise inv.InvoiceRefused(f"mission #{mission.id} is hourly and not delivered: deliver "
                                 "it first, or bill the time so far with --amount")  # fmt: skip
    if hourly.is_hourly(mission) and mission.id is not None:
        minutes = logged_minutes(vault, mission.id, today)
        time_line = hourly.time_line(mission, minutes, settings.money.locale)
    return inv.draft_final(mission, vault.invoices.list(), time_line)
