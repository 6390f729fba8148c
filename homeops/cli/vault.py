"""``homeops accept-copy``: keep the vault file as it is when it is behind its high-water mark.

Opening a vault that has fewer changes than its mark says were committed (an older copy put
back, a cut file) or that went another way (a sync conflict) is refused with the numbers.
When that copy is the one to keep, this command says so explicitly: it authenticates every
record, then sets the mark to this file. Nothing else changes.
"""

from __future__ import annotations

import argparse
import sys

from homeops.cli.common import Context, Passphrases, add_command, vault_passphrase


def cmd_accept_copy(ctx: Context, phrases: Passphrases) -> int:
    from homeops.services.vault import open_business

    passphrase = vault_passphrase(ctx, phrases)
    with open_business(ctx.vault_path, passphrase, ctx.settings, accept_copy=True) as business:
        for warning in business.warnings:
            print(f"homeops: {warning}", file=sys.stderr)
        changes = business.info()["changes"]
    print(
        f"kept {ctx.vault_path} as it is ({changes} changes committed); "
        "its high-water mark now follows this copy"
    )
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_command(
        sub,
        "accept-copy",
        cmd_accept_copy,
        "keep the vault file as it is although it is behind its high-water mark",
    )
