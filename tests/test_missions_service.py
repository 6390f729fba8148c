"""The missions service: one write path for adding and moving a mission, whichever face asks.

The console's board and the command line both go through ``Board`` (issue 17, point 2): a
mission added or moved lands at the bottom of its column, after the same checks.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.cli.app import main
from homeops.config import Settings
from homeops.rules.model import Client, Mission, Offer, ScopeChange
from homeops.rules.money import format_amount
from homeops.services import Business
from homeops.services.errors import NotFound
from homeops.services.missions import (
    MissionArchived,
    MissionRefused,
    MoveRefused,
    NoSuchClient,
    OfferExists,
    PaidRevisionFee,
    draft_mission,
)
from homeops.storage.vault import KdfParams, Vault

AT = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost


def now() -> dt.datetime:
    return AT


@pytest.fixture
def business(tmp_path: Path) -> Iterator[Business]:
    vault = Vault.create(tmp_path / "v.hops", "missions service passphrase", kdf=KdfParams.fast())
    vault.clients.add(Client("acme"))
    with Business(vault, Settings()) as opened:
        yield opened


def add(business: Business, title: str, client: str = "acme") -> Mission:
    mission = draft_mission(business.settings, title, client_alias=client, at=AT)
    return business.missions.add(mission, now=now)


def column(business: Business, stage: str) -> list[str]:
    return [m.title for m in business.missions.list(stage=stage)]


def test_a_new_mission_goes_to_the_bottom_of_the_first_column(business: Business) -> None:
    first, second = add(business, "Logo"), add(business, "Flyer")
    assert (first.stage, first.position, second.position) == ("Brief", 0, 1)
    board = business.missions.board(now)
    assert board.reorder(second.id or 0, -1)  # Flyer first now
    third = add(business, "Poster")
    assert column(business, "Brief") == ["Flyer", "Logo", "Poster"]
    assert third.history[0].stage == "Brief" and len(third.checklist) == 5


def test_a_move_goes_to_the_bottom_of_the_target_column(business: Business) -> None:
    logo, flyer, poster = (add(business, t) for t in ("Logo", "Flyer", "Poster"))
    missions = business.missions
    missions.move(poster.id or 0, "Plan", now=now)
    moved = missions.move(logo.id or 0, "Plan", now=now, override="").mission
    # Logo was first in Brief; in Plan it comes after Poster, as on the console's board.
    assert column(business, "Plan") == ["Poster", "Logo"]
    assert (moved.position, moved.history[-1].stage, moved.history[-1].at) == (
        1,
        "Plan",
        AT.isoformat(timespec="seconds"),
    )
    assert column(business, "Brief") == ["Flyer"] and flyer.stage == "Brief"


def test_a_refused_or_impossible_move_writes_nothing(business: Business) -> None:
    logo = add(business, "Logo")
    missions = business.missions
    with pytest.raises(MoveRefused, match="quality-checklist"):
        missions.move(logo.id or 0, "Client review", now=now)
    with pytest.raises(NotFound, match="no mission with id 99"):
        missions.move(99, "Plan", now=now)
    board = missions.board(now)
    board.archive(logo.id or 0)
    with pytest.raises(MissionArchived, match=f"mission {logo.id} is archived"):
        missions.move(logo.id or 0, "Plan", now=now)
    assert missions.get(logo.id or 0).stage == "Brief"


def test_a_mission_names_a_client_of_the_register_and_passes_the_rules(
    business: Business,
) -> None:
    with pytest.raises(NoSuchClient, match="no client nobody"):
        add(business, "Logo", client="nobody")
    with pytest.raises(MissionRefused, match="a mission needs a title"):
        add(business, " ")
    assert business.missions.list() == [] and add(business, "Logo", client="").client_alias == ""


def test_offers_have_unique_names(business: Business) -> None:
    offers = business.missions
    offers.add_offer(Offer("Feature article", 95000, 21))
    with pytest.raises(OfferExists):
        offers.add_offer(Offer("feature ARTICLE", 1, 1))
    found = offers.offer_named(" Feature Article ")
    assert found is not None and [o.name for o in offers.offers()] == ["Feature article"]
    drafted = draft_mission(business.settings, "Bees", offer=found, at=AT)
    assert (drafted.offer, drafted.fee_cents, drafted.deadline) == (
        "Feature article",
        95000,
        "2026-12-21",
    )


def test_the_command_line_moves_to_the_bottom_of_the_column_too(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before issue 17 the command line kept the mission's place number (0 here), so Logo
    (id 1) sorted before Poster (id 3); now both faces put a moved mission last."""

    def run(*argv: str) -> int:
        return main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)

    assert run("init") == 0
    assert run("client", "add", "acme") == 0
    for title in ("Logo", "Flyer", "Poster"):
        assert run("mission", "add", title, "--client", "acme") == 0
    assert run("mission", "move", "3", "plan") == 0
    assert run("mission", "move", "1", "Plan") == 0
    capsys.readouterr()
    assert run("missions", "--stage", "Plan", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(row["title"], row["position"]) for row in rows] == [("Poster", 0), ("Logo", 1)]


# -- what a move did besides moving (issue 13 point 11) -------------------------------------


def in_review(business: Business, title: str, used: int = 0) -> Mission:
    """A mission in Client review, its checklist ticked, ``used`` revision rounds spent."""
    mission = draft_mission(business.settings, title, client_alias="acme", at=AT)
    mission.stage, mission.revisions_used = "Client review", used
    for check in mission.checklist:
        check.done = True
    return business.missions.add(mission, now=now)


@pytest.mark.parametrize(
    ("used", "note"),
    [(0, "Revision round 1 of 2 used, 1 left."),
     (1, "Revision round 2 of 2 used, none left.")],
)  # fmt: skip
def test_moving_back_from_the_client_review_says_the_round_it_spent(
    business: Business, used: int, note: str
) -> None:
    mission = in_review(business, "Report", used)
    moved = business.missions.move(mission.id or 0, "Quality check", now=now)
    assert moved.round_used and moved.rounds_left == 1 - used
    assert moved.notes("fr_FR") == [note]


def test_a_paid_revision_says_its_fee_and_the_round(business: Business) -> None:
    mission = in_review(business, "Report", used=2)
    board = business.missions.board(now)
    with pytest.raises(MoveRefused):
        board.move(mission.id or 0, "Quality check")
    change = ScopeChange("2026-11-30", "third round", 15000, accepted=True, paid_revision=True)
    moved = board.move_with_paid_revision(mission.id or 0, "Quality check", change)
    assert moved.paid_revision == change and moved.round_used and moved.rounds_left == 0
    assert moved.notes("fr_FR") == [
        f"Paid revision {format_amount(15000, 'EUR', 'fr_FR')}, round 3 of 3 used.",
    ]


@pytest.mark.parametrize("fee", [0, -100])
def test_a_paid_revision_without_a_fee_is_refused_and_writes_nothing(
    business: Business, fee: int
) -> None:
    # Issue 13 review point 4: a free round is an override with a reason, not a paid one.
    mission = in_review(business, "Report", used=2)
    change = ScopeChange("2026-11-30", "third round", fee, accepted=True, paid_revision=True)
    with pytest.raises(PaidRevisionFee, match="needs a fee above 0"):
        business.missions.move_with_paid_revision(mission.id or 0, "Quality check", change)
    with pytest.raises(PaidRevisionFee):
        business.missions.board(now).move_with_paid_revision(
            mission.id or 0, "Quality check", change
        )
    stored = business.missions.get(mission.id or 0)
    assert (stored.stage, stored.revisions_used, stored.scope_changes) == ("Client review", 2, [])


def test_an_override_past_the_rounds_says_it_went_past_them(business: Business) -> None:
    mission = in_review(business, "Report", used=2)
    moved = business.missions.move(mission.id or 0, "Quality check", override="goodwill", now=now)
    assert moved.notes("fr_FR") == ["Revision round 3, past the 2 agreed."]


def test_a_move_past_the_wip_limit_says_so_and_a_plain_move_says_nothing(
    business: Business,
) -> None:
    missions = business.missions
    drafts = [add(business, f"Draft {n}") for n in range(4)]
    for draft in drafts[:3]:
        assert missions.move(draft.id or 0, "First draft", now=now).notes("fr_FR") == []
    moved = missions.move(drafts[3].id or 0, "First draft", now=now)
    assert (moved.wip_limit, moved.in_target) == (3, 4)
    assert moved.notes("fr_FR") == ["First draft holds 4, WIP limit 3."]


def test_the_command_line_says_what_a_move_did(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(*argv: str) -> int:
        return main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)

    assert run("init") == 0
    assert run("client", "add", "acme") == 0
    for title in ("Logo", "Flyer", "Poster", "Card"):
        assert run("mission", "add", title, "--client", "acme") == 0
    for number in ("1", "2", "3"):
        assert run("mission", "move", number, "First draft") == 0
    capsys.readouterr()
    assert run("mission", "move", "4", "First draft") == 0
    out = capsys.readouterr().out
    assert out == "mission 4 moved to First draft. First draft holds 4, WIP limit 3.\n"
    assert run("mission", "move", "4", "Client review", "--override", "early look") == 0
    capsys.readouterr()
    assert run("mission", "move", "4", "Quality check") == 0
    out = capsys.readouterr().out
    assert out == "mission 4 moved to Quality check. Revision round 1 of 2 used, 1 left.\n"


def test_the_command_line_buys_a_paid_revision_and_says_its_fee(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(*argv: str) -> int:
        return main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)

    assert run("init") == 0
    assert run("client", "add", "acme") == 0
    assert run("mission", "add", "Report", "--client", "acme") == 0
    assert run("mission", "move", "1", "Client review", "--override", "early look") == 0
    for _ in range(2):  # two rounds, back and forth
        assert run("mission", "move", "1", "Quality check") == 0
        assert run("mission", "move", "1", "Client review", "--override", "checked") == 0
    capsys.readouterr()
    assert run("mission", "move", "1", "Quality check") == 1
    err = capsys.readouterr().err
    assert "revision rounds used up (2/2)" in err and "--paid-revision WHAT --fee AMOUNT" in err
    assert run("mission", "move", "1", "Quality check", "--paid-revision", "third round") == 1
    assert "needs both --paid-revision WHAT and --fee AMOUNT" in capsys.readouterr().err
    argv = ["mission", "move", "1", "Quality check", "--paid-revision", "third round"]
    assert run(*argv, "--fee", "0") == 1  # a free round is --override (review point 4)
    err = capsys.readouterr().err
    assert err == (
        "homeops: a paid revision needs a fee above 0; for a free round, override with a reason\n"
    )
    assert run(*argv, "--fee", "150") == 0
    fee = format_amount(15000, "EUR", "fr_FR")
    assert capsys.readouterr().out == (
        f"mission 1 moved to Quality check. Paid revision {fee}, round 3 of 3 used.\n"
    )
    # Where no round is needed, a paid revision is refused and nothing is written.
    assert run("mission", "move", "1", "First draft", "--paid-revision", "x", "--fee", "1") == 1
    assert "needs none" in capsys.readouterr().err
    assert run("missions", "--json") == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["stage"], row["revisions_used"], row["revision_limit"]) == ("Quality check", 3, 3)
    assert [(c["what"], c["fee_delta_cents"]) for c in row["scope_changes"]] == [
        ("third round", 15000)
    ]
