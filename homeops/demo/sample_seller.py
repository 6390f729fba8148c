"""The demo's seller (issue 15): a fictional French sole trader whose identity numbers pass
their checks, so that every demo mission's contract and every demo invoice can be written.

SIREN 732 829 320 and SIRET 732 829 320 00074 are INSEE's own example (Luhn-valid); the
IBAN is the usual French test account (mod 97 valid); the address and phone are invented
(+33 1 99 00 …, the range kept for fiction). Pure.
"""

from __future__ import annotations

import dataclasses

from homeops.config import Settings
from homeops.config.settings import SellerSettings

DEMO_SELLER = SellerSettings(
    name="Camille Martin",
    trade_name="Camille Martin Rédaction",
    address=("8 rue des Tanneurs", "69001 Lyon"),
    country="FR",
    siren="732829320",
    siret="73282932000074",
    email="camille@camille-redaction.example.org",
    phone="+33 1 99 00 42 42",
    iban="FR7630006000011234567890189",
    bic="AGRIFRPP",
)


def demo_settings(base: Settings | None = None) -> Settings:
    """``base`` (the defaults) with the demo's seller: what ``homeops demo`` runs with."""
    return dataclasses.replace(base or Settings(), seller=DEMO_SELLER)
