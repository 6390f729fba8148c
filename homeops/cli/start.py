"""``homeops`` with global options only: the console, started before the settings are read.

The unlock (or create-vault) screen is drawn first; the settings file is read just after the
first frame (issue 18 point 6). So this module loads only what finding the vault needs: the
command line's global options (argparse), the paths' rule (``homeops.config.paths``) and the
checks made before anything is drawn. A bad settings file, found after the first frame,
still ends the start with the one line it always did, once the terminal is restored.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

from homeops.config.paths import resolve_paths
from homeops.rules.text import shown

if TYPE_CHECKING:
    from homeops.config import Settings


class NoTerminal(Exception):
    """The console was started without a terminal to draw on (exit 2, like a usage error)."""


class Refused(Exception):
    """A start refused before anything is drawn; ``str()`` is the one line (exit 1)."""


def need_terminal() -> None:
    """Refuse, before Textual is imported, to draw the console into a pipe or a file.

    Without a terminal (``ssh host homeops`` without -t, ``homeops </dev/null``, output
    piped) Textual writes escape codes into the pipe and, orphaned, spins; Textual draws on
    standard error, so all three streams must be the terminal."""
    streams = (sys.stdin, sys.stdout, sys.stderr)
    if not all(stream is not None and stream.isatty() for stream in streams):
        raise NoTerminal("the console needs a terminal: use ssh -t, or a command (homeops --help)")
    if os.environ.get("TERM") == "dumb":  # no cursor moves, no colour: a full screen cannot draw
        raise NoTerminal("the console cannot draw on TERM=dumb; see homeops --help for commands")


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


class _NotTheConsole(Exception):
    """The words hold more than the console's global options."""


class _ConsoleParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheConsole(message)


def console_options(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The console's options when the words are global options only, parsed without
    loading a command's module; None otherwise (a command, help, a mistake): the whole
    parser then parses them, and says what is wrong as it always did."""
    parser = _ConsoleParser(prog="homeops", add_help=False, allow_abbrev=False)
    global_options(parser, suppress=False)
    try:
        args, rest = parser.parse_known_args(argv)
    except _NotTheConsole:
        return None
    return None if rest else args


def vault_clash(vault_path: Path, config_path: Path, passphrase_file: str | None) -> str | None:
    """Why ``--vault`` may not be used (it names the settings file or the passphrase file:
    ``init``, ``import`` or ``restore`` would put a vault in its place); None when it may."""
    kept = [(config_path, "the settings file")]
    phrases = passphrase_file
    if phrases is not None and phrases != "-" and os.path.isfile(os.path.expanduser(phrases)):
        kept.append((Path(os.path.expanduser(phrases)), "the passphrase file"))
    vault = os.path.expanduser(os.fspath(vault_path))
    for other, what in kept:
        try:
            same = os.path.samefile(vault, other)
        except OSError:  # one of the two is missing: their real paths decide
            same = os.path.realpath(vault) == os.path.realpath(other)
        if same:
            return f"refused: --vault is {what} ({vault_path})"
    return None


def regular_or_missing(path: Path) -> bool:
    """Whether the settings file may wait for the first frame: a regular file, or none yet
    (the first run writes it). Anything else (a FIFO, a device, ``/dev/stdin``) may block
    its reader: inside the console's loop the screen would hang, with Ctrl+C and Ctrl+Q
    unanswered; read before anything is drawn, Ctrl+C ends the wait as for a command."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # missing, or unreadable: said just after the first frame, as ever
        return True


class SettingsLater:
    """The settings file, read once when first asked for (after the first frame); the
    first run writes the defaults there. Raises ``ConfigError`` (one line)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._settings: Settings | None = None

    def __call__(self) -> Settings:
        if self._settings is None:
            from homeops.config import load_or_create

            self._settings = load_or_create(self.path)[0].settings
        return self._settings


class ConsoleOpener(Protocol):
    """The console as the entry point gives it (``homeops.main.TextualConsole``)."""

    def open(self, settings: Callable[[], Settings], vault_path: Path, config_path: Path) -> int:
        """Draw the unlock (or create-vault) screen, then read ``settings()``; the exit
        status. What stops the start after the first frame (``ConfigError``, ``KeysRefused``)
        is raised once the terminal is restored."""
        ...


def start_console(
    argv: Sequence[str] | None, env: Mapping[str, str], console: ConsoleOpener
) -> int | None:
    """Run the console when the words are its options alone; None when they are not (the
    whole command line then runs them). Each error is one line, as for every command."""
    args = console_options(argv)
    if args is None:
        return None
    config_path, _, vault_path, _ = resolve_paths(args.config, args.vault, env)
    try:
        clash = vault_clash(vault_path, config_path, args.passphrase_file)
        if clash is not None:
            raise Refused(clash)
        settings = SettingsLater(config_path)
        if not regular_or_missing(config_path):
            settings()  # a FIFO, a device: it may wait (drawn first, Ctrl+C would not end it)
        need_terminal()
        return console.open(settings, vault_path, config_path)
    except (Exception, KeyboardInterrupt) as exc:
        status, line = ending(
            keys_as_settings(exc, config_path, debug=args.debug),
            debug=args.debug,
            told=told_as_they_are(),
        )
        print(line, file=sys.stderr)
        return status


def keys_as_settings(error: BaseException, config_path: Path, *, debug: bool) -> BaseException:
    """A keymap refused (``[keys]`` names no binding, or gives two bindings one key) is a
    settings problem: said as ``homeops config`` says it."""
    from homeops.cli.wiring import KeysRefused
    from homeops.config import ConfigError

    if not isinstance(error, KeysRefused):
        return error
    settings_error = ConfigError(f"{config_path}: {error}")
    if debug:
        raise settings_error from None
    return settings_error


def told_as_they_are() -> tuple[type[Exception], ...]:
    """The errors the console's start says in their own words."""
    from homeops.config import ConfigError
    from homeops.services.errors import VaultError

    return (Refused, ConfigError, VaultError)


def ending(
    error: BaseException, *, debug: bool, told: tuple[type[Exception], ...]
) -> tuple[int, str]:
    """How a start or a command ends on ``error``: its exit status and its one line, which
    quotes nothing as code (``shown``). ``told``: the errors said in their own words; any
    other says only its kind (its message may quote the vault). ``debug`` raises ``error``
    instead, unless it is no terminal (2) or an interrupt (130)."""
    if isinstance(error, NoTerminal):
        return 2, f"homeops: {shown(str(error))}"
    if isinstance(error, KeyboardInterrupt):
        return 130, "homeops: interrupted"
    if debug:
        raise error
    if isinstance(error, told):
        line = str(error)
    elif isinstance(error, OSError):
        line = error.strerror or str(error)
    else:
        line = f"unexpected error ({type(error).__name__}); --debug shows where"
    return 1, f"homeops: {shown(line)}"  # one line, whatever it quotes
