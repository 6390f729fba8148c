"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from homeops.storage.crypto import KdfParams

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


@pytest.fixture
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Vaults made with the default key derivation (``homeops init``) use KdfParams.fast():
    for tests that are not about the KDF's cost. Real Argon2 (~0.4 s on a busy machine) ran
    at every command of a command-line test, which opens the vault each time."""
    monkeypatch.setattr(KdfParams, "default", classmethod(lambda cls: cls.fast()))


def pytest_unconfigure(config: pytest.Config) -> None:
    """In an xdist worker: one garbage collection, then freeze what survived.

    After this hook pytest collects garbage five more times to find unraisable exceptions,
    while execnet gives a worker 5 s to end once the run is over before it sends SIGINT. On a
    busy machine five passes over a long run's survivors take longer, the SIGINT lands in
    hypothesis' gc callback, and a green run ended on a KeyboardInterrupt traceback. One
    pass still finds what the five would (the next four found nothing); the frozen survivors
    make the four quick.
    """
    if os.environ.get("PYTEST_XDIST_WORKER"):
        gc.collect()
        gc.freeze()
