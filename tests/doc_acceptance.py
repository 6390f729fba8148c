"""What the documents' acceptance tests share (issue 15): the demo business as ``homeops demo``
makes it (with the demo's seller), a few changes a user would make to it, and the facts each
page must carry, written by hand from the vault's records: the money and date formats and the
legal wording are spelled out here, not taken from the code under test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from homeops.demo.sample_seller import DEMO_SELLER, demo_settings
from homeops.main import fill_with_sample
from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, Mission
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "saffron-lantern-quay-73"
TODAY = dt.date(2026, 12, 6)  # the demo is built as of this day: pages and snapshot are stable
NOON = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}  # fmt: skip

#: The legal lines of a French sole trader's invoice under the VAT franchise, as written.
LEGAL = {
    "fr": {
        "vat": "TVA non applicable, art. 293 B du CGI",
        "penalty": "Pénalités de retard : 12,15 % par an",
        "indemnity": "frais de recouvrement en cas de retard de paiement : 40,00 €",
        "no_discount": "Pas d’escompte pour paiement anticipé",
        "ei": "entrepreneur individuel (EI)",
    },
    "en": {
        # the mention the tax administration reads is the French one, glossed
        "vat": "TVA non applicable, art. 293 B du CGI (VAT not applicable)",
        "penalty": "Late payment penalties: 12.15% a year",
        "indemnity": "recovery costs in case of late payment: €40.00",
        "no_discount": "No discount for early payment",
        "ei": "sole trader (EI, entrepreneur individuel)",
    },
}
#: The unit words of a line: a fixed price, an hour.
UNITS = {"fr": {"C62": "forfait", "HUR": "h"}, "en": {"C62": "flat fee", "HUR": "h"}}


@dataclasses.dataclass(frozen=True)
class DemoPicks:
    """The records the tests write documents of, found by what they are (not by id)."""

    deposit_mission: int  # a fixed-price mission with a deposit
    feedback_mission: int  # a mission of a client with feedback rules of their own
    hourly_invoice: int  # the hourly mission's own invoice, drafted from its time and sent
    deposit_invoice: int  # the deposit mission's deposit invoice
    voided: int  # a sent invoice voided here: its credit note the next of the series
    credit_notes_before: int  # the credit notes the demo holds before that void


def build_demo(path: Path) -> DemoPicks:
    """``homeops demo``'s business as of ``TODAY`` in a new vault at ``path`` (fast KDF), then:
    the open hourly mission delivered and its invoice drafted from the time logged and sent;
    one sent invoice without mission voided (its credit note); a void issued invoice
    without a credit note number (an older vault's) given one, as writing it would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        business = Business(vault, demo_settings())
        fill_with_sample(business, None, TODAY)
        missions = business.missions.list()
        book = business.cashbook
        deposit = next(m for m in missions if m.deposit_bp > 0 and m.hourly_rate_cents == 0)
        ruled = {c.alias for c in business.clients.list() if c.feedback_channel}
        feedback = next(m for m in missions if m.client_alias in ruled and m.stage != "Delivered")
        hourly = next(m for m in missions if m.hourly_rate_cents > 0 and m.stage != "Delivered")
        assert hourly.id is not None and deposit.id is not None and feedback.id is not None
        business.missions.move(hourly.id, "Delivered", override="acceptance test",
                               now=lambda: NOON)  # fmt: skip
        billed = book.draft_invoice(hourly.id, TODAY, send_on=TODAY)
        deposit_invoice = book.deposit_of(deposit.id)
        assert deposit_invoice is not None and deposit_invoice.issued
        sent = next(i for i in book.invoices() if i.status == "sent" and i.mission_id is None)
        before = sum(1 for i in book.invoices() if i.credit_note is not None)
        book.void_invoice(sent, TODAY)
        for old in book.invoices():  # voided after issue before credit notes were numbered
            if old.status == "void" and old.issued and old.credit_note is None:
                book.credit_note_for(old.number, TODAY)
    return DemoPicks(
        deposit.id, feedback.id, billed.number, deposit_invoice.number, sent.number, before
    )


# -- formats, by hand -------------------------------------------------------------------------


def eur(cents: int, lang: str) -> str:
    """``1 234,50 €`` / ``€1,234.50`` (the spaces do not matter: pages are squashed)."""
    units, rest = divmod(cents, 100)
    grouped = f"{units:,}"
    if lang == "fr":
        return f"{grouped.replace(',', ' ')},{rest:02d} €"
    return f"€{grouped}.{rest:02d}"


def day(iso: str, lang: str) -> str:
    date = dt.date.fromisoformat(iso)
    first = "1er" if lang == "fr" and date.day == 1 else str(date.day)
    return f"{first} {MONTHS[lang][date.month - 1]} {date.year}"


def squash(text: str) -> str:
    """The text with every space removed (a PDF breaks lines and words where it likes, the
    French thousands space is narrow) and Markdown's escapes undone."""
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~])", r"\1", text)
    return re.sub(r"[\s\u00ad\u2060]+", "", text)


def missing(page: str, facts: list[str]) -> list[str]:
    """The facts not found on the page (both squashed)."""
    flat = squash(page)
    return [fact for fact in facts if squash(fact) not in flat]


# -- the facts of each page -------------------------------------------------------------------


def seller_facts(*, siren: bool) -> list[str]:
    facts = [f"{DEMO_SELLER.name} EI", DEMO_SELLER.siret, *DEMO_SELLER.address]
    return [*facts, DEMO_SELLER.siren] if siren else facts


def client_facts(client: Client) -> list[str]:
    """The billed party: a company's legal name and SIREN (its address lines but one that
    only repeats the name), else the person's name and address."""
    assert client.name is not None and client.billing_address is not None
    lines = client.billing_address.value.split(", ")
    company = getattr(client, "company", "")
    if not company:
        return [client.name.value, *lines]
    kept = [ln for ln in lines if not company.lower().startswith(ln.lower())]
    siren = getattr(client, "siren", "")
    return [company, *kept, *([f"SIREN {siren}"] if siren else [])]


Line = tuple[str, str, int, int]  # quantity, unit code, unit price cents, total cents


def invoice_facts(
    invoice: Invoice, client: Client, lang: str, *, credit: int | None, service_day: str | None,
    lines: list[Line],
) -> list[str]:  # fmt: skip
    """Every mandatory mention of an invoice (or of the credit note ``credit`` cancelling
    it). ``lines``: (quantity, unit code, unit price cents, total cents)."""
    legal = LEGAL[lang]
    assert invoice.issued is not None
    facts = [*seller_facts(siren=True), *client_facts(client)]
    facts += [legal["vat"], legal["ei"]]
    if credit is None:  # a credit note is not paid late or early
        facts += [legal["penalty"], legal["indemnity"], legal["no_discount"]]
    facts += [f"{quantity}{UNITS[lang][unit]}{eur(price, lang)}{eur(total, lang)}"
              for quantity, unit, price, total in lines]  # fmt: skip
    if service_day:  # a deposit has none: the work is not done
        facts.append(service_day if " " in service_day else day(service_day, lang))
    if credit is None:
        assert invoice.due is not None
        # the demo's payment terms are 30 days; a deposit is due on receipt (issue 15, G3)
        days = 0 if invoice.kind == "deposit" else 30
        due = dt.date.fromisoformat(invoice.issued) + dt.timedelta(days=days)
        assert invoice.due == due.isoformat()
        facts += [invoice.label, day(invoice.issued, lang), day(invoice.due, lang)]
        facts.append(DEMO_SELLER.iban)
        total = "Total à payer" if lang == "fr" else "Total due"
    else:
        facts += [f"AV-{credit:04d}", day(TODAY.isoformat(), lang)]
        facts.append(f"Annule la facture {invoice.label}" if lang == "fr"
                     else f"Cancels invoice {invoice.label}")  # fmt: skip
        total = "Total crédité" if lang == "fr" else "Total credited"
    facts.append(f"{total}: {eur(invoice.amount_cents, lang)}")  # squashed: "Total:1000,00€"
    return facts


def contract_facts(mission: Mission, client: Client, lang: str, tools: list[str]) -> list[str]:
    """What the contract of ``mission`` must say; ``tools``: the AI tools recorded on it."""
    assert mission.deadline is not None
    fee = mission.fee_cents
    further = fee * 1000 // 10000  # [capacity] revision_allowance 10 %: one round's time
    facts = [*seller_facts(siren=False), *client_facts(client), f"M-{mission.id}"]
    facts += [*mission.deliverables, *mission.assumptions]
    facts += [check.text for check in mission.acceptance_criteria]
    facts += [day(mission.deadline, lang), eur(fee, lang), eur(further, lang)]
    rounds = mission.revision_limit
    if lang == "fr":
        facts += [f"{rounds} tours de révision inclus", "À 30 jours"]
        facts += ["c’est un changement de périmètre", "accepté par écrit avant tout travail"]
        facts += ["pénalités au taux de 12,15 % par an", "recouvrement de 40,00 €"]
        facts += ["cède au client les droits patrimoniaux", "L131-3", "facturé au prorata"]
        facts += ["Date de livraison"]
    else:
        facts += [f"{rounds} revision rounds included", "Within 30 days"]
        facts += ["that is a change of scope", "agreed in writing before any work"]
        facts += ["penalties at 12.15% a year", "recovery costs of €40.00"]
        facts += ["assigns to the client the economic rights", "L131-3", "billed pro rata"]
        facts += ["Delivery date"]
    if mission.deposit_bp:  # the deposit invoiced (the demo's is the mission's share)
        facts.append(eur(fee * mission.deposit_bp // 10000, lang))
        facts.append("l’acompte reste acquis" if lang == "fr" else "the deposit is kept")
    facts += [client.feedback_channel or ("un seul e-mail regroupant les retours" if lang == "fr"
                                          else "one email gathering all the feedback")]  # fmt: skip
    if client.response_window:
        facts.append(client.response_window)
    facts += tools or (["outils d’IA"] if lang == "fr" else ["AI tools"])
    return facts


def onboarding_facts(mission: Mission, client: Client, lang: str) -> list[str]:
    """What the onboarding form of ``mission`` must ask."""
    facts = [f"{DEMO_SELLER.name} EI", DEMO_SELLER.email, f"M-{mission.id}", mission.title]
    assert client.name is not None
    facts += [getattr(client, "company", "") or client.name.value, *mission.assumptions]
    if lang == "fr":
        facts += ["Contacts", "La personne qui valide les livrables", "Éléments et accès",
                  "Les accès nécessaires", "Raison sociale", "Numéro SIREN",
                  "Numéro de TVA", "Adresse de facturation électronique"]  # fmt: skip
        facts += ["Hypothèses à confirmer"] if mission.assumptions else []
    else:
        facts += ["Contacts", "approves the deliverables", "Inputs and access",
                  "access", "Legal name", "SIREN number", "VAT number",
                  "E-invoicing address"]  # fmt: skip
        facts += ["Assumptions to confirm"] if mission.assumptions else []
    default = "un seul e-mail regroupant les retours" if lang == "fr" else "one email gathering"
    facts.append(client.feedback_channel or default)
    return facts
