"""Keys typed ahead of a form (a burst over a slow link) land in the field they were meant for.

Textual hands each key to the field focused when the key is read, and a field moves focus
on Enter only once the Enter has come back up to the app (its binding) and the field's
Submitted message has reached the screen. Both passphrases sent in one burst all went to the
first field. So after an Enter on a field that moves focus (listed in the screen's
``ENTER_MOVES_ON``), the app holds the keys that follow until that Enter has been handled
through, then hands them out in order to the field focused then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer
    from textual.widget import Widget

FALLBACK = 1.0
"""Seconds after which held keys go out anyway (the field went before its Enter came back)."""


class EnterHandled(Message):
    """Posted to a field once the app has run its Enter. It bubbles the way the field's
    Submitted message does, just behind it: when it reaches the app, the screen has acted."""


class TypeAhead:
    """The app's hold on keys typed after an Enter that moves focus."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._held: list[events.Key] | None = None
        self._enter: events.Key | None = None
        self._field: Widget | None = None
        self._timer: Timer | None = None

    def holds(self, event: events.Event) -> bool:
        """True when ``event`` is a key from the terminal that must wait: it is kept."""
        if self._held is None or not isinstance(event, events.Key) or event.is_forwarded:
            return False
        self._held.append(event)
        return True

    def field_entered(self, event: events.Event) -> Widget | None:
        """The field that this key from the terminal, an Enter, will move on from (or None)."""
        app = self._app
        if not isinstance(event, events.Key) or event.key != "enter" or event.is_forwarded:
            return None
        if not app.screen_stack or app.focused is None:
            return None
        moves_on = getattr(app.screen, "ENTER_MOVES_ON", ())
        return app.focused if app.focused.id in moves_on else None

    def handed(self, event: events.Event, field: Widget | None) -> None:
        """After the app handled ``event``: hold what follows an Enter sent to ``field``;
        once that Enter has come back up and run its binding, mark the field's messages."""
        if field is not None:
            self._held = self._held if self._held is not None else []
            self._enter, self._field = event if isinstance(event, events.Key) else None, field
            self._timer = self._app.set_timer(FALLBACK, self.release)
        elif event is self._enter and self._field is not None:
            self._enter = None
            self._field.post_message(EnterHandled())

    async def release(self) -> None:
        """Hand the held keys out in order; an Enter among them may hold the rest again."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        held, self._held = self._held or [], None
        self._enter = self._field = None
        while held:
            await self._app.on_event(held.pop(0))
            if self._held is not None:
                self._held[:0] = held
                return
