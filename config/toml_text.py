"""Values and keys written the way a TOML file writes them, on one line (messages, describe)."""

from __future__ import annotations

import json
from collections.abc import Mapping


def toml_value(value: object) -> str:
    """``value`` as it would appear on the right of ``=`` in a TOML file, on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        items = ", ".join(f"{toml_key(str(k))} = {toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    return json.dumps(str(value), ensure_ascii=False)


def toml_key(key: str) -> str:
    """``key`` bare when TOML allows it (``wip_mode``), else quoted (``"board.move_right"``)."""
    bare = key.replace("_", "").replace("-", "").isalnum() and key.isascii()
    return key if bare else json.dumps(key, ensure_ascii=False)


#: A value quoted in a message is cut to this many characters (with "…").
SHOWN_MAX = 60


def cut(text: str, most: int = SHOWN_MAX) -> str:
    """``text`` at most ``most`` characters long, "…" marking the cut."""
    return text if len(text) <= most else text[: most - 1] + "…"


def quoted(value: object) -> str:
    """``value`` as the file writes it, cut short: how every message shows a value."""
    return cut(toml_value(value))
