"""The Cases page's keys: ``a`` records the day a mission's client agreed to be named in its
case (an empty day withdraws it), ``x`` writes the mini-cases as Markdown.

``CasesActions`` is a mixin of ``OffersView`` (tui/views/offers.py); everything goes through
the business's ``Offers``: ``consent``/``withdraw_consent`` and ``case_markdown``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from homeops.config.files import write_private_text
from homeops.rules.bounds import parse_day
from homeops.rules.numbers import record_number
from homeops.tui.busy import changes
from homeops.tui.text import shown
from homeops.tui.views.base import plural
from homeops.tui.views.ledger_dialogs import Field, LedgerForm

if TYPE_CHECKING:
    from homeops.services.offers import Offers
    from homeops.tui.views.base import View as _Host
else:
    _Host = object  # a plain mixin at run time: Textual sees only OffersView's own bases


class CasesActions(_Host):
    """What a and x do on the Cases page, mixed into ``OffersView``."""

    if TYPE_CHECKING:  # OffersView's state and helpers
        offers: Offers
        today: dt.date

        def say(self, text: str, *, refused: bool = False) -> None: ...
        def load(self) -> None: ...
        def _writable(self) -> bool: ...

    @changes
    def action_consent(self) -> None:
        """A form: the mission and the day its client agreed to be named in its case; an
        empty day withdraws the consent (the case is anonymised again)."""
        if not self._writable():
            return

        def check(values: dict[str, str]) -> tuple[int, dt.date | None]:
            typed = values["mission"].strip().removeprefix("#")
            mission_id = record_number(typed) if typed else None
            if mission_id is None:
                raise ValueError("give the mission's number (#9 or 9), as the cases show it")
            self.offers.case_text(mission_id)  # OffersRefused (a ValueError): no such mission
            when = values["day"].strip()
            if not when:
                return mission_id, None
            day = parse_day(when, "agreed on")
            if day > self.today:
                raise ValueError("a consent is recorded once given: the day is in the future")
            return mission_id, day

        def done(result: tuple[int, dt.date | None] | None) -> None:
            if result is None:
                return
            mission_id, day = result
            try:
                if day is None:
                    self.offers.withdraw_consent(mission_id)
                else:
                    self.offers.consent(mission_id, day)
            except (ValueError, LookupError) as exc:
                self.say(f"Not recorded: {refusal(exc)}.", refused=True)
                return
            self.load()
            if day is None:
                self.say(f"Consent withdrawn for mission #{mission_id}: its case is anonymised.")
            else:
                self.say(f"Consent of {day.isoformat()} recorded for mission #{mission_id}: "
                         "its case names the client.")  # fmt: skip

        fields = [
            Field("mission", "Mission", "", "its number, e.g. 9"),
            Field("day", "Agreed on", self.today.isoformat(), "YYYY-MM-DD; empty: withdraw"),
        ]
        note = ("The client agreed to be named in this mission's case: the day is kept with "
                "it. Leave the day empty to withdraw the consent.")  # fmt: skip
        self.app.push_screen(
            LedgerForm("Client's consent to be named", fields, check, save="Record", note=note),
            done,
        )

    def action_export_cases(self) -> None:
        default = f"~/homeops-cases-{self.today.isoformat()}.md"

        def check(values: dict[str, str]) -> Path:
            where = values["path"].strip()
            if not where:
                raise ValueError("give a file name")
            out = Path(where).expanduser()
            if out.is_dir():
                raise ValueError(f"{shown(where)} is a folder: give a file name")
            from homeops.services.doc_files import refuse_for

            app = self.app  # never over the vault or the settings (a ValueError: one line)
            refuse_for(out, getattr(app, "vault_path", None), getattr(app, "config_path", None),
                       "the file")  # fmt: skip
            return out

        def done(out: Path | None) -> None:
            if out is None:
                return
            cases = self.offers.cases()  # as the vault holds them now
            try:
                write_private_text(out, self.offers.case_markdown(cases))
            except OSError as exc:
                reason = exc.strerror or "write failed"
                self.say(f"Not exported: cannot write {out}: {reason}.", refused=True)
                return
            self.say(f"{plural(len(cases), 'case')} written to {out} (Markdown, "
                     "anonymised unless consent is recorded).")  # fmt: skip

        note = ("The mini-cases as Markdown: no client alias or personal data unless the "
                "client's consent is recorded.")  # fmt: skip
        fields = [Field("path", "File", default)]
        self.app.push_screen(
            LedgerForm("Export the mini-cases", fields, check, save="Write", note=note), done
        )


def refusal(error: Exception) -> str:
    """A refusal's one line (``KeyError`` quotes its message)."""
    if isinstance(error, KeyError) and error.args:
        return str(error.args[0]).rstrip(".")
    return str(error).rstrip(".")
