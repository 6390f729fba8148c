"""``homeops accept-copy``: keep the vault file as it is when it is behind its high-water mark.

Opening a vault that has fewer changes than its mark says were committed (an older copy put
back, a cut file) or that went another way (a sync conflict) is refused with the numbers.
When that copy is the one to keep, this command says so explicitly: it shows what keeping
it loses, asks (on a terminal; ``--yes`` for scripts), authenticates every record, then sets
the mark to this file. Nothing else changes.
"""

from __future__ import annotations

import argparse
import sys

from homeops.cli.common import Context, Passphrases, UserError, add_command, vault_passphrase
from homeops.services.errors import VaultRolledBack


def _changes(count: int) -> str:
    return f"{count:,} change" + ("" if count == 1 else "s")


def loss_line(refused: VaultRolledBack) -> str:
    """What keeping the copy a ``VaultRolledBack`` refused gives up, in one line."""
    held, marked = refused.file_changes, refused.mark_changes
    if held is None or marked is None:  # another vault's mark, or a file in an older format
        return f"{refused.what}; how many changes this copy lacks cannot be told"
    if marked > held:
        return (
            f"this copy holds {_changes(held)}; its mark says {marked:,} were committed: "
            f"{_changes(marked - held)} will be lost"
        )
    return (
        f"this copy holds {_changes(held)} but went another way from its mark at change "
        f"{marked:,}: what the other copy committed from there will be lost"
    )


def _confirmed(ctx: Context, line: str) -> None:
    """Returns when keeping the copy is confirmed (``--yes``, or "yes" typed on a terminal)."""
    if ctx.args.yes:
        print(line)
        return
    if ctx.args.passphrase_file == "-" or not sys.stdin.isatty():
        raise UserError(f"{line}; pass --yes to keep this copy all the same")
    print(line)
    try:
        answer = input("Keep this copy? Type yes to confirm: ")
    except (EOFError, KeyboardInterrupt):
        answer = ""
    if answer.strip().lower() != "yes":
        raise UserError("not confirmed: nothing changed")


def cmd_accept_copy(ctx: Context, phrases: Passphrases) -> int:
    from homeops.services.vault import judge_copy, open_business

    passphrase = vault_passphrase(ctx, phrases)
    refused = judge_copy(ctx.vault_path, passphrase)
    if refused is None:
        print(f"nothing to accept: {ctx.vault_path} is not behind its high-water mark")
        return 0
    _confirmed(ctx, loss_line(refused))
    with open_business(ctx.vault_path, passphrase, ctx.settings, accept_copy=True) as business:
        for warning in business.warnings:
            print(f"homeops: {warning}", file=sys.stderr)
        changes = business.info()["changes"]
    print(
        f"kept {ctx.vault_path} as it is ({_changes(changes)} committed); "
        "its high-water mark now follows this copy"
    )
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    accept = add_command(
        sub,
        "accept-copy",
        cmd_accept_copy,
        "keep the vault file as it is although it is behind its high-water mark "
        "(shows what that loses, then asks)",
    )
    accept.add_argument("--yes", action="store_true", help="do not ask for confirmation")
