"""A card's lines: narrow cards drop whole facts, least important last."""

from __future__ import annotations

import datetime as dt

import pytest

from homeops.rules.model import Check, Mission, StageMove
from homeops.tui.widgets.card import card_lines

TODAY = dt.date(2026, 11, 30)
NOW = dt.datetime(2026, 11, 30, 12, 0)


def facts_line(width: int, *, ai_warning: bool) -> str:
    mission = Mission(
        "Project sheets",
        "atelier-b",
        "Plan",
        fee_cents=90000,
        deadline="2026-12-18",
        checklist=[Check("Facts checked")] * 5,
        history=[StageMove("2026-11-27T09:00:00", "Plan")],
    )
    lines = card_lines(mission, width, today=TODAY, now=NOW, locale="fr_FR", ai_warning=ai_warning)
    return lines[2].plain


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (40, ["AI!", "✓0/5", "R0/2", "3d"]),
        (24, ["AI!", "✓0/5", "R0/2"]),
        (18, ["AI!", "✓0/5"]),
    ],
)
def test_narrow_cards_drop_whole_facts_and_keep_the_ai_warning(
    width: int, expected: list[str]
) -> None:
    line = facts_line(width, ai_warning=True)
    assert len(line) == width
    assert line.split()[2:] == expected


def test_no_ai_mark_without_a_warning() -> None:
    assert "AI!" not in facts_line(40, ai_warning=False)
