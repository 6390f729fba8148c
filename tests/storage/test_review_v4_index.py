"""Review of format 4's index (issue 18): an index whose "cold" could make a board read
step over missions on the board, or that is not the object FORMAT.md gives, is damage
(``VaultDamaged``, one line), never a traceback and never a board read missing a mission."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeops.storage import VaultDamaged, crypto, jsoncodec, layout
from homeops.storage.boards import BOARD_MISSIONS, COLD
from homeops.storage.layout import Chain, parse_index
from homeops.storage.reading import read_vault
from homeops.storage.vault import KdfParams

TWO = {
    "1": {"title": "m1", "stage": "Brief", "client_alias": "", "archived": True},
    "2": {"title": "m2", "stage": "Brief", "client_alias": "", "archived": False},
}


def _index(cold: Any) -> dict[str, Any]:
    chain = Chain.new()
    assert chain.mark_key is not None
    return {"tables": [["missions", 2]], "changes": 0, "tip": chain.tip.hex(),
            "mark_key": chain.mark_key.hex(), "cold": cold}  # fmt: skip


def _hostile(kit: Any, index: dict[str, Any], missions: dict[str, Any]) -> None:
    """A format-4 vault whose index is ``index``, then one part per mission."""
    plains = [json.dumps(index).encode()]
    plains += [jsoncodec.encode({k: v}) for k, v in missions.items()]
    kdf, salt, key = KdfParams.fast(), os.urandom(16), os.urandom(crypto.KEY_LEN)
    header = crypto.new_header(crypto.derive_kek(kit.passphrase, salt, kdf), key, kdf, salt)
    records = b"".join(
        layout.frame(crypto.seal(key, plain, crypto.record_aad(header.digest, i)))
        for i, plain in enumerate(plains)
    )
    kit.path.parent.mkdir(mode=0o700, exist_ok=True)
    kit.path.write_bytes(header.pack() + records)


def _plain(cold: Any, tables: Any = None) -> bytes:
    index = _index(cold)
    if tables is not None:
        index["tables"] = tables
    return json.dumps(index).encode()


# Each is refused by the parser alone (the parts need not be read).
REFUSED = {
    "a list as the table's name": _plain([[["missions"], 0]]),
    "an object as the table's name": _plain([[{"missions": 1}, 0]]),
    "no K for the missions table": _plain([]),
    "the missions table twice": _plain([["missions", 1]], [["missions", 1], ["missions", 1]]),
}


@pytest.mark.parametrize("what", sorted(REFUSED))
def test_the_index_is_refused_as_damage(what: str) -> None:
    with pytest.raises(VaultDamaged, match="index is unreadable"):
        parse_index(REFUSED[what], layout.COLD_VERSION)


def test_a_sound_index_parses() -> None:
    """The control: the same index with the missions' K, once, and a name, parses."""
    index = parse_index(_plain([["missions", 1]]), layout.COLD_VERSION)
    assert index.cold == {"missions": 1} and index.tables == [("missions", 2)]
    without = parse_index(_plain([], [["clients", 0]]), layout.COLD_VERSION)
    assert without.cold == {} and without.tables == [("clients", 0)]


def test_the_missions_table_twice_never_reads_as_a_board_short_of_a_mission(kit: Any) -> None:
    """Without the refusal, its second run's first part counts as cold too: the board read
    stepped over mission 2 (on the board) and showed an empty board."""
    index = _index([["missions", 1]])
    index["tables"] = [["missions", 1], ["missions", 1]]
    _hostile(kit, index, TWO)
    for only in (None, {BOARD_MISSIONS}):
        with pytest.raises(VaultDamaged):
            read_vault(kit.path, kit.passphrase, only=only)


def test_the_writer_names_every_cold_table_it_holds_once() -> None:
    chain = Chain.new()
    every: list[layout.Tables] = [
        {"missions": {}},
        {"clients": {}},
        {"missions": TWO, "clients": {}},
    ]
    for tables in every:
        plains = list(layout.snapshot_plaintexts(tables, chain))
        index = parse_index(plains[0], layout.COLD_VERSION)
        assert set(index.cold) == set(tables) & set(COLD)
        assert jsoncodec.decode(plains[0])["cold"] == [[n, k] for n, k in index.cold.items()]


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 3) | st.sampled_from(["missions", "clients", ""]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=2)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(cold=_json, tables=_json)
def test_any_json_in_the_index_parses_or_is_damage(cold: Any, tables: Any) -> None:
    """Whatever ``cold`` and ``tables`` hold: an index that keeps its promises, or damage."""
    try:
        index: layout.Index | None = parse_index(_plain(cold, tables), layout.COLD_VERSION)
    except VaultDamaged:
        index = None
    if index is not None:
        parts = dict(index.tables)
        assert len(parts) == len(index.tables)
        assert set(index.cold) == set(parts) & set(COLD)
        assert all(0 <= k <= parts[name] for name, k in index.cold.items())
