"""Undo and redo for one session: each step keeps the exact states before and after.

Pure: a step is a set of records (by id) as they were and as they became; ``None`` means the
record did not exist (a new mission before it was added). Whoever applies a step writes those
states back; the history only moves once that write succeeded.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

Record = TypeVar("Record")

#: Steps kept per session; the issue asks for at least 50.
DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class Step(Generic[Record]):
    """One user action: ``label`` in words, and each touched record before and after it."""

    label: str
    before: Mapping[int, Record | None]
    after: Mapping[int, Record | None]


class UndoHistory(Generic[Record]):
    """Two stacks of ``Step``s; recording a new step forgets what could be redone."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.limit = limit
        self._done: list[Step[Record]] = []
        self._undone: list[Step[Record]] = []

    def record(
        self,
        label: str,
        before: Mapping[int, Record | None],
        after: Mapping[int, Record | None],
    ) -> None:
        """Keep a step (deep copies, so later edits of the records do not change it)."""
        self._done.append(Step(label, copy.deepcopy(dict(before)), copy.deepcopy(dict(after))))
        del self._done[: -self.limit]
        self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def __len__(self) -> int:
        return len(self._done)

    def undo(self, restore: Callable[[Mapping[int, Record | None]], None]) -> Step[Record] | None:
        """Give the last step's ``before`` states to ``restore``; None when nothing to undo.

        If ``restore`` raises, the history is unchanged.
        """
        if not self._done:
            return None
        step = self._done[-1]
        restore(copy.deepcopy(dict(step.before)))
        self._undone.append(self._done.pop())
        return step

    def redo(self, restore: Callable[[Mapping[int, Record | None]], None]) -> Step[Record] | None:
        """Give the last undone step's ``after`` states to ``restore``; None when nothing."""
        if not self._undone:
            return None
        step = self._undone[-1]
        restore(copy.deepcopy(dict(step.after)))
        self._done.append(self._undone.pop())
        return step
