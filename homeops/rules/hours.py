"""Durations as people type them: ``2.5``, ``2.5h``, ``2h30``, ``90m``; kept as whole minutes.

A bare number is hours (``parse_minutes``), except where the length is named in minutes
(``parse_length``: ``--minutes 90``)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from homeops.rules.bounds import check_minutes
from homeops.rules.text import quoted

# ASCII digits only (re.ASCII): full-width "２h" is refused, not read as 2 hours.
_HM = re.compile(r"^(\d{1,6})\s*h\s*(\d{1,2})?\s*(?:m|min)?$", re.ASCII)
_M = re.compile(r"^(\d{1,8})\s*(?:m|min)$", re.ASCII)
_H = re.compile(r"^(\d{1,6}(?:[.,]\d{1,6})?)\s*h?$", re.ASCII)


def parse_minutes(text: str) -> int:
    """Minutes in ``text``; ``ValueError`` with a one-line message when it is not a duration.

    At most ``homeops.rules.bounds.MINUTES_MAX`` (10,000 hours)."""
    return check_minutes(_minutes(text), quoted(text.strip()))


# A bare number: hours for parse_minutes ("2.5"), minutes for parse_length ("90").
_BARE = re.compile(r"^\d{1,8}$", re.ASCII)
_BARE_FRACTION = re.compile(r"^\d{1,6}[.,]\d{1,6}$", re.ASCII)


def parse_length(text: str) -> int:
    """Minutes in ``text`` typed where the length is named in minutes (``block add
    --minutes``, the fixed-block form): a bare number is minutes (``90`` is 1h30); ``1h30``,
    ``2h``, ``1.5h``, ``90m`` as in ``parse_minutes``. ``ValueError`` (one line) otherwise."""
    raw = text.strip()
    if _BARE.match(raw):
        return check_minutes(int(raw), quoted(raw))
    if _BARE_FRACTION.match(raw):
        raise ValueError(
            f"{quoted(raw)} is not a whole number of minutes (a bare number is minutes here; "
            f"write {raw}h for hours)"
        )
    return parse_minutes(text)


def _minutes(text: str) -> int:
    raw = text.strip().lower()
    if match := _HM.match(raw):
        hours, minutes = int(match[1]), int(match[2] or 0)
        if minutes >= 60:
            raise ValueError(
                f"{quoted(text.strip())}: minutes must be under 60 (write {hours + 1}h…)"
            )
        return hours * 60 + minutes
    if match := _M.match(raw):
        return int(match[1])
    if match := _H.match(raw):
        try:
            exact = Decimal(match[1].replace(",", ".")) * 60
        except InvalidOperation:
            pass
        else:
            if exact == exact.to_integral_value():
                return int(exact)
            raise ValueError(f"{quoted(text.strip())} is not a whole number of minutes")
    raise ValueError(f"{quoted(text.strip())} is not a duration (examples: 2.5, 2.5h, 2h30, 90m)")


def format_minutes(minutes: int) -> str:
    """``150`` -> ``2h30``; ``120`` -> ``2h``; ``45`` -> ``45m``."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if not hours:
        return f"{sign}{rest}m"
    return f"{sign}{hours}h{rest:02d}" if rest else f"{sign}{hours}h"
