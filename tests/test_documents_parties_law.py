"""Issue 15 fix G3: who the client is decides the legal lines. A private person gets no B2B
late-payment lines and no contract yet; a personal field kept for prospecting is printed on
no document; a deposit invoice is due on receipt."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_documents_data import SELLER, TODAY, _client, _hourly, _invoice, _logo

from homeops.config import Settings
from homeops.rules.documents import MissingIdentity, invoice_data, onboarding_data
from homeops.rules.invoices import Invoice, InvoiceLine, terms_days_of
from homeops.rules.model import Client, Mission, PersonalField
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

NB = "\u00a0"
PRIVATE = dict(siren="", company="")  # no company, no SIREN: a consumer
CONSUMER_REFUSAL = (
    "a contract for a private person needs consumer mentions homeops does not write yet: "
    "give the client its company (homeops client edit northwind --company ...) if it is a "
    "business"
)


def _consumer_invoice(lang: str, **client: object) -> dict[str, Any]:
    return invoice_data(
        Invoice(7, "northwind", 50000, "Wedding speech", status="sent", issued="2026-12-06",
                due="2027-01-05"),
        _client(**(PRIVATE | client)), None, SELLER, lang=lang, today=TODAY, terms_days=30,
    )  # fmt: skip


# -- 1. a private person --------------------------------------------------------------------


def test_a_consumer_invoice_has_no_b2b_late_payment_lines() -> None:
    data = _consumer_invoice("fr")
    codes = [note["code"] for note in data["legal_notes"]]
    assert codes == ["PMD", "ABL", "REG"]  # no 40 € indemnity (PMT), no discount line (AAB)
    text = " ".join(data["mentions"])
    assert "L441-10" not in text and "D441-5" not in text and "40,00" not in text
    assert data["mentions"][0] == (
        "En cas de retard de paiement, intérêts au taux légal après mise en demeure "
        "(art. 1231-6 du Code civil)."
    )
    # what stays: the franchise mention, the due date and terms
    assert data["vat"]["mention"] == "TVA non applicable, art. 293 B du CGI"
    assert data["due_date"] == "2027-01-05"
    assert data["terms_text"] == "À 30 jours à compter de la date de facture, par virement"
    english = _consumer_invoice("en")["mentions"][0]
    assert english == ("Late payment: interest at the French legal rate after formal notice "
                       "(art. 1231-6, French Civil Code).")  # fmt: skip


@pytest.mark.parametrize("business", [{"siren": "111111118"}, {"company": "Northwind SAS"}])
def test_a_company_or_a_siren_makes_a_business_with_every_b2b_line(
    business: dict[str, str],
) -> None:
    data = _consumer_invoice("fr", **business)
    codes = [note["code"] for note in data["legal_notes"]]
    assert codes == ["PMD", "PMT", "AAB", "ABL", "REG"]
    assert f"40,00{NB}€ (art. D441-5" in " ".join(data["mentions"])


def test_a_contract_for_a_private_person_is_refused_in_one_line() -> None:
    with pytest.raises(MissingIdentity) as refused:
        _contract_for(_client(**PRIVATE))
    assert str(refused.value) == CONSUMER_REFUSAL
    # a company alone (no SIREN yet) is enough
    assert _contract_for(_client(siren="", company="Northwind SAS"))["kind"] == "contract"


def _contract_for(client: Client, mission: Mission | None = None) -> dict[str, Any]:
    from homeops.rules.documents import contract_data

    return contract_data(mission or _logo(), client, SELLER, lang="fr", today=TODAY,
                         terms_days=30, ai_uses=[])  # fmt: skip


# -- 3. purposes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "flag"),
    [("name", "--name-purpose"), ("billing_address", "--billing-address-purpose"),
     ("email", "--email-purpose")],
)  # fmt: skip
def test_a_field_kept_for_prospecting_gets_no_contract(field: str, flag: str) -> None:
    value = getattr(_client(), field).value
    client = _client(**{field: PersonalField(value, "prospecting")})
    with pytest.raises(MissingIdentity) as refused:
        _contract_for(client)
    assert str(refused.value) == (
        f"client.{field} is kept for prospecting, not for documents: homeops client edit "
        f"northwind {flag} invoicing"
    )
    assert value not in str(refused.value)


def test_an_invoice_refuses_a_name_for_prospecting_but_not_an_unprinted_email() -> None:
    mission = _hourly()
    prospect_name = _client(name=PersonalField("Northwind Traders SAS", "prospecting"))
    with pytest.raises(MissingIdentity, match=r"^client\.name is kept for prospecting"):
        invoice_data(Invoice(7, "northwind", 100, "x", status="sent", issued="2026-12-06"),
                     prospect_name, mission, SELLER, lang="fr", today=TODAY,
                     terms_days=30)  # fmt: skip
    # the invoice prints no e-mail: one kept for prospecting does not stop it
    email = _client(email=PersonalField("billing@northwind.example", "prospecting"))
    data = invoice_data(Invoice(7, "northwind", 100, "x", status="sent", issued="2026-12-06"),
                        email, mission, SELLER, lang="fr", today=TODAY, terms_days=30)  # fmt: skip
    assert data["client"]["name"] == "Northwind Traders SAS"
    # contract and invoicing purposes are both fit
    for purpose in ("contract", "invoicing"):
        fine = _client(name=PersonalField("Northwind Traders SAS", purpose))
        assert _contract_for(fine)["client"]["name"] == "Northwind Traders SAS"


def test_the_onboarding_form_leaves_out_what_is_kept_for_prospecting() -> None:
    client = _client(name=PersonalField("Hugo Besson", "prospecting"),
                     email=PersonalField("hugo@cafe.example", "prospecting"))  # fmt: skip
    data = onboarding_data(_logo(), client, SELLER, lang="fr", today=TODAY)
    shown = data["client"]
    assert shown["name"] == "" and shown["email"] == "" and shown["contact"] == ""
    assert "Hugo" not in repr(data)


# -- 2. a deposit is due on receipt ----------------------------------------------------------


def test_the_rule_gives_a_deposit_no_days() -> None:
    assert terms_days_of(Invoice(1, "a", 100, kind="deposit"), 30) == 0
    assert terms_days_of(Invoice(1, "a", 100), 30) == 30
    assert terms_days_of(Invoice(1, "a", 100, kind="retainer"), 45) == 45


def test_a_deposit_page_without_a_due_date_is_due_on_receipt() -> None:
    line = InvoiceLine("Deposit", 72000)
    draft = Invoice(5, "northwind", 72000, "Deposit", mission_id=12, lines=[line],
                    kind="deposit")  # fmt: skip
    data = _invoice("fr", draft, mission=_logo())
    assert data["due_date"] == data["issue_date"] == "2026-12-06"
    assert data["terms_text"] == "À réception de la facture, par virement"
    assert _invoice("en", draft, mission=_logo())["terms_text"] == (
        "On receipt of the invoice, by bank transfer"
    )


@pytest.fixture
def business(tmp_path: Path) -> Iterator[Business]:
    with Vault.create(tmp_path / "v.hops", "g3-deposit-passphrase", kdf=KdfParams.fast()) as vault:
        vault.clients.add(Client("acme"))
        yield Business(vault, Settings())


def test_a_deposit_sent_is_due_the_day_it_is_issued(business: Business) -> None:
    book = business.cashbook
    deposit = book.new_invoice(Invoice(0, "acme", 30000, "Deposit", kind="deposit"))
    sent = book.send_invoice(deposit, dt.date(2026, 12, 4), now=TODAY)
    assert (sent.issued, sent.due) == ("2026-12-04", "2026-12-04")
    # any other invoice keeps the settings' 30 days
    other = book.new_invoice(Invoice(0, "acme", 10000, "Guide"))
    sent = book.send_invoice(other, dt.date(2026, 12, 4), now=TODAY)
    assert sent.due == "2027-01-03"


def test_a_deposit_paid_as_a_draft_is_due_the_day_it_is_issued(business: Business) -> None:
    book = business.cashbook
    deposit = book.new_invoice(Invoice(0, "acme", 30000, "Deposit", kind="deposit"))
    paid, _ = book.pay_invoice(deposit.number, paid_on=dt.date(2026, 12, 5), now=TODAY)
    assert (paid.issued, paid.due) == ("2026-12-05", "2026-12-05")


def test_the_page_says_a_deposit_is_due_on_receipt() -> None:
    line = InvoiceLine("Deposit", 72000)
    sent = Invoice(5, "northwind", 72000, "Deposit", mission_id=12, lines=[line], kind="deposit",
                   status="sent", issued="2026-12-04", due="2026-12-04")  # fmt: skip
    assert _invoice("fr", sent, mission=_logo())["due_date_text"] == "à réception (4 décembre 2026)"
    assert _invoice("en", sent, mission=_logo())["due_date_text"] == "on receipt (4 December 2026)"
    # an invoice due after its terms keeps the bare date
    assert _invoice("fr")["due_date_text"] == "5 janvier 2027"


def test_a_consumer_invoice_is_a_valid_facturx_without_b2b_notes() -> None:
    from facturx_check import NS, check_schematron, saxon_server

    from homeops.services.facturx_doc import cii_xml

    saxon_server()
    xml = cii_xml(_consumer_invoice("fr"))
    check_schematron(xml)  # EN 16931: a private buyer (no legal id) with three notes
    root = etree.fromstring(xml)
    codes = [e.text for e in root.iterfind(".//ram:IncludedNote/ram:SubjectCode", NS)]
    assert codes == ["TXD", "PMD", "ABL", "REG"]
    buyer = root.find(".//ram:BuyerTradeParty", NS)
    assert buyer is not None and buyer.find("ram:SpecifiedLegalOrganization", NS) is None
