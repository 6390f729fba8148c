"""The documents' data after review r15b (issue 15): the billed company, the deposit actually
invoiced, accepted changes, response windows and the client's feedback time, contracts that
cannot be sent, service periods, credit notes and French typography. Hand-computed values."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from test_documents_data import NB, NN, SELLER, TODAY, _client, _contract, _invoice, _logo

from homeops.rules.document_words import PHRASES, WORDS, period_words
from homeops.rules.documents import MissingIdentity, NotReady, onboarding_data
from homeops.rules.invoices import Invoice, InvoiceLine
from homeops.rules.model import Client, PersonalField, ScopeChange

WINDOWS = (("10:00", "10:30"), ("16:00", "16:30"))


def _billed_client() -> Client:
    """A business client: the company billed, the person its contact (FC's fields)."""
    client = _client(name=PersonalField("Jane Roe", "contract"))
    if not hasattr(client, "company"):
        pytest.skip("Client.company not landed")
    return dataclasses.replace(client, company="Northwind Traders SAS", siren="732829320")


def test_a_company_is_the_billed_party_and_the_person_its_contact() -> None:
    client = _billed_client()
    from homeops.rules.document_parts import client_dict

    shown = client_dict(client, email=False)
    assert shown["billed_name"] == "Northwind Traders SAS" and shown["siren"] == "732829320"
    assert shown["contact"] == "Jane Roe" and shown["name"] == "Jane Roe"
    # the address's line that only repeats the company's name is left out
    assert shown["address"] == ["4 place Bellecour", "69002 Lyon"]


def test_the_contract_states_late_penalties_and_the_indemnity() -> None:
    for lang, words in (
        ("fr", [f"12,15{NB}% par an", f"40,00{NB}€", "L441-10", "D441-5"]),
        ("en", ["12.15% a year", "€40.00", "L441-10", "D441-5"]),
    ):
        terms = _contract(lang)["payment"]["terms_text"]
        assert all(word in terms for word in words), (lang, terms)


def test_the_contract_shows_the_deposit_invoiced_and_accepted_changes() -> None:
    # 2 400 € + an accepted 300 € change = 2 700 €; the deposit invoiced was 720 € (F-0005)
    change = ScopeChange("2026-11-20", "Two extra sheets", 30000, accepted=True)
    refused = ScopeChange("2026-11-21", "A poster", 50000)
    mission = _logo(scope_changes=[change, refused])
    data = _contract("fr", mission, deposit_invoiced=("F-0005", 72000))
    assert data["fee_cents"] == 270000
    assert [c["text"] for c in data["changes"]] == [f"Two extra sheets{NN}: +300,00{NB}€"]
    terms = data["payment"]["terms_text"]
    assert (
        f"Acompte de 720,00{NB}€ facturé (F-0005), payable à réception{NN}; le travail commence"
        in terms
    )
    assert "810,00" not in terms  # not 30 % of the new price
    assert data["payment"]["deposit_cents"] == 72000
    assert data["payment"]["deposit_invoice"] == "F-0005"


def test_response_windows_and_the_clients_feedback_time() -> None:
    fr = _contract("fr", response_windows=WINDOWS)["feedback"]
    assert fr["response_window"] == (
        f"les jours ouvrés, de 10{NB}h à 10{NB}h{NB}30 et de 16{NB}h à 16{NB}h{NB}30"
    )
    en = _contract("en", response_windows=WINDOWS)["feedback"]
    assert en["response_window"] == "on working days, 10:00–10:30 and 16:00–16:30"
    assert en["return_text"] == (
        "The client sends their feedback, gathered in one message, within 5 working days of "
        "each delivery; a delivery with no feedback in that time counts as accepted."
    )
    # a window in days is the client's feedback time; any other text is kept, labelled
    three = onboarding_data(
        _logo(), _client(response_window="3 jours"), SELLER, lang="fr", today=TODAY
    )
    assert three["feedback"]["return_days"] == 3 and three["feedback"]["client_window"] == ""
    typed = _client(response_window="Mon-Fri 9-10")
    data = onboarding_data(_logo(), typed, SELLER, lang="en", today=TODAY)
    assert data["feedback"]["client_window"] == "Mon-Fri 9-10"
    assert data["feedback"]["return_days"] == 5


def test_no_empty_heading_on_the_onboarding_form() -> None:
    data = onboarding_data(_logo(assumptions=[]), _client(), SELLER, lang="fr", today=TODAY)
    assert [need["heading"] for need in data["needs"]][-1] == "Canal de retours"
    assert all(need["items"] for need in data["needs"])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deliverables": []}, "M-12 has no deliverables: add them first"),
        ({"fee_cents": 0}, "M-12 has a fixed price of 0: give it its fee first"),
    ],
)
def test_a_contract_that_cannot_be_sent_is_refused(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(NotReady, match=f"^{message}") as caught:
        _contract("fr", _logo(**changes))
    assert isinstance(caught.value, MissingIdentity)  # the faces show it as one line


def test_a_retainer_bills_its_period_in_words() -> None:
    line = InvoiceLine("Monthly newsletter support, 2026-12-01 to 2026-12-31", 60000)
    invoice = Invoice(46, "northwind", 60000, line.text, lines=[line], kind="retainer",
                      period="2026-12-01", status="sent", issued="2026-12-06")  # fmt: skip
    fr = _invoice("fr", invoice, mission=None)
    assert fr["lines"][0]["text"] == "Monthly newsletter support, du 1er au 31 décembre 2026"
    assert fr["service_date_text"] == "du 1er au 31 décembre 2026"
    assert fr["service_period"] == {"start": "2026-12-01", "end": "2026-12-31"}
    assert fr["words"]["service_date"] == "Période de la prestation"
    en = _invoice("en", invoice, mission=None)
    assert en["lines"][0]["text"] == "Monthly newsletter support, 1–31 December 2026"


def test_time_billed_has_its_days_worked_as_period_and_odd_minutes_a_service() -> None:
    # 7 h 40 at 65 €/h = 498.333… €: 498,33 €, not a whole twentieth of an hour
    line = InvoiceLine("7 h 40 at 65,00 €/h", 49833, minutes=460, rate_cents=6500)
    invoice = Invoice(51, "northwind", 49833, "x", mission_id=12, lines=[line],
                      status="sent", issued="2026-12-06")  # fmt: skip
    from homeops.rules.documents import invoice_data

    mission = _logo(hourly_rate_cents=6500)
    data = invoice_data(invoice, _client(), mission, SELLER, lang="fr", today=TODAY,
                        terms_days=30, worked=("2026-12-04", "2026-12-02"))  # fmt: skip
    (shown,) = data["lines"]
    assert shown["text"] == f"Logo refresh — 7{NB}h{NB}40 à 65,00{NB}€/h"
    assert (shown["quantity"], shown["unit_text"]) == ("1", "prestation")
    assert data["service_date_text"] == "du 2 au 4 décembre 2026"


def test_periods_in_words() -> None:
    d = dt.date
    assert (
        period_words(d(2026, 11, 15), d(2026, 12, 14), "fr") == "du 15 novembre au 14 décembre 2026"
    )
    assert period_words(d(2026, 12, 1), d(2027, 1, 5), "en") == "1 December 2026 – 5 January 2027"


def test_french_wording_is_typeset() -> None:
    for table in (PHRASES["fr"], WORDS["fr"]):
        for key, text in table.items():
            assert "'" not in text, key  # a typographic apostrophe
            for mark in ":;?!":
                assert f" {mark}" not in text, key  # a narrow no-break space before it
            assert "« " not in text and " »" not in text, key
    assert "Échéance" not in WORDS["fr"]["deadline"]  # Échéance is the payment's
    assert WORDS["fr"]["deadline"] == "Date de livraison"


def test_without_a_deposit_cancellation_bills_the_work_done() -> None:
    data = _contract("en", _logo(deposit_bp=0))
    assert data["cancellation_text"] == (
        "If the client cancels the mission, the work already done is billed pro rata."
    )
