"""Privacy in the vault: AI-use records, the events history, and ``ClientPrivacy``, which
exports everything held about one client and erases a client's personal data.

Export and erasure work on every table of the vault, not a fixed list: a record belongs to a
client when its ``client_alias`` is the client's alias or when it points (``mission_id``,
``invoice_id``, …) at a record that does (``homeops.rules.privacy.linked_ids``). Tables added by
later versions are covered without a change here.
"""

from __future__ import annotations

import builtins
import copy
import dataclasses
import datetime as dt
import json
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homeops.config.files import write_private_text
from homeops.rules import erasure, privacy
from homeops.rules.model import PERSONAL_FIELDS, AIUse, Client
from homeops.storage.repos import _Repo, to_doc

if TYPE_CHECKING:
    from homeops.storage.vault import Vault

EXPORT_FORMAT = "homeops-client-export"
EXPORT_VERSION = 1


class UnknownClient(LookupError):
    """No client has this alias. The message names no one: the alias is what was typed."""

    def __init__(self) -> None:
        super().__init__("no client with that alias (see `homeops clients`)")


class AlreadyErased(ValueError):
    def __init__(self) -> None:
        super().__init__("that client's personal data is already erased")


class AIUseRepo(_Repo[Any]):
    table_name, what = "ai_use", "AI-use record"

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> AIUse:
        return AIUse(**doc, id=doc_id)

    def for_mission(self, mission_id: int) -> builtins.list[AIUse]:
        """The mission's AI-use records, oldest first."""
        found = [
            self._from_doc(dict(doc), int(key))
            for key, doc in self._table._read_table().items()
            if doc.get("mission_id") == mission_id
        ]
        return sorted(found, key=lambda r: (r.date, r.id or 0))

    def warned_missions(self) -> set[int]:
        """Missions with personal or confidential data sent to an AI tool, client not told."""
        return {
            doc["mission_id"]
            for key, doc in self._table._read_table().items()
            if privacy.ai_use_warning(self._from_doc(dict(doc), int(key)))
        }


@dataclasses.dataclass
class Event:
    """One line of the append-only history: what happened, never the erased data."""

    at: str  # ISO date
    kind: str  # "erasure", …
    details: dict[str, Any] = dataclasses.field(default_factory=dict)
    id: int | None = None


class EventRepo(_Repo[Any]):
    table_name, what = "events", "event"

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> Event:
        return Event(**doc, id=doc_id)

    def of_kind(self, kind: str) -> builtins.list[Event]:
        return [e for e in self.list() if e.kind == kind]


@dataclasses.dataclass(frozen=True)
class Erasure:
    """What an erasure did: the new pseudonym, how many records it rewrote, backups purged,
    and what it found (``findings``: records redacted, issued invoices kept)."""

    pseudonym: str
    fields: tuple[str, ...]
    records_pseudonymised: int
    backups_deleted: int
    findings: tuple[erasure.Finding, ...] = ()

    @property
    def redacted(self) -> int:
        return sum(1 for f in self.findings if not f.kept)

    @property
    def kept(self) -> int:
        return sum(1 for f in self.findings if f.kept)


class ClientPrivacy:
    """Export and erasure of one client, over every table of ``vault``."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def _tables(self) -> dict[str, dict[str, Any]]:
        """Every table's documents by id. Each table is copied (one C-level copy, cheap), so
        a record added meanwhile by another thread cannot break a scan in a worker."""
        db = self._vault.db
        return {name: dict(db.table(name)._read_table()) for name in sorted(db.tables())}

    def _client(self, alias: str) -> Client:
        client = self._vault.clients.by_alias(alias.strip())
        if client is None:
            raise UnknownClient()
        return client

    def export(self, alias: str, years: privacy.RetentionYears, today: dt.date) -> dict[str, Any]:
        """Everything homeops holds about the client ``alias`` as JSON-ready data.

        The client's fields (each personal field with its purpose), its retention dates, and
        every linked record of every table (missions, invoices, ledger, time, AI use, …).
        """
        client = self._client(alias)
        tables = self._tables()
        # Full values only: a name word alone ("Rose") would hand over other people's records.
        patterns = [
            (erasure.alias_pattern(client.alias), ""),
            *erasure.erasure_patterns(client, words=False),
        ]
        linked = privacy.linked_ids(tables, client.alias, patterns)
        records = {
            name: [
                {"id": int(key), **copy.deepcopy(tables[name][key])}
                for key in sorted(keys, key=int)
            ]
            for name, keys in sorted(linked.items())
        }
        status = privacy.retention(client, years, today)
        accounting = privacy.accounting_until(client, years)
        client_doc = {"id": client.id, **to_doc(client)}
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported": today.isoformat(),
            "client": client_doc,
            "retention": {
                "status": status.state,
                "personal_data_until": status.until.isoformat() if status.until else None,
                "accounting_records_until": accounting.isoformat() if accounting else None,
                "rule": f"prospects {years.prospect} years after the last contact, clients "
                f"{years.client} years after the end of the relationship, accounting "
                f"records {years.accounting} years",
            },
            "records": records,
        }

    def _erasable(self, alias: str) -> Client:
        client = self._client(alias)
        if client.status == "erased":
            raise AlreadyErased()
        return client

    def findings(self, alias: str, years: privacy.RetentionYears) -> tuple[erasure.Finding, ...]:
        """What erasing ``alias`` would redact and what it would keep, changing nothing:
        every record whose free text names the client (``homeops.rules.erasure.plan_erasure``)."""
        client = self._erasable(alias)
        plan = erasure.plan_erasure(self._tables(), client, "erased-", years.accounting)
        return plan.findings

    def erase(
        self,
        alias: str,
        today: dt.date,
        years: privacy.RetentionYears | None = None,
    ) -> Erasure:
        """Erase the client's personal data, at once and everywhere in the vault's folder.

        Personal fields and notes go; the alias becomes a neutral pseudonym in every record
        (invoices and ledger entries stay, for the legal accounting retention); the personal
        values, the name's words and the old alias are replaced in the free text of every
        table, except issued invoices, kept as issued (``homeops.rules.erasure``); an event records
        the erasure without the erased data. Then the file is compacted and every backup
        replaced by one fresh backup, so no file under the folder holds the data.
        """
        vault = self._vault
        years = years or privacy.RetentionYears()
        client = self._erasable(alias)
        assert client.id is not None
        fields = tuple(name for name in PERSONAL_FIELDS if getattr(client, name) is not None)
        new_alias = privacy.pseudonym(vault.clients.aliases(), secrets.token_hex(3))
        plan = erasure.plan_erasure(self._tables(), client, new_alias, years.accounting)
        erased = Client(
            alias=new_alias,
            status="erased",
            lawful_basis=client.lawful_basis,
            relationship_ended=client.relationship_ended or today.isoformat(),
            erased=today.isoformat(),
            id=client.id,
        )
        with vault.transaction():
            vault.clients.update(erased)
            for name, docs in plan.changes.items():
                table = vault.db.table(name)
                for key, doc in docs.items():
                    table.update(doc, doc_ids=[int(key)])
            vault.events.add(
                Event(
                    today.isoformat(),
                    "erasure",
                    {
                        "client": new_alias,
                        "fields": list(fields),
                        "records_pseudonymised": plan.records,
                        "records_redacted": len(plan.redacted),
                        "invoices_kept": len(plan.kept),
                        "backups": "deleted, one fresh backup taken",
                    },
                )
            )
        deleted = vault.forget_old_copies(today)
        return Erasure(new_alias, fields, plan.records, deleted, plan.findings)

    def register_facts(
        self, years: privacy.RetentionYears, backups_kept: int, auto_lock: int, today: dt.date
    ) -> privacy.RegisterFacts:
        """What the record of processing is made from: settings, vault facts, its records."""
        vault = self._vault
        kdf = vault.info()["kdf"]
        security = privacy.Security(
            kdf["memory_kib"] // 1024, kdf["iterations"], kdf["lanes"], backups_kept, auto_lock
        )
        return privacy.RegisterFacts(
            years,
            security,
            vault.clients.list(),
            vault.ai_use.list(),
            len(vault.events.of_kind("erasure")),
            today,
        )


def write_export(out: Path, data: dict[str, Any]) -> None:
    """A client export as pretty JSON, written privately (``write_private``)."""
    write_private_text(out, json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
