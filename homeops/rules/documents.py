"""The data of the documents (issue 15): a one-page contract, an onboarding form, invoices
and credit notes, as JSON-able dicts in the shape of doc_schema.md, built from the vault's
records. Text from the vault stays plain data here (each renderer escapes it for its
format); money is given in cents and as text in the language's one format. Pure: no I/O,
no clock (``today`` is passed in), no settings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from homeops.rules.document_invoice import invoice_data
from homeops.rules.document_parts import (
    CONSUMER_CONTRACT,
    LANGS,
    MissingIdentity,
    NotReady,
    Seller,
    VatNotSupported,
    check_lang,
    client_dict,
    common,
    day_text,
    hours_words,
    is_business,
    money,
    need_client,
    need_purposes,
    need_seller,
    percent,
    phrase,
    refuse_erased,
)
from homeops.rules.document_words import AI_SHARED_WORDS, AI_TASK_WORDS, AND, EXCLUSION_MARKS
from homeops.rules.documents_records import KINDS
from homeops.rules.hourly import cap_minutes
from homeops.rules.invoices import billed_total, deposit_cents
from homeops.rules.model import AI_SHARED, AIUse, Client, Mission

__all__ = [
    "KINDS",
    "LANGS",
    "MissingIdentity",
    "NotReady",
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
_IDENTITY = ("legal_name", "legal_siren", "legal_vat", "legal_einvoice")


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


#: How many working days the client has to send feedback when their record says none.
RETURN_DAYS = 5
_DAYS = re.compile(r"(\d{1,2})\s*(?:working\s+days?|days?|d|jours?(?:\s+ouvrés)?|j)", re.I)


def return_days(client: Client) -> int:
    """The client's feedback window in working days: their response window when it is a
    number of days ("3 days", "3 jours"), else RETURN_DAYS."""
    found = _DAYS.fullmatch((client.response_window or "").strip())
    return int(found[1]) if found and 0 < int(found[1]) <= 30 else RETURN_DAYS


def _clock(hhmm: str, lang: str) -> str:
    """``10:30`` as the language writes a time of day: ``10 h 30`` / ``10:30``."""
    if lang != "fr":
        return hhmm
    hour, _, minute = hhmm.partition(":")
    return f"{int(hour)}\u00a0h" + ("" if minute in ("", "00") else f"\u00a0{minute}")


def windows_text(windows: Sequence[tuple[str, str]], lang: str) -> str:
    """The seller's response windows in words: ``les jours ouvrés, de 10 h à 10 h 30 et de
    16 h à 16 h 30``; none given: the default sentence."""
    if not windows:
        return phrase(lang, "window_default")
    each = [phrase(lang, "window", start=_clock(a, lang), end=_clock(b, lang)) for a, b in windows]
    joined = each[0] if len(each) == 1 else ", ".join(each[:-1]) + AND[lang] + each[-1]
    return phrase(lang, "windows", windows=joined)


def _feedback(client: Client, lang: str, windows: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    days = return_days(client)
    return {
        "channel": client.feedback_channel or phrase(lang, "channel_default"),
        "rounds": client.feedback_rounds,
        "response_window": windows_text(windows, lang),
        "client_window": ""
        if _DAYS.fullmatch((client.response_window or "").strip())
        else (client.response_window or "").strip(),
        "return_days": days,
        "return_text": phrase(lang, "return", days=days),
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


def _ready(mission: Mission, ref: str) -> None:
    """A contract that cannot be sent is refused: with nothing listed, "anything not listed"
    excludes everything; a fixed price of 0 sells the work for nothing."""
    if not mission.deliverables:
        raise NotReady(f"{ref} has no deliverables: add them first (the mission's screen, b Brief)")
    if mission.hourly_rate_cents <= 0 and billed_total(mission) <= 0:
        raise NotReady(f"{ref} has a fixed price of 0: give it its fee first")


def _payment(
    mission: Mission,
    seller: Seller,
    lang: str,
    *,
    fee: int,
    days: int,
    deposit_invoiced: tuple[str, int] | None,
) -> dict[str, Any]:
    """The payment terms: when, how, VAT, the deposit (the one actually invoiced when there
    is one, else the share the mission asks), and what a late payment costs (L441-10 II)."""
    currency = mission.currency
    parts = [
        _terms(days, lang),
        phrase(lang, "vat_extra") if seller.vat_number else phrase(lang, "no_vat"),
    ]
    deposit, share = deposit_cents(fee, mission.deposit_bp), mission.deposit_bp
    if deposit_invoiced is not None:
        deposit = deposit_invoiced[1]
        parts.append(phrase(lang, "deposit_invoiced", money=money(deposit, lang, currency),
                            number=deposit_invoiced[0]))  # fmt: skip
    elif deposit:
        parts.append(phrase(lang, "deposit", share=percent(share, lang),
                            money=money(deposit, lang, currency)))  # fmt: skip
    parts.append(
        phrase(lang, "late", rate=percent(seller.late_penalty_bp, lang),
               money=money(seller.recovery_indemnity_cents, lang, currency))
    )  # fmt: skip
    return {
        "terms_days": days,
        "terms_text": ". ".join(parts) + ".",
        "deposit_bp": share if deposit else 0,
        "deposit_cents": deposit,
        "deposit_text": money(deposit, lang, currency) if deposit else None,
        "deposit_invoice": deposit_invoiced[0] if deposit_invoiced else None,
    }


def _signed(cents: int, lang: str, currency: str) -> str:
    """``+180,00 €`` / ``−50,00 €``: what a change adds to the price or takes off."""
    return ("+" if cents > 0 else "") + money(cents, lang, currency)


def _changes(mission: Mission, lang: str) -> list[dict[str, Any]]:
    """The accepted changes of scope, each with what it adds to the price."""
    return [
        {
            "what": change.what,
            "fee_delta_cents": change.fee_delta_cents,
            "text": (
                phrase(
                    lang,
                    "change_line",
                    what=change.what,
                    money=_signed(change.fee_delta_cents, lang, mission.currency),
                )
                if change.fee_delta_cents
                else phrase(lang, "change_line_free", what=change.what)
            ),
        }
        for change in mission.scope_changes
        if change.accepted
    ]


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
    deposit_invoiced: tuple[str, int] | None = None,
    response_windows: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """The one-page contract of ``mission``. ``terms_days``: the settings' payment terms,
    used when the mission has none of its own; ``revision_allowance_bp``: the share of the
    work one revision round takes (``[capacity] revision_allowance``), which prices a
    further round of fixed-price work: fee × allowance is the time of one round at the
    mission's own rate (fee ÷ rounds would price a round as a share of the whole job).
    ``deposit_invoiced``: the deposit invoice already made (its number ``F-0041`` and
    amount), printed instead of the share the mission asks; ``response_windows``: the
    seller's ``[capacity] response_windows`` as ("10:00", "10:30") pairs.
    ``MissingIdentity`` when the seller or the client lacks what a contract names;
    ``NotReady`` for a contract that cannot be sent (no deliverables, a price of 0)."""
    check_lang(lang)
    need_seller(seller, CONTRACT_NEEDS)
    need_client(client, ("name", "billing_address"))
    need_purposes(client, ("name", "billing_address", "email"))
    if not is_business(client):
        raise MissingIdentity(CONSUMER_CONTRACT.format(alias=client.alias))
    ref = _mission_dict(mission)["ref"]
    _ready(mission, ref)
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
    excluded = [a for a in mission.assumptions if _is_exclusion(a)]
    excluded += [
        phrase(lang, "not_listed"),
        phrase(lang, "more_rounds", rounds=rounds),
        phrase(lang, "expenses"),
    ]
    days = terms_days if mission.terms_days is None else mission.terms_days
    payment = _payment(mission, seller, lang, fee=fee, days=days, deposit_invoiced=deposit_invoiced)
    data.update(
        mission=_mission_dict(mission),
        deliverables=list(mission.deliverables),
        included=included,
        excluded=excluded,
        changes=_changes(mission, lang),
        acceptance=[check.text for check in mission.acceptance_criteria],
        assumptions=[a for a in mission.assumptions if not _is_exclusion(a)],
        deadline=mission.deadline,
        deadline_text=day_text(mission.deadline, lang),
        fee_cents=fee,
        fee_text=money(fee, lang, currency),
        hourly=hourly,
        revisions={"rounds": rounds, "further_round_text": further},
        payment=payment,
        scope_change_text=scope,
        feedback=_feedback(client, lang, response_windows),
        rights_text=phrase(lang, "rights"),
        cancellation_text=phrase(
            lang, "cancellation" if payment["deposit_cents"] else "cancellation_no_deposit"
        ),
        ai_statement=ai_statement_text(ai_uses, lang, ai_statement),
    )
    return data


def onboarding_data(
    mission: Mission,
    client: Client,
    seller: Seller,
    *,
    lang: str,
    today: dt.date,
    response_windows: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """The onboarding form of ``mission``: what the freelancer needs from the client (who
    is billed: legal name, SIREN, VAT number, e-invoicing address; contacts; inputs and
    access; the feedback channel; the assumptions to confirm, when there are some). It asks
    the client for their details, so it needs none of them; the seller's name and e-mail
    say who to send it back to (an erased client gets none: the relation is over).
    ``response_windows`` as for ``contract_data``."""
    check_lang(lang)
    refuse_erased(client)
    need_seller(seller, ONBOARDING_NEEDS)
    title = phrase(lang, "onboarding_title", title=mission.title)
    client_part = client_dict(client, email=True, fit_only=True)  # it asks; it needs none
    data = common("onboarding", lang, title, today, seller, client_part)
    feedback = _feedback(client, lang, response_windows)
    assumptions = list(mission.assumptions)
    rounds = feedback["rounds"]
    needs = [
        {"heading": phrase(lang, "identity"), "items": [phrase(lang, k) for k in _IDENTITY]},
        {"heading": phrase(lang, "contacts"), "items": [phrase(lang, k) for k in _CONTACTS]},
        {
            "heading": phrase(lang, "inputs"),
            "items": [phrase(lang, "inputs_brief"), phrase(lang, "inputs_access")],
        },
        {
            "heading": phrase(lang, "needs_feedback"),
            "items": [
                phrase(lang, "feedback_channel", channel=feedback["channel"]),
                phrase(lang, "feedback_rounds", rounds=rounds, s=_s(rounds)),
                phrase(lang, "feedback_window", window=feedback["response_window"]),
                phrase(lang, "feedback_return", days=feedback["return_days"]),
            ],
        },
    ]
    if assumptions:  # no empty heading
        needs.append({"heading": phrase(lang, "to_confirm"), "items": assumptions})
    data.update(
        mission=_mission_dict(mission), needs=needs, assumptions=assumptions, feedback=feedback
    )
    return data
