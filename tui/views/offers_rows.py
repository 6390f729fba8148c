"""How the Offers view writes its pages: the running test, the list of tests, the results per
offer and per channel, the mini-cases.

Pure text functions (``rich.text.Text``): given records and a width in cells, lines. Every
text from the vault (an offer's name, a segment, a case's words) goes through ``shown``
before it is cut to fit (``fit_cells``: never half a wide character; a cut says ``…``).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from rich.cells import cell_len
from rich.text import Text

from homeops.rules.hours import format_minutes
from homeops.rules.money import format_amount
from homeops.rules.numbers import format_percent
from homeops.rules.offers import (
    Case,
    ChannelResult,
    Diagnosis,
    OfferResult,
    OfferTest,
    Profile,
)
from homeops.tui.text import data, fit_cells, shown

VERDICT_STYLE = {
    "too early": "dim",
    "low replies": "bold yellow",
    "calls without sales": "bold yellow",
    "healthy": "green",
}


def _cell(text: str, width: int, *, right: bool = False) -> str:
    return fit_cells(shown(text), width, right=right)


def _words(text: str, width: int) -> str:
    """``text`` from the vault in exactly ``width`` cells; a name too long keeps its first
    whole words and ``…`` (never half a word), or is cut between graphemes when even its
    first word does not fit."""
    text = shown(text)
    if cell_len(text) <= width:
        return fit_cells(text, width)
    kept = ""
    for word in text.split(" "):
        longer = f"{kept} {word}" if kept else word
        if cell_len(longer) > width - 1:
            break
        kept = longer
    kept = kept.rstrip(" ,;:-–")
    return fit_cells(kept + "…", width) if kept else fit_cells(text, width)


def rate(part: Fraction | None, locale: str) -> str:
    """A rate as a percentage in the money's locale (``12,5 %``), ``–`` when there is none."""
    if part is None:
        return "–"
    return format_percent(round(part * 10_000), locale)


# -- the Tests page -------------------------------------------------------------------------


def test_block(
    test: OfferTest | None, diagnosis: Diagnosis | None, days_left: int, locale: str
) -> Text:
    """The running test on top: offer and segment, days, counts and rates, the diagnosis in
    words; or how to start one."""
    if test is None or diagnosis is None:
        return Text(
            "No test running. n starts one: one offer, one target segment, 14 days by "
            "default; then c r m count the people contacted, the replies and the meetings.",
            style="dim",
        )
    text = Text()
    text.append("Running: ", style="bold")
    text.append(shown(test.offer), style="bold")
    text.append(" → ")
    text.append(shown(test.segment), style="bold")
    day = min(test.days, max(1, test.days - days_left + 1))
    left = "last day" if days_left == 0 else f"{days_left} days left"
    if days_left == 1:
        left = "1 day left"
    text.append(f"\nStarted {test.start.isoformat()} · day {day} of {test.days} · {left}")
    text.append(f"\nContacted {test.contacted} · replied {test.replied} ")
    text.append(f"({rate(diagnosis.reply_rate, locale)} of contacted)", style="bold")
    text.append(f" · met {test.met} ")
    text.append(f"({rate(diagnosis.meeting_rate, locale)} of replies)", style="bold")
    text.append("\nDiagnosis: ")
    text.append(diagnosis.verdict, style=VERDICT_STYLE.get(diagnosis.verdict, "bold"))
    text.append(". ")
    text.append(shown(diagnosis.words))
    return text


def _test_columns(width: int) -> tuple[bool, int, int]:
    """Whether the start date and the rates have columns (100 cells and more: below, the
    offer and the segment need the room to keep whole words), and the cells for the offer
    and the segment."""
    wide = width >= 100
    fixed = 7 + 6 + 6 + 5 + 19 + (11 + 16 if wide else 0)
    room = max(12, width - fixed)
    offer = room // 2
    return wide, offer, room - offer


def test_header(width: int) -> Text:
    wide, offer, segment = _test_columns(width)
    text = f"{'Started':<11}" if wide else ""
    text += f"{'Offer':<{offer}}{'Segment':<{segment}}{'Days':<7}"
    text += f"{'Cont.':>5} {'Repl.':>5} {'Met':>4} "
    text += f"{'Replies':>7} {'Meets':>7} " if wide else ""
    return Text(text + "Verdict", style="bold")


def test_row(
    test: OfferTest, diagnosis: Diagnosis | None, days_left: int, width: int, locale: str
) -> Text:
    """``2026-11-02 Blog pack  Agencies  ended  40  3  1  low replies`` (the start date and
    the rates from 100 cells)."""
    wide, offer, segment = _test_columns(width)
    text = Text(f"{test.start.isoformat()} " if wide else "")
    text.append(_words(test.offer, offer - 1) + " ")
    text.append(_words(test.segment, segment - 1) + " ", style="dim")
    days = f"{days_left} left" if test.running else "ended"
    text.append(f"{days:<7}", style="bold" if test.running else "dim")
    text.append(f"{test.contacted:>5} {test.replied:>5} {test.met:>4} ")
    if wide:
        reply = rate(diagnosis.reply_rate if diagnosis else None, locale)
        meet = rate(diagnosis.meeting_rate if diagnosis else None, locale)
        text.append(f"{_cell(reply, 7, right=True)} {_cell(meet, 7, right=True)} ")
    verdict = diagnosis.verdict if diagnosis else ""
    text.append(verdict, style=VERDICT_STYLE.get(verdict, ""))
    return text


# -- the Results page -----------------------------------------------------------------------


def _result_columns(width: int) -> tuple[bool, int]:
    """Whether fees and hours have columns, and the cells for the offer or channel."""
    wide = width >= 100
    fixed = 5 + 6 + 12 + 8 + 7 + 9 + 10 + (14 + 8 if wide else 0)
    return wide, max(10, width - fixed)


def results_header(first: str, width: int) -> Text:
    wide, name = _result_columns(width)
    text = f"{first:<{name}}{'Won':>5}{'Done':>6}"
    text += f"{'Fees':>14}{'Hours':>8}" if wide else ""
    text += f"{'Per hour':>12}{'Rounds':>8}{'Scope':>7}{'On time':>9}{'Lead':>10}"
    return Text(text, style="bold")


def _lead(promised: int | None, actual: int | None) -> str:
    """Promised vs actual lead time in days: ``10→12 d``; ``–`` for what is not known."""
    if promised is None and actual is None:
        return "–"
    said = "–" if promised is None else str(promised)
    took = "–" if actual is None else str(actual)
    return f"{said}→{took} d"


def result_row(
    name: str, result: OfferResult | ChannelResult, width: int, currency: str, locale: str
) -> Text:
    """One offer's (or channel's) figures from its real missions."""
    wide, cells = _result_columns(width)
    text = Text(_words(name, cells - 1) + " ")
    text.append(f"{result.won:>5}{result.delivered:>6}")
    if wide:
        fees = format_amount(result.fee_cents, currency, locale)
        text.append(_cell(fees, 14, right=True))
        hours = format_minutes(result.logged_minutes) if result.logged_minutes else "–"
        text.append(_cell(hours, 8, right=True))
    per_hour = result.cents_per_hour
    hourly = "–" if per_hour is None else format_amount(per_hour, currency, locale)
    text.append(_cell(hourly, 12, right=True), style="bold")
    text.append(f"{result.revision_rounds:>8}{result.scope_changes:>7}")
    timed = result.on_time + result.late
    on_time = f"{result.on_time}/{timed}" if timed else "–"
    text.append(_cell(on_time, 9, right=True), style="red" if result.late else "")
    if isinstance(result, OfferResult):
        lead = _lead(result.promised_days, result.actual_days)
    else:  # a channel promises nothing: the days taken only
        lead = "–" if result.actual_days is None else f"{result.actual_days} d"
    text.append(_cell(lead, 10, right=True))
    return text


def results_text(
    offers: Sequence[OfferResult],
    channels: Sequence[ChannelResult],
    width: int,
    currency: str,
    locale: str,
) -> Text:
    """Both tables, per offer then per channel, with the legend under them."""
    text = Text()
    text.append("Per offer, from the missions on the board\n", style="bold underline")
    text.append_text(results_header("Offer", width))
    for result in offers:
        text.append("\n")
        text.append_text(result_row(result.offer, result, width, currency, locale))
    if not offers:
        text.append("\nNo mission comes from an offer yet.", style="dim")
    text.append("\n\nPer channel, from each client's source\n", style="bold underline")
    text.append_text(results_header("Channel", width))
    for channel in channels:
        text.append("\n")
        text.append_text(result_row(channel.channel, channel, width, currency, locale))
    if not channels:
        text.append("\nNo client has a source yet.", style="dim")
    text.append(
        "\n\nWon: missions taken. Done: delivered. Per hour: fees ÷ hours logged. Rounds: "
        "revision rounds used. Scope: scope changes. On time: delivered by the deadline. "
        "Lead: days promised → days taken (a channel: days taken).",
        style="dim",
    )
    return text


# -- the Cases page -------------------------------------------------------------------------


def cases_text(cases: Sequence[Case], profile: Profile | None) -> Text:
    """The skills profile, then each mini-case: problem → approach → result, the process
    proof, and the client only when consent is recorded (the service leaves it out
    otherwise)."""
    text = Text()
    if profile is not None:
        text.append("Profile: ", style="bold")
        text.append_text(data(profile.main))
        text.append_text(data(f" · support: {profile.support[0]}, {profile.support[1]}", "dim"))
        text.append("\n\n")
    if not cases:
        text.append(
            "No case yet: a delivered mission becomes a mini-case (problem, approach, result "
            "and the proof the vault keeps).",
            style="dim",
        )
        return text
    for index, case in enumerate(cases):
        if index:
            text.append("\n\n")
        text.append_text(data(f"#{case.mission_id} {case.title}", "bold"))
        who = f"client: {case.client} (consent recorded)" if case.client else "anonymised"
        text.append_text(data(f"  ·  {who}", "dim"))
        for label, words in (("Problem", case.problem), ("Approach", case.approach),
                             ("Result", case.result)):  # fmt: skip
            text.append(f"\n{label}: ", style="bold")
            text.append_text(data(words or "–"))
        if case.offer or case.skills:
            text.append("\nOffer: ", style="bold")
            skills = f" ({', '.join(case.skills)})" if case.skills else ""
            text.append_text(data((case.offer or "–") + skills))
        if case.proof:
            text.append("\nProof: ", style="bold")
            text.append_text(data(" · ".join(case.proof)))
    return text
