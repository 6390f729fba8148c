"""Where documents and exports go (issue 15, review r15a #1 #3 #4 #5 #11 #12): never over the
vault, its mark, lock, backups or the settings file; ``DIR/`` is a folder; one record per real
file; ``~`` and a relative ``out_dir``; one line for an OS error; the record made before the
file, put back when the write fails, and a write killed with SIGKILL leaves no unlisted file.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from cli_helpers import Run, one_line_error, private_home, runner
from seller_fixture import seller_toml, settings

from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, Mission, PersonalField
from homeops.services import Business, doc_files, documents
from homeops.services.errors import DocumentNotWritten, DocumentRefused
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "walnut-signal-orbit-72"
TODAY = dt.date(2026, 12, 6)
SELLER_TOML = seller_toml()


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    path = tmp_path / "v" / "books.hops"
    path.parent.mkdir()
    make_vault(path)
    return path


def make_vault(path: Path) -> None:
    """Two clients, a mission of lune's, F-0001 (lune) and F-0002 (soleil) sent."""
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        business = Business(vault, settings())
        for alias, name in (("lune", "Éditions de la Lune"), ("soleil", "Soleil SARL")):
            business.clients.add(Client(
                alias, name=PersonalField(name, "contract"),
                billing_address=PersonalField("3 rue du Port, 13002 Marseille", "invoicing"),
            ))  # fmt: skip
        business.missions.add(Mission("Catalogue texts", "lune", "Brief", fee_cents=90000,
                                      deliverables=["12 book blurbs"]))  # fmt: skip
        book = business.cashbook
        book.new_invoice(Invoice(0, "lune", 90000, "Catalogue texts"), send_on=TODAY)
        book.new_invoice(Invoice(0, "soleil", 30000, "Slogans"), send_on=TODAY)


def opened(vault_path: Path, **docs: str) -> Business:
    return Business(Vault.open(vault_path, PASSPHRASE), settings(**docs))


# -- #1 the vault's own files and the settings file are never replaced -------------------------

PROTECTED = {
    "vault": ("books.hops", "is the vault file"),
    "mark": ("books.hops.mark", "is the vault's high-water mark"),
    "lock": ("books.hops.lock", "is the vault's lock file"),
    "backup": ("backups/books-2026-12-06.hops", "in the vault's backups folder"),
    "settings": ("../cfg/homeops/config.toml", "is the settings file"),
}


@pytest.fixture
def cli(vault_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    env = private_home(tmp_path, PASSPHRASE)
    config = Path(env["XDG_CONFIG_HOME"]) / "homeops" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(SELLER_TOML)
    return runner(vault_path, env, capsys)


def _protected_file(vault_path: Path, which: str) -> Path:
    path = (vault_path.parent / PROTECTED[which][0]).resolve()
    if not path.exists():  # the lock and a backup may not be there yet: as they would be
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.write_bytes(b"kept as it is")
        path.chmod(0o600)  # as private as the vault makes them: no notice about it
    return path


def assert_out_refused(cli: Run, argv: tuple[str, ...], vault_path: Path, which: str) -> None:
    """``argv --out`` naming the protected file ``which``: refused in one line, the file kept."""
    target = _protected_file(vault_path, which)
    before = target.read_bytes()
    code, _, err = cli(*argv, "--out", str(target))
    assert code == 1
    assert one_line_error(err) == f"homeops: refused: --out {PROTECTED[which][1]} ({target})"
    if which in ("vault", "mark"):  # the session itself rewrites these: still the vault's
        assert target.read_bytes()[:4] == before[:4]
    else:
        assert target.read_bytes() == before


@pytest.mark.parametrize("which", sorted(PROTECTED))
@pytest.mark.parametrize("command", ["doc", "export"])
def test_out_naming_a_file_of_the_vault_or_the_settings_is_refused(
    cli: Run, vault_path: Path, which: str, command: str
) -> None:
    cli("doc", "list")  # the settings file exists (made by the first run if need be)
    argv = ("doc", "invoice", "1") if command == "doc" else ("export", "--format", "csv")
    assert_out_refused(cli, argv, vault_path, which)
    code, out, err = cli("doc", "list")  # the vault opens, undamaged, and nothing recorded
    assert (code, out.strip(), err) == (0, "no documents written", "")


def test_a_link_or_a_relative_path_to_the_vault_is_refused_too(
    cli: Run, vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = vault_path.read_bytes()
    (tmp_path / "innocent.pdf").symlink_to(vault_path)
    monkeypatch.chdir(vault_path.parent)
    for given in (str(tmp_path / "innocent.pdf"), "books.hops", "../v/./books.hops"):
        code, _, err = cli("doc", "invoice", "1", "--out", given)
        assert code == 1 and "refused: --out is the vault file" in one_line_error(err)
    assert vault_path.read_bytes()[:4] == before[:4]
    hard = tmp_path / "hard.pdf"  # the vault refuses to open with two names: the rule alone
    hard.hardlink_to(vault_path)
    with pytest.raises(doc_files.PathRefused, match="is the vault file"):
        doc_files.refuse_protected(hard, doc_files.protected_paths(vault_path, None))


# -- #4 #11 #12 where a document goes ---------------------------------------------------------


def test_a_trailing_slash_is_a_folder_made_private(cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "new" / "papers"
    code, out, err = cli("doc", "invoice", "1", "--out", f"{folder}/")
    assert code == 0, err
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert (folder / "F-0001-fr.pdf").is_file() and f"{folder}/F-0001-fr.pdf" in out
    # written again into the same folder, with and without the slash: the same file
    assert cli("doc", "invoice", "1", "--out", str(folder))[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == ["F-0001-fr.pdf"]


def test_tilde_is_home_and_a_relative_out_dir_is_beside_the_settings(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    monkeypatch.chdir(tmp_path / "v")
    with opened(vault_path, out_dir="reldocs") as business:
        papers = business.paperwork
        written = papers.write("invoice", "1", out="~/x.pdf", today=TODAY)
        assert written.path == tmp_path / "home" / "x.pdf" and written.path.is_file()
        papers.use_templates_of(tmp_path / "cfg" / "config.toml")
        written = papers.write("invoice", "1", today=TODAY)
        assert written.path == tmp_path / "cfg" / "reldocs" / "F-0001-fr.pdf"
    with opened(vault_path, out_dir="~/docs") as business:
        assert business.paperwork.default_folder() == tmp_path / "home" / "docs"


def test_an_os_error_names_the_path_and_the_reason(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    bad = tmp_path / "a-file" / "x.pdf"
    code, _, err = cli("doc", "invoice", "1", "--out", str(bad))
    assert code == 1
    line = one_line_error(err)  # the path as every command shows one (quoted, shortened)
    assert line.startswith("homeops: cannot write '") and line.endswith(
        "a-file/x.pdf': Not a directory"
    )
    code, out, _ = cli("doc", "list")
    assert out.strip() == "no documents written"


# -- #5 one record per real file ----------------------------------------------------------------


def test_one_real_file_has_one_record_whatever_folder_link_reached_it(
    vault_path: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "linked").symlink_to(real)
    with opened(vault_path) as business:
        papers = business.paperwork
        first = papers.write("invoice", "1", out=tmp_path / "linked" / "same.pdf", today=TODAY)
        second = papers.write("invoice", "2", out=real / "same.pdf", today=TODAY)
        assert first.path == second.path == real / "same.pdf"
        [record] = papers.listed()
        assert (record.path, record.client_alias, record.ref) == (
            str(real / "same.pdf"),
            "soleil",
            "F-0002",
        )


# -- #3 the record comes first ------------------------------------------------------------------


def test_a_failed_write_takes_its_record_back(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []
    with opened(vault_path) as business:
        papers = business.paperwork
        kept = papers.write("invoice", "1", out=tmp_path / "a.pdf", today=TODAY)
        kept_bytes = kept.path.read_bytes()

        def full_disk(path: Path, chunks: object) -> None:
            seen.append([r.client_alias for r in papers.listed()])  # recorded already
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(documents, "write_private", full_disk)
        with pytest.raises(DocumentNotWritten, match=r"b\.pdf: No space left on device$"):
            papers.write("invoice", "2", out=tmp_path / "b.pdf", today=TODAY)
        with pytest.raises(DocumentNotWritten):  # over a.pdf: lune's record comes back
            papers.write("invoice", "2", out=tmp_path / "a.pdf", today=TODAY)
        assert seen == [["lune", "soleil"], ["soleil"]]
        [record] = papers.listed()
        assert (record.client_alias, record.ref) == ("lune", "F-0001")
        assert kept.path.read_bytes() == kept_bytes
        assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "v"]


_KILLED = """
import os, signal, sys, datetime as dt
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_doc_files import opened
from homeops.services import documents

where, real_write, real_replace = sys.argv[1], documents.write_private, os.replace

def die(*args):
    os.kill(os.getpid(), signal.SIGKILL)

def replaced_then_die(*args):
    real_replace(*args)
    die()

def hooked(path, chunks):  # only the document's write: the vault's own writes go on
    if where == "after":
        os.replace = replaced_then_die
    else:
        os.fsync = die  # its bytes in the temp file, not renamed yet
    return real_write(path, chunks)

documents.write_private = hooked
with opened(Path(sys.argv[2])) as business:
    business.paperwork.write("invoice", "2", out=Path(sys.argv[3]), today=dt.date(2026, 12, 6))
"""


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_write_killed_leaves_no_file_without_a_record(
    vault_path: Path, tmp_path: Path, where: str
) -> None:
    out = tmp_path / "papers" / "F-0002.pdf"
    out.parent.mkdir()
    code = textwrap.dedent(_KILLED).format(tests=str(Path(__file__).parent))
    done = subprocess.run([sys.executable, "-c", code, where, str(vault_path), str(out)],
                          capture_output=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == -9, done.stderr.decode()
    leftovers = [p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")]
    with opened(vault_path) as business:
        [record] = business.paperwork.listed()  # recorded before the file, in both cases
        assert (record.path, record.client_alias) == (str(out), "soleil")
        if where == "after":
            assert out.is_file() and leftovers == []
        else:
            assert not out.exists() and len(leftovers) == 1  # killed with its temp file
            old = time.time() - 60
            os.utime(out.parent / leftovers[0], (old, old))
            business.paperwork.write("invoice", "2", out=out, today=TODAY)
            assert sorted(p.name for p in out.parent.iterdir()) == ["F-0002.pdf"]  # swept


def test_the_sweep_leaves_other_names_and_running_writes(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    old = time.time() - 60
    names = {
        ".x.pdf.999999999.tmp": True,  # no such process: a leftover
        f".x.pdf.{os.getppid()}.tmp": False,  # a process that runs: maybe writing now
        ".y.pdf.999999999.tmp": False,  # another file's
        ".x.pdf.abc.tmp": False,  # not ours
    }
    for name in names:
        (tmp_path / name).write_text("")
        os.utime(tmp_path / name, (old, old))
    (tmp_path / ".x.pdf.999999998.tmp").write_text("")  # newer than the write: left
    assert doc_files.sweep_temps(target, before=time.time() - 30) == 1
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {n for n, gone in names.items() if not gone} | {".x.pdf.999999998.tmp"}


def test_a_default_folder_in_the_backups_is_refused(vault_path: Path) -> None:
    backups = str(vault_path.parent / "backups" / "docs")
    with opened(vault_path, out_dir=backups) as business:
        with pytest.raises(DocumentRefused, match=r"^refused: --out in the vault's backups"):
            business.paperwork.write("invoice", "1", today=TODAY)
        assert business.paperwork.listed() == []
