"""The invoices' dates follow their numbers (issue 15, review r15b #4; CGI art. 242 nonies A:
one chronological, continuous series): each check gives the refusal as one line naming the
date allowed, or None. ``today`` is passed in (no clock here).

A series already out of order or dated in the future (an import, a vault written before
these rules) leaves no date allowed: the refusal says so (``DateProblem.stuck``) and an
override with a written reason dates it any day up to today (issue 15, fix G5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from homeops.rules.invoices import Invoice, InvoiceRefused, credit_label, label


class OutOfOrder(InvoiceRefused):
    """A date that breaks the series' order or is after today: the message names the date
    allowed. ``stuck``: no date up to today is allowed (only an override dates it);
    ``allowed``: the date to give instead, when there is one."""

    def __init__(self, problem: DateProblem | str) -> None:
        if isinstance(problem, str):
            problem = DateProblem(problem)
        super().__init__(problem.text)
        self.stuck, self.allowed = problem.stuck, problem.allowed


@dataclass(frozen=True)
class DateProblem:
    text: str
    allowed: str | None = None  # ISO date to give instead
    stuck: bool = False  # no date up to today fits: only an override dates it
    after: str = ""  # with ``stuck``: what the series cannot go on before ("F-0040 2026-12-10")
    why: str = ""  # the text without the way out: "F-0046 cannot be dated …: F-0047 was …"


_WAIT = "the series cannot go on before that day; wait until then, or date it {} with an override"


def issue_check(
    number: int, day: dt.date, invoices: Iterable[Invoice], today: dt.date, *,
    override: bool = False,
) -> DateProblem | None:  # fmt: skip
    """Why invoice ``number`` cannot be issued on ``day``: after ``today``, before an invoice
    of a lower number was issued, or after one of a higher number was (a draft numbered
    before it). When no day up to today fits, ``override`` allows any day up to today."""
    name, when = label(number), day.isoformat()
    issued = [i for i in invoices if i.issued and i.number != number]
    before = max((i for i in issued if i.number < number),
                 key=lambda i: (i.issued or "", i.number), default=None)  # fmt: skip
    after = min((i for i in issued if i.number > number),
                key=lambda i: (i.issued or "", i.number), default=None)  # fmt: skip
    floor = before.issued if before is not None else None
    ceiling = min(today.isoformat(), after.issued if after and after.issued else "9999")
    if before is not None and floor and floor > ceiling:  # no day fits
        if override and day <= today:
            return None
        if floor > today.isoformat():
            why = f"{name} cannot be dated {when}: {before.label} is dated {floor}, in the future"
            text = f"{why}: " + _WAIT.format(today)
        else:
            assert after is not None
            why = (f"{name} cannot be dated {when}: {before.label} ({floor}) is dated after "
                   f"{after.label} ({after.issued}), out of order")  # fmt: skip
            text = (f"{why}: no day fits between them; void it and invoice anew, or date it "
                    f"{today} with an override")  # fmt: skip
        return DateProblem(text, None, True, f"{before.label} {floor}", why)
    if day > today:
        why = f"{name} cannot be dated {when}, after today"
        return DateProblem(f"{why}: date it {ceiling} at the latest", ceiling, why=why)
    if before is not None and floor and when < floor:
        why = f"{name} cannot be dated {when}: {before.label} was issued on {floor}"
        return DateProblem(f"{why}; date it {floor} or later", floor, why=why)
    if after is not None and after.issued and when > after.issued:
        why = f"{name} cannot be dated {when}: {after.label} was issued on {after.issued}"
        return DateProblem(f"{why}; date it {after.issued} at the latest, or void it and invoice "
                           "anew", after.issued, why=why)  # fmt: skip
    return None


def credit_check(
    invoice: Invoice, day: dt.date, invoices: Iterable[Invoice], today: dt.date, number: int,
    *, override: bool = False,
) -> DateProblem | None:  # fmt: skip
    """Why the credit note ``number`` cancelling issued ``invoice`` cannot be made on ``day``:
    after ``today``, before the invoice's issue date, or before the last credit note's.
    When that floor is after today, ``override`` allows any day up to today."""
    name, when = credit_label(number), day.isoformat()
    last = max((i for i in invoices if i.credit_note is not None and i.credited_on),
               key=lambda i: (i.credited_on or "", i.credit_note or 0), default=None)  # fmt: skip
    floors = [(invoice.issued, f"{invoice.label} was issued on {invoice.issued}", invoice.label)]
    if last is not None and last.credit_note is not None:
        last_name = credit_label(last.credit_note)
        floors.append((last.credited_on, f"{last_name} is dated {last.credited_on}", last_name))
    floor, why, who = max(((d, w, n) for d, w, n in floors if d), default=("", "", ""))
    if floor > today.isoformat():  # no day up to today fits
        if override and day <= today:
            return None
        text = f"{name} cannot be dated {when}: {why}, in the future: " + _WAIT.format(today)
        return DateProblem(text, None, True, f"{who} {floor}")
    if day > today:
        return DateProblem(
            f"{name} cannot be dated {when}, after today: date it {today} at the latest",
            today.isoformat(),
        )
    if invoice.issued and when < invoice.issued:
        return DateProblem(f"{name} cannot be dated {when}: {invoice.label} was issued on "
                           f"{invoice.issued}; date it {invoice.issued} or later",
                           invoice.issued)  # fmt: skip
    if last is not None and last.credited_on and when < last.credited_on:
        return DateProblem(f"{name} cannot be dated {when}: {who} is dated "
                           f"{last.credited_on}; date it {last.credited_on} or later",
                           last.credited_on)  # fmt: skip
    return None


def series_problems(invoices: Iterable[Invoice], today: dt.date) -> Iterator[str]:
    """One line for each date of the invoice and credit-note series that is in the future or
    before the date of a lower number (``check``, ``import``): numbers and dates only."""
    rows = list(invoices)
    issued = sorted((i.number, i.issued, label(i.number)) for i in rows if i.issued)
    credits = sorted((i.credit_note, i.credited_on, credit_label(i.credit_note))
                     for i in rows if i.credit_note is not None and i.credited_on)  # fmt: skip
    for series in (issued, credits):
        latest: tuple[str, str] | None = None  # the latest date so far, and whose
        for _number, when, name in series:
            assert when is not None
            if when > today.isoformat():
                yield f"{name} is dated {when}, in the future"
            if latest is not None and when < latest[0]:
                yield f"{name} is dated {when}, before {latest[1]} ({latest[0]}): out of order"
            if latest is None or when > latest[0]:
                latest = (when, name)


class DraftNotIssued(OutOfOrder):
    """A draft marked paid on a day its number cannot be issued: the day given is the
    payment's, so the way out is to send it first with its own issue date (review r2a #2)."""

    def __init__(self, problem: DateProblem) -> None:
        way = (f"send it first with its issue date {problem.allowed}" if problem.allowed
               else "send it first (no day fits: with an override)")  # fmt: skip
        super().__init__(replace(problem, text=f"{problem.why}; {way}, then mark it paid"))
        self.problem = problem
