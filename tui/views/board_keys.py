"""The Board view's keys: those of the terminal kanban tools (DESIGN.md), each with an id
(``board.NAME``, ``board.NAME.2`` for a second key) that ``[keys]`` in config.toml remaps."""

from __future__ import annotations

from textual.binding import Binding, BindingType


def _b(
    keys: str,
    action: str,
    description: str,
    tooltip: str,
    name: str,
    *,
    show: bool = False,
) -> list[Binding]:
    """One binding per key (help and keymaps see each), ids ``board.NAME``, ``board.NAME.2``…"""
    return [
        Binding(
            key,
            action,
            description,
            show=show and number == 0,
            tooltip=tooltip,
            id=f"board.{name}" + (f".{number + 1}" if number else ""),
        )
        for number, key in enumerate(keys.split(","))
    ]


# fmt: off
BOARD_BINDINGS: list[BindingType] = [binding for group in (
    _b("left,h", "focus_stage(-1)", "Previous stage", "Select the stage on the left", "left"),
    _b("right,l", "focus_stage(1)", "Next stage", "Select the stage on the right", "right"),
    _b("up,k", "cursor(-1)", "Card above", "Select the card above", "up"),
    _b("down,j", "cursor(1)", "Card below", "Select the card below", "down"),
    _b("pageup", "cursor(-5)", "Five cards up", "Select five cards up", "page_up"),
    _b("pagedown", "cursor(5)", "Five cards down", "Select five cards down", "page_down"),
    _b("home", "cursor(-100000)", "First card", "Select the first card", "top"),
    _b("end", "cursor(100000)", "Last card", "Select the last card", "bottom"),
    _b("H,shift+left", "move(-1)", "Move left", "Move the mission to the previous stage",
       "move_left"),
    _b("L,shift+right", "move(1)", "Move right", "Move the mission to the next stage",
       "move_right", show=True),
    _b("K", "reorder(-1)", "Move up", "Move the card up in its column", "reorder_up"),
    _b("J", "reorder(1)", "Move down", "Move the card down in its column", "reorder_down"),
    _b("m", "pick_stage", "Move to stage…", "Then a digit: move the mission to stage N",
       "move_to"),
    _b("o", "override", "Override", "Move anyway: give the written reason (or pay a revision)",
       "override"),
    _b("enter", "open", "Open", "Open the mission: brief, checklist, scope, history", "open",
       show=True),
    _b("n", "new", "New", "New mission, blank or from an offer", "new", show=True),
    _b("e", "edit", "Edit", "Edit the mission's title, client, fee, deadline, effort", "edit"),
    _b("f", "fit", "Can I take this?", "Delivery, pay/h, payouts for new work", "fit"),
    _b("D", "documents", "Documents", "Write the mission's contract or onboarding form",
       "documents"),
    _b("slash", "filter", "Filter", "Filter by text, client:alias or overdue", "filter",
       show=True),
    _b("escape", "clear_filter", "Clear filter", "Show every mission again", "clear_filter"),
    _b("a", "archive", "Archive", "Archive the mission (u brings it back)", "archive"),
    _b("A", "toggle_archived", "Archived", "Show the archived missions, or the board again",
       "archived"),
    _b("r", "restore", "Restore", "Put the archived mission back on the board", "restore"),
    _b("u", "undo", "Undo", "Undo the last change (this session)", "undo", show=True),
    _b("ctrl+r", "redo", "Redo", "Redo what was undone", "redo"),
) for binding in group]
# fmt: on
