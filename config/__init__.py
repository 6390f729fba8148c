"""homeops settings: typed defaults, the TOML file, and where files live."""

# The names load on first use: the console resolves its paths (config.paths) and draws its
# unlock screen before the settings' dataclasses and the TOML reader load (issue 18 point 6).
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from homeops.config.load import (
        ConfigError,
        LoadedSettings,
        as_dict,
        describe,
        load_or_create,
        load_settings,
        write_defaults,
    )
    from homeops.config.paths import default_config_path, default_vault_path, resolve_paths
    from homeops.config.settings import (
        BackupSettings,
        BoardSettings,
        CapacitySettings,
        DocumentSettings,
        KeySettings,
        MoneySettings,
        PayoutSettings,
        PrivacySettings,
        ResponseWindow,
        SellerSettings,
        SessionSettings,
        Settings,
        UiSettings,
    )

__all__ = [
    "BackupSettings",
    "BoardSettings",
    "CapacitySettings",
    "ConfigError",
    "DocumentSettings",
    "KeySettings",
    "LoadedSettings",
    "MoneySettings",
    "PayoutSettings",
    "PrivacySettings",
    "ResponseWindow",
    "SellerSettings",
    "SessionSettings",
    "Settings",
    "UiSettings",
    "as_dict",
    "default_config_path",
    "default_vault_path",
    "describe",
    "load_or_create",
    "load_settings",
    "resolve_paths",
    "write_defaults",
]

_HOME = {name: "load" for name in ("ConfigError", "LoadedSettings", "as_dict", "describe")}
_HOME.update({name: "load" for name in ("load_or_create", "load_settings", "write_defaults")})
_HOME.update({name: "paths" for name in ("default_config_path", "default_vault_path")})
_HOME["resolve_paths"] = "paths"


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME.get(name, 'settings')}"), name)
    globals()[name] = value
    return value
