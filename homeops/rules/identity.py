"""Business identity numbers checked by their key (issue 15): the SIREN of the seller
(``config/identity.py``) and of a client business (``Client.siren``) share this one check."""

from __future__ import annotations

import re

SIREN_ALLOWED = "the 9 digits of a SIREN with a valid key"


def luhn_ok(digits: str) -> bool:
    """Whether ``digits`` pass the Luhn key (every second digit from the right doubled)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char) * (2 if position % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def siren_ok(text: str) -> bool:
    """Whether ``text`` is exactly 9 ASCII digits whose Luhn key holds (no spaces), not all
    zeros (their key holds, but no business has that number: review r2a #3)."""
    return bool(re.fullmatch(r"[0-9]{9}", text)) and luhn_ok(text) and text.strip("0") != ""


def siren_typed(raw: str) -> str:
    """A SIREN as typed ("732 829 320") without its spaces; checked by ``siren_ok``."""
    return "".join(raw.split())
