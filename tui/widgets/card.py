"""A mission card: the few lines a board column draws for one mission.

Plain functions over a ``Mission``, so the column can draw only the cards in view. Every
signal is in the text too, not only in colour (NO_COLOR users): ``!`` marks an overdue
deadline, ``*`` one due this week.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from homeops.rules.hourly import CapUse
from homeops.rules.missions import days_in_stage
from homeops.rules.model import Mission
from homeops.rules.money import format_amount
from homeops.rules.text import shown
from homeops.tui.text import fit_cells, fit_text

#: Lines per card, the blank separator included.
CARD_HEIGHT = 4
OVERDUE, THIS_WEEK = "!", "*"
LEGEND = f"{OVERDUE} overdue  {THIS_WEEK} due this week  ✓ checklist  R revisions  d days in stage"
AI_LEGEND = "AI! personal data went to an AI tool and the client was not told"
TO_BILL = "to bill"  # a delivered mission no invoice bills yet (issue 14)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CENTS = re.compile(r"[.,]00(?=\D*$)")


@dataclass(frozen=True)
class CardStyles:
    """Rich styles of a card's parts (from the stylesheet's component classes)."""

    title: str = "bold"
    muted: str = "dim"
    overdue: str = "bold red"
    due_soon: str = "bold yellow"
    cursor: str = "bold"  # the ``▌`` gutter of the selected card
    selected: str = "reverse"  # the selected card's background


def deadline_state(deadline: str | None, today: dt.date) -> str:
    """``overdue``, ``soon`` (due by Sunday of this week) or ``""``."""
    if not deadline:
        return ""
    try:
        due = dt.date.fromisoformat(deadline)
    except ValueError:
        return ""
    if due < today:
        return "overdue"
    end_of_week = today + dt.timedelta(days=6 - today.weekday())
    return "soon" if due <= end_of_week else ""


def short_date(deadline: str, today: dt.date) -> str:
    """``27 Nov`` this year, ``05 Jan 2027`` in another one: a year in two digits read as a
    day (``05 Jan 27``), four cannot."""
    try:
        day = dt.date.fromisoformat(deadline)
    except ValueError:
        return shown(deadline)  # not a date: an older vault's text, shown as it is
    text = f"{day.day:02d} {_MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def short_amount(cents: int, currency: str, locale: str) -> str:
    """``1 800 €`` for whole amounts, ``1 800,50 €`` otherwise."""
    text = format_amount(cents, currency, locale)
    return _CENTS.sub("", text) if cents % 100 == 0 else text


def _blank_style(style: str | Style) -> str | Style:
    """``style`` if a blank in it looks like a plain blank (nothing drawn across the cell)."""
    parsed = Style.parse(style) if isinstance(style, str) else style
    drawn = (parsed.bgcolor, parsed.underline, parsed.strike, parsed.reverse, parsed.overline)
    return "" if any(drawn) else style


def _fit(text: str, width: int) -> str:
    # in cells, cut between graphemes: a CJK title or a flag emoji never shifts the card
    return text if cell_len(text) <= width else fit_cells(text, width)


def card_lines(
    mission: Mission,
    width: int,
    *,
    today: dt.date,
    now: dt.datetime,
    locale: str,
    selected: bool = False,
    finished: bool = False,
    ai_warning: bool = False,
    cap: CapUse | None = None,
    to_bill: bool = False,
    styles: CardStyles | None = None,
) -> list[Text]:
    """The card's ``CARD_HEIGHT`` lines, each exactly ``width`` cells wide.

    ``finished``: the mission is delivered, so its deadline no longer stands out. ``cap``:
    hourly work's time logged against its cap (``12h/20h``; ``!`` and the warning colour
    from 80 %, the overdue colour once used up). ``to_bill``: delivered and not invoiced.
    """
    styles = styles or CardStyles()
    inner = max(1, width - 1)
    # A span, not the line's base style: only the gutter takes the cursor's colour.
    cursor = Text.assemble(("▌", styles.cursor))

    # Text from the vault: controls shown visibly (homeops.rules.text.shown), before fitting.
    title = Text(_fit(shown(mission.title), inner), style=styles.title)

    fee = short_amount(mission.fee_cents, mission.currency, locale) if mission.fee_cents else ""
    client = _fit(shown(mission.client_alias) or "-", max(1, inner - cell_len(fee) - 1))
    who = Text(client, style=styles.muted)
    who.append(" " * max(1, inner - cell_len(client) - cell_len(fee)))
    who.append(fee)

    state = "" if finished else deadline_state(mission.deadline, today)
    mark = {"overdue": OVERDUE, "soon": THIS_WEEK}.get(state, " ")
    when = short_date(mission.deadline, today) if mission.deadline else "no date"
    style = {"overdue": styles.overdue, "soon": styles.due_soon}.get(state, styles.muted)
    facts = Text(f"{mark}{when}", style=style)
    done = sum(1 for check in mission.checklist if check.done)
    cap_text = (cap.short() + ("!" if cap.near else "")) if cap else ""
    parts = [
        TO_BILL if to_bill else "",
        "AI!" if ai_warning else "",
        cap_text,
        f"✓{done}/{len(mission.checklist)}" if mission.checklist else "",
        f"R{mission.revisions_used}/{mission.revision_limit}",
        f"{days_in_stage(mission, now)}d",
    ]
    # Most important first: on a narrow card the last parts go whole, never cut in half.
    room = inner - facts.cell_len - 1
    kept = [part for part in parts if part]
    while kept and cell_len(" ".join(kept)) > room:
        kept.pop()
    tail = " ".join(kept)
    facts.append(" " * max(1, inner - facts.cell_len - cell_len(tail)))
    facts.append(tail, style=styles.muted)
    if cap is not None and cap.near and cap_text in kept:  # the use of the cap stands out
        before = " ".join([*kept[: kept.index(cap_text)], ""])  # the parts left of it
        start = len(facts.plain) - len(tail) + len(before)  # in characters, as stylize counts
        facts.stylize(styles.overdue if cap.over else styles.due_soon, start, start + len(cap_text))

    if to_bill and tail.startswith(TO_BILL):  # money owed stands out
        start = len(facts.plain) - len(tail)
        facts.stylize(styles.due_soon, start, start + len(TO_BILL))

    lines = []
    for body in (title, who, facts, Text("")):
        # Unselected, the gutter is a blank in the style of the text after it (a colour or
        # bold does not show on a blank): one run of style less per line to send.
        line = (cursor if selected else Text(" ", style=_blank_style(body.style))) + body
        line = fit_text(line, width)
        if selected:
            line.stylize(styles.selected)
        lines.append(line)
    return lines
