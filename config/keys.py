"""The ``[keys]`` table of config.toml: a binding id -> the keys it uses instead of its default.

```toml
[keys]
"board.move_right" = "L,shift+right"
"app.quit" = "ctrl+q"
```

Only the shape is checked here (config imports no Textual): each value is one key name, or
several separated by commas, without spaces. Whether an id names a binding, a name a key, and
whether two bindings of one place now share a key is for the console to check before it starts
(``tui/keys.py``), against the bindings that exist.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from homeops.config.toml_text import cut, quoted, toml_key, toml_value
from homeops.rules.text import LIST_MAX, NAME_MAX, line_problem

SECTION = "keys"

_ALLOWED = 'a key, or keys separated by commas without spaces, e.g. "L,shift+right"'
#: The console has about 60 bindings: a longer table is not a table of keys.
ENTRIES_MAX = LIST_MAX

# Written in a new config file: users write only the keys they change.
_COMMENT = (
    '# binding id = "key" or "key,key" (no spaces), only for the keys you change, e.g.\n'
    '# "board.move_right" = "L,shift+right"; `homeops keys` lists every id and its key\n'
)


def _entries(table: Mapping[str, object], prefix: str = "") -> Iterator[tuple[str, object]]:
    """(binding id, value); an unquoted ``board.new = "N"`` is a nested table in TOML."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _entries(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _keys(spec: object) -> tuple[str, ...]:
    """``"L,shift+right"`` -> ``("L", "shift+right")``; ValueError(what is wrong) otherwise."""
    if not isinstance(spec, str):
        raise ValueError(f"must be {_ALLOWED}")
    if line_problem(spec, "keys", NAME_MAX):
        raise ValueError(f"must be one line of at most {NAME_MAX} characters: {_ALLOWED}")
    keys = tuple(spec.split(","))
    if any(not key for key in keys):
        raise ValueError(f"has an empty key name; write {_ALLOWED}")
    if any(char.isspace() for char in spec):
        raise ValueError(f"has a space; write {_ALLOWED}")
    for number, key in enumerate(keys):
        if key in keys[:number]:
            raise ValueError(f"has {toml_value(key)} twice")
    return keys


def parse_keys(raw: object) -> dict[str, tuple[str, ...]]:
    """The ``[keys]`` table -> binding id -> keys, in file order.

    Raises ``ValueError`` with one line (without the file name) naming the entry and what is
    allowed.
    """
    if not isinstance(raw, dict):
        raise ValueError(f"{SECTION} = {quoted(raw)}: must be a table [{SECTION}]")
    bindings: dict[str, tuple[str, ...]] = {}
    for binding_id, spec in _entries(raw):
        if len(bindings) == ENTRIES_MAX:
            raise ValueError(
                f"{SECTION} has more than {ENTRIES_MAX} entries; at most {ENTRIES_MAX}"
            )
        dotted = f"{SECTION}.{cut(toml_key(binding_id))}"
        if binding_id in bindings:
            raise ValueError(f"{dotted} is given twice (quoted and unquoted)")
        try:
            bindings[binding_id] = _keys(spec)
        except ValueError as exc:
            raise ValueError(f"{dotted} = {quoted(spec)}: {exc}") from None
    return bindings


def dump_keys(bindings: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Binding id -> keys as the file writes them (``"L,shift+right"``)."""
    return {binding_id: ",".join(keys) for binding_id, keys in bindings.items()}


def keys_toml(bindings: Mapping[str, tuple[str, ...]]) -> str:
    """The ``[keys]`` table as written in a config file: a comment, then only what is set."""
    lines = [f"{toml_key(i)} = {toml_value(spec)}\n" for i, spec in dump_keys(bindings).items()]
    return f"[{SECTION}]\n{_COMMENT}" + "".join(lines)
