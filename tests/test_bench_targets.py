"""bench.targets' table (issue 18 point 7): a figure not measured in this run, or given for
context, never shows as PASS. No bench is run here and no time is asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import keys, targets


def test_a_row_without_verdict_is_context_not_pass() -> None:
    assert targets.verdict(None) == "context"
    assert targets.verdict(True) == "PASS"
    assert targets.verdict(False) == "MISS"
    assert keys.verdict(None) == "context"


def test_the_table_prints_context_for_a_row_without_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    targets.print_table(
        [
            targets.row("the floor", "58 ms", "none (context)", None),
            targets.row("x", "1", "2", True),
        ]
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].rstrip().endswith("| context")
    assert lines[2].rstrip().endswith("| PASS")


def test_startup_rows_from_an_earlier_file_carry_no_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keys, "OUT", tmp_path)
    cases = {"big_unlock_screen": {"ratio_to_bare": 1.1}, "big_unlock_to_board": {"median_s": 0.5}}
    (tmp_path / "startup.json").write_text(json.dumps({"cases": cases}))
    rows = keys.startup_rows()
    assert [r["ok"] for r in rows] == [None, None]  # 1.1x and 0.5 s would pass, but not now
    assert all("not measured in this run: startup.json of " in r["measured"] for r in rows)


def test_bandwidth_rows_from_an_earlier_file_carry_no_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keys, "OUT", tmp_path)
    entry = {"action": "move", "target_bytes": 4096, "homeops_median": 1024, "verdict": "PASS"}
    (tmp_path / "bandwidth.json").write_text(json.dumps({"rows": [entry]}))
    [row] = keys.bandwidth_rows()
    assert row["ok"] is None
    assert row["measured"].startswith("1.0 KB [not measured in this run: bandwidth.json of ")


def test_no_earlier_file_is_not_measured_without_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keys, "OUT", tmp_path)
    rows = keys.bandwidth_rows() + keys.startup_rows()
    assert [(r["measured"], r["ok"]) for r in rows] == [("not measured in this run", None)] * 2
