"""An amount is never cut nor parted from its label (issue 13 review point 6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pilot_helpers import TODAY, settle
from rich.cells import cell_len
from textual.widgets import Static

from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.rules import ledger
from homeops.rules.bounds import AMOUNT_MAX_CENTS
from homeops.rules.forecast import Forecast, ForecastWeek
from homeops.services import Business
from homeops.services.cashbook import LedgerRow
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.views.ledger_rows import Money, entry_row, envelopes_text, forecast_text

AppFactory = Callable[..., HomeopsApp]
MONEY = Money("EUR", "fr_FR")
LARGEST = MONEY(-AMOUNT_MAX_CENTS)  # -999 999 999,99 €, the largest an entry may hold


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_largest_entry_is_shown_whole_and_the_row_keeps_its_width(width: int) -> None:
    row = LedgerRow(7, "2026-11-27", "Rent for the year", -AMOUNT_MAX_CENTS, "costs", "expense",
                    None, "EUR")  # fmt: skip
    plain = entry_row(row, width, MONEY).plain
    assert LARGEST in plain and "…" not in plain.split("costs")[1]
    assert cell_len(plain) == cell_len(
        entry_row(row._replace(amount_cents=-100), width, MONEY).plain
    )


@pytest.mark.parametrize("width", [80, 120])
def test_the_forecast_shows_sums_past_one_entrys_bound_whole_and_in_one_column(
    width: int,
) -> None:
    start = {"costs": -2 * AMOUNT_MAX_CENTS, "pay": 5000}
    weeks = tuple(
        ForecastWeek(n, TODAY, TODAY + dt.timedelta(days=6), {"costs": -AMOUNT_MAX_CENTS * n}, 0, 0)
        for n in (1, 2)
    )
    chart = forecast_text(Forecast(weeks, start), MONEY, width).plain.splitlines()
    now = MONEY(sum(start.values()))  # -1 999 999 999,48 €
    assert chart[0].startswith("Now") and now in chart[0]
    assert MONEY(-AMOUNT_MAX_CENTS) in chart[1] and MONEY(-2 * AMOUNT_MAX_CENTS) in chart[2]
    ends = {cell_len(line[: line.index("€") + 1]) for line in chart[:3]}
    assert len(ends) == 1  # the amounts end in one column
    assert all(cell_len(line) <= width for line in chart)


def test_each_envelope_is_joined_to_its_amount() -> None:
    text = envelopes_text({"costs": -AMOUNT_MAX_CENTS, "cushion": -58850}, MONEY).plain
    assert f"costs\u00a0{LARGEST}" in text and f"cushion\u00a0{MONEY(-58850)}" in text
    assert f"total\u00a0{MONEY(-AMOUNT_MAX_CENTS - 58850)}" in text


async def test_at_80_columns_the_ledger_header_wraps_between_envelopes(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    business = Business(open_vault, Settings())
    fill_with_sample(business, None, TODAY)
    entry = ledger.expense(AMOUNT_MAX_CENTS, date=TODAY.isoformat(), category="rent",
                           currency="EUR")  # fmt: skip
    business.cashbook.record_expense(entry, override="a test of the widest amount")
    app = app_factory(vault=open_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        header = app.screen.query_one("#ledger-envelopes", Static)
        lines = [line.text.rstrip() for line in header.render_lines(header.region.reset_offset)]
        lines = [line for line in lines if line]
        assert len(lines) >= 2  # it wraps at 80 columns
        labels = ("taxes", "costs", "pay", "cushion", "total")
        assert not any(line.endswith(labels) for line in lines)
        assert not any(line.lstrip().startswith(("-", "€")) or line[:1].isdigit() for line in lines)
