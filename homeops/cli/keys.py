"""``homeops keys``: every key binding of the console, its default key and the key in effect."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from homeops.cli.common import Context, Passphrases, add_command, print_json


def cmd_keys(ctx: Context, phrases: Passphrases) -> int:
    # Textual loads only here: the other scripted commands never need it.
    from homeops.tui.keys import GROUPS, KeymapError, check_keymap, rows

    keymap = ctx.settings.keys.bindings
    table = rows(keymap)
    if ctx.args.json:
        print_json([asdict(row) for row in table])
    else:
        id_width = max(len(row.id) for row in table)
        key_width = max(len(row.default) for row in table)
        now_width = max(len(row.current) + 2 for row in table)  # room for " *"
        print(f"  {'binding id':<{id_width}}  {'default':<{key_width}}  {'now':<{now_width}}  does")
        where = ""
        for row in table:
            if row.where != where:
                where = row.where
                print(f"{where}: {GROUPS[where]}")
            now = row.current + (" *" if row.changed else "")
            print(
                f"  {row.id:<{id_width}}  {row.default:<{key_width}}  {now:<{now_width}}"
                f"  {row.description}"
            )
        if keymap:
            print(f"* from [keys] in {ctx.loaded.path}")
    # The list is what helps fix a wrong [keys]: show it, then say what is wrong.
    try:
        check_keymap(keymap)
    except KeymapError as exc:
        print(f"homeops: {ctx.loaded.path}: {exc}", file=sys.stderr)
        return 1
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = add_command(
        sub, "keys", cmd_keys, "list every key binding: its id, default key and key in effect"
    )
    keys.add_argument("--json", action="store_true", help="print JSON")
