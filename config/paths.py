"""Where the config file and the vault live: flag > environment variable > XDG default.

Every function takes the environment as a ``Mapping`` so tests never read the real one; ``~`` is
expanded with ``env["HOME"]`` (the real home only when ``HOME`` is not in ``env``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

CONFIG_ENV = "HOMEOPS_CONFIG"
VAULT_ENV = "HOMEOPS_VAULT"


def _home(env: Mapping[str, str]) -> Path:
    home = env.get("HOME")
    return Path(home) if home else Path.home()


def _expand(path: str | Path, env: Mapping[str, str]) -> Path:
    text = str(path)
    if text == "~" or text.startswith("~/"):
        return _home(env) / text[2:]
    return Path(text)


def _xdg_base(env: Mapping[str, str], variable: str, fallback: str) -> tuple[Path, str]:
    # The XDG spec says relative values are invalid and must be ignored.
    value = env.get(variable, "")
    if value and Path(value).is_absolute():
        return Path(value), variable
    return _home(env) / fallback, f"default (~/{fallback})"


def _config_default(env: Mapping[str, str]) -> tuple[Path, str]:
    base, source = _xdg_base(env, "XDG_CONFIG_HOME", ".config")
    return base / "homeops" / "config.toml", source


def _vault_default(env: Mapping[str, str]) -> tuple[Path, str]:
    base, source = _xdg_base(env, "XDG_DATA_HOME", ".local/share")
    return base / "homeops" / "vault.hops", source


def default_config_path(env: Mapping[str, str]) -> Path:
    """``$XDG_CONFIG_HOME/homeops/config.toml``, or ``~/.config/homeops/config.toml``."""
    return _config_default(env)[0]


def default_vault_path(env: Mapping[str, str]) -> Path:
    """``$XDG_DATA_HOME/homeops/vault.hops``, or ``~/.local/share/homeops/vault.hops``."""
    return _vault_default(env)[0]


def _pick(
    flag: str | Path | None,
    flag_name: str,
    env: Mapping[str, str],
    variable: str,
    default: tuple[Path, str],
) -> tuple[Path, str]:
    if flag is not None and str(flag):
        return _expand(flag, env), flag_name
    if env.get(variable):
        return _expand(env[variable], env), variable
    return default


def resolve_paths(
    config_flag: str | Path | None,
    vault_flag: str | Path | None,
    env: Mapping[str, str],
) -> tuple[Path, str, Path, str]:
    """Return ``(config_path, config_source, vault_path, vault_source)``.

    Precedence: ``--config``/``--vault`` flag, then ``HOMEOPS_CONFIG``/``HOMEOPS_VAULT``, then the
    XDG default. A source is ``"--config"``, ``"--vault"``, the variable's name, or
    ``"XDG_CONFIG_HOME"``/``"XDG_DATA_HOME"``/``"default (~/.config)"``-style for defaults.
    """
    config_path, config_source = _pick(
        config_flag, "--config", env, CONFIG_ENV, _config_default(env)
    )
    vault_path, vault_source = _pick(vault_flag, "--vault", env, VAULT_ENV, _vault_default(env))
    return config_path, config_source, vault_path, vault_source
