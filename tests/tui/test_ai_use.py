"""The AI-use dialog: a record in a few keys, stored by its caller; warnings in sight."""

from __future__ import annotations

from pilot_helpers import TODAY
from textual.app import App, ComposeResult
from textual.widgets import Static

from homeops.config import Settings
from homeops.rules.model import AIUse, Mission
from homeops.services import Business
from homeops.storage.vault import Vault
from homeops.tui.screens.ai_use import AIUseDialog, ai_use_table


class Host(App[None]):
    """Stands in for the mission view: opens the dialog, records what it returns through
    the AI-use log (``Business.ai_use``), as the mission view does."""

    CSS_PATH = "../../tui/homeops.tcss"

    def __init__(self, vault: Vault, mission_id: int, last: AIUse | None = None) -> None:
        super().__init__()
        self.ai_use = Business(vault, Settings()).ai_use
        self.mission_id, self.last = mission_id, last
        self.results: list[AIUse | None] = []

    def compose(self) -> ComposeResult:
        yield Static("mission")

    def on_mount(self) -> None:
        self.open()

    def open(self) -> None:
        def done(record: AIUse | None) -> None:
            self.results.append(record)
            if record is not None:
                self.ai_use.record(record)

        dialog = AIUseDialog(self.mission_id, today=TODAY, title="Feature", last=self.last)
        self.push_screen(dialog, done)


async def test_a_record_in_a_few_keys(open_vault: Vault) -> None:
    mission_id = open_vault.missions.add(Mission("Feature", "acme", "Brief"))
    app = Host(open_vault, mission_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"DeepL", "tab", "right", "right", "enter")  # tool, task: translation
        await pilot.pause()
    records = open_vault.ai_use.for_mission(mission_id)
    assert len(records) == 1
    r = records[0]
    assert (r.date, r.tool, r.task, r.shared) == ("2026-11-30", "DeepL", "translation",
                                                  "nothing personal")  # fmt: skip
    assert r.human_review is True and r.client_informed is False


async def test_with_the_last_tool_known_enter_alone_saves(open_vault: Vault) -> None:
    mission_id = open_vault.missions.add(Mission("Feature", "acme", "Brief"))
    last = AIUse("2026-11-01", mission_id, "LanguageTool", "edit")
    app = Host(open_vault, mission_id, last)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
    assert [(r.tool, r.task) for r in open_vault.ai_use.list()] == [("LanguageTool", "edit")]


async def test_confidential_without_the_client_told_warns(open_vault: Vault) -> None:
    mission_id = open_vault.missions.add(Mission("Feature", "acme", "Brief"))
    app = Host(open_vault, mission_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Claude", "tab", "tab", "left")  # shared: client-confidential
        warning = str(app.screen.query_one("#ai-use-warning").render())
        assert "client-confidential" in warning and "not informed" in warning
        await pilot.press("tab", "tab", "right")  # client informed: yes
        assert str(app.screen.query_one("#ai-use-warning").render()) == ""
        await pilot.press("enter")
        await pilot.pause()
    assert open_vault.ai_use.list()[0].client_informed is True


async def test_missing_tool_and_escape_store_nothing(open_vault: Vault) -> None:
    mission_id = open_vault.missions.add(Mission("Feature", "acme", "Brief"))
    app = Host(open_vault, mission_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert "name the tool" in app.screen.message_text  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
    assert open_vault.ai_use.list() == []


def test_ai_use_table_marks_warnings() -> None:
    rows = [AIUse("2026-11-30", 1, "Claude", "draft", "personal data")]
    table = ai_use_table(rows)
    assert table.row_count == 1  # type: ignore[union-attr]
