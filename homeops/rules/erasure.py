"""Erasure as plain rules: find a client's personal values and alias in every free-text field
of every table, decide what is redacted and what the law keeps, and say where, never what.

What is searched (``erasure_patterns``): the e-mail, the phone however it is written, the
billing address and its lines, the full name, and each word of the name of ``WORD_MIN`` or
more letters on its own: whole words, in any case, with or without accents ("Élodie" finds
"elodie" and "ÉLODIE's", not "Elodies"). A name word that is also a common word ("Rose",
"May") is still searched: erasure errs on the side of forgetting, and the findings show every
record it touches before anything is changed. The old alias is replaced by the pseudonym.

What is left alone: fields that hold codes, dates and links (``CODE_KEYS``: a name word such
as "Costs" must not break an envelope), other clients' own personal fields, erasure events,
and issued invoices (sent, paid, or voided after being sent), which the law keeps as issued
(``KEPT_BASIS``) until their issue date plus the accounting retention years.

No I/O: ``homeops/services/clients.py`` gives the tables and writes the changes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from homeops.rules.invoices import label as invoice_label
from homeops.rules.model import PERSONAL_FIELDS, Client
from homeops.rules.text import shown

ERASED_MARK = "[erased]"
#: A name word shorter than this is not searched on its own ("Jo", "de"), only in the full name.
WORD_MIN = 3
#: Why an issued invoice keeps its text after an erasure.
KEPT_BASIS = "legal obligation (accounting records)"
#: Invoice states that mean it was issued (with an issue date): kept as issued.
ISSUED = ("sent", "paid", "void")
#: Keys whose values are codes, dates or links, never text about someone: never redacted.
CODE_KEYS = frozenset({
    "alias", "client_alias", "stage", "status", "kind", "envelope", "currency", "group",
    "date", "day", "at", "issued", "due", "paid_on", "deadline", "start", "rule", "task",
    "shared", "lawful_basis", "purpose", "category", "first_contact", "last_contact",
    "relationship_ended", "erased",
})  # fmt: skip
# Another client's own personal fields are that person's data, kept for them.
_OTHER_CLIENT_KEYS = frozenset({"alias", *PERSONAL_FIELDS})
# The documents' records point at files: a client's go whole, the others' paths stay
# usable (``homeops.rules.documents_records.documents_of``; services/clients.py). The
# ledger's summary (storage/ledger_sums.py) holds figures under keys such as "m:3" or
# "e:2026-05", no text: scrubbing a key ("m" as an alias) would lose the figures, and the
# ledger's redaction (its memos only) changes none.
_SKIPPED_TABLES = ("meta", "documents", "ledger_sums")
_TABLE_WORDS = {"timelog": "time log", "ai_use": "AI use", "recurring": "recurring costs"}
_FIELD_WORDS = {
    "acceptance_criteria": "criteria",
    "scope_changes": "scope changes",
    "history": "history reasons",
    "issued_as": "details as issued",
}
_TABLE_FIELD_WORDS = {("ledger", "description"): "memo"}

Patterns = Sequence[tuple[re.Pattern[str], str]]


# -- what is searched -----------------------------------------------------------------------


def _accent_variants() -> dict[str, str]:
    """Each Latin base letter with its accented forms: ``e`` -> ``eéèêë…``."""
    variants: dict[str, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code).lower()
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            variants[base] = variants.get(base, base) + char
    return variants


_VARIANTS = _accent_variants()
_MARKS = "[\u0300-\u036f]*"  # combining accents, for text stored decomposed (NFD)


def folded(word: str) -> str:
    """A regex source for ``word`` with or without its accents (use with ``re.I``)."""
    parts = []
    for char in unicodedata.normalize("NFC", word):
        base = unicodedata.normalize("NFD", char.lower())[0]
        if base in _VARIANTS:
            parts.append(f"[{_VARIANTS[base]}]{_MARKS}")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


# A note in brackets beside a name is a role, not a name: "Claire Martin (editor)".
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def bare_name(name: str) -> str:
    """``name`` without the notes in brackets beside it, spaces tidied."""
    return " ".join(_ASIDE.sub(" ", name).split())


def name_words(name: str) -> list[str]:
    """The words of ``name`` searched on their own: runs of ``WORD_MIN`` or more letters, once
    each whatever the case, longest first ("Jean-Luc O'Brien" -> Brien, Jean, Luc). A note
    in brackets is left out ("Claire Martin (editor)" -> Claire, Martin): "editor" alone
    would erase a word every other client's records use."""
    words: dict[str, str] = {}
    for word in re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", bare_name(name))):
        if len(word) >= WORD_MIN:
            words.setdefault(word.casefold(), word)
    return sorted(words.values(), key=lambda w: (-len(w), w.casefold()))


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _phone_pattern(phone: str) -> str:
    """The number however it is written: any separators, with or without the country code
    (``+33 6 12 34 56 78`` also finds ``0612345678``): its last nine digits and what precedes."""
    digits = [ch for ch in phone if ch.isdigit()]
    core = r"[\s().\-/]*".join(digits[-9:])
    return r"(?:\+?[\d()][\d\s().\-/]*?)?" + core if len(digits) > 9 else r"\+?" + core


def _address_parts(address: str) -> list[str]:
    """The address, each of its lines, and each comma-separated part holding a number (the
    street, the postcode and town): a city name alone is not searched."""
    parts = [address]
    for line in address.splitlines():
        line = line.strip()
        if len(line) >= 4:
            parts.append(line)
        parts += [p.strip() for p in line.split(",") if len(p.strip()) >= 4 and _digits(p)]
    return sorted(set(parts), key=len, reverse=True)


def _sources(client: Client, words: bool) -> list[str]:
    """Regex sources for ``client``'s personal values, longest values first (see below)."""
    fields = client.personal_fields()
    sources: list[str] = []
    email = fields.get("email")
    if email is not None and email.value.strip():
        sources.append(re.escape(email.value.strip()))
    phone = fields.get("phone")
    if phone is not None and phone.value.strip():
        text = phone.value.strip()
        sources.append(_phone_pattern(text) if _digits(text) >= 6 else re.escape(text))
    address = fields.get("billing_address")
    if address is not None and address.value.strip():
        sources.append("|".join(re.escape(p) for p in _address_parts(address.value.strip())))
    name = fields.get("name")
    if name is not None and name.value.strip():
        full = {name.value.strip(), bare_name(name.value)} - {""}
        for text in sorted(full, key=len, reverse=True):  # with its note, then without
            sources.append(r"\s+".join(folded(w) for w in text.split()))
        found = name_words(name.value) if words else []
        if found:
            sources.append("|".join(folded(w) for w in found))
    return sources


def _whole(source: str) -> str:
    return rf"(?<!\w)(?:{source})(?!\w)"


def erasure_patterns(client: Client, *, words: bool = True) -> list[tuple[re.Pattern[str], str]]:
    """Regexes that find ``client``'s personal values in text, each replaced by ``[erased]``.

    In this order, so that a longer value goes before the words inside it: the e-mail, the
    phone (any separators), the billing address and its lines, the full name, then (unless
    ``words`` is False, as for an export, where a common word would pull in other people's
    records) each name word of ``WORD_MIN`` or more letters. Whole words, any case.
    """
    return [(re.compile(_whole(s), re.I), ERASED_MARK) for s in _sources(client, words)]


def alias_pattern(alias: str) -> re.Pattern[str]:
    """The alias as a whole token: not part of a longer alias such as ``acme-mag``."""
    return re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w-])")


def scrub(value: Any, patterns: Patterns, skip: frozenset[str] = frozenset()) -> Any:
    """``value`` (JSON-like data) with every match of ``patterns`` replaced in its strings,
    except under the keys ``skip`` (at any depth)."""
    if isinstance(value, str):
        for pattern, replacement in patterns:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, list):
        return [scrub(item, patterns, skip) for item in value]
    if isinstance(value, dict):
        return {k: v if k in skip else scrub(v, patterns, skip) for k, v in value.items()}
    return value


def mentions(value: Any, patterns: Patterns) -> bool:
    """True when any string inside ``value`` matches one of ``patterns``."""
    if isinstance(value, str):
        return any(pattern.search(value) for pattern, _ in patterns)
    if isinstance(value, list):
        return any(mentions(item, patterns) for item in value)
    if isinstance(value, dict):
        return any(mentions(item, patterns) for item in value.values())
    return False


# -- what is found, and what happens to it -------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One record whose free text names the client: its table, id, label (``#12``,
    ``F-0003``) and the fields concerned, never the text. ``kept_until`` is set when the law
    keeps the record as it is (an issued invoice) and says until when."""

    table: str
    id: int
    label: str
    fields: tuple[str, ...]
    kept_until: dt.date | None = None

    @property
    def kept(self) -> bool:
        return self.kept_until is not None


@dataclass(frozen=True)
class ErasurePlan:
    """What an erasure will write (``changes``: table -> document id -> new document) and
    what it found (``findings``, redacted and kept)."""

    changes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()

    @property
    def redacted(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.kept)

    @property
    def kept(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kept)

    @property
    def records(self) -> int:
        return sum(len(docs) for docs in self.changes.values())


def _add_years(day: dt.date, years: int) -> dt.date:
    """``day`` plus ``years`` (29 February -> 28th); past year 9999, 9999-12-31: a keeping
    period too long for the calendar keeps for as long as the calendar goes, never less."""
    year = day.year + max(years, 0)
    if year > dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return day.replace(year=year, day=28)


def kept_until(invoice: Mapping[str, Any], accounting_years: int) -> dt.date | None:
    """Until when an issued invoice is kept as issued (issue date + the accounting years);
    None for a draft or an invoice never issued (a voided draft), which is redacted.

    An issued invoice is always kept: an issue date that is not a date (written by an
    older version) keeps it until 9999-12-31 rather than redact a record the law keeps."""
    issued = invoice.get("issued")
    if invoice.get("status") not in ISSUED or not isinstance(issued, str):
        return None
    try:
        day = dt.date.fromisoformat(issued)
    except ValueError:
        return dt.date.max
    return _add_years(day, accounting_years)


def _finder(client: Client, alias: re.Pattern[str]) -> re.Pattern[str]:
    """One regex that tells whether a string names the client at all: most strings do not,
    and one pass with the shared word boundaries is twice as fast as each pattern in turn."""
    sources = _sources(client, words=True)
    values = [f"(?i:{_whole('|'.join(sources))})"] if sources else []
    return re.compile("|".join([*values, alias.pattern]))


def _label(table: str, key: str, doc: Mapping[str, Any]) -> str:
    number = doc.get("number")
    if table == "invoices" and isinstance(number, int):
        return invoice_label(number)
    return f"#{key}"


def plan_erasure(
    tables: Mapping[str, Mapping[str, Mapping[str, Any]]],
    client: Client,
    new_alias: str,
    accounting_years: int,
    today: dt.date | None = None,
) -> ErasurePlan:
    """Find ``client`` in every free-text field of every table and decide what to write.

    ``tables`` maps a table's name to its documents by id (as strings); the client's own
    record is left to the caller. Every other record whose text names the client (personal
    values, name words, the old alias) is redacted, its ``client_alias`` becomes
    ``new_alias``; an issued invoice keeps its text and only changes its ``client_alias``.
    Its frozen copy (``issued_as``: what its page printed) is kept with it while the
    invoice is within its accounting retention on ``today`` (so it can be written again,
    as the law keeps it); past that it is dropped (``None`` today: always kept).
    """
    alias = alias_pattern(client.alias)
    patterns = [*erasure_patterns(client), (alias, new_alias)]
    finder = _finder(client, alias)

    def redact(value: Any, skip: frozenset[str]) -> Any:
        """``value`` redacted; the very same object when nothing in it names the client."""
        if isinstance(value, str):
            return scrub(value, patterns) if finder.search(value) else value
        if isinstance(value, list):
            items = [redact(item, skip) for item in value]
            return value if all(a is b for a, b in zip(items, value, strict=True)) else items
        if isinstance(value, dict):
            found = {k: redact(v, skip) for k, v in value.items() if k not in skip}
            if all(found[k] is value[k] for k in found):
                return value
            return {**value, **found}
        return value

    changes: dict[str, dict[str, dict[str, Any]]] = {}
    findings: list[Finding] = []
    for name in sorted(tables):
        if name in _SKIPPED_TABLES:
            continue
        skip = CODE_KEYS | _OTHER_CLIENT_KEYS if name == "clients" else CODE_KEYS
        for key, doc in tables[name].items():
            if name == "clients" and key == str(client.id):
                continue
            if name == "events" and doc.get("kind") == "erasure":
                continue  # written by erasures: pseudonyms and counts only
            new = redact(doc, skip)
            linked = doc.get("client_alias") == client.alias
            if new is doc and not linked:
                continue
            fields = [k for k in doc if new[k] is not doc[k]]
            until = kept_until(doc, accounting_years) if name == "invoices" else None
            new = dict(doc if until is not None else new)  # kept as issued: only the link
            if until is not None and today is not None and until < today and doc.get("issued_as"):
                new["issued_as"] = None  # past its retention: what it printed goes
                fields = [k for k in fields if k != "issued_as"]
                label = _label(name, key, doc)
                findings.append(Finding(name, int(key), label, (_FIELD_WORDS["issued_as"],)))
            if linked:
                new["client_alias"] = new_alias
            if fields:
                words = [_TABLE_FIELD_WORDS.get((name, k), _FIELD_WORDS.get(k, k)) for k in fields]
                labels = tuple(w.replace("_", " ") for w in words)
                findings.append(Finding(name, int(key), _label(name, key, doc), labels, until))
            if new != doc:
                changes.setdefault(name, {})[key] = new
    findings.sort(key=lambda f: (f.table, f.id))
    return ErasurePlan(changes, tuple(findings))


# -- in words -------------------------------------------------------------------------------


def _table_word(table: str) -> str:
    return shown(_TABLE_WORDS.get(table, table.replace("_", " ")))


def _ranges(findings: Sequence[Finding]) -> list[tuple[str, int]]:
    """Runs of three or more consecutive ids as one range, with the records each covers:
    ``#1 #2 #3 #7 #8`` -> ``#1-3``, ``#7``, ``#8``; invoice labels one by one."""
    out: list[tuple[str, int]] = []
    run: list[Finding] = []

    def close() -> None:
        if len(run) >= 3:
            out.append((f"{run[0].label}-{run[-1].id}", len(run)))
        else:
            out.extend((item.label, 1) for item in run)
        run.clear()

    for item in findings:
        numbered = item.label == f"#{item.id}"
        if not (numbered and run and item.id == run[-1].id + 1):
            close()
        if numbered:
            run.append(item)
        else:
            out.append((shown(item.label), 1))
    close()
    return out


def _table_line(table: str, found: Sequence[Finding], limit: int) -> str:
    """``  missions: #1-3 title; #7 title, notes; and 4 more`` (at most ``limit`` ranges)."""
    groups: dict[tuple[str, ...], list[Finding]] = {}
    for item in found:
        groups.setdefault(item.fields, []).append(item)
    parts: list[str] = []
    budget, covered = limit, 0
    for fields, items in groups.items():
        ranges = _ranges(items)[:budget]
        if not ranges:
            break
        budget -= len(ranges)
        covered += sum(count for _, count in ranges)
        parts.append(f"{', '.join(text for text, _ in ranges)} {shown(', '.join(fields))}")
    more = len(found) - covered
    return f"  {_table_word(table)}: " + "; ".join(parts) + (f"; and {more} more" if more else "")


def findings_lines(findings: Sequence[Finding], limit: int = 8) -> list[str]:
    """The findings in words, for the CLI and the console: one line per table of what is
    redacted, one per invoice kept (at most ``limit`` ids or ranges each, then a count).
    Record ids, field names and dates only, never the text found."""
    redacted = [f for f in findings if not f.kept]
    kept = [f for f in findings if f.kept]
    lines: list[str] = []
    if redacted:
        count = f"{len(redacted)} other record{'s' if len(redacted) != 1 else ''}"
        lines.append(f"Will read {ERASED_MARK} in {count} (the alias: the pseudonym):")
        tables: dict[str, list[Finding]] = {}
        for item in redacted:
            tables.setdefault(item.table, []).append(item)
        lines += [_table_line(table, found, limit) for table, found in tables.items()]
    else:
        lines.append("No other record's text names the client.")
    if kept:
        lines.append("Kept as issued, by law:")
        for item in kept[:limit]:
            lines.append(
                f"  {_table_word(item.table)} {shown(item.label)} {shown(', '.join(item.fields))} "
                f"(kept: issued invoice, {KEPT_BASIS}, until {item.kept_until})"
            )
        if len(kept) > limit:
            last = max(f.kept_until for f in kept if f.kept_until)
            lines.append(
                f"  and {len(kept) - limit} more issued invoices, kept until {last} at the latest"
            )
    return lines
