"""Factur-X EN 16931 (issue 15): the CII XML from the invoice data, checked by the XSD (inside
``cii_xml``) and by the EN 16931 schematron (offline Saxon, ``facturx_check``), embedded in a
PDF/A-3b. Expected totals are the sums a reader makes from the sample lines."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from typing import Any

import facturx.facturx
import facturx_check
import facturx_samples as samples
import pytest
from facturx_check import NS, check_schematron, cii_totals, saxon_server
from pypdf import PdfReader
from pypdf.generic import StreamObject

from homeops.rules.text import LINE_MAX, NAME_MAX
from homeops.services import facturx_doc
from homeops.services.facturx_doc import cii_xml, facturx_pdf

HOSTILE = '<b>Tom & Jerry\'s "quote"</b> ]]> &amp; <!-- x -->'


@pytest.fixture(scope="module")
def schematron() -> Iterator[None]:
    """The session's one Saxon server, started before the first check of this module."""
    saxon_server()
    yield


def _text(xml: bytes, path: str) -> list[str]:
    return [str(node.text) for node in etree.fromstring(xml).iterfind(path, NS)]


LINES = "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/"
SELLER = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/"
BUYER = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty/"
SETTLE = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
DELIVERY = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/"


def test_invoice_with_time_fixed_and_deposit_lines_passes_and_adds_up(schematron: None) -> None:
    data = samples.invoice()
    xml = cii_xml(data)
    check_schematron(xml)
    # 12.5 h x 80 = 1 000; + 400; - 720 deposit = 680 EUR
    assert cii_totals(xml) == {
        "line_total": 68000,
        "grand_total": 68000,
        "due_payable": 68000,
        "lines": [100000, 40000, -72000],
    }
    assert data["total_cents"] == 68000
    assert _text(xml, "rsm:ExchangedDocument/ram:TypeCode") == ["380"]
    # the deposit: a negative quantity at a positive price (BR-27 forbids negative prices)
    quantities = etree.fromstring(xml).findall(LINES + "*/ram:BilledQuantity", NS)
    assert [(q.text, q.get("unitCode")) for q in quantities] == [
        ("12.5", "HUR"),
        ("1", "C62"),
        ("-1", "C62"),
    ]
    prices = _text(xml, LINES + "*/ram:NetPriceProductTradePrice/ram:ChargeAmount")
    assert prices == ["80.00", "400.00", "720.00"]
    # franchise en base: category E, rate 0, the mention and its VATEX code
    assert _text(xml, SETTLE + "ram:ApplicableTradeTax/ram:CategoryCode") == ["E"]
    assert _text(xml, SETTLE + "ram:ApplicableTradeTax/ram:ExemptionReason") == [
        "TVA non applicable, art. 293 B du CGI"
    ]
    assert _text(xml, SETTLE + "ram:ApplicableTradeTax/ram:ExemptionReasonCode") == [
        "VATEX-FR-FRANCHISE"
    ]
    # the seller: SIREN (0002) as legal id, SIRET (0009) as global id, the name with "EI"
    org = etree.fromstring(xml).find(SELLER + "ram:SpecifiedLegalOrganization/ram:ID", NS)
    assert org is not None and (org.text, org.get("schemeID")) == ("732829320", "0002")
    assert _text(xml, SELLER + "ram:GlobalID") == ["73282932000074"]
    assert _text(xml, SELLER + "ram:Name") == ["Camille Martin EI"]
    # payment: SEPA credit transfer to the IBAN, due date, terms, reference
    assert _text(xml, SETTLE + "ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode") == ["58"]
    assert _text(
        xml,
        SETTLE + "ram:SpecifiedTradeSettlementPaymentMeans/"
        "ram:PayeePartyCreditorFinancialAccount/ram:IBANID",
    ) == ["FR7630006000011234567890189"]
    assert _text(
        xml,
        SETTLE + "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString",
    ) == ["20270105"]
    assert _text(xml, SETTLE + "ram:PaymentReference") == ["F-0007"]
    # the buyer's four address lines: street, building, postcode + city, country (as code)
    assert _text(xml, BUYER + "ram:PostalTradeAddress/ram:LineOne") == ["4 place Bellecour"]
    assert _text(xml, BUYER + "ram:PostalTradeAddress/ram:LineTwo") == ["Bâtiment B"]
    assert _text(xml, BUYER + "ram:PostalTradeAddress/ram:PostcodeCode") == ["69002"]
    assert _text(xml, BUYER + "ram:PostalTradeAddress/ram:CityName") == ["Lyon"]
    assert _text(xml, BUYER + "ram:PostalTradeAddress/ram:CountryID") == ["FR"]


def test_credit_note_is_381_naming_the_invoice_it_cancels(schematron: None) -> None:
    data = samples.credit_note()
    data["credited_date"] = "2026-11-20"  # F-0005's issue date
    xml = cii_xml(data)
    check_schematron(xml)
    assert _text(xml, "rsm:ExchangedDocument/ram:TypeCode") == ["381"]
    assert _text(xml, SETTLE + "ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == ["F-0005"]
    # BT-26: the cancelled invoice's issue date (the sample's credited_date)
    assert _text(
        xml,
        SETTLE + "ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString",
    ) == ["20261120"]
    assert cii_totals(xml) == {
        "line_total": 72000,
        "grand_total": 72000,
        "due_payable": 72000,
        "lines": [72000],
    }
    # the money goes back to the client: no transfer to the seller's IBAN, no terms, no due
    # date, no payment reference (the schematron above accepts it so)
    settlement = etree.fromstring(xml).find(SETTLE[:-1], NS)
    assert settlement is not None
    for absent in ("SpecifiedTradeSettlementPaymentMeans", "SpecifiedTradePaymentTerms",
                   "PaymentReference"):  # fmt: skip
        assert settlement.find("ram:" + absent, NS) is None, absent
    assert b"FR7630006000011234567890189" not in xml


def test_deposit_invoice_is_386_without_a_delivery_date(schematron: None) -> None:
    data = samples.invoice()
    line = samples.line("Acompte de 30 % — Logo refresh", "1", "C62", 72000, 72000)
    data.update(deposit=True, service_date=None, lines=[line], total_cents=72000)
    xml = cii_xml(data)
    check_schematron(xml)  # EN 16931 and Factur-X accept a prepayment invoice so
    assert _text(xml, "rsm:ExchangedDocument/ram:TypeCode") == ["386"]
    assert _text(xml, DELIVERY + "ram:ActualDeliverySupplyChainEvent//udt:DateTimeString") == []
    # the block the XSD wants holds the client as deliver-to party, not a date
    assert _text(xml, DELIVERY + "ram:ShipToTradeParty/ram:Name") == ["Northwind Traders SAS"]
    assert _text(xml, DELIVERY + "ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID") == [
        "FR"
    ]
    # still due and paid by transfer, as any invoice
    assert _text(xml, SETTLE + "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/"
                 "udt:DateTimeString") == ["20270105"]  # fmt: skip
    # a deposit never gets a delivery day, even with a service date in its data
    data.update(service_date="2026-12-01")
    assert _text(cii_xml(data), DELIVERY + "ram:ActualDeliverySupplyChainEvent") == []


def test_the_buyer_is_the_company_with_its_siren_and_the_person_as_contact(
    schematron: None,
) -> None:
    data = samples.invoice()
    data["client"].update(
        name="Claire Martin", company="Acme Mag SARL", siren="732829320", contact="Claire Martin"
    )
    xml = cii_xml(data)
    check_schematron(xml)
    assert _text(xml, BUYER + "ram:Name") == ["Acme Mag SARL"]  # BT-44
    org = etree.fromstring(xml).find(BUYER + "ram:SpecifiedLegalOrganization/ram:ID", NS)
    assert org is not None and (org.text, org.get("schemeID")) == ("732829320", "0002")  # BT-47
    assert _text(xml, BUYER + "ram:DefinedTradeContact/ram:PersonName") == ["Claire Martin"]
    # a contact that only repeats the company (the data says "") is left out
    data["client"].update(name="Acme Mag (SARL)", contact="")
    assert _text(cii_xml(data), BUYER + "ram:DefinedTradeContact/ram:PersonName") == []
    # a private person (no company): their name, no legal organization, no contact
    plain = cii_xml(samples.invoice())
    assert _text(plain, BUYER + "ram:Name") == ["Northwind Traders SAS"]
    assert _text(plain, BUYER + "ram:SpecifiedLegalOrganization/ram:ID") == []
    assert _text(plain, BUYER + "ram:DefinedTradeContact/ram:PersonName") == []


def test_a_service_period_is_the_invoicing_period_without_a_delivery_day(
    schematron: None,
) -> None:
    data = samples.invoice()
    data["service_period"] = {"start": "2026-12-01", "end": "2026-12-31"}  # a retainer's month
    xml = cii_xml(data)
    check_schematron(xml)
    period = SETTLE + "ram:BillingSpecifiedPeriod/"
    assert _text(xml, period + "ram:StartDateTime/udt:DateTimeString") == ["20261201"]
    assert _text(xml, period + "ram:EndDateTime/udt:DateTimeString") == ["20261231"]
    assert _text(xml, DELIVERY + "ram:ActualDeliverySupplyChainEvent") == []
    assert _text(xml, DELIVERY + "ram:ShipToTradeParty/ram:Name") == ["Northwind Traders SAS"]


NOTES = "rsm:ExchangedDocument/ram:IncludedNote/"


def test_legal_notes_carry_their_subject_codes(schematron: None) -> None:
    data = samples.invoice()
    codes = ["PMD", "PMT", "AAB", "ABL", "REG"]
    data["legal_notes"] = [
        {"code": code, "text": text} for code, text in zip(codes, samples.MENTIONS, strict=True)
    ]
    xml = cii_xml(data)
    check_schematron(xml)  # every code is in UNTDID 4451 (the schematron's list)
    assert _text(xml, NOTES + "ram:SubjectCode") == ["TXD", *codes]
    assert _text(xml, NOTES + "ram:Content") == [
        "TVA non applicable, art. 293 B du CGI",
        *samples.MENTIONS,
    ]
    data["legal_notes"][0]["code"] = "XYZ"
    with pytest.raises(ValueError, match="unknown subject code 'XYZ'"):
        cii_xml(data)


def test_an_english_page_keeps_the_french_franchise_reason(schematron: None) -> None:
    data = samples.invoice()
    data["lang"] = "en"
    data["vat"]["mention"] = "TVA non applicable, art. 293 B du CGI (VAT not applicable)"
    data["mentions"] = ["Late-payment penalties: 12.15% a year."]
    xml = cii_xml(data)
    check_schematron(xml)
    assert _text(xml, SETTLE + "ram:ApplicableTradeTax/ram:ExemptionReason") == [
        "TVA non applicable, art. 293 B du CGI"
    ]
    # without codes the mentions stay, uncoded, after the coded French franchise note
    assert _text(xml, NOTES + "ram:SubjectCode") == ["TXD"]
    assert _text(xml, NOTES + "ram:Content") == [
        "TVA non applicable, art. 293 B du CGI",
        "Late-payment penalties: 12.15% a year.",
    ]


def test_one_line_invoice_without_mission_or_service_date(schematron: None) -> None:
    data = samples.one_line()
    xml = cii_xml(data)
    check_schematron(xml)
    assert cii_totals(xml)["grand_total"] == 17500 == data["total_cents"]
    assert cii_totals(xml)["lines"] == [17500]
    # no service date: no delivery date made up, the client as deliver-to party
    assert _text(xml, DELIVERY + "ram:ActualDeliverySupplyChainEvent") == []
    assert _text(xml, DELIVERY + "ram:ShipToTradeParty/ram:Name") == ["Northwind Traders SAS"]
    assert _text(xml, BUYER + "ram:PostalTradeAddress/ram:LineOne") == [
        "Rue du Marché 3, 1204 Genève"
    ]


def _hostile() -> dict[str, Any]:
    data = samples.invoice()
    data["lines"][0]["text"] = (HOSTILE * 10)[:LINE_MAX]
    data["lines"][1]["text"] = HOSTILE
    data["client"]["name"] = (HOSTILE * 5)[:NAME_MAX]
    data["mentions"].append(HOSTILE)
    return data


def test_hostile_text_stays_text(schematron: None) -> None:
    data = _hostile()
    xml = cii_xml(data)
    check_schematron(xml)
    names = _text(xml, LINES + "ram:SpecifiedTradeProduct/ram:Name")
    assert names[:2] == [(HOSTILE * 10)[:LINE_MAX], HOSTILE]
    assert len(names[0]) == LINE_MAX
    assert _text(xml, BUYER + "ram:Name") == [(HOSTILE * 5)[:NAME_MAX]]
    assert HOSTILE in _text(xml, "rsm:ExchangedDocument/ram:IncludedNote/ram:Content")
    assert b"<b>" not in xml and b"<!-- x -->" not in xml  # escaped, never markup


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"<ram:GrandTotalAmount>680.00<", b"<ram:GrandTotalAmount>681.00<"),  # BR-CO-15
        (b"<ram:Name>Camille Martin EI</ram:Name>", b""),  # BR-06: no seller name
    ],
    ids=["totals-do-not-add-up", "no-seller-name"],
)
def test_the_schematron_check_can_fail(schematron: None, old: bytes, new: bytes) -> None:
    xml = cii_xml(samples.invoice())
    assert old in xml
    with pytest.raises(Exception, match="not valid against"):
        check_schematron(xml.replace(old, new))


def test_lines_that_do_not_add_up_to_the_total_are_refused() -> None:
    data = samples.invoice()
    data["total_cents"] = 68001
    with pytest.raises(ValueError, match="do not add up"):
        cii_xml(data)


@pytest.mark.parametrize("make", [samples.invoice, samples.credit_note], ids=["380", "381"])
def test_pdf_carries_the_xml_and_says_factur_x(make: Any) -> None:
    data = make()
    xml = cii_xml(data)
    pdf = facturx_pdf(samples.tiny_pdf(), xml, data)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments["factur-x.xml"] == [xml]
    root = reader.root_object
    metadata = root["/Metadata"].get_object()
    assert isinstance(metadata, StreamObject)
    xmp = metadata.get_data().decode("utf-8")
    assert "<pdfaid:part>3</pdfaid:part>" in xmp
    assert "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>" in xmp
    assert "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>" in xmp
    # the stamps are the issue date, not the clock
    assert "<xmp:CreateDate>2026-12-06T00:00:00+00:00</xmp:CreateDate>" in xmp
    info = reader.metadata
    assert info is not None
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261206000000+00'00'"
    assert info["/Author"] == "Camille Martin EI"
    assert info["/Title"] == data["title"]
    assert root["/Lang"] == "fr-FR"


def test_pdf_is_the_same_bytes_for_the_same_data() -> None:
    data = samples.invoice()
    xml = cii_xml(data)
    first = facturx_pdf(samples.tiny_pdf(), xml, data)
    assert facturx_pdf(samples.tiny_pdf(), cii_xml(samples.invoice()), data) == first
    # the pinned clock is factur-x's own again afterwards (the seam this relies on)
    assert facturx.facturx._get_pdf_timestamp.__module__ == "facturx.facturx"
    assert facturx.facturx._get_metadata_timestamp.__module__ == "facturx.facturx"
    assert facturx_doc._CLOCK.acquire(blocking=False)
    facturx_doc._CLOCK.release()


def test_a_deduction_written_with_a_negative_price_gives_the_same_xml() -> None:
    data = samples.invoice()
    deposit = data["lines"][2]
    assert (deposit["quantity"], deposit["unit_price_cents"]) == ("-1", 72000)
    deposit.update(quantity="1", unit_price_cents=-72000)  # the other way to write it
    assert cii_xml(data) == cii_xml(samples.invoice())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"draft": True, "status": "draft"}, "a draft invoice has no Factur-X"),
        ({"status": "void"}, "a void invoice has no Factur-X"),
        ({"kind": "credit-note", "credited": None}, "must name the invoice it cancels"),
        ({"kind": "contract"}, "for invoices and credit notes only"),
    ],
    ids=["draft", "void", "credit-note-crediting-nothing", "contract"],
)
def test_only_an_issued_document_gets_a_factur_x(change: dict[str, Any], message: str) -> None:
    data = samples.invoice()
    data.update(change)
    with pytest.raises(ValueError, match=message):
        cii_xml(data)


def test_the_saxon_server_answers_an_error_when_saxon_fails(schematron: None) -> None:
    import requests  # factur-x's own HTTP client

    bad = {"xml": ("a.xml", "<a/>", "text/xml"), "xsl": ("b.xsl", "not XSLT", "text/xml")}
    assert requests.post(saxon_server().url, files=bad, timeout=5).status_code == 500


def test_the_code_lists_read_once_give_the_report_saxon_gives_from_the_file(
    schematron: None,
) -> None:
    """The server reads the schematron's code lists once (a parameter) instead of per
    transformation (document()): same SVRL, here on a note whose subject code is in no list
    (an assert that reads the code list fails) and on a valid invoice."""
    from importlib import resources

    from saxonche import PySaxonProcessor

    xsl_path = resources.files("facturx").joinpath(facturx_check._XSL)
    codedb = "FACTUR-X_EN16931_codedb.xml"
    xsl = xsl_path.read_text(encoding="utf-8").replace(
        codedb, f"{facturx_check.CODEDB_DIR}/{codedb}"
    )
    text, files = facturx_check._param_documents(xsl)
    assert list(files.values()) == [f"{facturx_check.CODEDB_DIR}/{codedb}"]
    assert "document(" in text  # in the report's quotes of the asserts only
    assert "document(" not in re.sub(r"<svrl:[^>]*>", "", text)
    saxon = PySaxonProcessor(license=False)
    as_shipped = saxon.new_xslt30_processor().compile_stylesheet(stylesheet_text=xsl)
    good = cii_xml(samples.invoice()).decode("utf-8")
    bad = good.replace("<ram:SubjectCode>TXD<", "<ram:SubjectCode>XYZ<")
    assert bad != good
    for xml in (good, bad):
        expected = as_shipped.transform_to_string(xdm_node=saxon.parse_xml(xml_text=xml))
        assert saxon_server().transform(xml, xsl) == expected
    assert "failed-assert" in expected and "failed-assert" not in saxon_server().transform(
        good, xsl
    )
    with pytest.raises(Exception, match="not valid against"):
        check_schematron(bad.encode("utf-8"))


def test_loading_the_module_leaves_factur_x_unloaded() -> None:
    """factur-x pulls lxml, pypdf and requests (0.16 s): a command that writes no Factur-X
    must not pay for them."""
    code = (
        "import sys\nimport homeops.services.facturx_doc\n"
        "print(sorted({'facturx', 'lxml', 'pypdf', 'requests'} & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_iban_outside_sepa_is_a_plain_credit_transfer() -> None:
    data = samples.invoice()
    data["payment"]["iban"] = "BR1800360305000010009795493C1"  # Brazil: not in SEPA
    xml = cii_xml(data)
    assert _text(xml, SETTLE + "ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode") == ["30"]
