"""Amounts as people type them, and as they read them. Integer cents only, never float.

``parse_amount`` accepts the usual French and English ways of writing an amount and refuses what
could mean two things (``1,200``: one thousand two hundred, or one point two?).

``format_amount`` writes French amounts with U+202F NARROW NO-BREAK SPACE between thousands and
U+00A0 NO-BREAK SPACE before the currency symbol (``1 200,50 €``), as French typography does; both
are no-break so a table never wraps an amount across two lines. English amounts are ``€1,200.50``.
"""

from __future__ import annotations

import re

from homeops.rules.bounds import AMOUNT_MAX_CENTS
from homeops.rules.numbers import NARROW_NBSP, NBSP, format_decimal
from homeops.rules.text import shown as visible

__all__ = ["NARROW_NBSP", "NBSP", "format_amount", "parse_amount", "split_cents"]

LOCALES = ("fr_FR", "en")


_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
# Any of these between digits is a space; users paste them from banks and invoices.
_SPACES = " \u00a0\u202f\u2009\u2007"

_AMOUNT = re.compile(
    r"""
    ^(?P<sign1>[-\u2212])?\s*
    (?:(?P<cur1>[€$£]|[A-Z]{3})\s*)?
    (?P<sign2>[-\u2212])?\s*
    (?P<number>\d[\d .,]*?)\s*
    (?P<cur2>[€$£]|[A-Z]{3})?$
    """,
    re.VERBOSE | re.ASCII,  # \d is 0-9 only: full-width "１２" is refused, not read as 12
)


def _check_locale(locale: str) -> None:
    if locale not in LOCALES:
        raise ValueError(f'locale "{locale}" is not supported; use one of: {", ".join(LOCALES)}')


def parse_amount(text: str, locale: str = "fr_FR") -> int:
    """Return the amount written in ``text`` in integer cents.

    Accepts ``1200``, ``1200.50``, ``1 200,50``, ``1.200,50 €``, ``€1,200.50``, ``-600.00``, any
    kind of space between thousands, and a currency symbol (``€ $ £``) or ISO code (``EUR``)
    before or after. A lone ``,`` or ``.`` followed by exactly three digits (``1,200``) is refused
    as ambiguous whatever the locale, because people paste amounts written in both conventions.
    ``locale`` ("fr_FR" or "en") is checked for symmetry with ``format_amount``.

    Digits are ASCII ``0-9`` only (full-width ``１２`` is refused), and the amount is at most
    ``homeops.rules.bounds.AMOUNT_MAX_CENTS`` either way. Raises ``ValueError`` with a one-line
    message for anything else; the message quotes what was typed, made safe to show.
    """
    _check_locale(locale)
    if len(text) > 64:
        raise ValueError("not an amount: too long (write digits such as 1200 or 1 200,50)")
    shown = visible(text.strip())
    normal = "".join(" " if ch in _SPACES else ch for ch in shown)
    if not normal:
        raise ValueError("empty amount: write a number such as 1200 or 1 200,50")
    match = _AMOUNT.match(normal)
    if match is None:
        raise ValueError(f'"{shown}" is not an amount: write digits such as 1200 or 1 200,50')
    if match["sign1"] and match["sign2"]:
        raise ValueError(f'"{shown}" has two minus signs')
    if match["cur1"] and match["cur2"]:
        raise ValueError(f'"{shown}" has two currency marks')
    negative = bool(match["sign1"] or match["sign2"])
    cents = _parse_number(match["number"], shown)
    if cents > AMOUNT_MAX_CENTS:
        raise ValueError(f'"{shown}" is too large: at most 999 999 999,99')
    return -cents if negative else cents


def _parse_number(number: str, shown: str) -> int:
    """Cents of an unsigned number made of digits, spaces, ``.`` and ``,``."""
    seps = [ch for ch in number if ch in ".,"]
    decimal_sep: str | None = None
    group_sep: str | None = " " if " " in number else None
    kinds = set(seps)
    if len(kinds) == 2:
        decimal_sep = seps[-1]
        if seps.count(decimal_sep) != 1:
            raise ValueError(f'"{shown}" mixes "." and "," in a way that is not an amount')
        other = "," if decimal_sep == "." else "."
        if group_sep is not None:
            raise ValueError(f'"{shown}" uses both spaces and "{other}" between thousands')
        group_sep = other
    elif len(kinds) == 1:
        sep = seps[0]
        if len(seps) > 1:
            if group_sep is not None:
                raise ValueError(f'"{shown}" uses both spaces and "{sep}" between thousands')
            group_sep = sep
        else:
            head, tail = number.split(sep)
            if (
                group_sep is None
                and len(tail) == 3
                and tail.isdigit()
                and head.isdigit()
                and len(head) <= 3
                and not head.startswith("0")
            ):
                raise ValueError(
                    f'"{shown}" is ambiguous: write {head}{tail} or {head}{sep}{tail[:2]}'
                )
            decimal_sep = sep

    if decimal_sep is not None:
        whole, fraction = number.split(decimal_sep)
    else:
        whole, fraction = number, ""
    if decimal_sep is not None and not fraction:
        raise ValueError(f'"{shown}" ends with "{decimal_sep}": write the cents or drop it')
    if not fraction.isdigit() and fraction:
        raise ValueError(f'"{shown}" is not an amount: write digits such as 1200 or 1 200,50')
    if len(fraction) > 2:
        raise ValueError(f'"{shown}" has more than 2 decimals; amounts are in cents')
    digits = _join_groups(whole, group_sep, shown)
    return int(digits) * 100 + int(fraction.ljust(2, "0"))


def _join_groups(whole: str, group_sep: str | None, shown: str) -> str:
    """The digits of the whole part, checking thousands groups are 1-3 digits then 3 each."""
    if group_sep is None:
        if not whole.isdigit():
            raise ValueError(f'"{shown}" is not an amount: write digits such as 1200 or 1 200,50')
        return whole
    groups = whole.split(group_sep)
    well_grouped = (
        all(g.isdigit() for g in groups)
        and 1 <= len(groups[0]) <= 3
        and all(len(g) == 3 for g in groups[1:])
    )
    if not well_grouped:
        raise ValueError(f'"{shown}" has misplaced thousands separators: write 1 200,50 or 1200')
    return "".join(groups)


def format_amount(cents: int, currency: str = "EUR", locale: str = "fr_FR") -> str:
    """Write ``cents`` for people to read: fr_FR ``1 200,50 €``, en ``€1,200.50``.

    Negative amounts get a leading ``-`` (``-1 200,50 €``, ``-€1,200.50``). EUR, USD and GBP use
    their symbols; other currencies their ISO code (``1 200,50 CHF``, ``CHF 1,200.50``).
    """
    _check_locale(locale)
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError(f"amounts are integer cents, not {type(cents).__name__}")
    number = format_decimal(cents, 2, locale)  # the one number format (rules.numbers)
    symbol = _SYMBOLS.get(currency, currency)
    if locale == "fr_FR":
        return f"{number}{NBSP}{symbol}"
    sign, number = ("-", number[1:]) if cents < 0 else ("", number)
    gap = "" if currency in _SYMBOLS else NBSP
    return f"{sign}{symbol}{gap}{number}"


def split_cents(total: int, shares_bp: dict[str, int]) -> dict[str, int]:
    """Split ``total`` cents by basis-point shares; the parts add up to ``total`` exactly.

    Largest-remainder rounding: every part gets the floor of its exact share, then the cents left
    over go one each to the parts with the largest remainders (ties: the earlier share first). A
    negative total is split like its absolute value, then negated.
    """
    if sum(shares_bp.values()) != 10000:
        raise ValueError("shares must add up to 10000 basis points")
    if total < 0:
        return {name: -part for name, part in split_cents(-total, shares_bp).items()}
    floors: dict[str, int] = {}
    remainders: list[tuple[int, int, str]] = []
    for order, (name, bp) in enumerate(shares_bp.items()):
        part, rest = divmod(total * bp, 10000)
        floors[name] = part
        remainders.append((-rest, order, name))
    left = total - sum(floors.values())
    for _rest, _order, name in sorted(remainders)[:left]:
        floors[name] += 1
    return floors
