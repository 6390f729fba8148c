"""``homeops`` alone: the console's first screen is drawn before the settings are read
(issue 18 point 6), and what the settings stop still ends the start with the one line."""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path

import pytest
from cli_helpers import one_line_error

from homeops.main import main
from homeops.tui.app import HomeopsApp


@pytest.fixture
def headless(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The console headless (no terminal here: pretend there is one); it leaves just after
    its first frame. Each item: whether the settings were read when that frame was drawn."""
    run, first_frame = HomeopsApp.run, HomeopsApp._first_frame_shown
    read_at_first_frame: list[bool] = []

    def headless_run(self: HomeopsApp, *args: object, **kwargs: object) -> object:
        return run(self, headless=True)

    def then_leave(self: HomeopsApp) -> None:
        read_at_first_frame.append(hasattr(self, "settings"))
        first_frame(self)
        self.exit(return_code=self.return_code)

    monkeypatch.setattr(HomeopsApp, "run", headless_run)
    monkeypatch.setattr(HomeopsApp, "_first_frame_shown", then_leave)
    monkeypatch.setattr("homeops.cli.start.need_terminal", lambda: None)
    return read_at_first_frame


def test_a_bad_settings_file_stops_the_console_with_the_commands_line(
    env: dict[str, str], tmp_path: Path, headless: list[bool], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("x = [\n")
    assert main(["config", "--config", str(bad)], env=env) == 1
    said = one_line_error(capsys.readouterr().err)
    assert said.startswith(f"homeops: {bad}: ")
    assert main(["--config", str(bad), "--vault", str(tmp_path / "v.hops")], env=env) == 1
    assert one_line_error(capsys.readouterr().err) == said
    assert headless == [False]  # drawn before the file was read


def test_debug_raises_the_bad_settings_files_error(
    env: dict[str, str], tmp_path: Path, headless: list[bool]
) -> None:
    from homeops.config import ConfigError

    bad = tmp_path / "bad.toml"
    bad.write_text("x = [\n")
    with pytest.raises(ConfigError):
        main(["--debug", "--config", str(bad)], env=env)


def test_the_first_run_writes_the_default_settings_once_after_the_first_frame(
    env: dict[str, str], tmp_path: Path, headless: list[bool]
) -> None:
    from homeops.config import write_defaults

    config = tmp_path / "config.toml"
    assert main(["--config", str(config), "--vault", str(tmp_path / "v.hops")], env=env) == 0
    assert headless == [False]
    expected = tmp_path / "expected.toml"
    write_defaults(expected)
    assert config.read_bytes() == expected.read_bytes()
    written = config.stat().st_mtime_ns
    assert main(["--config", str(config), "--vault", str(tmp_path / "v.hops")], env=env) == 0
    assert config.stat().st_mtime_ns == written


def test_a_vault_clash_is_refused_before_anything_is_drawn(
    env: dict[str, str], tmp_path: Path, headless: list[bool], capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    assert main(["--config", str(config), "--vault", str(config)], env=env) == 1
    assert one_line_error(capsys.readouterr().err) == (
        f"homeops: refused: --vault is the settings file ({config})"
    )
    assert headless == [] and not config.exists()


def test_an_interrupt_while_the_settings_are_read_ends_as_before_the_first_frame(
    env: dict[str, str],
    tmp_path: Path,
    headless: list[bool],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Ctrl+C (SIGINT) while the settings file is read: it is read after the first frame now,
    # inside the console's loop; the start still ends with the one line and 130, as when the
    # file was read before anything was drawn (no task traceback after it).
    def interrupted(path: Path) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr("homeops.config.load_or_create", interrupted)
    config = tmp_path / "config.toml"
    assert main(["--config", str(config), "--vault", str(tmp_path / "v.hops")], env=env) == 130
    gc.collect()  # a task left with the interrupt would say so now (asyncio's log, stderr)
    assert one_line_error(capsys.readouterr().err) == "homeops: interrupted"
    assert not [record for record in caplog.records if record.exc_info], caplog.text
    assert headless == [False]


def test_a_settings_file_that_is_no_regular_file_is_read_before_anything_is_drawn(
    env: dict[str, str], tmp_path: Path, headless: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A FIFO (or a device) may wait for a writer: read inside the console's loop, the screen
    # would hang with Ctrl+C and Ctrl+Q unanswered; read first, Ctrl+C ends the wait as ever.
    from homeops.config import load_or_create

    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    done: list[str] = []
    first_frame = HomeopsApp._first_frame_shown

    def read(path: Path) -> object:
        done.append("read")
        return load_or_create(path)

    def frame(app: HomeopsApp) -> None:
        done.append("frame")
        first_frame(app)

    def writer() -> None:
        with open(fifo, "w") as file:  # waits for the reader
            file.write("[session]\nauto_lock_minutes = 5\n")

    monkeypatch.setattr("homeops.config.load_or_create", read)
    monkeypatch.setattr(HomeopsApp, "_first_frame_shown", frame)
    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    assert main(["--config", str(fifo), "--vault", str(tmp_path / "v.hops")], env=env) == 0
    thread.join(timeout=10)
    assert done == ["read", "frame"]
