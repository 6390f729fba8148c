"""The board's filter and its one-line refusals: plain functions over missions, no widgets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from homeops.rules.missions import Verdict
from homeops.rules.model import Mission
from homeops.services.missions import MissionSummary
from homeops.tui.widgets.card import deadline_state


def matches(mission: Mission, words: Sequence[str], today: dt.date) -> bool:
    """The filter: every word must match. ``client:acme`` the client alias, ``overdue`` a
    passed deadline, anything else the title, client alias or offer (any case)."""
    haystack = f"{mission.title}\n{mission.client_alias}\n{mission.offer}".casefold()
    for word in words:
        if word.startswith("client:"):
            if word[7:] not in mission.client_alias.casefold():
                return False
        elif word == "overdue":
            if deadline_state(mission.deadline, today) != "overdue":
                return False
        elif word not in haystack:
            return False
    return True


def refusal_line(verdict: Verdict, override_key: str = "o") -> str:
    """A refused move in one line: what is missing, and the key that gets past it."""
    why = verdict.reason.rsplit(": ", 1)[0] if verdict.overridable else verdict.reason
    if verdict.scope_change:
        return f"Refused: {why} — {override_key}: paid revision or override"
    return (
        f"Refused: {why} — {override_key}: override" if verdict.overridable else f"Refused: {why}"
    )


def summary_matches(row: MissionSummary, words: Sequence[str]) -> bool:
    """The filter on the archive list: ``client:alias`` or words of the title or client."""
    haystack = f"{row.title}\n{row.client_alias}".casefold()
    return all(
        word[7:] in row.client_alias.casefold() if word.startswith("client:") else word in haystack
        for word in words
    )
