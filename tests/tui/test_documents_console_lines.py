"""The console's documents, review of issue 15 (fix G2): what the line under the view shows
at 80x24 after a write with a warning, the newest files first in the dialog, and the dialog
of an erased client's mission saying at once that nothing can be written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pilot_helpers import TODAY, settle
from textual.widgets import Label, Static

from homeops.demo.sample_seller import demo_settings
from homeops.rules.documents_records import DocumentRecord
from homeops.rules.model import Client, Mission, PersonalField
from homeops.services import Business
from homeops.services.documents import Written
from homeops.storage.vault import Vault
from homeops.tui.app import HomeopsApp
from homeops.tui.screens.documents import (
    DocumentsDialog,
    warning_gist,
    written_text,
    written_words,
)
from homeops.tui.screens.mission import MissionScreen
from homeops.tui.widgets.status_line import MessageLine

AppFactory = Callable[..., HomeopsApp]
SELLER = demo_settings()


def fill(vault: Vault, *, company: str = "Éditions de la Lune SARL") -> Business:
    """A business client (a company: the contract is for a business) and one mission."""
    business = Business(vault, SELLER)
    business.clients.add(Client(
        "lune", name=PersonalField("Ingrid Holm", "contract"), company=company,
        billing_address=PersonalField("3 rue du Port, 13002 Marseille", "invoicing"),
    ))  # fmt: skip
    business.missions.add(Mission("Catalogue", "lune", "Brief", fee_cents=90_000,
                                  deliverables=["12 book blurbs"]))  # fmt: skip
    return business


# -- the line under the view -----------------------------------------------------------------


def test_the_gist_of_each_warning() -> None:
    pages = "M-3: the contract runs to 2 pages: shorten its deliverables, criteria or assumptions"
    assert warning_gist(pages) == "it runs to 2 pages"
    one = "client company: 1 character no font of the documents has prints as ?"
    assert warning_gist(one) == "1 character prints as ?"
    # two fields named: 2 + 3 characters
    two = ("client name: 2 characters, mission title: 3 characters no font of the documents "
           "has print as ?")  # fmt: skip
    assert warning_gist(two) == "5 characters print as ?"
    more = ("a: 1 character, b: 1 character, c: 1 character, 2 more fields no font of the "
            "documents has print as ?")  # fmt: skip
    assert warning_gist(more) == "characters print as ?"  # the count is not whole
    sync = "the folder could not be synced (EIO); the rewrite may not survive a power cut"
    assert warning_gist(f"{one}; {sync}") == "1 character prints as ?; the folder was not synced"
    assert warning_gist("something new") == "a warning"


def test_the_warning_comes_before_the_path() -> None:
    home = Path.home()  # the tests' home (conftest)
    path = home / "a" / "very" / "long" / "folder" / "of" / "documents" / "M-3-contract-fr.pdf"
    warning = "M-3: the contract runs to 2 pages: shorten its deliverables"
    line = written_words(Written("contract", "M-3", path, "pdf", "fr", warning))
    assert line == (
        "Contract written ! it runs to 2 pages — ? for details. "
        "File: ~/a/very/long/folder/of/documents/M-3-contract-fr.pdf "
        "(M-3: the contract runs to 2 pages: shorten its deliverables)"
    )
    plain = written_words(Written("invoice", "F-0007", home / "F-0007-fr.pdf", "pdf", "fr", None))
    assert plain == "Invoice F-0007 written: ~/F-0007-fr.pdf"


async def test_a_warning_is_seen_at_80_columns(open_vault: Vault, app_factory: AppFactory) -> None:
    fill(open_vault, company="Lune \U0001f98a SARL")  # a fox: no shipped font has it
    app = app_factory(vault=open_vault, settings=SELLER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "D", "enter")  # the mission, its dialog: Contract, PDF, fr
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MissionScreen)
        line = screen.query_one("#mission-message", MessageLine)
        shown_now = str(line.render())
        assert shown_now == "Contract written ! 1 character prints as ? — ? for details."
        assert line.said[-1].startswith(shown_now + " File: ~/documents/M-1-contract-fr.pdf (")
        assert line.said[-1].endswith("1 character no font of the documents has prints as ?)")


# -- the files written before: newest first ----------------------------------------------------


def _record(number: int, day: str) -> DocumentRecord:
    path = f"{Path.home()}/d/{number}.pdf"
    return DocumentRecord("contract", "M-1", 1, None, "lune", path, "pdf", "fr", day, id=number)


def test_six_writes_list_the_five_newest_first() -> None:
    # ids 1..6 all on one day, oldest first (as the repository gives them)
    records = [_record(n, "2026-11-30") for n in range(1, 7)]
    text = written_text(records, Path.home() / "d").plain
    listed = [line.split()[-1] for line in text.splitlines() if line.startswith("  2026")]
    assert listed == ["~/d/6.pdf", "~/d/5.pdf", "~/d/4.pdf", "~/d/3.pdf", "~/d/2.pdf"]
    assert "and 1 more: homeops doc list" in text
    # a later day beats a higher id (a file written again keeps its record and id)
    records[0] = _record(1, "2026-12-01")
    text = written_text(records, Path.home() / "d").plain
    listed = [line.split()[-1] for line in text.splitlines() if line.startswith("  2026")]
    assert listed[:2] == ["~/d/1.pdf", "~/d/6.pdf"]


async def test_six_writes_in_the_console_show_the_newest(
    open_vault: Vault, app_factory: AppFactory
) -> None:
    business = fill(open_vault)
    papers = business.paperwork
    day = dt.date(2026, 11, 30)
    for kind, fmt, lang in (("contract", "md", "fr"), ("contract", "md", "en"),
                            ("onboarding", "md", "fr"), ("onboarding", "md", "en"),
                            ("contract", "pdf", "fr"), ("contract", "pdf", "en")):  # fmt: skip
        papers.write(kind, "1", fmt=fmt, lang=lang, today=day)
    app = app_factory(vault=open_vault, settings=SELLER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, DocumentsDialog)
        listed = str(app.screen.query_one("#documents-written", Static).render())
    files = [line.split()[-1] for line in listed.splitlines() if line.startswith("  2026")]
    assert files == [
        "~/documents/M-1-contract-en.pdf", "~/documents/M-1-contract-fr.pdf",
        "~/documents/M-1-onboarding-en.md", "~/documents/M-1-onboarding-fr.md",
        "~/documents/M-1-contract-en.md",
    ]  # fmt: skip
    assert "and 1 more: homeops doc list" in listed


# -- an erased client's mission --------------------------------------------------------------


async def test_the_dialog_of_an_erased_client_says_it_on_opening(
    open_vault: Vault, app_factory: AppFactory, tmp_path: Path
) -> None:
    business = fill(open_vault)
    business.clients.erase("lune", TODAY)
    app = app_factory(vault=open_vault, settings=SELLER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("D")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DocumentsDialog)
        assert dialog.message_text == "The client was erased: nothing can be written."
        assert str(dialog.query_one(".hint", Label).render()) == "Esc closes"
        await pilot.press("enter")  # still refused, still open
        await settle(pilot)
        said = dialog.message_text
        assert app.screen is dialog
        assert said == "The client was erased: nothing can be written."
    assert open_vault.documents.list(None) == []
    assert not (tmp_path / "documents").exists()
