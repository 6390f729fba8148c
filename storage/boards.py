"""Tables whose archived documents live apart ("cold" parts, storage/FORMAT.md), and the
pseudo table a read-only session names to read only the others: its board. Kept apart from
``layout`` so that the command line names them at import without loading the format."""

from __future__ import annotations

from collections.abc import Collection

# A cold table -> the field that marks a document archived (``is True``: written cold).
COLD = {"missions": "archived"}


def board(table: str) -> str:
    """The pseudo table a session names to read only ``table``'s documents not archived
    (its board), where ``table`` is in ``COLD``: a read-only session leaves its cold parts
    undecoded (storage/reading.py) until something needs them (storage/board_table.py)."""
    return f"{table}/board"


BOARD_MISSIONS = board("missions")  # the missions on the board; archived ones when needed


def held_as_board(only: Collection[str]) -> set[str]:
    """The cold tables that ``only`` (a session's tables) names by their board alone."""
    return {name for name in COLD if board(name) in only and name not in only}


def as_whole(only: Collection[str]) -> set[str]:
    """``only`` with every board named as its whole table (a session that may write)."""
    boards = {board(name): name for name in COLD}
    return {boards.get(name, name) for name in only}
