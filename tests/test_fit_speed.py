""" "Can I take this?" made fast (issue 14 part 1's benchmark): the board's missions are
decoded again only once they change, and the two payout outlooks share what does not depend on
the finish dates. Each answer must still be the one a fresh read gives.

Settings without response windows: an ordinary day has 180 billable minutes (Friday 135).
TODAY is a Monday; Brochure (300 min) takes Mon 180 + Tue 120.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.config import Settings
from homeops.config.settings import CapacitySettings
from homeops.rules.model import Client, Mission
from homeops.services import Business
from homeops.services.fit import FitRequest
from homeops.storage.vault import KdfParams, Vault

TODAY = dt.date(2026, 11, 30)  # a Monday
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
SETTINGS = Settings(capacity=CapacitySettings(response_windows=()))


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


@pytest.fixture
def business(tmp_path: Path) -> Iterator[Business]:
    vault = Vault.create(tmp_path / "vault.hops", "fit speed passphrase", kdf=KdfParams.fast())
    vault.clients.add(Client("acme"))
    vault.missions.add(Mission("Brochure", "acme", "First draft", fee_cents=90000,
                               deadline=day(3).isoformat(), effort_minutes=300,
                               revision_limit=0))  # fmt: skip
    with Business(vault, SETTINGS) as business:
        yield business


def test_the_answer_follows_every_change_of_the_board(business: Business) -> None:
    # 540 min + 10 % allowance = 594: Tue 60 + Wed 180 + Thu 180 + Fri 135 = 555, and 39
    # on Monday 7 Dec.
    request = FitRequest(540, 80000, client_alias="acme")
    first = business.fit.answer(request, today=TODAY)
    assert (first.delivery, first.open_missions) == (day(7), 1)
    board = business.missions.board(lambda: NOW)
    business.fit.accept(first, board=board)
    # The same again after the first one: Mon 7 Dec 141 + Tue 180 + Wed 180 = 501, 93 on Thu.
    again = business.fit.answer(request, today=TODAY)
    assert (again.delivery, again.open_missions) == (day(10), 2)
    board.undo()  # the accepted mission taken back
    assert business.fit.answer(request, today=TODAY).delivery == day(7)
    brochure = business.missions.board(lambda: NOW)
    brochure.move(
        1, "Delivered", override="sent early"
    )  # delivered: nothing left to plan before it
    # 594 from Mon 30 Nov: Mon 180 + Tue 180 + Wed 180 = 540, 54 on Thu 3 Dec.
    moved = business.fit.answer(request, today=TODAY)
    assert (moved.delivery, moved.open_missions) == (day(3), 0)


def test_the_shared_outlooks_equal_one_outlook_each(business: Business) -> None:
    book = business.cashbook
    book.record_income(520000, date=TODAY.isoformat())
    finishes = business.planning.finish_dates(TODAY)
    assert finishes == {1: day(1)}
    later = {1: day(20)}
    plain, moved = book.outlooks(TODAY, [(finishes, ()), (later, ())], payouts=8)
    assert plain == book.outlook(TODAY, payouts=8)
    assert moved != plain
    # Brochure's 900 € come 30 days after its finish: Thu 31 Dec, or Tue 19 Jan moved.
    expected = [f for w in moved.forecast.weeks for f in w.flows if "Brochure" in f.label]
    assert [f.date for f in expected] == [day(50)]
