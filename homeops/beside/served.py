"""One command typed beside the console, run inside it with the command line's own code.

The command gets the console's open business (lent: closing it does nothing), a passphrase
source that never asks, and standard streams of its own (``streams``). Paths it was given
are taken from the folder it was typed in. Commands that need a terminal or a passphrase
are refused with one line.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homeops.beside import streams
from homeops.cli import app as cli
from homeops.cli import vault as cli_vault
from homeops.cli.common import Passphrases, UserError
from homeops.config import ConfigError, resolve_paths
from homeops.config.load import load_settings
from homeops.services import Business

# The commands that ask for a passphrase, a confirmation typed on a terminal, or draw the
# console: by their function, so an alias or a new name cannot slip through.
NEEDS_TERMINAL: dict[Any, str] = {
    cli.cmd_console: "the console",
    cli.cmd_passwd: "passwd",
    cli.cmd_import: "import",
    cli.cmd_restore: "restore",
    cli.cmd_init: "init",
    cli.cmd_demo: "demo",
    cli_vault.cmd_accept_copy: "accept-copy",
}
REFUSED = (
    "{} cannot run beside the open console (it needs the terminal or the passphrase): "
    "use the console, or close it (ctrl+q) and run the command again"
)
PASSPHRASE_REFUSED = (
    "this command asks for a passphrase, which cannot be typed beside the open console: "
    "use the console, or close it (ctrl+q) and run the command again"
)
OTHER_SETTINGS = (
    "the settings this command names (--config, HOMEOPS_CONFIG) differ from the open "
    "console's: close the console (ctrl+q) and run the command again"
)
_PATHS = ("vault", "config", "passphrase_file", "out", "file")  # options naming a file


@dataclass(frozen=True)
class Reply:
    stdout: str
    stderr: str
    code: int
    fallback: bool = False  # not run: the command line runs it itself

    def message(self) -> dict[str, Any]:
        if self.fallback:
            return {"fallback": True}
        return {"stdout": self.stdout, "stderr": self.stderr, "code": self.code}


class Lent(Business):
    """The console's business, lent to one command: the same vault and use cases; closing
    it (``with``, ``close``) leaves it open for the console."""

    def __init__(self, business: Business) -> None:  # shares the console's: builds nothing
        self.__dict__.update(business.__dict__)

    def close(self, *, compact: bool = True) -> None:
        return


class NoPassphrases(Passphrases):
    """Never asks: the console's session is already unlocked, and no terminal is here."""

    def __init__(self) -> None:
        super().__init__(None, streams.Capture(tty=False, columns=0))

    def ask(self, prompt: str) -> str:
        raise UserError(PASSPHRASE_REFUSED)


@functools.cache
def parser() -> argparse.ArgumentParser:
    # Built once per console (tens of milliseconds); parse_args keeps no state between runs.
    return cli.build_parser()


def _from(cwd: str, value: object) -> object:
    if isinstance(value, str) and value and value != "-" and not value.startswith("~"):
        return os.path.join(cwd, value)
    return value


def run(business: Business, vault: Path, request: Mapping[str, Any]) -> Reply:
    """Run the command of a checked ``request`` (``server.checked``) on ``business``, whose
    vault is ``vault``."""
    streams.ensure()
    out = streams.Capture(tty=request["stdout_tty"], columns=request["columns"])
    err = streams.Capture(tty=request["stderr_tty"], columns=0)
    with streams.captured(out, err):
        code = _run(business, vault, request)
    if code is None:
        return Reply("", "", 0, fallback=True)
    return Reply(out.getvalue(), err.getvalue(), code)


def _run(business: Business, vault: Path, request: Mapping[str, Any]) -> int | None:
    env: dict[str, str] = dict(request["env"])
    cwd: str = request["cwd"]
    try:
        args = parser().parse_args(request["argv"])
    except SystemExit as stop:  # --help, or a usage error (argparse printed it)
        return stop.code if isinstance(stop.code, int) else 2
    refused = NEEDS_TERMINAL.get(args.command)
    if refused is not None:
        print(f"homeops: {REFUSED.format(refused)}", file=sys.stderr)
        return 1
    for name in _PATHS:
        if hasattr(args, name):
            setattr(args, name, _from(cwd, getattr(args, name)))
    for name in ("HOMEOPS_CONFIG", "HOMEOPS_VAULT"):
        if name in env:
            env[name] = str(_from(cwd, env[name]))
    try:
        config, _, asked, _ = resolve_paths(args.config, args.vault, env)
    except (OSError, ValueError):
        return None
    if os.path.realpath(asked) != os.path.realpath(vault):
        return None  # another vault after all: the command line opens it itself
    try:  # the command runs with the console's settings: other ones are refused, not ignored
        if load_settings(Path(config)).settings != business.settings:
            print(f"homeops: {OTHER_SETTINGS}", file=sys.stderr)
            return 1
    except ConfigError:
        pass  # said in one line by the command itself
    try:
        return cli.run_parsed(args, env, None, None, lent=Lent(business), phrases=NoPassphrases())
    except Exception:  # only with --debug (run_parsed says anything else in one line)
        traceback.print_exc(file=sys.stderr)  # asked for, and sent to the asker's terminal
        return 1
