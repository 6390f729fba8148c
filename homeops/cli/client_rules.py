"""A client's working rules typed on the command line (issue 14 part 5): ``--terms``,
``--deposit``, ``--feedback``, ``--rounds`` and ``--window`` for ``client add|edit``; and
the business billed (issue 15): ``--company`` and ``--siren``."""

from __future__ import annotations

import argparse

from homeops.cli.common import UserError, user_count, user_line
from homeops.cli.terms_args import add_terms_options, typed_terms
from homeops.rules.bounds import ROUNDS_MAX
from homeops.rules.identity import SIREN_ALLOWED, siren_ok, siren_typed
from homeops.rules.model import Client
from homeops.rules.text import NAME_MAX


def working_rules_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--company",
        metavar="TEXT",
        help="legal name of the business billed, e.g. 'Nordlys Studio SAS' ('' removes it)",
    )
    cmd.add_argument("--siren", metavar="DIGITS",
                     help="its SIREN, 9 digits, spaces allowed ('' removes it)")  # fmt: skip
    add_terms_options(cmd, clearable=True)
    cmd.add_argument(
        "--feedback",
        metavar="TEXT",
        help="how feedback is sent: 'one email per review' ('' removes it)",
    )
    cmd.add_argument("--rounds", metavar="N", help="feedback rounds per review (1 by default)")
    cmd.add_argument("--window", metavar="TEXT",
                     help="when you answer them: 'Mon-Fri 9-10' ('' removes it)")  # fmt: skip


def apply_working_rules(client: Client, args: argparse.Namespace) -> None:
    """Terms, deposit and feedback rules typed (issue 14): ``default`` gives the terms back
    to the settings, '' removes a channel or a window."""
    days, share = typed_terms(args)
    if args.terms is not None:
        client.terms_days = days
    if args.deposit is not None:
        client.deposit_bp = share
    if args.feedback is not None:
        client.feedback_channel = user_line(args.feedback.strip(), "--feedback", NAME_MAX)
    if args.rounds is not None:
        client.feedback_rounds = user_count(args.rounds, "--rounds", ROUNDS_MAX, least=1)
    if args.window is not None:
        client.response_window = user_line(args.window.strip(), "--window", NAME_MAX)
    if args.company is not None:
        if args.company and not args.company.strip():  # review r2a #3: not stored as "-"
            raise UserError("--company: blank; give the business's legal name, or '' to remove it")
        client.company = user_line(args.company.strip(), "--company", NAME_MAX)
    if args.siren is not None:
        typed = siren_typed(args.siren[:60])
        if typed and not siren_ok(typed):
            raise UserError(f"--siren: must be {SIREN_ALLOWED}, or ''")
        client.siren = typed
