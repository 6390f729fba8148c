"""Make the golden vault: a small vault of the current format that every later homeops must
still open.

    .venv/bin/python tests/golden/make_golden.py [OUT_DIR]   (default: this folder)

Writes ``vault-vN.hops`` and ``expected-vN.json`` (its export), N the format version. The
snapshot is split one document per part, so the file exercises parts and a journal.
Everything random is fixed: ``os.urandom`` (salt, data key, file id, nonces) comes from a
seeded generator and the creation date is pinned, so two runs give identical bytes. Run it
once; commit both files; never regenerate them for a released format (a new format gets its
own golden file).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

PASSPHRASE = "golden vault passphrase"
SEED = 20260101


class _Day(date):
    @classmethod
    def today(cls) -> _Day:
        return cls(2026, 1, 15)


def build(out_dir: Path) -> None:
    from homeops.rules.model import Check, LedgerEntry, Mission, ScopeChange, StageMove
    from homeops.storage import crypto, layout
    from homeops.storage import vault as vault_module
    from homeops.storage.vault import KdfParams, Vault

    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="golden-"))
    rng = random.Random(SEED)
    real_urandom, real_date, real_part = os.urandom, vault_module.date, layout.PART_DOCS
    os.urandom = rng.randbytes  # storage.crypto and storage.vault call os.urandom
    vault_module.date = _Day  # type: ignore[misc]
    layout.PART_DOCS = 1
    version = crypto.FORMAT_VERSION
    try:
        path = work / "vault" / "vault.hops"
        vault = Vault.create(path, PASSPHRASE, kdf=KdfParams.fast())
        # Stored as the version-1 document, so the file stays the same when Client grows.
        vault.db.table("clients").insert(
            {
                "alias": "Atelier Ünïcode",
                "status": "client",
                "first_contact": "2025-11-03",
                "last_contact": "2026-01-10",
                "relationship_ended": None,
                "notes": "Pays on the 5th ☕; prefers e-mail",
            }
        )
        vault.missions.add(
            Mission(
                title="Brand refresh",
                client_alias="Atelier Ünïcode",
                stage="doing",
                fee_cents=240_000,
                deadline="2026-02-28",
                effort_minutes=1_800,
                deliverables=["logo", "style guide"],
                acceptance_criteria=[Check("works in one colour", done=True)],
                assumptions=["two review rounds"],
                checklist=[Check("fonts licensed")],
                scope_changes=[
                    ScopeChange(date="2026-01-12", what="favicon", fee_delta_cents=9_000)
                ],
                history=[StageMove(at="2026-01-05T10:00:00", stage="doing", reason="signed")],
            )
        )
        vault.missions.add(
            Mission(
                title="Annual report layout",
                client_alias="Atelier Ünïcode",
                stage="done",
                fee_cents=90_000,
                archived=True,
                history=[
                    StageMove(at="2025-12-01T09:30:00", stage="doing"),
                    StageMove(at="2025-12-20T17:00:00", stage="done", reason="delivered"),
                ],
            )
        )
        vault.compact()  # clients and missions in the snapshot's parts, the ledger in the journal
        with vault.transaction():
            vault.ledger.add_many(
                [
                    LedgerEntry(
                        "2026-01-06", "Deposit, brand refresh", 120_000, "income", mission_id=1
                    ),
                    LedgerEntry(
                        "2026-01-06", "Tax reserve", -30_000, "taxes", kind="transfer", group="g1"
                    ),
                    LedgerEntry(
                        "2026-01-06", "Tax reserve", 30_000, "reserve", kind="transfer", group="g1"
                    ),
                ]
            )
        vault.ledger.add(
            LedgerEntry("2026-01-09", "Font licence", -4_900, "operating", kind="expense")
        )
        vault.close()
        with Vault.open(path, PASSPHRASE, read_only=True) as reread:
            expected = reread.export_data()
        shutil.copyfile(path, out_dir / f"vault-v{version}.hops")
        (out_dir / f"expected-v{version}.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    finally:
        os.urandom = real_urandom
        vault_module.date = real_date  # type: ignore[misc]
        layout.PART_DOCS = real_part
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
