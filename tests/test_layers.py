"""The floors (DESIGN.md "Layout: one floor per folder"): each imports only the floors below.

Bottom to top: the rules; config (settings, read with the rules); storage; the services;
the two faces (the console and the command line) and the demo data; the entry point that
wires a face to the rest; the benchmarks. Every file of every floor is checked, with no
exemption, on what it imports from homeops and from outside (the third-party packages each
floor may use are named). ``test_each_leak_is_caught`` proves that the check fails on each
leak the review found.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}


@dataclass(frozen=True)
class Floor:
    folder: str  # where its files are, from the repository's root
    ours: tuple[str, ...]  # the homeops packages it may import
    outside: tuple[str, ...] = ()  # the third-party packages it may import
    deep: bool = True  # its sub-folders too (the entry point's folder holds the others)

    def files(self) -> list[Path]:
        folder = ROOT / self.folder
        return sorted(folder.rglob("*.py") if self.deep else folder.glob("*.py"))


RULES = "homeops.rules"
CONFIG = "homeops.config"
STORAGE = "homeops.storage"
SERVICES = "homeops.services"
CLI = "homeops.cli"
TUI = "homeops.tui"
DEMO = "homeops.demo"
BESIDE = "homeops.beside"

FLOORS = {
    RULES: Floor("homeops/rules", (RULES,), ("dateutil", "icalendar")),
    CONFIG: Floor("config", (CONFIG, RULES), ("dateutil", "tomli_w")),
    STORAGE: Floor("storage", (STORAGE, CONFIG, RULES), ("tinydb", "cryptography", "orjson")),
    # factur-x builds and checks the EN 16931 XML of an invoice, typst renders the
    # documents' templates (issue 15)
    SERVICES: Floor(
        "homeops/services", (SERVICES, STORAGE, CONFIG, RULES), ("dateutil", "facturx", "typst")
    ),
    DEMO: Floor("homeops/demo", (DEMO, SERVICES, CONFIG, RULES)),
    CLI: Floor("homeops/cli", (CLI, SERVICES, CONFIG, RULES), ("dateutil",)),
    TUI: Floor("tui", (TUI, SERVICES, CONFIG, RULES), ("textual", "rich", "dateutil")),
    # a command typed beside the open console, run inside it with the command line's code
    BESIDE: Floor("homeops/beside", (BESIDE, CLI, SERVICES, CONFIG, RULES)),
    # the entry point wires the settings, a face and the business together
    "homeops": Floor(
        "homeops", ("homeops.main", BESIDE, CLI, TUI, SERVICES, CONFIG, DEMO), deep=False
    ),
    # the benchmarks measure every floor, beside the peers named in the issues
    "bench": Floor(
        "bench",
        ("homeops",),
        (
            "bench",
            "tinydb",
            "tinydb_encrypted_jsonstorage",
            "orjson",
            "cryptography",
            "textual",
            "rich",
        ),
    ),
}


def imports(source: str) -> set[str]:
    """Every module ``source`` imports, absolute. ``from homeops import rules`` gives
    ``homeops.rules``; ``from x import y`` gives ``x`` (y is in x, a module or a name)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0 and node.module, "write the absolute homeops.… name"
            if node.module == "homeops":
                found.update(f"homeops.{alias.name}" for alias in node.names)
            else:
                found.add(node.module)
    return found


def _under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def offences(floor_name: str, source: str) -> list[str]:
    """What ``source``, a file of ``floor_name``, may not import."""
    floor = FLOORS[floor_name]
    bad: set[str] = set()
    for module in imports(source):
        root = module.split(".")[0]
        if root in ("storage", "config", "tui"):
            bad.add(f"{module} (write homeops.{module})")
        elif root == "homeops":
            if not _under(module, floor.ours):
                bad.add(module)
        elif root not in STDLIB and root not in floor.outside:
            bad.add(module)
    return sorted(bad)


def test_every_file_is_on_one_floor() -> None:
    on_floors = [p for floor in FLOORS.values() for p in floor.files()]
    homeops_own = [
        p for p in (ROOT / "homeops").rglob("*.py")
        if p.relative_to(ROOT / "homeops").parts[0] not in ("storage", "config", "tui")
    ]  # fmt: skip
    everything = [*homeops_own, *(p for top in ("storage", "config", "tui", "bench")
                                  for p in (ROOT / top).rglob("*.py"))]  # fmt: skip
    assert sorted(set(everything) - set(on_floors)) == []
    assert len(on_floors) == len(set(on_floors))  # no file on two floors


@pytest.mark.parametrize("floor", sorted(FLOORS))
def test_each_floor_imports_only_the_floors_below(floor: str) -> None:
    found = {
        str(path.relative_to(ROOT)): offences(floor, path.read_text(encoding="utf-8"))
        for path in FLOORS[floor].files()
    }
    assert {path: bad for path, bad in found.items() if bad} == {}


# Each leak the review found (issue 17), and more: the check must fail on every one.
LEAKS = [
    (CLI, "import textual\nimport tinydb\n", ["textual", "tinydb"]),
    (RULES, "from homeops.config import Settings\n", ["homeops.config"]),
    (RULES, "from homeops.storage.vault import Vault\n", ["homeops.storage.vault"]),
    (RULES, "import os\nimport tinydb\n", ["tinydb"]),
    (TUI, "from homeops.storage.lock import probe\n", ["homeops.storage.lock"]),
    (TUI, "from homeops.storage.vault import Vault\n", ["homeops.storage.vault"]),
    (TUI, "from homeops.cli.app import main\n", ["homeops.cli.app"]),
    (TUI, "import tinydb\n", ["tinydb"]),
    (CLI, "from homeops.tui.app import make_app\n", ["homeops.tui.app"]),
    (CLI, "from homeops.storage import VaultError\n", ["homeops.storage"]),
    (STORAGE, "from homeops.services.business import Business\n", ["homeops.services.business"]),
    (STORAGE, "import textual\n", ["textual"]),
    (CONFIG, "from homeops.storage.vault import Vault\n", ["homeops.storage.vault"]),
    (SERVICES, "from homeops.tui.app import make_app\n", ["homeops.tui.app"]),
    (SERVICES, "from tinydb import Query\n", ["tinydb"]),
    (DEMO, "from homeops.storage.repos import MissionRepo\n", ["homeops.storage.repos"]),
    (
        SERVICES,
        "from storage.vault import Vault\n",
        ["storage.vault (write homeops.storage.vault)"],
    ),
    ("bench", "import tests.conftest\n", ["tests.conftest"]),
    ("homeops", "from homeops.storage.vault import Vault\n", ["homeops.storage.vault"]),
    (RULES, "from homeops import storage\n", ["homeops.storage"]),
    (BESIDE, "from homeops.tui.app import make_app\n", ["homeops.tui.app"]),
    (BESIDE, "from homeops.storage.lock import probe\n", ["homeops.storage.lock"]),
    (TUI, "from homeops.beside.server import BesideServer\n", ["homeops.beside.server"]),
]


@pytest.mark.parametrize(("floor", "source", "expected"), LEAKS)
def test_each_leak_is_caught(floor: str, source: str, expected: list[str]) -> None:
    found = offences(floor, source)
    assert found and all(any(e in f for f in found) for e in expected), found


def test_fine_imports_pass() -> None:
    assert offences(TUI, "from homeops.services.vault import open_business\nimport textual\n") == []
    assert offences(CLI, "from homeops.cli import app as cli_app\nimport argparse\n") == []
    assert offences(STORAGE, "from homeops.rules.model import Mission\nimport tinydb\n") == []


def test_the_floors_below_the_faces_load_no_textual_in_a_fresh_interpreter() -> None:
    modules = sorted(
        ".".join(("homeops", *p.relative_to(ROOT / "homeops").with_suffix("").parts))
        for floor in ("rules", "services", "demo", "storage", "config")
        for p in (ROOT / "homeops" / floor).rglob("*.py")
        if p.stem != "__init__"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "homeops.storage.vault" in modules and "homeops.rules.model" in modules
    assert out.stdout.strip() == "[]"


def test_the_command_line_does_not_load_textual_for_scripted_commands() -> None:
    code = (
        "import sys\n"
        "from homeops.cli import build_parser\n"
        "build_parser().parse_args(['check'])\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
