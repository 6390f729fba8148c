"""Every value typed on the command line is checked where it enters (issue 12, items 5 and 7):
out of bounds, in the wrong digits or the wrong encoding, it is one line on stderr, exit 1,
and nothing is recorded. Reports print values an older version stored out of bounds. The
console refuses to start without a terminal; exports never leave a loose or empty file."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import Run, one_line_error, private_home, runner

from homeops.cli.app import main
from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "orange-kettle-mountain-42"
ROOT = Path(__file__).resolve().parents[1]

UNDECODABLE = "caf\udce9"  # b"caf\xe9" (Latin-1) as Python hands it over in sys.argv
ESCAPE = "a\x1b]0;PWNED\x07b"
HUGE_ID = "9" * 5000
FAR = "9999-12-31"


@pytest.fixture(scope="module")
def sample_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bounds") / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        fill_with_sample(Business(vault, Settings()), None, dt.date.today())
    return path


@pytest.fixture
def vault_path(sample_vault: Path, tmp_path: Path) -> Path:
    """A copy of the sample vault for one test (a refused command must leave it as it was),
    with the files beside it (its high-water mark)."""
    for beside in sample_vault.parent.iterdir():
        if beside.is_file() and beside.name.startswith(sample_vault.name):
            shutil.copy2(beside, tmp_path / beside.name)
    return tmp_path / sample_vault.name


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    return private_home(tmp_path, PASSPHRASE)


@pytest.fixture
def run(vault_path: Path, home: dict[str, str], capsys: pytest.CaptureFixture[str]) -> Run:
    return runner(vault_path, home, capsys)


def exported(run: Run) -> str:
    code, out, err = run("export")
    assert code == 0, err
    return out


BAD_INPUT = [
    # amounts: beyond 64 bits, ±10^30, full-width digits, on every path that takes one
    (["income", str(2**64)], "too large"),
    (["income", "1" + "0" * 30], "too large"),
    (["expense", "-1" + "0" * 30, "--category", "x"], "too large"),
    (["income", "１２"], "not an amount"),
    (["mission", "add", "T", "--fee", str(2**64)], "--fee"),
    (["offer", "add", "O", "--price", "１２", "--lead-days", "3"], "--price"),
    (["invoice", "add", "--client", "acme-mag", "--amount", str(2**64)], "--amount"),
    (["recurring", "add", "Hosting", "1" + "0" * 30, "--rule", "FREQ=MONTHLY"], "too large"),
    (["fit", "2h", "--fee", "-5"], "--fee cannot be negative"),
    # dates: beyond the bounds, compact, week dates, full-width digits
    (["mission", "add", "T", "--deadline", "9999-12-31"], "--deadline 9999-12-31 is out of range"),
    (["mission", "add", "T", "--deadline", "20261231"], "not a date: write YYYY-MM-DD"),
    (["mission", "add", "T", "--deadline", "2026-W49-1"], "not a date: write YYYY-MM-DD"),
    (["mission", "add", "T", "--deadline", "２０２６-１２-３１"], "not a date"),
    (["income", "10", "--date", "9999-12-31"], "out of range"),
    (["expense", "10", "--category", "x", "--date", "1969-12-31"], "out of range"),
    (["reverse", "1", "--reason", "x", "--date", "20261231"], "not a date"),
    (
        ["invoice", "add", "--client", "acme-mag", "--amount", "5", "--send", "--date", FAR],
        "out of range",
    ),
    (
        ["recurring", "add", "Hosting", "5", "--rule", "FREQ=MONTHLY", "--start", "9999-12-31"],
        "--start 9999-12-31 is out of range",
    ),
    (["log", "1h", "--category", "admin", "--date", "0001-01-01"], "out of range"),
    (["fit", "2h", "--deadline", "9999-12-31"], "out of range"),
    (
        ["block", "add", "Call", "--rule", "weekly:tue", "--minutes", "1h", "--start", "20261231"],
        "not a date",
    ),
    (["client", "add", "zeta", "--ended", "9999-12-31"], "--ended 9999-12-31 is out of range"),
    (["ai", "log", "1", "--tool", "T", "--task", "edit", "--date", "2026-W49-1"], "not a date"),
    (["plan", "--week", "2150-W01"], "--week 2150-W01 is out of range"),
    (["plan", "--week", "２０２６-W49"], "is not a week"),
    (["entries", "--month", "２０２６-01"], "is not a month"),
    # ids: 5,000 digits, other digits
    (["mission", "move", HUGE_ID, "Plan"], "is not an id"),
    (["mission", "move", "١", "Plan"], "is not an id"),
    (["reverse", HUGE_ID, "--reason", "x"], "is not an entry number"),
    (["income", "10", "--mission", HUGE_ID], "--mission"),
    (["expense", "10", "--category", "x", "--mission", "²"], "--mission"),
    (["log", "1h", "--mission", HUGE_ID], "--mission"),
    (["ai", "log", HUGE_ID, "--tool", "T", "--task", "edit"], "is not an id"),
    (["block", "remove", HUGE_ID], "is not an id"),
    (["invoice", "paid", HUGE_ID], "is not an invoice number"),
    (["invoice", "paid", "²"], "is not an invoice number"),
    # counts
    (["offer", "add", "O", "--price", "100", "--lead-days", "１２"], "--lead-days"),
    (["offer", "add", "O", "--price", "100", "--lead-days", "99999"], "--lead-days must be"),
    (
        ["offer", "add", "O", "--price", "100", "--lead-days", "3", "--revisions", "100"],
        "--revisions must be between 0 and 99",
    ),
    (["payouts", "--weeks", "521"], "--weeks must be between 1 and 520"),
    (["forecast", "--weeks", HUGE_ID], "--weeks"),
    (["entries", "--limit", "0"], "--limit"),
    # text fields: an escape, a newline, too long
    (["mission", "add", ESCAPE], "the title cannot hold an escape"),
    (["mission", "add", "two\nlines"], "the title cannot hold a line break"),
    (["mission", "add", "x" * 301], "the title is 301 characters long; at most 300"),
    (["mission", "add", "T", "--client", ESCAPE], "--client cannot hold an escape"),
    (["mission", "move", "1", "Plan", "--override", "a\u202eb"], "--override cannot hold"),
    (["income", "10", "--memo", ESCAPE], "--memo cannot hold an escape"),
    (["expense", "10", "--category", "x" * 121], "--category is 121 characters long"),
    (["expense", "10", "--category", "x", "--memo", "a\x9bb"], "--memo cannot hold"),
    (["transfer", "10", "--from", "pay", "--to", "cushion", "--reason", ESCAPE], "--reason"),
    (["reverse", "1", "--reason", "a\nb"], "--reason cannot hold a line break"),
    (
        ["invoice", "add", "--client", "acme-mag", "--amount", "5", "--description", ESCAPE],
        "--description cannot hold an escape",
    ),
    (["payout", "hold", "--reason", ESCAPE], "--reason cannot hold an escape"),
    (["recurring", "add", ESCAPE, "5", "--rule", "FREQ=MONTHLY"], "the description cannot hold"),
    (["offer", "add", ESCAPE, "--price", "100", "--lead-days", "3"], "the name cannot hold"),
    (
        ["offer", "add", "O", "--price", "100", "--lead-days", "3", "--deliverable", ESCAPE],
        "--deliverable cannot hold an escape",
    ),
    (["log", "1h", "--category", "admin", "--note", ESCAPE], "--note cannot hold an escape"),
    (["block", "add", ESCAPE, "--rule", "weekly:tue", "--minutes", "1h"], "the title cannot"),
    (["client", "add", ESCAPE], "the alias cannot hold an escape"),
    (["client", "add", "zeta", "--name", "x" * 121], "--name is 121 characters long"),
    (["client", "add", "zeta", "--notes", "a\x1b[2Jb"], "--notes cannot hold an escape"),
    (["client", "edit", "acme-mag", "--billing-address", "a\nb"], "--billing-address cannot"),
    (["ai", "log", "1", "--tool", ESCAPE, "--task", "edit"], "--tool cannot hold an escape"),
    # bytes that are not UTF-8
    (["mission", "add", UNDECODABLE], "the title is not valid UTF-8"),
    (["income", "10", "--memo", UNDECODABLE], "--memo is not valid UTF-8"),
    (["client", "add", "zeta", "--notes", UNDECODABLE], "--notes is not valid UTF-8"),
    # a client the register does not hold
    (
        ["mission", "add", "T", "--client", "delta"],
        "no client delta: add it first with `homeops client add delta`",
    ),
    (["invoice", "add", "--client", "delta", "--amount", "5"], "homeops client add delta"),
    # the fix offered must work: ACME is no alias (aliases are lower-case pseudonyms)
    (["mission", "add", "T", "--client", "ACME"], "no client ACME: an alias is 1-40 lower-case"),
]


@pytest.mark.parametrize(
    ("argv", "message"), BAD_INPUT, ids=[f"{i}-{a[0]}" for i, (a, _) in enumerate(BAD_INPUT)]
)
def test_bad_input_is_one_line_and_records_nothing(run: Run, argv: list[str], message: str) -> None:
    before = exported(run)
    code, out, err = run(*argv)
    assert code == 1 and out == "", (out, err)
    line = one_line_error(err)
    assert message in line, line
    assert "\x1b" not in line and "\udce9" not in line
    assert exported(run) == before


def test_values_at_the_bounds_are_taken(run: Run) -> None:
    assert run("client", "add", "delta")[0] == 0
    code, _, err = run("mission", "add", "x" * 300, "--client", "delta", "--fee",
                       "999 999 999,99", "--deadline", "2099-12-31")  # fmt: skip
    assert code == 0, err
    code, out, _ = run("missions", "--json")
    mission = next(m for m in json.loads(out) if m["client_alias"] == "delta")
    assert (mission["fee_cents"], mission["deadline"]) == (99_999_999_999, "2099-12-31")
    assert run("offer", "add", "Max", "--price", "1", "--lead-days", "3650", "--revisions",
               "99")[0] == 0  # fmt: skip
    assert run("payouts", "--weeks", "520")[0] == 0


# -- values an older version stored out of bounds --------------------------------------------


@pytest.fixture
def far_vault(vault_path: Path) -> Path:
    """Dates at the end of the calendar in every table, as an older homeops stored them."""
    far = "9999-12-31"
    with Vault.open(vault_path, PASSPHRASE) as vault:
        names = ("missions", "invoices", "recurring", "calendar", "clients", "payouts", "timelog")
        tables = {name: vault.db.table(name) for name in names}

        def first(name: str, **match: object) -> int:
            return next(d.doc_id for d in tables[name].all()
                        if all(d.get(k) == v for k, v in match.items()))  # fmt: skip

        with vault.transaction():
            tables["missions"].update({"deadline": far}, doc_ids=[first("missions", stage="Plan")])
            tables["invoices"].update({"due": far}, doc_ids=[first("invoices", status="sent")])
            tables["recurring"].update({"start": far}, doc_ids=[first("recurring")])
            tables["calendar"].update({"start": far}, doc_ids=[first("calendar", kind="block")])
            tables["calendar"].update({"day": far}, doc_ids=[first("calendar", kind="off")])
            tables["clients"].update({"relationship_ended": far}, doc_ids=[first("clients")])
            tables["timelog"].update({"day": far}, doc_ids=[first("timelog")])
            tables["payouts"].insert({"date": far, "amount_cents": 60000, "decision": "held",
                                      "reason": "old"})  # fmt: skip
    return vault_path


@pytest.mark.parametrize(
    "argv",
    [["forecast"], ["forecast", "--json"], ["payouts"], ["payouts", "--json"], ["plan"],
     ["blocks"], ["clients"], ["client", "show", "acme-mag"], ["register"], ["invoices"],
     ["export", "--format", "ics"], ["export", "--format", "csv"], ["missions"], ["entries"]],
    ids=lambda argv: " ".join(argv),
)  # fmt: skip
def test_reports_print_dates_stored_at_the_end_of_the_calendar(
    far_vault: Path, run: Run, argv: list[str]
) -> None:
    code, out, err = run(*argv)
    assert code == 0, err
    assert out and "Traceback" not in err


# -- bytes that are not UTF-8 ------------------------------------------------------------------


def test_an_argument_that_is_not_utf8_is_one_line(vault_path: Path, home: dict[str, str]) -> None:
    """The real thing: bytes in argv, as a shell passes `$'\\xff'`."""
    env = {**home, "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "homeops", "mission", "add", b"caf\xe9",
         "--vault", str(vault_path), "--passphrase-file", str(Path(home["HOME"]) / "pf")],
        capture_output=True, env=env, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1 and done.stdout == b""
    assert done.stderr.decode() == "homeops: the title is not valid UTF-8: check the terminal's " \
        "or the file's encoding\n"  # fmt: skip


def test_a_passphrase_file_that_is_not_utf8_is_one_line(
    run: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str], vault_path: Path,
    home: dict[str, str],
) -> None:  # fmt: skip
    bad = tmp_path / "latin1"
    bad.write_bytes(PASSPHRASE.encode() + b"\xe9\n")
    code = main(["check", "--vault", str(vault_path), "--passphrase-file", str(bad)], env=home)
    assert code == 1
    assert one_line_error(capsys.readouterr().err) == (
        "homeops: the passphrase file is not valid UTF-8")  # fmt: skip


def test_a_passphrase_on_standard_input_that_is_not_utf8_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], vault_path: Path,
    home: dict[str, str],
) -> None:  # fmt: skip
    stdin = io.TextIOWrapper(io.BytesIO(b"\xff\xfe\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code = main(["check", "--vault", str(vault_path), "--passphrase-file", "-"], env=home)
    assert code == 1
    assert "not valid UTF-8" in one_line_error(capsys.readouterr().err)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PASSPHRASE.encode() + b"\n")))
    assert main(["check", "--vault", str(vault_path), "--passphrase-file", "-"], env=home) == 0


# -- the console needs a terminal ----------------------------------------------------------------

# Runs the command line, then says whether Textual was imported on the way.
PROBE = """
import sys
from homeops.main import main
code = main(sys.argv[1:])
sys.stderr.write(f"textual={'textual' in sys.modules}\\n")
sys.exit(code)
"""


@pytest.mark.parametrize(
    "where", ["stdin from /dev/null", "stdout to a pipe", "demo, stdin from /dev/null"]
)
def test_the_console_without_a_terminal_is_one_line_and_exit_2(
    where: str, vault_path: Path, home: dict[str, str]
) -> None:
    env = {**home, "PYTHONPATH": str(ROOT)}
    master, slave = pty.openpty()
    try:
        stdin = subprocess.DEVNULL if where.endswith("/dev/null") else slave
        argv = ["demo"] if where.startswith("demo") else ["--vault", str(vault_path)]
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *argv], stdin=stdin, capture_output=True, env=env,
            cwd=ROOT, timeout=60,
        )  # fmt: skip
    finally:
        os.close(master)
        os.close(slave)
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().splitlines() == [
        "homeops: the console needs a terminal: use ssh -t, or a command (homeops --help)",
        "textual=False",
    ]


# -- exports never leave a loose or an empty file ------------------------------------------------


def test_export_onto_an_existing_0644_file_leaves_it_0600(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    out.write_text("old\n")
    out.chmod(0o644)
    code, _, err = run("export", "--out", str(out))
    assert code == 0, err
    assert out.stat().st_mode & 0o777 == 0o600
    assert json.loads(out.read_text())["tables"]["missions"]


@pytest.mark.parametrize("fmt", ["json", "csv", "ics"])
def test_a_failed_export_is_one_line_and_leaves_no_file(run: Run, tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "exports" / "a-folder"  # an existing folder gets the export (fix
    folder.mkdir(parents=True)  # G4: as doc --out): a missing folder on the way fails
    target = folder / "missing" / "x.out"
    code, out, err = run("export", "--format", fmt, "--out", str(target))
    assert code == 1 and out == ""
    assert f"cannot write '…{str(target)[-39:]}'" in one_line_error(err)  # its end, cut
    assert list(folder.parent.iterdir()) == [folder]  # no temp file, no empty file
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("errno", [28, 13])  # ENOSPC (a full disk), EACCES
def test_an_export_that_cannot_be_written_leaves_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errno: int
) -> None:
    """A full disk or a folder we may not write in (faked: root writes anywhere)."""
    folder = tmp_path / "out"
    folder.mkdir()
    real_write = os.write

    def write(fd: int, data: bytes) -> int:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(folder)):
            raise OSError(errno, os.strerror(errno))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    code, _, err = run("export", "--out", str(folder / "x.json"))
    assert code == 1 and "cannot write" in one_line_error(err)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("typed", ["\udcff", UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad")])
def test_a_passphrase_typed_that_is_not_utf8_is_one_line(
    typed: str | UnicodeDecodeError, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], vault_path: Path, home: dict[str, str],
) -> None:  # fmt: skip
    """What getpass gives for bytes that are not UTF-8: a surrogate (a surrogateescape
    terminal) or the decoding error itself."""

    def getpass(prompt: str) -> str:
        if isinstance(typed, Exception):
            raise typed
        return typed

    monkeypatch.setattr("getpass.getpass", getpass)
    monkeypatch.setattr(sys, "stdin", type("Tty", (), {"isatty": lambda self: True})())
    assert main(["check", "--vault", str(vault_path)], env=home) == 1
    line = one_line_error(capsys.readouterr().err)
    assert line == "homeops: the passphrase typed is not valid UTF-8: check the terminal's encoding"


def test_an_erased_client_gets_no_new_work(run: Run) -> None:
    """Its pseudonym stays on the old records for the accounting, and only there."""
    assert run("client", "add", "zeta")[0] == 0
    assert run("client", "erase", "zeta", "--yes")[0] == 0
    code, out, _ = run("clients", "--json")
    (pseudonym,) = [c["alias"] for c in json.loads(out) if c["status"] == "erased"]
    before = exported(run)
    for argv in (
        ["mission", "add", "T", "--client", pseudonym],
        ["invoice", "add", "--client", pseudonym, "--amount", "5"],
    ):
        code, out, err = run(*argv)
        assert code == 1 and out == ""
        assert one_line_error(err) == (
            f"homeops: client {pseudonym} is erased: its records stay for accounting only; "
            "new work needs a client of its own"
        )
    assert exported(run) == before


# -- what a message quotes of what was typed -------------------------------------------------

HUGE = "x" * 100_000


@pytest.mark.parametrize(
    "argv",
    [["entries", "--month", HUGE], ["plan", "--week", HUGE], ["export", "--format", HUGE],
     ["import", HUGE], ["export", "--out", HUGE], ["export", "--format", "ics", "--out", HUGE],
     ["register", "--out", HUGE], ["log", HUGE, "--category", "admin"],
     ["block", "add", "Call", "--rule", "weekly:tue", "--minutes", HUGE]],
    ids=lambda argv: " ".join(a if len(a) < 20 else "HUGE" for a in argv),
)  # fmt: skip
def test_a_huge_argument_is_quoted_cut_short(run: Run, argv: list[str]) -> None:
    """A message quotes at most 40 characters of what was typed, then "…" (a path: its end)."""
    before = exported(run)
    code, out, err = run(*argv)
    assert code == 1 and out == ""
    line = one_line_error(err)
    assert len(line) < 120, line
    assert "'" + "x" * 39 + "…'" in line or "'…" + "x" * 39 + "'" in line, line
    assert exported(run) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["expense", "10", "--category", "x", "--envelope", "x\x1b"], "unknown envelope 'x\\x1b'"),
     (["plan", "--week", "x\x1b"], "'x\\x1b' is not a week"),
     (["entries", "--month", "x\x1b"], "month 'x\\x1b' is not a month"),
     (["entries", "--envelope", "x\x1b"], "--envelope cannot hold an escape"),
     (["export", "--format", "x\x1b"], "unknown export format 'x\\x1b'"),
     (["mission", "add", "T", "--deadline", "x\x1b"], "--deadline 'x\\x1b' is not a date"),
     (["log", "x\x1b", "--category", "admin"], "hours: 'x\\x1b' is not a duration"),
     (["mission", "move", "x\x1b", "Plan"], "'x\\x1b' is not an id"),
     (["import", "x\x1b"], "cannot read 'x\\x1b'")],
    ids=lambda value: value[0] if isinstance(value, list) else None,
)  # fmt: skip
def test_a_quoted_escape_is_shown_once_not_doubled(run: Run, argv: list[str], message: str) -> None:
    """``ESC`` typed is quoted as the four characters ``\\x1b`` (never ``\\\\x1b``: no repr()
    of the neutralised text), in single quotes like every other quoted value."""
    code, out, err = run(*argv)
    assert code == 1 and out == ""
    line = one_line_error(err)
    assert message in line, line
    assert "\\\\" not in line and "\x1b" not in line
