"""Record numbers as people type them."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"#?([0-9]{1,12})")  # ASCII digits only: str.isdigit() also takes "²"


def record_number(text: str) -> int | None:
    """``12`` or ``#12`` -> 12; None for anything else (other digits, signs, huge numbers)."""
    found = _NUMBER.fullmatch(text.strip())
    return int(found[1]) if found else None
