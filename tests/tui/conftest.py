"""Fixtures for the console's Pilot and snapshot tests: a fixed date, cheap key derivation,
a vault in tmp_path, and a home directory that makes the displayed path stable."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pilot_helpers import PASSPHRASE, TODAY

from homeops.config import Settings
from homeops.demo.fill import fill_with_sample
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault
from homeops.tui.app import HomeopsApp, make_app


@pytest.fixture(autouse=True)
def stable_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME is tmp_path, so the vault shows as ``~/vault.hops`` whatever tmp_path is."""
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault.hops"


@pytest.fixture
def closed_vault(vault_path: Path) -> Path:
    """An empty vault on disk, closed (its lock released), opened by PASSPHRASE."""
    Vault.create(vault_path, PASSPHRASE, kdf=KdfParams.fast()).close()
    return vault_path


@pytest.fixture
def open_vault(vault_path: Path) -> Iterator[Vault]:
    """An empty open vault; the app that receives it closes it, closing twice is harmless."""
    vault = Vault.create(vault_path, PASSPHRASE, kdf=KdfParams.fast())
    yield vault
    vault.close()


@pytest.fixture
def demo_vault(open_vault: Vault) -> Vault:
    """The open vault filled with ``homeops demo``'s sample data, dated TODAY."""
    fill_with_sample(Business(open_vault, Settings()), None, TODAY)
    return open_vault


@pytest.fixture
def app_factory(vault_path: Path) -> Callable[..., HomeopsApp]:
    """make_app with the test date and fast KDF; keyword arguments pass through."""

    def build(**kwargs: object) -> HomeopsApp:
        options: dict[str, object] = {"today": TODAY, "kdf": KdfParams.fast()}
        settings = kwargs.pop("settings", None) or Settings()
        vault = kwargs.pop("vault", None)
        if isinstance(vault, Vault):  # tests fill a vault, then the console runs the business
            options["business"] = Business(vault, settings)  # type: ignore[arg-type]
        options.update(kwargs)
        return make_app(settings, vault_path, **options)  # type: ignore[arg-type]

    return build
