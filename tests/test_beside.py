"""The command line beside an open console (issue 18 point 3): a command typed in another
shell runs in the console's session over a private Unix socket (``homeops.beside``).

Here the server runs on an open business, without Textual; tests/tui/test_beside_console.py drives
the console itself. Amounts are hand-computed: 100,00 € split 25/15/50/10 %.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import stat
import struct
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeops.beside import client, frames, place, server
from homeops.beside.client import beside, command_and_vault, vault_path
from homeops.beside.server import BesideServer
from homeops.config import ConfigError, Settings, resolve_paths
from homeops.config.settings import CliSettings
from homeops.main import serve_beside
from homeops.services import Business
from homeops.storage.vault import KdfParams, Vault

PASSPHRASE = "plum orchid tuesday lantern"


@pytest.fixture
def runtime() -> Iterator[str]:
    """A short private runtime dir (a socket's path is limited to ~100 bytes)."""
    folder = tempfile.mkdtemp(prefix="hb")
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
    # capsys first: the server's routers wrap the streams in place when it starts
    served = BesideServer(business, business.path, env=env)
    assert served.start()
    yield served
    served.close()


def run(argv: list[str], env: dict[str, str], vault: Path) -> int | None:
    return beside([*argv, "--vault", str(vault)], env)


def total(business: Business) -> int:
    return sum(business.cashbook.balances().values())


# -- finding the console ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "variables"),
    [
        (None, {}),
        ("v.hops", {}),
        ("~/v.hops", {}),
        (None, {"HOMEOPS_VAULT": "/srv/x.hops"}),
        (None, {"HOMEOPS_VAULT": "~/y.hops"}),
        ("/a/b.hops", {"HOMEOPS_VAULT": "/srv/x.hops"}),
        (None, {"XDG_DATA_HOME": "/data"}),
        (None, {"XDG_DATA_HOME": "relative/ignored"}),
    ],
)
def test_the_client_finds_the_vault_the_command_line_would_open(
    flag: str | None, variables: dict[str, str]
) -> None:
    env = {"HOME": "/home/camille", **variables}
    expected = resolve_paths(None, flag, env)[2]
    assert vault_path(flag, env) == str(expected)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["income", "100"], ("income", None)),
        (["--vault", "v.hops", "income", "5"], ("income", "v.hops")),
        (["--vault=v.hops", "balance"], ("balance", "v.hops")),
        (["balance", "--vault", "v.hops"], ("balance", "v.hops")),
        (["--passphrase-file", "pp", "--debug"], (None, None)),
        ([], (None, None)),
    ],
)
def test_command_and_vault(argv: list[str], expected: tuple[str | None, str | None]) -> None:
    assert command_and_vault(argv) == expected


def test_socket_is_private_and_named_by_the_real_path(
    serving: BesideServer, business: Business, env: dict[str, str], tmp_path: Path
) -> None:
    info = os.lstat(serving.path)
    assert stat.S_ISSOCK(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600
    assert stat.S_IMODE(os.lstat(os.path.dirname(serving.path)).st_mode) == 0o700
    (tmp_path / "link.hops").symlink_to(business.path)
    assert place.socket_path(tmp_path / "link.hops", env) == serving.path


# -- serving ---------------------------------------------------------------------------------


def test_a_write_runs_in_the_open_session(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["income", "100", "--date", "2026-11-30"], env, business.path) == 0
    out = capsys.readouterr().out
    assert "income of 100,00\xa0€ recorded on 2026-11-30" in out
    assert business.cashbook.balances() == {
        "taxes": 2500,
        "costs": 1500,
        "pay": 5000,
        "cushion": 1000,
    }
    assert run(["balance", "--json"], env, business.path) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["total"] == 10000 and listed["envelopes"]["pay"] == 5000
    assert not business.read_only and business.counts()["ledger"] == 4  # still open


def test_the_served_change_is_reported(
    business: Business, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    changes: list[int] = []
    served = BesideServer(business, business.path, env=env, changed=lambda: changes.append(1))
    assert served.start()
    try:
        assert run(["balance"], env, business.path) == 0
        assert changes == []  # a read changes nothing
        assert run(["income", "100"], env, business.path) == 0
        assert changes == [1]
    finally:
        served.close()


@pytest.mark.parametrize("argv", [["passwd"], ["import", "x.json"], ["restore", "b.hops"]])
def test_commands_that_need_a_terminal_are_refused(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(argv, env, business.path) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "use the console, or close it" in err
    assert business.counts().get("ledger", 0) == 0


def test_user_errors_are_one_line_and_record_nothing(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["income", "-5"], env, business.path) == 1
    assert capsys.readouterr().err.count("\n") == 1
    assert run(["income", "--bogus"], env, business.path) == 2  # usage, as argparse says
    assert "usage:" in capsys.readouterr().err
    assert total(business) == 0


def test_an_erasure_never_prompts_beside_the_console(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["client", "add", "acme"], env, business.path) == 0
    capsys.readouterr()
    assert run(["client", "erase", "acme"], env, business.path) == 1  # no terminal: --yes
    assert "--yes" in capsys.readouterr().err
    assert business.clients.aliases() == {"acme"}  # nothing erased


def test_paths_are_taken_from_the_folder_the_command_was_typed_in(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    where = tmp_path / "typed-here"
    where.mkdir()
    monkeypatch.chdir(where)
    assert beside(["export", "--format", "csv", "--out", "ledger.csv"], {
        **env, "HOMEOPS_VAULT": os.path.relpath(business.path, where)}) == 0  # fmt: skip
    assert (where / "ledger.csv").is_file()
    assert stat.S_IMODE((where / "ledger.csv").stat().st_mode) == 0o600


def test_commands_that_never_need_the_vault_run_here(
    serving: BesideServer, business: Business, env: dict[str, str]
) -> None:
    for argv in (["config"], ["keys"], ["demo"], ["init"], ["check"], []):
        assert run(argv, env, business.path) is None


def test_another_vault_is_left_to_the_command_line(
    serving: BesideServer, business: Business, env: dict[str, str], tmp_path: Path
) -> None:
    assert run(["balance"], env, tmp_path / "other.hops") is None


# -- stopping, stale sockets, the setting ----------------------------------------------------


def test_the_socket_goes_when_serving_stops(
    business: Business, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    served = BesideServer(business, business.path, env=env)
    assert served.start() and os.path.exists(served.path)
    served.close()
    assert not os.path.lexists(served.path)
    assert run(["balance"], env, business.path) is None  # the command line opens it itself


def test_a_stale_socket_falls_back_and_is_replaced(
    business: Business, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = place.socket_path(business.path, env)
    assert place.private_folder(os.path.dirname(path), create=True)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)  # a console killed -9: its socket file stays, nothing listens
    dead.close()
    assert run(["balance"], env, business.path) is None
    served = BesideServer(business, business.path, env=env)
    assert served.start()
    try:
        assert run(["balance"], env, business.path) == 0
    finally:
        served.close()


def test_a_planted_file_or_an_open_folder_is_refused(
    business: Business, env: dict[str, str]
) -> None:
    path = place.socket_path(business.path, env)
    folder = os.path.dirname(path)
    assert place.private_folder(folder, create=True)
    os.symlink("/tmp", path)  # a planted link, never followed
    assert not BesideServer(business, business.path, env=env).start()
    assert run(["balance"], env, business.path) is None
    os.unlink(path)
    os.chmod(folder, 0o755)
    assert not BesideServer(business, business.path, env=env).start()
    assert not os.path.lexists(path)


def test_a_folder_that_is_a_link_is_refused(
    business: Business, runtime: str, tmp_path: Path
) -> None:
    os.symlink(tmp_path, os.path.join(runtime, "homeops"))
    env = {"XDG_RUNTIME_DIR": runtime}
    assert not BesideServer(business, business.path, env=env).start()


def test_a_read_only_session_does_not_serve(tmp_path: Path, env: dict[str, str]) -> None:
    path = tmp_path / "ro.hops"
    Vault.create(path, PASSPHRASE, kdf=KdfParams.fast()).close()
    with Business(Vault.open(path, PASSPHRASE, read_only=True), Settings()) as business:
        assert not BesideServer(business, path, env=env).start()


def test_the_setting_turns_it_off(tmp_path: Path) -> None:
    assert serve_beside(Settings(cli=CliSettings(beside_console=False)), tmp_path) is None
    assert serve_beside(Settings(), tmp_path) is not None  # on by default


def test_the_setting_is_read_from_the_file(tmp_path: Path) -> None:
    from homeops.config import load_settings

    path = tmp_path / "config.toml"
    path.write_text("[cli]\nbeside_console = false\n", encoding="utf-8")
    assert load_settings(path).settings.cli.beside_console is False
    path.write_text('[cli]\nbeside_console = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cli\.beside_console"):
        load_settings(path)


# -- hostile peers ---------------------------------------------------------------------------


def _raw(path: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(5)
    sock.connect(path)
    return sock


def _answer(sock: socket.socket) -> bytes:
    """What the server says back: nothing (closed, or reset with our bytes unread)."""
    ready = frames.encoded(server.READY)  # the server's hello: not an answer to what we sent
    try:
        said = sock.recv(100)
        if said.startswith(ready):
            said = said[len(ready) :] or sock.recv(100)
        return said
    except ConnectionResetError:
        return b""
    finally:
        sock.close()


@pytest.mark.parametrize(
    "sent",
    [
        b"garbage that is not a frame",
        struct.pack(">I", 1 << 31) + b"{}",  # a 2 GiB length
        struct.pack(">I", 5) + b"\xff\xfe{}x",  # not JSON
        struct.pack(">I", 2) + b"[]",  # not an object
        struct.pack(">I", 10) + b'{"v": 99}',  # another version (cut short too)
    ],
)
def test_hostile_frames_get_no_answer_and_the_server_goes_on(
    serving: BesideServer, business: Business, env: dict[str, str], sent: bytes
) -> None:
    sock = _raw(serving.path)
    sock.sendall(sent)
    sock.shutdown(socket.SHUT_WR)
    answer = _answer(sock)  # nothing, or (a length too big) the refusal: never run
    assert answer == b"" or b"could not be handed" in answer
    assert run(["balance"], env, business.path) == 0


@pytest.mark.parametrize(
    "request_",
    [
        {"v": 1, "argv": "income 5", "cwd": "/", "env": {}, "columns": 0,
         "stdout_tty": False, "stderr_tty": False},
        {"v": 1, "argv": ["income", "5"], "cwd": "relative", "env": {}, "columns": 0,
         "stdout_tty": False, "stderr_tty": False},
        {"v": 1, "argv": ["income", "5"], "cwd": "/", "env": {"LD_PRELOAD": "x"},
         "columns": 0, "stdout_tty": False, "stderr_tty": False},
        {"v": 1, "argv": ["x"] * 5000, "cwd": "/", "env": {}, "columns": 0,
         "stdout_tty": False, "stderr_tty": False},
    ],
)  # fmt: skip
def test_requests_out_of_shape_are_dropped(request_: dict[str, object]) -> None:
    assert server.checked(request_) is None


def test_a_slow_peer_is_dropped_and_others_are_served(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server, "REQUEST_SECONDS", 0.3)
    slow = _raw(serving.path)
    slow.sendall(struct.pack(">I", 100) + b'{"v"')  # then nothing: a slow loris
    assert run(["balance"], env, business.path) == 0  # served meanwhile
    assert _answer(slow) == b""  # dropped at the deadline: closed without an answer


def test_another_user_gets_no_answer(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server.frames, "peer_uid", lambda sock: os.getuid() + 1)
    sock = _raw(serving.path)
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # closed on us at once
        frames.send(sock, {"v": 1, "argv": ["income", "5"], "cwd": "/", "env": {}})
    assert _answer(sock) == b""
    assert total(business) == 0


def test_the_peer_is_this_user() -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        assert frames.peer_uid(left) in (None, os.getuid())


def test_the_client_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import homeops.main\n"
        "from homeops.beside.client import beside\n"
        "beside(['balance'], {'XDG_RUNTIME_DIR': '/nonexistent'})\n"
        "print(sorted(m for m in ('textual', 'cryptography', 'tinydb', 'homeops.cli',"
        " 'homeops.config', 'homeops.services') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert {"demo", "config"} <= client.LOCAL


def test_a_bug_is_one_line_and_debug_sends_the_traceback_to_the_asker(
    serving: BesideServer,
    business: Business,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> dict[str, int]:
        raise RuntimeError("decrypted words that must not be shown")

    monkeypatch.setattr(business.cashbook, "balances", broken)
    assert run(["balance"], env, business.path) == 1
    err = capsys.readouterr().err
    assert err == "homeops: unexpected error (RuntimeError); --debug shows where\n"
    assert run(["balance", "--debug"], env, business.path) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError" in err
    assert run(["income", "100"], env, business.path) == 0  # still serving


def test_sockets_left_by_killed_consoles_are_swept(
    business: Business, env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = place.folder(env)
    assert place.private_folder(folder, create=True)
    stale = os.path.join(folder, "0" * 24 + ".sock")
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(stale)
    dead.close()
    young = os.path.join(folder, "1" * 24 + ".sock")
    dying = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dying.bind(young)
    dying.close()
    os.utime(stale, (time.time() - 60, time.time() - 60))  # killed a minute ago
    other = Vault.create(tmp_path / "other.hops", PASSPHRASE, kdf=KdfParams.fast())
    with Business(other, Settings()) as live:
        alive = BesideServer(live, live.path, env=env)
        assert alive.start()
        os.utime(alive.path, (time.time() - 60, time.time() - 60))
        served = BesideServer(business, business.path, env=env)
        assert served.start()
        try:
            deadline = time.monotonic() + 5
            while os.path.lexists(stale) and time.monotonic() < deadline:
                time.sleep(0.02)
            assert not os.path.lexists(stale)
            assert os.path.lexists(young)  # too recent to judge
            assert os.path.exists(alive.path)  # another console, serving
            assert run(["balance"], env, live.path) == 0
        finally:
            served.close()
            alive.close()
