"""``homeops keys``: every key binding of the console, its default key and the key in effect."""

from __future__ import annotations

import argparse
import sys

from homeops.cli.common import Context, Passphrases, add_command, print_json


def cmd_keys(ctx: Context, phrases: Passphrases) -> int:
    keymap = ctx.settings.keys.bindings
    # The console's bindings: Textual loads only here, never for the other scripted commands.
    keys = ctx.console.key_table(keymap)
    table = keys.rows
    if ctx.args.json:
        fields = ("id", "where", "default", "current", "changed", "description")
        print_json([{name: getattr(row, name) for name in fields} for row in table])
    else:
        id_width = max(len(row.id) for row in table)
        key_width = max(len(row.default) for row in table)
        now_width = max(len(row.current) + 2 for row in table)  # room for " *"
        print(f"  {'binding id':<{id_width}}  {'default':<{key_width}}  {'now':<{now_width}}  does")
        where = ""
        for row in table:
            if row.where != where:
                where = row.where
                print(f"{where}: {keys.groups[where]}")
            now = row.current + (" *" if row.changed else "")
            print(
                f"  {row.id:<{id_width}}  {row.default:<{key_width}}  {now:<{now_width}}"
                f"  {row.description}"
            )
        if keymap:
            print(f"* from [keys] in {ctx.loaded.path}")
    # The list is what helps fix a wrong [keys]: show it, then say what is wrong.
    if keys.problem is not None:
        print(f"homeops: {ctx.loaded.path}: {keys.problem}", file=sys.stderr)
        return 1
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = add_command(
        sub, "keys", cmd_keys, "list every key binding: its id, default key and key in effect"
    )
    keys.add_argument("--json", action="store_true", help="print JSON")
