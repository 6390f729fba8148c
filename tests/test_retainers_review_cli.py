"""Issue 14 review (retainfix 3, 7, 8) from the command line: one-line refusals that write
nothing, and ``retainer end`` naming the drafts it voids."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cli_helpers import one_line_error
from test_retainers_cli import FIRST, UNTIL, listing, run

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost

TODAY = dt.date.today()


@pytest.fixture
def home(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run(env, tmp_path, "init") == 0
    assert run(env, tmp_path, "client", "add", "acme") == 0
    capsys.readouterr()
    return tmp_path


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("--every", "weekly", "--hours", "50", "--start", TODAY.isoformat()),
         "50h every week is more than the"),
        (("--every", "weekly", "--hours", "2", "--start", "2020-01-06"), "periods back"),
        (("--every", "weekly", "--hours", "2", "--start", "2017-01-02", "--until", "2017-03-31"),
         "the term ended on 2017-03-31"),
    ],
)  # fmt: skip
def test_refused_in_one_line(
    env: dict[str, str], home: Path, capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...], words: str,
) -> None:  # fmt: skip
    until = () if "--until" in argv else ("--until", UNTIL)
    capsys.readouterr()
    code = run(env, home, "retainer", "add", "acme", "Past", "--price", "300", *argv, *until)
    assert code == 1
    assert words in one_line_error(capsys.readouterr().err)
    assert listing(env, home, capsys)["retainers"] == []
    assert run(env, home, "invoices", "--json") == 0
    assert json.loads(capsys.readouterr().out)["invoices"] == []


def test_ending_says_which_drafts_it_voids(
    env: dict[str, str],
    home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    previous = (FIRST - dt.timedelta(days=1)).replace(day=1)  # last month: one period back
    assert run(env, home, "retainer", "add", "acme", "Support", "--price", "600", "--every",
               "monthly", "--hours", "4", "--start", previous.isoformat(), "--until",
               UNTIL) == 0  # fmt: skip
    capsys.readouterr()
    assert (
        run(env, home, "retainer", "end", "1", "--on", (FIRST - dt.timedelta(days=1)).isoformat())
        == 0
    )
    out = capsys.readouterr().out
    assert f"voided draft invoice F-0002: period from {FIRST.isoformat()}" in out
    line = listing(env, home, capsys)["retainers"][0]
    assert line["status"] == "ended" and line["client_erased"] is False
