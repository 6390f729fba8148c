"""Text stored in the vault never drives the terminal: the command line's side (issue 12,
item 1).

A vault written as an older homeops would have written it (no input checks: the documents
go straight into the TinyDB tables) holds terminal escapes, a C1 CSI, a bidi override and a
newline in every text field. Every report, every error that echoes what was typed, and the
exports printed to a terminal must show them as visible text; the JSON reports must still
parse and give back the exact stored strings.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import Run, private_home, runner

from homeops.cli.common import json_text
from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "orange-kettle-mountain-42"
ROOT = Path(__file__).resolve().parents[1]

# The clipboard (OSC 52), the window title (OSC 0), a cleared screen, leaving the alternate
# screen, CSI as one C1 character, a right-to-left override.
SEQUENCES = (
    "\x1b]52;c;SGVsbG8=\x1b\\",
    "\x1b]0;PWNED\x07",
    "\x1b[2J",
    "\x1b[?1049l",
    "\x9b2J",
    "\u202eevil",
)
FORBIDDEN = ("\x1b]52", "\x1b]0;", "\x1b[2J", "\x1b[?1049l", "\x9b", "\u202e")
# Anything a terminal obeys, except the newline and tab the command line writes itself.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def hostile(number: int) -> str:
    """A newline and every sequence, a different sequence first for each record (a narrow
    column shows only the first few characters)."""
    turn = number % len(SEQUENCES)
    return f"x{number}\n" + "".join(SEQUENCES[turn:] + SEQUENCES[:turn])


def _poison(vault: Vault) -> None:
    """Every text field of every document made hostile, written past every input check."""
    count = iter(range(1_000_000))

    def h() -> str:
        return hostile(next(count))

    tables = {name: vault.db.table(name) for name in (
        "clients", "offers", "missions", "ledger", "invoices", "timelog", "calendar",
        "recurring", "ai_use", "payouts")}  # fmt: skip
    aliases = {d["alias"]: f"{h()}-c{d.doc_id}" for d in tables["clients"].all()}
    offers = {d["name"]: f"{h()}-o{d.doc_id}" for d in tables["offers"].all()}

    def items(values: list[Any]) -> list[Any]:
        return [{**v, "text": h()} if isinstance(v, dict) else h() for v in values]

    changes: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
        "clients": lambda d: {
            "alias": aliases[d["alias"]],
            "notes": h(),
            **{
                field: {"value": h(), "purpose": "contract"}
                for field in ("name", "email", "phone", "billing_address")
            },
        },
        "offers": lambda d: {
            "name": offers[d["name"]],
            "deliverables": items(d["deliverables"]),
            "acceptance_criteria": items(d["acceptance_criteria"]),
        },
        "missions": lambda d: {
            "title": h(),
            "client_alias": aliases.get(d["client_alias"], h()),
            "offer": offers.get(d["offer"], h()),
            "notes": h(),
            "deliverables": items(d["deliverables"]),
            "assumptions": items(d["assumptions"]),
            "acceptance_criteria": items(d["acceptance_criteria"]),
            "checklist": items(d["checklist"]),
            "scope_changes": [{**s, "what": h()} for s in d["scope_changes"]],
            "history": [{**s, "reason": h()} for s in d["history"]],
        },
        "ledger": lambda d: {"description": h()},
        "invoices": lambda d: {
            "description": h(),
            "client_alias": aliases.get(d["client_alias"], h()),
        },
        "timelog": lambda d: {"note": h()},
        "calendar": lambda d: {"reason": h()} if d["kind"] == "off" else {"title": h()},
        "recurring": lambda d: {"description": h()},
        "ai_use": lambda d: {"tool": h()},
        "payouts": lambda d: {"reason": h()},
    }
    with vault.transaction():
        for name, change in changes.items():
            for doc in tables[name].all():
                tables[name].update(change(doc), doc_ids=[doc.doc_id])


@pytest.fixture(scope="module")
def hostile_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from homeops.rules.payouts import PayoutDecision  # a payout record, as stored

    path = tmp_path_factory.mktemp("hostile") / "v.hops"
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        fill_with_sample(Business(vault, Settings()), None, dt.date.today())
        vault.payouts.add(PayoutDecision("2099-12-25", "held", 60000, "placeholder"))
        _poison(vault)
    return path


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    return private_home(tmp_path, PASSPHRASE)


@pytest.fixture
def run(hostile_vault: Path, home: dict[str, str], capsys: pytest.CaptureFixture[str]) -> Run:
    return runner(hostile_vault, home, capsys)


def assert_inert(text: str) -> None:
    """Nothing in ``text`` drives a terminal: no sequence from the data, no control at all."""
    for sequence in FORBIDDEN:
        assert sequence not in text, (sequence, text[:2000])
    found = UNSAFE.search(text)
    assert found is None, (found, text[max(0, found.start() - 80) : found.end() + 80])


# Every report, with one argument picked to reach the poisoned records.
REPORTS = [
    ["missions"],
    ["missions", "--archived"],
    ["entries", "--limit", "500"],
    ["blocks"],
    ["ai", "list"],
    ["clients"],
    ["plan"],
    ["register"],
    ["invoices"],
    ["payouts"],
    ["forecast"],
    ["offers"],
    ["balance"],
    ["recurring"],
    ["keys"],
    ["config"],
    ["check"],
    ["fit", "4h", "--deadline", (dt.date.today() + dt.timedelta(days=20)).isoformat()],
]


@pytest.mark.parametrize("argv", REPORTS, ids=lambda argv: " ".join(argv[:2]))
def test_reports_show_stored_escapes_as_visible_text(run: Run, argv: list[str]) -> None:
    code, out, err = run(*argv)
    assert code == 0, err
    assert_inert(out)
    assert_inert(err)


def test_client_show_shows_every_field_inert(run: Run, hostile_vault: Path) -> None:
    with Vault.open(hostile_vault, PASSPHRASE, read_only=True) as vault:
        alias = vault.clients.list()[0].alias
    code, out, err = run("client", "show", alias)
    assert code == 0, err
    assert_inert(out)
    assert "\\x1b]52;c;SGVsbG8=" in out  # shown, as visible text


def test_a_stored_newline_keeps_a_one_line_field_on_one_line(run: Run) -> None:
    code, out, _ = run("missions", "--json")
    count = len(json.loads(out))
    code, out, _ = run("missions")
    assert code == 0 and len(out.splitlines()) == 1 + count  # the header row, then each
    code, out, _ = run("entries", "--limit", "7")
    assert len(out.splitlines()) == 1 + 7 + 1  # heading, 7 entries, "… more entries"
    code, out, _ = run("invoices", "--json")
    listed = json.loads(out)
    count, owed = len(listed["invoices"]), len(listed["delivered_not_invoiced"])
    code, out, _ = run("invoices")
    # the header row, then each; then a blank line, a heading, a header row and each owed
    assert len(out.splitlines()) == 1 + count + (3 + owed if owed else 0)


def _exported(path: Path) -> dict[str, Any]:
    with Vault.open(path, PASSPHRASE, read_only=True) as vault:
        return vault.export_data()


JSON_REPORTS = [
    ["missions", "--json"],
    ["entries", "--json"],
    ["blocks", "--json"],
    ["ai", "list", "--json"],
    ["clients", "--json"],
    ["plan", "--json"],
    ["invoices", "--json"],
    ["payouts", "--json"],
    ["forecast", "--json"],
    ["offers", "--json"],
    ["balance", "--json"],
    ["recurring", "--json"],
    ["keys", "--json"],
    ["config", "--json"],
    ["check", "--json"],
    ["fit", "4h", "--json"],
    ["export"],
]


@pytest.mark.parametrize("argv", JSON_REPORTS, ids=lambda argv: " ".join(argv[:2]))
def test_json_reports_parse_and_nothing_in_them_drives_a_terminal(
    run: Run, argv: list[str]
) -> None:
    code, out, err = run(*argv)
    assert code == 0, err
    assert_inert(out)
    json.loads(out)


def test_json_gives_back_the_exact_stored_strings(run: Run, hostile_vault: Path) -> None:
    data = _exported(hostile_vault)
    code, out, _ = run("export")
    assert code == 0 and json.loads(out) == data
    tables = data["tables"]
    code, out, _ = run("missions", "--json")
    titles = {m["title"] for m in json.loads(out)}
    assert titles and titles <= {d["title"] for d in tables["missions"].values()}
    assert all("\x1b]0;PWNED\x07" in title for title in titles)
    code, out, _ = run("entries", "--json")
    assert sorted(e["description"] for e in json.loads(out)) == sorted(
        d["description"] for d in tables["ledger"].values())  # fmt: skip
    alias = next(iter(tables["clients"].values()))["alias"]
    code, out, _ = run("client", "show", alias, "--json")
    shown = json.loads(out)
    assert shown["alias"] == alias and "\u202e" in shown["name"]["value"]
    code, out, _ = run("ai", "list", "--json")
    assert {r["tool"] for r in json.loads(out)} == {d["tool"] for d in tables["ai_use"].values()}


TYPED = hostile(0)  # what a hostile argument looks like


@pytest.mark.parametrize(
    "argv",
    [
        ["missions", "--stage", TYPED],
        ["missions", TYPED],  # argparse: "unrecognized arguments"
        ["mission", "add", TYPED],
        ["mission", "add", "A title", "--offer", TYPED],
        ["mission", "move", TYPED, "Plan"],
        ["client", "show", TYPED],
        ["reverse", TYPED, "--reason", "x"],
        ["entries", "--envelope", TYPED],
        ["entries", "--month", TYPED],
        ["income", TYPED],
        ["income", "10", "--date", TYPED],
        ["invoice", "paid", TYPED],
        ["plan", "--week", TYPED],
        ["log", TYPED, "--category", "admin"],
        ["export", "--format", TYPED],
        [TYPED],
    ],
    ids=lambda argv: " ".join("HOSTILE" if arg == TYPED else arg for arg in argv[:2]),
)
def test_errors_that_echo_what_was_typed_show_it_inert(run: Run, argv: list[str]) -> None:
    code, out, err = run(*argv)
    assert code in (1, 2) and out == ""
    assert_inert(err)
    if code == 1:
        assert len(err.strip().splitlines()) == 1, err


def test_json_text_escapes_what_the_encoder_leaves_and_stays_exact() -> None:
    value = {"k\u2028": "a\x7fb\x85c\x9bd\u2029e\u202af\u2066g\u2069h\udcffi\x1bj\nk€é"}
    text = json_text(value, ensure_ascii=False, indent=2)
    assert_inert(text.replace("\n", ""))  # indentation newlines only
    assert json.loads(text) == value
    assert "€é" in text  # ordinary non-ASCII text stays readable


# -- exports to standard output: exact to a pipe, inert on a terminal ---------------------------


def _on_a_terminal(argv: list[str], env: dict[str, str]) -> bytes:
    """What ``homeops ARGV`` writes with its standard output on a pseudo-terminal."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "homeops", *argv],
        stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE, env=env, cwd=ROOT,
    )  # fmt: skip
    os.close(slave)
    seen = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 30)
            assert ready, "no output within 30 s"
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        assert proc.wait(timeout=30) == 0, proc.stderr.read() if proc.stderr else b""
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
    return seen


@pytest.fixture
def cli_env(home: dict[str, str]) -> dict[str, str]:
    return {**home, "PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}


@pytest.mark.parametrize("fmt", ["csv", "hledger", "ics"])
def test_data_exports_are_inert_on_a_terminal_and_exact_to_a_pipe(
    fmt: str, hostile_vault: Path, cli_env: dict[str, str], tmp_path: Path
) -> None:
    argv = ["export", "--format", fmt, "--vault", str(hostile_vault),
            "--passphrase-file", str(tmp_path / "pf")]  # fmt: skip
    screen = _on_a_terminal(argv, cli_env).decode("utf-8")
    assert "\\x1b[2J" in screen  # the data is there, as visible text
    assert_inert(screen.replace("\r\n", "\n"))
    piped = subprocess.run(
        [sys.executable, "-m", "homeops", *argv], capture_output=True, env=cli_env, cwd=ROOT,
        timeout=60, check=True,
    ).stdout  # fmt: skip
    out = tmp_path / f"out.{fmt}"
    subprocess.run([sys.executable, "-m", "homeops", *argv, "--out", str(out)],
                   capture_output=True, env=cli_env, cwd=ROOT, timeout=60, check=True)  # fmt: skip
    if fmt == "ics":  # each export stamps the time it was made
        stamp = re.compile(rb"DTSTAMP:[0-9TZ]+")
        piped, written = stamp.sub(b"", piped), stamp.sub(b"", out.read_bytes())
    else:
        written = out.read_bytes()
    assert piped == written  # `> FILE` and `--out FILE` give the same bytes
