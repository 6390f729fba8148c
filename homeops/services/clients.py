"""The clients and their privacy: the register (add, edit, look up), the export of everything
held about one client (right of access), the erasure of a client's personal data, and the
facts the record of processing is made from.

Export and erasure work on every table of the vault, not a fixed list
(``homeops.rules.privacy.linked_ids``, ``homeops.rules.erasure.plan_erasure``), so tables
added by later versions are covered without a change here. The retention periods are the
settings' (``[privacy]``). Messages never repeat personal data: an unknown alias is "no
client with that alias".
"""

from __future__ import annotations

import builtins
import copy
import dataclasses
import datetime as dt
import json
import secrets
from pathlib import Path
from typing import Any

from homeops.config import Settings
from homeops.config.files import write_private_text
from homeops.rules import erasure, privacy
from homeops.rules.documents_records import documents_of, kinds_count
from homeops.rules.feedback import WorkingRules, working_rules_problems
from homeops.rules.model import Client
from homeops.services.waiting import check_idle
from homeops.storage.errors import VaultError
from homeops.storage.repos import NotFound, to_doc
from homeops.storage.repos_privacy import Event
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


class AliasTaken(ValueError):
    def __init__(self) -> None:
        super().__init__("a client with that alias exists already")


class ClientRefused(ValueError):
    """A client the privacy rules refuse (``homeops.rules.privacy.client_problems``): one
    line, the problems joined; nothing was written."""


def retention_years(settings: Settings) -> privacy.RetentionYears:
    """The retention periods of ``[privacy]``, in whole years."""
    p = settings.privacy
    return privacy.RetentionYears(
        p.prospect_retention_years, p.client_retention_years, p.accounting_retention_years
    )


#: Meta key set, in the erasure's own change, until the file is compacted and the backups
#: replaced: a full disk can stop those, and the next read-write open finishes them.
PURGE_PENDING = "erasure_purge_pending"


class ErasedNotPurged(VaultError):
    """The erasure was recorded, but the old copies (the file's journal, the backups) could
    not be removed yet. One line; the next start retries."""

    def __init__(self, reason: str, pseudonym: str = "", files: tuple[str, ...] = ()) -> None:
        self.pseudonym = pseudonym  # the erased client's new alias
        self.files = files  # the documents written for the client, still to delete
        super().__init__(
            "the client is erased from every record, but the vault could not be compacted nor "
            f"its backups replaced ({reason}): old copies still hold the data until the next "
            "start finishes it; free some space first"
        )


def finish_purge(vault: Vault, today: dt.date) -> str | None:
    """Finish an erasure's compaction and backups' replacement left pending; a notice."""
    if not vault.meta.get(PURGE_PENDING):
        return None
    try:
        vault.forget_old_copies(today)
        vault.meta.set(PURGE_PENDING, None)
    except (VaultError, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"an erasure still waits for its compaction and backups' replacement ({reason})"
    return "an earlier erasure is finished: the vault compacted and its backups replaced"


@dataclasses.dataclass(frozen=True)
class Erasure:
    """What an erasure did: the new pseudonym, how many records it rewrote, backups purged,
    and what it found (``findings``: records redacted, issued invoices kept)."""

    pseudonym: str
    fields: tuple[str, ...]
    records_pseudonymised: int
    backups_deleted: int
    findings: tuple[erasure.Finding, ...] = ()
    files: tuple[str, ...] = ()  # documents written for the client, outside the vault

    @property
    def redacted(self) -> int:
        return sum(1 for f in self.findings if not f.kept)

    @property
    def kept(self) -> int:
        return sum(1 for f in self.findings if f.kept)

    def summary(self) -> str:
        """What was done, in one line for either face (``rules.privacy.erasure_summary``)."""
        return privacy.erasure_summary(
            self.fields,
            self.pseudonym,
            self.records_pseudonymised,
            self.backups_deleted,
            redacted=self.redacted,
            kept=self.kept,
        )


class Clients:
    """The client register of one vault and the privacy duties that come with it."""

    def __init__(self, vault: Vault, settings: Settings) -> None:
        self._vault = vault
        self._settings = settings

    @property
    def years(self) -> privacy.RetentionYears:
        """How long data is kept (the settings' ``[privacy]``)."""
        return retention_years(self._settings)

    @property
    def read_only(self) -> bool:
        """A read-only session: every change is refused."""
        return self._vault.read_only

    @property
    def busy(self) -> str | None:
        """The words of the long write in progress ("erasing a client"), or None."""
        return self._vault.busy

    def read_stamp(self) -> tuple[int | None, ...]:
        """What ``list`` reads, as a change count: equal stamps, equal answers (None during
        a change: read again). Issue 18 point 4."""
        return (self._vault.generation("clients"),)

    # -- the register ---------------------------------------------------------------------

    def list(self) -> builtins.list[Client]:
        """Every client and prospect (erased ones too), by alias."""
        return sorted(self._vault.clients.list(), key=lambda c: c.alias)

    def aliases(self) -> set[str]:
        """Every alias in use, erased clients' pseudonyms included."""
        return self._vault.clients.aliases()

    def get(self, alias: str) -> Client:
        """The client ``alias`` (spaces around it ignored); ``UnknownClient`` otherwise."""
        client = self._vault.clients.by_alias(alias.strip())
        if client is None:
            raise UnknownClient()
        return client

    def add(self, client: Client) -> int:
        """Store a new client or prospect; returns its id and sets ``client.id``.

        ``ClientRefused`` when the privacy rules refuse it, ``AliasTaken`` when its alias is
        in use (an erased client's pseudonym too); nothing is written then."""
        check_idle(self._vault)
        self._check(client)
        if self._vault.clients.by_alias(client.alias) is not None:
            raise AliasTaken()
        return self._vault.clients.add(client)

    def update(self, client: Client) -> None:
        """Save an edited client (by ``client.id``): ``NotFound`` for no such client,
        ``AlreadyErased`` for an erased one, ``AliasTaken`` for another client's alias,
        ``ClientRefused`` for what the privacy rules refuse."""
        check_idle(self._vault)
        self._check(client)
        if client.id is None:
            raise NotFound("client", None)
        stored = self._vault.clients.get(client.id)
        if stored.status == "erased":
            raise AlreadyErased()
        holder = self._vault.clients.by_alias(client.alias)
        if holder is not None and holder.id != client.id:
            raise AliasTaken()
        self._vault.clients.update(client)

    def working_rules(self, alias: str) -> WorkingRules:
        """How the client ``alias`` pays and gives feedback, in one read (the mission screen,
        ``homeops mission``, the onboarding document); ``UnknownClient`` otherwise."""
        return WorkingRules.of(self.get(alias))

    def feedback_words(self, alias: str) -> str:
        """``one email per review, 1 round, answers Mon-Fri 9-10`` for the client ``alias``;
        "" when they set no rules, or there is no such client (a mission's free alias)."""
        client = self._vault.clients.by_alias(alias.strip()) if alias.strip() else None
        return WorkingRules.of(client).feedback_words() if client else ""

    @staticmethod
    def _check(client: Client) -> None:
        problems = privacy.client_problems(client) + working_rules_problems(client)
        if problems:
            raise ClientRefused("; ".join(problems))

    # -- right of access --------------------------------------------------------------------

    def export(self, alias: str, today: dt.date) -> dict[str, Any]:
        """Everything homeops holds about the client ``alias`` as JSON-ready data.

        The client's fields (each personal field with its purpose), its retention dates, and
        every linked record of every table (missions, invoices, ledger, time, AI use, …).
        """
        years = self.years
        client = self.get(alias)
        tables = self._vault.every_table.documents()
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
        files = sorted({tables["documents"][key]["path"]
                        for key in documents_of(tables, client.alias)})  # fmt: skip
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
            "files": files,  # documents written for the client, outside the vault
        }

    # -- erasure ---------------------------------------------------------------------------

    def _erasable(self, alias: str) -> Client:
        client = self.get(alias)
        if client.status == "erased":
            raise AlreadyErased()
        return client

    def findings(self, alias: str) -> tuple[erasure.Finding, ...]:
        """What erasing ``alias`` would redact and what it would keep, changing nothing:
        every record whose free text names the client (``homeops.rules.erasure.plan_erasure``)."""
        client = self._erasable(alias)
        tables = self._vault.every_table.documents()
        plan = erasure.plan_erasure(tables, client, "erased-", self.years.accounting)
        return plan.findings

    def document_files(self, alias: str) -> builtins.list[str]:
        """The files outside the vault written for the client ``alias`` (contracts,
        onboarding forms, invoices, credit notes): what an erasure lists to delete."""
        tables = self._vault.every_table.documents()
        client = self.get(alias)
        return sorted({tables["documents"][key]["path"]
                       for key in documents_of(tables, client.alias)})  # fmt: skip

    def erase(self, alias: str, today: dt.date) -> Erasure:
        """Erase the client's personal data, at once and everywhere in the vault's folder.

        Personal fields and notes go; the alias becomes a neutral pseudonym in every record
        (invoices and ledger entries stay, for the legal accounting retention); the personal
        values, the name's words and the old alias are replaced in the free text of every
        table, except issued invoices, kept as issued (``homeops.rules.erasure``); an event
        records the erasure without the erased data. Then the file is compacted and every
        backup replaced by one fresh backup, so no file under the folder holds the data.

        The erasure holds the vault for its whole span (``Vault.long_write``): its reads, its
        change, the compaction and the backups' replacement, so no change from another thread
        slips in between, and ``busy`` says "erasing a client" meanwhile. Being a long
        write itself, it waits for one in progress (no ``check_idle``): it runs in a worker
        (the console) or a process of its own (the command line), never on a UI thread.
        """
        vault = self._vault
        with vault.long_write("erasing a client"):
            client = self._erasable(alias)
            assert client.id is not None
            fields = privacy.emptied_fields(client)  # what it held, company and notes too
            new_alias = privacy.pseudonym(vault.clients.aliases(), secrets.token_hex(3))
            tables = vault.every_table.documents()
            plan = erasure.plan_erasure(tables, client, new_alias, self.years.accounting, today)
            # Its documents' records go (the path may name the client); the files are listed.
            documents = documents_of(tables, client.alias)
            files = tuple(sorted({tables["documents"][key]["path"] for key in documents}))
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
                vault.every_table.update(plan.changes)
                for key in documents:
                    vault.documents.remove(int(key))
                vault.meta.set(PURGE_PENDING, today.isoformat())
                vault.events.add(
                    Event(
                        today.isoformat(),
                        "erasure",
                        {
                            "client": new_alias,
                            "fields": builtins.list(fields),
                            "records_pseudonymised": plan.records,
                            "records_redacted": len(plan.redacted),
                            "invoices_kept": len(plan.kept),
                            "document_records_removed": len(documents),
                            "backups": "deleted, one fresh backup taken",
                        },
                    )
                )
            try:
                deleted = vault.forget_old_copies(today)
                vault.meta.set(PURGE_PENDING, None)
            except (VaultError, OSError) as exc:
                # The erasure is recorded: say so, never "not saved" (it would be run again).
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                raise ErasedNotPurged(reason, new_alias, files) from None
        return Erasure(new_alias, fields, plan.records, deleted, plan.findings, files)

    # -- the record of processing -------------------------------------------------------------

    def register_facts(self, today: dt.date) -> privacy.RegisterFacts:
        """What the record of processing is made from: settings, vault facts, its records."""
        vault, settings = self._vault, self._settings
        kdf = vault.info()["kdf"]
        security = privacy.Security(
            kdf["memory_kib"] // 1024,
            kdf["iterations"],
            kdf["lanes"],
            settings.backups.keep,
            settings.session.auto_lock_minutes,
        )
        return privacy.RegisterFacts(
            self.years,
            security,
            vault.clients.list(),
            vault.ai_use.list(),
            len(vault.events.of_kind("erasure")),
            today,
            kinds_count(vault.documents.list()),
        )

    def register(self, today: dt.date) -> str:
        """The record of processing (GDPR Art. 30) as Markdown."""
        return privacy.register_markdown(self.register_facts(today))


def export_json(data: dict[str, Any]) -> str:
    """A client export as the pretty JSON the file holds."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_export(out: Path, data: dict[str, Any]) -> None:
    """A client export written privately (0600, atomically)."""
    write_private_text(out, export_json(data))
