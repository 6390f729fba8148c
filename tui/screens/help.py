"""The help screen, generated from the key bindings active where it was opened."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from homeops.tui.keys import shown_key
from homeops.tui.text import shown
from homeops.tui.views.base import View


@dataclass(frozen=True)
class HelpRow:
    """One action and every key that triggers it."""

    keys: tuple[str, ...]  # as displayed, e.g. ("?", "f1")
    description: str
    tooltip: str = ""


@dataclass(frozen=True)
class HelpSection:
    """The bindings one part of the console defines: the view, the screen, or the app."""

    title: str
    rows: tuple[HelpRow, ...]


def _section_title(node: DOMNode) -> tuple[int, str]:
    if isinstance(node, View):
        return 0, f"{node.title} view"
    if isinstance(node, Screen):  # the main screen, or one with a heading of its own
        return 1, getattr(node, "HELP_TITLE", "Main screen")
    if isinstance(node, App):
        return 2, "Everywhere"
    return 1, type(node).__name__


def help_sections(screen: Screen[Any]) -> list[HelpSection]:
    """Every binding active on ``screen`` now (focused widget, its containers, the screen and
    the app), grouped by where it is defined, keys of one action on one row."""
    app = screen.app
    grouped: dict[tuple[int, str], dict[tuple[str, str], list[Binding]]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        section = grouped.setdefault(_section_title(active.node), {})
        description = binding.description or binding.action
        section.setdefault((binding.action, description), []).append(binding)
    sections = []
    for (_rank, title), actions in sorted(grouped.items()):
        rows = tuple(
            HelpRow(
                keys=tuple(app.get_key_display(binding) for binding in bindings),
                description=description,
                tooltip=bindings[0].tooltip,
            )
            for (_action, description), bindings in actions.items()
        )
        sections.append(HelpSection(title, rows))
    return sections


def _sentence_start(key: str) -> str:
    """``esc`` -> ``Esc`` at the start of a sentence; ``x`` stays ``x`` (``X`` is another key)."""
    return key.capitalize() if len(key) > 1 and key.isalpha() else key


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the view on show, the main screen and the whole app."""

    AUTO_FOCUS = "#help-panel"  # arrows and page keys scroll a long list at 80x24
    HAS_COMMANDS: ClassVar[bool] = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", tooltip="Close the help", id="help.close"),
        Binding("q", "dismiss", "Close", show=False, id="help.close_q"),
        Binding("question_mark", "dismiss", "Close", show=False, id="help.close_question"),
        Binding("f1", "dismiss", "Close", show=False, id="help.close_f1"),
    ]

    def __init__(
        self,
        sections: list[HelpSection],
        *,
        title: str = "",
        said: Sequence[str] = (),
        heading: str = "",
    ) -> None:
        """``said``: the view's last messages, whole (its line shows what fits of them);
        ``title`` the view's (``Keys: Board view``), or ``heading`` the whole panel title's
        end (``Keys: Mission screen``)."""
        super().__init__()
        self.sections = sections
        self.view_title = title
        self.heading = heading or (f"{title} view" if title else "")
        self.said = tuple(said)

    def compose(self) -> ComposeResult:
        panel = VerticalScroll(id="help-panel", classes="panel")
        panel.border_title = f"Keys: {self.heading}" if self.heading else "Keys"
        close = shown_key(self.app, HelpScreen, "help.close")  # the keys in effect, not "Esc"
        close_q = shown_key(self.app, HelpScreen, "help.close_q")
        panel.border_subtitle = Content(f"{_sentence_start(close)} or {close_q} closes this help")
        with panel:
            if self.said:
                said = Text("Last messages", style="bold")
                for line in reversed(self.said):  # newest first
                    said.append(f"\n{shown(line)}", style="not bold")
                yield Static(said, classes="help-section", id="help-said")
            for section in self.sections:
                yield Static(self._table(section), classes="help-section")

    @staticmethod
    def _table(section: HelpSection) -> Table:
        table = Table.grid(padding=(0, 2))
        table.title = Text(section.title, style="bold")
        table.title_justify = "left"
        table.add_column(width=14, no_wrap=True)
        table.add_column(width=18)
        table.add_column(style="dim")
        for row in section.rows:
            table.add_row(Text(", ".join(row.keys), style="bold"), row.description, row.tooltip)
        return table
