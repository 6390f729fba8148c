"""Export and erasure against real vaults: the issue's acceptance tests.

After an erasure, the client's unique e-mail and phone are in neither the decrypted vault
nor any file under the vault's folder (backups decrypted too: the policy purges them at once).
The export of one client holds everything linked to it and nothing about any other client.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.rules.model import AIUse, Client, LedgerEntry, Mission, PersonalField
from homeops.services import Business
from homeops.services.clients import AlreadyErased, Clients, UnknownClient, write_export
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "correct horse battery staple"
EMAIL = "zq7.unique-person@canary-mail.example"
PHONE = "+33 6 71 82 93 04"
PHONE_DIGITS = "0671829304"


def _clients(vault: Vault) -> Clients:
    """The clients' use cases over a vault the test filled through storage."""
    return Business(vault, Settings()).clients


def _open(path: Path, day: dt.date) -> Vault:
    return Vault.open(path, PASSPHRASE, today=day)


def _decrypted(path: Path) -> str:
    with Vault.open(path, PASSPHRASE, read_only=True) as vault:
        return json.dumps(vault.export_data(), ensure_ascii=False)


def _store_canary(vault: Vault) -> None:
    with vault.transaction():
        vault.clients.add(
            Client(
                "canary",
                email=PersonalField(EMAIL, "contract"),
                phone=PersonalField(PHONE, "invoicing"),
                notes="Prefers calls",
            )
        )
        vault.clients.add(Client("bystander", email=PersonalField("b@other.example", "contract")))
        mission_id = vault.missions.add(
            Mission("Brochure", "canary", "Brief", notes=f"reach at {PHONE_DIGITS} / {EMAIL}")
        )
        vault.ledger.add(LedgerEntry("2026-11-02", "Payment from canary", 10000, "pay",
                                     mission_id=mission_id))  # fmt: skip
        vault.ai_use.add(AIUse("2026-11-03", mission_id, "DeepL", "translation"))
        vault.missions.add(Mission("Other work", "bystander", "Brief"))


def test_erased_data_is_gone_from_the_vault_and_every_file_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "vault" / "vault.hops"
    day = dt.date(2026, 11, 27)
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        _store_canary(vault)
    for offset in (1, 2):  # two daily backups that hold the canary
        _open(path, day + dt.timedelta(days=offset)).close()
    folder = path.parent
    assert len(list((folder / "backups").iterdir())) == 2
    assert EMAIL in _decrypted(next((folder / "backups").iterdir()))

    vault = _open(path, dt.date(2026, 11, 30))
    with vault:
        mission = vault.missions.list()[0]
        mission.notes += " (extra journal record with the canary " + EMAIL + ")"
        vault.missions.update(mission)
        done = _clients(vault).erase("canary", dt.date(2026, 11, 30))
        # every field that held something, the notes too (review 2 of issue 15, #6)
        assert done.fields == ("email", "phone", "notes") and done.backups_deleted == 3
        content = json.dumps(vault.export_data(), ensure_ascii=False)
        assert EMAIL not in content and PHONE not in content and PHONE_DIGITS not in content
        # compacted: after the snapshot, only the record saying the erasure is finished
        assert vault.info()["journal_records"] == 1
        missions = {m.title: m for m in vault.missions.list()}
        assert missions["Brochure"].client_alias == done.pseudonym
        assert missions["Other work"].client_alias == "bystander"
        assert vault.clients.by_alias("bystander") is not None
        assert vault.ledger.list()[0].description == f"Payment from {done.pseudonym}"
        assert len(vault.ai_use.list()) == 1  # kept: nothing personal in it
        event = vault.events.of_kind("erasure")[0]
        assert "canary" not in json.dumps(event.details) and EMAIL not in json.dumps(event.details)

    files = [p for p in folder.rglob("*") if p.is_file()]
    backups = [p for p in files if p.suffix == ".hops" and p.parent.name == "backups"]
    assert [p.name for p in backups] == ["vault-2026-11-30.hops"]  # one fresh backup
    for file in files:
        raw = file.read_bytes()
        for secret in (EMAIL, PHONE, PHONE_DIGITS, "canary"):
            assert secret.encode() not in raw, file.name
        if file.suffix == ".hops":
            text = _decrypted(file)
            for secret in (EMAIL, PHONE, PHONE_DIGITS, '"canary"'):
                assert secret not in text, file.name


def test_unknown_alias_and_erasing_twice_change_nothing(tmp_path: Path) -> None:
    path = tmp_path / "v" / "vault.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        _store_canary(vault)
        with pytest.raises(UnknownClient, match="no client with that alias"):
            _clients(vault).erase("nobody", dt.date(2026, 11, 30))
        before = vault.export_data()
        done = _clients(vault).erase("canary", dt.date(2026, 11, 30))
        after = vault.export_data()
        assert before != after
        with pytest.raises(UnknownClient):
            _clients(vault).erase("canary", dt.date(2026, 11, 30))
        with pytest.raises(AlreadyErased):
            _clients(vault).erase(done.pseudonym, dt.date(2026, 11, 30))
        assert vault.export_data() == after
        with pytest.raises(UnknownClient):
            _clients(vault).export("canary", dt.date(2026, 11, 30))


def _many_clients(vault: Vault, count: int) -> None:
    """``count`` clients, each with unique personal values and records in every table."""
    with vault.transaction():
        for n in range(count):
            alias = f"client-{n}"
            vault.clients.add(
                Client(
                    alias,
                    "prospect" if n % 5 == 4 else "client",
                    name=PersonalField(f"Person Number{n}x", "contract"),
                    email=PersonalField(f"person{n}x@mail{n}.example", "invoicing"),
                    notes=f"note-{n}-x",
                )
            )
            for k in range(2):
                mission_id = vault.missions.add(
                    Mission(f"Job {k} of client #{n}", alias, "Brief", fee_cents=1000 * n)
                )
                vault.ledger.add(LedgerEntry("2026-10-01", f"payment {n}.{k}", 100, "pay",
                                             mission_id=mission_id))  # fmt: skip
                vault.ai_use.add(AIUse("2026-10-02", mission_id, f"tool-{n}", "edit"))
                # Tables of other features, written generically: picked up by their links.
                vault.db.table("invoices").insert(
                    {"number": n * 10 + k, "client_alias": alias, "mission_id": mission_id}
                )
                vault.db.table("timelog").insert({"mission_id": mission_id, "minutes": 30 + n})
            vault.db.table("some_future_table").insert({"client_alias": alias, "x": n})
        vault.ledger.add(LedgerEntry("2026-10-03", "Printer ink", -2000, "costs"))


def test_export_holds_everything_linked_and_nothing_about_others(tmp_path: Path) -> None:
    path = tmp_path / "v" / "vault.hops"
    count = 40
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        _many_clients(vault, count)
        for n in (0, 7, 39):
            data = _clients(vault).export(f"client-{n}", dt.date(2026, 11, 30))
            assert data["client"]["alias"] == f"client-{n}"
            assert data["client"]["email"] == {
                "value": f"person{n}x@mail{n}.example",
                "purpose": "invoicing",
            }
            assert data["client"]["name"]["purpose"] == "contract"
            records = data["records"]
            assert {name: len(docs) for name, docs in records.items()} == {
                "missions": 2,
                "ledger": 2,
                "ai_use": 2,
                "invoices": 2,
                "timelog": 2,
                "some_future_table": 1,
            }
            text = json.dumps(data, ensure_ascii=False)
            for other in range(count):
                if other == n:
                    continue
                for secret in (f"client-{other}\"", f"Number{other}x", f"person{other}x",
                               f"note-{other}-x", f"tool-{other}\"", f"#{other}\""):  # fmt: skip
                    assert secret not in text
            assert "Printer ink" not in text
            out = tmp_path / f"export-{n}.json"
            write_export(out, data)
            assert out.stat().st_mode & 0o777 == 0o600
            assert json.loads(out.read_text(encoding="utf-8")) == data


@pytest.mark.parametrize("where", ["missing/folder/out.json", "a-file/out.json"])
def test_an_export_path_that_cannot_be_written_leaves_nothing_behind(
    tmp_path: Path, where: str
) -> None:
    (tmp_path / "a-file").write_text("keep me")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(OSError):
        write_export(tmp_path / where, {"a": 1})
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert (tmp_path / "a-file").read_text() == "keep me"


def test_findings_change_nothing_and_the_erasure_does_what_they_say(tmp_path: Path) -> None:
    path = tmp_path / "v" / "vault.hops"
    day = dt.date(2026, 11, 30)
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        _store_canary(vault)
        with vault.transaction():
            canary = vault.clients.by_alias("canary")
            assert canary is not None
            canary.name = PersonalField("Zoë Canary-Quux", "contract")
            vault.clients.update(canary)
            vault.missions.add(Mission("Proofreading for zoe", "bystander", "Brief"))
            invoices = vault.db.table("invoices")
            invoices.insert({"number": 1, "client_alias": "canary", "description": "For Zoë",
                             "status": "paid", "issued": "2026-01-31"})  # fmt: skip
            invoices.insert({"number": 2, "client_alias": "canary", "description": "For Zoë",
                             "status": "draft", "issued": None})  # fmt: skip
    with Vault.open(path, PASSPHRASE, read_only=True) as reader:  # beside nothing: read only
        before = reader.export_data()
        findings = _clients(reader).findings("canary")
        assert reader.export_data() == before
    shown = {(f.table, f.label): f for f in findings}
    assert shown["missions", "#1"].fields == ("notes",)  # the phone and e-mail
    assert shown["missions", "#3"].fields == ("title",)  # another client's, names her
    assert shown["invoices", "F-0001"].kept_until == dt.date(2036, 1, 31)
    assert not shown["invoices", "F-0002"].kept
    assert ("missions", "#2") not in shown  # "Other work": nothing of her in it

    with _open(path, day) as vault:
        done = _clients(vault).erase("canary", day)
        assert done.findings == findings
        assert (done.redacted, done.kept) == (len(findings) - 1, 1)
        missions = {m.id: m for m in vault.missions.list()}
        assert missions[3].title == "Proofreading for [erased]"
        assert missions[3].client_alias == "bystander"
        docs = vault.db.table("invoices")._read_table()
        assert docs["1"]["description"] == "For Zoë" and docs["2"]["description"] == "For [erased]"
        details = vault.events.of_kind("erasure")[0].details
        assert (details["records_redacted"], details["invoices_kept"]) == (done.redacted, 1)
        with pytest.raises(AlreadyErased):
            _clients(vault).findings(done.pseudonym)
        with pytest.raises(UnknownClient):
            _clients(vault).findings("canary")
