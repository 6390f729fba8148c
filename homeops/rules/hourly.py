"""Hourly work, only with a capped budget (the seed's rule): the cap, its use, what is billed.

An hourly mission has ``hourly_rate_cents > 0``; its ``fee_cents`` plus the fee deltas of its
accepted scope changes is the cap in money, and the cap in hours is that money at the rate.
Logged time is billed at the rate, rounded half up to the cent, never above the cap. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from homeops.rules.bounds import MINUTES_MAX, check_amount
from homeops.rules.hours import parse_minutes
from homeops.rules.invoices import InvoiceLine
from homeops.rules.model import Mission
from homeops.rules.money import format_amount, parse_amount
from homeops.rules.planner import fee_cents

NEAR_BP = 8000  # the warning starts at 80 % of the cap
CAP_RULE = "hourly work needs a cap (--cap 20h or --cap 1200)"


# A cap typed in time names its unit: 20h, 12h30, 90m; a bare number is money.
_IN_TIME = re.compile(r"[0-9]\s*(h|m|min)\s*([0-9]{1,2}\s*(m|min)?)?$", re.ASCII | re.IGNORECASE)


def parse_cap(text: str, rate_cents: int, locale: str = "fr_FR") -> int:
    """The cap typed as time (``20h``, ``12h30``) or money (``1200``, ``1 200,50``), in cents.
    Time is priced at ``rate_cents`` an hour, rounded up to the cent so that the cap in
    minutes is never below the time typed. ``ValueError`` (one line) when it is neither."""
    if _IN_TIME.search(text.strip()):
        minutes = parse_minutes(text)
        # 10 000 h at a high rate can pass what an amount may be
        cents = check_amount((minutes * rate_cents + 59) // 60, "the cap")
    else:
        cents = parse_amount(text, locale)
    if cents < 0:
        raise ValueError("the cap cannot be negative")
    # A cap in money is hours at the rate: from one minute to the bound on time (0: no cap,
    # the callers' CAP_RULE).
    minutes = cents * 60 // rate_cents if rate_cents > 0 else 0
    if cents and minutes < 1:
        raise ValueError("that is less than a minute at this rate (at least 1m)")
    if minutes > MINUTES_MAX:
        raise ValueError(f"that is more than {MINUTES_MAX // 60:,} h at this rate")
    return cents


def is_hourly(mission: Mission) -> bool:
    return mission.hourly_rate_cents > 0


def cap_cents(mission: Mission) -> int:
    """The cap in money, cents: the fee plus accepted scope changes' fee deltas."""
    return fee_cents(mission)


def cap_minutes(mission: Mission) -> int:
    """The cap in whole minutes at the mission's rate (rounded down); 0 for fixed-price work."""
    if not is_hourly(mission):
        return 0
    return max(0, cap_cents(mission)) * 60 // mission.hourly_rate_cents


def time_cents(minutes: int, rate_cents: int) -> int:
    """``minutes`` at ``rate_cents`` an hour, rounded half up to the cent."""
    return (minutes * rate_cents + 30) // 60


def billed_cents(mission: Mission, logged_minutes: int) -> int:
    """What the logged time bills: minutes × rate, never above the cap in money."""
    return min(max(0, cap_cents(mission)), time_cents(logged_minutes, mission.hourly_rate_cents))


@dataclass(frozen=True)
class CapUse:
    """Logged time against the cap: minutes, cents, the share used in basis points (rounded
    down); ``near`` from 80 % of the cap, ``over`` once the cap is used up (100 % or more)."""

    logged: int
    cap_minutes: int
    cap_cents: int
    billed_cents: int
    share_bp: int
    near: bool
    over: bool

    def short(self) -> str:
        """``12h30/20h``, for a board card."""
        return (
            f"{hours_text(self.logged, compact=True)}/{hours_text(self.cap_minutes, compact=True)}"
        )


def use(mission: Mission, logged_minutes: int) -> CapUse:
    """How much of ``mission``'s cap ``logged_minutes`` use."""
    cap = cap_minutes(mission)
    # No cap (a fixed-price mission, or a zero budget): any time logged uses it all.
    share = logged_minutes * 10000 // cap if cap else (10000 if logged_minutes else 0)
    return CapUse(
        logged=logged_minutes,
        cap_minutes=cap,
        cap_cents=max(0, cap_cents(mission)),
        billed_cents=billed_cents(mission, logged_minutes),
        share_bp=share,
        near=logged_minutes * 10000 >= cap * NEAR_BP,
        over=logged_minutes >= cap,
    )


def hours_text(minutes: int, *, compact: bool = False) -> str:
    """``750`` -> ``12 h 30``; ``1200`` -> ``20 h``; ``45`` -> ``0 h 45`` (compact: ``12h30``)."""
    hours, rest = divmod(minutes, 60)
    gap = "" if compact else " "
    if not rest:
        return f"{hours}{gap}h"
    return f"{hours}{gap}h{gap}{rest:02d}"


def time_line(mission: Mission, logged_minutes: int, locale: str = "fr_FR") -> InvoiceLine:
    """The invoice line of an hourly mission's logged time, its amount never above the cap:
    ``12 h 30 at 60,00 €/h (cap 20 h)``."""
    rate = format_amount(mission.hourly_rate_cents, mission.currency, locale)
    text = f"{hours_text(logged_minutes)} at {rate}/h (cap {hours_text(cap_minutes(mission))})"
    return InvoiceLine(
        text=text,
        amount_cents=billed_cents(mission, logged_minutes),
        minutes=logged_minutes,
        rate_cents=mission.hourly_rate_cents,
    )


def warning(mission: Mission, logged_minutes: int) -> str:
    """The warning once ``logged_minutes`` reach 80 % of the cap, else "":
    ``80 % of the cap used: 16 h of 20 h``."""
    if not is_hourly(mission):
        return ""
    now = use(mission, logged_minutes)
    if not now.near:
        return ""
    percent = now.share_bp // 100
    return f"{percent} % of the cap used: {hours_text(now.logged)} of {hours_text(now.cap_minutes)}"


def cap_problem(mission: Mission, logged_minutes: int, minutes: int) -> str:
    """Why ``minutes`` more billable time cannot be logged on ``mission`` (``logged_minutes``
    logged so far), or "": past the cap, only a scope change that raises it makes room."""
    if not is_hourly(mission):
        return ""
    cap = cap_minutes(mission)
    if logged_minutes + minutes <= cap:
        return ""
    left = max(0, cap - logged_minutes)
    ref = mission.id if mission.id is not None else "MISSION"
    return (
        f"{hours_text(minutes)} would go past the cap ({hours_text(left)} of "
        f"{hours_text(cap)} left): raise it first with an accepted scope change (s on the "
        f'mission, or homeops scope add {ref} "what changes" --fee +AMOUNT --accepted)'
    )
