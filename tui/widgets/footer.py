"""The footer: the keys of what is on show, fitted to the width.

Textual's footer lays its keys in one row and lets the last ones fall off the right edge,
half cut ("^q Qu"). Here, when the keys do not fit, the least important go whole: the
view's keys from the last declared (a view lists its keys most used first), while help and
quit stay to the end. Every key stays in the help (``?``) and the command palette.
"""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: The actions whose keys go last: without them a user can neither learn the keys nor leave
#: (``close``: the mission screen's way back to the board).
LAST_TO_GO = frozenset({"help", "app.quit", "quit", "close"})


class KeyFooter(Footer):
    """A ``Footer`` that drops its least important keys, whole, when the width is short."""

    @property
    def dropped(self) -> list[str]:
        """The descriptions of the keys the width left out ("" for a key without one)."""
        return [key.description for key in self._keys() if key.styles.inline.display == "none"]

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self.fit)

    def on_resize(self) -> None:
        self.fit()

    def _keys(self) -> list[FooterKey]:
        return [
            key for key in self.query_children(FooterKey) if not key.has_class("-command-palette")
        ]

    def fit(self) -> None:
        """Show the keys that fit, most important first; drop the others whole."""
        keys = self._keys()
        for key in keys:
            key.styles.clear_rule("display")  # the stylesheet's say again (it hides some)
        shown = [key for key in keys if key.styles.display != "none"]
        palette = self.query_children(".-command-palette")
        room = self.size.width - sum(widget.outer_size.width for widget in palette)
        if not shown or room <= 0:
            return

        def width(key: FooterKey) -> int:
            return key.render().cell_len + key.styles.margin.width

        needed = sum(width(key) for key in shown)
        for key in reversed(shown):
            if needed <= room:
                break
            if key.action not in LAST_TO_GO:
                key.display = False
                needed -= width(key)
