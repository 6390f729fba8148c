"""The retainers' repository: recurring packages with their limits, deliverables handed over
and proposals of extra work. Returns ``homeops.rules.retainers.Retainer`` records only."""

from __future__ import annotations

import builtins
from typing import Any

from homeops.rules.retainers import Proposal, Retainer
from homeops.storage.repos import _Repo


class RetainerRepo(_Repo[Any]):
    table_name, what = "retainers", "retainer"

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> Retainer:
        proposals = [Proposal(**p) for p in doc.get("proposals", ())]
        return Retainer(**{**doc, "proposals": proposals}, id=doc_id)

    def list(self) -> builtins.list[Retainer]:
        """Every retainer, by id."""
        return sorted((self._load(doc) for doc in self._table.all()), key=lambda r: r.id or 0)
