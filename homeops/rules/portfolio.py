"""Portfolio mini-cases as pure rules (issue 16 point 3): the process proof a delivered
mission carries, the anonymising of its text, and the Markdown of the portfolio.

Anonymised by default: every client's alias and personal values (name and its words, e-mail,
phone, billing address) are found with the erasure's finder (``homeops.rules.erasure``) and
replaced by "the client" in every text of a case; a case names its own client only when a
consent with its date is recorded, and even then never another client. Text is data: the
Markdown escapes every character Markdown could read as syntax (``markdown_text``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from homeops.rules import invoices
from homeops.rules.erasure import alias_pattern, erasure_patterns
from homeops.rules.model import Client, Mission
from homeops.rules.offers import Case, Profile
from homeops.rules.text import markdown_text

#: What a client's words become in an anonymised case.
ANONYMOUS = "the client"

Patterns = list[tuple[re.Pattern[str], str]]


def client_patterns(clients: Iterable[Client]) -> Patterns:
    """Patterns that find each client's personal values and alias, longest values first,
    each replaced by ``ANONYMOUS``."""
    found: Patterns = []
    for client in clients:
        found += [(p, ANONYMOUS) for p, _ in erasure_patterns(client, words=True)]
        if client.alias.strip():
            found.append((alias_pattern(client.alias), ANONYMOUS))
    return found


def anonymised(text: str, patterns: Patterns) -> str:
    """``text`` with every match of ``patterns`` replaced (``client_patterns``)."""
    for pattern, replacement in patterns:
        text = pattern.sub(replacement, text)
    return text


def delivered_on(mission: Mission, delivered_stage: str) -> dt.date | None:
    """The day the mission last entered the delivery stage, from its history."""
    day = invoices.delivered_on(mission, delivered_stage)
    return dt.date.fromisoformat(day) if day else None


def started_on(mission: Mission) -> dt.date | None:
    """The day of the mission's first history entry (when it was added to the board)."""
    return dt.date.fromisoformat(mission.history[0].at[:10]) if mission.history else None


def lead_days(mission: Mission, delivered_stage: str) -> int | None:
    """Days from the mission's first stage to its delivery; None when the history lacks one."""
    start, end = started_on(mission), delivered_on(mission, delivered_stage)
    if start is None or end is None:
        return None
    return max(0, (end - start).days)


def on_time(mission: Mission, delivered_stage: str) -> bool | None:
    """Delivered by its deadline; None without a deadline or a delivery day."""
    end = delivered_on(mission, delivered_stage)
    if mission.deadline is None or end is None:
        return None
    return end <= dt.date.fromisoformat(mission.deadline)


def proof_lines(mission: Mission, delivered_stage: str, promised_days: int | None) -> list[str]:
    """The process proof the vault knows: checklist ticked, on time, revisions, lead time."""
    lines = []
    if mission.checklist:
        ticked = sum(1 for item in mission.checklist if item.done)
        lines.append(f"Quality checklist: {ticked} of {len(mission.checklist)} ticked")
    end = delivered_on(mission, delivered_stage)
    if mission.deadline is not None and end is not None:
        late = (end - dt.date.fromisoformat(mission.deadline)).days
        lines.append("Delivered on time" if late <= 0 else f"Delivered {late} days late")
    lines.append(f"Revision rounds: {mission.revisions_used} of {mission.revision_limit} used")
    changes = sum(1 for c in mission.scope_changes if c.accepted)
    if changes:
        lines.append(f"Scope changes written down and priced: {changes}")
    days = lead_days(mission, delivered_stage)
    if days is not None:
        promised = f" (promised {promised_days})" if promised_days is not None else ""
        lines.append(f"Lead time: {days} days{promised}")
    return lines


def _block(text: str) -> str:
    """Free text as Markdown paragraphs: every line escaped, blank lines kept."""
    return "\n".join(markdown_text(line) for line in text.strip().splitlines()) or "—"


def case_markdown(cases: Sequence[Case], profile: Profile | None) -> str:
    """The portfolio as Markdown: the skills profile, then each case's problem, approach,
    result, process proof, and the skills its offer is tagged with."""
    out = ["# Portfolio", ""]
    if profile is not None:
        out += [
            f"**Main domain:** {markdown_text(profile.main)}  ",
            f"**Support skills:** {markdown_text(profile.support[0])}, "
            f"{markdown_text(profile.support[1])}",
            "",
        ]
    if not cases:
        out += ["No delivered mission has a case yet.", ""]
    for case in cases:
        out += [f"## {markdown_text(case.title)}", ""]
        facts = []
        if case.client is not None:
            facts.append(f"Client: {markdown_text(case.client)}")
        if case.offer:
            facts.append(f"Offer: {markdown_text(case.offer)}")
        if case.skills:
            facts.append("Skills: " + ", ".join(markdown_text(s) for s in case.skills))
        if facts:
            out += ["  \n".join(facts), ""]
        out += ["**Problem.** " + _block(case.problem), ""]
        out += ["**Approach.** " + _block(case.approach), ""]
        out += ["**Result.** " + _block(case.result), ""]
        if case.proof:
            out += ["**Process.**", ""]
            out += [f"- {markdown_text(line)}" for line in case.proof]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
