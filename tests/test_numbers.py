"""One number format for both faces (issue 13 point 15): the money's decimal and thousands
separators for percentages, decimals and counts too."""

from __future__ import annotations

import pytest

from homeops.rules.money import format_amount
from homeops.rules.numbers import (
    NARROW_NBSP,
    NBSP,
    format_count,
    format_decimal,
    format_percent,
)
from homeops.rules.timelog import Share


@pytest.mark.parametrize(
    ("scaled", "places", "locale", "trim", "expected"),
    [
        (123450, 2, "fr_FR", False, f"1{NARROW_NBSP}234,50"),
        (123450, 2, "en", False, "1,234.50"),
        (-5, 2, "fr_FR", False, "-0,05"),
        (45, 1, "fr_FR", False, "4,5"),
        (1250, 2, "fr_FR", True, "12,5"),
        (1200, 2, "en", True, "12"),
        (1234567, 0, "en", False, "1,234,567"),
    ],
)
def test_format_decimal(scaled: int, places: int, locale: str, trim: bool, expected: str) -> None:
    assert format_decimal(scaled, places, locale, trim=trim) == expected


@pytest.mark.parametrize(
    ("basis_points", "locale", "expected"),
    [
        (2500, "fr_FR", f"25{NBSP}%"),
        (2773, "fr_FR", f"27,7{NBSP}%"),
        (1250, "fr_FR", f"12,5{NBSP}%"),
        (2773, "en", "27.7%"),
        (10000, "en", "100%"),
    ],
)
def test_format_percent(basis_points: int, locale: str, expected: str) -> None:
    assert format_percent(basis_points, locale) == expected


@pytest.mark.parametrize("locale", ["fr_FR", "en"])
def test_money_and_percentages_share_one_decimal_separator(locale: str) -> None:
    decimal = "," if locale == "fr_FR" else "."
    assert f"84{decimal}22" in format_amount(8422, "EUR", locale)
    assert f"27{decimal}7" in format_percent(2773, locale)
    assert format_count(12000, locale) == ("12\u202f000" if locale == "fr_FR" else "12,000")


def test_the_planner_share_is_said_in_the_money_locale() -> None:
    share = Share(non_billable=277, total=1000, configured_bp=2500)
    assert share.text("fr_FR") == (
        f"Non-billable, last 4 weeks: 27,7{NBSP}% of time logged (planned 25{NBSP}%)"
    )
    assert share.text("en").endswith("27.7% of time logged (planned 25%)")


def test_an_unknown_locale_and_a_float_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown locale"):
        format_decimal(1, 0, "de_DE")
    with pytest.raises(TypeError):
        format_decimal(1.5, 1)  # type: ignore[arg-type]
