"""``business.clients`` and ``business.ai_use``: the one write path of the client register,
the erasure and the AI-use log, shared by the console and the command line. Each change is
checked before anything is written; the retention periods are the settings'."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.config.settings import PrivacySettings
from homeops.rules.model import AIUse, Client, Mission, PersonalField
from homeops.services import Business
from homeops.services.errors import (
    AIUseRefused,
    AliasTaken,
    AlreadyErased,
    ChangesWait,
    ClientRefused,
    NotFound,
    UnknownClient,
)
from homeops.storage.vault import KdfParams, Vault

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    vault = Vault.create(tmp_path / "vault.hops", "clients service test", kdf=KdfParams.fast())
    yield vault
    vault.close()


@pytest.fixture
def business(vault: Vault) -> Business:
    return Business(vault, Settings())


def acme() -> Client:
    return Client("acme", email=PersonalField("jo@acme.example", "contract"))


def test_add_checks_the_rules_and_the_alias_before_writing(
    business: Business, vault: Vault
) -> None:
    clients = business.clients
    assert clients.add(acme()) == 1
    with pytest.raises(AliasTaken, match="exists already"):
        clients.add(Client("acme"))
    with pytest.raises(ClientRefused, match="pseudonym"):
        clients.add(Client("Jo Martin"))
    with pytest.raises(ClientRefused, match="E-mail does not look"):
        clients.add(Client("beta", email=PersonalField("not-an-address", "contract")))
    assert [c.alias for c in vault.clients.list()] == ["acme"]


def test_list_is_by_alias_and_get_ignores_spaces(business: Business) -> None:
    for alias in ("zeta", "acme", "mu"):
        business.clients.add(Client(alias))
    assert [c.alias for c in business.clients.list()] == ["acme", "mu", "zeta"]
    assert business.clients.get("  mu ").alias == "mu"
    assert business.clients.aliases() == {"acme", "mu", "zeta"}
    with pytest.raises(UnknownClient, match="no client with that alias"):
        business.clients.get("nobody")


def test_update_refuses_another_clients_alias_an_erased_client_and_no_client(
    business: Business,
) -> None:
    clients = business.clients
    clients.add(acme())
    clients.add(Client("beta"))
    beta = clients.get("beta")
    beta.notes = "prefers mornings"
    clients.update(beta)
    assert clients.get("beta").notes == "prefers mornings"
    with pytest.raises(AliasTaken):
        clients.update(dataclasses.replace(beta, alias="acme"))
    with pytest.raises(NotFound):
        clients.update(Client("ghost"))
    done = clients.erase("acme", TODAY)
    with pytest.raises(AlreadyErased):
        clients.update(clients.get(done.pseudonym))


def test_retention_comes_from_the_settings(vault: Vault) -> None:
    settings = Settings(privacy=PrivacySettings(1, 2, 6))
    clients = Business(vault, settings).clients
    clients.add(Client("acme", relationship_ended="2026-01-31"))
    assert (clients.years.prospect, clients.years.client, clients.years.accounting) == (1, 2, 6)
    data = clients.export("acme", TODAY)
    assert data["retention"]["personal_data_until"] == "2028-01-31"
    assert data["retention"]["accounting_records_until"] == "2032-01-31"
    assert "prospects 1 years" in data["retention"]["rule"]
    assert clients.register_facts(TODAY).years == clients.years


def test_the_erasure_holds_the_vault_for_its_whole_run(
    business: Business, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    business.clients.add(acme())
    seen: list[str | None] = []
    real = vault.forget_old_copies

    def forget(today: dt.date) -> int:  # the last step: the compaction and the backups
        seen.append(vault.busy)
        return real(today)

    monkeypatch.setattr(vault, "forget_old_copies", forget)
    real_documents = vault.every_table.documents

    def documents() -> dict[str, dict[str, object]]:  # the first step: the scan
        seen.append(vault.busy)
        return real_documents()

    monkeypatch.setattr(vault.every_table, "documents", documents)
    done = business.clients.erase("acme", TODAY)
    assert seen == ["erasing a client", "erasing a client"]
    assert vault.busy is None
    assert done.fields == ("email",) and done.pseudonym.startswith("erased-")
    assert vault.events.of_kind("erasure")[0].details["client"] == done.pseudonym


def test_a_change_during_a_long_write_is_refused_at_once(business: Business, vault: Vault) -> None:
    mission_id = vault.missions.add(Mission("Brochure", "acme", "Brief"))
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with vault.long_write("erasing a client"):
            holding.set()
            done.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(10)
        with pytest.raises(ChangesWait, match="Changes wait until erasing a client finishes"):
            business.clients.add(acme())
        with pytest.raises(ChangesWait):
            business.ai_use.record(AIUse(TODAY.isoformat(), mission_id, "DeepL", "translation"))
    finally:
        done.set()
        thread.join(10)
    assert vault.clients.list() == [] and vault.ai_use.list() == []


def test_ai_use_is_checked_and_needs_its_mission(business: Business, vault: Vault) -> None:
    ai_use = business.ai_use
    mission_id = vault.missions.add(Mission("Brochure", "acme", "Brief"))
    assert ai_use.last() is None
    with pytest.raises(AIUseRefused, match="name the tool"):
        ai_use.record(AIUse(TODAY.isoformat(), mission_id, " ", "draft"))
    with pytest.raises(NotFound):
        ai_use.record(AIUse(TODAY.isoformat(), mission_id + 1, "DeepL", "translation"))
    assert ai_use.list() == []
    first = AIUse("2026-11-20", mission_id, "Claude", "draft", "personal data")
    second = AIUse("2026-11-02", mission_id, "DeepL", "translation")
    assert ai_use.record(first) == 1 and ai_use.record(second) == 2
    assert [r.tool for r in ai_use.for_mission(mission_id)] == ["DeepL", "Claude"]  # by date
    assert ai_use.last() == second  # stored last: its tool is the next record's default
    assert ai_use.warned_missions() == {mission_id}  # personal data, client not told


def test_an_erasure_a_full_disk_stops_says_so_and_the_next_start_finishes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review's case: the erasure is recorded, the compaction is not. It must not say
    "not saved" (the client is erased), and the old copies must go at the next start."""
    from homeops.services import vault as vaults
    from homeops.services.errors import ErasedNotPurged, VaultWriteError

    path = tmp_path / "vault.hops"
    business = vaults.create(path, "clients service test", Settings(), kdf=KdfParams.fast())
    business.clients.add(acme())
    business.close()
    business = vaults.open_business(path, "clients service test", Settings(), today=TODAY)

    def full_disk(self: Vault, today: dt.date) -> int:
        raise VaultWriteError("No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(Vault, "forget_old_copies", full_disk)
        with pytest.raises(ErasedNotPurged, match="erased from every record") as refused:
            business.clients.erase("acme", TODAY)
    assert "No space left on device" in str(refused.value) and "\n" not in str(refused.value)
    erased = refused.value.pseudonym
    assert business.clients.get(erased).status == "erased"
    assert business.info()["journal_records"] >= 1  # the snapshot still holds the client
    business.close(compact=False)
    (backup,) = (path.parent / "backups").iterdir()
    assert _emails(backup) == ["jo@acme.example"]  # today's backup, made before the erasure

    business = vaults.open_business(path, "clients service test", Settings(), today=TODAY)
    assert any("earlier erasure is finished" in w for w in business.warnings)
    assert business.info()["journal_records"] <= 1  # compacted (then the flag cleared)
    assert _emails(backup) == []  # replaced by a copy of the erased vault
    business.close()
    business = vaults.open_business(path, "clients service test", Settings(), today=TODAY)
    assert not any("erasure" in w for w in business.warnings)  # finished once, not again
    business.close()


def _emails(copy: Path) -> list[str]:
    with Vault.open(copy, "clients service test", read_only=True) as vault:
        return [c.email.value for c in vault.clients.list() if c.email is not None]
