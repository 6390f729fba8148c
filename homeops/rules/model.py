"""The freelancer's records as plain dataclasses.

Money is integer minor units (cents) plus a currency code; dates are ISO strings
(``2026-12-04``); effort and time are integer minutes. No I/O here: ``storage/``
turns these into vault documents and back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Why a personal field is kept. Every personal field carries exactly one.
PURPOSES: tuple[str, ...] = ("contract", "invoicing", "prospecting")
#: The lawful basis (GDPR Art. 6) a client's data is processed on.
LAWFUL_BASES: tuple[str, ...] = ("contract", "legal obligation", "legitimate interest", "consent")
#: The only personal fields a client record may hold, in the order they are shown.
PERSONAL_FIELDS: tuple[str, ...] = ("name", "email", "phone", "billing_address")


@dataclass
class PersonalField:
    """One personal detail and the purpose it is kept for (one of ``PURPOSES``)."""

    value: str
    purpose: str


@dataclass
class Client:
    """Someone the freelancer works for, known everywhere else only by ``alias``.

    The four optional personal fields are the only personal data homeops keeps; each one is
    tagged with its purpose. Dates are ISO strings; ``erased`` is the day the personal data
    was erased (the alias is then a neutral pseudonym).
    """

    alias: str
    status: str = "client"  # "prospect", "client" or "erased"
    first_contact: str | None = None
    last_contact: str | None = None
    relationship_ended: str | None = None
    notes: str = ""
    lawful_basis: str = "contract"
    name: PersonalField | None = None
    email: PersonalField | None = None
    phone: PersonalField | None = None
    billing_address: PersonalField | None = None
    erased: str | None = None
    source: str | None = None  # acquisition channel: referral, content, partnership, direct
    # How this client pays and gives feedback (issue 14); None/"": the settings' default.
    terms_days: int | None = None  # payment terms in days
    deposit_bp: int | None = None  # deposit share invoiced at acceptance, basis points
    feedback_channel: str = ""  # how feedback is sent, e.g. "one consolidated email"
    feedback_rounds: int = 1  # rounds of feedback per review
    response_window: str = ""  # when the freelancer answers this client
    # The client business billed (issue 15): its legal name and SIREN, "" when unknown or a
    # private person. A company identifier, not a personal field; erased with the rest.
    company: str = ""  # e.g. "Nordlys Studio SAS"
    siren: str = ""  # 9 digits, Luhn key checked (homeops.rules.identity)
    id: int | None = None

    def personal_fields(self) -> dict[str, PersonalField]:
        """The personal fields that are filled in, by field name."""
        found = {name: getattr(self, name) for name in PERSONAL_FIELDS}
        return {name: value for name, value in found.items() if value is not None}


#: What an AI tool was used for on a mission.
AI_TASKS: tuple[str, ...] = ("research", "draft", "edit", "translation", "code", "other")
#: What was given to the AI tool, from least to most sensitive.
AI_SHARED: tuple[str, ...] = (
    "nothing personal",
    "anonymised",
    "personal data",
    "client-confidential",
)


@dataclass
class AIUse:
    """One use of an AI tool on a mission (EU AI Act transparency). No prompt text is kept."""

    date: str
    mission_id: int
    tool: str  # tool and model, e.g. "ChatGPT (GPT-4o)"
    task: str  # one of AI_TASKS
    shared: str = "nothing personal"  # one of AI_SHARED
    human_review: bool = True
    client_informed: bool = False
    id: int | None = None


@dataclass
class StageMove:
    """One entry of a mission's append-only history."""

    at: str  # ISO timestamp, seconds precision
    stage: str
    reason: str = ""  # the written reason of an override, or what the move was ("revision")


@dataclass
class Check:
    """A line to tick: a quality-checklist item or an acceptance criterion."""

    text: str
    done: bool = False


@dataclass
class ScopeChange:
    """A change of scope, written down with its price before the work is done."""

    date: str
    what: str
    fee_delta_cents: int = 0
    effort_delta_minutes: int = 0
    accepted: bool = False
    paid_revision: bool = False  # buys one more revision round once accepted


@dataclass
class Offer:
    """A packaged service: fixed price, deliverables and lead time."""

    name: str
    price_cents: int
    lead_time_days: int
    deliverables: list[str] = field(default_factory=list)
    acceptance_criteria: list[str] = field(default_factory=list)
    revision_rounds: int = 2
    effort_minutes: int = 0
    currency: str = "EUR"
    terms_days: int | None = None  # payment terms; None: the client's, else the settings'
    deposit_bp: int | None = None  # deposit share, basis points; None: the client's, else 0
    id: int | None = None


@dataclass
class Mission:
    """A piece of client work moving through the board's stages."""

    title: str
    client_alias: str
    stage: str
    fee_cents: int = 0  # fixed price; for hourly work, the capped budget
    currency: str = "EUR"
    hourly_rate_cents: int = 0  # 0: fixed price
    offer: str = ""
    deadline: str | None = None
    effort_minutes: int = 0
    deliverables: list[str] = field(default_factory=list)
    acceptance_criteria: list[Check] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    checklist: list[Check] = field(default_factory=list)
    revision_limit: int = 2
    revisions_used: int = 0
    scope_changes: list[ScopeChange] = field(default_factory=list)
    notes: str = ""
    archived: bool = False
    position: int = 0  # order within its stage's column
    history: list[StageMove] = field(default_factory=list)
    # Fixed when the mission is accepted (offer, else client, else settings); None on
    # missions stored before issue 14: the settings' terms, no deposit.
    terms_days: int | None = None
    deposit_bp: int = 0  # share of the fee invoiced at acceptance, basis points
    id: int | None = None


@dataclass
class LedgerEntry:
    """One movement of business money, signed: income positive, spending negative."""

    date: str
    description: str
    amount_cents: int
    envelope: str
    currency: str = "EUR"
    kind: str = "income"  # income, expense, transfer, payout
    mission_id: int | None = None
    group: str = ""  # entries written together (one payment's split) share a group
    id: int | None = None
