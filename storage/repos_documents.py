"""The documents' repository: which contract, onboarding form, invoice or credit note was
written to which file (``homeops.rules.documents_records.DocumentRecord``). The use cases
are ``homeops.services.doc_records``."""

from __future__ import annotations

import builtins
from typing import Any

from homeops.rules.documents_records import DocumentRecord
from homeops.storage.repos import _Repo


class DocumentRepo(_Repo[Any]):
    table_name, what = "documents", "document record"

    def _from_doc(self, doc: dict[str, Any], doc_id: int) -> DocumentRecord:
        return DocumentRecord(**doc, id=doc_id)

    def list(self, client_alias: str | None = None) -> builtins.list[DocumentRecord]:
        """Every record (of ``client_alias`` when given), by id."""
        return sorted(
            (
                self._from_doc(dict(doc), int(key))
                for key, doc in self._table._read_table().items()
                if client_alias is None or doc.get("client_alias") == client_alias
            ),
            key=lambda r: r.id or 0,
        )

    def by_path(self, path: str) -> DocumentRecord | None:
        """The record of the file at ``path`` (as recorded: absolute), or None."""
        for key, doc in self._table._read_table().items():
            if doc.get("path") == path:
                return self._from_doc(dict(doc), int(key))
        return None
