"""The AI-use log: a basic trace of how AI tools were used on each mission (tool, task, what
was shared, human review, whether the client was told). No prompt text is asked for or kept.
"""

from __future__ import annotations

import builtins

from homeops.rules.model import AIUse
from homeops.rules.privacy import ai_use_problems
from homeops.services.waiting import check_idle
from homeops.storage.vault import Vault


class AIUseRefused(ValueError):
    """A record the rules refuse (``homeops.rules.privacy.ai_use_problems``): one line, the
    problems joined; nothing was written."""


class AIUseLog:
    """The AI-use records of one vault."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def record(self, use: AIUse) -> int:
        """Store one use on its mission; returns its id and sets ``use.id``.

        ``AIUseRefused`` when the rules refuse it, ``NotFound`` when its mission does not
        exist; nothing is written then."""
        check_idle(self._vault)
        problems = ai_use_problems(use)
        if problems:
            raise AIUseRefused("; ".join(problems))
        self._vault.missions.get(use.mission_id)  # NotFound: no such mission
        return self._vault.ai_use.add(use)

    def list(self) -> builtins.list[AIUse]:
        """Every record, in the order they were stored."""
        return self._vault.ai_use.list()

    def for_mission(self, mission_id: int) -> builtins.list[AIUse]:
        """The mission's records, oldest first."""
        return self._vault.ai_use.for_mission(mission_id)

    def last(self) -> AIUse | None:
        """The record stored last (its tool and task are the next one's defaults), or None."""
        return max(self._vault.ai_use.list(), key=lambda r: r.id or 0, default=None)

    def warned_missions(self) -> set[int]:
        """Missions with personal or confidential data sent to an AI tool, client not told."""
        return self._vault.ai_use.warned_missions()
