"""The privacy part of the demo: personal fields with purposes, lawful bases, a prospect past
its retention date, and AI-use records on some missions.

Every value is fictional: ``example.org`` addresses and phone numbers of the range reserved
for fiction (+33 1 99 00 …). Pure: ``homeops.demo.fill`` stores the results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from homeops.config import PrivacySettings
from homeops.rules.model import AIUse, Client, Mission, PersonalField

# alias -> lawful basis, then (field, value, purpose) for the demo's known clients
_DEMO_DETAILS: dict[str, tuple[str, tuple[tuple[str, str, str], ...]]] = {
    "acme-mag": ("contract", (
        ("name", "Claire Martin (editor)", "contract"),
        ("email", "claire.martin@acme-mag.example.org", "contract"),
        ("billing_address", "Acme Mag, 12 rue des Lilas, 69003 Lyon", "invoicing"),
    )),
    "atelier-b": ("contract", (
        ("name", "Atelier B SARL", "invoicing"),
        ("email", "studio@atelier-b.example.org", "contract"),
        ("phone", "+33 1 99 00 12 34", "contract"),
        ("billing_address", "Atelier B, 4 quai Rambaud, 69002 Lyon", "invoicing"),
    )),
    "nordlys-studio": ("contract", (
        ("name", "Ingrid Holm", "contract"),
        ("email", "ingrid@nordlys.example.org", "invoicing"),
        ("billing_address", "Nordlys Studio SAS, 27 rue Paul Bert, 69003 Lyon", "invoicing"),
    )),
    "maison-verte": ("contract", (
        ("name", "Maison Verte (SCIC)", "invoicing"),
        ("billing_address", "Maison Verte coop., 3 chemin du Verger, 38000 Grenoble",
         "invoicing"),
    )),
    "editions-lune": ("legitimate interest", (
        ("name", "Éditions de la Lune", "prospecting"),
        ("email", "contact@editions-lune.example.org", "prospecting"),
        ("billing_address", "Éditions de la Lune, 5 place Sathonay, 69001 Lyon", "contract"),
    )),
    # a client now (mission 19 accepted, its deposit invoiced): kept for the contract
    "cafe-orbite": ("contract", (
        ("name", "Hugo Besson", "contract"),
        ("phone", "+33 1 99 00 56 78", "contract"),
        ("billing_address", "Café Orbite, 14 rue de la Thibaudière, 69007 Lyon", "invoicing"),
    )),
}  # fmt: skip

_PAST_RETENTION_ALIAS = "galerie-sud"

# alias -> the business billed (issue 15): legal name, SIREN (fake: repeated digits with a
# valid Luhn key; "" for the prospect not asked yet)
_DEMO_COMPANIES: dict[str, tuple[str, str]] = {
    "acme-mag": ("Acme Mag SAS", "111111118"),
    "atelier-b": ("Atelier B SARL", "222222226"),
    "nordlys-studio": ("Nordlys Studio SAS", "333333334"),
    "maison-verte": ("Maison Verte SCIC", "444444442"),
    "editions-lune": ("Éditions de la Lune SARL", ""),
    "cafe-orbite": ("Café Orbite SARL", "555555556"),
}


# alias -> feedback channel, rounds per review, when they are answered
_DEMO_FEEDBACK: dict[str, tuple[str, int, str]] = {
    "acme-mag": ("one consolidated email per review", 1, "Mon-Fri 9:00-9:30"),
}


def dress_clients(clients: list[Client], today: dt.date) -> None:
    """Give the demo's clients personal fields with purposes and a lawful basis, and add one
    prospect whose retention date has passed (it shows as due for review)."""
    for client in clients:
        basis, fields = _DEMO_DETAILS.get(client.alias, ("", ()))
        if basis:
            client.lawful_basis = basis
        elif client.status == "prospect":
            client.lawful_basis = "legitimate interest"
        for name, value, purpose in fields:
            setattr(client, name, PersonalField(value, purpose))
        client.company, client.siren = _DEMO_COMPANIES.get(client.alias, ("", ""))
        if client.alias in _DEMO_FEEDBACK:  # how they send feedback (issue 14 part 5)
            channel, rounds, window = _DEMO_FEEDBACK[client.alias]
            client.feedback_channel, client.feedback_rounds = channel, rounds
            client.response_window = window
    if any(c.alias == _PAST_RETENTION_ALIAS for c in clients):
        return
    # Two months past the default retention (the demo runs with the default settings).
    last = today - dt.timedelta(days=PrivacySettings().prospect_retention_years * 365 + 60)
    clients.append(
        Client(
            alias=_PAST_RETENTION_ALIAS,
            status="prospect",
            first_contact=(last - dt.timedelta(days=30)).isoformat(),
            last_contact=last.isoformat(),
            lawful_basis="legitimate interest",
            email=PersonalField("expo@galerie-sud.example.org", "prospecting"),
            notes="Gallery; asked about exhibition texts, never followed up.",
        )
    )


# tool, task, shared, human review, client informed: cycled over the chosen missions
_USES: tuple[tuple[str, str, str, bool, bool], ...] = (
    ("LanguageTool (premium)", "edit", "nothing personal", True, False),
    ("DeepL Pro", "translation", "client-confidential", True, True),
    ("ChatGPT (GPT-4o)", "research", "anonymised", True, False),
    ("Claude (Sonnet)", "draft", "client-confidential", True, False),
    ("ChatGPT (GPT-4o)", "edit", "nothing personal", True, False),
    ("Perplexity", "research", "nothing personal", False, False),
)


def ai_uses(missions: Sequence[Mission], today: dt.date, *, most: int = 8) -> list[AIUse]:
    """AI-use records on three stored missions (ids set) in four, at most ``most`` of them.

    One of them sends client-confidential text without the client informed, so the board's
    warning has something to show.
    """
    chosen = [m for i, m in enumerate(missions) if m.id is not None and i % 4 != 3][:most]
    records = []
    for number, mission in enumerate(chosen):
        tool, task, shared, review, informed = _USES[number % len(_USES)]
        assert mission.id is not None
        records.append(
            AIUse(
                date=(today - dt.timedelta(days=2 + 3 * number)).isoformat(),
                mission_id=mission.id,
                tool=tool,
                task=task,
                shared=shared,
                human_review=review,
                client_informed=informed,
            )
        )
    return records
