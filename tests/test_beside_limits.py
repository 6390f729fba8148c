"""The command line beside the open console at its limits (issue 18 point 3, review r18):
a screen open in the console, a full reader pool, a stopped console, long arguments, other
settings, an output that cannot be written. Each says one clear line; none says "whether
the command was recorded is unknown" for a command the console never read."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.beside import client, place, server
from homeops.beside.client import beside
from homeops.beside.server import BesideServer
from homeops.config import Settings
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "plum orchid tuesday lantern"
HANG_GUARD = 60.0  # only against a hang: none of these waits near it


@pytest.fixture
def runtime() -> Iterator[str]:
    folder = tempfile.mkdtemp(prefix="hb")  # short: a socket's path is limited
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def env(runtime: str, tmp_path: Path) -> dict[str, str]:
    return {
        "XDG_RUNTIME_DIR": runtime,
        "HOME": str(tmp_path),
        "HOMEOPS_CONFIG": str(tmp_path / "config.toml"),
    }


@pytest.fixture
def business(tmp_path: Path) -> Iterator[Business]:
    vault = Vault.create(tmp_path / "vault.hops", PASSPHRASE, kdf=KdfParams.fast())
    opened = Business(vault, Settings())
    yield opened
    opened.close()


@pytest.fixture
def serving(
    business: Business, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> Iterator[BesideServer]:
    served = BesideServer(business, business.path, env=env)
    assert served.start()
    yield served
    served.close()


def run(argv: list[str], env: dict[str, str], vault: Path) -> int | None:
    return beside([*argv, "--vault", str(vault)], env)


def total(business: Business) -> int:
    return sum(business.cashbook.balances().values())


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown" not in err and "Traceback" not in err
    return err


def test_a_screen_open_in_the_console_refuses_the_command_and_records_nothing(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    serving.screen_open = lambda: True  # a mission screen or a form holds the board
    assert run(["income", "100"], env, business.path) == 1
    assert "close it and run the command again" in one_line(capsys)
    assert total(business) == 0
    serving.screen_open = lambda: False
    assert run(["income", "100"], env, business.path) == 0
    assert total(business) == 100_00


def test_a_full_reader_pool_makes_the_newcomer_wait_not_fail(
    business: Business,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(server, "READERS", 1)
    monkeypatch.setattr(server, "REQUEST_SECONDS", 0.5)
    served = BesideServer(business, business.path, env=env)
    assert served.start()
    try:
        idle = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        idle.connect(served.path)  # sends nothing: holds the one reader until dropped
        assert run(["income", "100"], env, business.path) == 0
        idle.close()
    finally:
        served.close()
    assert total(business) == 100_00


def test_a_pool_busy_too_long_says_so_and_nothing_was_run(
    business: Business,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(server, "READERS", 1)
    monkeypatch.setattr(server, "REQUEST_SECONDS", HANG_GUARD)
    monkeypatch.setattr(client, "BUSY_SECONDS", 0.3)
    served = BesideServer(business, business.path, env=env)
    assert served.start()
    idle = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        idle.connect(served.path)
        assert run(["income", "100"], env, business.path) == 1
        assert "busy" in one_line(capsys)
    finally:
        idle.close()
        served.close()
    assert total(business) == 0


def test_a_console_that_never_reads_is_told_in_one_line(
    business: Business,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A stopped console (kill -STOP, ctrl+z before the hook runs): the kernel still accepts.
    monkeypatch.setattr(client, "TAKEN_SECONDS", 0.3)
    monkeypatch.setattr(client, "REPLY_SECONDS", 5.0)  # the old wait, shortened for the test
    path = place.socket_path(business.path, env)
    assert place.private_folder(os.path.dirname(path), create=True)
    stopped = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stopped.bind(path)
    os.chmod(path, 0o600)
    stopped.listen(4)
    try:
        assert run(["balance"], env, business.path) == 1
        assert "does not answer" in one_line(capsys)
    finally:
        stopped.close()
        os.unlink(path)


def test_an_output_that_cannot_be_written_is_one_line(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def full(stream: object, text: str) -> None:
        if text:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # > /dev/full

    monkeypatch.setattr(client, "_write", full)
    assert run(["export", "--format", "csv"], env, business.path) == 1
    err = one_line(capsys)
    assert err == "homeops: cannot write the output: No space left on device\n"


def test_notes_as_long_as_the_command_line_allows_are_served(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    notes = "n" * 17_000  # README: notes up to 20,000 characters
    assert run(["client", "add", "long-notes", "--notes", notes], env, business.path) == 0
    assert "client" in capsys.readouterr().out
    assert [c.notes for c in business.clients.list()] == [notes]


def test_a_memo_too_long_gets_the_command_lines_own_refusal(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["income", "5", "--memo", "m" * 120_000], env, business.path) == 1
    assert one_line(capsys) == "homeops: --memo is 120,000 characters long; at most 300\n"
    assert total(business) == 0


def test_a_request_too_big_to_hand_over_is_refused_in_one_line(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["income", "5", "--memo", "m" * 400_000], env, business.path) == 1
    assert "too long" in one_line(capsys)
    assert total(business) == 0


def test_other_settings_given_to_a_served_command_are_refused_not_ignored(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shares = tmp_path / "shares.toml"
    shares.write_text(
        "[money]\nshares = { taxes = 40, costs = 15, pay = 35, cushion = 10 }\n", "utf-8"
    )
    assert run(["--config", str(shares), "income", "100"], env, business.path) == 1
    assert "--config" in one_line(capsys)
    assert total(business) == 0
    same = tmp_path / "same.toml"
    same.write_text("", "utf-8")  # every default: the console's settings
    assert run(["--config", str(same), "income", "100"], env, business.path) == 0
    assert total(business) == 100_00


def test_sixteen_commands_at_once_are_all_served(
    serving: BesideServer, business: Business, env: dict[str, str]
) -> None:
    codes: list[int | None] = []

    def one() -> None:
        codes.append(run(["export", "--format", "json"], env, business.path))

    threads = [threading.Thread(target=one) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(HANG_GUARD)
    assert codes == [0] * 16
