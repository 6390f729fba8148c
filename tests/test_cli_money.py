"""Money on the command line: income split at once, expenses, invoices, payouts, forecast,
exports; bad input is one line and records nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from homeops.cli import fill_with_sample, main
from storage.vault import KdfParams, Vault

PASSPHRASE = "orange-kettle-mountain-42"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    path = tmp_path / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        fill_with_sample(vault, None, dt.date.today())
    return path


@pytest.fixture
def run(tmp_path: Path, vault_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    (tmp_path / "pf").write_text(PASSPHRASE + "\n")
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "XDG_DATA_HOME": str(tmp_path / "data")}  # fmt: skip

    def call(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([*argv, "--vault", str(vault_path), "--passphrase-file",
                     str(tmp_path / "pf")], env=env)  # fmt: skip
        out, err = capsys.readouterr()
        return code, out, err

    return call


def balance(run: Run) -> dict[str, int]:
    code, out, _ = run("balance", "--json")
    assert code == 0
    data: dict[str, int] = json.loads(out)["envelopes"]
    return data


def test_income_is_split_at_once(run: Run) -> None:
    before = balance(run)
    code, out, _ = run("income", "1 200,50", "--memo", "acme: guide")
    assert code == 0 and "taxes 300,13" in out.replace("\u202f", " ")
    after = balance(run)
    assert {k: after[k] - before[k] for k in after} == {
        "taxes": 30013, "costs": 18007, "pay": 60025, "cushion": 12005}  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("income", "1,200"), "ambiguous"),
        (("income", "12abc"), "not an amount"),
        (("income", "-5"), "more than zero"),
        (("income", "100", "--date", "2026-02-30"), "not a date that exists"),
        (("income", "100", "--invoice", "999"), "no invoice F-0999"),
        (("income", "100", "--mission", "999"), "no mission"),
        (("expense", "10", "--category", "x", "--envelope", "holiday"), "unknown envelope"),
        (("expense", "10", "--category", " "), "category"),
        (("transfer", "10", "--from", "pay", "--to", "pay", "--reason", "r"), "two different"),
        (("transfer", "10", "--from", "pay", "--to", "cushion", "--reason", " "), "reason"),
        (("invoice", "void", "1"), "cannot be voided"),
        (("forecast", "--weeks", "0"), "--weeks"),
        (("export", "--format", "xml"), "allowed: json, csv, hledger"),
    ],
)
def test_bad_input_is_one_line_and_records_nothing(
    run: Run, argv: tuple[str, ...], message: str
) -> None:
    _, before, _ = run("export", "--format", "csv")
    code, out, err = run(*argv)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err, err
    assert run("export", "--format", "csv")[1] == before


def test_shares_that_do_not_add_up_stop_at_the_config(run: Run, tmp_path: Path) -> None:
    config = tmp_path / "cfg/homeops/config.toml"
    run("balance")
    text = config.read_text().replace("pay = 50", "pay = 40")
    config.write_text(text)
    code, _, err = run("income", "100")
    assert code == 1 and "must add up to 100 %" in err and len(err.strip().splitlines()) == 1


def test_a_payout_rule_that_never_fires(run: Run, tmp_path: Path) -> None:
    config = tmp_path / "cfg/homeops/config.toml"
    run("balance")
    text = config.read_text().replace(
        '"FREQ=WEEKLY;BYDAY=FR"', '"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"'
    )
    config.write_text(text)
    code, _, err = run("payouts")
    assert code == 1 and "never fires" in err and len(err.strip().splitlines()) == 1


def test_invoice_lifecycle_and_paid_records_the_split(run: Run) -> None:
    code, out, _ = run("invoices", "--json")
    invoices = json.loads(out)
    numbers = [i["number"] for i in invoices]
    assert numbers == list(range(1, len(numbers) + 1))
    assert any(i["shown_status"] == "overdue" for i in invoices)
    assert any(i["status"] == "void" for i in invoices)
    code, out, _ = run("invoice", "add", "--client", "acme-mag", "--amount", "1000")
    new = len(numbers) + 1
    assert code == 0 and f"F-{new:04d} draft" in out
    assert run("invoice", "send", str(new))[0] == 0
    before = balance(run)
    code, out, _ = run("invoice", "paid", f"F-{new:04d}")
    assert code == 0 and "paid" in out
    after = balance(run)
    assert sum(after.values()) - sum(before.values()) == 100000
    assert after["pay"] - before["pay"] == 50000
    assert run("invoice", "paid", str(new))[0] == 1  # paid once only
    code, out, _ = run("invoice", "add", "--client", "acme-mag", "--amount", "5")
    assert run("invoice", "void", str(new + 1))[0] == 0
    code, out, _ = run("invoices", "--json")
    numbers = [i["number"] for i in json.loads(out)]
    assert numbers == list(range(1, new + 2))


def test_payouts_forecast_and_confirm(run: Run) -> None:
    code, out, _ = run("payouts", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["payouts"]) == 12
    first = data["payouts"][0]
    assert first["amount_cents"] == 60000
    assert first["pay_after_cents"] == data["pay_balance"] - 60000
    code, out, _ = run("forecast", "--weeks", "6", "--json")
    report = json.loads(out)
    assert code == 0 and len(report["weeks"]) == 6
    assert report["lowest"]["total"] == min(w["total"] for w in report["weeks"])
    code, out, _ = run("forecast")
    assert "◀ lowest" in out
    before = balance(run)["pay"]
    code, _, err = run("payout", "confirm")
    if code == 1:
        assert "--early" in err
        code, _, _ = run("payout", "confirm", "--early")
    assert code == 0
    assert balance(run)["pay"] == before - 60000
    code, out, _ = run("payouts", "--json")
    assert json.loads(out)["payouts"][0]["date"] > first["date"]
    assert run("payout", "hold", "--reason", "cushion low")[0] == 0


def test_exports_csv_and_hledger(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("export", "--format", "csv")
    assert code == 0 and out.startswith("id,date,kind,envelope,amount")
    journal = tmp_path / "j.journal"
    code, _, _ = run("export", "--format", "hledger", "--out", str(journal))
    assert code == 0 and journal.stat().st_mode & 0o777 == 0o600
    assert "assets:envelopes:pay" in journal.read_text()


def test_expense_and_transfer(run: Run) -> None:
    before = balance(run)
    assert run("expense", "19,99", "--category", "software")[0] == 0
    assert run("transfer", "100", "--from", "pay", "--to", "cushion", "--reason", "top up")[0] == 0
    after = balance(run)
    assert after["costs"] == before["costs"] - 1999
    assert (after["pay"], after["cushion"]) == (before["pay"] - 10000, before["cushion"] + 10000)
    assert run("recurring", "add", "Hosting", "5", "--rule", "FREQ=MONTHLY")[0] == 0
    code, out, _ = run("recurring", "--json")
    assert code == 0 and any(c["description"] == "Hosting" for c in json.loads(out))
