"""Payouts on the command line (issue 13 points 1, 2 and 3): a payout the pay envelope does not
cover is refused in one line with the numbers and the ways out as commands, or overridden with
a reason kept in the entry; ``payouts`` says the rule in words and shows each payout now and
once the expected payments arrive, with a note on every short row; a hold stays listed and
``payout release DATE`` brings it back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cli_helpers import Run, one_line_error, private_home, runner

from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.rules.model import Client
from homeops.rules.payouts import occurrences
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "orange-kettle-mountain-42"


def _vault(path: Path, *, demo: bool = False) -> Path:
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        if demo:
            fill_with_sample(Business(vault, Settings()), None, dt.date.today())
        else:
            vault.clients.add(Client("acme"))
    return path


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """An empty business: nothing in any envelope."""
    return runner(_vault(tmp_path / "v.hops"), private_home(tmp_path, PASSPHRASE), capsys)


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    path = _vault(tmp_path / "demo.hops", demo=True)
    return runner(path, private_home(tmp_path, PASSPHRASE), capsys)


def _balances(run: Run) -> dict[str, int]:
    code, out, _ = run("balance", "--json")
    assert code == 0
    envelopes: dict[str, int] = json.loads(out)["envelopes"]
    return envelopes


def _payouts(run: Run) -> list[dict[str, object]]:
    code, out, _ = run("payouts", "--json")
    assert code == 0
    lines: list[dict[str, object]] = json.loads(out)["payouts"]
    return lines


def _next_friday() -> str:
    return occurrences("FREQ=WEEKLY;BYDAY=FR", dt.date.today(), 1)[0].isoformat()


def test_paying_yourself_from_nothing_is_refused_with_the_numbers_and_the_ways_out(
    run: Run,
) -> None:
    before = _balances(run)
    code, out, err = run("payout", "confirm", "--early")
    line = one_line_error(err)
    assert code == 1 and out == ""
    assert "payout not recorded: pay holds 0,00" in line and "600,00" in line
    assert "homeops payout hold --reason" in line
    # The cushion holds nothing either: no transfer from it is suggested (review point 1).
    assert "the cushion holds only 0,00" in line and "homeops transfer" not in line
    assert "--override REASON" in line
    assert _balances(run) == before  # nothing recorded
    assert run("entries", "--json")[1].strip() == "[]"


def test_an_override_pays_it_and_the_reason_stays_in_the_entry(run: Run) -> None:
    code, out, _ = run("payout", "confirm", "--early", "--override", "rent is due")
    assert code == 0 and "override kept in the entry" in out
    assert _balances(run)["pay"] == -60_000
    entries = json.loads(run("entries", "--json")[1])
    assert [e["description"] for e in entries] == ["Payout to myself (override: rent is due)"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["payout", "confirm", "--early", "--override", "  "], "--override needs a reason"),
        (["payout", "confirm", "--override", "a\x1b[2Jb"], "--override cannot hold an escape"),
        (["payout", "release", "2026-13-01"], "DATE"),
        (["payout", "release", "2026-12-04"], "not released: the payout of 2026-12-04 is not "
                                              "held (held now: none)"),
    ],
)  # fmt: skip
def test_bad_payout_input_is_one_line_and_records_nothing(
    run: Run, argv: list[str], message: str
) -> None:
    code, _, err = run(*argv)
    assert code == 1 and message in one_line_error(err)
    assert _balances(run)["pay"] == 0 and _payouts(run)[0]["held"] is False


def test_a_held_payout_stays_listed_and_is_released(run: Run) -> None:
    friday = _next_friday()
    code, out, _ = run("payout", "hold", "--reason", "cushion under target")
    assert code == 0 and f"homeops payout release {friday}" in out
    lines = _payouts(run)
    assert (lines[0]["date"], lines[0]["held"], lines[0]["reason"]) == (
        friday, True, "cushion under target")  # fmt: skip
    assert lines[0]["note"] == "held: cushion under target"
    assert len(lines) == 12  # the payouts of the next 12 weeks, the held one among them
    code, out, _ = run("payouts")
    row = next(r for r in out.splitlines() if r.startswith(friday))
    assert "held" in row and "cushion under target" in row
    code, out, _ = run("payout", "release", friday)
    assert code == 0 and f"payout of {friday} released" in out
    lines = _payouts(run)
    assert (lines[0]["date"], lines[0]["held"]) == (friday, False)
    code, _, err = run("payout", "release", friday)
    assert code == 1 and "is not held" in one_line_error(err)


def test_payouts_say_the_rule_in_words_and_what_would_cover_each_short_row(demo: Run) -> None:
    code, out, _ = demo("payouts")
    assert code == 0
    assert out.splitlines()[0] == "payout every Friday, 600,00 €".replace(" €", "\xa0€")
    assert "FREQ=" not in out
    rows = [r for r in out.splitlines() if r[:4].isdigit()]
    short = [r for r in rows if "SHORT" in r]
    assert short, "the demo has payouts the pay envelope does not cover now"
    for row in short:  # every short row says what would cover it
        assert "covered once payments arrive" in row or "short:" in row  # the console's words
    data = json.loads(demo("payouts", "--json")[1])
    assert data["rule_in_words"].startswith("every Friday")
    for line in data["payouts"]:
        assert {"covered", "covered_expected", "expected_after_cents", "held", "note"} <= set(line)
        if not line["covered"]:
            assert line["note"]
    # the forecast's view: the demo's pay never runs out, so every payout is covered then
    assert all(line["covered_expected"] for line in data["payouts"])


def _rows(out: str) -> list[str]:
    return [r for r in out.splitlines() if r[:4].isdigit()]


def test_weeks_counts_weeks_and_the_held_payouts_among_them(run: Run) -> None:
    """Issue 13 review point 16: ``--weeks 3`` lists the payouts due in the next three weeks
    (three Fridays), held ones included, however many are held."""
    friday = dt.date.fromisoformat(_next_friday())
    fridays = [(friday + dt.timedelta(weeks=n)).isoformat() for n in range(3)]
    code, out, _ = run("payouts", "--weeks", "3")
    assert code == 0 and [r[:10] for r in _rows(out)] == fridays
    for held in range(2):
        assert run("payout", "hold", "--reason", f"slow month {held}")[0] == 0
        code, out, _ = run("payouts", "--weeks", "3")
        rows = _rows(out)
        assert [r[:10] for r in rows] == fridays
        assert [("held" in r) for r in rows] == [n <= held for n in range(3)]
    code, out, _ = run("payouts", "--weeks", "1")
    assert [r[:10] for r in _rows(out)] == fridays[:1]


def test_payouts_fit_80_columns_with_a_long_wide_reason(run: Run) -> None:
    """Issue 13 review point 8: a held row's reason of 100 wide characters is shortened to
    fit the 80 columns of a pipe, like the other listings."""
    from homeops.cli.tables import cells

    assert run("payout", "hold", "--reason", "宽" * 100)[0] == 0
    code, out, _ = run("payouts")
    assert code == 0
    assert max(cells(line) for line in out.splitlines()) <= 80
    held = _rows(out)[0]
    assert "held: 宽" in held and held.endswith("…")
    data = json.loads(run("payouts", "--json")[1])
    assert data["payouts"][0]["reason"] == "宽" * 100  # whole in JSON
