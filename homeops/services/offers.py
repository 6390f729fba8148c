"""Offers that learn (issue 16): offer tests, results per offer and per channel, portfolio
mini-cases and the skills profile. Each change is written once here; the console's Offers
view and ``homeops test|tests|results|cases|case|profile`` call it.

An offer test holds counts only (people contacted, replies, meetings or paid trials), never a
person. Cases are anonymised unless the client's consent is recorded with its date
(``homeops.rules.portfolio``). Refusals are ``OffersRefused``: one line, nothing written.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt

from homeops.config import Settings
from homeops.rules import planner
from homeops.rules.bounds import check_day
from homeops.rules.model import Mission
from homeops.rules.offers import (
    COUNT_MAX,
    COUNTS,
    DEFAULT_DAYS,
    TEST_DAYS_MAX,
    UNKNOWN_CHANNEL,
    Case,
    ChannelResult,
    Diagnosis,
    MissionFacts,
    OfferResult,
    OfferTest,
    Profile,
    Thresholds,
    channel_results,
    count_problem,
    diagnose,
    offer_results,
)
from homeops.rules.portfolio import (
    anonymised,
    case_markdown,
    client_patterns,
    delivered_on,
    lead_days,
    on_time,
    proof_lines,
)
from homeops.rules.text import NAME_MAX, check_line, check_text
from homeops.services.missions import flow_of
from homeops.services.waiting import check_idle
from homeops.storage.repos import NotFound
from homeops.storage.repos_offers import CaseText
from homeops.storage.vault import Vault

#: Skills an offer may be tagged with: the profile's three at most.
TAGS_MAX = 3


class OffersRefused(ValueError):
    """A change the rules refuse, in one line (no personal data); nothing was written."""


def thresholds(settings: Settings) -> Thresholds:
    """The diagnosis's thresholds from ``[offers]``."""
    o = settings.offers
    return Thresholds(o.min_contacts, o.reply_rate_bp, o.meeting_rate_bp)


def realised_fee(mission: Mission, logged_minutes: int) -> int:
    """What the mission earned, in cents: the fixed price with accepted scope changes; for
    hourly work, rate x logged time (rounded half up to the cent), capped by that budget
    when one is set."""
    cap = planner.fee_cents(mission)
    if mission.hourly_rate_cents <= 0:
        return cap
    earned = (2 * mission.hourly_rate_cents * logged_minutes + 60) // 120
    return min(earned, cap) if cap > 0 else earned


class Offers:
    """Offer tests, results, cases and the profile of one vault (``Business.offers``)."""

    def __init__(self, vault: Vault, settings: Settings) -> None:
        self._vault = vault
        self._settings = settings
        self._delivered = flow_of(settings).delivered

    def read_stamp(self) -> tuple[int | None, ...]:
        """What the Offers view reads (tests, results, cases, profile), as change counts:
        equal stamps, equal answers (None during a change: read again). Issue 18 point 4."""
        tables = ("offer_tests", "offers", "missions", "timelog", "clients", "cases", "meta")
        return tuple(self._vault.generation(t) for t in tables)

    # -- offer tests ------------------------------------------------------------------------

    def tests(self) -> builtins.list[OfferTest]:
        """Every test: running ones first, then the newest (latest start, then latest id)."""
        found = self._vault.offer_tests.list()
        return sorted(found, key=lambda t: (not t.running, -t.start.toordinal(), -(t.id or 0)))

    def running(self) -> OfferTest | None:
        """The test that runs now, or None (one runs at a time)."""
        return next((t for t in self._vault.offer_tests.list() if t.running), None)

    def get(self, test_id: int) -> OfferTest:
        """The test ``test_id``; ``OffersRefused`` when there is none."""
        try:
            return self._vault.offer_tests.get(test_id)
        except NotFound:
            raise OffersRefused(f"no offer test #{test_id}") from None

    def offer_names(self) -> builtins.list[str]:
        """The packaged offers' names, as the catalogue lists them."""
        return [offer.name for offer in self._vault.offers.list()]

    def start_test(
        self, offer: str, segment: str, *, days: int = DEFAULT_DAYS, today: dt.date
    ) -> OfferTest:
        """Start testing ``offer`` (a packaged offer's name, any case) on ``segment`` (one
        line naming the target, e.g. "B2B SaaS marketing leads") for ``days`` days from
        ``today``. One test runs at a time: end it first."""
        check_idle(self._vault)
        found = self._vault.offers.by_name(offer)
        if found is None:
            names = ", ".join(self.offer_names()) or "none yet (homeops offer add)"
            raise OffersRefused(f"no offer called that; offers: {names}")
        segment = check_line(segment.strip(), "segment", NAME_MAX)
        if not segment:
            raise OffersRefused("a test needs a target segment")
        if not 1 <= days <= TEST_DAYS_MAX:
            raise OffersRefused(f"a test lasts 1 to {TEST_DAYS_MAX} days")
        check_day(today, "start")
        running = self.running()
        if running is not None:
            raise OffersRefused(f"test #{running.id} is running: end it first (homeops test end)")
        return self._vault.offer_tests.add(OfferTest(None, found.name, segment, today, days))

    def log(self, test_id: int, kind: str, count: int = 1) -> OfferTest:
        """Add ``count`` to the running test's ``kind`` ("contacted", "replied" or "met");
        a negative count corrects a mistake. Replies never outnumber contacts, nor meetings
        replies."""
        check_idle(self._vault)
        if kind not in COUNTS:
            raise OffersRefused(f"count one of: {', '.join(COUNTS)}")
        if count == 0 or abs(count) > COUNT_MAX:
            raise OffersRefused(f"the number must be between 1 and {COUNT_MAX:,} (or below 0)")
        test = self.get(test_id)
        if not test.running:
            raise OffersRefused(f"test #{test_id} has ended: start a new one")
        changed = dataclasses.replace(test, **{kind: getattr(test, kind) + count})
        problem = count_problem(changed)
        if problem:
            raise OffersRefused(f"test #{test_id}: {problem}")
        self._vault.offer_tests.update(changed)
        return changed

    def end_test(self, test_id: int, today: dt.date) -> OfferTest:
        """End the test on ``today`` (it stays, for comparing offers over time)."""
        check_idle(self._vault)
        test = self.get(test_id)
        if not test.running:
            raise OffersRefused(f"test #{test_id} has ended already")
        ended = dataclasses.replace(test, ended=max(today, test.start))
        self._vault.offer_tests.update(ended)
        return ended

    def diagnosis(self, test: OfferTest, today: dt.date) -> Diagnosis:
        """The seed's diagnosis with the thresholds of ``[offers]``."""
        return diagnose(test, thresholds(self._settings), today)

    # -- results ----------------------------------------------------------------------------

    def _facts(self) -> builtins.list[MissionFacts]:
        minutes: dict[int, int] = {}
        for entry in self._vault.timelog.list():
            if entry.mission_id is not None:
                minutes[entry.mission_id] = minutes.get(entry.mission_id, 0) + entry.minutes
        sources = {c.alias: c.source for c in self._vault.clients.list()}
        facts = []
        for mission in self._missions():
            logged = minutes.get(mission.id or 0, 0)
            delivered = mission.stage == self._delivered
            facts.append(
                MissionFacts(
                    offer=mission.offer,
                    channel=sources.get(mission.client_alias) or UNKNOWN_CHANNEL,
                    delivered=delivered,
                    fee_cents=realised_fee(mission, logged),
                    logged_minutes=logged,
                    revision_rounds=mission.revisions_used,
                    scope_changes=sum(1 for c in mission.scope_changes if c.accepted),
                    on_time=on_time(mission, self._delivered) if delivered else None,
                    lead_days=lead_days(mission, self._delivered) if delivered else None,
                )
            )
        return facts

    def _missions(self) -> builtins.list[Mission]:
        repo = self._vault.missions
        return sorted(repo.list() + repo.list(archived=True), key=lambda m: m.id or 0)

    def results(self) -> builtins.list[OfferResult]:
        """Per packaged offer (catalogue order), then any other offer name missions carry."""
        leads = {offer.name: offer.lead_time_days for offer in self._vault.offers.list()}
        return offer_results(self._facts(), leads)

    def channels(self) -> builtins.list[ChannelResult]:
        """Per acquisition channel (the client's source), unknown last."""
        return channel_results(self._facts())

    # -- portfolio --------------------------------------------------------------------------

    def cases(self) -> builtins.list[Case]:
        """A mini-case for each delivered mission whose case has a problem or a result written
        (``write_case``; a mission's notes are working notes, never published), newest
        delivery first; the approach is the mission's deliverables until one is written.
        Anonymised: no client alias or personal value in any text, unless the mission's
        client consented (a recorded date); then the case names that client (their name,
        else their alias), and still no other client."""
        texts = self._vault.cases.by_mission()
        clients = {c.alias: c for c in self._vault.clients.list()}
        everyone = client_patterns(clients.values())
        leads = {o.name: o.lead_time_days for o in self._vault.offers.list()}
        tags = self.offer_skills()
        found: list[tuple[dt.date, int, Case]] = []
        for mission in self._missions():
            if mission.stage != self._delivered or mission.id is None:
                continue
            text = texts.get(mission.id, CaseText(mission.id))
            problem = text.problem.strip()
            approach = text.approach.strip() or "; ".join(mission.deliverables)
            result = text.result.strip()
            if not (problem or result):
                continue
            client = clients.get(mission.client_alias)
            named = None
            patterns = everyone
            if text.consent and client is not None and client.status != "erased":
                named = client.name.value if client.name else client.alias
                others = [c for c in clients.values() if c.alias != client.alias]
                patterns = client_patterns(others)
            case = Case(
                mission_id=mission.id,
                title=anonymised(mission.title, patterns),
                problem=anonymised(problem, patterns),
                approach=anonymised(approach, patterns),
                result=anonymised(result, patterns),
                proof=tuple(proof_lines(mission, self._delivered, leads.get(mission.offer))),
                client=named,
                offer=mission.offer,
                skills=tags.get(mission.offer, ()),
            )
            day = delivered_on(mission, self._delivered) or dt.date.min
            found.append((day, mission.id, case))
        found.sort(key=lambda item: (item[0], item[1]), reverse=True)
        return [case for _, _, case in found]

    def case_markdown(self, cases: builtins.list[Case]) -> str:
        """The portfolio as Markdown (profile first). No PDF: there is no documents
        pipeline yet."""
        return case_markdown(cases, self.profile())

    def case_text(self, mission_id: int) -> CaseText:
        """What is written for the mission's case (empty when nothing is)."""
        self._mission(mission_id)
        return self._vault.cases.by_mission().get(mission_id, CaseText(mission_id))

    def write_case(
        self,
        mission_id: int,
        *,
        problem: str | None = None,
        approach: str | None = None,
        result: str | None = None,
    ) -> CaseText:
        """Write the mission's case text; a part left None keeps what is stored."""
        check_idle(self._vault)
        old = self.case_text(mission_id)
        new = dataclasses.replace(
            old,
            problem=old.problem if problem is None else check_text(problem.strip(), "problem"),
            approach=old.approach if approach is None else check_text(approach.strip(), "approach"),
            result=old.result if result is None else check_text(result.strip(), "result"),
        )
        self._vault.cases.put(new)
        return new

    def consent(self, mission_id: int, day: dt.date, *, today: dt.date | None = None) -> None:
        """Record that the mission's client agreed on ``day`` to be named in its case (not
        after ``today``, when given)."""
        check_idle(self._vault)
        check_day(day, "consent date")
        if today is not None and day > today:
            raise OffersRefused("the consent date is in the future: give the day it was given")
        mission = self._mission(mission_id)
        if not mission.client_alias:
            raise OffersRefused(f"mission #{mission_id} has no client to name")
        old = self.case_text(mission_id)
        self._vault.cases.put(dataclasses.replace(old, consent=day.isoformat()))

    def withdraw_consent(self, mission_id: int) -> None:
        """The case is anonymised again."""
        check_idle(self._vault)
        old = self.case_text(mission_id)
        if old.consent is not None:
            self._vault.cases.put(dataclasses.replace(old, consent=None))

    def _mission(self, mission_id: int) -> Mission:
        try:
            return self._vault.missions.get(mission_id)
        except NotFound:
            raise OffersRefused(f"no mission #{mission_id}") from None

    # -- the skills profile -----------------------------------------------------------------

    def profile(self) -> Profile | None:
        """One main domain and two support skills, or None before it is set."""
        value = self._vault.profile.get()
        if not value or len(value.get("support", ())) != 2:
            return None
        support = value["support"]
        return Profile(value["main"], (support[0], support[1]))

    def set_profile(self, profile: Profile) -> None:
        """Set the skills base; tags naming a skill no longer in it are dropped."""
        check_idle(self._vault)
        skills = [check_line(s.strip(), "skill", NAME_MAX) for s in profile.skills]
        if not all(skills):
            raise OffersRefused("a profile needs a main domain and two support skills")
        if len({s.casefold() for s in skills}) != 3:
            raise OffersRefused("the main domain and the two support skills must differ")
        kept = {
            offer: [s for s in tagged if s in skills]
            for offer, tagged in self.offer_skills().items()
        }
        value = {
            "main": skills[0],
            "support": skills[1:],
            "tags": {offer: tagged for offer, tagged in kept.items() if tagged},
        }
        self._vault.profile.set(value)

    def offer_skills(self) -> dict[str, tuple[str, ...]]:
        """Offer name -> the profile's skills it is tagged with."""
        value = self._vault.profile.get() or {}
        tags = value.get("tags", {})
        return {offer: tuple(skills) for offer, skills in tags.items()}

    def tag_offer(self, offer: str, skills: builtins.list[str]) -> tuple[str, ...]:
        """Tag the packaged ``offer`` with some of the profile's skills (any case); an empty
        list removes its tags. Returns the skills as the profile spells them."""
        check_idle(self._vault)
        profile = self.profile()
        if profile is None:
            raise OffersRefused("set the profile first (homeops profile --main X --support A B)")
        found = self._vault.offers.by_name(offer)
        if found is None:
            raise OffersRefused("no offer called that")
        spelled = {s.casefold(): s for s in profile.skills}
        chosen: list[str] = []
        for skill in skills:
            known = spelled.get(skill.strip().casefold())
            if known is None:
                raise OffersRefused(f"skills of the profile: {', '.join(profile.skills)}")
            if known not in chosen:
                chosen.append(known)
        value = self._vault.profile.get() or {}
        tags = dict(value.get("tags", {}))
        tags.pop(found.name, None)
        if chosen:
            tags[found.name] = chosen[:TAGS_MAX]
        self._vault.profile.set({**value, "tags": tags})
        return tuple(chosen)
