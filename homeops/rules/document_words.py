"""The fixed words of the documents (issue 15), in French and English.

``WORDS[lang]`` holds every label a template prints (the keys the renderers look up);
``PHRASES[lang]`` the sentences the data builders fill in with ``str.format``. The French is
what a French freelancer sends (the legal mentions cite their articles); the English says
the same, keeping the French references the law needs. Dates in words use the months below
(no ``locale`` module: the machine's locale must not change a document). Pure.
"""

from __future__ import annotations

import datetime as dt

MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip


def date_words(day: dt.date, lang: str) -> str:
    """``6 décembre 2026`` (``1er`` on the first, as French writes it) / ``6 December 2026``."""
    first = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{first} {MONTHS[lang][day.month - 1]} {day.year}"


_FR = {
    "between": "Entre",
    "and": "Et",
    "seller": "Le prestataire",
    "client": "Le client",
    "siren": "SIREN",
    "siret": "SIRET",
    "vat_number": "N° TVA",
    "deliverables": "Livrables",
    "included": "Inclus",
    "excluded": "Exclus",
    "acceptance": "Critères d'acceptation",
    "assumptions": "Hypothèses",
    "deadline": "Date de livraison",
    "to_be_agreed": "à convenir",
    "fee": "Prix",
    "hourly": "au temps passé",
    "rate": "Taux horaire",
    "cap": "plafond",
    "revisions": "Révisions",
    "rounds": "tours de révision inclus",
    "further_round": "Tour supplémentaire",
    "payment": "Paiement",
    "deposit": "Acompte à la commande",
    "changes": "Changements acceptés",
    "rights": "Droits d'auteur",
    "cancellation": "Annulation",
    "represented_by": "représentée par",
    "attention": "À l'attention de",
    "credited_to": "Client",
    "client_window": "Disponibilités du client",
    "scope_change": "Changement de périmètre",
    "feedback": "Retours",
    "channel": "Canal",
    "response_window": "Réponses du prestataire",
    "ai": "Usage de l'IA",
    "signatures": "Signatures",
    "signature_note": "Date, nom et signature, précédés de « Bon pour accord »",
    "terms": "Conditions",
    "number": "Numéro",
    "issue_date": "Date d'émission",
    "service_date": "Date de la prestation",
    "due_date": "Échéance",
    "line_text": "Désignation",
    "quantity": "Qté",
    "unit": "Unité",
    "unit_price": "Prix unitaire",
    "line_total": "Total",
    "total": "Total à payer",
    "credit_total": "Total crédité",
    "bill_to": "Facturé à",
    "bank": "Règlement par virement",
    "iban": "IBAN",
    "bic": "BIC",
    "reference": "Référence à indiquer",
    "cancels": "Annule la facture",
    "draft": "BROUILLON",
    "draft_note": "Brouillon — ce document n'est pas une facture",
    "mission": "Mission",
    "onboarding_intro": "Merci de compléter ce formulaire et de me le renvoyer avant le "
    "début de la mission.",
    "confirm": "Confirmé",
    "notes": "Remarques",
    "page": "Page",
    "invoice": "Facture",
    "credit_note": "Avoir",
    "email": "E-mail",
    "phone": "Téléphone",
    "date": "Date",
    "unit_hour": "h",
    "unit_one": "forfait",
    "unit_service": "prestation",
    "deposit_invoice": "Facture d'acompte",
    "service_period": "Période de la prestation",
}

_EN = {
    "between": "Between",
    "and": "And",
    "seller": "The contractor",
    "client": "The client",
    "siren": "SIREN",
    "siret": "SIRET",
    "vat_number": "VAT no.",
    "deliverables": "Deliverables",
    "included": "Included",
    "excluded": "Excluded",
    "acceptance": "Acceptance criteria",
    "assumptions": "Assumptions",
    "deadline": "Delivery date",
    "to_be_agreed": "to be agreed",
    "fee": "Fee",
    "hourly": "time spent",
    "rate": "Hourly rate",
    "cap": "cap",
    "revisions": "Revisions",
    "rounds": "revision rounds included",
    "further_round": "Further round",
    "payment": "Payment",
    "deposit": "Deposit on signature",
    "changes": "Accepted changes",
    "rights": "Copyright",
    "cancellation": "Cancellation",
    "represented_by": "represented by",
    "attention": "Attention",
    "credited_to": "Credited to",
    "client_window": "Client's availability",
    "scope_change": "Change of scope",
    "feedback": "Feedback",
    "channel": "Channel",
    "response_window": "The contractor answers",
    "ai": "Use of AI",
    "signatures": "Signatures",
    "signature_note": "Date, name and signature, preceded by “Agreed”",
    "terms": "Terms",
    "number": "Number",
    "issue_date": "Issue date",
    "service_date": "Service date",
    "due_date": "Due date",
    "line_text": "Description",
    "quantity": "Qty",
    "unit": "Unit",
    "unit_price": "Unit price",
    "line_total": "Total",
    "total": "Total due",
    "credit_total": "Total credited",
    "bill_to": "Bill to",
    "bank": "Payment by bank transfer",
    "iban": "IBAN",
    "bic": "BIC",
    "reference": "Payment reference",
    "cancels": "Cancels invoice",
    "draft": "DRAFT",
    "draft_note": "Draft — this document is not an invoice",
    "mission": "Mission",
    "onboarding_intro": "Please fill in this form and send it back before the mission starts.",
    "confirm": "Confirmed",
    "notes": "Notes",
    "page": "Page",
    "invoice": "Invoice",
    "credit_note": "Credit note",
    "email": "E-mail",
    "phone": "Phone",
    "date": "Date",
    "unit_hour": "h",
    "unit_one": "flat fee",
    "unit_service": "service",
    "deposit_invoice": "Deposit invoice",
    "service_period": "Service period",
}

WORDS: dict[str, dict[str, str]] = {"fr": _FR, "en": _EN}

PHRASES: dict[str, dict[str, str]] = {
    "fr": {
        "contract_title": "Contrat de prestation — {title}",
        "onboarding_title": "Formulaire de démarrage — {title}",
        "invoice_title": "Facture {number}",
        "deposit_title": "Facture d'acompte {number}",
        "credit_title": "Avoir {number}",
        "rounds_included": "{rounds} tour{s} de révision",
        "quality": "Contrôle qualité de chaque livrable avant envoi",
        "hours_cap": "Jusqu'à {cap} de travail (plafond de {money})",
        "scope_accepted": "Changement accepté : {what}",
        "change_line": "{what} : {money}",
        "change_line_free": "{what}",
        "not_listed": "Tout livrable ou travail non listé ci-dessus",
        "more_rounds": "Les tours de révision au-delà de {rounds}",
        "expenses": "Les frais (déplacements, sources payantes, droits d'image), sauf accord écrit",
        "further_fixed": "{money} le tour ({share} du prix, le temps d'un tour), chiffré et "
        "accepté par écrit avant tout travail",
        "further_hourly": "au temps passé, à {rate} de l'heure, le plafond relevé par écrit "
        "avant tout travail",
        "scope_fixed": "Un nouveau livrable, un volume, un délai ou un critère changé, un tour "
        "de révision au-delà de {rounds} : c'est un changement de périmètre. Il est décrit, "
        "chiffré et accepté par écrit avant tout travail ; le prix et la date de livraison "
        "sont ajustés d'autant.",
        "scope_hourly": "Un nouveau livrable, un volume, un délai ou un critère changé, un tour "
        "de révision au-delà de {rounds} : c'est un changement de périmètre. Il est décrit, "
        "chiffré au taux de {rate} de l'heure et accepté par écrit avant tout travail ; le "
        "plafond et la date de livraison sont relevés d'autant.",
        "terms": "À {days} jours à compter de la date de facture, par virement",
        "terms_now": "À réception de la facture, par virement",
        "late": "En cas de retard, pénalités au taux de {rate} par an et indemnité forfaitaire "
        "pour frais de recouvrement de {money} (art. L441-10 et D441-5 du Code de commerce)",
        "deposit": "Acompte de {share} ({money}) facturé à la signature, payable à réception ; "
        "le travail commence à son paiement",
        "deposit_invoiced": "Acompte de {money} facturé ({number}), payable à réception ; le "
        "travail commence à son paiement",
        "no_vat": "TVA non applicable, art. 293 B du CGI",
        "vat_extra": "Prix hors taxes ; TVA en sus au taux en vigueur",
        "channel_default": "un seul e-mail regroupant les retours de chaque tour",
        "window_default": "les jours ouvrés, à ses créneaux de réponse",
        "windows": "les jours ouvrés, {windows}",
        "window": "de {start} à {end}",
        "return": "Le client renvoie ses retours dans les {days} jours ouvrés qui suivent "
        "chaque livraison, regroupés en un seul envoi ; sans retour dans ce délai, la "
        "livraison est réputée acceptée.",
        "rights": "À complet paiement du prix, le prestataire cède au client les droits "
        "patrimoniaux d'auteur sur les livrables (reproduction, représentation, adaptation) "
        "pour les usages prévus par la mission, pour le monde entier et pour la durée légale "
        "des droits (art. L131-3 du CPI).",
        "cancellation": "Si le client annule la mission, l'acompte reste acquis au prestataire "
        "et le travail déjà fait est facturé au prorata.",
        "cancellation_no_deposit": "Si le client annule la mission, le travail déjà fait est "
        "facturé au prorata.",
        "ai_default": "Le prestataire peut utiliser des outils d'IA pour la recherche et la "
        "relecture ; tout livrable est écrit et vérifié par lui. Aucune donnée personnelle ni "
        "contenu confidentiel du client n'est confié à un outil d'IA sans l'accord écrit du "
        "client.",
        "ai_used": "Outils d'IA utilisés sur cette mission : {tools}.",
        "ai_reviewed": "Chaque résultat est relu et validé par le prestataire.",
        "ai_unreviewed": "Sans relecture humaine de chaque résultat : {tools} ; tout livrable "
        "est relu avant envoi.",
        "ai_shared": "Ce qui leur est confié : {shared}.",
        "contacts": "Contacts",
        "contact_decides": "La personne qui valide les livrables (nom, e-mail)",
        "contact_billing": "La personne qui reçoit les factures (nom, e-mail), et l'adresse de "
        "facturation",
        "contact_portal": "Un portail ou un bon de commande à citer sur la facture, s'il y en a",
        "identity": "Identité de l'entité facturée",
        "legal_name": "Raison sociale et forme juridique (ou nom, pour une personne)",
        "legal_siren": "Numéro SIREN",
        "legal_vat": "Numéro de TVA intracommunautaire, s'il y en a un",
        "legal_einvoice": "Adresse de facturation électronique (plateforme de réception des "
        "factures)",
        "inputs": "Éléments et accès",
        "inputs_brief": "Le brief, les documents sources et la charte ou le guide de style",
        "inputs_access": "Les accès nécessaires (dossier partagé, outil, site), en lecture "
        "seule si possible",
        "needs_feedback": "Canal de retours",
        "feedback_channel": "Canal proposé : {channel}",
        "feedback_rounds": "{rounds} tour{s} de retours par relecture, regroupés",
        "feedback_window": "Réponses du prestataire : {window}",
        "feedback_return": "Vos retours dans les {days} jours ouvrés qui suivent chaque livraison",
        "to_confirm": "Hypothèses à confirmer",
        "penalty": "Pénalités de retard : {rate} par an, exigibles dès le lendemain de "
        "l'échéance (art. L441-10 du Code de commerce).",
        "indemnity": "Indemnité forfaitaire pour frais de recouvrement en cas de retard de "
        "paiement : {money} (art. D441-5 du Code de commerce).",
        "no_discount": "Pas d'escompte pour paiement anticipé.",
        "due_on_receipt": "à réception ({date})",
        "penalty_consumer": "En cas de retard de paiement, intérêts au taux légal après mise "
        "en demeure (art. 1231-6 du Code civil).",
        "ei": "{name}, entrepreneur individuel (EI).",
        "legal_form": "{name}, {form}.",
        "category": "Catégorie de l'opération : prestation de services.",
        "credits": "Avoir annulant la facture {number} du {date}.",
        "line_time": "{title} — {hours} à {rate}/h",
        "line_time_capped": "{title} — {hours} à {rate}/h (plafond {cap})",
        "line_deposit": "Acompte de {share} sur {money} — {title}",
        "line_deducted": "Acompte déjà facturé ({number})",
        "line_retainer": "{title}, {period}",
    },
    "en": {
        "contract_title": "Service agreement — {title}",
        "onboarding_title": "Onboarding form — {title}",
        "invoice_title": "Invoice {number}",
        "deposit_title": "Deposit invoice {number}",
        "credit_title": "Credit note {number}",
        "rounds_included": "{rounds} revision round{s}",
        "quality": "A quality check of every deliverable before it is sent",
        "hours_cap": "Up to {cap} of work (capped at {money})",
        "scope_accepted": "Accepted change: {what}",
        "change_line": "{what}: {money}",
        "change_line_free": "{what}",
        "not_listed": "Any deliverable or work not listed above",
        "more_rounds": "Revision rounds beyond {rounds}",
        "expenses": "Expenses (travel, paid sources, image rights), unless agreed in writing",
        "further_fixed": "{money} a round ({share} of the fee, the time one round takes), "
        "quoted and agreed in writing before any work",
        "further_hourly": "billed by the hour at {rate}, the cap raised in writing before any work",
        "scope_fixed": "A new deliverable, a changed volume, deadline or criterion, a revision "
        "round beyond {rounds}: that is a change of scope. It is described, priced and agreed "
        "in writing before any work; the fee and the delivery date move with it.",
        "scope_hourly": "A new deliverable, a changed volume, deadline or criterion, a revision "
        "round beyond {rounds}: that is a change of scope. It is described, priced at {rate} "
        "an hour and agreed in writing before any work; the cap and the delivery date move "
        "with it.",
        "terms": "Within {days} days of the invoice date, by bank transfer",
        "terms_now": "On receipt of the invoice, by bank transfer",
        "late": "Late payment: penalties at {rate} a year and a fixed indemnity for recovery "
        "costs of {money} (art. L441-10 and D441-5, French Commercial Code)",
        "deposit": "A {share} deposit ({money}) invoiced on signature, due on receipt; work "
        "starts once it is paid",
        "deposit_invoiced": "A deposit of {money} invoiced ({number}), due on receipt; work "
        "starts once it is paid",
        "no_vat": "TVA non applicable, art. 293 B du CGI (VAT not applicable)",
        "vat_extra": "Prices exclude VAT, charged on top at the current rate",
        "channel_default": "one email gathering all the feedback of each round",
        "window_default": "on working days, in their response windows",
        "windows": "on working days, {windows}",
        "window": "{start}–{end}",
        "return": "The client sends their feedback, gathered in one message, within {days} "
        "working days of each delivery; a delivery with no feedback in that time counts as "
        "accepted.",
        "rights": "On full payment of the fee, the contractor assigns to the client the "
        "economic rights in the deliverables (reproduction, public performance, adaptation) "
        "for the uses of the mission, worldwide, for the legal duration of the rights "
        "(French IP Code, art. L131-3).",
        "cancellation": "If the client cancels the mission, the deposit is kept and the work "
        "already done is billed pro rata.",
        "cancellation_no_deposit": "If the client cancels the mission, the work already done "
        "is billed pro rata.",
        "ai_default": "The contractor may use AI tools for research and proofreading; every "
        "deliverable is written and checked by the contractor. No personal data or "
        "confidential client material is given to an AI tool without the client's written "
        "consent.",
        "ai_used": "AI tools used on this mission: {tools}.",
        "ai_reviewed": "Every output is reviewed and approved by the contractor.",
        "ai_unreviewed": "Not every output reviewed by a person: {tools}; every deliverable is "
        "reviewed before it is sent.",
        "ai_shared": "What they were given: {shared}.",
        "contacts": "Contacts",
        "contact_decides": "Who approves the deliverables (name, email)",
        "contact_billing": "Who receives the invoices (name, email), and the billing address",
        "contact_portal": "A portal or purchase order to quote on the invoice, if any",
        "identity": "Who is billed",
        "legal_name": "Legal name and legal form (or name, for a person)",
        "legal_siren": "SIREN number (French companies)",
        "legal_vat": "VAT number, if any",
        "legal_einvoice": "E-invoicing address (the platform that receives your invoices)",
        "inputs": "Inputs and access",
        "inputs_brief": "The brief, the source documents and the style guide or brand book",
        "inputs_access": "The access needed (shared folder, tool, website), read-only where "
        "possible",
        "needs_feedback": "Feedback channel",
        "feedback_channel": "Proposed channel: {channel}",
        "feedback_rounds": "{rounds} round{s} of feedback per review, each gathered in one message",
        "feedback_window": "The contractor answers: {window}",
        "feedback_return": "Your feedback within {days} working days of each delivery",
        "to_confirm": "Assumptions to confirm",
        "penalty": "Late payment penalties: {rate} a year, due from the day after the due "
        "date (art. L441-10, French Commercial Code).",
        "indemnity": "Fixed indemnity for recovery costs in case of late payment: {money} "
        "(art. D441-5, French Commercial Code).",
        "no_discount": "No discount for early payment.",
        "due_on_receipt": "on receipt ({date})",
        "penalty_consumer": "Late payment: interest at the French legal rate after formal "
        "notice (art. 1231-6, French Civil Code).",
        "ei": "{name}, sole trader (EI, entrepreneur individuel).",
        "legal_form": "{name}, {form}.",
        "category": "Type of operation: provision of services.",
        "credits": "Credit note cancelling invoice {number} of {date}.",
        "line_time": "{title} — {hours} at {rate}/h",
        "line_time_capped": "{title} — {hours} at {rate}/h (cap {cap})",
        "line_deposit": "{share} deposit on {money} — {title}",
        "line_deducted": "Deposit already invoiced ({number})",
        "line_retainer": "{title}, {period}",
    },
}

#: The last "and" of a list in words.
AND = {"fr": " et ", "en": " and "}

_NNBSP = "\u202f"


def french(text: str) -> str:
    """French typography for the fixed words: a narrow no-break space before ``: ; ? !``
    and inside « », a typographic apostrophe. Applied to the wording only, never to the
    freelancer's or the client's text (filled in afterwards)."""
    text = text.replace("'", "\u2019")
    for mark in ":;?!":
        text = text.replace(f" {mark}", f"{_NNBSP}{mark}")
    return text.replace("« ", f"«{_NNBSP}").replace(" »", f"{_NNBSP}»")


for _table in (PHRASES["fr"], WORDS["fr"]):
    for _key, _text in _table.items():
        _table[_key] = french(_text)


def period_words(start: dt.date, end: dt.date, lang: str) -> str:
    """A service period in words: ``du 1er au 31 décembre 2026`` / ``1–31 December 2026``
    (the month or year said once when shared)."""
    if lang == "fr":
        first = "1er" if start.day == 1 else str(start.day)
        if (start.year, start.month) == (end.year, end.month):
            return f"du {first} au {date_words(end, lang)}"
        if start.year == end.year:
            return f"du {first} {MONTHS[lang][start.month - 1]} au {date_words(end, lang)}"
        return f"du {date_words(start, lang)} au {date_words(end, lang)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_words(end, lang)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[lang][start.month - 1]} – {date_words(end, lang)}"
    return f"{date_words(start, lang)} – {date_words(end, lang)}"


#: What an AI tool was used for (``rules.model.AI_TASKS``) and what it was given (AI_SHARED).
AI_TASK_WORDS = {
    "fr": {"research": "recherche", "draft": "premiers jets", "edit": "relecture",
           "translation": "traduction", "code": "code", "other": "autres tâches"},
    "en": {"research": "research", "draft": "first drafts", "edit": "editing",
           "translation": "translation", "code": "code", "other": "other tasks"},
}  # fmt: skip
AI_SHARED_WORDS = {
    "fr": {"nothing personal": "aucune donnée personnelle",
           "anonymised": "des contenus anonymisés",
           "personal data": "des données personnelles",
           "client-confidential": "des contenus confidentiels du client"},
    "en": {"nothing personal": "nothing personal", "anonymised": "anonymised material",
           "personal data": "personal data",
           "client-confidential": "confidential client material"},
}  # fmt: skip

#: Words in an assumption that make it an exclusion ("Site visit not included").
EXCLUSION_MARKS = ("not included", "excluded", "separate offer", "non inclus", "exclu",
                   "hors forfait", "à part")  # fmt: skip
