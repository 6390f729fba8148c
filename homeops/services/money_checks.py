"""The cashbook's two refusals before money moves (``homeops.services.cashbook``): a draw its
envelope does not cover (``NotCovered``: decide before spending), and a payment for a mission
that would count its money twice or take it past its fee (``PaidTwice``).

Each raises with one line: the numbers and the ways out, without personal data; nothing is
recorded. Amounts are cents; ``money`` formats them with the business's currency and locale.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from homeops.rules import invoices as inv
from homeops.rules import ledger
from homeops.rules.invoices import Invoice
from homeops.services.errors import NotCovered, PaidTwice

if TYPE_CHECKING:
    from homeops.storage.vault import Vault

Money = Callable[[int], str]
INVOICE_GROUP = re.compile(r"inv-(\d+)(?:-[0-9a-f]+)?")  # an invoice's payment and its split


@dataclasses.dataclass(frozen=True)
class Ways:
    """How a draw its envelope does not cover may go on, in words: ``wait`` does without it
    for now, ``refill`` brings what is missing from the cushion (``{short}``: the amount),
    offered only when the cushion holds it (else the message says what the cushion holds),
    ``force`` overrides with a reason."""

    wait: str = ""
    refill: str = "transfer {short} from cushion first (with a reason)"
    force: str = "override with a reason (kept in the entry)"


#: The ways out of an expense, a payout, a transfer its envelope does not cover.
EXPENSE_WAYS = Ways(wait="put it off")
PAYOUT_WAYS = Ways(wait="hold it")
TRANSFER_WAYS = Ways(wait="move less", refill="")  # moving more in first is no way out


def _either(options: list[str]) -> str:
    """``a, b, or c``."""
    return ", or ".join([", ".join(options[:-1]), options[-1]]) if len(options) > 1 else options[0]


def check_covered(
    balances: dict[str, int],
    envelope: str,
    amount_cents: int,
    what: str,
    *,
    override: str = "",
    ways: Ways = EXPENSE_WAYS,
    money: Money,
) -> None:
    """``NotCovered`` when drawing ``amount_cents`` from ``envelope`` (its cents in
    ``balances``) would take it below zero and no ``override`` reason is given. ``what``
    names the draw (``the expense``); ``ways`` words the ways out, a transfer from the
    cushion only when the cushion holds what is missing."""
    if override.strip():
        return
    balance = balances.get(envelope, 0)
    if amount_cents <= balance:
        return
    short = amount_cents - balance  # below zero already: the debt is short too
    cushion = balances.get(ledger.CUSHION, 0)
    refill = bool(ways.refill) and envelope != ledger.CUSHION
    from_cushion = refill and cushion >= short
    options = [ways.wait] if ways.wait else []
    if from_cushion:
        options.append(ways.refill.format(short=money(short)))
    options.append(ways.force)
    numbers = (f"{envelope} holds {money(balance)} and {what} is {money(amount_cents)}, "
               f"{money(short)} short")  # fmt: skip
    if refill and not from_cushion:  # a transfer would take the cushion below zero
        numbers += f", and the cushion holds only {money(cushion)}"
    raise NotCovered(envelope, balance, amount_cents, f"{numbers}: {_either(options)}",
                     cushion=cushion, from_cushion=from_cushion)  # fmt: skip


def check_paid_once(
    vault: Vault,
    mission_id: int,
    fee_cents: int,
    amount_cents: int,
    invoice: Invoice | None = None,
    *,
    override: str = "",
    money: Money,
) -> None:
    """``PaidTwice`` when a payment of ``amount_cents`` for mission ``mission_id`` would
    count its money twice (once through an invoice, once recorded without one) or take what
    the mission received past ``fee_cents`` (its fee with its accepted changes of scope).

    Recorded without an invoice (``invoice`` None): refused while an invoice of the mission
    is open (its payment is recorded by marking it paid), and when every payment of the
    mission and this one would pass its fee (a mission without a fee: when an invoice paid
    for it already), unless ``override`` gives a reason (a real overpayment). As the payment
    of ``invoice``: refused when payments recorded without an invoice and this invoice would
    take it past the fee; with only invoices paid (a deposit), when it would take them past
    the fee, unless ``override`` gives a reason. Below the fee both are allowed (a deposit,
    then the balance); reversed payments do not count. The refusal names every payment it
    counts against."""
    paid = ledger.standing_payments(vault.ledger.of_mission(mission_id))
    by_invoice = [p for p in paid if INVOICE_GROUP.fullmatch(p.group)]
    label = f"mission #{mission_id}"
    if invoice is None:
        for other in vault.invoices.list():
            if other.mission_id == mission_id and other.status in inv.OPEN:
                raise PaidTwice(mission_id, other.label, None,
                                f"{label} has invoice {other.label} open for "
                                f"{money(other.amount_cents)}: record its payment by marking "
                                f"{other.label} paid, so it counts once")  # fmt: skip
        if override.strip():
            return
        others = paid if fee_cents else by_invoice
    else:
        others = [p for p in paid if p not in by_invoice]
    # An invoice's payment where only invoices were paid (a deposit): it stops at the fee.
    past_fee = invoice is not None and fee_cents > 0 and not others
    if past_fee:
        if override.strip():
            return
        others = by_invoice
    received = sum(p.amount_cents for p in others)
    counted = bool(others) or fee_cents > 0  # a first payment: its fee
    if not counted or received + amount_cents <= fee_cents:
        return
    due = max(0, fee_cents - received) if invoice is None or past_fee else None
    said = label
    if others:
        kinds = {"by invoice" if p in by_invoice else "without an invoice" for p in others}
        how = "by invoice and without one" if len(kinds) > 1 else kinds.pop()
        listing = ", ".join(f"#{p.entry_id} on {p.date} ({money(p.amount_cents)})"
                            for p in others)  # fmt: skip
        said += f" was paid {how} already: {'entry' if len(others) == 1 else 'entries'} "
        said += listing + (f", {money(received)} of its" if due is not None and fee_cents else "")
    else:
        said += " has received nothing yet of its"
    if fee_cents and due is not None:
        this = (
            f"{invoice.label} ({money(amount_cents)})" if invoice else f"this {money(amount_cents)}"
        )
        said += (f" {money(fee_cents)} fee, and {this} would take it past the fee "
                 f"({money(due or 0)} still due)")  # fmt: skip
    elif invoice:
        said += f", and {invoice.label} would count it twice"
    else:
        said += ", and this would count it twice"
    first = others[0] if others and not past_fee else None  # a deposit's payment is no mistake
    if first and len(others) == 1:
        said += f"; if that entry was this payment, reverse #{first.entry_id} first"
    elif first:
        said += "; if one of them was this payment, reverse it first"
    if due is not None:
        said += (", or " if first else ": ") + (
            "override with a reason for a real overpayment (kept in the entry)"
        )
    number = INVOICE_GROUP.fullmatch(first.group) if first else None
    name = inv.label(int(number[1])) if number else (invoice.label if invoice else "")
    raise PaidTwice(mission_id, name, first.entry_id if first else None, said,
                    entry_ids=tuple(p.entry_id for p in others if first), due=due)  # fmt: skip
