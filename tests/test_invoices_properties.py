"""Issue 14: money in = money planned. For any fee, scope changes and deposit share, the
deposit invoice and the final draft bill exactly the fee and the accepted changes; the
forecast expects exactly the open fees of undelivered missions."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

from homeops.rules import invoices as inv
from homeops.rules.forecast import mission_flows
from homeops.rules.model import Mission, ScopeChange

TODAY = dt.date(2026, 11, 16)
END = TODAY + dt.timedelta(days=7 * 52 - 1)

changes = st.lists(
    st.builds(ScopeChange, date=st.just("2026-11-01"), what=st.just("change"),
              fee_delta_cents=st.integers(-50_000, 500_000), accepted=st.booleans()),
    max_size=5,
)  # fmt: skip


@given(
    fee=st.integers(1, 10_000_000),
    deposit_bp=st.integers(0, 10_000),
    scope=changes,
)
def test_the_deposit_and_the_final_invoice_bill_the_fee_and_accepted_changes(
    fee: int, deposit_bp: int, scope: list[ScopeChange]
) -> None:
    mission = Mission("Guide", "acme", "Delivered", fee_cents=fee, deposit_bp=deposit_bp,
                      scope_changes=scope, id=1)  # fmt: skip
    expected = fee + sum(c.fee_delta_cents for c in scope if c.accepted)
    deposit = inv.deposit_invoice(mission, "fee")
    invoices = []
    if deposit is not None:
        deposit.number, deposit.status = 1, "paid"
        invoices.append(deposit)
    deposit_cents = deposit.amount_cents if deposit else 0
    assume(expected - deposit_cents > 0)  # else nothing is left to bill: refused
    final = inv.draft_final(mission, invoices)
    assert final.amount_cents == sum(line.amount_cents for line in final.lines)
    assert deposit_cents + final.amount_cents == expected


@given(
    missions=st.lists(
        st.tuples(st.integers(1, 5_000_000), st.integers(0, 10_000), st.integers(0, 120),
                  st.integers(0, 200), st.booleans()),
        max_size=8,
    )
)  # fmt: skip
def test_the_forecast_expects_exactly_the_open_fees(
    missions: list[tuple[int, int, int, int, bool]],
) -> None:
    """Each mission: fee, deposit share, terms, days to its finish, deposit invoiced yet;
    a deposit invoiced counts on its own, so only the rest is expected here."""
    expected = 0
    total = 0
    for fee, share, terms, days, invoiced in missions:
        deposit = inv.deposit_cents(fee, share)
        flows = mission_flows("m", fee, finish=TODAY + dt.timedelta(days=days), terms_days=terms,
                              today=TODAY, end=END, deposit_bp=share,
                              deposits_cents=deposit if invoiced else None)  # fmt: skip
        assert all(f.date >= TODAY for f in flows)
        total += sum(f.amount_cents for f in flows)
        expected += fee - deposit if invoiced else fee
    assert total == expected
