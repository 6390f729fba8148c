"""How the Ledger view writes its rows: entries, invoices, payouts, the forecast chart.

Pure text functions (``rich.text.Text``): given a record and a width, one line. The column
widths follow the terminal; descriptions take what is left. Every text from the vault (a
description, a client, an envelope's name) goes through ``shown`` before it is cut to fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from rich.text import Text

from homeops.rules import invoices as inv
from homeops.rules.forecast import Forecast, bar, sparkline
from homeops.rules.invoices import Invoice
from homeops.rules.money import format_amount
from homeops.rules.numbers import format_decimal
from homeops.rules.payouts import CushionState, PayoutLine, payout_note
from homeops.rules.text import shown
from homeops.services.cashbook import LedgerRow
from homeops.tui.text import fit_cells

AMOUNT = 14  # "-12 345,67 €" and "€-12,345.67" fit
NEGATIVE = "red"
STATUS_STYLE = {"overdue": "bold red", "paid": "green", "void": "dim strike", "draft": "dim"}


def _cell(text: str, width: int, *, right: bool = False) -> str:
    # in cells: a CJK or emoji memo takes two per character, and the columns stay put
    return fit_cells(shown(text), width, right=right)


def _amount(text: str, width: int) -> tuple[str, int]:
    """An amount right-aligned in ``width`` cells, whole when it is wider (never cut: the
    largest allowed, -999 999 999,99 €, or a sum of them), and the cells it took beyond
    ``width``: the row's description gives them up."""
    extra = max(0, cell_len(text) - width)
    return _cell(text, width + extra, right=True), extra


class Money:
    """Formats cents in the configured currency and locale."""

    def __init__(self, currency: str, locale: str) -> None:
        self.currency, self.locale = currency, locale

    def __call__(self, cents: int) -> str:
        return format_amount(cents, self.currency, self.locale)


def entry_header(width: int) -> Text:
    described = max(8, width - 10 - 1 - 9 - AMOUNT - 1 - (6 if width >= 70 else 0))
    text = f"{'Date':<10} {'Description':<{described}}{'Envelope':<9}{'Amount':>{AMOUNT}}"
    if width >= 70:
        text += f" {'Miss.':>5}"
    return Text(text, style="bold")


def entry_row(row: LedgerRow, width: int, money: Money) -> Text:
    """``2026-11-27 Payout to myself   pay   -600,00 €   #12``."""
    with_mission = width >= 70
    described = max(8, width - 10 - 1 - 9 - AMOUNT - 1 - (6 if with_mission else 0))
    amount, extra = _amount(format_amount(row.amount_cents, row.currency, money.locale), AMOUNT)
    text = Text(f"{shown(row.date)} ")
    text.append(_cell(row.description, max(1, described - 1 - extra)) + " ")
    text.append(_cell(row.envelope, 8) + " ", style="dim")
    text.append(amount, style=NEGATIVE if row.amount_cents < 0 else "")
    if with_mission:
        text.append(" " + _cell(f"#{row.mission_id}" if row.mission_id else "", 5, right=True))
    return text


def _issued_shown(width: int) -> bool:
    return width >= 100


def invoice_header(width: int) -> Text:
    issued = 11 if _issued_shown(width) else 0
    described = max(0, width - 8 - 9 - 15 - issued - 11 - AMOUNT - 1)
    head = f"{'Number':<8}{'Status':<9}{'Client':<15}"
    head += f"{'Issued':<11}" if issued else ""
    return Text(f"{head}{'Due':<11}{'Amount':>{AMOUNT}} {'What':<{described}}", style="bold")


def invoice_row(invoice: Invoice, width: int, money: Money, today: dt.date) -> Text:
    status = inv.status_on(invoice, today)
    issued = 11 if _issued_shown(width) else 0
    described = max(0, width - 8 - 9 - 15 - issued - 11 - AMOUNT - 1)
    text = Text(f"{invoice.label:<8}")
    text.append(f"{status:<9}", style=STATUS_STYLE.get(status, ""))
    text.append(_cell(invoice.client_alias, 14) + " ")
    if issued:
        text.append(_cell(invoice.issued or "-", 10) + " ")
    text.append(_cell(invoice.due or "-", 10) + " ")
    amount, extra = _amount(money(invoice.amount_cents), AMOUNT)
    text.append(amount + " ")
    credit = f"{inv.credit_label(invoice.credit_note)} " if invoice.credit_note else ""
    text.append(_cell(credit + invoice.description, max(0, described - extra)), style="dim")
    return text


def _payout_columns(width: int) -> tuple[bool, int, int]:
    """Whether the amount has a column (it is the rule's, said in the header), the width of
    an amount, and the note's room, in cells."""
    wide = width >= 100
    money = AMOUNT if wide else 12  # "-12 345,67 €"
    return wide, money, max(10, width - 12 - (money + 2) * (2 if wide else 1) - 9 - 10)


def payout_header(width: int) -> Text:
    """Now: the pay envelope as it is; Expected: once the payments expected before the
    payout arrive (the Forecast's view)."""
    with_amount, cells, _room = _payout_columns(width)
    amount = f"{'Amount':>{cells}}  " if with_amount else ""
    return Text(f"{'Date':<12}{amount}{'Pay after':>{cells}}  {'Now':<9}{'Expected':<10}Note",
                style="bold")  # fmt: skip


def payout_row(line: PayoutLine, width: int, money: Money, cushion_cents: int = 0) -> Text:
    """``2027-01-01  -213,50 €  SHORT  covered  covered once payments arrive``: the payout
    now and once the expected payments arrive, and what to do about it (a held one: its
    reason)."""
    with_amount, cells, room = _payout_columns(width)
    text = Text(f"{line.date:<12}")
    if with_amount:
        text.append(_cell(money(line.amount_cents), cells, right=True) + "  ")
    after = _cell(money(line.pay_after_cents), cells, right=True)
    text.append(after + "  ", style=NEGATIVE if line.pay_after_cents < 0 and line.pending else "")
    if line.held:
        text.append(f"{'held':<19}", style="bold yellow")
    else:
        text.append(f"{'covered' if line.covered else 'SHORT':<9}",
                    style="green" if line.covered else "bold red")  # fmt: skip
        text.append(f"{'covered' if line.covered_expected else 'SHORT':<10}",
                    style="green" if line.covered_expected else "bold red")  # fmt: skip
    full = payout_note(line, cushion_cents, money)
    notes = [full if len(full) <= room else payout_note(line, cushion_cents, money, brief=True)]
    notes += [("due: c confirms" if line.covered else "due")] if line.due else []
    notes += ["hold suggested"] if line.hold else []
    kept: list[str] = []
    for note in (n for n in notes if n):  # whole notes only, the first always
        if kept and len(", ".join([*kept, note])) > room:
            break
        kept.append(note)
    text.append(_cell(", ".join(kept), room), style="bold" if line.hold else "")
    return text


def cushion_text(cushion: CushionState, money: Money) -> Text:
    months = format_decimal(round(cushion.months * 10), 1, money.locale)
    target = f"target {cushion.target_months} months = {money(cushion.target_cents)}. "
    text = Text(f"Cushion {money(cushion.balance_cents)}: {months} months of costs + pay; {target}")
    if cushion.under_target:
        text.append("Under target: consider holding the next payout (h).", style="bold yellow")
    else:
        text.append("On target.", style="green")
    return text


def envelopes_text(balances: Mapping[str, int], money: Money) -> Text:
    """``taxes 7 168,02 € · costs … · total 21 553,38 €`` (negative balances in red)."""
    text = Text()
    for name, cents in balances.items():  # a no-break space: a label wraps with its amount
        text.append(f"{shown(name)}\u00a0", style="dim")
        text.append(money(cents), style=NEGATIVE if cents < 0 else "bold")
        text.append(" · ", style="dim")
    text.append("total\u00a0", style="dim")
    text.append(money(sum(balances.values())), style="bold")
    return text


def forecast_text(result: Forecast, money: Money, width: int) -> Text:
    """The total week by week as a bar chart, the lowest week called out, then one sparkline
    per envelope with its lowest balance."""
    weeks = result.weeks
    lowest = result.lowest
    scale = max((abs(w.total) for w in weeks), default=0)
    now = sum(result.start_balances.values())
    # One amount column as wide as the widest total (sums pass one entry's bound): the bars
    # give up the cells, an amount is never cut.
    cells = max([AMOUNT, *(cell_len(money(t)) for t in [now, *(w.total for w in weeks)])])
    bar_width = max(6, min(50, width - 4 - 7 - cells - 12))
    text = Text()
    text.append(f"{'Now':<11}", style="dim")
    text.append(_cell(money(now), cells, right=True) + " ")
    text.append(f"{bar(now, max(scale, abs(now)), bar_width)}\n", style="dim")
    scale = max(scale, abs(now))
    for week in weeks:
        is_low = lowest is not None and week.number == lowest.number
        label = f"W{week.number:<3}{week.end:%d %b} "
        text.append(label, style="bold" if is_low else "dim")
        text.append(_cell(money(week.total), cells, right=True) + " ")
        style = NEGATIVE if week.total < 0 else ("yellow" if is_low else "blue")
        text.append(f"{bar(week.total, scale, bar_width):<{bar_width}}", style=style)
        if is_low:
            text.append(" ◀ lowest", style="bold yellow")
        text.append("\n")
    if lowest is not None:
        text.append(f"Lowest point: {money(lowest.total)} in week {lowest.number} "
                    f"(to {lowest.end.isoformat()}).\n", style="bold")  # fmt: skip
    for name in result.start_balances:
        values = [w.balances.get(name, 0) for w in weeks]
        low = result.lowest_of(name)
        text.append(fit_cells(shown(name), 8) + " ", style="dim")  # the sparklines line up
        text.append(sparkline(values), style=NEGATIVE if min(values, default=0) < 0 else "blue")
        if low is not None:
            text.append(f"  lowest {money(low.balances.get(name, 0))} (W{low.number})")
        text.append("\n")
    return text


OWED_SHOWN = 3  # lines of "delivered, not invoiced" under the invoices; the CLI lists all


def not_invoiced_text(owed: Sequence[inv.NotInvoiced], width: int, money: Money) -> Text:
    """``Delivered, not invoiced: 2 missions, 1 300,00 € (b bills one)`` and one line
    per mission (the oldest delivery first, at most ``OWED_SHOWN``): money owed that no
    invoice asks for yet."""
    total = money(sum(m.fee_cents for m in owed))
    count = f"{len(owed)} mission{'s' if len(owed) != 1 else ''}"
    text = Text()
    text.append("Delivered, not invoiced: ", style="bold yellow")
    text.append(f"{count}, {total} (b bills one)")
    titled = max(8, width - 6 - 15 - AMOUNT - 22)
    for mission in owed[:OWED_SHOWN]:
        text.append(f"\n{_cell(f'#{mission.mission_id}', 5, right=True)} ")
        fee, extra = _amount(money(mission.fee_cents), AMOUNT)
        text.append(_cell(mission.title, max(1, titled - extra)) + " ")
        text.append(_cell(mission.client_alias, 14) + " ", style="dim")
        text.append(fee)
        text.append(f"  delivered {mission.delivered_on or '?':<10}", style="dim")
    if len(owed) > OWED_SHOWN:
        text.append(f"\n      … {len(owed) - OWED_SHOWN} more: homeops invoices lists them all",
                    style="dim")  # fmt: skip
    return text
