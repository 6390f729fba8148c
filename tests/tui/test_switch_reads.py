"""A view switch does not redo work (issue 18 point 4): the Planner, Clients and Offers read
the vault again only when a table they read has changed since they last read it — on
another view, beside the console, or through the services — and then once."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import settle, switch
from textual.widgets import DataTable

from homeops.beside.client import beside
from homeops.config import Settings
from homeops.main import serve_beside
from homeops.rules.model import Client
from homeops.services import Business
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.planner_dialogs import LogTimeDialog

AppFactory = Callable[..., HomeopsApp]


class Reads:
    """Counts the calls of the service reads each view starts from."""

    def __init__(self, business: Business) -> None:
        self.calls = {"planner": 0, "clients": 0, "offers": 0}
        self._spy(business.planning, "schedule", "planner")
        self._spy(business.clients, "list", "clients")
        self._spy(business.offers, "results", "offers")

    def _spy(self, service: object, method: str, view: str) -> None:
        read = getattr(service, method)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[view] += 1
            return read(*args, **kwargs)

        setattr(service, method, counted)

    def taken(self) -> dict[str, int]:
        """The counts since the last call, then zero again."""
        calls, self.calls = self.calls, dict.fromkeys(self.calls, 0)
        return calls


def aliases(app: HomeopsApp) -> list[str]:
    table: DataTable[Any] = app.screen.query_one("#clients-table", DataTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


async def test_switching_back_and_forth_with_nothing_changed_reads_nothing(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await switch(pilot, "3", "4", "5", "1")  # each view built and shown once
        assert app.business is not None
        reads = Reads(app.business)
        await switch(pilot, *"2345123451")
        assert reads.taken() == {"planner": 0, "clients": 0, "offers": 0}


async def test_no_view_reads_the_time_log_or_the_invoices_again_on_a_switch(
    demo_vault: Vault, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await switch(pilot, "2", "3", "4", "5", "1")
        calls: list[str] = []
        for table in ("timelog", "invoices", "missions"):
            repo = getattr(demo_vault, table)
            read = repo.list

            def counted(*args: Any, _read: Any = read, _table: str = table, **kw: Any) -> Any:
                calls.append(_table)
                return _read(*args, **kw)

            monkeypatch.setattr(repo, "list", counted)
        await switch(pilot, *"2345123451")
        assert calls == []  # the Board's "to bill" and hourly use included


async def test_a_change_made_elsewhere_is_read_once_by_the_view_it_concerns(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await switch(pilot, "3", "4", "5", "1")
        assert app.business is not None
        reads = Reads(app.business)
        # what the Board's mission form does for a new client: the same service, same vault
        app.business.clients.add(Client(alias="nordlys", status="prospect"))
        await switch(pilot, "4")
        assert "nordlys" in aliases(app)
        # the planner (retainers' clients) and the offers (channels) read clients too
        await switch(pilot, "3", "5")
        assert reads.taken() == {"planner": 1, "clients": 1, "offers": 1}
        await switch(pilot, "4", "3", "5", "4")
        assert reads.taken() == {"planner": 0, "clients": 0, "offers": 0}


async def test_time_logged_on_the_planner_is_read_by_the_offers_once(
    demo_vault: Vault, app_factory: AppFactory
) -> None:
    app = app_factory(vault=demo_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await switch(pilot, "4", "5", "3")
        assert app.business is not None
        before = len(demo_vault.timelog.list())
        reads = Reads(app.business)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, LogTimeDialog)
        await pilot.press("enter")  # the cell's planned hours, as offered
        await settle(pilot)
        assert len(demo_vault.timelog.list()) == before + 1
        reads.taken()  # the planner replans after its own change
        await switch(pilot, "5", "4")
        assert reads.taken() == {"planner": 0, "clients": 0, "offers": 1}


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    folder = tempfile.mkdtemp(prefix="hs")  # short: a socket's path is limited
    monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


async def test_a_client_added_beside_shows_at_once_on_the_open_clients_view(
    open_vault: Vault, app_factory: AppFactory, vault_path: Path, runtime: str
) -> None:
    app = app_factory(vault=open_vault, serve_beside=serve_beside(Settings(), vault_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await switch(pilot, "4")
        assert aliases(app) == []
        env = {"XDG_RUNTIME_DIR": runtime, "HOME": str(vault_path.parent),
               "HOMEOPS_CONFIG": str(vault_path.parent / "config.toml")}  # fmt: skip
        argv = ["client", "add", "acme", "--vault", str(vault_path)]
        assert await asyncio.to_thread(beside, argv, env) == 0
        await settle(pilot)
        assert aliases(app) == ["acme"]
