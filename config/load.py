"""Read, validate, write and describe ``config.toml``.

The file holds values the way people write them (percent, hours, ``"600.00"``); ``Settings``
holds internal units (basis points, minutes, cents). Every key may be left out: the default is
used and ``LoadedSettings.sources`` says so. A bad value raises ``ConfigError`` with one line
naming the key, the value and what is allowed; nothing is half-loaded.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import tomli_w
from dateutil.rrule import rrule, rrulestr

from homeops.config.files import write_private_text
from homeops.config.keys import SECTION as KEYS_SECTION
from homeops.config.keys import dump_keys, keys_toml, parse_keys
from homeops.config.settings import (
    LOCALES,
    WEEKDAYS,
    WIP_MODES,
    BackupSettings,
    BoardSettings,
    CapacitySettings,
    KeySettings,
    MoneySettings,
    PayoutSettings,
    PrivacySettings,
    ResponseWindow,
    SessionSettings,
    Settings,
    UiSettings,
)
from homeops.config.toml_text import toml_key as _toml_key
from homeops.config.toml_text import toml_value
from homeops.rules.money import parse_amount
from homeops.rules.text import LINE_MAX, NAME_MAX, line_problem

DEFAULT_SOURCE = "default"


class ConfigError(Exception):
    """A config file that cannot be used; ``str()`` is one line for the user."""


@dataclass(frozen=True)
class LoadedSettings:
    """Settings as loaded, where they came from (``sources``: dotted key -> "default" or path)."""

    settings: Settings
    path: Path
    sources: dict[str, str]


class _Bad(Exception):
    """A value is wrong; carries the 'what is allowed' part. The loader adds key and value.

    ``bare``: the message reads "<key> <allowed>"; ``key_only``: the same plus "(got <value>)";
    ``key``/``value``: the fault is in one entry of a table; ``item``: in one item of a list.
    """

    def __init__(
        self,
        allowed: str,
        *,
        bare: bool = False,
        key_only: bool = False,
        key: str | None = None,
        value: object = None,
        item: object = None,
    ) -> None:
        super().__init__(allowed)
        self.allowed = allowed
        self.bare = bare
        self.key_only = key_only
        self.sub_key = key
        self.sub_value = value
        self.item = item


# --- value checkers: raw TOML value -> internal value, or _Bad(allowed) --------------------


def _int_in(low: int, high: int | None, what: str) -> Callable[[object], int]:
    def check(raw: object) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise _Bad(what)
        if raw < low or (high is not None and raw > high):
            raise _Bad(what)
        return raw

    return check


def _str_list(raw: object, what: str, most: int = NAME_MAX) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(s, str) and s.strip() for s in raw):
        raise _Bad(what)
    for item in raw:
        _plain(item, most, item=item)
    return tuple(s.strip() for s in raw)


def _plain(
    text: str, most: int = NAME_MAX, *, key: str | None = None, value: object = None,
    item: object = None,
) -> None:  # fmt: skip
    """A name from the settings shows on every screen: one line of plain text, bounded."""
    if line_problem(text, "the text", most):
        allowed = f"must be one line of plain text of at most {most} characters"
        raise _Bad(allowed, key=key, value=value, item=item)


def _percent_bp(raw: object) -> int:
    """Percent (int, float or string) -> basis points, through Decimal, at most 2 decimals."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise TypeError
    try:
        bp = Decimal(str(raw)) * 100
    except InvalidOperation as exc:
        raise TypeError from exc
    if bp != bp.to_integral_value() or not 0 <= bp <= 10000:
        raise ValueError
    return int(bp)


def _stages(raw: object) -> tuple[str, ...]:
    stages = _str_list(raw, 'must be a list of stage names, e.g. ["Brief", "Delivered"]')
    if not stages:
        raise _Bad("the board needs at least one stage")
    seen: set[str] = set()
    for stage in stages:
        if stage in seen:
            raise _Bad(
                f"has {json.dumps(stage, ensure_ascii=False)} twice; stage names must be unique",
                bare=True,
            )
        seen.add(stage)
    return stages


def _checklist(raw: object) -> tuple[str, ...]:
    return _str_list(raw, "must be a list of checklist items (text)", LINE_MAX)


def _wip_limits(raw: object) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise _Bad('must be a table of stage = limit, e.g. { "First draft" = 3 }')
    limits: dict[str, int] = {}
    for stage, limit in raw.items():
        _plain(stage, key=stage, value=limit)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise _Bad("must be a whole number of missions, at least 1", key=stage, value=limit)
        limits[stage] = limit
    return limits


def _choice(options: tuple[str, ...]) -> Callable[[object], str]:
    def check(raw: object) -> str:
        if raw not in options:
            raise _Bad("must be one of: " + ", ".join(toml_value(o) for o in options))
        return str(raw)

    return check


def _currency(raw: object) -> str:
    if not (isinstance(raw, str) and len(raw) == 3 and raw.isascii() and raw.isalpha()):
        raise _Bad('must be a 3-letter ISO 4217 currency code such as "EUR"')
    return raw.upper()


def _shares(raw: object) -> dict[str, int]:
    if not isinstance(raw, dict) or not raw:
        raise _Bad("must be a table of envelope = percent, e.g. { taxes = 25, pay = 75 }")
    shares: dict[str, int] = {}
    for name, percent in raw.items():
        _plain(name, key=name, value=percent)
        try:
            shares[name] = _percent_bp(percent)
        except (TypeError, ValueError):
            raise _Bad(
                "must be a percent from 0 to 100 with at most 2 decimals", key=name, value=percent
            ) from None
    total = sum(shares.values())
    if total != 10000:
        shown = Decimal(total) / 100
        raise _Bad(f"add up to {shown.normalize():f} %; they must add up to 100 %", key_only=True)
    return shares


def _rrule(raw: object) -> str:
    allowed = "not an RRULE dateutil can parse (example: FREQ=WEEKLY;BYDAY=FR)"
    if not isinstance(raw, str) or not raw.strip():
        raise _Bad(allowed)
    try:
        # a fixed start keeps validation independent of today's date
        rule = rrulestr(raw, dtstart=datetime(2000, 1, 3))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        raise _Bad(allowed) from None
    # rrulestr also builds sets (EXDATE...) and accepts INTERVAL=0 or negative; a payout needs
    # one plain rule that moves forward
    if not isinstance(rule, rrule) or getattr(rule, "_interval", 1) < 1:
        raise _Bad(allowed)
    return raw


def _amount(raw: object) -> int:
    allowed = 'must be an amount such as "600.00" or "1 200,50", zero or more'
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise _Bad(allowed)
    try:
        cents = parse_amount(str(raw))
    except ValueError as exc:
        raise _Bad(f"{allowed} ({exc})") from None
    if cents < 0:
        raise _Bad(allowed)
    return cents


def _hours_to_minutes(raw: object, most: int = 24) -> int:
    """Hours (int or float, 0 to ``most``) -> whole minutes, rounded to the nearest minute."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError
    hours = Decimal(str(raw))
    if not hours.is_finite() or not 0 <= hours <= most:
        raise ValueError
    return int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def _focus_hours(raw: object) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise _Bad("must be a table of weekday = hours, e.g. { mon = 4, fri = 3 }")
    minutes = dict(CapacitySettings().focus_minutes)  # days left out keep their default
    for day, hours in raw.items():
        if day not in WEEKDAYS:
            raise _Bad("not a weekday; use " + ", ".join(WEEKDAYS), key=day, value=hours)
        try:
            minutes[day] = _hours_to_minutes(hours)
        except ValueError:
            raise _Bad("must be a number of hours from 0 to 24", key=day, value=hours) from None
    return minutes


def _non_billable(raw: object) -> int:
    try:
        return _percent_bp(raw)
    except (TypeError, ValueError):
        raise _Bad("must be a percent from 0 to 100 with at most 2 decimals") from None


def _clock(text: str) -> time:
    hh, sep, mm = text.partition(":")
    if not (sep and len(hh) == 2 and len(mm) == 2 and hh.isdigit() and mm.isdigit()):
        raise ValueError
    return time(int(hh), int(mm))


def _windows(raw: object) -> tuple[ResponseWindow, ...]:
    what = 'must be a list of "HH:MM-HH:MM" with start before end, e.g. ["10:00-10:30"]'
    if not isinstance(raw, list):
        raise _Bad(what)
    windows = []
    for item in raw:
        if not isinstance(item, str):
            raise _Bad(what)
        start, sep, end = item.partition("-")
        try:
            window = ResponseWindow(_clock(start.strip()), _clock(end.strip()))
        except ValueError:
            raise _Bad(what, item=item) from None
        if not sep or window.start >= window.end:
            raise _Bad(what, item=item)
        windows.append(window)
    return tuple(windows)


def _reserve_hours(raw: object) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise _Bad("must be a table of category = hours a week, e.g. { admin = 2, learning = 1 }")
    minutes: dict[str, int] = {}
    for category, hours in raw.items():
        _plain(category, key=category, value=hours)
        try:
            value = _hours_to_minutes(hours, 168)
        except ValueError:
            raise _Bad(
                "must be a number of hours a week from 0 to 168", key=category, value=hours
            ) from None
        if not category.strip():
            raise _Bad("a category needs a name", key=category, value=hours)
        minutes[category] = value
    return minutes


def _allowance(raw: object) -> int:
    try:
        return _percent_bp(raw)
    except (TypeError, ValueError):
        raise _Bad("must be a percent of the estimate from 0 to 100") from None


def _block_hours(raw: object) -> int:
    try:
        return _hours_to_minutes(raw, 8)
    except ValueError:
        raise _Bad("must be a number of hours from 0 to 8, e.g. 0.5") from None


def _minutes_to_hours_value(minutes: int) -> int | float:
    return minutes // 60 if minutes % 60 == 0 else float(Decimal(minutes) / 60)


def _boolean(raw: object) -> bool:
    if not isinstance(raw, bool):
        raise _Bad("must be true or false")
    return raw


_YEARS = _int_in(0, None, "must be a whole number of years, 0 or more")


@dataclass(frozen=True)
class _Key:
    """One TOML key: the Settings field it fills, its checker, and how to write it back."""

    field: str
    parse: Callable[[object], Any]
    dump: Callable[[Any], Any] = lambda v: v


def _minutes_to_hours(minutes: dict[str, int]) -> dict[str, int | float]:
    out: dict[str, int | float] = {}
    for day, m in minutes.items():
        # whole hours stay ints; others become the float closest to m/60 (re-read rounds to m)
        out[day] = m // 60 if m % 60 == 0 else float(Decimal(m) / 60)
    return out


def _bp_to_percent(bp: int) -> int | float:
    return bp // 100 if bp % 100 == 0 else float(Decimal(bp) / 100)


def _amount_text(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


_SCHEMA: dict[str, tuple[type, dict[str, _Key]]] = {
    "board": (
        BoardSettings,
        {
            "stages": _Key("stages", _stages, list),
            "quality_checklist": _Key("quality_checklist", _checklist, list),
            "wip_limits": _Key("wip_limits", _wip_limits, dict),
            "wip_mode": _Key("wip_mode", _choice(WIP_MODES)),
        },
    ),
    "money": (
        MoneySettings,
        {
            "currency": _Key("currency", _currency),
            "locale": _Key("locale", _choice(LOCALES)),
            "shares": _Key(
                "shares_bp", _shares, lambda s: {k: _bp_to_percent(v) for k, v in s.items()}
            ),
            "cushion_target_months": _Key(
                "cushion_target_months",
                _int_in(0, None, "must be a whole number of months, 0 or more"),
            ),
            "payment_terms_days": _Key(
                "payment_terms_days",
                _int_in(0, None, "must be a whole number of days, 0 or more"),
            ),
        },
    ),
    "payout": (
        PayoutSettings,
        {
            "rule": _Key("rule", _rrule),
            "amount": _Key("amount_cents", _amount, _amount_text),
        },
    ),
    "capacity": (
        CapacitySettings,
        {
            "focus_hours": _Key("focus_minutes", _focus_hours, _minutes_to_hours),
            "non_billable_share": _Key("non_billable_bp", _non_billable, _bp_to_percent),
            "response_windows": _Key("response_windows", _windows, lambda ws: [str(w) for w in ws]),
            "reserve_hours": _Key(
                "reserve_minutes",
                _reserve_hours,
                lambda r: {k: _minutes_to_hours_value(v) for k, v in r.items()},
            ),
            "revision_allowance": _Key("revision_allowance_bp", _allowance, _bp_to_percent),
            "min_block_hours": _Key("min_block_minutes", _block_hours, _minutes_to_hours_value),
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
    "session": (
        SessionSettings,
        {
            "auto_lock_minutes": _Key(
                "auto_lock_minutes",
                _int_in(0, 1440, "must be whole minutes from 0 (off) to 1440"),
            ),
        },
    ),
    "backups": (
        BackupSettings,
        {"keep": _Key("keep", _int_in(1, None, "must be a whole number of backups, at least 1"))},
    ),
    "ui": (UiSettings, {"animations": _Key("animations", _boolean)}),
}


def _message(dotted: str, raw: object, bad: _Bad) -> str:
    """One line: '<dotted key> = <value>: <what is allowed>' in the shape that reads best."""
    b = bad
    if b.sub_key is not None:
        return f"{dotted}.{_toml_key(b.sub_key)} = {toml_value(b.sub_value)}: {b.allowed}"
    if b.key_only:
        return f"{dotted} {b.allowed} (got {toml_value(raw)})"
    if b.bare:
        return f"{dotted} {b.allowed}"
    if b.item is not None:
        return f"{dotted} has {toml_value(b.item)}: {b.allowed}"
    return f"{dotted} = {toml_value(raw)}: {b.allowed}"


def settings_from_toml(data: Mapping[str, Any], origin: str) -> tuple[Settings, dict[str, str]]:
    """Build ``Settings`` from parsed TOML; return it with the source of each dotted key.

    Raises ``ValueError`` with a one-line message (without the file name) for a bad value.
    """
    sections: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name in data:
        if name not in _SCHEMA and name != KEYS_SECTION:
            known = ", ".join([*_SCHEMA, KEYS_SECTION])
            raise ValueError(f"unknown section [{name}]; known: {known}")
    for name, (cls, keys) in _SCHEMA.items():
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise ValueError(f"{name} = {toml_value(table)}: must be a table [{name}]")
        for key in table:
            if key not in keys:
                raise ValueError(f"unknown setting {name}.{key}; known: {', '.join(keys)}")
        values: dict[str, Any] = {}
        for key, spec in keys.items():
            dotted = f"{name}.{key}"
            if key not in table:
                sources[dotted] = DEFAULT_SOURCE
                continue
            try:
                values[spec.field] = spec.parse(table[key])
            except _Bad as bad:
                raise ValueError(_message(dotted, table[key], bad)) from None
            sources[dotted] = origin
        sections[name] = cls(**values)
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
    stages = settings.board.stages
    for stage, limit in settings.board.wip_limits.items():
        if stage not in stages:
            known = ", ".join(json.dumps(s, ensure_ascii=False) for s in stages)
            raise ValueError(
                f"board.wip_limits.{_toml_key(stage)} = {limit}: "
                f"{json.dumps(stage, ensure_ascii=False)} is not a stage; stages: {known}"
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
    not TOML, or holds a bad value.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(f"{path}: cannot read: {reason}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {_one_line(str(exc))}") from None
    try:
        settings, sources = settings_from_toml(data, str(path))
    except ValueError as exc:
        raise ConfigError(f"{path}: {_one_line(str(exc))}") from None
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
    body = tomli_w.dumps(doc) + "\n" + keys_toml(settings.keys.bindings)
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
