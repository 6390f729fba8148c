"""The Payouts page's keys: confirm the next payout (c), hold it (h), release a held one (r).

A payout not due yet is paid early by c pressed twice in a row for that payout: the first
press arms it, with a message; any other key, a dialog, a change, another next payout or the
message going away disarms it.

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
from homeops.tui.widgets.status_line import MessageLine

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
        _early: tuple[str, int, int, str] | None
        keys_pressed: int

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

    def _arming(self, day: str, message: str) -> tuple[str, int, int, str]:
        """What must stay the same between the two presses of c that pay ``day`` early: the
        payout, the keys pressed (counted by the view: none between), the dialogs opened
        (the screen's stack), and the message asking for the second press, still on show."""
        return (day, self.keys_pressed, self.screen.stack_updates, message)

    def _armed(self, day: str) -> bool:
        """Whether c was the last key pressed, for the payout of ``day``, and nothing since."""
        armed, self._early = self._early, None
        if armed is None:
            return False
        armed_day, keys, dialogs, message = armed
        return (armed_day == day and keys == self.keys_pressed - 1
                and dialogs == self.screen.stack_updates
                and self.query_one("#ledger-message", MessageLine).text == message)  # fmt: skip

    def answer_key(self, key: str) -> str:
        """What the view says for ``key`` when it has nothing to do: every key answers."""
        if key == "u":
            return "No undo in the Ledger: R reverses an entry, r releases a held payout."
        release = any(binding.action == "release_payout"
                      for binding in self._bindings.key_to_bindings.get(key, ()))  # fmt: skip
        if release and self.check_action("release_payout", ()) is None:
            on_payouts = self.check_action("confirm_payout", ()) is True
            return "Nothing held." if on_payouts else ""
        return ""

    @changes
    def action_confirm_payout(self) -> None:
        model = self._payouts_ready()
        line = model.next_payout() if model else None
        if model is None or line is None:
            return
        if not line.due and not self._armed(line.date):
            message = f"The next payout is on {line.date}: press c again to pay it today."
            self.say(message)
            self._early = self._arming(line.date, message)
            return
        self._early = None
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
