"""The payout rules (issue 13 points 2 and 3): the rule said in words, each payout seen now
and once the expected payments arrive, held payouts kept in the list, and the note that says
what would cover a short one. Pure: no vault, no clock."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeops.rules.forecast import Flow
from homeops.rules.payouts import CushionState, PayoutLine, pay_changes, payout_note, schedule
from homeops.rules.rule_words import in_words
from homeops.rules.text import line_problem

FRIDAYS = [dt.date(2026, 12, 11) + dt.timedelta(days=7 * i) for i in range(4)]
TODAY = dt.date(2026, 12, 6)
ON_TARGET = CushionState(900_000, 800_000, 266_000, 3)
UNDER = CushionState(10_000, 800_000, 266_000, 3)


def money(cents: int) -> str:
    return f"{cents / 100:.2f} €"


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=FR", "every Friday"),
        ("freq=weekly;byday=fr", "every Friday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "every other Friday"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TH", "every 3 weeks on Monday and Thursday"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "every Monday, Wednesday and Friday"),
        ("FREQ=WEEKLY", "every week"),
        ("FREQ=WEEKLY;WKST=MO;BYDAY=FR", "every Friday"),
        ("FREQ=DAILY", "every day"),
        ("FREQ=DAILY;INTERVAL=3", "every 3 days"),
        ("FREQ=MONTHLY", "every month"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "on the 1st of every month"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", "on the 1st and 15th of every month"),
        ("FREQ=MONTHLY;BYMONTHDAY=22", "on the 22nd of every month"),
        ("FREQ=MONTHLY;BYMONTHDAY=11", "on the 11th of every month"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "on the last day of every month"),
        ("FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=25", "on the 25th of every other month"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "on the last Friday of every month"),
        ("FREQ=MONTHLY;BYDAY=1MO", "on the first Monday of every month"),
        ("FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1", "on the last Friday of every month"),
        ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24", "every year on December 24"),
    ],
)
def test_a_supported_rule_is_said_in_words(rule: str, words: str) -> None:
    assert in_words(rule) == words


@pytest.mark.parametrize(
    ("rule", "shown"),
    [
        ("FREQ=WEEKLY;COUNT=3", "FREQ=WEEKLY;COUNT=3"),  # a rule that ends: its text
        ("FREQ=WEEKLY;UNTIL=20270101", "FREQ=WEEKLY;UNTIL=20270101"),
        ("FREQ=DAILY;BYHOUR=9", "FREQ=DAILY;BYHOUR=9"),
        ("FREQ=WEEKLY;BYDAY=XX", "FREQ=WEEKLY;BYDAY=XX"),
        ("FREQ=WEEKLY;BYDAY=1FR", "FREQ=WEEKLY;BYDAY=1FR"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "FREQ=MONTHLY;BYMONTHDAY=0"),
        ("FREQ=WEEKLY;BYDAY=FR;BYDAY=MO", "FREQ=WEEKLY;BYDAY=FR;BYDAY=MO"),
        ("BYDAY=FR", "BYDAY=FR"),
        ("", ""),
        ("FREQ=WEEKLY;BYDAY=FR\x1b[2J", "FREQ=WEEKLY;BYDAY=FR\\x1b[2J"),  # text is data
        ("FREQ=WEEKLY;BYDAY=\u202eFR", "FREQ=WEEKLY;BYDAY=\\u202eFR"),
    ],
)
def test_anything_else_is_the_rule_text_shown(rule: str, shown: str) -> None:
    assert in_words(rule) == shown


@given(st.text(max_size=60))
def test_words_never_carry_a_control_character(rule: str) -> None:
    assert line_problem(in_words(rule), "the rule", 10_000) is None


def test_each_payout_is_seen_now_and_once_the_expected_payments_arrive() -> None:
    # pay holds 700; 1 000 of pay comes on the 20th (before the 3rd payout)
    lines = schedule(FRIDAYS, amount_cents=600, pay_balance_cents=700, cushion=ON_TARGET,
                     today=TODAY, expected=[(dt.date(2026, 12, 20), 1_000)])  # fmt: skip
    assert [(x.pay_after_cents, x.covered) for x in lines] == [
        (100, True), (-500, False), (-1_100, False), (-1_700, False)]  # fmt: skip
    assert [(x.expected_after_cents, x.covered_expected) for x in lines] == [
        (100, True), (-500, False), (-100, False), (-700, False)]  # fmt: skip
    enough = schedule(FRIDAYS, amount_cents=600, pay_balance_cents=700, cushion=ON_TARGET,
                      today=TODAY, expected=[(dt.date(2026, 12, 18), 5_000)])  # fmt: skip
    assert [x.covered_expected for x in enough] == [True, True, True, True]
    assert [x.covered for x in enough] == [True, False, False, False]


def test_a_held_payout_stays_in_the_list_and_draws_nothing() -> None:
    held = {FRIDAYS[1].isoformat(): "cushion low"}
    lines = schedule(FRIDAYS, amount_cents=600, pay_balance_cents=1_300, cushion=UNDER,
                     today=TODAY, held=held)  # fmt: skip
    assert [x.date for x in lines] == [d.isoformat() for d in FRIDAYS]
    assert [(x.held, x.reason) for x in lines] == [
        (False, ""), (True, "cushion low"), (False, ""), (False, "")]  # fmt: skip
    assert [x.pay_after_cents for x in lines] == [700, 700, 100, -500]
    assert [x.pending for x in lines] == [True, False, True, True]
    # the cushion is under target: holding the first payout still to pay is suggested
    assert [x.hold for x in lines] == [True, False, False, True]
    assert not lines[1].due


def test_a_held_first_payout_moves_the_hold_suggestion_to_the_next() -> None:
    lines = schedule(FRIDAYS, amount_cents=600, pay_balance_cents=5_000, cushion=UNDER,
                     today=TODAY, held={FRIDAYS[0].isoformat(): "r"})  # fmt: skip
    assert [x.hold for x in lines] == [False, True, False, False]


def test_pay_changes_are_the_pay_share_of_payments_and_costs_drawn_on_pay() -> None:
    shares = {"taxes": 2500, "costs": 1500, "pay": 5000, "cushion": 1000}
    flows = [
        Flow(dt.date(2026, 12, 10), 1_001, "F-0001 acme"),
        Flow(dt.date(2026, 12, 12), -300, "insurance", "costs"),
        Flow(dt.date(2026, 12, 14), -200, "rent share", "pay"),
    ]
    assert pay_changes(flows, shares) == [(dt.date(2026, 12, 10), 501),
                                          (dt.date(2026, 12, 14), -200)]  # fmt: skip


def _line(**kw: object) -> PayoutLine:
    base: dict[str, object] = {
        "date": "2027-01-01", "amount_cents": 600, "pay_after_cents": -200, "covered": False,
        "due": False, "hold": False, "expected_after_cents": 300, "covered_expected": True,
    }  # fmt: skip
    return PayoutLine(**{**base, **kw})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("line", "cushion", "note", "brief"),
    [
        (_line(covered=True, pay_after_cents=0), 0, "", ""),
        (_line(), 0, "covered once the payments expected before it arrive",
         "covered once payments arrive"),
        (_line(covered_expected=False, expected_after_cents=-250), 1_000,
         "2.50 € short even with the payments expected: transfer it from the cushion "
         "(10.00 €) with a reason, or hold it", "2.50 € short: cushion or hold"),
        (_line(covered_expected=False, expected_after_cents=-250), 100,
         "2.50 € short even with the payments expected: the cushion (1.00 €) cannot cover it "
         "either: hold it", "2.50 € short: hold it"),
        (_line(held=True, reason="cushion low"), 0, "held: cushion low", "held: cushion low"),
        (_line(held=True), 0, "held", "held"),
    ],
)  # fmt: skip
def test_every_short_row_says_what_would_cover_it(
    line: PayoutLine, cushion: int, note: str, brief: str
) -> None:
    assert payout_note(line, cushion, money) == note
    assert payout_note(line, cushion, money, brief=True) == brief


@given(
    balance=st.integers(-(10**8), 10**8),
    amount=st.integers(0, 10**7),
    held=st.sets(st.integers(0, 7)),
    expected=st.lists(st.tuples(st.integers(0, 70), st.integers(-(10**6), 10**7)), max_size=8),
)
def test_a_hold_draws_nothing_and_the_expected_view_adds_exactly_what_comes_before(
    balance: int, amount: int, held: set[int], expected: list[tuple[int, int]]
) -> None:
    days = [FRIDAYS[0] + dt.timedelta(days=7 * i) for i in range(8)]
    changes = [(TODAY + dt.timedelta(days=d), cents) for d, cents in expected]
    lines = schedule(days, amount_cents=amount, pay_balance_cents=balance, cushion=UNDER,
                     today=TODAY, held={days[i].isoformat(): "r" for i in held},
                     expected=changes)  # fmt: skip
    paid = 0
    for day, line in zip(days, lines, strict=True):
        assert line.held == (days.index(day) in held)
        paid += 0 if line.held else amount
        coming = sum(cents for when, cents in changes if when <= day)
        assert line.pay_after_cents == balance - paid
        assert line.expected_after_cents == balance - paid + coming
        assert line.covered_expected == (line.expected_after_cents >= 0)
        if not changes:
            assert line.covered_expected == line.covered or line.held
