"""The cash-flow rules: amounts, splits, envelopes, invoices, payouts, cushion, forecast."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeops.rules import invoices as inv
from homeops.rules import ledger
from homeops.rules.bounds import AMOUNT_MAX_CENTS
from homeops.rules.forecast import Flow, RecurringCost, bar, expected_flows, forecast, sparkline
from homeops.rules.invoices import Invoice
from homeops.rules.model import LedgerEntry
from homeops.rules.money import format_amount, parse_amount, split_cents
from homeops.rules.payouts import (
    RuleNeverFires,
    cushion_state,
    occurrences,
    per_month,
    schedule,
)

SHARES = {"taxes": 2500, "costs": 1500, "pay": 5000, "cushion": 1000}
TODAY = dt.date(2026, 11, 30)  # a Monday

# -- amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1200", 120000),
        ("1200.50", 120050),
        ("1 200,50", 120050),
        ("1.200,50 €", 120050),
        ("€1,200.50", 120050),
        ("1\u202f200,50\u00a0€", 120050),
        ("-600.00", -60000),
        ("0,5", 50),
        ("12 345 678", 1234567800),
    ],
    ids=lambda v: str(v),
)
def test_amounts_people_type(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("1,200", "ambiguous"),
        ("1.200", "ambiguous"),
        ("12.345", "ambiguous"),
        ("", "empty"),
        ("abc", "not an amount"),
        ("1.2.3,4,5", "not an amount"),
        ("12,3456", "more than 2 decimals"),
        ("1 20,00", "misplaced"),
        ("--5", "minus"),
        ("€5€", "currency"),
        ("5.", "ends with"),
    ],
)
def test_amounts_refused_with_one_line(text: str, why: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_amount(text)
    assert why in str(caught.value) and "\n" not in str(caught.value)


@given(st.integers(-AMOUNT_MAX_CENTS, AMOUNT_MAX_CENTS), st.sampled_from(["fr_FR", "en"]))
def test_parse_format_round_trip(cents: int, locale: str) -> None:
    assert parse_amount(format_amount(cents, "EUR", locale), locale) == cents


@st.composite
def shares(draw: st.DrawFn) -> dict[str, int]:
    count = draw(st.integers(1, 6))
    cuts = sorted(draw(st.lists(st.integers(0, 10000), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, 10000]
    return {f"e{i}": bounds[i + 1] - bounds[i] for i in range(count)}


@given(st.integers(1, 10**12), shares())
def test_any_split_adds_up_exactly(amount: int, parts: dict[str, int]) -> None:
    entries = ledger.split_income(amount, parts, date="2026-11-30", description="x",
                                  currency="EUR", group="g")  # fmt: skip
    assert sum(e.amount_cents for e in entries) == amount
    assert all(isinstance(e.amount_cents, int) for e in entries)
    assert [e.envelope for e in entries] == list(parts)
    for entry in entries:
        assert abs(entry.amount_cents * 10000 - amount * parts[entry.envelope]) < 10000


# -- envelopes -------------------------------------------------------------------------------


def test_income_split_into_the_four_envelopes() -> None:
    entries = ledger.split_income(100001, SHARES, date="2026-11-30", description="Payment",
                                  currency="EUR", group="g1", mission_id=3)  # fmt: skip
    assert {e.envelope: e.amount_cents for e in entries} == split_cents(100001, SHARES)
    assert {e.group for e in entries} == {"g1"} and {e.kind for e in entries} == {"income"}
    assert ledger.balances(entries, list(SHARES))["pay"] == 50001


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"taxes": 2500, "pay": 5000}, "add up to 75 %"),
        ({"taxes": 5000, "pay": 6000}, "add up to 110 %"),
        ({}, "no envelopes"),
        ({"a": -100, "b": 10100}, "negative"),
    ],
)
def test_shares_that_do_not_add_up_are_refused(parts: dict[str, int], message: str) -> None:
    assert message in ledger.shares_problem(parts)
    with pytest.raises(ValueError, match=message):
        ledger.split_income(100, parts, date="2026-11-30", description="x", currency="EUR",
                            group="g")  # fmt: skip


def test_expense_and_transfer_rules() -> None:
    spent = ledger.expense(1999, date="2026-11-30", category="software", currency="EUR")
    assert (spent.amount_cents, spent.envelope, spent.kind) == (-1999, "costs", "expense")
    with pytest.raises(ValueError, match="category"):
        ledger.expense(1999, date="2026-11-30", category=" ", currency="EUR")
    with pytest.raises(ValueError, match="more than zero"):
        ledger.expense(0, date="2026-11-30", category="x", currency="EUR")
    legs = ledger.transfer(5000, date="2026-11-30", source="pay", target="cushion",
                           reason="top up", currency="EUR", group="t")  # fmt: skip
    assert sum(e.amount_cents for e in legs) == 0
    assert ledger.balances(legs) == {"pay": -5000, "cushion": 5000}
    with pytest.raises(ValueError, match="reason"):
        ledger.transfer(5000, date="2026-11-30", source="pay", target="cushion", reason="",
                        currency="EUR", group="t")  # fmt: skip
    with pytest.raises(ValueError, match="two different"):
        ledger.transfer(5000, date="2026-11-30", source="pay", target="pay", reason="r",
                        currency="EUR", group="t")  # fmt: skip


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01"])
def test_dates_that_do_not_exist_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a date that exists"):
        ledger.parse_day(text)


@pytest.mark.parametrize("text", ["30/11/2026", "tomorrow", "", "20261231", "2026-W49-1"])
def test_what_is_not_written_yyyy_mm_dd_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a date: write YYYY-MM-DD"):
        ledger.parse_day(text)


def test_filter_by_month_envelope_client_mission_and_words() -> None:
    wanted = ledger.parse_filter("month:2026-11 env:pay client:acme rent")
    assert (wanted.month, wanted.envelope, wanted.client, wanted.words) == (
        "2026-11", "pay", "acme", ("rent",))  # fmt: skip
    assert wanted.matches("2026-11-02", "Payment from acme: rent", "pay", None)
    assert not wanted.matches("2026-10-02", "Payment from acme: rent", "pay", None)
    assert not wanted.matches("2026-11-02", "Payment from acme: rent", "taxes", None)
    by_mission = ledger.parse_filter("mission:7")
    assert by_mission.matches("2026-01-01", "x", "pay", 7)
    assert not by_mission.matches("2026-01-01", "x", "pay", 8)
    with pytest.raises(ValueError, match="month"):
        ledger.parse_filter("month:2026-13")


# -- invoices --------------------------------------------------------------------------------


def test_invoice_numbers_continue_without_gaps_and_void_keeps_its_number() -> None:
    numbers: list[int] = []
    made = []
    for _ in range(3):
        number = inv.next_number(numbers)
        numbers.append(number)
        made.append(Invoice(number, "acme", 10000))
    inv.void(made[1])
    numbers.append(inv.next_number(numbers))
    assert numbers == [1, 2, 3, 4]
    assert made[1].status == "void" and made[1].number == 2
    assert inv.gaps(numbers) == []
    assert inv.gaps([1, 2, 4]) == [3]
    assert inv.label(7) == "F-0007" and inv.parse_number("F-0007") == 7


@pytest.mark.parametrize(
    ("status", "due", "shown"),
    [
        ("draft", None, "draft"),
        ("sent", "2026-12-01", "sent"),
        ("sent", "2026-11-30", "sent"),
        ("sent", "2026-11-29", "overdue"),
        ("paid", "2026-11-01", "paid"),
        ("void", "2026-11-01", "void"),
    ],
)
def test_invoice_status_and_overdue(status: str, due: str | None, shown: str) -> None:
    assert inv.status_on(Invoice(1, "a", 1, status=status, due=due), TODAY) == shown


def test_invoice_transitions() -> None:
    invoice = Invoice(1, "acme", 50000)
    inv.send(invoice, dt.date(2026, 11, 2), 30)
    assert (invoice.issued, invoice.due) == ("2026-11-02", "2026-12-02")
    with pytest.raises(inv.InvoiceRefused):
        inv.send(invoice, TODAY, 30)
    inv.pay(invoice, TODAY, 30)
    assert (invoice.status, invoice.paid_on) == ("paid", "2026-11-30")
    for change in (inv.void, lambda i: inv.pay(i, TODAY, 30)):
        with pytest.raises(inv.InvoiceRefused):
            change(invoice)


# -- payouts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "anchor", "expected"),
    [
        ("FREQ=WEEKLY;BYDAY=FR", None, ["2026-12-04", "2026-12-11", "2026-12-18"]),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", dt.date(2026, 11, 27),
         ["2026-12-11", "2026-12-25", "2027-01-08"]),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", None,
         ["2026-11-30", "2026-12-31", "2027-01-29"]),
        # RFC 5545: the 31st skips short months...
        ("FREQ=MONTHLY;BYMONTHDAY=31", None, ["2026-12-31", "2027-01-31", "2027-03-31"]),
        # ...so "the 31st or the last day" is written with BYSETPOS
        ("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", None,
         ["2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28"]),
    ],
    ids=["weekly-friday", "every-other-friday", "last-business-day", "31st", "31st-or-last"],
)  # fmt: skip
def test_payout_rules(rule: str, anchor: dt.date | None, expected: list[str]) -> None:
    start = TODAY if anchor is None else anchor + dt.timedelta(days=1)
    found = occurrences(rule, start, len(expected), anchor)
    assert [d.isoformat() for d in found] == expected


@pytest.mark.parametrize(
    "rule", ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=WEEKLY;BYDAY=FR;UNTIL=20200101"]
)
def test_a_rule_that_never_fires_is_a_clear_error(rule: str) -> None:
    with pytest.raises(RuleNeverFires, match="never fires"):
        occurrences(rule, TODAY, 12)


def test_weekly_is_about_four_and_a_third_per_month() -> None:
    assert 4.2 < per_month("FREQ=WEEKLY;BYDAY=FR", TODAY) < 4.5


@pytest.mark.parametrize(
    ("cushion", "pay", "under", "holds", "short_from"),
    [
        (900_000, 300_000, False, [], 5),  # on target: no hold; pay lasts 5 payouts
        (100_000, 300_000, True, [0, 5, 6], 5),  # under: hold the next and the short ones
        (100_000, 0, True, [0, 1, 2], 0),
    ],
    ids=["on-target", "under-target", "empty-pay"],
)
def test_cushion_and_hold(
    cushion: int, pay: int, under: bool, holds: list[int], short_from: int
) -> None:
    state = cushion_state(cushion, payout_cents=60000, payouts_per_month=4.0,
                          monthly_costs_cents=60000, target_months=3)  # fmt: skip
    assert state.monthly_need_cents == 300_000 and state.target_cents == 900_000
    assert state.under_target is under
    dates = occurrences("FREQ=WEEKLY;BYDAY=FR", TODAY, 7 if pay else 3)
    lines = schedule(dates, amount_cents=60000, pay_balance_cents=pay, cushion=state,
                     today=TODAY)  # fmt: skip
    assert [i for i, line in enumerate(lines) if line.hold] == holds
    assert [line.covered for line in lines] == [i < short_from for i in range(len(lines))]
    assert lines[0].pay_after_cents == pay - 60000


# -- forecast --------------------------------------------------------------------------------


def test_forecast_weeks_and_lowest_point() -> None:
    flows = [
        Flow(TODAY + dt.timedelta(days=3), -60000, "Payout", "pay"),
        Flow(TODAY + dt.timedelta(days=10), -60000, "Payout", "pay"),
        Flow(TODAY + dt.timedelta(days=12), 100000, "F-0001"),
        Flow(TODAY + dt.timedelta(days=15), -5000, "Software", "costs"),
    ]
    result = forecast({"pay": 100000}, SHARES, flows, today=TODAY, weeks=3)
    totals = [w.total for w in result.weeks]
    assert totals == [40000, 80000, 75000]
    assert result.weeks[1].balances["pay"] == 40000 - 60000 + 50000
    assert result.weeks[1].balances["taxes"] == 25000
    lowest = result.lowest
    assert lowest is not None and lowest.number == 1
    assert result.lowest_of("costs") is not None
    with pytest.raises(ValueError):
        forecast({}, SHARES, [], today=TODAY, weeks=0)


def test_expected_flows_from_invoices_missions_payouts_and_recurring_costs() -> None:
    cost = RecurringCost("Software", 1999, "FREQ=MONTHLY;BYMONTHDAY=5", "2026-01-05")
    flows = expected_flows(
        open_invoices=[(TODAY - dt.timedelta(days=4), 50000, "F-0001 overdue")],
        missions=[("2026-12-01", 80000, "Guide"), (None, 1000, "no deadline"),
                  ("2026-12-01", 0, "no fee")],
        recurring=[cost], payouts=[(dt.date(2026, 12, 4), 60000)], today=TODAY, weeks=12,
        terms_days=30,
    )  # fmt: skip
    by_label = {f.label: f for f in flows if f.label != "Software"}
    assert by_label["F-0001 overdue"].date == TODAY  # overdue money counted from today
    assert by_label["Guide"].date == dt.date(2026, 12, 31)
    assert "no deadline" not in by_label and "no fee" not in by_label
    assert [f.date.isoformat() for f in flows if f.label == "Software"] == [
        "2026-12-05", "2027-01-05", "2027-02-05"]  # fmt: skip


def test_bars_and_sparklines() -> None:
    assert bar(100, 100, 4) == "████"
    assert bar(50, 100, 4) == "██"
    assert bar(1, 100, 4) == ""
    assert bar(-100, 100, 2) == "██"
    assert sparkline([1, 2, 3]) == "▁▄█"
    assert sparkline([5, 5]) == "▄▄"


def test_monthly_costs_average_the_last_three_months() -> None:
    entries = [
        LedgerEntry("2026-11-01", "x", -30000, "costs", kind="expense"),
        LedgerEntry("2026-06-01", "old", -999999, "costs", kind="expense"),
        LedgerEntry("2026-11-02", "in", 50000, "costs", kind="income"),
    ]
    assert ledger.monthly_costs(entries, TODAY) == 10000


# -- reversals -------------------------------------------------------------------------------


def _stored(entries: list[LedgerEntry], first_id: int) -> list[LedgerEntry]:
    """``entries`` as the vault hands them back: with ids."""
    for offset, entry in enumerate(entries):
        entry.id = first_id + offset
    return entries


def _ledger_before() -> list[LedgerEntry]:
    """Money already in the envelopes before the mistake."""
    return _stored(
        ledger.split_income(250000, SHARES, date="2026-10-01", description="Opening",
                            currency="EUR", group="in-opening"),
        1,
    )  # fmt: skip


MISTAKES = {
    "income split (4 entries)": lambda: ledger.split_income(
        100001, SHARES, date="2026-11-20", description="Payment from acme", currency="EUR",
        group="in-2026-11-20-ab12", mission_id=7,
    ),
    "expense (alone)": lambda: [ledger.expense(
        1999, date="2026-11-21", category="software", currency="EUR", mission_id=3)],
    "transfer (2 legs)": lambda: ledger.transfer(
        5000, date="2026-11-22", source="pay", target="cushion", reason="top up",
        currency="EUR", group="tr-2026-11-22-cd34",
    ),
}  # fmt: skip


@pytest.mark.parametrize("pick", [0, -1], ids=["first entry", "last entry"])
@pytest.mark.parametrize("make", MISTAKES.values(), ids=MISTAKES.keys())
def test_a_reversal_negates_the_whole_group_and_the_envelopes_return_exactly(
    make: Callable[[], list[LedgerEntry]], pick: int
) -> None:
    before = _ledger_before()
    mistake = _stored(make(), len(before) + 1)
    picked = mistake[pick]
    reversal = ledger.reverse(picked, before + mistake, [], date="2026-11-30", reason=" typo\n")
    assert [r.amount_cents for r in reversal] == [-m.amount_cents for m in mistake]
    assert [(r.envelope, r.currency, r.kind, r.mission_id) for r in reversal] == [
        (m.envelope, m.currency, m.kind, m.mission_id) for m in mistake]  # fmt: skip
    assert [r.description for r in reversal] == [f"Reversal of #{m.id}: typo" for m in mistake]
    assert {r.date for r in reversal} == {"2026-11-30"}
    assert {r.group for r in reversal} == {ledger.reversal_group(picked)}
    assert all(ledger.is_reversal(r.group) for r in reversal) and all(
        r.id is None for r in reversal
    )
    assert ledger.balances(before + mistake + reversal, list(SHARES)) == ledger.balances(
        before, list(SHARES)
    )


def test_the_reversal_group_names_the_reversed_group() -> None:
    grouped = LedgerEntry("2026-11-20", "x", 100, "pay", group="in-2026-11-20-ab12", id=9)
    alone = LedgerEntry("2026-11-20", "x", -100, "costs", kind="expense", id=10)
    assert ledger.reversal_group(grouped) == "rv-in-2026-11-20-ab12"
    assert ledger.reversal_group(alone) == "rv-#10"
    # An entry stored alone is its own group, even among others without a group.
    other = LedgerEntry("2026-11-20", "y", -5, "costs", kind="expense", id=11)
    assert ledger.group_entries(alone, [alone, other]) == [alone]


@given(
    st.integers(1, 10**11),
    shares(),
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
)
def test_any_income_reversed_leaves_every_envelope_at_zero(
    amount: int, parts: dict[str, int], day: dt.date
) -> None:
    split = _stored(
        ledger.split_income(amount, parts, date=day.isoformat(), description="p",
                            currency="EUR", group="g"),
        1,
    )  # fmt: skip
    reversal = ledger.reverse(split[0], split, [], date=day.isoformat(), reason="r")
    assert set(ledger.balances(split + reversal).values()) == {0}


def _refused_cases() -> dict[str, tuple[Callable[[], str], str]]:
    split = _stored(
        ledger.split_income(1000, SHARES, date="2026-11-20", description="p", currency="EUR",
                            group="in-x"),
        1,
    )  # fmt: skip
    done = _stored(ledger.reverse(split[1], split, [], date="2026-11-25", reason="dup"), 5)

    def again() -> str:
        return str(ledger.reverse(split[2], split, done, date="2026-11-30", reason="again"))

    def of_a_reversal() -> str:
        return str(ledger.reverse(done[0], done, done, date="2026-11-30", reason="undo"))

    def no_reason() -> str:
        return str(ledger.reverse(split[0], split, [], date="2026-11-30", reason=" \n "))

    def too_early() -> str:
        return str(ledger.reverse(split[0], split, [], date="2026-11-19", reason="early"))

    def unsaved() -> str:
        entry = LedgerEntry("2026-11-20", "x", 100, "pay")
        return str(ledger.reverse(entry, [], [], date="2026-11-30", reason="r"))

    return {
        "a group already reversed": (again, "entry #3 was already reversed on 2026-11-25 (#5)"),
        "a reversal": (of_a_reversal, "entry #5 is itself a reversal"),
        "no reason": (no_reason, "needs a reason"),
        "dated before the entry": (too_early, "before the entry it reverses (2026-11-20)"),
        "an entry never stored": (unsaved, "only a stored entry"),
    }


@pytest.mark.parametrize("case", list(_refused_cases()))
def test_reversals_refused_with_one_line(case: str) -> None:
    call, message = _refused_cases()[case]
    with pytest.raises(ledger.ReversalRefused) as caught:
        call()
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert isinstance(caught.value, ValueError)  # the module's error style


def test_reversal_problem_is_empty_when_it_can_be_made() -> None:
    split = _stored(ledger.split_income(1000, SHARES, date="2026-11-20", description="p",
                                        currency="EUR", group="g"), 1)  # fmt: skip
    assert ledger.reversal_problem(split[0], split, [], date="2026-11-20") == ""


def test_a_reversed_expense_no_longer_counts_in_the_monthly_costs() -> None:
    spent = _stored([ledger.expense(30000, date="2026-11-01", category="x", currency="EUR")], 1)
    undone = ledger.reverse(spent[0], spent, [], date="2026-11-02", reason="not ours")
    assert ledger.monthly_costs(spent, TODAY) == 10000
    assert ledger.monthly_costs(spent + undone, TODAY) == 0


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-1", "26-11", "2026-11-01", ""])
def test_months_that_are_not_months_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a month"):
        ledger.parse_month(text)
    assert ledger.parse_month(" 2026-11 ") == "2026-11"
