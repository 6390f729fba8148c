"""The command line: one-line errors, exit codes, global options anywhere, round trips."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_helpers import one_line_error

from homeops.main import main

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost

GOOD = "orange-kettle-mountain-42"


@pytest.fixture
def home(env: dict[str, str]) -> dict[str, str]:
    return env


def run(env: dict[str, str], *argv: str) -> int:
    return main(list(argv), env=env)


def test_init_writes_default_config_and_a_vault_that_check_verifies(
    home: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pf = str(tmp_path / "pf")
    assert run(home, "init", "--passphrase-file", pf) == 0
    assert (tmp_path / "cfg/homeops/config.toml").is_file()
    vault = tmp_path / "data/homeops/vault.hops"
    assert vault.stat().st_mode & 0o777 == 0o600
    capsys.readouterr()
    assert run(home, "check", "--json", "--passphrase-file", pf) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["documents"]["meta"] >= 1


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_options_work_before_or_after_the_command(
    where: str, home: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = str(tmp_path / "elsewhere" / "v.hops")
    pf = str(tmp_path / "pf")
    opts = ["--vault", vault, "--passphrase-file", pf]
    argv = [*opts, "init"] if where == "before" else ["init", *opts]
    assert run(home, *argv) == 0
    assert Path(vault).is_file()


def test_wrong_passphrase_is_one_line_and_exit_1(
    home: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "init", "--passphrase-file", str(tmp_path / "pf")) == 0
    capsys.readouterr()
    assert run(home, "check", "--passphrase-file", str(tmp_path / "bad")) == 1
    assert one_line_error(capsys.readouterr().err) == "homeops: wrong passphrase"


def test_missing_vault_says_how_to_create_one(
    home: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "check", "--passphrase-file", str(tmp_path / "pf")) == 1
    assert "homeops init" in one_line_error(capsys.readouterr().err)


def test_weak_passphrase_is_refused_with_a_reason(
    home: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "weak").write_text("password\n")
    assert run(home, "init", "--passphrase-file", str(tmp_path / "weak")) == 1
    one_line_error(capsys.readouterr().err)
    assert not (tmp_path / "data/homeops/vault.hops").exists()


def test_bad_config_value_stops_with_one_line_naming_it(
    home: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "cfg/homeops/config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text("[capacity]\nfocus_hours = { mon = 25 }\n")
    assert run(home, "config") == 1
    line = one_line_error(capsys.readouterr().err)
    assert "focus_hours.mon" in line and "25" in line


def test_passphrase_is_never_taken_from_argv(home: dict[str, str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(home, "check", "--passphrase", GOOD)
    assert exit_info.value.code == 2


def test_debug_shows_the_traceback(home: dict[str, str], tmp_path: Path) -> None:
    from homeops.cli.app import UserError

    with pytest.raises(UserError):
        run(home, "--debug", "check", "--vault", str(tmp_path / "nope" / "v.hops"),
            "--passphrase-file", str(tmp_path / "pf"))  # fmt: skip


def test_an_unexpected_error_is_one_line_without_its_message(
    home: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug must not print a traceback, nor its message (it may quote the vault's data)."""

    def broken(*_args: object) -> int:
        raise KeyError("Camille Martin, camille@example.org")

    monkeypatch.setattr("homeops.cli.app.cmd_config", broken)
    assert run(home, "config") == 1
    err = one_line_error(capsys.readouterr().err)
    assert err == "homeops: unexpected error (KeyError); --debug shows where"
    with pytest.raises(KeyError):
        run(home, "config", "--debug")


def test_export_import_export_gives_identical_json(
    home: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pf = str(tmp_path / "pf")
    first, second = tmp_path / "one.hops", tmp_path / "copy" / "two.hops"
    assert run(home, "demo", "--out", str(first), "--no-console", "--passphrase-file", pf) == 0
    assert run(home, "export", "--vault", str(first), "--out", str(tmp_path / "a.json"),
               "--passphrase-file", pf) == 0  # fmt: skip
    assert run(home, "import", str(tmp_path / "a.json"), "--vault", str(second),
               "--passphrase-file", pf) == 0  # fmt: skip
    assert run(home, "export", "--vault", str(second), "--out", str(tmp_path / "b.json"),
               "--passphrase-file", pf) == 0  # fmt: skip
    a = (tmp_path / "a.json").read_text()
    assert a == (tmp_path / "b.json").read_text()
    assert len(json.loads(a)["tables"]["missions"]) > 5
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o600


def test_import_refuses_to_replace_a_non_empty_vault_without_replace(
    home: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pf = str(tmp_path / "pf")
    vault = str(tmp_path / "v.hops")
    assert run(home, "demo", "--out", vault, "--no-console", "--passphrase-file", pf) == 0
    assert run(home, "export", "--vault", vault, "--out", str(tmp_path / "e.json"),
               "--passphrase-file", pf) == 0  # fmt: skip
    capsys.readouterr()
    assert run(home, "import", str(tmp_path / "e.json"), "--vault", vault,
               "--passphrase-file", pf) == 1  # fmt: skip
    assert "--replace" in one_line_error(capsys.readouterr().err)


def test_import_of_a_file_that_is_not_an_export_is_one_line(
    home: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x.json").write_text("{not json")
    assert run(home, "import", str(tmp_path / "x.json"), "--passphrase-file",
               str(tmp_path / "pf")) == 1  # fmt: skip
    assert "not a homeops export" in one_line_error(capsys.readouterr().err)


def test_passwd_then_backup_and_restore(
    home: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pf, new = tmp_path / "pf", tmp_path / "new"
    new.write_text(f"{GOOD}\nviolet-walnut-breeze-copper\n")
    assert run(home, "init", "--passphrase-file", str(pf)) == 0
    assert run(home, "passwd", "--passphrase-file", str(new)) == 0
    capsys.readouterr()
    assert run(home, "check", "--passphrase-file", str(pf)) == 1
    assert "wrong passphrase" in one_line_error(capsys.readouterr().err)
    (tmp_path / "p2").write_text("violet-walnut-breeze-copper\n")
    p2 = str(tmp_path / "p2")
    assert run(home, "check", "--passphrase-file", p2) == 0
    out = tmp_path / "b.hops"
    assert run(home, "backup", "--out", str(out), "--passphrase-file", p2) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert run(home, "restore", str(out), "--passphrase-file", p2) == 0
    assert run(home, "check", "--passphrase-file", p2) == 0


def test_config_prints_each_setting_with_its_source(
    home: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "config") == 0
    out = capsys.readouterr().out
    assert "XDG_DATA_HOME" in out
    assert 'money.currency = "EUR"' in out


def test_demo_without_console_needs_out(
    home: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "demo", "--no-console") == 1
    assert "--out" in one_line_error(capsys.readouterr().err)


def test_a_reader_that_stops_early_ends_the_command_quietly(
    home: dict[str, str], tmp_path: Path
) -> None:
    """`homeops entries | head -1`: no "Broken pipe" line, no traceback."""
    import os
    import subprocess
    import sys

    pf = str(tmp_path / "pf")
    assert run(home, "init", "--passphrase-file", pf) == 0
    assert run(home, "income", "12", "--memo", "x", "--passphrase-file", pf) == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before we write a byte
    try:
        done = subprocess.run(
            [sys.executable, "-m", "homeops", "--passphrase-file", pf, "entries", "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=home,
        )
    finally:
        os.close(write_end)
    assert done.stderr == b""
    assert done.returncode == 141


@pytest.mark.parametrize(
    ("argv", "what"),
    [(["keys"], "console"), (["demo", "--out", "d.hops", "--no-console"], "sample")],
)
def test_the_command_line_alone_says_what_the_entry_point_did_not_give_it(
    home: dict[str, str], capsys: pytest.CaptureFixture[str], argv: list[str], what: str
) -> None:
    """The faces never import each other: ``homeops.main`` hands the command line the console
    and the sample business. Called without them, the commands that need them say so."""
    from homeops.cli.app import main as cli_main

    assert cli_main(argv, env=home) == 1
    line = one_line_error(capsys.readouterr().err)
    assert f"without the {what}" in line and "homeops.main" in line


# -- restore and accept-copy: what they say ----------------------------------------------------


@pytest.fixture
def vault(home: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default vault (fast KDF), the files beside it named as typed from tmp_path."""
    from homeops.storage.vault import KdfParams, Vault

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "data/homeops/vault.hops"
    Vault.create(path, GOOD, kdf=KdfParams.fast()).close()
    return path


@pytest.mark.parametrize("how", ["a flipped byte", "not a vault", "cut short"])
def test_restore_names_a_damaged_backup_and_offers_another(
    home: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str],
    how: str,
) -> None:  # fmt: skip
    assert run(home, "backup", "--out", "b.hops", "--passphrase-file", "pf") == 0
    data = bytearray((tmp_path / "b.hops").read_bytes())
    if how == "a flipped byte":
        data[-3] ^= 1
    elif how == "not a vault":
        data = bytearray(b"a shopping list\n" * 200)
    else:
        data = data[:300]
    (tmp_path / "b.hops").write_bytes(bytes(data))
    before = vault.read_bytes()
    capsys.readouterr()
    assert run(home, "restore", "b.hops", "--passphrase-file", "pf") == 1
    line = one_line_error(capsys.readouterr().err)
    assert line.startswith("homeops: the backup 'b.hops' is damaged: "), line
    assert line.endswith("; choose another backup") and "restore a backup" not in line
    assert vault.read_bytes() == before


def test_restore_of_a_backup_from_before_passwd_says_which_passphrase_opens_it(
    home: dict[str, str], tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = "violet-walnut-breeze-copper"
    (tmp_path / "change").write_text(f"{GOOD}\n{new}\n")
    (tmp_path / "new").write_text(f"{new}\n")
    assert run(home, "backup", "--out", "before.hops", "--passphrase-file", "pf") == 0
    assert run(home, "passwd", "--passphrase-file", "change") == 0
    capsys.readouterr()
    assert run(home, "restore", "before.hops", "--passphrase-file", "new") == 1
    assert one_line_error(capsys.readouterr().err) == (
        "homeops: wrong passphrase for the backup 'before.hops' (a backup opens with the "
        "passphrase in force when it was made)"
    )
    assert run(home, "restore", "before.hops", "--passphrase-file", "pf") == 0
    assert "the vault now opens with the backup's passphrase" in capsys.readouterr().out
    assert run(home, "check", "--passphrase-file", "pf") == 0
    assert run(home, "check", "--passphrase-file", "new") == 1


def _older_copy_put_back(home: dict[str, str], vault: Path) -> None:
    older = vault.read_bytes()
    for amount in ("12", "3"):
        assert run(home, "income", amount, "--memo", "stamps", "--passphrase-file", "pf") == 0
    vault.write_bytes(older)


LOSS = re.compile(
    r"this copy holds (\d+) changes; its mark says (\d+) were committed: 2 changes will be lost"
)


def test_accept_copy_without_a_terminal_or_yes_refuses_with_what_it_would_lose(
    home: dict[str, str], vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _older_copy_put_back(home, vault)
    before = vault.read_bytes()
    capsys.readouterr()
    assert run(home, "accept-copy", "--passphrase-file", "pf") == 1
    line = one_line_error(capsys.readouterr().err)
    found = LOSS.search(line)
    assert found and int(found[2]) - int(found[1]) == 2, line
    assert line.endswith("; pass --yes to keep this copy all the same")
    assert vault.read_bytes() == before
    assert run(home, "check", "--passphrase-file", "pf") == 1  # still refused


@pytest.mark.parametrize("answer", ["no", "", "yes"])
def test_accept_copy_on_a_terminal_asks_for_yes(
    home: dict[str, str], vault: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, answer: str,
) -> None:  # fmt: skip
    import sys

    _older_copy_put_back(home, vault)
    asked: list[str] = []

    def typed(prompt: str) -> str:
        asked.append(prompt)
        return answer

    monkeypatch.setattr(sys, "stdin", type("Tty", (), {"isatty": lambda self: True})())
    monkeypatch.setattr("builtins.input", typed)
    capsys.readouterr()
    code = run(home, "accept-copy", "--passphrase-file", "pf")
    out, err = capsys.readouterr()
    assert LOSS.search(out.splitlines()[0]) and asked == ["Keep this copy? Type yes to confirm: "]
    if answer == "yes":
        assert code == 0 and "its high-water mark now follows this copy" in out
        assert run(home, "check", "--passphrase-file", "pf") == 0
    else:
        assert code == 1
        assert one_line_error(err) == "homeops: not confirmed: nothing changed"
        assert run(home, "check", "--passphrase-file", "pf") == 1


def test_accept_copy_with_yes_says_what_it_lost_and_keeps_the_copy(
    home: dict[str, str], vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _older_copy_put_back(home, vault)
    capsys.readouterr()
    assert run(home, "accept-copy", "--yes", "--passphrase-file", "pf") == 0
    lines = capsys.readouterr().out.splitlines()
    assert LOSS.search(lines[0]) and lines[1].startswith("kept ")
    assert run(home, "check", "--passphrase-file", "pf") == 0
    assert run(home, "accept-copy", "--passphrase-file", "pf") == 0  # nothing left to accept
    assert "nothing to accept" in capsys.readouterr().out
