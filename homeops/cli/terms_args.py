"""``--terms DAYS`` and ``--deposit 30%``: the payment terms and deposit share typed for a
mission or an offer (issue 14 part 2), checked before the vault opens."""

from __future__ import annotations

import argparse

from homeops.cli.common import UserError, user_count
from homeops.rules import invoices as inv
from homeops.rules.bounds import DAYS_MAX

DEFAULT = "default"  # an offer's terms or deposit left to the client, else the settings


def add_terms_options(parser: argparse.ArgumentParser, *, clearable: bool = False) -> None:
    """The two options; ``clearable``: ``default`` gives the choice back (an offer)."""
    back = f" ({DEFAULT}: the client's, else the settings')" if clearable else ""
    parser.add_argument("--terms", metavar="DAYS", help=f"payment terms in days{back}")
    parser.add_argument("--deposit", metavar="SHARE", help=f"deposit share, e.g. 30%%{back}")


def typed_terms(args: argparse.Namespace) -> tuple[int | None, int | None]:
    """The days and share typed (None: not typed, or ``default`` where allowed)."""
    days = share = None
    if args.terms is not None and args.terms.strip() != DEFAULT:
        days = user_count(args.terms, "--terms", DAYS_MAX)
    if args.deposit is not None and args.deposit.strip() != DEFAULT:
        try:
            share = inv.parse_share(args.deposit)
        except ValueError as exc:
            raise UserError(f"--deposit: {exc}") from None
    return days, share
