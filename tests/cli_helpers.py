"""What the command-line tests share: running a command, a private home, and what every
one checks of an error (one line, no traceback, prefixed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


def one_line_error(err: str) -> str:
    """The single line ``homeops: ...`` written to stderr (fails the test otherwise)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("homeops: ")
    return lines[0]


Run = Callable[..., tuple[int, str, str]]


def private_home(tmp_path: Path, passphrase: str) -> dict[str, str]:
    """An environment whose XDG folders are in ``tmp_path`` (never the developer's own), and
    the passphrase in ``tmp_path/pf``."""
    (tmp_path / "pf").write_text(passphrase + "\n")
    return {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
            "XDG_DATA_HOME": str(tmp_path / "data")}  # fmt: skip


def runner(vault: Path, home: dict[str, str], capsys: pytest.CaptureFixture[str]) -> Run:
    """``run(*argv)`` -> (exit code, stdout, stderr) of ``homeops argv`` on ``vault``, the
    passphrase from ``$HOME/pf``; argparse's own errors give their exit code (2)."""
    from homeops.main import main

    def call(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main([*argv, "--vault", str(vault), "--passphrase-file",
                         str(Path(home["HOME"]) / "pf")], env=home)  # fmt: skip
        except SystemExit as usage:
            code = int(usage.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return call
