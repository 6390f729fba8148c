"""config.toml: defaults, validation messages, round trips, path precedence, describe()."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from datetime import time
from pathlib import Path

import pytest

from homeops.config import (
    ConfigError,
    ResponseWindow,
    Settings,
    as_dict,
    default_config_path,
    default_vault_path,
    describe,
    load_or_create,
    load_settings,
    resolve_paths,
    write_defaults,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- defaults -----------------------------------------------------------------------------


def test_defaults_are_useful_on_first_run() -> None:
    s = Settings()
    assert s.board.stages[0] == "Brief"
    assert s.board.stages[-1] == "Delivered"
    assert s.board.wip_limits == {"First draft": 3}
    assert s.money.shares_bp == {"taxes": 2500, "costs": 1500, "pay": 5000, "cushion": 1000}
    assert sum(s.money.shares_bp.values()) == 10000
    assert s.payout.amount_cents == 60000
    assert s.capacity.focus_minutes["fri"] == 180
    assert s.capacity.non_billable_bp == 2500
    assert s.capacity.response_windows[0] == ResponseWindow(time(10, 0), time(10, 30))
    assert s.session.auto_lock_minutes == 15
    assert s.backups.keep == 7
    assert s.ui.animations is False


def test_defaults_round_trip_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "homeops" / "config.toml"
    write_defaults(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.path == path
    assert set(loaded.sources.values()) == {str(path)}


def test_load_or_create_writes_defaults_once(tmp_path: Path) -> None:
    path = tmp_path / "homeops" / "config.toml"
    loaded, created = load_or_create(path)
    assert created and loaded.settings == Settings()
    path.write_text('[money]\ncurrency = "USD"\n', encoding="utf-8")
    loaded, created = load_or_create(path)
    assert not created and loaded.settings.money.currency == "USD"


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, ""))
    assert loaded.settings == Settings()
    assert set(loaded.sources.values()) == {"default"}


def test_partial_file_merges_with_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[money]
shares = { taxes = 22.5, costs = 12.5, pay = 55, cushion = 10 }
[payout]
amount = "1 200,50"
[capacity]
focus_hours = { fri = 2.5, sat = 1 }
non_billable_share = 30
[session]
auto_lock_minutes = 0
""",
    )
    loaded = load_settings(path)
    s = loaded.settings
    assert s.money.shares_bp == {"taxes": 2250, "costs": 1250, "pay": 5500, "cushion": 1000}
    assert s.money.currency == "EUR"
    assert s.payout.amount_cents == 120050
    assert s.payout.rule == Settings().payout.rule
    assert s.capacity.focus_minutes == {
        "mon": 240,
        "tue": 240,
        "wed": 240,
        "thu": 240,
        "fri": 150,
        "sat": 60,
        "sun": 0,
    }
    assert s.capacity.non_billable_bp == 3000
    assert s.session.auto_lock_minutes == 0
    assert s.board == Settings().board
    assert loaded.sources["money.shares"] == str(path)
    assert loaded.sources["money.currency"] == "default"
    assert loaded.sources["board.stages"] == "default"
    assert loaded.sources["session.auto_lock_minutes"] == str(path)


def test_non_default_settings_round_trip(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[board]
stages = ["Todo", "Doing", "Done"]
wip_limits = { Doing = 2 }
wip_mode = "block"
[money]
currency = "CHF"
locale = "en"
shares = { taxes = 33.33, pay = 66.67 }
[capacity]
focus_hours = { mon = 2.0833333333333335 }
response_windows = ["09:00-09:15"]
[ui]
animations = true
""",
    )
    first = load_settings(path).settings
    again = tmp_path / "again.toml"
    write_defaults(again, first)
    assert load_settings(again).settings == first
    assert first.capacity.focus_minutes["mon"] == 125


# --- one-line errors ----------------------------------------------------------------------

PLAIN = "one line of plain text"
BAD_VALUES = [
    # Names from the settings show on every screen: text, never terminal controls.
    pytest.param(
        '[board]\nstages = ["Brief", "X\\u001b]0;pwn\\u0007"]',
        ["board.stages", PLAIN],
        id="stage-escape",
    ),
    pytest.param('[board]\nstages = ["B' + "r" * 200 + '"]', ["at most 120"], id="stage-long"),
    pytest.param(
        '[board]\nquality_checklist = ["a\\u202eb"]',
        ["quality_checklist", PLAIN],
        id="checklist-bidi",
    ),
    pytest.param(
        '[money]\nshares = { "ta\\u001bx" = 50, pay = 50 }',
        ["money.shares", PLAIN],
        id="envelope-escape",
    ),
    pytest.param(
        '[board]\nwip_limits = { "a\\nb" = 2 }', ["board.wip_limits", PLAIN], id="wip-stage-newline"
    ),
    pytest.param(
        '[capacity]\nreserve_hours = { "ad\\u0007min" = 2 }',
        ["reserve_hours", PLAIN],
        id="category-bell",
    ),
    pytest.param(
        '[board]\nstages = ["Brief", "Plan", "Plan"]',
        ['board.stages has "Plan" twice', "unique"],
        id="duplicate-stage",
    ),
    pytest.param("[board]\nstages = []", ["board.stages = []", "at least one"], id="no-stages"),
    pytest.param(
        "[board]\nstages = 3", ["board.stages = 3", "list of stage names"], id="stages-not-list"
    ),
    pytest.param(
        "[board]\nquality_checklist = [1, 2]",
        ["board.quality_checklist = [1, 2]", "list of checklist items"],
        id="checklist-not-text",
    ),
    pytest.param(
        '[board]\nwip_limits = { "Drafting" = 2 }',
        ["board.wip_limits.Drafting = 2", '"Drafting" is not a stage', '"First draft"'],
        id="wip-limit-unknown-stage",
    ),
    pytest.param(
        '[board]\nwip_limits = { "Plan" = 0 }',
        ["board.wip_limits.Plan = 0", "from 1 to 1,000"],
        id="wip-limit-zero",
    ),
    pytest.param(
        '[board]\nwip_mode = "shout"',
        ['board.wip_mode = "shout"', '"warn", "block"'],
        id="wip-mode",
    ),
    pytest.param(
        "[board]\nstagez = []",
        ["unknown setting board.stagez", "known: stages, quality_checklist, wip_limits, wip_mode"],
        id="unknown-key",
    ),
    pytest.param(
        "[boards]\nstages = []",
        ["unknown section [boards]", "known: board, money"],
        id="unknown-section",
    ),
    pytest.param("board = 3", ["board = 3", "must be a table [board]"], id="section-not-table"),
    pytest.param(
        "[money]\nshares = { taxes = 25, costs = 15, pay = 45, cushion = 10 }",
        ["money.shares add up to 95 %; they must add up to 100 %", "pay = 45"],
        id="shares-sum",
    ),
    pytest.param(
        "[money]\nshares = { taxes = 25.125, pay = 74.875 }",
        ["money.shares.taxes = 25.125", "at most 2 decimals"],
        id="share-too-precise",
    ),
    pytest.param(
        "[money]\nshares = { taxes = -5, pay = 105 }",
        ["money.shares.taxes = -5", "percent from 0 to 100"],
        id="share-negative",
    ),
    pytest.param(
        '[money]\nshares = { taxes = "a lot", pay = 75 }',
        ['money.shares.taxes = "a lot"', "percent"],
        id="share-not-number",
    ),
    pytest.param(
        '[money]\ncurrency = "EURO"',
        ['money.currency = "EURO"', "3-letter ISO 4217"],
        id="currency-length",
    ),
    pytest.param(
        '[money]\nlocale = "de_DE"', ['money.locale = "de_DE"', '"fr_FR", "en"'], id="locale"
    ),
    pytest.param(
        "[money]\npayment_terms_days = -1",
        ["money.payment_terms_days = -1", "from 0 to 3,650"],
        id="negative-terms",
    ),
    pytest.param(
        '[money]\ncushion_target_months = "3"',
        ['money.cushion_target_months = "3"', "whole number of months"],
        id="wrong-type",
    ),
    pytest.param(
        '[payout]\nrule = "FREQ=SOMETIMES"',
        [
            'payout.rule = "FREQ=SOMETIMES": not an RRULE dateutil can parse '
            "(example: FREQ=WEEKLY;BYDAY=FR)"
        ],
        id="rrule",
    ),
    pytest.param(
        '[payout]\nrule = "FREQ=WEEKLY;INTERVAL=0"',
        ['payout.rule = "FREQ=WEEKLY;INTERVAL=0"', "not an RRULE"],
        id="rrule-interval-zero",
    ),
    pytest.param(
        '[payout]\namount = "1,200"',
        ['payout.amount = "1,200"', "ambiguous"],
        id="amount-ambiguous",
    ),
    pytest.param(
        '[payout]\namount = "-5"', ['payout.amount = "-5"', "zero or more"], id="amount-negative"
    ),
    pytest.param(
        "[payout]\namount = 600.5",
        ["payout.amount = 600.5", 'such as "600.00"'],
        id="amount-float",
    ),
    pytest.param(
        "[capacity]\nfocus_hours = { mon = 25 }",
        ["capacity.focus_hours.mon = 25: must be a number of hours from 0 to 24"],
        id="focus-hours-too-many",
    ),
    pytest.param(
        "[capacity]\nfocus_hours = { mon = -1 }",
        ["capacity.focus_hours.mon = -1", "from 0 to 24"],
        id="focus-hours-negative",
    ),
    pytest.param(
        "[capacity]\nfocus_hours = { monday = 4 }",
        ["capacity.focus_hours.monday = 4", "not a weekday", "mon, tue"],
        id="focus-hours-weekday",
    ),
    pytest.param(
        "[capacity]\nnon_billable_share = 120",
        ["capacity.non_billable_share = 120", "percent from 0 to 100"],
        id="non-billable",
    ),
    pytest.param(
        '[capacity]\nresponse_windows = ["10:30-10:00"]',
        ['capacity.response_windows has "10:30-10:00"', "start before end"],
        id="window-backwards",
    ),
    pytest.param(
        '[capacity]\nresponse_windows = ["10h-11h"]',
        ['capacity.response_windows has "10h-11h"', "HH:MM-HH:MM"],
        id="window-format",
    ),
    pytest.param(
        '[capacity]\nresponse_windows = ["25:00-26:00"]',
        ['capacity.response_windows has "25:00-26:00"', "HH:MM-HH:MM"],
        id="window-hour",
    ),
    pytest.param(
        "[privacy]\nclient_retention_years = -2",
        ["privacy.client_retention_years = -2", "from 0 to 100"],
        id="negative-retention",
    ),
    pytest.param(
        "[session]\nauto_lock_minutes = 1441",
        ["session.auto_lock_minutes = 1441", "0 (off) to 1440"],
        id="auto-lock-too-long",
    ),
    pytest.param(
        "[session]\nauto_lock_minutes = true",
        ["session.auto_lock_minutes = true", "whole minutes"],
        id="auto-lock-bool",
    ),
    pytest.param("[backups]\nkeep = 0", ["backups.keep = 0", "from 1 to 1,000"], id="keep-zero"),
    pytest.param(
        '[ui]\nanimations = "no"', ['ui.animations = "no"', "true or false"], id="ui-bool"
    ),
    # [keys]: the shape of each entry (the console checks the ids themselves)
    pytest.param(
        '[keys]\n"board.new" = 3', ['keys."board.new" = 3', "a key, or keys"], id="keys-number"
    ),
    pytest.param(
        '[keys]\n"board.new" = true', ['keys."board.new" = true', "a key"], id="keys-bool"
    ),
    pytest.param(
        '[keys]\n"board.new" = ["n", "N"]',
        ['keys."board.new" = ["n", "N"]', "separated by commas"],
        id="keys-list",
    ),
    pytest.param(
        '[keys]\n"board.new" = ""', ['keys."board.new" = ""', "empty key name"], id="keys-empty"
    ),
    pytest.param(
        '[keys]\n"board.new" = "n,"', ['keys."board.new" = "n,"', "empty key name"], id="keys-comma"
    ),
    pytest.param('[keys]\n"board.new" = "n,,N"', ["empty key name"], id="keys-two-commas"),
    pytest.param(
        '[keys]\n"board.new" = "n, N"', ['keys."board.new" = "n, N"', "a space"], id="keys-space"
    ),
    pytest.param('[keys]\n"board.new" = "ctrl n"', ["a space"], id="keys-space-in-key"),
    pytest.param(
        '[keys]\n"board.new" = "n,n"', ['keys."board.new" = "n,n"', '"n" twice'], id="keys-twice"
    ),
    pytest.param(
        '[keys]\n"board.new" = "n"\nboard.new = "N"',
        ['keys."board.new" is given twice'],
        id="keys-two-ways",
    ),
    # every number has an upper bound (a huge one crashed `invoice send`, issue 12 review)
    pytest.param(
        "[money]\npayment_terms_days = 99999999999",
        ["money.payment_terms_days = 99999999999", "days from 0 to 3,650"],
        id="terms-huge",
    ),
    pytest.param("[money]\npayment_terms_days = 3651", ["from 0 to 3,650"], id="terms-past-bound"),
    pytest.param(
        "[money]\ncushion_target_months = 121",
        ["money.cushion_target_months = 121", "months from 0 to 120"],
        id="cushion-past-bound",
    ),
    pytest.param(
        "[privacy]\naccounting_retention_years = 8000",
        ["privacy.accounting_retention_years = 8000", "years from 0 to 100"],
        id="accounting-years-huge",
    ),
    pytest.param(
        "[privacy]\nprospect_retention_years = 101", ["from 0 to 100"], id="prospect-years"
    ),
    pytest.param(
        "[backups]\nkeep = 1001", ["backups.keep = 1001", "from 1 to 1,000"], id="keep-past-bound"
    ),
    pytest.param(
        '[board]\nwip_limits = { "Plan" = 1001 }',
        ["board.wip_limits.Plan = 1001", "from 1 to 1,000"],
        id="wip-limit-past-bound",
    ),
    pytest.param(
        "[money]\npayment_terms_days = " + "9" * 5000,
        ["not valid TOML: a number has too many digits"],
        id="number-of-5000-digits",
    ),
    pytest.param(  # Decimal overflowed: "unexpected error (Overflow)"
        '[money]\nshares = { taxes = "1e999999999", pay = 75 }',
        ['money.shares.taxes = "1e999999999"', "percent from 0 to 100"],
        id="share-overflows-decimal",
    ),
    pytest.param(
        '[capacity]\nnon_billable_share = "1e9999999999999"', ["percent"], id="non-billable-huge"
    ),
    # the payout comes back by the day at most (SECONDLY: 85 s and 1.76 GB for `plan`)
    pytest.param(
        '[payout]\nrule = "FREQ=SECONDLY"',
        ['payout.rule = "FREQ=SECONDLY": comes back more than once a day', "DAILY, WEEKLY"],
        id="payout-secondly",
    ),
    pytest.param('[payout]\nrule = "FREQ=HOURLY"', ["more than once a day"], id="payout-hourly"),
    pytest.param(
        '[payout]\nrule = "FREQ=DAILY;BYHOUR=1,2,3"',
        ['payout.rule = "FREQ=DAILY;BYHOUR=1,2,3"', "more than once a day"],
        id="payout-byhour",
    ),
    pytest.param(
        '[payout]\nrule = "FREQ=WEEKLY;BYDAY=FR;BYMINUTE=0,30"',
        ["more than once a day"],
        id="payout-byminute",
    ),
    pytest.param(
        '[payout]\nrule = "FREQ=MONTHLY;BYSECOND=1,2"',
        ["more than once a day"],
        id="payout-bysecond",
    ),
    pytest.param(
        '[payout]\nrule = "FREQ=WEEKLY\\nBYDAY=FR"', ["not an RRULE"], id="payout-two-lines"
    ),
    # every list and table has a longest length, checked before its items
    pytest.param(
        "[board]\nquality_checklist = [" + ", ".join(f'"c{i}"' for i in range(101)) + "]",
        ["board.quality_checklist has 101 items; at most 100"],
        id="checklist-101",
    ),
    pytest.param(
        "[board]\nstages = [" + ", ".join(f'"s{i}"' for i in range(21)) + "]",
        ["board.stages has 21 stages; at most 20"],
        id="stages-21",
    ),
    pytest.param(
        "[board]\nstages = [" + ", ".join(f'"s{i}"' for i in range(100_000)) + "]",
        ["board.stages has 100,000 stages; at most 20"],
        id="stages-100000",
    ),
    pytest.param(
        "[money]\nshares = { " + ", ".join(f"e{i} = 0" for i in range(20)) + ", pay = 100 }",
        ["money.shares has 21 envelopes; at most 20"],
        id="envelopes-21",
    ),
    pytest.param(
        "[capacity]\nresponse_windows = [" + ", ".join(['"10:00-10:30"'] * 21) + "]",
        ["capacity.response_windows has 21 windows; at most 20"],
        id="windows-21",
    ),
    pytest.param(
        "[capacity]\nreserve_hours = { " + ", ".join(f"c{i} = 0" for i in range(21)) + " }",
        ["capacity.reserve_hours has 21 categories; at most 20"],
        id="categories-21",
    ),
    pytest.param(
        "[board]\nwip_limits = { " + ", ".join(f"s{i} = 1" for i in range(21)) + " }",
        ["board.wip_limits has 21 limits; at most 20"],
        id="wip-limits-21",
    ),
    pytest.param(
        "[keys]\n" + "".join(f'"x.k{i}" = "n"\n' for i in range(101)),
        ["keys has more than 100 entries; at most 100"],
        id="keys-101",
    ),
    pytest.param(
        '[keys]\n"board.new" = "' + "n," * 100 + 'N"',
        ['keys."board.new"', "at most 120"],
        id="keys-too-long",
    ),
    # nesting: tomllib recursed into "unexpected error (RecursionError)"
    pytest.param(
        "[board]\nstages = " + "[" * 100_000 + "]" * 100_000,
        ["nested too deep: values inside values"],
        id="nested-arrays",
    ),
    pytest.param(
        "[keys]\nx = " + "{ a = " * 5_000 + "1" + " }" * 5_000,
        ["nested too deep: values inside values"],
        id="nested-tables",
    ),
    pytest.param(
        "[keys]\n" + ".".join(["a"] * 100_000) + ' = "n"',
        ["holds more than 5,000 dots"],
        id="nested-dotted-keys",
    ),
    # a value, a key or a name quoted in a message is cut to 60 characters
    pytest.param(
        '[money]\ncurrency = "' + "E" * 10_000 + '"',
        ['money.currency = "' + "E" * 40, "E…: must be a 3-letter"],
        id="long-value-cut",
    ),
    pytest.param(
        "[board]\n" + "k" * 10_000 + " = 1",
        ["unknown setting board." + "k" * 40, "k…; known: stages"],
        id="long-key-cut",
    ),
    pytest.param(
        "[" + "s" * 10_000 + "]", ["unknown section [sss", "s…]; known"], id="long-section"
    ),
    pytest.param(
        '[board]\nstages = ["' + "x" * 120 + '", "' + "x" * 120 + '"]',
        ['board.stages has "' + "x" * 40, "x… twice"],
        id="long-stage-twice",
    ),
    pytest.param(
        '[keys]\n"' + "b" * 10_000 + '" = 3',
        ["keys." + "b" * 40, "b… = 3: must be a key"],
        id="long-binding-id",
    ),
    pytest.param(
        "[board]\nstages = [" + ", ".join(['"' + "y" * 100 + '"'] * 3) + ", 1]",
        ['board.stages = ["' + "y" * 40, "y…: must be a list of stage names"],
        id="long-list-cut",
    ),
]

#: Longest message past the path: one line a person reads, whatever the file holds.
MESSAGE_MAX = 400


@pytest.mark.parametrize(("text", "fragments"), BAD_VALUES)
def test_bad_value_gives_one_line_error(tmp_path: Path, text: str, fragments: list[str]) -> None:
    path = write(tmp_path, text + "\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    for fragment in fragments:
        assert fragment in message
    assert "\n" not in message
    assert len(message) - len(f"{path}: ") <= MESSAGE_MAX


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[money]\ncurrency = "EUR"\nlocale = \n')
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert message.startswith(f"{path}: not valid TOML")
    assert "line 3" in message
    assert "\n" not in message


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_settings(tmp_path / "nope.toml")


# --- paths --------------------------------------------------------------------------------

HOME = {"HOME": "/home/ana"}


@pytest.mark.parametrize(
    ("config_flag", "vault_flag", "env", "expected"),
    [
        pytest.param(
            None,
            None,
            HOME,
            (
                "/home/ana/.config/homeops/config.toml",
                "default (~/.config)",
                "/home/ana/.local/share/homeops/vault.hops",
                "default (~/.local/share)",
            ),
            id="home-defaults",
        ),
        pytest.param(
            None,
            None,
            {**HOME, "XDG_CONFIG_HOME": "/xdg/c", "XDG_DATA_HOME": "/xdg/d"},
            (
                "/xdg/c/homeops/config.toml",
                "XDG_CONFIG_HOME",
                "/xdg/d/homeops/vault.hops",
                "XDG_DATA_HOME",
            ),
            id="xdg",
        ),
        pytest.param(
            None,
            None,
            {**HOME, "XDG_CONFIG_HOME": "relative/c"},
            (
                "/home/ana/.config/homeops/config.toml",
                "default (~/.config)",
                "/home/ana/.local/share/homeops/vault.hops",
                "default (~/.local/share)",
            ),
            id="relative-xdg-ignored",
        ),
        pytest.param(
            None,
            None,
            {
                **HOME,
                "XDG_CONFIG_HOME": "/xdg/c",
                "HOMEOPS_CONFIG": "/env/c.toml",
                "HOMEOPS_VAULT": "~/v.hops",
            },
            ("/env/c.toml", "HOMEOPS_CONFIG", "/home/ana/v.hops", "HOMEOPS_VAULT"),
            id="env-beats-xdg",
        ),
        pytest.param(
            "/flag/c.toml",
            Path("/flag/v.hops"),
            {**HOME, "HOMEOPS_CONFIG": "/env/c.toml", "HOMEOPS_VAULT": "/env/v.hops"},
            ("/flag/c.toml", "--config", "/flag/v.hops", "--vault"),
            id="flag-beats-env",
        ),
        pytest.param(
            "/flag/c.toml",
            None,
            {**HOME, "HOMEOPS_VAULT": "/env/v.hops"},
            ("/flag/c.toml", "--config", "/env/v.hops", "HOMEOPS_VAULT"),
            id="mixed",
        ),
    ],
)
def test_path_precedence(
    config_flag: str | Path | None,
    vault_flag: str | Path | None,
    env: dict[str, str],
    expected: tuple[str, str, str, str],
) -> None:
    config_path, config_source, vault_path, vault_source = resolve_paths(
        config_flag, vault_flag, env
    )
    assert (str(config_path), config_source, str(vault_path), vault_source) == expected


def test_default_paths() -> None:
    env = {"HOME": "/h", "XDG_DATA_HOME": "/data"}
    assert default_config_path(env) == Path("/h/.config/homeops/config.toml")
    assert default_vault_path(env) == Path("/data/homeops/vault.hops")


# --- describe and as_dict -----------------------------------------------------------------


def test_describe_names_every_setting_and_its_source(tmp_path: Path) -> None:
    path = write(tmp_path, '[money]\ncurrency = "USD"\n')
    loaded = load_settings(path)
    text = describe(loaded, Path("/v/vault.hops"), "--vault", config_source="HOMEOPS_CONFIG")
    lines = text.splitlines()
    currency = next(line for line in lines if line.startswith("money.currency"))
    assert currency.startswith('money.currency = "USD"') and currency.endswith(f"# {path}")
    locale = next(line for line in lines if line.startswith("money.locale"))
    assert locale.startswith('money.locale = "fr_FR"') and locale.endswith("# default")
    assert any(str(path) in line and "HOMEOPS_CONFIG" in line for line in lines[:2])
    assert any("/v/vault.hops" in line and "--vault" in line for line in lines[:2])
    for key in loaded.sources:
        assert any(line.startswith(f"{key} = ") for line in lines), key
    assert 'payout.amount = "600.00"' in text
    assert "capacity.focus_hours = { mon = 4," in text


def test_as_dict_is_json_ready_in_file_units() -> None:
    data = json.loads(json.dumps(as_dict(Settings())))
    assert data["money"]["shares"] == {"taxes": 25, "costs": 15, "pay": 50, "cushion": 10}
    assert data["payout"]["amount"] == "600.00"
    assert data["capacity"]["response_windows"] == ["10:00-10:30", "16:00-16:30"]
    assert set(data) == {
        "board",
        "money",
        "payout",
        "capacity",
        "privacy",
        "offers",
        "session",
        "backups",
        "ui",
        "cli",
        "seller",  # issue 15
        "documents",
        "keys",
    }
    assert data["keys"] == {}  # no key is pinned: every binding keeps its own


def test_money_rules_do_not_import_config() -> None:
    # a fresh process, so modules imported by other tests cannot hide the import
    code = (
        "import sys, homeops.rules.money\n"
        "assert 'homeops.config' not in sys.modules, 'money imported config'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
