"""The Invoices page's ``D`` (issue 15): the selected invoice written as PDF, Factur-X or
Markdown (a void invoice that was issued: its credit note; a draft: with its DRAFT banner,
never as Factur-X). ``DocumentActions`` is a mixin of ``LedgerView``; the dialog and the
worker are tui/screens/documents.py's."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from homeops.tui.busy import changes

if TYPE_CHECKING:
    from homeops.config import Settings
    from homeops.rules.invoices import Invoice
    from homeops.services.documents import Written
    from homeops.tui.screens.documents import PaperworkOf
    from homeops.tui.views.base import View as _Host
    from homeops.tui.views.ledger_model import LedgerModel
else:
    _Host = object  # a plain mixin at run time: Textual sees only LedgerView's own bases


class DocumentActions(_Host):
    """``D`` on the selected invoice: the documents dialog, then a worker writes the file."""

    if TYPE_CHECKING:  # LedgerView's state
        settings: Settings
        today: dt.date
        model: LedgerModel | None
        paperwork: PaperworkOf | None

        def say(self, text: str, *, refused: bool = False) -> None: ...

        def redraw(self) -> None: ...

        def _selected_invoice(self) -> Invoice | None: ...

        def _select_invoice(self, number: int) -> None: ...

    @changes
    def action_invoice_documents(self) -> None:
        from homeops.tui.screens.documents import invoice_choices, open_documents

        invoice = self._selected_invoice()
        if invoice is None or self.model is None or self.paperwork is None:
            return
        lang, read_only = self.settings.documents.lang, self.model.book.read_only
        number = invoice.number

        def done(written: Written) -> None:
            if written.kind == "credit-note" and self.model is not None:
                self.model.load_invoices()  # an older void invoice's credit note got its number now
                self.redraw()
                self._select_invoice(number)

        open_documents(
            self, self.paperwork,
            lambda papers: invoice_choices(papers, invoice, lang=lang, read_only=read_only),
            today=self.today, say=lambda text, refused: self.say(text, refused=refused),
            done=done,
        )  # fmt: skip
