"""What every document's data shares (issue 15): the seller, the client, dates and money in
words, and the one-line refusal when an identity field is missing. Pure: no I/O, no
settings (the services turn ``[seller]`` into a ``Seller``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from homeops.rules.document_words import PHRASES, WORDS, date_words
from homeops.rules.documents_records import LANGS
from homeops.rules.model import Client
from homeops.rules.money import format_amount
from homeops.rules.numbers import format_percent

_LOCALE = {"fr": "fr_FR", "en": "en"}  # the money's and numbers' locale of each language


class MissingIdentity(ValueError):
    """A document needs an identity field that is not set; ``str()`` is one line naming the
    field (``seller.siret``, ``client.billing_address``), with no personal data."""


class VatNotSupported(MissingIdentity):
    """The seller charges VAT: the vault's amounts carry no VAT split, so no invoice yet."""


@dataclass(frozen=True)
class Seller:
    """The freelancer as documents name them: ``[seller]`` of config.toml, field for field.
    Identity numbers as digits; rates in basis points, the indemnity in cents."""

    name: str = ""
    trade_name: str = ""
    legal_form: str = "EI"
    address: tuple[str, ...] = ()
    country: str = "FR"
    siren: str = ""
    siret: str = ""
    vat_number: str = ""
    email: str = ""
    phone: str = ""
    iban: str = ""
    bic: str = ""
    late_penalty_bp: int = 1215
    recovery_indemnity_cents: int = 4000

    @property
    def display_name(self) -> str:
        """``Camille Martin EI``: the name with the legal form French law wants after it."""
        return f"{self.name} {self.legal_form}".strip()


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"documents are written in {' or '.join(LANGS)}, not {lang[:10]!r}")
    return lang


def need_seller(seller: Seller, fields: tuple[str, ...]) -> None:
    """``MissingIdentity`` for the first of ``fields`` the seller leaves empty."""
    for name in fields:
        if not getattr(seller, name):
            raise MissingIdentity(f"seller.{name} is not set: add it under [seller] in config.toml")


_CLIENT_FIX = {"name": "--name", "billing_address": "--billing-address"}


#: An erased client's documents: none (its personal data is gone for good; re-entering it
#: is not the way out).
ERASED = "the client was erased: its documents can no longer be written"


def is_erased(client: Client) -> bool:
    """Whether the client's personal data was erased: no document can name them."""
    return client.status == "erased" or bool(client.erased)


def refuse_erased(client: Client) -> None:
    """``MissingIdentity`` (one line, no advice) for a client whose data was erased."""
    if is_erased(client):
        raise MissingIdentity(ERASED)


def need_client(client: Client, fields: tuple[str, ...]) -> None:
    """``MissingIdentity`` for an erased client, or the first of ``fields`` the client has
    not given; the alias is a pseudonym, so the message may name it."""
    refuse_erased(client)
    for name in fields:
        value = getattr(client, name)
        if value is None or not value.value.strip():
            said = "billing address" if name == "billing_address" else name
            raise MissingIdentity(
                f"client.{name}: the client has no {said}: homeops client edit "
                f"{client.alias} {_CLIENT_FIX[name]} ..."
            )


#: The purposes a personal field may be printed on a document for (``PURPOSES`` less
#: prospecting: a name kept to prospect is not kept to contract or bill).
DOCUMENT_PURPOSES = ("contract", "invoicing")


def fit_for_documents(client: Client, name: str) -> bool:
    """Whether the client's personal field ``name`` is kept for a purpose a document serves."""
    value = getattr(client, name)
    return value is None or value.purpose in DOCUMENT_PURPOSES


def need_purposes(client: Client, fields: tuple[str, ...]) -> None:
    """``MissingIdentity`` for the first of ``fields`` kept for no purpose a document serves
    (a name held for prospecting), naming the field and the way out."""
    for name in fields:
        if not fit_for_documents(client, name):
            flag = name.replace("_", "-")
            raise MissingIdentity(
                f"client.{name} is kept for prospecting, not for documents: homeops client "
                f"edit {client.alias} --{flag}-purpose invoicing"
            )


def is_business(client: Client) -> bool:
    """A client with a company name or a SIREN is a business; without, a private person
    (a consumer: no B2B late-payment lines, no contract yet)."""
    return bool(str(client.company or "").strip() or str(client.siren or "").strip())


#: A contract for a consumer needs mentions homeops does not write (the mediator, art.
#: L612-1 C. consom.; the withdrawal right of a distance contract).
CONSUMER_CONTRACT = (
    "a contract for a private person needs consumer mentions homeops does not write yet: "
    "give the client its company (homeops client edit {alias} --company ...) if it is a "
    "business"
)


class NotReady(MissingIdentity):
    """A document that cannot be sent as it stands (a contract without deliverables, a
    fixed price of 0): one line saying what to add, no data."""


def money(cents: int, lang: str, currency: str = "EUR") -> str:
    """``1 234,50 €`` / ``€1,234.50``: the one money format of the language's locale; a
    negative amount takes a true minus sign (−162,00 €), as a page prints it."""
    text = format_amount(cents, currency, _LOCALE[lang])
    return text.replace("-", "\u2212", 1) if cents < 0 else text


def percent(basis_points: int, lang: str) -> str:
    """``12,15 %`` / ``12.15%``, to the hundredth."""
    return format_percent(basis_points, _LOCALE[lang], exact=True)


def decimal_text(number: str, lang: str) -> str:
    """A decimal string (``2.5``) as the language writes it (``2,5``), a negative one with a
    true minus sign (``−1``)."""
    number = number.replace("-", "\u2212")
    return number.replace(".", ",") if lang == "fr" else number


def hours_decimal(minutes: int) -> str:
    """Minutes as decimal hours, no needless zeros: 150 -> ``2.5``, 60 -> ``1``."""
    hours = Decimal(minutes) / 60
    text = format(hours.quantize(Decimal("0.0001")).normalize(), "f")
    return text


def hours_words(minutes: int) -> str:
    """``12 h 30``, ``20 h`` (a no-break space: a line never breaks inside it)."""
    whole, rest = divmod(minutes, 60)
    return f"{whole}\u00a0h" + (f"\u00a0{rest:02d}" if rest else "")


def day_text(iso: str | None, lang: str) -> str | None:
    return None if not iso else date_words(dt.date.fromisoformat(iso), lang)


def seller_dict(seller: Seller) -> dict[str, Any]:
    return {
        "name": seller.name,
        "legal_form": seller.legal_form,
        "display_name": seller.display_name,
        "trade_name": seller.trade_name,
        "address": list(seller.address),
        "country": seller.country,
        "siren": seller.siren,
        "siret": seller.siret,
        "vat_number": seller.vat_number,
        "email": seller.email,
        "phone": seller.phone,
        "iban": seller.iban,
        "bic": seller.bic,
    }


def address_lines(text: str) -> list[str]:
    """A billing address kept on one line (``Acme Mag, 12 rue des Lilas, 69003 Lyon``) as
    the lines a letter prints, split at its commas."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _names(line: str, company: str) -> bool:
    """An address line that only repeats the company's name ("Café Orbite" of "Café Orbite
    SARL"), left out once the name heads the block."""
    low, name = line.casefold(), company.casefold()
    return bool(company) and (low == name or name.startswith(low + " "))


def client_dict(client: Client, *, email: bool, fit_only: bool = False) -> dict[str, Any]:
    """The client as a document names them: only the fields it needs (``email`` for the
    contract and the onboarding form, never on an invoice). A business client is billed
    under its legal name (``company``, with its ``siren`` when known), the person being the
    ``contact`` ("à l'attention de"); ``billed_name`` is the party a document names.
    ``fit_only``: leave out a field kept for prospecting (the contract and the invoice
    refuse it first, with ``need_purposes``)."""

    def kept(field: str) -> str:
        value = getattr(client, field)
        fits = not fit_only or fit_for_documents(client, field)
        return value.value if value is not None and fits else ""

    name = kept("name")
    address = address_lines(kept("billing_address"))
    company = str(getattr(client, "company", "") or "").strip()  # FC's Client.company
    return {
        "alias": client.alias,
        "name": name,
        "company": company,
        "siren": str(getattr(client, "siren", "") or "").strip(),
        "contact": name if company and not _names(name.split("(")[0].strip(), company) else "",
        "billed_name": company or name,
        "address": [line for line in address if not _names(line, company)],
        "email": kept("email") if email else "",
    }


#: Letters before which French elides "de" into "d’" (a name's h is left alone: "de Hugo").
_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüÿæœ")


def elides(name: str) -> bool:
    """Whether French writes "d’" rather than "de" before ``name``: it starts with a vowel,
    accented or not, or a "y" that no vowel follows ("d’Ingrid", "d’Yves", "de Yann")."""
    low = name.strip().casefold()
    if not low or low[0] not in _VOWELS:
        return False
    return not (low[0] == "y" and low[1:2] in _VOWELS)


def common(
    kind: str, lang: str, title: str, today: dt.date, seller: Seller, client: dict[str, Any]
) -> dict[str, Any]:
    """The keys every document's dict starts with. French elides "À l’attention de" before
    a contact whose name starts with a vowel: ``words["attention"]`` is then "À l’attention
    d’", which a template joins to the name without a space."""
    words = dict(WORDS[lang])
    if lang == "fr" and elides(str(client.get("contact") or "")):
        words["attention"] = "À l\u2019attention d\u2019"
    return {
        "kind": kind,
        "lang": lang,
        "words": words,
        "title": title,
        "date": today.isoformat(),
        "date_text": date_words(today, lang),
        "seller": seller_dict(seller),
        "client": client,
    }


def phrase(lang: str, key: str, **values: object) -> str:
    return PHRASES[lang][key].format(**values)
