"""Keys typed ahead (a burst over a slow link) land in the field, dialog or screen they were
meant for.

Textual hands each key to the widget focused when the key is read, before the keys read
earlier have run their bindings: ``/speech`` sent in one burst went to the board, whose ``e``
opened the edit form, and a form's second field got nothing of what followed an Enter. So
after a key that moves the focus, the app holds the keys that follow until that key has been
handled through and the field, dialog or screen it opened has the focus, then hands them out
in order (a run of view switches as its last one). The keys that wait: the bindings of
``OPENS``, a dialog's own keys, and in a text field every key it does not type (Enter moves
on, saves or closes; Tab, backspace and End run as bindings, which Textual runs after the
letters that follow). Other keys (storms of j/k or H/L) are not held: a look at the key's
name lets them through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input

from homeops.tui.keys import catalogue

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.timer import Timer

FALLBACK = 1.0
"""Seconds after which held keys go out anyway (the key was stopped on its way, or the
widget it was handled by went before its mark came back)."""

OPENS = frozenset({
    "app.commands", "main.help", "main.help_f1",
    "main.view.board", "main.view.ledger", "main.view.planner", "main.view.clients",
    "main.view.offers", "offers.test.new", "offers.cases.export", "offers.cases.consent",
    "board.filter", "board.filter.clear", "board.new", "board.edit", "board.move_to",
    "board.override", "board.open", "board.archived", "board.documents",
    "mission.close", "mission.close_q", "mission.edit", "mission.brief", "mission.scope",
    "mission.ai_use", "mission.notes", "mission.documents",
    "ledger.filter", "ledger.filter.clear", "ledger.income", "ledger.expense",
    "ledger.transfer", "ledger.reverse", "ledger.invoice.new", "ledger.invoice.bill",
    "ledger.invoice.documents",
    "ledger.payout.confirm",
    "planner.log", "planner.block",
    "clients.add", "clients.edit", "clients.export", "clients.erase", "clients.register",
})  # fmt: skip
"""The bindings (by id, so a remapped key follows) of the main screen, its views and the
mission screen that open or close a field, dialog or screen: the focus moves. A dialog's own
keys (help, forms, pickers: a ModalScreen's) all close it, so they hold without a list."""


class KeyHandled(Message):
    """Posted once the app has run a key that moves the focus. It queues behind what that key
    set going (a Submitted, a new screen's focus), and reaches the app once they are done."""

    def __init__(self, hold: int) -> None:
        super().__init__()
        self.hold = hold  # which hold it ends: a late one (after the fallback) ends none


class TypeAhead:
    """The app's hold on keys typed after a key that moves the focus."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._held: list[events.Event] | None = None
        self._key: events.Key | None = None  # the key being waited on, until it has run
        self._field: Input | None = None  # the field an Enter was sent to
        self._timer: Timer | None = None
        self._opening_keys: frozenset[str] | None = None
        self._hold = 0  # counts the holds, so a mark ends only its own

    def holds(self, event: events.Event) -> bool:
        """True when ``event`` is a key (or paste) from the terminal that must wait: kept."""
        if self._held is None or not isinstance(event, events.Key | events.Paste):
            return False
        if event.is_forwarded:
            return False
        self._held.append(event)
        return True

    def _keys(self) -> frozenset[str]:
        """The keys bound now to ``OPENS`` (the user's keymap included), Enter, and ``OPENS``'s
        defaults: a first, cheap look that lets a storm of j/k through untouched."""
        if self._opening_keys is None:
            keymap: dict[str, tuple[str, ...]] = getattr(self._app, "keymap", {})
            keys = {"enter"}
            for binding in catalogue():
                if binding.id in OPENS:
                    keys.update(binding.keys)
                    if binding.id in keymap:  # "?" as Textual names it: "question_mark"
                        mine = Binding(",".join(keymap[binding.id]), "")
                        keys.update(b.key for b in Binding.make_bindings([mine]))
            self._opening_keys = frozenset(keys)
        return self._opening_keys

    def keymap_changed(self) -> None:
        """The app's keymap was set (the settings read after the first frame): the keys
        that open are found again when next asked."""
        self._opening_keys = None

    def moves_focus(self, event: events.Event) -> tuple[bool, Input | None] | None:
        """Whether the keys after this one from the terminal must wait for it: None if not,
        else (its binding runs at once, as priority ones do; the text field it goes to)."""
        app = self._app
        if not isinstance(event, events.Key) or event.is_forwarded or not app.screen_stack:
            return None
        screen, focused = app.screen, app.focused
        dialog = isinstance(screen, ModalScreen)  # its own keys close it, or pick and close
        # A field takes a printable key at once; its other keys (Enter, Tab, backspace, End)
        # run as bindings once back up, after the printable keys that follow: they wait.
        field = focused if isinstance(focused, Input) and not event.is_printable else None
        if not (dialog or field) and event.key not in self._keys():
            return None
        active = screen.active_bindings.get(event.key)
        priority = active is not None and active.binding.priority
        if field is not None:
            return priority, None if priority else field
        if active is not None and (
            active.binding.id in OPENS or (dialog and active.node is screen)
        ):
            return priority, None
        return None

    def handed(self, event: events.Event, moves: tuple[bool, Input | None] | None) -> None:
        """After the app handled ``event``: hold what follows a key that moves the focus; once
        that key has come back up and run its binding, send the mark behind it."""
        if moves is not None and isinstance(event, events.Key):
            priority, self._field = moves
            self._held = self._held if self._held is not None else []
            if self._timer is None:
                self._hold += 1
                self._timer = self._app.set_timer(FALLBACK, self.release)
            if priority:  # its binding ran on the way in: nothing comes back up
                self._mark()
            else:
                self._key = event
        elif event is self._key:
            self._mark()

    def _mark(self) -> None:
        """Post the mark where it queues behind what the key set going: the field's
        Submitted, else the screen on show now (a new one shows, then focuses, first). A
        field whose screen went with the key (Esc in a form) would drop it."""
        self._key = None
        field, self._field = self._field, None
        on_show = field is not None and field.is_attached and field.screen is self._app.screen
        target: DOMNode = field if field is not None and on_show else self._app.screen
        if not target.post_message(KeyHandled(self._hold)):
            self._app.post_message(KeyHandled(self._hold))

    def _shows_view(self, event: events.Event) -> bool:
        """Whether ``event`` is a key that shows one of the main screen's views (1-5).

        A burst of them (held behind the first) is drawn once, as its last: each switch
        costs a frame's work, and 200 at 50 a second kept the screen busy 20 s after the
        last key (issue 18 point 4). Nothing else is skipped: a key that does something in
        a view comes between two switches and keeps both."""
        if not isinstance(event, events.Key) or not self._app.screen_stack:
            return False
        active = self._app.screen.active_bindings.get(event.key)
        return active is not None and (active.binding.id or "").startswith("main.view.")

    async def marked(self, mark: KeyHandled) -> None:
        """The mark of a key that moved the focus came back: the keys held since go out."""
        if self._held is not None and mark.hold == self._hold:
            await self.release()

    async def release(self) -> None:
        """Hand the held keys out in order; one that moves the focus may hold the rest again."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        held, self._held = self._held or [], None
        self._key = self._field = None
        while held:
            event = held.pop(0)
            if held and self._shows_view(event) and self._shows_view(held[0]):
                continue  # the next key shows another view at once: only the last is drawn
            await self._app.on_event(event)
            if self._held is not None:
                self._held[:0] = held
                return
