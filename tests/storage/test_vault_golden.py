"""The golden vaults (tests/golden/), one per format version, must open, forever, to the
same data; a read-write open rewrites an older one in the current format."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, Mission, Offer
from homeops.storage import WrongPassphrase, crypto
from homeops.storage.vault import Vault

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
PASSPHRASE = "golden vault passphrase"
VERSIONS = list(range(1, crypto.FORMAT_VERSION + 1))


def _vault(version: int) -> Path:
    return GOLDEN / f"vault-v{version}.hops"


def _expected(version: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (GOLDEN / f"expected-v{version}.json").read_text(encoding="utf-8")
    )
    return data


def _records(data: bytes) -> int:
    pos = crypto.parse_header(data)[1]
    records = 0
    while pos < len(data):
        pos += 8 + int.from_bytes(data[pos : pos + 4], "big")
        records += 1
    assert pos == len(data)
    return records


def test_there_is_a_golden_vault_for_every_format_version() -> None:
    for version in VERSIONS:
        assert crypto.parse_header(_vault(version).read_bytes())[0].version == version


@pytest.mark.parametrize("version", VERSIONS)
def test_golden_vault_opens_to_the_expected_export(version: int) -> None:
    path = _vault(version)
    before = path.read_bytes()
    with Vault.open(path, PASSPHRASE, read_only=True) as vault:
        assert vault.export_data() == _expected(version)
        assert vault.clients.get(1).alias == "Atelier Ünïcode"
        assert len(vault.missions.list()) + len(vault.missions.list(archived=True)) == 2
        assert sum(vault.ledger.balances().values()) == 120_000 - 4_900
        assert vault.info()["journal_records"] >= 2  # replay, not just a snapshot
    assert path.read_bytes() == before
    balances = Vault.read_balances(path, PASSPHRASE, ["income"])
    assert balances == {"income": 120_000, "taxes": -30_000, "reserve": 30_000, "operating": -4_900}


@pytest.mark.parametrize("version", [v for v in VERSIONS if v >= 2])
def test_golden_vault_splits_its_snapshot_into_parts(version: int) -> None:
    with Vault.open(_vault(version), PASSPHRASE, read_only=True) as vault:
        info = vault.info()
    assert info["snapshot_records"] > 1 + 2  # the index, then one part per document
    records = info["snapshot_records"] + info["journal_records"]
    assert _records(_vault(version).read_bytes()) == records


def test_golden_v3_counts_every_change_since_it_was_made() -> None:
    """Format 3 keeps the count of committed changes in its snapshot's index, so that a
    compaction keeps it: the high-water mark compares files by it."""
    with Vault.open(_vault(3), PASSPHRASE, read_only=True) as vault:
        info = vault.info()
    # creation (2), two missions and a client (3), then the ledger's two changes
    assert info["journal_records"] == 2
    assert info["changes"] > info["journal_records"]


@pytest.mark.parametrize("version", VERSIONS)
def test_golden_vault_refuses_a_wrong_passphrase(version: int) -> None:
    with pytest.raises(WrongPassphrase):
        Vault.open(_vault(version), "not golden", read_only=True)
    with pytest.raises(WrongPassphrase):
        Vault.read_balances(_vault(version), "not golden", [])


@pytest.mark.parametrize("version", VERSIONS)
def test_a_copy_of_the_golden_vault_keeps_working(tmp_path: Path, version: int) -> None:
    path = tmp_path / "v" / "vault.hops"
    path.parent.mkdir(mode=0o700)
    shutil.copyfile(_vault(version), path)
    with Vault.open(path, PASSPHRASE) as vault:
        assert crypto.parse_header(path.read_bytes())[0].version == crypto.FORMAT_VERSION
        vault.db.table("later").insert({"added": "by a newer homeops"})
        vault.compact()
    with Vault.open(path, PASSPHRASE, read_only=True) as vault:
        export = vault.export_data()
    later = export["tables"].pop("later")
    assert later == {"1": {"added": "by a newer homeops"}}
    # a newer homeops may add tables to the schema on open; the old data stays as it was
    for name, docs in _expected(version)["tables"].items():
        if name != "meta":
            assert export["tables"][name] == docs
    # the day's backup keeps the bytes as they were found, in their own format
    (backup,) = (path.parent / "backups").iterdir()
    assert backup.read_bytes() == _vault(version).read_bytes()


def test_make_golden_is_deterministic(tmp_path: Path) -> None:
    script = GOLDEN / "make_golden.py"
    outs = [tmp_path / "one", tmp_path / "two"]
    for out in outs:
        subprocess.run([sys.executable, str(script), str(out)], check=True, timeout=60)
    version = crypto.FORMAT_VERSION
    for name in (f"vault-v{version}.hops", f"expected-v{version}.json"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    # the committed expectation still describes what the script builds, except the schema
    # versions in meta, which list every table the current homeops knows
    built = json.loads((outs[0] / f"expected-v{version}.json").read_text(encoding="utf-8"))
    expected = _expected(version)
    for data in (built, expected):
        data["tables"].pop("meta")
    _drop_added_defaults(built, expected)
    assert built == expected


#: The records the script builds, by table: fields added to them since the golden vault was
#: made are built at their defaults, and only those may be missing from the expectation.
_RECORDS: dict[str, type] = {"clients": Client, "missions": Mission, "offers": Offer,
                             "invoices": Invoice}  # fmt: skip


def _drop_added_defaults(built: dict[str, Any], expected: dict[str, Any]) -> None:
    for table, record in _RECORDS.items():
        defaults: dict[str, Any] = {}
        for f in dataclasses.fields(record):
            factory = f.default_factory
            if callable(factory):
                defaults[f.name] = factory()
            elif not isinstance(f.default, type(dataclasses.MISSING)):
                defaults[f.name] = f.default
        for key, doc in built["tables"].get(table, {}).items():
            old = expected["tables"].get(table, {}).get(key, {})
            for name in [n for n in doc if n not in old and n in defaults]:
                assert doc[name] == defaults[name], (table, key, name)
                del doc[name]
