"""The Offers view: offer tests, results per offer and per channel, portfolio mini-cases.

Keys: T R C switch pages. Tests: the running test on top (counts, rates, days left, the
diagnosis in words), every test below for comparison; ``c`` ``r`` ``m`` count one person
contacted, one reply, one meeting (or paid trial) on the running test, ``u`` takes the last
of those back; ``n`` starts a test (offer, segment, days), ``e`` twice ends the running one.
Results: per offer and per channel, from the real missions. Cases: the mini-cases,
anonymised unless consent is recorded (``a`` records or withdraws it); ``x`` writes them
as Markdown. Everything is read
and written through the business's ``Offers`` (``homeops.services.offers``), given by the
main screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, Label, Static

from homeops.rules.numbers import record_number
from homeops.rules.offers import (
    DEFAULT_DAYS,
    TEST_DAYS_MAX,
    Case,
    ChannelResult,
    Diagnosis,
    OfferResult,
    OfferTest,
    Profile,
    days_left,
)
from homeops.rules.text import NAME_MAX
from homeops.tui.busy import changes
from homeops.tui.text import shown
from homeops.tui.views.base import View, plural
from homeops.tui.views.ledger_dialogs import Field, LedgerForm
from homeops.tui.views.offers_cases import CasesActions, refusal
from homeops.tui.views.offers_rows import (
    cases_text,
    results_text,
    test_block,
    test_header,
    test_row,
)
from homeops.tui.widgets.row_list import RowList
from homeops.tui.widgets.status_line import MessageLine

if TYPE_CHECKING:
    from homeops.config import Settings
    from homeops.services.offers import Offers

PAGES = (("tests", "T", "Tests"), ("results", "R", "Results"), ("cases", "C", "Cases"))
PAGE_ACTIONS = {"log": "tests", "take_back": "tests", "start_test": "tests",
                "end_test": "tests", "export_cases": "cases", "consent": "cases"}  # fmt: skip
COUNTED = {"contacted": "person contacted", "replied": "reply", "met": "meeting"}


def _b(key: str, action: str, description: str, tooltip: str, name: str, *, show: bool = False
       ) -> Binding:  # fmt: skip
    return Binding(key, action, description, show=show, tooltip=tooltip, id=f"offers.{name}")


class OffersView(CasesActions, View):
    """Which offers and channels pay, what a test of an offer says, and the proof to show."""

    view_id = "offers"
    title = "Offers"
    key = "5"

    BINDINGS: ClassVar[list[BindingType]] = [
        _b("T", "page('tests')", "Tests", "Offer tests: the running one and the past ones",
           "page.tests"),
        _b("R", "page('results')", "Results", "Per offer and per channel, from the missions",
           "page.results"),
        _b("C", "page('cases')", "Cases", "Portfolio mini-cases from delivered missions",
           "page.cases"),
        # the page's keys first: at 80 columns the footer drops the last ones first
        _b("c", "log('contacted')", "Contact", "Count one more person contacted",
           "log.contacted", show=True),
        _b("r", "log('replied')", "Reply", "Count one more reply", "log.replied", show=True),
        _b("m", "log('met')", "Meeting", "Count one more meeting or paid trial", "log.met",
           show=True),
        _b("n", "start_test", "New test", "Start a test: one offer, one segment, 14 days",
           "test.new", show=True),
        _b("e", "end_test", "End", "End the running test now (press twice)", "test.end",
           show=True),
        _b("u", "take_back", "Take back",
           "Take back the last count made here with c, r or m (a key pressed by mistake)",
           "log.take_back", show=True),
        _b("x", "export_cases", "Export", "Write the mini-cases as Markdown (anonymised)",
           "cases.export", show=True),
        _b("a", "consent", "Consent",
           "Record the day a client agreed to be named in a mission's case (or withdraw it)",
           "cases.consent", show=True),
        _b("up", "cursor(-1)", "Up", "Select the row above", "up"),
        _b("k", "cursor(-1)", "Up", "Select the row above", "up.2"),
        _b("down", "cursor(1)", "Down", "Select the row below", "down"),
        _b("j", "cursor(1)", "Down", "Select the row below", "down.2"),
        _b("pageup", "cursor(-15)", "Page up", "Fifteen rows up", "page_up"),
        _b("pagedown", "cursor(15)", "Page down", "Fifteen rows down", "page_down"),
        _b("home", "cursor(-100000000)", "First", "The first row", "top"),
        _b("end", "cursor(100000000)", "Last", "The last row", "bottom"),
    ]  # fmt: skip

    page: reactive[str] = reactive("tests", init=False)
    """The page on show: tests, results or cases."""

    def __init__(
        self, offers: Offers, settings: Settings, *, today: dt.date, read_only: bool = False
    ) -> None:
        super().__init__()
        self.offers = offers  # the business's offers, given by the main screen
        self.settings = settings
        self.today = today
        self.read_only = read_only
        self.tests: list[OfferTest] = []
        self.diagnoses: dict[int | None, Diagnosis] = {}
        self.results: list[OfferResult] = []
        self.channels: list[ChannelResult] = []
        self.cases: list[Case] = []
        self.profile: Profile | None = None
        self.message_text = ""
        self._confirm_end = False
        self._counted: list[tuple[int, str]] = []  # (test id, kind) of each c r m, to take back
        self._drawn_width = 0  # the width the pages were last drawn for (0: not yet)
        self._read: tuple[int | None, ...] = ()  # the vault's stamp when last read in full

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="offers-bar"):
            yield Static("", id="offers-tabs")
            yield Label("", id="offers-info", markup=False)
        with ContentSwitcher(initial="tests", id="offers-pages"):
            with Vertical(id="tests", classes="offers-page"):
                yield Static("", id="offers-running")
                yield Static("", id="tests-head", classes="list-head")
                yield RowList(self._test, id="tests-list")
            with VerticalScroll(id="results", classes="offers-page"):
                yield Static("", id="offers-results")
            with VerticalScroll(id="cases", classes="offers-page"):
                yield Static("", id="offers-cases")
        yield MessageLine(id="offers-message")

    def on_mount(self) -> None:
        self._show_tabs()

    def on_show(self) -> None:
        # Missions, clients and consent may have changed on the other views or beside the
        # console; nothing changed in what the view reads: nothing is read or drawn again.
        stamp = self.offers.read_stamp()
        if None in stamp or stamp != self._read:
            self.load()

    def show_counts(self, counts: Mapping[str, int]) -> None:
        return  # the view reads its data itself when shown

    def on_resize(self) -> None:
        if self._drawn_width and self._width() != self._drawn_width:
            self.redraw()  # the columns follow the width

    # -- data --------------------------------------------------------------------------------

    @property
    def locale(self) -> str:
        return self.settings.money.locale

    @property
    def test_list(self) -> RowList:
        return self.query_one("#tests-list", RowList)

    def load(self) -> None:
        """Read the tests, results and cases from the service and draw every page."""
        self._read = self.offers.read_stamp()  # before reading: never newer than the data
        self.results = self.offers.results()
        self.channels = self.offers.channels()
        self.cases = self.offers.cases()
        self.profile = self.offers.profile()
        self.load_tests()

    def load_tests(self) -> None:
        """Read the tests again (after a count, a start, an end) and draw the pages."""
        self.tests = self.offers.tests()
        self.diagnoses = {t.id: self.offers.diagnosis(t, self.today) for t in self.tests}
        self.redraw()

    def current(self) -> OfferTest | None:
        """The running test the keys count on: the first running one (newest first)."""
        return next((t for t in self.tests if t.running), None)

    def _width(self) -> int:
        return max(20, self.content_region.width - 1)

    def redraw(self) -> None:
        """Draw every page from what was read last, for the width of now."""
        width = self._drawn_width = self._width()
        test = self.current()
        diagnosis = self.diagnoses.get(test.id) if test else None
        left = days_left(test, self.today) if test else 0
        self.query_one("#offers-running", Static).update(
            test_block(test, diagnosis, left, self.locale)
        )
        head = self.query_one("#tests-head", Static)
        head.update(test_header(width))
        head.display = bool(self.tests)  # none yet: the line above says how to start one
        self.test_list.show(self.tests)
        money = self.settings.money
        self.query_one("#offers-results", Static).update(
            results_text(self.results, self.channels, width, money.currency, money.locale)
        )
        self.query_one("#offers-cases", Static).update(cases_text(self.cases, self.profile))
        self._show_info()

    def _test(self, test: OfferTest, width: int) -> Text:
        # the header's width, not the list's: a scrollbar coming or going moves no column
        width = min(width, self._drawn_width or width)
        left = days_left(test, self.today)
        return test_row(test, self.diagnoses.get(test.id), left, width, self.locale)

    # -- tabs, info and message line ---------------------------------------------------------

    def _show_tabs(self) -> None:
        text = Text()
        for page, key, title in PAGES:
            style = "bold reverse" if page == self.page else ""
            text.append(f" {key} {title} ", style=style)
        self.query_one("#offers-tabs", Static).update(text)

    def _show_info(self) -> None:
        if self.page == "tests":
            running = sum(1 for t in self.tests if t.running)
            info = f"{plural(len(self.tests), 'test')}, {running} running"
        elif self.page == "results":
            info = plural(len(self.results), "offer")
        else:
            info = plural(len(self.cases), "case")
        self.query_one("#offers-info", Label).update(info)

    def say(self, text: str, *, refused: bool = False) -> None:
        """One line under the pages: what the last key did, or why it did not."""
        self.message_text = text
        self.query_one("#offers-message", MessageLine).say(text, refused=refused)

    # -- pages and cursor --------------------------------------------------------------------

    def watch_page(self, page: str) -> None:
        self.query_one("#offers-pages", ContentSwitcher).current = page
        self.say("")  # a message belongs to the page where it was said
        self._confirm_end = False
        self._show_tabs()
        self._show_info()
        self.refresh_bindings()

    def action_page(self, page: str) -> None:
        self.page = page

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None, not False: a key of another page stays in the help (disabled), and the
        # footer hides it while the Offers view is on show (see homeops.tcss).
        wanted = PAGE_ACTIONS.get(action)
        if wanted is not None and wanted != self.page:
            return None
        return True

    def action_cursor(self, delta: int) -> None:
        self._confirm_end = False  # e ends a test when pressed twice in a row
        if self.page == "tests":
            self.test_list.move(delta)
        else:
            scroller = self.query_one(f"#{self.page}", VerticalScroll)
            scroller.scroll_to(y=scroller.scroll_y + delta, animate=False)

    @on(RowList.Clicked)
    def _clicked(self, event: RowList.Clicked) -> None:
        event.row_list.cursor = event.index

    # -- the Tests page ----------------------------------------------------------------------

    def _writable(self) -> bool:
        if self.read_only:
            self.say("Read-only session: changes are refused.", refused=True)
        return not self.read_only

    @changes
    def action_log(self, kind: str) -> None:
        self._confirm_end = False
        test = self.current()
        if test is None or test.id is None:
            self.say("No test running: n starts one.", refused=True)
            return
        if not self._writable():
            return
        try:
            logged = self.offers.log(test.id, kind)
        except (ValueError, LookupError) as exc:
            self.say(f"Not counted: {refusal(exc)}.", refused=True)
            return
        self._counted.append((test.id, kind))
        self.load_tests()
        count = getattr(logged, kind)
        self.say(f"One {COUNTED[kind]} counted on {logged.offer}: {kind} {count}.")

    @changes
    def action_take_back(self) -> None:
        """Take back the last count made with c, r or m in this session, on the test that
        still runs (the service's negative count: a reply before its contact, never)."""
        self._confirm_end = False
        test = self.current()
        if not self._counted or test is None or self._counted[-1][0] != test.id:
            self._counted.clear()  # counts on a test that has ended stay as they are
            self.say("Nothing to take back: u takes back the counts made here with c r m.",
                     refused=True)  # fmt: skip
            return
        if not self._writable():
            return
        test_id, kind = self._counted[-1]
        try:
            logged = self.offers.log(test_id, kind, -1)
        except (ValueError, LookupError) as exc:
            self.say(f"Not taken back: {refusal(exc)}.", refused=True)
            return
        self._counted.pop()
        self.load_tests()
        count = getattr(logged, kind)
        self.say(f"One {COUNTED[kind]} taken back on {logged.offer}: {kind} {count}.")

    @changes
    def action_start_test(self) -> None:
        self._confirm_end = False
        if not self._writable():
            return
        names = self.offers.offer_names()
        if not names:
            self.say("No offer yet: a test needs one (add offers in the settings).", refused=True)
            return

        def check(values: dict[str, str]) -> tuple[str, str, int]:
            offer = _pick_offer(values["offer"], names)
            segment = " ".join(values["segment"].split())
            if not segment:
                raise ValueError("a test needs a target segment (who you contact)")
            days_text = values["days"].strip()
            days = record_number(days_text) if days_text else None
            if days is None or not 1 <= days <= TEST_DAYS_MAX:
                raise ValueError(f"days must be a whole number from 1 to {TEST_DAYS_MAX}")
            return offer, segment, days

        def done(result: tuple[str, str, int] | None) -> None:
            if result is None:
                return
            offer, segment, days = result
            try:
                test = self.offers.start_test(offer, segment, days=days, today=self.today)
            except (ValueError, LookupError) as exc:
                self.say(f"Not started: {refusal(exc)}.", refused=True)
                return
            self.load_tests()
            self.test_list.cursor = next(
                (i for i, t in enumerate(self.tests) if t.id == test.id), 0
            )
            self.say(f"Test started: {test.offer} for {test.segment}, "
                     f"{plural(test.days, 'day')}. c r m count as you go.")  # fmt: skip

        listed = "\n".join(f"  {number}  {name}" for number, name in enumerate(names, 1))
        fields = [
            Field("offer", "Offer", "", "its number or name"),
            Field("segment", "Segment", "", "who: e.g. design agencies", NAME_MAX),
            Field("days", "Days", str(DEFAULT_DAYS)),
        ]
        note = f"Your offers:\n{listed}"
        self.app.push_screen(
            LedgerForm("Start an offer test", fields, check, save="Start", note=note), done
        )

    @changes
    def action_end_test(self) -> None:
        test = self.current()
        if test is None or test.id is None:
            self.say("No test running: n starts one.", refused=True)
            return
        if not self._writable():
            return
        if not self._confirm_end:
            self._confirm_end = True
            left = days_left(test, self.today)
            self.say(f"Press e again to end the test of {test.offer} now "
                     f"({plural(left, 'day')} left): its counts close.")  # fmt: skip
            return
        self._confirm_end = False
        try:
            ended = self.offers.end_test(test.id, self.today)
        except (ValueError, LookupError) as exc:
            self.say(f"Not ended: {refusal(exc)}.", refused=True)
            return
        self.load_tests()
        verdict = self.diagnoses.get(ended.id)
        said = f" Diagnosis: {verdict.verdict}." if verdict else ""
        self.say(f"Test of {ended.offer} ended on {self.today.isoformat()}.{said}")


def _pick_offer(typed: str, names: list[str]) -> str:
    """The offer ``typed`` names: its number in the list, its name, or the start of one name
    (any case); ``ValueError`` otherwise."""
    text = " ".join(typed.split())
    if not text:
        raise ValueError("a test needs an offer: its number or name")
    number = record_number(text)
    if number is not None:
        if 1 <= number <= len(names):
            return names[number - 1]
        raise ValueError(f"offer {number} is not in the list (1 to {len(names)})")
    folded = text.casefold()
    exact = [name for name in names if name.casefold() == folded]
    if exact:
        return exact[0]
    starting = [name for name in names if name.casefold().startswith(folded)]
    if len(starting) == 1:
        return starting[0]
    if starting:
        raise ValueError(f"{shown(text[:40])!r} starts {len(starting)} offers: type more")
    raise ValueError(f"no offer is called {shown(text[:40])!r}")
