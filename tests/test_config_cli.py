"""The review of issue 12, as the command line meets it: settings out of bounds stop every
command with one line, rules that come back more than once a day are refused, a passphrase
file with a BOM gives the passphrase typed, and an export to a redirect never ends short
while saying nothing."""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import one_line_error

from homeops.cli.app import main
from homeops.cli.common import Passphrases, UserError
from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "orange-kettle-mountain-42"
ROOT = Path(__file__).resolve().parents[1]
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def sample_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        fill_with_sample(Business(vault, Settings()), None, dt.date.today())
    return path


@pytest.fixture
def home(tmp_path: Path, sample_vault: Path) -> dict[str, str]:
    """The sample vault copied into tmp_path (with its mark), the passphrase file, XDG."""
    for beside in sample_vault.parent.iterdir():
        if beside.is_file() and beside.name.startswith(sample_vault.name):
            shutil.copy2(beside, tmp_path / beside.name)
    (tmp_path / "pf").write_text(PASSPHRASE + "\n")
    return {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
            "XDG_DATA_HOME": str(tmp_path / "data"), "HOMEOPS_VAULT": str(tmp_path / "v.hops"),
            "HOMEOPS_CONFIG": str(tmp_path / "config.toml")}  # fmt: skip


@pytest.fixture
def run(home: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    def call(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=home)
        out, err = capsys.readouterr()
        return code, out, err

    return call


def settings(tmp_path: Path, text: str) -> None:
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")


# -- 1, 3: settings out of bounds stop every command with one line ---------------------------


@pytest.mark.parametrize(
    ("toml", "argv", "message"),
    [
        pytest.param(  # "unexpected error (OverflowError)" when an invoice was sent
            "[money]\npayment_terms_days = 99999999999\n",
            ["invoice", "add", "--client", "acme-mag", "--amount", "5", "--send"],
            "money.payment_terms_days = 99999999999: must be a whole number of days from 0 to "
            "3,650",
            id="payment terms",
        ),
        pytest.param(  # 85 s and 1.76 GB before
            '[payout]\nrule = "FREQ=SECONDLY"\n',
            ["plan"],
            'payout.rule = "FREQ=SECONDLY": comes back more than once a day',
            id="payout secondly",
        ),
        pytest.param(
            '[payout]\nrule = "FREQ=DAILY;BYHOUR=1,2,3"\n',
            ["forecast"],
            'payout.rule = "FREQ=DAILY;BYHOUR=1,2,3": comes back more than once a day',
            id="payout byhour",
        ),
        pytest.param(
            "[privacy]\naccounting_retention_years = 8000\n",
            ["clients"],
            "privacy.accounting_retention_years = 8000: must be a whole number of years from 0 "
            "to 100",
            id="accounting years",
        ),
        pytest.param(
            "[board]\nquality_checklist = [" + ", ".join(['"x"'] * 101) + "]\n",
            ["missions"],
            "board.quality_checklist has 101 items; at most 100",
            id="checklist of 101",
        ),
        pytest.param(
            "[board]\nstages = " + "[" * 100_000 + "]" * 100_000 + "\n",
            ["missions"],
            "nested too deep: values inside values",
            id="nested 100,000 deep",
        ),
    ],
)
def test_a_setting_out_of_bounds_is_one_line_and_changes_nothing(
    run: Run, tmp_path: Path, toml: str, argv: list[str], message: str
) -> None:
    before = (tmp_path / "v.hops").read_bytes()
    settings(tmp_path, toml)
    code, out, err = run(*argv)
    assert code == 1 and out == ""
    line = one_line_error(err)
    assert message in line
    assert len(line) < len(str(tmp_path)) + 200
    assert (tmp_path / "v.hops").read_bytes() == before


def test_the_settings_at_their_bounds_are_taken(run: Run, tmp_path: Path) -> None:
    settings(
        tmp_path,
        "[money]\npayment_terms_days = 3650\ncushion_target_months = 120\n"
        "[privacy]\naccounting_retention_years = 100\nclient_retention_years = 100\n"
        "prospect_retention_years = 100\n[backups]\nkeep = 1000\n",
    )
    code, out, err = run("invoice", "add", "--client", "acme-mag", "--amount", "5", "--send")
    assert code == 0, err
    due = dt.date.today() + dt.timedelta(days=3650)
    code, out, _ = run("invoices", "--json")
    assert json.loads(out)["invoices"][-1]["due"] == due.isoformat()
    assert run("forecast")[0] == 0
    assert run("payouts")[0] == 0


# -- 4: rules that come back more than once a day ------------------------------------------


@pytest.mark.parametrize(
    ("argv", "listing", "message"),
    [
        pytest.param(
            ["recurring", "add", "r8", "10", "--rule", "FREQ=DAILY;BYHOUR=1,2,3"],
            ["recurring", "--json"],
            "recurring: rule is not an RRULE that comes back by the day at most",
            id="recurring cost",
        ),
        pytest.param(
            ["block", "add", "bb", "--rule", "FREQ=DAILY;BYHOUR=1,2,3", "--minutes", "30m"],
            ["blocks", "--json"],
            "comes back by day at most",
            id="fixed block",
        ),
        pytest.param(
            ["recurring", "add", "r9", "10", "--rule", "FREQ=WEEKLY;BYDAY=FR;BYMINUTE=0,30"],
            ["recurring", "--json"],
            "recurring: rule is not an RRULE that comes back by the day at most",
            id="recurring byminute",
        ),
    ],
)
def test_a_rule_that_comes_back_twice_a_day_is_refused(
    run: Run, argv: list[str], listing: list[str], message: str
) -> None:
    code, before, _ = run(*listing)
    assert code == 0
    code, out, err = run(*argv)
    assert code == 1 and out == ""
    assert message in one_line_error(err)
    assert run(*listing)[1] == before


def test_a_daily_recurring_cost_is_booked_once_a_day(run: Run) -> None:
    _, before, _ = run("forecast", "--weeks", "2", "--json")
    code, _, err = run("recurring", "add", "Coffee", "1", "--rule", "FREQ=DAILY")
    assert code == 0, err
    _, after, _ = run("forecast", "--weeks", "2", "--json")
    spent = [
        a["out"] - b["out"]
        for a, b in zip(json.loads(after)["weeks"], json.loads(before)["weeks"], strict=True)
    ]
    assert spent == [700, 700]


# -- 6: a passphrase file with a byte order mark ---------------------------------------------

BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize(
    "data",
    [BOM + PASSPHRASE.encode() + b"\r\n", BOM + PASSPHRASE.encode() + b"\n",
     BOM + PASSPHRASE.encode(), PASSPHRASE.encode() + b"\r\n"],
    ids=["bom crlf", "bom lf", "bom alone", "crlf"],
)  # fmt: skip
def test_a_bom_and_a_crlf_are_no_part_of_the_passphrase(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "p").write_bytes(data)
    assert Passphrases(str(tmp_path / "p"), sys.stdin).ask("Passphrase: ") == PASSPHRASE
    stdin = io.TextIOWrapper(io.BytesIO(data))
    assert Passphrases("-", stdin).ask("Passphrase: ") == PASSPHRASE


def test_a_bom_in_the_middle_is_kept(tmp_path: Path) -> None:
    """Only the BOM an editor puts at the start of the file is dropped."""
    (tmp_path / "p").write_bytes(BOM + b"a" + BOM + b"b\n")
    assert Passphrases(str(tmp_path / "p"), sys.stdin).ask("") == "a\ufeffb"


def test_a_vault_made_from_a_bom_file_opens_with_the_passphrase_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`printf '\\xef\\xbb\\xbfquartz…\\r\\n' > pbom; homeops --passphrase-file pbom init`, then
    the same passphrase typed said "wrong passphrase"."""
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "XDG_DATA_HOME": str(tmp_path / "data")}  # fmt: skip
    (tmp_path / "pbom").write_bytes(BOM + PASSPHRASE.encode() + b"\r\n")
    (tmp_path / "pf").write_text(PASSPHRASE + "\n")
    assert main(["--passphrase-file", str(tmp_path / "pbom"), "init"], env=env) == 0
    assert main(["check", "--passphrase-file", str(tmp_path / "pf")], env=env) == 0
    assert "vault OK" in capsys.readouterr().out


def test_an_empty_passphrase_file_is_still_one_line(tmp_path: Path) -> None:
    (tmp_path / "p").write_bytes(BOM)
    with pytest.raises(UserError, match="fewer lines than the passphrases asked for"):
        Passphrases(str(tmp_path / "p"), sys.stdin).ask("")


# -- 7: an export to a redirect is whole, or says it is not -----------------------------------


def redirect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, int]:
    """Standard output sent to a file, as `homeops export > FILE` does: the file and its fd.

    Called in the test itself: pytest puts its own capture back in sys.stdout at the start
    of the call, after the fixtures."""
    path = tmp_path / "redirect.out"
    handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed with the test's files
    monkeypatch.setattr(sys, "stdout", handle)
    return path, handle.fileno()


def _stampless(data: bytes) -> bytes:
    """An export without the calendar's DTSTAMP lines (the second it was written)."""
    return b"".join(line for line in data.splitlines(True) if not line.startswith(b"DTSTAMP:"))


def _export_bytes(run: Run, tmp_path: Path, fmt: str) -> bytes:
    out = tmp_path / f"export.{fmt}"
    assert run("export", "--format", fmt, "--out", str(out))[0] == 0
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "hledger", "ics"])
def test_short_writes_are_written_on_until_every_byte_is_out(
    run: Run, tmp_path: Path, home: dict[str, str], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """os.write may take fewer bytes than it is given: at most 1,000 at a time here."""
    expected = _export_bytes(run, tmp_path, fmt)
    redirected, target = redirect(tmp_path, monkeypatch)
    real_write = os.write
    calls: list[int] = []

    def short(fd: int, data: bytes) -> int:
        if fd == target:
            calls.append(len(data))
            return real_write(fd, bytes(data[:1000]))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", short)
    code = main(["export", "--format", fmt, "--passphrase-file", str(tmp_path / "pf")], env=home)
    sys.stdout.flush()
    assert code == 0
    assert _stampless(redirected.read_bytes()) == _stampless(expected)
    assert len(calls) >= len(expected) // 1000


@pytest.mark.parametrize("fmt", ["csv", "hledger", "ics"])
def test_a_full_disk_under_a_redirect_is_one_line_and_exit_1(
    run: Run, tmp_path: Path, home: dict[str, str], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], fmt: str,
) -> None:  # fmt: skip
    """4,096 bytes go out, then the disk is full (faked: root writes past a full disk)."""
    assert len(_export_bytes(run, tmp_path, fmt)) > 4096
    redirected, target = redirect(tmp_path, monkeypatch)
    real_write = os.write
    written = 0

    def full(fd: int, data: bytes) -> int:
        nonlocal written
        if fd != target:
            return real_write(fd, data)
        if written >= 4096:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        count = real_write(fd, bytes(data[: 4096 - written]))
        written += count
        return count

    monkeypatch.setattr(os, "write", full)
    code = main(["export", "--format", fmt, "--passphrase-file", str(tmp_path / "pf")], env=home)
    assert code == 1
    line = one_line_error(capsys.readouterr().err)
    assert line == "homeops: cannot write the output: No space left on device"
    assert redirected.stat().st_size == 4096


def _limit_file_size() -> None:
    """In the child: files it writes stop at 5,000 bytes (a write past that is cut short,
    then fails with EFBIG), as on a nearly full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (5000, 5000))


@pytest.mark.parametrize("fmt", ["csv", "hledger", "ics", "json"])
def test_an_export_cut_short_by_the_system_exits_1(
    tmp_path: Path, home: dict[str, str], fmt: str
) -> None:
    """No fake: a real short write. Before, `export --format csv > FILE` exited 0 with the
    first 5,000 bytes of 18,553."""
    target = tmp_path / "cut.out"
    with open(target, "wb") as out:
        done = subprocess.run(
            [sys.executable, "-m", "homeops", "export", "--format", fmt,
             "--passphrase-file", str(tmp_path / "pf")],
            stdout=out, stderr=subprocess.PIPE, env={**os.environ, **home}, cwd=ROOT,
            preexec_fn=_limit_file_size, timeout=120, check=False,
        )  # fmt: skip
    assert target.stat().st_size == 5000  # the export is longer than the limit
    assert done.returncode == 1
    assert b"File too large" in done.stderr and len(done.stderr.splitlines()) == 1
