"""The privacy commands: clients, client add/edit/show/export/erase, register, ai log/list.
Bad input gives one line on stderr, changes nothing, and never repeats personal data."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import one_line_error

from homeops.cli.app import main

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost

Run = Callable[..., tuple[int, str, str]]

GOOD = "orange-kettle-mountain-42"
EMAIL = "unique.canary@person.example"
PHONE = "+33 6 55 44 33 22"


@pytest.fixture
def run(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def call(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)
        out, err = capsys.readouterr()
        return code, out, err

    assert call("init")[0] == 0
    return call


def test_add_list_show_edit(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("client", "add", "acme", "--email", EMAIL, "--phone", PHONE,
                       "--phone-purpose", "invoicing")  # fmt: skip
    assert code == 0 and "client 1 added" in out
    code, out, _ = run("client", "show", "acme", "--json")
    shown = json.loads(out)
    assert shown["email"] == {"value": EMAIL, "purpose": "contract"}
    assert shown["phone"] == {"value": PHONE, "purpose": "invoicing"}
    assert shown["retention"]["status"] == "ongoing"
    code, out, _ = run("client", "edit", "acme", "--ended", "2020-01-01", "--email", "")
    assert code == 0
    code, out, _ = run("clients", "--due")
    assert "acme" in out and "due for review" in out
    code, out, _ = run("client", "show", "acme", "--json")
    assert json.loads(out)["email"] is None
    code, out, _ = run("client", "add", "pros", "--prospect", "--email", "p@x.example")
    code, out, _ = run("clients", "--json")
    prospect = next(c for c in json.loads(out) if c["alias"] == "pros")
    assert prospect["email"]["purpose"] == "prospecting"
    assert prospect["lawful_basis"] == "legitimate interest"


def test_notes_with_contact_details_warn(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("client", "add", "acme", "--notes", "call 06 12 34 56 78")
    assert code == 0 and "phone number" in out and "06 12" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["client", "add", "Jo Smith"], "the alias must be"),
        (["client", "add", "x", "--email", "nope"], "E-mail does not look like"),
        (["client", "add", "x", "--first-contact", "soon"], "--first-contact 'soon' is not a date"),
        (["client", "show", "ghost"], "no client with that alias"),
        (["client", "erase", "ghost", "--yes"], "no client with that alias"),
        (["client", "export", "ghost", "--out", "OUT"], "no client with that alias"),
        (["ai", "log", "99", "--tool", "X", "--task", "draft"], "no mission with id 99"),
    ],
)
def test_bad_input_is_one_line_without_personal_data(
    run: Run,
    tmp_path: Path,
    argv: list[str],
    message: str,
) -> None:
    argv = [str(tmp_path / "out.json") if a == "OUT" else a for a in argv]
    code, _, err = run(*argv)
    assert code == 1
    line = one_line_error(err)
    assert message in line
    assert "nope" not in line and "ghost" not in line


def test_export_erase_twice_and_register(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("client", "add", "acme", "--email", EMAIL, "--phone", PHONE)
    run("client", "add", "other", "--email", "other@x.example")
    run("mission", "add", "Brochure", "--client", "acme")
    code, out, err = run("ai", "log", "1", "--tool", "DeepL Pro", "--task", "translation",
                         "--shared", "personal data")  # fmt: skip
    assert code == 0 and "client not informed" in err

    out_file = tmp_path / "acme.json"
    code, out, _ = run("client", "export", "acme", "--out", str(out_file))
    assert code == 0
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["client"]["email"]["value"] == EMAIL
    assert [m["title"] for m in data["records"]["missions"]] == ["Brochure"]
    assert data["records"]["ai_use"][0]["tool"] == "DeepL Pro"
    assert "other@x.example" not in out_file.read_text(encoding="utf-8")

    code, _, err = run("client", "export", "acme", "--out", str(out_file))
    assert code == 1 and "exists" in one_line_error(err)
    code, _, err = run("client", "export", "acme", "--out", str(tmp_path / "no" / "dir.json"))
    assert code == 1 and "cannot write" in one_line_error(err)

    code, out, _ = run("client", "erase", "acme", "--yes")
    assert code == 0 and "backups purged at once" in out and EMAIL not in out
    code, _, err = run("client", "erase", "acme", "--yes")
    assert code == 1 and "no client with that alias" in one_line_error(err)
    pseudonym = out.split("the alias is now ")[1].split(" ")[0]
    code, _, err = run("client", "erase", pseudonym, "--yes")
    assert code == 1 and "already erased" in one_line_error(err)

    code, out, _ = run("register")
    assert code == 0 and "Record of processing" in out and "Erasures carried out: 1" in out
    code, out, _ = run("ai", "list", "--json")
    assert json.loads(out)[0]["shared"] == "personal data"
    code, out, _ = run("missions", "--json")
    assert json.loads(out)[0]["client_alias"] == pseudonym


def test_erase_without_yes_and_no_terminal_refuses(run) -> None:  # type: ignore[no-untyped-def]
    run("client", "add", "acme")
    code, _, err = run("client", "erase", "acme")
    assert code == 1 and "--yes" in one_line_error(err)
    code, out, _ = run("clients")
    assert "acme" in out


# -- erasure finds the person in free text (issue 12, item 7) --------------------------------

CANARY_EMAIL = "canaryzqx.person@mail.example"
CANARY_PHONE = "+33 6 11 22 33 44"
CANARY_TRACES = re.compile(
    r"canaryzqx|\bperson\b|7 rue zqx|" + re.escape(CANARY_EMAIL) + r"|0?6[ .]?11[ .]?22[ .]?33",
    re.I,
)


def _canary(run: Run) -> None:
    """A client 'CANARYZQX Person' named in the free text of every kind of record."""
    steps = [
        ("client", "add", "canary", "--name", "CANARYZQX Person", "--email", CANARY_EMAIL,
         "--phone", CANARY_PHONE, "--billing-address", "7 rue Zqx, 69001 Lyon"),
        ("client", "add", "other"),
        ("mission", "add", "Brochure for Person", "--client", "canary"),
        ("mission", "add", "Flyer (referred by CANARYZQX)", "--client", "other"),
        ("income", "300", "--mission", "1", "--memo", "Deposit from CANARYZQX"),
        ("expense", "20", "--category", "software", "--memo", "fonts for Person's brochure"),
        ("invoice", "add", "--client", "canary", "--amount", "500", "--send",
         "--date", "2025-03-14", "--description", "Brochure for CANARYZQX Person"),
        ("invoice", "add", "--client", "canary", "--amount", "200",
         "--description", "Draft for Person's shop"),
        ("log", "2h", "--mission", "1", "--note", "call with Person on 06 11 22 33 44"),
        ("ai", "log", "1", "--tool", "DeepL for canaryzqx.person@mail.example",
         "--task", "translation"),
        ("block", "add", "Weekly call with Person", "--rule", "weekly:tue", "--minutes", "30m"),
        ("offer", "add", "Person pack", "--price", "100", "--lead-days", "3"),
    ]  # fmt: skip
    for argv in steps:
        code, _, err = run(*argv)
        assert code == 0, (argv, err)


def _exported(run: Run, tmp_path: Path, name: str) -> dict[str, Any]:
    out = tmp_path / name
    code, _, err = run("export", "--out", str(out))
    assert code == 0, err
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))["tables"]
    return data


def test_erasure_finds_the_person_in_every_free_text_field(run: Run, tmp_path: Path) -> None:
    _canary(run)
    before = _exported(run, tmp_path, "before.json")

    code, out, err = run("client", "erase", "canary", "--dry-run")
    assert code == 0 and err == ""
    lines = out.splitlines()
    for expected in (
        "  missions: #1, #2 title",
        "  invoices: F-0002 description",
        "  time log: #1 note",
        "  AI use: #1 tool",
        "  calendar: #1 title",
        "  offers: #1 name",
        "  invoices F-0001 description, details as issued (kept: issued invoice, legal "
        "obligation (accounting records), until 2035-03-14)",
        "Nothing erased (--dry-run).",
    ):
        assert expected in lines, (expected, out)
    assert any(line.startswith("  ledger: #1-5 memo") for line in lines), out
    assert not CANARY_TRACES.search(out)  # where, never what
    assert _exported(run, tmp_path, "dry.json") == before

    code, out, _ = run("client", "erase", "canary", "--dry-run", "--json")
    found = {(f["table"], f["record"]): f for f in json.loads(out)}
    assert found["invoices", "F-0001"] == {
        "table": "invoices", "id": 1, "record": "F-0001",
        "fields": ["description", "details as issued"],
        "action": "kept", "basis": "legal obligation (accounting records)",
        "kept_until": "2035-03-14",
    }  # fmt: skip
    assert found["invoices", "F-0002"]["action"] == "redacted"

    code, out, err = run("client", "erase", "canary", "--yes")
    assert code == 0, err
    assert "  invoices: F-0002 description" in out.splitlines()
    assert "1 issued invoice kept as issued" in out and not CANARY_TRACES.search(out)

    after = _exported(run, tmp_path, "after.json")
    kept = after["invoices"].pop("1")
    assert kept["description"] == "Brochure for CANARYZQX Person"  # as issued, by law
    assert kept["client_alias"].startswith("erased-")
    leftover = CANARY_TRACES.search(json.dumps(after, ensure_ascii=False))
    assert leftover is None, leftover
    assert after["invoices"]["2"]["description"] == "Draft for [erased]'s shop"
    assert after["missions"]["2"]["title"] == "Flyer (referred by [erased])"
    assert after["missions"]["2"]["client_alias"] == "other"  # another client's mission
    assert after["ledger"]["5"]["envelope"] == "costs"  # codes untouched
    events = after["events"]
    assert [e["details"]["records_redacted"] for e in events.values()] == [12]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("typed", "erased"), [("canary\n", True), ("erase\n", False), ("", False)])
def test_erase_on_a_terminal_shows_the_findings_then_asks_for_the_alias(
    run: Run, monkeypatch: pytest.MonkeyPatch, typed: str, erased: bool
) -> None:
    run("client", "add", "canary", "--name", "CANARYZQX Person")
    run("mission", "add", "Brochure for Person", "--client", "canary")
    monkeypatch.setattr("sys.stdin", _Terminal(typed))
    code, out, err = run("client", "erase", "canary")
    assert out.startswith("Will read [erased] in 1 other record (the alias: the pseudonym):")
    assert "  missions: #1 title" in out and "Type the alias to confirm" in out
    assert not CANARY_TRACES.search(out + err)
    _, listed, _ = run("clients")
    if erased:
        assert code == 0 and "the alias is now erased-" in out
        assert "canary" not in listed
    else:
        assert code == 1 and "does not match: nothing erased" in one_line_error(err)
        assert "canary" in listed


def test_erase_options_are_checked(run: Run) -> None:
    run("client", "add", "canary")
    code, _, err = run("client", "erase", "canary", "--yes", "--json")
    assert code == 1 and "--json goes with --dry-run" in one_line_error(err)
    with pytest.raises(SystemExit) as exit_info:  # a usage error: argparse's exit 2
        run("client", "erase", "canary", "--yes", "--dry-run")
    assert exit_info.value.code == 2
    assert run("clients")[1].splitlines()[1].startswith(" 1  canary  client")
