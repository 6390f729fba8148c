"""Document commands (issue 15): ``doc contract|onboarding MISSION``, ``doc invoice N``
(``--facturx``) and ``doc list``.

Each writes one file privately (0600) and records it in the vault, so that erasing a client
lists the files to delete (``homeops.services.documents``); it prints the path written.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from homeops.cli.common import (
    Context,
    Passphrases,
    UserError,
    add_command,
    open_business,
    print_json,
    quoted_path,
    reads,
    today_of,
    user_line,
)
from homeops.cli.tables import Column, print_table
from homeops.config.settings import DOCUMENT_LANGS
from homeops.rules.text import NAME_MAX, shown


def _write(ctx: Context, phrases: Passphrases, kind: str) -> int:
    from homeops.services.errors import (
        ChangesWait,
        DocumentNotWritten,
        DocumentRefused,
        MissingIdentity,
        TemplateError,
    )

    args = ctx.args
    fmt = args.format
    if getattr(args, "facturx", False):
        if fmt == "md":
            raise UserError("--facturx is a PDF: leave out --format md")
        fmt = "facturx"
    ref = user_line(args.ref, "the invoice number" if kind == "invoice" else "the mission id")
    out = user_line(args.out, "--out", 4096) if args.out else None  # "DIR/": a folder
    with open_business(ctx, phrases) as business:
        business.paperwork.use_templates_of(ctx.loaded.path)
        business.paperwork.passphrase_file = ctx.args.passphrase_file  # never written over
        try:
            written = business.paperwork.write(
                kind, ref, fmt=fmt, lang=args.lang, out=out, today=today_of(ctx)
            )
        except DocumentNotWritten as exc:  # the path only: never the disk's other details
            hint = ""
            parent = exc.path.parent  # a missing folder, not a file where a folder should be
            if out is not None and not out.endswith("/") and not parent.exists():
                hint = " (end --out with / to create the folder)"  # only DIR/ is made
            raise UserError(f"cannot write {quoted_path(exc.path)}: {exc.reason}{hint}") from None
        except (DocumentRefused, MissingIdentity, TemplateError, ChangesWait) as exc:
            raise UserError(str(exc)) from None
    if written.warning:
        print(f"homeops: warning: {written.warning}", file=sys.stderr)
    if args.json:
        print_json({"kind": written.kind, "ref": written.ref, "path": str(written.path),
                    "format": written.fmt, "lang": written.lang})  # fmt: skip
    else:
        print(f"{written.ref} {written.kind} written to {written.path} "
              "(personal data: keep it private)")  # fmt: skip
    return 0


def cmd_doc_contract(ctx: Context, phrases: Passphrases) -> int:
    return _write(ctx, phrases, "contract")


def cmd_doc_onboarding(ctx: Context, phrases: Passphrases) -> int:
    return _write(ctx, phrases, "onboarding")


def cmd_doc_invoice(ctx: Context, phrases: Passphrases) -> int:
    return _write(ctx, phrases, "invoice")


LIST_COLUMNS = (
    Column("date"),
    Column("document"),
    Column("ref"),
    Column("client"),
    Column("format"),
    Column("path"),  # whole: a path cut short names no file (the one to delete)
)


@reads("clients", "documents")
def cmd_doc_list(ctx: Context, phrases: Passphrases) -> int:
    alias = user_line(ctx.args.client.strip(), "--client", NAME_MAX) if ctx.args.client else None
    from homeops.services.errors import UnknownClient

    with open_business(ctx, phrases, read_only=True) as business:
        try:
            records = business.paperwork.listed(alias)
        except UnknownClient as exc:
            raise UserError(str(exc)) from None
    if ctx.args.json:
        print_json([_record_json(r) for r in records])
        return 0
    if not records:
        print("no documents written" + (f" for {shown(alias)}" if alias else ""))
        return 0
    print_table(
        LIST_COLUMNS,
        [[r.date, r.kind, r.ref, r.client_alias, f"{r.fmt} {r.lang}", r.path] for r in records],
    )
    return 0


def _record_json(record: Any) -> dict[str, Any]:
    return {
        "kind": record.kind,
        "ref": record.ref,
        "mission_id": record.mission_id,
        "invoice_number": record.invoice_number,
        "client_alias": record.client_alias,
        "path": record.path,
        "format": record.fmt,
        "lang": record.lang,
        "date": record.date,
    }


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doc = add_command(sub, "doc", None, "write a contract, an onboarding form or an invoice")
    actions = doc.add_subparsers(title="documents", metavar="DOCUMENT", required=True)
    for name, func, what, text in (
        ("contract", cmd_doc_contract, "MISSION", "the mission's one-page contract"),
        ("onboarding", cmd_doc_onboarding, "MISSION", "what you need from the client"),
        ("invoice", cmd_doc_invoice, "N", "an invoice (a void one: its credit note)"),
    ):
        cmd = add_command(actions, name, func, text)
        cmd.add_argument("ref", metavar=what, help="mission id" if what == "MISSION" else
                         "invoice number (7 or F-0007)")  # fmt: skip
        cmd.add_argument("--format", choices=("md", "pdf"), default="pdf", help="default: pdf")
        if name == "invoice":
            cmd.add_argument(
                "--facturx", action="store_true", help="a Factur-X PDF (the XML embedded)"
            )
        cmd.add_argument(
            "--out",
            metavar="FILE|FOLDER",
            help="the file, or a folder to write in (DIR/: made if missing)",
        )
        cmd.add_argument("--lang", choices=DOCUMENT_LANGS, help="default: [documents] lang")
        cmd.add_argument("--json", action="store_true", help="print what was written as JSON")
    listing = add_command(actions, "list", cmd_doc_list, "the documents written")
    listing.add_argument("--client", metavar="ALIAS", help="only this client's")
    listing.add_argument("--json", action="store_true", help="print JSON")
