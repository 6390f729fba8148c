"""The client business billed (issue 15, #3): ``Client.company`` and ``Client.siren`` through
the rules, the schema (repositories and import), the command line, erasure and old vaults."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import one_line_error

from homeops.cli.app import main
from homeops.config import Settings
from homeops.config import identity as config_identity
from homeops.rules import privacy
from homeops.rules.identity import luhn_ok, siren_ok
from homeops.rules.model import Client, PersonalField
from homeops.services import Business
from homeops.storage import schema_import
from homeops.storage.schema import Invalid
from homeops.storage.vault import KdfParams, Vault

pytestmark = pytest.mark.usefixtures("fast_kdf")  # not a test of the KDF's cost

PASSPHRASE = "client-identity-passphrase"
Run = Callable[..., tuple[int, str, str]]
GOLDEN = Path(__file__).resolve().parent / "golden"
DAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("732829320", True),  # a SIREN whose key holds: 7+(6)+2+(16→7)+2+(18→9)+3+(4)+0 = 40
        ("111111118", True),  # 1+2+1+2+1+2+1+2+8 = 20
        ("111111119", False),  # 21
        ("73282932", False),  # 8 digits
        ("7328293200", False),  # 10 digits
        ("732 829 320", False),  # spaces are taken off where it is typed, not here
        ("７３２８２９３２０", False),  # full-width digits are not ASCII digits
        ("", False),
        ("000000000", False),  # its key holds (0), but no business has it (review r2a #3)
    ],
)
def test_siren_key(text: str, ok: bool) -> None:
    assert siren_ok(text) is ok


def test_the_seller_and_the_client_share_one_check() -> None:
    assert config_identity.luhn_ok is luhn_ok
    assert config_identity.siren("732 829 320") == "732829320"


def test_rules_refuse_a_bad_siren_and_a_multiline_company() -> None:
    assert privacy.client_problems(Client("acme", company="Acme SAS", siren="111111118")) == []
    bad = privacy.client_problems(Client("acme", siren="111111119"))
    assert bad == ["the SIREN must be the 9 digits of a SIREN with a valid key (or nothing)"]
    (line,) = privacy.client_problems(Client("acme", company="Acme\nSAS"))
    assert line.startswith("the company name cannot hold")
    (line,) = privacy.client_problems(Client("acme", company="A" * 121))
    assert "121 characters long; at most 120" in line


# -- the vault -----------------------------------------------------------------------------------


@pytest.fixture
def vault(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Vault.create(tmp_path / "v.hops", PASSPHRASE, kdf=KdfParams.fast()) as opened:
        yield opened


def test_the_schema_refuses_a_bad_siren_in_the_repository(vault: Vault) -> None:
    with pytest.raises(Invalid, match="siren must be the 9 digits of a SIREN"):
        vault.clients.add(Client("acme", siren="123456789"))
    assert vault.clients.list() == []
    vault.clients.add(Client("acme", company="Acme Mag SAS", siren="111111118"))
    stored = vault.clients.list()[0]
    assert (stored.company, stored.siren) == ("Acme Mag SAS", "111111118")


def test_an_import_with_a_bad_siren_is_refused(vault: Vault) -> None:
    vault.clients.add(Client("acme", company="Acme Mag SAS", siren="111111118"))
    tables = json.loads(json.dumps(vault.export_data()))["tables"]
    schema_import.check_tables(json.loads(json.dumps(tables)))  # as exported: fine
    tables["clients"]["1"]["siren"] = "111111119"
    with pytest.raises(schema_import.ImportRefused, match=r"clients #1: siren must be"):
        schema_import.check_tables(tables)


def test_erasure_empties_the_company_and_the_siren(vault: Vault) -> None:
    business = Business(vault, Settings())
    business.clients.add(Client("solo", name=PersonalField("Jo Durand", "contract"),
                                company="Jo Durand EI", siren="111111118"))  # fmt: skip
    business.clients.erase("solo", DAY)
    (erased,) = vault.clients.list()
    assert erased.status == "erased"
    assert (erased.company, erased.siren) == ("", "")
    assert "Jo Durand" not in json.dumps(vault.export_data(), ensure_ascii=False)


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_older_vault_reads_its_clients_without_them(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.hops"
    shutil.copy(GOLDEN / f"vault-v{version}.hops", path)
    with Vault.open(path, "golden vault passphrase", today=DAY) as old:
        clients = old.clients.list()
        assert clients
        assert {(c.company, c.siren) for c in clients} == {("", "")}
        first = clients[0]
        first.company, first.siren = "Old Client SARL", "222222226"
        old.clients.update(first)
    with Vault.open(path, "golden vault passphrase", read_only=True) as again:
        assert again.clients.get(first.id).company == "Old Client SARL"  # type: ignore[arg-type]


# -- the command line ----------------------------------------------------------------------------


@pytest.fixture
def run(env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def call(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--passphrase-file", str(tmp_path / "pf")], env=env)
        out, err = capsys.readouterr()
        return code, out, err

    assert call("init")[0] == 0
    return call


def test_client_add_edit_show(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("client", "add", "nordlys", "--company", "Nordlys Studio SAS",
                       "--siren", "333 333 334")  # fmt: skip
    assert code == 0, err
    code, out, _ = run("client", "show", "nordlys")
    assert "  Company          Nordlys Studio SAS\n" in out
    assert "  SIREN            333333334\n" in out
    shown = json.loads(run("client", "show", "nordlys", "--json")[1])
    assert (shown["company"], shown["siren"]) == ("Nordlys Studio SAS", "333333334")
    assert run("client", "edit", "nordlys", "--siren", "", "--company", "Nordlys SA")[0] == 0
    shown = json.loads(run("client", "show", "nordlys", "--json")[1])
    assert (shown["company"], shown["siren"]) == ("Nordlys SA", "")
    out = run("client", "show", "nordlys")[1]
    assert "  SIREN            -\n" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--siren", "333333335"], "--siren: must be the 9 digits of a SIREN with a valid key"),
        (["--siren", "33333333A"], "--siren: must be the 9 digits of a SIREN with a valid key"),
        (["--company", "Acme\u202eSAS"], "--company cannot hold"),
        (["--company", "A" * 121], "--company is 121 characters long; at most 120"),
        (["--siren", "000 000 000"], "--siren: must be the 9 digits of a SIREN with a valid"),
        (["--company", " \t "], "--company: blank; give the business's legal name, or ''"),
    ],
)
def test_bad_company_or_siren_is_one_line_and_changes_nothing(
    run: Run, argv: list[str], message: str
) -> None:
    assert run("client", "add", "acme", "--company", "Acme SAS")[0] == 0
    before = run("client", "show", "acme", "--json")[1]
    code, out, err = run("client", "edit", "acme", *argv)
    assert code == 1 and out == ""
    assert message in one_line_error(err)
    assert run("client", "show", "acme", "--json")[1] == before
    code, _, err = run("client", "add", "other", *argv)
    assert code == 1 and message in one_line_error(err)
    assert "other" not in run("clients")[1]
