"""homeops settings: typed defaults, the TOML file, and where files live."""

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
