"""The direction of imports (DESIGN.md), checked on the source and in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSITION_ROOT_PREFIXES = ("cli", "__main__")

FORBIDDEN = {
    "homeops": {"textual", "tinydb", "tui", "storage", "config"},
    "storage": {"textual", "tui"},
    "config": {"textual", "tui", "tinydb", "storage"},
    "tui": {"tinydb"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_its_layer_may(package: str) -> None:
    offenders = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        if package == "homeops" and path.stem.startswith(COMPOSITION_ROOT_PREFIXES):
            continue
        bad = imported_roots(path) & FORBIDDEN[package]
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_core_storage_and_config_load_no_textual_in_a_fresh_interpreter() -> None:
    modules = [
        f"{pkg}.{p.stem}"
        for pkg in ("homeops", "storage", "config")
        for p in sorted((ROOT / pkg).glob("*.py"))
        if not p.stem.startswith(COMPOSITION_ROOT_PREFIXES) and p.stem != "__init__"
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'tui'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "storage.vault" in modules and "homeops.rules.model" in modules
    assert out.stdout.strip() == "[]"


def test_the_command_line_does_not_load_textual_for_scripted_commands() -> None:
    code = (
        "import sys\n"
        "from homeops import cli\n"
        "cli.build_parser().parse_args(['check'])\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
