"""Read, validate, write and describe ``config.toml``.

The file holds values the way people write them (percent, hours, ``"600.00"``); ``Settings``
holds internal units (basis points, minutes, cents). Every key may be left out: the default is
used and ``LoadedSettings.sources`` says so. A bad value raises ``ConfigError`` with one line
naming the key, the value (cut to 60 characters) and what is allowed; nothing is half-loaded.
The checkers of each value are in ``values.py``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli_w

from homeops.config import identity as idn
from homeops.config import values as v
from homeops.config.files import write_private_text
from homeops.config.keys import SECTION as KEYS_SECTION
from homeops.config.keys import dump_keys, keys_toml, parse_keys
from homeops.config.settings import (
    AUTO_LOCK_MINUTES_MAX,
    BACKUPS_KEEP_MAX,
    CUSHION_MONTHS_MAX,
    LOCALES,
    MIN_CONTACTS_MAX,
    RETENTION_YEARS_MAX,
    WIP_MODES,
    BackupSettings,
    BoardSettings,
    CapacitySettings,
    CliSettings,
    DocumentSettings,
    KeySettings,
    MoneySettings,
    OfferSettings,
    PayoutSettings,
    PrivacySettings,
    SellerSettings,
    SessionSettings,
    Settings,
    UiSettings,
)
from homeops.config.toml_text import cut, quoted, toml_value
from homeops.config.toml_text import toml_key as _toml_key
from homeops.rules.bounds import DAYS_MAX

#: A settings file is a few kilobytes; anything past this is not one (and is not read whole).
FILE_BYTES_MAX = 1 << 20
#: tomllib reads a dotted key (``a.b.c = 1``) in time squared by its depth: 100,000 levels
#: took minutes. Each level needs a dot, so a file with fewer dots cannot nest that deep.
DOTS_MAX = 5_000

DEFAULT_SOURCE = "default"


class ConfigError(Exception):
    """A config file that cannot be used; ``str()`` is one line for the user."""


@dataclass(frozen=True)
class LoadedSettings:
    """Settings as loaded, where they came from (``sources``: dotted key -> "default" or path)."""

    settings: Settings
    path: Path
    sources: dict[str, str]


@dataclass(frozen=True)
class _Key:
    """One TOML key: the Settings field it fills, its checker, and how to write it back."""

    field: str
    parse: Callable[[object], Any]
    dump: Callable[[Any], Any] = lambda v: v


def _minutes_to_hours(minutes: dict[str, int]) -> dict[str, int | float]:
    # whole hours stay ints; others become the float closest to m/60 (re-read rounds to m)
    return {day: _minutes_to_hours_value(m) for day, m in minutes.items()}


def _minutes_to_hours_value(minutes: int) -> int | float:
    return minutes // 60 if minutes % 60 == 0 else float(Decimal(minutes) / 60)


def _bp_to_percent(bp: int) -> int | float:
    return bp // 100 if bp % 100 == 0 else float(Decimal(bp) / 100)


def _amount_text(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


_YEARS = v.int_in(
    0, RETENTION_YEARS_MAX, f"must be a whole number of years from 0 to {RETENTION_YEARS_MAX}"
)

_SCHEMA: dict[str, tuple[type, dict[str, _Key]]] = {
    "board": (
        BoardSettings,
        {
            "stages": _Key("stages", v.stages, list),
            "quality_checklist": _Key("quality_checklist", v.checklist, list),
            "wip_limits": _Key("wip_limits", v.wip_limits, dict),
            "wip_mode": _Key("wip_mode", v.choice(WIP_MODES)),
        },
    ),
    "money": (
        MoneySettings,
        {
            "currency": _Key("currency", v.currency),
            "locale": _Key("locale", v.choice(LOCALES)),
            "shares": _Key(
                "shares_bp", v.shares, lambda s: {k: _bp_to_percent(v) for k, v in s.items()}
            ),
            "cushion_target_months": _Key(
                "cushion_target_months",
                v.int_in(
                    0,
                    CUSHION_MONTHS_MAX,
                    f"must be a whole number of months from 0 to {CUSHION_MONTHS_MAX}",
                ),
            ),
            "payment_terms_days": _Key(
                "payment_terms_days",
                v.int_in(0, DAYS_MAX, f"must be a whole number of days from 0 to {DAYS_MAX:,}"),
            ),
        },
    ),
    "payout": (
        PayoutSettings,
        {
            "rule": _Key("rule", v.payout_rule),
            "amount": _Key("amount_cents", v.amount, _amount_text),
        },
    ),
    "capacity": (
        CapacitySettings,
        {
            "focus_hours": _Key("focus_minutes", v.focus_hours, _minutes_to_hours),
            "non_billable_share": _Key("non_billable_bp", v.non_billable, _bp_to_percent),
            "response_windows": _Key(
                "response_windows", v.windows, lambda ws: [str(w) for w in ws]
            ),
            "reserve_hours": _Key(
                "reserve_minutes",
                v.reserve_hours,
                lambda r: {k: _minutes_to_hours_value(v) for k, v in r.items()},
            ),
            "revision_allowance": _Key("revision_allowance_bp", v.allowance, _bp_to_percent),
            "min_block_hours": _Key("min_block_minutes", v.block_hours, _minutes_to_hours_value),
        },
    ),
    "privacy": (
        PrivacySettings,
        {
            "prospect_retention_years": _Key("prospect_retention_years", _YEARS),
            "client_retention_years": _Key("client_retention_years", _YEARS),
            "accounting_retention_years": _Key("accounting_retention_years", _YEARS),
        },
    ),
    "offers": (
        OfferSettings,
        {
            "min_contacts": _Key(
                "min_contacts",
                v.int_in(
                    1,
                    MIN_CONTACTS_MAX,
                    f"must be a whole number of people from 1 to {MIN_CONTACTS_MAX:,}",
                ),
            ),
            "reply_rate": _Key("reply_rate_bp", v.rate, _bp_to_percent),
            "meeting_rate": _Key("meeting_rate_bp", v.rate, _bp_to_percent),
        },
    ),
    "session": (
        SessionSettings,
        {
            "auto_lock_minutes": _Key(
                "auto_lock_minutes",
                v.int_in(
                    0,
                    AUTO_LOCK_MINUTES_MAX,
                    f"must be whole minutes from 0 (off) to {AUTO_LOCK_MINUTES_MAX}",
                ),
            ),
        },
    ),
    "backups": (
        BackupSettings,
        {
            "keep": _Key(
                "keep",
                v.int_in(
                    1,
                    BACKUPS_KEEP_MAX,
                    f"must be a whole number of backups from 1 to {BACKUPS_KEEP_MAX:,}",
                ),
            )
        },
    ),
    "ui": (UiSettings, {"animations": _Key("animations", v.boolean)}),
    "cli": (CliSettings, {"beside_console": _Key("beside_console", v.boolean)}),
    "seller": (  # issue 15: the identity on documents; config/identity.py checks it
        SellerSettings,
        {
            **{k: _Key(k, idn.text()) for k in ("name", "trade_name", "legal_form")},
            "address": _Key("address", idn.address, list),
            "country": _Key("country", idn.country),
            "siren": _Key("siren", idn.siren),
            "siret": _Key("siret", idn.siret),
            "vat_number": _Key("vat_number", idn.vat_number),
            "email": _Key("email", idn.email),
            "phone": _Key("phone", idn.text(40)),
            "iban": _Key("iban", idn.iban),
            "bic": _Key("bic", idn.bic),
            "late_penalty": _Key("late_penalty_bp", idn.penalty, _bp_to_percent),
            "recovery_indemnity": _Key("recovery_indemnity_cents", idn.indemnity, _amount_text),
        },
    ),
    "documents": (
        DocumentSettings,
        {
            "lang": _Key("lang", idn.lang),
            "out_dir": _Key("out_dir", idn.text(idn.PATH_MAX)),
            "ai_statement": _Key("ai_statement", idn.text(idn.STATEMENT_MAX)),
        },
    ),
}


def _key(key: str) -> str:
    """A key from the file as a message names it: quoted if TOML needs it, cut short."""
    return cut(_toml_key(key))


def _message(dotted: str, raw: object, bad: v.Bad) -> str:
    """One line: '<dotted key> = <value>: <what is allowed>' in the shape that reads best."""
    b = bad
    if b.sub_key is not None:
        return f"{dotted}.{_key(b.sub_key)} = {quoted(b.sub_value)}: {b.allowed}"
    if b.key_only:
        return f"{dotted} {b.allowed} (got {quoted(raw)})"
    if b.bare:
        return f"{dotted} {b.allowed}"
    if b.item is not None:
        return f"{dotted} has {quoted(b.item)}: {b.allowed}"
    return f"{dotted} = {quoted(raw)}: {b.allowed}"


def settings_from_toml(data: Mapping[str, Any], origin: str) -> tuple[Settings, dict[str, str]]:
    """Build ``Settings`` from parsed TOML; return it with the source of each dotted key.

    Raises ``ValueError`` with a one-line message (without the file name) for a bad value.
    """
    sections: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name in data:
        if name not in _SCHEMA and name != KEYS_SECTION:
            known = ", ".join([*_SCHEMA, KEYS_SECTION])
            raise ValueError(f"unknown section [{_key(name)}]; known: {known}")
    for name, (cls, keys) in _SCHEMA.items():
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise ValueError(f"{name} = {quoted(table)}: must be a table [{name}]")
        for key in table:
            if key not in keys:
                raise ValueError(f"unknown setting {name}.{_key(key)}; known: {', '.join(keys)}")
        found: dict[str, Any] = {}
        for key, spec in keys.items():
            dotted = f"{name}.{key}"
            if key not in table:
                sources[dotted] = DEFAULT_SOURCE
                continue
            try:
                found[spec.field] = spec.parse(table[key])
            except v.Bad as bad:
                raise ValueError(_message(dotted, table[key], bad)) from None
            sources[dotted] = origin
        if name == "documents" and "lang" not in found:  # from the money's locale
            found["lang"] = idn.lang_of(sections["money"].locale)
        sections[name] = cls(**found)
    # [keys] is the user's table of binding ids: checked here for shape, by the console for ids
    bindings = parse_keys(data.get(KEYS_SECTION, {}))
    sources.update({f"{KEYS_SECTION}.{_toml_key(i)}": origin for i in bindings})
    settings = Settings(**sections, keys=KeySettings(bindings))
    _check_across(settings)
    return settings, sources


def _check_across(settings: Settings) -> None:
    """Rules that tie two settings together."""
    capacity = settings.capacity
    reserve, focus = sum(capacity.reserve_minutes.values()), sum(capacity.focus_minutes.values())
    if reserve > focus:
        shown = toml_value(_minutes_to_hours_value(reserve))
        raise ValueError(
            f"capacity.reserve_hours add up to {shown} hours a week: more than the "
            f"{toml_value(_minutes_to_hours_value(focus))} focus hours of capacity.focus_hours"
        )
    seller = settings.seller
    if seller.siren and seller.siret and not seller.siret.startswith(seller.siren):
        raise ValueError(
            f"seller.siret = {quoted(seller.siret)}: must start with seller.siren "
            f"({quoted(seller.siren)}): a SIRET is the SIREN then the establishment"
        )
    stages = settings.board.stages
    for stage, limit in settings.board.wip_limits.items():
        if stage not in stages:
            known = ", ".join(v.quoted_name(s) for s in stages)
            raise ValueError(
                f"board.wip_limits.{_key(stage)} = {limit}: "
                f"{v.quoted_name(stage)} is not a stage; stages: {known}"
            )


def settings_to_toml(settings: Settings) -> dict[str, dict[str, Any]]:
    """``settings`` as the TOML document a user would write (percent, hours, "600.00")."""
    doc: dict[str, dict[str, Any]] = {}
    for name, (_cls, keys) in _SCHEMA.items():
        section = getattr(settings, name)
        doc[name] = {key: spec.dump(getattr(section, spec.field)) for key, spec in keys.items()}
    doc[KEYS_SECTION] = dump_keys(settings.keys.bindings)
    return doc


def as_dict(settings: Settings) -> dict[str, dict[str, Any]]:
    """JSON-ready view of ``settings`` with the file's keys and units (for ``--json``)."""
    return settings_to_toml(settings)


def load_settings(path: Path) -> LoadedSettings:
    """Read and validate the TOML file at ``path``; keys it leaves out take their default.

    Raises ``ConfigError`` (one line, starting with the path) if the file is missing, unreadable,
    larger than ``FILE_BYTES_MAX``, not TOML, nested too deep, or holds a bad value.
    """
    try:
        with path.open("rb") as file:
            raw = file.read(FILE_BYTES_MAX + 1)
        text = raw.decode("utf-8").removeprefix("\ufeff")  # a BOM, as some editors write
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(f"{path}: cannot read: {reason}") from None
    if len(raw) > FILE_BYTES_MAX:
        raise ConfigError(f"{path}: larger than 1 MiB: not a settings file")
    if raw.count(b".") > DOTS_MAX:
        raise ConfigError(
            f"{path}: holds more than {DOTS_MAX:,} dots: keys nested that deep are not settings"
        )
    deep = ConfigError(f"{path}: nested too deep: values inside values hundreds of times")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {_one_line(str(exc))}") from None
    except ValueError:  # Python's limit on the digits of an int
        raise ConfigError(f"{path}: not valid TOML: a number has too many digits") from None
    except RecursionError:  # tomllib recurses once per level of nesting
        raise deep from None
    try:
        settings, sources = settings_from_toml(data, str(path))
    except ValueError as exc:
        raise ConfigError(f"{path}: {_one_line(str(exc))}") from None
    except RecursionError:  # [keys] walks dotted keys, messages write values, by recursion
        raise deep from None
    return LoadedSettings(settings=settings, path=path, sources=sources)


def _one_line(text: str) -> str:
    return " ".join(text.split())


_HEADER = (
    "# homeops settings; see `homeops config` for what is in effect.\n"
    "# Shares and non_billable_share are percent; focus_hours are hours per weekday.\n\n"
)


def write_defaults(path: Path, settings: Settings | None = None) -> None:
    """Write the default settings (or ``settings``) to ``path`` as TOML, mode 0600.

    Creates the parent directory (0700). Overwrites ``path``; callers check it is missing first.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    settings = settings or Settings()
    doc = settings_to_toml(settings)
    del doc[KEYS_SECTION]  # written by hand: a comment, then only the keys the user changed
    # [seller] and [documents] by hand too: each key with a comment saying what to fill
    blocks = "\n".join(idn.commented_block(name, doc.pop(name)) for name in ("seller", "documents"))
    body = tomli_w.dumps(doc) + "\n" + blocks + "\n" + keys_toml(settings.keys.bindings)
    write_private_text(path, _HEADER + body)


def load_or_create(path: Path) -> tuple[LoadedSettings, bool]:
    """Load ``path``, first writing the defaults there if it does not exist (first run).

    Returns the loaded settings and whether the file was just created.
    """
    created = not path.exists()
    if created:
        try:
            write_defaults(path)
        except OSError as exc:
            raise ConfigError(
                f"{path}: cannot write the default settings: {exc.strerror}"
            ) from None
    return load_settings(path), created


def describe(
    loaded: LoadedSettings,
    vault_path: Path,
    vault_source: str,
    config_source: str = "",
) -> str:
    """Every effective setting, one per line in TOML form with its source, then the paths.

    ``money.currency = "EUR"    # default``; the source is "default" or the config file path.
    """
    doc = settings_to_toml(loaded.settings)
    rows = [
        (f"{dotted} = {toml_value(value)}", loaded.sources.get(dotted, "default"))
        for name, section in doc.items()
        for key, value in section.items()
        for dotted in [f"{name}.{_toml_key(key)}"]  # [keys] ids are quoted: keys."board.new"
    ]
    # align the source comments, but never push them past column 48 for one long list
    width = min(max(len(text) for text, _ in rows), 44)
    config_note = f"  # {config_source}" if config_source else ""
    lines = [
        f"# config file: {loaded.path}{config_note}",
        f"# vault:       {vault_path}  # {vault_source}",
        "",
    ]
    lines += [f"{text.ljust(width)}    # {source}" for text, source in rows]
    return "\n".join(lines)
