"""The mission form (new, blank or from an offer, or an edit of the main fields), and what it
asks when the client typed is not in the register yet.

A mission names its client by alias; an alias with no client behind it would hold a person
that export, retention and erasure never see. So the form offers to add the client (its form
opens, prefilled with the alias) before the mission is saved, or goes back to the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from homeops.config import Settings
from homeops.rules.hourly import parse_cap
from homeops.rules.hours import format_minutes
from homeops.rules.invoices import parse_terms
from homeops.rules.missions import Flow, validate
from homeops.rules.model import Client, Mission, Offer
from homeops.rules.text import NAME_MAX, line_problem
from homeops.services.errors import ClientErased
from homeops.services.missions import DepositInvoiced, draft_mission
from homeops.tui.screens.dialogs import (
    Dialog,
    _close_bindings,
    parse_deadline,
    parse_effort,
    parse_fee,
)
from homeops.tui.text import data, shown

if TYPE_CHECKING:
    from homeops.services.clients import Clients
    from homeops.services.missions import Board

#: The seed's rule, as the form says it (the command line names its options).
CAP_RULE_FORM = "hourly work needs a cap: hours (60 cap 20h) or money (60 cap 1200)"

#: The "can I take this?" screen for a mission the form describes and the offer chosen.
AskFit = Callable[[Mission, Offer | None], ModalScreen[Any]]

#: The terms (days) and deposit share (basis points) a new mission of a client, from an offer
#: (its name, or ""), would get.
TermsFor = Callable[[str, str], tuple[int, int]]

#: Stores a new client (the register's ``add``); raises ``ValueError`` (one line) if refused.
AddClient = Callable[[Client], object]


class MissionForm(Dialog[Any]):
    """New mission (blank or from an offer) or edit of its main fields.

    ``clients``: the aliases in the register, and ``add_client`` stores a new one; with both,
    an unknown alias is offered to be added (its form opens) before the mission is saved.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *_close_bindings("mission_form"),
        Binding("ctrl+f", "fit", "Can I take this?", id="mission_form.fit",
                tooltip="Ask for these values: delivery, pay per real hour, payouts"),
    ]  # fmt: skip

    FIELDS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("title", "Title", "what the client gets"),
        ("client", "Client", "alias, e.g. acme-mag"),
        ("fee", "Fee", "1200 or 1 200,50"),
        ("deadline", "Deadline", "YYYY-MM-DD"),
        ("effort", "Effort", "hours: 6, 6h, 2h30"),
        ("hourly", "Hourly", "60 cap 20h (rate, cap); empty: fixed price"),
        ("terms", "Terms", "45 30% (days, deposit); empty: offer's or client's"),
    )

    def __init__(
        self,
        settings: Settings,
        flow: Flow,
        *,
        today: dt.date,
        now: dt.datetime,
        mission: Mission | None = None,
        offers: Sequence[Offer] = (),
        clients: Collection[str] | None = None,
        add_client: AddClient | None = None,
        erased: Collection[str] = (),
        ask: AskFit | None = None,
        asking: bool = False,
        terms_for: TermsFor | None = None,
        deposit_invoice: Callable[[int], str] | None = None,
    ) -> None:
        super().__init__()
        # An edited mission's deposit invoice standing ("" if none): its share stays then.
        self.deposit_invoice = deposit_invoice
        self.terms_for = terms_for  # the terms a new mission would get, for a typed part
        self.ask = ask  # "can I take this?" for the values typed (a new mission only)
        self.asking = asking and ask is not None  # Enter asks instead of saving
        self.settings = settings
        self.flow = flow
        self.today = today
        self.now = now
        self.mission = mission
        self.offers = list(offers)
        self.offer: Offer | None = None
        self.clients = set(clients) if clients is not None else None
        self.add_client = add_client
        self.erased = frozenset(erased)  # pseudonyms of erased clients: no new work for them

    @classmethod
    def on_board(
        cls,
        board: Board,
        settings: Settings,
        clients: Clients,
        *,
        today: dt.date,
        mission: Mission | None = None,
        offers: Sequence[Offer] = (),
        ask: AskFit | None = None,
        asking: bool = False,
    ) -> MissionForm:
        """The form for a mission of ``board`` (its flow and clock); an unknown alias is
        offered to be added to the register ``clients``."""
        return cls(
            settings,
            board.flow,
            today=today,
            now=board.now(),
            mission=mission,
            offers=offers,
            clients=clients.aliases(),
            add_client=clients.add,
            erased=[c.alias for c in clients.list() if c.status == "erased"],
            ask=ask if mission is None else None,
            asking=asking,
            terms_for=board.acceptance.terms_for if board.acceptance else None,
            deposit_invoice=board.deposit_invoice,
        )

    def compose(self) -> ComposeResult:
        editing = self.mission is not None
        with Vertical(classes="panel dialog", id="mission-form"):
            title = f"Edit mission {self.mission.id}" if self.mission else "New mission"
            yield Label("Can I take this?" if self.asking else title, classes="panel-title")
            with Grid(classes="form-grid"):
                if not editing and self.offers:
                    yield Label("Offer", classes="form-label")
                    yield Select(
                        [(data(offer.name), index) for index, offer in enumerate(self.offers)],
                        prompt="blank mission",
                        id="form-offer",
                        compact=True,
                    )
                for name, label, placeholder in self.FIELDS:
                    if editing and name == "terms":  # what is stored, no share: no deposit
                        placeholder = "45 30% (days, deposit); no %: no deposit"
                    yield Label(label, classes="form-label")
                    yield Input(
                        self._initial(name),
                        placeholder=placeholder,
                        id=f"form-{name}",
                        compact=True,
                    )
            yield Static("", classes="form-message")
            enter = "Enter asks" if self.asking else "Enter saves"
            yield Label(f"{enter} · Esc cancels · Tab next field", classes="hint")
            yield self.buttons()

    def on_mount(self) -> None:
        self.query_one("#form-title", Input).focus()

    def _initial(self, name: str) -> str:
        """A field's text when editing: what is stored, its controls shown visibly."""
        mission = self.mission
        if mission is None:
            return ""
        locale = self.settings.money.locale
        rate = mission.hourly_rate_cents  # hourly work: its fee is the cap
        fixed = 0 if rate else mission.fee_cents
        return {
            "title": shown(mission.title),
            "client": shown(mission.client_alias),
            "fee": _plain_amount(fixed, locale) if fixed else "",
            "hourly": _hourly_text(rate, mission.fee_cents, locale),
            "deadline": shown(mission.deadline or ""),
            "effort": format_minutes(mission.effort_minutes) if mission.effort_minutes else "",
            "terms": _terms_text(mission.terms_days, mission.deposit_bp),
        }[name]

    def value(self, name: str) -> str:
        return self.query_one(f"#form-{name}", Input).value

    @on(Select.Changed, "#form-offer")
    def _offer_chosen(self, event: Select.Changed) -> None:
        index = event.value
        self.offer = self.offers[index] if isinstance(index, int) else None
        if self.offer is None:
            return
        offer, locale = self.offer, self.settings.money.locale
        deadline = self.today + dt.timedelta(days=offer.lead_time_days)
        title = self.query_one("#form-title", Input)
        if not title.value.strip():
            title.value = shown(offer.name)
        self.query_one("#form-fee", Input).value = _plain_amount(offer.price_cents, locale)
        self.query_one("#form-deadline", Input).value = deadline.isoformat()
        effort = format_minutes(offer.effort_minutes) if offer.effort_minutes else ""
        self.query_one("#form-effort", Input).value = effort

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def build(self) -> Mission:
        """The mission the fields describe; ``ValueError`` says what is wrong in one line."""
        locale = self.settings.money.locale
        title, client = self.value("title").strip(), self.value("client").strip()
        problem = line_problem(title, "the title") or line_problem(client, "the client", NAME_MAX)
        if problem:
            raise ValueError(problem)
        fee = parse_fee(self.value("fee"), locale)
        deadline = parse_deadline(self.value("deadline"))
        effort = parse_effort(self.value("effort"))
        if self.mission is not None:
            mission = Mission(**{**vars(self.mission)})
        else:  # as the command line drafts one: blank, or from the offer chosen
            mission = draft_mission(
                self.settings,
                title,
                client_alias=client,
                offer=self.offer,
                at=self.now,
                today=self.today,
            )
        mission.title, mission.client_alias = title, client
        mission.fee_cents, mission.deadline, mission.effort_minutes = fee, deadline, effort
        rate, cap = self._hourly(fee)
        if rate or mission.hourly_rate_cents:
            mission.hourly_rate_cents, mission.fee_cents = rate, cap if rate else fee
        if self.mission is None:
            self._terms(mission)
        else:
            self._edited_terms(mission)
        problem = validate(mission, self.flow)
        if problem:
            raise ValueError(problem)
        return mission

    def _terms(self, mission: Mission) -> None:
        """The terms typed override the ones the offer, else the client, else the settings
        give; left empty, the board resolves them when it stores the mission."""
        days, share = parse_terms(self.value("terms"))
        if days is None and share is None:
            return
        offer = self.offer.name if self.offer else ""
        resolved = (self.terms_for(mission.client_alias, offer) if self.terms_for
                    else (self.settings.money.payment_terms_days, 0))  # fmt: skip
        mission.terms_days = resolved[0] if days is None else days
        mission.deposit_bp = resolved[1] if share is None else share

    def _edited_terms(self, mission: Mission) -> None:
        """An edited mission's terms: days left out stay as they are, a share left out is no
        deposit; a share changed while its deposit invoice stands is refused."""
        days, share = parse_terms(self.value("terms"))
        share = share or 0
        if days is not None:
            mission.terms_days = days
        if share != mission.deposit_bp and mission.id is not None and self.deposit_invoice:
            invoiced = self.deposit_invoice(mission.id)
            if invoiced:
                raise ValueError(str(DepositInvoiced(invoiced)))
        mission.deposit_bp = share

    def _hourly(self, fee: int) -> tuple[int, int]:
        """The hourly rate and its cap in cents, or (0, 0) for a fixed price."""
        locale = self.settings.money.locale
        # One field, "RATE cap CAP": the form stays within 24 lines.
        rate_text, _, cap_text = self.value("hourly").strip().casefold().partition("cap")
        rate = parse_fee(rate_text, locale, "hourly rate")
        cap_text = cap_text.strip()
        if not rate:
            if cap_text:
                raise ValueError("the cap is the budget of hourly work: give its rate (60 cap 20h)")
            return 0, 0
        if self.offer is not None and self.mission is None:
            raise ValueError("a mission from an offer stays fixed-price: clear the hourly rate")
        if fee:
            raise ValueError("the fee is a fixed price: hourly work takes a cap, not a fee")
        if not cap_text:
            raise ValueError(CAP_RULE_FORM)
        try:
            cap = parse_cap(cap_text, rate, locale)
        except ValueError as exc:
            raise ValueError(f"cap: {exc}") from None
        if cap <= 0:
            raise ValueError(CAP_RULE_FORM)
        return rate, cap

    def action_fit(self) -> None:
        """The answer for the values typed (``FitScreen``); accepted, the form closes with
        the decision and the board stores it."""
        if self.ask is None:
            return
        try:
            screen = self.ask(self.build(), self.offer)
        except (ValueError, LookupError) as exc:  # an unknown client too
            self.say(str(exc))
            return

        def answered(decision: object) -> None:
            if decision is not None:
                self.dismiss(decision)

        self.app.push_screen(screen, answered)

    def action_save(self) -> None:
        if self.asking:
            self.action_fit()
            return
        try:
            mission = self.build()
        except ValueError as exc:
            self.say(str(exc))
            return
        alias = mission.client_alias
        if alias in self.erased and (self.mission is None or alias != self.mission.client_alias):
            self.say(str(ClientErased(alias)))
            return
        if alias and self.clients is not None and alias not in self.clients:
            self._offer_client(alias)
            return
        self.dismiss(mission)

    # -- a client that is not in the register yet ----------------------------------------------

    def _offer_client(self, alias: str) -> None:
        if self.add_client is None:
            self.say(f"No client {alias!r} yet: add it on the Clients view (4), or leave it empty")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._open_client_form(alias)
            else:
                self.say(f"No client {alias!r}: add it (y), or leave the client empty")

        question = f"No client {alias!r} yet: add it? (y/n)"
        self.app.push_screen(AskDialog(question, "y opens the client form · n goes back"), answered)

    def _open_client_form(self, alias: str) -> None:
        from homeops.tui.views.clients_dialogs import ClientForm

        def added(client: object) -> None:
            if not isinstance(client, Client) or self.add_client is None:
                self.say("No client added: the mission is not saved yet")
                return
            try:
                self.add_client(client)
            except ValueError as exc:  # a vault error is one too
                self.say(f"Client not added: {exc}")
                return
            assert self.clients is not None
            self.clients.add(client.alias)
            self.query_one("#form-client", Input).value = client.alias
            self.action_save()

        taken = frozenset(self.clients or ())
        self.app.push_screen(ClientForm(today=self.today, alias=alias, taken=taken), added)


def _terms_text(days: int | None, deposit_bp: int) -> str:
    """The terms field as typed back: ``45 30%``, ``45`` without a deposit, the share alone
    when the days are the settings' (None)."""
    whole, part = divmod(deposit_bp, 100)
    share = (f"{whole}" + (f",{part:02d}".rstrip("0") if part else "") + "%") if deposit_bp else ""
    return " ".join(word for word in (str(days) if days is not None else "", share) if word)


def _hourly_text(rate: int, cap: int, locale: str) -> str:
    """The hourly field as typed back: ``60 cap 1200``, or empty for a fixed price."""
    return f"{_plain_amount(rate, locale)} cap {_plain_amount(cap, locale)}" if rate else ""


def _plain_amount(cents: int, locale: str) -> str:
    """An amount as typed back into a field: ``1200`` or ``1200,50`` (no grouping)."""
    whole, part = divmod(cents, 100)
    if not part:
        return str(whole)
    return f"{whole}{',' if locale == 'fr_FR' else '.'}{part:02d}"


class AskDialog(ModalScreen[bool]):
    """A yes/no question in one line: y (or Enter) says yes, n (or Esc) no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", tooltip="Yes", id="ask.yes"),
        Binding("enter", "answer(True)", "Yes", tooltip="Yes", show=False, id="ask.yes_enter"),
        Binding("n", "answer(False)", "No", tooltip="No", id="ask.no"),
        Binding("escape", "answer(False)", "No", tooltip="No", show=False, id="ask.no_escape"),
    ]

    def __init__(self, question: str, hint: str = "y yes · n no") -> None:
        super().__init__()
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel dialog", id="ask-dialog"):
            yield Static(data(self.question), classes="panel-title")
            yield Label(self.hint, classes="hint", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


__all__ = ["AddClient", "AskDialog", "MissionForm"]
