"""The business behind one open vault: what the faces hold instead of the vault.

Each group of use cases is an attribute (``business.missions``, ``business.cashbook``,
``business.planning``, ``business.clients``): every change is written once there, with its
transaction, history and undo record, and the console, the command line and any later face
call it. The vault itself stays private to this floor; the faces get records, never a
repository to write through.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homeops.config import Settings
from homeops.services.ai_use import AIUseLog
from homeops.services.bulk import NewRecords, add_records
from homeops.services.cashbook import Cashbook
from homeops.services.clients import Clients
from homeops.services.fit import FitDesk
from homeops.services.missions import Missions
from homeops.services.offers import Offers
from homeops.services.planning import Planning, categories
from homeops.services.retainers import Retainers
from homeops.storage.schema_import import CheckedTables, ImportRules, read_export
from homeops.storage.vault import Vault

if TYPE_CHECKING:
    from homeops.services.documents import Paperwork


class Business:
    """An open vault and the settings it is run with. Close it (or use ``with``) when done."""

    def __init__(self, vault: Vault, settings: Settings) -> None:
        self._vault = vault
        self.settings = settings
        self.planning = Planning(vault, settings)  # plan, time log, days off, pins, blocks, fit
        # income, expenses, invoices, payouts; the forecast reads the plan's finish dates
        self.cashbook = Cashbook(vault, settings, finish_dates=self.planning.finish_dates)
        self.missions = Missions(vault, settings)  # the board, missions and packaged offers
        self.clients = Clients(vault, settings)  # the register, export, erasure, Art. 30 record
        self.ai_use = AIUseLog(vault)  # how AI tools were used on each mission
        self.offers = Offers(vault, settings)  # offer tests, results, cases, profile (issue 16)
        self.retainers = Retainers(vault, settings)  # recurring work with limits (issue 14)
        self.fit = FitDesk(  # "can I take this?" and accepting it (issue 14)
            vault, settings, planning=self.planning, missions=self.missions
        )

    @cached_property
    def paperwork(self) -> Paperwork:
        """Contracts, onboarding forms and invoices written to files (issue 15): built on
        first use, so a session that writes none never loads the renderers."""
        from homeops.services.documents import Paperwork

        return Paperwork(self._vault, self.settings)

    # -- the vault, as far as a face needs to know it ----------------------------------------

    @property
    def path(self) -> Path:
        return self._vault.path

    @property
    def name(self) -> str:
        return self._vault.name

    @property
    def read_only(self) -> bool:
        return self._vault.read_only

    def read_everything(self) -> None:
        """Decode what the unlock left for later (``open_business``'s ``ledger_later``);
        nothing when all is read. Safe from a thread: readers wait for it."""
        self._vault.read_everything()

    @property
    def busy(self) -> str | None:
        """The words of the long write in progress ("erasing a client"), or None."""
        return self._vault.busy

    @property
    def warnings(self) -> list[str]:
        """One-line notices from opening and long writes (a tightened mode, a torn write)."""
        return self._vault.warnings

    def counts(self) -> dict[str, int]:
        """Documents per table."""
        return self._vault.counts()

    def ledger_sums_problem(self) -> tuple[str, bool]:
        """What ``check`` says of the ledger's summary: (words, whether it is damage)."""
        return self._vault.ledger_sums_problem()

    def info(self) -> dict[str, Any]:
        """The file's format, KDF cost, size and journal: nothing about the content."""
        return self._vault.info()

    # -- long writes of the whole vault --------------------------------------------------------

    def change_passphrase(self, new: str) -> None:
        """A new passphrase and a new data key, in one atomic rewrite."""
        self._vault.change_passphrase(new)

    def backup_to(self, out: Path) -> None:
        """An encrypted copy of the vault as it is now (same passphrase)."""
        self._vault.backup_to(out)

    def export_data(self) -> dict[str, Any]:
        """Everything in the vault as JSON-ready data (decrypted: handle with care)."""
        return self._vault.export_data()

    def replace_all(self, tables: CheckedTables) -> None:
        """Swap the whole content for a checked import, in one atomic rewrite."""
        self._vault.replace_all(tables)

    def add_records(self, records: NewRecords) -> None:
        """Store new records in bulk as one durable change (the demo's sample business):
        each checked by the schema, no history or undo record (``services.bulk``)."""
        add_records(self._vault, records)

    def compact(self) -> None:
        self._vault.compact()

    # -- closing -----------------------------------------------------------------------------

    def close(self, *, compact: bool = True) -> None:
        self._vault.close(compact=compact)

    def __enter__(self) -> Business:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def held(self) -> Iterator[None]:
        """No other thread changes the vault meanwhile; this one's changes go through (a
        command typed beside the console runs so: ``homeops.beside``)."""
        with self._vault.held():
            yield

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several use cases as one durable change (the demo's fill, an import's extras)."""
        with self._vault.transaction():
            yield


def import_rules(settings: Settings) -> ImportRules:
    """What an import is held to from the settings: stages, envelopes, currency, categories."""
    return ImportRules(
        stages=tuple(settings.board.stages),
        envelopes=tuple(settings.money.shares_bp),
        currency=settings.money.currency,
        categories=categories(settings),
    )


def parse_import(data: bytes | str, settings: Settings | None = None) -> CheckedTables:
    """An export file checked whole against the vault's rules, and against ``settings``
    (the ones the vault is used with) when given; ``ImportRefused`` otherwise."""
    return Vault.parse_export(data, import_rules(settings) if settings else None)


def read_import(path: Path, settings: Settings | None = None) -> CheckedTables:
    """The export at ``path`` read (at most the import's size limit) and checked whole;
    ``OSError`` when it cannot be read, ``ImportRefused`` when it is refused."""
    return parse_import(read_export(path), settings)
