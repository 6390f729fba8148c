"""The checkers of ``[seller]`` and ``[documents]`` (issue 15), and their commented block in a
first-run ``config.toml``.

An identity number is checked the way its issuer builds it: SIREN and SIRET by the Luhn
key (La Poste's SIRETs, SIREN 356000000, by the sum of their digits, as INSEE does), the
IBAN by ISO 13616's mod 97, a French VAT number by its key on the SIREN. Every field may be
empty (a first run must start); the documents name a missing one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from homeops.config import values as v
from homeops.config.settings import DOCUMENT_LANGS, DocumentSettings, SellerSettings
from homeops.config.toml_text import toml_value
from homeops.rules.identity import SIREN_ALLOWED, luhn_ok, siren_ok
from homeops.rules.text import LINE_MAX, NAME_MAX, line_problem

ADDRESS_LINES_MAX = 4
STATEMENT_MAX = 2_000  # the AI-use paragraph: a few sentences
PATH_MAX = 1_000
_LA_POSTE = "356000000"


def _spaced(raw: object, allowed: str) -> str:
    """A number typed with spaces ("732 829 320") as its characters, upper case."""
    if not isinstance(raw, str) or len(raw) > 60:
        raise v.Bad(allowed)
    return "".join(raw.split()).upper()


def siren(raw: object) -> str:
    allowed = f"must be {SIREN_ALLOWED}, or empty"
    text = _spaced(raw, allowed)
    if text and not siren_ok(text):
        raise v.Bad(allowed)
    return text


def siret(raw: object) -> str:
    allowed = "must be the 14 digits of a SIRET with a valid key, or empty"
    text = _spaced(raw, allowed)
    if not text:
        return text
    if not re.fullmatch(r"[0-9]{14}", text):
        raise v.Bad(allowed)
    la_poste = text.startswith(_LA_POSTE) and sum(map(int, text)) % 5 == 0
    if not (luhn_ok(text) or la_poste):
        raise v.Bad(allowed)
    return text


def iban_ok(iban: str) -> bool:
    """ISO 13616: the four first characters moved to the end, letters as 10..35, mod 97 = 1."""
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", iban):
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in moved)) % 97 == 1


def iban(raw: object) -> str:
    allowed = (
        'must be an IBAN with a valid key (e.g. "FR76 3000 6000 0112 3456 7890 189"), or empty'
    )
    text = _spaced(raw, allowed)
    if text and not iban_ok(text):
        raise v.Bad(allowed)
    return text


def bic(raw: object) -> str:
    allowed = 'must be a BIC of 8 or 11 letters and digits (e.g. "AGRIFRPP"), or empty'
    text = _spaced(raw, allowed)
    if text and not re.fullmatch(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?", text):
        raise v.Bad(allowed)
    return text


def vat_number(raw: object) -> str:
    allowed = 'must be a VAT number such as "FR44732829320", or empty (franchise en base)'
    text = _spaced(raw, allowed)
    if not text:
        return text
    if not re.fullmatch(r"[A-Z]{2}[A-Z0-9]{2,13}", text):
        raise v.Bad(allowed)
    french = re.fullmatch(r"FR([0-9]{2})([0-9]{9})", text)
    if text.startswith("FR") and (
        not french or int(french[1]) != (12 + 3 * (int(french[2]) % 97)) % 97
    ):
        raise v.Bad(allowed + "; a French one is FR, its 2-digit key, then the SIREN")
    return text


def country(raw: object) -> str:
    allowed = 'must be a 2-letter ISO 3166 country code such as "FR"'
    if not (isinstance(raw, str) and re.fullmatch(r"[A-Za-z]{2}", raw)):
        raise v.Bad(allowed)
    return raw.upper()


def text(most: int = NAME_MAX) -> Callable[[object], str]:
    """Plain text on one line, at most ``most`` characters; empty is allowed."""

    def check(raw: object) -> str:
        if not isinstance(raw, str) or line_problem(raw, "the text", most):
            raise v.Bad(f"must be one line of plain text of at most {most:,} characters")
        return raw.strip()

    return check


def email(raw: object) -> str:
    found = text()(raw)
    if found and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", found):
        raise v.Bad('must be an e-mail address such as "camille@example.org", or empty')
    return found


def address(raw: object) -> tuple[str, ...]:
    what = (
        f'must be a list of 1 to {ADDRESS_LINES_MAX} lines, e.g. ["12 rue des Lilas", "69003 Lyon"]'
    )
    if not isinstance(raw, list) or len(raw) > ADDRESS_LINES_MAX:
        raise v.Bad(what)
    if not all(isinstance(line, str) and line.strip() for line in raw):
        raise v.Bad(what)
    for line in raw:
        v.plain(line, LINE_MAX, item=line)
    return tuple(line.strip() for line in raw)


_PENALTY_ALLOWED = (
    "must be a yearly percent above 0 and at most 100, at most 2 decimals (the floor is 3 × "
    "the legal interest rate)"
)
#: Art. D441-5 C. com. fixes the recovery indemnity at 40 €: a contract may ask more, not less.
INDEMNITY_MIN_CENTS = 4000


def penalty(raw: object) -> int:
    try:
        bp = v.percent_bp(raw)
    except (TypeError, ValueError):
        raise v.Bad(_PENALTY_ALLOWED) from None
    if bp <= 0:  # L441-10: a rate must be stated, and it cannot be nothing
        raise v.Bad(_PENALTY_ALLOWED)
    return bp


def indemnity(raw: object) -> int:
    cents = v.amount(raw)
    if cents < INDEMNITY_MIN_CENTS:
        raise v.Bad('must be at least "40.00": art. D441-5 fixes the indemnity at 40 EUR')
    return cents


lang = v.choice(DOCUMENT_LANGS)


def lang_of(locale: str) -> str:
    """The documents' language for a money locale: French for fr_FR, else English."""
    return "fr" if locale == "fr_FR" else "en"


# -- the first-run block: every key, commented, so the user sees what to fill -----------------

_SELLER_NOTES = {
    "name": 'your name as on the SIRENE register, e.g. "Camille Martin"',
    "trade_name": "optional: a trade name shown beside it",
    "legal_form": 'printed after the name: "EI" (entrepreneur individuel)',
    "address": 'one line per item, 1 to 4, e.g. ["12 rue des Lilas", "69003 Lyon"]',
    "country": "ISO 3166 code",
    "siren": "9 digits (the key is checked)",
    "siret": "14 digits: the SIREN then the establishment",
    "vat_number": "empty: franchise en base, invoices say art. 293 B du CGI",
    "email": "",
    "phone": "optional",
    "iban": "the account invoices are paid to (the key is checked)",
    "bic": "optional",
    "late_penalty": "percent a year: ECB rate (2.15 %) + 10 points, the legal default; never "
    "below 3 x the legal interest rate, which changes twice a year (homeops cannot check it)",
    "recovery_indemnity": "the fixed 40 EUR indemnity owed by a late professional client",
}
_DOCUMENT_NOTES = {
    "lang": '"fr" or "en" (a file without it: from money.locale)',
    "out_dir": 'empty: "documents" beside the vault',
    "ai_statement": "optional: the contract's AI-use paragraph when no use is recorded",
}


def commented_block(name: str, section: dict[str, object]) -> str:
    """``[name]`` with each key on its line and a comment saying what it takes."""
    notes = _SELLER_NOTES if name == "seller" else _DOCUMENT_NOTES
    head = (
        "# Your identity on contracts and invoices; a document that needs a missing one says so.\n"
        if name == "seller"
        else "# Contracts, onboarding forms and invoices.\n"
    )
    lines = [f"[{name}]", head.rstrip("\n")]
    for key, value in section.items():
        line = f"{key} = {toml_value(value)}"
        note = notes.get(key, "")
        lines.append(f"{line.ljust(28)}  # {note}" if note else line)
    return "\n".join(lines) + "\n"


__all__ = [
    "DocumentSettings",
    "SellerSettings",
    "address",
    "bic",
    "commented_block",
    "country",
    "email",
    "iban",
    "indemnity",
    "lang",
    "lang_of",
    "luhn_ok",  # the rules' one check (homeops.rules.identity), for the tests
    "penalty",
    "siren",
    "siret",
    "text",
    "vat_number",
]
