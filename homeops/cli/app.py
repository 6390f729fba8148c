"""The command line: parses, reads the config, runs one command; the vault-level commands.

The entry point (``homeops.main``) hands it the console and the demo's sample business
(``homeops.cli.wiring``): the faces never import each other. User errors print one line on
stderr and exit 1 (2 for usage); ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from homeops.cli.common import (
    Command,
    Context,
    Passphrases,
    Shown,
    UserError,
    add_command,
    global_options,
    json_text,
    open_business,
    out_file,
    print_data,
    print_json,
    quoted,
    quoted_path,
    refuse_vault_clash,
    write_out,
)
from homeops.cli.start import console_options, ending, need_terminal
from homeops.cli.wiring import Console, KeysRefused, SampleFill
from homeops.config import ConfigError, describe, resolve_paths
from homeops.config.load import as_dict
from homeops.services.errors import (
    UnsupportedVersion,
    VaultDamaged,
    VaultError,
    WrongPassphrase,
)

if TYPE_CHECKING:
    from homeops.services import Business

# The commands' modules and the use cases (homeops.services.vault) load when a command is
# parsed or run, not for the console: it draws its unlock screen first (issue 18 point 6).

# -- commands --------------------------------------------------------------------------------


def cmd_console(ctx: Context, phrases: Passphrases) -> int:
    need_terminal()
    try:
        return ctx.console.run(ctx.settings, ctx.vault_path, config_path=ctx.loaded.path)
    except KeysRefused as exc:  # [keys] names no binding, or gives two bindings one key
        raise ConfigError(f"{ctx.loaded.path}: {exc}") from None


def cmd_init(ctx: Context, phrases: Passphrases) -> int:
    from homeops.services import vault as vaults

    if vaults.exists(ctx.vault_path):
        raise UserError(f"a vault already exists at {ctx.vault_path}")
    with vaults.create(ctx.vault_path, phrases.new(), ctx.settings) as business:
        print(f"created {business.path}")
    return 0


def cmd_passwd(ctx: Context, phrases: Passphrases) -> int:
    with open_business(ctx, phrases) as business:
        business.change_passphrase(phrases.new())
    print(
        "passphrase changed, with a new data key: the whole vault was sealed anew "
        "(backups made before keep the old passphrase, and only what they held)"
    )
    return 0


def cmd_check(ctx: Context, phrases: Passphrases) -> int:
    # Read-only: checking writes nothing and works beside an open console.
    # Damage, or a file behind its high-water mark, is an error (one line, exit 1); a torn
    # last change or a missing mark is a notice (on stderr, and in --json's "notices").
    with open_business(ctx, phrases, read_only=True) as business:
        counts, info, notices = business.counts(), business.info(), list(business.warnings)
        summary, wrong = business.ledger_sums_problem()  # issue 18: counted afresh
        if not wrong:  # issue 15 (fix G5): the invoice series' dates, one notice each
            from homeops.cli.invoices import series_notices

            notices += series_notices(business, date.today())
    if wrong:
        raise UserError(summary)
    if summary:
        notices.append(summary)
        print(f"homeops: {summary}", file=sys.stderr)
    if ctx.args.json:
        print_json({"ok": True, "documents": counts, "file": info, "notices": notices})
    else:
        kdf = info["kdf"]
        what = "every whole record" if info["torn_tail"] else "every record"
        torn = "; the last change, cut short, is ignored" if info["torn_tail"] else ""
        print(f"vault OK: {what} authenticated ({sum(counts.values())} documents){torn}")
        for name, count in counts.items():
            print(f"  {name:<10} {count:>8}")
        print(
            f"format {info['format_version']}, {info['file_bytes']} bytes, "
            f"{info['changes']} changes committed, "
            f"{info['journal_records']} since the last compaction, "
            f"{info['backups']} daily backups; Argon2id {kdf['memory_kib'] // 1024} MiB, "
            f"{kdf['iterations']} passes, {kdf['lanes']} lanes"
        )
    return 0


def cmd_backup(ctx: Context, phrases: Passphrases) -> int:
    # never over the vault, its mark, lock, backups, the settings or the passphrase file
    out = out_file(ctx, ctx.args.out, f"homeops-backup-{date.today().isoformat()}.hops")
    if out.exists() and not ctx.args.force:
        raise UserError(f"{quoted_path(out)} exists; pass --force to overwrite it")
    with open_business(ctx, phrases) as business:
        try:
            business.backup_to(out)
        except OSError as exc:  # the path and the OS's reason only
            raise UserError(
                f"cannot write {quoted_path(out)}: {exc.strerror or 'write failed'}"
            ) from None
    print(f"encrypted backup written to {out} (it opens with the current passphrase)")
    return 0


def cmd_restore(ctx: Context, phrases: Passphrases) -> int:
    from homeops.services import vault as vaults

    backup = Path(ctx.args.file)
    if not backup.is_file():
        raise UserError(f"no backup at {quoted_path(backup)}")
    passphrase = phrases.ask("Passphrase of the backup: ")
    # The backup is read whole before anything is replaced: these name it, not the vault.
    try:
        with vaults.restore(backup, ctx.vault_path, passphrase, ctx.settings):
            pass
    except WrongPassphrase:
        raise UserError(
            f"wrong passphrase for the backup {quoted_path(backup)} (a backup opens with the "
            "passphrase in force when it was made)"
        ) from None
    except VaultDamaged as exc:
        raise UserError(
            f"the backup {quoted_path(backup)} is damaged: {exc.detail}; choose another backup"
        ) from None
    except UnsupportedVersion as exc:
        raise UserError(f"the backup {quoted_path(backup)}: {exc}") from None
    print(
        f"restored {ctx.vault_path} from {backup}: the vault now opens with the backup's "
        "passphrase (the one in force when it was made); the vault it replaced is in "
        "backups/, and the high-water mark now follows the restored copy"
    )
    return 0


def cmd_export(ctx: Context, phrases: Passphrases) -> int:
    from homeops.cli import planning as cli_time
    from homeops.rules import ledger_export

    if ctx.args.format == "ics":
        return cli_time.export_ics(ctx, phrases)
    if ctx.args.format not in ("json", "csv", "hledger"):
        raise UserError(
            f"unknown export format {quoted(ctx.args.format)}; allowed: json, csv, hledger, ics"
        )
    with open_business(ctx, phrases, read_only=True) as business:
        if ctx.args.format == "csv":
            text = ledger_export.to_csv(business.cashbook.entries()).rstrip("\n")
        elif ctx.args.format == "hledger":
            text = ledger_export.to_hledger(business.cashbook.entries())
        else:
            data = business.export_data()
            text = json_text(data, indent=2, ensure_ascii=False, sort_keys=True)
    if ctx.args.out:
        ext = {"json": "json", "csv": "csv", "hledger": "journal"}[ctx.args.format]
        name = f"homeops-export-{date.today().isoformat()}.{ext}"
        out = write_out(ctx, ctx.args.out, text + "\n", name)
        print(f"exported to {out} (decrypted: keep it safe, delete it when done)")
    elif ctx.args.format == "json":
        print(text)  # escaped by json_text: exact, and nothing in it drives a terminal
    else:
        print_data(text + "\n")
    return 0


def cmd_import(ctx: Context, phrases: Passphrases) -> int:
    from homeops.cli.invoices import series_notices
    from homeops.services import vault as vaults
    from homeops.services.business import read_import

    try:
        # Checked whole (schema, unique keys, references, the commands' rules and these
        # settings) before any vault is opened or made.
        tables = read_import(Path(ctx.args.file), ctx.settings)
    except OSError as exc:
        raise UserError(
            f"cannot read {quoted_path(ctx.args.file)}: {exc.strerror or 'read failed'}"
        ) from None
    if vaults.exists(ctx.vault_path):
        with open_business(ctx, phrases) as business:
            if any(n for name, n in business.counts().items() if name != "meta") and not (
                ctx.args.replace
            ):
                raise UserError("the vault is not empty; pass --replace to replace its content")
            business.replace_all(tables)
            series_notices(business, date.today())  # imported as they were: check lists them
    else:
        with vaults.create(ctx.vault_path, phrases.new(), ctx.settings) as business:
            business.replace_all(tables)
            series_notices(business, date.today())
    print(f"imported {sum(len(t) for t in tables.values())} documents into {ctx.vault_path}")
    return 0


def cmd_config(ctx: Context, phrases: Passphrases) -> int:
    loaded = ctx.loaded
    if ctx.args.json:
        print_json(as_dict(loaded.settings))
    else:
        print(describe(loaded, ctx.vault_path, ctx.vault_source, ctx.config_source))
    return 0


_DEMO_WORDS = [
    "amber",
    "otter",
    "river",
    "lantern",
    "maple",
    "quartz",
    "harbor",
    "velvet",
    "cedar",
    "falcon",
    "meadow",
    "pepper",
    "signal",
    "tundra",
    "violet",
    "walnut",
    "breeze",
    "copper",
    "delta",
    "ember",
    "fjord",
    "garnet",
    "hazel",
    "island",
]


def cmd_demo(ctx: Context, phrases: Passphrases) -> int:
    import secrets
    import shutil
    import tempfile

    from homeops.services import vault as vaults

    args = ctx.args
    if args.no_console and not args.out:
        raise UserError("--no-console needs --out PATH (a throw-away vault is deleted on exit)")
    if not args.no_console:
        need_terminal()
    console = None if args.no_console else ctx.console
    fill = ctx.sample
    settings = fill.settings()  # the defaults and a fake seller, whatever the user's file says
    if args.out:
        path, throwaway = out_file(ctx, args.out, "demo.hops"), False  # never over the vault
        passphrase = phrases.new("Passphrase for the demo vault")
    else:
        path = Path(tempfile.mkdtemp(prefix="homeops-demo-")) / "demo.hops"
        throwaway = True
        words = [secrets.choice(_DEMO_WORDS) for _ in range(4)]
        passphrase = "-".join(words)
    today = date.today()
    with vaults.create(path, passphrase, settings) as business:
        count = fill(business, args.size, today)
    note = f"demo vault {path} ({count} documents); passphrase: {passphrase}"
    print(note if throwaway else f"demo vault {path} ({count} documents)", file=sys.stderr)
    try:
        if console is not None:
            console.run(settings, path, hint=f"Demo vault — passphrase: {passphrase}")
    finally:
        if throwaway:
            shutil.rmtree(path.parent, ignore_errors=True)
            print("demo vault deleted", file=sys.stderr)
    return 0


# -- parsing ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from homeops.cli import days_off as cli_days_off
    from homeops.cli import documents as cli_documents
    from homeops.cli import keys as cli_keys
    from homeops.cli import missions as cli_missions
    from homeops.cli import money as cli_money
    from homeops.cli import offers as cli_offers
    from homeops.cli import planning as cli_time
    from homeops.cli import privacy as cli_privacy
    from homeops.cli import retainers as cli_retainers
    from homeops.cli import vault as cli_vault

    parser = argparse.ArgumentParser(
        prog="homeops",
        allow_abbrev=False,
        description="Run a one-person business from the terminal: missions, cash flow, capacity.",
    )
    global_options(parser, suppress=False)
    parser.set_defaults(command=cmd_console)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, func: Command, help_text: str) -> argparse.ArgumentParser:
        return add_command(sub, name, func, help_text)

    add("init", cmd_init, "create a new vault")
    demo = add("demo", cmd_demo, "open a throw-away vault filled with sample data")
    demo.add_argument("--size", type=int, metavar="N", help="about N documents (for benchmarks)")
    demo.add_argument("--out", metavar="PATH", help="keep the vault at PATH instead of a temp dir")
    demo.add_argument("--no-console", action="store_true", help="make the vault, do not open it")
    add("passwd", cmd_passwd, "change the vault's passphrase")
    check = add("check", cmd_check, "verify every record and print counts per table")
    check.add_argument("--json", action="store_true", help="print JSON")
    backup = add("backup", cmd_backup, "write an encrypted copy of the vault")
    backup.add_argument("--out", required=True, metavar="FILE", help="where to write it")
    backup.add_argument("--force", action="store_true", help="overwrite FILE")
    restore = add("restore", cmd_restore, "replace the vault with an encrypted backup")
    restore.add_argument("file", metavar="FILE", help="a backup (see backups/ beside the vault)")
    cli_vault.register(sub)
    export = add(
        "export",
        cmd_export,
        "export decrypted: everything as JSON, the ledger as CSV or hledger, the plan as iCalendar",
    )
    export.add_argument(
        "--format",
        default="json",
        help="json (default: the whole vault), csv (the ledger), hledger (the ledger as a journal),"
        " ics (the plan, deadlines and payouts as a calendar)",
    )
    export.add_argument("--out", metavar="FILE", help="write to FILE (0600) instead of stdout")
    imp = add("import", cmd_import, "load a JSON export into a vault (a new one if missing)")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--replace", action="store_true", help="replace a non-empty vault's content")
    config = add("config", cmd_config, "print the settings in effect and where each came from")
    config.add_argument("--json", action="store_true", help="print JSON")
    cli_keys.register(sub)
    cli_missions.register(sub)
    cli_privacy.register(sub)
    cli_money.register(sub)
    cli_time.register(sub)
    cli_days_off.register(sub)
    cli_offers.register(sub)
    cli_retainers.register(sub)  # issue 14 part 4
    cli_documents.register(sub)  # issue 15: doc contract|onboarding|invoice|list
    return parser


def console_args(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The console's arguments when the words are global options only (``start``); None
    otherwise: the whole parser then parses them."""
    args = console_options(argv)
    if args is not None:
        args.command = cmd_console
    return args


def main(
    argv: Sequence[str] | None = None,
    env: dict[str, str] | None = None,
    *,
    console: Console | None = None,
    sample: SampleFill | None = None,
) -> int:
    """Run one command; every line it prints goes through ``Shown`` (text is data).

    ``console`` and ``sample`` come from the entry point (``homeops.main.main``); without
    them the commands that open the console, list its keys or make a demo stop with one line.
    """
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Shown(stdout), Shown(stderr)  # argparse's messages included
    try:
        return _run(argv, env, console, sample)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _run(
    argv: Sequence[str] | None,
    env: dict[str, str] | None,
    console: Console | None,
    sample: SampleFill | None,
) -> int:
    args = console_args(argv) or build_parser().parse_args(argv)
    return run_parsed(args, dict(os.environ if env is None else env), console, sample)


def run_parsed(
    args: argparse.Namespace,
    env: dict[str, str],
    console: Console | None,
    sample: SampleFill | None,
    *,
    lent: Business | None = None,
    phrases: Passphrases | None = None,
) -> int:
    """Run the command ``args`` names, every error as one line (exit 1; 2 for no terminal).

    ``lent`` is a business already open (the console's, for a command typed beside it:
    ``homeops.beside``), used instead of opening the vault; ``phrases`` then refuses to ask."""
    try:
        config_path, config_source, vault_path, vault_source = resolve_paths(
            args.config, args.vault, env
        )
        ctx = Context(
            args, config_path, config_source, vault_path, vault_source, env, console, sample
        )
        ctx.lent = lent
        refuse_vault_clash(ctx)  # before the settings are read (a first run writes them)
        phrases = phrases or Passphrases(args.passphrase_file, sys.stdin)
        if args.command is not cmd_demo:
            ctx.loaded  # noqa: B018 - first run writes the defaults; a bad file stops here
        code: int = args.command(ctx, phrases)
        sys.stdout.flush()  # here, so that a reader gone away (`| head`) is caught below
        return code
    except BrokenPipeError:
        # Whoever read our output stopped (`homeops entries | head`): leave quietly, as
        # other tools do, without a second error when Python flushes at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except (Exception, KeyboardInterrupt) as exc:
        # A bug, or data no check foresaw, says only its kind (its message may quote the
        # vault's content), and the way to see more.
        status, line = ending(exc, debug=args.debug, told=(UserError, VaultError, ConfigError))
        print(line, file=sys.stderr)
        return status
