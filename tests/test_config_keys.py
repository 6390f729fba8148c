"""The [keys] table of config.toml: binding id -> keys, its shape checked without Textual.

Whether an id names a binding is the console's to check (tests/tui/test_keymap.py).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from homeops.config import ConfigError, Settings, as_dict, describe, load_or_create, load_settings
from homeops.config.load import write_defaults


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_keys_map_binding_ids_to_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[keys]\n"board.move_right" = "L,shift+right"\n"app.quit" = "ctrl+q"\n'
        'main.help = "?"\n',  # unquoted: a dotted key, i.e. a nested table in TOML
    )
    loaded = load_settings(path)
    assert loaded.settings.keys.bindings == {
        "board.move_right": ("L", "shift+right"),
        "app.quit": ("ctrl+q",),
        "main.help": ("?",),
    }
    assert loaded.sources['keys."board.move_right"'] == str(path)
    assert loaded.settings.board == Settings().board  # the other sections keep their defaults
    assert as_dict(loaded.settings)["keys"]["board.move_right"] == "L,shift+right"
    text = describe(loaded, Path("/v/vault.hops"), "default")
    line = next(line for line in text.splitlines() if line.startswith('keys."board.move_right"'))
    assert line.startswith('keys."board.move_right" = "L,shift+right"')
    assert line.endswith(f"# {path}")


def test_keys_round_trip_through_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\n"board.new" = "N"\n"main.view.ledger" = "0,g"\n')
    first = load_settings(path).settings
    again = tmp_path / "again.toml"
    write_defaults(again, first)
    assert load_settings(again).settings == first


def test_a_new_config_file_pins_no_key(tmp_path: Path) -> None:
    path = tmp_path / "homeops" / "config.toml"
    loaded, created = load_or_create(path)
    assert created and loaded.settings.keys.bindings == {}
    text = path.read_text(encoding="utf-8")
    assert tomllib.loads(text)["keys"] == {}
    keys_part = text[text.index("[keys]") :]
    # only a comment that says how to write one and where to find the ids
    assert all(line.startswith("#") for line in keys_part.splitlines()[1:] if line)
    assert "homeops keys" in keys_part
    # issue 16 added [offers] (5 lines), issue 15 [seller] and [documents] (22 lines)
    assert len(text.splitlines()) < 112


def test_keys_must_be_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, 'keys = "ctrl+q"\n')
    with pytest.raises(ConfigError, match=r'keys = "ctrl\+q": must be a table \[keys\]'):
        load_settings(path)


def test_keys_are_a_known_section(tmp_path: Path) -> None:
    path = write(tmp_path, "[kyes]\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert "unknown section [kyes]" in str(info.value) and "keys" in str(info.value)


def test_as_dict_of_keys_is_json_ready(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, '[keys]\n"board.new" = "N,ctrl+n"\n'))
    assert json.loads(json.dumps(as_dict(loaded.settings)))["keys"] == {"board.new": "N,ctrl+n"}
