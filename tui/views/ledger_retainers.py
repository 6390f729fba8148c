"""The Ledger's retainers, under the Invoices page (issue 14 part 4): each retainer with this
period's use against its limit (near and over marked), its next invoice and price, and the
proposals of extra work waiting for the client's answer.

The section reads ``business.retainers`` itself when the view redraws; it writes nothing (the
drafts are raised when a read-write session opens: ``MainScreen``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from homeops.rules.text import shown
from homeops.services.retainers import RetainerLine, Retainers
from homeops.tui.text import fit_cells
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
    text.append(f"{len(active)} running (homeops retainer list)")
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
                       f"waits (homeops retainer accept {r.id} {number})")  # fmt: skip
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
