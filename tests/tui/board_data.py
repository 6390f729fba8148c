"""A small, fixed board for the board and mission-view tests (imported by name, like
pilot_helpers)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeops.rules.model import Check, Client, Mission, Offer, StageMove
from homeops.storage.vault import Vault

CHECKLIST = ("Facts checked", "Links and sources checked", "Formatting rules applied",
             "Tone matches the brief", "Names, numbers, dates and terms consistent")  # fmt: skip


def _mission(title: str, client: str, stage: str, **fields: Any) -> Mission:
    ticked = fields.pop("ticked", 0)
    return Mission(
        title=title,
        client_alias=client,
        stage=stage,
        checklist=[Check(text, i < ticked) for i, text in enumerate(CHECKLIST)],
        history=[StageMove("2026-11-02T09:00:00", "Brief")]
        + ([StageMove("2026-11-20T10:00:00", stage)] if stage != "Brief" else []),
        **fields,
    )


def fill(vault: Vault) -> dict[str, int]:
    """Four clients, five missions and one offer; returns mission ids by short name."""
    missions = {
        "bees": _mission("Feature: urban bees", "acme-mag", "Brief", deadline="2026-11-27",
                         fee_cents=95000, effort_minutes=840),
        "web": _mission("Web page: the team", "atelier-b", "Brief", deadline="2026-12-20",
                        fee_cents=45000),
        "news": _mission("Newsletter: June", "acme-mag", "Plan", deadline="2026-12-03",
                         fee_cents=32000),
        "case": _mission("Case study: signage", "nordlys", "Quality check", ticked=3,
                         deadline="2026-12-10", fee_cents=85000,
                         acceptance_criteria=[Check("Figures checked")],
                         deliverables=["Case study, 1,000 words"],
                         assumptions=["One interview"]),
        "report": _mission("Annual report", "maison-verte", "Client review", ticked=5,
                           revisions_used=2, revision_limit=2, deadline="2026-12-01",
                           fee_cents=320000),
    }  # fmt: skip
    with vault.transaction():
        for alias in ("acme-mag", "atelier-b", "maison-verte", "nordlys"):
            vault.clients.add(Client(alias))  # a mission names a client of the register
        for mission in missions.values():
            vault.missions.add(mission)
        vault.offers.add(
            Offer("Feature article", 95000, 21, ["Article, 2,500 words"], ["House style"], 1, 840)
        )
    return {name: m.id for name, m in missions.items() if m.id is not None}


def state(vault: Vault) -> list[dict[str, Any]]:
    """Every mission, active and archived, as plain data: the exact state to compare."""
    missions = vault.missions.list() + vault.missions.list(archived=True)
    return sorted((asdict(m) for m in missions), key=lambda doc: doc["id"])
