"""Offers that learn (issue 16): the two-week offer test, results per offer and per channel,
portfolio mini-cases and the skills profile, as frozen records and pure functions.

An offer test counts people, never names them: ``contacted``, ``replied`` and ``met``
(meetings or paid trials) are whole numbers. The diagnosis is the seed's reasoning:

- fewer than ``min_contacts`` people contacted: too early to say;
- replies under ``reply_rate_min`` of the contacted: "the offer is badly worded or aims at
  the wrong segment";
- replies, but meetings under ``meeting_rate_min`` of the replies: "your proof and your
  process are not convincing enough yet";
- otherwise healthy.

Rates are exact fractions; thresholds are basis points (10 % = 1000). No I/O, no clock:
``today`` is passed in.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from fractions import Fraction

#: The diagnosis's verdicts, in the order the reasoning tries them.
TOO_EARLY, LOW_REPLIES, NO_SALES, HEALTHY = (
    "too early",
    "low replies",
    "calls without sales",
    "healthy",
)
VERDICTS: tuple[str, ...] = (TOO_EARLY, LOW_REPLIES, NO_SALES, HEALTHY)
#: What can be counted on a running test.
COUNTS: tuple[str, ...] = ("contacted", "replied", "met")
#: Where a client came from (the client's optional ``source``).
CHANNELS: tuple[str, ...] = ("referral", "content", "partnership", "direct")
#: The channel of a client with no source recorded.
UNKNOWN_CHANNEL = "unknown"
#: A test lasts 14 days unless told otherwise; at most a year.
DEFAULT_DAYS = 14
TEST_DAYS_MAX = 366
#: The most a single count may reach (a freelancer's outreach, far above any real test).
COUNT_MAX = 1_000_000


@dataclass(frozen=True)
class Thresholds:
    """When the diagnosis says something: ``min_contacts`` people, rates in basis points
    (``reply_rate_min`` of the contacted, ``meeting_rate_min`` of the replies)."""

    min_contacts: int = 20
    reply_rate_min_bp: int = 1000  # 10 %
    meeting_rate_min_bp: int = 2500  # 25 % of replies


@dataclass(frozen=True)
class OfferTest:
    """One offer tried on one target segment for ``days`` days from ``start``; counts only.
    ``ended`` is the day it was ended (None while it runs)."""

    id: int | None
    offer: str
    segment: str
    start: date
    days: int = DEFAULT_DAYS
    contacted: int = 0
    replied: int = 0
    met: int = 0
    ended: date | None = None

    @property
    def running(self) -> bool:
        return self.ended is None


@dataclass(frozen=True)
class Diagnosis:
    """The seed's diagnosis of a test: ``verdict`` (one of ``VERDICTS``), ``words`` in plain
    language, and the rates it was drawn from (None when there is nothing to divide by):
    ``reply_rate`` = replied / contacted, ``meeting_rate`` = met / replied."""

    verdict: str
    words: str
    reply_rate: Fraction | None
    meeting_rate: Fraction | None


WORDS = {
    TOO_EARLY: "Too early to say: contact at least {n} people before reading the rates.",
    LOW_REPLIES: "Few replies: the offer is badly worded or aims at the wrong segment.",
    NO_SALES: (
        "Replies but few meetings or sales: your proof and your process are not "
        "convincing enough yet."
    ),
    HEALTHY: "Healthy: people reply and meet; keep the offer and this segment.",
}


def rate(part: int, whole: int) -> Fraction | None:
    """``part / whole`` exactly, or None when ``whole`` is 0."""
    return Fraction(part, whole) if whole else None


def diagnose(test: OfferTest, thresholds: Thresholds, today: date) -> Diagnosis:
    """The seed's diagnosis of ``test`` as it stands on ``today`` (the same at any time and
    at the end: the counts decide, not the calendar)."""
    del today  # the counts decide; kept in the signature so a later rule may use the days
    reply = rate(test.replied, test.contacted)
    meeting = rate(test.met, test.replied)
    if test.contacted < thresholds.min_contacts:
        verdict = TOO_EARLY
    elif reply is None or reply < Fraction(thresholds.reply_rate_min_bp, 10_000):
        verdict = LOW_REPLIES
    elif meeting is None or meeting < Fraction(thresholds.meeting_rate_min_bp, 10_000):
        verdict = NO_SALES
    else:
        verdict = HEALTHY
    words = WORDS[verdict].format(n=thresholds.min_contacts)
    return Diagnosis(verdict, words, reply, meeting)


def end_day(test: OfferTest) -> date:
    """The planned last day of the test (``start`` + ``days`` - 1)."""
    return test.start + timedelta(days=test.days - 1)


def days_left(test: OfferTest, today: date) -> int:
    """Days left including ``today`` (0 once ended or past its last day)."""
    if test.ended is not None:
        return 0
    return max(0, (end_day(test) - today).days + 1)


def count_problem(test: OfferTest) -> str | None:
    """Why these counts cannot be (more replies than contacts, more meetings than
    replies, a count out of bounds), or None."""
    for name in COUNTS:
        value = getattr(test, name)
        if not 0 <= value <= COUNT_MAX:
            return f"{name} must be between 0 and {COUNT_MAX}"
    if test.replied > test.contacted:
        return "more replies than people contacted"
    if test.met > test.replied:
        return "more meetings than replies"
    return None


# -- results per offer and per channel ---------------------------------------------------------


@dataclass(frozen=True)
class OfferResult:
    """What one offer really did, from the missions sold under its name.

    ``won``: missions of the offer (any stage, archived included); ``delivered``: those in the
    last stage. Every other figure is over the delivered ones: ``fee_cents`` the realised fee
    (fixed price plus accepted scope changes; hourly work: rate x logged time, capped),
    ``logged_minutes`` the time logged on them, ``cents_per_hour`` fee per real hour (rounded
    half up; None without logged time), ``revision_rounds`` used, accepted ``scope_changes``,
    ``on_time``/``late`` against their deadlines (missions without one count in neither),
    ``promised_days`` the offer's lead time, ``actual_days`` the mean days from the mission's
    first stage to delivery (rounded half up; None when none was delivered)."""

    offer: str
    won: int
    delivered: int
    fee_cents: int
    logged_minutes: int
    cents_per_hour: int | None
    revision_rounds: int
    scope_changes: int
    on_time: int
    late: int
    promised_days: int | None
    actual_days: int | None


@dataclass(frozen=True)
class ChannelResult:
    """``OfferResult``'s figures per acquisition channel (the client's source, one of
    ``CHANNELS`` or ``UNKNOWN_CHANNEL``); no promised lead time."""

    channel: str
    won: int
    delivered: int
    fee_cents: int
    logged_minutes: int
    cents_per_hour: int | None
    revision_rounds: int
    scope_changes: int
    on_time: int
    late: int
    actual_days: int | None


@dataclass(frozen=True)
class MissionFacts:
    """One mission as the results count it (built by the services from the vault)."""

    offer: str
    channel: str
    delivered: bool
    fee_cents: int  # realised fee
    logged_minutes: int
    revision_rounds: int
    scope_changes: int
    on_time: bool | None  # None: no deadline, or not delivered
    lead_days: int | None  # first stage to delivery, None when not delivered


def per_hour(fee_cents: int, minutes: int) -> int | None:
    """Cents per hour, rounded half up; None without time."""
    if minutes <= 0:
        return None
    return (fee_cents * 60 * 2 + minutes) // (2 * minutes)


def _mean_days(days: list[int]) -> int | None:
    if not days:
        return None
    return (2 * sum(days) + len(days)) // (2 * len(days))


@dataclass(frozen=True)
class _Totals:
    won: int
    delivered: int
    fee_cents: int
    logged_minutes: int
    cents_per_hour: int | None
    revision_rounds: int
    scope_changes: int
    on_time: int
    late: int
    actual_days: int | None


def _totals(facts: list[MissionFacts]) -> _Totals:
    done = [f for f in facts if f.delivered]
    fee = sum(f.fee_cents for f in done)
    minutes = sum(f.logged_minutes for f in done)
    return _Totals(
        won=len(facts),
        delivered=len(done),
        fee_cents=fee,
        logged_minutes=minutes,
        cents_per_hour=per_hour(fee, minutes),
        revision_rounds=sum(f.revision_rounds for f in done),
        scope_changes=sum(f.scope_changes for f in done),
        on_time=sum(1 for f in done if f.on_time is True),
        late=sum(1 for f in done if f.on_time is False),
        actual_days=_mean_days([f.lead_days for f in done if f.lead_days is not None]),
    )


def offer_results(facts: list[MissionFacts], lead_times: dict[str, int]) -> list[OfferResult]:
    """One result per offer, in the order of ``lead_times`` (the offers' lead times in days,
    by name) then any other offer name missions carry, by name; missions without an offer
    are left out."""
    names = list(lead_times) + sorted({f.offer for f in facts if f.offer} - set(lead_times))
    results = []
    for name in names:
        totals = asdict(_totals([f for f in facts if f.offer == name]))
        results.append(OfferResult(offer=name, promised_days=lead_times.get(name), **totals))
    return results


def channel_results(facts: list[MissionFacts]) -> list[ChannelResult]:
    """One result per channel with at least one mission, in ``CHANNELS`` order, unknown
    last."""
    results = []
    for channel in (*CHANNELS, UNKNOWN_CHANNEL):
        mine = [f for f in facts if f.channel == channel]
        if mine:
            results.append(ChannelResult(channel=channel, **asdict(_totals(mine))))
    return results


# -- portfolio ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A portfolio mini-case from a delivered mission: problem -> approach -> result, and the
    process proof (``proof``: one line each). ``client`` is the client's alias only when a
    consent with its date is recorded; otherwise None and every text is anonymised."""

    mission_id: int
    title: str
    problem: str
    approach: str
    result: str
    proof: tuple[str, ...]
    client: str | None = None
    offer: str = ""
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """The skills base: one main domain and two support skills (the seed's advice)."""

    main: str
    support: tuple[str, str]

    @property
    def skills(self) -> tuple[str, str, str]:
        return (self.main, *self.support)


def rate_bp(value: Fraction | None) -> int | None:
    """A rate as basis points, rounded half up (``Fraction(1, 3)`` -> 3333); None stays."""
    if value is None:
        return None
    scaled = value * 10_000
    return (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
