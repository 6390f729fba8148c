"""Tables whose archived documents live apart ("cold" parts, storage/FORMAT.md), and the
pseudo table a read-only session names to read only the others: its board. Kept apart from
``layout`` so that the command line names them at import without loading the format."""

from __future__ import annotations

# A cold table -> the field that marks a document archived (``is True``: written cold).
COLD = {"missions": "archived"}


def board(table: str) -> str:
    """The pseudo table a session names to read only ``table``'s documents not archived
    (its board), where ``table`` is in ``COLD``: a read-only session leaves its cold parts
    undecoded (storage/reading.py) until something needs them (storage/board_table.py)."""
    return f"{table}/board"


BOARD_MISSIONS = board("missions")  # the missions on the board; archived ones when needed
