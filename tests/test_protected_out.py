"""Every command that writes a path the user gives (issue 15, fix G4, round-2 findings 1 2 6 8):
``backup --out``, ``demo --out``, every export's ``--out`` and ``doc --out`` refuse the vault,
its mark, lock, backups, the settings file and the ``--passphrase-file``; ``--vault`` never
names the settings or the passphrase file; every ``--out`` reads ``~`` and ``DIR/`` as ``doc``
does; ``FILE/`` on an existing file says it is a file."""

# ruff: noqa: F811 (the fixtures cli and vault_path come from test_doc_files)
from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cli_helpers import Run, one_line_error
from test_doc_files import PROTECTED, assert_out_refused, cli, vault_path  # noqa: F401

from homeops.services import doc_files

#: Every command writing a user-given file, as a user types it (without --out).
WRITERS = {
    "backup": ("backup", "--force"),
    "export-json": ("export",),
    "export-csv": ("export", "--format", "csv"),
    "export-ics": ("export", "--format", "ics"),
    "client-export": ("client", "export", "lune", "--force"),
    "register": ("register",),
    "cases": ("cases",),
    "doc": ("doc", "invoice", "1"),
}


@pytest.mark.parametrize("which", sorted(PROTECTED))
@pytest.mark.parametrize("command", ["backup", "export-ics", "client-export", "register", "cases"])
def test_out_never_replaces_the_vault_s_files_or_the_settings(
    cli: Run, vault_path: Path, which: str, command: str
) -> None:
    cli("doc", "list")  # the settings file exists
    assert_out_refused(cli, WRITERS[command], vault_path, which)
    assert cli("check")[0] == 0


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_out_never_replaces_the_passphrase_file(cli: Run, tmp_path: Path, command: str) -> None:
    phrase_file = tmp_path / "pf"  # the runner's --passphrase-file
    before = phrase_file.read_bytes()
    code, _, err = cli(*WRITERS[command], "--out", str(phrase_file))
    assert code == 1
    assert one_line_error(err) == f"homeops: refused: --out is the passphrase file ({phrase_file})"
    assert phrase_file.read_bytes() == before
    assert cli("check")[0] == 0  # the passphrase still reads


def test_demo_out_is_refused_over_the_vault_s_lock(cli: Run, vault_path: Path) -> None:
    lock = vault_path.parent / "books.hops.lock"
    lock.unlink(missing_ok=True)
    code, _, err = cli("demo", "--no-console", "--out", str(lock))
    assert code == 1 and "refused: --out is the vault's lock file" in one_line_error(err)
    assert not lock.exists()


@pytest.mark.parametrize("which", ["settings", "pf"])
def test_vault_never_names_the_settings_or_the_passphrase_file(
    cli: Run, tmp_path: Path, which: str
) -> None:
    from homeops.main import main

    cli("doc", "list")
    backup = tmp_path / "b.hops"
    assert cli("backup", "--out", str(backup))[0] == 0
    kept = tmp_path / ("cfg/homeops/config.toml" if which == "settings" else "pf")
    before = kept.read_bytes()
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    for argv in (["restore", str(backup)], ["init"]):
        code = main([*argv, "--vault", str(kept), "--passphrase-file", str(tmp_path / "pf")],
                    env=env)  # fmt: skip
        assert code == 1
        assert kept.read_bytes() == before
    assert not (kept.parent / "backups").exists()  # restore never moved it aside


def test_vault_clash_is_one_line(
    cli: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from homeops.main import main

    capsys.readouterr()
    pf = tmp_path / "pf"
    assert (
        main(
            ["init", "--vault", str(pf), "--passphrase-file", str(pf)],
            env={"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")},
        )
        == 1
    )
    err = capsys.readouterr().err
    assert one_line_error(err) == f"homeops: refused: --vault is the passphrase file ({pf})"


@pytest.mark.parametrize(
    ("command", "name"),
    [
        ("backup", "homeops-backup-{today}.hops"),
        ("export-json", "homeops-export-{today}.json"),
        ("export-csv", "homeops-export-{today}.csv"),
        ("export-ics", "homeops-calendar-{today}.ics"),
        ("client-export", "homeops-export-lune-{today}.json"),
        ("register", "homeops-register-{today}.md"),
        ("cases", "homeops-cases-{today}.md"),
    ],
)
def test_every_out_reads_tilde_and_a_folder_as_doc_does(
    cli: Run, tmp_path: Path, command: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    monkeypatch.setenv("HOME", str(tmp_path))  # what ~ expands to (os.environ's HOME)

    file = name.format(today=dt.date.today().isoformat())
    code, out, err = cli(*WRITERS[command], "--out", "~/newd/")
    assert code == 0, err
    folder = tmp_path / "newd"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert (folder / file).is_file() and f"newd/{file}" in out
    assert stat.S_IMODE((folder / file).stat().st_mode) == 0o600
    (tmp_path / "exists").mkdir()  # an existing folder without the slash: the same
    assert cli(*WRITERS[command], "--out", str(tmp_path / "exists"))[0] == 0
    assert [p.name for p in (tmp_path / "exists").iterdir()] == [file]
    code, _, err = cli(*WRITERS[command], "--out", "~/y.out")
    assert code == 0, err
    assert (tmp_path / "y.out").is_file()


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_slash_after_a_file_says_it_is_a_file(cli: Run, tmp_path: Path, command: str) -> None:
    file = tmp_path / "h"
    file.write_text("kept")
    code, _, err = cli(*WRITERS[command], "--out", f"{file}/")
    assert code == 1
    line = one_line_error(err)  # the path quoted as every message does (its last 40)
    assert line.startswith("homeops: '") and line.endswith("/h' is a file, not a folder")
    assert file.read_text() == "kept"


def test_backup_to_a_missing_folder_names_the_path(cli: Run, tmp_path: Path) -> None:
    code, _, err = cli("backup", "--out", str(tmp_path / "none" / "b.hops"))
    assert code == 1
    assert one_line_error(err).endswith("none/b.hops': No such file or directory")


def test_the_passphrase_file_is_protected_only_when_it_is_a_file(tmp_path: Path) -> None:
    vault = tmp_path / "v.hops"
    assert [p.what for p in doc_files.protected_paths(vault, None, "-")][-1] != (
        "the passphrase file"
    )
    pf = tmp_path / "pf"
    pf.write_text("x\n")
    kept = doc_files.protected_paths(vault, None, str(pf))
    with pytest.raises(doc_files.PathRefused, match="is the passphrase file"):
        doc_files.refuse_protected(pf, kept)
