"""Fixtures shared by the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD = "orange-kettle-mountain-42"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment whose XDG folders are inside tmp_path (never the developer's own), with
    the passphrase GOOD in tmp_path/pf and a wrong one in tmp_path/bad."""
    (tmp_path / "pf").write_text(GOOD + "\n")
    (tmp_path / "bad").write_text("not the passphrase\n")
    return {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
