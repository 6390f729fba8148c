"""Invented sample data: the demo vault and the large vaults of the benchmarks.

``generate(today=...)`` returns a small, realistic business for ``homeops demo``: Camille, a
freelance writer and editor, with a handful of clients and prospects, missions spread over the
board's stages (some overdue, some due this week) and a year of ledger: each payment split at
once into the taxes / costs / pay / cushion envelopes, expenses on ``costs`` and a fixed payout to
herself every Friday.

``generate(size=N, seed=S, today=...)`` returns about ``N`` documents in total (1 % clients, 10 %
missions with their nested lists, the rest ledger entries), the same ones for the same
``(N, S, today)``. It is fast: 100,000 documents take under a second on a small machine.

Everything is invented: client aliases are pseudonyms, notes hold no e-mail address, phone number
or name. Money is integer cents, dates are ISO strings relative to ``today``, stage moves carry
ISO timestamps with seconds precision (local wall clock).

Identifiers: no record carries an ``id`` (the vault assigns them). ``LedgerEntry.mission_id`` is the
1-based position of the mission in ``SampleData.missions``; that is also the id a fresh vault gives
it when the missions are added in order. A loader that assigns other ids must remap it.

Pure: this module imports only the standard library and ``homeops.rules.model``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from homeops.rules.forecast import RecurringCost
from homeops.rules.invoices import Invoice, deposit_invoice
from homeops.rules.model import Check, Client, LedgerEntry, Mission, Offer, StageMove
from homeops.rules.money import format_amount, split_cents

__all__ = [
    "ENVELOPE_SHARES_BP",
    "PAYOUT_CENTS",
    "STAGES",
    "SampleData",
    "generate",
    "split_cents",
]

#: The board's default stages, in order (``config`` has the same defaults).
STAGES: tuple[str, ...] = (
    "Brief",
    "Plan",
    "First draft",
    "Quality check",
    "Client review",
    "Delivered",
)
_DELIVERED = len(STAGES) - 1
_REVIEW = STAGES.index("Client review")
_DRAFT = STAGES.index("First draft")

#: The default income split, in basis points (they add up to 10,000), in display order.
ENVELOPE_SHARES_BP: dict[str, int] = {"taxes": 2500, "costs": 1500, "pay": 5000, "cushion": 1000}

#: The default weekly payout (every Friday, from the ``pay`` envelope).
PAYOUT_CENTS = 60000

_FRIDAY = 4


@dataclass
class SampleData:
    """Records ready to be added to a vault, in this order: clients, missions, ledger."""

    clients: list[Client] = field(default_factory=list)
    missions: list[Mission] = field(default_factory=list)
    ledger: list[LedgerEntry] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)  # numbered 1.. in issue order
    recurring: list[RecurringCost] = field(default_factory=list)

    def __len__(self) -> int:
        return (
            len(self.clients)
            + len(self.missions)
            + len(self.ledger)
            + len(self.offers)
            + len(self.invoices)
            + len(self.recurring)
        )


#: The default quality checklist (``config`` has the same defaults).
CHECKLIST: tuple[str, ...] = (
    "Facts checked",
    "Links and sources checked",
    "Formatting rules applied",
    "Tone matches the brief",
    "Names, numbers, dates and terms consistent",
)


def _checklist(stage: int) -> list[Check]:
    """Ticked once the mission is past quality check; half-done while in it."""
    done = len(CHECKLIST) if stage >= _REVIEW else (2 if stage == _REVIEW - 1 else 0)
    return [Check(text, i < done) for i, text in enumerate(CHECKLIST)]


def generate(size: int | None = None, *, seed: int = 7, today: dt.date) -> SampleData:
    """The demo business (``size=None``) or about ``size`` documents for benchmarks."""
    if size is None:
        return _demo(today, random.Random(seed))
    if size < 0:
        raise ValueError("size must be >= 0")
    return _bulk(size, random.Random(seed), today)


# --------------------------------------------------------------------------------------------
# Shared helpers


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _stamp(day: dt.date, rng: random.Random) -> dt.datetime:
    """A working-hours moment on ``day``."""
    return dt.datetime.combine(day, dt.time(8, 30)) + dt.timedelta(
        minutes=rng.randrange(0, 9 * 60), seconds=rng.randrange(60)
    )


def _history(
    rng: random.Random,
    stage: int,
    start: dt.date,
    end: dt.date,
    revisions: int,
    reasons: list[str],
) -> list[StageMove]:
    """Moves from Brief to ``stage`` between ``start`` and ``end`` (inclusive), in time order.

    Each move goes one stage forward, except revision rounds: a move back from Client review to
    First draft with a reason (only when the mission got as far as Client review).
    """
    if stage >= _REVIEW:
        path = list(range(_REVIEW + 1))
        for _round in range(revisions):
            path += range(_DRAFT, _REVIEW + 1)  # back to First draft, then forward again
        path += range(_REVIEW + 1, stage + 1)
    else:
        path = list(range(stage + 1))
    span = max(0, (end - start).days)
    offsets = sorted(rng.randrange(span + 1) for _ in path[1:])
    moments = [_stamp(start, rng)]
    for offset in offsets:
        moment = _stamp(start + dt.timedelta(days=offset), rng)
        moments.append(max(moment, moments[-1] + dt.timedelta(minutes=1)))
    moves: list[StageMove] = []
    prev: int | None = None
    round_no = 0
    for stage_no, moment in zip(path, moments, strict=True):
        reason = ""
        if prev is not None and stage_no < prev:
            round_no += 1
            reason = f"Revision round {round_no}: {reasons[(round_no - 1) % len(reasons)]}"
        moves.append(
            StageMove(
                at=moment.isoformat(timespec="seconds"), stage=STAGES[stage_no], reason=reason
            )
        )
        prev = stage_no
    return moves


def _payment(
    day: dt.date, client: str, title: str, amount: int, mission_id: int | None, group: str
) -> list[LedgerEntry]:
    parts = split_cents(amount, ENVELOPE_SHARES_BP)
    description = f"Payment from {client}: {title}"
    return [
        LedgerEntry(
            date=_iso(day),
            description=description,
            amount_cents=part,
            envelope=envelope,
            kind="income",
            mission_id=mission_id,
            group=group,
        )
        for envelope, part in parts.items()
    ]


def _fridays(start: dt.date, end: dt.date) -> list[dt.date]:
    first = start + dt.timedelta(days=(_FRIDAY - start.weekday()) % 7)
    return [first + dt.timedelta(weeks=w) for w in range(((end - first).days // 7) + 1)]


def _payout(day: dt.date) -> LedgerEntry:
    return LedgerEntry(
        date=_iso(day),
        description="Weekly payout to Camille",
        amount_cents=-PAYOUT_CENTS,
        envelope="pay",
        kind="payout",
    )


_EXPENSES: tuple[tuple[str, int, int], ...] = (
    # description, min cents, max cents
    ("Word processor and grammar checker subscription", 1200, 2400),
    ("Style guide and reference books", 2500, 6800),
    ("Professional liability insurance (quarter)", 9000, 14000),
    ("Accountant: quarterly bookkeeping", 18000, 26000),
    ("Internet and phone plan, business share", 2000, 3500),
    ("Bank account fees", 800, 1500),
    ("Online course: structural editing", 9000, 19000),
    ("Cloud storage and backups", 500, 1200),
    ("Train ticket to a client workshop", 4500, 9500),
    ("Replacement keyboard", 4000, 9000),
    ("Press archive access (month)", 1500, 2900),
    ("Transcription service for interviews", 3000, 8000),
)

_REVISION_REASONS = (
    "client asked for a shorter introduction",
    "new figures from the client's finance team",
    "tone to be less formal, as agreed in the brief",
    "section order changed after the client's board review",
)


# --------------------------------------------------------------------------------------------
# The demo business


_DEMO_CLIENTS: tuple[tuple[str, str, int, int, int | None, str], ...] = (
    # alias, status, first contact (days ago), last contact (days ago), ended (days ago), notes
    (
        "acme-mag",
        "client",
        690,
        2,
        None,
        "Monthly magazine; features and the newsletter. Briefs arrive by the 5th.",
    ),
    (
        "atelier-b",
        "client",
        410,
        6,
        None,
        "Architecture studio; web copy and project sheets in French and English.",
    ),
    (
        "nordlys-studio",
        "client",
        260,
        9,
        None,
        "Design agency; white papers and case studies, fixed price per deliverable.",
    ),
    (
        "maison-verte",
        "client",
        150,
        4,
        None,
        "Garden cooperative; annual report and member guides. Invoices go to the portal.",
    ),
    (
        "editions-lune",
        "prospect",
        21,
        21,
        None,
        "Small publisher; asked for a quote for copy-editing two novels.",
    ),
    (
        "cafe-orbite",
        "client",  # its mission 19 is accepted and its deposit F-0041 invoiced
        12,
        5,
        None,
        "Coffee roaster; wants a brand story and product sheets. Offer sent.",
    ),
)

# title, client, stage, deadline (working days ahead, calendar days back; None = end of this
# week), fee (euros),
# effort (hours), age (days since the brief), revisions used, deliverables, acceptance criteria,
# assumptions
_MissionRow = tuple[
    str, str, int, int | None, int, int, int, int, tuple[str, ...], tuple[str, ...], tuple[str, ...]
]

# The board is a busy but healthy business (tests/test_sample.py): about a week and a half
# of estimated work left on eight open missions, three briefs not estimated yet, one mission
# overdue and one deadline too close (the planner's lessons), the rest delivered lately.
_DEMO_MISSIONS: tuple[_MissionRow, ...] = (
    (
        "Spring issue feature: urban beekeeping (2,500 words)",
        "acme-mag",
        5,
        -3,
        950,
        12,
        30,
        0,
        ("Feature article, 2,500 words", "Two pull quotes", "Photo captions"),
        ("Three named sources interviewed", "House style applied", "Within 10 % of the word count"),
        ("Photos supplied by the magazine", "One revision round included"),
    ),
    (
        "Newsletter: May edition",
        "acme-mag",
        3,
        None,
        320,
        3,
        12,
        0,
        ("Newsletter text, 6 blocks", "Subject line with two variants"),
        ("Links checked", "Fits the newsletter template"),
        ("Items list agreed on by the editor before writing",),
    ),
    (
        "Interview portrait: a ceramicist in Lyon",
        "acme-mag",
        5,
        -20,
        600,
        9,
        55,
        1,
        ("Portrait, 1,200 words", "Short bio box"),
        ("Quotes approved by the interviewee", "House style applied"),
        ("Interview by video call, 1 hour", "Interviewee reviews quotes only"),
    ),
    (
        "Website copy: studio and services pages",
        "atelier-b",
        4,
        4,
        1800,
        8,
        40,
        1,
        ("Studio page", "Services page (4 services)", "Meta descriptions"),
        ("Approved by both partners", "Keywords from the brief used naturally"),
        ("Content in French first, English adaptation in a separate offer", "Two revision rounds"),
    ),
    (
        "Project sheets: three housing renovations",
        "atelier-b",
        5,
        -5,
        900,
        6,
        20,
        0,
        ("Three project sheets, 400 words each",),
        ("Technical terms checked by the studio", "Same structure for the three sheets"),
        ("Plans and photos supplied", "Site visit not included"),
    ),
    (
        "English adaptation of the services page",
        "atelier-b",
        0,
        30,
        450,
        0,
        2,
        0,
        ("English page adapted from the approved French text",),
        ("Reads as native English", "Terminology list respected"),
        ("Starts once the French page is delivered",),
    ),
    (
        "White paper: design systems for small teams",
        "nordlys-studio",
        5,
        -4,
        2400,
        24,
        35,
        0,
        (
            "White paper, 4,000 words",
            "Executive summary",
            "Three diagrams briefed for the designer",
        ),
        ("Structure approved at outline stage", "All claims sourced"),
        ("Two interviews with the agency's leads", "Diagrams drawn by the agency"),
    ),
    (
        "Case study: museum wayfinding project",
        "nordlys-studio",
        5,
        -41,
        850,
        10,
        80,
        0,
        ("Case study, 1,000 words", "Three key figures highlighted"),
        ("Client name cleared for publication", "Figures checked with the project lead"),
        ("One revision round",),
    ),
    (
        "Case study: bank branch signage",
        "nordlys-studio",
        5,
        -1,
        850,
        8,
        25,
        0,
        ("Case study, 1,000 words", "Headline options"),
        ("Figures checked with the project lead",),
        ("Client approval of quotes handled by the agency",),
    ),
    (
        "Annual report 2025: member-facing edition",
        "maison-verte",
        4,
        -2,
        3200,
        20,
        60,
        2,
        ("Annual report text, 12 pages", "President's letter (ghostwritten)", "Key figures page"),
        ("Figures match the audited accounts", "Approved by the board"),
        ("Accounts final before drafting starts", "Three revision rounds at most"),
    ),
    (
        "Member guide: composting at home",
        "maison-verte",
        5,
        -8,
        700,
        6,
        24,
        0,
        ("Guide, 8 short chapters", "Checklist page"),
        ("Plain language, readable by beginners", "Reviewed by a volunteer expert"),
        ("Illustrations by the cooperative's designer",),
    ),
    (
        "Newsletter: April edition",
        "acme-mag",
        5,
        -33,
        320,
        5,
        45,
        0,
        ("Newsletter text, 6 blocks",),
        ("Links checked",),
        ("Items list agreed before writing",),
    ),
    (
        "Copy-editing sample: chapter one",
        "editions-lune",
        0,
        7,
        0,
        2,
        3,
        0,
        ("Edited chapter with tracked changes", "Short style sheet"),
        ("Turnaround within a week",),
        ("Free sample, capped at 3 hours", "Full offer quoted separately"),
    ),
    (
        "Brand story and three product sheets",
        "maison-verte",
        5,
        -75,
        1100,
        14,
        110,
        1,
        ("Brand story, 600 words", "Three product sheets"),
        ("Approved by the cooperative's committee",),
        ("Product facts supplied by the cooperative",),
    ),
)

# More of the same shape: a fuller board for the demo (about 25 missions in all).
_DEMO_MORE_MISSIONS: tuple[_MissionRow, ...] = (
    (
        "Newsletter: June edition",
        "acme-mag",
        0,
        14,
        320,
        1,
        1,
        0,
        ("Newsletter text, 6 blocks", "Subject line with two variants"),
        ("Links checked", "Fits the newsletter template"),
        ("Items list agreed on by the editor before writing",),
    ),
    (
        "Portrait: a luthier in Mirecourt",
        "acme-mag",
        1,
        1,
        600,
        3,
        5,
        0,
        ("Portrait, 1,200 words", "Short bio box"),
        ("Quotes approved by the interviewee", "House style applied"),
        ("Interview on site, half a day", "Travel costs billed at cost"),
    ),
    (
        "Case study: library signage retrofit",
        "nordlys-studio",
        2,
        5,
        850,
        2,
        12,
        0,
        ("Case study, 1,000 words", "Headline options"),
        ("Figures checked with the project lead", "Client name cleared for publication"),
        ("One interview with the project lead",),
    ),
    (
        "Press release: the cooperative's new shop",
        "maison-verte",
        3,
        3,
        380,
        3,
        9,
        0,
        ("Press release, 400 words", "Two quotes from the president"),
        ("Approved by the committee", "Opening date and address checked"),
        ("Photos supplied by the cooperative",),
    ),
    (
        "Product sheets: winter coffee blends",
        "cafe-orbite",
        0,
        21,
        540,
        0,
        2,
        0,
        ("Four product sheets", "Tasting notes glossary"),
        ("Origins and processes checked with the roaster",),
        ("Samples sent before writing", "Two revision rounds"),
    ),
    (
        "Copy-editing: novel manuscript, part one",
        "editions-lune",
        0,
        25,
        1400,
        0,
        4,
        0,
        ("Edited manuscript with tracked changes", "Style sheet"),
        ("House style of the publisher respected", "Queries to the author listed separately"),
        ("Manuscript final before editing starts", "Part two quoted separately"),
    ),
    (
        "Blog series: four posts on timber housing",
        "atelier-b",
        4,
        -6,
        1200,
        10,
        38,
        0,
        ("Four blog posts, 800 words each", "Meta descriptions"),
        ("Approved by both partners", "Technical terms checked by the studio"),
        ("Photos from the studio's archive", "Two revision rounds"),
    ),
    (
        "Member guide: seed saving",
        "maison-verte",
        5,
        -9,
        700,
        8,
        40,
        0,
        ("Guide, 6 short chapters", "Calendar page"),
        ("Plain language, readable by beginners", "Reviewed by a volunteer expert"),
        ("Illustrations by the cooperative's designer",),
    ),
    (
        "Web page: the studio's team and values",
        "atelier-b",
        5,
        -15,
        450,
        5,
        35,
        0,
        ("Team page copy", "Meta description"),
        ("Approved by both partners",),
        ("Portraits supplied by the studio",),
    ),
    (
        "Speech: the cooperative's general assembly",
        "maison-verte",
        5,
        -1,
        500,
        5,
        14,
        0,
        ("Speech, 10 minutes spoken", "Short version for the newsletter"),
        ("Figures match the annual report", "Approved by the president"),
        ("Key messages agreed in a 30-minute call",),
    ),
    (
        "Grant application: river restoration exhibition",
        "nordlys-studio",
        5,
        -2,
        900,
        8,
        7,
        0,
        ("Application narrative", "Budget justification text"),
        ("Funder's word limits respected", "All required sections answered"),
        ("Budget figures supplied by the agency",),
    ),
)

#: Which packaged offer a demo mission was sold from (by title).
_DEMO_OFFER_OF: dict[str, str] = {
    "Spring issue feature: urban beekeeping (2,500 words)": "Feature article",
    "Newsletter: May edition": "Newsletter edition",
    "Newsletter: April edition": "Newsletter edition",
    "Newsletter: June edition": "Newsletter edition",
    "Case study: museum wayfinding project": "Case study",
    "Case study: bank branch signage": "Case study",
    "Case study: library signage retrofit": "Case study",
    "English adaptation of the services page": "Web page",
    "Web page: the studio's team and values": "Web page",
    "Copy-editing: novel manuscript, part one": "Copy-editing, per 10,000 words",
}

# Issue 14 part 2: delivered yesterday and not invoiced yet (the card says "to bill", the
# Ledger's b drafts it); accepted with a 30 % deposit, invoiced at acceptance and sent.
_DEMO_NOT_INVOICED = "Speech: the cooperative's general assembly"
_DEMO_DEPOSIT: tuple[str, int] = ("Product sheets: winter coffee blends", 3000)

# Hourly work with a capped budget (issue 14): title -> rate in cents; its fee is the cap.
# 100 €/h capped at 1 200 € (12 h), 10 h logged in review: the card warns at 83 %.
_DEMO_HOURLY: dict[str, int] = {"Blog series: four posts on timber housing": 10000}

# name, euros, lead time (days), effort (hours), revision rounds, deliverables, criteria
_DEMO_OFFERS: tuple[tuple[str, int, int, int, int, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "Feature article",
        950,
        21,
        14,
        1,
        ("Feature article, 2,500 words", "Two pull quotes", "Photo captions"),
        ("Three named sources interviewed", "House style applied"),
    ),
    (
        "Newsletter edition",
        320,
        7,
        5,
        1,
        ("Newsletter text, 6 blocks", "Subject line with two variants"),
        ("Links checked", "Fits the newsletter template"),
    ),
    (
        "Case study",
        850,
        14,
        10,
        1,
        ("Case study, 1,000 words", "Headline options"),
        ("Figures checked with the project lead", "Client name cleared for publication"),
    ),
    (
        "Web page",
        450,
        10,
        5,
        2,
        ("Page copy", "Meta description"),
        ("Keywords from the brief used naturally", "Approved by the client"),
    ),
    (
        "Copy-editing, per 10,000 words",
        400,
        7,
        6,
        1,
        ("Edited text with tracked changes", "Short style sheet"),
        ("Turnaround within the lead time", "Style sheet respected"),
    ),
)


# Earlier paid work (before the missions above), so the ledger spans several months:
# days ago, client, title, euros.
_DEMO_EARLIER_PAYMENTS: tuple[tuple[int, str, str, int], ...] = (
    (86, "acme-mag", "Winter issue: feature and newsletters", 2400),
    (78, "atelier-b", "Competition entry texts", 3200),
    (64, "nordlys-studio", "White paper: accessible signage", 2900),
    (51, "acme-mag", "Newsletters and two portraits", 2100),
    (37, "maison-verte", "Membership campaign texts", 2600),
    (23, "atelier-b", "Press kit: new studio", 1900),
    (9, "nordlys-studio", "Case studies: two transport projects", 1700),
)


# Work paid earlier in the year: what, with the clients it went to (a year of ledger).
_DEMO_YEAR_WORK: tuple[tuple[str, str], ...] = (
    ("acme-mag", "Spring issue: two features"),
    ("acme-mag", "Monthly newsletters (quarter)"),
    ("atelier-b", "Website copy: projects pages"),
    ("atelier-b", "Award submission texts"),
    ("nordlys-studio", "Annual report: editing"),
    ("nordlys-studio", "Exhibition panels"),
    ("maison-verte", "Grant application: narrative"),
    ("maison-verte", "Annual members' letter"),
)


def _year_of_payments(today: dt.date, rng: random.Random) -> list[tuple[int, str, str, int]]:
    """Two or three paid jobs a month from a year ago to three months ago: days ago, client,
    title, euros."""
    paid = []
    for month in range(3, 12):
        for _ in range(rng.choice((2, 2, 3))):
            client, title = rng.choice(_DEMO_YEAR_WORK)
            paid.append(
                (month * 30 + rng.randrange(0, 28), client, title, rng.randrange(12, 32) * 100)
            )
    return paid


def _covered_payouts(ledger: list[LedgerEntry], fridays: list[dt.date]) -> list[LedgerEntry]:
    """The Friday payouts Camille could afford: one is held when the pay envelope is short."""
    pay_in = sorted((e.date, e.amount_cents) for e in ledger if e.envelope == "pay")
    payouts: list[LedgerEntry] = []
    balance, position = 0, 0
    for friday in fridays:
        while position < len(pay_in) and pay_in[position][0] <= _iso(friday):
            balance += pay_in[position][1]
            position += 1
        if balance >= PAYOUT_CENTS:
            payouts.append(_payout(friday))
            balance -= PAYOUT_CENTS
    return payouts


def _end_of_week(today: dt.date) -> dt.date:
    """The last working day of this week (Friday); at a weekend, the coming one."""
    return today + dt.timedelta(days=(_FRIDAY - today.weekday()) % 7)


def _due(today: dt.date, days: int) -> dt.date:
    """A deadline ``days`` from ``today``: working days ahead (the demo's load is the same
    whatever day it is made), calendar days back."""
    if days <= 0:
        return today + dt.timedelta(days=days)
    day = today
    while days:
        day += dt.timedelta(days=1)
        days -= day.weekday() < 5
    return day


def _demo(today: dt.date, rng: random.Random) -> SampleData:
    day = dt.timedelta(days=1)
    clients = [
        Client(
            alias=alias,
            status=status,
            first_contact=_iso(today - first * day),
            last_contact=_iso(today - last * day),
            relationship_ended=None if ended is None else _iso(today - ended * day),
            notes=notes,
        )
        for alias, status, first, last, ended, notes in _DEMO_CLIENTS
    ]

    missions: list[Mission] = []
    for (
        title,
        client,
        stage,
        due,
        fee,
        hours,
        age,
        revisions,
        deliverables,
        criteria,
        assumptions,
    ) in (*_DEMO_MISSIONS, *_DEMO_MORE_MISSIONS):
        deadline = _end_of_week(today) if due is None else _due(today, due)
        start = today - age * day
        if stage == _DELIVERED:
            end = min(today, deadline)  # delivered on time
        else:
            end = today - min(rng.randrange(0, 4), age) * day
        missions.append(
            Mission(
                title=title,
                client_alias=client,
                stage=STAGES[stage],
                offer=_DEMO_OFFER_OF.get(title, ""),
                fee_cents=fee * 100,
                hourly_rate_cents=_DEMO_HOURLY.get(title, 0),
                deadline=_iso(deadline),
                effort_minutes=hours * 60,
                deliverables=list(deliverables),
                acceptance_criteria=[Check(c, stage == _DELIVERED) for c in criteria],
                checklist=_checklist(stage),
                assumptions=list(assumptions),
                revision_limit=max(2, revisions),
                revisions_used=revisions,
                deposit_bp=_DEMO_DEPOSIT[1] if title == _DEMO_DEPOSIT[0] else 0,
                notes="AI use: grammar checker only." if stage >= _DRAFT else "",
                archived=stage == _DELIVERED and age > 70,
                history=_history(rng, stage, start, end, revisions, list(_REVISION_REASONS)),
            )
        )

    ledger: list[LedgerEntry] = []
    start = today - 365 * day
    # Money already in the envelopes when Camille started using homeops, a year ago.
    for envelope, cents in (
        ("taxes", 120000),
        ("costs", 50000),
        ("pay", 180000),
        ("cushion", 600000),
    ):
        ledger.append(
            LedgerEntry(
                date=_iso(start),
                description="Opening balance",
                amount_cents=cents,
                envelope=envelope,
                kind="transfer",
                group="opening",
            )
        )
    payments: list[tuple[dt.date, str, str, int, int | None]] = [
        (today - ago * day, client, title, euros * 100 + rng.choice((0, 0, 50)), None)
        for ago, client, title, euros in (*_year_of_payments(today, rng), *_DEMO_EARLIER_PAYMENTS)
    ]
    for number, mission in enumerate(missions, start=1):
        if mission.stage == STAGES[_DELIVERED] and mission.fee_cents and mission.deadline:
            paid = dt.date.fromisoformat(mission.deadline) + rng.randrange(12, 30) * day
            if paid <= today:
                payments.append(
                    (paid, mission.client_alias, mission.title, mission.fee_cents, number)
                )
    for number, (paid, client, title, cents, mission_id) in enumerate(payments, start=1):
        group = f"pay-{number:04d}"  # one group per payment: a reversal undoes just that one
        ledger.extend(_payment(paid, client, title, cents, mission_id, group))
    for expense_no in range(26):  # every other week, all year
        description, low, high = _EXPENSES[expense_no % len(_EXPENSES)]
        ledger.append(
            LedgerEntry(
                date=_iso(start + (3 + expense_no * 14 + rng.randrange(5)) * day),
                description=description,
                amount_cents=-rng.randrange(low, high + 1),
                envelope="costs",
                kind="expense",
            )
        )
    ledger.extend(_covered_payouts(ledger, _fridays(start + day, today)))
    ledger.sort(key=lambda entry: entry.date)
    invoices = _demo_invoices(today, payments, missions, rng)
    offers = [
        Offer(
            name=name,
            price_cents=euros * 100,
            lead_time_days=lead,
            deliverables=list(deliverables),
            acceptance_criteria=list(criteria),
            revision_rounds=rounds,
            effort_minutes=hours * 60,
        )
        for name, euros, lead, hours, rounds, deliverables, criteria in _DEMO_OFFERS
    ]
    return SampleData(
        clients=clients,
        missions=missions,
        ledger=ledger,
        offers=offers,
        invoices=invoices,
        recurring=_demo_recurring(today),
    )


# Invoices still unpaid beyond their terms: days since issue, client, what, euros.
_DEMO_OVERDUE: tuple[tuple[int, str, str, int], ...] = (
    (47, "maison-verte", "Volunteer guide: second printing corrections", 850),
    (38, "acme-mag", "Extra newsletter batch", 640),
)
_TERMS = dt.timedelta(days=30)


def _demo_invoices(
    today: dt.date,
    payments: list[tuple[dt.date, str, str, int, int | None]],
    missions: list[Mission],
    rng: random.Random,
) -> list[Invoice]:
    """Paid invoices for the payments, open ones (two overdue), a void one and a draft,
    numbered 1.. without a gap in issue order."""
    found: list[Invoice] = []
    for paid, client, title, cents, mission_id in payments:
        issued = paid - dt.timedelta(days=rng.randrange(14, 29))
        found.append(
            Invoice(
                0,
                client,
                cents,
                title,
                mission_id=mission_id,
                status="paid",
                issued=_iso(issued),
                due=_iso(issued + _TERMS),
                paid_on=_iso(paid),
            )
        )
    for number, mission in enumerate(missions, start=1):
        if mission.stage == STAGES[_DELIVERED] and not mission.archived and mission.deadline:
            if any(p[4] == number for p in payments) or mission.title == _DEMO_NOT_INVOICED:
                continue
            issued = min(today, dt.date.fromisoformat(mission.deadline))
            found.append(
                Invoice(
                    0,
                    mission.client_alias,
                    mission.fee_cents,
                    mission.title,
                    mission_id=number,
                    status="sent",
                    issued=_iso(issued),
                    due=_iso(issued + _TERMS),
                )
            )
    for ago, client, title, euros in _DEMO_OVERDUE:
        issued = today - dt.timedelta(days=ago)
        found.append(
            Invoice(
                0,
                client,
                euros * 100,
                title,
                status="sent",
                issued=_iso(issued),
                due=_iso(issued + _TERMS),
            )
        )
    mistaken = today - dt.timedelta(days=30)
    found.append(
        Invoice(
            0,
            "atelier-b",
            120000,
            "Issued twice by mistake",
            status="void",
            issued=_iso(mistaken),
            due=_iso(mistaken + _TERMS),
            credit_note=1,  # voided after it was sent: cancelled by credit note AV-0001
            credited_on=_iso(mistaken + dt.timedelta(days=2)),
        )
    )
    for number, mission in enumerate(missions, start=1):
        deposit = deposit_invoice(mission, format_amount(mission.fee_cents))
        if deposit is not None:  # invoiced when the mission was accepted, sent at once
            issued = dt.date.fromisoformat(mission.history[0].at[:10])
            deposit.mission_id, deposit.status = number, "sent"
            deposit.issued, deposit.due = _iso(issued), _iso(issued)  # due on receipt
            found.append(deposit)
    found.sort(key=lambda invoice: invoice.issued or "")
    review = next((m for m in missions if m.stage == STAGES[_REVIEW] and m.fee_cents), None)
    if review is not None:
        found.append(
            Invoice(
                0,
                review.client_alias,
                review.fee_cents,
                review.title,
                mission_id=missions.index(review) + 1,
            )
        )
    for number, invoice in enumerate(found, start=1):
        invoice.number = number
    return found


def _demo_recurring(today: dt.date) -> list[RecurringCost]:
    """The costs that come back every month or quarter."""
    start = _iso(today.replace(day=1) - dt.timedelta(days=60))
    return [
        RecurringCost("Word processor subscription", 1999, "FREQ=MONTHLY;BYMONTHDAY=5", start),
        RecurringCost("Internet and phone, business share", 2900, "FREQ=MONTHLY;BYMONTHDAY=12",
                      start),
        RecurringCost("Accountant: quarterly bookkeeping", 22000,
                      "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=20", start),
    ]  # fmt: skip


# --------------------------------------------------------------------------------------------
# Large vaults for benchmarks

_ALIAS_A = (
    "acme",
    "atelier",
    "nordlys",
    "maison",
    "editions",
    "cafe",
    "studio",
    "agence",
    "collectif",
    "revue",
    "lab",
    "cabinet",
    "ferme",
    "librairie",
    "theatre",
    "musee",
    "fondation",
    "union",
    "clinique",
    "ecole",
    "galerie",
    "institut",
    "maison",
    "bureau",
    "reseau",
    "cercle",
    "jardin",
    "atelier",
    "comptoir",
    "forge",
)
_ALIAS_B = (
    "mag",
    "b",
    "verte",
    "lune",
    "orbite",
    "nord",
    "sud",
    "bleu",
    "pixel",
    "papier",
    "encre",
    "plume",
    "rivage",
    "colline",
    "phare",
    "tilleul",
    "granit",
    "cobalt",
    "saule",
    "brume",
    "ardoise",
    "olive",
    "cedre",
    "marine",
    "ocre",
    "lys",
    "ruche",
    "quartz",
    "sel",
    "vent",
)
_TITLE_KIND = (
    "Feature article",
    "Newsletter",
    "Case study",
    "White paper",
    "Website copy",
    "Interview portrait",
    "Annual report",
    "Member guide",
    "Press release",
    "Product sheets",
    "Blog series",
    "Copy-editing",
    "Proofreading",
    "Brand story",
    "Grant application",
    "Speech",
)
_TITLE_TOPIC = (
    "urban beekeeping",
    "design systems",
    "museum wayfinding",
    "home composting",
    "timber housing",
    "local energy",
    "coffee sourcing",
    "bookbinding",
    "public libraries",
    "river restoration",
    "cycling to work",
    "small-batch ceramics",
    "night trains",
    "community gardens",
    "repair cafes",
    "open data",
    "school canteens",
    "co-working",
    "heritage crafts",
    "sea kayaking",
)
_DELIVERABLES = (
    "Article, 1,200 words",
    "Article, 2,500 words",
    "Two pull quotes",
    "Photo captions",
    "Headline options",
    "Meta descriptions",
    "Executive summary",
    "Checklist page",
    "Short bio box",
    "Newsletter text, 6 blocks",
    "Three product sheets",
    "Style sheet",
    "Edited manuscript with tracked changes",
    "Slide notes",
)
_CRITERIA = (
    "House style applied",
    "Links checked",
    "All claims sourced",
    "Approved by the client's editor",
    "Within 10 % of the word count",
    "Figures checked with the project lead",
    "Plain language, readable by beginners",
    "Quotes approved by the interviewees",
    "Terminology list respected",
    "Fits the template",
)
_ASSUMPTIONS = (
    "Photos supplied by the client",
    "One revision round included",
    "Two revision rounds included",
    "Interviews by video call",
    "Source documents supplied before drafting",
    "Client feedback within five working days",
    "Translation quoted separately",
    "Illustrations by the client's designer",
    "Site visit not included",
)
_NOTES = (
    "Prefers briefs in writing.",
    "Invoices go to the accounts payable portal.",
    "Pays within 30 days.",
    "Seasonal work; quiet in summer.",
    "Feedback from two editors; consolidate before revising.",
    "",
)


def _bulk(size: int, rng: random.Random, today: dt.date) -> SampleData:
    if size == 0:
        return SampleData()
    n_clients = max(1, size // 100)
    n_missions = max(1, size // 10) if size >= 3 else 0
    n_ledger = max(0, size - n_clients - n_missions)
    span = min(3650, max(120, size // 25))  # days of history: ten years at 100,000 documents
    origin = today - dt.timedelta(days=span)

    clients: list[Client] = []
    seen: dict[str, int] = {}
    for number in range(n_clients):
        base = f"{rng.choice(_ALIAS_A)}-{rng.choice(_ALIAS_B)}"
        count = seen.get(base, 0) + 1
        seen[base] = count
        alias = base if count == 1 else f"{base}-{count}"
        first = origin + dt.timedelta(days=rng.randrange(span + 1))
        last = first + dt.timedelta(days=rng.randrange((today - first).days + 1))
        prospect = number % 7 == 6
        ended = None
        if not prospect and rng.random() < 0.2 and last < today:
            ended = last + dt.timedelta(days=rng.randrange((today - last).days + 1))
        clients.append(
            Client(
                alias=alias,
                status="prospect" if prospect else "client",
                first_contact=_iso(first),
                last_contact=_iso(last),
                relationship_ended=None if ended is None else _iso(ended),
                notes=rng.choice(_NOTES),
            )
        )
    payers = [c.alias for c in clients if c.status == "client"] or [clients[0].alias]

    missions: list[Mission] = []
    reasons = list(_REVISION_REASONS)
    for _ in range(n_missions):
        start = origin + dt.timedelta(days=rng.randrange(span + 1))
        age = (today - start).days
        # old missions are delivered; recent ones are anywhere on the board
        stage = _DELIVERED if age > 90 else rng.randrange(len(STAGES))
        lead = rng.randrange(5, 60)
        deadline = start + dt.timedelta(days=lead)
        end = min(today, deadline) if stage == _DELIVERED else today
        revisions = rng.choice((0, 0, 0, 1, 1, 2)) if stage >= _REVIEW else 0
        missions.append(
            Mission(
                title=f"{rng.choice(_TITLE_KIND)}: {rng.choice(_TITLE_TOPIC)}",
                client_alias=rng.choice(payers),
                stage=STAGES[stage],
                fee_cents=rng.randrange(3, 60) * 5000,
                deadline=_iso(deadline),
                effort_minutes=rng.randrange(2, 40) * 60,
                deliverables=rng.sample(_DELIVERABLES, rng.randrange(1, 4)),
                acceptance_criteria=[
                    Check(c, stage == _DELIVERED)
                    for c in rng.sample(_CRITERIA, rng.randrange(1, 4))
                ],
                checklist=_checklist(stage),
                assumptions=rng.sample(_ASSUMPTIONS, rng.randrange(1, 4)),
                revision_limit=2,
                revisions_used=revisions,
                notes="AI use: grammar checker only." if rng.random() < 0.3 else "",
                archived=stage == _DELIVERED and age > 365,
                history=_history(rng, stage, start, end, revisions, reasons),
            )
        )

    ledger: list[LedgerEntry] = []
    # Weekly payouts, at most a fifth of the ledger; the rest payments (4 entries) and expenses.
    fridays = _fridays(origin + dt.timedelta(days=1), today)
    ledger.extend(_payout(friday) for friday in fridays[-(n_ledger // 5) :] if n_ledger >= 5)
    remaining = n_ledger - len(ledger)
    n_payments = (remaining * 3 // 4) // 4
    for _ in range(n_payments):
        paid = origin + dt.timedelta(days=rng.randrange(span + 1))
        client = rng.choice(payers)
        mission_id = rng.randrange(1, n_missions + 1) if n_missions else None
        title = missions[mission_id - 1].title if mission_id else "Consulting"
        cents = rng.randrange(20, 400) * 1000 + rng.choice((0, 0, 500, 2500))
        ledger.extend(_payment(paid, client, title, cents, mission_id, f"pay-{len(ledger):06d}"))
    while len(ledger) < n_ledger:
        description, low, high = rng.choice(_EXPENSES)
        ledger.append(
            LedgerEntry(
                date=_iso(origin + dt.timedelta(days=rng.randrange(span + 1))),
                description=description,
                amount_cents=-rng.randrange(low, high + 1),
                envelope="costs",
                kind="expense",
            )
        )
    ledger.sort(key=lambda entry: entry.date)
    return SampleData(clients=clients, missions=missions, ledger=ledger)
