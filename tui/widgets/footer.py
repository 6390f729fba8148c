"""The footer: the keys of what is on show, fitted to the width.

Textual's footer lays its keys in one row and lets the last ones fall off the right edge,
half cut ("^q Qu"). Here, when the keys do not fit, the least important go whole: the
view's keys from the last declared (a view lists its keys most used first), while help and
quit stay to the end. Every key stays in the help (``?``) and the command palette.
"""

from __future__ import annotations

from typing import cast

from textual.app import ComposeResult
from textual.compose import compose
from textual.screen import Screen
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

    hide_disabled = False
    """Leave out the keys that do nothing now (they stay in the help); set by the screen."""

    _recompose_due = False
    _composed: tuple[object, ...] | None = None  # the keys last drawn (see _wanted)

    def on_mount(self) -> None:
        super().on_mount()
        # The keys follow the focus in the same frame: Textual says the bindings changed only
        # after the frame that shows the new focus, and the footer recomposed after one more,
        # so a view switch showed the new view with the old view's keys (issue 18 point 4).
        self.watch(self.screen, "focused", self._focus_moved, init=False)

    def _focus_moved(self) -> None:
        if not (self.is_attached and self.screen.app.app_focus):
            return
        wanted = self._wanted()
        if wanted != self._composed and self._relabel_now():
            self._composed = wanted

    def bindings_changed(self, screen: Screen) -> None:
        # Textual recomposes once per signal, and a view switch or a cursor step sends
        # several: one recompose after the refresh, and none when the keys are the same
        # (rebuilding ~20 keys cost a third of a view switch, issue 18 points 4 and 5).
        self._bindings_ready = True
        if not screen.app.app_focus or self._recompose_due:
            return
        if self.is_attached and screen is self.screen:
            self._recompose_due = True
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            hidden = isinstance(widget, FooterKey) and widget.has_class("-disabled")
            if not (hidden and self.hide_disabled):
                yield widget

    def _wanted(self) -> tuple[object, ...]:
        """What the footer would draw: each shown key, its description and whether enabled."""
        keys = self.screen.active_bindings.items()
        return (
            self.hide_disabled,
            *((key, b.action, b.description, b.show, on, tip) for key, (_, b, on, tip) in keys),
        )

    async def recompose(self) -> None:
        self._recompose_due = False
        wanted = self._wanted() if self.is_attached else None
        if wanted is not None and wanted == self._composed:
            return
        self._composed = wanted
        if not (self.is_attached and await self._relabel()):
            await super().recompose()
            self.call_after_refresh(self.fit)

    async def _relabel(self) -> bool:
        """What a recompose tries first (a test puts a full recompose in its place)."""
        return self._relabel_now()

    def _relabel_now(self) -> bool:
        """Give the keys on show the words of the keys wanted, in place and at once (the next
        frame shows them): a recompose removes and mounts ~20 widgets and styles them anew (a
        third of a view switch, issue 18 point 4); only the keys in excess are mounted or
        removed. False (nothing changed) when the footer holds anything but plain keys (a
        binding group's), for a recompose."""
        if not self.is_attached:
            return False
        new_widgets = compose(self)
        old_widgets = [widget for widget in self.children if not widget._pruning]
        if not all(type(widget) is FooterKey for widget in [*old_widgets, *new_widgets]):
            return False
        new, old = cast(list[FooterKey], new_widgets), cast(list[FooterKey], old_widgets)
        old_keys, old_palette = _split(old)
        new_keys, new_palette = _split(new)
        pairs = list(zip(old_keys, new_keys, strict=False))
        if len(old_palette) != len(new_palette):
            return False
        pairs += zip(old_palette, new_palette, strict=True)
        if any(_classes(was) != _classes(now) for was, now in pairs):
            return False
        for was, now in pairs:
            _take_words(was, now)
        extra, surplus = new_keys[len(old_keys) :], old_keys[len(new_keys) :]
        for key in surplus:  # hidden now: removed after the frame
            key.display = False
        if surplus:
            self.remove_children(surplus)
        for key in extra:  # drawn in the next frame, before data_bind says it at their mount
            key.compact = self.compact
            key.set_class(self.compact, "-compact")
        if extra:
            self.mount(*extra, before=old_palette[0] if old_palette else None)
        self.fit()
        return True

    def on_resize(self) -> None:
        self.fit()

    def _keys(self) -> list[FooterKey]:
        """The keys but the command palette's, less those being removed."""
        return [
            key
            for key in self.query_children(FooterKey)
            if not (key._pruning or key.has_class("-command-palette"))
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


def _split(widgets: list[FooterKey]) -> tuple[list[FooterKey], list[FooterKey]]:
    """The keys, and the command palette's key (docked right, composed last)."""
    palette = [key for key in widgets if key.has_class("-command-palette")]
    return [key for key in widgets if key not in palette], palette


def _classes(key: FooterKey) -> frozenset[str]:
    return frozenset(key.classes) - {"-disabled", "-compact"}  # those two follow the words


def _take_words(was: FooterKey, now: FooterKey) -> None:
    """``was`` shows what ``now`` would; redrawn only when it changes."""
    words = (now.key, now.key_display, now.description, now.action, now._disabled)
    if (was.key, was.key_display, was.description, was.action, was._disabled) != words:
        was.key, was.key_display, was.description, was.action, was._disabled = words
        was.set_class(now._disabled, "-disabled")
        was.refresh(layout=True)
    if was.tooltip != now.tooltip:
        was.tooltip = now.tooltip
