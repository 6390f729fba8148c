"""``homeops fit`` (issue 14 part 1): --offer, --client, --title, --accept, --json with every
figure; a refusal is one line and records nothing. Dates follow the real today (the command
line's clock): the tests check what the answer and ``plan`` say of each other."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from homeops.cli.app import main

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost

TODAY = dt.date.today()


def run(env: dict[str, str], tmp_path: Path, *argv: str) -> int:
    return main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)


def out_json(capsys: pytest.CaptureFixture[str]) -> Any:
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def vault(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A client paying in 15 days with a 30 % deposit, a Web page offer, one mission."""
    assert run(env, tmp_path, "init") == 0
    assert run(env, tmp_path, "client", "add", "acme", "--terms", "15", "--deposit", "30%") == 0
    assert run(env, tmp_path, "offer", "add", "Web page", "--price", "450", "--lead-days", "10",
               "--effort", "5h", "--revisions", "2") == 0  # fmt: skip
    due = (TODAY + dt.timedelta(days=10)).isoformat()
    assert run(env, tmp_path, "mission", "add", "Brochure", "--effort", "6h", "--deadline", due,
               "--fee", "300") == 0  # fmt: skip
    capsys.readouterr()
    return tmp_path / "data/homeops/vault.hops"


def missions(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[Any]:
    capsys.readouterr()
    assert run(env, tmp_path, "missions", "--json") == 0
    return list(out_json(capsys))


def test_an_offer_and_a_client_give_every_figure_in_json(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, tmp_path, "fit", "--offer", "web page", "--client", "acme", "--json") == 0
    got = out_json(capsys)
    mission = got["mission"]
    assert mission == {
        "title": "Web page", "client": "acme", "offer": "Web page", "fee_cents": 45000,
        "effort_minutes": 300, "revision_rounds": 2,
        "deadline": (TODAY + dt.timedelta(days=10)).isoformat(),
        "terms_days": 15, "deposit_bp": 3000, "hourly_rate_cents": 0, "cap_minutes": None,
    }  # fmt: skip
    assert got["allowance_minutes"] == 30  # 10 % of 5 h while rounds remain
    assert got["per_hour_cents"] == 8182  # 45 000 × 60 / 330 = 8 181.8
    assert got["floor_cents"] > 0 and got["underpriced_by_cents"] >= 0
    assert got["non_billable_bp"] > 0 and got["per_focus_hour_cents"] < got["per_hour_cents"]
    cash = got["cash"]
    assert len(cash["payouts_with"]) == len(cash["payouts_without"]) == 8
    assert got["verdict"].startswith(("Fits: ", "Doesn't fit: "))
    assert got["fits"] == (got["reasons"] == [])
    assert got["accepted_id"] is None
    assert [m["title"] for m in missions(env, tmp_path, capsys)] == ["Brochure"]


def test_accept_stores_the_mission_the_plan_then_finishes_on_the_day_said(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["fit", "2h", "--fee", "500", "--client", "acme", "--title", "Flyer", "--accept"]
    assert run(env, tmp_path, *argv, "--json") == 0
    got = out_json(capsys)
    assert got["per_hour_cents"] == 22727  # 50 000 × 60 / (120 + 12) = 22 727.3
    mission_id, delivery = got["accepted_id"], dt.date.fromisoformat(got["delivery"])
    (flyer,) = [m for m in missions(env, tmp_path, capsys) if m["id"] == mission_id]
    assert flyer["title"] == "Flyer" and flyer["stage"] == "Brief"
    week = f"{delivery.isocalendar().year}-W{delivery.isocalendar().week:02d}"
    assert run(env, tmp_path, "plan", "--week", week, "--json") == 0
    plan = out_json(capsys)
    (row,) = [r for r in plan["missions"] if r["id"] == mission_id]
    days = [dt.date.fromisoformat(d["date"]) for d in plan["days"]]
    last = max(day for day, minutes in zip(days, row["minutes"], strict=True) if minutes)
    assert last == delivery


def test_the_words_start_with_the_verdict(
    env: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    due = (TODAY + dt.timedelta(days=1)).isoformat()
    assert run(env, tmp_path, "fit", "40h", "--fee", "100", "--deadline", due) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Doesn't fit: delivers ")
    assert "is under the floor of" in lines[0]
    assert lines[1].startswith("40h of new work would be done by ")
    assert any(line.startswith("Pay: ") for line in lines)
    assert any(line.startswith("Next 8 payouts") for line in lines)
    assert lines[-1] == "to take it: the same command with --accept"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["fit"], "give the effort (12h, 2h30) or --offer NAME"),
        (["fit", "--offer", "Poster"], "no offer called 'Poster'"),
        (["fit", "2h", "--client", "ghost"], "no client ghost"),
        (["fit", "2h", "--fee", "-5"], "--fee cannot be negative"),
        (["fit", "2h", "--title", "a\x1b[31mb", "--accept"], "--title cannot hold an escape"),
    ],
)
def test_a_refusal_is_one_line_and_records_nothing(
    env: dict[str, str],
    tmp_path: Path,
    vault: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    capsys.readouterr()
    assert run(env, tmp_path, *argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("homeops: ") and message in err[0], err
    assert [m["title"] for m in missions(env, tmp_path, capsys)] == ["Brochure"]
