"""Privacy rules as plain functions: retention dates, review status, the notes warning,
what an erasure did in words, and the record of processing (GDPR Art. 30) as Markdown.
Finding and redacting a client's data in every record is ``homeops.rules.erasure``.

No I/O: ``homeops/services/clients.py`` applies these to the vault, the CLI and the console
show the results. Dates are ISO strings in records and ``datetime.date`` in arguments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from homeops.rules.documents_records import register_lines

# The erasure rules moved to homeops.rules.erasure; their names stay importable from here.
from homeops.rules.erasure import ERASED_MARK as ERASED_MARK
from homeops.rules.erasure import alias_pattern as alias_pattern
from homeops.rules.erasure import erasure_patterns as erasure_patterns
from homeops.rules.erasure import mentions
from homeops.rules.erasure import scrub as scrub
from homeops.rules.identity import SIREN_ALLOWED, siren_ok
from homeops.rules.model import (
    AI_SHARED,
    AI_TASKS,
    LAWFUL_BASES,
    PERSONAL_FIELDS,
    PURPOSES,
    AIUse,
    Client,
)
from homeops.rules.text import NAME_MAX, line_problem, markdown_text

FIELD_LABELS = {
    "name": "Name",
    "email": "E-mail",
    "phone": "Phone",
    "billing_address": "Billing address",
}
STATUSES = ("prospect", "client")


@dataclass(frozen=True)
class RetentionYears:
    """How long data is kept, in whole years. No defaults here: the settings hold them
    (``[privacy]`` in config.toml, ``config.settings.PrivacySettings``)."""

    prospect: int  # after the last contact with a prospect
    client: int  # after the end of a client relationship
    accounting: int  # invoices and ledger entries (legal accounting retention)


@dataclass(frozen=True)
class Retention:
    """Where a client stands: ``state`` is ``ongoing``, ``kept``, ``review`` or ``erased``."""

    state: str
    until: dt.date | None = None
    reason: str = ""

    @property
    def due_for_review(self) -> bool:
        return self.state == "review"

    def label(self) -> str:
        """A few words for lists: ``kept until 2029-06-01``, ``due for review``…"""
        if self.state == "review":
            return "due for review"
        if self.state == "kept":
            return f"kept until {self.until}"
        if self.state == "erased":
            return "erased"
        return "ongoing"


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` plus whole years; 29 February becomes 28 February in a common year."""
    if day.year + years > dt.MAXYEAR:  # a date stored near year 9999: the calendar's end
        return dt.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def retention_date(client: Client, years: RetentionYears) -> dt.date | None:
    """The day the client's personal data should be erased, or None while it is still needed.

    Prospects: ``years.prospect`` after the last contact (or the first, if none). Clients:
    ``years.client`` after the relationship ended; an ongoing relationship has no date yet.
    """
    if client.status == "erased":
        return None
    if client.status == "prospect":
        start = _day(client.last_contact) or _day(client.first_contact)
        return add_years(start, years.prospect) if start else None
    ended = _day(client.relationship_ended)
    return add_years(ended, years.client) if ended else None


def retention(client: Client, years: RetentionYears, today: dt.date) -> Retention:
    """The client's retention status on ``today``: past the date means due for review."""
    if client.status == "erased":
        return Retention("erased", _day(client.erased), "personal data erased")
    until = retention_date(client, years)
    if until is None:
        if client.status == "prospect":
            return Retention("review", today, "prospect without any contact date")
        return Retention("ongoing", None, "relationship ongoing")
    if until <= today:
        return Retention("review", until, "retention period over")
    return Retention("kept", until)


def accounting_until(client: Client, years: RetentionYears) -> dt.date | None:
    """Until when invoices and ledger entries of this client are kept (legal retention)."""
    ended = _day(client.relationship_ended) or _day(client.erased)
    return add_years(ended, years.accounting) if ended else None


# -- what people type ----------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of 9 to 15 digits, maybe opened by + or (0), with spaces, dots, dashes or slashes
# between groups: phone numbers, not dates (8 digits) or amounts.
_PHONE = re.compile(r"(?<![\w.,/-])(?:\+|00)?\(?\d[\d\s().\-/]{7,20}\d(?![\w.,/-]*\d)")
_ALIAS = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def notes_warnings(text: str) -> list[str]:
    """Warnings when free text seems to hold personal data (e-mail address, phone number).

    The warning says what was seen, never the data itself (it may end up in a log).
    """
    found: list[str] = []
    if _EMAIL.search(text):
        found.append("the notes look like they hold an e-mail address")
    phones = [m.group(0) for m in _PHONE.finditer(text)]
    if any(9 <= _digits(p) <= 15 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", p) for p in phones):
        found.append("the notes look like they hold a phone number")
    return found


ALIAS_RULE = "1-40 lower-case letters, digits, '.', '_' or '-' (a pseudonym)"


def alias_problem(alias: str) -> str | None:
    """Why ``alias`` cannot name a client (one line), or None when it can."""
    if not _ALIAS.fullmatch(alias):
        return f"the alias must be {ALIAS_RULE}"
    if _EMAIL.search(alias) or _digits(alias) >= 9:
        return "the alias must be a pseudonym, not an e-mail address or a phone number"
    return None


def client_problems(client: Client) -> list[str]:
    """What is wrong with ``client`` before it may be stored (empty: fine). One line each."""
    problems: list[str] = []
    alias = alias_problem(client.alias)
    if alias:
        problems.append(alias)
    if client.status not in (*STATUSES, "erased"):
        problems.append(f"status must be one of: {', '.join(STATUSES)}")
    if client.lawful_basis not in LAWFUL_BASES:
        problems.append(f"lawful basis must be one of: {', '.join(LAWFUL_BASES)}")
    for name, value in client.personal_fields().items():
        label = FIELD_LABELS[name]
        if not value.value.strip():
            problems.append(f"{label} is empty: leave the field out instead")
        if value.purpose not in PURPOSES:
            problems.append(f"{label} needs a purpose: one of {', '.join(PURPOSES)}")
    email = client.email
    if email is not None and email.value.strip() and not _EMAIL.fullmatch(email.value.strip()):
        problems.append("E-mail does not look like an e-mail address")
    phone = client.phone
    if phone is not None and phone.value.strip() and not 6 <= _digits(phone.value) <= 15:
        problems.append("Phone does not look like a phone number")
    days = {}
    for label, text in (
        ("first contact", client.first_contact),
        ("last contact", client.last_contact),
        ("end of relationship", client.relationship_ended),
    ):
        if text:
            day = _day(text)
            if day is None:
                problems.append(f"{label} is not a date (YYYY-MM-DD)")
            days[label] = day
    first, last = days.get("first contact"), days.get("last contact")
    if first and last and last < first:
        problems.append("last contact is before first contact")
    company = line_problem(client.company, "the company name", NAME_MAX)
    if company:
        problems.append(company)
    if client.siren and not siren_ok(client.siren):
        problems.append(f"the SIREN must be {SIREN_ALLOWED} (or nothing)")
    return problems


def default_purpose(field_name: str, status: str) -> str:
    """The purpose a personal field gets when none is chosen."""
    if status == "prospect":
        return "prospecting"
    return "invoicing" if field_name == "billing_address" else "contract"


# -- erasure --------------------------------------------------------------------------------


#: What an erasure empties, in the order its summary names them, with their words.
_EMPTIED_WORDS = {
    "name": "name", "email": "e-mail", "phone": "phone", "billing_address": "billing address",
    "company": "company", "siren": "SIREN", "notes": "notes", "source": "source",
    "contact_dates": "contact dates", "working_terms": "working terms",
}  # fmt: skip


def emptied_fields(client: Client) -> tuple[str, ...]:
    """The client's fields an erasure empties that held something (``name``, ...,
    ``company``, ``siren``, ``notes``; ``contact_dates`` for the first and last contact,
    ``working_terms`` for the payment terms, deposit and feedback habits): what its summary
    lists, never their values."""
    held = {name: getattr(client, name) is not None and bool(getattr(client, name).value.strip())
            for name in PERSONAL_FIELDS}  # fmt: skip
    held |= {name: bool(str(getattr(client, name) or "").strip())
             for name in ("company", "siren", "notes", "source")}  # fmt: skip
    held["contact_dates"] = bool(client.first_contact or client.last_contact)
    held["working_terms"] = bool(
        client.terms_days is not None or client.deposit_bp is not None or client.feedback_channel
        or client.response_window or client.feedback_rounds != 1
    )  # fmt: skip
    return tuple(name for name in _EMPTIED_WORDS if held.get(name))


def erasure_summary(
    fields: Sequence[str],
    pseudonym: str,
    records: int,
    backups: int,
    *,
    redacted: int = 0,
    kept: int = 0,
) -> str:
    """What an erasure did, in words, with the backup policy (no erased data in it).

    ``redacted``: records whose text named the client, now ``[erased]``; ``kept``: issued
    invoices that keep their text (legal obligation)."""
    words = [_EMPTIED_WORDS.get(f, f) for f in fields]
    removed = ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)
    done = f"{removed} deleted" if removed else "nothing personal was held"
    kept_text = (
        f"{kept} issued invoice{'s' if kept != 1 else ''} kept as issued, with the client's "
        "details they printed, until their accounting retention ends; "
        if kept
        else ""
    )
    return (
        f"Erased: {done}; the alias is now {pseudonym} "
        f"({records} records rewritten, {redacted} of them redacted where they named the "
        f"client; {kept_text}invoices and ledger amounts kept for accounting). "
        f"Vault compacted; backups purged at once ({backups} deleted, one fresh backup taken)."
    )


def foreign_key(table: str) -> str:
    """The field other records use to point at a record of ``table``: ``missions`` ->
    ``mission_id`` (a list of them in ``mission_ids``)."""
    return (table[:-1] if table.endswith("s") else table) + "_id"


def linked_ids(
    tables: Mapping[str, Mapping[str, Mapping[str, Any]]],
    alias: str,
    patterns: Sequence[tuple[re.Pattern[str], str]] = (),
    skip: Iterable[str] = ("clients", "meta", "events"),
) -> dict[str, set[str]]:
    """Ids (as strings) of every record linked to the client ``alias``, by table.

    A record is linked when its ``client_alias`` is ``alias``, when it points (``mission_id``,
    ``invoice_id``… or a list ``mission_ids``) at a linked record, or when one of its strings
    matches ``patterns`` (the alias as a word, the client's personal values). Works on any
    table, so tables added later are covered without a change here.
    """
    skipped = set(skip)
    found: dict[str, set[str]] = {name: set() for name in tables if name not in skipped}
    for name in found:
        for key, doc in tables[name].items():
            if doc.get("client_alias") == alias or (patterns and mentions(doc, patterns)):
                found[name].add(key)
    changed = True
    while changed:  # follow the links until nothing new turns up
        changed = False
        for target, keys in list(found.items()):
            if not keys:
                continue
            fk = foreign_key(target)
            ids = {int(k) for k in keys}
            for name in found:
                for key, doc in tables[name].items():
                    if key in found[name]:
                        continue
                    many = doc.get(fk + "s")
                    if doc.get(fk) in ids or (
                        isinstance(many, list) and any(i in ids for i in many)
                    ):
                        found[name].add(key)
                        changed = True
    return {name: keys for name, keys in found.items() if keys}


def pseudonym(taken: Iterable[str], token: str) -> str:
    """A neutral alias for an erased client: ``erased-`` and ``token``, unique among ``taken``."""
    used = set(taken)
    name, number = f"erased-{token}", 2
    while name in used:
        name, number = f"erased-{token}-{number}", number + 1
    return name


# -- AI use -----------------------------------------------------------------------------------


def ai_use_warning(record: AIUse) -> str:
    """A warning when personal or confidential data went to an AI tool without telling the
    client (empty when fine)."""
    if record.shared in ("personal data", "client-confidential") and not record.client_informed:
        return f"{record.shared} shared with {record.tool or 'an AI tool'}, client not informed"
    return ""


def ai_use_problems(record: AIUse) -> list[str]:
    problems = []
    if not record.tool.strip():
        problems.append("name the tool and model (e.g. ChatGPT GPT-4o)")
    if record.task not in AI_TASKS:
        problems.append(f"task must be one of: {', '.join(AI_TASKS)}")
    if record.shared not in AI_SHARED:
        problems.append(f"what was shared must be one of: {', '.join(AI_SHARED)}")
    if _day(record.date) is None:
        problems.append("the date is not a date (YYYY-MM-DD)")
    return problems


# -- the record of processing ----------------------------------------------------------------


@dataclass(frozen=True)
class Security:
    """The measures that protect the vault, as ``Vault.info()`` and settings report them."""

    kdf_memory_mib: int
    kdf_iterations: int
    kdf_lanes: int
    backups_kept: int
    auto_lock_minutes: int


@dataclass(frozen=True)
class RegisterFacts:
    """Everything the register is made from: plain data, gathered by the caller."""

    years: RetentionYears
    security: Security
    clients: Sequence[Client]
    ai_uses: Sequence[AIUse] = ()
    erasures: int = 0
    today: dt.date = field(default_factory=dt.date.today)
    documents: Mapping[str, int] = field(default_factory=dict)  # files written, by kind


_PURPOSE_TEXT = {
    "contract": "performing the contract: briefs, deliveries, agreeing on the work",
    "invoicing": "invoicing and accounting (legal obligation)",
    "prospecting": "answering requests for quotes and following up prospects",
}


def register_markdown(facts: RegisterFacts) -> str:
    """The record of processing activities (GDPR Art. 30) as Markdown."""
    years = facts.years
    live = [c for c in facts.clients if c.status != "erased"]
    by_status = {s: sum(1 for c in live if c.status == s) for s in STATUSES}
    erased_records = sum(1 for c in facts.clients if c.status == "erased")
    due = sum(1 for c in live if retention(c, years, facts.today).due_for_review)
    uses: dict[str, dict[str, int]] = {purpose: {} for purpose in PURPOSES}
    for client in live:
        for name, value in client.personal_fields().items():
            if value.purpose in uses:
                counts = uses[value.purpose]
                counts[name] = counts.get(name, 0) + 1
    bases: dict[str, int] = {}
    for client in live:
        bases[client.lawful_basis] = bases.get(client.lawful_basis, 0) + 1
    sec = facts.security

    lines = [
        "# Record of processing activities",
        "",
        f"Generated by homeops on {facts.today.isoformat()} from the settings and the vault "
        "(GDPR Art. 30).",
        "",
        "## Controller",
        "",
        "The freelancer who keeps this vault, a one-person business. No processor receives "
        "client personal data from homeops; no data leaves the vault unless exported by hand.",
        "",
        "## Purposes and categories of data",
        "",
        "| Purpose | Personal data kept (clients) | Fields |",
        "| --- | --- | --- |",
    ]
    for purpose in PURPOSES:
        counts = uses[purpose]
        kinds = ", ".join(f"{FIELD_LABELS[n].lower()} ({counts[n]})" for n in PERSONAL_FIELDS
                          if n in counts) or "none"  # fmt: skip
        lines.append(f"| {_PURPOSE_TEXT[purpose]} | {kinds} | {sum(counts.values())} |")
    lines += [
        "",
        "No other personal field exists: clients are known everywhere else (missions, "
        "invoices, ledger, planner) by a pseudonymous alias. Free-text notes warn when they "
        "seem to hold an e-mail address or a phone number.",
        "",
        "## Categories of people",
        "",
        f"- Clients: {by_status['client']}",
        f"- Prospects: {by_status['prospect']}",
        f"- Erased (pseudonym only, kept for accounting): {erased_records}",
        "",
        "Lawful basis: "
        + (
            ", ".join(f"{markdown_text(basis)} ({n})" for basis, n in sorted(bases.items()))
            or "none yet"
        )
        + ".",
        "",
        "## Retention",
        "",
        f"- Prospects: {years.prospect} years after the last contact.",
        f"- Clients: {years.client} years after the end of the relationship.",
        f"- Invoices and ledger entries: {years.accounting} years (legal accounting "
        "retention); after an erasure they stay under the pseudonym. An issued invoice "
        "keeps what its page printed (the client's name, company, SIREN, contact and "
        "billing address, the seller's identity) until its accounting retention ends, "
        "so that it can be written again as issued (GDPR art. 17(3)(b)); then it is dropped.",
        f"- Due for review today: {due}.",
        f"- Erasures carried out: {facts.erasures}.",
        "",
        *register_lines(facts.documents, years.client, years.accounting),
        "## Recipients and transfers",
        "",
        "None by homeops. Uses of AI tools are recorded per mission (below).",
        "",
        "## Use of AI tools",
        "",
    ]
    if facts.ai_uses:
        shared = {s: sum(1 for u in facts.ai_uses if u.shared == s) for s in AI_SHARED}
        tasks = {t: sum(1 for u in facts.ai_uses if u.task == t) for t in AI_TASKS}
        tools = sorted({u.tool for u in facts.ai_uses})
        warnings = sum(1 for u in facts.ai_uses if ai_use_warning(u))
        reviewed = sum(1 for u in facts.ai_uses if u.human_review)
        lines += [
            f"- Recorded uses: {len(facts.ai_uses)} on "
            f"{len({u.mission_id for u in facts.ai_uses})} missions; human review on "
            f"{reviewed}.",
            "- Tasks: " + ", ".join(f"{t} {n}" for t, n in tasks.items() if n) + ".",
            "- Data shared: " + ", ".join(f"{s} {n}" for s, n in shared.items() if n) + ".",
            "- Tools: " + ", ".join(markdown_text(tool) for tool in tools) + ".",
            f"- Personal or confidential data shared without the client informed: {warnings}.",
            "- No prompt text is stored.",
        ]
    else:
        lines.append("- No use of AI tools recorded.")
    lines += [
        "",
        "## Security measures",
        "",
        "- One vault file encrypted and authenticated as a whole (AES-256-GCM), a random data "
        "key wrapped by a key derived from the passphrase.",
        f"- Key derivation: Argon2id, {sec.kdf_memory_mib} MiB, {sec.kdf_iterations} passes, "
        f"{sec.kdf_lanes} lanes.",
        "- File 0600 in a 0700 folder; an exclusive lock for the session; no plaintext "
        "temporary files; no personal data in logs or error messages.",
        f"- Daily encrypted backups beside the vault, the last {sec.backups_kept} kept; an "
        "erasure deletes them all at once and takes one fresh backup.",
        f"- The console locks itself after {sec.auto_lock_minutes} idle minutes."
        if sec.auto_lock_minutes
        else "- Idle auto-lock is off.",
        "",
    ]
    return "\n".join(lines)
