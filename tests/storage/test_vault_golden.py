"""The golden version-1 vault (tests/golden/) must open, forever, to the same data."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from storage import WrongPassphrase, crypto
from storage.vault import Vault

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
VAULT = GOLDEN / "vault-v1.hops"
EXPECTED = GOLDEN / "expected-v1.json"
PASSPHRASE = "golden vault passphrase"


def _expected() -> dict[str, Any]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def test_golden_vault_opens_to_the_expected_export() -> None:
    before = VAULT.read_bytes()
    with Vault.open(VAULT, PASSPHRASE, read_only=True) as vault:
        assert vault.export_data() == _expected()
        assert vault.clients.get(1).alias == "Atelier Ünïcode"
        assert len(vault.missions.list()) + len(vault.missions.list(archived=True)) == 2
        assert sum(vault.ledger.balances().values()) == 120_000 - 4_900
    assert VAULT.read_bytes() == before
    header, _ = crypto.parse_header(before)
    assert header.version == 1


def test_golden_vault_has_a_journal() -> None:
    """The golden file exercises replay, not just a snapshot."""
    data = VAULT.read_bytes()
    pos = crypto.parse_header(data)[1]
    records = 0
    while pos < len(data):
        pos += 8 + int.from_bytes(data[pos : pos + 4], "big")
        records += 1
    assert pos == len(data) and records >= 4


def test_golden_vault_refuses_a_wrong_passphrase() -> None:
    with pytest.raises(WrongPassphrase):
        Vault.open(VAULT, "not golden", read_only=True)


def test_a_copy_of_the_golden_vault_keeps_working(tmp_path: Path) -> None:
    path = tmp_path / "v" / "vault.hops"
    path.parent.mkdir(mode=0o700)
    shutil.copyfile(VAULT, path)
    with Vault.open(path, PASSPHRASE) as vault:
        vault.db.table("later").insert({"added": "by a newer homeops"})
        vault.compact()
    with Vault.open(path, PASSPHRASE, read_only=True) as vault:
        export = vault.export_data()
    later = export["tables"].pop("later")
    assert later == {"1": {"added": "by a newer homeops"}}
    expected = _expected()
    # a newer homeops may add tables to the schema on open; the old data stays as it was
    for name, docs in expected["tables"].items():
        if name != "meta":
            assert export["tables"][name] == docs


def test_make_golden_is_deterministic(tmp_path: Path) -> None:
    script = GOLDEN / "make_golden.py"
    outs = [tmp_path / "one", tmp_path / "two"]
    for out in outs:
        subprocess.run([sys.executable, str(script), str(out)], check=True, timeout=60)
    for name in ("vault-v1.hops", "expected-v1.json"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    # the committed expectation still describes what the script builds, except the schema
    # versions in meta, which list every table the current homeops knows
    built = json.loads((outs[0] / "expected-v1.json").read_text(encoding="utf-8"))
    expected = _expected()
    for data in (built, expected):
        data["tables"].pop("meta")
    assert built == expected
