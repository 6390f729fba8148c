"""What the console loads before its unlock screen is drawn (issue 18 point 6).

The unlock screen must paint in about the time of a bare Textual app: the command line's
commands, the use cases, the storage (TinyDB, cryptography) and the documents' compilers
(typst, factur-x) load after it, or when a command or a document asks for them. The probe
runs ``homeops --vault V`` on a pseudo-terminal, headless, and lists the modules loaded
when the unlock screen mounts.
"""

from __future__ import annotations

import gc
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from homeops.cli.app import build_parser, console_args

ROOT = Path(__file__).resolve().parents[1]

# Both probes: the console headless (no terminal to draw on), its unlock screen at hand.
HEADLESS = """
from textual.app import App

run = App.run


def headless(self, *args, **kwargs):
    kwargs["headless"] = True
    return run(self, *args, **kwargs)


App.run = headless
from homeops.tui.screens import unlock
"""

PROBE = (
    "import json, sys\n"
    + HEADLESS
    + """


def on_mount(self):
    with open(sys.argv[1], "w") as out:
        json.dump(sorted(sys.modules), out)
    self.app.exit()


unlock.UnlockScreen.on_mount = on_mount
from homeops.main import main

sys.exit(main(sys.argv[2:]))
"""
)

# Loaded with the first command, document or unlock, never for the unlock screen's first frame.
# (hashlib: OpenSSL, for the socket's name of a command typed beside the console)
LATER: tuple[str, ...] = ("typst", "facturx", "pypdf", "tinydb", "cryptography", "argon2")
LATER += ("icalendar", "hashlib", "_hashlib")
# Of our own packages, these alone: the errors the app catches, and nothing under them.
LIGHT = {"homeops.services", "homeops.services.errors", "homeops.services.waiting"}


def modules_at_the_unlock_screen(tmp_path: Path) -> list[str]:
    loaded: list[str] = json.loads(run_probe(tmp_path, PROBE))
    return loaded


def run_probe(tmp_path: Path, probe: str) -> str:
    """Run ``probe`` as ``homeops --vault V`` on a pseudo-terminal, headless; what it wrote."""
    vault = tmp_path / "vault.hops"
    vault.write_bytes(b"not read before the screen is drawn")
    out = tmp_path / "modules.json"
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PYTHONPATH": str(ROOT),
    }
    args = ["--vault", str(vault), "--config", str(tmp_path / "config.toml")]
    master, slave = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-c", probe, str(out), *args],
            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=tmp_path, timeout=120,
        )  # fmt: skip
    finally:
        os.close(master)
        os.close(slave)
    assert done.returncode == 0
    return out.read_text()


def test_the_unlock_screen_is_drawn_before_the_commands_use_cases_and_documents_load(
    tmp_path: Path,
) -> None:
    loaded = modules_at_the_unlock_screen(tmp_path)
    assert "homeops.tui.screens.unlock" in loaded and "textual.app" in loaded
    assert [m for m in loaded if m.split(".")[0] in LATER] == []
    ours = [m for m in loaded if m.startswith(("homeops.services", "homeops.storage"))]
    assert set(ours) - LIGHT - {"homeops.storage", "homeops.storage.errors"} == set()
    # the console's options alone were parsed (cli.start): no command's module, not the
    # command line (cli.app, cli.common)
    commands = [m for m in loaded if m.startswith("homeops.cli.")]
    assert set(commands) == {"homeops.cli.start"}
    # the settings are read after the first frame: only the paths' rule before it
    config = [m for m in loaded if m.startswith("homeops.config.")]
    assert set(config) == {"homeops.config.paths"}
    assert [m for m in loaded if m in ("tomllib", "dateutil")] == []


GC_PROBE = (
    "import gc, json, sys\n"
    + HEADLESS
    + """

seen = {}


def on_mount(self):
    seen["collecting_at_mount"] = gc.isenabled()
    seen["full_passes_at_mount"] = gc.get_stats()[2]["collections"]
    # two refreshes later: after the first frame, and after what the app does then
    self.call_after_refresh(self.call_after_refresh, done, self)


def done(self):
    seen["collecting_after"] = gc.isenabled()
    seen["full_passes_after"] = gc.get_stats()[2]["collections"]
    self.app.exit()


unlock.UnlockScreen.on_mount = on_mount
from homeops.main import main

code = main(sys.argv[2:])
seen["collecting_at_exit"] = gc.isenabled()
with open(sys.argv[1], "w") as out:
    json.dump(seen, out)
sys.exit(code)
"""
)


def test_no_garbage_collection_before_the_first_frame_and_as_usual_after(
    tmp_path: Path,
) -> None:
    """The start-up's objects live all session: collecting before the first frame only
    walked them (60-100 ms); after it, one full pass (while the passphrase is typed), and
    the GC runs as usual."""
    seen = json.loads(run_probe(tmp_path, GC_PROBE))
    passes = seen.pop("full_passes_at_mount"), seen.pop("full_passes_after")
    assert seen == {
        "collecting_at_mount": False,
        "collecting_after": True,
        "collecting_at_exit": True,
    }
    assert passes[1] > passes[0]


def test_a_command_runs_with_the_garbage_collector_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Off while the entry point imports, on again for the command (a command at 100,000
    documents makes garbage)."""
    import homeops.cli.app as cli_app
    from homeops.main import main

    collecting: list[bool] = []

    def config_command(*args: object) -> int:
        collecting.append(gc.isenabled())
        return 0

    monkeypatch.setattr(cli_app, "cmd_config", config_command)
    env = {"HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path / "run")}
    assert main(["config", "--config", str(tmp_path / "config.toml")], env) == 0
    assert collecting == [True] and gc.isenabled()


def test_naming_an_error_loads_the_use_case_that_defines_it() -> None:
    code = (
        "import sys\n"
        "import homeops.services.errors as errors\n"
        "assert 'homeops.services.board' not in sys.modules\n"
        "from homeops.services.errors import NoSuchClient\n"
        "from homeops.services.board import NoSuchClient as defined\n"
        "assert NoSuchClient is defined and errors.NoSuchClient is defined\n"
        "from homeops.services import Business\n"
        "from homeops.services.business import Business as business\n"
        "assert Business is business\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    with pytest.raises(ImportError):
        exec("from homeops.services.errors import NoSuchThing")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--vault", "/tmp/v.hops"],
        ["--vault=/tmp/v.hops", "--config", "c.toml", "--debug"],
        ["--passphrase-file", "-", "--vault", "x"],
    ],
)
def test_the_consoles_own_parser_reads_what_the_whole_parser_reads(argv: list[str]) -> None:
    quick = console_args(argv)
    assert quick is not None
    assert vars(quick) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["missions"],
        ["--vault", "x", "check"],
        ["-h"],
        ["--help"],
        ["--vault"],
        ["--bogus"],
        ["--vaul", "x"],
        ["--", "x"],
    ],
)
def test_anything_but_the_consoles_options_goes_to_the_whole_parser(argv: list[str]) -> None:
    assert console_args(argv) is None


def test_unlocking_and_the_board_load_no_document_compiler(tmp_path: Path) -> None:
    """What the unlock screen loads while the passphrase is typed, an opened vault and its
    board: typst and factur-x still wait for a document to be asked for."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from homeops.config import Settings\n"
        "from homeops.services import vault\n"
        "from homeops.storage.crypto import KdfParams\n"
        "from homeops.tui.screens.unlock import _load_what_unlocking_needs\n"
        "_load_what_unlocking_needs()\n"
        "path, phrase = Path(sys.argv[1]), 'orange-kettle-mountain-42'\n"
        "vault.create(path, phrase, Settings(), kdf=KdfParams.fast()).close()\n"
        "with vault.open_business(path, phrase, Settings()) as business:\n"
        "    business.missions.board()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in sys.argv[2:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "v.hops"), *LATER[:3]],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
