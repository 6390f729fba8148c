"""The privacy commands: clients, client add/edit/show/export/erase, register, ai log/list.
Bad input gives one line on stderr, changes nothing, and never repeats personal data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import one_line_error

from homeops.cli import main

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
        (["client", "add", "x", "--first-contact", "soon"], "first contact is not a date"),
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
