"""An issued invoice as it was issued (issue 15): what its page prints of the seller and
the client is frozen into the invoice (``Invoice.issued_as``) in the change that issues it
(or numbers its credit note), so that a client or ``[seller]`` edited later never rewrites
an invoice already sent, and a client's erasure leaves what the law keeps printable.

``issued_as`` = ``{seller: {SELLER_KEYS}, client: {CLIENT_KEYS}, late_penalty_bp,
recovery_indemnity_cents}``; an older invoice has none and prints today's details. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeops.rules.document_parts import Seller, client_dict
from homeops.rules.model import Client

#: The seller's fields a page prints (the two rates are kept beside them).
SELLER_KEYS = (
    "name", "trade_name", "legal_form", "address", "country", "siren", "siret",
    "vat_number", "email", "phone", "iban", "bic",
)  # fmt: skip
#: The client's fields an invoice prints (never the e-mail; the alias is a pseudonym).
CLIENT_KEYS = ("name", "company", "siren", "contact", "address")
#: The seller's fields an invoice cannot be written without: when the freeze found one
#: empty (not set at send time), today's value fills it, as no page printed it before.
_NEEDED = ("name", "address", "siren", "siret", "iban")


def freeze(seller: Seller, client: Client | None) -> dict[str, Any]:
    """What an invoice issued now prints of ``seller`` and ``client`` (None: a client the
    vault no longer holds: nothing of it), as stored in ``Invoice.issued_as``."""
    sold = {key: getattr(seller, key) for key in SELLER_KEYS}
    sold["address"] = list(seller.address)
    billed = client_dict(client, email=False) if client is not None else {}
    return {
        "seller": sold,
        "client": {
            key: list(billed.get(key, [])) if key == "address" else str(billed.get(key, ""))
            for key in CLIENT_KEYS
        },
        "late_penalty_bp": seller.late_penalty_bp,
        "recovery_indemnity_cents": seller.recovery_indemnity_cents,
    }


def seller_as_issued(frozen: Mapping[str, Any] | None, today: Seller) -> Seller:
    """The seller an invoice prints: its frozen copy (a needed field left empty at send
    time taken from ``today``'s settings), else ``today``'s."""
    if not frozen or not isinstance(frozen.get("seller"), Mapping):
        return today
    given = frozen["seller"]
    values: dict[str, Any] = {key: given.get(key, getattr(today, key)) for key in SELLER_KEYS}
    values["address"] = tuple(values["address"] or ())
    for key in _NEEDED:
        if not values[key]:
            values[key] = getattr(today, key)
    return Seller(
        **values,
        late_penalty_bp=int(frozen.get("late_penalty_bp", today.late_penalty_bp)),
        recovery_indemnity_cents=int(
            frozen.get("recovery_indemnity_cents", today.recovery_indemnity_cents)
        ),
    )


def client_as_issued(frozen: Mapping[str, Any] | None, alias: str) -> dict[str, Any] | None:
    """The client as the invoice printed it (``client_dict``'s keys, ``alias`` the record's
    pseudonym now); None when there is no frozen copy or it lacks the name or the billing
    address (never printable: today's client is asked, with its usual refusals)."""
    given = frozen.get("client") if frozen else None
    if not isinstance(given, Mapping) or not given.get("name") or not given.get("address"):
        return None
    company = str(given.get("company", ""))
    name = str(given["name"])
    return {
        "alias": alias,
        "name": name,
        "company": company,
        "siren": str(given.get("siren", "")),
        "contact": str(given.get("contact", "")),
        "billed_name": company or name,
        "address": [str(line) for line in given["address"]],
        "email": "",
    }


__all__ = ["CLIENT_KEYS", "SELLER_KEYS", "client_as_issued", "freeze", "seller_as_issued"]
