"""The data of the documents (issue 15): a one-page contract, an onboarding form, invoices
and credit notes, as JSON-able dicts in the shape of doc_schema.md, built from the vault's
records. Text from the vault stays plain data here (each renderer escapes it for its
format); money is given in cents and as text in the language's one format. Pure: no I/O,
no clock (``today`` is passed in), no settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from homeops.rules.document_invoice import invoice_data
from homeops.rules.document_parts import (
    KINDS,
    LANGS,
    MissingIdentity,
    Seller,
    VatNotSupported,
    check_lang,
    client_dict,
    common,
    day_text,
    hours_words,
    money,
    need_client,
    need_seller,
    percent,
    phrase,
)
from homeops.rules.document_words import AI_SHARED_WORDS, AI_TASK_WORDS, EXCLUSION_MARKS
from homeops.rules.hourly import cap_minutes
from homeops.rules.invoices import billed_total, deposit_cents
from homeops.rules.model import AI_SHARED, AIUse, Client, Mission

__all__ = [
    "KINDS",
    "LANGS",
    "MissingIdentity",
    "Seller",
    "VatNotSupported",
    "contract_data",
    "invoice_data",
    "onboarding_data",
]

#: What a contract needs of the seller (the parties' identification), the onboarding form
#: (who to send it back to).
CONTRACT_NEEDS = ("name", "address", "siret", "email")
ONBOARDING_NEEDS = ("name", "email")


_CONTACTS = ("contact_decides", "contact_billing", "contact_portal")


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _mission_dict(mission: Mission) -> dict[str, Any]:
    return {
        "id": mission.id,
        "ref": f"M-{mission.id}" if mission.id is not None else "M-?",
        "title": mission.title,
        "offer": mission.offer,
    }


def _is_exclusion(assumption: str) -> bool:
    low = assumption.casefold()
    return any(mark in low for mark in EXCLUSION_MARKS)


def _feedback(client: Client, lang: str) -> dict[str, Any]:
    return {
        "channel": client.feedback_channel or phrase(lang, "channel_default"),
        "rounds": client.feedback_rounds,
        "response_window": client.response_window or phrase(lang, "window_default"),
    }


def ai_statement_text(uses: Iterable[AIUse], lang: str, setting: str = "") -> str:
    """The contract's AI-use paragraph: the mission's recorded uses (tools and tasks, human
    review, what was given), else ``setting`` (``[documents] ai_statement``), else the
    default sentence."""
    uses = list(uses)
    if not uses:
        return setting.strip() or phrase(lang, "ai_default")
    tasks: dict[str, list[str]] = {}
    for use in uses:
        words = AI_TASK_WORDS[lang].get(use.task, use.task)
        if words not in tasks.setdefault(use.tool, []):
            tasks[use.tool].append(words)
    tools = ", ".join(f"{tool} ({', '.join(done)})" for tool, done in tasks.items())
    parts = [phrase(lang, "ai_used", tools=tools)]
    unreviewed = sorted({use.tool for use in uses if not use.human_review})
    if unreviewed:
        parts.append(phrase(lang, "ai_unreviewed", tools=", ".join(unreviewed)))
    else:
        parts.append(phrase(lang, "ai_reviewed"))
    shared = [AI_SHARED_WORDS[lang][s] for s in AI_SHARED if any(u.shared == s for u in uses)]
    shared += sorted({u.shared for u in uses if u.shared not in AI_SHARED})
    parts.append(phrase(lang, "ai_shared", shared=", ".join(shared)))
    return " ".join(parts)


def _terms(days: int, lang: str) -> str:
    return phrase(lang, "terms", days=days) if days else phrase(lang, "terms_now")


def contract_data(
    mission: Mission,
    client: Client,
    seller: Seller,
    *,
    lang: str,
    today: dt.date,
    terms_days: int,
    ai_uses: Iterable[AIUse],
    ai_statement: str = "",
    revision_allowance_bp: int = 1000,
) -> dict[str, Any]:
    """The one-page contract of ``mission``. ``terms_days``: the settings' payment terms,
    used when the mission has none of its own; ``revision_allowance_bp``: the share of the
    work one revision round takes (``[capacity] revision_allowance``), which prices a
    further round of fixed-price work: fee × allowance is the time of one round at the
    mission's own rate (fee ÷ rounds would price a round as a share of the whole job).
    ``MissingIdentity`` when the seller or the client lacks what a contract names."""
    check_lang(lang)
    need_seller(seller, CONTRACT_NEEDS)
    need_client(client, ("name", "billing_address"))
    currency, rounds = mission.currency, mission.revision_limit
    title = phrase(lang, "contract_title", title=mission.title)
    data = common("contract", lang, title, today, seller, client_dict(client, email=True))
    fee = billed_total(mission)  # the fee and the scope changes accepted so far
    hourly = None
    included = [
        phrase(lang, "rounds_included", rounds=rounds, s=_s(rounds)),
        phrase(lang, "quality"),
    ]
    if mission.hourly_rate_cents > 0:
        rate_text = money(mission.hourly_rate_cents, lang, currency)
        cap = cap_minutes(mission)
        hourly = {
            "rate_cents": mission.hourly_rate_cents,
            "rate_text": rate_text,
            "cap_minutes": cap,
            "cap_text": f"{hours_words(cap)} ({money(fee, lang, currency)})",
        }
        included.append(
            phrase(lang, "hours_cap", cap=hours_words(cap), money=money(fee, lang, currency))
        )
        further = phrase(lang, "further_hourly", rate=rate_text)
        scope = phrase(lang, "scope_hourly", rounds=rounds, rate=rate_text)
    else:
        round_cents = (fee * revision_allowance_bp + 5000) // 10000
        further = phrase(lang, "further_fixed", money=money(round_cents, lang, currency),
                         share=percent(revision_allowance_bp, lang))  # fmt: skip
        scope = phrase(lang, "scope_fixed", rounds=rounds)
    included += [
        phrase(lang, "scope_accepted", what=change.what)
        for change in mission.scope_changes
        if change.accepted
    ]
    excluded = [a for a in mission.assumptions if _is_exclusion(a)]
    excluded += [
        phrase(lang, "not_listed"),
        phrase(lang, "more_rounds", rounds=rounds),
        phrase(lang, "expenses"),
    ]
    days = terms_days if mission.terms_days is None else mission.terms_days
    deposit = deposit_cents(fee, mission.deposit_bp)
    terms = _terms(days, lang)
    terms += ". " + (phrase(lang, "vat_extra") if seller.vat_number else phrase(lang, "no_vat"))
    if deposit:
        deposit_words = phrase(lang, "deposit", share=percent(mission.deposit_bp, lang),
                               money=money(deposit, lang, currency))  # fmt: skip
        terms += ". " + deposit_words
    data.update(
        mission=_mission_dict(mission),
        deliverables=list(mission.deliverables),
        included=included,
        excluded=excluded,
        acceptance=[check.text for check in mission.acceptance_criteria],
        assumptions=[a for a in mission.assumptions if not _is_exclusion(a)],
        deadline=mission.deadline,
        deadline_text=day_text(mission.deadline, lang),
        fee_cents=fee,
        fee_text=money(fee, lang, currency),
        hourly=hourly,
        revisions={"rounds": rounds, "further_round_text": further},
        payment={
            "terms_days": days,
            "terms_text": terms + ".",
            "deposit_bp": mission.deposit_bp if deposit else 0,
            "deposit_cents": deposit,
            "deposit_text": money(deposit, lang, currency) if deposit else None,
        },
        scope_change_text=scope,
        feedback=_feedback(client, lang),
        ai_statement=ai_statement_text(ai_uses, lang, ai_statement),
    )
    return data


def onboarding_data(
    mission: Mission, client: Client, seller: Seller, *, lang: str, today: dt.date
) -> dict[str, Any]:
    """The onboarding form of ``mission``: what the freelancer needs from the client
    (contacts, inputs and access, the feedback channel, the assumptions to confirm). It
    asks the client for their details, so it needs none of them; the seller's name and
    e-mail say who to send it back to."""
    check_lang(lang)
    need_seller(seller, ONBOARDING_NEEDS)
    title = phrase(lang, "onboarding_title", title=mission.title)
    data = common("onboarding", lang, title, today, seller, client_dict(client, email=True))
    feedback = _feedback(client, lang)
    assumptions = list(mission.assumptions)
    needs = [
        {
            "heading": phrase(lang, "contacts"),
            "items": [phrase(lang, k) for k in _CONTACTS],
        },
        {
            "heading": phrase(lang, "inputs"),
            "items": [phrase(lang, "inputs_brief"), phrase(lang, "inputs_access")],
        },
        {
            "heading": phrase(lang, "needs_feedback"),
            "items": [
                phrase(lang, "feedback_channel", channel=feedback["channel"]),
                phrase(
                    lang, "feedback_rounds", rounds=feedback["rounds"], s=_s(feedback["rounds"])
                ),
                phrase(lang, "feedback_window", window=feedback["response_window"]),
            ],
        },
        {"heading": phrase(lang, "to_confirm"), "items": assumptions},
    ]
    data.update(
        mission=_mission_dict(mission), needs=needs, assumptions=assumptions, feedback=feedback
    )
    return data
