"""'Delivered, not invoiced' for an hourly mission is what its time logged bills within the cap
(what ``invoice add --mission`` drafts), not the cap (issue 15, review r15b #17)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import private_home, runner

from homeops.cli import invoices as cli_invoices
from homeops.config import Settings
from homeops.rules import invoices as inv
from homeops.rules.model import Client, Mission
from homeops.rules.timelog import TimeEntry
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "hourly-owed-passphrase-9"
TODAY = dt.date(2026, 12, 6)
# 100,00 € an hour, capped at 1 200,00 € (12 h), delivered
HOURLY = Mission("Copy desk", "acme", "Delivered", fee_cents=120_000, hourly_rate_cents=10_000)


def _fill(vault: Vault, *days_minutes: tuple[str, int]) -> None:
    with vault.transaction():
        vault.clients.add(Client("acme"))
        mission_id = vault.missions.add(HOURLY)
        for day, minutes in days_minutes:
            vault.timelog.add(TimeEntry(day, minutes, mission_id=mission_id))


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "data" / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as opened:
        yield opened


def test_the_rule_takes_the_time_billed_for_an_hourly_mission() -> None:
    hourly = Mission("Copy desk", "acme", "Delivered", fee_cents=120_000,
                     hourly_rate_cents=10_000, id=1)  # fmt: skip
    owed = inv.delivered_not_invoiced([hourly], delivered="Delivered", invoiced=(), paid=(),
                                      terms_days=30, today=TODAY, time_billed={1: 100_000},
                                      deposits={1: 36_000})  # fmt: skip
    assert [m.fee_cents for m in owed] == [64_000]  # 1 000 − 360 (the deposit invoiced)
    nothing = inv.delivered_not_invoiced([hourly], delivered="Delivered", invoiced=(),
                                         paid=(), terms_days=30, today=TODAY,
                                         time_billed={1: 0})  # fmt: skip
    assert nothing == []  # no time logged: nothing to ask for (invoice add refuses too)


@pytest.mark.parametrize(
    ("logged", "expected_cents"),
    [
        ([("2026-12-02", 240), ("2026-12-04", 360)], 100_000),  # 10 h at 100 €: 1 000 €
        ([("2026-12-02", 460)], 76_667),  # 7 h 40 = 766,666… → 766,67 € (half up)
        ([("2026-12-02", 900)], 120_000),  # 15 h: the cap, 1 200 €
        ([("2026-12-02", 600), ("2026-12-07", 120)], 100_000),  # tomorrow's time not yet
    ],
)
def test_the_service_lists_what_invoice_add_would_draft(
    vault: Vault, logged: list[tuple[str, int]], expected_cents: int
) -> None:
    _fill(vault, *logged)
    book = Business(vault, Settings()).cashbook
    stamp = book.invoices_stamp()
    (owed,) = book.delivered_not_invoiced(TODAY)
    assert owed.fee_cents == expected_cents
    assert book.next_invoice_of(1, TODAY).amount_cents == expected_cents
    vault.timelog.add(TimeEntry("2026-12-05", 60, mission_id=1))
    assert book.invoices_stamp() != stamp  # time logged changes the answer: read again


def test_the_cli_lists_the_time_logged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_invoices, "today", lambda ctx: TODAY)
    path = tmp_path / "data" / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        _fill(vault, ("2026-12-02", 240), ("2026-12-04", 360))
    run = runner(path, private_home(tmp_path, PASSPHRASE), capsys)
    code, out, err = run("invoices", "--json")
    assert code == 0, err
    (owed,) = json.loads(out)["delivered_not_invoiced"]
    assert owed["amount_cents"] == 100_000
    out = run("invoices")[1]
    assert "delivered, not invoiced: 1 mission, 1\u202f000,00\xa0€" in out
