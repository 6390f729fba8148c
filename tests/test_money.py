"""Amounts typed by people -> integer cents, and cents -> text people read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeops.rules.bounds import AMOUNT_MAX_CENTS
from homeops.rules.money import NARROW_NBSP, NBSP, format_amount, parse_amount, split_cents


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        pytest.param("1200", 120000, id="plain"),
        pytest.param("1200.50", 120050, id="dot-decimals"),
        pytest.param("1200,5", 120050, id="comma-one-decimal"),
        pytest.param("1 200,50", 120050, id="fr-space-thousands"),
        pytest.param("1.200,50 €", 120050, id="de-style-with-euro"),
        pytest.param("€1,200.50", 120050, id="en-style"),
        pytest.param("600.00", 60000, id="payout-default"),
        pytest.param("-600", -60000, id="negative"),
        pytest.param("-€1,200.50", -120050, id="negative-before-symbol"),
        pytest.param("€-1,200.50", -120050, id="negative-after-symbol"),
        pytest.param("−15,00 €", -1500, id="unicode-minus"),
        pytest.param("1\u00a0200,50", 120050, id="nbsp"),
        pytest.param("1\u202f200,50\u00a0€", 120050, id="narrow-nbsp"),
        pytest.param("1 234 567,89", 123456789, id="millions"),
        pytest.param("1,234,567", 123456700, id="en-thousands-only"),
        pytest.param("1.234.567", 123456700, id="fr-dot-thousands-only"),
        pytest.param("  42  ", 4200, id="surrounding-spaces"),
        pytest.param("0,05", 5, id="five-cents"),
        pytest.param("1200 EUR", 120000, id="iso-code-after"),
        pytest.param("$ 3", 300, id="dollar"),
        pytest.param("1 200.50", 120050, id="space-thousands-dot-decimal"),
    ],
)
def test_parse_amount_accepts(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param("1,200", '"1,200" is ambiguous: write 1200 or 1,20', id="comma-thousands?"),
        pytest.param("1.200", '"1.200" is ambiguous: write 1200 or 1.20', id="dot-thousands?"),
        pytest.param("12,345", "ambiguous", id="two-digit-head"),
        pytest.param("1,2345", "more than 2 decimals", id="four-decimals"),
        pytest.param("1200.505", "more than 2 decimals", id="three-decimals-long-head"),
        pytest.param("0,200", "more than 2 decimals", id="zero-head-is-decimal"),
        pytest.param("12a0", "not an amount", id="letter-inside"),
        pytest.param("abc", "not an amount", id="letters"),
        pytest.param("1200 euros", "not an amount", id="word-currency"),
        pytest.param("", "empty", id="empty"),
        pytest.param("   ", "empty", id="blank"),
        pytest.param("1200.", "ends with", id="trailing-separator"),
        pytest.param("12 00", "misplaced thousands", id="bad-space-group"),
        pytest.param("1.200.50", "misplaced thousands", id="bad-dot-group"),
        pytest.param("1,200.50.3", "mixes", id="two-decimal-points"),
        pytest.param("1 200.000,00", "both spaces", id="two-thousands-styles"),
        pytest.param("--5", "two minus", id="double-minus"),
        pytest.param("€5€", "two currency", id="double-symbol"),
    ],
)
def test_parse_amount_refuses(text: str, fragment: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_amount(text)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message


def test_parse_amount_rejects_unknown_locale() -> None:
    with pytest.raises(ValueError, match="de_DE"):
        parse_amount("12", locale="de_DE")


@pytest.mark.parametrize(
    ("cents", "currency", "locale", "text"),
    [
        pytest.param(120050, "EUR", "fr_FR", f"1{NARROW_NBSP}200,50{NBSP}€", id="fr"),
        pytest.param(-120050, "EUR", "fr_FR", f"-1{NARROW_NBSP}200,50{NBSP}€", id="fr-negative"),
        pytest.param(5, "EUR", "fr_FR", f"0,05{NBSP}€", id="fr-cents"),
        pytest.param(0, "EUR", "fr_FR", f"0,00{NBSP}€", id="fr-zero"),
        pytest.param(
            123456789, "EUR", "fr_FR", f"1{NARROW_NBSP}234{NARROW_NBSP}567,89{NBSP}€", id="fr-big"
        ),
        pytest.param(120050, "EUR", "en", "€1,200.50", id="en"),
        pytest.param(-120050, "EUR", "en", "-€1,200.50", id="en-negative"),
        pytest.param(99900, "USD", "en", "$999.00", id="en-usd"),
        pytest.param(120050, "CHF", "en", f"CHF{NBSP}1,200.50", id="en-other-code"),
        pytest.param(120050, "CHF", "fr_FR", f"1{NARROW_NBSP}200,50{NBSP}CHF", id="fr-other-code"),
    ],
)
def test_format_amount(cents: int, currency: str, locale: str, text: str) -> None:
    assert format_amount(cents, currency, locale) == text


def test_format_amount_refuses_float() -> None:
    with pytest.raises(TypeError):
        format_amount(12.5)  # type: ignore[arg-type]


@given(
    cents=st.integers(min_value=-AMOUNT_MAX_CENTS, max_value=AMOUNT_MAX_CENTS),
    currency=st.sampled_from(["EUR", "USD", "GBP", "CHF"]),
    locale=st.sampled_from(["fr_FR", "en"]),
)
def test_parse_reads_back_what_format_writes(cents: int, currency: str, locale: str) -> None:
    assert parse_amount(format_amount(cents, currency, locale), locale) == cents


@given(cents=st.integers(min_value=0, max_value=10**9))
def test_parse_reads_plain_decimal_text(cents: int) -> None:
    assert parse_amount(f"{cents // 100}.{cents % 100:02d}") == cents


@given(
    total=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10000), min_size=1, max_size=6),
)
def test_split_parts_always_add_up_exactly(total: int, weights: list[int]) -> None:
    if sum(weights) == 0:
        weights = [1, *weights[1:]]
    # scale the weights to shares of exactly 10000 basis points
    shares = {f"e{i}": w * 10000 // sum(weights) for i, w in enumerate(weights)}
    shares["e0"] += 10000 - sum(shares.values())
    parts = split_cents(total, shares)
    assert sum(parts.values()) == total
    for name, bp in shares.items():
        exact = total * bp / 10000  # only to bound the rounding, never to compute money
        assert abs(parts[name] - exact) < 1


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        pytest.param(
            100000, {"taxes": 25000, "costs": 15000, "pay": 50000, "cushion": 10000}, id="round"
        ),
        pytest.param(
            1, {"taxes": 0, "costs": 0, "pay": 1, "cushion": 0}, id="one-cent-to-largest-remainder"
        ),
        pytest.param(333, {"taxes": 83, "costs": 50, "pay": 167, "cushion": 33}, id="remainders"),
    ],
)
def test_split_default_shares(total: int, expected: dict[str, int]) -> None:
    shares = {"taxes": 2500, "costs": 1500, "pay": 5000, "cushion": 1000}
    assert split_cents(total, shares) == expected
