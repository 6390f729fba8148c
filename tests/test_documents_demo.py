"""The demo can write every paper (issue 15 part d1): its seller passes the settings' checks,
and every demo mission's contract and onboarding form and every demo invoice (a void one as
its credit note) build, in both languages, totals equal to the vault's."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from homeops.config.identity import iban_ok, luhn_ok
from homeops.demo import sample_privacy
from homeops.demo.sample import generate
from homeops.demo.sample_seller import DEMO_SELLER, demo_settings
from homeops.rules.documents import (
    MissingIdentity,
    NotReady,
    Seller,
    contract_data,
    invoice_data,
    onboarding_data,
)

TODAY = dt.date(2026, 12, 6)


def test_the_demo_seller_is_whole_and_valid() -> None:
    assert luhn_ok(DEMO_SELLER.siren) and luhn_ok(DEMO_SELLER.siret)
    assert DEMO_SELLER.siret.startswith(DEMO_SELLER.siren)
    assert iban_ok(DEMO_SELLER.iban) and DEMO_SELLER.vat_number == ""
    assert demo_settings().seller == DEMO_SELLER
    assert demo_settings().money == demo_settings(None).money  # the rest is the defaults


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_demo_mission_and_invoice_can_be_written(lang: str) -> None:
    data = generate(today=TODAY)
    sample_privacy.dress_clients(data.clients, TODAY)
    for number, mission in enumerate(data.missions, start=1):
        mission.id = number  # the ids a fresh vault gives them, in order
    clients = {client.alias: client for client in data.clients}
    missions = {mission.id: mission for mission in data.missions}
    seller = Seller(**dataclasses.asdict(DEMO_SELLER))
    refused = []
    for mission in data.missions:
        client = clients[mission.client_alias]
        try:
            contract = contract_data(mission, client, seller, lang=lang, today=TODAY,
                                     terms_days=30, ai_uses=[])  # fmt: skip
        except NotReady:  # a contract that cannot be sent as it stands
            refused.append(mission.id)
            assert not mission.deliverables or mission.fee_cents == 0
        except MissingIdentity as why:  # a name kept to prospect: a prospect never invoiced
            assert "kept for prospecting" in str(why) and client.status == "prospect"
            assert not any(i.client_alias == client.alias for i in data.invoices)
        else:
            assert contract["seller"]["display_name"] == "Camille Martin EI"
        onboarding_data(mission, client, seller, lang=lang, today=TODAY)
    assert len(refused) <= 1  # the demo's one mission without a price yet
    credited = 0
    for invoice in data.invoices:
        if invoice.status == "void" and invoice.issued:
            credited += 1
            invoice.credit_note, invoice.credited_on = credited, TODAY.isoformat()
        billed = missions.get(invoice.mission_id) if invoice.mission_id else None
        paper = invoice_data(invoice, clients[invoice.client_alias], billed, seller,
                             lang=lang, today=TODAY, terms_days=30)  # fmt: skip
        assert paper["total_cents"] == invoice.amount_cents
        assert paper["client"]["address"], invoice.client_alias
