"""Numbers as people type them (record numbers), and as they read them: one locale for every
number the two faces show, the money's (``1 200,50 €`` beside ``27,7 %`` and ``4,5 months``;
``€1,200.50`` beside ``27.7%``)."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"#?([0-9]{1,12})")  # ASCII digits only: str.isdigit() also takes "²"

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

#: locale -> (decimal separator, thousands separator). French groups thousands with a narrow
#: no-break space and English with a comma: a line never breaks inside a number.
SEPARATORS = {"fr_FR": (",", NARROW_NBSP), "en": (".", ",")}


def record_number(text: str) -> int | None:
    """``12`` or ``#12`` -> 12; None for anything else (other digits, signs, huge numbers)."""
    found = _NUMBER.fullmatch(text.strip())
    return int(found[1]) if found else None


def _separators(locale: str) -> tuple[str, str]:
    try:
        return SEPARATORS[locale]
    except KeyError:
        raise ValueError(f"unknown locale {locale!r}; known: {', '.join(SEPARATORS)}") from None


def group_digits(digits: str, separator: str) -> str:
    """``1234567`` -> ``1 234 567`` with ``separator`` between groups of three."""
    head = len(digits) % 3 or 3
    return separator.join(
        [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    )


def format_decimal(
    scaled: int, places: int = 0, locale: str = "fr_FR", *, trim: bool = False
) -> str:
    """``scaled`` hundredths (``places=2``), tenths (1) or units (0), written in ``locale``:
    ``format_decimal(123450, 2)`` -> ``1 234,50``; ``trim`` drops zeros at the end of the
    decimals (``12,50`` -> ``12,5``, ``12,00`` -> ``12``). Integers in, never a float."""
    if isinstance(scaled, bool) or not isinstance(scaled, int):
        raise TypeError(f"numbers are scaled integers, not {type(scaled).__name__}")
    decimal, thousands = _separators(locale)
    sign = "-" if scaled < 0 else ""
    whole, fraction = divmod(abs(scaled), 10**places)
    text = f"{sign}{group_digits(str(whole), thousands)}"
    decimals = f"{fraction:0{places}d}" if places else ""
    if trim:
        decimals = decimals.rstrip("0")
    return f"{text}{decimal}{decimals}" if decimals else text


def format_count(count: int, locale: str = "fr_FR") -> str:
    """A whole number with the locale's thousands: ``12 000`` / ``12,000``."""
    return format_decimal(count, 0, locale)


def format_percent(basis_points: int, locale: str = "fr_FR", *, exact: bool = False) -> str:
    """Basis points as a percentage, to a tenth at most: ``2500`` -> ``25 %`` (fr_FR, a
    no-break space before ``%``) or ``25%`` (en); ``2773`` -> ``27,7 %``. ``exact``: to the
    hundredth, for a share that bills money (``3333`` -> ``33,33 %``)."""
    sign = NBSP + "%" if locale == "fr_FR" else "%"
    if exact:
        return format_decimal(basis_points, 2, locale, trim=True) + sign
    tenths = round(basis_points / 10)
    return format_decimal(tenths, 1, locale, trim=True) + sign
