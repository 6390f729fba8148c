"""The demo's offers that learn (issue 16): where each client came from, a finished offer
test and a running one, two delivered missions written up as portfolio cases (their clients
did not consent: the cases are anonymised), and the skills profile with the offers tagged.

Stored through ``business.offers``, so the demo holds exactly what the commands would write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from homeops.rules.model import Client, Mission
from homeops.rules.offers import Profile
from homeops.services import Business

#: alias -> acquisition channel
SOURCES = {
    "acme-mag": "referral",
    "atelier-b": "content",
    "nordlys-studio": "partnership",
    "maison-verte": "direct",
    "editions-lune": "content",
    "cafe-orbite": "referral",
}

PROFILE = Profile("Editorial writing", ("Copy-editing", "French–English adaptation"))
TAGS = {
    "Feature article": ["Editorial writing"],
    "Newsletter edition": ["Editorial writing"],
    "Case study": ["Editorial writing", "French–English adaptation"],
    "Web page": ["French–English adaptation"],
    "Copy-editing, per 10,000 words": ["Copy-editing"],
}

# title of a delivered demo mission -> problem, approach, result. They name the client on
# purpose (alias, a name word): the portfolio must anonymise them.
CASES = {
    "Case study: bank branch signage": (
        "Ingrid's agency, nordlys-studio, had redesigned a bank's branch signage but had no "
        "written story to show prospects.",
        "Two interviews (the design lead and a branch manager), a before/after structure, "
        "and one page of figures checked with the bank.",
        "A 1,200-word case study the agency now sends with every signage proposal.",
    ),
    "Spring issue feature: urban beekeeping (2,500 words)": (
        "acme-mag wanted a spring feature that Claire could run without a specialist on staff.",
        "Three named beekeepers interviewed, every claim sourced, two pull quotes chosen with "
        "the editor at outline stage.",
        "Delivered before the deadline, accepted without a revision round.",
    ),
}


def dress_sources(clients: list[Client]) -> None:
    """Give the demo's clients the channel they came from."""
    for client in clients:
        client.source = SOURCES.get(client.alias, client.source)


def fill_offers(business: Business, missions: Sequence[Mission], today: dt.date) -> int:
    """Store the tests, the cases and the profile (the offers and missions are stored);
    returns the number of records (tests and cases: the profile is a vault setting)."""
    offers = business.offers
    day = dt.timedelta(days=1)
    finished = offers.start_test(
        "Case study", "Architecture and design studios", today=today - 30 * day
    )
    for kind, count in (("contacted", 24), ("replied", 2)):  # 8 % replies: low
        offers.log(finished.id or 0, kind, count)
    offers.end_test(finished.id or 0, today - 16 * day)
    running = offers.start_test(
        "Newsletter edition", "Cooperatives and associations", today=today - 5 * day
    )
    for kind, count in (("contacted", 22), ("replied", 6), ("met", 1)):  # replies, few calls
        offers.log(running.id or 0, kind, count)
    by_title = {m.title: m for m in missions}
    written = 0
    for title, (problem, approach, result) in CASES.items():
        mission = by_title.get(title)
        if mission is not None and mission.id is not None:
            offers.write_case(mission.id, problem=problem, approach=approach, result=result)
            written += 1
    offers.set_profile(PROFILE)
    for offer, skills in TAGS.items():
        offers.tag_offer(offer, skills)
    return 2 + written
