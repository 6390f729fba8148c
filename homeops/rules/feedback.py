"""Per client working rules (issue 14 part 5): how feedback is sent, how many rounds a review
takes, when the freelancer answers, and the client's payment terms and deposit.

One read for the mission screen, ``homeops mission``'s output and the onboarding document
(issue 15). The response window is free text ("Mon-Fri 9-10"): it is said to the client, it
takes nothing off the focus hours (the settings' windows do). Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from homeops.rules.bounds import DAYS_MAX, ROUNDS_MAX
from homeops.rules.invoices import terms_text
from homeops.rules.model import Client
from homeops.rules.text import NAME_MAX, line_problem


@dataclass(frozen=True)
class WorkingRules:
    """What a client agreed to: payment terms in days and a deposit share in basis points
    (None: the settings' default), the feedback channel, rounds per review, and the window
    the freelancer answers them in."""

    terms_days: int | None = None
    deposit_bp: int | None = None
    feedback_channel: str = ""
    feedback_rounds: int = 1
    response_window: str = ""

    @classmethod
    def of(cls, client: Client) -> WorkingRules:
        return cls(
            client.terms_days,
            client.deposit_bp,
            client.feedback_channel,
            client.feedback_rounds,
            client.response_window,
        )

    def feedback_words(self) -> str:
        """``one email per review, 1 round, answers Mon-Fri 9-10``; "" when nothing is set
        (one round and no channel or window is everyone's default)."""
        if not self.feedback_channel and not self.response_window and self.feedback_rounds == 1:
            return ""
        rounds = f"{self.feedback_rounds} round{'' if self.feedback_rounds == 1 else 's'}"
        parts = [self.feedback_channel, rounds]
        if self.response_window:
            parts.append(f"answers {self.response_window}")
        return ", ".join(part for part in parts if part)

    def terms_words(self, default_days: int, locale: str = "fr_FR") -> str:
        """``45 days, deposit 30 %``, or the settings' days with ``(default)``."""
        if self.terms_days is None and self.deposit_bp is None:
            return f"{terms_text(default_days, 0, locale)} (default)"
        days = default_days if self.terms_days is None else self.terms_days
        return terms_text(days, self.deposit_bp or 0, locale)


def working_rules_problems(client: Client) -> list[str]:
    """What the client's working rules cannot hold, one line each (empty when all is well)."""
    problems = [
        problem
        for problem in (
            line_problem(client.feedback_channel, "the feedback channel", NAME_MAX),
            line_problem(client.response_window, "the response window", NAME_MAX),
        )
        if problem
    ]
    if not 1 <= client.feedback_rounds <= ROUNDS_MAX:
        problems.append(f"feedback rounds must be between 1 and {ROUNDS_MAX}")
    if client.terms_days is not None and not 0 <= client.terms_days <= DAYS_MAX:
        problems.append(f"payment terms must be between 0 and {DAYS_MAX:,} days")
    if client.deposit_bp is not None and not 0 <= client.deposit_bp <= 10_000:
        problems.append("the deposit must be a share from 0 to 100 %")
    return problems
