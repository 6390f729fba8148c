"""The Ledger's retainers, under the Invoices page (issue 14 part 4): each retainer with this
period's use against its limit (near and over marked), its next invoice and price, and the
proposals of extra work waiting for the client's answer.

The section reads ``business.retainers`` itself when the view redraws (the drafts are raised
when a read-write session opens: ``MainScreen``). Its keys (``RetainerActions``, mixed into
``LedgerView``): e ends a retainer (the later periods' drafts voided), a accepts and d
declines a proposal, each through a small form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Static

from homeops.rules import ledger
from homeops.rules.hours import parse_minutes
from homeops.rules.money import parse_amount
from homeops.rules.offers import COUNT_MAX
from homeops.rules.retainers import Retainer, rule_of
from homeops.rules.text import NAME_MAX, shown
from homeops.services.retainers import RetainerLine, RetainerRefused, Retainers
from homeops.tui.busy import changes
from homeops.tui.text import fit_cells
from homeops.tui.views.ledger_dialogs import Field
from homeops.tui.views.ledger_rows import Money

STATE_STYLE = {"near": "bold yellow", "over": "bold red"}
SHOWN = 3  # retainers listed; the rest: homeops retainer list


def retainers_text(lines: Sequence[RetainerLine], width: int, money: Money) -> Text:
    """``Retainers: 1 running`` then two lines each (and one per proposal waiting)::

    #1 atelier-b  Monthly support                    900,00 €, next 2027-01-01
       this period: 8h / 10h, near the limit
    """
    active = [line for line in lines if line.status in ("active", "not started")]
    text = Text()
    text.append("Retainers: ", style="bold")
    text.append(f"{len(active)} running (A adds, e ends; all: homeops retainer list)")
    for line in active[:SHOWN]:
        r = line.retainer
        state = line.use.state if line.use is not None else "ok"
        nxt = f", next {line.next_invoice.isoformat()}" if line.next_invoice else ", last period"
        price = f"{money(r.price_cents)}{nxt}"
        titled = max(8, width - 4 - 11 - len(price) - 2)
        text.append(f"\n{fit_cells(f'#{r.id}', 3, right=True)} ")
        text.append(fit_cells(shown(r.client_alias), 10) + " ", style="dim")
        text.append(fit_cells(shown(r.title), titled) + "  " + price)
        used = line.use.text() if line.use is not None else "not started"
        words = f"this period: {used}" + (f", {line.warning}" if line.warning else "")
        text.append("\n    " + fit_cells(words, width - 4), style=STATE_STYLE.get(state, ""))
        for number, proposal in enumerate(r.proposals, 1):
            if proposal.status == "proposed":
                ask = (f"proposal {number}: {money(proposal.amount_cents)} of extra work "
                       "waits: a accepts, d declines")  # fmt: skip
                text.append("\n    " + fit_cells(ask, width - 4), style="yellow")
    if len(active) > SHOWN:
        text.append(f"\n    … {len(active) - SHOWN} more: homeops retainer list", style="dim")
    return text


class RetainersSection(Static):
    """The section under the invoices; hidden while there is no retainer."""

    def __init__(self, retainers: Retainers, today: dt.date, money: Money) -> None:
        super().__init__("", id="invoices-retainers")
        self._retainers, self._today, self._money = retainers, today, money

    def reload(self, width: int) -> None:
        lines = self._retainers.lines(self._today)
        self.display = bool(lines)
        self.update(retainers_text(lines, width, self._money) if lines else "")


if TYPE_CHECKING:
    from homeops.tui.views.base import View as _Host
    from homeops.tui.views.ledger_model import LedgerModel
else:
    _Host = object  # a plain mixin at run time


def _retainer_id(text: str, known: dict[int, str]) -> int:
    """``#2`` or ``2`` among ``known`` retainers; ``ValueError`` (one line) otherwise."""
    typed = text.strip().removeprefix("#")
    if not typed.isdecimal() or int(typed) not in known:
        choices = ", ".join(f"#{i}" for i in known) or "none"
        raise ValueError(f"Retainer: one of {choices}")
    return int(typed)


def limit_of(text: str) -> tuple[int, int]:
    """(minutes, deliverables) from ``10h``, ``2 deliverables``, ``10h + 2``: a bare number
    after the hours, or one with ``d``/``deliverable(s)``, counts deliverables. ``ValueError``
    (one line) without any limit: no unlimited work."""
    minutes = count = 0
    for part in text.replace(",", "+").split("+"):
        word = part.strip().casefold()
        if not word:
            continue
        number = word.removesuffix("deliverables").removesuffix("deliverable").strip()
        number = number.removesuffix("d").strip()
        if number != word or (minutes and word.isdecimal()):
            if not number.isdecimal() or not 0 < int(number) <= COUNT_MAX:
                raise ValueError(f"Limit: deliverables are a whole number, 1 to {COUNT_MAX}")
            count = int(number)
        else:
            minutes = parse_minutes(word)
    if not minutes and not count:
        raise ValueError("Limit: hours and/or deliverables per period (no unlimited work)")
    return minutes, count


class RetainerActions(_Host):
    """e, a and d on the Invoices page: end a retainer, accept or decline a proposal."""

    if TYPE_CHECKING:  # LedgerView's state and LedgerPages' helpers
        today: dt.date
        model: LedgerModel | None
        money: Money
        _retainers: Retainers | None

        def say(self, text: str, *, refused: bool = False) -> None: ...
        def redraw(self) -> None: ...
        def _form(self, title: str, fields: list[Field], check: Any, done: Any,
                  **kw: Any) -> None: ...  # fmt: skip

    def _retainers_running(self) -> dict[int, str]:
        retainers = self._retainers
        if retainers is None:
            return {}
        lines = retainers.lines(self.today)
        return {
            line.retainer.id: line.retainer.title
            for line in lines
            if line.retainer.id is not None and line.status in ("active", "not started")
        }

    def _reload(self) -> None:
        if self.model is not None:
            self.model.load_invoices()  # a voided or new draft shows in the list
        self.redraw()

    @changes
    def action_add_retainer(self) -> None:
        retainers = self._retainers
        if retainers is None:
            return
        locale = retainers.settings.money.locale

        def check(values: dict[str, str]) -> Retainer:
            price = parse_amount(values["price"], locale) if values["price"].strip() else 0
            hours, count = limit_of(values["limit"])
            start = ledger.parse_day(values["start"], "first day")
            until = ledger.parse_day(values["until"], "last day")
            retainer = Retainer(values["client"].strip(), values["title"].strip(), price,
                                rule_of(values["every"]), start, until,
                                limit_minutes=hours, limit_deliverables=count)  # fmt: skip
            try:
                return retainers.add(retainer, today=self.today)
            except RetainerRefused as exc:
                raise ValueError(str(exc)) from None

        def done(retainer: Retainer | None) -> None:
            if retainer is None:
                return
            raised = retainers.raise_due(self.today)
            warning = retainers.capacity(retainer, self.today)[1]
            self._reload()
            drafts = ", ".join(i.label for i in raised)
            self.say(
                f"Retainer #{retainer.id} added"
                + (f"; draft {drafts}" if drafts else "")
                + (f"; {warning.removeprefix('warning: ')}" if warning else "")
                + "."
            )

        year_on = self.today.replace(year=self.today.year + 1) - dt.timedelta(days=1)
        fields = [
            Field("client", "Client", "", "its alias", NAME_MAX),
            Field("title", "Title", "", "Monthly support"),
            Field("price", "Price", "", "per period: 900"),
            Field("every", "Every", "monthly", "weekly, monthly, quarterly, yearly, RRULE"),
            Field("limit", "Limit", "", "per period: 10h, 2 deliverables, 10h + 2"),
            Field("start", "First day", self.today.isoformat()),
            Field("until", "Last day", year_on.isoformat()),
        ]
        self._form("Add a retainer (a limit, a term)", fields, check, done, save="Add")

    @changes
    def action_end_retainer(self) -> None:
        retainers = self._retainers
        running = self._retainers_running()
        if retainers is None or not running:
            self.say("No retainer running: nothing to end.", refused=True)
            return

        def check(values: dict[str, str]) -> tuple[int, dt.date]:
            retainer_id = _retainer_id(values["retainer"], running)
            day = dt.date.fromisoformat(ledger.parse_day(values["date"], "last day"))
            return retainer_id, day

        def done(result: tuple[int, dt.date] | None) -> None:
            if result is None:
                return
            try:
                ended = retainers.end(*result)
            except (RetainerRefused, LookupError) as exc:
                self.say(f"Refused: {exc}", refused=True)
                return
            self._reload()
            voided = ", ".join(i.label for i in ended.voided)
            kept = ", ".join(f"{i.label} ({i.status})" for i in ended.kept)
            self.say(
                f"Retainer #{result[0]} ends on {result[1].isoformat()}"
                + (f"; voided {voided}" if voided else "")
                + (f"; left {kept}: a credit note is yours" if kept else "")
                + "."
            )

        first = next(iter(running))
        names = "; ".join(f"#{i} {shown(t)}" for i, t in running.items())
        note = f"Running: {names}. No period starts after the last day: later drafts are voided."
        fields = [Field("retainer", "Retainer", f"#{first}"),
                  Field("date", "Last day", self.today.isoformat())]  # fmt: skip
        self._form("End a retainer", fields, check, done, save="End", note=note)

    def _waiting(self) -> list[tuple[int, int, str]]:
        """(retainer id, proposal number, words) of each proposal waiting for an answer."""
        out = []
        for line in self._retainers.lines(self.today) if self._retainers else []:
            r = line.retainer
            for number, p in enumerate(r.proposals, 1):
                if p.status == "proposed" and r.id is not None:
                    out.append((r.id, number, f"#{r.id} {number}: {self.money(p.amount_cents)}"))
        return out

    def _decide(self, accept: bool) -> None:
        retainers = self._retainers
        waiting = self._waiting()
        if retainers is None or not waiting:
            self.say("No proposal waits for an answer.", refused=True)
            return
        known = {(r, n) for r, n, _w in waiting}

        def check(values: dict[str, str]) -> tuple[int, int]:
            parts = values["proposal"].replace("#", " ").split()
            if len(parts) != 2 or not all(p.isdecimal() for p in parts):
                raise ValueError("Proposal: the retainer and the proposal's number, as #1 2")
            chosen = (int(parts[0]), int(parts[1]))
            if chosen not in known:
                raise ValueError(f"Proposal: one of {', '.join(f'#{r} {n}' for r, n in known)}")
            return chosen

        def done(result: tuple[int, int] | None) -> None:
            if result is None:
                return
            try:
                invoice = retainers.decide(result[0], result[1], accept, self.today)
            except (RetainerRefused, LookupError) as exc:
                self.say(f"Refused: {exc}", refused=True)
                return
            self._reload()
            if invoice is not None:
                self.say(f"Proposal {result[1]} accepted: draft invoice {invoice.label}, "
                         f"{self.money(invoice.amount_cents)}.")  # fmt: skip
            else:
                word = "accepted" if accept else "declined: the time stays logged, unbilled"
                self.say(f"Proposal {result[1]} {word}.")

        r, n, _words = waiting[0]
        note = "Waiting: " + "; ".join(w for _r, _n, w in waiting) + "."
        title = "Accept extra work" if accept else "Decline extra work"
        fields = [Field("proposal", "Proposal", f"#{r} {n}", "#retainer number")]
        self._form(title, fields, check, done, save="Accept" if accept else "Decline", note=note)

    @changes
    def action_accept_proposal(self) -> None:
        self._decide(True)

    @changes
    def action_decline_proposal(self) -> None:
        self._decide(False)
