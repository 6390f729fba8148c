"""`homeops keys`, and the console refusing a [keys] table that names no binding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import one_line_error

from homeops.main import main


@pytest.fixture
def config(env: dict[str, str], tmp_path: Path) -> Path:
    """Where `homeops` reads its settings with ``env`` (not written yet)."""
    path = tmp_path / "cfg/homeops/config.toml"
    path.parent.mkdir(parents=True)
    return path


@pytest.fixture
def no_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """The console draws its unlock screen before it reads the settings (issue 18 point 6):
    here headless, since the test has no terminal (which the console would refuse first:
    pretend there is one). A refused [keys] table ends it just after the first frame."""
    from homeops.tui.app import HomeopsApp

    run = HomeopsApp.run

    def headless(self: HomeopsApp, *args: object, **kwargs: object) -> object:
        assert self.start_error is None
        return run(self, headless=True)

    monkeypatch.setattr(HomeopsApp, "run", headless)
    monkeypatch.setattr("homeops.cli.start.need_terminal", lambda: None)


def test_keys_json_lists_every_binding_with_the_remap(
    env: dict[str, str], config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config.write_text('[keys]\n"board.new" = "N"\n"main.help" = "?,f2"\n')
    assert main(["keys", "--json"], env=env) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["board.new"] == {
        "id": "board.new",
        "where": "board",
        "default": "n",
        "current": "N",
        "changed": True,
        "description": "New",
    }
    assert rows["main.help"]["current"] == "?,f2" and rows["main.help"]["default"] == "?"
    assert rows["board.edit"]["current"] == "e" and rows["board.edit"]["changed"] is False
    assert rows["app.quit"]["where"] == "app" and rows["app.quit"]["default"] == "ctrl+q"
    wheres = {row["where"] for row in rows.values()}
    assert {"app", "main", "board", "ledger", "planner", "clients", "dialogs"} <= wheres
    assert [id for id, row in rows.items() if row["changed"]] == ["main.help", "board.new"]


def test_keys_prints_a_table_grouped_by_where_keys_apply(
    env: dict[str, str], config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config.write_text('[keys]\n"board.move_right" = "L,shift+right"\n')
    assert main(["keys"], env=env) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "app: everywhere" in lines and "board: the Board view and its filter" in lines
    row = next(line for line in lines if line.split()[:1] == ["board.move_right"])
    assert row.split()[1:4] == ["L", "L,shift+right", "*"]
    assert lines[-1] == f"* from [keys] in {config}"
    assert max(len(line) for line in lines[:-1]) <= 80  # the last one names the file


def test_an_unknown_binding_id_stops_the_console_with_one_line(
    env: dict[str, str],
    config: Path,
    tmp_path: Path,
    no_console: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config.write_text('[keys]\n"board.mvoe_right" = "L"\n')
    assert main(["--passphrase-file", str(tmp_path / "pf")], env=env) == 1
    line = one_line_error(capsys.readouterr().err)
    assert line == (
        f'homeops: {config}: keys."board.mvoe_right" is not a key binding '
        '(did you mean "board.move_right"?); `homeops keys` lists them'
    )


def test_two_bindings_of_one_place_on_one_key_stop_the_console(
    env: dict[str, str], config: Path, no_console: None, capsys: pytest.CaptureFixture[str]
) -> None:
    config.write_text('[keys]\n"board.new" = "e"\n')
    assert main([], env=env) == 1
    line = one_line_error(capsys.readouterr().err)
    assert '"board.new"' in line and '"board.edit"' in line and str(config) in line


def test_keys_still_lists_the_bindings_when_an_id_is_wrong(
    env: dict[str, str], config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config.write_text('[keys]\n"board.mvoe_right" = "L"\n')
    assert main(["keys"], env=env) == 1
    out, err = capsys.readouterr()
    assert any(line.split()[:1] == ["board.move_right"] for line in out.splitlines())
    assert "board.mvoe_right" in one_line_error(err)


def test_debug_shows_the_traceback_of_a_wrong_id(
    env: dict[str, str], config: Path, no_console: None
) -> None:
    from homeops.config import ConfigError

    config.write_text('[keys]\n"nope" = "x"\n')
    with pytest.raises(ConfigError):
        main(["--debug"], env=env)
