"""The deposit invoices a board session's new missions drafted, so that undoing a mission's
add takes its deposit back with it and redoing it drafts it again (issue 14, mend14).

Invoice numbers are one series without gaps (``homeops.rules.invoices``): a draft deposit
that still holds the last number is removed; any other is voided and keeps its number.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from homeops.rules import invoices as inv
from homeops.rules.invoices import Invoice
from homeops.rules.model import Mission
from homeops.storage.errors import VaultError
from homeops.storage.vault import Vault

if TYPE_CHECKING:
    from homeops.services.invoice_drafts import Acceptance


class UndoRefused(VaultError):
    """An undo that would take back a mission whose deposit invoice is paid: the money came
    in for it. Nothing was written (a ``VaultError``: the console says "Not saved")."""

    def __init__(self, label: str) -> None:
        super().__init__(f"{label}, the deposit of this mission, is paid: the mission stays")


class SessionDeposits:
    """Mission id to the id of the deposit invoice its add drafted, for one session."""

    def __init__(self, vault: Vault, acceptance: Acceptance | None) -> None:
        self._vault = vault
        self.acceptance = acceptance
        self.drafted: dict[int, int] = {}
        self._taken_back: set[int] = set()  # missions whose deposit an undo took back

    def draft(self, mission: Mission) -> Invoice | None:
        """Draft the deposit of ``mission`` just stored (inside its transaction)."""
        if self.acceptance is None:
            return None
        deposit = self.acceptance.draft_deposit(mission)
        if deposit is not None and deposit.id is not None and mission.id is not None:
            self.drafted[mission.id] = deposit.id
        return deposit

    def to_take_back(self, states: Mapping[int, Mission | None]) -> list[Invoice]:
        """The deposits that writing ``states`` takes back (their missions go); refuses
        with ``UndoRefused`` when one is paid, before anything is written."""
        gone = [i for i, state in states.items() if state is None and i in self.drafted]
        deposits = [self._vault.invoices.get(self.drafted[i]) for i in gone]
        for deposit in deposits:
            if deposit.status == "paid":
                raise UndoRefused(deposit.label)
        return deposits

    def write(self, states: Mapping[int, Mission | None], deposits: list[Invoice]) -> None:
        """Inside the transaction that writes ``states``: take ``deposits`` back, and draft
        again the deposit of each mission an undo had taken back and ``states`` restores."""
        for deposit in deposits:
            self._take_back(deposit)
        for mission_id, state in states.items():
            if state is not None and mission_id in self._taken_back:
                self._taken_back.discard(mission_id)
                self.draft(state)

    def _take_back(self, deposit: Invoice) -> None:
        assert deposit.id is not None and deposit.mission_id is not None
        mission_id, invoices = deposit.mission_id, self._vault.invoices
        if deposit.status == "draft" and deposit.number == max(invoices.numbers()):
            invoices.remove(deposit.id)
        else:  # it names no mission any more: the mission is gone
            voided = deposit if deposit.status == "void" else inv.void(deposit)
            voided.mission_id = None
            invoices.update(voided)
        self._taken_back.add(mission_id)
        del self.drafted[mission_id]
