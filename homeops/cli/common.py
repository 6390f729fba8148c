"""What every command of the command line shares: the context, what people type (each value
checked where it enters: README "Bounds"), passphrases, opening the business, and the one way
text reaches the terminal (``Shown``, ``print_json``, ``print_data``)."""

from __future__ import annotations

import argparse
import getpass
import io
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from homeops.cli.start import global_options, vault_clash
from homeops.cli.wiring import Console, SampleFill
from homeops.config import LoadedSettings, Settings, load_or_create
from homeops.config.files import write_all
from homeops.rules import bounds
from homeops.rules.hours import parse_length, parse_minutes
from homeops.rules.money import format_amount, parse_amount
from homeops.rules.numbers import record_number
from homeops.rules.passphrase import passphrase_problem
from homeops.rules.text import LINE_MAX, TEXT_MAX, check_line, check_lines, check_text, shown
from homeops.rules.text import quoted as quote

if TYPE_CHECKING:
    from homeops.services import Business
    from homeops.services.doc_files import Protected


class UserError(Exception):
    """Something the user can fix; the message is the one line they see."""


# Only a caller of ``homeops.cli.app.main`` itself (a test, a script) can meet this.
_NOT_WIRED = "this command line was started without the {}: run homeops (homeops.main)"


@dataclass
class Context:
    args: argparse.Namespace
    config_path: Path
    config_source: str
    vault_path: Path
    vault_source: str
    env: dict[str, str]
    console_face: Console | None = None  # given by the entry point (``homeops.main``)
    sample_fill: SampleFill | None = None
    _loaded: LoadedSettings | None = None
    lent: Business | None = None  # the console's open business, lent (``homeops.beside``)

    @property
    def loaded(self) -> LoadedSettings:
        if self._loaded is None:
            self._loaded, _ = load_or_create(self.config_path)
        return self._loaded

    @property
    def settings(self) -> Settings:
        return self.loaded.settings

    @property
    def console(self) -> Console:
        """The console, for the commands that open it or list its keys."""
        if self.console_face is None:
            raise UserError(_NOT_WIRED.format("console"))
        return self.console_face

    @property
    def sample(self) -> SampleFill:
        """The demo's sample business, for ``homeops demo``."""
        if self.sample_fill is None:
            raise UserError(_NOT_WIRED.format("sample data"))
        return self.sample_fill

    def format_money(self, cents: int) -> str:
        """``cents`` in the configured currency and locale (``1 200,50 €``)."""
        money = self.settings.money
        return format_amount(cents, money.currency, money.locale)


# -- what people type on the command line ----------------------------------------------------


def user_amount(ctx: Context, text: str, what: str, *, positive: bool = False) -> int:
    """Cents typed as people write them; never negative, and above zero when ``positive``."""
    try:
        cents = parse_amount(text, ctx.settings.money.locale)
    except ValueError as exc:
        raise UserError(f"{what}: {exc}") from None
    if positive and cents <= 0:
        raise UserError(f"{what} must be more than zero")
    if cents < 0:
        raise UserError(f"{what} cannot be negative")
    return cents


def user_minutes(text: str, what: str, *, bare_minutes: bool = False) -> int:
    """A duration typed as ``2.5``, ``2.5h`` or ``2h30``, in minutes; with ``bare_minutes``
    (an option named ``--minutes``) a bare number is minutes: ``90`` is 1h30."""
    try:
        return parse_length(text) if bare_minutes else parse_minutes(text)
    except ValueError as exc:
        raise UserError(f"{what}: {exc}") from None


def user_date(text: str, what: str) -> date:
    """A date as ``YYYY-MM-DD`` in 1970-2099 (``bounds.parse_day``), or one line saying why not."""
    try:
        return bounds.parse_day(_utf8(text, what), what)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def quoted(text: str) -> str:
    """What was typed, as every message quotes it: cut to 40 characters, control characters
    shown (``homeops.rules.text.quoted``)."""
    return quote(text.strip())


def quoted_path(path: str | os.PathLike[str]) -> str:
    """A path typed (``--out``, an import, a backup) as a message quotes it: the same 40
    characters, from its end, where the file's name is (``'…/exports/ledger.csv'``)."""
    return quote(os.fspath(path), tail=True)


# Python decodes argv with surrogateescape: a byte that is not UTF-8 arrives as U+DC80-U+DCFF.
_UNDECODED = re.compile("[\udc80-\udcff]")


def _utf8(text: str, what: str) -> str:
    if _UNDECODED.search(text):
        raise UserError(f"{what} is not valid UTF-8: check the terminal's or the file's encoding")
    return text


def user_line(text: str, what: str, most: int = LINE_MAX) -> str:
    """A one-line field typed for ``what`` (``--memo``, ``the title``): no control character,
    newline or bidi override, at most ``most`` characters; one line naming ``what`` if not."""
    try:
        return check_line(_utf8(text, what), what, most)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def user_lines(texts: Sequence[str], what: str, most: int = LINE_MAX) -> list[str]:
    """A list field (``--deliverable`` given several times): each item one line."""
    for text in texts:
        _utf8(text, what)
    try:
        return check_lines(list(texts), what, most)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def user_text(text: str, what: str, most: int = TEXT_MAX) -> str:
    """A multi-line field (notes): newlines and tabs pass, nothing else that drives a terminal."""
    try:
        return check_text(_utf8(text, what), what, most)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def user_id(text: str, what: str) -> int:
    """A record id (``12`` or ``#12``: ASCII digits, at most twelve); ``what`` names the record."""
    number = record_number(_utf8(text, what))
    if number is None:
        raise UserError(f"{what} {quoted(text)} is not an id: write its number, e.g. 12")
    return number


def maybe_id(text: str | None, what: str) -> int | None:
    return None if text is None else user_id(text, what)


_COUNT = re.compile(r"[0-9]{1,7}")  # ASCII digits: int() also takes "١٢" and "１２"


def user_count(text: str, what: str, most: int, least: int = 0) -> int:
    """A whole number of days, rounds, weeks or lines typed for ``what``, from least to most."""
    if not _COUNT.fullmatch(_utf8(text, what).strip()):
        raise UserError(f"{what} {quoted(text)} is not a whole number")
    try:
        return bounds.check_count(int(text), what, most, least)
    except ValueError as exc:
        raise UserError(str(exc)) from None


# -- what the command line prints ------------------------------------------------------------


class Shown(io.TextIOBase):
    """A text stream that shows control characters as visible text (``homeops.rules.text.shown``)
    before they reach ``inner``: the second wall, behind the formatters' own ``shown()``.

    Newlines and tabs pass, since the command line writes them itself; the formatters pass
    each one-line data field through ``shown()``, so a stored field stays on one line."""

    def __init__(self, inner: TextIO) -> None:
        super().__init__()
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(shown(text, lines=True))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]  # read-only in io.TextIOBase too
        return self.inner.encoding


def exact(stream: IO[str]) -> IO[str]:
    """The stream under a ``Shown`` wrapper (what data formats are written to as they are)."""
    return stream.inner if isinstance(stream, Shown) else stream


# What json.dumps leaves as it is but a terminal obeys: DEL, C1 controls, line and paragraph
# separators, bidi overrides and isolates; and lone surrogates, which cannot be encoded.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_text(data: Any, **options: Any) -> str:
    """``json.dumps`` with every character above written as ``\\uXXXX``.

    Outside strings JSON holds only ASCII punctuation, digits, letters and white space, so
    these can occur only inside strings, where the escape means the very same character:
    ``json.loads`` gives back exactly what was stored."""
    text = json.dumps(data, **options)
    return _JSON_UNSAFE.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def print_json(data: Any, *, indent: int | None = 2) -> None:
    """Every ``--json`` report prints through here."""
    print(json_text(data, indent=indent, ensure_ascii=False))


def print_data(text: str) -> None:
    """A data format (CSV, an hledger journal, a calendar) on standard output.

    Sent to a file or a pipe it is written exactly as ``--out`` would write it; on a terminal
    it is a listing to read, so control characters in it are shown as visible text."""
    out = sys.stdout
    if out.isatty():
        out.write(shown(text.replace("\r\n", "\n"), lines=True))
        return
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):  # a test's StringIO: no file under it
        exact(out).write(text)
        return
    # os.write, each count checked: the text layer let a short write on a nearly full disk
    # pass, and `export > FILE` exited 0 with 8,192 of 18,553 bytes
    try:
        out.flush()
        write_all(fd, text.encode("utf-8"))
        if stat.S_ISREG(os.fstat(fd).st_mode):
            os.fsync(fd)  # a full disk may say so only here
    except BrokenPipeError:
        raise  # the reader left (`| head`): the quiet exit of app.main
    except OSError as exc:
        raise UserError(f"cannot write the output: {exc.strerror or 'write failed'}") from None


# -- passphrases -----------------------------------------------------------------------------


class Passphrases:
    """Passphrases from --passphrase-file (one per line, in the order asked) or the terminal."""

    def __init__(self, source: str | None, stdin: IO[str]) -> None:
        self._lines: list[str] | None = None
        self._source, self._stdin = source, stdin

    def _from_file(self) -> str:
        if self._lines is None:
            assert self._source is not None
            try:
                data = self._read_source()
                text = data.decode("utf-8") if isinstance(data, bytes) else data
            except OSError as exc:
                raise UserError(f"cannot read the passphrase file: {exc.strerror}") from None
            except UnicodeDecodeError:
                text = "\udcff"  # reported just below, as an undecodable argument is
            if _UNDECODED.search(text):
                raise UserError("the passphrase file is not valid UTF-8")
            # a BOM (Notepad's UTF-8) is no part of the passphrase; splitlines drops "\r\n"
            self._lines = text.removeprefix("\ufeff").splitlines()
        if not self._lines:
            raise UserError("the passphrase file has fewer lines than the passphrases asked for")
        return self._lines.pop(0)

    def _read_source(self) -> bytes | str:
        """The file's bytes (decoded strictly by the caller); standard input's bytes if it
        has a binary buffer, its text if not (a test's StringIO)."""
        assert self._source is not None
        if self._source != "-":
            return Path(self._source).read_bytes()
        buffer = getattr(self._stdin, "buffer", None)
        return buffer.read() if buffer is not None else self._stdin.read()

    def ask(self, prompt: str) -> str:
        if self._source is not None:
            return self._from_file()
        if not sys.stdin.isatty():
            raise UserError("no terminal to ask the passphrase on; use --passphrase-file PATH")
        try:
            typed = getpass.getpass(prompt)
        except UnicodeDecodeError:
            typed = "\udcff"
        if _UNDECODED.search(typed):
            raise UserError(
                "the passphrase typed is not valid UTF-8: check the terminal's encoding"
            )
        return typed

    def new(self, what: str = "New passphrase") -> str:
        first = self.ask(f"{what}: ")
        second = first if self._source is not None else self.ask(f"{what} again: ")
        problem = passphrase_problem(first, second)
        if problem:
            raise UserError(problem)
        return first


def vault_passphrase(ctx: Context, phrases: Passphrases) -> str:
    """The passphrase of the vault at ``ctx.vault_path``, once it is known to exist."""
    from homeops.services import vault

    if not vault.exists(ctx.vault_path):
        raise UserError(f"no vault at {ctx.vault_path}; create one with `homeops init`")
    return phrases.ask("Passphrase: ")


def refuse_vault_clash(ctx: Context) -> None:
    """``--vault`` never names the settings file or the passphrase file: ``init``,
    ``import`` or ``restore`` would put a vault in its place (``start.vault_clash``)."""
    clash = vault_clash(ctx.vault_path, ctx.config_path, getattr(ctx.args, "passphrase_file", None))
    if clash is not None:
        raise UserError(clash)


def protected_of(ctx: Context) -> tuple[Protected, ...]:
    """The files no ``--out`` may name: the vault, its mark, lock and backups, the settings
    file and the ``--passphrase-file``."""
    from homeops.services.doc_files import protected_paths

    phrases = getattr(ctx.args, "passphrase_file", None)
    return protected_paths(ctx.vault_path, ctx.config_path, phrases)


def out_file(ctx: Context, given: str | os.PathLike[str], name: str, flag: str = "--out") -> Path:
    """The file ``--out`` names, as ``homeops doc`` reads it: ``~`` expanded, a folder (an
    existing one, or ``DIR/``, made 0700) gets ``name``; refused (one line) when it is a file
    homeops keeps (``protected_of``) or cannot be reached."""
    from homeops.services.doc_files import CannotWrite, PathRefused, out_path, refuse_protected

    try:  # a path too long or not UTF-8 is the OS's to refuse: "cannot write '…': reason"
        path = out_path(os.fspath(given), name)
        refuse_protected(path, protected_of(ctx), flag)
    except PathRefused as exc:
        raise UserError(str(exc)) from None
    except CannotWrite as exc:
        raise UserError(f"cannot write {quoted_path(exc.path)}: {exc.reason}") from None
    return path


def write_out(ctx: Context, given: str | os.PathLike[str], data: str | bytes, name: str) -> Path:
    """``data`` to the file ``--out`` names (``out_file``: ``name`` in a folder); returns
    the path written."""
    out = out_file(ctx, given, name)
    write_file(out, data)
    return out


def write_file(out: Path, data: str | bytes) -> None:
    """``data`` to ``out`` (from ``out_file``): privately (0600 from the first byte,
    replaced, never rewritten in place), or one line saying why not (nothing is left
    behind). A folder that could not be synced is a warning on stderr."""
    from homeops.config.files import write_private

    chunk = data.encode("utf-8") if isinstance(data, str) else data
    try:
        warning = write_private(out, [chunk])
    except OSError as exc:  # the temp file is removed: no empty or partial file stays
        raise UserError(
            f"cannot write {quoted_path(out)}: {exc.strerror or 'write failed'}"
        ) from None
    if warning:
        print(f"homeops: warning: {warning}", file=sys.stderr)


def known_client(check: Callable[[str], None], alias: str) -> None:
    """``check(alias)`` (a service's client check), its refusals as the user's one line."""
    from homeops.services.errors import ClientErased, NoSuchClient

    try:
        check(alias)
    except NoSuchClient:  # personal data lives in the register: work names a client it knows
        raise UserError(no_client(alias)) from None
    except ClientErased as erased:
        raise UserError(str(erased)) from None


def no_client(alias: str) -> str:
    """The one line for a client the register lacks, with a fix that works."""
    from homeops.rules.privacy import ALIAS_RULE, alias_problem

    if alias_problem(alias):
        return (
            f"no client {shown(alias)}: an alias is {ALIAS_RULE}; add one with "
            "`homeops client add ALIAS`"
        )
    return f"no client {alias}: add it first with `homeops client add {alias}`"


def open_business(
    ctx: Context,
    phrases: Passphrases,
    *,
    read_only: bool = False,
    narrow: Collection[str] | None = None,
) -> Business:
    """The vault at ``ctx.vault_path`` unlocked as the business; its notices on stderr.
    ``narrow``: of the tables the command names (``reads``), load only these (what this
    run of it needs)."""
    from homeops.services.vault import open_business as unlock

    if ctx.lent is not None:  # typed beside the open console: its session, no second KDF
        return ctx.lent
    tables = getattr(getattr(ctx.args, "command", None), "reads", None)
    if tables is not None and narrow is not None:
        tables = frozenset(tables) & frozenset(narrow)
    business = unlock(
        ctx.vault_path,
        vault_passphrase(ctx, phrases),
        ctx.settings,
        read_only=read_only,
        tables=tables,
    )
    for warning in business.warnings:
        print(f"homeops: {warning}", file=sys.stderr)
    return business


Command = Callable[[Context, Passphrases], int]


def reads(*tables: str) -> Callable[[Command], Command]:
    """Name the vault tables a command reads or writes (its services' too): its session
    loads only those, so it costs the same at 100,000 documents as at 1,000 (issue 18). A
    command without it loads every table; one that names too few fails loudly
    (``TableNotRead``), never as an empty table. tests/test_cli_reads.py checks each."""

    def declare(command: Command) -> Command:
        command.reads = frozenset(tables)  # type: ignore[attr-defined]
        return command

    return declare


def add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    func: Command | None,
    help_text: str,
) -> argparse.ArgumentParser:
    """A subcommand that takes the global options too."""
    cmd = sub.add_parser(name, help=help_text, description=help_text, allow_abbrev=False)
    global_options(cmd, suppress=True)
    if func is not None:
        cmd.set_defaults(command=func)
    return cmd


def today_of(ctx: Context) -> date:
    """The day a command counts from (its own module's name, so a test can set it)."""
    return date.today()
