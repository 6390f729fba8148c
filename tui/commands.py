"""The command palette's commands on the main screen: the views, help, quit."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from tui.keys import shown_key


class MainCommands(Provider):
    """Offers Board, Ledger, Planner, Clients, Help and Quit."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        from tui.screens.main import MainScreen

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
        return commands

    async def discover(self) -> Hits:
        for name, help_text, command in self._commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help_text)
