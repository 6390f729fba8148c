"""Sample data dicts for the document templates (issue 15), in the shape of doc_schema.md.

Hand-written, so the renderers can be built and tested without the data builders: one
contract, one onboarding form, one invoice (a time line, a fixed line, a deposit deducted)
and one credit note, each in French and English. Money texts are written as a reader expects
them ("1 234,50 €" / "€1,234.50"), not computed.
"""

from __future__ import annotations

import copy
from typing import Any

from homeops.services.doc_words import DEFAULT_WORDS

NNBSP = "\u202f"  # French thousands separator

SELLER: dict[str, Any] = {
    "name": "Camille Martin",
    "legal_form": "EI",
    "display_name": "Camille Martin EI",
    "trade_name": "Atelier Martin",
    "address": ["12 rue des Lilas", "69003 Lyon"],
    "country": "FR",
    "siren": "732829320",
    "siret": "73282932000074",
    "vat_number": "",
    "email": "camille@example.org",
    "phone": "+33 6 12 34 56 78",
    "iban": "FR7630006000011234567890189",
    "bic": "AGRIFRPP",
}

CLIENT: dict[str, Any] = {
    "alias": "northwind",
    "name": "Northwind Traders SAS",
    "address": ["4 place Bellecour", "69002 Lyon", "France"],
    "email": "billing@northwind.example",
}


def _eur(lang: str, cents: int) -> str:
    """A sample's money text: hand-shaped like the locale's, enough for fixtures."""
    units, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    if lang == "fr":
        grouped = f"{units:,}".replace(",", NNBSP)
        return f"{sign}{grouped},{rest:02d}{NNBSP}€"
    return f"{sign}€{units:,}.{rest:02d}"


def _common(kind: str, lang: str, title: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "lang": lang,
        "words": dict(DEFAULT_WORDS[lang]),
        "title": title,
        "date": "2026-12-06",
        "date_text": "6 décembre 2026" if lang == "fr" else "6 December 2026",
        "seller": copy.deepcopy(SELLER),
        "client": copy.deepcopy(CLIENT),
    }


MISSION: dict[str, Any] = {"id": 12, "ref": "M-12", "title": "Logo refresh", "offer": "Brand kit"}


def contract(lang: str) -> dict[str, Any]:
    fr = lang == "fr"
    data = _common(
        "contract",
        lang,
        ("Contrat de prestation — " if fr else "Service contract — ") + MISSION["title"],
    )
    data.update(
        mission=dict(MISSION),
        deliverables=(
            [
                "Logo principal (SVG, PNG)",
                "Déclinaison monochrome",
                "Favicon 512 px",
                "Palette de couleurs",
                "Guide d'usage d'une page",
            ]
            if fr
            else [
                "Main logo (SVG, PNG)",
                "Monochrome variant",
                "512 px favicon",
                "Colour palette",
                "One-page usage guide",
            ]
        ),
        included=(
            ["Deux pistes créatives", "Fichiers sources"]
            if fr
            else ["Two creative directions", "Source files"]
        ),
        excluded=(["Impression", "Site web"] if fr else ["Printing", "Website"]),
        acceptance=(
            [
                "Lisible à 16 px",
                "Fonctionne en noir et blanc",
                "Validé par écrit",
                "Fichiers livrés dans les formats listés",
            ]
            if fr
            else [
                "Readable at 16 px",
                "Works in black and white",
                "Approved in writing",
                "Files delivered in the listed formats",
            ]
        ),
        assumptions=(
            [
                "Le client fournit l'ancien logo",
                "Un seul interlocuteur décide",
                "Retours groupés par tour",
                "Aucune recherche de marque incluse",
            ]
            if fr
            else [
                "The client provides the old logo",
                "One person decides",
                "Feedback grouped per round",
                "No trademark search included",
            ]
        ),
        deadline="2027-01-15",
        deadline_text="15 janvier 2027" if fr else "15 January 2027",
        fee_cents=240000,
        fee_text=_eur(lang, 240000),
        hourly=None,
        revisions={
            "rounds": 2,
            "further_round_text": (
                f"{_eur(lang, 30000)} le tour (10 % du prix)"
                if fr
                else f"{_eur(lang, 30000)} a round (10% of the fee)"
            ),
        },
        payment={
            "terms_days": 30,
            "terms_text": (
                f"À 30 jours. Acompte de 30 % ({_eur(lang, 72000)}) facturé à la signature."
                if fr
                else f"Within 30 days. A 30% deposit ({_eur(lang, 72000)}) on signature."
            ),
            "deposit_bp": 3000,
            "deposit_cents": 72000,
            "deposit_text": _eur(lang, 72000),
        },
        scope_change_text=(
            "Tout livrable ou critère non listé ci-dessus est un changement de périmètre : il "
            "fait l'objet d'un devis écrit, au taux de 80 € de l'heure, avant tout travail."
            if fr
            else "Any deliverable or criterion not listed above is a change of scope: it gets a "
            "written quote, at €80 an hour, before any work starts."
        ),
        feedback={
            "channel": "e-mail",
            "rounds": 2,
            "response_window": "de 10 h à 10 h 30" if fr else "10:00–10:30",
            "client_window": "Mon-Fri 9-10",
            "return_days": 3,
            "return_text": (
                "Le client renvoie ses retours dans les 3 jours ouvrés."
                if fr
                else "The client sends their feedback within 3 working days."
            ),
        },
        changes=[
            {
                "what": "Extra favicon",
                "fee_delta_cents": 15000,
                "text": f"Extra favicon : {_eur(lang, 15000)}",
            }
        ],
        rights_text=(
            "À complet paiement, cession des droits patrimoniaux d'auteur."
            if fr
            else "On full payment, the economic rights are assigned."
        ),
        cancellation_text=(
            "En cas d'annulation, l'acompte reste acquis."
            if fr
            else "On cancellation, the deposit is kept."
        ),
        ai_statement=(
            "Des outils d'IA peuvent servir à la recherche et aux brouillons ; tout livrable est "
            "conçu et vérifié par le prestataire. Aucune donnée du client n'est confiée à un "
            "outil d'IA sans son accord."
            if fr
            else "AI tools may be used for research and drafts; every deliverable is designed "
            "and checked by the contractor. No client data is given to an AI tool without the "
            "client's consent."
        ),
    )
    return data


def onboarding(lang: str) -> dict[str, Any]:
    fr = lang == "fr"
    data = _common(
        "onboarding",
        lang,
        ("Formulaire de démarrage — " if fr else "Onboarding form — ") + MISSION["title"],
    )
    assumptions = contract(lang)["assumptions"]
    data.update(
        mission=dict(MISSION),
        needs=[
            {
                "heading": "Contacts",
                "items": (
                    ["Personne qui décide (nom, e-mail)", "Personne pour la facturation"]
                    if fr
                    else ["Who decides (name, e-mail)", "Who handles invoices"]
                ),
            },
            {
                "heading": "Éléments et accès" if fr else "Inputs and access",
                "items": (
                    ["Ancien logo (fichiers sources)", "Charte existante", "Accès au drive"]
                    if fr
                    else ["Old logo (source files)", "Existing guidelines", "Drive access"]
                ),
            },
            {
                "heading": "Canal de retours" if fr else "Feedback channel",
                "items": (
                    ["Canal préféré (e-mail proposé)", "Délai de réponse habituel"]
                    if fr
                    else ["Preferred channel (e-mail proposed)", "Usual response time"]
                ),
            },
            {
                "heading": "Hypothèses à confirmer" if fr else "Assumptions to confirm",
                "items": assumptions,
            },
        ],
        assumptions=assumptions,
        feedback={
            "channel": "e-mail",
            "rounds": 2,
            "response_window": "3 jours ouvrés" if fr else "3 working days",
        },
    )
    return data


def _line(
    lang: str,
    text: str,
    quantity: str,
    q_text: str,
    unit: str,
    unit_text: str,
    price: int,
    total: int,
) -> dict[str, Any]:
    return {
        "text": text,
        "quantity": quantity,
        "quantity_text": q_text,
        "unit": unit,
        "unit_text": unit_text,
        "unit_price_cents": price,
        "unit_price_text": _eur(lang, price),
        "total_cents": total,
        "total_text": _eur(lang, total),
    }


def _mentions(lang: str) -> list[str]:
    if lang == "fr":
        return [
            "Pénalités de retard : 12,15 % par an, exigibles dès le lendemain de l'échéance.",
            "Indemnité forfaitaire pour frais de recouvrement : 40 € (art. L441-10 du Code de "
            "commerce).",
            "Pas d'escompte pour paiement anticipé.",
            "Camille Martin, entrepreneur individuel (EI).",
            "Catégorie de l'opération : prestation de services.",
        ]
    return [
        "Late payment penalties: 12.15% a year, due from the day after the due date.",
        "Fixed recovery indemnity: €40 (art. L441-10, French Commercial Code).",
        "No discount for early payment.",
        "Camille Martin, sole trader (EI).",
        "Type of operation: provision of services.",
    ]


def invoice(lang: str, *, draft: bool = False) -> dict[str, Any]:
    """F-0007: 12.5 h at 80 € (1 000 €), a fixed 400 € line, the 720 € deposit deducted
    (quantity -1 at a positive price, as EN 16931 wants)."""
    fr = lang == "fr"
    data = _common("invoice", lang, ("Facture F-0007" if fr else "Invoice F-0007"))
    data.update(
        number="F-0007",
        credited=None,
        status="draft" if draft else "sent",
        draft=draft,
        issue_date="2026-12-06",
        issue_date_text="6 décembre 2026" if fr else "6 December 2026",
        service_date="2026-11-30",
        service_date_text="du 2 au 30 novembre 2026" if fr else "2–30 November 2026",
        due_date="2027-01-05",
        due_date_text="5 janvier 2027" if fr else "5 January 2027",
        terms_text="30 jours" if fr else "30 days",
        currency="EUR",
        lines=[
            _line(
                lang,
                "Ateliers et retouches (temps passé)"
                if fr
                else "Workshops and touch-ups (time spent)",
                "12.5",
                "12,5" if fr else "12.5",
                "HUR",
                "h",
                8000,
                100000,
            ),
            _line(
                lang,
                "Guide d'usage" if fr else "Usage guide",
                "1",
                "1",
                "C62",
                "forfait" if fr else "fixed",
                40000,
                40000,
            ),
            _line(
                lang,
                "Acompte versé (facture F-0005)" if fr else "Deposit paid (invoice F-0005)",
                "-1",
                "-1",
                "C62",
                "forfait" if fr else "fixed",
                72000,
                -72000,
            ),
        ],
        total_cents=68000,
        total_text=_eur(lang, 68000),
        vat={
            "exempt": True,
            "mention": "TVA non applicable, art. 293 B du CGI"
            if fr
            else "TVA non applicable, art. 293 B du CGI (VAT not applicable)",
            "rate_bp": 0,
        },
        mentions=_mentions(lang),
        payment={"iban": SELLER["iban"], "bic": SELLER["bic"], "reference": "F-0007"},
        mission={"ref": "M-12", "title": MISSION["title"]},
    )
    return data


def credit_note(lang: str) -> dict[str, Any]:
    """AV-0001 cancels F-0005 (the 720 € deposit invoice): amounts positive."""
    fr = lang == "fr"
    data = _common("credit-note", lang, ("Avoir AV-0001" if fr else "Credit note AV-0001"))
    data.update(
        number="AV-0001",
        credited="F-0005",
        status="void",
        draft=False,
        issue_date="2026-12-06",
        issue_date_text="6 décembre 2026" if fr else "6 December 2026",
        service_date="2026-11-02",
        service_date_text="2 novembre 2026" if fr else "2 November 2026",
        due_date="2026-12-06",
        due_date_text="6 décembre 2026" if fr else "6 December 2026",
        terms_text="",
        currency="EUR",
        lines=[
            _line(
                lang,
                "Acompte de 30 % — Logo refresh" if fr else "30% deposit — Logo refresh",
                "1",
                "1",
                "C62",
                "forfait" if fr else "fixed",
                72000,
                72000,
            ),
        ],
        total_cents=72000,
        total_text=_eur(lang, 72000),
        vat=invoice(lang)["vat"],
        mentions=_mentions(lang),
        payment={"iban": SELLER["iban"], "bic": SELLER["bic"], "reference": "AV-0001"},
        mission={"ref": "M-12", "title": MISSION["title"]},
    )
    return data


SAMPLES = {
    "contract": contract,
    "onboarding": onboarding,
    "invoice": invoice,
    "credit-note": credit_note,
}


def sample(kind: str, lang: str) -> dict[str, Any]:
    """A fresh copy of the sample of ``kind`` in ``lang`` (tests may change it)."""
    return SAMPLES[kind](lang)
