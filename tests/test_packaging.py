"""One import name on install (issue 17): the wheel holds ``homeops`` and nothing else.

The top-level folders storage/, config/ and tui/ are linked into homeops/, so they install
as ``homeops.storage``, ``homeops.config`` and ``homeops.tui``; a distribution beside ours
that owns a top-level ``config`` or ``storage`` module cannot break it, nor we it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built from a copy of the checkout's files (tracked, and new ones not ignored; links
    kept as links), as a clone would be: the build leaves nothing in the checkout, and two
    runs never share a build folder."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    listed = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    tracked = subprocess.run(listed, cwd=ROOT, capture_output=True, check=True).stdout
    tracked_names = tracked.decode().split("\0")
    for name in filter(None, tracked_names):
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_symlink():
            target.symlink_to(os.readlink(ROOT / name))
        elif (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("homeops-*.whl")
    return built


def test_the_wheel_provides_only_the_homeops_import_name(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (top_level,) = [n for n in names if n.endswith(".dist-info/top_level.txt")]
        assert archive.read(top_level).decode().split() == ["homeops"]
    assert {name.split("/")[0] for name in names} == {
        "homeops",
        wheel.name.split("-py3")[0] + ".dist-info",
    }


def test_the_wheel_holds_every_module_of_every_floor_and_its_data(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for top in ("storage", "config", "tui"):  # the linked floors, by their real files
        for path in (ROOT / top).rglob("*.py"):
            assert f"homeops/{path.relative_to(ROOT).as_posix()}" in names, path
    for path in (ROOT / "homeops").rglob("*.py"):
        if path.relative_to(ROOT / "homeops").parts[0] not in ("storage", "config", "tui"):
            assert path.relative_to(ROOT).as_posix() in names, path
    assert {"homeops/tui/homeops.tcss", "homeops/storage/FORMAT.md"} <= names
    for path in (ROOT / "homeops/services/templates").iterdir():  # the documents' templates
        assert f"homeops/services/templates/{path.name}" in names, path


def test_the_installed_package_runs_without_the_checkout(wheel: Path, tmp_path: Path) -> None:
    """Unpacked away from the checkout: it imports as homeops.*, and no top-level storage."""
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "site")
    code = (
        "import importlib.util, homeops, homeops.storage.vault, homeops.tui.app, homeops.cli\n"
        "print(homeops.__file__)\n"
        "print([m for m in ('storage', 'config', 'tui') if importlib.util.find_spec(m)])\n"
    )
    env = {"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    where, found = out.stdout.splitlines()
    assert where.startswith(str(tmp_path / "site")) and found == "[]"
