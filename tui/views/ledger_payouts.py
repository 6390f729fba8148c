"""The Payouts page's keys: confirm the next payout (c), hold it (h), release a held one (r).

A payout the pay envelope does not cover is refused by the cashbook (``NotCovered``, nothing
recorded); the page shows its message in a dialog with the ways out (hold it, transfer what
is missing from the cushion then pay, or pay anyway), each with a reason kept with the
decision. ``PayoutActions`` is a mixin of ``LedgerPages`` (tui/views/ledger_pages.py).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from homeops.rules import ledger
from homeops.rules.payouts import PayoutLine
from homeops.services.errors import NotCovered, ReleaseRefused
from homeops.tui.busy import changes
from homeops.tui.views.ledger_dialogs import (
    HOLD,
    OVERRIDE,
    TRANSFER,
    Field,
    NotCoveredDialog,
)
from homeops.tui.widgets.row_list import RowList

if TYPE_CHECKING:
    from homeops.tui.views.base import View as _Host
    from homeops.tui.views.ledger_model import LedgerModel
    from homeops.tui.views.ledger_rows import Money
else:
    _Host = object  # a plain mixin at run time


class PayoutActions(_Host):
    """What c, h and r do on the Payouts page, mixed into ``LedgerPages``."""

    if TYPE_CHECKING:  # LedgerView's state and LedgerPages' helpers
        today: dt.date
        model: LedgerModel | None
        money: Money
        _confirm_early: bool

        def say(self, text: str, *, refused: bool = False) -> None: ...
        def redraw(self) -> None: ...
        def _refuse(self, text: str) -> None: ...
        def _form(self, title: str, fields: list[Field], check: Any, done: Any,
                  **kw: Any) -> None: ...  # fmt: skip

    def _redrawn(self) -> None:
        """Draw the pages again, and the keys: r is offered only while a payout is held."""
        self.redraw()
        self.refresh_bindings()

    def _payouts_ready(self) -> LedgerModel | None:
        """The model when a payout change can be made now; else says why and None."""
        model = self.model
        if model is None or model.outlook is None or not model.outlook.payouts:
            self.say(model.outlook_error if model else "", refused=True)
            return None
        if model.book.read_only:
            self.say("Read-only session: changes are refused.", refused=True)
            return None
        return model

    @changes
    def action_confirm_payout(self) -> None:
        model = self._payouts_ready()
        line = model.next_payout() if model else None
        if model is None or line is None:
            return
        if not line.due and not self._confirm_early:
            self._confirm_early = True
            self.say(f"The next payout is on {line.date}: press c again to pay it today.")
            return
        self._confirm_early = False
        try:
            model.confirm_payout()
        except NotCovered as refused:
            self._not_covered(line, refused)
            return
        self._redrawn()
        self.say(f"Payout of {line.date} recorded: {self.money(line.amount_cents)} from pay.")

    def _not_covered(self, line: PayoutLine, refused: NotCovered) -> None:
        """The cashbook's refusal in a dialog, with the ways out; the chosen one is made."""
        assert self.model is not None
        missing = refused.missing
        cushion = self.model.balances().get(ledger.CUSHION, 0)
        transfer = f"Move {self.money(missing)} from cushion" if cushion >= missing else ""
        self.say(f"Payout of {line.date} not recorded: pay does not cover it.", refused=True)

        def done(chosen: tuple[str, str] | None) -> None:
            if chosen is None or self.model is None:
                return
            way, reason = chosen
            try:
                if way == HOLD:
                    self.model.hold_payout(reason)
                elif way == TRANSFER:
                    self.model.transfer(missing, self.today.isoformat(), ledger.CUSHION,
                                        ledger.PAY, reason)  # fmt: skip
                    self.model.confirm_payout()
                else:
                    self.model.confirm_payout(override=reason)
            except NotCovered as again:  # the envelopes changed meanwhile
                self._refuse(f"Not recorded: {again}.")
                return
            finally:
                self._redrawn()
            paid = f"Payout of {line.date} recorded: {self.money(line.amount_cents)} from pay"
            self.say({
                HOLD: f"Payout of {line.date} held: the money stays in pay (r releases it).",
                TRANSFER: f"{paid}, once {self.money(missing)} moved from cushion to pay.",
                OVERRIDE: f"{paid}, not covered: your reason is kept in the entry.",
            }[way])  # fmt: skip

        title = f"Payout of {line.date} not covered"
        self.app.push_screen(NotCoveredDialog(title, f"{refused}.", transfer), done)

    @changes
    def action_hold_payout(self) -> None:
        model = self._payouts_ready()
        line = model.next_payout() if model else None
        if line is None:
            return

        def check(values: dict[str, str]) -> str:
            if not values["reason"].strip():
                raise ValueError("holding a payout needs a reason")
            return " ".join(values["reason"].split())

        def done(reason: str | None) -> None:
            if reason is None or self.model is None:
                return
            day = self.model.hold_payout(reason)
            self._redrawn()
            self.say(f"Payout of {day} held: the money stays in pay (r releases it).")

        self._form(f"Hold the payout of {line.date}",
                   [Field("reason", "Reason", "", "e.g. cushion under target")], check, done,
                   save="Hold")  # fmt: skip

    @changes
    def action_release_payout(self) -> None:
        model = self._payouts_ready()
        if model is None:
            return
        selected = self.query_one("#payouts-list", RowList).selected
        if not isinstance(selected, PayoutLine) or not selected.held:
            self.say("Select a held payout (marked held) to release it.", refused=True)
            return
        try:
            model.release_payout(selected.date)
        except ReleaseRefused as exc:
            self._refuse(f"Not released: {exc}.")
            return
        self._redrawn()
        self.say(f"Payout of {selected.date} released: it is due again.")
