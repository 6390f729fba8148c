"""The offer test's rules (issue 16 point 1): the seed's diagnosis, one table row per branch
of its reasoning, the days left, and the rates; results' rounding (point 2)."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

import pytest

from homeops.rules.offers import (
    HEALTHY,
    LOW_REPLIES,
    NO_SALES,
    TOO_EARLY,
    MissionFacts,
    OfferTest,
    Thresholds,
    channel_results,
    count_problem,
    days_left,
    diagnose,
    offer_results,
    per_hour,
)

START = dt.date(2026, 12, 1)
# 20 people before it speaks; replies under 10 % of contacts; meetings under 25 % of replies
SEED = Thresholds(min_contacts=20, reply_rate_min_bp=1000, meeting_rate_min_bp=2500)


def _test(contacted: int, replied: int, met: int) -> OfferTest:
    return OfferTest(1, "Blog post", "B2B SaaS", START, 14, contacted, replied, met)


@pytest.mark.parametrize(
    ("contacted", "replied", "met", "verdict", "words", "reply", "meeting"),
    [
        # too early: 19 people is one short of 20, whatever the rates
        (19, 10, 10, TOO_EARLY, "Too early to say", Fraction(10, 19), Fraction(1)),
        (0, 0, 0, TOO_EARLY, "contact at least 20 people", None, None),
        # low replies: 1 of 20 is 5 % < 10 %; none at all is low too
        (20, 1, 1, LOW_REPLIES, "badly worded or aims at the wrong segment", Fraction(1, 20), 1),
        (40, 0, 0, LOW_REPLIES, "the wrong segment", Fraction(0), None),
        # 3 of 31 is 9.7 %: still under 10 %
        (31, 3, 3, LOW_REPLIES, "badly worded", Fraction(3, 31), Fraction(1)),
        # calls without sales: 10 of 40 reply (25 %), 2 of 10 meet (20 % < 25 %)
        (40, 10, 2, NO_SALES, "proof and your process are not convincing enough yet",
         Fraction(1, 4), Fraction(1, 5)),
        (20, 2, 0, NO_SALES, "not convincing enough yet", Fraction(1, 10), Fraction(0)),
        # healthy: exactly at both thresholds (2 of 20 = 10 %, 1 of 4 = 25 %)... and above
        (40, 4, 1, HEALTHY, "Healthy", Fraction(1, 10), Fraction(1, 4)),
        (50, 20, 8, HEALTHY, "keep the offer", Fraction(2, 5), Fraction(2, 5)),
    ],
)  # fmt: skip
def test_the_seeds_diagnosis_one_row_per_branch(
    contacted: int,
    replied: int,
    met: int,
    verdict: str,
    words: str,
    reply: Fraction | None,
    meeting: Fraction | None,
) -> None:
    found = diagnose(_test(contacted, replied, met), SEED, START)
    assert found.verdict == verdict
    assert words in found.words
    assert found.reply_rate == reply
    assert found.meeting_rate == meeting


def test_the_thresholds_come_from_the_caller() -> None:
    test = _test(10, 1, 0)  # 10 % replies, no meeting
    assert diagnose(test, SEED, START).verdict == TOO_EARLY
    low = Thresholds(min_contacts=10, reply_rate_min_bp=1000, meeting_rate_min_bp=0)
    assert diagnose(test, low, START).verdict == HEALTHY
    strict = Thresholds(min_contacts=10, reply_rate_min_bp=1001, meeting_rate_min_bp=0)
    assert diagnose(test, strict, START).verdict == LOW_REPLIES


@pytest.mark.parametrize(
    ("today", "ended", "left"),
    [
        (dt.date(2026, 12, 1), None, 14),  # the first day counts
        (dt.date(2026, 12, 14), None, 1),  # its last day: 1 Dec + 13
        (dt.date(2026, 12, 15), None, 0),
        (dt.date(2027, 3, 1), None, 0),
        (dt.date(2026, 12, 5), dt.date(2026, 12, 5), 0),  # ended early
    ],
)
def test_days_left(today: dt.date, ended: dt.date | None, left: int) -> None:
    test = OfferTest(1, "Blog post", "B2B", START, 14, ended=ended)
    assert days_left(test, today) == left


def test_counts_that_cannot_be() -> None:
    assert count_problem(_test(5, 5, 5)) is None
    assert count_problem(_test(5, 6, 0)) == "more replies than people contacted"
    assert count_problem(_test(5, 2, 3)) == "more meetings than replies"
    assert count_problem(_test(-1, 0, 0)) == "contacted must be between 0 and 1000000"


@pytest.mark.parametrize(
    ("fee", "minutes", "cents"),
    [
        (10_000, 60, 10_000),  # 100 € in one hour
        (10_000, 90, 6_667),  # 66.666… rounds up
        (85_000, 1_050, 4_857),  # 4 857.14
        (1, 120, 1),  # half a cent rounds up (0.5)
        (0, 60, 0),
        (10_000, 0, None),
    ],
)
def test_cents_per_hour_rounds_half_up(fee: int, minutes: int, cents: int | None) -> None:
    assert per_hour(fee, minutes) == cents


def _facts(offer: str, channel: str, delivered: bool, **kw: int | bool | None) -> MissionFacts:
    base: dict[str, int | bool | None] = {
        "fee_cents": 0, "logged_minutes": 0, "revision_rounds": 0, "scope_changes": 0,
        "on_time": None, "lead_days": None,
    }  # fmt: skip
    base.update(kw)
    return MissionFacts(offer, channel, delivered, **base)  # type: ignore[arg-type]


def test_results_count_the_delivered_missions_and_won_ones() -> None:
    facts = [
        _facts("A", "referral", True, fee_cents=30_000, logged_minutes=200, on_time=True,
               lead_days=3, revision_rounds=1),
        _facts("A", "content", True, fee_cents=10_000, logged_minutes=100, on_time=False,
               lead_days=4, scope_changes=2),
        _facts("A", "referral", False, fee_cents=99_999, logged_minutes=999),
        _facts("", "direct", True, fee_cents=5_000, logged_minutes=60),
    ]  # fmt: skip
    (a, b) = offer_results(facts, {"A": 5, "B": 7})
    assert (a.offer, a.won, a.delivered, a.fee_cents, a.logged_minutes) == ("A", 3, 2, 40_000, 300)
    assert a.cents_per_hour == 8_000  # 400 € over 5 h
    assert (a.revision_rounds, a.scope_changes, a.on_time, a.late) == (1, 2, 1, 1)
    assert (a.promised_days, a.actual_days) == (5, 4)  # 3.5 days rounds up
    assert (b.offer, b.won, b.delivered, b.cents_per_hour, b.actual_days) == ("B", 0, 0, None, None)
    channels = channel_results(facts)
    assert [c.channel for c in channels] == ["referral", "content", "direct"]
    assert (channels[0].won, channels[0].delivered, channels[0].fee_cents) == (2, 1, 30_000)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ({"reply_rate": 150}, "offers.reply_rate = 150: must be a percent from 0 to 100"),
        ({"meeting_rate": "a lot"}, 'offers.meeting_rate = "a lot": must be a percent'),
        ({"min_contacts": 0}, "offers.min_contacts = 0: must be a whole number of people from 1"),
        ({"min_contacts": 10_001}, "from 1 to 10,000"),
        ({"min_people": 3}, "unknown setting offers.min_people"),
    ],
)
def test_the_thresholds_settings_are_bounded(toml: dict[str, object], message: str) -> None:
    from homeops.config.load import settings_from_toml

    with pytest.raises(ValueError, match=re.escape(message)):
        settings_from_toml({"offers": toml}, "test")


def test_the_thresholds_settings_in_file_units() -> None:
    from homeops.config.load import settings_from_toml
    from homeops.config.settings import OfferSettings

    assert settings_from_toml({}, "t")[0].offers == OfferSettings(20, 1000, 2500)
    found = settings_from_toml({"offers": {"min_contacts": 5, "meeting_rate": 12.5}}, "t")[0]
    assert found.offers == OfferSettings(5, 1000, 1250)
