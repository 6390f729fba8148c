"""Client and privacy commands: ``clients``, ``client add|edit|show|export|erase``,
``register``, ``ai log|list``.

Messages never repeat personal data: an unknown alias is "no client with that alias", a bad
e-mail is "E-mail does not look like an e-mail address".
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from homeops.cli.client_rules import apply_working_rules, working_rules_options
from homeops.cli.common import (
    Context,
    Passphrases,
    UserError,
    add_command,
    maybe_id,
    open_business,
    out_file,
    print_json,
    quoted_path,
    user_date,
    user_id,
    user_line,
    user_text,
    write_file,
    write_out,
)
from homeops.cli.tables import Column, print_table
from homeops.rules import privacy
from homeops.rules.documents_records import files_lines
from homeops.rules.erasure import KEPT_BASIS, Finding, findings_lines
from homeops.rules.feedback import WorkingRules, working_rules_problems
from homeops.rules.model import (
    AI_SHARED,
    AI_TASKS,
    LAWFUL_BASES,
    PERSONAL_FIELDS,
    PURPOSES,
    AIUse,
    Client,
    PersonalField,
)
from homeops.rules.offers import CHANNELS
from homeops.rules.text import LINE_MAX, NAME_MAX, shown

if TYPE_CHECKING:
    from homeops.services import Business


def years_of(ctx: Context) -> privacy.RetentionYears:
    from homeops.services.clients import retention_years

    return retention_years(ctx.settings)


def _today(ctx: Context) -> date:
    return date.today()


def _day(text: str | None, what: str) -> str | None:
    if text is None or text == "":
        return None
    return user_date(text, what).isoformat()


def _alias(text: str) -> str:
    return user_line(text.strip(), "the alias", NAME_MAX)


#: The longest value of each personal field: names are short, an address is one line.
FIELD_MAX = {"name": NAME_MAX, "email": NAME_MAX, "phone": NAME_MAX}


def _get_client(business: Business, alias: str) -> Client:
    from homeops.services.errors import UnknownClient

    try:  # a lookup: whatever an older vault holds
        return business.clients.get(alias)
    except UnknownClient as exc:
        raise UserError(str(exc)) from None


def _apply_options(client: Client, args: argparse.Namespace) -> None:
    if args.prospect:
        client.status = "prospect"
    if args.client:
        client.status = "client"
    if args.basis is not None:
        client.lawful_basis = args.basis
    for name in PERSONAL_FIELDS:
        value = getattr(args, name)
        purpose = getattr(args, f"{name}_purpose")
        current = getattr(client, name)
        if value is not None:
            option = "--" + name.replace("_", "-")
            value = user_line(value, option, FIELD_MAX.get(name, LINE_MAX))
            if value.strip():
                chosen = purpose or (current.purpose if current else None)
                chosen = chosen or privacy.default_purpose(name, client.status)
                setattr(client, name, PersonalField(value.strip(), chosen))
            else:
                setattr(client, name, None)  # an empty value removes the field
        elif purpose is not None:
            if current is None:
                raise UserError(f"--{name.replace('_', '-')}-purpose needs a value to tag")
            current.purpose = purpose
    for attr, option, what in (
        ("first_contact", args.first_contact, "--first-contact"),
        ("last_contact", args.last_contact, "--last-contact"),
        ("relationship_ended", args.ended, "--ended"),
    ):
        if option is not None:
            setattr(client, attr, _day(option, what))
    if args.notes is not None:
        client.notes = user_text(args.notes, "--notes")
    if args.source is not None:  # where the client came from (issue 16: results per channel)
        client.source = None if args.source == "none" else args.source
    apply_working_rules(client, args)


def _check(client: Client) -> None:
    problems = privacy.client_problems(client) + working_rules_problems(client)
    if problems:
        raise UserError("; ".join(problems))
    for warning in privacy.notes_warnings(client.notes):
        print(f"homeops: warning: {warning}; keep personal data in the personal fields")


def cmd_client_add(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    client = Client(alias=_alias(args.alias), first_contact=_today(ctx).isoformat())
    client.last_contact = client.first_contact
    if args.prospect:
        client.lawful_basis = "legitimate interest"
    _apply_options(client, args)
    _check(client)
    from homeops.services.errors import AliasTaken

    with open_business(ctx, phrases) as business:
        try:
            business.clients.add(client)
        except AliasTaken as exc:
            raise UserError(str(exc)) from None
    print(f"client {client.id} added ({shown(client.status)}, "
          f"lawful basis: {shown(client.lawful_basis)})")  # fmt: skip
    return 0


def cmd_client_edit(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    with open_business(ctx, phrases) as business:
        client = _get_client(business, args.alias)
        if client.status == "erased":
            raise UserError("that client's personal data is erased; it cannot be edited")
        _apply_options(client, args)
        _check(client)
        business.clients.update(client)
    print(f"client {client.id} saved")
    return 0


def _client_json(client: Client, years: privacy.RetentionYears, today: date) -> dict[str, Any]:
    state = privacy.retention(client, years, today)
    return {
        **asdict(client),
        "retention": {"status": state.state, "until": state.until and state.until.isoformat()},
    }


def cmd_clients(ctx: Context, phrases: Passphrases) -> int:
    years, today = years_of(ctx), _today(ctx)
    with open_business(ctx, phrases, read_only=True) as business:
        clients = business.clients.list()
    if ctx.args.due:
        clients = [c for c in clients if privacy.retention(c, years, today).due_for_review]
    if ctx.args.json:
        print_json([_client_json(c, years, today) for c in clients])
        return 0
    if not clients:
        print("no clients due for review" if ctx.args.due else "no clients yet")
        return 0
    rows = []
    for c in clients:
        purposes = sorted({f.purpose for f in c.personal_fields().values()})
        state = privacy.retention(c, years, today)
        rows.append([str(c.id), c.alias, c.status, ", ".join(purposes) or "-", state.label()])
    print_table(CLIENT_COLUMNS, rows)
    return 0


CLIENT_COLUMNS = (
    Column("id", right=True),
    Column("client"),
    Column("status"),
    Column("personal data kept for"),
    Column("retention", shrink=True),
)


def cmd_client_show(ctx: Context, phrases: Passphrases) -> int:
    years, today = years_of(ctx), _today(ctx)
    with open_business(ctx, phrases, read_only=True) as business:
        client = _get_client(business, ctx.args.alias)
    if ctx.args.json:
        print_json(_client_json(client, years, today))
        return 0
    state = privacy.retention(client, years, today)
    print(
        f"{shown(client.alias)} ({shown(client.status)}), "
        f"lawful basis: {shown(client.lawful_basis)}"
    )
    for name in PERSONAL_FIELDS:
        value = getattr(client, name)
        text = f"{shown(value.value)}  [{shown(value.purpose)}]" if value else "-"
        print(f"  {privacy.FIELD_LABELS[name]:<16} {text}")
    print(f"  Company          {shown(client.company or '-')}")
    print(f"  SIREN            {shown(client.siren or '-')}")
    print(f"  Source           {shown(client.source or '-')}")
    print(f"  First contact    {shown(client.first_contact or '-')}")
    print(f"  Last contact     {shown(client.last_contact or '-')}")
    print(f"  Relationship end {shown(client.relationship_ended or '-')}")
    print(f"  Retention        {shown(state.label())}")
    rules = WorkingRules.of(client)
    money = ctx.settings.money
    print(f"  Payment terms    {rules.terms_words(money.payment_terms_days, money.locale)}")
    print(f"  Feedback         {shown(rules.feedback_words() or '-')}")
    if client.notes:  # a block of text: its own lines, indented under the label
        notes = shown(client.notes, lines=True).replace("\n", "\n" + " " * 19)
        print(f"  Notes            {notes}")
    return 0


def cmd_client_export(ctx: Context, phrases: Passphrases) -> int:
    alias = "".join(
        c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in ctx.args.alias
    )
    name = f"homeops-export-{alias}-{_today(ctx).isoformat()}.json"  # no "/" from the alias
    out = out_file(ctx, ctx.args.out, name)  # as the console names it (a folder gets it)
    if out.exists() and not ctx.args.force:
        raise UserError(f"{quoted_path(out)} exists; pass --force to overwrite it")
    from homeops.services.clients import export_json
    from homeops.services.errors import UnknownClient

    with open_business(ctx, phrases, read_only=True) as business:
        try:
            data = business.clients.export(ctx.args.alias, _today(ctx))
        except UnknownClient as exc:
            raise UserError(str(exc)) from None
    write_file(out, export_json(data))
    count = sum(len(r) for r in data["records"].values())
    print(f"exported the client and {count} linked records to {out} (decrypted: keep it safe)")
    if data["files"]:  # the access request covers the documents written outside the vault
        print(f"files outside the vault written for the client ({len(data['files'])}, "
              "listed in the export too):")  # fmt: skip
        for path in data["files"]:
            print(f"  {shown(path)}")
    return 0


def _findings_json(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    return [
        {
            "table": f.table,
            "id": f.id,
            "record": f.label,
            "fields": list(f.fields),
            "action": "kept" if f.kept else "redacted",
            "basis": KEPT_BASIS if f.kept else None,
            "kept_until": f.kept_until.isoformat() if f.kept_until else None,
        }
        for f in findings
    ]


def _files_json(files: Sequence[str]) -> list[dict[str, Any]]:
    """The documents' files, beside the findings: their records go, the files stay."""
    return [{"table": "documents", "file": path, "action": "record removed; delete the file",
             "basis": None, "kept_until": None} for path in files]  # fmt: skip


def cmd_client_erase(ctx: Context, phrases: Passphrases) -> int:
    """Show what erasing finds (record ids and fields, never the text), then erase: after the
    alias is typed back on a terminal, at once with ``--yes``; ``--dry-run`` only shows."""
    from homeops.services.errors import AlreadyErased, ErasedNotPurged, UnknownClient

    args = ctx.args
    if args.json and not args.dry_run:
        raise UserError("--json goes with --dry-run")
    ask = not args.yes and not args.dry_run
    if ask and (args.passphrase_file == "-" or not sys.stdin.isatty()):
        raise UserError(
            "erasure cannot be undone; pass --yes to confirm (--dry-run shows what it finds)"
        )
    with open_business(ctx, phrases, read_only=args.dry_run) as business:
        try:
            if args.dry_run or ask:
                findings = business.clients.findings(args.alias)
                files = business.clients.document_files(args.alias)
                if args.json:
                    print_json(_findings_json(findings) + _files_json(files))
                    return 0
                for line in findings_lines(findings) + files_lines(files, years_of(ctx).accounting):
                    print(line)
                if args.dry_run:
                    print("Nothing erased (--dry-run).")
                    return 0
                try:
                    answer = input("Erase for good? Type the alias to confirm: ")
                except (EOFError, KeyboardInterrupt):
                    answer = ""
                if answer.strip() != args.alias.strip():
                    raise UserError("the alias typed does not match: nothing erased")
            try:
                done = business.clients.erase(args.alias, _today(ctx))
            except ErasedNotPurged as exc:  # recorded: the files still need the user
                for line in files_lines(exc.files, years_of(ctx).accounting):
                    print(line)
                raise
        except (UnknownClient, AlreadyErased) as exc:
            raise UserError(str(exc)) from None
    if not ask:  # shown before the question otherwise
        files = files_lines(done.files, years_of(ctx).accounting)
        for line in findings_lines(done.findings) + files:
            print(line)
    print(done.summary())
    return 0


def cmd_register(ctx: Context, phrases: Passphrases) -> int:
    with open_business(ctx, phrases, read_only=True) as business:
        text = business.clients.register(_today(ctx))
    if ctx.args.out:
        name = f"homeops-register-{_today(ctx).isoformat()}.md"
        out = write_out(ctx, ctx.args.out, text, name)
        print(f"record of processing written to {out}")
    else:
        print(text, end="")
    return 0


def cmd_ai_log(ctx: Context, phrases: Passphrases) -> int:
    args = ctx.args
    record = AIUse(
        date=_day(args.date, "--date") or _today(ctx).isoformat(),
        mission_id=user_id(args.mission, "mission"),
        tool=user_line(args.tool.strip(), "--tool", NAME_MAX),
        task=args.task,
        shared=args.shared,
        human_review=not args.no_review,
        client_informed=args.client_informed,
    )
    problems = privacy.ai_use_problems(record)
    if problems:
        raise UserError("; ".join(problems))
    from homeops.services.errors import NotFound

    with open_business(ctx, phrases) as business:
        try:
            business.ai_use.record(record)
        except NotFound:
            raise UserError(f"no mission with id {record.mission_id}") from None
    print(f"AI use {record.id} recorded on mission {record.mission_id}")
    warning = privacy.ai_use_warning(record)
    if warning:
        print(f"homeops: warning: {warning}", file=sys.stderr)
    return 0


def cmd_ai_list(ctx: Context, phrases: Passphrases) -> int:
    mission_id = maybe_id(ctx.args.mission, "mission")
    with open_business(ctx, phrases, read_only=True) as business:
        ai_use = business.ai_use
        records = ai_use.for_mission(mission_id) if mission_id is not None else ai_use.list()
    if ctx.args.json:
        print_json([asdict(r) for r in records])
        return 0
    if not records:
        print("no AI use recorded")
        return 0
    print_table(
        AI_USE_COLUMNS,
        [
            [r.date, str(r.mission_id), r.tool, r.task, r.shared,
             "yes" if r.human_review else "no", "yes" if r.client_informed else "no"]
            for r in records
        ],
    )  # fmt: skip
    # A warning is a sentence: under the table, whole, rather than cut in a column.
    for r in records:
        warning = privacy.ai_use_warning(r)
        if warning:
            print(f"! mission {r.mission_id}, {shown(r.date)}: {shown(warning)}")
    return 0


# No record id: no command takes one (--json has it), and without it the table fits 80
# columns with the tool's name whole up to 11 cells.
AI_USE_COLUMNS = (
    Column("date"),
    Column("mission", right=True),
    Column("tool", shrink=True),
    Column("task"),
    Column("shared"),
    Column("review"),
    Column("told"),
)


def _client_options(cmd: argparse.ArgumentParser, *, editing: bool) -> None:
    status = cmd.add_mutually_exclusive_group()
    status.add_argument("--prospect", action="store_true", help="a prospect (not a client yet)")
    status.add_argument("--client", action="store_true", help="a client" + (
        "" if editing else " (default)"))  # fmt: skip
    cmd.add_argument("--basis", choices=LAWFUL_BASES, help="lawful basis (GDPR Art. 6)")
    for name in PERSONAL_FIELDS:
        flag = name.replace("_", "-")
        label = privacy.FIELD_LABELS[name].lower()
        cmd.add_argument(f"--{flag}", metavar="TEXT", help=f"{label} ('' removes it)")
        cmd.add_argument(
            f"--{flag}-purpose", dest=f"{name}_purpose", choices=PURPOSES,
            help=f"why the {label} is kept",
        )  # fmt: skip
    cmd.add_argument("--first-contact", metavar="YYYY-MM-DD")
    cmd.add_argument("--last-contact", metavar="YYYY-MM-DD")
    cmd.add_argument("--ended", metavar="YYYY-MM-DD", help="end of the relationship")
    cmd.add_argument("--notes", metavar="TEXT", help="free text, no personal data")
    cmd.add_argument(
        "--source", choices=(*CHANNELS, "none"),
        help="where the client came from (acquisition channel; 'none' removes it)",
    )  # fmt: skip
    working_rules_options(cmd)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    clients = add_command(sub, "clients", cmd_clients, "list clients and their retention status")
    clients.add_argument("--due", action="store_true", help="only those due for review")
    clients.add_argument("--json", action="store_true", help="print JSON")

    client = add_command(sub, "client", None, "add, edit, show, export or erase a client")
    actions = client.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = add_command(actions, "add", cmd_client_add, "add a client known by ALIAS")
    add.add_argument("alias", metavar="ALIAS", help="short pseudonym, e.g. acme-mag")
    _client_options(add, editing=False)
    edit = add_command(actions, "edit", cmd_client_edit, "change a client's fields")
    edit.add_argument("alias", metavar="ALIAS")
    _client_options(edit, editing=True)
    show = add_command(actions, "show", cmd_client_show, "print one client")
    show.add_argument("alias", metavar="ALIAS")
    show.add_argument("--json", action="store_true", help="print JSON")
    export = add_command(
        actions, "export", cmd_client_export, "write everything held about a client as JSON"
    )
    export.add_argument("alias", metavar="ALIAS")
    export.add_argument("--out", required=True, metavar="FILE", help="written 0600, decrypted")
    export.add_argument("--force", action="store_true", help="overwrite FILE")
    erase = add_command(actions, "erase", cmd_client_erase,
                        "erase a client's personal data (shows what it finds first)")  # fmt: skip
    erase.add_argument("alias", metavar="ALIAS")
    how = erase.add_mutually_exclusive_group()
    how.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    how.add_argument("--dry-run", action="store_true",
                     help="only show what erasing would redact and keep")  # fmt: skip
    erase.add_argument("--json", action="store_true", help="with --dry-run: print JSON")

    reg = add_command(sub, "register", cmd_register, "print the record of processing (Art. 30)")
    reg.add_argument("--out", metavar="FILE", help="write the Markdown to FILE")

    ai = add_command(sub, "ai", None, "record or list uses of AI tools on missions")
    ai_actions = ai.add_subparsers(title="actions", metavar="ACTION", required=True)
    log = add_command(ai_actions, "log", cmd_ai_log, "record one use of an AI tool")
    log.add_argument("mission", metavar="MISSION_ID")
    log.add_argument("--tool", required=True, metavar="TEXT", help="tool and model")
    log.add_argument("--task", required=True, choices=AI_TASKS)
    log.add_argument("--shared", default=AI_SHARED[0], choices=AI_SHARED,
                     help="what was given to the tool (default: nothing personal)")  # fmt: skip
    log.add_argument("--no-review", action="store_true", help="no human review of the output")
    log.add_argument("--client-informed", action="store_true", help="the client was told")
    log.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    lst = add_command(ai_actions, "list", cmd_ai_list, "list the recorded uses of AI tools")
    lst.add_argument("mission", nargs="?", metavar="MISSION_ID")
    lst.add_argument("--json", action="store_true", help="print JSON")
