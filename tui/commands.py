"""The command palette's commands on the main screen: the views, help, quit, and what the
view on show can do right now (its active key bindings, by name)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from homeops.tui.keys import shown_key

if TYPE_CHECKING:
    from homeops.tui.screens.main import MainScreen


_MOVES = {
    "cursor", "cursor_up", "cursor_down", "cursor_left", "cursor_right",
    "scroll_home", "scroll_end", "scroll_up", "scroll_down", "page_up", "page_down",
    "focus_stage",
}  # fmt: skip


class MainCommands(Provider):
    """Offers Board, Ledger, Planner, Clients, Help and Quit, then the current view's
    actions ("Ledger: Income", "Board: New mission"), each with the key that does it."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        from homeops.tui.screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []

        def key(name: str) -> str:  # the key in effect, [keys] in config.toml applied
            return escape(shown_key(self.app, MainScreen, f"main.{name}"))

        commands: list[tuple[str, str, Callable[[], object]]] = [
            (view.title, f"Show the {view.title} view (key {key(f'view.{view.view_id}')})",
             partial(screen.action_show_view, view.view_id))
            for view in screen.views
        ]  # fmt: skip
        commands.append(
            ("Help", f"List the keys of this view (key {key('help')})", screen.action_help)
        )
        commands.append(
            ("Quit", f"Close the vault and leave homeops (key {key('quit')})", self.app.exit)
        )
        return commands + self._view_commands(screen)

    def _view_commands(self, screen: MainScreen) -> list[tuple[str, str, Callable[[], object]]]:
        """The bindings of the view on show that can run now, one command per action."""
        view = screen.view_widget
        seen: set[str] = set()
        out: list[tuple[str, str, Callable[[], object]]] = []
        for active in screen.active_bindings.values():
            binding, node = active.binding, active.node
            if not active.enabled or not binding.description or binding.action in seen:
                continue
            if node is not view and view not in node.ancestors:
                continue  # the main screen's and the app's keys are listed above
            if binding.action.partition("(")[0] in _MOVES:
                continue  # moving the cursor is no command
            seen.add(binding.action)
            name = f"{view.title}: {binding.description}"
            shown = escape(self.app.get_key_display(binding))
            help_text = f"{binding.tooltip or binding.description} (key {shown})"
            out.append((name, help_text, partial(self.app.run_action, binding.action, node)))
        return out

    async def discover(self) -> Hits:
        for name, help_text, command in self._commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help_text)
