"""What every command of the command line shares: the context, passphrases, opening the vault."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from config import LoadedSettings, Settings, load_or_create
from homeops.hours import parse_minutes
from homeops.money import format_amount, parse_amount
from homeops.passphrase import passphrase_problem

if TYPE_CHECKING:
    from storage.vault import Vault


class UserError(Exception):
    """Something the user can fix; the message is the one line they see."""


@dataclass
class Context:
    args: argparse.Namespace
    config_path: Path
    config_source: str
    vault_path: Path
    vault_source: str
    env: dict[str, str]
    _loaded: LoadedSettings | None = None

    @property
    def loaded(self) -> LoadedSettings:
        if self._loaded is None:
            self._loaded, _ = load_or_create(self.config_path)
        return self._loaded

    @property
    def settings(self) -> Settings:
        return self.loaded.settings

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


def user_minutes(text: str, what: str) -> int:
    """A duration typed as ``2.5``, ``2.5h`` or ``2h30``, in minutes."""
    try:
        return parse_minutes(text)
    except ValueError as exc:
        raise UserError(f"{what}: {exc}") from None


def user_date(text: str, what: str) -> date:
    """An ISO date, or one line saying it is not one."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None


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
                text = (
                    self._stdin.read()
                    if self._source == "-"
                    else Path(self._source).read_text(encoding="utf-8")
                )
            except OSError as exc:
                raise UserError(f"cannot read the passphrase file: {exc.strerror}") from None
            self._lines = text.splitlines()
        if not self._lines:
            raise UserError("the passphrase file has fewer lines than the passphrases asked for")
        return self._lines.pop(0)

    def ask(self, prompt: str) -> str:
        if self._source is not None:
            return self._from_file()
        if not sys.stdin.isatty():
            raise UserError("no terminal to ask the passphrase on; use --passphrase-file PATH")
        return getpass.getpass(prompt)

    def new(self, what: str = "New passphrase") -> str:
        first = self.ask(f"{what}: ")
        second = first if self._source is not None else self.ask(f"{what} again: ")
        problem = passphrase_problem(first, second)
        if problem:
            raise UserError(problem)
        return first


def vault_passphrase(ctx: Context, phrases: Passphrases) -> str:
    """The passphrase of the vault at ``ctx.vault_path``, once it is known to exist."""
    from storage.vault import Vault

    if not Vault.exists(ctx.vault_path):
        raise UserError(f"no vault at {ctx.vault_path}; create one with `homeops init`")
    return phrases.ask("Passphrase: ")


def open_vault(ctx: Context, phrases: Passphrases, *, read_only: bool = False) -> Vault:
    from storage.vault import Vault

    vault = Vault.open(
        ctx.vault_path,
        vault_passphrase(ctx, phrases),
        backups_keep=ctx.settings.backups.keep,
        read_only=read_only,
    )
    for warning in vault.warnings:
        print(f"homeops: {warning}", file=sys.stderr)
    return vault


Command = Callable[[Context, Passphrases], int]


def global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """--vault, --config, --passphrase-file, --debug: before or after any command name."""
    default: Any = argparse.SUPPRESS if suppress else None
    flag_default: Any = argparse.SUPPRESS if suppress else False
    group = parser.add_argument_group("global options")
    group.add_argument("--vault", metavar="PATH", default=default, help="the vault file")
    group.add_argument("--config", metavar="PATH", default=default, help="the settings file")
    group.add_argument(
        "--passphrase-file",
        metavar="PATH",
        default=default,
        help="read passphrases from PATH, one per line ('-' = standard input)",
    )
    group.add_argument("--debug", action="store_true", default=flag_default, help="show tracebacks")


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
